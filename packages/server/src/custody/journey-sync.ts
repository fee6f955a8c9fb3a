import { CUSTODY_ANCHORS, CUSTODY_DEADLINE_EVENTS, custodyJourneyFacts, type CustodyDeadlineEvent, type CustodyState } from '@cartographer/core';
import { resolveAlert } from '../alerts/store.js';
import { appendAudit, type Actor } from '../audit/trail.js';
import type { ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { deadlineTaskCode } from '../journey/deadlines.js';
import { courseDefinition } from '../journey/definitions.js';
import { recordAnchor } from '../journey/engine.js';
import { DEADLINE_ALERT_KIND } from '../journey/tasks.js';
import type { JourneyChanges } from './schemas.js';

/**
 * An accepted custody step carried to the CAR-T course in the same transaction: the anchors it
 * fixes are recorded (creating or moving their deadline tasks, as a recorded anchor does), and the
 * deadline tasks it shows done are completed by the person who did the step, with the custody
 * event as the reason; a deadline the course's pathway makes not applicable is cancelled. Only
 * what this step changed is carried, so an anchor a user corrected on the journey stays as they
 * left it until the custody record itself changes.
 */

const none = (): JourneyChanges => ({ anchors: [], completedTasks: [], cancelledTasks: [] });

/** The open deadline tasks of the course whose deadline is about this event. */
async function openTasksFor(tx: Tx, episode: Row<'episodes'>, event: CustodyDeadlineEvent): Promise<Row<'tasks'>[]> {
  const def = courseDefinition('car-t-course', episode.disease);
  const keys = def.steps.flatMap((step) => step.deadlines.filter((d) => d.event === event).map((d) => ({ step: step.id, code: deadlineTaskCode(d.rule) })));
  const tasks: Row<'tasks'>[] = [];
  for (const key of keys) {
    const task = await tx
      .selectFrom('tasks')
      .selectAll()
      .where('episode_id', '=', episode.id)
      .where('step', '=', key.step)
      .where('code', '=', key.code)
      .where('status', '=', 'open')
      .forUpdate()
      .executeTakeFirst();
    if (task) tasks.push(task);
  }
  return tasks;
}

async function closeTask(tx: Tx, actor: Actor, task: Row<'tasks'>, status: 'done' | 'cancelled', reason: string, now: Date): Promise<void> {
  const row = await tx
    .updateTable('tasks')
    .set(status === 'done' ? { status, completed_at: now, completed_by: actor.id, version: task.version + 1 } : { status, completed_at: now, version: task.version + 1 })
    .where('id', '=', task.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: status === 'done' ? 'complete' : 'cancel', entityType: 'task', entityId: row.id, patientId: row.patient_id, before: task, after: row, reason }, now);
  if (row.rule !== null) await resolveAlert(tx, actor, row.patient_id, DEADLINE_ALERT_KIND, row.rule, now, reason);
}

export async function syncJourneyWithCustody(
  ctx: ServerContext,
  tx: Tx,
  actor: Actor,
  chain: Row<'custody_chains'>,
  before: CustodyState,
  after: CustodyState,
  eventId: string,
  now: Date,
): Promise<JourneyChanges> {
  const episode = await tx.selectFrom('episodes').selectAll().where('id', '=', chain.episode_id).executeTakeFirst();
  // A course closed or cancelled keeps its journey as it ended; the custody record still grows.
  if (!episode || episode.kind !== 'car-t-course' || episode.status !== 'active') return none();
  const was = custodyJourneyFacts(before);
  const is = custodyJourneyFacts(after);
  const reason = `custody event ${eventId}`;

  const anchors: { anchor: string; at: string }[] = [];
  for (const anchor of CUSTODY_ANCHORS) {
    const at = is.anchors[anchor];
    if (at === undefined || at === was.anchors[anchor]) continue;
    await recordAnchor(ctx, tx, actor, { episodeId: episode.id, anchor, at: new Date(at) }, now);
    anchors.push({ anchor, at });
  }
  const completedTasks: { taskId: string; rule: string | null }[] = [];
  const cancelledTasks: { taskId: string; rule: string | null }[] = [];
  for (const event of CUSTODY_DEADLINE_EVENTS) {
    if (is.done[event] !== undefined && was.done[event] === undefined) {
      for (const task of await openTasksFor(tx, episode, event)) {
        await closeTask(tx, actor, task, 'done', reason, now);
        completedTasks.push({ taskId: task.id, rule: task.rule });
      }
    }
    if (is.notApplicable.includes(event)) {
      for (const task of await openTasksFor(tx, episode, event)) {
        await closeTask(tx, actor, task, 'cancelled', `${reason}: not applicable on the ${after.pathway} pathway`, now);
        cancelledTasks.push({ taskId: task.id, rule: task.rule });
      }
    }
  }
  return { anchors, completedTasks, cancelledTasks };
}
