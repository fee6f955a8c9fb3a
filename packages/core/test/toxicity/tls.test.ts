import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TLS_THRESHOLDS, type TlsValue } from '../../src/toxicity/tls.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

type Tls = TlsValue;

type Input = Record<string, unknown>;

/** No renal impairment and baseline electrolytes within normal: the disease row decides. */
const noAdjust = { renalImpairment: false, aboveUpperLimit: { uricAcid: false, potassium: false, phosphate: false } };
const ldh = (value: number) => ({ ldh: q(value, 'U/L'), ldhUpperLimit: q(250, 'U/L') });

function tls(input: Input, settings?: unknown) {
  return run<Tls>('tls', input, 'en', settings);
}
function group(input: Input): string | null | undefined {
  return tls({ ...noAdjust, ...input }).value?.riskGroup;
}
function warningsOf(r: { warnings: { rule: string }[] }): string[] {
  return r.warnings.map((w) => w.rule);
}
function action(r: ReturnType<typeof tls>, rule: string) {
  return r.actions.find((a) => a.rule === rule);
}

describe('TLS risk group: each row of the Cairo 2010 table (as adopted by BCSH 2015)', () => {
  it.each([
    ['AML, WBC < 25,000 and LDH < 2 x ULN: low', { disease: 'aml', wbc: q(20_000, '/uL'), ...ldh(400) }, 'low', 'tls.risk-aml-low'],
    ['AML, WBC 25,000-<100,000: intermediate', { disease: 'aml', wbc: q(50_000, '/uL') }, 'intermediate', 'tls.risk-aml-intermediate-wbc'],
    ['AML, WBC < 25,000 and LDH >= 2 x ULN: intermediate', { disease: 'aml', wbc: q(20_000, '/uL'), ...ldh(600) }, 'intermediate', 'tls.risk-aml-intermediate-ldh'],
    ['AML, WBC >= 100,000: high', { disease: 'aml', wbc: q(150_000, '/uL') }, 'high', 'tls.risk-aml-high'],
    ['ALL, WBC < 100,000 and LDH < 2 x ULN: intermediate', { disease: 'all', wbc: q(50_000, '/uL'), ...ldh(400) }, 'intermediate', 'tls.risk-all-intermediate'],
    ['ALL, WBC >= 100,000: high', { disease: 'all', wbc: q(120_000, '/uL') }, 'high', 'tls.risk-all-high-wbc'],
    ['ALL, LDH >= 2 x ULN: high', { disease: 'all', wbc: q(10_000, '/uL'), ...ldh(700) }, 'high', 'tls.risk-all-high-ldh'],
    ['Burkitt, early stage and LDH < 2 x ULN: intermediate', { disease: 'burkitt', stage: 'early', ...ldh(300) }, 'intermediate', 'tls.risk-burkitt-lbl-intermediate'],
    ['Burkitt, stage III/IV: high', { disease: 'burkitt', stage: 'advanced' }, 'high', 'tls.risk-burkitt-lbl-high-stage'],
    ['Burkitt, LDH >= 2 x ULN: high', { disease: 'burkitt', stage: 'early', ...ldh(500) }, 'high', 'tls.risk-burkitt-lbl-high-ldh'],
    ['Lymphoblastic lymphoma, early and LDH < 2 x ULN: intermediate', { disease: 'lymphoblastic-lymphoma', stage: 'early', ...ldh(300) }, 'intermediate', 'tls.risk-burkitt-lbl-intermediate'],
    ['Lymphoblastic lymphoma, stage III/IV: high', { disease: 'lymphoblastic-lymphoma', stage: 'advanced' }, 'high', 'tls.risk-burkitt-lbl-high-stage'],
    ['Lymphoblastic lymphoma, LDH >= 2 x ULN: high', { disease: 'lymphoblastic-lymphoma', stage: 'early', ...ldh(900) }, 'high', 'tls.risk-burkitt-lbl-high-ldh'],
    ['CLL, alkylating agents only and WBC < 50,000: low', { disease: 'cll', cllTherapy: 'alkylating-only', wbc: q(20_000, '/uL') }, 'low', 'tls.risk-cll-low'],
    ['CLL, WBC >= 50,000: intermediate', { disease: 'cll', cllTherapy: 'alkylating-only', wbc: q(80_000, '/uL') }, 'intermediate', 'tls.risk-cll-intermediate-wbc'],
    ['CLL, fludarabine or targeted agents: intermediate', { disease: 'cll', cllTherapy: 'fludarabine-or-targeted', wbc: q(20_000, '/uL') }, 'intermediate', 'tls.risk-cll-intermediate-therapy'],
    ['Multiple myeloma: low', { disease: 'myeloma' }, 'low', 'tls.risk-myeloma-low'],
    ['Indolent lymphoma: low', { disease: 'indolent-lymphoma' }, 'low', 'tls.risk-indolent-low'],
  ])('%s', (_label, input, expected, rule) => {
    const r = tls({ ...noAdjust, ...input });
    expect(r.value?.riskGroup).toBe(expected);
    expect(r.value?.diseaseRiskGroup).toBe(expected);
    expect(rulesOf(r)).toContain(rule);
  });

  it('DLBCL / aggressive lymphoma and other diseases are left to physician review, never guessed', () => {
    for (const disease of ['aggressive-lymphoma', 'other']) {
      const r = tls({ ...noAdjust, disease, ...ldh(600), bulkyDisease: true });
      expect(r.status).toBe('cannot-assess');
      expect(r.value).toBeNull();
      expect(warningsOf(r)).toEqual(expect.arrayContaining(['tls.risk-needs-review', 'tls.prophylaxis-pending']));
      // §3.1.1: for CAR-T, prophylaxis from the start of LDC is advised whatever the group.
      expect(r.actions).toEqual([expect.objectContaining({ rule: 'tls.car-t-prophylaxis-from-ldc', status: 'consider', drug: 'allopurinol' })]);
      // Outside CAR-T (leukemia at diagnosis) the group decides alone: nothing is proposed without one.
      expect(tls({ ...noAdjust, disease, ...ldh(600), therapyContext: 'leukemia-induction' }).actions).toEqual([]);
    }
    // With laboratory values the TLS definition still runs.
    const withLabs = tls({ ...noAdjust, disease: 'aggressive-lymphoma', current: { potassium: q(6.2, 'mmol/L'), uricAcid: q(9, 'mg/dL') } });
    expect(withLabs.value).toMatchObject({ riskGroup: null, laboratoryTls: true });
  });
});

