import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EligibilityInput } from '../../src/journey/eligibility.js';
import { ALL_PATHWAY_THRESHOLDS } from '../../src/leukemia/all-pathway.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

type V = {
  lineage: string;
  phStatus: string;
  phase: string;
  branch: string;
  backbone: { phase: string; minDuration: string | null; maxDuration: string | null; throughout: boolean }[];
  tkiAllowed: boolean;
  mrd: { series: string; latestDate: string; conversions: { lastNegativeDate: string; positiveDate: string }[] } | null;
  e1910: { applies: boolean; ageWithinSeedRange: boolean | null } | null;
  ageGroup: string | null;
  handoff: { planner: string; input: Record<string, unknown>; missing: string[] } | null;
};
type In = Record<string, unknown>;

const neg = (date: string, sensitivityFraction = 1e-4) => ({ date, method: 'flow', marker: 'LAIP', sensitivityFraction, valueFraction: 'undetectable' });
const pos = (date: string, valueFraction = 1e-3) => ({ date, method: 'flow', marker: 'LAIP', sensitivityFraction: 1e-4, valueFraction });
const NEWLY = { phase: 'newly-diagnosed' };
const inCr = (results?: unknown[]) => (results === undefined ? { phase: 'in-cr' } : { phase: 'in-cr', mrd: { results } });
const RR = { phase: 'relapsed-refractory', diseaseStatus: 'second-or-later-relapse', relapseAfterAlloHct: false };

const plan = (over: In = {}, lang: 'en' | 'zh-TW' = 'en', settings?: unknown) => {
  const input: In = { lineage: 'B', phStatus: 'negative', age: q(45, 'a'), status: NEWLY, ...over };
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete input[k];
  return run<V>('all-pathway', input, lang, settings);
};
const warningRules = (r: { warnings: { rule: string }[] }) => r.warnings.map((w) => w.rule);
const action = (r: { actions: { rule: string }[] }, rule: string) => r.actions.find((a) => a.rule === rule) as Record<string, unknown> | undefined;

describe('backbone (seed 000: induction 4-6 weeks, consolidation, CNS prophylaxis throughout, maintenance 2-3 years)', () => {
  it('exports its numbers', () => {
    expect(ALL_PATHWAY_THRESHOLDS.inductionWeeks).toEqual({ min: 4, max: 6 });
    expect(ALL_PATHWAY_THRESHOLDS.maintenanceYears).toEqual({ min: 2, max: 3 });
    expect(ALL_PATHWAY_THRESHOLDS.e1910SeedAgeYears).toEqual({ min: 25, max: 70 });
  });
  it('newly diagnosed: all four phases with their durations', () => {
    const r = plan();
    expect(r.value?.backbone).toEqual([
      { phase: 'induction', minDuration: 'P4W', maxDuration: 'P6W', throughout: false },
      { phase: 'consolidation', minDuration: null, maxDuration: null, throughout: false },
      { phase: 'cns-prophylaxis', minDuration: null, maxDuration: null, throughout: true },
      { phase: 'maintenance', minDuration: 'P2Y', maxDuration: 'P3Y', throughout: false },
    ]);
    expect(actionRules(r).slice(0, 4)).toEqual(['all-pathway.induction', 'all-pathway.consolidation', 'all-pathway.cns-prophylaxis', 'all-pathway.maintenance']);
    expect(action(r, 'all-pathway.cns-prophylaxis')).toMatchObject({ route: 'IT', drug: 'methotrexate', status: 'do' });
    expect(warningRules(r)).toContain('all-pathway.doses-per-protocol');
  });
  it('in CR: consolidation, CNS prophylaxis and maintenance only', () => {
    const r = plan({ status: inCr([neg('2025-01-10')]) });
    expect(r.value?.backbone.map((b) => b.phase)).toEqual(['consolidation', 'cns-prophylaxis', 'maintenance']);
    expect(actionRules(r)).not.toContain('all-pathway.induction');
  });
  it('relapsed/refractory: no backbone', () => {
    expect(plan({ status: RR }).value?.backbone).toEqual([]);
  });
});

