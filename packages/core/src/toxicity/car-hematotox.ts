import * as z from 'zod';
import type { Action, BasisEntry, Comparator, Threshold, Warning } from '../explain/result.js';
import { threshold, assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import { internedOnGrid } from '../explain/intern.js';
import type { Rule } from '../explain/rules.js';
import { fixedDose, perKg } from '../dosing/weight-based.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { QUANTITY_KINDS, quantity } from '../units/quantity.js';
import { carHematotoxMessages } from './car-hematotox.messages.js';

registerMessages(carHematotoxMessages);

const figure7 = { seed: 'handbook', section: '§3.1.5, Figure 7' } as const;
const riskText = { seed: 'handbook', section: '§3.1.5 (risk assessment)' } as const;
const measures = { seed: 'handbook', section: '§3.1.5 (corresponding measures, item 1)' } as const;
const table15 = { seed: 'handbook', section: '§3.1.5, Table 15' } as const;
const figure9 = { seed: 'handbook', section: '§3.1.5, Figure 9' } as const;
const score = { seed: [figure7], publications: ['rejeski2021'] } as const;
const outcome = { seed: [figure7], publications: ['rejeski2023', 'rejeski2021'] } as const;

/** CAR-HEMATOTOX (Rejeski 2021; handbook Figure 7) and the measures for a high-risk score. */
export const CAR_HEMATOTOX_RULES = defineRules('car-hematotox', {
  'platelets-0': score,
  'platelets-1': score,
  'platelets-2': score,
  'anc-0': score,
  'anc-1': score,
  'hemoglobin-0': score,
  'hemoglobin-1': score,
  'crp-0': score,
  'crp-1': score,
  'ferritin-0': score,
  'ferritin-1': score,
  'ferritin-2': score,
  'low-risk': score,
  'high-risk': score,
  'outcomes-low-LBCL': outcome,
  'outcomes-low-MCL': outcome,
  'outcomes-low-MM': outcome,
  'outcomes-high-LBCL': outcome,
  'outcomes-high-MCL': outcome,
  'outcomes-high-MM': outcome,
  'platelets-missing': score,
  'anc-missing': score,
  'hemoglobin-missing': score,
  'crp-missing': score,
  'ferritin-missing': score,
  timing: { seed: [riskText, figure7], publications: ['rejeski2021'] },
  'sensitivity-specificity': { seed: [riskText], publications: ['rejeski2023'] },
  'developed-in-lbcl': { seed: [riskText], publications: ['rejeski2021', 'rejeski2023'] },
  'b-all-reference-only': { seed: [riskText], publications: ['rejeski2023'] },
  'other-disease-not-validated': { seed: [riskText], publications: ['rejeski2021'] },
  'gcsf-prophylaxis': { seed: [table15, figure9], publications: ['rejeski2023'] },
  'marrow-examination': { seed: [measures], publications: ['rejeski2023'] },
  'infection-prophylaxis': { seed: [figure9, table15], publications: ['rejeski2023'] },
  'weight-missing': { seed: [table15], publications: ['rejeski2023'] },
  'low-risk-gcsf-optional': { seed: [table15], publications: ['rejeski2023'] },
  'low-risk-no-antibacterial': { seed: [table15], publications: ['rejeski2023'] },
});

export const CAR_HEMATOTOX_DISEASES = ['LBCL', 'MCL', 'MM', 'B-ALL', 'other'] as const;
export type CarHematotoxDisease = (typeof CAR_HEMATOTOX_DISEASES)[number];

/**
 * Figure 7 (Rejeski 2021): the bands of each item. Platelets and ANC in /uL, hemoglobin and CRP
 * in mg/dL or g/dL, ferritin in ng/mL. A total of `highRiskFrom` or more is high risk.
 */
export const CAR_HEMATOTOX_THRESHOLDS = Object.freeze({
  /** Platelets above this score 0; 75,000-175,000 score 1. */
  plateletsZeroAbove: 175_000,
  /** Platelets below this score 2. */
  plateletsTwoBelow: 75_000,
  /** ANC above this scores 0, otherwise 1. */
  ancZeroAbove: 1_200,
  /** Hemoglobin above this (g/dL) scores 0, otherwise 1. */
  hemoglobinZeroAbove: 9.0,
  /** CRP below this (mg/dL) scores 0, otherwise 1. */
  crpZeroBelow: 3.0,
  /** Ferritin below this scores 0; 650-2,000 score 1. */
  ferritinZeroBelow: 650,
  /** Ferritin above this scores 2. */
  ferritinTwoAbove: 2_000,
  /** 0-1 low risk, 2-7 high risk. */
  highRiskFrom: 2,
  maxScore: 7,
  /** Table 15: prophylactic G-CSF 5 ug/kg once daily from day +2 in high-risk patients. */
  gcsfUgPerKg: 5,
  gcsfFromDay: 2,
} as const);

export interface CohortOutcome {
  /** Patients in the whole published cohort of the entity (both risk groups together), as Figure 7 heads its columns. */
  readonly n: number;
  /** Median days of severe neutropenia (ANC <500/uL) between day 0 and day 60, with its 95% CI. */
  readonly severeNeutropeniaMedianDays: number;
  readonly severeNeutropeniaCi95: readonly [number, number];
  readonly aplasticPhenotypePercent: number;
  readonly severeInfectionPercent: number;
  readonly nonRelapseMortalityPercent: number;
}
export type RiskOutcomes = Readonly<Record<'LBCL' | 'MCL' | 'MM', CohortOutcome>>;

function cohort(n: number, days: number, lo: number, hi: number, aplastic: number, infection: number, nrm: number): CohortOutcome {
  return Object.freeze({
    n,
    severeNeutropeniaMedianDays: days,
    severeNeutropeniaCi95: Object.freeze([lo, hi] as const),
    aplasticPhenotypePercent: aplastic,
    severeInfectionPercent: infection,
    nonRelapseMortalityPercent: nrm,
  });
}

/** The side table of Figure 7 (Rejeski 2023, Figure 1): outcomes by risk group and cohort. */
export const CAR_HEMATOTOX_OUTCOMES: Readonly<Record<'low' | 'high', RiskOutcomes>> = Object.freeze({
  low: Object.freeze({
    LBCL: cohort(235, 5.5, 5, 8, 2.6, 8, 0.9),
    MCL: cohort(103, 6, 5, 7, 0, 5, 5),
    MM: cohort(113, 3, 2, 5, 3, 5, 3),
  }),
  high: Object.freeze({
    LBCL: cohort(235, 12, 10, 16, 36, 40, 27),
    MCL: cohort(103, 14, 9, 18, 47, 30, 28),
    MM: cohort(113, 9, 7, 13, 32, 40, 34),
  }),
});

export const CarHematotoxInput = z
  .object({
    platelets: quantity('plateletsPerMicroliter').optional().describe('Platelet count before lymphodepletion (about day -5).'),
    anc: quantity('cellCountPerMicroliter').optional().describe('Absolute neutrophil count before lymphodepletion.'),
    hemoglobin: quantity('hemoglobin').optional().describe('Hemoglobin before lymphodepletion.'),
    crp: quantity('crp').optional().describe('C-reactive protein before lymphodepletion.'),
    ferritin: quantity('ferritin').optional().describe('Ferritin before lymphodepletion.'),
    disease: z.enum(CAR_HEMATOTOX_DISEASES).describe('The score was developed in LBCL; MCL and MM cohorts are published; B-ALL is reference only.'),
    weight: quantity('bodyWeight').optional().describe('For the G-CSF dose (5 ug/kg).'),
  })
  .strict();
export type CarHematotoxInput = z.output<typeof CarHematotoxInput>;

const outcomeSchema = z.object({
  n: z.number().int().describe('Patients in the whole published cohort of the entity (both risk groups together), not in this risk group.'),
  severeNeutropeniaMedianDays: z.number(),
  severeNeutropeniaCi95: z.tuple([z.number(), z.number()]).readonly(),
  aplasticPhenotypePercent: z.number(),
  severeInfectionPercent: z.number(),
  nonRelapseMortalityPercent: z.number(),
});

export const CarHematotoxValue = z.object({
  score: z.number().int().min(0).max(7),
  risk: z.enum(['low', 'high']),
  points: z.object({
    platelets: z.number().int().min(0).max(2),
    anc: z.number().int().min(0).max(1),
    hemoglobin: z.number().int().min(0).max(1),
    crp: z.number().int().min(0).max(1),
    ferritin: z.number().int().min(0).max(2),
  }),
  outcomes: z.object({ LBCL: outcomeSchema, MCL: outcomeSchema, MM: outcomeSchema }),
});
export type CarHematotoxValue = z.infer<typeof CarHematotoxValue>;

const T = CAR_HEMATOTOX_THRESHOLDS;
const R = CAR_HEMATOTOX_RULES;

export function plateletPoints(perMicroliter: number): 0 | 1 | 2 {
  if (perMicroliter > T.plateletsZeroAbove) return 0;
  return perMicroliter < T.plateletsTwoBelow ? 2 : 1;
}
export function ancPoints(perMicroliter: number): 0 | 1 {
  return perMicroliter > T.ancZeroAbove ? 0 : 1;
}
export function hemoglobinPoints(gPerDl: number): 0 | 1 {
  return gPerDl > T.hemoglobinZeroAbove ? 0 : 1;
}
export function crpPoints(mgPerDl: number): 0 | 1 {
  return mgPerDl < T.crpZeroBelow ? 0 : 1;
}
export function ferritinPoints(ngPerMl: number): 0 | 1 | 2 {
  if (ngPerMl < T.ferritinZeroBelow) return 0;
  return ngPerMl > T.ferritinTwoAbove ? 2 : 1;
}

const PER_UL = '/uL';
const th = (comparator: Comparator, value: Threshold['value'], unit?: string): Threshold => Object.freeze(threshold(comparator, value, unit));
const PLATELETS_0 = th('>', T.plateletsZeroAbove, PER_UL);
const PLATELETS_1 = th('between', Object.freeze([T.plateletsTwoBelow, T.plateletsZeroAbove]), PER_UL);
const PLATELETS_2 = th('<', T.plateletsTwoBelow, PER_UL);
const ANC_0 = th('>', T.ancZeroAbove, PER_UL);
const ANC_1 = th('<=', T.ancZeroAbove, PER_UL);
const HB_0 = th('>', T.hemoglobinZeroAbove, 'g/dL');
const HB_1 = th('<=', T.hemoglobinZeroAbove, 'g/dL');
const CRP_0 = th('<', T.crpZeroBelow, 'mg/dL');
const CRP_1 = th('>=', T.crpZeroBelow, 'mg/dL');
const FERRITIN_0 = th('<', T.ferritinZeroBelow, 'ng/mL');
const FERRITIN_1 = th('between', Object.freeze([T.ferritinZeroBelow, T.ferritinTwoAbove]), 'ng/mL');
const FERRITIN_2 = th('>', T.ferritinTwoAbove, 'ng/mL');
const HIGH = th('>=', T.highRiskFrom);
const LOW = th('<', T.highRiskFrom);

function plateletBasis(value: number, points: number): BasisEntry {
  if (points === 0) return itemBasis(R['platelets-0'], 'platelets', value, PER_UL, PLATELETS_0, 0);
  if (points === 2) return itemBasis(R['platelets-2'], 'platelets', value, PER_UL, PLATELETS_2, 2);
  return itemBasis(R['platelets-1'], 'platelets', value, PER_UL, PLATELETS_1, 1);
}

function ferritinBasis(value: number, points: number): BasisEntry {
  if (points === 0) return itemBasis(R['ferritin-0'], 'ferritin', value, 'ng/mL', FERRITIN_0, 0);
  if (points === 2) return itemBasis(R['ferritin-2'], 'ferritin', value, 'ng/mL', FERRITIN_2, 2);
  return itemBasis(R['ferritin-1'], 'ferritin', value, 'ng/mL', FERRITIN_1, 1);
}

/** The outcome rows of each risk group, as basis entries: static, built once. */
const OUTCOME_BASIS: Readonly<Record<'low' | 'high', readonly BasisEntry[]>> = Object.freeze({
  low: Object.freeze(
    (['LBCL', 'MCL', 'MM'] as const).map((name) =>
      Object.freeze({ rule: R[`outcomes-low-${name}`], field: `outcomes.${name}`, observed: CAR_HEMATOTOX_OUTCOMES.low[name].severeNeutropeniaMedianDays, yields: 'low' }),
    ),
  ),
  high: Object.freeze(
    (['LBCL', 'MCL', 'MM'] as const).map((name) =>
      Object.freeze({ rule: R[`outcomes-high-${name}`], field: `outcomes.${name}`, observed: CAR_HEMATOTOX_OUTCOMES.high[name].severeNeutropeniaMedianDays, yields: 'high' }),
    ),
  ),
});

const warn = (rule: Rule, field?: string, params?: Warning['params']): Warning =>
  Object.freeze({ rule, ...(field === undefined ? {} : { field }), ...(params === undefined ? {} : { params }) });
/** The population warnings of each disease: static, built once. */
const DISEASE_WARNINGS: Readonly<Record<CarHematotoxDisease, readonly Warning[]>> = Object.freeze(
  Object.fromEntries(
    CAR_HEMATOTOX_DISEASES.map((disease) => {
      const list: Warning[] = [warn(R['sensitivity-specificity']), warn(R.timing)];
      if (disease !== 'LBCL') list.push(warn(R['developed-in-lbcl'], 'disease', Object.freeze({ disease })));
      if (disease === 'B-ALL') list.push(warn(R['b-all-reference-only'], 'disease'));
      if (disease === 'other') list.push(warn(R['other-disease-not-validated'], 'disease'));
      return [disease, Object.freeze(list)];
    }),
  ) as Record<CarHematotoxDisease, readonly Warning[]>,
);
const LOW_RISK_WARNINGS = Object.freeze([warn(R['low-risk-gcsf-optional']), warn(R['low-risk-no-antibacterial'])]);
const WEIGHT_MISSING = warn(R['weight-missing'], 'weight');
const byDisease = (extra: readonly Warning[]) =>
  Object.freeze(Object.fromEntries(CAR_HEMATOTOX_DISEASES.map((d) => [d, Object.freeze([...DISEASE_WARNINGS[d], ...extra])]))) as Readonly<
    Record<CarHematotoxDisease, readonly Warning[]>
  >;
const LOW_WARNINGS = byDisease(LOW_RISK_WARNINGS);
const HIGH_WARNINGS_NO_WEIGHT = byDisease([WEIGHT_MISSING]);
const NO_ACTIONS: readonly Action[] = Object.freeze([]);
const MARROW: Action = Object.freeze({ rule: R['marrow-examination'], status: 'consider' });
const PROPHYLAXIS: Action = Object.freeze({ rule: R['infection-prophylaxis'], status: 'consider' });
const GCSF_PER_KG = Object.freeze(fixedDose(T.gcsfUgPerKg, 'ug/kg'));
const MISSING = Object.freeze({
  platelets: warn(R['platelets-missing'], 'platelets'),
  anc: warn(R['anc-missing'], 'anc'),
  hemoglobin: warn(R['hemoglobin-missing'], 'hemoglobin'),
  crp: warn(R['crp-missing'], 'crp'),
  ferritin: warn(R['ferritin-missing'], 'ferritin'),
});

/** The risk entry of each total (0-7): fixed by the total, built once. */
const RISK_BASIS: readonly BasisEntry[] = Object.freeze(
  Array.from({ length: T.maxScore + 1 }, (_, total): BasisEntry => {
    const high = total >= T.highRiskFrom;
    return Object.freeze({ rule: high ? R['high-risk'] : R['low-risk'], field: 'score', observed: total, threshold: high ? HIGH : LOW, yields: high ? 'high' : 'low' });
  }),
);

/**
 * The value is fixed by the five item points (3 x 2 x 2 x 2 x 3 combinations): each is built
 * once, on first use, and shared (frozen, so no result can change another's).
 */
const VALUES: (CarHematotoxValue | undefined)[] = new Array<CarHematotoxValue | undefined>(3 * 2 * 2 * 2 * 3).fill(undefined);
function valueOf(platelets: number, anc: number, hemoglobin: number, crp: number, ferritin: number): CarHematotoxValue {
  const key = (((platelets * 2 + anc) * 2 + hemoglobin) * 2 + crp) * 3 + ferritin;
  let value = VALUES[key];
  if (value === undefined) {
    const total = platelets + anc + hemoglobin + crp + ferritin;
    const risk = total >= T.highRiskFrom ? 'high' : 'low';
    value = Object.freeze({ score: total, risk, points: Object.freeze({ platelets, anc, hemoglobin, crp, ferritin }), outcomes: CAR_HEMATOTOX_OUTCOMES[risk] });
    VALUES[key] = value;
  }
  return value;
}

const GCSF_NO_WEIGHT: Action = Object.freeze({ rule: R['gcsf-prophylaxis'], status: 'consider', drug: 'G-CSF', dose: GCSF_PER_KG, frequency: 'daily' });
const HIGH_ACTIONS_NO_WEIGHT: readonly Action[] = Object.freeze([GCSF_NO_WEIGHT, MARROW, PROPHYLAXIS]);

/** One item's entry; every item entry has this one shape. */
function itemBasis(rule: Rule, field: string, observed: number, unit: string, limit: Threshold, points: number): BasisEntry {
  return { rule, field, observed, unit, threshold: limit, yields: points };
}

function hemoglobinBasis(gPerDl: number): BasisEntry {
  const points = hemoglobinPoints(gPerDl);
  return itemBasis(points === 0 ? R['hemoglobin-0'] : R['hemoglobin-1'], 'hemoglobin', gPerDl, 'g/dL', points === 0 ? HB_0 : HB_1, points);
}
function crpBasis(mgPerDl: number): BasisEntry {
  const points = crpPoints(mgPerDl);
  return itemBasis(points === 0 ? R['crp-0'] : R['crp-1'], 'crp', mgPerDl, 'mg/dL', points === 0 ? CRP_0 : CRP_1, points);
}
// Hemoglobin and CRP are reported to 0.1 g/dL and 0.1 mg/dL: each value's entry is built once.
const HEMOGLOBIN_ENTRY = internedOnGrid(QUANTITY_KINDS.hemoglobin.min, QUANTITY_KINDS.hemoglobin.max, 10, hemoglobinBasis);
const CRP_ENTRY = internedOnGrid(QUANTITY_KINDS.crp.min, QUANTITY_KINDS.crp.max, 10, crpBasis);

/** Some item is missing: no score, the points of the items present stay in the basis. */
function withoutScore(input: CarHematotoxInput): Assessment<CarHematotoxValue> {
  const basis: BasisEntry[] = [];
  const missing: Warning[] = [];
  if (input.platelets === undefined) missing.push(MISSING.platelets);
  else basis.push(plateletBasis(input.platelets, plateletPoints(input.platelets)));
  if (input.anc === undefined) missing.push(MISSING.anc);
  else {
    const anc = ancPoints(input.anc);
    basis.push(itemBasis(anc === 0 ? R['anc-0'] : R['anc-1'], 'anc', input.anc, PER_UL, anc === 0 ? ANC_0 : ANC_1, anc));
  }
  if (input.hemoglobin === undefined) missing.push(MISSING.hemoglobin);
  else basis.push(HEMOGLOBIN_ENTRY(input.hemoglobin));
  if (input.crp === undefined) missing.push(MISSING.crp);
  else basis.push(CRP_ENTRY(input.crp));
  if (input.ferritin === undefined) missing.push(MISSING.ferritin);
  else basis.push(ferritinBasis(input.ferritin, ferritinPoints(input.ferritin)));
  for (const w of DISEASE_WARNINGS[input.disease]) missing.push(w);
  return cannotAssess('car-hematotox', missing, basis);
}

export function assessCarHematotox(input: CarHematotoxInput): Assessment<CarHematotoxValue> {
  const plateletCount = input.platelets;
  const ancCount = input.anc;
  const hemoglobinLevel = input.hemoglobin;
  const crpLevel = input.crp;
  const ferritinLevel = input.ferritin;
  if (plateletCount === undefined || ancCount === undefined || hemoglobinLevel === undefined || crpLevel === undefined || ferritinLevel === undefined) {
    return withoutScore(input);
  }
  const platelets = plateletPoints(plateletCount);
  const anc = ancPoints(ancCount);
  const hemoglobin = hemoglobinPoints(hemoglobinLevel);
  const crp = crpPoints(crpLevel);
  const ferritin = ferritinPoints(ferritinLevel);
  const value = valueOf(platelets, anc, hemoglobin, crp, ferritin);
  const outcomes = OUTCOME_BASIS[value.risk];
  // One array of the exact length, in the order of Figure 7: items, risk group, outcome rows.
  const basis: BasisEntry[] = [
    plateletBasis(plateletCount, platelets),
    itemBasis(anc === 0 ? R['anc-0'] : R['anc-1'], 'anc', ancCount, PER_UL, anc === 0 ? ANC_0 : ANC_1, anc),
    HEMOGLOBIN_ENTRY(hemoglobinLevel),
    CRP_ENTRY(crpLevel),
    ferritinBasis(ferritinLevel, ferritin),
    RISK_BASIS[value.score]!,
    outcomes[0]!,
    outcomes[1]!,
    outcomes[2]!,
  ];
  if (value.risk === 'low') return assessed('car-hematotox', value, basis, NO_ACTIONS, LOW_WARNINGS[input.disease]);
  const weight = input.weight;
  if (weight === undefined) return assessed('car-hematotox', value, basis, HIGH_ACTIONS_NO_WEIGHT, HIGH_WARNINGS_NO_WEIGHT[input.disease]);
  const gcsf: Action = { rule: R['gcsf-prophylaxis'], status: 'consider', drug: 'G-CSF', dose: perKg(T.gcsfUgPerKg, weight, 'ug'), frequency: 'daily' };
  return assessed('car-hematotox', value, basis, [gcsf, MARROW, PROPHYLAXIS], DISEASE_WARNINGS[input.disease]);
}

export const carHematotoxInstrument = defineInstrument({
  name: 'car-hematotox',
  kind: 'instrument',
  section: '002 §3.1.5, Figure 7, Table 15',
  input: CarHematotoxInput,
  value: CarHematotoxValue,
  evaluate: (input) => assessCarHematotox(input),
  summary: (v) => ({ variant: v.risk, score: v.score }),
});
