import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/journey/calendar.js';
import { BRIDGING_ALL_PRESENTATIONS, BRIDGING_THRESHOLDS as T, type BridgingValue } from '../../src/journey/bridging.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

function bridging(input: Record<string, unknown>, lang: 'en' | 'zh-TW' = 'en') {
  return run<BridgingValue>('bridging', input, lang);
}
const warningRules = (r: { warnings: { rule: string }[] }) => r.warnings.map((w) => w.rule);
const LAST = '2026-03-01';

describe('Table 4: interval from each bridging therapy to LDC (every row, both sides)', () => {
  // [label, therapy entry, interval days, rule]
  const rows = [
    ['high-dose chemotherapy: 3-4 weeks', { therapy: 'high-dose-chemotherapy' }, T.highDoseChemotherapyDays, 'bridging.interval-high-dose-chemotherapy'],
    ['intrathecal chemotherapy: 1 week', { therapy: 'intrathecal-chemotherapy' }, T.intrathecalDays, 'bridging.interval-intrathecal'],
    ['short-acting cytotoxic / antiproliferative: 3 days', { therapy: 'short-acting-cytotoxic' }, T.shortActingCytotoxicDays, 'bridging.interval-short-acting-cytotoxic'],
    ['radiotherapy: 1 week', { therapy: 'radiotherapy', lungIrradiated: false }, T.radiotherapyDays, 'bridging.interval-radiotherapy'],
    ['radiotherapy to the lung: 2 weeks', { therapy: 'radiotherapy', lungIrradiated: true }, T.radiotherapyLungDays, 'bridging.interval-radiotherapy-lung'],
    ['TKI: 3 days', { therapy: 'tki' }, T.tkiDays, 'bridging.interval-tki'],
    ['§1.5.2 ibrutinib without cytopenia: until the day before', { therapy: 'ibrutinib', drugRelatedCytopenia: false }, 1, 'bridging.interval-ibrutinib'],
    ['§1.5.2 lenalidomide: 1 week', { therapy: 'lenalidomide' }, 7, 'bridging.interval-lenalidomide'],
    ['§1.5.2 corticosteroid: stopped before LDC', { therapy: 'corticosteroid' }, 1, 'bridging.interval-corticosteroid'],
  ] as const;

  it('the thresholds are the handbook numbers', () => {
    expect([T.highDoseChemotherapyDays, T.highDoseChemotherapyUpperDays, T.intrathecalDays, T.shortActingCytotoxicDays, T.radiotherapyDays, T.radiotherapyLungDays, T.tkiDays]).toEqual([
      21, 28, 7, 3, 7, 14, 3,
    ]);
  });

  it.each(rows)('%s', (_label, entry, days, rule) => {
    const earliest = addDays(LAST, days);
    const on = bridging({ disease: 'B-ALL', therapies: [{ ...entry, lastDoseDate: LAST }], plannedLdcStartDate: earliest });
    expect(on.status).toBe('assessed');
    const plan = on.value!.intervals!.therapies[0]!;
    expect(plan).toMatchObject({ rule, intervalDays: days, earliestLdcDate: earliest, status: 'respects' });
    expect(on.value!.intervals).toMatchObject({ status: 'assessed', earliestLdcDate: earliest, plannedDateRespectsIntervals: true });
    expect(rulesOf(on)).toEqual(expect.arrayContaining([rule, 'bridging.earliest-overall', 'bridging.planned-ok']));

    const before = bridging({ disease: 'B-ALL', therapies: [{ ...entry, lastDoseDate: LAST }], plannedLdcStartDate: addDays(earliest, -1) });
    expect(before.value!.intervals!.therapies[0]).toMatchObject({ status: 'too-early', daysShort: 1 });
    expect(before.value!.intervals!.plannedDateRespectsIntervals).toBe(false);
    expect(warningRules(before)).toContain('bridging.planned-too-early');

    const after = bridging({ disease: 'B-ALL', therapies: [{ ...entry, lastDoseDate: LAST }], plannedLdcStartDate: addDays(earliest, 1) });
    expect(after.value!.intervals!.therapies[0]!.status).toBe('respects');
  });

  it('high-dose chemotherapy shows 4 weeks as the upper bound', () => {
    const r = bridging({ disease: 'B-ALL', therapies: [{ therapy: 'high-dose-chemotherapy', lastDoseDate: LAST }] });
    expect(r.value!.intervals!.therapies[0]).toMatchObject({ earliestLdcDate: '2026-03-22', upperIntervalDays: 28, upperBoundDate: '2026-03-29', status: 'no-planned-date' });
    expect(r.value!.intervals!.plannedDateRespectsIntervals).toBeUndefined();
  });

  it('convention: last dose on the 1st + 3 days = the 4th; the earliest overall is the latest per-therapy date', () => {
    const r = bridging({
      disease: 'B-ALL',
      therapies: [
        { therapy: 'tki', lastDoseDate: '2026-03-01' },
        { therapy: 'intrathecal-chemotherapy', lastDoseDate: '2026-02-27' },
      ],
      plannedLdcStartDate: '2026-03-05',
    });
    expect(r.value!.intervals!.therapies.map((t) => [t.earliestLdcDate, t.status])).toEqual([
      ['2026-03-04', 'respects'],
      ['2026-03-06', 'too-early'],
    ]);
    expect(r.value!.intervals!.earliestLdcDate).toBe('2026-03-06');
    expect(r.value!.intervals!.plannedDateRespectsIntervals).toBe(false);
    expect(r.summary).toBe('Bridging to LDC intervals; planned LDC 2026-03-05 is too early (earliest 2026-03-06)');
    expect(warningRules(r)).toEqual(expect.arrayContaining(['bridging.interval-convention', 'bridging.expert-opinion']));
  });

  it('crosses month and leap-year ends', () => {
    const r = bridging({ disease: 'B-ALL', therapies: [{ therapy: 'radiotherapy', lungIrradiated: true, lastDoseDate: '2028-02-20' }] });
    expect(r.value!.intervals!.earliestLdcDate).toBe('2028-03-05');
  });

  it('lymphoma radiotherapy: Table 4 is the default, the §1.5.2 "until the day before LDC" is the shorter alternative', () => {
    const r = bridging({ disease: 'LBCL', therapies: [{ therapy: 'radiotherapy', lungIrradiated: false, lastDoseDate: LAST }], plannedLdcStartDate: '2026-03-02' });
    expect(r.value!.intervals!.therapies[0]).toMatchObject({
      earliestLdcDate: '2026-03-08',
      alternativeDate: '2026-03-02',
      alternativeRule: 'bridging.radiotherapy-lymphoma-day-before',
      status: 'too-early',
    });
    expect(r.value!.intervals!.earliestWithAlternatives).toBe('2026-03-02');
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['bridging.radiotherapy-lymphoma-day-before', 'bridging.earliest-with-alternatives']));
    // B-ALL: no alternative.
    const all = bridging({ disease: 'B-ALL', therapies: [{ therapy: 'radiotherapy', lungIrradiated: false, lastDoseDate: LAST }] });
    expect(all.value!.intervals!.therapies[0]!.alternativeDate).toBeUndefined();
  });
});

