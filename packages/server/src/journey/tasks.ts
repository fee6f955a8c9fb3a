import { randomUUID } from 'node:crypto';
import { resolveAlert } from '../alerts/store.js';
import { appendAudit, type Actor } from '../audit/trail.js';
import type { SessionUser } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { DEADLINE_TASK_PREFIX } from './deadlines.js';
import { courseDefinition, isCourseKind, stepOf, type StepDef } from './definitions.js';
import './text.js';

/** The deadline alerts of the journey (see due.ts); one live alert per task's deadline rule. */
export const DEADLINE_ALERT_KIND = 'journey-deadline';

const ROLE_TASK_PREFIX = 'role:';
export const roleTaskCode = (role: string) => `${ROLE_TASK_PREFIX}${role}`;

/** One task per role of a step that has just become active: the owner's and each supporting role's. */
export async function openStepTasks(tx: Tx, actor: Actor, episode: Row<'episodes'>, step: StepDef, now: Date): Promise<void> {
  for (const role of [step.owner, ...step.support]) {
    const row = await tx
      .insertInto('tasks')
      .values({ id: randomUUID(), patient_id: episode.patient_id, episode_id: episode.id, step: step.id, code: roleTaskCode(role), role, rule: step.rule, due_at: null, status: 'open', created_at: now })
      .onConflict((oc) => oc.columns(['episode_id', 'step', 'code']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) await appendAudit(tx, actor, { action: 'create', entityType: 'task', entityId: row.id, patientId: row.patient_id, after: row }, now);
  }
}

/**
 * Closes one open task: done (by `actor`) or cancelled, audited with `reason` when one is given;
 * a deadline task's live deadline alert is resolved with it.
 */
export async function closeTask(tx: Tx, actor: Actor, task: Row<'tasks'>, status: 'done' | 'cancelled', now: Date, reason?: string): Promise<Row<'tasks'>> {
  const row = await tx
    .updateTable('tasks')
    .set(status === 'done' ? { status, completed_at: now, completed_by: actor.id, version: task.version + 1 } : { status, completed_at: now, version: task.version + 1 })
    .where('id', '=', task.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: status === 'done' ? 'complete' : 'cancel', entityType: 'task', entityId: row.id, patientId: row.patient_id, before: task, after: row, reason }, now);
  if (row.code.startsWith(DEADLINE_TASK_PREFIX) && row.rule !== null) await resolveAlert(tx, actor, row.patient_id, DEADLINE_ALERT_KIND, row.rule, now, reason ?? 'task done');
  return row;
}

/**
 * When a step is completed or overridden its owner's task is done with it; the supporting
 * roles' tasks still open are closed (cancelled), since the step they served is over.
 * Deadline tasks stay: their events may fall after the step (an LDC course stays valid for
 * 4 weeks, prophylaxis runs for a year).
 */
export async function closeStepTasks(tx: Tx, user: SessionUser, episode: Row<'episodes'>, step: StepDef, now: Date): Promise<void> {
  const actor: Actor = { id: user.id, name: user.displayName };
  const open = await tx
    .selectFrom('tasks')
    .selectAll()
    .where('episode_id', '=', episode.id)
    .where('step', '=', step.id)
    .where('status', '=', 'open')
    .where('code', 'like', `${ROLE_TASK_PREFIX}%`)
    .forUpdate()
    .execute();
  for (const task of open) await closeTask(tx, actor, task, task.code === roleTaskCode(step.owner) ? 'done' : 'cancelled', now);
}

/** The patient a task belongs to, for the access check before it is touched; null when absent. */
export async function taskPatientId(tx: Tx, taskId: string): Promise<string | null> {
  const row = await tx.selectFrom('tasks').select('patient_id').where('id', '=', taskId).executeTakeFirst();
  return row?.patient_id ?? null;
}

/** A user completes one of their role's open tasks; a deadline's alert is resolved with it. */
export async function completeTask(ctx: ServerContext, tx: Tx, user: SessionUser, taskId: string, now: Date): Promise<Row<'tasks'>> {
  const task = await tx.selectFrom('tasks').selectAll().where('id', '=', taskId).forUpdate().executeTakeFirst();
  if (!task) throw new ApiError('not-found');
  if (task.status !== 'open') throw new ApiError('conflict', { issues: [{ path: 'taskId', rule: 'journey.task-not-open', params: { status: task.status } }] });
  if (task.role !== user.role) throw new ApiError('forbidden', { issues: [{ path: 'taskId', rule: 'journey.task-other-role', params: { role: task.role } }] });
  const episode = await tx.selectFrom('episodes').selectAll().where('id', '=', task.episode_id).executeTakeFirstOrThrow();
  const step = isCourseKind(episode.kind) ? stepOf(courseDefinition(episode.kind, episode.disease), task.step) : undefined;
  if (step !== undefined && task.code === roleTaskCode(step.owner)) {
    throw new ApiError('conflict', { issues: [{ path: 'taskId', rule: 'journey.task-completes-with-step' }] });
  }
  const actor: Actor = { id: user.id, name: user.displayName };
  const row = await closeTask(tx, actor, task, 'done', now);
  await ctx.onPatientDataChanged(tx, row.patient_id, actor, now);
  return row;
}
