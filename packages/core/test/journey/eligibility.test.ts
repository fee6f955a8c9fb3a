import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/explain/render.js';
import { addDays } from '../../src/journey/calendar.js';
import { ELIGIBILITY_THRESHOLDS, EligibilityInput, planEligibility, type EligibilityValue } from '../../src/journey/eligibility.js';
import { CAR_T_PRODUCTS, TISAGENLECLEUCEL, type CarTProduct } from '../../src/journey/indications.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

const DAY = '2026-03-01';

/** Every Table 1 and §1.2.2 answer, all passing. */
const COMMON = {
  product: 'tisagenlecleucel',
  assessmentDate: DAY,
  performanceStatus: { scale: 'ecog', value: 1 },
  lifeExpectancy: 'over-8-weeks',
  highTumorBurden: false,
  otherMalignancy: 'none',
  priorAlloHct: false,
  priorCd19DirectedTherapy: false,
  systemicImmunosuppression: false,
  activeBacterialOrFungalInfection: false,
  activeViralInfection: false,
  covidPcr: 'negative',
  hbv: 'negative',
  hcv: 'negative',
  hiv: 'negative',
  cnsInvolvement: 'none',
  sex: 'male',
  weight: q(70, 'kg'),
  creatinine: q(0.9, 'mg/dL'),
  lvef: q(60, '%'),
  spo2RoomAir: q(98, '%'),
  requiresSupplementalOxygen: false,
} as const;

/** A 20-year-old in second relapse of B-ALL with no Table 2 factor. */
const ALL = {
  ...COMMON,
  diagnosis: 'B-ALL',
  ageYears: 20,
  linesOfPriorSystemicTherapy: 3,
  diseaseStatus: 'second-or-later-relapse',
  kmt2aRearranged: false,
  tp53Mutated: false,
  hypodiploid: false,
  concurrentTkiPlanned: false,
  blinatumomabResponse: 'not-given',
  marrowBlasts: q(2, '%'),
  extramedullaryDisease: 'none',
  cd19MarrowLoad: q(40, '%'),
} as const;

/** A 60-year-old with refractory DLBCL after two lines, no DLBCL factor. */
const DLBCL = {
  ...COMMON,
  diagnosis: 'DLBCL',
  ageYears: 60,
  linesOfPriorSystemicTherapy: 2,
  diseaseStatus: 'refractory',
  extranodalDisease: false,
  ldh: q(200, 'U/L'),
  ldhUpperLimitOfNormal: q(250, 'U/L'),
  platelets: q(150_000, '/uL'),
  fullDoseFludarabineExpected: true,
  bendamustineWithin9MonthsBeforeApheresis: false,
  mycOverexpression: false,
  tp53Mutated: false,
} as const;

/** A 55-year-old with relapsed FL after two lines. */
const FL = { ...COMMON, diagnosis: 'FL', ageYears: 55, linesOfPriorSystemicTherapy: 2, diseaseStatus: 'first-relapse' } as const;

type Raw = Record<string, unknown>;
function elig(base: Raw, patch: Raw = {}, lang: 'en' | 'zh-TW' = 'en') {
  return run<EligibilityValue>('eligibility', { ...base, ...patch }, lang);
}
function without(base: Raw, ...keys: string[]) {
  const copy: Raw = { ...base };
  for (const k of keys) delete copy[k];
  return run<EligibilityValue>('eligibility', copy);
}
const warningRules = (r: { warnings: { rule: string; field?: string }[] }) => r.warnings.map((w) => w.rule);
const missingFields = (r: { warnings: { rule: string; field?: string }[] }) => r.warnings.filter((w) => w.rule === 'eligibility.missing').map((w) => w.field);
const T = ELIGIBILITY_THRESHOLDS;

describe('a patient meeting every criterion', () => {
  it.each([
    ['B-ALL', ALL, 'tisagenlecleucel.b-all'],
    ['DLBCL', DLBCL, 'tisagenlecleucel.dlbcl'],
    ['FL', FL, 'tisagenlecleucel.fl'],
  ] as const)('%s: eligible, with the matched indication', (_name, base, id) => {
    const r = elig(base);
    expect(r.status).toBe('assessed');
    expect(r.value!.verdict).toBe('eligible');
    expect(r.value!.indication).toMatchObject({ id, product: 'tisagenlecleucel' });
    expect(r.value!.missing).toEqual([]);
    expect(r.value!.reasons.every((x) => x.effect === 'pass' || x.effect === 'note')).toBe(true);
    expect(rulesOf(r)).toContain('eligibility.indication-matched');
    expect(rulesOf(r)).toContain('eligibility.verdict-eligible');
    expect(r.summary).toContain(id);
  });

  it('FL carries the accelerated-approval note; DLBCL lists the unscored T-cell factors', () => {
    expect(warningRules(elig(FL))).toContain('eligibility.indication-accelerated');
    expect(warningRules(elig(DLBCL))).toContain('eligibility.dlbcl-t-cell-factors');
    expect(warningRules(elig(ALL))).not.toContain('eligibility.indication-accelerated');
  });

  it('every reason cites its rule with a seed section and a publication', () => {
    const r = elig(ALL);
    for (const b of r.basis) {
      expect(b.citations.some((c) => c.kind === 'seed' && c.reference.includes('§'))).toBe(true);
      expect(b.citations.some((c) => c.kind === 'publication' && c.doi !== undefined)).toBe(true);
    }
  });
});