describe('TLS risk thresholds on both sides', () => {
  it('AML WBC 24,999 / 25,000 and 99,999 / 100,000', () => {
    expect(group({ disease: 'aml', wbc: q(24_999, '/uL'), ...ldh(400) })).toBe('low');
    expect(group({ disease: 'aml', wbc: q(25_000, '/uL') })).toBe('intermediate');
    expect(group({ disease: 'aml', wbc: q(99_999, '/uL') })).toBe('intermediate');
    expect(group({ disease: 'aml', wbc: q(100_000, '/uL') })).toBe('high');
    expect(group({ disease: 'aml', wbc: q(100, '10*9/L') })).toBe('high');
  });
  it('LDH 499 / 500 U/L against 2 x ULN of 250', () => {
    expect(group({ disease: 'aml', wbc: q(10_000, '/uL'), ...ldh(499) })).toBe('low');
    expect(group({ disease: 'aml', wbc: q(10_000, '/uL'), ...ldh(500) })).toBe('intermediate');
    expect(group({ disease: 'all', wbc: q(10_000, '/uL'), ...ldh(499) })).toBe('intermediate');
    expect(group({ disease: 'all', wbc: q(10_000, '/uL'), ...ldh(500) })).toBe('high');
  });
  it('ALL WBC 99,999 / 100,000; CLL WBC 49,999 / 50,000', () => {
    expect(group({ disease: 'all', wbc: q(99_999, '/uL'), ...ldh(300) })).toBe('intermediate');
    expect(group({ disease: 'all', wbc: q(100_000, '/uL') })).toBe('high');
    expect(group({ disease: 'cll', cllTherapy: 'alkylating-only', wbc: q(49_999, '/uL') })).toBe('low');
    expect(group({ disease: 'cll', cllTherapy: 'alkylating-only', wbc: q(50_000, '/uL') })).toBe('intermediate');
  });
});

describe('TLS risk adjustment (Cairo 2010)', () => {
  const intermediate = { disease: 'aml', wbc: q(50_000, '/uL') };
  it('renal dysfunction or involvement: low -> intermediate, intermediate -> high', () => {
    const low = tls({ ...noAdjust, disease: 'myeloma', renalImpairment: true });
    expect(low.value).toMatchObject({ diseaseRiskGroup: 'low', riskGroup: 'intermediate' });
    expect(rulesOf(low)).toContain('tls.adjust-renal-low-to-intermediate');
    const mid = tls({ ...noAdjust, ...intermediate, renalImpairment: true });
    expect(mid.value).toMatchObject({ diseaseRiskGroup: 'intermediate', riskGroup: 'high' });
    expect(rulesOf(mid)).toContain('tls.adjust-renal-intermediate-to-high');
  });
  it.each(['uricAcid', 'potassium', 'phosphate'])('baseline %s above ULN: intermediate -> high', (key) => {
    const r = tls({ ...intermediate, renalImpairment: false, aboveUpperLimit: { ...noAdjust.aboveUpperLimit, [key]: true } });
    expect(r.value?.riskGroup).toBe('high');
    expect(rulesOf(r)).toContain('tls.adjust-electrolytes-intermediate-to-high');
  });
  it('raised electrolytes alone do not move low-risk disease (the source adjusts low for renal only)', () => {
    const r = tls({ disease: 'myeloma', renalImpairment: false, aboveUpperLimit: { uricAcid: true } });
    expect(r.value?.riskGroup).toBe('low');
  });
  it('high stays high', () => {
    expect(tls({ disease: 'aml', wbc: q(150_000, '/uL') }).value?.riskGroup).toBe('high');
  });
  it('unknown renal status or electrolytes leave the final group open, with the field named', () => {
    const r = tls({ ...intermediate });
    expect(r.value).toMatchObject({ diseaseRiskGroup: 'intermediate', riskGroup: null });
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'tls.adjust-renal-missing', field: 'renalImpairment' }),
        expect.objectContaining({ rule: 'tls.adjust-electrolytes-missing', field: 'aboveUpperLimit.uricAcid' }),
        expect.objectContaining({ rule: 'tls.prophylaxis-pending' }),
      ]),
    );
    // No group-specific prophylaxis yet; only the CAR-T advice that holds whatever the group (§3.1.1).
    expect(r.actions.map((a) => a.rule)).toEqual(['tls.car-t-prophylaxis-from-ldc']);
    const low = tls({ disease: 'myeloma' });
    expect(low.value).toMatchObject({ diseaseRiskGroup: 'low', riskGroup: null });
  });
});

