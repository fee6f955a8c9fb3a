import * as z from 'zod';
import type { Action, BasisEntry, Dose, Escalation, Warning } from '../explain/result.js';
import { assessed, cannotAssess, compared, type Assessment } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import { fixedDose, perKg, perSquareMeter } from '../dosing/weight-based.js';
import { registerMessages } from '../i18n/catalog.js';
import type { InstitutionSettings } from '../institution/settings.js';
import { defineInstrument } from '../instruments/registry.js';
import { quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { iecHsMessages } from './iec-hs.messages.js';
import { dexamethasone, isChild, methylprednisolonePulse } from './steroids.js';

registerMessages(iecHsMessages);

const table9 = { seed: 'handbook', section: '§3.1.4, Table 9' } as const;
const table9Notes = { seed: 'handbook', section: '§3.1.4 (ASTCT identifying criteria, key points)' } as const;
const table10 = { seed: 'handbook', section: '§3.1.4, Table 10' } as const;
const management = { seed: 'handbook', section: '§3.1.4 (clinical management)' } as const;
const drugList = { seed: 'handbook', section: '§3.1.4 (IEC-HS drugs and doses)' } as const;
const supportive = { seed: 'handbook', section: '§3.1.4 (monitoring and supportive care)' } as const;
const figure8 = { seed: 'handbook', section: '§3.1.5, Figure 8' } as const;
const table14 = { seed: 'handbook', section: '§3.1.5, Table 14' } as const;

const identify = { seed: [table9], publications: ['hines2023'] } as const;
const exclusion = { seed: [table9, table9Notes], publications: ['hines2023'] } as const;
const grading = { seed: [table10], publications: ['hines2023'] } as const;
const branch = { seed: [figure8, table14], publications: ['hayden2022', 'rejeski2023', 'hines2023'] } as const;
const fig8 = { seed: [figure8], publications: ['hayden2022', 'rejeski2023'] } as const;
const fig8Strategy = { seed: [figure8, management], publications: ['hines2023', 'hayden2022', 'rejeski2023'] } as const;
const drugs = { seed: [drugList], publications: ['hines2023', 'hayden2022'] } as const;
const fig8Drugs = { seed: [figure8, drugList], publications: ['hayden2022', 'rejeski2023', 'hines2023'] } as const;
const care = { seed: [supportive], publications: ['hines2023'] } as const;

/**
 * ASTCT IEC-HS identifying criteria (Hines 2023, Table 1 = handbook Table 9), grading (Hines 2023,
 * Table 2 = handbook Table 10), and the CRS/MAS versus IEC-HS management of handbook Figure 8
 * (Hayden 2022, Rejeski 2023) with the §3.1.4 drug list and supportive care.
 */
export const IEC_HS_RULES = defineRules('iec-hs', {
  // Required: ferritin.
  'ferritin-above-2x-uln': identify,
  'ferritin-not-above-2x-uln': identify,
  'ferritin-above-2x-baseline': identify,
  'ferritin-not-above-2x-baseline': identify,
  'ferritin-rising-rapidly': { seed: [table9, table9Notes], publications: ['hines2023'] },
  'ferritin-not-rising-rapidly': { seed: [table9, table9Notes], publications: ['hines2023'] },
  'ferritin-criterion-not-met': identify,
  // Required: onset timing.
  'onset-crs-improving': identify,
  'onset-crs-resolved': identify,
  'onset-worsening-after-improvement': identify,
  'onset-crs-active': identify,
  'onset-no-crs': identify,
  'no-prior-crs-exception': identify,
  // Common manifestations.
  'transaminase-above-5x-uln': identify,
  'transaminase-above-5x-baseline': identify,
  'transaminase-not-elevated': identify,
  'fibrinogen-below-150': identify,
  'fibrinogen-below-lln': identify,
  'fibrinogen-not-low': identify,
  hemophagocytosis: identify,
  'no-hemophagocytosis': identify,
  cytopenia: identify,
  'no-cytopenia': identify,
  // Other possible manifestations.
  'ldh-above-uln': identify,
  'other-coagulopathy': identify,
  'direct-hyperbilirubinemia': identify,
  'new-splenomegaly': identify,
  fever: { seed: [table9, table9Notes], publications: ['hines2023'] },
  neurotoxicity: identify,
  'pulmonary-manifestations': identify,
  'renal-insufficiency': identify,
  'triglycerides-above-265': identify,
  // Exclusion and verdict.
  'alternative-causes-excluded': exclusion,
  'alternative-causes-not-excluded': exclusion,
  'exclude-alternative-causes': exclusion,
  'required-met': identify,
  'no-common-manifestation': identify,
  'criteria-met': identify,
  'criteria-not-met': identify,
  // Missing inputs.
  'ferritin-missing': identify,
  'ferritin-uln-missing': identify,
  'ferritin-baseline-missing': identify,
  'ferritin-rising-missing': identify,
  'crs-course-missing': identify,
  'alternative-causes-missing': exclusion,
  'common-manifestation-unknown': identify,
  'transaminase-uln-missing': identify,
  'transaminase-baseline-missing': identify,
  // Grade (Table 10).
  'grade-1': grading,
  'grade-2': grading,
  'grade-3': grading,
  'grade-4': grading,
  'grade-5': grading,
  'grade-min-intubation': grading,
  'grade-min-dialysis': grading,
  'grade-min-immunosuppression': grading,
  'grade-min-transfusion-hypofibrinogenemia': grading,
  'grade-min-transfusion-red-cells': grading,
  'grade-min-transfusion-plasma': grading,
  'grade-min-bleeding-platelets': grading,
  'grade-min-bleeding-fibrinogen': grading,
  'grade-min-bleeding-plasma': grading,
  'grade-not-applicable': grading,
  'severity-missing': grading,
  'crs-mas-grade-as-crs': { seed: [figure8, table14, { seed: 'handbook', section: '§3.1.2, Table 7' }], publications: ['hayden2022', 'lee2019'] },
  // Branch (Figure 8, Table 14).
  'branch-iec-hs': branch,
  'branch-crs-mas': branch,
  'branch-none': branch,
  'manage-as-crs': { seed: [figure8, { seed: 'handbook', section: '§3.1.2, Figure 4' }], publications: ['hayden2022'] },
  // Treatment lines.
  'start-line-1': fig8Strategy,
  'continue-line': fig8Strategy,
  'escalate-worsening': fig8Strategy,
  'escalate-after-evaluation': fig8Strategy,
  'await-evaluation': fig8Strategy,
  'improving-ferritin-rising': fig8Strategy,
  'no-further-line': fig8Strategy,
  'hours-missing': fig8Strategy,
  'response-missing': fig8Strategy,
  'iec-line2-trigger': fig8,
  'iec-line3-trigger': fig8,
  'crs-mas-line2-trigger': fig8,
  'crs-mas-line3-trigger': fig8,
  'iec-anakinra-line1': fig8Drugs,
  'iec-steroids-optional': fig8Drugs,
  'iec-anakinra-line2': fig8Drugs,
  'iec-steroids-start': fig8Drugs,
  'iec-ruxolitinib-consider': fig8Drugs,
  'iec-ruxolitinib-if-not-yet': fig8Drugs,
  'iec-emapalumab': fig8Drugs,
  'iec-etoposide': fig8Drugs,
  'anti-il6-refused': { seed: [figure8, management], publications: ['hines2023', 'hayden2022'] },
  'crs-mas-dexamethasone': fig8,
  'crs-mas-anakinra-line1': fig8,
  'crs-mas-methylprednisolone-pulse': { seed: [figure8, drugList], publications: ['hayden2022'] },
  'crs-mas-methylprednisolone-pulse-child': { seed: [figure8, drugList], publications: ['hayden2022'] },
  'crs-mas-anakinra-line2': fig8,
  'crs-mas-etoposide': fig8Drugs,
  'intrathecal-chemotherapy': fig8,
  'anakinra-child': drugs,
  'dexamethasone-child': drugs,
  'methylprednisolone-child': drugs,
  // Dose notes.
  'anakinra-dose-reference': drugs,
  'anakinra-line2-child': drugs,
  'dexamethasone-dose-reference': drugs,
  'steroid-child-not-in-figure': drugs,
  'pulse-child-dose-not-stated': drugs,
  'builder-child-dose': drugs,
  'ruxolitinib-adult': drugs,
  'ruxolitinib-child-over-25kg': drugs,
  'ruxolitinib-child-under-25kg': drugs,
  'ruxolitinib-25kg': drugs,
  'ruxolitinib-weight-missing': drugs,
  'etoposide-dose-range': fig8Drugs,
  'weight-missing': drugs,
  'bsa-missing': drugs,
  'age-missing': drugs,
  // Monitoring and supportive care.
  'monitor-daily': care,
  'monitor-hlh-markers': care,
  'hemoglobin-at-or-below-7': care,
  'platelets-below-50-bleeding': care,
  'fibrinogen-at-or-below-150-bleeding': care,
  'fibrinogen-at-or-below-100': care,
  'inr-above-vitamin-k': care,
  'inr-above-plasma': care,
  'transfuse-rbc': care,
  'transfuse-platelets': care,
  'replace-fibrinogen': care,
  'vitamin-k': care,
  'plasma-cryoprecipitate': care,
  'bleeding-status-missing': care,
  'gcsf-caution': care,
  'tpo-agonist': care,
  'infection-surveillance': care,
});
type IecHsRule = (typeof IEC_HS_RULES)[keyof typeof IEC_HS_RULES];

/** Thresholds of Table 9, the ~48 h evaluation period of §3.1.4 and the supportive-care targets. */
export const IEC_HS_THRESHOLDS = Object.freeze({
  ferritinUlnMultiple: 2,
  ferritinBaselineMultiple: 2,
  transaminaseMultiple: 5,
  fibrinogenMgPerDl: 150,
  triglyceridesFastingMgPerDl: 265,
  evaluationHours: 48,
  transfusion: Object.freeze({
    hemoglobinGPerDl: 7,
    plateletsBleedingPerMicroliter: 50_000,
    fibrinogenBleedingMgPerDl: 150,
    fibrinogenMgPerDl: 100,
    inrVitaminK: 1.5,
    inrPlasma: 2.0,
  }),
});

/** Doses of Figure 8 and the §3.1.4 drug list. */
export const IEC_HS_DOSES = Object.freeze({
  anakinraLine1MgPerKg: 1,
  anakinraLine2Mg: 100,
  anakinraChildMgPerKgQ6h: 4,
  dexamethasoneAdultMg: 10,
  dexamethasoneCrsMasMg: Object.freeze([10, 20] as const),
  dexamethasoneChildMgPerM2PerDay: 10,
  methylprednisoloneChildMgPerKg: Object.freeze([1, 2] as const),
  ruxolitinibAdultAgeYears: 14,
  ruxolitinibAdultMg: 10,
  ruxolitinibChildWeightKg: 25,
  ruxolitinibChildOver25KgMg: 5,
  ruxolitinibChildUnder25KgMg: 2.5,
  etoposideMgPerM2: 75,
  etoposideRangeMgPerM2: Object.freeze([50, 100] as const),
  emapalumabStartMgPerKg: 1,
});

export const CRS_COURSES = ['none', 'active', 'improving', 'resolved', 'worsening-after-initial-improvement'] as const;
export const SEVERITIES = ['asymptomatic-or-mild', 'needs-intervention', 'severe', 'life-threatening', 'death'] as const;
export const RESPONSES = ['improving', 'no-improvement', 'worsening'] as const;
export const FERRITIN_TRENDS = ['falling', 'stable', 'rising'] as const;

export const IecHsInput = z
  .object({
    // Required criteria.
    ferritin: quantity('ferritin').optional().describe('Current serum ferritin.'),
    ferritinUln: quantity('ferritin').optional().describe("Upper limit of normal of the laboratory's ferritin assay."),
    ferritinBaseline: quantity('ferritin').optional().describe('Ferritin at CAR-T infusion (the patient\'s own baseline).'),
    ferritinRisingRapidly: z
      .boolean()
      .optional()
      .describe('Clinician judgment that ferritin is rising rapidly; the ASTCT criteria deliberately set no number for "rapid".'),
    crsCourse: z.enum(CRS_COURSES).optional().describe('Course of CRS at the onset of the HLH-like picture.'),
    alternativeCausesExcluded: z
      .boolean()
      .optional()
      .describe('The clinician confirms the picture is not explained by CRS, infection or disease progression.'),
    // Common manifestations.
    ast: quantity('enzymeActivity').optional(),
    astUln: quantity('enzymeActivity').optional(),
    astBaseline: quantity('enzymeActivity').optional().describe('AST before CAR-T (baseline).'),
    alt: quantity('enzymeActivity').optional(),
    altUln: quantity('enzymeActivity').optional(),
    altBaseline: quantity('enzymeActivity').optional().describe('ALT before CAR-T (baseline).'),
    fibrinogen: quantity('fibrinogen').optional(),
    fibrinogenLln: quantity('fibrinogen').optional().describe('Lower limit of normal of the fibrinogen assay.'),
    hemophagocytosis: z.boolean().optional().describe('Hemophagocytosis in bone marrow or another tissue.'),
    cytopenia: z.boolean().optional().describe('Cytopenia, new, worsening or refractory.'),
    // Other possible manifestations.
    ldh: quantity('ldh').optional(),
    ldhUln: quantity('ldh').optional(),
    otherCoagulopathy: z.boolean().optional().describe('Other coagulopathy, e.g. prolonged PT/PTT.'),
    directHyperbilirubinemia: z.boolean().optional(),
    newSplenomegaly: z.boolean().optional(),
    fever: z.boolean().optional().describe('New or persistent fever.'),
    neurotoxicity: z.boolean().optional(),
    pulmonaryManifestations: z.boolean().optional().describe('e.g. hypoxia, pulmonary infiltrates, pulmonary edema.'),
    newRenalInsufficiency: z.boolean().optional(),
    triglyceridesFasting: quantity('triglycerides').optional(),
    // Grade.
    severity: z.enum(SEVERITIES).optional().describe('Clinician severity judgment (Table 10).'),
    intubated: z.boolean().default(false).describe('Respiratory distress requiring intubation.'),
    dialysis: z.boolean().default(false).describe('Acute kidney injury requiring dialysis.'),
    // Treatment.
    treatmentLine: z.number().int().min(0).max(3).default(0).describe('Current treatment line of Figure 8: 0 = not started.'),
    hoursOnCurrentLine: z.number().min(0).max(24 * 365).optional(),
    response: z.enum(RESPONSES).optional().describe('Clinical response to the current line.'),
    ferritinTrend: z.enum(FERRITIN_TRENDS).optional(),
    ageYears: z.number().min(0).max(120).optional(),
    weight: quantity('bodyWeight').optional(),
    bodySurfaceArea: quantity('bodySurfaceArea').optional(),
    // Supportive care.
    hemoglobin: quantity('hemoglobin').optional(),
    platelets: quantity('plateletsPerMicroliter').optional(),
    inr: z.number().min(0.5).max(20).optional(),
    bleeding: z.boolean().optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.severity === 'asymptomatic-or-mild') {
      if (input.intubated) refuse(ctx, ['intubated'], 'iec-hs.input.mild-with-intubation');
      if (input.dialysis) refuse(ctx, ['dialysis'], 'iec-hs.input.mild-with-dialysis');
    }
    if (input.treatmentLine === 0) {
      if (input.hoursOnCurrentLine !== undefined) refuse(ctx, ['hoursOnCurrentLine'], 'iec-hs.input.hours-without-line');
      if (input.response !== undefined) refuse(ctx, ['response'], 'iec-hs.input.response-without-line');
    }
  });