describe('§1.2.1 indications: age and lines of therapy on both sides', () => {
  it.each([
    // B-ALL: 25 years or younger, in completed years.
    [ALL, 25, true, undefined],
    [ALL, 25.9, true, undefined],
    [ALL, 26, false, 'eligibility.indication-age-above-max'],
    [ALL, 1, true, undefined],
    // DLBCL and FL: adults.
    [DLBCL, 17.9, false, 'eligibility.indication-age-below-min'],
    [DLBCL, 18, true, undefined],
    [DLBCL, 90, true, undefined],
    [FL, 17, false, 'eligibility.indication-age-below-min'],
    [FL, 18, true, undefined],
  ] as const)('%#: age %s -> matched %s', (base, age, matched, rule) => {
    const r = elig(base, { ageYears: age, measuredCrcl: q(90, 'mL/min') });
    expect(r.status).toBe('assessed');
    if (matched) {
      expect(r.value!.verdict).toBe('eligible');
      expect(rulesOf(r)).toContain('eligibility.indication-age-within');
    } else {
      expect(r.value!.verdict).toBe('needs-physician-review');
      expect(r.value!.indication).toBeNull();
      expect(rulesOf(r)).toContain(rule);
    }
  });

  it('the age limits come from the data: B-ALL up to 25, DLBCL and FL from 18', () => {
    const [all, dlbcl, fl] = TISAGENLECLEUCEL.indications;
    expect([all!.maxAgeYears, dlbcl!.minAgeYears, fl!.minAgeYears]).toEqual([25, 18, 18]);
    expect([dlbcl!.minPriorSystemicLines, fl!.minPriorSystemicLines]).toEqual([2, 2]);
  });

  it.each([
    [DLBCL, 1, false],
    [DLBCL, 2, true],
    [DLBCL, 5, true],
    [FL, 1, false],
    [FL, 2, true],
  ] as const)('%#: %i prior line(s) -> matched %s', (base, lines, matched) => {
    const r = elig(base, { linesOfPriorSystemicTherapy: lines });
    expect(r.value!.verdict).toBe(matched ? 'eligible' : 'needs-physician-review');
    expect(rulesOf(r)).toContain(matched ? 'eligibility.indication-lines-met' : 'eligibility.indication-lines-below-min');
    const entry = r.basis.find((b) => b.rule.startsWith('eligibility.indication-lines'))!;
    expect(entry.threshold).toEqual({ comparator: '>=', value: 2 });
  });

  it('B-ALL needs no line count for its label (lines only feed the Table 2 note)', () => {
    const r = elig(ALL, { linesOfPriorSystemicTherapy: 0 });
    expect(r.value!.verdict).toBe('eligible');
    expect(rulesOf(r)).not.toContain('eligibility.indication-lines-below-min');
  });

  const HCT = { priorAlloHct: true, alloHctDate: addDays(DAY, -200), activeGvhd: false };
  it.each([
    ['refractory', {}, true],
    ['second-or-later-relapse', {}, true],
    ['first-relapse', { ...HCT, relapseAfterAlloHct: true }, true],
    ['first-relapse', { relapseAfterAlloHct: false }, false],
    ['not-relapsed-or-refractory', {}, false],
  ] as const)('B-ALL status %s %o -> matched %s', (diseaseStatus, extra, matched) => {
    const r = elig(ALL, { diseaseStatus, ...extra });
    expect(r.value!.verdict).toBe(matched ? 'eligible' : 'needs-physician-review');
    expect(rulesOf(r)).toContain(matched ? 'eligibility.indication-status-met' : 'eligibility.indication-status-not-listed');
  });

  it('B-ALL in first relapse without saying whether it followed an allo-HCT: cannot assess', () => {
    const r = elig(ALL, { diseaseStatus: 'first-relapse' });
    expect(r.status).toBe('cannot-assess');
    expect(missingFields(r)).toEqual(['relapseAfterAlloHct']);
  });

  it.each([
    [DLBCL, 'first-relapse', true],
    [DLBCL, 'second-or-later-relapse', true],
    [DLBCL, 'not-relapsed-or-refractory', false],
    [FL, 'refractory', true],
    [FL, 'not-relapsed-or-refractory', false],
  ] as const)('%#: lymphoma status %s -> matched %s', (base, diseaseStatus, matched) => {
    expect(elig(base, { diseaseStatus }).value!.verdict).toBe(matched ? 'eligible' : 'needs-physician-review');
  });

  it('a diagnosis the product is not approved for, or an unknown product: outside the label, physician review', () => {
    const mcl = elig(FL, { diagnosis: 'MCL' });
    expect(mcl.value).toMatchObject({ verdict: 'needs-physician-review', indication: null });
    expect(mcl.summary).toBe('Needs physician review: 1 finding(s); no approved indication matched');
    expect(rulesOf(mcl)).toContain('eligibility.indication-diagnosis-not-listed');
    const unknown = elig(FL, { product: 'no-such-cel' });
    expect(unknown.value!.verdict).toBe('needs-physician-review');
    expect(rulesOf(unknown)).toContain('eligibility.indication-product-unknown');
  });
});

