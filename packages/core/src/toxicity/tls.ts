import * as z from 'zod';
import type { Action, BasisEntry, Dose, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { fixedDose, perKg } from '../dosing/weight-based.js';
import { registerMessages } from '../i18n/catalog.js';
import type { InstitutionSettings } from '../institution/settings.js';
import { defineInstrument } from '../instruments/registry.js';
import { QUANTITY_KINDS, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { tlsMessages } from './tls.messages.js';

registerMessages(tlsMessages);

// Handbook §3.1.1: BCSH 2015 (Jones) prophylaxis and treatment by risk group; the risk groups are
// those of Cairo 2010, which BCSH adopts. Laboratory / clinical TLS: Cairo-Bishop 2004 (the
// handbook names the two forms but does not spell the criteria out; see clinical-notes.md).
const s311 = { seed: 'handbook', section: '§3.1.1 (TLS)' } as const;
const s311Risk = { seed: 'handbook', section: '§3.1.1 (TLS, BCSH risk groups)' } as const;
const s311Prevent = { seed: 'handbook', section: '§3.1.1 (TLS prevention, items 1-4)' } as const;
const s311Treat = { seed: 'handbook', section: '§3.1.1 (TLS treatment, items 1-6)' } as const;
const s311Clinical = { seed: 'handbook', section: '§3.1.1 (clinical features: laboratory vs clinical TLS)' } as const;
const edTls = { seed: 'amlAll', section: '§急診早期警訊 (early warnings in the emergency department), item 1' } as const;

const risk: RuleSources = { seed: [s311Risk], publications: ['cairo2010', 'jones2015'] };
const riskLeukemia: RuleSources = { seed: [s311Risk, edTls], publications: ['cairo2010', 'jones2015'] };
const prevent: RuleSources = { seed: [s311Prevent], publications: ['jones2015'] };
const treat: RuleSources = { seed: [s311Treat], publications: ['jones2015'] };
const lab: RuleSources = { seed: [s311Clinical], publications: ['cairo2004'] };
const context: RuleSources = { seed: [s311], publications: ['jones2015'] };

export const TLS_RULES = defineRules('tls', {
  // Risk group (Cairo 2010 as adopted by BCSH 2015).
  'risk-disease-missing': risk,
  'risk-wbc-missing': risk,
  'risk-ldh-missing': risk,
  'risk-stage-missing': risk,
  'risk-cll-therapy-missing': risk,
  'risk-aml-low': riskLeukemia,
  'risk-aml-intermediate-wbc': riskLeukemia,
  'risk-aml-intermediate-ldh': riskLeukemia,
  'risk-aml-high': riskLeukemia,
  'risk-all-intermediate': riskLeukemia,
  'risk-all-high-wbc': riskLeukemia,
  'risk-all-high-ldh': riskLeukemia,
  'risk-burkitt-lbl-intermediate': risk,
  'risk-burkitt-lbl-high-stage': risk,
  'risk-burkitt-lbl-high-ldh': risk,
  'risk-cll-low': risk,
  'risk-cll-intermediate-wbc': risk,
  'risk-cll-intermediate-therapy': risk,
  'risk-myeloma-low': risk,
  'risk-indolent-low': risk,
  'risk-aggressive-lymphoma-review': risk,
  'risk-other-review': risk,
  'adjust-renal-low-to-intermediate': risk,
  'adjust-renal-intermediate-to-high': risk,
  'adjust-electrolytes-intermediate-to-high': risk,
  'adjust-none': risk,
  'adjust-renal-missing': risk,
  'adjust-electrolytes-missing': risk,
  'low-risk-car-t-tension': context,
  'car-t-context': context,
  'car-t-prophylaxis-from-ldc': { seed: [s311], publications: ['jones2015'] },
  'onset-ldc-and-late': { seed: [s311], publications: ['jones2015', 'hayden2022'] },
  // Prophylaxis (handbook §3.1.1 prevention 1-4).
  'risk-needs-review': risk,
  'prophylaxis-pending': prevent,
  'low-risk-handbook-silent': prevent,
  'prophylaxis-hydration': prevent,
  'prophylaxis-allopurinol': prevent,
  'prophylaxis-febuxostat-alternative': { seed: [s311], publications: ['jones2015'] },
  'prophylaxis-febuxostat-alternative-leukemia': { seed: [s311, edTls], publications: ['jones2015'] },
  'prophylaxis-rasburicase': prevent,
  'prophylaxis-allopurinol-g6pd': prevent,
  'rasburicase-adult-fixed': prevent,
  'rasburicase-child-per-kg': prevent,
  'rasburicase-g6pd-deficient': prevent,
  'g6pd-unknown': prevent,
  'no-allopurinol-with-rasburicase': prevent,
  'no-urine-alkalinization': prevent,
  'age-missing': prevent,
  'weight-missing': prevent,
  // Laboratory TLS (Cairo-Bishop 2004).
  'uric-acid-absolute': lab,
  'uric-acid-change': lab,
  'uric-acid-not-met': lab,
  'uric-acid-missing': lab,
  'uric-acid-baseline-missing': lab,
  'potassium-absolute': lab,
  'potassium-change': lab,
  'potassium-not-met': lab,
  'potassium-missing': lab,
  'potassium-baseline-missing': lab,
  'phosphate-absolute-adult': lab,
  'phosphate-absolute-child': lab,
  'phosphate-change': lab,
  'phosphate-not-met': lab,
  'phosphate-missing': lab,
  'phosphate-baseline-missing': lab,
  'phosphate-age-missing': lab,
  'calcium-absolute': lab,
  'calcium-change': lab,
  'calcium-not-met': lab,
  'calcium-missing': lab,
  'calcium-baseline-missing': lab,
  'laboratory-tls': lab,
  'no-laboratory-tls': lab,
  'laboratory-tls-undetermined': lab,
  'labs-not-given': lab,
  'timing-in-window': lab,
  'timing-outside-window': { seed: [s311Clinical, s311], publications: ['cairo2004'] },
  'timing-outside-window-leukemia': { seed: [s311Clinical, edTls], publications: ['cairo2004'] },
  'timing-missing': lab,
  // Clinical TLS (Cairo-Bishop 2004).
  'creatinine-met': lab,
  'creatinine-not-met': lab,
  'creatinine-missing': lab,
  arrhythmia: lab,
  seizure: lab,
  'arrhythmia-missing': lab,
  'seizure-missing': lab,
  'clinical-tls': lab,
  'no-clinical-tls': lab,
  'clinical-tls-undetermined': lab,
  'clinical-attribution': lab,
  // Treatment (handbook §3.1.1 treatment 1-6).
  'treat-icu': treat,
  'treat-hydration': treat,
  'treat-rasburicase': treat,
  'treat-no-asymptomatic-calcium': treat,
  'urine-output-on-target': treat,
  'urine-output-below-target': treat,
  'urine-output-infant': treat,
  'dialysis-fluid-overload': treat,
  'dialysis-potassium': treat,
  'dialysis-persisting': treat,
  dialysis: treat,
  'no-peritoneal-dialysis': treat,
});

const R = TLS_RULES;

/** mmol/L to mg/dL with the molecular weight quantity.ts converts with. */
function mmolToMgDl(kind: 'uricAcid' | 'phosphate' | 'calcium', mmolPerL: number): number {
  return Number.parseFloat(((mmolPerL * QUANTITY_KINDS[kind].molecularWeight) / 10).toPrecision(10));
}

/**
 * Relative criteria (a 25% rise from baseline, 2x ULN) multiply floating-point numbers, which
 * leaves noise (4.4 x 1.25 is not exactly 5.5), so a value within one part per billion of a
 * computed threshold counts as equal to it.
 */
const EPSILON = 1e-9;
function atLeast(value: number, threshold: number): boolean {
  return value >= threshold - Math.abs(threshold) * EPSILON;
}
function atMost(value: number, threshold: number): boolean {
  return value <= threshold + Math.abs(threshold) * EPSILON;
}

/**
 * Cairo-Bishop gives each absolute threshold in both SI and conventional units, and the two do
 * not convert exactly (1.45 mmol/L phosphate is 4.49 mg/dL, 1.75 mmol/L calcium is 7.01 mg/dL).
 * Comparisons are in mg/dL (the canonical unit), converted through the same UCUM path as the
 * input (within 1 part per billion, see atLeast), and use the more inclusive of the two forms, so a value meeting either form counts.
 */
export const TLS_THRESHOLDS = Object.freeze({
  uricAcidMgDl: Math.min(8, mmolToMgDl('uricAcid', 0.476)),
  potassiumMmolL: 6,
  phosphateAdultMgDl: Math.min(4.5, mmolToMgDl('phosphate', 1.45)),
  phosphateChildMgDl: Math.min(6.5, mmolToMgDl('phosphate', 2.1)),
  calciumMgDl: Math.max(7, mmolToMgDl('calcium', 1.75)),
  /** A rise (uric acid, potassium, phosphate) of at least 25% from baseline. */
  riseFactor: 1.25,
  /** A fall (calcium) of at least 25% from baseline. */
  fallFactor: 0.75,
  criteriaForLaboratoryTls: 2,
  creatinineTimesUln: 1.5,
  windowStartDay: -3,
  windowEndDay: 7,
  // Cairo 2010 / BCSH risk table.
  amlWbcIntermediate: 25_000,
  leukemiaWbcHigh: 100_000,
  cllWbcIntermediate: 50_000,
  ldhTimesUln: 2,
  // Handbook §3.1.1.
  allopurinolDays: 7,
  rasburicaseAdultFixedMg: 3,
  rasburicaseChildMgPerKg: 0.2,
  rasburicaseTreatmentMgPerKgPerDay: 0.2,
  urineOutputAboveMlPerKgPerHour: 4,
  infantUrineOutputAboveMlPerM2PerHour: 100,
  infantBelowYears: 1,
  dialysisPotassiumMmolL: 7,
});
const T = TLS_THRESHOLDS;

export const TLS_DISEASES = [
  'aml',
  'all',
  'burkitt',
  'lymphoblastic-lymphoma',
  'aggressive-lymphoma',
  'indolent-lymphoma',
  'cll',
  'myeloma',
  'other',
] as const;
export const RISK_GROUPS = ['low', 'intermediate', 'high'] as const;
export type RiskGroup = (typeof RISK_GROUPS)[number];
export const G6PD_STATUSES = ['deficient', 'normal', 'unknown'] as const;
/**
 * Where the TLS is assessed. The handbook's CAR-T statements (CAR-T diseases fall in the
 * intermediate/high groups, onset from LDC, late TLS after infusion) do not apply to leukemia at
 * diagnosis or induction (seed 000 §急診早期警訊), so that setting leaves them out.
 */
export const TLS_THERAPY_CONTEXTS = ['car-t', 'leukemia-induction'] as const;
export type TlsTherapyContext = (typeof TLS_THERAPY_CONTEXTS)[number];

const Labs = z
  .object({
    uricAcid: quantity('uricAcid').optional(),
    potassium: quantity('potassium').optional(),
    phosphate: quantity('phosphate').optional(),
    calcium: quantity('calcium').optional(),
  })
  .strict();

export const TlsInput = z
  .object({
    disease: z.enum(TLS_DISEASES).optional().describe('Disease category for the Cairo 2010 / BCSH risk table.'),
    wbc: quantity('cellCountPerMicroliter').optional().describe('White blood cell count before therapy.'),
    ldh: quantity('ldh').optional(),
    ldhUpperLimit: quantity('ldh').optional().describe('Upper limit of normal of the laboratory that measured LDH.'),
    stage: z.enum(['early', 'advanced']).optional().describe('Burkitt / lymphoblastic lymphoma: early (I-II) or advanced (III-IV).'),
    bulkyDisease: z.boolean().optional().describe('Bulky disease; recorded for the physician review of aggressive lymphoma.'),
    cllTherapy: z
      .enum(['alkylating-only', 'fludarabine-or-targeted'])
      .optional()
      .describe('CLL: alkylating agents only, or fludarabine / targeted agents (rituximab, lenalidomide, obinutuzumab, venetoclax).'),
    renalImpairment: z.boolean().optional().describe('Renal dysfunction and/or renal involvement by the disease.'),
    aboveUpperLimit: z
      .object({ uricAcid: z.boolean().optional(), potassium: z.boolean().optional(), phosphate: z.boolean().optional() })
      .strict()
      .default({})
      .describe('Baseline uric acid, potassium and phosphate above the laboratory upper limit of normal.'),
    current: Labs.default({}).describe('Latest uric acid, potassium, phosphate and calcium.'),
    baseline: Labs.default({}).describe('Values before therapy, for the 25% change criteria.'),
    ageYears: z.number().min(0).max(120).optional(),
    creatinine: quantity('creatinine').optional(),
    creatinineUpperLimit: quantity('creatinine').optional().describe('Age-adjusted upper limit of normal for creatinine.'),
    arrhythmiaOrSuddenDeath: z.boolean().optional(),
    seizure: z.boolean().optional(),
    daysFromTherapyStart: z
      .number()
      .min(-365)
      .max(365)
      .optional()
      .describe('Day of these values relative to the start of therapy (LDC start in CAR-T): day 0 = first day.'),
    g6pd: z.enum(G6PD_STATUSES).default('unknown'),
    therapyContext: z
      .enum(TLS_THERAPY_CONTEXTS)
      .optional()
      .describe("'car-t' (default: the handbook's CAR-T context) or 'leukemia-induction' (acute leukemia at diagnosis or induction: no CAR-T statements)."),
    weight: quantity('bodyWeight').optional(),
    urineOutput: quantity('urineOutputRate').optional(),
    fluidOverloadIntractable: z.boolean().default(false),
    persistingDespiteTreatment: z
      .boolean()
      .default(false)
      .describe('Hyperuricaemia, hyperphosphataemia, hypocalcaemia or worsening renal function persisting despite treatment.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.cllTherapy !== undefined && input.disease !== 'cll') refuse(ctx, ['cllTherapy'], 'tls.input.cll-therapy-not-cll');
    if (input.stage !== undefined && input.disease !== 'burkitt' && input.disease !== 'lymphoblastic-lymphoma') {
      refuse(ctx, ['stage'], 'tls.input.stage-not-used');
    }
    if (input.ldhUpperLimit !== undefined && input.ldhUpperLimit <= 0) refuse(ctx, ['ldhUpperLimit'], 'tls.input.uln-not-positive');
  });
export type TlsInput = z.output<typeof TlsInput>;

export const TlsValue = z.object({
  riskGroup: z.enum(RISK_GROUPS).nullable(),
  diseaseRiskGroup: z.enum(RISK_GROUPS).nullable(),
  laboratoryTls: z.boolean().nullable(),
  clinicalTls: z.boolean().nullable(),
  criteriaMet: z.array(z.string()),
});
export type TlsValue = z.infer<typeof TlsValue>;

interface Out {
  basis: BasisEntry[];
  warnings: Warning[];
  actions: Action[];
}

// ---------------------------------------------------------------------------------------------
// Risk group
// ---------------------------------------------------------------------------------------------

function ldhAtLeast2Uln(input: TlsInput): boolean | null {
  if (input.ldh === undefined || input.ldhUpperLimit === undefined) return null;
  return atLeast(input.ldh, T.ldhTimesUln * input.ldhUpperLimit);
}

function ldhBasis(rule: Rule, input: TlsInput, high: boolean, yields: RiskGroup): BasisEntry {
  return {
    rule,
    field: 'ldh',
    observed: input.ldh ?? null,
    unit: 'U/L',
    threshold: { comparator: high ? '>=' : '<', value: T.ldhTimesUln * (input.ldhUpperLimit ?? 0), unit: 'U/L' },
    yields,
  };
}

function wbcBasis(rule: Rule, input: TlsInput, comparator: '>=' | '<', value: number, yields: RiskGroup): BasisEntry {
  return { rule, field: 'wbc', observed: input.wbc ?? null, unit: '/uL', threshold: { comparator, value, unit: '/uL' }, yields };
}

function diseaseGroup(input: TlsInput, out: Out): RiskGroup | null {
  const ldhHigh = ldhAtLeast2Uln(input);
  const wbc = input.wbc;
  const missingWbc = () => out.warnings.push({ rule: R['risk-wbc-missing'], field: 'wbc' });
  const missingLdh = () => out.warnings.push({ rule: R['risk-ldh-missing'], field: input.ldh === undefined ? 'ldh' : 'ldhUpperLimit' });
  switch (input.disease) {
    case undefined:
      out.warnings.push({ rule: R['risk-disease-missing'], field: 'disease' });
      return null;
    case 'aml':
      if (wbc === undefined) {
        missingWbc();
        return null;
      }
      if (atLeast(wbc, T.leukemiaWbcHigh)) {
        out.basis.push(wbcBasis(R['risk-aml-high'], input, '>=', T.leukemiaWbcHigh, 'high'));
        return 'high';
      }
      if (atLeast(wbc, T.amlWbcIntermediate)) {
        out.basis.push(wbcBasis(R['risk-aml-intermediate-wbc'], input, '>=', T.amlWbcIntermediate, 'intermediate'));
        return 'intermediate';
      }
      if (ldhHigh === null) {
        missingLdh();
        return null;
      }
      out.basis.push(wbcBasis(ldhHigh ? R['risk-aml-intermediate-ldh'] : R['risk-aml-low'], input, '<', T.amlWbcIntermediate, ldhHigh ? 'intermediate' : 'low'));
      out.basis.push(ldhBasis(ldhHigh ? R['risk-aml-intermediate-ldh'] : R['risk-aml-low'], input, ldhHigh, ldhHigh ? 'intermediate' : 'low'));
      return ldhHigh ? 'intermediate' : 'low';
    case 'all':
      if (wbc !== undefined && atLeast(wbc, T.leukemiaWbcHigh)) {
        out.basis.push(wbcBasis(R['risk-all-high-wbc'], input, '>=', T.leukemiaWbcHigh, 'high'));
        return 'high';
      }
      if (ldhHigh === true) {
        out.basis.push(ldhBasis(R['risk-all-high-ldh'], input, true, 'high'));
        return 'high';
      }
      if (wbc === undefined || ldhHigh === null) {
        if (wbc === undefined) missingWbc();
        if (ldhHigh === null) missingLdh();
        return null;
      }
      out.basis.push(wbcBasis(R['risk-all-intermediate'], input, '<', T.leukemiaWbcHigh, 'intermediate'));
      out.basis.push(ldhBasis(R['risk-all-intermediate'], input, false, 'intermediate'));
      return 'intermediate';
    case 'burkitt':
    case 'lymphoblastic-lymphoma':
      if (input.stage === 'advanced') {
        out.basis.push({ rule: R['risk-burkitt-lbl-high-stage'], field: 'stage', observed: input.stage, yields: 'high' });
        return 'high';
      }
      if (ldhHigh === true) {
        out.basis.push(ldhBasis(R['risk-burkitt-lbl-high-ldh'], input, true, 'high'));
        return 'high';
      }
      if (input.stage === undefined || ldhHigh === null) {
        if (input.stage === undefined) out.warnings.push({ rule: R['risk-stage-missing'], field: 'stage' });
        if (ldhHigh === null) missingLdh();
        return null;
      }
      out.basis.push({ rule: R['risk-burkitt-lbl-intermediate'], field: 'stage', observed: input.stage, yields: 'intermediate' });
      out.basis.push(ldhBasis(R['risk-burkitt-lbl-intermediate'], input, false, 'intermediate'));
      return 'intermediate';
    case 'cll':
      if (wbc !== undefined && atLeast(wbc, T.cllWbcIntermediate)) {
        out.basis.push(wbcBasis(R['risk-cll-intermediate-wbc'], input, '>=', T.cllWbcIntermediate, 'intermediate'));
        return 'intermediate';
      }
      if (input.cllTherapy === 'fludarabine-or-targeted') {
        out.basis.push({ rule: R['risk-cll-intermediate-therapy'], field: 'cllTherapy', observed: input.cllTherapy, yields: 'intermediate' });
        return 'intermediate';
      }
      if (wbc === undefined || input.cllTherapy === undefined) {
        if (wbc === undefined) missingWbc();
        if (input.cllTherapy === undefined) out.warnings.push({ rule: R['risk-cll-therapy-missing'], field: 'cllTherapy' });
        return null;
      }
      out.basis.push(wbcBasis(R['risk-cll-low'], input, '<', T.cllWbcIntermediate, 'low'));
      return 'low';
    case 'myeloma':
      out.basis.push({ rule: R['risk-myeloma-low'], field: 'disease', observed: input.disease, yields: 'low' });
      return 'low';
    case 'indolent-lymphoma':
      out.basis.push({ rule: R['risk-indolent-low'], field: 'disease', observed: input.disease, yields: 'low' });
      return 'low';
    case 'aggressive-lymphoma':
      // The Cairo 2010 rows for DLBCL and other aggressive lymphomas could not be confirmed
      // against the paper: physician review rather than a guessed group.
      out.basis.push({
        rule: R['risk-aggressive-lymphoma-review'],
        field: 'disease',
        observed: input.disease,
        ...(input.bulkyDisease === undefined ? {} : { yields: input.bulkyDisease }),
      });
      out.warnings.push({ rule: R['risk-needs-review'], field: 'disease' });
      return null;
    case 'other':
      out.basis.push({ rule: R['risk-other-review'], field: 'disease', observed: input.disease });
      out.warnings.push({ rule: R['risk-needs-review'], field: 'disease' });
      return null;
  }
}

/** Cairo 2010: renal dysfunction/involvement moves low to intermediate, and intermediate to high; so do raised uric acid, potassium or phosphate for intermediate. */
function adjustGroup(base: RiskGroup, input: TlsInput, out: Out): RiskGroup | null {
  if (base === 'high') return 'high';
  const renal = input.renalImpairment;
  if (base === 'low') {
    if (renal === true) {
      out.basis.push({ rule: R['adjust-renal-low-to-intermediate'], field: 'renalImpairment', observed: true, yields: 'intermediate' });
      return 'intermediate';
    }
    if (renal === undefined) {
      out.warnings.push({ rule: R['adjust-renal-missing'], field: 'renalImpairment' });
      return null;
    }
    out.basis.push({ rule: R['adjust-none'], field: 'renalImpairment', observed: false, yields: 'low' });
    return 'low';
  }
  const above = input.aboveUpperLimit;
  if (renal === true) {
    out.basis.push({ rule: R['adjust-renal-intermediate-to-high'], field: 'renalImpairment', observed: true, yields: 'high' });
    return 'high';
  }
  const raised = (['uricAcid', 'potassium', 'phosphate'] as const).filter((k) => above[k] === true);
  if (raised.length > 0) {
    out.basis.push({ rule: R['adjust-electrolytes-intermediate-to-high'], field: 'aboveUpperLimit', observed: raised.join(', '), yields: 'high' });
    return 'high';
  }
  const unknownElectrolytes = (['uricAcid', 'potassium', 'phosphate'] as const).filter((k) => above[k] === undefined);
  if (renal === undefined) out.warnings.push({ rule: R['adjust-renal-missing'], field: 'renalImpairment' });
  for (const k of unknownElectrolytes) out.warnings.push({ rule: R['adjust-electrolytes-missing'], field: `aboveUpperLimit.${k}` });
  if (renal === undefined || unknownElectrolytes.length > 0) return null;
  out.basis.push({ rule: R['adjust-none'], field: 'renalImpairment', observed: false, yields: 'intermediate' });
  return 'intermediate';
}

// ---------------------------------------------------------------------------------------------
// Laboratory and clinical TLS (Cairo-Bishop 2004)
// ---------------------------------------------------------------------------------------------

type Analyte = 'uricAcid' | 'potassium' | 'phosphate' | 'calcium';
const ANALYTE_UNIT: Record<Analyte, string> = { uricAcid: 'mg/dL', potassium: 'mmol/L', phosphate: 'mg/dL', calcium: 'mg/dL' };
const ANALYTE_RULES = {
  uricAcid: { absolute: R['uric-acid-absolute'], change: R['uric-acid-change'], notMet: R['uric-acid-not-met'], missing: R['uric-acid-missing'], baselineMissing: R['uric-acid-baseline-missing'] },
  potassium: { absolute: R['potassium-absolute'], change: R['potassium-change'], notMet: R['potassium-not-met'], missing: R['potassium-missing'], baselineMissing: R['potassium-baseline-missing'] },
  phosphate: { absolute: R['phosphate-absolute-adult'], change: R['phosphate-change'], notMet: R['phosphate-not-met'], missing: R['phosphate-missing'], baselineMissing: R['phosphate-baseline-missing'] },
  calcium: { absolute: R['calcium-absolute'], change: R['calcium-change'], notMet: R['calcium-not-met'], missing: R['calcium-missing'], baselineMissing: R['calcium-baseline-missing'] },
} as const;

/**
 * One Cairo-Bishop criterion: met (absolute threshold or 25% change), not met, or unknown (null).
 * `absolute` is null when the threshold itself is unknown (phosphate without age).
 */
function criterion(
  analyte: Analyte,
  input: TlsInput,
  absolute: { value: number; rule: Rule } | null,
  out: Out,
): boolean | null {
  const rules = ANALYTE_RULES[analyte];
  const unit = ANALYTE_UNIT[analyte];
  const current = input.current[analyte];
  const baseline = input.baseline[analyte];
  const low = analyte === 'calcium';
  const field = `current.${analyte}`;
  if (current === undefined) {
    out.warnings.push({ rule: rules.missing, field });
    return null;
  }
  if (absolute !== null && (low ? atMost(current, absolute.value) : atLeast(current, absolute.value))) {
    out.basis.push({ rule: absolute.rule, field, observed: current, unit, threshold: { comparator: low ? '<=' : '>=', value: absolute.value, unit }, yields: true });
    return true;
  }
  if (baseline !== undefined) {
    const limit = baseline * (low ? T.fallFactor : T.riseFactor);
    if (low ? atMost(current, limit) : atLeast(current, limit)) {
      out.basis.push({ rule: rules.change, field, observed: current, unit, threshold: { comparator: low ? '<=' : '>=', value: limit, unit }, yields: true });
      return true;
    }
  }
  if (absolute === null) {
    out.warnings.push({ rule: R['phosphate-age-missing'], field: 'ageYears' });
    return null;
  }
  if (baseline === undefined) {
    out.warnings.push({ rule: rules.baselineMissing, field: `baseline.${analyte}` });
    return null;
  }
  out.basis.push({ rule: rules.notMet, field, observed: current, unit, threshold: { comparator: low ? '>' : '<', value: absolute.value, unit }, yields: false });
  return false;
}

function phosphateAbsolute(input: TlsInput, settings: InstitutionSettings): { value: number; rule: Rule } | null {
  const current = input.current.phosphate;
  if (input.ageYears !== undefined) {
    return input.ageYears < settings.pediatricAgeLimitYears
      ? { value: T.phosphateChildMgDl, rule: R['phosphate-absolute-child'] }
      : { value: T.phosphateAdultMgDl, rule: R['phosphate-absolute-adult'] };
  }
  // Without age: a value at or above the children's (higher) threshold counts either way; a value
  // below the adults' threshold fails either way; in between, age decides.
  if (current !== undefined && atLeast(current, T.phosphateChildMgDl)) return { value: T.phosphateChildMgDl, rule: R['phosphate-absolute-child'] };
  if (current !== undefined && !atLeast(current, T.phosphateAdultMgDl)) return { value: T.phosphateAdultMgDl, rule: R['phosphate-absolute-adult'] };
  return null;
}

function laboratoryTls(input: TlsInput, settings: InstitutionSettings, out: Out, criteriaMet: string[]): boolean | null {
  const results: [Analyte, boolean | null][] = [
    ['uricAcid', criterion('uricAcid', input, { value: T.uricAcidMgDl, rule: R['uric-acid-absolute'] }, out)],
    ['potassium', criterion('potassium', input, { value: T.potassiumMmolL, rule: R['potassium-absolute'] }, out)],
    ['phosphate', criterion('phosphate', input, phosphateAbsolute(input, settings), out)],
    ['calcium', criterion('calcium', input, { value: T.calciumMgDl, rule: R['calcium-absolute'] }, out)],
  ];
  let met = 0;
  let unknown = 0;
  for (const [analyte, result] of results) {
    if (result === true) {
      met += 1;
      criteriaMet.push(analyte);
    } else if (result === null) unknown += 1;
  }
  if (met >= T.criteriaForLaboratoryTls) {
    out.basis.push({ rule: R['laboratory-tls'], field: 'current', observed: met, threshold: { comparator: '>=', value: T.criteriaForLaboratoryTls }, yields: true });
    return true;
  }
  if (met + unknown < T.criteriaForLaboratoryTls) {
    out.basis.push({ rule: R['no-laboratory-tls'], field: 'current', observed: met, threshold: { comparator: '<', value: T.criteriaForLaboratoryTls }, yields: false });
    return false;
  }
  out.warnings.push({ rule: R['laboratory-tls-undetermined'], field: 'current' });
  return null;
}

/** Absent context: CAR-T, the instrument's behaviour before the context existed. */
const isCarT = (input: TlsInput): boolean => input.therapyContext !== 'leukemia-induction';

function timing(input: TlsInput, out: Out): void {
  const day = input.daysFromTherapyStart;
  if (day === undefined) {
    out.warnings.push({ rule: R['timing-missing'], field: 'daysFromTherapyStart' });
    return;
  }
  const inside = day >= T.windowStartDay && day <= T.windowEndDay;
  if (inside) {
    out.basis.push({ rule: R['timing-in-window'], field: 'daysFromTherapyStart', observed: day, threshold: { comparator: 'between', value: [T.windowStartDay, T.windowEndDay] } });
  } else {
    // The CAR-T text explains showing the criteria by late TLS after infusion; not for leukemia.
    out.warnings.push({ rule: isCarT(input) ? R['timing-outside-window'] : R['timing-outside-window-leukemia'], field: 'daysFromTherapyStart' });
  }
}

function clinicalTls(input: TlsInput, labTls: boolean | null, out: Out, criteriaMet: string[]): boolean | null {
  if (labTls !== true) return labTls;
  let met = false;
  let unknown = false;
  if (input.creatinine === undefined || input.creatinineUpperLimit === undefined) {
    out.warnings.push({ rule: R['creatinine-missing'], field: input.creatinine === undefined ? 'creatinine' : 'creatinineUpperLimit' });
    unknown = true;
  } else {
    const limit = T.creatinineTimesUln * input.creatinineUpperLimit;
    const high = atLeast(input.creatinine, limit);
    out.basis.push({
      rule: high ? R['creatinine-met'] : R['creatinine-not-met'],
      field: 'creatinine',
      observed: input.creatinine,
      unit: 'mg/dL',
      threshold: { comparator: high ? '>=' : '<', value: limit, unit: 'mg/dL' },
      yields: high,
    });
    if (high) {
      met = true;
      criteriaMet.push('creatinine');
    }
  }
  if (input.arrhythmiaOrSuddenDeath === undefined) {
    out.warnings.push({ rule: R['arrhythmia-missing'], field: 'arrhythmiaOrSuddenDeath' });
    unknown = true;
  } else if (input.arrhythmiaOrSuddenDeath) {
    out.basis.push({ rule: R.arrhythmia, field: 'arrhythmiaOrSuddenDeath', observed: true, yields: true });
    met = true;
    criteriaMet.push('arrhythmiaOrSuddenDeath');
  }
  if (input.seizure === undefined) {
    out.warnings.push({ rule: R['seizure-missing'], field: 'seizure' });
    unknown = true;
  } else if (input.seizure) {
    out.basis.push({ rule: R.seizure, field: 'seizure', observed: true, yields: true });
    met = true;
    criteriaMet.push('seizure');
  }
  if (met) {
    out.basis.push({ rule: R['clinical-tls'], field: 'current', observed: true, yields: true });
    out.warnings.push({ rule: R['clinical-attribution'] });
    return true;
  }
  if (unknown) {
    out.warnings.push({ rule: R['clinical-tls-undetermined'] });
    return null;
  }
  out.basis.push({ rule: R['no-clinical-tls'], field: 'current', observed: false, yields: false });
  return false;
}

// ---------------------------------------------------------------------------------------------
// Prophylaxis and treatment (handbook §3.1.1, BCSH 2015)
// ---------------------------------------------------------------------------------------------

function isChild(input: TlsInput, settings: InstitutionSettings): boolean | undefined {
  return input.ageYears === undefined ? undefined : input.ageYears < settings.pediatricAgeLimitYears;
}

function g6pdRefusal(input: TlsInput): BasisEntry {
  return { rule: R['rasburicase-g6pd-deficient'], field: 'g6pd', observed: input.g6pd };
}

function prophylaxis(group: RiskGroup, input: TlsInput, settings: InstitutionSettings, out: Out): void {
  if (group === 'low') {
    out.warnings.push({ rule: R['low-risk-handbook-silent'] });
    return;
  }
  out.actions.push({ rule: R['prophylaxis-hydration'], status: 'do' });
  if (group === 'intermediate') {
    // The handbook gives neither dose nor schedule for allopurinol: only the 7-day course.
    out.actions.push({ rule: R['prophylaxis-allopurinol'], status: 'do', drug: 'allopurinol', route: 'PO', duration: `P${T.allopurinolDays}D` });
    // The handbook times febuxostat from the start of LDC, which a leukemia induction has not.
    const febuxostat = isCarT(input) ? R['prophylaxis-febuxostat-alternative'] : R['prophylaxis-febuxostat-alternative-leukemia'];
    out.actions.push({ rule: febuxostat, status: 'consider', drug: 'febuxostat', route: 'PO' });
  } else {
    const child = isChild(input, settings);
    let dose: Dose | undefined;
    if (child === true) {
      if (input.weight === undefined) out.warnings.push({ rule: R['weight-missing'], field: 'weight' });
      else {
        dose = perKg(T.rasburicaseChildMgPerKg, input.weight);
        out.basis.push({ rule: R['rasburicase-child-per-kg'], field: 'ageYears', observed: input.ageYears ?? null, unit: 'a', threshold: { comparator: '<', value: settings.pediatricAgeLimitYears, unit: 'a' } });
      }
    } else {
      dose = fixedDose(T.rasburicaseAdultFixedMg);
      if (child === undefined) out.warnings.push({ rule: R['age-missing'], field: 'ageYears' });
      else out.basis.push({ rule: R['rasburicase-adult-fixed'], field: 'ageYears', observed: input.ageYears ?? null, unit: 'a', threshold: { comparator: '>=', value: settings.pediatricAgeLimitYears, unit: 'a' } });
    }
    rasburicase(R['prophylaxis-rasburicase'], dose, 'once', input, out, R['prophylaxis-allopurinol-g6pd']);
  }
  out.actions.push({ rule: R['no-urine-alkalinization'], status: 'refused' });
}

/** Rasburicase, or its refusal for G6PD deficiency; with rasburicase, allopurinol is refused. */
function rasburicase(rule: Rule, dose: Dose | undefined, frequency: string, input: TlsInput, out: Out, alternative: Rule | null): void {
  const base = { rule, drug: 'rasburicase', route: 'IV' as const, frequency, ...(dose === undefined ? {} : { dose }) };
  if (input.g6pd === 'deficient') {
    out.actions.push({ ...base, status: 'refused', refusedBecause: [g6pdRefusal(input)] });
    if (alternative !== null) out.actions.push({ rule: alternative, status: 'consider', drug: 'allopurinol', route: 'PO' });
    return;
  }
  if (input.g6pd === 'unknown') out.warnings.push({ rule: R['g6pd-unknown'], field: 'g6pd' });
  out.actions.push({ ...base, status: input.g6pd === 'normal' ? 'do' : 'consider' });
  out.actions.push({ rule: R['no-allopurinol-with-rasburicase'], status: 'refused', drug: 'allopurinol' });
}

function treatment(input: TlsInput, out: Out): void {
  out.actions.push({ rule: R['treat-icu'], status: 'do' });
  out.actions.push({ rule: R['treat-hydration'], status: 'do' });
  if (input.ageYears !== undefined && input.ageYears < T.infantBelowYears) {
    out.warnings.push({ rule: R['urine-output-infant'], field: 'urineOutput' });
  } else if (input.urineOutput !== undefined) {
    const onTarget = !atMost(input.urineOutput, T.urineOutputAboveMlPerKgPerHour);
    out.basis.push({
      rule: onTarget ? R['urine-output-on-target'] : R['urine-output-below-target'],
      field: 'urineOutput',
      observed: input.urineOutput,
      unit: 'mL/kg/h',
      threshold: { comparator: onTarget ? '>' : '<=', value: T.urineOutputAboveMlPerKgPerHour, unit: 'mL/kg/h' },
      yields: onTarget,
    });
  }
  if (input.weight === undefined) out.warnings.push({ rule: R['weight-missing'], field: 'weight' });
  const dose = input.weight === undefined ? undefined : perKg(T.rasburicaseTreatmentMgPerKgPerDay, input.weight);
  rasburicase(R['treat-rasburicase'], dose, 'daily', input, out, null);
  // Treatment item 4 advises against it; like the module's other not-recommended items it is
  // 'refused', since a 'do' would read as an order to give calcium.
  out.actions.push({ rule: R['treat-no-asymptomatic-calcium'], status: 'refused', drug: 'calcium' });
  out.actions.push({ rule: R['no-urine-alkalinization'], status: 'refused' });
}

function dialysisIndications(input: TlsInput, out: Out): void {
  const indications: BasisEntry[] = [];
  if (input.fluidOverloadIntractable) indications.push({ rule: R['dialysis-fluid-overload'], field: 'fluidOverloadIntractable', observed: true });
  const k = input.current.potassium;
  if (k !== undefined && atLeast(k, T.dialysisPotassiumMmolL)) {
    indications.push({ rule: R['dialysis-potassium'], field: 'current.potassium', observed: k, unit: 'mmol/L', threshold: { comparator: '>=', value: T.dialysisPotassiumMmolL, unit: 'mmol/L' } });
  }
  if (input.persistingDespiteTreatment) indications.push({ rule: R['dialysis-persisting'], field: 'persistingDespiteTreatment', observed: true });
  if (indications.length === 0) return;
  out.basis.push(...indications);
  out.actions.push({ rule: R.dialysis, status: 'do' });
  out.actions.push({ rule: R['no-peritoneal-dialysis'], status: 'refused' });
}

const CAR_T_PROPHYLAXIS: Action = Object.freeze({ rule: R['car-t-prophylaxis-from-ldc'], status: 'consider', drug: 'allopurinol', route: 'PO' });

export function assessTls(input: TlsInput, settings: InstitutionSettings): Assessment<TlsValue> {
  const out: Out = { basis: [], warnings: [], actions: [] };
  const criteriaMet: string[] = [];

  const base = diseaseGroup(input, out);
  const group = base === null ? null : adjustGroup(base, input, out);

  const anyLab = (['uricAcid', 'potassium', 'phosphate', 'calcium'] as const).some((k) => input.current[k] !== undefined);
  let labTls: boolean | null = null;
  if (anyLab) {
    timing(input, out);
    labTls = laboratoryTls(input, settings, out, criteriaMet);
  } else {
    out.warnings.push({ rule: R['labs-not-given'], field: 'current' });
  }
  const clinical = clinicalTls(input, labTls, out, criteriaMet);

  if (labTls === true) treatment(input, out);
  else if (group !== null) prophylaxis(group, input, settings, out);
  else out.warnings.push({ rule: R['prophylaxis-pending'] });
  dialysisIndications(input, out);
  const nothingToAssess = base === null && labTls === null && out.actions.length === 0;
  // §3.1.1: for CAR-T, prophylaxis from the start of LDC is advised whatever the group, so an
  // unsettled group (e.g. DLBCL, left to the physician) still gets that advice.
  if (labTls !== true && group === null && isCarT(input)) out.actions.push(CAR_T_PROPHYLAXIS);

  if (isCarT(input)) {
    if (group === 'low') out.warnings.push({ rule: R['low-risk-car-t-tension'] });
    out.warnings.push({ rule: R['car-t-context'] }, { rule: R['onset-ldc-and-late'] });
  }

  if (nothingToAssess) return cannotAssess('tls', out.warnings, out.basis, out.actions);
  return assessed(
    'tls',
    { riskGroup: group, diseaseRiskGroup: base, laboratoryTls: labTls, clinicalTls: clinical, criteriaMet },
    out.basis,
    out.actions,
    out.warnings,
  );
}

export const tlsInstrument = defineInstrument({
  name: 'tls',
  kind: 'instrument',
  section: '002 §3.1.1',
  input: TlsInput,
  value: TlsValue,
  evaluate: assessTls,
  summary: (v) => ({
    variant: v.clinicalTls === true ? 'clinical' : v.laboratoryTls === true ? 'laboratory' : v.riskGroup ?? 'review',
  }),
});
