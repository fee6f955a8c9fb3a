import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/journey/calendar.js';
import { LDC_THRESHOLDS, LdcInput, planLymphodepletion, type LdcValue } from '../../src/journey/lymphodepletion.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

const INFUSION = '2026-03-10';

/** An adult with B-ALL for whom every Table 6 check passes; BSA (Mosteller) 170 cm, 70 kg = 1.82 m2. */
const READY = {
  disease: 'B-ALL',
  product: 'tisagenlecleucel',
  height: q(170, 'cm'),
  weight: q(70, 'kg'),
  ageYears: 40,
  sex: 'male',
  measuredCrcl: q(90, 'mL/min'),
  plannedInfusionDate: INFUSION,
  productStatus: 'received',
  activeInfection: false,
  spo2: q(96, '%'),
  baselineInflammatoryMarkersDone: true,
  bilirubin: q(0.8, 'mg/dL'),
  ast: q(30, 'U/L'),
  astUpperLimitOfNormal: q(40, 'U/L'),
  alt: q(30, 'U/L'),
  altUpperLimitOfNormal: q(40, 'U/L'),
  cardiacReassessmentIndicated: false,
  baselineTumorAssessmentDone: true,
} as const;

function ldc(extra: Record<string, unknown> = {}, lang: 'en' | 'zh-TW' = 'en') {
  return run<LdcValue>('lymphodepletion', { ...READY, ...extra }, lang);
}
function without(...keys: (keyof typeof READY)[]) {
  const copy: Record<string, unknown> = { ...READY };
  for (const k of keys) delete copy[k];
  return run<LdcValue>('lymphodepletion', copy);
}
const warningRules = (r: { warnings: { rule: string }[] }) => r.warnings.map((w) => w.rule);
const action = (r: ReturnType<typeof ldc>, drug: string) => r.actions.find((a) => a.drug === drug);
const item = (r: ReturnType<typeof ldc>, name: string) => r.value!.readiness.items.find((i) => i.item === name)?.status;

