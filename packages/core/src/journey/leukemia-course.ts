import * as z from 'zod';
import type { BasisEntry, Warning } from '../explain/result.js';
import { assessed } from '../explain/result.js';
import { defineRules, findRule, type Rule } from '../explain/rules.js';
import type { PublicationKey, RuleSources, SeedReference } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { ALL_PATHWAY_THRESHOLDS } from '../leukemia/all-pathway.js';
import { LEUKEMIA_WORKUP_THRESHOLDS } from '../leukemia/workup.js';
import { CAR_T_COURSE_RELATIONS, CAR_T_COURSE_ROLES, planDeadline } from './course.js';
import { leukemiaCourseMessages } from './leukemia-course.messages.js';

registerMessages(leukemiaCourseMessages);

/**
 * The acute leukemia course (AML or ALL) as data, in the style of the CAR-T course: ordered
 * steps from the diagnostic workup to follow-up, who owns each, which planner gates it (one per
 * disease where AML and ALL differ), and the deadlines counted from recorded events. Seed 000
 * gives the path (workup, risk, induction, consolidation, transplant, MRD); seed 001 adds the
 * MRD milestone and immunotherapy consolidation for ALL.
 */

const cite = (seed: SeedReference[], ...keys: PublicationKey[]): RuleSources => ({ seed, publications: [...new Set(keys)] });
const s = (section: string): SeedReference => ({ seed: 'amlAll', section });
const m = (section: string): SeedReference => ({ seed: 'mrdAll', section });

const overview = s('§AML vs. ALL 一覽');
const common = s('§共同初步檢查');
const week = s('§一週內確認分流診斷');
const amlTriage = s('§AML：依「能不能扛強效化療」與「驅動基因」分流');
const fitLine = s('§Fit AML 一線：7+3 ± 標靶');
const unfitLine = s('§Unfit AML 一線：venetoclax + 低強度去甲基化藥物');
const afterCr = s('§CR 後的鞏固');
const allBackbone = s('§ALL：依「Ph+/Ph-」、「B/T」、「MRD」分流');
const phPositive = s('§Ph+ ALL (BCR::ABL1 陽性)');
const phNegative = s('§Ph- B-ALL : MRD 與 blinatumomab 一線進場');
const questions = s('§跟主治醫師確認的問題清單');
const supportive = s('§治療前的支持性照護');
const mrdMilestone = m('§急性淋巴性白血病快速致命 成人復發風險高 微量癌細胞陰性非治癒保證');
const mrdImmunotherapy = m('§急性淋巴性白血病治療新趨勢 微量癌細胞陰性仍建議透過免疫療法提升預後');
const mrdNotes = m('§筆記重點整理');

/** One rule per step and one per deadline, each with its seed sections and primary publication. */
export const LEUKEMIA_COURSE_RULES = defineRules('leukemia-course', {
  'step-diagnosis-workup': cite([common, week, supportive], 'dohner2022', 'litzow2024'),
  'step-risk-classification': cite([amlTriage, allBackbone, questions], 'dohner2022', 'litzow2024'),
  'step-induction': cite([fitLine, unfitLine, allBackbone, supportive], 'dohner2022', 'stone2017', 'dinardo2020', 'stock2019'),
  'step-response-assessment': cite([afterCr, mrdMilestone, mrdNotes, questions], 'berry2017', 'dohner2022'),
  'step-consolidation': cite([afterCr, phNegative, mrdImmunotherapy, mrdNotes], 'litzow2024', 'dohner2022'),
  'step-transplant-decision': cite([overview, afterCr, phPositive, mrdMilestone, questions], 'dohner2022', 'litzow2024'),
  'step-follow-up': cite([afterCr, allBackbone, questions], 'dohner2022', 'berry2017'),
  // Deadlines.
  'team-decision-within': cite([common], 'dohner2022'),
  'workup-results-within': cite([week], 'dohner2022'),
  'induction-weeks': cite([allBackbone, supportive], 'stock2019', 'dohner2022'),
  'maintenance-years': cite([allBackbone], 'stock2019'),
  'disease-not-given': cite([overview], 'dohner2022', 'litzow2024'),
});
const R = LEUKEMIA_COURSE_RULES;