describe('TLS risk: missing inputs', () => {
  it.each([
    ['disease', {}, 'tls.risk-disease-missing', 'disease'],
    ['AML WBC', { disease: 'aml' }, 'tls.risk-wbc-missing', 'wbc'],
    ['AML LDH when WBC < 25,000', { disease: 'aml', wbc: q(10_000, '/uL') }, 'tls.risk-ldh-missing', 'ldh'],
    ['ALL LDH ULN', { disease: 'all', wbc: q(10_000, '/uL'), ldh: q(300, 'U/L') }, 'tls.risk-ldh-missing', 'ldhUpperLimit'],
    ['Burkitt stage', { disease: 'burkitt', ...ldh(300) }, 'tls.risk-stage-missing', 'stage'],
    ['CLL therapy', { disease: 'cll', wbc: q(10_000, '/uL') }, 'tls.risk-cll-therapy-missing', 'cllTherapy'],
  ])('missing %s: cannot assess the group', (_label, input, rule, field) => {
    const r = tls({ ...noAdjust, ...input });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule, field }));
  });
  it('values that decide on their own do not need the missing ones', () => {
    expect(group({ disease: 'aml', wbc: q(150_000, '/uL') })).toBe('high');
    expect(group({ disease: 'all', ...ldh(600) })).toBe('high');
    expect(group({ disease: 'burkitt', stage: 'advanced' })).toBe('high');
    expect(group({ disease: 'cll', cllTherapy: 'fludarabine-or-targeted' })).toBe('intermediate');
  });
});

describe('TLS prophylaxis by group (handbook §3.1.1)', () => {
  const intermediate = { ...noAdjust, disease: 'aml', wbc: q(50_000, '/uL') };
  const high = { ...noAdjust, disease: 'aml', wbc: q(150_000, '/uL'), ageYears: 45, g6pd: 'normal' };

  it('intermediate: hydration and allopurinol for 7 days, febuxostat as alternative, no alkalinization', () => {
    const r = tls(intermediate);
    expect(actionRules(r)).toEqual(['tls.prophylaxis-hydration', 'tls.prophylaxis-allopurinol', 'tls.prophylaxis-febuxostat-alternative', 'tls.no-urine-alkalinization']);
    expect(action(r, 'tls.prophylaxis-allopurinol')).toMatchObject({ status: 'do', drug: 'allopurinol', duration: 'P7D' });
    expect(action(r, 'tls.prophylaxis-febuxostat-alternative')?.status).toBe('consider');
    expect(action(r, 'tls.no-urine-alkalinization')?.status).toBe('refused');
    expect(r.actions.some((a) => a.drug === 'rasburicase')).toBe(false);
  });

  it('high, adult: hydration and a single fixed 3 mg rasburicase; allopurinol refused alongside', () => {
    const r = tls(high);
    const ras = action(r, 'tls.prophylaxis-rasburicase');
    expect(ras).toMatchObject({ status: 'do', drug: 'rasburicase', route: 'IV', frequency: 'once' });
    expect(ras?.dose).toMatchObject({ value: 3, unit: 'mg' });
    expect(ras?.dose?.perUnit).toBeUndefined();
    expect(action(r, 'tls.no-allopurinol-with-rasburicase')).toMatchObject({ status: 'refused', drug: 'allopurinol' });
    expect(r.actions.some((a) => a.drug === 'allopurinol' && a.status !== 'refused')).toBe(false);
    expect(action(r, 'tls.no-urine-alkalinization')?.status).toBe('refused');
    expect(rulesOf(r)).toContain('tls.rasburicase-adult-fixed');
  });

  it('high, 20 kg child: rasburicase 0.2 mg/kg = 4 mg', () => {
    const r = tls({ ...high, ageYears: 8, weight: q(20, 'kg') });
    const ras = action(r, 'tls.prophylaxis-rasburicase');
    expect(ras?.dose).toMatchObject({ value: 4, unit: 'mg', perUnit: { value: 0.2, unit: 'mg/kg' }, basedOn: { value: 20, unit: 'kg' } });
    expect(rulesOf(r)).toContain('tls.rasburicase-child-per-kg');
  });

  it('child age follows the institution setting (17 years is an adult when the limit is 16)', () => {
    const r = tls({ ...high, ageYears: 17, weight: q(50, 'kg') }, { pediatricAgeLimitYears: 16 });
    expect(action(r, 'tls.prophylaxis-rasburicase')?.dose?.value).toBe(3);
    const child = tls({ ...high, ageYears: 17, weight: q(50, 'kg') });
    expect(action(child, 'tls.prophylaxis-rasburicase')?.dose?.value).toBe(10);
  });

  it('high, child without weight: no dose, weight named; age missing: adult dose with a warning', () => {
    const noWeight = tls({ ...high, ageYears: 8 });
    expect(action(noWeight, 'tls.prophylaxis-rasburicase')?.dose).toBeUndefined();
    expect(noWeight.warnings).toContainEqual(expect.objectContaining({ rule: 'tls.weight-missing', field: 'weight' }));
    const noAge = tls({ ...high, ageYears: undefined });
    expect(action(noAge, 'tls.prophylaxis-rasburicase')?.dose?.value).toBe(3);
    expect(noAge.warnings).toContainEqual(expect.objectContaining({ rule: 'tls.age-missing', field: 'ageYears' }));
  });

  it('high with G6PD deficiency: rasburicase refused with the reason; allopurinol is no longer blocked', () => {
    const r = tls({ ...high, g6pd: 'deficient' });
    const ras = action(r, 'tls.prophylaxis-rasburicase');
    expect(ras?.status).toBe('refused');
    expect(ras?.refusedBecause?.map((b) => b.rule)).toEqual(['tls.rasburicase-g6pd-deficient']);
    expect(action(r, 'tls.no-allopurinol-with-rasburicase')).toBeUndefined();
    expect(action(r, 'tls.prophylaxis-allopurinol-g6pd')).toMatchObject({ status: 'consider', drug: 'allopurinol' });
  });

  it('high with unknown G6PD: test before rasburicase', () => {
    const r = tls({ ...high, g6pd: undefined });
    expect(action(r, 'tls.prophylaxis-rasburicase')?.status).toBe('consider');
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'tls.g6pd-unknown', field: 'g6pd' }));
    expect(action(r, 'tls.no-allopurinol-with-rasburicase')?.status).toBe('refused');
  });

  it('low: the handbook gives no prophylaxis; flags the tension with the CAR-T statement', () => {
    const r = tls({ ...noAdjust, disease: 'myeloma' });
    expect(r.actions).toEqual([]);
    expect(warningsOf(r)).toEqual(expect.arrayContaining(['tls.low-risk-handbook-silent', 'tls.low-risk-car-t-tension', 'tls.car-t-context', 'tls.onset-ldc-and-late']));
  });

  it('carries the handbook context by default and in the CAR-T setting: CAR-T diseases intermediate/high, onset from LDC and late', () => {
    expect(warningsOf(tls(intermediate))).toEqual(expect.arrayContaining(['tls.car-t-context', 'tls.onset-ldc-and-late']));
    expect(warningsOf(tls({ ...intermediate, therapyContext: 'car-t' }))).toEqual(expect.arrayContaining(['tls.car-t-context', 'tls.onset-ldc-and-late']));
  });
});