describe('regimens and doses (tisagenlecleucel)', () => {
  it('B-ALL: fludarabine 30 mg/m2 x 4 and cyclophosphamide 500 mg/m2 x 2 on the handbook table (days -6..-3, -6..-5)', () => {
    const r = ldc();
    expect(r.status).toBe('assessed');
    expect(r.value!.regimen).toBe('fludarabine-cyclophosphamide-all');
    expect(r.value!.bsaM2).toBe(1.82);
    expect(action(r, 'fludarabine')).toMatchObject({
      status: 'do',
      route: 'IV',
      frequency: 'daily',
      duration: 'P4D',
      dose: { value: 54.6, unit: 'mg', perUnit: { value: 30, unit: 'mg/m2' }, basedOn: { value: 1.82, unit: 'm2' }, text: '54.6 mg (30 mg/m2 × 1.82 m2)' },
    });
    expect(action(r, 'cyclophosphamide')).toMatchObject({ status: 'do', duration: 'P2D', dose: { value: 910, unit: 'mg' } });
    const calendar = r.value!.calendar;
    expect(calendar.map((d) => [d.date, d.day, d.doses.map((x) => x.drug).join('+'), d.infusion])).toEqual([
      ['2026-03-04', -6, 'fludarabine+cyclophosphamide', false],
      ['2026-03-05', -5, 'fludarabine+cyclophosphamide', false],
      ['2026-03-06', -4, 'fludarabine', false],
      ['2026-03-07', -3, 'fludarabine', false],
      ['2026-03-08', -2, '', false],
      ['2026-03-09', -1, '', false],
      ['2026-03-10', 0, '', true],
    ]);
    expect(calendar[0]!.doses[1]).toEqual({ drug: 'cyclophosphamide', status: 'do', dose: { value: 910, unit: 'mg', perUnit: { value: 500, unit: 'mg/m2' }, basedOn: { value: 1.82, unit: 'm2' } } });
    expect(r.value).toMatchObject({ ldcStartDate: '2026-03-04', ldcEndDate: '2026-03-07', daysFromLdcEndToInfusion: 3, schedule: 'within-window', ldcValidUntil: '2026-04-04' });
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['lymphodepletion.regimen-flu-cy-all', 'lymphodepletion.bsa', 'lymphodepletion.calendar-table', 'lymphodepletion.infusion-window']));
    expect(warningRules(r)).not.toContain('lymphodepletion.calendar-by-analogy');
  });

  it.each([
    ['grade 4 hemorrhagic cystitis with cyclophosphamide', { grade4HemorrhagicCystitisWithCyclophosphamide: true }],
    ['cyclophosphamide-refractory disease', { cyclophosphamideRefractory: true }],
  ])('B-ALL with %s: cytarabine 500 mg/m2 x 2 + etoposide 150 mg/m2 x 3', (_label, history) => {
    const r = ldc({ history });
    expect(r.value!.regimen).toBe('cytarabine-etoposide');
    expect(action(r, 'cytarabine')).toMatchObject({ status: 'do', duration: 'P2D', dose: { value: 910, perUnit: { value: 500 } } });
    expect(action(r, 'etoposide')).toMatchObject({ status: 'do', duration: 'P3D', dose: { value: 273, perUnit: { value: 150 } } });
    expect(action(r, 'fludarabine')).toBeUndefined();
    expect(r.value!.calendar.map((d) => [d.day, d.doses.map((x) => x.drug).join('+')])).toEqual([
      [-5, 'cytarabine+etoposide'],
      [-4, 'cytarabine+etoposide'],
      [-3, 'etoposide'],
      [-2, ''],
      [-1, ''],
      [0, ''],
    ]);
    expect(warningRules(r)).toContain('lymphodepletion.calendar-by-analogy');
  });

  it.each(['LBCL', 'FL'] as const)('%s: fludarabine 25 mg/m2 x 3 + cyclophosphamide 250 mg/m2 x 3', (disease) => {
    const r = ldc({ disease });
    expect(r.value!.regimen).toBe('fludarabine-cyclophosphamide-lymphoma');
    expect(action(r, 'fludarabine')).toMatchObject({ duration: 'P3D', dose: { value: 45.5, perUnit: { value: 25 } } });
    expect(action(r, 'cyclophosphamide')).toMatchObject({ duration: 'P3D', dose: { value: 455, perUnit: { value: 250 } } });
    expect(r.value!.calendar[0]).toMatchObject({ day: -5, date: '2026-03-05' });
    expect(r.value!.infusionWindowDays).toEqual({ min: 2, max: disease === 'FL' ? 6 : 14 });
  });

  it.each(['LBCL', 'FL'] as const)('%s with cyclophosphamide cystitis or refractoriness: bendamustine 90 mg/m2 x 2', (disease) => {
    for (const history of [{ grade4HemorrhagicCystitisWithCyclophosphamide: true }, { cyclophosphamideRefractory: true }]) {
      const r = ldc({ disease, history });
      expect(r.value!.regimen).toBe('bendamustine');
      expect(r.actions.filter((a) => a.drug !== undefined).map((a) => a.drug)).toEqual(['bendamustine']);
      expect(action(r, 'bendamustine')).toMatchObject({ duration: 'P2D', dose: { value: 163.8, perUnit: { value: 90 } } });
      expect(r.value!.calendar.map((d) => d.day)).toEqual([-4, -3, -2, -1, 0]);
    }
  });

  it('height or weight missing: cannot assess, naming the field', () => {
    const r = without('height');
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings.map((w) => [w.rule, w.field])).toEqual([['lymphodepletion.height-missing', 'height']]);
    expect(without('weight').warnings.map((w) => w.field)).toEqual(['weight']);
  });
});