export const LEUKEMIA_COURSE_DISEASES = ['AML', 'ALL'] as const;
export type LeukemiaCourseDisease = (typeof LEUKEMIA_COURSE_DISEASES)[number];
export const LEUKEMIA_COURSE_ROLES = CAR_T_COURSE_ROLES;
type Role = (typeof LEUKEMIA_COURSE_ROLES)[number];

export const LEUKEMIA_COURSE_STEP_IDS = [
  'diagnosis-workup',
  'risk-classification',
  'induction',
  'response-assessment',
  'consolidation',
  'transplant-decision',
  'follow-up',
] as const;
export type LeukemiaCourseStepId = (typeof LEUKEMIA_COURSE_STEP_IDS)[number];

/** The events the deadlines are counted from. */
export const LEUKEMIA_COURSE_ANCHORS = ['diagnosis-confirmed', 'workup-sent', 'induction-start', 'maintenance-start'] as const;
export type LeukemiaCourseAnchor = (typeof LEUKEMIA_COURSE_ANCHORS)[number];

const IsoDuration = z.string().regex(/^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?)?$/);
const SourcesSchema = z.object({
  seed: z.array(z.object({ seed: z.enum(['handbook', 'amlAll', 'mrdAll']), section: z.string().regex(/^§\S/) })).min(1),
  publications: z.array(z.string()).min(1),
});
const PerDisease = <T extends z.ZodType>(value: T) => z.object({ AML: value, ALL: value }).strict();

export const LeukemiaCourseDeadline = z
  .object({
    rule: z.string(),
    event: z.string(),
    anchor: z.enum(LEUKEMIA_COURSE_ANCHORS),
    relation: z.enum(CAR_T_COURSE_RELATIONS),
    min: IsoDuration.nullable(),
    max: IsoDuration.nullable(),
    every: IsoDuration.nullable(),
    perItem: z.boolean(),
    diseases: z.array(z.enum(LEUKEMIA_COURSE_DISEASES)).nullable().describe('Diseases this deadline applies to; null for both.'),
    sources: SourcesSchema,
  })
  .strict();
export type LeukemiaCourseDeadline = z.infer<typeof LeukemiaCourseDeadline>;

export const LeukemiaCourseStep = z
  .object({
    id: z.enum(LEUKEMIA_COURSE_STEP_IDS),
    order: z.number().int().min(1),
    next: z.enum(LEUKEMIA_COURSE_STEP_IDS).nullable(),
    gate: PerDisease(z.string().nullable()).describe('Planner that gates the step, per disease; null where none.'),
    related: PerDisease(z.array(z.string())).describe('Other instruments used during the step, per disease.'),
    completedBy: z.string().nullable().describe('What completes a step without a gate (code).'),
    critical: z.boolean().describe('A decision that the responsible physician signs electronically.'),
    owner: z.enum(LEUKEMIA_COURSE_ROLES),
    support: z.array(z.enum(LEUKEMIA_COURSE_ROLES)),
    rule: z.string(),
    sources: SourcesSchema,
    deadlines: z.array(LeukemiaCourseDeadline),
  })
  .strict();
export type LeukemiaCourseStep = z.infer<typeof LeukemiaCourseStep>;

export const LeukemiaCourseDefinition = z
  .object({ id: z.literal('leukemia-course'), version: z.number().int(), steps: z.array(LeukemiaCourseStep).min(1) })
  .strict()
  .superRefine((def, ctx) => {
    def.steps.forEach((step, i) => {
      if (step.order !== i + 1) ctx.addIssue({ code: 'custom', path: ['steps', i, 'order'], message: 'steps are listed in order, from 1' });
      const expected = i + 1 < def.steps.length ? def.steps[i + 1]!.id : null;
      if (step.next !== expected) ctx.addIssue({ code: 'custom', path: ['steps', i, 'next'], message: 'next names the following step' });
      for (const disease of LEUKEMIA_COURSE_DISEASES) {
        if (step.gate[disease] === null && step.completedBy === null) {
          ctx.addIssue({ code: 'custom', path: ['steps', i, 'completedBy'], message: 'a step without a gate says what completes it' });
        }
      }
    });
  });
export type LeukemiaCourseDefinition = z.infer<typeof LeukemiaCourseDefinition>;

const weeks = (n: number) => `P${n}W`;
const days = (n: number) => `P${n}D`;
const years = (n: number) => `P${n}Y`;

