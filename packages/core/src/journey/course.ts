import * as z from 'zod';
import type { BasisEntry, Warning } from '../explain/result.js';
import { assessed } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { CRYO_THRESHOLDS } from './cryopreservation.js';
import { FOLLOW_UP_THRESHOLDS } from './follow-up.js';
import { INFUSION_THRESHOLDS } from './infusion.js';
import { LEUKAPHERESIS_THRESHOLDS } from './leukapheresis.js';
import { LDC_DISEASES, LDC_THRESHOLDS } from './lymphodepletion.js';
import { POST_INFUSION_THRESHOLDS } from './post-infusion.js';
import { VACCINATION_THRESHOLDS } from './vaccination.js';
import { carTCourseMessages } from './course.messages.js';

registerMessages(carTCourseMessages);

/**
 * The CAR-T course as data: the ordered steps from referral to long-term follow-up, who owns
 * each, which planner gates it and the deadlines that apply, each deadline a rule with its
 * sources. The definition is plain JSON-compatible data with a zod schema, so a workflow
 * engine can load it without calling any function here.
 */

type Seed = { readonly seed: 'handbook'; readonly section: string };
const phases: Seed = { seed: 'handbook', section: '§1 (introduction: the three phases of the course, Figure 1)' };
const team: Seed = { seed: 'handbook', section: '§1.1 (multidisciplinary team: roles and tasks)' };
const selection: Seed = { seed: 'handbook', section: '§1.2 (patient selection), §1.2.1 (indications)' };
const washoutSec: Seed = { seed: 'handbook', section: '§1.3, Figure 3' };
const apheresisAssess: Seed = { seed: 'handbook', section: '§1.4, item 2 (assessment before leukapheresis)' };
const transport: Seed = { seed: 'handbook', section: '§1.4, item 6 (transport of apheresis material)' };
const processing: Seed = { seed: 'handbook', section: '§1.4, item 7 (cell processing and freezing, Kymriah example)' };
const freezing: Seed = { seed: 'handbook', section: '§1.4, item 8 (controlled-rate freezing)' };
const bridgingSec: Seed = { seed: 'handbook', section: '§1.5, Table 4' };
const ldcAll: Seed = { seed: 'handbook', section: '§2.1.1 (LDC for ALL, tisagenlecleucel)' };
const ldcTable: Seed = { seed: 'handbook', section: '§2.1.1 (LDC calendar table, days -6 to 0)' };
const ldcLymphoma: Seed = { seed: 'handbook', section: '§2.1.2 (LDC for DLBCL/FL, tisagenlecleucel)' };
const receiptSec: Seed = { seed: 'handbook', section: '§2.2.1 (product receipt)' };
const thawSec: Seed = { seed: 'handbook', section: '§2.2.2 (thawing)' };
const infusionSec: Seed = { seed: 'handbook', section: '§2.2.3 (infusion)' };
const crsSec: Seed = { seed: 'handbook', section: '§3.1.2 (CRS: onset and duration)' };
const table15: Seed = { seed: 'handbook', section: '§3.1.5, Table 15' };
const infection: Seed = { seed: 'handbook', section: '§3.2.1 (infection and prophylaxis)' };
const vaccinationSec: Seed = { seed: 'handbook', section: '§3.2.2, Table 16' };
const followUpSec: Seed = { seed: 'handbook', section: '§3.3, Table 17' };
const longTerm: Seed = { seed: 'handbook', section: '§3.3 (long-term follow-up)' };

const h = (...seed: Seed[]): RuleSources => ({ seed, publications: ['hayden2022'] });
const q = (...seed: Seed[]): RuleSources => ({ seed, publications: ['qayed2022', 'hayden2022'] });

