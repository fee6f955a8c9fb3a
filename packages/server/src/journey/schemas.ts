import * as z from 'zod';
import { COURSE_KINDS } from './definitions.js';

/** The shapes a course is read in; the types of read.ts are derived from them. */
export const EPISODE_STATUSES = ['active', 'completed'] as const;
export const STEP_STATUSES = ['pending', 'active', 'completed', 'overridden'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;

const iso = z.iso.datetime({ offset: true });

export const SignatureViewSchema = z.object({
  id: z.uuid(),
  signerName: z.string(),
  signerRole: z.string(),
  meaning: z.string().describe('What the signature means, e.g. eligibility-decision, ldc-order, override.'),
  signedAt: iso,
  recordHash: z.string().describe('SHA-256 of the signed record (the stored gate result, or the override).'),
});

export const TaskViewSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  episodeId: z.uuid(),
  step: z.string(),
  code: z.string().describe('role:<role> for a step role task, deadline:<rule> for a deadline.'),
  role: z.string(),
  rule: z.string().nullable(),
  dueAt: iso.nullable(),
  status: z.enum(TASK_STATUSES),
  createdAt: iso,
  completedAt: iso.nullable(),
  completedBy: z.uuid().nullable(),
});

export const CourseViewSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  kind: z.enum(COURSE_KINDS),
  disease: z.string(),
  status: z.enum(EPISODE_STATUSES),
  startedAt: iso,
  endedAt: iso.nullable(),
  details: z.record(z.string(), z.unknown()),
  activeStep: z.string().nullable(),
  steps: z.array(
    z.object({
      step: z.string(),
      position: z.number().int(),
      status: z.enum(STEP_STATUSES),
      ownerRole: z.string(),
      gate: z.string().nullable(),
      gateResult: z.unknown().describe('The gating planner, its input and its result as stored when the step completed.'),
      startedAt: iso.nullable(),
      completedAt: iso.nullable(),
      completedBy: z.uuid().nullable(),
      overrideReason: z.string().nullable(),
      signatures: z.array(SignatureViewSchema),
    }),
  ),
  anchors: z.array(z.object({ anchor: z.string(), at: iso, recordedAt: iso })),
  tasks: z.array(TaskViewSchema),
  deadlines: z.array(
    z.object({
      step: z.string(),
      rule: z.string(),
      event: z.string(),
      anchor: z.string(),
      relation: z.string(),
      min: z.string().nullable(),
      max: z.string().nullable(),
      every: z.string().nullable(),
      perItem: z.boolean(),
      anchorAt: iso.nullable(),
      notBefore: iso.nullable(),
      dueAt: iso.nullable(),
      taskId: z.uuid().nullable(),
      taskStatus: z.string().nullable(),
    }),
  ),
});

export type SignatureView = z.infer<typeof SignatureViewSchema>;
export type TaskView = z.infer<typeof TaskViewSchema>;
export type CourseView = z.infer<typeof CourseViewSchema>;
export type StepView = CourseView['steps'][number];
export type DeadlineView = CourseView['deadlines'][number];