interface DeadlineSpec {
  rule: Rule;
  event: string;
  anchor: LeukemiaCourseAnchor;
  relation: (typeof CAR_T_COURSE_RELATIONS)[number];
  min?: string;
  max?: string;
  diseases?: readonly LeukemiaCourseDisease[];
}
const deadline = (d: DeadlineSpec): LeukemiaCourseDeadline => ({
  rule: d.rule.id,
  event: d.event,
  anchor: d.anchor,
  relation: d.relation,
  min: d.min ?? null,
  max: d.max ?? null,
  every: null,
  perItem: false,
  diseases: d.diseases === undefined ? null : [...d.diseases],
  sources: { seed: d.rule.sources.seed.map((x) => ({ ...x })), publications: [...d.rule.sources.publications] },
});

interface StepSpec {
  id: LeukemiaCourseStepId;
  gate: { AML: string | null; ALL: string | null };
  related?: { AML: readonly string[]; ALL: readonly string[] };
  completedBy?: string;
  critical?: boolean;
  owner: Role;
  support?: readonly Role[];
  deadlines?: readonly LeukemiaCourseDeadline[];
}

const both = (name: string | null) => ({ AML: name, ALL: name });
const W = LEUKEMIA_WORKUP_THRESHOLDS;
const A = ALL_PATHWAY_THRESHOLDS;

const STEPS: readonly StepSpec[] = [
  {
    // Seed 000 §共同初步檢查 and §一週內確認分流診斷: the workup decides the disease and the path.
    id: 'diagnosis-workup',
    gate: both('leukemia-workup'),
    related: { AML: ['leukemia-emergencies', 'family-view'], ALL: ['leukemia-emergencies', 'family-view'] },
    owner: 'physician',
    support: ['nurse', 'case-manager', 'social-worker', 'psychologist'],
    deadlines: [
      deadline({ rule: R['team-decision-within'], event: 'team-decision', anchor: 'diagnosis-confirmed', relation: 'within', max: days(W.teamDecisionToDays) }),
      deadline({ rule: R['workup-results-within'], event: 'workup-results', anchor: 'workup-sent', relation: 'within', max: days(W.turnaroundToDays) }),
    ],
  },
  {
    // AML: ELN 2022 genetic risk; ALL: Ph status, lineage and phase decide the branch.
    id: 'risk-classification',
    gate: { AML: 'eln2022', ALL: 'all-pathway' },
    related: { AML: ['aml-first-line'], ALL: ['mrd'] },
    owner: 'physician',
    support: ['case-manager'],
  },
  {
    id: 'induction',
    gate: both(null),
    related: { AML: ['aml-first-line', 'drug-safety', 'leukemia-emergencies'], ALL: ['all-pathway', 'drug-safety', 'leukemia-emergencies'] },
    completedBy: 'induction-course-completed',
    owner: 'physician',
    support: ['nurse', 'pharmacist', 'social-worker', 'psychologist'],
    deadlines: [
      deadline({
        rule: R['induction-weeks'],
        event: 'response-assessment',
        anchor: 'induction-start',
        relation: 'after',
        min: weeks(A.inductionWeeks.min),
        max: weeks(A.inductionWeeks.max),
      }),
    ],
  },
  { id: 'response-assessment', gate: both('mrd'), owner: 'physician', support: ['nurse'] },
  {
    id: 'consolidation',
    gate: both(null),
    related: { AML: ['aml-first-line', 'mrd', 'drug-safety'], ALL: ['all-pathway', 'mrd', 'drug-safety'] },
    completedBy: 'consolidation-completed',
    owner: 'physician',
    support: ['nurse', 'pharmacist'],
  },
  {
    id: 'transplant-decision',
    gate: { AML: 'aml-first-line', ALL: 'all-pathway' },
    related: { AML: ['eln2022', 'mrd'], ALL: ['mrd'] },
    critical: true,
    owner: 'physician',
    support: ['case-manager', 'social-worker', 'psychologist'],
  },
  {
    id: 'follow-up',
    gate: both(null),
    related: { AML: ['mrd', 'family-view'], ALL: ['mrd', 'family-view'] },
    completedBy: 'follow-up-ended',
    owner: 'case-manager',
    support: ['physician', 'nurse'],
    deadlines: [
      deadline({
        rule: R['maintenance-years'],
        event: 'maintenance-end',
        anchor: 'maintenance-start',
        relation: 'after',
        min: years(A.maintenanceYears.min),
        max: years(A.maintenanceYears.max),
        diseases: ['ALL'],
      }),
    ],
  },
];

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The course definition: plain data, validated by its own schema at load. */
export const LEUKEMIA_COURSE: LeukemiaCourseDefinition = deepFreeze(
  LeukemiaCourseDefinition.parse({
    id: 'leukemia-course',
    version: 1,
    steps: STEPS.map((step, i) => {
      const rule = R[`step-${step.id}`];
      return {
        id: step.id,
        order: i + 1,
        next: i + 1 < STEPS.length ? STEPS[i + 1]!.id : null,
        gate: { ...step.gate },
        related: { AML: [...(step.related?.AML ?? [])], ALL: [...(step.related?.ALL ?? [])] },
        completedBy: step.completedBy ?? null,
        critical: step.critical ?? false,
        owner: step.owner,
        support: [...(step.support ?? [])],
        rule: rule.id,
        sources: { seed: rule.sources.seed.map((x) => ({ ...x })), publications: [...rule.sources.publications] },
        deadlines: [...(step.deadlines ?? [])],
      };
    }),
  }),
);

