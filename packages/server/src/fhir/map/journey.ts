import type { CarePlan, Task } from '@medplum/fhirtypes';
import type { Row } from '../../db/schema.js';
import {
  DISEASE_SYSTEM,
  EPISODE_KIND_SYSTEM,
  JOURNEY_STEP_STATUS_SYSTEM,
  JOURNEY_STEP_SYSTEM,
  ROLE_SYSTEM,
  RULE_SYSTEM,
  TASK_CODE_SYSTEM,
  TASK_STATUS_SYSTEM,
} from '../systems.js';
import { patientReference, versionMeta } from './meta.js';

/*
 * The journey as FHIR: one CarePlan per episode; each step of the course a Task (intent plan)
 * that the CarePlan's activities point to; each role-assigned task a Task (intent order) that is
 * part of its step. The domain's own status is kept in businessStatus, so a status FHIR has no
 * word for is not lost.
 */

type TaskStatus = Task['status'];
type CarePlanStatus = CarePlan['status'];

const TASK_STATUS: Readonly<Record<string, TaskStatus>> = {
  'draft': 'draft',
  'pending': 'requested',
  'not-started': 'requested',
  'waiting': 'requested',
  'open': 'ready',
  'ready': 'ready',
  'due': 'ready',
  'overdue': 'ready',
  'active': 'in-progress',
  'in-progress': 'in-progress',
  'started': 'in-progress',
  'blocked': 'on-hold',
  'on-hold': 'on-hold',
  'completed': 'completed',
  'done': 'completed',
  'overridden': 'completed',
  'skipped': 'cancelled',
  'cancelled': 'cancelled',
  'not-applicable': 'cancelled',
  'failed': 'failed',
  'rejected': 'rejected',
};

/** An unrecognised domain status reads as not done (requested), never as completed. */
export function taskStatusOf(status: string): TaskStatus {
  return TASK_STATUS[status] ?? 'requested';
}

const CARE_PLAN_STATUS: Readonly<Record<string, CarePlanStatus>> = {
  'draft': 'draft',
  'planned': 'draft',
  'active': 'active',
  'in-progress': 'active',
  'on-hold': 'on-hold',
  'suspended': 'on-hold',
  'completed': 'completed',
  'closed': 'completed',
  'cancelled': 'revoked',
  'revoked': 'revoked',
  'entered-in-error': 'entered-in-error',
};

export function carePlanStatusOf(status: string): CarePlanStatus {
  return CARE_PLAN_STATUS[status] ?? 'unknown';
}

/**
 * The id of a step's Task: the episode id without dashes and the step name. Ids are at most 64
 * characters (R4 id), so a step name may have up to 31; the course's names are shorter.
 */
export function stepTaskId(episodeId: string, step: string): string {
  return `${episodeId.replace(/-/g, '')}.${step}`;
}

/** The episode id and step of a step Task id, or null for any other id. */
export function parseStepTaskId(id: string): { episodeId: string; step: string } | null {
  const m = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})\.([a-z0-9-]+)$/i.exec(id);
  if (!m) return null;
  return { episodeId: `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`, step: m[6] ?? '' };
}

/**
 * The CarePlan's version moves whenever the episode or any of its steps changes: the sum of their
 * versions (each only grows and steps are never deleted), so the ETag changes with the plan.
 */
export function carePlanVersion(episode: Row<'episodes'>, steps: readonly Row<'journey_steps'>[]): number {
  return steps.reduce((sum, s) => sum + s.version, episode.version);
}

export function toFhirCarePlan(episode: Row<'episodes'>, steps: readonly Row<'journey_steps'>[]): CarePlan {
  const ordered = [...steps].sort((a, b) => a.position - b.position);
  return {
    resourceType: 'CarePlan',
    id: episode.id,
    meta: versionMeta(carePlanVersion(episode, steps)),
    status: carePlanStatusOf(episode.status),
    intent: 'plan',
    category: [
      { coding: [{ system: EPISODE_KIND_SYSTEM, code: episode.kind }], text: episode.kind },
      { coding: [{ system: DISEASE_SYSTEM, code: episode.disease }], text: episode.disease },
    ],
    subject: patientReference(episode.patient_id),
    period: { start: episode.started_at.toISOString(), ...(episode.ended_at ? { end: episode.ended_at.toISOString() } : {}) },
    ...(ordered.length > 0
      ? {
          // R4 cpl-3: an activity is a reference or an inline detail, not both; the step's Task carries the detail.
          activity: ordered.map((s) => ({ reference: { reference: `Task/${stepTaskId(s.episode_id, s.step)}`, display: s.step } })),
        }
      : {}),
  };
}

export function stepToFhirTask(step: Row<'journey_steps'>, patientId: string): Task {
  const period = step.started_at || step.completed_at ? { ...(step.started_at ? { start: step.started_at.toISOString() } : {}), ...(step.completed_at ? { end: step.completed_at.toISOString() } : {}) } : undefined;
  return {
    resourceType: 'Task',
    id: stepTaskId(step.episode_id, step.step),
    meta: versionMeta(step.version),
    basedOn: [{ reference: `CarePlan/${step.episode_id}` }],
    status: taskStatusOf(step.status),
    businessStatus: { coding: [{ system: JOURNEY_STEP_STATUS_SYSTEM, code: step.status }], text: step.status },
    ...(step.override_reason !== null ? { statusReason: { text: step.override_reason } } : {}),
    intent: 'plan',
    code: { coding: [{ system: JOURNEY_STEP_SYSTEM, code: step.step }], text: step.step },
    for: patientReference(patientId),
    ...(period ? { executionPeriod: period } : {}),
    performerType: [{ coding: [{ system: ROLE_SYSTEM, code: step.owner_role }], text: step.owner_role }],
    ...(step.signature_id !== null ? { relevantHistory: [{ reference: `Provenance/${step.signature_id}` }] } : {}),
  };
}

export function taskToFhirTask(task: Row<'tasks'>): Task {
  return {
    resourceType: 'Task',
    id: task.id,
    meta: versionMeta(task.version),
    basedOn: [{ reference: `CarePlan/${task.episode_id}` }],
    partOf: [{ reference: `Task/${stepTaskId(task.episode_id, task.step)}` }],
    status: taskStatusOf(task.status),
    businessStatus: { coding: [{ system: TASK_STATUS_SYSTEM, code: task.status }], text: task.status },
    intent: 'order',
    code: { coding: [{ system: TASK_CODE_SYSTEM, code: task.code }], text: task.code },
    for: patientReference(task.patient_id),
    authoredOn: task.created_at.toISOString(),
    ...(task.due_at !== null ? { restriction: { period: { end: task.due_at.toISOString() } } } : {}),
    ...(task.completed_at !== null ? { executionPeriod: { end: task.completed_at.toISOString() } } : {}),
    performerType: [{ coding: [{ system: ROLE_SYSTEM, code: task.role }], text: task.role }],
    ...(task.rule !== null ? { reasonCode: { coding: [{ system: RULE_SYSTEM, code: task.rule }], text: task.rule } } : {}),
  };
}