/** One rule per step (what it is, who owns it, what completes it) and one per deadline. */
export const CAR_T_COURSE_RULES = defineRules('car-t-course', {
  'step-referral': h(phases, team),
  'step-eligibility': q(selection, team),
  'step-washout': q(washoutSec),
  'step-leukapheresis': q(apheresisAssess, team),
  'step-cryopreservation-and-shipment': q(processing, freezing, transport, team),
  'step-manufacturing': h(phases, team),
  'step-bridging': h(bridgingSec),
  'step-lymphodepletion': h(ldcAll, ldcLymphoma),
  'step-receipt': h(receiptSec, team),
  'step-thaw-and-infusion': h(thawSec, infusionSec, team),
  'step-monitoring': h(phases, crsSec, table15),
  'step-discharge': h(phases),
  'step-follow-up': h(longTerm, followUpSec, team),
  // Deadlines.
  'washout-per-drug': q(washoutSec),
  'pregnancy-test-window': q(apheresisAssess),
  'serology-window': q(apheresisAssess),
  'cold-storage-within': q(processing, transport),
  'cryopreserve-within': q(processing, freezing),
  'freeze-after-cryoprotectant': q(processing, freezing),
  'bridging-interval': h(bridgingSec),
  'influenza-before-ldc': h(vaccinationSec),
  'ldc-ends-day-minus-3': h(ldcTable),
  'infusion-after-ldc': h(ldcAll, ldcLymphoma),
  'infusion-after-ldc-fl': h(ldcLymphoma),
  'ldc-valid': h(ldcAll, ldcLymphoma),
  'premedication-before-infusion': h(infusionSec),
  'infusion-within-thaw': h(thawSec, infusionSec),
  'vitals-during-infusion': h(infusionSec),
  'vitals-after-infusion': h(infusionSec),
  'crs-onset-window': h(crsSec),
  'observe-to-day-30': h(phases, crsSec),
  'irradiated-blood': { seed: [table15], publications: ['rejeski2023', 'hayden2022'] },
  'antiviral-pjp-minimum': { seed: [table15, infection], publications: ['hayden2022', 'rejeski2023'] },
  'treatment-phase-ends': h(phases),
  'follow-up-visits': h(followUpSec, longTerm),
  'inactivated-vaccines-from': h(vaccinationSec),
  'live-vaccines-from': h(vaccinationSec),
  'disease-not-given': h(ldcAll, ldcLymphoma),
});
const R = CAR_T_COURSE_RULES;

/** Numbers only this module states (the rest come from the planners' own threshold tables). */
export const CAR_T_COURSE_THRESHOLDS = Object.freeze({
  /** §3.1.2: CRS may start on days 1-14 after infusion (median about day 7). */
  crsOnsetFromDay: 1,
  crsOnsetToDay: 14,
  /** §3.1.2 and the introduction: the treatment phase runs from infusion to day 30 or discharge. */
  observeThroughDay: 30,
  /** §3.3, Table 17: follow-up to 15 years. */
  followUpYears: FOLLOW_UP_THRESHOLDS.yearlyToMonth / 12,
});
const T = CAR_T_COURSE_THRESHOLDS;

export const CAR_T_COURSE_ROLES = ['physician', 'nurse', 'pharmacist', 'cell-therapy-technologist', 'case-manager', 'psychologist', 'social-worker'] as const;
export type CarTCourseRole = (typeof CAR_T_COURSE_ROLES)[number];
export const CAR_T_COURSE_DISEASES = LDC_DISEASES;
export type CarTCourseDisease = (typeof CAR_T_COURSE_DISEASES)[number];
export const CAR_T_COURSE_STEP_IDS = [
  'referral',
  'eligibility',
  'washout',
  'leukapheresis',
  'cryopreservation-and-shipment',
  'manufacturing',
  'bridging',
  'lymphodepletion',
  'receipt',
  'thaw-and-infusion',
  'monitoring',
  'discharge',
  'follow-up',
] as const;
export type CarTCourseStepId = (typeof CAR_T_COURSE_STEP_IDS)[number];

/** The events deadlines are counted from. */
export const CAR_T_COURSE_ANCHORS = [
  'last-dose-before-leukapheresis',
  'leukapheresis',
  'collection-end',
  'cryoprotectant-added',
  'last-bridging-dose',
  'ldc-start',
  'ldc-end',
  'thaw-start',
  'infusion-start',
  'infusion-end',
  'infusion-day',
] as const;
/**
 * How a deadline relates its event to the anchor: `within` (no later than `max` after),
 * `before` (at least `min` before, or between `min` and `max` before), `after` (at least `min`
 * after, or between `min` and `max` after), `every` (repeated every `every`, for `max`),
 * `until` (from the anchor, or `min` before it, to `max` after it).
 */
export const CAR_T_COURSE_RELATIONS = ['within', 'before', 'after', 'every', 'until'] as const;

const IsoDuration = z.string().regex(/^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?)?$/);
const SourcesSchema = z.object({
  seed: z.array(z.object({ seed: z.enum(['handbook', 'amlAll', 'mrdAll']), section: z.string().regex(/^§\S/) })).min(1),
  publications: z.array(z.string()).min(1),
});