describe('Ph-positive ALL (BCR::ABL1 evidence required before a TKI)', () => {
  it('B-lineage with evidence: chemotherapy + TKI, ponatinib + blinatumomab option, allo-HCT in CR1', () => {
    const r = plan({ phStatus: 'positive', bcrAbl1Evidence: ['rt-pcr', 'fish'] });
    expect(r.value).toMatchObject({ branch: 'newly-diagnosed-ph-positive', tkiAllowed: true });
    expect(action(r, 'all-pathway.tki-with-chemotherapy')).toMatchObject({ status: 'do', drug: 'imatinib / dasatinib / ponatinib', route: 'PO' });
    expect(action(r, 'all-pathway.ponatinib-blinatumomab')).toMatchObject({ status: 'consider' });
    expect(action(r, 'all-pathway.ph-positive-allo-hct-cr1')).toMatchObject({ status: 'consider' });
    expect(r.basis.find((b) => b.rule === 'all-pathway.ph-positive-evidence')?.observed).toBe('rt-pcr, fish');
    expect(actionRules(r)).not.toContain('all-pathway.mrd-after-induction');
    expect(action(r, 'all-pathway.mrd-after-induction-generic')?.['status']).toBe('do');
  });
  it('Ph-positive without documented BCR::ABL1: TKI refused with the reason', () => {
    const r = plan({ phStatus: 'positive' });
    expect(r.value?.tkiAllowed).toBe(false);
    const tki = action(r, 'all-pathway.tki-with-chemotherapy');
    expect(tki).toMatchObject({ status: 'refused' });
    expect((tki?.['refusedBecause'] as { rule: string }[]).map((b) => b.rule)).toEqual(['all-pathway.ph-positive-no-evidence']);
    expect(actionRules(r)).not.toContain('all-pathway.ponatinib-blinatumomab');
  });
  it('Ph pending: TKI not yet (refused), await the genetics', () => {
    const r = plan({ phStatus: 'pending' });
    expect(r.value?.branch).toBe('newly-diagnosed-ph-pending');
    const tki = action(r, 'all-pathway.tki-with-chemotherapy');
    expect(tki).toMatchObject({ status: 'refused' });
    expect((tki?.['refusedBecause'] as { rule: string }[]).map((b) => b.rule)).toEqual(['all-pathway.ph-pending']);
    expect(warningRules(r)).toContain('all-pathway.await-genetics');
  });
  it('Ph-positive T-ALL: TKI, but no blinatumomab-containing regimen (CD19)', () => {
    const r = plan({ lineage: 'T', phStatus: 'positive', bcrAbl1Evidence: ['karyotype'] });
    expect(action(r, 'all-pathway.tki-with-chemotherapy')?.['status']).toBe('do');
    expect(actionRules(r)).not.toContain('all-pathway.ponatinib-blinatumomab');
    expect(action(r, 'all-pathway.blinatumomab-t-all')?.['status']).toBe('refused');
  });
  it('Ph-positive in CR: TKI and allo-HCT; sustained MRD negativity leaves transplant an open question', () => {
    const r = plan({ phStatus: 'positive', bcrAbl1Evidence: ['rt-pcr'], status: inCr([neg('2025-01-10'), neg('2025-03-10')]) });
    expect(r.value).toMatchObject({ branch: 'cr-ph-positive', e1910: null, mrd: { series: 'sustained-negative' } });
    expect(actionRules(r)).toEqual(expect.arrayContaining(['all-pathway.tki-with-chemotherapy', 'all-pathway.ph-positive-allo-hct-cr1']));
    expect(actionRules(r)).not.toContain('all-pathway.ponatinib-blinatumomab');
    expect(warningRules(r)).toContain('all-pathway.ph-positive-deep-mrd-transplant-open');
    expect(actionRules(r)).not.toContain('all-pathway.blinatumomab-consolidation');
  });
  it('Ph pending in CR: no TKI yet', () => {
    const r = plan({ phStatus: 'pending', status: inCr() });
    expect(r.value?.branch).toBe('cr-ph-pending');
    expect(action(r, 'all-pathway.tki-with-chemotherapy')?.['status']).toBe('refused');
  });
  it('Ph-positive relapse: the seed gap is stated', () => {
    expect(warningRules(plan({ phStatus: 'positive', bcrAbl1Evidence: ['rt-pcr'], status: RR }))).toContain('all-pathway.ph-positive-relapse-not-in-seed');
  });
});