describe('missing data: the interval cannot be set, and the earliest date is not given', () => {
  it.each([
    ['radiotherapy without the lung field', { therapy: 'radiotherapy' }, 'bridging.radiotherapy-site-missing', 'therapies[1].lungIrradiated'],
    ['ibrutinib without the cytopenia field', { therapy: 'ibrutinib' }, 'bridging.ibrutinib-cytopenia-missing', 'therapies[1].drugRelatedCytopenia'],
    ['ibrutinib with cytopenia (no interval in the handbook)', { therapy: 'ibrutinib', drugRelatedCytopenia: true }, 'bridging.ibrutinib-cytopenia-no-interval', 'therapies[1].physicianIntervalDays'],
    ["'other' without a physician interval", { therapy: 'other', name: 'pola-BR' }, 'bridging.other-no-interval', 'therapies[1].physicianIntervalDays'],
  ])('%s', (_label, entry, warning, field) => {
    const r = bridging({ disease: 'LBCL', therapies: [{ therapy: 'tki', lastDoseDate: LAST }, { ...entry, lastDoseDate: LAST }], plannedLdcStartDate: '2026-04-01' });
    expect(r.status).toBe('assessed');
    expect(r.value!.intervals).toMatchObject({ status: 'cannot-assess', earliestLdcDate: null, earliestFromAssessed: '2026-03-04', earliestWithAlternatives: null, plannedDateRespectsIntervals: null });
    expect(r.value!.intervals!.therapies[1]).toMatchObject({ status: 'cannot-assess', earliestLdcDate: null, rule: null });
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: warning, field }));
    expect(warningRules(r)).toContain('bridging.intervals-cannot-assess');
    expect(rulesOf(r)).not.toContain('bridging.earliest-overall');
    expect(r.summary).toBe('Lymphoma bridging options listed; interval to LDC cannot be fully assessed');
  });

  it('a known too-early interval still makes the planned date fail while another is unknown', () => {
    const r = bridging({ disease: 'LBCL', therapies: [{ therapy: 'tki', lastDoseDate: LAST }, { therapy: 'radiotherapy', lastDoseDate: LAST }], plannedLdcStartDate: '2026-03-03' });
    expect(r.value!.intervals!.plannedDateRespectsIntervals).toBe(false);
  });

  it('a physician interval is used where the handbook gives none', () => {
    const r = bridging({ disease: 'LBCL', therapies: [{ therapy: 'other', name: 'pola-BR', lastDoseDate: LAST, physicianIntervalDays: 14 }] });
    expect(r.value!.intervals!.therapies[0]).toMatchObject({ rule: 'bridging.interval-physician', intervalDays: 14, earliestLdcDate: '2026-03-15' });
    const ibr = bridging({ disease: 'LBCL', therapies: [{ therapy: 'ibrutinib', drugRelatedCytopenia: true, lastDoseDate: LAST, physicianIntervalDays: 5 }] });
    expect(ibr.value!.intervals!.earliestLdcDate).toBe('2026-03-06');
  });

  it('B-ALL with neither presentation nor therapies: cannot assess', () => {
    const r = bridging({ disease: 'B-ALL' });
    expect(r.status).toBe('cannot-assess');
    expect(r.value).toBeNull();
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'bridging.presentation-missing', field: 'presentation' }));
  });

  it('B-ALL without presentation but with therapies: intervals only', () => {
    const r = bridging({ disease: 'B-ALL', therapies: [{ therapy: 'tki', lastDoseDate: LAST }] });
    expect(r.value!.strategy).toBeNull();
    expect(r.summary).toBe('Bridging to LDC intervals; earliest LDC start 2026-03-04');
    expect(warningRules(r)).toContain('bridging.presentation-missing');
  });
});