export type IecHsInput = z.output<typeof IecHsInput>;

export const IEC_HS_BRANCHES = ['IEC-HS', 'CRS/MAS', 'none'] as const;
export type IecHsBranch = (typeof IEC_HS_BRANCHES)[number];

export const IecHsValue = z.object({
  criteriaMet: z.boolean(),
  grade: z.number().int().min(1).max(5).nullable(),
  branch: z.enum(IEC_HS_BRANCHES),
  commonManifestations: z.number().int().min(0).max(4),
});
export type IecHsValue = z.infer<typeof IecHsValue>;

type Tri = 'present' | 'absent' | 'unknown';

interface Collector {
  readonly basis: BasisEntry[];
  readonly warnings: Warning[];
}

function ferritinCriterion(input: IecHsInput, ferritin: number, out: Collector): Tri {
  const T = IEC_HS_THRESHOLDS;
  let state: Tri = 'absent';
  const missing: Warning[] = [];
  if (input.ferritinUln === undefined) {
    missing.push({ rule: IEC_HS_RULES['ferritin-uln-missing'], field: 'ferritinUln' });
  } else {
    const { met, entry } = compared(
      { met: IEC_HS_RULES['ferritin-above-2x-uln'], notMet: IEC_HS_RULES['ferritin-not-above-2x-uln'] },
      'ferritin',
      ferritin,
      '>',
      T.ferritinUlnMultiple * input.ferritinUln,
      'ng/mL',
    );
    out.basis.push(entry);
    if (met) state = 'present';
  }
  if (input.ferritinBaseline === undefined) {
    missing.push({ rule: IEC_HS_RULES['ferritin-baseline-missing'], field: 'ferritinBaseline' });
  } else {
    const { met, entry } = compared(
      { met: IEC_HS_RULES['ferritin-above-2x-baseline'], notMet: IEC_HS_RULES['ferritin-not-above-2x-baseline'] },
      'ferritin',
      ferritin,
      '>',
      T.ferritinBaselineMultiple * input.ferritinBaseline,
      'ng/mL',
    );
    out.basis.push(entry);
    if (met) state = 'present';
  }
  if (input.ferritinRisingRapidly === undefined) {
    missing.push({ rule: IEC_HS_RULES['ferritin-rising-missing'], field: 'ferritinRisingRapidly' });
  } else {
    out.basis.push({
      rule: input.ferritinRisingRapidly ? IEC_HS_RULES['ferritin-rising-rapidly'] : IEC_HS_RULES['ferritin-not-rising-rapidly'],
      field: 'ferritinRisingRapidly',
      observed: input.ferritinRisingRapidly,
    });
    if (input.ferritinRisingRapidly) state = 'present';
  }
  // Any one of the three suffices; a missing one matters only when none of the others holds.
  if (state === 'absent' && missing.length > 0) state = 'unknown';
  out.warnings.push(...missing);
  return state;
}