describe('Ph-negative B-ALL: MRD and blinatumomab consolidation (E1910)', () => {
  it('newly diagnosed: MRD after induction decides', () => {
    const r = plan();
    expect(r.value?.branch).toBe('newly-diagnosed-b-ph-negative');
    expect(action(r, 'all-pathway.mrd-after-induction')?.['status']).toBe('do');
  });
  it('in CR, MRD negative: blinatumomab consolidation with the E1910 results as printed in the seed', () => {
    const r = plan({ status: inCr([neg('2025-01-10')]) });
    expect(r.value).toMatchObject({ branch: 'cr-b-ph-negative-mrd-negative', e1910: { applies: true, ageWithinSeedRange: true }, mrd: { series: 'negative' } });
    expect(action(r, 'all-pathway.blinatumomab-consolidation')).toMatchObject({ status: 'consider', drug: 'blinatumomab', route: 'IV', frequency: 'continuous' });
    const trial = r.basis.find((b) => b.rule === 'all-pathway.e1910-mrd-negative');
    for (const figure of ['488 patients enrolled', 'MRD-negative patients randomized', '85 % vs 68 %', 'HR 0.41', 'P = 0.002', '4.5 years', '71.4 months']) expect(trial?.text).toContain(figure);
    expect(trial?.citations.map((c) => c.doi)).toContain('10.1056/NEJMoa2312948');
    // The mrd instrument's classification and meaning, reused.
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['mrd.result-negative', 'mrd.series-negative', 'mrd.all-milestone-not-guarantee']));
    expect(actionRules(r)).toContain('mrd.all-transplant-considerations');
    expect(warningRules(r)).toEqual(expect.arrayContaining(['mrd.all-nhi-not-covered', 'all-pathway.blinatumomab-adverse-effects']));
  });
  it.each([
    [24, false, false],
    [24.9, false, false],
    [25, true, true],
    [29.9, true, true],
    [30, true, false],
    [70, true, false],
    [70.9, true, false],
    [71, false, false],
  ])('age %s: within the seed range %s, paper-range (30-70) warning %s', (age, within, paperWarning) => {
    const r = plan({ age: q(age, 'a'), status: inCr([neg('2025-01-10')]) });
    expect(r.value?.e1910).toEqual({ applies: true, ageWithinSeedRange: within });
    expect(rulesOf(r).includes('all-pathway.e1910-age-within')).toBe(within);
    expect(warningRules(r).includes('all-pathway.e1910-age-paper-30')).toBe(paperWarning);
    expect(warningRules(r).includes('all-pathway.e1910-age-outside')).toBe(!within);
    // Outside the range blinatumomab stays a consideration, never an order.
    expect(action(r, 'all-pathway.blinatumomab-consolidation')?.['status']).toBe('consider');
  });
  it('age missing: E1910 range unchecked, said so', () => {
    const r = plan({ age: undefined, status: inCr([neg('2025-01-10')]) });
    expect(r.value?.e1910).toEqual({ applies: true, ageWithinSeedRange: null });
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'all-pathway.age-missing', field: 'age' }));
  });
  it('MRD negative only at an insufficient sensitivity: not E1910, never called negative', () => {
    const r = plan({ status: inCr([neg('2025-01-10', 1e-3)]) });
    expect(r.value).toMatchObject({ branch: 'cr-b-ph-negative-mrd-unknown', e1910: { applies: false }, mrd: { series: 'cannot-call-negative' } });
    expect(warningRules(r)).toEqual(expect.arrayContaining(['all-pathway.mrd-cannot-call', 'mrd.insufficient-sensitivity-alert']));
    expect(actionRules(r)).not.toContain('all-pathway.blinatumomab-consolidation');
  });
  it('MRD persistently positive: E1910 does not apply; evaluate allo-HCT in CR1', () => {
    const r = plan({ status: inCr([pos('2025-01-10'), pos('2025-03-10')]) });
    expect(r.value).toMatchObject({ branch: 'cr-b-ph-negative-mrd-positive', e1910: { applies: false } });
    expect(rulesOf(r)).toContain('all-pathway.e1910-not-mrd-negative');
    expect(actionRules(r)).toContain('mrd.all-persistent-evaluate-allo-hct');
    expect(warningRules(r)).toContain('mrd.persistent-alert');
    expect(actionRules(r)).not.toContain('all-pathway.blinatumomab-consolidation');
  });
  it('MRD conversion: the alert with its dates comes through', () => {
    const r = plan({ status: inCr([neg('2025-01-10'), pos('2025-04-10')]) });
    expect(r.value?.mrd?.conversions).toEqual([{ lastNegativeDate: '2025-01-10', positiveDate: '2025-04-10' }]);
    expect(r.warnings.find((w) => w.rule === 'mrd.conversion-alert')?.field).toBe('status.mrd.results');
  });
  it('no MRD result in CR: decision deferred, field named', () => {
    const r = plan({ status: inCr() });
    expect(r.value).toMatchObject({ branch: 'cr-b-ph-negative-mrd-unknown', mrd: null });
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'all-pathway.mrd-missing', field: 'status.mrd' }));
  });
  it('MRD contradictions are refused at their path inside status', () => {
    expectInputError('all-pathway', { lineage: 'B', phStatus: 'negative', status: inCr([neg('2025-01-10', 0)]) }, 'status.mrd.results[0].sensitivityFraction', 'mrd.input.sensitivity-out-of-range');
    expectInputError('all-pathway', { lineage: 'B', phStatus: 'negative', status: inCr([neg('2025-01-10'), neg('2025-01-10')]) }, 'status.mrd.results[1]', 'mrd.input.duplicate-result');
  });
});