export const CarTCourseDeadline = z
  .object({
    rule: z.string().describe('Rule id: its text and its sources.'),
    event: z.string().describe('What must happen, e.g. cryopreservation-complete.'),
    anchor: z.enum(CAR_T_COURSE_ANCHORS),
    relation: z.enum(CAR_T_COURSE_RELATIONS),
    min: IsoDuration.nullable(),
    max: IsoDuration.nullable(),
    every: IsoDuration.nullable(),
    perItem: z.boolean().describe('The interval depends on the drug or therapy: the gating planner gives it item by item.'),
    diseases: z.array(z.enum(CAR_T_COURSE_DISEASES)).nullable().describe('Diseases this deadline applies to; null for all.'),
    sources: SourcesSchema,
  })
  .strict();
export type CarTCourseDeadline = z.infer<typeof CarTCourseDeadline>;

export const CarTCourseStep = z
  .object({
    id: z.enum(CAR_T_COURSE_STEP_IDS),
    order: z.number().int().min(1),
    next: z.enum(CAR_T_COURSE_STEP_IDS).nullable(),
    gate: z.string().nullable().describe('Name of the planner that gates the step; null where none exists.'),
    related: z.array(z.string()).describe('Other instruments used during the step.'),
    completedBy: z.string().nullable().describe('What completes a step with no gating planner (code); null when the gate decides.'),
    owner: z.enum(CAR_T_COURSE_ROLES),
    support: z.array(z.enum(CAR_T_COURSE_ROLES)),
    rule: z.string(),
    sources: SourcesSchema,
    deadlines: z.array(CarTCourseDeadline),
  })
  .strict();
export type CarTCourseStep = z.infer<typeof CarTCourseStep>;

export const CarTCourseDefinition = z
  .object({ id: z.literal('car-t-course'), version: z.number().int(), steps: z.array(CarTCourseStep).min(1) })
  .strict()
  .superRefine((def, ctx) => {
    def.steps.forEach((s, i) => {
      if (s.order !== i + 1) ctx.addIssue({ code: 'custom', path: ['steps', i, 'order'], message: 'steps are listed in order, from 1' });
      const expected = i + 1 < def.steps.length ? def.steps[i + 1]!.id : null;
      if (s.next !== expected) ctx.addIssue({ code: 'custom', path: ['steps', i, 'next'], message: 'next names the following step' });
      if (s.gate === null && s.completedBy === null) ctx.addIssue({ code: 'custom', path: ['steps', i, 'completedBy'], message: 'a step without a gate says what completes it' });
    });
  });
export type CarTCourseDefinition = z.infer<typeof CarTCourseDefinition>;

const days = (n: number) => `P${n}D`;
const hours = (n: number) => `PT${n}H`;
const minutes = (n: number) => `PT${n}M`;
const months = (n: number) => `P${n}M`;

interface DeadlineSpec {
  rule: Rule;
  event: string;
  anchor: (typeof CAR_T_COURSE_ANCHORS)[number];
  relation: (typeof CAR_T_COURSE_RELATIONS)[number];
  min?: string;
  max?: string;
  every?: string;
  perItem?: boolean;
  diseases?: readonly CarTCourseDisease[];
}
const deadline = (d: DeadlineSpec): CarTCourseDeadline => ({
  rule: d.rule.id,
  event: d.event,
  anchor: d.anchor,
  relation: d.relation,
  min: d.min ?? null,
  max: d.max ?? null,
  every: d.every ?? null,
  perItem: d.perItem ?? false,
  diseases: d.diseases === undefined ? null : [...d.diseases],
  sources: { seed: d.rule.sources.seed.map((s) => ({ ...s })), publications: [...d.rule.sources.publications] },
});

interface PlannedDeadline<Anchor extends string, Disease extends string> {
  readonly rule: string;
  readonly event: string;
  readonly anchor: Anchor;
  readonly relation: (typeof CAR_T_COURSE_RELATIONS)[number];
  readonly min: string | null;
  readonly max: string | null;
  readonly every: string | null;
  readonly perItem: boolean;
  readonly diseases: readonly Disease[] | null;
}

