import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/journey/calendar.js';
import { planWashout, WASHOUT_DRUGS, WASHOUT_THRESHOLDS, WashoutInput, type WashoutValue } from '../../src/journey/washout.js';
import { expectInputError, q, rulesOf, run } from '../support.js';

const LAST = '2026-03-01';
type Drug = (typeof WASHOUT_DRUGS)[number];

function washout(input: Record<string, unknown>, lang: 'en' | 'zh-TW' = 'en') {
  return run<WashoutValue>('washout', input, lang);
}
function one(drug: Drug, extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  return washout({ drugs: [{ drug, lastDoseDate: LAST, ...extra }], ...top });
}
const warningRules = (r: { warnings: { rule: string }[] }) => r.warnings.map((w) => w.rule);

// Figure 3, every box and every drug the planner names (days after the last dose).
const FIGURE_3: [Drug, number, string][] = [
  ['hydroxyurea', 3, 'washout.antiproliferative-3d'],
  ['short-acting-antiproliferative', 3, 'washout.antiproliferative-3d'],
  ['filgrastim', 5, 'washout.short-acting-gcsf-5d'],
  ['lenograstim', 5, 'washout.short-acting-gcsf-5d'],
  ['nilotinib', 5, 'washout.nilotinib-5d'],
  ['intrathecal-methotrexate', 7, 'washout.intrathecal-methotrexate-7d'],
  ['dexamethasone', 7, 'washout.corticosteroids-7d'],
  ['systemic-corticosteroid', 7, 'washout.corticosteroids-7d'],
  ['lenalidomide', 7, 'washout.lenalidomide-7d'],
  ['systemic-chemotherapy', 14, 'washout.systemic-chemotherapy-14d'],
  ['calcineurin-inhibitor', 14, 'washout.gvhd-therapy-14d'],
  ['gvhd-therapy', 14, 'washout.gvhd-therapy-14d'],
  ['pegfilgrastim', 14, 'washout.long-acting-gcsf-14d'],
  ['imatinib', 14, 'washout.tki-14d'],
  ['dasatinib', 14, 'washout.tki-14d'],
  ['ponatinib', 14, 'washout.tki-14d'],
  ['tyrosine-kinase-inhibitor', 14, 'washout.tki-14d'],
  ['blinatumomab', 14, 'washout.blinatumomab-14d'],
  ['high-dose-chemotherapy', 21, 'washout.high-dose-chemotherapy-3-4w'],
  ['r-eshap', 21, 'washout.high-dose-chemotherapy-3-4w'],
  ['ice-regimen', 21, 'washout.high-dose-chemotherapy-3-4w'],
  ['high-dose-cytarabine', 21, 'washout.high-dose-chemotherapy-3-4w'],
  ['donor-lymphocyte-infusion', 28, 'washout.dli-4w'],
  ['pegaspargase', 28, 'washout.pegaspargase-4w'],
  ['clofarabine', 56, 'washout.clofarabine-8w'],
  ['t-cell-lytic-agent', 56, 'washout.t-cell-lytic-8w'],
  ['allogeneic-hsct', 84, 'washout.allo-hsct-12w'],
  ['bendamustine', 84, 'washout.bendamustine-fludarabine-12w'],
  ['fludarabine', 84, 'washout.bendamustine-fludarabine-12w'],
];