function transaminase(
  field: 'ast' | 'alt',
  value: number | undefined,
  uln: number | undefined,
  baseline: number | undefined,
  out: Collector,
): Tri {
  if (value === undefined) return 'unknown';
  const multiple = IEC_HS_THRESHOLDS.transaminaseMultiple;
  if (uln === undefined) {
    out.warnings.push({ rule: IEC_HS_RULES['transaminase-uln-missing'], field: `${field}Uln` });
    return 'unknown';
  }
  if (baseline === undefined) {
    // With an abnormal baseline the threshold (5x baseline) is higher than 5x ULN, so a value
    // at or below 5x ULN fails either way; above it, the baseline decides.
    if (value <= multiple * uln) {
      out.basis.push({
        rule: IEC_HS_RULES['transaminase-not-elevated'],
        field,
        observed: value,
        unit: 'U/L',
        threshold: { comparator: '<=', value: multiple * uln, unit: 'U/L' },
      });
      return 'absent';
    }
    out.warnings.push({ rule: IEC_HS_RULES['transaminase-baseline-missing'], field: `${field}Baseline` });
    return 'unknown';
  }
  const baselineNormal = baseline <= uln;
  const limit = multiple * (baselineNormal ? uln : baseline);
  const met = value > limit;
  out.basis.push({
    rule: met
      ? baselineNormal
        ? IEC_HS_RULES['transaminase-above-5x-uln']
        : IEC_HS_RULES['transaminase-above-5x-baseline']
      : IEC_HS_RULES['transaminase-not-elevated'],
    field,
    observed: value,
    unit: 'U/L',
    threshold: { comparator: met ? '>' : '<=', value: limit, unit: 'U/L' },
  });
  return met ? 'present' : 'absent';
}