describe('renal function (Table 6, §1.2)', () => {
  it.each([
    // crcl, fludarabine status, cyclophosphamide status, Table 6 item
    [90, 'do', 'do', 'pass'],
    [60, 'do', 'do', 'pass'],
    [59.9, 'consider', 'consider', 'pass'],
    [30.1, 'consider', 'consider', 'pass'],
    [30, 'consider', 'consider', 'fail'],
    [29.9, 'refused', 'consider', 'fail'],
  ])('CrCl %d mL/min: fludarabine %s, cyclophosphamide %s, Table 6 %s', (crcl, flu, cy, status) => {
    const r = ldc({ measuredCrcl: q(crcl, 'mL/min') });
    expect(action(r, 'fludarabine')?.status).toBe(flu);
    expect(action(r, 'cyclophosphamide')?.status).toBe(cy);
    expect(item(r, 'crcl')).toBe(status);
    expect(r.value!.readiness.ready).toBe(status === 'pass');
    const reduce = crcl < LDC_THRESHOLDS.crclReduceBelowMlMin;
    expect(rulesOf(r).includes('lymphodepletion.crcl-reduce-below-60')).toBe(reduce);
    if (reduce && flu !== 'refused') expect(action(r, 'fludarabine')?.limits?.map((l) => l.rule)).toEqual(['lymphodepletion.dose-reduction-per-protocol']);
    expect(warningRules(r).includes('lymphodepletion.crcl-boundary-30')).toBe(crcl === 30);
  });

  it('CrCl below 30: fludarabine refused with its reason, calendar marks it, regimen per protocol', () => {
    const r = ldc({ measuredCrcl: q(25, 'mL/min') });
    const flu = action(r, 'fludarabine')!;
    expect(flu).toMatchObject({ rule: 'lymphodepletion.fludarabine-refused', status: 'refused' });
    expect(flu.dose).toBeUndefined();
    expect(flu.refusedBecause?.[0]).toMatchObject({ rule: 'lymphodepletion.crcl-fludarabine-contraindicated', observed: 25, threshold: { comparator: '<', value: 30 } });
    expect(actionRules(r)).toContain('lymphodepletion.regimen-per-protocol');
    expect(r.value!.calendar[0]!.doses[0]).toEqual({ drug: 'fludarabine', status: 'refused' });
  });

  it('no CrCl flag on regimens without fludarabine, but Table 6 still applies', () => {
    const r = ldc({ disease: 'LBCL', history: { cyclophosphamideRefractory: true }, measuredCrcl: q(25, 'mL/min') });
    expect(action(r, 'bendamustine')?.status).toBe('do');
    expect(rulesOf(r)).not.toContain('lymphodepletion.crcl-reduce-below-60');
    expect(item(r, 'crcl')).toBe('fail');
  });

  it('adults: Cockcroft-Gault from creatinine (dosing/crcl.ts)', () => {
    // (140 - 60) x 72 / (72 x 1.0) = 80; x 0.85 for women = 68.
    const r = ldc({ measuredCrcl: undefined, ageYears: 60, sex: 'female', weight: q(72, 'kg'), creatinine: q(1, 'mg/dL') });
    expect(r.value).toMatchObject({ crclMlPerMin: 68, crclSource: 'cockcroft-gault' });
    expect(rulesOf(r)).toContain('lymphodepletion.crcl-cockcroft-gault');
  });

  it('a measured clearance wins over creatinine', () => {
    const r = ldc({ creatinine: q(3, 'mg/dL') });
    expect(r.value).toMatchObject({ crclMlPerMin: 90, crclSource: 'measured' });
  });

  it('adults without creatinine, age or sex: CrCl missing, not ready, doses to be confirmed', () => {
    const r = ldc({ measuredCrcl: undefined, sex: undefined });
    expect(item(r, 'crcl')).toBe('missing');
    expect(r.value!.readiness.missing).toEqual(['creatinine', 'sex']);
    expect(r.summary).toBe('Not ready: missing creatinine, sex (LDC 2026-03-04 to 2026-03-07, CAR-T infusion 2026-03-10)');
    expect(action(r, 'fludarabine')).toMatchObject({ status: 'consider', limits: [{ rule: 'lymphodepletion.crcl-unknown-dose' }] });
  });

  it('children: creatinine alone is not converted with the adult formula; physician review', () => {
    const r = ldc({ measuredCrcl: undefined, ageYears: 10, height: q(140, 'cm'), weight: q(32, 'kg'), creatinine: q(0.5, 'mg/dL') });
    expect(r.value!.crclMlPerMin).toBeNull();
    expect(item(r, 'crcl')).toBe('review');
    expect(r.value!.readiness.notMet).toContain('crcl');
    expect(warningRules(r)).toContain('lymphodepletion.crcl-pediatric-review');
    // BSA sqrt(140 x 32 / 3600) = 1.1155 -> 1.12 m2; fludarabine 33.6 mg.
    expect(action(r, 'fludarabine')?.dose?.value).toBe(33.6);
  });

  it('children with a measured clearance: thresholds applied, with the pediatric caveat', () => {
    const r = ldc({ ageYears: 10, measuredCrcl: q(110, 'mL/min') });
    expect(item(r, 'crcl')).toBe('pass');
    expect(warningRules(r)).toContain('lymphodepletion.crcl-pediatric-review');
  });
});