describe('TLS therapy context: leukemia at diagnosis or induction leaves out the CAR-T statements', () => {
  const CAR_T_ONLY = ['tls.car-t-context', 'tls.onset-ldc-and-late', 'tls.low-risk-car-t-tension', 'tls.timing-outside-window'];
  const leukemia = (input: Input) => tls({ ...input, therapyContext: 'leukemia-induction' });
  it.each([
    ['low risk (AML, WBC 10,000)', { ...noAdjust, disease: 'aml', wbc: q(10_000, '/uL'), ...ldh(200) }],
    ['intermediate (AML, WBC 50,000)', { ...noAdjust, disease: 'aml', wbc: q(50_000, '/uL') }],
    ['high (ALL, WBC 150,000)', { ...noAdjust, disease: 'all', wbc: q(150_000, '/uL'), ageYears: 30, g6pd: 'normal' }],
  ])('%s: no CAR-T warning; the CAR-T default still has them', (_n, input) => {
    const r = leukemia(input);
    for (const rule of CAR_T_ONLY) expect(warningsOf(r)).not.toContain(rule);
    expect(warningsOf(tls(input))).toEqual(expect.arrayContaining(['tls.car-t-context', 'tls.onset-ldc-and-late']));
    // The risk group and prophylaxis are the same in both settings.
    expect(r.value?.riskGroup).toBe(tls(input).value?.riskGroup);
  });
  it('low risk: the CAR-T tension only in the CAR-T setting', () => {
    const low = { ...noAdjust, disease: 'aml', wbc: q(10_000, '/uL'), ...ldh(200) };
    expect(warningsOf(tls(low))).toContain('tls.low-risk-car-t-tension');
    expect(warningsOf(leukemia(low))).toEqual(expect.arrayContaining(['tls.low-risk-handbook-silent']));
  });
  it('febuxostat is not timed from LDC outside CAR-T', () => {
    const intermediate = { ...noAdjust, disease: 'aml', wbc: q(50_000, '/uL') };
    const r = leukemia(intermediate);
    expect(actionRules(r)).toEqual(['tls.prophylaxis-hydration', 'tls.prophylaxis-allopurinol', 'tls.prophylaxis-febuxostat-alternative-leukemia', 'tls.no-urine-alkalinization']);
    expect(r.actions.find((a) => a.rule === 'tls.prophylaxis-febuxostat-alternative-leukemia')?.text).not.toContain('LDC');
  });
  it('outside the Cairo-Bishop window: the leukemia text does not invoke late CAR-T TLS', () => {
    const labs = { ageYears: 40, current: { uricAcid: q(9, 'mg/dL'), potassium: q(6.5, 'mmol/L'), phosphate: q(3.5, 'mg/dL'), calcium: q(9.5, 'mg/dL') } };
    const r = leukemia({ ...labs, daysFromTherapyStart: 8 });
    expect(warningsOf(r)).toContain('tls.timing-outside-window-leukemia');
    expect(r.warnings.find((w) => w.rule === 'tls.timing-outside-window-leukemia')?.text).not.toContain('CAR-T');
    expect(warningsOf(leukemia({ ...labs, daysFromTherapyStart: 7 }))).not.toContain('tls.timing-outside-window-leukemia');
  });
  it('refuses an unknown context', () => {
    expectInputError('tls', { disease: 'aml', therapyContext: 'lymphoma' }, 'therapyContext', 'input.invalid-value');
  });
});

/** Baselines far from the current values, so only the absolute threshold can fire. */
const farBaseline = { uricAcid: q(7.9, 'mg/dL'), potassium: q(5.9, 'mmol/L'), phosphate: q(6.4, 'mg/dL'), calcium: q(7.1, 'mg/dL') };
const normal = { uricAcid: q(5, 'mg/dL'), potassium: q(4, 'mmol/L'), phosphate: q(3.5, 'mg/dL'), calcium: q(9.5, 'mg/dL') };

function labCriteria(current: Input, extra: Input = {}): string[] {
  return tls({ ageYears: 40, daysFromTherapyStart: 1, current: { ...normal, ...current }, baseline: farBaseline, ...extra }).value?.criteriaMet ?? [];
}