describe('Figure 3: each drug and its washout, both sides of the window', () => {
  it.each(FIGURE_3)('%s: %i days after the last dose', (drug, days, rule) => {
    const r = one(drug);
    expect(r.status).toBe('assessed');
    const plan = r.value!.drugs[0]!;
    expect(plan).toMatchObject({ rule, recommendedDate: addDays(LAST, days), effectiveDate: addDays(LAST, days), decidedBy: 'recommendation' });
    expect(r.value!.earliestDate).toBe(addDays(LAST, days));
    expect(rulesOf(r)).toContain(rule);
    // Planned one day before the earliest date: flagged, 1 day short.
    const early = one(drug, {}, { plannedLeukapheresisDate: addDays(LAST, days - 1) });
    expect(early.value!.plannedDateMeetsWashout).toBe(false);
    expect(early.value!.drugs[0]!.daysShort).toBe(1);
    expect(warningRules(early)).toContain('washout.planned-too-early');
    // Planned on the earliest date: fine.
    const onTime = one(drug, {}, { plannedLeukapheresisDate: addDays(LAST, days) });
    expect(onTime.value!.plannedDateMeetsWashout).toBe(true);
    expect(onTime.value!.drugs[0]!.daysShort).toBeUndefined();
    expect(rulesOf(onTime)).toContain('washout.planned-ok');
    expect(warningRules(onTime)).not.toContain('washout.planned-too-early');
  });

  it('every listed drug except the special cases is covered above', () => {
    const covered = new Set<string>([...FIGURE_3.map(([d]) => d), 'alemtuzumab', 'atg', 'rituximab', 'inotuzumab-ozogamicin', 'bispecific-antibody', 'other']);
    expect(WASHOUT_DRUGS.filter((d) => !covered.has(d))).toEqual([]);
  });

  it('high-dose chemotherapy (3-4 weeks): 21 days is the earliest date, 28 the upper bound', () => {
    const plan = one('r-eshap').value!.drugs[0]!;
    expect(plan.recommendedDate).toBe('2026-03-22');
    expect(plan.upperBoundDate).toBe('2026-03-29');
    expect(WASHOUT_THRESHOLDS.highDoseChemotherapyUpperDays).toBe(28);
  });

  it('states the calendar convention and that the physician may adjust', () => {
    expect(warningRules(one('hydroxyurea'))).toEqual(expect.arrayContaining(['washout.calendar-convention', 'washout.physician-may-adjust']));
  });
});

describe('alemtuzumab and ATG: at least 6 calendar months', () => {
  it.each([
    ['alemtuzumab', '2026-08-31', '2027-02-28'],
    ['atg', '2026-08-31', '2027-02-28'],
    ['alemtuzumab', '2027-08-31', '2028-02-29'],
    ['atg', '2026-03-31', '2026-09-30'],
    ['alemtuzumab', '2026-01-15', '2026-07-15'],
  ] as const)('%s last dose %s: earliest %s', (drug, last, expected) => {
    const r = washout({ drugs: [{ drug, lastDoseDate: last }] });
    expect(r.value!.drugs[0]).toMatchObject({ rule: 'washout.alemtuzumab-atg-6m', recommendedDate: expected });
    expect(r.basis.find((b) => b.rule === 'washout.alemtuzumab-atg-6m')?.threshold).toEqual({ comparator: '>=', value: 6, unit: 'mo' });
  });
  it('both sides of the window across a month end', () => {
    const early = washout({ drugs: [{ drug: 'alemtuzumab', lastDoseDate: '2026-08-31' }], plannedLeukapheresisDate: '2027-02-27' });
    expect(early.value!.drugs[0]!.daysShort).toBe(1);
    const onTime = washout({ drugs: [{ drug: 'alemtuzumab', lastDoseDate: '2026-08-31' }], plannedLeukapheresisDate: '2027-02-28' });
    expect(onTime.value!.plannedDateMeetsWashout).toBe(true);
  });
});

