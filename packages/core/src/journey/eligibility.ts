import * as z from 'zod';
import type { Action, BasisEntry, Threshold, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources, SeedReference } from '../explain/sources.js';
import { cockcroftGault, CRCL_CONSTANTS, SEXES } from '../dosing/crcl.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { CalendarDate, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { toEpochDay } from './calendar.js';
import { eligibilityMessages } from './eligibility.messages.js';
import {
  CAR_T_PRODUCTS,
  INDICATION_DISEASE_STATUSES,
  ELIGIBILITY_DIAGNOSES,
  INDICATION_STATUS_CRITERIA,
  type ApprovedIndication,
  type CarTProduct,
  type StatusCriterion,
} from './indications.js';

registerMessages(eligibilityMessages);


const hb = (section: string): SeedReference => ({ seed: 'handbook', section });
const indication = hb('§1.2.1 (approved indications)');
const status = hb('§1.2.2 (physical status and organ function)');
const t1 = (row: string) => hb(`§1.2, Table 1 (${row})`);
const preApheresis = hb('§1.4 (assessment before leukapheresis: LVEF, SaO2, viral load)');
const viruses = hb('§3.2.1 (HBV, HCV and HIV before and after CAR-T)');
const t2 = (row: string) => hb(`§1.2.3, Table 2 (${row})`);
const allText = (item: string) => hb(`§1.2.3 (ALL efficacy factors, ${item})`);
const dlbclText = hb('§1.2.3 (DLBCL efficacy factors)');

const hayden = (...seed: SeedReference[]): RuleSources => ({ seed, publications: ['hayden2022'] });
const myers = (...seed: SeedReference[]): RuleSources => ({ seed, publications: ['myers2023'] });
const both = (...seed: SeedReference[]): RuleSources => ({ seed, publications: ['hayden2022', 'myers2023'] });
const renal: RuleSources = { seed: [status], publications: ['hayden2022', 'cockcroft1976'] };

/** Eligibility for CAR-T: handbook §1.2 (indications, Table 1, §1.2.2, Table 2, DLBCL factors). */
export const ELIGIBILITY_RULES = defineRules('eligibility', {
  // §1.2.1: the product's approved indications (data in indications.ts).
  'indication-matched': hayden(indication),
  'indication-product-unknown': hayden(indication),
  'indication-diagnosis-not-listed': hayden(indication),
  'indication-age-within': hayden(indication),
  'indication-age-above-max': hayden(indication),
  'indication-age-below-min': hayden(indication),
  'indication-lines-met': hayden(indication),
  'indication-lines-below-min': hayden(indication),
  'indication-status-met': hayden(indication),
  'indication-status-not-listed': hayden(indication),
  'indication-accelerated': hayden(indication),
  'target-antigen-positive': hayden(indication, t1('prior CAR-T antigen-directed therapy')),
  'target-antigen-negative': hayden(indication, t1('prior CAR-T antigen-directed therapy')),
  // Table 1, row by row.
  'age-no-limit': hayden(t1('age')),
  'performance-ecog-met': hayden(t1('performance status')),
  'performance-ecog-not-met': hayden(t1('performance status')),
  'performance-karnofsky-met': hayden(t1('performance status')),
  'performance-karnofsky-not-met': hayden(t1('performance status')),
  'performance-lansky-met': hayden(t1('performance status')),
  'performance-lansky-not-met': hayden(t1('performance status')),
  'life-expectancy-met': hayden(t1('life expectancy'), status),
  'life-expectancy-borderline': hayden(t1('life expectancy'), status),
  'life-expectancy-short': hayden(t1('life expectancy'), status),
  'tumor-burden-not-high': hayden(t1('high tumor burden')),
  'tumor-burden-high': hayden(t1('high tumor burden')),
  'malignancy-none': hayden(t1('history of malignancy')),
  'malignancy-exempt': hayden(t1('history of malignancy')),
  'malignancy-active': hayden(t1('history of malignancy')),
  'allo-hct-none': hayden(t1('prior allo-HCT')),
  'allo-hct-interval-met': hayden(t1('prior allo-HCT'), status),
  'allo-hct-interval-short': hayden(t1('prior allo-HCT'), status),
  'allo-hct-no-gvhd': hayden(t1('prior allo-HCT'), status),
  'allo-hct-gvhd-active': hayden(t1('prior allo-HCT'), status),
  'allo-hct-on-immunosuppression': hayden(t1('prior allo-HCT'), status),
  'allo-hct-toxicity': hayden(t1('prior allo-HCT')),
  'cd19-therapy-none': hayden(t1('prior CAR-T antigen-directed therapy')),
  'cd19-therapy-prior': hayden(t1('prior CAR-T antigen-directed therapy')),
  'immunosuppression-none': hayden(t1('immunosuppressive therapy')),
  'immunosuppression-systemic': hayden(t1('immunosuppressive therapy'), status),
  'bacterial-fungal-none': hayden(t1('bacterial or fungal infection')),
  'bacterial-fungal-active': hayden(t1('bacterial or fungal infection')),
  'viral-none': hayden(t1('viral infection')),
  'viral-active': hayden(t1('viral infection')),
  'covid-negative': hayden(t1('viral infection: COVID-19')),
  'covid-positive-symptomatic': hayden(t1('viral infection: COVID-19')),
  'covid-positive-asymptomatic': hayden(t1('viral infection: COVID-19')),
  'hbv-negative': hayden(t1('viral infection'), preApheresis),
  'hbv-viremia': hayden(t1('viral infection'), preApheresis, viruses),
  'hbv-latent': hayden(t1('viral infection'), viruses),
  'hcv-negative': hayden(t1('viral infection'), preApheresis),
  'hcv-viremia': hayden(t1('viral infection'), preApheresis, viruses),
  'hcv-latent': hayden(t1('viral infection'), viruses),
  'hiv-negative': hayden(t1('viral infection'), preApheresis),
  'hiv-viremia': hayden(t1('viral infection'), viruses),
  'hiv-latent': hayden(t1('viral infection'), viruses),
  'antiviral-prophylaxis-hbv': hayden(t1('viral infection'), viruses),
  'antiviral-prophylaxis-hcv-hiv': hayden(t1('viral infection'), viruses),
  'cns-none': hayden(t1('CNS involvement')),
  'cns-controlled': hayden(t1('CNS involvement'), allText('❹')),
  'cns-active': hayden(t1('CNS involvement'), allText('❹')),
  // §1.2.2 organ function; thresholds for cardiac and pulmonary reserve from §1.4.
  'crcl-measured': renal,
  'crcl-cockcroft-gault': renal,
  'crcl-met': renal,
  'crcl-below': renal,
  'crcl-child-needs-measured': renal,
  'lvef-met': hayden(status, preApheresis),
  'lvef-low': hayden(status, preApheresis),
  'spo2-met': hayden(status, preApheresis),
  'spo2-low': hayden(status, preApheresis),
  'oxygen-dependent': hayden(status, preApheresis),
  // Table 2 and §1.2.3: ALL efficacy factors (lower efficacy, not exclusion).
  'all-kmt2a': myers(t2('cytogenetics'), allText('❶')),
  'all-tp53': myers(t2('cytogenetics'), allText('❶')),
  'all-hypodiploid': myers(t2('cytogenetics'), allText('❶')),
  'all-cytogenetics-neutral': myers(t2('cytogenetics'), allText('❶')),
  'all-tki-concurrent': myers(t2('molecular targets'), allText('❶')),
  'all-tki-none': myers(t2('molecular targets'), allText('❶')),
  'all-blinatumomab-none': both(t2('blinatumomab'), t1('prior CAR-T antigen-directed therapy'), allText('❷')),
  'all-blinatumomab-responded': both(t2('blinatumomab'), t1('prior CAR-T antigen-directed therapy'), allText('❷')),
  'all-blinatumomab-no-response': both(t2('blinatumomab'), t1('prior CAR-T antigen-directed therapy'), allText('❷')),
  'all-prior-lines': myers(t2('number of prior therapies'), allText('❷')),
  'all-marrow-blasts-low': both(t2('bone marrow tumor burden'), t1('high tumor burden'), allText('❸')),
  'all-marrow-blasts-high': both(t2('bone marrow tumor burden'), t1('high tumor burden'), allText('❸')),
  'all-emd-none': myers(t2('extramedullary disease'), allText('❹')),
  'all-emd-resolved': myers(t2('extramedullary disease'), allText('❹')),
  'all-emd-active': myers(t2('extramedullary disease'), allText('❹')),
  'all-cd19-load-adequate': myers(t2('CD19+ antigen load'), allText('❺')),
  'all-cd19-load-low': myers(t2('CD19+ antigen load'), allText('❺')),
  // §1.2.3: DLBCL efficacy factors (the seed's references 10-18; Hayden 2022 meanwhile).
  'dlbcl-no-extranodal': hayden(dlbclText),
  'dlbcl-extranodal': hayden(dlbclText),
  'dlbcl-ldh-ok': hayden(dlbclText),
  'dlbcl-ldh-high': hayden(dlbclText),
  'dlbcl-platelets-ok': hayden(dlbclText),
  'dlbcl-platelets-low': hayden(dlbclText),
  'dlbcl-fludarabine-full': hayden(dlbclText),
  'dlbcl-fludarabine-reduced': hayden(dlbclText),
  'dlbcl-bendamustine-none': hayden(dlbclText),
  'dlbcl-bendamustine-recent': hayden(dlbclText),
  'dlbcl-tumor-biology-neutral': hayden(dlbclText),
  'dlbcl-myc': hayden(dlbclText),
  'dlbcl-tp53': hayden(dlbclText),
  'dlbcl-t-cell-factors': hayden(dlbclText),
  // The verdict.
  missing: hayden(t1('all rows'), indication),
  'verdict-eligible': hayden(t1('all rows'), indication),
  'verdict-contraindicated': hayden(t1('all rows'), indication),
  'verdict-review': hayden(t1('all rows'), indication),
  'physician-decides': hayden(t1('all rows'), status),
});
const R = ELIGIBILITY_RULES;

