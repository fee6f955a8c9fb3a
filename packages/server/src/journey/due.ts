import { DEADLINES_WATCHED_BY_CUSTODY_CLOCKS } from '@cartographer/core';
import { sql, type ExpressionBuilder } from 'kysely';
import { raiseAlert, resolveAlert } from '../alerts/store.js';
import { SYSTEM_ACTOR } from '../audit/trail.js';
import { currentSettings } from '../context.js';
import type { Db, Tx } from '../db/connect.js';
import type { Database, Row } from '../db/schema.js';
import { DEADLINE_TASK_PREFIX } from './deadlines.js';
import { DEADLINE_ALERT_KIND } from './tasks.js';

/**
 * Deadline alerts. A deadline task whose due instant is within the institution's lead time
 * (settings.deadlineAlertLeadMinutes) raises a warning; once passed, a critical alert. The
 * alert is resolved when the task is done (at once, by completeTask) or no longer near (its
 * anchor was corrected). Rows are claimed with SKIP LOCKED, so several server processes may
 * run this side by side without raising the same alert twice.
 *
 * A course with a custody chain has the 4-hour, 24-hour and thaw-to-infusion deadlines watched by
 * the custody clocks, bag by bag and with their own warning times: those tasks raise no deadline
 * alert of their own, so the ward is not told the same thing twice.
 */

const WATCHED = Object.values(DEADLINES_WATCHED_BY_CUSTODY_CLOCKS);

function alertedHere(eb: ExpressionBuilder<Database, 'tasks'>) {
  return eb.not(
    eb.and([
      eb('tasks.rule', 'in', WATCHED),
      eb.exists(eb.selectFrom('custody_chains').select('custody_chains.id').whereRef('custody_chains.episode_id', '=', 'tasks.episode_id')),
    ]),
  );
}

export type DeadlineStage = 'due-soon' | 'overdue';

export interface DueDeadline {
  readonly task: Row<'tasks'>;
  readonly stage: DeadlineStage;
}

const BATCH = 500;

function dueQuery(db: Db | Tx, horizon: Date) {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('status', '=', 'open')
    .where('code', 'like', `${DEADLINE_TASK_PREFIX}%`)
    .where('rule', 'is not', null)
    .where('due_at', 'is not', null)
    .where('due_at', '<=', horizon)
    .where(alertedHere)
    .orderBy('due_at')
    .limit(BATCH);
}

const stageOf = (task: Row<'tasks'>, now: Date): DeadlineStage => (task.due_at!.getTime() <= now.getTime() ? 'overdue' : 'due-soon');

/** The open deadline tasks that are near or past due at `now` (read only). */
export async function dueJourneyDeadlines(db: Db | Tx, now: Date): Promise<DueDeadline[]> {
  const { settings } = await currentSettings(db);
  const horizon = new Date(now.getTime() + settings.deadlineAlertLeadMinutes * 60_000);
  const rows = await dueQuery(db, horizon).execute();
  return rows.map((task) => ({ task, stage: stageOf(task, now) }));
}

export interface DueWorkResult {
  readonly raised: number;
  readonly escalated: number;
  readonly resolved: number;
}

/** Raises, escalates and resolves deadline alerts; one transaction per call. */
export async function runDueJourneyWork(db: Db, now: Date): Promise<DueWorkResult> {
  return db.transaction().execute(async (tx) => {
    const { settings } = await currentSettings(tx);
    const horizon = new Date(now.getTime() + settings.deadlineAlertLeadMinutes * 60_000);
    let raised = 0;
    let escalated = 0;
    let resolved = 0;
    const due = await dueQuery(tx, horizon).forUpdate().skipLocked().execute();
    for (const task of due) {
      const stage = stageOf(task, now);
      const { change } = await raiseAlert(
        tx,
        SYSTEM_ACTOR,
        {
          patientId: task.patient_id,
          episodeId: task.episode_id,
          kind: DEADLINE_ALERT_KIND,
          key: task.rule!,
          severity: stage === 'overdue' ? 'critical' : 'warning',
          detail: { taskId: task.id, step: task.step, code: task.code, rule: task.rule, role: task.role, dueAt: task.due_at!.toISOString(), stage, level: stage === 'overdue' ? 2 : 1 },
          dueAt: task.due_at,
        },
        now,
      );
      if (change === 'raised') raised += 1;
      else if (change === 'escalated') escalated += 1;
    }
    // Live alerts whose task is no longer open, or no longer near its due instant.
    const stale = await tx
      .selectFrom('alerts')
      .select(['alerts.id', 'alerts.patient_id', 'alerts.key'])
      .where('alerts.kind', '=', DEADLINE_ALERT_KIND)
      .where('alerts.status', '<>', 'resolved')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('tasks')
              .select('tasks.id')
              .where(sql<boolean>`tasks.id::text = alerts.detail->>'taskId'`)
              .where('tasks.status', '=', 'open')
              .where('tasks.due_at', '<=', horizon)
              .where(alertedHere),
          ),
        ),
      )
      .forUpdate()
      .skipLocked()
      .execute();
    for (const alert of stale) {
      if (await resolveAlert(tx, SYSTEM_ACTOR, alert.patient_id, DEADLINE_ALERT_KIND, alert.key, now, 'deadline task done or no longer due')) resolved += 1;
    }
    return { raised, escalated, resolved };
  });
}