describe('a second product added as data only', () => {
  const OTHER: CarTProduct = {
    product: 'example-cel',
    targetAntigen: 'CD19',
    indications: [
      { id: 'example-cel.mcl', diagnosis: 'MCL', minAgeYears: 18, minPriorSystemicLines: 1, statusAnyOf: ['refractory', 'any-relapse'], acceleratedApproval: false, section: '§test' },
    ],
  };
  const products = [...CAR_T_PRODUCTS, OTHER];
  const input = (patch: Raw = {}) => EligibilityInput.parse({ ...FL, product: 'example-cel', diagnosis: 'MCL', linesOfPriorSystemicTherapy: 1, ...patch });

  it('matches through the same data shape, with the same generic rules', () => {
    const r = render(planEligibility(input(), products), 'en', {});
    expect(r.value!.verdict).toBe('eligible');
    expect(r.value!.indication).toMatchObject({ id: 'example-cel.mcl', product: 'example-cel', minPriorSystemicLines: 1 });
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['eligibility.indication-lines-met', 'eligibility.indication-matched']));
  });
  it('its own limits apply: 0 lines is outside its label', () => {
    const r = planEligibility(input({ linesOfPriorSystemicTherapy: 0 }), products);
    expect(r.value!.verdict).toBe('needs-physician-review');
    expect(r.basis.map((b) => b.rule.id)).toContain('eligibility.indication-lines-below-min');
  });
  it('tisagenlecleucel is unchanged in the extended table', () => {
    expect(planEligibility(EligibilityInput.parse(FL), products).value!.indication!.id).toBe('tisagenlecleucel.fl');
  });
});