/** The numbers the rules use, as the handbook states them. */
export const ELIGIBILITY_THRESHOLDS = Object.freeze({
  /** Table 1: ECOG below 2. */
  ecogBelow: 2,
  /** Table 1: Karnofsky above 60%. */
  karnofskyAbove: 60,
  /** Table 1: Lansky above 60%. */
  lanskyAbove: 60,
  /** Table 1 and §1.2.2: life expectancy above 6-8 weeks. */
  lifeExpectancyWeeks: Object.freeze([6, 8] as const),
  /** §1.2.2: at least 100 days between allo-HCT and CAR-T (calendar days). */
  alloHctMinDays: 100,
  /** §1.2.2: creatinine clearance of at least 30 mL/min, so that fludarabine can be given. */
  crclMinMlMin: 30,
  /** §1.4: LVEF above 40%. */
  lvefAbovePercent: 40,
  /** §1.4: SaO2 above 92% without supplemental oxygen. */
  spo2AbovePercent: 92,
  /** Table 2: marrow blasts at or above 5% at infusion. */
  marrowBlastsHighPercent: 5,
  /** §1.2.3 ❺: marrow CD19 load (leukemic and normal B cells) below 15%. */
  cd19LoadLowBelowPercent: 15,
  /** §1.2.3 DLBCL: LDH more than 2 x the upper limit of normal. */
  ldhAboveTimesUln: 2,
  /** §1.2.3 DLBCL: platelets below 50,000/uL. */
  plateletsLowBelowPerUl: 50_000,
  /** §1.2.3 DLBCL: bendamustine less than 9 months before leukapheresis. */
  bendamustineMonths: 9,
  /** Adult, for Cockcroft-Gault (the same age as the indications' "adult"). */
  adultAgeYears: CRCL_CONSTANTS.minimumAgeYears,
});
const T = ELIGIBILITY_THRESHOLDS;

const PerformanceStatus = z.discriminatedUnion('scale', [
  z.object({ scale: z.literal('ecog'), value: z.number().int().min(0).max(5) }).strict(),
  z.object({ scale: z.literal('karnofsky'), value: z.number().int().min(0).max(100).multipleOf(10) }).strict(),
  z.object({ scale: z.literal('lansky'), value: z.number().int().min(0).max(100).multipleOf(10) }).strict(),
]);

export const LIFE_EXPECTANCIES = ['over-8-weeks', '6-to-8-weeks', 'under-6-weeks'] as const;
export const OTHER_MALIGNANCIES = ['none', 'nmsc-or-carcinoma-in-situ', 'active-requiring-treatment'] as const;
export const COVID_PCR_RESULTS = ['negative', 'positive-symptomatic', 'positive-asymptomatic'] as const;
export const HBV_SEROLOGIES = ['negative', 'hbsag-positive', 'anti-hbc-positive-only'] as const;
export const CNS_INVOLVEMENTS = ['none', 'controlled', 'active'] as const;
export const BLINATUMOMAB_RESPONSES = ['not-given', 'responded', 'no-response'] as const;
export const EXTRAMEDULLARY_DISEASE = ['none', 'resolved', 'active-non-cns'] as const;

const yesNo = (text: string) => z.boolean().optional().describe(text);