describe('§1.5.1: ALL strategy by tempo and burden', () => {
  const cases = [
    ['asymptomatic-smoldering', 'none', []],
    ['low-burden-or-slow-progression', 'low', ['vincristine-mercaptopurine-methotrexate', 'vincristine-dexamethasone', 'tyrosine-kinase-inhibitor']],
    ['burden-or-progressing', 'intermediate', ['consolidation', 'vincristine-dexamethasone-bortezomib-asparaginase']],
    ['aggressive-or-extramedullary', 'high', ['high-dose-cytarabine', 'etoposide-cyclophosphamide', 'hyper-cvad', 'high-dose-methotrexate']],
    ['rapidly-progressing', 'very-high', ['high-dose-cytarabine-then-ldc', 'immunotherapy']],
  ] as const;
  it('covers every presentation', () => {
    expect(cases.map((c) => c[0])).toEqual([...BRIDGING_ALL_PRESENTATIONS]);
  });
  it.each(cases)('%s -> %s', (presentation, intensity, options) => {
    const r = bridging({ disease: 'B-ALL', presentation, phPositive: false, cnsInvolvement: false });
    expect(r.status).toBe('assessed');
    expect(r.value!.strategy!.intensity).toBe(intensity);
    expect(r.value!.strategy!.options.map((o) => o.option)).toEqual(options);
    expect(rulesOf(r)).toContain(`bridging.all-${intensity}`);
    expect(r.value!.lymphomaOptions).toBeNull();
    expect(r.summary).toBe(
      { none: 'B-ALL: no bridging needed', low: 'B-ALL: low-intensity bridging', intermediate: 'B-ALL: intermediate-intensity bridging', high: 'B-ALL: high-intensity bridging', 'very-high': 'B-ALL: very-high-intensity bridging' }[intensity],
    );
    if (intensity === 'none') expect(r.actions).toEqual([]);
  });

  it('low intensity: dexamethasone 6 mg/m2 on 2 days a week, in mg from the BSA', () => {
    const r = bridging({ disease: 'B-ALL', presentation: 'low-burden-or-slow-progression', phPositive: false, height: q(170, 'cm'), weight: q(70, 'kg') });
    const dex = r.actions.find((a) => a.drug === 'dexamethasone')!;
    expect(dex).toMatchObject({ rule: 'bridging.option-vcr-dex', status: 'consider', dose: { value: 10.9, unit: 'mg', perUnit: { value: 6, unit: 'mg/m2' }, basedOn: { value: 1.82, unit: 'm2' } } });
    expect(dex.text).toContain('10.9 mg (6 mg/m2 × 1.82 m2)');
    expect(r.value!.strategy!.dexamethasone).toMatchObject({ value: 10.9, unit: 'mg' });
    expect(T.dexamethasoneDaysPerWeek).toBe(2);
  });

  it('without height and weight the dexamethasone dose stays per m2', () => {
    const r = bridging({ disease: 'B-ALL', presentation: 'low-burden-or-slow-progression', phPositive: false });
    expect(r.value!.strategy!.dexamethasone).toEqual({ value: 6, unit: 'mg/m2' });
    expect(warningRules(r)).toContain('bridging.doses-not-given');
  });

  it.each([
    [true, true, 'bridging.ph-positive'],
    [false, false, 'bridging.ph-negative'],
  ])('Ph+ = %s: TKI option applies = %s', (ph, applies, rule) => {
    const r = bridging({ disease: 'B-ALL', presentation: 'low-burden-or-slow-progression', phPositive: ph });
    expect(r.value!.strategy!.options.find((o) => o.option === 'tyrosine-kinase-inhibitor')!.applies).toBe(applies);
    expect(rulesOf(r)).toContain(rule);
    expect(actionRules(r).includes('bridging.option-ph-tki')).toBe(applies);
  });

  it('Ph status missing at low intensity: TKI option unknown, with a warning', () => {
    const r = bridging({ disease: 'B-ALL', presentation: 'low-burden-or-slow-progression' });
    expect(r.value!.strategy!.options.find((o) => o.option === 'tyrosine-kinase-inhibitor')!.applies).toBeNull();
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'bridging.ph-status-missing', field: 'phPositive' }));
  });

  it('Ph+ at another intensity: the handbook names TKI only at low intensity', () => {
    expect(warningRules(bridging({ disease: 'B-ALL', presentation: 'aggressive-or-extramedullary', phPositive: true, cnsInvolvement: false }))).toContain('bridging.ph-tki-named-at-low-only');
    expect(warningRules(bridging({ disease: 'B-ALL', presentation: 'low-burden-or-slow-progression', phPositive: true }))).not.toContain('bridging.ph-tki-named-at-low-only');
  });

  it.each([
    [true, true],
    [false, false],
    [undefined, null],
  ])('high intensity, CNS involvement %s: high-dose methotrexate applies = %s', (cns, applies) => {
    const r = bridging({ disease: 'B-ALL', presentation: 'aggressive-or-extramedullary', ...(cns === undefined ? {} : { cnsInvolvement: cns }) });
    expect(r.value!.strategy!.options.find((o) => o.option === 'high-dose-methotrexate')!.applies).toBe(applies);
    expect(warningRules(r).includes('bridging.cns-status-missing')).toBe(cns === undefined);
  });

  it('very high intensity: the blinatumomab and inotuzumab cautions', () => {
    const r = bridging({ disease: 'B-ALL', presentation: 'rapidly-progressing' });
    expect(warningRules(r)).toEqual(expect.arrayContaining(['bridging.blinatumomab-cd19-negative', 'bridging.inotuzumab-b-cell-depletion']));
    expect(warningRules(bridging({ disease: 'B-ALL', presentation: 'burden-or-progressing' }))).not.toContain('bridging.blinatumomab-cd19-negative');
  });

  it.each([
    [1, false],
    [2, true],
    [3, true],
  ])('%s bridging cycle(s): the two-or-more caution fires = %s', (cycles, fires) => {
    const r = bridging({ disease: 'B-ALL', presentation: 'burden-or-progressing', bridgingCycles: cycles });
    expect(rulesOf(r).includes('bridging.cycles-two-or-more')).toBe(fires);
    expect(warningRules(r)).toContain('bridging.cycles-caution');
  });

  it('always states the purpose, the option to omit, and the toxicity caution', () => {
    const r = bridging({ disease: 'B-ALL', presentation: 'asymptomatic-smoldering' });
    expect(warningRules(r)).toEqual(expect.arrayContaining(['bridging.purpose', 'bridging.may-omit', 'bridging.individual-choice', 'bridging.avoid-toxicity', 'bridging.where-given']));
  });
});

