import { INFUSION_THRESHOLDS } from '@cartographer/core';
import { sql } from 'kysely';
import { appendAudit, SYSTEM_ACTOR } from '../audit/trail.js';
import { currentSettings, type ServerContext } from '../context.js';
import { startPeriodic, type PeriodicWork } from '../periodic.js';
import type { Db } from '../db/connect.js';
import { evaluatePatientAs } from './evaluate.js';
import { TIME_DRIVEN_KINDS } from './kinds.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const BATCH = 100;

/**
 * Escalates the open (unacknowledged) alerts older than the institution's escalation time for
 * their severity: sets `escalated_at` once and audits it. Rows are claimed with FOR UPDATE SKIP
 * LOCKED, so several server processes share the work without escalating one alert twice.
 */
async function escalateOverdue(db: Db, now: Date): Promise<number> {
  const { settings } = await currentSettings(db);
  const criticalBefore = new Date(now.getTime() - settings.criticalAlertEscalationMinutes * MINUTE_MS);
  const warningBefore = new Date(now.getTime() - settings.warningAlertEscalationMinutes * MINUTE_MS);
  let escalated = 0;
  for (;;) {
    const done = await db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('alerts')
        .selectAll()
        .where('status', '=', 'open')
        .where('escalated_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb.and([eb('severity', '=', 'critical'), eb('raised_at', '<=', criticalBefore)]),
            eb.and([eb('severity', '=', 'warning'), eb('raised_at', '<=', warningBefore)]),
          ]),
        )
        .orderBy('raised_at')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const alert of due) {
        const minutes = alert.severity === 'critical' ? settings.criticalAlertEscalationMinutes : settings.warningAlertEscalationMinutes;
        const row = await tx
          .updateTable('alerts')
          .set({ escalated_at: now, version: alert.version + 1 })
          .where('id', '=', alert.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendAudit(
          tx,
          SYSTEM_ACTOR,
          { action: 'escalate', entityType: 'alert', entityId: alert.id, patientId: alert.patient_id, before: alert, after: row, reason: `not acknowledged within ${minutes} min` },
          now,
        );
      }
      return due.length;
    });
    escalated += done;
    if (done < BATCH) return escalated;
  }
}

/**
 * Patients whose alerts depend on the clock: a live time-driven alert (vital signs due,
 * febrile-neutropenia deadline, tocilizumab limit), or a course inside the infusion's vital-sign
 * watch (the longest it may last: infusion limit plus the post-infusion watch).
 */
async function timeDrivenPatients(db: Db, now: Date): Promise<string[]> {
  const live = await db.selectFrom('alerts').select('patient_id').distinct().where('status', '<>', 'resolved').where('kind', 'in', TIME_DRIVEN_KINDS).execute();
  const T = INFUSION_THRESHOLDS;
  const watchMs = T.infusionCompleteLimitMinutes * MINUTE_MS + T.postObservationDefaultHours * HOUR_MS;
  // Anchors or details.infusionAt within the watch; an infusion without a recorded end may run on, so the end anchor also counts.
  const since = new Date(now.getTime() - watchMs);
  const anchored = await db
    .selectFrom('journey_anchors')
    .innerJoin('episodes', 'episodes.id', 'journey_anchors.episode_id')
    .select('episodes.patient_id')
    .where('episodes.kind', '=', 'car-t-course')
    .where('episodes.ended_at', 'is', null)
    .where('journey_anchors.anchor', 'in', ['infusion-start', 'infusion-end'])
    .where('journey_anchors.at', '>=', since)
    .where('journey_anchors.at', '<=', now)
    .execute();
  const detailed = await db
    .selectFrom('episodes')
    .select('patient_id')
    .where('kind', '=', 'car-t-course')
    .where('ended_at', 'is', null)
    // CASE guards the cast: SQL does not promise to test a format check before casting.
    .where(sql<boolean>`(CASE WHEN details->>'infusionAt' ~ '^\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:?\\d{2})$' THEN (details->>'infusionAt')::timestamptz END) BETWEEN ${since} AND ${now}`)
    .execute();
  return [...new Set([...live, ...anchored, ...detailed].map((r) => r.patient_id))];
}

/**
 * Re-evaluates one patient for the clock's sake, unless another process holds the patient (it is
 * evaluating that patient now, so this turn has nothing to add).
 */
async function reevaluate(db: Db, patientId: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const claimed = await tx.selectFrom('patients').select('id').where('id', '=', patientId).forNoKeyUpdate().skipLocked().executeTakeFirst();
    if (!claimed) return false;
    await evaluatePatientAs(tx, patientId, SYSTEM_ACTOR, now, 'scheduled');
    return true;
  });
}

export interface AlertWorkReport {
  readonly escalated: number;
  readonly reevaluated: number;
}

/**
 * One turn of the alert worker: escalate unacknowledged alerts, then re-evaluate the conditions
 * the clock alone can change (vital signs falling due, the febrile-neutropenia deadline passing
 * without an antibiotic, a tocilizumab limit lapsing). Holds no state between turns.
 */
export async function runDueAlertWork(db: Db, now: Date): Promise<AlertWorkReport> {
  let reevaluated = 0;
  for (const patientId of await timeDrivenPatients(db, now)) {
    if (await reevaluate(db, patientId, now)) reevaluated += 1;
  }
  // After re-evaluation, so that an alert raised again by it (e.g. overdue) starts its own escalation clock.
  const escalated = await escalateOverdue(db, now);
  return { escalated, reevaluated };
}

export type AlertWorker = PeriodicWork;

/** Runs runDueAlertWork every `intervalMs` until stopped; a failing turn is reported and the next one runs. */
export function startAlertWorker(ctx: Pick<ServerContext, 'db' | 'now'>, intervalMs: number, onError: (err: unknown) => void = () => undefined): AlertWorker {
  return startPeriodic(() => runDueAlertWork(ctx.db, ctx.now()), intervalMs, onError);
}