describe('Table 1, row by row', () => {
  it('age: no limit; recorded, never a reason', () => {
    const r = elig(ALL, { ageYears: 1, measuredCrcl: q(80, 'mL/min') });
    expect(rulesOf(r)).toContain('eligibility.age-no-limit');
    expect(r.value!.verdict).toBe('eligible');
  });

  it.each([
    [{ scale: 'ecog', value: 0 }, 'eligible', 'eligibility.performance-ecog-met'],
    [{ scale: 'ecog', value: 1 }, 'eligible', 'eligibility.performance-ecog-met'],
    [{ scale: 'ecog', value: 2 }, 'needs-physician-review', 'eligibility.performance-ecog-not-met'],
    [{ scale: 'ecog', value: 4 }, 'needs-physician-review', 'eligibility.performance-ecog-not-met'],
    [{ scale: 'karnofsky', value: 70 }, 'eligible', 'eligibility.performance-karnofsky-met'],
    [{ scale: 'karnofsky', value: 60 }, 'needs-physician-review', 'eligibility.performance-karnofsky-not-met'],
    [{ scale: 'lansky', value: 70 }, 'eligible', 'eligibility.performance-lansky-met'],
    [{ scale: 'lansky', value: 60 }, 'needs-physician-review', 'eligibility.performance-lansky-not-met'],
  ] as const)('performance status %o -> %s', (performanceStatus, verdict, rule) => {
    const r = elig(ALL, { performanceStatus });
    expect(r.value!.verdict).toBe(verdict);
    expect(rulesOf(r)).toContain(rule);
  });

  it('Karnofsky and Lansky take steps of 10 only', () => {
    expectInputError('eligibility', { ...ALL, performanceStatus: { scale: 'karnofsky', value: 65 } }, 'performanceStatus.value', 'input.not-multiple-of');
  });

  // [row, patch, verdict, rule that fired]
  const ROWS: [string, Raw, EligibilityValue['verdict'], string][] = [
    ['life expectancy over 8 weeks', { lifeExpectancy: 'over-8-weeks' }, 'eligible', 'eligibility.life-expectancy-met'],
    ['life expectancy 6-8 weeks', { lifeExpectancy: '6-to-8-weeks' }, 'needs-physician-review', 'eligibility.life-expectancy-borderline'],
    ['life expectancy under 6 weeks', { lifeExpectancy: 'under-6-weeks' }, 'needs-physician-review', 'eligibility.life-expectancy-short'],
    ['high tumor burden', { highTumorBurden: true }, 'needs-physician-review', 'eligibility.tumor-burden-high'],
    ['other malignancy: NMSC or CIS', { otherMalignancy: 'nmsc-or-carcinoma-in-situ' }, 'eligible', 'eligibility.malignancy-exempt'],
    ['other malignancy needing treatment', { otherMalignancy: 'active-requiring-treatment' }, 'needs-physician-review', 'eligibility.malignancy-active'],
    ['prior allo-HCT, 200 days, no GvHD, off immunosuppression', { priorAlloHct: true, alloHctDate: addDays(DAY, -200), activeGvhd: false }, 'eligible', 'eligibility.allo-hct-interval-met'],
    ['prior allo-HCT with active GvHD', { priorAlloHct: true, alloHctDate: addDays(DAY, -200), activeGvhd: true }, 'needs-physician-review', 'eligibility.allo-hct-gvhd-active'],
    [
      'prior allo-HCT still on immunosuppression',
      { priorAlloHct: true, alloHctDate: addDays(DAY, -200), activeGvhd: false, systemicImmunosuppression: true },
      'needs-physician-review',
      'eligibility.allo-hct-on-immunosuppression',
    ],
    ['prior CD19-directed therapy, CD19 still positive', { priorCd19DirectedTherapy: true, cd19Status: 'positive' }, 'eligible', 'eligibility.cd19-therapy-prior'],
    ['CD19-negative escape', { priorCd19DirectedTherapy: true, cd19Status: 'negative' }, 'contraindicated', 'eligibility.target-antigen-negative'],
    ['systemic immunosuppression', { systemicImmunosuppression: true }, 'needs-physician-review', 'eligibility.immunosuppression-systemic'],
    ['active bacterial or fungal infection', { activeBacterialOrFungalInfection: true }, 'contraindicated', 'eligibility.bacterial-fungal-active'],
    ['active viral infection / viremia', { activeViralInfection: true }, 'contraindicated', 'eligibility.viral-active'],
    ['COVID-19 PCR positive with symptoms', { covidPcr: 'positive-symptomatic' }, 'contraindicated', 'eligibility.covid-positive-symptomatic'],
    ['COVID-19 PCR positive without symptoms', { covidPcr: 'positive-asymptomatic' }, 'needs-physician-review', 'eligibility.covid-positive-asymptomatic'],
    ['HBsAg positive, DNA detectable', { hbv: 'hbsag-positive', hbvDnaDetectable: true }, 'contraindicated', 'eligibility.hbv-viremia'],
    ['HBsAg positive, DNA undetectable', { hbv: 'hbsag-positive', hbvDnaDetectable: false }, 'eligible', 'eligibility.hbv-latent'],
    ['anti-HBc only, no DNA result', { hbv: 'anti-hbc-positive-only' }, 'eligible', 'eligibility.hbv-latent'],
    ['anti-HBc only, DNA detectable', { hbv: 'anti-hbc-positive-only', hbvDnaDetectable: true }, 'contraindicated', 'eligibility.hbv-viremia'],
    ['anti-HCV positive, RNA detectable', { hcv: 'anti-hcv-positive', hcvRnaDetectable: true }, 'contraindicated', 'eligibility.hcv-viremia'],
    ['anti-HCV positive, RNA undetectable', { hcv: 'anti-hcv-positive', hcvRnaDetectable: false }, 'eligible', 'eligibility.hcv-latent'],
    ['HIV, viral load detectable', { hiv: 'positive', hivViralLoadDetectable: true }, 'contraindicated', 'eligibility.hiv-viremia'],
    ['HIV, viral load undetectable (label decides)', { hiv: 'positive', hivViralLoadDetectable: false }, 'needs-physician-review', 'eligibility.hiv-latent'],
    ['CNS involvement, controlled', { cnsInvolvement: 'controlled' }, 'needs-physician-review', 'eligibility.cns-controlled'],
    ['CNS involvement, active', { cnsInvolvement: 'active' }, 'needs-physician-review', 'eligibility.cns-active'],
  ];
  it.each(ROWS)('%s', (_row, patch, verdict, rule) => {
    const r = elig(ALL, patch);
    expect(r.status).toBe('assessed');
    expect(r.value!.verdict).toBe(verdict);
    expect(rulesOf(r)).toContain(rule);
    const reason = r.value!.reasons.find((x) => x.rule === rule)!;
    const effect = verdict === 'contraindicated' ? 'contraindication' : verdict === 'needs-physician-review' ? 'review' : reason.effect;
    expect(reason.effect).toBe(effect);
  });

  it('latent HBV: prophylaxis with entecavir or tenofovir; latent HCV: antiviral prophylaxis', () => {
    const hbv = elig(ALL, { hbv: 'hbsag-positive', hbvDnaDetectable: false });
    expect(hbv.actions).toEqual([expect.objectContaining({ rule: 'eligibility.antiviral-prophylaxis-hbv', status: 'do', drug: 'entecavir/tenofovir' })]);
    expect(hbv.actions[0]!.text).toContain('entecavir/tenofovir');
    expect(actionRules(elig(ALL, { hcv: 'anti-hcv-positive', hcvRnaDetectable: false }))).toEqual(['eligibility.antiviral-prophylaxis-hcv-hiv']);
    expect(elig(ALL).actions).toEqual([]);
  });

  it('HBsAg, anti-HCV or HIV positive without a viral load: cannot assess, the viral load is asked for', () => {
    expect(missingFields(elig(ALL, { hbv: 'hbsag-positive' }))).toEqual(['hbvDnaDetectable']);
    expect(missingFields(elig(ALL, { hcv: 'anti-hcv-positive' }))).toEqual(['hcvRnaDetectable']);
    expect(missingFields(elig(ALL, { hiv: 'positive' }))).toEqual(['hivViralLoadDetectable']);
  });

  it('prior allo-HCT carries the ALL toxicity note', () => {
    expect(warningRules(elig(ALL, { priorAlloHct: true, alloHctDate: addDays(DAY, -200), activeGvhd: false }))).toContain('eligibility.allo-hct-toxicity');
  });

  it('B-ALL after CD19-directed therapy: antigen-negative escape must be excluded first (CD19 status asked for)', () => {
    const r = elig(ALL, { priorCd19DirectedTherapy: true });
    expect(r.status).toBe('cannot-assess');
    expect(missingFields(r)).toEqual(['cd19Status']);
    // Lymphoma: Table 1 asks this for B-ALL only.
    expect(elig(DLBCL, { priorCd19DirectedTherapy: true }).value!.verdict).toBe('eligible');
  });
});