export const EligibilityInput = z
  .object({
    product: z.string().trim().min(1).describe(`CAR-T product, generic name (known: ${CAR_T_PRODUCTS.map((p) => p.product).join(', ')}).`),
    diagnosis: z.enum(ELIGIBILITY_DIAGNOSES).describe('Diagnosis; DLBCL as the handbook names large B-cell lymphoma.'),
    ageYears: z.number().min(0).max(120).optional().describe('Age in years; the indications compare completed years.'),
    linesOfPriorSystemicTherapy: z.number().int().min(0).max(30).optional().describe('Lines of prior systemic therapy.'),
    diseaseStatus: z.enum(INDICATION_DISEASE_STATUSES).optional().describe("'refractory' includes primary refractory disease and refractory relapse."),
    relapseAfterAlloHct: yesNo('The relapse occurred after an allogeneic HCT (needed for B-ALL in first relapse).'),
    assessmentDate: CalendarDate.optional().describe('Date of this assessment (YYYY-MM-DD), for the interval since allo-HCT.'),
    // Table 1.
    performanceStatus: PerformanceStatus.optional().describe('ECOG (0-5), Karnofsky or Lansky (0-100, steps of 10).'),
    lifeExpectancy: z.enum(LIFE_EXPECTANCIES).optional(),
    highTumorBurden: yesNo('High tumor burden or uncontrolled disease.'),
    otherMalignancy: z.enum(OTHER_MALIGNANCIES).optional().describe('Another malignancy; non-melanoma skin cancer and carcinoma in situ are exempt.'),
    priorAlloHct: yesNo('Prior allogeneic HCT.'),
    alloHctDate: CalendarDate.optional().describe('Date of the (last) allogeneic HCT.'),
    activeGvhd: yesNo('Active GvHD.'),
    priorCd19DirectedTherapy: yesNo('Prior CD19-directed therapy: blinatumomab, CD19 CAR-T, other CD19 antibody.'),
    cd19Status: z.enum(['positive', 'negative']).optional().describe('CD19 expression of the disease, tested after the last CD19-directed therapy.'),
    systemicImmunosuppression: yesNo('Systemic immunosuppressive therapy (intermittent, topical, inhaled or nasal corticosteroids do not count).'),
    activeBacterialOrFungalInfection: yesNo('Active bacterial or fungal infection.'),
    activeViralInfection: yesNo('Active viral infection or viremia (other than the HBV, HCV, HIV answers below).'),
    covidPcr: z.enum(COVID_PCR_RESULTS).optional().describe('COVID-19 PCR, and symptoms when positive.'),
    hbv: z.enum(HBV_SEROLOGIES).optional().describe('HBV serology: HBsAg positive, or anti-HBc positive with HBsAg negative.'),
    hbvDnaDetectable: yesNo('HBV DNA detectable (viral load).'),
    hcv: z.enum(['negative', 'anti-hcv-positive']).optional(),
    hcvRnaDetectable: yesNo('HCV RNA detectable (viral load).'),
    hiv: z.enum(['negative', 'positive']).optional(),
    hivViralLoadDetectable: yesNo('HIV RNA detectable (viral load).'),
    cnsInvolvement: z.enum(CNS_INVOLVEMENTS).optional().describe('CNS involvement, ever: none, controlled, or active now.'),
    // §1.2.2 organ function.
    measuredCrcl: quantity('creatinineClearance').optional().describe('Measured creatinine clearance; used in place of Cockcroft-Gault (needed under 18 years).'),
    sex: z.enum(SEXES).optional(),
    weight: quantity('bodyWeight').optional().describe('Actual body weight (Cockcroft-Gault).'),
    creatinine: quantity('creatinine').optional().describe('Serum creatinine (Cockcroft-Gault).'),
    lvef: quantity('leftVentricularEjectionFraction').describe('Left ventricular ejection fraction (%).').optional(),
    spo2RoomAir: quantity('oxygenSaturation').optional().describe('Oxygen saturation without supplemental oxygen.'),
    requiresSupplementalOxygen: yesNo('The patient needs supplemental oxygen.'),
    // Table 2 (B-ALL).
    kmt2aRearranged: yesNo('B-ALL: KMT2A rearrangement.'),
    tp53Mutated: yesNo('TP53 mutation (B-ALL and DLBCL).'),
    hypodiploid: yesNo('B-ALL: hypodiploidy.'),
    concurrentTkiPlanned: yesNo('B-ALL: dasatinib or another TKI planned alongside CAR-T (Ph+ or Ph-like).'),
    blinatumomabResponse: z.enum(BLINATUMOMAB_RESPONSES).optional().describe('B-ALL: response to blinatumomab, or not given.'),
    marrowBlasts: quantity('percent').describe('B-ALL: marrow blasts before infusion (%).').optional(),
    extramedullaryDisease: z.enum(EXTRAMEDULLARY_DISEASE).optional().describe('B-ALL: extramedullary disease other than CNS: none, resolved, active now.'),
    cd19MarrowLoad: quantity('percent').describe('B-ALL: CD19+ cells in the marrow (leukemic and normal B cells) (%).').optional(),
    // §1.2.3 (DLBCL).
    extranodalDisease: yesNo('DLBCL: extranodal disease.'),
    ldh: quantity('ldh').optional(),
    ldhUpperLimitOfNormal: quantity('ldh').optional(),
    platelets: quantity('plateletsPerMicroliter').optional(),
    fullDoseFludarabineExpected: yesNo('DLBCL: LDC can give the full fludarabine dose.'),
    bendamustineWithin9MonthsBeforeApheresis: yesNo('DLBCL: bendamustine less than 9 months before leukapheresis.'),
    mycOverexpression: yesNo('DLBCL: MYC overexpression.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.priorAlloHct === false) {
      if (input.alloHctDate !== undefined) refuse(ctx, ['alloHctDate'], 'eligibility.input.hct-details-without-hct');
      if (input.activeGvhd === true) refuse(ctx, ['activeGvhd'], 'eligibility.input.hct-details-without-hct');
      if (input.relapseAfterAlloHct === true) refuse(ctx, ['relapseAfterAlloHct'], 'eligibility.input.hct-details-without-hct');
    }
    if (input.alloHctDate !== undefined && input.assessmentDate !== undefined && input.alloHctDate > input.assessmentDate) {
      refuse(ctx, ['alloHctDate'], 'eligibility.input.hct-after-assessment');
    }
    if (input.relapseAfterAlloHct === true && input.diseaseStatus === 'not-relapsed-or-refractory') {
      refuse(ctx, ['relapseAfterAlloHct'], 'eligibility.input.relapse-without-relapse');
    }
    if (input.priorCd19DirectedTherapy === false && input.blinatumomabResponse !== undefined && input.blinatumomabResponse !== 'not-given') {
      refuse(ctx, ['blinatumomabResponse'], 'eligibility.input.blinatumomab-not-cd19-therapy');
    }
    if (input.ldhUpperLimitOfNormal === 0) refuse(ctx, ['ldhUpperLimitOfNormal'], 'eligibility.input.uln-positive');
  })
  .transform((input) => ({
    ...input,
    daysSinceAlloHct:
      input.alloHctDate === undefined || input.assessmentDate === undefined ? undefined : toEpochDay(input.assessmentDate) - toEpochDay(input.alloHctDate),
  }));
