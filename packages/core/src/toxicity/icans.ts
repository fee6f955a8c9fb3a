import * as z from 'zod';
import type { Action, BasisEntry, Threshold, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { internedBy } from '../explain/intern.js';
import { ScratchList } from '../explain/scratch.js';
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
import { dexamethasoneInto, dexamethasoneStep, methylprednisolonePulse, type DexamethasoneStep } from './steroids.js';

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
  'dexamethasone-child-above-adult': { seed: [treatmentText, { seed: 'handbook', section: '§3.1.2 (CRS drugs)' }], publications: ['hayden2022'] },
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
  readonly grade: number | undefined;
}
type EncephalopathyDomain = Domain & { readonly tool: IcansValue['tool'] };

/** The encephalopathy domain's grade (0-4, or unknown) and tool: 18 fixed answers, built once. */
const ENCEPHALOPATHY: Readonly<Record<IcansValue['tool'], readonly EncephalopathyDomain[]>> = Object.freeze({
  ICE: Object.freeze([0, 1, 2, 3, 4, undefined].map((grade) => Object.freeze({ grade, tool: 'ICE' as const }))),
  CAPD: Object.freeze([0, 1, 2, 3, 4, undefined].map((grade) => Object.freeze({ grade, tool: 'CAPD' as const }))),
  none: Object.freeze([0, 1, 2, 3, 4, undefined].map((grade) => Object.freeze({ grade, tool: 'none' as const }))),
});
const UNKNOWN = 5;
const domainOf = (tool: IcansValue['tool'], grade: number | undefined): EncephalopathyDomain => ENCEPHALOPATHY[tool][grade ?? UNKNOWN]!;

// Entries fixed by a total (ICE 0-10, CAPD 0-32) or by the branch: built once.
const ICE_TOTAL_GIVEN = internedBy(ICE_THRESHOLDS.maxTotal + 1, (total): BasisEntry => ({ rule: ICE_RULES['total-given'], field: 'ice.total', observed: total, yields: total }));
const CAPD_TOTAL_GIVEN = internedBy(CAPD_THRESHOLDS.maxTotal + 1, (total): BasisEntry => ({ rule: CAPD_RULES['total-given'], field: 'capd.total', observed: total, yields: total }));
const ICE_TOTAL_DOMAIN = internedBy(ICE_THRESHOLDS.maxTotal + 1, (total) => iceDomainGrade(total, 'ice.total'));
const CAPD_TOTAL_DOMAIN = internedBy(CAPD_THRESHOLDS.maxTotal + 1, (total) => {
  const domain = capdDomainGrade(total, 'capd.total');
  if (domain.basis.threshold !== undefined) Object.freeze(domain.basis.threshold);
  return { grade: domain.grade, basis: Object.freeze(domain.basis) };
});
const ICE_ZERO_UNAROUSABLE: BasisEntry = Object.freeze({ rule: ICANS_RULES['ice-zero-unarousable'], field: 'ice.total', observed: 0, yields: 4 });
const ICE_ZERO_AROUSABLE: BasisEntry = Object.freeze({ rule: ICANS_RULES['ice-zero-arousable'], field: 'ice.total', observed: 0, yields: 3 });
const UNABLE_UNAROUSABLE: BasisEntry = Object.freeze({ rule: ICANS_RULES['unable-unarousable'], field: 'encephalopathyTool', observed: 'unable-to-perform', yields: 4 });
const UNABLE_CAPD: BasisEntry = Object.freeze({ rule: ICANS_RULES['unable-capd'], field: 'encephalopathyTool', observed: 'unable-to-perform', yields: 4 });
const UNABLE_ICE_AROUSABLE: BasisEntry = Object.freeze({ rule: ICANS_RULES['unable-ice-arousable'], field: 'encephalopathyTool', observed: 'unable-to-perform', yields: 3 });
const UNABLE_CAPD_CHECK: Warning = Object.freeze({ rule: ICANS_RULES['unable-capd-arousable-check'], field: 'encephalopathyTool' });
const TOOL_MISSING: Readonly<Record<'ice' | 'capd', Warning>> = Object.freeze({
  ice: Object.freeze({ rule: ICANS_RULES['domain-missing'], field: 'ice' }),
  capd: Object.freeze({ rule: ICANS_RULES['domain-missing'], field: 'capd' }),
});