describe('§1.5.2: lymphoma options as data', () => {
  it('lists every option with its category and stop rule', () => {
    const r = bridging({ disease: 'FL' });
    expect(r.status).toBe('assessed');
    expect(r.value!.strategy).toBeNull();
    expect(r.value!.lymphomaOptions!.map((o) => [o.option, o.category, o.stopDaysBeforeLdc])).toEqual([
      ['chemotherapy', 'chemotherapy', undefined],
      ['radiotherapy', 'radiotherapy', 1],
      ['corticosteroids', 'corticosteroids', 1],
      ['ibrutinib', 'targeted', 1],
      ['lenalidomide', 'targeted', 7],
      ['anti-cd20', 'targeted', undefined],
      ['pola-br', 'targeted', undefined],
      ['tafasitamab-lenalidomide', 'anti-cd19', undefined],
    ]);
    expect(r.value!.lymphomaOptions![0]!.drugs).toEqual(['gemcitabine', 'etoposide', 'platinum']);
    expect(actionRules(r)).toContain('bridging.lymphoma-anti-cd19');
    expect(r.summary).toBe('Lymphoma bridging options listed');
  });
});

describe('contradictory input is refused', () => {
  it.each([
    ["'other' without a name", { disease: 'LBCL', therapies: [{ therapy: 'other', lastDoseDate: LAST }] }, 'therapies[0].name', 'bridging.input.name-required'],
    ['lung field on a TKI', { disease: 'LBCL', therapies: [{ therapy: 'tki', lastDoseDate: LAST, lungIrradiated: true }] }, 'therapies[0].lungIrradiated', 'bridging.input.radiotherapy-only'],
    ['cytopenia field on lenalidomide', { disease: 'LBCL', therapies: [{ therapy: 'lenalidomide', lastDoseDate: LAST, drugRelatedCytopenia: true }] }, 'therapies[0].drugRelatedCytopenia', 'bridging.input.ibrutinib-only'],
    ['a physician interval where Table 4 sets one', { disease: 'LBCL', therapies: [{ therapy: 'tki', lastDoseDate: LAST, physicianIntervalDays: 1 }] }, 'therapies[0].physicianIntervalDays', 'bridging.input.interval-set-by-handbook'],
    ['a physician interval for ibrutinib without cytopenia', { disease: 'LBCL', therapies: [{ therapy: 'ibrutinib', drugRelatedCytopenia: false, lastDoseDate: LAST, physicianIntervalDays: 0 }] }, 'therapies[0].physicianIntervalDays', 'bridging.input.interval-set-by-handbook'],
    ['an ALL presentation for lymphoma', { disease: 'LBCL', presentation: 'rapidly-progressing' }, 'presentation', 'bridging.input.all-only'],
    ['Ph status for lymphoma', { disease: 'FL', phPositive: true }, 'phPositive', 'bridging.input.all-only'],
  ])('%s', (_label, input, path, rule) => {
    expectInputError('bridging', input, path, rule);
  });
  it('refuses an impossible date and a bare-number height', () => {
    expectInputError('bridging', { disease: 'B-ALL', therapies: [{ therapy: 'tki', lastDoseDate: '2026-02-30' }] }, 'therapies[0].lastDoseDate', 'input.invalid-format');
    expectInputError('bridging', { disease: 'B-ALL', presentation: 'asymptomatic-smoldering', height: 170 }, 'height', 'input.unit-required');
  });
});

