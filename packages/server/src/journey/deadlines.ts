import { randomUUID } from 'node:crypto';
import { appendAudit, type Actor } from '../audit/trail.js';
import type { Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import type { CourseDef, DeadlineDef } from './definitions.js';
import { shift } from './time.js';

/** When a deadline's event may happen and when it is due, from its anchor. */
export interface DeadlineWindow {
  readonly notBefore: Date | null;
  readonly dueAt: Date | null;
}

/**
 * The window of one deadline (see CAR_T_COURSE_RELATIONS). A per-item interval belongs to the
 * gating planner (each drug its own washout), so it has no single date here; a repeated or
 * continuing duty (`every`, `until`) runs from its anchor and has no due instant.
 */
export function deadlineWindow(d: DeadlineDef, anchorAt: Date, timeZone: string): DeadlineWindow {
  if (d.perItem) return { notBefore: null, dueAt: null };
  switch (d.relation) {
    case 'within':
    case 'after':
      return {
        notBefore: d.min === null ? null : shift(anchorAt, d.min, 1, 'start', timeZone),
        dueAt: d.max === null ? null : shift(anchorAt, d.max, 1, 'end', timeZone),
      };
    case 'before':
      return {
        notBefore: d.max === null ? null : shift(anchorAt, d.max, -1, 'start', timeZone),
        dueAt: d.min === null ? anchorAt : shift(anchorAt, d.min, -1, 'end', timeZone),
      };
    case 'every':
    case 'until':
      return { notBefore: anchorAt, dueAt: null };
  }
}

export const DEADLINE_TASK_PREFIX = 'deadline:';
/** A deadline's task code: unique within its step, as the tasks table requires. */
export const deadlineTaskCode = (rule: string) => `${DEADLINE_TASK_PREFIX}${rule.slice(rule.indexOf('.') + 1)}`;

/**
 * Creates the task of every deadline counted from this anchor, or moves the due date of its
 * open task when the anchor was corrected. A task already done keeps its history.
 */
export async function syncDeadlineTasks(
  tx: Tx,
  actor: Actor,
  episode: Row<'episodes'>,
  def: CourseDef,
  anchor: string,
  at: Date,
  timeZone: string,
  now: Date,
): Promise<Row<'tasks'>[]> {
  const out: Row<'tasks'>[] = [];
  for (const step of def.steps) {
    for (const d of step.deadlines.filter((x) => x.anchor === anchor)) {
      const { dueAt } = deadlineWindow(d, at, timeZone);
      const code = deadlineTaskCode(d.rule);
      const existing = await tx.selectFrom('tasks').selectAll().where('episode_id', '=', episode.id).where('step', '=', step.id).where('code', '=', code).forUpdate().executeTakeFirst();
      if (!existing) {
        const row = await tx
          .insertInto('tasks')
          .values({ id: randomUUID(), patient_id: episode.patient_id, episode_id: episode.id, step: step.id, code, role: step.owner, rule: d.rule, due_at: dueAt, status: 'open', created_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'create', entityType: 'task', entityId: row.id, patientId: row.patient_id, after: row }, now);
        out.push(row);
        continue;
      }
      if (existing.status !== 'open' || (existing.due_at?.getTime() ?? null) === (dueAt?.getTime() ?? null)) {
        out.push(existing);
        continue;
      }
      const row = await tx.updateTable('tasks').set({ due_at: dueAt, version: existing.version + 1 }).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, actor, { action: 'update', entityType: 'task', entityId: row.id, patientId: row.patient_id, before: existing, after: row, reason: `anchor ${anchor} changed` }, now);
      out.push(row);
    }
  }
  return out;
}
