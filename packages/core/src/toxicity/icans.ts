import * as z from 'zod';
import type { Action, BasisEntry, Threshold, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { internedBy } from '../explain/intern.js';
import { defineRules } from '../explain/rules.js';
import { perKg } from '../dosing/weight-based.js';
import { registerMessages } from '../i18n/catalog.js';
import type { InstitutionSettings } from '../institution/settings.js';
import { defineInstrument } from '../instruments/registry.js';
import { quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { CAPD_ITEMS_SHAPE, CAPD_RULES, CAPD_THRESHOLDS, capdDomainGrade, capdHasAnyItem, scoreCapd } from './capd.js';
import { ICE_ITEMS_SHAPE, ICE_RULES, ICE_THRESHOLDS, iceDomainGrade, iceHasAnyItem, iceScoredPoints, scoreIce } from './ice.js';
import { icansMessages } from './icans.messages.js';
import { dexamethasone, isChild, methylprednisolonePulse } from './steroids.js';

registerMessages(icansMessages);

const table8 = { seed: 'handbook', section: '§3.1.3, Table 8' } as const;
const figure6 = { seed: 'handbook', section: '§3.1.3, Figure 6' } as const;
const treatmentText = { seed: 'handbook', section: '§3.1.3 (clinical management)' } as const;
const clinicalText = { seed: 'handbook', section: '§3.1.3 (clinical features and imaging)' } as const;
const grading = { seed: [table8], publications: ['lee2019'] } as const;
const management = { seed: [figure6, treatmentText], publications: ['hayden2022'] } as const;
const figureOnly = { seed: [figure6], publications: ['hayden2022'] } as const;
const textOnly = { seed: [treatmentText], publications: ['hayden2022'] } as const;

/** ASTCT ICANS grading (Lee 2019 Tables 6 and 8 = handbook Table 8) and EBMT/EHA management (Figure 6). */
export const ICANS_RULES = defineRules('icans', {
  // Encephalopathy domain (ICE / CAPD).
  'ice-zero-arousable': grading,
  'ice-zero-unarousable': grading,
  'unable-unarousable': grading,
  'unable-ice-arousable': grading,
  'unable-capd': grading,
  'unable-capd-arousable-check': grading,
  // Other domains.
  'consciousness-alert': grading,
  'consciousness-spontaneous': grading,
  'consciousness-voice': grading,
  'consciousness-tactile': grading,
  'consciousness-unarousable': grading,
  'seizure-none': grading,
  'seizure-rapidly-resolving': grading,
  'seizure-prolonged': grading,
  'motor-none': grading,
  'motor-deep-focal-weakness': grading,
  'edema-none': grading,
  'edema-focal': grading,
  'edema-diffuse': grading,
  'worst-domain': grading,
  'grade-4-certain': grading,
  'domain-missing': grading,
  'domain-not-assessed-grade-4': grading,
  'other-causes-excluded': grading,
  'ich-tremor-ctcae': { seed: [table8, clinicalText], publications: ['lee2019'] },
  'no-routine-anticonvulsant-prophylaxis': { seed: [clinicalText], publications: ['hayden2022'] },
  // Management.
  'supportive-care': management,
  'differential-workup': { seed: [figure6, clinicalText], publications: ['hayden2022'] },
  'tocilizumab-not-effective': textOnly,
  'close-monitoring': figureOnly,
  'g1-within-72h': textOnly,
  'g1-after-72h': textOnly,
  'g1-dexamethasone': textOnly,
  'g1-reassess-after-two-doses': textOnly,
  'infusion-time-missing': textOnly,
  'notify-icu-neurologist': figureOnly,
  'consider-icu-transfer': figureOnly,
  'less-experienced-center': figureOnly,
  'hold-oral-intake': figureOnly,
  'g2-dexamethasone': management,
  'g2-no-improvement': management,
  'g2-worsening': management,
  'icu-care': textOnly,
  'g3-dexamethasone': management,
  'g3-worsening': management,
  'methylprednisolone-1-mg-kg': textOnly,
  'methylprednisolone-1-mg-kg-no-weight': textOnly,
  'methylprednisolone-pulse': management,
  'methylprednisolone-pulse-child': textOnly,
  'methylprednisolone-pulse-child-no-weight': textOnly,
  'child-pulse-above-adult': textOnly,
  'pediatric-dose': textOnly,
  'g4-reassess-after-two-doses': textOnly,
  'status-epilepticus-protocol': management,
  'seizure-levetiracetam': figureOnly,
  'seizure-benzodiazepine': figureOnly,
  'seizure-persisting': figureOnly,
  'hyperosmolar-therapy': figureOnly,
  'refractory-alternatives': figureOnly,
  'antifungal-prophylaxis': textOnly,
  'taper-when-improved': textOnly,
  'crs1-steroids-not-tocilizumab': figureOnly,
  'crs1-no-tocilizumab': figureOnly,
  'crs-treat-separately': figureOnly,
  'weight-missing': textOnly,
  'dexamethasone-child-dose': { seed: [treatmentText, { seed: 'handbook', section: '§3.1.2 (CRS drugs)' }], publications: ['hayden2022'] },
  'dexamethasone-child-dose-not-stated': textOnly,
});

export const CONSCIOUSNESS_LEVELS = ['alert', 'awakens-spontaneously', 'awakens-to-voice', 'awakens-to-tactile-only', 'unarousable'] as const;
export const SEIZURE_FINDINGS = ['none', 'rapidly-resolving', 'prolonged-or-repetitive'] as const;
export const MOTOR_FINDINGS = ['none', 'deep-focal-weakness'] as const;
export const CEREBRAL_EDEMA_FINDINGS = ['none', 'focal-edema', 'diffuse-edema-or-signs'] as const;
export type Consciousness = (typeof CONSCIOUSNESS_LEVELS)[number];
export type Seizure = (typeof SEIZURE_FINDINGS)[number];
export type Motor = (typeof MOTOR_FINDINGS)[number];
export type CerebralEdema = (typeof CEREBRAL_EDEMA_FINDINGS)[number];

/** The grade each finding of Table 8 yields (N/A cells are grade 0 for that domain). */
export const ICANS_DOMAIN_GRADES = Object.freeze({
  consciousness: Object.freeze({ alert: 0, 'awakens-spontaneously': 1, 'awakens-to-voice': 2, 'awakens-to-tactile-only': 3, unarousable: 4 } as const),
  seizure: Object.freeze({ none: 0, 'rapidly-resolving': 3, 'prolonged-or-repetitive': 4 } as const),
  motor: Object.freeze({ none: 0, 'deep-focal-weakness': 4 } as const),
  cerebralEdema: Object.freeze({ none: 0, 'focal-edema': 3, 'diffuse-edema-or-signs': 4 } as const),
});

/** Numbers the ICANS management rules use (handbook §3.1.3 and Figure 6). */
export const ICANS_THRESHOLDS = Object.freeze({
  /** Grade 1: dexamethasone is considered when ICANS starts within 72 h of infusion. */
  earlyOnsetHours: 72,
  dexamethasoneMg: 10,
  /** Grade 3 alternative: methylprednisolone 1 mg/kg IV every 12 h. */
  methylprednisoloneMgPerKg: 1,
  /** Grade 4: methylprednisolone 1,000 mg/day (adults), 30 mg/kg/day (children). */
  pulseAdultMg: 1000,
  pulseChildMgPerKg: 30,
  /** ICU care from this grade on. */
  icuFromGrade: 3,
  /** Children under this age (or with developmental delay) are assessed with CAPD. */
  capdBelowAgeYears: CAPD_THRESHOLDS.maxAgeYearsExclusive,
});

const CONSCIOUSNESS_RULES = {
  alert: ICANS_RULES['consciousness-alert'],
  'awakens-spontaneously': ICANS_RULES['consciousness-spontaneous'],
  'awakens-to-voice': ICANS_RULES['consciousness-voice'],
  'awakens-to-tactile-only': ICANS_RULES['consciousness-tactile'],
  unarousable: ICANS_RULES['consciousness-unarousable'],
} as const;
const SEIZURE_RULES = {
  none: ICANS_RULES['seizure-none'],
  'rapidly-resolving': ICANS_RULES['seizure-rapidly-resolving'],
  'prolonged-or-repetitive': ICANS_RULES['seizure-prolonged'],
} as const;
const MOTOR_RULES = { none: ICANS_RULES['motor-none'], 'deep-focal-weakness': ICANS_RULES['motor-deep-focal-weakness'] } as const;
const EDEMA_RULES = {
  none: ICANS_RULES['edema-none'],
  'focal-edema': ICANS_RULES['edema-focal'],
  'diffuse-edema-or-signs': ICANS_RULES['edema-diffuse'],
} as const;

const IceAssessment = z
  .object({
    ...ICE_ITEMS_SHAPE,
    total: z.number().int().min(0).max(ICE_THRESHOLDS.maxTotal).optional().describe('ICE total (0-10) when the items are not given.'),
  })
  .strict()
  .describe('ICE (ages 12 and over): the five items, or the total.');
const CapdAssessment = z
  .object({
    ...CAPD_ITEMS_SHAPE,
    total: z.number().int().min(0).max(CAPD_THRESHOLDS.maxTotal).optional().describe('CAPD total (0-32) when the answers are not given.'),
  })
  .strict()
  .describe('CAPD (under 12, or developmental delay): the eight answers, or the total.');

function usesCapd(input: { ageYears: number; developmentalDelay: boolean }): boolean {
  return input.ageYears < ICANS_THRESHOLDS.capdBelowAgeYears || input.developmentalDelay;
}

export const IcansInput = z
  .object({
    ageYears: z.number().min(0).max(120).describe('Age in years: under 12 (or developmental delay) CAPD replaces ICE.'),
    developmentalDelay: z.boolean().default(false).describe('Baseline developmental delay: CAPD is used at any age.'),
    ice: IceAssessment.optional(),
    capd: CapdAssessment.optional(),
    encephalopathyTool: z
      .literal('unable-to-perform')
      .optional()
      .describe('ICE / CAPD cannot be performed (give this instead of ice or capd).'),
    consciousness: z.enum(CONSCIOUSNESS_LEVELS).optional().describe('Depressed level of consciousness not explained by another cause (e.g. sedation).'),
    seizure: z.enum(SEIZURE_FINDINGS).optional().describe('Clinical or EEG seizures not explained by another cause.'),
    motor: z.enum(MOTOR_FINDINGS).optional().describe('Deep focal motor weakness (hemiparesis, paraparesis); tremor and myoclonus are CTCAE, not ICANS.'),
    cerebralEdema: z
      .enum(CEREBRAL_EDEMA_FINDINGS)
      .optional()
      .describe('Raised ICP / cerebral edema; intracranial hemorrhage is CTCAE, not ICANS.'),
    weight: quantity('bodyWeight').optional().describe('For weight-based steroid doses.'),
    crsGrade: z.number().int().min(0).max(4).optional().describe('Current CRS grade, if assessed.'),
    hoursSinceInfusion: z.number().min(0).optional().describe('Hours from CAR-T infusion to ICANS onset (grade 1 dexamethasone).'),
  })
  .strict()
  .superRefine((input, ctx) => {
    const toolsGiven = (input.ice ? 1 : 0) + (input.capd ? 1 : 0) + (input.encephalopathyTool ? 1 : 0);
    if (toolsGiven > 1) {
      refuse(ctx, [input.encephalopathyTool ? 'encephalopathyTool' : 'capd'], 'icans.input.one-encephalopathy-tool');
    }
    const unarousable = input.consciousness === 'unarousable';
    if (input.ice) {
      if (input.ageYears < ICANS_THRESHOLDS.capdBelowAgeYears) refuse(ctx, ['ice'], 'icans.input.ice-under-12');
      else if (input.developmentalDelay) refuse(ctx, ['ice'], 'icans.input.ice-developmental-delay');
      const hasItems = iceHasAnyItem(input.ice);
      if (input.ice.total !== undefined && hasItems) refuse(ctx, ['ice', 'total'], 'icans.input.ice-total-and-items');
      const points = input.ice.total ?? iceScoredPoints(input.ice);
      if (unarousable && points > 0) refuse(ctx, ['ice'], 'icans.input.ice-unarousable');
    }
    if (input.capd) {
      if (!usesCapd(input)) refuse(ctx, ['capd'], 'icans.input.capd-12-or-over');
      if (input.capd.total !== undefined && capdHasAnyItem(input.capd)) refuse(ctx, ['capd', 'total'], 'icans.input.capd-total-and-items');
      if (unarousable) refuse(ctx, ['capd'], 'icans.input.capd-unarousable');
    }
    if (input.encephalopathyTool === 'unable-to-perform' && input.consciousness === 'alert') {
      refuse(ctx, ['encephalopathyTool'], 'icans.input.unable-but-alert');
    }
  });
export type IcansInput = z.output<typeof IcansInput>;

export const ICANS_TOOLS = ['ICE', 'CAPD', 'none'] as const;
export const IcansValue = z.object({ grade: z.number().int().min(0).max(4), tool: z.enum(ICANS_TOOLS) });
export type IcansValue = z.infer<typeof IcansValue>;

interface Domain {
  grade: number | undefined;
}

/** Encephalopathy domain from ICE, CAPD or "unable to perform" (Table 8, footnote *). */
function encephalopathyDomain(input: IcansInput, basis: BasisEntry[], missing: Warning[], warnings: Warning[]): Domain & { tool: IcansValue['tool'] } {
  const unarousable = input.consciousness === 'unarousable';
  const capdPopulation = usesCapd(input);
  if (input.encephalopathyTool === 'unable-to-perform') {
    if (unarousable) {
      basis.push({ rule: ICANS_RULES['unable-unarousable'], field: 'encephalopathyTool', observed: 'unable-to-perform', yields: 4 });
      return { grade: 4, tool: 'none' };
    }
    if (capdPopulation) {
      basis.push({ rule: ICANS_RULES['unable-capd'], field: 'encephalopathyTool', observed: 'unable-to-perform', yields: 4 });
      if (input.consciousness !== undefined) warnings.push({ rule: ICANS_RULES['unable-capd-arousable-check'], field: 'encephalopathyTool' });
      return { grade: 4, tool: 'none' };
    }
    // Grade 3 if the patient can be woken, 4 if not: without the level of consciousness only the
    // lower bound is known, and the missing consciousness domain already makes the grade unknown.
    if (input.consciousness !== undefined) {
      basis.push({ rule: ICANS_RULES['unable-ice-arousable'], field: 'encephalopathyTool', observed: 'unable-to-perform', yields: 3 });
    }
    return { grade: 3, tool: 'none' };
  }
  if (input.ice) {
    let total = input.ice.total;
    if (total === undefined) {
      const scored = scoreIce(input.ice, 'ice.');
      basis.push(...scored.basis);
      if (scored.total === null) {
        missing.push(...scored.warnings);
        return { grade: undefined, tool: 'ICE' };
      }
      total = scored.total;
    } else {
      basis.push({ rule: ICE_RULES['total-given'], field: 'ice.total', observed: total, yields: total });
    }
    const domain = iceDomainGrade(total, 'ice.total');
    basis.push(domain.basis);
    if (total === 0) {
      if (unarousable) {
        basis.push({ rule: ICANS_RULES['ice-zero-unarousable'], field: 'ice.total', observed: 0, yields: 4 });
        return { grade: 4, tool: 'ICE' };
      }
      basis.push({ rule: ICANS_RULES['ice-zero-arousable'], field: 'ice.total', observed: 0, yields: 3 });
    }
    return { grade: domain.grade, tool: 'ICE' };
  }
  if (input.capd) {
    let total = input.capd.total;
    if (total === undefined) {
      const scored = scoreCapd(input.capd, 'capd.');
      basis.push(...scored.basis);
      if (scored.total === null) {
        missing.push(...scored.warnings);
        return { grade: undefined, tool: 'CAPD' };
      }
      total = scored.total;
    } else {
      basis.push({ rule: CAPD_RULES['total-given'], field: 'capd.total', observed: total, yields: total });
    }
    const domain = capdDomainGrade(total, 'capd.total');
    basis.push(domain.basis);
    return { grade: domain.grade, tool: 'CAPD' };
  }
  missing.push({ rule: ICANS_RULES['domain-missing'], field: capdPopulation ? 'capd' : 'ice' });
  return { grade: undefined, tool: 'none' };
}

/** The basis entry of each finding is fixed by the finding: built once per domain. */
function findingEntries<K extends string>(field: string, grades: Readonly<Record<K, number>>, rules: Readonly<Record<K, BasisEntry['rule']>>): Readonly<Record<K, BasisEntry>> {
  const entries = {} as Record<K, BasisEntry>;
  for (const value of Object.keys(grades) as K[]) entries[value] = Object.freeze({ rule: rules[value], field, observed: value, yields: grades[value] });
  return Object.freeze(entries);
}
const CONSCIOUSNESS_BASIS = findingEntries('consciousness', ICANS_DOMAIN_GRADES.consciousness, CONSCIOUSNESS_RULES);
const SEIZURE_BASIS = findingEntries('seizure', ICANS_DOMAIN_GRADES.seizure, SEIZURE_RULES);
const MOTOR_BASIS = findingEntries('motor', ICANS_DOMAIN_GRADES.motor, MOTOR_RULES);
const EDEMA_BASIS = findingEntries('cerebralEdema', ICANS_DOMAIN_GRADES.cerebralEdema, EDEMA_RULES);
const DOMAIN_MISSING: Readonly<Record<string, Warning>> = Object.freeze(
  Object.fromEntries(['consciousness', 'seizure', 'motor', 'cerebralEdema'].map((field) => [field, Object.freeze({ rule: ICANS_RULES['domain-missing'], field })])),
);

function findingDomain<K extends string>(
  field: string,
  value: K | undefined,
  entries: Readonly<Record<K, BasisEntry>>,
  basis: BasisEntry[],
  missing: Warning[],
): number | undefined {
  if (value === undefined) {
    missing.push(DOMAIN_MISSING[field]!);
    return undefined;
  }
  const entry = entries[value];
  basis.push(entry);
  return entry.yields as number;
}

const WORST_DOMAIN = internedBy(5, (grade): BasisEntry => ({ rule: ICANS_RULES['worst-domain'], field: 'grade', observed: grade, yields: grade }));

/**
 * ASTCT ICANS grade: the worst of the five domains. A domain not given makes the grade unknown,
 * unless the given domains already reach grade 4 (the grade cannot go higher).
 */
export function gradeIcans(input: IcansInput): { grade: number | null; tool: IcansValue['tool']; basis: BasisEntry[]; warnings: Warning[] } {
  const basis: BasisEntry[] = [];
  const missing: Warning[] = [];
  const warnings: Warning[] = [];
  const enc = encephalopathyDomain(input, basis, missing, warnings);
  const consciousness = findingDomain('consciousness', input.consciousness, CONSCIOUSNESS_BASIS, basis, missing);
  const seizure = findingDomain('seizure', input.seizure, SEIZURE_BASIS, basis, missing);
  const motor = findingDomain('motor', input.motor, MOTOR_BASIS, basis, missing);
  const edema = findingDomain('cerebralEdema', input.cerebralEdema, EDEMA_BASIS, basis, missing);
  const grade = Math.max(enc.grade ?? 0, consciousness ?? 0, seizure ?? 0, motor ?? 0, edema ?? 0);
  if (missing.length > 0) {
    if (grade < 4) return { grade: null, tool: enc.tool, basis, warnings: [...missing, ...warnings] };
    basis.push({ rule: ICANS_RULES['grade-4-certain'], field: 'grade', observed: 4, yields: 4 });
    for (const m of missing) warnings.push({ rule: ICANS_RULES['domain-not-assessed-grade-4'], ...(m.field === undefined ? {} : { field: m.field }) });
    return { grade: 4, tool: enc.tool, basis, warnings };
  }
  basis.push(WORST_DOMAIN(grade));
  return { grade, tool: enc.tool, basis, warnings };
}

type IcansRule = (typeof ICANS_RULES)[keyof typeof ICANS_RULES];
const act = (rule: IcansRule, status: Action['status'], extra: Partial<Action> = {}): Action => Object.freeze({ rule, status, ...extra });
const escalate = (...rules: IcansRule[]): NonNullable<Action['escalation']> => Object.freeze(rules.map((rule) => Object.freeze({ rule })));
const note = (rule: IcansRule, field?: string): Warning => Object.freeze(field === undefined ? { rule } : { rule, field });

// Everything below is fixed per branch of Figure 6 and built once; only doses are per patient.
const SUPPORTIVE = act(ICANS_RULES['supportive-care'], 'do');
const DIFFERENTIAL = act(ICANS_RULES['differential-workup'], 'do');
const CLOSE_MONITORING = act(ICANS_RULES['close-monitoring'], 'do');
const NOTIFY = act(ICANS_RULES['notify-icu-neurologist'], 'do');
const HOLD_ORAL = act(ICANS_RULES['hold-oral-intake'], 'consider');
const LESS_EXPERIENCED = act(ICANS_RULES['less-experienced-center'], 'do');
const CONSIDER_ICU = act(ICANS_RULES['consider-icu-transfer'], 'consider');
const ICU_CARE = act(ICANS_RULES['icu-care'], 'do');
const G1_ESCALATION = escalate(ICANS_RULES['g1-reassess-after-two-doses']);
const G2_ESCALATION = escalate(ICANS_RULES['g2-no-improvement'], ICANS_RULES['g2-worsening']);
const G3_ESCALATION = escalate(ICANS_RULES['g3-worsening']);
const G4_REASSESS = escalate(ICANS_RULES['g4-reassess-after-two-doses']);
const MP_NO_WEIGHT = act(ICANS_RULES['methylprednisolone-1-mg-kg-no-weight'], 'consider', { drug: 'methylprednisolone', route: 'IV', frequency: 'q12h' });
const PULSE_CHILD_NO_WEIGHT = act(ICANS_RULES['methylprednisolone-pulse-child-no-weight'], 'do', {
  drug: 'methylprednisolone',
  route: 'IV',
  frequency: 'daily',
  duration: 'P3D',
  escalation: G4_REASSESS,
});
const PULSE_ADULT: Action = Object.freeze({ ...methylprednisolonePulse(ICANS_RULES['methylprednisolone-pulse'], 'do'), escalation: G4_REASSESS });
const LEVETIRACETAM = act(ICANS_RULES['seizure-levetiracetam'], 'do', { drug: 'levetiracetam' });
const BENZODIAZEPINE = act(ICANS_RULES['seizure-benzodiazepine'], 'do', { drug: 'benzodiazepine', escalation: escalate(ICANS_RULES['seizure-persisting']) });
const STATUS_EPILEPTICUS = act(ICANS_RULES['status-epilepticus-protocol'], 'do');
const HYPEROSMOLAR = act(ICANS_RULES['hyperosmolar-therapy'], 'consider');
const REFRACTORY = act(ICANS_RULES['refractory-alternatives'], 'consider');
const ANTIFUNGAL = act(ICANS_RULES['antifungal-prophylaxis'], 'do');
const TAPER = act(ICANS_RULES['taper-when-improved'], 'do');
const CRS1_ENTRY: BasisEntry = Object.freeze({ rule: ICANS_RULES['crs1-steroids-not-tocilizumab'], field: 'crsGrade', observed: 1, threshold: Object.freeze({ comparator: '=', value: 1 }) });
const CRS1_NO_TOCILIZUMAB = act(ICANS_RULES['crs1-no-tocilizumab'], 'refused', { drug: 'tocilizumab', refusedBecause: Object.freeze([CRS1_ENTRY]) });
const WITHIN_72H: Threshold = Object.freeze({ comparator: '<=', value: ICANS_THRESHOLDS.earlyOnsetHours, unit: 'h' });
const AFTER_72H: Threshold = Object.freeze({ comparator: '>', value: ICANS_THRESHOLDS.earlyOnsetHours, unit: 'h' });
const TOCILIZUMAB_NOT_EFFECTIVE = note(ICANS_RULES['tocilizumab-not-effective']);
const INFUSION_TIME_MISSING = note(ICANS_RULES['infusion-time-missing'], 'hoursSinceInfusion');
const CHILD_PULSE_ABOVE_ADULT = note(ICANS_RULES['child-pulse-above-adult'], 'weight');
const CRS_SEPARATELY = note(ICANS_RULES['crs-treat-separately'], 'crsGrade');
const WEIGHT_MISSING = note(ICANS_RULES['weight-missing'], 'weight');
const OTHER_CAUSES = note(ICANS_RULES['other-causes-excluded']);
const ICH_TREMOR = note(ICANS_RULES['ich-tremor-ctcae']);
const NO_ROUTINE_PROPHYLAXIS = note(ICANS_RULES['no-routine-anticonvulsant-prophylaxis']);

interface Explanation {
  readonly basis: BasisEntry[];
  readonly actions: Action[];
  readonly warnings: Warning[];
}

function dexamethasoneInto(
  out: Explanation,
  rule: IcansRule,
  status: 'do' | 'consider',
  frequency: string,
  duration: string | undefined,
  escalation: Action['escalation'],
  input: IcansInput,
  settings: InstitutionSettings,
): void {
  const made = dexamethasone(
    rule,
    status,
    ICANS_THRESHOLDS.dexamethasoneMg,
    frequency,
    duration,
    { ageYears: input.ageYears, weightKg: input.weight },
    settings,
    ICANS_RULES['dexamethasone-child-dose'],
    ICANS_RULES['dexamethasone-child-dose-not-stated'],
    escalation,
  );
  out.actions.push(made.action);
  for (const w of made.warnings) out.warnings.push(w);
}

/** Management of handbook Figure 6 and the §3.1.3 text (Hayden 2022) for the grade. */
function manageInto(grade: number, input: IcansInput, settings: InstitutionSettings, out: Explanation): void {
  if (grade === 0) return;
  const { actions, basis, warnings } = out;
  let steroid = false;
  let weightNeeded = false;
  actions.push(SUPPORTIVE, DIFFERENTIAL);
  warnings.push(TOCILIZUMAB_NOT_EFFECTIVE);

  if (grade === 1) {
    actions.push(CLOSE_MONITORING);
    const hours = input.hoursSinceInfusion;
    if (hours === undefined) {
      warnings.push(INFUSION_TIME_MISSING);
    } else if (hours <= ICANS_THRESHOLDS.earlyOnsetHours) {
      basis.push({ rule: ICANS_RULES['g1-within-72h'], field: 'hoursSinceInfusion', observed: hours, unit: 'h', threshold: WITHIN_72H });
      dexamethasoneInto(out, ICANS_RULES['g1-dexamethasone'], 'consider', 'q12-24h', undefined, G1_ESCALATION, input, settings);
      steroid = true;
    } else {
      basis.push({ rule: ICANS_RULES['g1-after-72h'], field: 'hoursSinceInfusion', observed: hours, unit: 'h', threshold: AFTER_72H });
    }
  }
  if (grade >= 2) actions.push(NOTIFY, HOLD_ORAL);
  if (grade === 2) {
    actions.push(settings.lessExperiencedCenter ? LESS_EXPERIENCED : CONSIDER_ICU);
    dexamethasoneInto(out, ICANS_RULES['g2-dexamethasone'], 'do', 'once', undefined, G2_ESCALATION, input, settings);
    steroid = true;
  }
  if (grade >= ICANS_THRESHOLDS.icuFromGrade) actions.push(ICU_CARE);
  if (grade === 3) {
    dexamethasoneInto(out, ICANS_RULES['g3-dexamethasone'], 'do', 'q6h', 'P3D', G3_ESCALATION, input, settings);
    steroid = true;
    if (input.weight === undefined) {
      weightNeeded = true;
      actions.push(MP_NO_WEIGHT);
    } else {
      actions.push({
        rule: ICANS_RULES['methylprednisolone-1-mg-kg'],
        status: 'consider',
        drug: 'methylprednisolone',
        dose: perKg(ICANS_THRESHOLDS.methylprednisoloneMgPerKg, input.weight),
        route: 'IV',
        frequency: 'q12h',
        escalation: G3_ESCALATION,
      });
    }
  }
  if (grade === 4) {
    steroid = true;
    if (isChild({ ageYears: input.ageYears }, settings) === true) {
      basis.push({
        rule: ICANS_RULES['pediatric-dose'],
        field: 'ageYears',
        observed: input.ageYears,
        unit: 'a',
        threshold: { comparator: '<', value: settings.pediatricAgeLimitYears, unit: 'a' },
      });
      if (input.weight === undefined) {
        weightNeeded = true;
        actions.push(PULSE_CHILD_NO_WEIGHT);
      } else {
        const dose = perKg(ICANS_THRESHOLDS.pulseChildMgPerKg, input.weight);
        actions.push({
          rule: ICANS_RULES['methylprednisolone-pulse-child'],
          status: 'do',
          drug: 'methylprednisolone',
          dose,
          route: 'IV',
          frequency: 'daily',
          duration: 'P3D',
          escalation: G4_REASSESS,
        });
        if (dose.value > ICANS_THRESHOLDS.pulseAdultMg) warnings.push(CHILD_PULSE_ABOVE_ADULT);
      }
    } else {
      actions.push(PULSE_ADULT);
    }
  }
  if (input.seizure === 'rapidly-resolving' || input.seizure === 'prolonged-or-repetitive') {
    actions.push(LEVETIRACETAM, BENZODIAZEPINE);
    if (input.seizure === 'prolonged-or-repetitive') actions.push(STATUS_EPILEPTICUS);
  }
  if (input.cerebralEdema === 'focal-edema' || input.cerebralEdema === 'diffuse-edema-or-signs') actions.push(HYPEROSMOLAR);
  if (grade >= 3) actions.push(REFRACTORY);
  if (input.crsGrade === 1 && grade >= 2) {
    basis.push(CRS1_ENTRY);
    actions.push(CRS1_NO_TOCILIZUMAB);
  } else if (input.crsGrade !== undefined && input.crsGrade >= 2) {
    warnings.push(CRS_SEPARATELY);
  }
  if (steroid) actions.push(ANTIFUNGAL, TAPER);
  if (weightNeeded) warnings.push(WEIGHT_MISSING);
}

export function assessIcans(input: IcansInput, settings: InstitutionSettings): Assessment<IcansValue> {
  const graded = gradeIcans(input);
  if (graded.grade === null) return cannotAssess('icans', graded.warnings, graded.basis);
  const out: Explanation = { basis: graded.basis, actions: [], warnings: graded.warnings };
  manageInto(graded.grade, input, settings, out);
  out.warnings.push(OTHER_CAUSES, ICH_TREMOR);
  if (input.seizure !== 'rapidly-resolving' && input.seizure !== 'prolonged-or-repetitive') out.warnings.push(NO_ROUTINE_PROPHYLAXIS);
  return assessed('icans', { grade: graded.grade, tool: graded.tool }, out.basis, out.actions, out.warnings);
}

export const icansInstrument = defineInstrument({
  name: 'icans',
  kind: 'instrument',
  section: '002 §3.1.3, Table 8, Figure 6',
  input: IcansInput,
  value: IcansValue,
  evaluate: assessIcans,
  summary: (v) => ({ variant: v.tool, grade: v.grade }),
});