export type EligibilityInput = z.output<typeof EligibilityInput>;

export const ELIGIBILITY_VERDICTS = ['eligible', 'contraindicated', 'needs-physician-review'] as const;
export type EligibilityVerdict = (typeof ELIGIBILITY_VERDICTS)[number];
export const ELIGIBILITY_EFFECTS = ['pass', 'note', 'review', 'contraindication'] as const;
type Effect = (typeof ELIGIBILITY_EFFECTS)[number];

const IndicationValue = z.object({
  id: z.string(),
  product: z.string(),
  diagnosis: z.enum(ELIGIBILITY_DIAGNOSES),
  minAgeYears: z.number().optional(),
  maxAgeYears: z.number().optional(),
  minPriorSystemicLines: z.number().optional(),
  statusAnyOf: z.array(z.enum(INDICATION_STATUS_CRITERIA)),
  acceleratedApproval: z.boolean(),
  section: z.string(),
});

export const EligibilityValue = z.object({
  verdict: z
    .enum(ELIGIBILITY_VERDICTS)
    .describe("'contraindicated' when an absolute contraindication holds; 'needs-physician-review' for a relative one, an efficacy factor or an indication outside the label. Cannot assess: status 'cannot-assess', value null."),
  indication: IndicationValue.nullable().describe('The approved indication the patient matches, or null.'),
  reasons: z
    .array(z.object({ rule: z.string(), effect: z.enum(ELIGIBILITY_EFFECTS), field: z.string() }))
    .describe('Every criterion assessed, with its rule and its effect on the verdict.'),
  missing: z.array(z.string()).describe('Questions left unanswered (only when a contraindication already decides the verdict).'),
});
export type EligibilityValue = z.infer<typeof EligibilityValue>;
type Reason = EligibilityValue['reasons'][number];
type IndicationValue = z.infer<typeof IndicationValue>;

interface Out {
  readonly basis: BasisEntry[];
  readonly warnings: Warning[];
  readonly actions: Action[];
  readonly reasons: Reason[];
  readonly missing: string[];
}

function add(out: Out, effect: Effect, entry: BasisEntry): void {
  out.basis.push(entry);
  out.reasons.push({ rule: entry.rule.id, effect, field: entry.field });
}
function miss(out: Out, field: string): void {
  if (out.missing.includes(field)) return;
  out.missing.push(field);
  out.warnings.push({ rule: R.missing, field });
}
/** A yes/no criterion: `yesRule` with `yesEffect` when true, `noRule` passes when false. */
function flag(out: Out, field: string, value: boolean | undefined, yesRule: Rule, yesEffect: Effect, noRule: Rule): void {
  if (value === undefined) return miss(out, field);
  add(out, value ? yesEffect : 'pass', { rule: value ? yesRule : noRule, field, observed: value });
}

const cmp = (comparator: Threshold['comparator'], value: number, unit?: string): Threshold =>
  Object.freeze(unit === undefined ? { comparator, value } : { comparator, value, unit });

/** The thresholds as basis entries show them, built once (evaluate allocates none of these). */
const TH = Object.freeze({
  ecogMet: cmp('<', T.ecogBelow),
  ecogNotMet: cmp('>=', T.ecogBelow),
  karnofskyMet: cmp('>', T.karnofskyAbove, '%'),
  karnofskyNotMet: cmp('<=', T.karnofskyAbove, '%'),
  lanskyMet: cmp('>', T.lanskyAbove, '%'),
  lanskyNotMet: cmp('<=', T.lanskyAbove, '%'),
  lifeExpectancy: Object.freeze({ comparator: 'between', value: T.lifeExpectancyWeeks, unit: 'wk' }),
  hctMet: cmp('>=', T.alloHctMinDays, 'd'),
  hctShort: cmp('<', T.alloHctMinDays, 'd'),
  crclMet: cmp('>=', T.crclMinMlMin, 'mL/min'),
  crclBelow: cmp('<', T.crclMinMlMin, 'mL/min'),
  lvefMet: cmp('>', T.lvefAbovePercent, '%'),
  lvefLow: cmp('<=', T.lvefAbovePercent, '%'),
  spo2Met: cmp('>', T.spo2AbovePercent, '%'),
  spo2Low: cmp('<=', T.spo2AbovePercent, '%'),
  blastsHigh: cmp('>=', T.marrowBlastsHighPercent, '%'),
  blastsLow: cmp('<', T.marrowBlastsHighPercent, '%'),
  cd19Low: cmp('<', T.cd19LoadLowBelowPercent, '%'),
  cd19Adequate: cmp('>=', T.cd19LoadLowBelowPercent, '%'),
  ldhHigh: cmp('>', T.ldhAboveTimesUln, '× ULN'),
  ldhOk: cmp('<=', T.ldhAboveTimesUln, '× ULN'),
  plateletsLow: cmp('<', T.plateletsLowBelowPerUl, '/uL'),
  plateletsOk: cmp('>=', T.plateletsLowBelowPerUl, '/uL'),
});

/** An indication's thresholds, built once per data entry. */
interface IndicationThresholds {
  readonly ageMax?: Threshold;
  readonly ageMin?: Threshold;
  readonly ageWithin?: Threshold;
  readonly lines?: Threshold;
  readonly status: Threshold;
}
const indicationThresholds = new WeakMap<ApprovedIndication, IndicationThresholds>();
function thresholdsOf(ind: ApprovedIndication): IndicationThresholds {
  let th = indicationThresholds.get(ind);
  if (th === undefined) {
    const { minAgeYears: min, maxAgeYears: max } = ind;
    th = Object.freeze({
      ...(max === undefined ? {} : { ageMax: cmp('<=', max, 'a') }),
      ...(min === undefined ? {} : { ageMin: cmp('>=', min, 'a') }),
      ...(min === undefined && max === undefined
        ? {}
        : { ageWithin: min !== undefined && max !== undefined ? (Object.freeze({ comparator: 'between', value: [min, max], unit: 'a' }) as Threshold) : max !== undefined ? cmp('<=', max, 'a') : cmp('>=', min!, 'a') }),
      ...(ind.minPriorSystemicLines === undefined ? {} : { lines: cmp('>=', ind.minPriorSystemicLines) }),
      status: Object.freeze({ comparator: 'in', value: Object.freeze([...ind.statusAnyOf]) }),
    });
    indicationThresholds.set(ind, th);
  }
  return th;
}