describe('infusion window and LDC validity', () => {
  // B-ALL flu/cy: 4 LDC days, so LDC ends on start + 3.
  const withGap = (gap: number, extra: Record<string, unknown> = {}) => ldc({ ldcStartDate: addDays(INFUSION, -gap - 3), ...extra });
  it.each([
    [1, 'too-soon', false],
    [2, 'within-window', true],
    [14, 'within-window', true],
    [15, 'outside-window', false],
    [28, 'outside-window', false],
    [29, 'expired', true],
  ] as const)('B-ALL: infusion %i day(s) after LDC ends: %s', (gap, schedule, ready) => {
    const r = withGap(gap);
    expect(r.value!.schedule).toBe(schedule);
    expect(r.value!.readiness.ready).toBe(ready);
    expect(r.value!.readiness.notMet.includes('schedule')).toBe(!ready);
    if (schedule !== 'expired') {
      expect(r.value!.daysFromLdcEndToInfusion).toBe(gap);
      expect(r.value!.ldcStartDate).toBe(addDays(INFUSION, -gap - 3));
      expect(r.value!.repeatLdc).toBe(false);
    }
  });

  it('FL: 2-6 days', () => {
    const flGap = (gap: number) => ldc({ disease: 'FL', ldcStartDate: addDays(INFUSION, -gap - 2) });
    expect(flGap(1).value!.schedule).toBe('too-soon');
    expect(flGap(2).value!.schedule).toBe('within-window');
    expect(flGap(6).value!.schedule).toBe('within-window');
    expect(flGap(7).value!.schedule).toBe('outside-window');
    expect(ldc({ disease: 'LBCL', ldcStartDate: addDays(INFUSION, -7 - 2) }).value!.schedule).toBe('within-window');
  });

  it('LDC overlapping the infusion date is too soon, and the calendar shows it', () => {
    const r = ldc({ ldcStartDate: addDays(INFUSION, -1) });
    expect(r.value!.schedule).toBe('too-soon');
    expect(r.value!.daysFromLdcEndToInfusion).toBe(-2);
    expect(r.value!.calendar.map((d) => d.day)).toEqual([-1, 0, 1, 2]);
  });

  it('beyond 4 weeks: repeat LDC, with the new course on the calendar', () => {
    const r = withGap(29);
    expect(r.value).toMatchObject({ schedule: 'expired', repeatLdc: true, ldcStartDate: '2026-03-04', ldcEndDate: '2026-03-07', daysFromLdcEndToInfusion: 3, ldcValidUntil: '2026-04-04' });
    expect(r.basis.find((b) => b.rule === 'lymphodepletion.ldc-expired')).toMatchObject({ observed: 29, yields: '2026-03-04' });
    expect(r.actions.find((a) => a.rule === 'lymphodepletion.repeat-ldc')?.status).toBe('do');
    expect(withGap(28).basis.find((b) => b.rule === 'lymphodepletion.ldc-valid-until')?.yields).toBe(INFUSION);
  });

  it('lymphoma: the repeat is tied to WBC above 1,000/uL', () => {
    const start = addDays(INFUSION, -29 - 2);
    const wbc = (count: number) => ({ count: q(count, '/uL'), date: addDays(INFUSION, -1) });
    const repeat = (extra: Record<string, unknown>) => ldc({ disease: 'LBCL', ldcStartDate: start, ...extra }).actions.find((a) => a.rule === 'lymphodepletion.repeat-ldc')?.status;
    expect(repeat({ wbc: wbc(1001) })).toBe('do');
    expect(repeat({ wbc: wbc(1000) })).toBe('consider');
    expect(repeat({})).toBe('do');
  });
});