describe('allo-HCT interval: calendar days from the HCT date to the assessment date', () => {
  it.each([
    [99, 'needs-physician-review', 'eligibility.allo-hct-interval-short'],
    [100, 'eligible', 'eligibility.allo-hct-interval-met'],
    [101, 'eligible', 'eligibility.allo-hct-interval-met'],
  ] as const)('%i days -> %s', (days, verdict, rule) => {
    const r = elig(ALL, { priorAlloHct: true, alloHctDate: addDays(DAY, -days), activeGvhd: false });
    expect(r.value!.verdict).toBe(verdict);
    const entry = r.basis.find((b) => b.rule === rule)!;
    expect(entry).toMatchObject({ observed: days, unit: 'd', threshold: { value: T.alloHctMinDays } });
  });
  it('across a leap day: 2024-02-20 to 2024-05-30 is 100 days', () => {
    const r = elig(ALL, { assessmentDate: '2024-05-30', priorAlloHct: true, alloHctDate: '2024-02-20', activeGvhd: false });
    expect(r.basis.find((b) => b.rule === 'eligibility.allo-hct-interval-met')!.observed).toBe(100);
  });
  it('without the dates: cannot assess, both asked for', () => {
    const r = without({ ...ALL, priorAlloHct: true, activeGvhd: false }, 'assessmentDate');
    expect(missingFields(r)).toEqual(['alloHctDate', 'assessmentDate']);
  });
});

describe('§1.2.2 organ function', () => {
  it.each([
    [29.9, 'needs-physician-review', 'eligibility.crcl-below'],
    [30, 'eligible', 'eligibility.crcl-met'],
    [30.1, 'eligible', 'eligibility.crcl-met'],
  ] as const)('measured CrCl %s mL/min -> %s', (crcl, verdict, rule) => {
    const r = elig(ALL, { measuredCrcl: q(crcl, 'mL/min') });
    expect(r.value!.verdict).toBe(verdict);
    expect(r.basis.find((b) => b.rule === rule)).toMatchObject({ observed: crcl, threshold: { value: T.crclMinMlMin, unit: 'mL/min' } });
    expect(rulesOf(r)).toContain('eligibility.crcl-measured');
  });

  it('Cockcroft-Gault when no measured value: 20 y, male, 70 kg, creatinine 4 mg/dL -> 29.2 mL/min', () => {
    const r = elig(ALL, { creatinine: q(4, 'mg/dL') });
    expect(r.basis.find((b) => b.rule === 'eligibility.crcl-cockcroft-gault')!.observed).toBe(29.2);
    expect(r.value!.verdict).toBe('needs-physician-review');
    // 20 y, male, 70 kg, creatinine 0.9 mg/dL -> 129.6 mL/min.
    expect(elig(ALL).basis.find((b) => b.rule === 'eligibility.crcl-cockcroft-gault')!.observed).toBe(129.6);
  });

  it('a child needs a measured clearance (Cockcroft-Gault is an adult formula)', () => {
    const r = elig(ALL, { ageYears: 10 });
    expect(r.status).toBe('cannot-assess');
    expect(missingFields(r)).toEqual(['measuredCrcl']);
    expect(warningRules(r)).toContain('eligibility.crcl-child-needs-measured');
  });

  it.each([
    [{ lvef: q(40, '%') }, 'needs-physician-review', 'eligibility.lvef-low'],
    [{ lvef: q(41, '%') }, 'eligible', 'eligibility.lvef-met'],
    [{ spo2RoomAir: q(92, '%') }, 'needs-physician-review', 'eligibility.spo2-low'],
    [{ spo2RoomAir: q(93, '%') }, 'eligible', 'eligibility.spo2-met'],
    [{ requiresSupplementalOxygen: true }, 'needs-physician-review', 'eligibility.oxygen-dependent'],
  ] as const)('cardiopulmonary reserve %o -> %s', (patch, verdict, rule) => {
    const r = elig(ALL, patch);
    expect(r.value!.verdict).toBe(verdict);
    expect(rulesOf(r)).toContain(rule);
  });

  it('LVEF is a percentage with its unit', () => {
    expectInputError('eligibility', { ...ALL, lvef: 55 }, 'lvef', 'input.unit-required');
    expectInputError('eligibility', { ...ALL, lvef: q(55, 'mL') }, 'lvef.unit', 'input.unit-not-convertible');
    // A fraction converts through UCUM: 0.55 is 55%.
    expect(run('eligibility', { ...ALL, lvef: q(0.55, '1') }).status).toBe(run('eligibility', { ...ALL, lvef: q(55, '%') }).status);
    expectInputError('eligibility', { ...ALL, lvef: q(120, '%') }, 'lvef.value', 'input.out-of-range');
  });
});