describe('special cases', () => {
  it('rituximab: five half-lives (22-32 days) when possible, or no washout: both shown, neither forbidden', () => {
    const r = one('rituximab');
    const plan = r.value!.drugs[0]!;
    expect(plan).toMatchObject({
      rule: 'washout.rituximab-five-half-lives',
      recommendedDate: addDays(LAST, 110),
      upperBoundDate: addDays(LAST, 160),
      alternativeDate: LAST,
      alternativeRule: 'washout.rituximab-no-washout',
      effectiveDate: addDays(LAST, 110),
    });
    expect(r.value!.earliestDate).toBe(addDays(LAST, 110));
    expect(r.value!.earliestDateWithAlternatives).toBe(LAST);
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['washout.rituximab-five-half-lives', 'washout.rituximab-no-washout', 'washout.earliest-with-alternatives']));
    expect(r.actions.filter((a) => a.status === 'refused')).toEqual([]);
  });
  it('rituximab with a known half-life uses it', () => {
    const plan = one('rituximab', { halfLifeDays: 25 }).value!.drugs[0]!;
    expect(plan.recommendedDate).toBe(addDays(LAST, 125));
    expect(plan.upperBoundDate).toBeUndefined();
  });
  it('inotuzumab: five half-lives of 12.3 days = 61.5, rounded up to 62 days; or stop at least 2 weeks before', () => {
    const r = one('inotuzumab-ozogamicin');
    expect(r.value!.drugs[0]).toMatchObject({ recommendedDate: addDays(LAST, 62), alternativeDate: addDays(LAST, 14), alternativeRule: 'washout.inotuzumab-two-weeks' });
    expect(r.value!.earliestDateWithAlternatives).toBe(addDays(LAST, 14));
    const early = one('inotuzumab-ozogamicin', {}, { plannedLeukapheresisDate: addDays(LAST, 61) });
    expect(early.value!.drugs[0]!.daysShort).toBe(1);
    expect(one('inotuzumab-ozogamicin', {}, { plannedLeukapheresisDate: addDays(LAST, 62) }).value!.plannedDateMeetsWashout).toBe(true);
  });
  it('bispecific antibody: 1-2 weeks, and the lymphocyte / CD3+ count goes to physician review', () => {
    const r = one('bispecific-antibody', {}, { lymphocyteCount: q(450, '/uL'), cd3Count: q(0.3, '10*3/uL') });
    expect(r.value!.drugs[0]).toMatchObject({ recommendedDate: addDays(LAST, 7), upperBoundDate: addDays(LAST, 14) });
    expect(r.basis.find((b) => b.rule === 'washout.bispecific-lymphocytes')?.observed).toBe(450);
    expect(r.basis.find((b) => b.rule === 'washout.bispecific-cd3')?.observed).toBe(300);
    expect(warningRules(r)).toContain('washout.bispecific-count-review');
    expect(warningRules(r)).not.toContain('washout.bispecific-counts-missing');
    const noCount = one('bispecific-antibody');
    expect(warningRules(noCount)).toEqual(expect.arrayContaining(['washout.bispecific-count-review', 'washout.bispecific-counts-missing']));
  });
  it('counts are not shown without a bispecific antibody', () => {
    const r = one('hydroxyurea', {}, { lymphocyteCount: q(450, '/uL') });
    expect(rulesOf(r)).not.toContain('washout.bispecific-lymphocytes');
    expect(warningRules(r)).not.toContain('washout.bispecific-count-review');
  });
});

describe('the five half-lives principle', () => {
  it("'other' with a half-life: 5 x 3.5 = 17.5, rounded up to 18 days", () => {
    const r = washout({ drugs: [{ drug: 'other', name: 'drug X', lastDoseDate: LAST, halfLifeDays: 3.5 }] });
    expect(r.value!.drugs[0]).toMatchObject({ name: 'drug X', rule: 'washout.five-half-lives', recommendedDate: addDays(LAST, 18) });
    const early = washout({ drugs: [{ drug: 'other', name: 'drug X', lastDoseDate: LAST, halfLifeDays: 3.5 }], plannedLeukapheresisDate: addDays(LAST, 17) });
    expect(early.value!.drugs[0]!.daysShort).toBe(1);
  });
  it('a listed drug with a long half-life waits the longer of Figure 3 and five half-lives', () => {
    expect(one('dexamethasone', { halfLifeDays: 2 }).value!.drugs[0]).toMatchObject({ rule: 'washout.five-half-lives', recommendedDate: addDays(LAST, 10) });
    expect(one('dexamethasone', { halfLifeDays: 0.2 }).value!.drugs[0]).toMatchObject({ rule: 'washout.corticosteroids-7d', recommendedDate: addDays(LAST, 7) });
  });
  it("'other' without a half-life cannot be assessed, naming the field", () => {
    const r = washout({ drugs: [{ drug: 'hydroxyurea', lastDoseDate: LAST }, { drug: 'other', name: 'drug X', lastDoseDate: LAST }] });
    expect(r.status).toBe('cannot-assess');
    expect(r.value).toBeNull();
    expect(r.warnings.find((w) => w.rule === 'washout.half-life-missing')?.field).toBe('drugs[1].halfLifeDays');
  });
  it("'other' needs its name", () => {
    expectInputError('washout', { drugs: [{ drug: 'other', lastDoseDate: LAST, halfLifeDays: 2 }] }, 'drugs[0].name', 'washout.input.name-required');
  });
});