// ---------------------------------------------------------------------------------------------
// §1.2.1: approved indication.

function statusMeets(criterion: StatusCriterion, input: EligibilityInput): boolean | undefined {
  const s = input.diseaseStatus!;
  switch (criterion) {
    case 'refractory':
      return s === 'refractory';
    case 'second-or-later-relapse':
      return s === 'second-or-later-relapse';
    case 'any-relapse':
      return s === 'first-relapse' || s === 'second-or-later-relapse';
    case 'relapse-after-allo-hct':
      if (s === 'refractory' || s === 'not-relapsed-or-refractory') return false;
      return input.relapseAfterAlloHct;
  }
}

interface Check {
  readonly entries: { effect: Effect; entry: BasisEntry }[];
  readonly missing: string[];
  readonly matched: boolean;
}

function checkIndication(ind: ApprovedIndication, input: EligibilityInput): Check {
  const th = thresholdsOf(ind);
  const entries: Check['entries'] = [];
  const missing: string[] = [];
  let ok = true;
  const fail = (entry: BasisEntry) => {
    ok = false;
    entries.push({ effect: 'review', entry });
  };
  // Age, in completed years.
  if (ind.minAgeYears !== undefined || ind.maxAgeYears !== undefined) {
    if (input.ageYears === undefined) missing.push('ageYears');
    else {
      const completed = Math.floor(input.ageYears);
      if (ind.maxAgeYears !== undefined && completed > ind.maxAgeYears) {
        fail({ rule: R['indication-age-above-max'], field: 'ageYears', observed: input.ageYears, unit: 'a', threshold: th.ageMax!, yields: ind.id });
      } else if (ind.minAgeYears !== undefined && completed < ind.minAgeYears) {
        fail({ rule: R['indication-age-below-min'], field: 'ageYears', observed: input.ageYears, unit: 'a', threshold: th.ageMin!, yields: ind.id });
      } else {
        entries.push({ effect: 'pass', entry: { rule: R['indication-age-within'], field: 'ageYears', observed: input.ageYears, unit: 'a', threshold: th.ageWithin!, yields: ind.id } });
      }
    }
  }
  // Lines of prior systemic therapy.
  if (ind.minPriorSystemicLines !== undefined) {
    if (input.linesOfPriorSystemicTherapy === undefined) missing.push('linesOfPriorSystemicTherapy');
    else if (input.linesOfPriorSystemicTherapy < ind.minPriorSystemicLines) {
      fail({ rule: R['indication-lines-below-min'], field: 'linesOfPriorSystemicTherapy', observed: input.linesOfPriorSystemicTherapy, threshold: th.lines!, yields: ind.id });
    } else {
      entries.push({
        effect: 'pass',
        entry: { rule: R['indication-lines-met'], field: 'linesOfPriorSystemicTherapy', observed: input.linesOfPriorSystemicTherapy, threshold: th.lines!, yields: ind.id },
      });
    }
  }
  // Disease status: at least one of the indication's criteria.
  if (input.diseaseStatus === undefined) missing.push('diseaseStatus');
  else {
    let met = false;
    let unknown = false;
    for (const criterion of ind.statusAnyOf) {
      const r = statusMeets(criterion, input);
      if (r === true) met = true;
      else if (r === undefined) unknown = true;
    }
    const threshold = th.status;
    if (met) entries.push({ effect: 'pass', entry: { rule: R['indication-status-met'], field: 'diseaseStatus', observed: input.diseaseStatus, threshold, yields: ind.id } });
    else if (unknown) missing.push('relapseAfterAlloHct');
    else fail({ rule: R['indication-status-not-listed'], field: 'diseaseStatus', observed: input.diseaseStatus, threshold, yields: ind.id });
  }
  return { entries, missing, matched: ok && missing.length === 0 };
}

function toValue(product: CarTProduct, ind: ApprovedIndication): IndicationValue {
  return {
    id: ind.id,
    product: product.product,
    diagnosis: ind.diagnosis,
    ...(ind.minAgeYears === undefined ? {} : { minAgeYears: ind.minAgeYears }),
    ...(ind.maxAgeYears === undefined ? {} : { maxAgeYears: ind.maxAgeYears }),
    ...(ind.minPriorSystemicLines === undefined ? {} : { minPriorSystemicLines: ind.minPriorSystemicLines }),
    statusAnyOf: [...ind.statusAnyOf],
    acceleratedApproval: ind.acceleratedApproval,
    section: ind.section,
  };
}

/**
 * Matches the patient against the product's indications (data). Returns the matched indication,
 * or null with the reasons (outside the label: physician review) or the missing answers.
 */