describe('Cairo-Bishop laboratory criteria: absolute thresholds on both sides, with unit conversion', () => {
  it('exports the thresholds it compares against (the more inclusive of the SI and conventional forms)', () => {
    expect(TLS_THRESHOLDS.uricAcidMgDl).toBe(8);
    expect(TLS_THRESHOLDS.potassiumMmolL).toBe(6);
    expect(TLS_THRESHOLDS.phosphateAdultMgDl).toBe(4.49065); // 1.45 mmol/L x 30.97 g/mol
    expect(TLS_THRESHOLDS.phosphateChildMgDl).toBe(6.5);
    expect(TLS_THRESHOLDS.calciumMgDl).toBe(7.014); // 1.75 mmol/L x 40.08 g/mol
  });
  it.each([
    ['uric acid 476 umol/L', { uricAcid: q(476, 'umol/L') }, true],
    ['uric acid 475 umol/L', { uricAcid: q(475, 'umol/L') }, false],
    ['uric acid 8.0 mg/dL', { uricAcid: q(8, 'mg/dL') }, true],
    ['uric acid 7.9 mg/dL', { uricAcid: q(7.89, 'mg/dL') }, false],
  ])('%s', (_l, current, met) => {
    expect(labCriteria(current).includes('uricAcid')).toBe(met);
  });
  it.each([
    ['potassium 6.0 mmol/L', q(6, 'mmol/L'), true],
    ['potassium 5.9 mmol/L', q(5.89, 'mmol/L'), false],
  ])('%s', (_l, potassium, met) => {
    expect(labCriteria({ potassium }).includes('potassium')).toBe(met);
  });
  it.each([
    ['adult phosphate 1.45 mmol/L', 40, q(1.45, 'mmol/L'), true],
    ['adult phosphate 1.45 mmol/L (cached conversion)', 40, q(1.45, 'mmol/L'), true],
    ['adult phosphate 1.44 mmol/L', 40, q(1.44, 'mmol/L'), false],
    ['adult phosphate 4.5 mg/dL', 40, q(4.5, 'mg/dL'), true],
    ['adult phosphate 4.49 mg/dL', 40, q(4.49, 'mg/dL'), false],
    ['child phosphate 2.1 mmol/L', 10, q(2.1, 'mmol/L'), true],
    ['child phosphate 2.09 mmol/L', 10, q(2.09, 'mmol/L'), false],
    ['child phosphate 6.5 mg/dL', 10, q(6.5, 'mg/dL'), true],
    ['child phosphate 1.45 mmol/L (adult threshold does not apply)', 10, q(1.45, 'mmol/L'), false],
    ['17-year-old is a child (settings default 18): 1.6 mmol/L does not count', 17, q(1.6, 'mmol/L'), false],
    ['18-year-old is an adult: 1.6 mmol/L counts', 18, q(1.6, 'mmol/L'), true],
  ])('%s', (_l, age, phosphate, met) => {
    const baseline = { ...farBaseline, phosphate: q(6.4, 'mg/dL') };
    const r = tls({ ageYears: age, current: { ...normal, phosphate }, baseline });
    expect(r.value?.criteriaMet.includes('phosphate')).toBe(met);
  });
  it.each([
    ['calcium 1.75 mmol/L', q(1.75, 'mmol/L'), true],
    ['calcium 1.76 mmol/L', q(1.76, 'mmol/L'), false],
    ['calcium 7.0 mg/dL', q(7, 'mg/dL'), true],
    ['calcium 7.02 mg/dL', q(7.02, 'mg/dL'), false],
  ])('%s', (_l, calcium, met) => {
    const r = tls({ ageYears: 40, current: { ...normal, calcium }, baseline: { ...farBaseline, calcium: q(8, 'mg/dL') } });
    expect(r.value?.criteriaMet.includes('calcium')).toBe(met);
  });
});

describe('Cairo-Bishop laboratory criteria: 25% change from baseline on both sides', () => {
  const base = { uricAcid: q(5, 'mg/dL'), potassium: q(4, 'mmol/L'), phosphate: q(3, 'mg/dL'), calcium: q(10, 'mg/dL') };
  function met(current: Input): string[] {
    return tls({ ageYears: 40, current: { ...base, ...current }, baseline: base }).value?.criteriaMet ?? [];
  }
  it.each([
    ['uric acid 6.25 (+25%)', { uricAcid: q(6.25, 'mg/dL') }, 'uricAcid', true],
    ['uric acid 6.24', { uricAcid: q(6.24, 'mg/dL') }, 'uricAcid', false],
    ['potassium 5.0 (+25%)', { potassium: q(5, 'mmol/L') }, 'potassium', true],
    ['potassium 4.99', { potassium: q(4.99, 'mmol/L') }, 'potassium', false],
    ['phosphate 3.75 (+25%)', { phosphate: q(3.75, 'mg/dL') }, 'phosphate', true],
    ['phosphate 3.74', { phosphate: q(3.74, 'mg/dL') }, 'phosphate', false],
    ['calcium 7.5 (-25%)', { calcium: q(7.5, 'mg/dL') }, 'calcium', true],
    ['calcium 7.51', { calcium: q(7.51, 'mg/dL') }, 'calcium', false],
  ])('%s', (_l, current, key, expected) => {
    expect(met(current).includes(key)).toBe(expected);
  });
  it('a change counts across units: uric acid baseline 5 mg/dL (297.4 umol/L), now 372 umol/L (6.254 mg/dL)', () => {
    expect(met({ uricAcid: q(372, 'umol/L') })).toContain('uricAcid');
    expect(met({ uricAcid: q(371, 'umol/L') })).not.toContain('uricAcid');
  });
  it('names the rule that fired', () => {
    const r = tls({ ageYears: 40, current: { ...base, uricAcid: q(6.5, 'mg/dL'), calcium: q(7.4, 'mg/dL') }, baseline: base });
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['tls.uric-acid-change', 'tls.calcium-change', 'tls.potassium-not-met', 'tls.phosphate-not-met', 'tls.laboratory-tls']));
  });
});