describe('the earliest date overall', () => {
  it('is the latest of the per-drug dates', () => {
    const r = washout({
      drugs: [
        { drug: 'hydroxyurea', lastDoseDate: '2026-03-20' },
        { drug: 'blinatumomab', lastDoseDate: '2026-03-01' },
        { drug: 'filgrastim', lastDoseDate: '2026-03-18' },
      ],
      plannedLeukapheresisDate: '2026-03-22',
    });
    expect(r.value!.earliestDate).toBe('2026-03-23');
    expect(r.value!.drugs.map((d) => d.daysShort)).toEqual([1, undefined, 1]);
    expect(r.summary).toBe('Planned leukapheresis 2026-03-22 is too early by up to 1 day(s): earliest 2026-03-23');
    expect(r.basis.find((b) => b.rule === 'washout.earliest-overall')?.yields).toBe('2026-03-23');
  });
  it('summaries', () => {
    expect(one('hydroxyurea').summary).toBe('Earliest leukapheresis date: 2026-03-04');
    expect(one('hydroxyurea', {}, { plannedLeukapheresisDate: '2026-03-04' }).summary).toBe('Planned leukapheresis 2026-03-04 respects every washout (earliest 2026-03-04)');
  });
});

describe('physician overrides', () => {
  const base = { drugs: [{ drug: 'alemtuzumab', lastDoseDate: '2026-08-31' }, { drug: 'hydroxyurea', lastDoseDate: '2026-09-20' }] };
  it('replace the drug date and keep the recommendation and the reason in the basis', () => {
    const r = washout({ ...base, overrides: [{ drug: 'alemtuzumab', earliestDate: '2026-10-15', reason: 'progressive disease; transplant team agrees' }] });
    const plan = r.value!.drugs[0]!;
    expect(plan).toMatchObject({
      recommendedDate: '2027-02-28',
      override: { date: '2026-10-15', reason: 'progressive disease; transplant team agrees' },
      effectiveDate: '2026-10-15',
      decidedBy: 'override',
    });
    expect(r.value!.earliestDate).toBe('2026-10-15');
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['washout.alemtuzumab-atg-6m', 'washout.override']));
    expect(r.basis.find((b) => b.rule === 'washout.override')).toMatchObject({ observed: 'progressive disease; transplant team agrees', yields: '2026-10-15' });
    expect(warningRules(r)).toContain('washout.override-earlier');
  });
  it('an override later than the recommendation is kept without the "earlier" warning', () => {
    const r = washout({ drugs: [{ drug: 'hydroxyurea', lastDoseDate: LAST }], overrides: [{ drug: 'hydroxyurea', earliestDate: '2026-03-10', reason: 'apheresis slot' }] });
    expect(r.value!.earliestDate).toBe('2026-03-10');
    expect(warningRules(r)).not.toContain('washout.override-earlier');
  });
  it("an override names an 'other' drug by its name, and stands in for a missing half-life", () => {
    const r = washout({ drugs: [{ drug: 'other', name: 'drug X', lastDoseDate: LAST }], overrides: [{ drug: 'drug X', earliestDate: '2026-03-15', reason: 'pharmacist: short half-life' }] });
    expect(r.status).toBe('assessed');
    expect(r.value!.drugs[0]).toMatchObject({ effectiveDate: '2026-03-15', decidedBy: 'override', rule: 'washout.override' });
  });
  it.each([
    ['no reason', { drug: 'alemtuzumab', earliestDate: '2026-10-15' }, 'overrides[0].reason', 'washout.input.override-reason-required'],
    ['an empty reason', { drug: 'alemtuzumab', earliestDate: '2026-10-15', reason: '' }, 'overrides[0].reason', 'washout.input.override-reason-required'],
    ['a blank reason', { drug: 'alemtuzumab', earliestDate: '2026-10-15', reason: '   ' }, 'overrides[0].reason', 'washout.input.override-reason-required'],
    ['an unknown drug', { drug: 'rituximab', earliestDate: '2026-10-15', reason: 'x' }, 'overrides[0].drug', 'washout.input.override-unknown-drug'],
    ['a date before the last dose', { drug: 'alemtuzumab', earliestDate: '2026-08-30', reason: 'x' }, 'overrides[0].earliestDate', 'washout.input.override-before-last-dose'],
  ])('are refused with %s', (_label, override, path, rule) => {
    expectInputError('washout', { ...base, overrides: [override] }, path, rule);
  });
  it('are refused when two name the same drug', () => {
    const o = { drug: 'alemtuzumab', earliestDate: '2026-10-15', reason: 'x' };
    expectInputError('washout', { ...base, overrides: [o, o] }, 'overrides[1].drug', 'washout.input.override-duplicate');
  });
});