describe('WBC and lymphocytes: Table 6 versus the label and the text', () => {
  const wbc = (count: number, daysBefore = 2) => ({ wbc: { count: q(count, '/uL'), date: addDays(INFUSION, -daysBefore) } });
  it('every patient gets LDC by default (Table 6)', () => {
    const r = ldc();
    expect(rulesOf(r)).toContain('lymphodepletion.ldc-all-patients');
    expect(r.value!.wbcLabelExceptionApplies).toBe(false);
    expect(actionRules(r)).not.toContain('lymphodepletion.omit-ldc-low-wbc');
    // Without a WBC the entry names no unit beside the missing value.
    expect(r.basis.find((b) => b.rule === 'lymphodepletion.ldc-all-patients')?.text).not.toMatch(/\/µL|\/uL/);
  });
  it.each([
    [999, 2, true],
    [1000, 2, false],
    [999, 7, true],
    [999, 8, false],
  ])('WBC %d/uL %d day(s) before infusion: label exception %s', (count, daysBefore, applies) => {
    const r = ldc(wbc(count, daysBefore));
    expect(r.value!.wbcLabelExceptionApplies).toBe(applies);
    expect(actionRules(r).includes('lymphodepletion.omit-ldc-low-wbc')).toBe(applies);
    expect(warningRules(r).includes('lymphodepletion.wbc-not-in-week')).toBe(daysBefore > 7);
    // LDC stays in the plan either way.
    expect(action(r, 'fludarabine')?.status).toBe('do');
    expect(rulesOf(r)).toContain('lymphodepletion.ldc-all-patients');
    if (applies) expect(r.actions.find((a) => a.rule === 'lymphodepletion.omit-ldc-low-wbc')?.status).toBe('consider');
  });
  it('WBC in 10^9/L converts (0.9 x 10^9/L = 900/uL)', () => {
    expect(ldc({ wbc: { count: q(0.9, '10*9/L'), date: INFUSION } }).value!.wbcLabelExceptionApplies).toBe(true);
  });
  it('lymphocytes below 200/uL: the text\'s skip option is shown, the plan follows Table 6', () => {
    expect(warningRules(ldc({ lymphocyteCount: q(199, '/uL') }))).toContain('lymphodepletion.alc-some-skip');
    expect(warningRules(ldc({ lymphocyteCount: q(200, '/uL') }))).not.toContain('lymphodepletion.alc-some-skip');
    expect(action(ldc({ lymphocyteCount: q(50, '/uL') }), 'fludarabine')?.status).toBe('do');
  });
});