/** Encephalopathy domain from ICE, CAPD or "unable to perform" (Table 8, footnote *). */
function encephalopathyDomain(input: IcansInput, basis: ScratchList<BasisEntry>, missing: ScratchList<Warning>, warnings: ScratchList<Warning>): EncephalopathyDomain {
  const unarousable = input.consciousness === 'unarousable';
  if (input.encephalopathyTool === 'unable-to-perform') {
    if (unarousable) {
      basis.push(UNABLE_UNAROUSABLE);
      return domainOf('none', 4);
    }
    if (usesCapd(input)) {
      basis.push(UNABLE_CAPD);
      if (input.consciousness !== undefined) warnings.push(UNABLE_CAPD_CHECK);
      return domainOf('none', 4);
    }
    // Grade 3 if the patient can be woken, 4 if not: without the level of consciousness only the
    // lower bound is known, and the missing consciousness domain already makes the grade unknown.
    if (input.consciousness !== undefined) basis.push(UNABLE_ICE_AROUSABLE);
    return domainOf('none', 3);
  }
  const ice = input.ice;
  if (ice) {
    let total = ice.total;
    if (total === undefined) {
      const scored = scoreIce(ice, 'ice.');
      for (const b of scored.basis) basis.push(b);
      if (scored.total === null) {
        for (const w of scored.warnings) missing.push(w);
        return domainOf('ICE', undefined);
      }
      total = scored.total;
    } else {
      basis.push(ICE_TOTAL_GIVEN(total));
    }
    const domain = ICE_TOTAL_DOMAIN(total);
    basis.push(domain.basis);
    if (total === 0) {
      if (unarousable) {
        basis.push(ICE_ZERO_UNAROUSABLE);
        return domainOf('ICE', 4);
      }
      // As for "unable to perform": without the level of consciousness only grade 3 is known, and
      // the missing consciousness domain already leaves the grade undetermined.
      if (input.consciousness !== undefined) basis.push(ICE_ZERO_AROUSABLE);
    }
    return domainOf('ICE', domain.grade);
  }
  const capd = input.capd;
  if (capd) {
    let total = capd.total;
    if (total === undefined) {
      const scored = scoreCapd(capd, 'capd.');
      for (const b of scored.basis) basis.push(b);
      if (scored.total === null) {
        for (const w of scored.warnings) missing.push(w);
        return domainOf('CAPD', undefined);
      }
      total = scored.total;
    } else {
      basis.push(CAPD_TOTAL_GIVEN(total));
    }
    const domain = CAPD_TOTAL_DOMAIN(total);
    basis.push(domain.basis);
    return domainOf('CAPD', domain.grade);
  }
  missing.push(TOOL_MISSING[usesCapd(input) ? 'capd' : 'ice']);
  return domainOf('none', undefined);
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
  basis: ScratchList<BasisEntry>,
  missing: ScratchList<Warning>,
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
  const out = newExplanation();
  const graded = gradeInto(input, out);
  return { grade: graded.grade ?? null, tool: graded.tool, basis: out.basis.take(), warnings: out.warnings.take() };
}

const GRADE_4_CERTAIN: BasisEntry = Object.freeze({ rule: ICANS_RULES['grade-4-certain'], field: 'grade', observed: 4, yields: 4 });

/**
 * gradeIcans into `out`: the basis, and the warnings (when the grade is unknown, the missing
 * domains first). The grade with its tool comes back as one of 18 shared answers.
 */