describe('relapsed/refractory B-ALL: blinatumomab, inotuzumab, CAR-T', () => {
  it('three options, with INO-VATE and ELIANA as printed in the seed', () => {
    const r = plan({ status: RR, age: q(19, 'a') });
    expect(r.value?.branch).toBe('relapsed-refractory-b');
    expect(action(r, 'all-pathway.blinatumomab-rr')).toMatchObject({ status: 'consider', drug: 'blinatumomab' });
    const ino = action(r, 'all-pathway.inotuzumab') as { status: string; limits: { rule: string }[] };
    expect(ino.status).toBe('consider');
    expect(ino.limits.map((l) => l.rule)).toEqual(['all-pathway.inotuzumab-vod', 'all-pathway.inotuzumab-before-transplant']);
    const inoVate = r.basis.find((b) => b.rule === 'all-pathway.rr-inotuzumab');
    for (const figure of ['N = 326', '80.7 % vs 29.4 %', '7.7 vs 6.7', 'HR 0.77']) expect(inoVate?.text).toContain(figure);
    expect(inoVate?.citations.map((c) => c.doi)).toContain('10.1056/NEJMoa1509277');
    const eliana = r.basis.find((b) => b.rule === 'all-pathway.rr-car-t');
    for (const figure of ['n = 75', '81 %', '73 %']) expect(eliana?.text).toContain(figure);
    // ELIANA enrolled up to 21 years at diagnosis; 25 years is the label, not the trial.
    expect(eliana?.text).toContain('at most 21 at diagnosis');
    expect(eliana?.text).toContain('label extends to 25 years');
    expect(eliana?.text).not.toContain('up to 25 years)');
    expect(eliana?.citations.map((c) => c.doi)).toContain('10.1056/NEJMoa1709866');
    expect(warningRules(r)).toEqual(expect.arrayContaining(['all-pathway.blinatumomab-adverse-effects', 'all-pathway.car-t-adverse-effects']));
  });
  it('CAR-T: a hand-off to the eligibility planner with the fields it needs (not called)', () => {
    const r = plan({ status: { ...RR, priorCd19DirectedTherapy: true }, age: q(19, 'a') });
    expect(action(r, 'all-pathway.car-t-handoff')?.['status']).toBe('consider');
    expect(r.value?.handoff).toEqual({
      planner: 'eligibility',
      input: { product: 'tisagenlecleucel', diagnosis: 'B-ALL', ageYears: 19, diseaseStatus: 'second-or-later-relapse', relapseAfterAlloHct: false, priorCd19DirectedTherapy: true },
      missing: [],
    });
    expect(EligibilityInput.safeParse(r.value?.handoff?.input).success).toBe(true);
  });
  it('missing hand-off fields are listed (relapse after HCT matters in first relapse)', () => {
    const r = plan({ status: { phase: 'relapsed-refractory', diseaseStatus: 'first-relapse' }, age: undefined });
    expect(r.value?.handoff?.missing).toEqual(['ageYears', 'relapseAfterAlloHct']);
    expect(r.warnings.filter((w) => w.rule === 'all-pathway.car-t-handoff-missing').map((w) => w.field)).toEqual(['ageYears', 'relapseAfterAlloHct']);
    const refractory = plan({ status: { phase: 'relapsed-refractory', diseaseStatus: 'refractory' } });
    expect(refractory.value?.handoff?.missing).toEqual([]);
  });
  it.each([
    [25, false],
    [25.9, false],
    [26, true],
  ])('age %s: adult CAR-T options noted %s (ELIANA up to 25)', (age, adult) => {
    expect(warningRules(plan({ status: RR, age: q(age, 'a') })).includes('all-pathway.car-t-adult-options')).toBe(adult);
  });
  it('transplant planned: the inotuzumab VOD caution is raised', () => {
    expect(warningRules(plan({ status: { ...RR, alloHctPlanned: true } }))).toContain('all-pathway.inotuzumab-transplant-planned');
    expect(warningRules(plan({ status: RR }))).not.toContain('all-pathway.inotuzumab-transplant-planned');
  });
});