function hypofibrinogenemia(input: IecHsInput, out: Collector): Tri {
  const fib = input.fibrinogen;
  if (fib === undefined) return 'unknown';
  const limit = IEC_HS_THRESHOLDS.fibrinogenMgPerDl;
  if (fib < limit) {
    out.basis.push({ rule: IEC_HS_RULES['fibrinogen-below-150'], field: 'fibrinogen', observed: fib, unit: 'mg/dL', threshold: { comparator: '<', value: limit, unit: 'mg/dL' } });
    return 'present';
  }
  if (input.fibrinogenLln !== undefined && fib < input.fibrinogenLln) {
    out.basis.push({
      rule: IEC_HS_RULES['fibrinogen-below-lln'],
      field: 'fibrinogen',
      observed: fib,
      unit: 'mg/dL',
      threshold: { comparator: '<', value: input.fibrinogenLln, unit: 'mg/dL' },
    });
    return 'present';
  }
  const reference = input.fibrinogenLln === undefined ? limit : Math.max(limit, input.fibrinogenLln);
  out.basis.push({ rule: IEC_HS_RULES['fibrinogen-not-low'], field: 'fibrinogen', observed: fib, unit: 'mg/dL', threshold: { comparator: '>=', value: reference, unit: 'mg/dL' } });
  return 'absent';
}

function flag(value: boolean | undefined, field: string, yes: IecHsRule, no: IecHsRule, out: Collector): Tri {
  if (value === undefined) return 'unknown';
  out.basis.push({ rule: value ? yes : no, field, observed: value });
  return value ? 'present' : 'absent';
}

function otherManifestations(input: IecHsInput, out: Collector): void {
  const R = IEC_HS_RULES;
  if (input.ldh !== undefined && input.ldhUln !== undefined && input.ldh > input.ldhUln) {
    out.basis.push({ rule: R['ldh-above-uln'], field: 'ldh', observed: input.ldh, unit: 'U/L', threshold: { comparator: '>', value: input.ldhUln, unit: 'U/L' } });
  }
  if (input.otherCoagulopathy === true) out.basis.push({ rule: R['other-coagulopathy'], field: 'otherCoagulopathy', observed: true });
  if (input.directHyperbilirubinemia === true) out.basis.push({ rule: R['direct-hyperbilirubinemia'], field: 'directHyperbilirubinemia', observed: true });
  if (input.newSplenomegaly === true) out.basis.push({ rule: R['new-splenomegaly'], field: 'newSplenomegaly', observed: true });
  if (input.fever === true) out.basis.push({ rule: R.fever, field: 'fever', observed: true });
  if (input.neurotoxicity === true) out.basis.push({ rule: R.neurotoxicity, field: 'neurotoxicity', observed: true });
  if (input.pulmonaryManifestations === true) out.basis.push({ rule: R['pulmonary-manifestations'], field: 'pulmonaryManifestations', observed: true });
  if (input.newRenalInsufficiency === true) out.basis.push({ rule: R['renal-insufficiency'], field: 'newRenalInsufficiency', observed: true });
  const tg = input.triglyceridesFasting;
  const tgLimit = IEC_HS_THRESHOLDS.triglyceridesFastingMgPerDl;
  if (tg !== undefined && tg > tgLimit) {
    out.basis.push({ rule: R['triglycerides-above-265'], field: 'triglyceridesFasting', observed: tg, unit: 'mg/dL', threshold: { comparator: '>', value: tgLimit, unit: 'mg/dL' } });
  }
}

const ONSET_RULES: Readonly<Record<(typeof CRS_COURSES)[number], IecHsRule>> = {
  none: IEC_HS_RULES['onset-no-crs'],
  active: IEC_HS_RULES['onset-crs-active'],
  improving: IEC_HS_RULES['onset-crs-improving'],
  resolved: IEC_HS_RULES['onset-crs-resolved'],
  'worsening-after-initial-improvement': IEC_HS_RULES['onset-worsening-after-improvement'],
};

const SEVERITY_GRADES: Readonly<Record<(typeof SEVERITIES)[number], { grade: number; rule: IecHsRule }>> = {
  'asymptomatic-or-mild': { grade: 1, rule: IEC_HS_RULES['grade-1'] },
  'needs-intervention': { grade: 2, rule: IEC_HS_RULES['grade-2'] },
  severe: { grade: 3, rule: IEC_HS_RULES['grade-3'] },
  'life-threatening': { grade: 4, rule: IEC_HS_RULES['grade-4'] },
  death: { grade: 5, rule: IEC_HS_RULES['grade-5'] },
};

/** Table 10: the clinician's severity, raised (never lowered) by structured findings. */
function gradeIecHs(input: IecHsInput, needs: SupportiveNeeds, out: Collector): number | null {
  if (input.severity === undefined) {
    out.warnings.push({ rule: IEC_HS_RULES['severity-missing'], field: 'severity' });
    return null;
  }
  const judged = SEVERITY_GRADES[input.severity];
  let grade = judged.grade;
  out.basis.push({ rule: judged.rule, field: 'severity', observed: input.severity, yields: grade });
  if (input.treatmentLine >= 1 && grade < 2) {
    grade = 2;
    out.basis.push({ rule: IEC_HS_RULES['grade-min-immunosuppression'], field: 'treatmentLine', observed: input.treatmentLine, threshold: { comparator: '>=', value: 1 }, yields: 2 });
  }
  grade = transfusionFloor(input, needs, grade, out);
  if (input.intubated && grade < 4) {
    grade = 4;
    out.basis.push({ rule: IEC_HS_RULES['grade-min-intubation'], field: 'intubated', observed: true, yields: 4 });
  }
  if (input.dialysis && grade < 4) {
    grade = 4;
    out.basis.push({ rule: IEC_HS_RULES['grade-min-dialysis'], field: 'dialysis', observed: true, yields: 4 });
  }
  return grade;
}

interface Patient {
  readonly child: boolean | undefined;
  readonly ageYears: number | undefined;
  readonly weightKg: number | undefined;
  readonly bsaM2: number | undefined;
}

/** Warnings about missing body measures, each given once. */
class DoseNotes {
  private readonly seen = new Set<IecHsRule>();
  constructor(private readonly warnings: Warning[]) {}
  add(rule: IecHsRule, field?: string): void {
    if (this.seen.has(rule)) return;
    this.seen.add(rule);
    this.warnings.push(field === undefined ? { rule } : { rule, field });
  }
}

function kgDose(rate: number, patient: Patient, notes: DoseNotes): Dose | undefined {
  if (patient.weightKg === undefined) {
    notes.add(IEC_HS_RULES['weight-missing'], 'weight');
    return undefined;
  }
  return perKg(rate, patient.weightKg);
}