// ---- The 'leukemia-course' planner: the definition rendered for one disease (or both). ----

export const LeukemiaCourseInput = z
  .object({ disease: z.enum(LEUKEMIA_COURSE_DISEASES).optional().describe('AML or ALL: picks the gate of each step and the disease-specific deadlines.') })
  .strict();
export type LeukemiaCourseInput = z.output<typeof LeukemiaCourseInput>;

export const LeukemiaCourseValue = z.object({
  disease: z.enum(LEUKEMIA_COURSE_DISEASES).nullable(),
  steps: z.array(
    LeukemiaCourseStep.omit({ sources: true, deadlines: true }).extend({
      deadlines: z.array(LeukemiaCourseDeadline.omit({ sources: true })),
    }),
  ),
});
export type LeukemiaCourseValue = z.infer<typeof LeukemiaCourseValue>;

function render(disease: LeukemiaCourseDisease | undefined) {
  const basis: BasisEntry[] = [];
  const warnings: Warning[] = [];
  if (disease === undefined) warnings.push({ rule: R['disease-not-given'], field: 'disease' });
  const steps: LeukemiaCourseValue['steps'] = LEUKEMIA_COURSE.steps.map((step) => {
    basis.push({ rule: findRule(step.rule)!, field: 'disease', observed: disease ?? null, yields: step.owner });
    const deadlines = step.deadlines.filter((d) => disease === undefined || d.diseases === null || d.diseases.includes(disease));
    for (const d of deadlines) basis.push({ rule: findRule(d.rule)!, field: 'disease', observed: disease ?? null, yields: step.id });
    const { id, order, next, completedBy, critical, owner, rule } = step;
    return {
      id,
      order,
      next,
      completedBy,
      critical,
      owner,
      rule,
      gate: { ...step.gate },
      related: { AML: [...step.related.AML], ALL: [...step.related.ALL] },
      support: [...step.support],
      deadlines: deadlines.map(planDeadline),
    };
  });
  return { basis, warnings, value: { disease: disease ?? null, steps } };
}

const RENDERED = new Map(([undefined, ...LEUKEMIA_COURSE_DISEASES] as const).map((d) => [d, render(d)] as const));

export function planLeukemiaCourse(input: LeukemiaCourseInput) {
  const r = RENDERED.get(input.disease)!;
  return assessed('leukemia-course', r.value, r.basis, [], r.warnings);
}

export const leukemiaCourseInstrument = defineInstrument({
  name: 'leukemia-course',
  kind: 'planner',
  section: '000 §共同初步檢查 to §CR 後的鞏固, §ALL; 001 §筆記重點整理',
  input: LeukemiaCourseInput,
  value: LeukemiaCourseValue,
  evaluate: (input) => planLeukemiaCourse(input),
  summary: (v) => (v.disease === null ? { variant: 'all', steps: v.steps.length } : { variant: 'disease', steps: v.steps.length, disease: v.disease }),
});