function matchIndication(input: EligibilityInput, products: readonly CarTProduct[], out: Out): IndicationValue | null {
  const product = products.find((p) => p.product === input.product);
  if (product === undefined) {
    add(out, 'review', { rule: R['indication-product-unknown'], field: 'product', observed: input.product });
    return null;
  }
  const candidates = product.indications.filter((i) => i.diagnosis === input.diagnosis);
  if (candidates.length === 0) {
    add(out, 'review', { rule: R['indication-diagnosis-not-listed'], field: 'diagnosis', observed: input.diagnosis, yields: product.product });
    return null;
  }
  const checks = candidates.map((c) => checkIndication(c, input));
  const hit = checks.findIndex((c) => c.matched);
  if (hit >= 0) {
    const ind = candidates[hit]!;
    for (const e of checks[hit]!.entries) add(out, e.effect, e.entry);
    add(out, 'pass', { rule: R['indication-matched'], field: 'diagnosis', observed: input.diagnosis, yields: ind.id });
    if (ind.acceleratedApproval) out.warnings.push({ rule: R['indication-accelerated'], field: 'diagnosis', params: { indication: ind.id } });
    return toValue(product, ind);
  }
  // No match: show every candidate's findings; answers still missing keep the verdict open.
  for (const c of checks) {
    for (const e of c.entries) add(out, e.effect, e.entry);
    for (const m of c.missing) miss(out, m);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Table 1 and §1.2.2.

function performanceInto(input: EligibilityInput, out: Out): void {
  const ps = input.performanceStatus;
  if (ps === undefined) return miss(out, 'performanceStatus');
  if (ps.scale === 'ecog') {
    const met = ps.value < T.ecogBelow;
    add(out, met ? 'pass' : 'review', {
      rule: met ? R['performance-ecog-met'] : R['performance-ecog-not-met'],
      field: 'performanceStatus',
      observed: ps.value,
      threshold: met ? TH.ecogMet : TH.ecogNotMet,
    });
    return;
  }
  const karnofsky = ps.scale === 'karnofsky';
  const met = ps.value > (karnofsky ? T.karnofskyAbove : T.lanskyAbove);
  const rule = karnofsky ? (met ? R['performance-karnofsky-met'] : R['performance-karnofsky-not-met']) : met ? R['performance-lansky-met'] : R['performance-lansky-not-met'];
  add(out, met ? 'pass' : 'review', { rule, field: 'performanceStatus', observed: ps.value, unit: '%', threshold: karnofsky ? (met ? TH.karnofskyMet : TH.karnofskyNotMet) : met ? TH.lanskyMet : TH.lanskyNotMet });
}

function lifeExpectancyInto(input: EligibilityInput, out: Out): void {
  const le = input.lifeExpectancy;
  if (le === undefined) return miss(out, 'lifeExpectancy');
  const threshold = TH.lifeExpectancy;
  if (le === 'over-8-weeks') add(out, 'pass', { rule: R['life-expectancy-met'], field: 'lifeExpectancy', observed: le, threshold });
  else if (le === '6-to-8-weeks') add(out, 'review', { rule: R['life-expectancy-borderline'], field: 'lifeExpectancy', observed: le, threshold });
  else add(out, 'review', { rule: R['life-expectancy-short'], field: 'lifeExpectancy', observed: le, threshold });
}

function malignancyInto(input: EligibilityInput, out: Out): void {
  const m = input.otherMalignancy;
  if (m === undefined) return miss(out, 'otherMalignancy');
  const rule = m === 'none' ? R['malignancy-none'] : m === 'nmsc-or-carcinoma-in-situ' ? R['malignancy-exempt'] : R['malignancy-active'];
  add(out, m === 'active-requiring-treatment' ? 'review' : 'pass', { rule, field: 'otherMalignancy', observed: m });
}

function alloHctInto(input: EligibilityInput, out: Out): void {
  if (input.priorAlloHct === undefined) return miss(out, 'priorAlloHct');
  if (!input.priorAlloHct) {
    add(out, 'pass', { rule: R['allo-hct-none'], field: 'priorAlloHct', observed: false });
    return;
  }
  out.warnings.push({ rule: R['allo-hct-toxicity'], field: 'priorAlloHct' });
  if (input.alloHctDate === undefined) miss(out, 'alloHctDate');
  if (input.assessmentDate === undefined) miss(out, 'assessmentDate');
  if (input.daysSinceAlloHct !== undefined) {
    const met = input.daysSinceAlloHct >= T.alloHctMinDays;
    add(out, met ? 'pass' : 'review', {
      rule: met ? R['allo-hct-interval-met'] : R['allo-hct-interval-short'],
      field: 'alloHctDate',
      observed: input.daysSinceAlloHct,
      unit: 'd',
      threshold: met ? TH.hctMet : TH.hctShort,
    });
  }
  flag(out, 'activeGvhd', input.activeGvhd, R['allo-hct-gvhd-active'], 'review', R['allo-hct-no-gvhd']);
  if (input.systemicImmunosuppression === true) add(out, 'review', { rule: R['allo-hct-on-immunosuppression'], field: 'systemicImmunosuppression', observed: true });
}

function cd19Into(input: EligibilityInput, out: Out): void {
  // The product's target must be expressed (§1.2.1); after CD19-directed therapy in B-ALL,
  // antigen-negative escape must be excluded first (Table 1).
  if (input.cd19Status === 'negative') add(out, 'contraindication', { rule: R['target-antigen-negative'], field: 'cd19Status', observed: 'negative' });
  else if (input.cd19Status === 'positive') add(out, 'pass', { rule: R['target-antigen-positive'], field: 'cd19Status', observed: 'positive' });
  if (input.priorCd19DirectedTherapy === undefined) return miss(out, 'priorCd19DirectedTherapy');
  if (!input.priorCd19DirectedTherapy) {
    add(out, 'pass', { rule: R['cd19-therapy-none'], field: 'priorCd19DirectedTherapy', observed: false });
    return;
  }
  add(out, 'note', { rule: R['cd19-therapy-prior'], field: 'priorCd19DirectedTherapy', observed: true });
  if (input.diagnosis === 'B-ALL' && input.cd19Status === undefined) miss(out, 'cd19Status');
}

function infectionsInto(input: EligibilityInput, out: Out): void {
  flag(out, 'activeBacterialOrFungalInfection', input.activeBacterialOrFungalInfection, R['bacterial-fungal-active'], 'contraindication', R['bacterial-fungal-none']);
  flag(out, 'activeViralInfection', input.activeViralInfection, R['viral-active'], 'contraindication', R['viral-none']);
  const covid = input.covidPcr;
  if (covid === undefined) miss(out, 'covidPcr');
  else if (covid === 'negative') add(out, 'pass', { rule: R['covid-negative'], field: 'covidPcr', observed: covid });
  else if (covid === 'positive-symptomatic') add(out, 'contraindication', { rule: R['covid-positive-symptomatic'], field: 'covidPcr', observed: covid });
  else add(out, 'review', { rule: R['covid-positive-asymptomatic'], field: 'covidPcr', observed: covid });

  // HBV: HBsAg positive needs a viral load (§1.4); anti-HBc alone is latent unless DNA is detectable.
  const hbv = input.hbv;
  if (hbv === undefined) miss(out, 'hbv');
  else if (hbv === 'negative') add(out, 'pass', { rule: R['hbv-negative'], field: 'hbv', observed: hbv });
  else if (input.hbvDnaDetectable === true) add(out, 'contraindication', { rule: R['hbv-viremia'], field: 'hbvDnaDetectable', observed: true });
  else if (input.hbvDnaDetectable === undefined && hbv === 'hbsag-positive') miss(out, 'hbvDnaDetectable');
  else {
    add(out, 'pass', { rule: R['hbv-latent'], field: 'hbv', observed: hbv });
    out.actions.push({ rule: R['antiviral-prophylaxis-hbv'], status: 'do', drug: 'entecavir/tenofovir' });
  }
  let prophylaxis = false;
  if (input.hcv === undefined) miss(out, 'hcv');
  else if (input.hcv === 'negative') add(out, 'pass', { rule: R['hcv-negative'], field: 'hcv', observed: 'negative' });
  else if (input.hcvRnaDetectable === undefined) miss(out, 'hcvRnaDetectable');
  else if (input.hcvRnaDetectable) add(out, 'contraindication', { rule: R['hcv-viremia'], field: 'hcvRnaDetectable', observed: true });
  else {
    add(out, 'pass', { rule: R['hcv-latent'], field: 'hcv', observed: input.hcv });
    prophylaxis = true;
  }
  if (input.hiv === undefined) miss(out, 'hiv');
  else if (input.hiv === 'negative') add(out, 'pass', { rule: R['hiv-negative'], field: 'hiv', observed: 'negative' });
  else if (input.hivViralLoadDetectable === undefined) miss(out, 'hivViralLoadDetectable');
  else if (input.hivViralLoadDetectable) add(out, 'contraindication', { rule: R['hiv-viremia'], field: 'hivViralLoadDetectable', observed: true });
  else {
    // Latent HIV: a contraindication for some products; their label decides.
    add(out, 'review', { rule: R['hiv-latent'], field: 'hiv', observed: input.hiv });
    prophylaxis = true;
  }
  if (prophylaxis) out.actions.push({ rule: R['antiviral-prophylaxis-hcv-hiv'], status: 'do' });
}

function cnsInto(input: EligibilityInput, out: Out): void {
  const cns = input.cnsInvolvement;
  if (cns === undefined) return miss(out, 'cnsInvolvement');
  const rule = cns === 'none' ? R['cns-none'] : cns === 'controlled' ? R['cns-controlled'] : R['cns-active'];
  add(out, cns === 'none' ? 'pass' : 'review', { rule, field: 'cnsInvolvement', observed: cns });
}

function renalInto(input: EligibilityInput, out: Out): void {
  let crcl: number;
  let field: string;
  if (input.measuredCrcl !== undefined) {
    crcl = input.measuredCrcl;
    field = 'measuredCrcl';
    out.basis.push({ rule: R['crcl-measured'], field, observed: crcl, unit: 'mL/min' });
  } else {
    if (input.ageYears === undefined) return miss(out, 'ageYears');
    if (input.ageYears < T.adultAgeYears) {
      // Cockcroft-Gault is an adult formula: a child needs a measured clearance.
      out.warnings.push({ rule: R['crcl-child-needs-measured'], field: 'measuredCrcl' });
      return miss(out, 'measuredCrcl');
    }
    let lacking = false;
    for (const [name, value] of [['sex', input.sex], ['weight', input.weight], ['creatinine', input.creatinine]] as const) {
      if (value === undefined) {
        miss(out, name);
        lacking = true;
      }
    }
    if (lacking) return;
    crcl = cockcroftGault({ ageYears: input.ageYears, sex: input.sex!, weightKg: input.weight!, creatinineMgDl: input.creatinine! });
    field = 'creatinine';
    out.basis.push({ rule: R['crcl-cockcroft-gault'], field, observed: crcl, unit: 'mL/min', yields: crcl });
  }
  const met = crcl >= T.crclMinMlMin;
  add(out, met ? 'pass' : 'review', {
    rule: met ? R['crcl-met'] : R['crcl-below'],
    field,
    observed: crcl,
    unit: 'mL/min',
    threshold: met ? TH.crclMet : TH.crclBelow,
  });
}

function cardiopulmonaryInto(input: EligibilityInput, out: Out): void {
  if (input.lvef === undefined) miss(out, 'lvef');
  else {
    const met = input.lvef > T.lvefAbovePercent;
    add(out, met ? 'pass' : 'review', {
      rule: met ? R['lvef-met'] : R['lvef-low'],
      field: 'lvef',
      observed: input.lvef,
      unit: '%',
      threshold: met ? TH.lvefMet : TH.lvefLow,
    });
  }
  if (input.requiresSupplementalOxygen === true) {
    add(out, 'review', { rule: R['oxygen-dependent'], field: 'requiresSupplementalOxygen', observed: true });
    return;
  }
  if (input.spo2RoomAir === undefined) return miss(out, 'spo2RoomAir');
  const met = input.spo2RoomAir > T.spo2AbovePercent;
  add(out, met ? 'pass' : 'review', {
    rule: met ? R['spo2-met'] : R['spo2-low'],
    field: 'spo2RoomAir',
    observed: input.spo2RoomAir,
    unit: '%',
    threshold: met ? TH.spo2Met : TH.spo2Low,
  });
}

// ---------------------------------------------------------------------------------------------
// Efficacy factors: Table 2 (B-ALL) and §1.2.3 (DLBCL). They mark lower efficacy, never exclude.

function allFactorsInto(input: EligibilityInput, out: Out): void {
  const genetics = [
    ['kmt2aRearranged', input.kmt2aRearranged, R['all-kmt2a']],
    ['tp53Mutated', input.tp53Mutated, R['all-tp53']],
    ['hypodiploid', input.hypodiploid, R['all-hypodiploid']],
  ] as const;
  let answered = true;
  let adverse = false;
  for (const [field, value, rule] of genetics) {
    if (value === undefined) {
      miss(out, field);
      answered = false;
    } else if (value) {
      adverse = true;
      add(out, 'review', { rule, field, observed: true });
    }
  }
  if (answered && !adverse) add(out, 'pass', { rule: R['all-cytogenetics-neutral'], field: 'kmt2aRearranged', observed: false });
  flag(out, 'concurrentTkiPlanned', input.concurrentTkiPlanned, R['all-tki-concurrent'], 'review', R['all-tki-none']);

  const blina = input.blinatumomabResponse;
  if (blina === undefined) miss(out, 'blinatumomabResponse');
  else if (blina === 'no-response') add(out, 'review', { rule: R['all-blinatumomab-no-response'], field: 'blinatumomabResponse', observed: blina });
  else if (blina === 'responded') add(out, 'note', { rule: R['all-blinatumomab-responded'], field: 'blinatumomabResponse', observed: blina });
  else add(out, 'pass', { rule: R['all-blinatumomab-none'], field: 'blinatumomabResponse', observed: blina });

  // More prior lines: poorer outcome, but the source gives no cut-off, so it is shown, not scored.
  if (input.linesOfPriorSystemicTherapy === undefined) miss(out, 'linesOfPriorSystemicTherapy');
  else add(out, 'note', { rule: R['all-prior-lines'], field: 'linesOfPriorSystemicTherapy', observed: input.linesOfPriorSystemicTherapy });

  if (input.marrowBlasts === undefined) miss(out, 'marrowBlasts');
  else {
    const high = input.marrowBlasts >= T.marrowBlastsHighPercent;
    add(out, high ? 'review' : 'pass', {
      rule: high ? R['all-marrow-blasts-high'] : R['all-marrow-blasts-low'],
      field: 'marrowBlasts',
      observed: input.marrowBlasts,
      unit: '%',
      threshold: high ? TH.blastsHigh : TH.blastsLow,
    });
  }
  const emd = input.extramedullaryDisease;
  if (emd === undefined) miss(out, 'extramedullaryDisease');
  else {
    const rule = emd === 'active-non-cns' ? R['all-emd-active'] : emd === 'resolved' ? R['all-emd-resolved'] : R['all-emd-none'];
    add(out, emd === 'active-non-cns' ? 'review' : 'pass', { rule, field: 'extramedullaryDisease', observed: emd });
  }
  if (input.cd19MarrowLoad === undefined) miss(out, 'cd19MarrowLoad');
  else {
    const low = input.cd19MarrowLoad < T.cd19LoadLowBelowPercent;
    add(out, low ? 'review' : 'pass', {
      rule: low ? R['all-cd19-load-low'] : R['all-cd19-load-adequate'],
      field: 'cd19MarrowLoad',
      observed: input.cd19MarrowLoad,
      unit: '%',
      threshold: low ? TH.cd19Low : TH.cd19Adequate,
    });
  }
}

function dlbclFactorsInto(input: EligibilityInput, out: Out): void {
  flag(out, 'extranodalDisease', input.extranodalDisease, R['dlbcl-extranodal'], 'review', R['dlbcl-no-extranodal']);
  if (input.ldh === undefined) miss(out, 'ldh');
  if (input.ldhUpperLimitOfNormal === undefined) miss(out, 'ldhUpperLimitOfNormal');
  if (input.ldh !== undefined && input.ldhUpperLimitOfNormal !== undefined) {
    const ratio = Math.round((input.ldh / input.ldhUpperLimitOfNormal) * 100) / 100;
    const high = input.ldh > T.ldhAboveTimesUln * input.ldhUpperLimitOfNormal;
    add(out, high ? 'review' : 'pass', {
      rule: high ? R['dlbcl-ldh-high'] : R['dlbcl-ldh-ok'],
      field: 'ldh',
      observed: ratio,
      unit: '× ULN',
      threshold: high ? TH.ldhHigh : TH.ldhOk,
    });
  }
  if (input.platelets === undefined) miss(out, 'platelets');
  else {
    const low = input.platelets < T.plateletsLowBelowPerUl;
    add(out, low ? 'review' : 'pass', {
      rule: low ? R['dlbcl-platelets-low'] : R['dlbcl-platelets-ok'],
      field: 'platelets',
      observed: input.platelets,
      unit: '/uL',
      threshold: low ? TH.plateletsLow : TH.plateletsOk,
    });
  }
  if (input.fullDoseFludarabineExpected === undefined) miss(out, 'fullDoseFludarabineExpected');
  else if (input.fullDoseFludarabineExpected) add(out, 'pass', { rule: R['dlbcl-fludarabine-full'], field: 'fullDoseFludarabineExpected', observed: true });
  else add(out, 'review', { rule: R['dlbcl-fludarabine-reduced'], field: 'fullDoseFludarabineExpected', observed: false });
  flag(
    out,
    'bendamustineWithin9MonthsBeforeApheresis',
    input.bendamustineWithin9MonthsBeforeApheresis,
    R['dlbcl-bendamustine-recent'],
    'review',
    R['dlbcl-bendamustine-none'],
  );
  let answered = true;
  let adverse = false;
  for (const [field, value, rule] of [
    ['mycOverexpression', input.mycOverexpression, R['dlbcl-myc']],
    ['tp53Mutated', input.tp53Mutated, R['dlbcl-tp53']],
  ] as const) {
    if (value === undefined) {
      miss(out, field);
      answered = false;
    } else if (value) {
      adverse = true;
      add(out, 'review', { rule, field, observed: true });
    }
  }
  if (answered && !adverse) add(out, 'pass', { rule: R['dlbcl-tumor-biology-neutral'], field: 'mycOverexpression', observed: false });
  out.warnings.push({ rule: R['dlbcl-t-cell-factors'] });
}

const PHYSICIAN: Warning = Object.freeze({ rule: R['physician-decides'] });

/** The planner; `products` defaults to the approved products (tests pass their own data). */
export function planEligibility(input: EligibilityInput, products: readonly CarTProduct[] = CAR_T_PRODUCTS): Assessment<EligibilityValue> {
  const out: Out = { basis: [], warnings: [], actions: [], reasons: [], missing: [] };
  const indicationValue = matchIndication(input, products, out);

  // Table 1, row by row.
  if (input.ageYears === undefined) miss(out, 'ageYears');
  else out.basis.push({ rule: R['age-no-limit'], field: 'ageYears', observed: input.ageYears, unit: 'a' });
  performanceInto(input, out);
  lifeExpectancyInto(input, out);
  flag(out, 'highTumorBurden', input.highTumorBurden, R['tumor-burden-high'], 'review', R['tumor-burden-not-high']);
  malignancyInto(input, out);
  alloHctInto(input, out);
  cd19Into(input, out);
  flag(out, 'systemicImmunosuppression', input.systemicImmunosuppression, R['immunosuppression-systemic'], 'review', R['immunosuppression-none']);
  infectionsInto(input, out);
  cnsInto(input, out);
  // §1.2.2 organ function.
  renalInto(input, out);
  cardiopulmonaryInto(input, out);
  // Efficacy factors.
  if (input.diagnosis === 'B-ALL') allFactorsInto(input, out);
  else if (input.diagnosis === 'DLBCL') dlbclFactorsInto(input, out);
  out.warnings.push(PHYSICIAN);

  let contraindications = 0;
  let reviews = 0;
  for (const r of out.reasons) {
    if (r.effect === 'contraindication') contraindications++;
    else if (r.effect === 'review') reviews++;
  }
  let verdict: EligibilityVerdict;
  if (contraindications > 0) {
    verdict = 'contraindicated';
    out.basis.push({ rule: R['verdict-contraindicated'], field: 'verdict', observed: contraindications, yields: verdict });
  } else if (out.missing.length > 0) {
    return cannotAssess('eligibility', out.warnings, out.basis);
  } else if (reviews > 0) {
    verdict = 'needs-physician-review';
    out.basis.push({ rule: R['verdict-review'], field: 'verdict', observed: reviews, yields: verdict });
  } else {
    verdict = 'eligible';
    out.basis.push({ rule: R['verdict-eligible'], field: 'verdict', observed: out.reasons.length, yields: verdict });
  }
  const value: EligibilityValue = { verdict, indication: indicationValue, reasons: out.reasons, missing: out.missing };
  return assessed('eligibility', value, out.basis, out.actions, out.warnings);
}

function summaryOf(v: EligibilityValue): Record<string, unknown> {
  if (v.verdict === 'eligible') return { variant: 'eligible', indication: v.indication?.id };
  let count = 0;
  const effect: Effect = v.verdict === 'contraindicated' ? 'contraindication' : 'review';
  for (const r of v.reasons) if (r.effect === effect) count++;
  if (v.indication === null) return { variant: `${v.verdict}-no-indication`, count };
  return { variant: v.verdict, indication: v.indication.id, count };
}

export const eligibilityInstrument = defineInstrument({
  name: 'eligibility',
  kind: 'planner',
  section: '002 §1.2, Tables 1-2',
  input: EligibilityInput,
  value: EligibilityValue,
  evaluate: (input) => planEligibility(input),
  summary: summaryOf,
});