describe('Table 6 readiness: every row, each threshold on both sides', () => {
  it('all checks pass: ready', () => {
    const r = ldc();
    expect(r.value!.readiness).toEqual({
      ready: true,
      items: ['product', 'infection', 'spo2', 'inflammatory-markers', 'bilirubin', 'liver-enzymes', 'crcl', 'cardiac', 'tumor-burden'].map((i) => ({ item: i, status: 'pass' })),
      missing: [],
      notMet: [],
    });
    expect(r.summary).toBe('LDC 2026-03-04 to 2026-03-07, CAR-T infusion 2026-03-10: ready');
    expect(rulesOf(r)).toContain('lymphodepletion.ready');
  });

  it.each([
    // CAR-T product
    ['product received', { productStatus: 'received' }, 'product', 'pass', 'lymphodepletion.product-received'],
    ['product confirmed, not received (exceptional: physician review)', { productStatus: 'release-confirmed' }, 'product', 'review', 'lymphodepletion.product-release-confirmed'],
    ['product pending', { productStatus: 'pending' }, 'product', 'fail', 'lymphodepletion.product-pending'],
    // Clinical condition
    ['no active infection', { activeInfection: false }, 'infection', 'pass', 'lymphodepletion.infection-none'],
    ['active infection', { activeInfection: true }, 'infection', 'fail', 'lymphodepletion.infection-active'],
    // SpO2 >= 92%
    ['SpO2 92%', { spo2: q(92, '%') }, 'spo2', 'pass', 'lymphodepletion.spo2-pass'],
    ['SpO2 91.9%', { spo2: q(91.9, '%') }, 'spo2', 'fail', 'lymphodepletion.spo2-fail'],
    // CRP, ferritin, LDH, metabolic profile, fibrinogen
    ['inflammatory markers done', { baselineInflammatoryMarkersDone: true }, 'inflammatory-markers', 'pass', 'lymphodepletion.inflammatory-markers-done'],
    ['inflammatory markers not done', { baselineInflammatoryMarkersDone: false }, 'inflammatory-markers', 'fail', 'lymphodepletion.inflammatory-markers-not-done'],
    // Bilirubin < 2 mg/dL; Gilbert: higher accepted
    ['bilirubin 1.99 mg/dL', { bilirubin: q(1.99, 'mg/dL') }, 'bilirubin', 'pass', 'lymphodepletion.bilirubin-pass'],
    ['bilirubin 2 mg/dL', { bilirubin: q(2, 'mg/dL') }, 'bilirubin', 'fail', 'lymphodepletion.bilirubin-fail'],
    ['bilirubin 2 mg/dL with Gilbert', { bilirubin: q(2, 'mg/dL'), gilbertSyndrome: true }, 'bilirubin', 'review', 'lymphodepletion.bilirubin-gilbert-review'],
    ['bilirubin 1.99 mg/dL with Gilbert', { bilirubin: q(1.99, 'mg/dL'), gilbertSyndrome: true }, 'bilirubin', 'pass', 'lymphodepletion.bilirubin-pass'],
    // AST/ALT <= 4 x ULN
    ['AST 160 U/L, ULN 40 (4 x ULN)', { ast: q(160, 'U/L') }, 'liver-enzymes', 'pass', 'lymphodepletion.liver-enzymes-pass'],
    ['AST 160.1 U/L, ULN 40', { ast: q(160.1, 'U/L') }, 'liver-enzymes', 'fail', 'lymphodepletion.liver-enzymes-fail'],
    ['ALT 160 U/L, ULN 40 (4 x ULN)', { alt: q(160, 'U/L') }, 'liver-enzymes', 'pass', 'lymphodepletion.liver-enzymes-pass'],
    ['ALT 160.1 U/L, ULN 40', { alt: q(160.1, 'U/L') }, 'liver-enzymes', 'fail', 'lymphodepletion.liver-enzymes-fail'],
    // Creatinine clearance > 30 mL/min
    ['CrCl 30.1 mL/min', { measuredCrcl: q(30.1, 'mL/min') }, 'crcl', 'pass', 'lymphodepletion.crcl-pass'],
    ['CrCl 30 mL/min', { measuredCrcl: q(30, 'mL/min') }, 'crcl', 'fail', 'lymphodepletion.crcl-fail'],
    // Cardiac function
    ['no cardiac reassessment needed', { cardiacReassessmentIndicated: false }, 'cardiac', 'pass', 'lymphodepletion.cardiac-not-indicated'],
    ['cardiac reassessment needed and done', { cardiacReassessmentIndicated: true, cardiacReassessmentDone: true }, 'cardiac', 'pass', 'lymphodepletion.cardiac-done'],
    ['cardiac reassessment needed, not done', { cardiacReassessmentIndicated: true, cardiacReassessmentDone: false }, 'cardiac', 'fail', 'lymphodepletion.cardiac-not-done'],
    // Tumor burden
    ['baseline tumor burden documented', { baselineTumorAssessmentDone: true }, 'tumor-burden', 'pass', 'lymphodepletion.tumor-burden-done'],
    ['baseline tumor burden not documented', { baselineTumorAssessmentDone: false }, 'tumor-burden', 'fail', 'lymphodepletion.tumor-burden-not-done'],
  ])('%s: %s %s', (_label, extra, name, status, rule) => {
    const r = ldc(extra);
    expect(item(r, name)).toBe(status);
    expect(rulesOf(r)).toContain(rule);
    expect(r.value!.readiness.ready).toBe(status === 'pass');
    if (status !== 'pass') {
      expect(r.value!.readiness.notMet).toEqual([name]);
      expect(r.summary).toBe(`Not ready: ${name} not met or under review (LDC 2026-03-04 to 2026-03-07, CAR-T infusion 2026-03-10)`);
    }
  });

  it.each([
    ['productStatus', 'product'],
    ['activeInfection', 'infection'],
    ['spo2', 'spo2'],
    ['baselineInflammatoryMarkersDone', 'inflammatory-markers'],
    ['bilirubin', 'bilirubin'],
    ['ast', 'liver-enzymes'],
    ['altUpperLimitOfNormal', 'liver-enzymes'],
    ['measuredCrcl', 'crcl'],
    ['cardiacReassessmentIndicated', 'cardiac'],
    ['baselineTumorAssessmentDone', 'tumor-burden'],
  ] as const)('%s missing: "not ready: missing %s", never ready', (field, name) => {
    const r = without(field);
    expect(r.status).toBe('assessed');
    expect(item(r, name)).toBe('missing');
    expect(r.value!.readiness.ready).toBe(false);
    const missingField = field === 'measuredCrcl' ? 'creatinine' : field;
    expect(r.value!.readiness.missing).toEqual([missingField]);
    expect(r.warnings.find((w) => w.rule === 'lymphodepletion.readiness-missing')?.field).toBe(missingField);
    expect(r.summary).toContain(`Not ready: missing ${missingField}`);
  });

  it('cardiac reassessment indicated but not recorded: missing', () => {
    const r = ldc({ cardiacReassessmentIndicated: true });
    expect(item(r, 'cardiac')).toBe('missing');
    expect(r.value!.readiness.missing).toEqual(['cardiacReassessmentDone']);
  });

  it('a failed liver enzyme decides even when the other is missing', () => {
    const copy: Record<string, unknown> = { ...READY, ast: q(500, 'U/L') };
    delete copy['alt'];
    expect(run<LdcValue>('lymphodepletion', copy).value!.readiness.items.find((i) => i.item === 'liver-enzymes')?.status).toBe('fail');
  });

  it('missing and failed together', () => {
    const r = ldc({ spo2: undefined, activeInfection: true });
    expect(r.summary).toBe('Not ready: missing spo2; infection not met or under review (LDC 2026-03-04 to 2026-03-07, CAR-T infusion 2026-03-10)');
  });
});

