import {
  CAR_T_COURSE,
  CAR_T_COURSE_ANCHORS,
  CAR_T_COURSE_DISEASES,
  LEUKEMIA_COURSE,
  LEUKEMIA_COURSE_ANCHORS,
  LEUKEMIA_COURSE_DISEASES,
  type CarTCourseStepId,
} from '@cartographer/core';
import type { SignatureMeaning } from '../auth/signatures.js';

/**
 * The two course definitions of the core, seen through one shape by the engine: for the
 * patient's disease, each step's gate, its deadlines and whether completing it is signed.
 */
export const COURSE_KINDS = ['car-t-course', 'leukemia-course'] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];

export interface DeadlineDef {
  readonly rule: string;
  readonly event: string;
  readonly anchor: string;
  readonly relation: 'within' | 'before' | 'after' | 'every' | 'until';
  readonly min: string | null;
  readonly max: string | null;
  readonly every: string | null;
  readonly perItem: boolean;
}

export interface StepDef {
  readonly id: string;
  readonly position: number;
  readonly next: string | null;
  readonly gate: string | null;
  readonly completedBy: string | null;
  readonly owner: string;
  readonly support: readonly string[];
  readonly rule: string;
  /** The meaning of the electronic signature that completing the step requires; null: none. */
  readonly signature: SignatureMeaning | null;
  readonly deadlines: readonly DeadlineDef[];
}

export interface CourseDef {
  readonly kind: CourseKind;
  readonly version: number;
  readonly disease: string;
  readonly anchors: readonly string[];
  readonly steps: readonly StepDef[];
}

/**
 * The handbook's critical acts (design.md "electronic signatures with their meaning for
 * critical steps"): the eligibility decision, product receipt against its release documents,
 * the LDC order and the infusion.
 */
const CAR_T_SIGNATURES: Partial<Record<CarTCourseStepId, SignatureMeaning>> = {
  eligibility: 'eligibility-decision',
  receipt: 'product-receipt',
  lymphodepletion: 'ldc-order',
  'thaw-and-infusion': 'infusion',
};

export const COURSE_DISEASES: Readonly<Record<CourseKind, readonly string[]>> = {
  'car-t-course': CAR_T_COURSE_DISEASES,
  'leukemia-course': LEUKEMIA_COURSE_DISEASES,
};

export const COURSE_ANCHORS: Readonly<Record<CourseKind, readonly string[]>> = {
  'car-t-course': CAR_T_COURSE_ANCHORS,
  'leukemia-course': LEUKEMIA_COURSE_ANCHORS,
};

const applies = (diseases: readonly string[] | null, disease: string) => diseases === null || diseases.includes(disease);
const deadlineOf = (d: DeadlineDef): DeadlineDef => ({
  rule: d.rule,
  event: d.event,
  anchor: d.anchor,
  relation: d.relation,
  min: d.min,
  max: d.max,
  every: d.every,
  perItem: d.perItem,
});

export function isCourseKind(value: string): value is CourseKind {
  return (COURSE_KINDS as readonly string[]).includes(value);
}

/** The definition for one disease; the caller has checked that the disease belongs to the course. */
export function courseDefinition(kind: CourseKind, disease: string): CourseDef {
  if (kind === 'car-t-course') {
    return {
      kind,
      version: CAR_T_COURSE.version,
      disease,
      anchors: CAR_T_COURSE_ANCHORS,
      steps: CAR_T_COURSE.steps.map((s) => ({
        id: s.id,
        position: s.order,
        next: s.next,
        gate: s.gate,
        completedBy: s.completedBy,
        owner: s.owner,
        support: s.support,
        rule: s.rule,
        signature: CAR_T_SIGNATURES[s.id] ?? null,
        deadlines: s.deadlines.filter((d) => applies(d.diseases, disease)).map(deadlineOf),
      })),
    };
  }
  const d = disease as (typeof LEUKEMIA_COURSE_DISEASES)[number];
  return {
    kind,
    version: LEUKEMIA_COURSE.version,
    disease,
    anchors: LEUKEMIA_COURSE_ANCHORS,
    steps: LEUKEMIA_COURSE.steps.map((s) => ({
      id: s.id,
      position: s.order,
      next: s.next,
      gate: s.gate[d],
      completedBy: s.completedBy,
      owner: s.owner,
      support: s.support,
      rule: s.rule,
      signature: s.critical ? 'step-completion' : null,
      deadlines: s.deadlines.filter((x) => applies(x.diseases, disease)).map(deadlineOf),
    })),
  };
}

export function stepOf(def: CourseDef, step: string): StepDef | undefined {
  return def.steps.find((s) => s.id === step);
}