describe('laboratory TLS: two or more criteria, and missing values', () => {
  it('two criteria: laboratory TLS', () => {
    const r = tls({ ageYears: 40, current: { ...normal, uricAcid: q(9, 'mg/dL'), potassium: q(6.5, 'mmol/L') }, baseline: normal });
    expect(r.value).toMatchObject({ laboratoryTls: true, criteriaMet: ['uricAcid', 'potassium'] });
  });
  it('one criterion with everything known: no laboratory TLS', () => {
    const r = tls({ ageYears: 40, current: { ...normal, uricAcid: q(9, 'mg/dL') }, baseline: normal });
    expect(r.value).toMatchObject({ laboratoryTls: false, clinicalTls: false });
    expect(rulesOf(r)).toContain('tls.no-laboratory-tls');
  });
  it('one criterion and one value missing: cannot decide', () => {
    const r = tls({ ...noAdjust, disease: 'myeloma', ageYears: 40, current: { uricAcid: q(9, 'mg/dL'), potassium: q(4, 'mmol/L'), phosphate: q(3.5, 'mg/dL') }, baseline: normal });
    expect(r.status).toBe('assessed');
    expect(r.value?.laboratoryTls).toBeNull();
    expect(r.value?.clinicalTls).toBeNull();
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'tls.calcium-missing', field: 'current.calcium' }));
    expect(warningsOf(r)).toContain('tls.laboratory-tls-undetermined');
  });
  it('two criteria already met: certain even with the rest missing', () => {
    const r = tls({ ageYears: 40, current: { uricAcid: q(9, 'mg/dL'), potassium: q(6.1, 'mmol/L') } });
    expect(r.value?.laboratoryTls).toBe(true);
  });
  it('below the absolute threshold without a baseline: a 25% change cannot be excluded', () => {
    const r = tls({ ...noAdjust, disease: 'myeloma', ageYears: 40, current: { ...normal, uricAcid: q(9, 'mg/dL') } });
    expect(r.value?.laboratoryTls).toBeNull();
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'tls.potassium-baseline-missing', field: 'baseline.potassium' }));
  });
  it('none met and only one unknown: no laboratory TLS', () => {
    const r = tls({ ageYears: 40, current: { uricAcid: q(5, 'mg/dL'), potassium: q(4, 'mmol/L'), phosphate: q(3.5, 'mg/dL') }, baseline: normal });
    expect(r.value?.laboratoryTls).toBe(false);
  });
  it('age missing and phosphate between the adult and child thresholds: age decides', () => {
    const r = tls({ current: { ...normal, phosphate: q(1.6, 'mmol/L') }, baseline: { ...normal, phosphate: q(6.4, 'mg/dL') } });
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'tls.phosphate-age-missing', field: 'ageYears' }));
    const clearlyHigh = tls({ current: { ...normal, phosphate: q(2.2, 'mmol/L') }, baseline: normal });
    expect(clearlyHigh.value?.criteriaMet).toContain('phosphate');
  });
});

describe('Cairo-Bishop timing window (day -3 to day +7)', () => {
  const labs = { ageYears: 40, current: { ...normal, uricAcid: q(9, 'mg/dL'), potassium: q(6.5, 'mmol/L') }, baseline: normal };
  it.each([
    [-4, false],
    [-3, true],
    [7, true],
    [8, false],
  ])('day %d inside the window: %s', (day, inside) => {
    const r = tls({ ...labs, daysFromTherapyStart: day });
    expect(rulesOf(r).includes('tls.timing-in-window')).toBe(inside);
    expect(warningsOf(r).includes('tls.timing-outside-window')).toBe(!inside);
    expect(r.value?.laboratoryTls).toBe(true);
  });
  it('missing day: warning', () => {
    expect(tls(labs).warnings).toContainEqual(expect.objectContaining({ rule: 'tls.timing-missing', field: 'daysFromTherapyStart' }));
  });
});

describe('clinical TLS: laboratory TLS plus creatinine >= 1.5 x ULN, arrhythmia or seizure', () => {
  const labTls = { ageYears: 40, current: { ...normal, uricAcid: q(9, 'mg/dL'), potassium: q(6.5, 'mmol/L') }, baseline: normal };
  const clinicalNone = { arrhythmiaOrSuddenDeath: false, seizure: false, creatinineUpperLimit: q(1, 'mg/dL') };
  it.each([
    ['creatinine 1.5 x ULN', { creatinine: q(1.5, 'mg/dL') }, true],
    ['creatinine 1.49', { creatinine: q(1.49, 'mg/dL') }, false],
    ['creatinine 133 umol/L (1.50 mg/dL)', { creatinine: q(133, 'umol/L') }, true],
    ['creatinine 132 umol/L (1.49 mg/dL)', { creatinine: q(132, 'umol/L') }, false],
    ['arrhythmia', { creatinine: q(1, 'mg/dL'), arrhythmiaOrSuddenDeath: true }, true],
    ['seizure', { creatinine: q(1, 'mg/dL'), seizure: true }, true],
  ])('%s', (_l, extra, clinical) => {
    const r = tls({ ...labTls, ...clinicalNone, ...extra });
    expect(r.value?.clinicalTls).toBe(clinical);
    if (clinical) expect(warningsOf(r)).toContain('tls.clinical-attribution');
  });
  it('the attribution caveat excludes findings directly or probably caused by a drug, in both languages', () => {
    const caveat = (lang: 'en' | 'zh-TW') =>
      run<Tls>('tls', { ...labTls, ...clinicalNone, seizure: true }, lang).warnings.find((w) => w.rule === 'tls.clinical-attribution')?.text ?? '';
    expect(caveat('en')).toContain('only when it is not directly or probably caused by a drug');
    // The negation must cover both "directly" and "probably": the excluded case is stated positively.
    expect(caveat('zh-TW')).toContain('若直接或很可能由藥物引起，Cairo-Bishop 不予計入');
    expect(caveat('zh-TW')).not.toContain('非直接');
  });
  it('a clinical criterion without laboratory TLS is not clinical TLS', () => {
    const r = tls({ ageYears: 40, current: normal, baseline: normal, seizure: true, arrhythmiaOrSuddenDeath: false });
    expect(r.value).toMatchObject({ laboratoryTls: false, clinicalTls: false });
  });
  it('missing clinical fields leave clinical TLS open, naming each', () => {
    const r = tls({ ...labTls });
    expect(r.value?.clinicalTls).toBeNull();
    expect(warningsOf(r)).toEqual(expect.arrayContaining(['tls.creatinine-missing', 'tls.arrhythmia-missing', 'tls.seizure-missing', 'tls.clinical-tls-undetermined']));
  });
  it('one clinical criterion is enough even with others missing', () => {
    expect(tls({ ...labTls, seizure: true }).value?.clinicalTls).toBe(true);
  });
  it('lists the criteria met', () => {
    const r = tls({ ...labTls, ...clinicalNone, creatinine: q(2, 'mg/dL'), seizure: true });
    expect(r.value?.criteriaMet).toEqual(['uricAcid', 'potassium', 'creatinine', 'seizure']);
  });
});