describe('input', () => {
  it.each([
    [{ ldcStartDate: INFUSION }, 'ldcStartDate', 'lymphodepletion.input.ldc-after-infusion'],
    [{ ldcStartDate: addDays(INFUSION, 1) }, 'ldcStartDate', 'lymphodepletion.input.ldc-after-infusion'],
    [{ wbc: { count: q(500, '/uL'), date: addDays(INFUSION, 1) } }, 'wbc.date', 'lymphodepletion.input.wbc-after-infusion'],
    [{ astUpperLimitOfNormal: q(0, 'U/L') }, 'astUpperLimitOfNormal', 'lymphodepletion.input.uln-positive'],
    [{ spo2: 95 }, 'spo2', 'input.unit-required'],
    [{ spo2: q(95, 'mg') }, 'spo2.unit', 'input.unit-not-convertible'],
    [{ spo2: q(101, '%') }, 'spo2.value', 'input.out-of-range'],
    [{ measuredCrcl: q(60, 'mL') }, 'measuredCrcl.unit', 'input.unit-not-convertible'],
    [{ measuredCrcl: q(6, 'mL/s') }, 'measuredCrcl.value', 'input.out-of-range'],
    [{ disease: 'AML' }, 'disease', 'input.invalid-value'],
    [{ product: 'axicabtagene-ciloleucel' }, 'product', 'input.invalid-value'],
    [{ plannedInfusionDate: '2026-02-29' }, 'plannedInfusionDate', 'input.invalid-format'],
  ])('%o is refused at %s (%s)', (extra, path, rule) => {
    expectInputError('lymphodepletion', { ...READY, ...extra }, path, rule);
  });
  it('SpO2 as a fraction and CrCl in mL/s convert through UCUM', () => {
    expect(item(ldc({ spo2: q(0.95, '1') }), 'spo2')).toBe(item(ldc({ spo2: q(95, '%') }), 'spo2'));
    expect(item(ldc({ measuredCrcl: q(1, 'mL/s') }), 'crcl')).toBe(item(ldc({ measuredCrcl: q(60, 'mL/min') }), 'crcl'));
  });
  it('bilirubin in umol/L converts (MW 584.66: 34 umol/L = 1.988 mg/dL passes, 35 umol/L = 2.046 mg/dL fails)', () => {
    expect(item(ldc({ bilirubin: q(34, 'umol/L') }), 'bilirubin')).toBe('pass');
    expect(item(ldc({ bilirubin: q(35, 'umol/L') }), 'bilirubin')).toBe('fail');
  });
});

