import { CUSTODY_DEADLINE_EVENTS, CustodyState, custodyJourneyFacts, type CustodyDeadlineEvent } from '@cartographer/core';
import type { Actor } from '../audit/trail.js';
import type { Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { deadlineTaskCode } from './deadlines.js';
import { courseDefinition } from './definitions.js';
import { closeTask } from './tasks.js';

/**
 * The deadline tasks of a CAR-T course that its custody record shows done are completed, and
 * those its custody pathway makes not applicable are cancelled, whenever either side changes: a
 * custody step (custody/journey-sync.ts), or an anchor recorded on the journey after the custody
 * step it counts towards (LDC end charted after the infusion was scanned). Without this, such a
 * task would stay open and raise a deadline alert for something already done. Reads the custody
 * record's stored state; a course without a chain has nothing to close.
 */

export interface ClosedTask {
  readonly taskId: string;
  readonly rule: string | null;
}
export interface ClosedTasks {
  readonly completedTasks: ClosedTask[];
  readonly cancelledTasks: ClosedTask[];
}

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

/**
 * Closes what the course's custody record shows, as `actor`: the performer of the custody step,
 * or the user who recorded the anchor. `reason` goes to the audit trail with each task.
 */
export async function closeTasksTheCustodyRecordShows(tx: Tx, actor: Actor, episode: Row<'episodes'>, reason: string, now: Date): Promise<ClosedTasks> {
  const closed: ClosedTasks = { completedTasks: [], cancelledTasks: [] };
  if (episode.kind !== 'car-t-course') return closed;
  const chain = await tx.selectFrom('custody_chains').select('state').where('episode_id', '=', episode.id).executeTakeFirst();
  if (!chain) return closed;
  const state = CustodyState.parse(chain.state);
  const facts = custodyJourneyFacts(state);
  for (const event of CUSTODY_DEADLINE_EVENTS) {
    const doneAt = facts.done[event];
    if (doneAt !== undefined) {
      for (const task of await openTasksFor(tx, episode, event)) {
        await closeTask(tx, actor, task, 'done', now, `${reason}: done at ${doneAt}`);
        closed.completedTasks.push({ taskId: task.id, rule: task.rule });
      }
    } else if (facts.notApplicable.includes(event)) {
      for (const task of await openTasksFor(tx, episode, event)) {
        await closeTask(tx, actor, task, 'cancelled', now, `${reason}: not applicable on the ${state.pathway} pathway`);
        closed.cancelledTasks.push({ taskId: task.id, rule: task.rule });
      }
    }
  }
  return closed;
}