describe('Table 2: ALL efficacy factors mark lower efficacy, never exclusion', () => {
  const FACTORS: [string, Raw, string][] = [
    ['KMT2A rearrangement', { kmt2aRearranged: true }, 'eligibility.all-kmt2a'],
    ['TP53 mutation', { tp53Mutated: true }, 'eligibility.all-tp53'],
    ['hypodiploidy', { hypodiploid: true }, 'eligibility.all-hypodiploid'],
    ['TKI (dasatinib) alongside CAR-T', { concurrentTkiPlanned: true }, 'eligibility.all-tki-concurrent'],
    ['no response to blinatumomab', { priorCd19DirectedTherapy: true, cd19Status: 'positive', blinatumomabResponse: 'no-response' }, 'eligibility.all-blinatumomab-no-response'],
    ['marrow blasts 5%', { marrowBlasts: q(5, '%') }, 'eligibility.all-marrow-blasts-high'],
    ['active non-CNS extramedullary disease', { extramedullaryDisease: 'active-non-cns' }, 'eligibility.all-emd-active'],
    ['CD19+ load 14.9%', { cd19MarrowLoad: q(14.9, '%') }, 'eligibility.all-cd19-load-low'],
  ];
  it.each(FACTORS)('%s: needs physician review, with the citation', (_name, patch, rule) => {
    const r = elig(ALL, patch);
    expect(r.value!.verdict).toBe('needs-physician-review');
    expect(r.value!.indication!.id).toBe('tisagenlecleucel.b-all');
    expect(r.value!.reasons.find((x) => x.rule === rule)!.effect).toBe('review');
    const entry = r.basis.find((b) => b.rule === rule)!;
    expect(entry.citations.some((c) => c.reference.includes('Table 2'))).toBe(true);
    expect(entry.citations.some((c) => c.kind === 'publication')).toBe(true);
  });

  it.each([
    [4.9, 'eligibility.all-marrow-blasts-low', 'eligible'],
    [5, 'eligibility.all-marrow-blasts-high', 'needs-physician-review'],
  ] as const)('marrow blasts %s%% -> %s', (blasts, rule, verdict) => {
    const r = elig(ALL, { marrowBlasts: q(blasts, '%') });
    expect(rulesOf(r)).toContain(rule);
    expect(r.value!.verdict).toBe(verdict);
    expect(r.basis.find((b) => b.rule === rule)!.threshold).toMatchObject({ value: T.marrowBlastsHighPercent });
  });
  it.each([
    [14.9, 'eligibility.all-cd19-load-low', 'needs-physician-review'],
    [15, 'eligibility.all-cd19-load-adequate', 'eligible'],
  ] as const)('CD19+ load %s%% -> %s', (load, rule, verdict) => {
    const r = elig(ALL, { cd19MarrowLoad: q(load, '%') });
    expect(rulesOf(r)).toContain(rule);
    expect(r.value!.verdict).toBe(verdict);
  });

  it('resolved extramedullary disease and a response to blinatumomab do not lower the verdict', () => {
    expect(elig(ALL, { extramedullaryDisease: 'resolved' }).value!.verdict).toBe('eligible');
    const blina = elig(ALL, { priorCd19DirectedTherapy: true, cd19Status: 'positive', blinatumomabResponse: 'responded' });
    expect(blina.value!.verdict).toBe('eligible');
    expect(blina.value!.reasons.find((x) => x.rule === 'eligibility.all-blinatumomab-responded')!.effect).toBe('note');
  });

  it('prior lines: shown with their number, no cut-off invented', () => {
    const r = elig(ALL, { linesOfPriorSystemicTherapy: 6 });
    expect(r.value!.verdict).toBe('eligible');
    expect(r.basis.find((b) => b.rule === 'eligibility.all-prior-lines')).toMatchObject({ observed: 6 });
  });

  it('no adverse cytogenetics: one neutral entry', () => {
    expect(rulesOf(elig(ALL))).toContain('eligibility.all-cytogenetics-neutral');
    expect(rulesOf(elig(ALL, { tp53Mutated: true }))).not.toContain('eligibility.all-cytogenetics-neutral');
  });

  it('Table 2 questions are asked for B-ALL only', () => {
    expect(rulesOf(elig(FL)).some((r) => r.startsWith('eligibility.all-'))).toBe(false);
  });
});

describe('§1.2.3 DLBCL efficacy factors', () => {
  const FACTORS: [string, Raw, string][] = [
    ['extranodal disease', { extranodalDisease: true }, 'eligibility.dlbcl-extranodal'],
    ['LDH 2.01 x ULN', { ldh: q(502.5, 'U/L') }, 'eligibility.dlbcl-ldh-high'],
    ['platelets 49,999/uL', { platelets: q(49_999, '/uL') }, 'eligibility.dlbcl-platelets-low'],
    ['no full-dose fludarabine', { fullDoseFludarabineExpected: false }, 'eligibility.dlbcl-fludarabine-reduced'],
    ['bendamustine within 9 months of apheresis', { bendamustineWithin9MonthsBeforeApheresis: true }, 'eligibility.dlbcl-bendamustine-recent'],
    ['MYC overexpression', { mycOverexpression: true }, 'eligibility.dlbcl-myc'],
    ['TP53 mutation', { tp53Mutated: true }, 'eligibility.dlbcl-tp53'],
    ['high tumor burden', { highTumorBurden: true }, 'eligibility.tumor-burden-high'],
  ];
  it.each(FACTORS)('%s: needs physician review', (_name, patch, rule) => {
    const r = elig(DLBCL, patch);
    expect(r.value!.verdict).toBe('needs-physician-review');
    expect(r.value!.reasons.find((x) => x.rule === rule)!.effect).toBe('review');
  });

  it.each([
    [500, 'eligibility.dlbcl-ldh-ok', 2],
    [502.5, 'eligibility.dlbcl-ldh-high', 2.01],
  ] as const)('LDH %s U/L with ULN 250 -> %s', (ldh, rule, ratio) => {
    const r = elig(DLBCL, { ldh: q(ldh, 'U/L') });
    expect(r.basis.find((b) => b.rule === rule)).toMatchObject({ observed: ratio, unit: '× ULN', threshold: { value: T.ldhAboveTimesUln } });
  });
  it.each([
    [49_999, 'needs-physician-review'],
    [50_000, 'eligible'],
  ] as const)('platelets %i/uL -> %s', (platelets, verdict) => {
    expect(elig(DLBCL, { platelets: q(platelets, '/uL') }).value!.verdict).toBe(verdict);
  });
});