/** A deadline as a course plan hands it out: a copy without its sources (its rule id resolves them), so the frozen definition is never shared. */
export function planDeadline<Anchor extends string, Disease extends string>(d: PlannedDeadline<Anchor, Disease>) {
  const { rule, event, anchor, relation, min, max, every, perItem } = d;
  return { rule, event, anchor, relation, min, max, every, perItem, diseases: d.diseases === null ? null : [...d.diseases] };
}

interface StepSpec {
  id: CarTCourseStepId;
  gate: string | null;
  related?: readonly string[];
  completedBy?: string;
  owner: CarTCourseRole;
  support?: readonly CarTCourseRole[];
  deadlines?: readonly CarTCourseDeadline[];
}

const STEPS: readonly StepSpec[] = [
  { id: 'referral', gate: null, completedBy: 'referral-received-and-case-opened', owner: 'case-manager', support: ['physician'] },
  { id: 'eligibility', gate: 'eligibility', owner: 'physician', support: ['pharmacist', 'nurse', 'psychologist', 'social-worker', 'case-manager'] },
  {
    id: 'washout',
    gate: 'washout',
    owner: 'physician',
    support: ['pharmacist'],
    deadlines: [deadline({ rule: R['washout-per-drug'], event: 'leukapheresis', anchor: 'last-dose-before-leukapheresis', relation: 'after', perItem: true })],
  },
  {
    id: 'leukapheresis',
    gate: 'leukapheresis',
    owner: 'physician',
    support: ['nurse', 'cell-therapy-technologist'],
    deadlines: [
      deadline({ rule: R['pregnancy-test-window'], event: 'pregnancy-test', anchor: 'leukapheresis', relation: 'before', max: days(LEUKAPHERESIS_THRESHOLDS.pregnancyTestWithinDays) }),
      deadline({ rule: R['serology-window'], event: 'viral-serology', anchor: 'leukapheresis', relation: 'before', max: days(LEUKAPHERESIS_THRESHOLDS.serologyWithinDays) }),
    ],
  },
  {
    id: 'cryopreservation-and-shipment',
    gate: 'cryopreservation',
    owner: 'cell-therapy-technologist',
    support: ['nurse'],
    deadlines: [
      deadline({ rule: R['cold-storage-within'], event: 'cold-storage-or-freezing-started', anchor: 'collection-end', relation: 'within', max: hours(CRYO_THRESHOLDS.coldStorageWithinHours) }),
      deadline({ rule: R['cryopreserve-within'], event: 'cryopreservation-complete', anchor: 'collection-end', relation: 'within', max: hours(CRYO_THRESHOLDS.cryopreserveWithinHours) }),
      deadline({ rule: R['freeze-after-cryoprotectant'], event: 'freezing-started', anchor: 'cryoprotectant-added', relation: 'within', max: minutes(CRYO_THRESHOLDS.freezeStartWithinMinutes) }),
    ],
  },
  { id: 'manufacturing', gate: null, completedBy: 'manufacturer-release-confirmed', owner: 'physician', support: ['case-manager', 'cell-therapy-technologist'] },
  {
    id: 'bridging',
    gate: 'bridging',
    owner: 'physician',
    support: ['pharmacist', 'nurse'],
    deadlines: [deadline({ rule: R['bridging-interval'], event: 'ldc-start', anchor: 'last-bridging-dose', relation: 'after', perItem: true })],
  },
  {
    id: 'lymphodepletion',
    gate: 'lymphodepletion',
    related: ['vaccination'],
    owner: 'physician',
    support: ['pharmacist', 'nurse'],
    deadlines: [
      deadline({ rule: R['influenza-before-ldc'], event: 'influenza-vaccine', anchor: 'ldc-start', relation: 'before', min: days(VACCINATION_THRESHOLDS.influenzaBeforeLdcDays) }),
      deadline({ rule: R['ldc-ends-day-minus-3'], event: 'ldc-end', anchor: 'infusion-day', relation: 'before', min: days(-LDC_THRESHOLDS.ldcLastDay) }),
      deadline({
        rule: R['infusion-after-ldc'],
        event: 'infusion',
        anchor: 'ldc-end',
        relation: 'after',
        min: days(LDC_THRESHOLDS.infusionMinDaysAfterLdc),
        max: days(LDC_THRESHOLDS.infusionMaxDaysAfterLdc),
        diseases: ['B-ALL', 'LBCL'],
      }),
      deadline({
        rule: R['infusion-after-ldc-fl'],
        event: 'infusion',
        anchor: 'ldc-end',
        relation: 'after',
        min: days(LDC_THRESHOLDS.infusionMinDaysAfterLdc),
        max: days(LDC_THRESHOLDS.infusionMaxDaysAfterLdcFl),
        diseases: ['FL'],
      }),
      deadline({ rule: R['ldc-valid'], event: 'infusion-or-repeat-ldc', anchor: 'ldc-end', relation: 'within', max: days(LDC_THRESHOLDS.ldcValidDays) }),
    ],
  },
  { id: 'receipt', gate: 'infusion', owner: 'pharmacist', support: ['cell-therapy-technologist'] },
  {
    id: 'thaw-and-infusion',
    gate: 'infusion',
    owner: 'nurse',
    support: ['physician', 'pharmacist', 'cell-therapy-technologist'],
    deadlines: [
      deadline({
        rule: R['premedication-before-infusion'],
        event: 'premedication',
        anchor: 'infusion-start',
        relation: 'before',
        min: minutes(INFUSION_THRESHOLDS.premedicationMinMinutesBefore),
        max: minutes(INFUSION_THRESHOLDS.premedicationMaxMinutesBefore),
      }),
      deadline({
        rule: R['infusion-within-thaw'],
        event: 'infusion-complete',
        anchor: 'thaw-start',
        relation: 'within',
        min: minutes(INFUSION_THRESHOLDS.infusionCompleteFromMinutes),
        max: minutes(INFUSION_THRESHOLDS.infusionCompleteLimitMinutes),
      }),
      deadline({ rule: R['vitals-during-infusion'], event: 'vital-signs', anchor: 'infusion-start', relation: 'every', every: minutes(INFUSION_THRESHOLDS.vitalsDuringEveryMinutes) }),
      deadline({
        rule: R['vitals-after-infusion'],
        event: 'vital-signs',
        anchor: 'infusion-end',
        relation: 'every',
        every: minutes(INFUSION_THRESHOLDS.vitalsAfterEveryMinutes),
        min: hours(INFUSION_THRESHOLDS.postObservationMinHours),
        max: hours(INFUSION_THRESHOLDS.postObservationRangeMaxHours),
      }),
    ],
  },
  {
    id: 'monitoring',
    gate: 'post-infusion',
    related: ['crs', 'icans', 'ice', 'capd', 'tls', 'febrile-neutropenia', 'iec-hs', 'icaht', 'car-hematotox', 'tocilizumab'],
    owner: 'physician',
    support: ['nurse', 'pharmacist', 'case-manager'],
    deadlines: [
      deadline({ rule: R['crs-onset-window'], event: 'crs-watch', anchor: 'infusion-day', relation: 'after', min: days(T.crsOnsetFromDay), max: days(T.crsOnsetToDay) }),
      deadline({ rule: R['observe-to-day-30'], event: 'toxicity-monitoring', anchor: 'infusion-day', relation: 'until', max: days(T.observeThroughDay) }),
      deadline({
        rule: R['irradiated-blood'],
        event: 'irradiated-blood-products',
        anchor: 'infusion-day',
        relation: 'until',
        max: days(POST_INFUSION_THRESHOLDS.irradiationUntilDay),
      }),
      deadline({
        rule: R['antiviral-pjp-minimum'],
        event: 'antiviral-and-pjp-prophylaxis',
        anchor: 'infusion-day',
        relation: 'until',
        max: months(POST_INFUSION_THRESHOLDS.prophylaxisMinimumMonths),
      }),
    ],
  },
  {
    id: 'discharge',
    gate: null,
    completedBy: 'physician-discharge-decision',
    owner: 'physician',
    support: ['nurse', 'case-manager', 'social-worker', 'psychologist'],
    deadlines: [deadline({ rule: R['treatment-phase-ends'], event: 'treatment-phase-end', anchor: 'infusion-day', relation: 'within', max: days(T.observeThroughDay) })],
  },
  {
    id: 'follow-up',
    gate: 'follow-up',
    related: ['vaccination', 'post-infusion'],
    owner: 'case-manager',
    support: ['physician', 'nurse', 'psychologist', 'social-worker'],
    deadlines: [
      deadline({ rule: R['follow-up-visits'], event: 'follow-up-visits', anchor: 'infusion-day', relation: 'until', min: days(FOLLOW_UP_THRESHOLDS.firstVisitDay), max: `P${T.followUpYears}Y` }),
      deadline({ rule: R['inactivated-vaccines-from'], event: 'inactivated-vaccines', anchor: 'infusion-day', relation: 'after', min: months(VACCINATION_THRESHOLDS.inactivatedAfterMonths) }),
      deadline({ rule: R['live-vaccines-from'], event: 'live-vaccines', anchor: 'infusion-day', relation: 'after', min: months(VACCINATION_THRESHOLDS.liveAfterMonths) }),
    ],
  },
];