describe('input', () => {
  it('refuses impossible dates, unknown drugs and an empty list', () => {
    expectInputError('washout', { drugs: [{ drug: 'hydroxyurea', lastDoseDate: '2026-02-30' }] }, 'drugs[0].lastDoseDate', 'input.invalid-format');
    expectInputError('washout', { drugs: [{ drug: 'aspirin', lastDoseDate: LAST }] }, 'drugs[0].drug', 'input.invalid-value');
    expectInputError('washout', { drugs: [] }, 'drugs', 'input.too-small');
    expectInputError('washout', { drugs: [{ drug: 'bispecific-antibody', lastDoseDate: LAST }], cd3Count: 300 }, 'cd3Count', 'input.unit-required');
  });
});

describe('properties', () => {
  const fixed = WASHOUT_DRUGS.filter((d) => d !== 'other');
  const drugArb = fc.record({
    drug: fc.constantFrom(...fixed),
    lastDay: fc.integer({ min: 0, max: 800 }),
    halfLifeDays: fc.option(fc.double({ min: 0.1, max: 60, noNaN: true }), { nil: undefined }),
  });
  const toInput = (drugs: { drug: Drug; lastDay: number; halfLifeDays: number | undefined }[]) =>
    WashoutInput.parse({
      drugs: drugs.map((d) => ({ drug: d.drug, lastDoseDate: addDays('2025-01-01', d.lastDay), ...(d.halfLifeDays === undefined ? {} : { halfLifeDays: d.halfLifeDays }) })),
    });
  const earliest = (drugs: Parameters<typeof toInput>[0]) => planWashout(toInput(drugs)).value!.earliestDate;

  it('a later last dose never makes the earliest leukapheresis date earlier', () => {
    fc.assert(
      fc.property(fc.array(drugArb, { minLength: 1, maxLength: 5 }), fc.nat({ max: 4 }), fc.integer({ min: 1, max: 60 }), (drugs, pick, later) => {
        const i = pick % drugs.length;
        const moved = drugs.map((d, k) => (k === i ? { ...d, lastDay: d.lastDay + later } : d));
        expect(earliest(moved) >= earliest(drugs)).toBe(true);
      }),
    );
  });
  it('adding a drug never makes the earliest leukapheresis date earlier', () => {
    fc.assert(
      fc.property(fc.array(drugArb, { minLength: 1, maxLength: 5 }), drugArb, (drugs, extra) => {
        expect(earliest([...drugs, extra]) >= earliest(drugs)).toBe(true);
      }),
    );
  });
});

describe('rendering', () => {
  const input = {
    drugs: [
      { drug: 'rituximab', lastDoseDate: LAST },
      { drug: 'inotuzumab-ozogamicin', lastDoseDate: LAST },
      { drug: 'bispecific-antibody', lastDoseDate: LAST },
      { drug: 'alemtuzumab', lastDoseDate: LAST },
      { drug: 'other', name: 'drug X', lastDoseDate: LAST, halfLifeDays: 2 },
    ],
    lymphocyteCount: q(300, '/uL'),
    plannedLeukapheresisDate: '2026-04-01',
    overrides: [{ drug: 'alemtuzumab', earliestDate: '2026-04-01', reason: 'urgent' }],
  };
  it.each(['en', 'zh-TW'] as const)('%s: every text is written and every rule cites Figure 3 and a publication', (lang) => {
    const r = washout(input, lang);
    expect(r.title).not.toBe('washout.title');
    expect(r.summary).not.toMatch(/^washout\./);
    for (const item of [...r.basis, ...r.warnings, ...r.actions]) {
      expect(item.text).not.toBe(item.rule);
      expect(item.text).not.toMatch(/\{\w+\}/);
    }
    for (const b of r.basis) {
      expect(b.citations.some((c) => c.kind === 'seed' && c.reference.includes('§1.3'))).toBe(true);
      expect(b.citations.some((c) => c.kind === 'publication' && c.doi !== undefined)).toBe(true);
    }
  });
  it('the zh-TW summary is in Chinese', () => {
    expect(washout(input, 'zh-TW').summary).toMatch(/[\u4e00-\u9fff]/);
  });
});