describe('T-ALL: nelarabine; CD19/CD22 agents do not apply', () => {
  it.each([
    ['newly diagnosed', NEWLY, 'newly-diagnosed-t-ph-negative'],
    ['in CR', inCr([neg('2025-01-10')]), 'cr-t-ph-negative'],
    ['relapsed/refractory', RR, 'relapsed-refractory-t'],
  ])('%s', (_n, status, branch) => {
    const r = plan({ lineage: 'T', status });
    expect(r.value?.branch).toBe(branch);
    expect(action(r, 'all-pathway.nelarabine')).toMatchObject({ status: 'consider', drug: 'nelarabine' });
    for (const rule of ['all-pathway.blinatumomab-t-all', 'all-pathway.inotuzumab-t-all', 'all-pathway.car-t-t-all']) {
      const refused = action(r, rule) as { status: string; refusedBecause: { rule: string; observed: string }[] };
      expect(refused.status).toBe('refused');
      expect(refused.refusedBecause).toEqual([expect.objectContaining({ rule: 'all-pathway.t-all-no-cd19-cd22', observed: 'T' })]);
    }
    expect(r.value?.handoff).toBeNull();
    expect(actionRules(r)).not.toContain('all-pathway.blinatumomab-consolidation');
    expect(warningRules(r)).toContain('all-pathway.car-t-t-all-trials');
  });
  it('property: no T-ALL plan ever proposes a CD19 or CD22 agent', () => {
    const cd19or22 = /blinatumomab|inotuzumab|CAR-T/;
    fc.assert(
      fc.property(
        fc.constantFrom('positive', 'negative', 'pending'),
        fc.constantFrom<unknown>(NEWLY, inCr(), inCr([neg('2025-01-10')]), inCr([pos('2025-01-10'), pos('2025-02-10')]), RR),
        fc.integer({ min: 1, max: 90 }),
        (phStatus, status, age) => {
          const r = plan({ lineage: 'T', phStatus, bcrAbl1Evidence: phStatus === 'positive' ? ['fish'] : [], status, age: q(age, 'a') });
          for (const a of r.actions) if (a.drug !== undefined && cd19or22.test(a.drug)) expect(a.status).toBe('refused');
        },
      ),
    );
  });
});