function m2Dose(rate: number, patient: Patient, notes: DoseNotes): Dose | undefined {
  if (patient.bsaM2 === undefined) {
    notes.add(IEC_HS_RULES['bsa-missing'], 'bodySurfaceArea');
    return undefined;
  }
  return perSquareMeter(rate, patient.bsaM2);
}

function withDose(action: Omit<Action, 'dose'>, dose: Dose | undefined): Action {
  return dose === undefined ? action : { ...action, dose };
}

function anakinraLine1(rule: IecHsRule, route: 'IV' | 'IV/SC', patient: Patient, notes: DoseNotes, escalation: readonly Escalation[] | undefined, actions: Action[]): void {
  const base: Omit<Action, 'dose'> = { rule, status: 'do', drug: 'anakinra', route, frequency: 'qid', ...(escalation ? { escalation } : {}) };
  actions.push(withDose(base, kgDose(IEC_HS_DOSES.anakinraLine1MgPerKg, patient, notes)));
  if (patient.child === true) anakinraChild(patient, notes, actions);
  notes.add(IEC_HS_RULES['anakinra-dose-reference']);
}

function anakinraChild(patient: Patient, notes: DoseNotes, actions: Action[], status: 'do' | 'consider' = 'consider', escalation?: readonly Escalation[]): void {
  const base: Omit<Action, 'dose'> = {
    rule: IEC_HS_RULES['anakinra-child'],
    status,
    drug: 'anakinra',
    route: 'IV/SC',
    frequency: 'q6h',
    ...(escalation ? { escalation } : {}),
  };
  actions.push(withDose(base, kgDose(IEC_HS_DOSES.anakinraChildMgPerKgQ6h, patient, notes)));
}

/** Line 2: the figure's 100 mg is an adult dose; a child gets the §3.1.4 weight-based dose instead. */
function anakinraLine2(rule: IecHsRule, patient: Patient, notes: DoseNotes, escalation: readonly Escalation[] | undefined, actions: Action[]): void {
  if (patient.child === true) {
    notes.add(IEC_HS_RULES['anakinra-line2-child'], 'ageYears');
    anakinraChild(patient, notes, actions, 'do', escalation);
    return;
  }
  actions.push({ rule, status: 'do', drug: 'anakinra', dose: fixedDose(IEC_HS_DOSES.anakinraLine2Mg), route: 'IV/SC', frequency: 'qid', ...(escalation ? { escalation } : {}) });
  notes.add(IEC_HS_RULES['anakinra-dose-reference']);
}

/**
 * Children: §3.1.4 gives dexamethasone 10 mg/m2/day *or* methylprednisolone 1-2 mg/kg, so only
 * dexamethasone takes the line's status; methylprednisolone is offered as the alternative
 * ('consider', as the pediatric anakinra option is), never ordered alongside it.
 */
function childSteroids(status: 'do' | 'consider', patient: Patient, notes: DoseNotes, actions: Action[]): void {
  actions.push(
    withDose(
      { rule: IEC_HS_RULES['dexamethasone-child'], status, drug: 'dexamethasone', route: 'IV', duration: 'P4D' },
      m2Dose(IEC_HS_DOSES.dexamethasoneChildMgPerM2PerDay, patient, notes),
    ),
  );
  const low = kgDose(IEC_HS_DOSES.methylprednisoloneChildMgPerKg[0], patient, notes);
  const dose = low === undefined || patient.weightKg === undefined ? undefined : { ...low, upTo: perKg(IEC_HS_DOSES.methylprednisoloneChildMgPerKg[1], patient.weightKg).value };
  actions.push(
    withDose({ rule: IEC_HS_RULES['methylprednisolone-child'], status: 'consider', drug: 'methylprednisolone', route: 'IV', frequency: 'q6-12h', duration: 'P4D' }, dose),
  );
}

function iecSteroids(rule: IecHsRule, status: 'do' | 'consider', patient: Patient, settings: InstitutionSettings, notes: DoseNotes, warnings: Warning[], actions: Action[]): void {
  if (patient.child === true) {
    childSteroids(status, patient, notes, actions);
    return;
  }
  const made = dexamethasone(
    rule,
    status,
    IEC_HS_DOSES.dexamethasoneAdultMg,
    'q6h',
    'P4D',
    { ageYears: patient.ageYears, weightKg: patient.weightKg },
    settings,
    IEC_HS_RULES['builder-child-dose'],
    IEC_HS_RULES['builder-child-dose'],
  );
  warnings.push(...made.warnings);
  actions.push(made.action);
  notes.add(IEC_HS_RULES['dexamethasone-dose-reference']);
}

function ruxolitinib(rule: IecHsRule, patient: Patient, notes: DoseNotes, out: Collector, actions: Action[]): void {
  const D = IEC_HS_DOSES;
  const base: Omit<Action, 'dose'> = { rule, status: 'consider', drug: 'ruxolitinib', route: 'PO', frequency: 'q12h' };
  if (patient.ageYears === undefined) {
    notes.add(IEC_HS_RULES['age-missing'], 'ageYears');
    actions.push(base);
    return;
  }
  if (patient.ageYears >= D.ruxolitinibAdultAgeYears) {
    out.basis.push({ rule: IEC_HS_RULES['ruxolitinib-adult'], field: 'ageYears', observed: patient.ageYears, unit: 'a', threshold: { comparator: '>=', value: D.ruxolitinibAdultAgeYears, unit: 'a' }, yields: '10 mg' });
    actions.push({ ...base, dose: fixedDose(D.ruxolitinibAdultMg) });
    return;
  }
  const w = patient.weightKg;
  if (w === undefined) {
    notes.add(IEC_HS_RULES['ruxolitinib-weight-missing'], 'weight');
    actions.push(base);
    return;
  }
  if (w === D.ruxolitinibChildWeightKg) {
    // The seed gives >25 kg and <25 kg; exactly 25 kg is not covered.
    notes.add(IEC_HS_RULES['ruxolitinib-25kg'], 'weight');
    actions.push(base);
    return;
  }
  const heavy = w > D.ruxolitinibChildWeightKg;
  out.basis.push({
    rule: heavy ? IEC_HS_RULES['ruxolitinib-child-over-25kg'] : IEC_HS_RULES['ruxolitinib-child-under-25kg'],
    field: 'weight',
    observed: w,
    unit: 'kg',
    threshold: { comparator: heavy ? '>' : '<', value: D.ruxolitinibChildWeightKg, unit: 'kg' },
    yields: heavy ? '5 mg' : '2.5 mg',
  });
  actions.push({ ...base, dose: fixedDose(heavy ? D.ruxolitinibChildOver25KgMg : D.ruxolitinibChildUnder25KgMg) });
}

