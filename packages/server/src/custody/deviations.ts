import { randomUUID } from 'node:crypto';
import { DeviationRecord, message, openDeviation, transitionDeviation, type DeviationAction, type DeviationDraft, type Lang } from '@cartographer/core';
import { raiseAlert, resolveAlert } from '../alerts/store.js';
import { appendAudit, type Actor } from '../audit/trail.js';
import { assertPatientAccess } from '../auth/patient-access.js';
import type { SessionUser } from '../auth/sessions.js';
import { signRecord } from '../auth/signatures.js';
import type { Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { ApiError } from '../errors.js';
import type { ChainRow } from './history.js';
import './texts.js';

/**
 * Custody deviations: the record the core opens for each DeviationDraft (a refused step, or a
 * deviation beside an accepted one), its investigation and its signed sign-off. The life cycle is
 * the core's (`transitionDeviation`); the server stores it, alerts on it and signs it.
 */

export const DEVIATION_ALERT = { hardStop: 'custody-hard-stop', beside: 'custody-deviation' } as const;

export type DeviationRow = Row<'custody_deviations'>;
export type DeviationSource = { readonly custodyEventId: string } | { readonly cabinetEventId: string };

function alertKind(row: Pick<DeviationRow, 'hard_stop'>): string {
  return row.hard_stop ? DEVIATION_ALERT.hardStop : DEVIATION_ALERT.beside;
}

/** A hard stop is critical (the step was refused); a deviation beside an accepted step is a warning. */
async function raiseDeviationAlert(tx: Tx, actor: Actor, chain: ChainRow, record: DeviationRecord, now: Date): Promise<void> {
  await raiseAlert(
    tx,
    actor,
    {
      patientId: chain.patient_id,
      episodeId: chain.episode_id,
      kind: record.hardStop ? DEVIATION_ALERT.hardStop : DEVIATION_ALERT.beside,
      key: record.id,
      severity: record.hardStop ? 'critical' : 'warning',
      detail: {
        chainId: chain.id,
        coi: chain.coi,
        deviationId: record.id,
        eventId: record.eventId,
        eventType: record.eventType,
        code: record.code,
        reasons: record.reasons,
        field: record.field,
        params: record.params,
        hardStop: record.hardStop,
        level: record.hardStop ? 2 : 1,
      },
    },
    now,
  );
}

/** Opens the deviation of a draft, audits it and raises its alert. */
export async function recordDeviation(tx: Tx, actor: Actor, chain: ChainRow, source: DeviationSource, draft: DeviationDraft, now: Date): Promise<string> {
  const record = openDeviation(draft, { id: randomUUID(), openedAt: now.toISOString() });
  const row = await tx
    .insertInto('custody_deviations')
    .values({
      id: record.id,
      chain_id: chain.id,
      patient_id: chain.patient_id,
      custody_event_id: 'custodyEventId' in source ? source.custodyEventId : null,
      cabinet_event_id: 'cabinetEventId' in source ? source.cabinetEventId : null,
      code: record.code,
      hard_stop: record.hardStop,
      status: record.status,
      record: JSON.stringify(record),
      opened_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: 'create', entityType: 'custody-deviation', entityId: row.id, patientId: chain.patient_id, after: row }, now);
  await raiseDeviationAlert(tx, actor, chain, record, now);
  return row.id;
}

async function lockDeviation(tx: Tx, user: SessionUser, deviationId: string): Promise<{ row: DeviationRow; record: DeviationRecord; chain: ChainRow }> {
  const row = await tx.selectFrom('custody_deviations').selectAll().where('id', '=', deviationId).forUpdate().executeTakeFirst();
  if (!row) throw new ApiError('not-found', { issues: [{ path: 'deviationId', rule: 'custody.deviation-unknown' }] });
  await assertPatientAccess(tx, user, row.patient_id);
  const chain = await tx.selectFrom('custody_chains').selectAll().where('id', '=', row.chain_id).executeTakeFirstOrThrow();
  return { row, record: DeviationRecord.parse(row.record), chain };
}

function transitioned(record: DeviationRecord, action: DeviationAction, lang: Lang): DeviationRecord {
  const result = transitionDeviation(record, action);
  if (result.ok) return result.record;
  const { rule, field, params } = result.refusal;
  const issue = { path: field, rule: rule.id, message: message(lang, rule.id, { field, ...params }) };
  throw new ApiError(rule.id === 'deviation.field-required' ? 'invalid-input' : 'conflict', { issues: [issue] });
}

async function store(tx: Tx, user: SessionUser, before: DeviationRow, record: DeviationRecord, signatureId: string | null, now: Date): Promise<DeviationRow> {
  const after = await tx
    .updateTable('custody_deviations')
    .set({ status: record.status, record: JSON.stringify(record), signature_id: signatureId, version: before.version + 1 })
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const action = record.history[record.history.length - 1]?.action ?? 'update';
  await appendAudit(tx, { id: user.id, name: user.displayName }, { action: 'update', entityType: 'custody-deviation', entityId: before.id, patientId: before.patient_id, before, after, reason: action }, now);
  return after;
}

export type DeviationChange =
  | { readonly action: 'add-note'; readonly text: string }
  | { readonly action: 'investigate'; readonly rootCause: string; readonly correctiveAction: string; readonly note?: string | undefined }
  | { readonly action: 'reopen'; readonly reason: string };

/** A note, an investigation or a reopening, by the signed-in user at the server's time. A reopened deviation alerts again. */
export async function changeDeviation(tx: Tx, user: SessionUser, deviationId: string, change: DeviationChange, now: Date, lang: Lang): Promise<DeviationRow> {
  const { row, record, chain } = await lockDeviation(tx, user, deviationId);
  const who = { at: now.toISOString(), by: user.id };
  const action: DeviationAction =
    change.action === 'add-note'
      ? { action: 'add-note', ...who, text: change.text }
      : change.action === 'investigate'
        ? { action: 'investigate', ...who, rootCause: change.rootCause, correctiveAction: change.correctiveAction, ...(change.note === undefined ? {} : { note: change.note }) }
        : { action: 'reopen', ...who, reason: change.reason };
  const next = transitioned(record, action, lang);
  const after = await store(tx, user, row, next, change.action === 'reopen' ? null : row.signature_id, now);
  if (change.action === 'reopen') await raiseDeviationAlert(tx, { id: user.id, name: user.displayName }, chain, next, now);
  return after;
}

/**
 * Sign-off: the core's close (investigation done, a closing summary), signed electronically with
 * the password re-entered and bound to the hash of the closed record; the deviation's alert is
 * resolved with it.
 */
export async function signOffDeviation(tx: Tx, user: SessionUser, deviationId: string, input: { summary: string; password: string }, now: Date, lang: Lang): Promise<DeviationRow> {
  const { row, record, chain } = await lockDeviation(tx, user, deviationId);
  const closed = transitioned(record, { action: 'close', at: now.toISOString(), by: user.id, summary: input.summary }, lang);
  const signature = await signRecord(tx, user, input.password, 'deviation-sign-off', { type: 'custody-deviation', id: row.id, content: closed, patientId: row.patient_id }, now);
  const after = await store(tx, user, row, closed, signature.id, now);
  await resolveAlert(tx, { id: user.id, name: user.displayName }, chain.patient_id, alertKind(row), row.id, now, 'deviation signed off');
  return after;
}