describe('children and adults (seed 000: four reasons)', () => {
  it('the four reasons and both seeds survival figures are explained', () => {
    const r = plan({ age: q(8, 'a') });
    expect(r.value?.ageGroup).toBe('child');
    expect(rulesOf(r)).toEqual(
      expect.arrayContaining([
        'all-pathway.survival-children-adults',
        'all-pathway.child-reason-cytogenetics',
        'all-pathway.child-reason-intensity',
        'all-pathway.child-reason-mrd-adapted',
        'all-pathway.child-reason-aya-regimen',
      ]),
    );
    const survival = r.basis.find((b) => b.rule === 'all-pathway.survival-children-adults');
    expect(survival?.text).toContain('85 %');
    expect(survival?.text).toContain('90 %');
    expect(actionRules(r)).not.toContain('all-pathway.aya-pediatric-regimen');
  });
  it.each([
    [17, 'child', false],
    [18, 'adult', true],
    [39, 'adult', true],
    [39.5, 'adult', true],
    [40, 'adult', false],
  ])('age %s: %s, pediatric-inspired regimen proposed %s (AYA 15-39)', (age, group, aya) => {
    const r = plan({ age: q(age, 'a') });
    expect(r.value?.ageGroup).toBe(group);
    expect(actionRules(r).includes('all-pathway.aya-pediatric-regimen')).toBe(aya);
  });
  it('the pediatric age limit is the institution setting', () => {
    const r = plan({ age: q(16, 'a') }, 'en', { pediatricAgeLimitYears: 16 });
    expect(r.value?.ageGroup).toBe('adult');
    expect(actionRules(r)).toContain('all-pathway.aya-pediatric-regimen');
  });
  it('age missing at diagnosis: said so, no age group', () => {
    const r = plan({ age: undefined });
    expect(r.value?.ageGroup).toBeNull();
    expect(warningRules(r)).toContain('all-pathway.age-missing');
  });
});

describe('contradictions are refused', () => {
  it.each([['negative'], ['pending']])('BCR::ABL1 evidence with Ph %s', (phStatus) => {
    expectInputError('all-pathway', { lineage: 'B', phStatus, bcrAbl1Evidence: ['fish'], status: NEWLY }, 'bcrAbl1Evidence', 'all-pathway.input.evidence-contradicts-ph');
  });
  it('duplicate evidence, bare age, unknown phase', () => {
    expectInputError('all-pathway', { lineage: 'B', phStatus: 'positive', bcrAbl1Evidence: ['fish', 'fish'], status: NEWLY }, 'bcrAbl1Evidence', 'all-pathway.input.duplicate-evidence');
    expectInputError('all-pathway', { lineage: 'B', phStatus: 'negative', age: 40, status: NEWLY }, 'age', 'input.unit-required');
    expectInputError('all-pathway', { lineage: 'B', phStatus: 'negative', status: { phase: 'remission' } }, 'status.phase', 'input.invalid-union');
  });
});

describe('Ph-positive without documented BCR::ABL1: the summary promises nothing the plan lacks', () => {
  it.each([
    ['newly diagnosed', NEWLY, 'newly-diagnosed-ph-positive'],
    ['in CR', inCr([neg('2025-01-10')]), 'cr-ph-positive'],
  ])('%s, unconfirmed: summary asks for BCR::ABL1; TKI refused, no allo-HCT step', (_n, status, branch) => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const r = plan({ phStatus: 'positive', status }, lang);
      expect(r.value).toMatchObject({ branch, tkiAllowed: false });
      expect(action(r, 'all-pathway.tki-with-chemotherapy')?.['status']).toBe('refused');
      expect(actionRules(r)).not.toContain('all-pathway.ph-positive-allo-hct-cr1');
      if (lang === 'en') {
        expect(r.summary).toContain('BCR::ABL1 not documented');
        expect(r.summary).toContain('before a TKI');
        expect(r.summary).not.toMatch(/TKI with consolidation|evaluate allo-HCT/);
      } else {
        expect(r.summary).toContain('未記載 BCR::ABL1');
        expect(r.summary).not.toContain('鞏固合併 TKI');
        expect(r.summary).not.toContain('評估同種異體移植');
      }
    }
  });
  it.each([
    ['newly diagnosed', NEWLY],
    ['in CR', inCr([neg('2025-01-10')])],
  ])('%s, confirmed: the summary names the TKI and allo-HCT, and the plan holds both', (_n, status) => {
    const r = plan({ phStatus: 'positive', bcrAbl1Evidence: ['fish'], status });
    expect(r.summary).toMatch(/TKI/);
    expect(r.summary).toContain('allo-HCT in CR1');
    expect(action(r, 'all-pathway.tki-with-chemotherapy')?.['status']).toBe('do');
    expect(actionRules(r)).toContain('all-pathway.ph-positive-allo-hct-cr1');
  });
});