describe('properties', () => {
  const base = LdcInput.parse(READY);
  const order = { do: 0, consider: 1, refused: 2 } as const;
  it('a lower creatinine clearance never makes fludarabine safer', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (crcl, drop) => {
        const status = (c: number) => planLymphodepletion({ ...base, measuredCrcl: c }).actions.find((a) => a.drug === 'fludarabine')!.status;
        expect(order[status(Math.max(0, crcl - drop))]).toBeGreaterThanOrEqual(order[status(crcl)]);
      }),
    );
  });
  it('worse SpO2, bilirubin or AST never turns a not-ready plan ready', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 50, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (spo2, bili, ast, worse) => {
          const ready = (s: number, b: number, a: number) => planLymphodepletion({ ...base, spo2: s, bilirubin: b, ast: a }).value!.readiness.ready;
          if (!ready(spo2, bili, ast)) expect(ready(Math.max(50, spo2 - worse), bili + worse, ast + worse * 10)).toBe(false);
        },
      ),
    );
  });
});

describe('rendering', () => {
  const complex = {
    disease: 'B-ALL',
    measuredCrcl: q(25, 'mL/min'),
    ldcStartDate: addDays(INFUSION, -40),
    wbc: { count: q(800, '/uL'), date: addDays(INFUSION, -2) },
    lymphocyteCount: q(100, '/uL'),
    bilirubin: q(2.2, 'mg/dL'),
    gilbertSyndrome: true,
    spo2: undefined,
    ageYears: 15,
  };
  it.each(['en', 'zh-TW'] as const)('%s: every text is written, with Table 6 and Hayden 2022 cited', (lang) => {
    for (const input of [{}, complex, { disease: 'FL', history: { cyclophosphamideRefractory: true }, measuredCrcl: q(45, 'mL/min') }]) {
      const r = ldc(input, lang);
      expect(r.title).not.toBe('lymphodepletion.title');
      expect(r.summary).not.toMatch(/^lymphodepletion\.|\{\w+\}/);
      for (const x of [...r.basis, ...r.warnings, ...r.actions]) {
        expect(x.text).not.toBe(x.rule);
        expect(x.text).not.toMatch(/\{\w+\}/);
      }
      for (const a of r.actions) for (const l of a.limits ?? []) expect(l.text).not.toMatch(/\{\w+\}|^lymphodepletion\./);
      expect(r.citations.some((c) => c.reference.includes('§2.1.1, Table 6'))).toBe(true);
      expect(r.citations.some((c) => c.doi === '10.1016/j.annonc.2021.12.003')).toBe(true);
    }
  });
  it('zh-TW dose text keeps the arithmetic', () => {
    const text = ldc({}, 'zh-TW').actions.find((a) => a.drug === 'fludarabine')!.text;
    expect(text).toContain('54.6 mg (30 mg/m2 × 1.82 m2)');
    expect(text).toMatch(/[\u4e00-\u9fff]/);
  });
});