describe('missing answers: cannot assess, each missing field named', () => {
  const COMMON_FIELDS = [
    'ageYears',
    'diseaseStatus',
    'performanceStatus',
    'lifeExpectancy',
    'highTumorBurden',
    'otherMalignancy',
    'priorAlloHct',
    'priorCd19DirectedTherapy',
    'systemicImmunosuppression',
    'activeBacterialOrFungalInfection',
    'activeViralInfection',
    'covidPcr',
    'hbv',
    'hcv',
    'hiv',
    'cnsInvolvement',
    'sex',
    'weight',
    'creatinine',
    'lvef',
    'spo2RoomAir',
  ];
  const ALL_FIELDS = [
    'linesOfPriorSystemicTherapy',
    'kmt2aRearranged',
    'tp53Mutated',
    'hypodiploid',
    'concurrentTkiPlanned',
    'blinatumomabResponse',
    'marrowBlasts',
    'extramedullaryDisease',
    'cd19MarrowLoad',
  ];
  const DLBCL_FIELDS = ['linesOfPriorSystemicTherapy', 'extranodalDisease', 'ldh', 'ldhUpperLimitOfNormal', 'platelets', 'fullDoseFludarabineExpected', 'bendamustineWithin9MonthsBeforeApheresis', 'mycOverexpression', 'tp53Mutated'];

  it.each([...COMMON_FIELDS, ...ALL_FIELDS].map((f) => [f] as const))('B-ALL without %s', (field) => {
    const r = without(ALL, field);
    expect(r.status).toBe('cannot-assess');
    expect(r.value).toBeNull();
    expect(missingFields(r)).toEqual([field]);
  });
  it.each(DLBCL_FIELDS.map((f) => [f] as const))('DLBCL without %s', (field) => {
    const r = without(DLBCL, field);
    expect(r.status).toBe('cannot-assess');
    expect(missingFields(r)).toEqual([field]);
  });

  it('a missing answer does not hide an outside-label finding, but the verdict stays open', () => {
    const r = without({ ...ALL, ageYears: 30 }, 'lvef');
    expect(r.status).toBe('cannot-assess');
    expect(rulesOf(r)).toContain('eligibility.indication-age-above-max');
  });

  it('a certain contraindication decides despite missing answers, which are still listed', () => {
    const r = without({ ...ALL, activeBacterialOrFungalInfection: true }, 'lvef', 'cnsInvolvement');
    expect(r.status).toBe('assessed');
    expect(r.value!.verdict).toBe('contraindicated');
    expect(r.value!.missing).toEqual(['cnsInvolvement', 'lvef']);
    expect(r.summary).toContain('1');
  });

  it('an empty questionnaire (product and diagnosis only): cannot assess', () => {
    const r = run<EligibilityValue>('eligibility', { product: 'tisagenlecleucel', diagnosis: 'FL' });
    expect(r.status).toBe('cannot-assess');
    expect(missingFields(r)).toEqual(expect.arrayContaining(['ageYears', 'linesOfPriorSystemicTherapy', 'diseaseStatus', 'performanceStatus', 'covidPcr', 'lvef']));
  });
});

describe('contradictory input is refused', () => {
  it.each([
    [{ priorAlloHct: false, alloHctDate: '2025-01-01' }, 'alloHctDate', 'eligibility.input.hct-details-without-hct'],
    [{ priorAlloHct: false, activeGvhd: true }, 'activeGvhd', 'eligibility.input.hct-details-without-hct'],
    [{ priorAlloHct: false, relapseAfterAlloHct: true }, 'relapseAfterAlloHct', 'eligibility.input.hct-details-without-hct'],
    [{ priorAlloHct: true, alloHctDate: addDays(DAY, 1), activeGvhd: false }, 'alloHctDate', 'eligibility.input.hct-after-assessment'],
    [{ priorAlloHct: true, relapseAfterAlloHct: true, diseaseStatus: 'not-relapsed-or-refractory' }, 'relapseAfterAlloHct', 'eligibility.input.relapse-without-relapse'],
    [{ priorCd19DirectedTherapy: false, blinatumomabResponse: 'no-response' }, 'blinatumomabResponse', 'eligibility.input.blinatumomab-not-cd19-therapy'],
    [{ ldhUpperLimitOfNormal: q(0, 'U/L') }, 'ldhUpperLimitOfNormal', 'eligibility.input.uln-positive'],
  ] as const)('%o', (patch, path, rule) => {
    expectInputError('eligibility', { ...ALL, ...patch }, path, rule);
  });
  it('bare numbers and unknown fields are refused', () => {
    expectInputError('eligibility', { ...ALL, measuredCrcl: 45 }, 'measuredCrcl', 'input.unit-required');
    expectInputError('eligibility', { ...ALL, ecog: 1 }, '', 'input.unrecognized-keys');
  });
});