describe('MRD after induction for every lineage (generic wording outside Ph-negative B-ALL)', () => {
  it.each([
    ['Ph-negative B-ALL', { lineage: 'B', phStatus: 'negative' }, 'all-pathway.mrd-after-induction'],
    ['B-ALL, Ph pending', { lineage: 'B', phStatus: 'pending' }, 'all-pathway.mrd-after-induction'],
    ['Ph-positive B-ALL', { lineage: 'B', phStatus: 'positive', bcrAbl1Evidence: ['rt-pcr'] }, 'all-pathway.mrd-after-induction-generic'],
    ['T-ALL', { lineage: 'T', phStatus: 'negative' }, 'all-pathway.mrd-after-induction-generic'],
    ['Ph-positive T-ALL', { lineage: 'T', phStatus: 'positive', bcrAbl1Evidence: ['fish'] }, 'all-pathway.mrd-after-induction-generic'],
  ])('%s: %s', (_n, over, rule) => {
    const r = plan(over);
    const steps = r.actions.filter((a) => a.rule.startsWith('all-pathway.mrd-after-induction'));
    expect(steps.map((a) => a.rule)).toEqual([rule]);
    expect(steps[0]?.status).toBe('do');
    // E1910 (blinatumomab) wording only where E1910 can apply.
    if (rule.endsWith('generic')) expect(steps[0]?.text).not.toMatch(/E1910|blinatumomab/);
  });
});

describe('wording (zh-TW without raw English values; continuous infusion)', () => {
  it('zh-TW MRD status and age group read in Chinese', () => {
    const negative = plan({ status: inCr([neg('2025-01-10'), neg('2025-03-10')]) }, 'zh-TW');
    expect(negative.basis.find((b) => b.rule === 'all-pathway.e1910-mrd-negative')?.text).toContain('MRD 陰性');
    const positive = plan({ status: inCr([pos('2025-01-10'), pos('2025-03-10')]) }, 'zh-TW');
    expect(positive.basis.find((b) => b.rule === 'all-pathway.e1910-not-mrd-negative')?.text).toContain('MRD 陽性');
    for (const r of [negative, positive, plan({}, 'zh-TW'), plan({ age: q(8, 'a') }, 'zh-TW')]) {
      for (const t of [r.summary, ...r.basis.map((b) => b.text)]) expect(t).not.toMatch(/sustained-negative|persistent-positive|MRD negative|MRD positive|\badult\b|\bchild\b/);
    }
  });
  it('blinatumomab reads "as a continuous IV infusion", never "by continuously"', () => {
    const consolidation = action(plan({ status: inCr([neg('2025-01-10')]) }), 'all-pathway.blinatumomab-consolidation') as { text: string };
    const rr = action(plan({ status: RR }), 'all-pathway.blinatumomab-rr') as { text: string };
    for (const t of [consolidation.text, rr.text]) {
      expect(t).toContain('as a continuous IV infusion');
      expect(t).not.toContain('continuously');
    }
  });
});

describe('both languages render', () => {
  const cases: In[] = [
    {},
    { phStatus: 'positive', bcrAbl1Evidence: ['fish'] },
    { phStatus: 'positive' },
    { phStatus: 'positive', status: inCr() },
    { lineage: 'T' },
    { phStatus: 'pending' },
    { status: inCr([neg('2025-01-10')]), age: q(27, 'a') },
    { status: inCr([neg('2025-01-10'), pos('2025-02-10'), pos('2025-03-10')]) },
    { status: { phase: 'relapsed-refractory' }, age: q(40, 'a') },
    { lineage: 'T', status: RR },
  ];
  it.each(['en', 'zh-TW'] as const)('%s: no text falls back to its rule id or leaves a placeholder', (lang) => {
    for (const c of cases) {
      const r = plan(c, lang);
      for (const item of [...r.basis, ...r.actions, ...r.warnings]) {
        expect(item.text).not.toBe(item.rule);
        expect(item.text, item.rule).not.toMatch(/\{\w+\}/);
      }
      expect(r.summary).not.toMatch(/^all-pathway\./);
    }
  });
});