describe('properties', () => {
  const therapy = fc.constantFrom(
    { therapy: 'high-dose-chemotherapy' },
    { therapy: 'intrathecal-chemotherapy' },
    { therapy: 'short-acting-cytotoxic' },
    { therapy: 'radiotherapy', lungIrradiated: true },
    { therapy: 'radiotherapy', lungIrradiated: false },
    { therapy: 'tki' },
    { therapy: 'lenalidomide' },
    { therapy: 'ibrutinib', drugRelatedCytopenia: false },
    { therapy: 'corticosteroid' },
  );
  const entry = fc.tuple(therapy, fc.integer({ min: 0, max: 60 })).map(([t, d]) => ({ ...t, lastDoseDate: addDays('2026-01-01', d) }));

  it('a later planned LDC date never turns a respected interval into a too-early one', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 30 }), (therapies, d, later) => {
        const a = bridging({ disease: 'LBCL', therapies, plannedLdcStartDate: addDays('2026-01-01', d) });
        const b = bridging({ disease: 'LBCL', therapies, plannedLdcStartDate: addDays('2026-01-01', d + later) });
        if (a.value!.intervals!.plannedDateRespectsIntervals) expect(b.value!.intervals!.plannedDateRespectsIntervals).toBe(true);
      }),
    );
  });

  it('adding a therapy never makes the earliest LDC date earlier', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 4 }), entry, (therapies, extra) => {
        const a = bridging({ disease: 'B-ALL', therapies }).value!.intervals!.earliestLdcDate!;
        const b = bridging({ disease: 'B-ALL', therapies: [...therapies, extra] }).value!.intervals!.earliestLdcDate!;
        expect(b >= a).toBe(true);
      }),
    );
  });
});

describe('both languages', () => {
  it.each(['en', 'zh-TW'] as const)('%s renders every text without falling back to a key', (lang) => {
    for (const input of [
      { disease: 'B-ALL', presentation: 'rapidly-progressing', bridgingCycles: 3, therapies: [{ therapy: 'high-dose-chemotherapy', lastDoseDate: LAST }], plannedLdcStartDate: '2026-03-10' },
      { disease: 'B-ALL', presentation: 'low-burden-or-slow-progression', phPositive: true, height: q(170, 'cm'), weight: q(70, 'kg') },
      { disease: 'LBCL', therapies: [{ therapy: 'radiotherapy', lastDoseDate: LAST, lungIrradiated: false }, { therapy: 'other', name: 'pola-BR', lastDoseDate: LAST }], plannedLdcStartDate: '2026-03-30' },
    ]) {
      const r = bridging(input, lang);
      expect(r.summary).not.toMatch(/^bridging\./);
      for (const t of [...r.basis, ...r.warnings, ...r.actions]) {
        expect(t.text).not.toBe(t.rule);
        expect(t.text).not.toMatch(/\{\w+\}/);
      }
      if (lang === 'zh-TW') expect(r.title).toBe('CAR-T 前橋接治療');
    }
  });
});