describe('both languages render every text', () => {
  const CASES: Raw[] = [
    ALL,
    DLBCL,
    FL,
    { ...ALL, ageYears: 30, activeViralInfection: true, hbv: 'hbsag-positive', hbvDnaDetectable: false, hcv: 'anti-hcv-positive', hcvRnaDetectable: false, cnsInvolvement: 'active' },
    { ...DLBCL, priorAlloHct: true, alloHctDate: addDays(DAY, -50), activeGvhd: true, systemicImmunosuppression: true, performanceStatus: { scale: 'karnofsky', value: 50 } },
    { ...ALL, kmt2aRearranged: true, marrowBlasts: q(30, '%'), creatinine: q(4, 'mg/dL') },
  ];
  it.each(CASES.flatMap((c, i) => (['en', 'zh-TW'] as const).map((lang) => [i, lang, c] as const)))('case %i in %s', (_i, lang, input) => {
    const r = elig(input, {}, lang);
    const texts: [string, string][] = [
      [r.summary, ''],
      ...r.basis.map((b): [string, string] => [b.text, b.rule]),
      ...r.warnings.map((w): [string, string] => [w.text, w.rule]),
      ...r.actions.map((a): [string, string] => [a.text, a.rule]),
    ];
    for (const [text, rule] of texts) {
      expect(text).not.toBe(rule);
      expect(text).not.toMatch(/\{\w+\}/);
      expect(text.startsWith('eligibility.')).toBe(false);
    }
    if (lang === 'zh-TW') expect(r.title).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('property: adding a contraindication never yields a better verdict', () => {
  const CONTRAINDICATIONS: Raw[] = [
    { activeBacterialOrFungalInfection: true },
    { activeViralInfection: true },
    { covidPcr: 'positive-symptomatic' },
    { hbv: 'hbsag-positive', hbvDnaDetectable: true },
    { hcv: 'anti-hcv-positive', hcvRnaDetectable: true },
    { hiv: 'positive', hivViralLoadDetectable: true },
    { cd19Status: 'negative' },
  ];
  const optional = <V>(arb: fc.Arbitrary<V>) => fc.option(arb, { nil: undefined });
  const patchArb = fc.record({
    ageYears: optional(fc.integer({ min: 18, max: 90 })),
    performanceStatus: optional(fc.record({ scale: fc.constant('ecog'), value: fc.integer({ min: 0, max: 5 }) })),
    lifeExpectancy: optional(fc.constantFrom('over-8-weeks', '6-to-8-weeks', 'under-6-weeks')),
    highTumorBurden: optional(fc.boolean()),
    systemicImmunosuppression: optional(fc.boolean()),
    cnsInvolvement: optional(fc.constantFrom('none', 'controlled', 'active')),
    covidPcr: optional(fc.constantFrom('negative', 'positive-asymptomatic')),
    measuredCrcl: optional(fc.double({ min: 5, max: 150, noNaN: true }).map((v) => q(v, 'mL/min'))),
    lvef: optional(fc.integer({ min: 10, max: 80 }).map((v) => q(v, '%'))),
    marrowBlasts: optional(fc.double({ min: 0, max: 100, noNaN: true }).map((v) => q(v, '%'))),
    kmt2aRearranged: optional(fc.boolean()),
    diseaseStatus: optional(fc.constantFrom('refractory', 'second-or-later-relapse', 'not-relapsed-or-refractory')),
  });
  const strip = (o: Raw): Raw => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const inputOf = (patch: Raw): Raw => {
    const base: Raw = { ...ALL };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete base[k];
      else base[k] = v;
    }
    return base;
  };

  it('with any mix of answers, findings and gaps, one contraindication makes the verdict contraindicated', () => {
    fc.assert(
      fc.property(patchArb, fc.constantFrom(...CONTRAINDICATIONS), (patch, contra) => {
        const before = run<EligibilityValue>('eligibility', inputOf(patch));
        const after = run<EligibilityValue>('eligibility', { ...inputOf(patch), ...contra });
        expect(after.status).toBe('assessed');
        expect(after.value!.verdict).toBe('contraindicated');
        if (before.value?.verdict === 'contraindicated') expect(after.value!.verdict).toBe('contraindicated');
      }),
      { numRuns: 200 },
    );
  });

  it('a contraindicated patient never becomes eligible when a second contraindication or a finding is added', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CONTRAINDICATIONS), fc.constantFrom(...CONTRAINDICATIONS), patchArb, (a, b, patch) => {
        const once = run<EligibilityValue>('eligibility', { ...ALL, ...a });
        const twice = run<EligibilityValue>('eligibility', { ...inputOf(strip(patch)), ...a, ...b });
        expect(once.value!.verdict).toBe('contraindicated');
        expect(twice.value!.verdict).toBe('contraindicated');
      }),
      { numRuns: 200 },
    );
  });
});