function gradeInto(input: IcansInput, out: Explanation): EncephalopathyDomain {
  const { basis, missing, warnings } = out;
  const enc = encephalopathyDomain(input, basis, missing, warnings);
  const consciousness = findingDomain('consciousness', input.consciousness, CONSCIOUSNESS_BASIS, basis, missing);
  const seizure = findingDomain('seizure', input.seizure, SEIZURE_BASIS, basis, missing);
  const motor = findingDomain('motor', input.motor, MOTOR_BASIS, basis, missing);
  const edema = findingDomain('cerebralEdema', input.cerebralEdema, EDEMA_BASIS, basis, missing);
  let grade = enc.grade ?? 0;
  if (consciousness !== undefined && consciousness > grade) grade = consciousness;
  if (seizure !== undefined && seizure > grade) grade = seizure;
  if (motor !== undefined && motor > grade) grade = motor;
  if (edema !== undefined && edema > grade) grade = edema;
  if (missing.length > 0) {
    const absent = missing.take();
    if (grade < 4) {
      const after = warnings.take();
      for (const m of absent) warnings.push(m);
      for (const w of after) warnings.push(w);
      return domainOf(enc.tool, undefined);
    }
    basis.push(GRADE_4_CERTAIN);
    for (const m of absent) warnings.push({ rule: ICANS_RULES['domain-not-assessed-grade-4'], ...(m.field === undefined ? {} : { field: m.field }) });
    return domainOf(enc.tool, 4);
  }
  basis.push(WORST_DOMAIN(grade));
  return domainOf(enc.tool, grade);
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

/** What one assessment fills (see ScratchList); `missing` holds the domains not given. */
interface Explanation {
  readonly basis: ScratchList<BasisEntry>;
  readonly actions: ScratchList<Action>;
  readonly warnings: ScratchList<Warning>;
  readonly missing: ScratchList<Warning>;
}
function newExplanation(): Explanation {
  return { basis: new ScratchList(), actions: new ScratchList(), warnings: new ScratchList(), missing: new ScratchList() };
}

// The dexamethasone steps of Figure 6 (10 mg each), prepared once. None carries a duration:
// grades 1 and 2 are reassessed dose by dose, and Figure 6's "1-3 days" for grade 3 is a range
// that ISO 8601 cannot hold, so (as for other ranged courses) the text states it.
const dexamethasoneFor = (rule: IcansRule, status: 'do' | 'consider', frequency: string, escalation: Action['escalation']) =>
  dexamethasoneStep(
    rule,
    status,
    ICANS_THRESHOLDS.dexamethasoneMg,
    frequency,
    undefined,
    ICANS_RULES['dexamethasone-child-dose'],
    ICANS_RULES['dexamethasone-child-dose-not-stated'],
    escalation,
    ICANS_RULES['dexamethasone-child-above-adult'],
  );
const DEXAMETHASONE_G1 = dexamethasoneFor(ICANS_RULES['g1-dexamethasone'], 'consider', 'q12-24h', G1_ESCALATION);
const DEXAMETHASONE_G2 = dexamethasoneFor(ICANS_RULES['g2-dexamethasone'], 'do', 'once', G2_ESCALATION);
const DEXAMETHASONE_G3 = dexamethasoneFor(ICANS_RULES['g3-dexamethasone'], 'do', 'q6h', G3_ESCALATION);

function steroidInto(out: Explanation, step: DexamethasoneStep, input: IcansInput, settings: InstitutionSettings): void {
  dexamethasoneInto(step, input.ageYears, input.weight, settings, out.actions, out.warnings);
}

/** Management of handbook Figure 6 and the §3.1.3 text (Hayden 2022) for the grade. */
function manageInto(grade: number, input: IcansInput, settings: InstitutionSettings, out: Explanation): void {
  if (grade === 0) return;
  const { actions, basis, warnings } = out;
  let steroid = false;
  let weightNeeded = false;
  actions.push(SUPPORTIVE);
  actions.push(DIFFERENTIAL);
  warnings.push(TOCILIZUMAB_NOT_EFFECTIVE);

  if (grade === 1) {
    actions.push(CLOSE_MONITORING);
    const hours = input.hoursSinceInfusion;
    if (hours === undefined) {
      warnings.push(INFUSION_TIME_MISSING);
    } else if (hours <= ICANS_THRESHOLDS.earlyOnsetHours) {
      basis.push({ rule: ICANS_RULES['g1-within-72h'], field: 'hoursSinceInfusion', observed: hours, unit: 'h', threshold: WITHIN_72H });
      steroidInto(out, DEXAMETHASONE_G1, input, settings);
      steroid = true;
    } else {
      basis.push({ rule: ICANS_RULES['g1-after-72h'], field: 'hoursSinceInfusion', observed: hours, unit: 'h', threshold: AFTER_72H });
    }
  }
  if (grade >= 2) {
    actions.push(NOTIFY);
    actions.push(HOLD_ORAL);
  }
  if (grade === 2) {
    actions.push(settings.lessExperiencedCenter ? LESS_EXPERIENCED : CONSIDER_ICU);
    steroidInto(out, DEXAMETHASONE_G2, input, settings);
    steroid = true;
  }
  if (grade >= ICANS_THRESHOLDS.icuFromGrade) actions.push(ICU_CARE);
  if (grade === 3) {
    steroidInto(out, DEXAMETHASONE_G3, input, settings);
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
    if (input.ageYears < settings.pediatricAgeLimitYears) {
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
    actions.push(LEVETIRACETAM);
    actions.push(BENZODIAZEPINE);
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
  if (steroid) {
    actions.push(ANTIFUNGAL);
    actions.push(TAPER);
  }
  if (weightNeeded) warnings.push(WEIGHT_MISSING);
}

/** The value is fixed by the grade and the tool: 15 shared (frozen) objects. */
const VALUES: Readonly<Record<IcansValue['tool'], readonly IcansValue[]>> = Object.freeze({
  ICE: Object.freeze([0, 1, 2, 3, 4].map((grade) => Object.freeze({ grade, tool: 'ICE' as const }))),
  CAPD: Object.freeze([0, 1, 2, 3, 4].map((grade) => Object.freeze({ grade, tool: 'CAPD' as const }))),
  none: Object.freeze([0, 1, 2, 3, 4].map((grade) => Object.freeze({ grade, tool: 'none' as const }))),
});
const NO_ACTIONS: readonly Action[] = Object.freeze([]);
/** The closing warnings when there is no other (no seizure, so no treatment of one). */
const CLOSING_ONLY: readonly Warning[] = Object.freeze([OTHER_CAUSES, ICH_TREMOR, NO_ROUTINE_PROPHYLAXIS]);

/** The lists assessIcans fills. */
const OUT = newExplanation();

/** One explanation shared by every assessment with the same template key. */
interface Template {
  readonly value: IcansValue;
  readonly basis: readonly BasisEntry[];
  readonly actions: readonly Action[];
  readonly warnings: readonly Warning[];
}

/**
 * The common bedside case, an ICE or CAPD total with every other domain given, has an
 * explanation fixed by a few codes: the tool and total, the four findings, child or adult (by
 * the institution's age limit), whether a weight and the hours since infusion are given, the
 * CRS grade (none or 0, 1, 2 or more) and the less-experienced-center setting. The first
 * assessment of a combination is made in full; when every entry it produced is a shared one
 * (frozen; a weight-based dose, an observed age or hours make a fresh entry), its three lists
 * become the template of that combination (a combination that makes fresh entries is marked
 * and always made in full). The key is -1 when the input is not of that kind.
 */
function templateKey(input: IcansInput, settings: InstitutionSettings): number {
  const { consciousness, seizure, motor, cerebralEdema } = input;
  if (consciousness === undefined || seizure === undefined || motor === undefined || cerebralEdema === undefined) return -1;
  if (input.encephalopathyTool !== undefined) return -1;
  let tool: number;
  let total: number | undefined;
  if (input.ice !== undefined) {
    if (input.capd !== undefined) return -1;
    tool = 0;
    total = input.ice.total;
    if (total === undefined || !(total >= 0 && total <= ICE_THRESHOLDS.maxTotal)) return -1;
  } else if (input.capd !== undefined) {
    tool = 1;
    total = input.capd.total;
    if (total === undefined || !(total >= 0 && total <= CAPD_THRESHOLDS.maxTotal)) return -1;
  } else return -1;
  if (!Number.isInteger(total)) return -1;
  const crs = input.crsGrade;
  const crsClass = crs === undefined || crs === 0 ? 0 : crs === 1 ? 1 : 2;
  let key = tool * (CAPD_THRESHOLDS.maxTotal + 1) + total;
  key = key * CONSCIOUSNESS_LEVELS.length + CONSCIOUSNESS_LEVELS.indexOf(consciousness);
  key = key * SEIZURE_FINDINGS.length + SEIZURE_FINDINGS.indexOf(seizure);
  key = key * MOTOR_FINDINGS.length + MOTOR_FINDINGS.indexOf(motor);
  key = key * CEREBRAL_EDEMA_FINDINGS.length + CEREBRAL_EDEMA_FINDINGS.indexOf(cerebralEdema);
  key = key * 2 + (input.ageYears < settings.pediatricAgeLimitYears ? 1 : 0);
  key = key * 2 + (input.weight === undefined ? 0 : 1);
  key = key * 2 + (input.hoursSinceInfusion === undefined ? 0 : 1);
  key = key * 3 + crsClass;
  return key * 2 + (settings.lessExperiencedCenter ? 1 : 0);
}

/** Templates by key; null marks a combination whose explanation has fresh entries. */
const TEMPLATES = new Map<number, Template | null>();
/** A bound on the table (far above the combinations a ward meets) so that it cannot grow without end. */
const MAX_TEMPLATES = 20_000;
const allShared = (list: readonly object[]) => list.every((entry) => Object.isFrozen(entry));

export function assessIcans(input: IcansInput, settings: InstitutionSettings): Assessment<IcansValue> {
  const key = templateKey(input, settings);
  if (key >= 0) {
    const template = TEMPLATES.get(key);
    if (template) return assessed('icans', template.value, template.basis, template.actions, template.warnings);
  }
  const out = OUT;
  out.basis.clear();
  out.actions.clear();
  out.warnings.clear();
  out.missing.clear();
  const graded = gradeInto(input, out);
  const grade = graded.grade;
  if (grade === undefined) return cannotAssess('icans', out.warnings.take(), out.basis.take());
  manageInto(grade, input, settings, out);
  const seizure = input.seizure === 'rapidly-resolving' || input.seizure === 'prolonged-or-repetitive';
  let warnings: readonly Warning[];
  if (out.warnings.length === 0 && !seizure) warnings = CLOSING_ONLY;
  else {
    out.warnings.push(OTHER_CAUSES);
    out.warnings.push(ICH_TREMOR);
    if (!seizure) out.warnings.push(NO_ROUTINE_PROPHYLAXIS);
    warnings = out.warnings.take();
  }
  const actions = out.actions.length === 0 ? NO_ACTIONS : out.actions.take();
  const basis = out.basis.take();
  const value = VALUES[graded.tool][grade]!;
  if (key >= 0 && !TEMPLATES.has(key) && TEMPLATES.size < MAX_TEMPLATES) {
    const shared = allShared(basis) && allShared(actions) && allShared(warnings);
    TEMPLATES.set(key, shared ? Object.freeze({ value, basis: Object.freeze(basis), actions: Object.freeze(actions), warnings: Object.freeze(warnings) }) : null);
  }
  return assessed('icans', value, basis, actions, warnings);
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