describe('TLS treatment (handbook §3.1.1)', () => {
  const labTls = { ...noAdjust, disease: 'all', wbc: q(150_000, '/uL'), ageYears: 40, weight: q(70, 'kg'), g6pd: 'normal', current: { ...normal, uricAcid: q(9, 'mg/dL'), potassium: q(6.5, 'mmol/L') }, baseline: normal };

  it('ICU, hydration, rasburicase 0.2 mg/kg/day, no treatment of asymptomatic hypocalcaemia, no alkalinization, no allopurinol', () => {
    const r = tls(labTls);
    expect(actionRules(r)).toEqual(['tls.treat-icu', 'tls.treat-hydration', 'tls.treat-rasburicase', 'tls.no-allopurinol-with-rasburicase', 'tls.treat-no-asymptomatic-calcium', 'tls.no-urine-alkalinization']);
    expect(action(r, 'tls.treat-no-asymptomatic-calcium')).toMatchObject({ status: 'refused', drug: 'calcium' });
    const ras = action(r, 'tls.treat-rasburicase');
    expect(ras).toMatchObject({ status: 'do', drug: 'rasburicase', frequency: 'daily' });
    expect(ras?.dose).toMatchObject({ value: 14, unit: 'mg', perUnit: { value: 0.2, unit: 'mg/kg' } });
    expect(r.summary).toBe('Laboratory TLS: treat now');
    // Prophylaxis is replaced by treatment.
    expect(action(r, 'tls.prophylaxis-rasburicase')).toBeUndefined();
  });
  it('20 kg child: 4 mg/day', () => {
    expect(action(tls({ ...labTls, ageYears: 6, weight: q(20, 'kg') }), 'tls.treat-rasburicase')?.dose?.value).toBe(4);
  });
  it('G6PD deficiency: rasburicase refused with the reason', () => {
    const r = tls({ ...labTls, g6pd: 'deficient' });
    const ras = action(r, 'tls.treat-rasburicase');
    expect(ras?.status).toBe('refused');
    expect(ras?.refusedBecause?.[0]?.rule).toBe('tls.rasburicase-g6pd-deficient');
    expect(action(r, 'tls.no-allopurinol-with-rasburicase')).toBeUndefined();
  });
  it('weight missing: no dose, weight named', () => {
    const r = tls({ ...labTls, weight: undefined });
    expect(action(r, 'tls.treat-rasburicase')?.dose).toBeUndefined();
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'tls.weight-missing', field: 'weight' }));
  });
  it('urine output target: 4.0 mL/kg/h is not above 4, 4.1 is', () => {
    expect(rulesOf(tls({ ...labTls, urineOutput: q(4, 'mL/kg/h') }))).toContain('tls.urine-output-below-target');
    expect(rulesOf(tls({ ...labTls, urineOutput: q(4.1, 'mL/kg/h') }))).toContain('tls.urine-output-on-target');
    expect(rulesOf(tls({ ...labTls, urineOutput: q(3.9, 'mL/(kg.h)') }))).toContain('tls.urine-output-below-target');
  });
  it('asymptomatic hypocalcaemia: calcium is refused, never ordered, in both languages', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const r = run<Tls>('tls', labTls, lang);
      expect(r.actions.filter((a) => a.status === 'do').map((a) => a.rule)).not.toContain('tls.treat-no-asymptomatic-calcium');
      expect(action(r, 'tls.treat-no-asymptomatic-calcium')?.status).toBe('refused');
    }
    expect(action(run<Tls>('tls', labTls, 'en'), 'tls.treat-no-asymptomatic-calcium')?.text).toBe('Calcium replacement for asymptomatic hypocalcaemia: not recommended.');
    expect(action(run<Tls>('tls', labTls, 'zh-TW'), 'tls.treat-no-asymptomatic-calcium')?.text).toContain('不建議');
  });
  it('zh-TW hydration target is strictly above 4 mL/kg/h (and 100 mL/m²/h), as the rule compares', () => {
    const text = action(run<Tls>('tls', labTls, 'zh-TW'), 'tls.treat-hydration')?.text ?? '';
    expect(text).toContain('高於 4 mL/kg/h');
    expect(text).toContain('高於 100 mL/m²/h');
    // "以上" reads as "at or above" and would call 4.0 on target, which the rule does not.
    expect(text).not.toContain('以上');
    const infant = run<Tls>('tls', { ...labTls, ageYears: 0.5, weight: q(7, 'kg') }, 'zh-TW');
    expect(infant.warnings.find((w) => w.rule === 'tls.urine-output-infant')?.text).toContain('高於 100 mL/m²/h');
  });
  it('infant: the target is per m2, not checked from mL/kg/h', () => {
    const r = tls({ ...labTls, ageYears: 0.5, weight: q(7, 'kg'), urineOutput: q(3, 'mL/kg/h') });
    expect(warningsOf(r)).toContain('tls.urine-output-infant');
    expect(rulesOf(r).some((id) => id.startsWith('tls.urine-output'))).toBe(false);
  });
  it('dialysis: potassium 6.9 is not an indication, 7.0 is; peritoneal dialysis refused', () => {
    const k69 = tls({ ...labTls, current: { ...labTls.current, potassium: q(6.9, 'mmol/L') } });
    expect(actionRules(k69)).not.toContain('tls.dialysis');
    const k70 = tls({ ...labTls, current: { ...labTls.current, potassium: q(7, 'mmol/L') } });
    expect(rulesOf(k70)).toContain('tls.dialysis-potassium');
    expect(action(k70, 'tls.dialysis')?.status).toBe('do');
    expect(action(k70, 'tls.no-peritoneal-dialysis')?.status).toBe('refused');
  });
  it.each([
    ['intractable fluid overload', { fluidOverloadIntractable: true }, 'tls.dialysis-fluid-overload'],
    ['abnormalities persisting despite treatment', { persistingDespiteTreatment: true }, 'tls.dialysis-persisting'],
  ])('dialysis: %s', (_l, extra, rule) => {
    const r = tls({ ...labTls, ...extra });
    expect(rulesOf(r)).toContain(rule);
    expect(actionRules(r)).toEqual(expect.arrayContaining(['tls.dialysis', 'tls.no-peritoneal-dialysis']));
  });
  it('no dialysis without an indication', () => {
    expect(actionRules(tls(labTls))).not.toContain('tls.dialysis');
  });
});