function etoposide(rule: IecHsRule, status: 'do' | 'consider', patient: Patient, notes: DoseNotes, actions: Action[]): void {
  actions.push(withDose({ rule, status, drug: 'etoposide', route: 'IV', frequency: 'days-1-4-7' }, m2Dose(IEC_HS_DOSES.etoposideMgPerM2, patient, notes)));
  notes.add(IEC_HS_RULES['etoposide-dose-range']);
}

/** Which Figure 8 line to give now, from the current line, its duration and the response. */
function planLine(input: IecHsInput, out: Collector): number {
  const R = IEC_HS_RULES;
  const current = input.treatmentLine;
  if (current === 0) {
    out.basis.push({ rule: R['start-line-1'], field: 'treatmentLine', observed: 0, yields: 1 });
    return 1;
  }
  const response = input.response;
  const ferritinRising = input.ferritinTrend === 'rising';
  if (response === undefined) out.warnings.push({ rule: R['response-missing'], field: 'response' });
  if (response === 'worsening') {
    if (current === 3) {
      out.warnings.push({ rule: R['no-further-line'] });
      out.basis.push({ rule: R['continue-line'], field: 'treatmentLine', observed: current, yields: current });
      return 3;
    }
    out.basis.push({ rule: R['escalate-worsening'], field: 'response', observed: response, yields: current + 1 });
    return current + 1;
  }
  if (response === 'improving' && ferritinRising) out.warnings.push({ rule: R['improving-ferritin-rising'], field: 'ferritinTrend' });
  // Line 1 -> 2: no clinical improvement or rising ferritin; line 2 -> 3: worsening or rising ferritin.
  const trigger = response !== 'improving' && (ferritinRising || (current === 1 && response === 'no-improvement'));
  if (!trigger) {
    out.basis.push({ rule: R['continue-line'], field: 'treatmentLine', observed: current, yields: current });
    return current;
  }
  const hours = input.hoursOnCurrentLine;
  const evaluation = IEC_HS_THRESHOLDS.evaluationHours;
  if (hours === undefined) {
    out.warnings.push({ rule: R['hours-missing'], field: 'hoursOnCurrentLine' });
    out.basis.push({ rule: R['continue-line'], field: 'treatmentLine', observed: current, yields: current });
    return current;
  }
  if (hours < evaluation) {
    out.basis.push({ rule: R['await-evaluation'], field: 'hoursOnCurrentLine', observed: hours, unit: 'h', threshold: { comparator: '<', value: evaluation, unit: 'h' }, yields: current });
    return current;
  }
  if (current === 3) {
    out.warnings.push({ rule: R['no-further-line'] });
    out.basis.push({ rule: R['continue-line'], field: 'treatmentLine', observed: current, yields: current });
    return 3;
  }
  out.basis.push({ rule: R['escalate-after-evaluation'], field: 'hoursOnCurrentLine', observed: hours, unit: 'h', threshold: { comparator: '>=', value: evaluation, unit: 'h' }, yields: current + 1 });
  return current + 1;
}

function treatment(
  input: IecHsInput,
  br: 'IEC-HS' | 'CRS/MAS',
  grade: number | null,
  settings: InstitutionSettings,
  out: Collector,
): Action[] {
  const R = IEC_HS_RULES;
  const actions: Action[] = [];
  const notes = new DoseNotes(out.warnings);
  const child = isChild({ ageYears: input.ageYears, weightKg: input.weight }, settings);
  const patient: Patient = { child, ageYears: input.ageYears, weightKg: input.weight, bsaM2: input.bodySurfaceArea };
  if (child === undefined) notes.add(R['age-missing'], 'ageYears');
  const line = planLine(input, out);
  const iec = br === 'IEC-HS';
  const toLine2: readonly Escalation[] = [{ after: 'PT48H', rule: iec ? R['iec-line2-trigger'] : R['crs-mas-line2-trigger'] }];
  const toLine3: readonly Escalation[] = [{ after: 'PT48H', rule: iec ? R['iec-line3-trigger'] : R['crs-mas-line3-trigger'] }];
  // Treat already in symptomatic mild disease; asymptomatic grade 1 needs no intervention (Table 10).
  const startStatus: 'do' | 'consider' = iec && (grade === null || grade <= 1) && line === 1 ? 'consider' : 'do';

  if (iec) {
    if (line === 1) {
      anakinraLine1(R['iec-anakinra-line1'], 'IV/SC', patient, notes, toLine2, actions);
      iecSteroids(R['iec-steroids-optional'], 'consider', patient, settings, notes, out.warnings, actions);
    } else if (line === 2) {
      anakinraLine2(R['iec-anakinra-line2'], patient, notes, toLine3, actions);
      iecSteroids(R['iec-steroids-start'], 'do', patient, settings, notes, out.warnings, actions);
      ruxolitinib(R['iec-ruxolitinib-consider'], patient, notes, out, actions);
    } else {
      ruxolitinib(R['iec-ruxolitinib-if-not-yet'], patient, notes, out, actions);
      actions.push(withDose({ rule: R['iec-emapalumab'], status: 'consider', drug: 'emapalumab', route: 'IV' }, kgDose(IEC_HS_DOSES.emapalumabStartMgPerKg, patient, notes)));
      etoposide(R['iec-etoposide'], 'consider', patient, notes, actions);
    }
    if (startStatus === 'consider') {
      for (let i = 0; i < actions.length; i++) {
        const a = actions[i];
        if (a !== undefined && a.status === 'do') actions[i] = { ...a, status: 'consider' };
      }
    }
    actions.push({ rule: R['anti-il6-refused'], status: 'refused', drug: 'anti-IL-6' });
  } else {
    if (line === 1) {
      if (child === true) {
        // Figure 8 states the adult dose only; children get the §3.1.4 pediatric steroid options.
        notes.add(R['steroid-child-not-in-figure'], 'ageYears');
        childSteroids('do', patient, notes, actions);
      } else {
        const made = dexamethasone(
          R['crs-mas-dexamethasone'],
          'do',
          IEC_HS_DOSES.dexamethasoneCrsMasMg[0],
          'qid',
          undefined,
          { ageYears: patient.ageYears, weightKg: patient.weightKg },
          settings,
          R['builder-child-dose'],
          R['builder-child-dose'],
          toLine2,
        );
        out.warnings.push(...made.warnings);
        actions.push({ ...made.action, dose: fixedDose(IEC_HS_DOSES.dexamethasoneCrsMasMg[0], 'mg', IEC_HS_DOSES.dexamethasoneCrsMasMg[1]) });
      }
      anakinraLine1(R['crs-mas-anakinra-line1'], 'IV', patient, notes, toLine2, actions);
    } else if (line === 2) {
      if (child === true) {
        // The handbook gives the pulse in adult milligrams only: a child's order carries no amount.
        actions.push({
          rule: R['crs-mas-methylprednisolone-pulse-child'],
          status: 'do',
          drug: 'methylprednisolone',
          route: 'IV',
          frequency: 'daily',
          duration: 'P3D',
          escalation: toLine3,
        });
        notes.add(R['pulse-child-dose-not-stated'], 'ageYears');
      } else {
        actions.push({ ...methylprednisolonePulse(R['crs-mas-methylprednisolone-pulse'], 'do'), escalation: toLine3 });
      }
      anakinraLine2(R['crs-mas-anakinra-line2'], patient, notes, toLine3, actions);
    } else {
      etoposide(R['crs-mas-etoposide'], 'do', patient, notes, actions);
    }
  }
  if (input.neurotoxicity === true) actions.push({ rule: R['intrathecal-chemotherapy'], status: 'consider' });
  return actions;
}

