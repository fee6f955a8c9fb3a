import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../audit/canonical.js';
import { appendAudit, type Actor } from '../audit/trail.js';
import type { Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
const rank = (s: string) => ALERT_SEVERITIES.indexOf(s as AlertSeverity);

export interface AlertSpec {
  readonly patientId: string;
  readonly episodeId?: string | null;
  /** What the alert is about, e.g. crs-grade, febrile-neutropenia, journey-deadline. */
  readonly kind: string;
  /** Distinguishes live alerts of one kind for one patient (e.g. the deadline's rule); '' when one suffices. */
  readonly key: string;
  readonly severity: AlertSeverity;
  /** Language-neutral content: codes, values, thresholds, rule ids; the UI renders it. */
  readonly detail: Record<string, unknown>;
  readonly assessmentId?: string | null;
  readonly dueAt?: Date | null;
}

/**
 * Raises an alert or updates the live one of the same patient, kind and key. A live alert that
 * becomes more severe, or whose detail changes its `level` (e.g. a higher grade), is raised
 * again: acknowledgement and escalation start over. Audited in the caller's transaction.
 */
export async function raiseAlert(tx: Tx, actor: Actor, spec: AlertSpec, now: Date): Promise<{ row: Row<'alerts'>; change: 'raised' | 'escalated' | 'unchanged' | 'updated' }> {
  const live = await tx
    .selectFrom('alerts')
    .selectAll()
    .where('patient_id', '=', spec.patientId)
    .where('kind', '=', spec.kind)
    .where('key', '=', spec.key)
    .where('status', '<>', 'resolved')
    .forUpdate()
    .executeTakeFirst();
  if (!live) {
    const row = await tx
      .insertInto('alerts')
      .values({
        id: randomUUID(),
        patient_id: spec.patientId,
        episode_id: spec.episodeId ?? null,
        kind: spec.kind,
        key: spec.key,
        severity: spec.severity,
        status: 'open',
        detail: JSON.stringify(spec.detail),
        assessment_id: spec.assessmentId ?? null,
        raised_at: now,
        due_at: spec.dueAt ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(tx, actor, { action: 'raise', entityType: 'alert', entityId: row.id, patientId: row.patient_id, after: row }, now);
    return { row, change: 'raised' };
  }
  const worse = rank(spec.severity) > rank(live.severity) || levelOf(spec.detail) > levelOf(live.detail);
  // jsonb does not keep key order: compare canonical texts.
  const sameDetail = canonicalJson(live.detail) === canonicalJson(spec.detail) && live.severity === spec.severity;
  if (sameDetail) return { row: live, change: 'unchanged' };
  const row = await tx
    .updateTable('alerts')
    .set({
      severity: spec.severity,
      detail: JSON.stringify(spec.detail),
      assessment_id: spec.assessmentId ?? live.assessment_id,
      due_at: spec.dueAt === undefined ? live.due_at : spec.dueAt,
      version: live.version + 1,
      ...(worse ? { status: 'open', raised_at: now, acknowledged_at: null, acknowledged_by: null, escalated_at: null } : {}),
    })
    .where('id', '=', live.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: worse ? 'escalate' : 'update', entityType: 'alert', entityId: row.id, patientId: row.patient_id, before: live, after: row }, now);
  return { row, change: worse ? 'escalated' : 'updated' };
}

function levelOf(detail: unknown): number {
  const level = (detail as { level?: unknown } | null)?.level;
  return typeof level === 'number' ? level : 0;
}

/** Resolves the live alert of that patient, kind and key, if any (the condition no longer holds). */
export async function resolveAlert(tx: Tx, actor: Actor, patientId: string, kind: string, key: string, now: Date, reason: string): Promise<Row<'alerts'> | null> {
  const live = await tx
    .selectFrom('alerts')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('kind', '=', kind)
    .where('key', '=', key)
    .where('status', '<>', 'resolved')
    .forUpdate()
    .executeTakeFirst();
  if (!live) return null;
  const row = await tx
    .updateTable('alerts')
    .set({ status: 'resolved', resolved_at: now, version: live.version + 1 })
    .where('id', '=', live.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: 'resolve', entityType: 'alert', entityId: row.id, patientId, before: live, after: row, reason }, now);
  return row;
}