function stepRule(id: CarTCourseStepId): Rule {
  return R[`step-${id}`];
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The course definition: plain data, validated by its own schema at load. */
export const CAR_T_COURSE: CarTCourseDefinition = deepFreeze(
  CarTCourseDefinition.parse({
    id: 'car-t-course',
    version: 1,
    steps: STEPS.map((s, i) => {
      const rule = stepRule(s.id);
      return {
        id: s.id,
        order: i + 1,
        next: i + 1 < STEPS.length ? STEPS[i + 1]!.id : null,
        gate: s.gate,
        related: [...(s.related ?? [])],
        completedBy: s.completedBy ?? null,
        owner: s.owner,
        support: [...(s.support ?? [])],
        rule: rule.id,
        sources: { seed: rule.sources.seed.map((x) => ({ ...x })), publications: [...rule.sources.publications] },
        deadlines: [...(s.deadlines ?? [])],
      };
    }),
  }),
);

// ---- The 'car-t-course' planner: the definition, rendered, with disease-specific windows. ----

export const CarTCourseInput = z
  .object({
    disease: z.enum(CAR_T_COURSE_DISEASES).optional().describe('B-ALL, large B-cell lymphoma or follicular lymphoma: picks the disease-specific windows.'),
  })
  .strict();
export type CarTCourseInput = z.output<typeof CarTCourseInput>;

export const CarTCourseValue = z.object({
  disease: z.enum(CAR_T_COURSE_DISEASES).nullable(),
  steps: z.array(
    CarTCourseStep.omit({ sources: true, deadlines: true }).extend({
      deadlines: z.array(CarTCourseDeadline.omit({ sources: true })),
    }),
  ),
});
export type CarTCourseValue = z.infer<typeof CarTCourseValue>;

const ruleOf = (id: string): Rule => {
  const key = id.slice('car-t-course.'.length) as keyof typeof R;
  return R[key];
};

function renderCourse(disease: CarTCourseDisease | undefined) {
  const basis: BasisEntry[] = [];
  const warnings: Warning[] = [];
  if (disease === undefined) warnings.push({ rule: R['disease-not-given'], field: 'disease' });
  const steps: CarTCourseValue['steps'] = CAR_T_COURSE.steps.map((step) => {
    basis.push({ rule: ruleOf(step.rule), field: 'disease', observed: disease ?? null, yields: step.owner });
    const deadlines = step.deadlines.filter((d) => disease === undefined || d.diseases === null || d.diseases.includes(disease));
    for (const d of deadlines) basis.push({ rule: ruleOf(d.rule), field: 'disease', observed: disease ?? null, yields: step.id });
    const { id, order, next, gate, related, completedBy, owner, support, rule } = step;
    return {
      id,
      order,
      next,
      gate,
      related: [...related],
      completedBy,
      owner,
      support: [...support],
      rule,
      deadlines: deadlines.map(planDeadline),
    };
  });
  return { basis, warnings, value: { disease: disease ?? null, steps } };
}

/** Rendering is input-independent apart from the disease: computed once per disease. */
const RENDERED = new Map(([undefined, ...CAR_T_COURSE_DISEASES] as const).map((d) => [d, renderCourse(d)] as const));

export function planCarTCourse(input: CarTCourseInput) {
  const r = RENDERED.get(input.disease)!;
  return assessed('car-t-course', r.value, r.basis, [], r.warnings);
}

export const carTCourseInstrument = defineInstrument({
  name: 'car-t-course',
  kind: 'planner',
  section: '002 §1-§3.3 (the course from referral to long-term follow-up)',
  input: CarTCourseInput,
  value: CarTCourseValue,
  evaluate: (input) => planCarTCourse(input),
  summary: (v) => (v.disease === null ? { variant: 'all', steps: v.steps.length } : { variant: 'disease', steps: v.steps.length, disease: v.disease }),
});