/** Which supportive-care orders the counts call for: one reading for the orders and for the grade. */
interface SupportiveNeeds {
  readonly redCells: boolean;
  /** Platelets below 50,000/uL with bleeding. */
  readonly platelets: boolean;
  /** Fibrinogen replacement, and whether for bleeding (<= 150 mg/dL) or not (<= 100 mg/dL). */
  readonly fibrinogen: 'bleeding' | 'no-bleeding' | null;
  readonly vitaminK: boolean;
  readonly plasma: boolean;
}

function supportiveNeeds(input: IecHsInput): SupportiveNeeds {
  const T = IEC_HS_THRESHOLDS.transfusion;
  const bleeding = input.bleeding === true;
  const fib = input.fibrinogen;
  return {
    redCells: input.hemoglobin !== undefined && input.hemoglobin <= T.hemoglobinGPerDl,
    platelets: bleeding && input.platelets !== undefined && input.platelets < T.plateletsBleedingPerMicroliter,
    fibrinogen:
      fib === undefined ? null
      : bleeding ? (fib <= T.fibrinogenBleedingMgPerDl ? 'bleeding' : null)
      : fib <= T.fibrinogenMgPerDl ? 'no-bleeding'
      : null,
    vitaminK: input.inr !== undefined && input.inr > T.inrVitaminK,
    plasma: input.inr !== undefined && input.inr > T.inrPlasma,
  };
}

/**
 * Table 10 names transfusion among the interventions of grade 2 (for asymptomatic
 * hypofibrinogenemia) and coagulopathy with bleeding that needs transfusion as grade 3: the
 * transfusions the counts call for raise the grade, so that a grade never says "no intervention
 * needed" beside a transfusion order. Vitamin K is not a transfusion and raises nothing.
 */
function transfusionFloor(input: IecHsInput, needs: SupportiveNeeds, grade: number, out: Collector): number {
  const R = IEC_HS_RULES;
  if (input.bleeding === true && grade < 3) {
    const entry: BasisEntry | undefined =
      needs.platelets ? { rule: R['grade-min-bleeding-platelets'], field: 'platelets', observed: input.platelets ?? null, unit: '/uL', yields: 3 }
      : needs.fibrinogen !== null ? { rule: R['grade-min-bleeding-fibrinogen'], field: 'fibrinogen', observed: input.fibrinogen ?? null, unit: 'mg/dL', yields: 3 }
      : needs.plasma ? { rule: R['grade-min-bleeding-plasma'], field: 'inr', observed: input.inr ?? null, yields: 3 }
      : undefined;
    if (entry !== undefined) {
      out.basis.push(entry);
      return 3;
    }
  }
  if (grade < 2) {
    const entry: BasisEntry | undefined =
      needs.fibrinogen === 'no-bleeding' ? { rule: R['grade-min-transfusion-hypofibrinogenemia'], field: 'fibrinogen', observed: input.fibrinogen ?? null, unit: 'mg/dL', yields: 2 }
      : needs.redCells ? { rule: R['grade-min-transfusion-red-cells'], field: 'hemoglobin', observed: input.hemoglobin ?? null, unit: 'g/dL', yields: 2 }
      : needs.plasma ? { rule: R['grade-min-transfusion-plasma'], field: 'inr', observed: input.inr ?? null, yields: 2 }
      : undefined;
    if (entry !== undefined) {
      out.basis.push(entry);
      return 2;
    }
  }
  return grade;
}

function supportiveCare(input: IecHsInput, needs: SupportiveNeeds, out: Collector): Action[] {
  const R = IEC_HS_RULES;
  const T = IEC_HS_THRESHOLDS.transfusion;
  const actions: Action[] = [];
  if (needs.redCells) {
    out.basis.push({ rule: R['hemoglobin-at-or-below-7'], field: 'hemoglobin', observed: input.hemoglobin ?? null, unit: 'g/dL', threshold: { comparator: '<=', value: T.hemoglobinGPerDl, unit: 'g/dL' } });
    actions.push({ rule: R['transfuse-rbc'], status: 'do' });
  }
  const bleedingUnknown = input.bleeding === undefined;
  if (needs.platelets) {
    out.basis.push({
      rule: R['platelets-below-50-bleeding'],
      field: 'platelets',
      observed: input.platelets ?? null,
      unit: '/uL',
      threshold: { comparator: '<', value: T.plateletsBleedingPerMicroliter, unit: '/uL' },
    });
    actions.push({ rule: R['transfuse-platelets'], status: 'do' });
  } else if (bleedingUnknown && input.platelets !== undefined && input.platelets < T.plateletsBleedingPerMicroliter) {
    out.warnings.push({ rule: R['bleeding-status-missing'], field: 'bleeding' });
  }
  const fib = input.fibrinogen;
  if (fib !== undefined) {
    if (needs.fibrinogen === 'bleeding') {
      out.basis.push({ rule: R['fibrinogen-at-or-below-150-bleeding'], field: 'fibrinogen', observed: fib, unit: 'mg/dL', threshold: { comparator: '<=', value: T.fibrinogenBleedingMgPerDl, unit: 'mg/dL' } });
      actions.push({ rule: R['replace-fibrinogen'], status: 'do' });
    } else if (needs.fibrinogen === 'no-bleeding') {
      out.basis.push({ rule: R['fibrinogen-at-or-below-100'], field: 'fibrinogen', observed: fib, unit: 'mg/dL', threshold: { comparator: '<=', value: T.fibrinogenMgPerDl, unit: 'mg/dL' } });
      actions.push({ rule: R['replace-fibrinogen'], status: 'do' });
    }
    if (bleedingUnknown && fib <= T.fibrinogenBleedingMgPerDl && needs.fibrinogen === null) {
      out.warnings.push({ rule: R['bleeding-status-missing'], field: 'bleeding' });
    }
  }
  if (needs.vitaminK) {
    out.basis.push({ rule: R['inr-above-vitamin-k'], field: 'inr', observed: input.inr ?? null, threshold: { comparator: '>', value: T.inrVitaminK } });
    actions.push({ rule: R['vitamin-k'], status: 'do', drug: 'vitamin K' });
  }
  if (needs.plasma) {
    out.basis.push({ rule: R['inr-above-plasma'], field: 'inr', observed: input.inr ?? null, threshold: { comparator: '>', value: T.inrPlasma } });
    actions.push({ rule: R['plasma-cryoprecipitate'], status: 'do' });
  }
  return actions;
}