describe('TLS input', () => {
  it('refuses contradictions with the path and rule', () => {
    expectInputError('tls', { disease: 'aml', cllTherapy: 'alkylating-only' }, 'cllTherapy', 'tls.input.cll-therapy-not-cll');
    expectInputError('tls', { disease: 'aml', stage: 'advanced' }, 'stage', 'tls.input.stage-not-used');
    expectInputError('tls', { disease: 'aml', ldh: q(300, 'U/L'), ldhUpperLimit: q(0, 'U/L') }, 'ldhUpperLimit', 'tls.input.uln-not-positive');
  });
  it('refuses bare numbers and wrong units', () => {
    expectInputError('tls', { current: { uricAcid: 8 } }, 'current.uricAcid', 'input.unit-required');
    expectInputError('tls', { current: { potassium: q(6, 'mg') } }, 'current.potassium.unit', 'input.unit-not-convertible');
  });
  it('nothing to assess: cannot assess', () => {
    expect(tls({}).status).toBe('cannot-assess');
  });
  it('risk only, without laboratory values: one warning, laboratory and clinical TLS left null', () => {
    const r = tls({ ...noAdjust, disease: 'aml', wbc: q(50_000, '/uL') });
    expect(r.value).toMatchObject({ riskGroup: 'intermediate', laboratoryTls: null, clinicalTls: null, criteriaMet: [] });
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'tls.labs-not-given', field: 'current' }));
    expect(warningsOf(r).some((w) => w.endsWith('-missing') && w !== 'tls.labs-not-given')).toBe(false);
  });
  it('neither risk group nor laboratory TLS decidable: cannot assess, naming the missing fields', () => {
    const r = tls({ ageYears: 40, current: { ...normal, uricAcid: q(9, 'mg/dL') } });
    expect(r.status).toBe('cannot-assess');
    expect(warningsOf(r)).toEqual(expect.arrayContaining(['tls.risk-disease-missing', 'tls.potassium-baseline-missing', 'tls.laboratory-tls-undetermined']));
  });
});

describe('TLS properties', () => {
  const analyte = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((v) => v / 100);
  it('a higher uric acid, potassium or phosphate, or a lower calcium, never removes a laboratory criterion', () => {
    fc.assert(
      fc.property(
        fc.record({ u: analyte(1, 15), k: analyte(2.5, 8), p: analyte(1, 10), c: analyte(5, 11) }),
        fc.record({ u: analyte(1, 15), k: analyte(2.5, 8), p: analyte(1, 10), c: analyte(5, 11) }),
        fc.record({ u: analyte(0, 3), k: analyte(0, 2), p: analyte(0, 3), c: analyte(0, 2) }),
        fc.integer({ min: 1, max: 80 }),
        (now, base, delta, age) => {
          const input = (v: typeof now) => ({
            ageYears: age,
            current: { uricAcid: q(v.u, 'mg/dL'), potassium: q(v.k, 'mmol/L'), phosphate: q(v.p, 'mg/dL'), calcium: q(v.c, 'mg/dL') },
            baseline: { uricAcid: q(base.u, 'mg/dL'), potassium: q(base.k, 'mmol/L'), phosphate: q(base.p, 'mg/dL'), calcium: q(base.c, 'mg/dL') },
          });
          const worse = { u: now.u + delta.u, k: Math.min(15, now.k + delta.k), p: now.p + delta.p, c: Math.max(0, now.c - delta.c) };
          const before = tls(input(now)).value;
          const after = tls(input(worse)).value;
          for (const c of before?.criteriaMet ?? []) expect(after?.criteriaMet).toContain(c);
          if (before?.laboratoryTls === true) expect(after?.laboratoryTls).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('a higher WBC or LDH never lowers the disease risk group', () => {
    const order = { low: 0, intermediate: 1, high: 2 } as const;
    fc.assert(
      fc.property(
        fc.constantFrom('aml', 'all', 'cll'),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 100, max: 1000 }),
        fc.integer({ min: 0, max: 500 }),
        (disease, wbc, dWbc, ldhValue, dLdh) => {
          const input = (w: number, l: number) => ({ ...noAdjust, disease, wbc: q(w, '/uL'), ldh: q(l, 'U/L'), ldhUpperLimit: q(250, 'U/L'), ...(disease === 'cll' ? { cllTherapy: 'alkylating-only' } : {}) });
          const before = tls(input(wbc, ldhValue)).value?.diseaseRiskGroup;
          const after = tls(input(wbc + dWbc, ldhValue + dLdh)).value?.diseaseRiskGroup;
          if (before && after) expect(order[after]).toBeGreaterThanOrEqual(order[before]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