export function assessIecHs(input: IecHsInput, settings: InstitutionSettings): Assessment<IecHsValue> {
  const R = IEC_HS_RULES;
  const out: Collector = { basis: [], warnings: [] };
  const missing: Warning[] = [];
  if (input.ferritin === undefined) missing.push({ rule: R['ferritin-missing'], field: 'ferritin' });
  if (input.crsCourse === undefined) missing.push({ rule: R['crs-course-missing'], field: 'crsCourse' });
  if (input.alternativeCausesExcluded === undefined) missing.push({ rule: R['alternative-causes-missing'], field: 'alternativeCausesExcluded' });
  const ferritin = input.ferritin === undefined ? 'unknown' : ferritinCriterion(input, input.ferritin, out);
  if (ferritin === 'unknown' || missing.length > 0 || input.crsCourse === undefined || input.alternativeCausesExcluded === undefined) {
    return cannotAssess('iec-hs', [...missing, ...out.warnings], out.basis);
  }
  if (ferritin === 'absent') out.basis.push({ rule: R['ferritin-criterion-not-met'], field: 'ferritin', observed: input.ferritin ?? null });

  const course = input.crsCourse;
  const onsetMet = course === 'improving' || course === 'resolved' || course === 'worsening-after-initial-improvement';
  out.basis.push({ rule: ONSET_RULES[course], field: 'crsCourse', observed: course });
  if (course === 'none') out.warnings.push({ rule: R['no-prior-crs-exception'], field: 'crsCourse' });

  // Common manifestations: AST or ALT counts once.
  const ast = transaminase('ast', input.ast, input.astUln, input.astBaseline, out);
  const alt = transaminase('alt', input.alt, input.altUln, input.altBaseline, out);
  const liver: Tri = ast === 'present' || alt === 'present' ? 'present' : ast === 'absent' && alt === 'absent' ? 'absent' : 'unknown';
  const common: readonly [Tri, string][] = [
    [liver, 'ast/alt'],
    [hypofibrinogenemia(input, out), 'fibrinogen'],
    [flag(input.hemophagocytosis, 'hemophagocytosis', R.hemophagocytosis, R['no-hemophagocytosis'], out), 'hemophagocytosis'],
    [flag(input.cytopenia, 'cytopenia', R.cytopenia, R['no-cytopenia'], out), 'cytopenia'],
  ];
  let count = 0;
  for (const [state] of common) if (state === 'present') count++;
  otherManifestations(input, out);

  const hlhFeaturesPossible = ferritin === 'present' && (onsetMet || course === 'active');
  if (hlhFeaturesPossible && count === 0) {
    const unknown = common.filter(([state]) => state === 'unknown');
    if (unknown.length > 0) {
      return cannotAssess(
        'iec-hs',
        [...out.warnings, ...unknown.map(([, field]) => ({ rule: R['common-manifestation-unknown'], field }))],
        out.basis,
      );
    }
  }

  const excluded = input.alternativeCausesExcluded;
  out.basis.push({ rule: excluded ? R['alternative-causes-excluded'] : R['alternative-causes-not-excluded'], field: 'alternativeCausesExcluded', observed: excluded });
  const requiredMet = ferritin === 'present' && onsetMet;
  if (requiredMet) out.basis.push({ rule: R['required-met'], field: 'commonManifestations', observed: count, yields: count });
  if (ferritin === 'present' && count === 0) out.basis.push({ rule: R['no-common-manifestation'], field: 'commonManifestations', observed: 0, threshold: { comparator: '>=', value: 1 } });
  const criteriaMet = requiredMet && count >= 1 && excluded;
  out.basis.push({ rule: criteriaMet ? R['criteria-met'] : R['criteria-not-met'], field: 'criteriaMet', observed: criteriaMet });
  out.warnings.push({ rule: R['exclude-alternative-causes'] });

  let br: IecHsBranch = 'none';
  if (criteriaMet) br = 'IEC-HS';
  else if (course === 'active' && ferritin === 'present' && count >= 1) br = 'CRS/MAS';
  out.basis.push({
    rule: br === 'IEC-HS' ? R['branch-iec-hs'] : br === 'CRS/MAS' ? R['branch-crs-mas'] : R['branch-none'],
    field: 'crsCourse',
    observed: course,
    yields: br,
  });
  if (br === 'none' && course === 'active') out.warnings.push({ rule: R['manage-as-crs'] });

  const needs = supportiveNeeds(input);
  let grade: number | null = null;
  if (criteriaMet) grade = gradeIecHs(input, needs, out);
  else if (input.severity !== undefined) out.basis.push({ rule: R['grade-not-applicable'], field: 'severity', observed: input.severity });
  if (br === 'CRS/MAS') out.warnings.push({ rule: R['crs-mas-grade-as-crs'] });

  const actions: Action[] = [];
  if (br !== 'none' && grade !== 5) {
    actions.push(...treatment(input, br, grade, settings, out));
  }
  if (ferritin === 'present' && grade !== 5) {
    actions.push({ rule: R['monitor-daily'], status: 'do' }, { rule: R['monitor-hlh-markers'], status: 'consider' });
  }
  if (grade !== 5) actions.push(...supportiveCare(input, needs, out));
  if (br !== 'none' && grade !== 5) {
    out.warnings.push({ rule: R['gcsf-caution'] }, { rule: R['tpo-agonist'] }, { rule: R['infection-surveillance'] });
  }
  return assessed('iec-hs', { criteriaMet, grade, branch: br, commonManifestations: count }, out.basis, actions, out.warnings);
}

function summaryOf(v: IecHsValue): Record<string, unknown> {
  if (v.criteriaMet) return { variant: v.grade === null ? 'met-ungraded' : 'met', grade: v.grade ?? '-', count: v.commonManifestations };
  return { variant: v.branch === 'CRS/MAS' ? 'crs-mas' : 'not-met', count: v.commonManifestations };
}

export const iecHsInstrument = defineInstrument({
  name: 'iec-hs',
  kind: 'instrument',
  section: '002 §3.1.4, Tables 9, 10; §3.1.5, Figure 8, Table 14',
  input: IecHsInput,
  value: IecHsValue,
  evaluate: assessIecHs,
  summary: summaryOf,
});
