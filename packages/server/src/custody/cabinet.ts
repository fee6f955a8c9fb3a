import { randomUUID } from 'node:crypto';
import { applyCabinetEvent, CabinetEvent, CustodyState, parseInput, type CustodyReason, type Lang } from '@cartographer/core';
import { appendAudit, type Actor } from '../audit/trail.js';
import type { SessionUser } from '../auth/sessions.js';
import type { Tx } from '../db/connect.js';
import { recordDeviation } from './deviations.js';
import { lockChain } from './history.js';
import { assertNotLater } from './record.js';
import { refusalDraft, serverReason, storedReasons, underField, type Refusal } from './refusal.js';
import { cabinetState, closeCabinetMaterial, openCabinetMaterial } from './store.js';

/**
 * Opening and closing a course's material in a biosafety cabinet: one patient's material at a
 * time (handbook §1.4 item 10). The core's cabinet reducer decides; the database's partial
 * unique index on open sessions holds the same rule underneath it. A refusal is recorded like a
 * refused custody step (event, deviation, critical alert) and answered 409.
 */

export interface CabinetRequest {
  readonly chainId: string;
  readonly type: 'open' | 'close';
  readonly cabinetId: string;
  readonly materialId: string;
  readonly at: string;
  readonly user: SessionUser;
}

export interface CabinetAccepted {
  readonly status: 'accepted';
  readonly eventId: string;
  readonly open: readonly { materialId: string; openedAt: string }[];
}

/** What may be opened: a bag this course knows (its collection bags, then its product bags). */
function ownMaterial(state: CustodyState, materialId: string): boolean {
  return state.collectionBags.some((b) => b.bagId === materialId) || (state.product?.bags ?? []).some((b) => b.bagId === materialId);
}

export async function recordCabinetEvent(tx: Tx, request: CabinetRequest, now: Date, lang: Lang): Promise<CabinetAccepted | Refusal> {
  const { user } = request;
  const actor: Actor = { id: user.id, name: user.displayName };
  const chain = await lockChain(tx, request.chainId);
  const id = randomUUID();
  let event: CabinetEvent;
  try {
    event = parseInput(
      'custody',
      CabinetEvent,
      { type: request.type, id, cabinetId: request.cabinetId, at: request.at, performedBy: [{ userId: user.id, role: user.role }], coi: chain.coi, patientId: chain.patient_id, materialId: request.materialId },
      lang,
    );
  } catch (err) {
    throw underField(err, '');
  }
  assertNotLater('at', event.at, now);
  const state = CustodyState.parse(chain.state);
  const cabinets = await cabinetState(tx, event.cabinetId);
  const outcome = applyCabinetEvent(cabinets, event).outcome;
  // Opening a bag of another course under this one would let the cabinet think it holds this patient's material.
  const foreign: CustodyReason[] = event.type === 'open' && !ownMaterial(state, event.materialId) ? [serverReason('collection-bag-unknown', 'materialId', { found: event.materialId })] : [];
  const row = {
    id,
    chain_id: chain.id,
    patient_id: chain.patient_id,
    type: event.type,
    cabinet_id: event.cabinetId,
    material_id: event.materialId,
    occurred_at: new Date(event.at),
    recorded_at: now,
    performed_by: user.id,
  };

  if (outcome.status === 'hard-stop' || foreign.length > 0) {
    const reasons = [...(outcome.status === 'hard-stop' ? outcome.reasons : []), ...foreign];
    const kept = storedReasons(reasons);
    const inserted = await tx.insertInto('custody_cabinet_events').values({ ...row, outcome: 'refused', reasons: JSON.stringify(kept) }).returningAll().executeTakeFirstOrThrow();
    await appendAudit(tx, actor, { action: 'refuse', entityType: 'custody-cabinet-event', entityId: id, patientId: chain.patient_id, after: inserted, reason: kept.map((r) => r.code).join(', ') }, now);
    const draft = refusalDraft({ id, type: `cabinet-${event.type}`, at: event.at, performedBy: event.performedBy }, chain.coi, reasons);
    const deviationId = await recordDeviation(tx, actor, chain, { cabinetEventId: id }, draft, now);
    return { status: 'refused', eventId: id, deviationId, reasons: kept };
  }

  const inserted = await tx.insertInto('custody_cabinet_events').values({ ...row, outcome: 'accepted' }).returningAll().executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: 'create', entityType: 'custody-cabinet-event', entityId: id, patientId: chain.patient_id, after: inserted }, now);
  const at = new Date(event.at);
  if (event.type === 'open') {
    await openCabinetMaterial(tx, actor, { cabinetId: event.cabinetId, chainId: chain.id, patientId: chain.patient_id, materialId: event.materialId, openedAt: at, openedBy: user.id, openEventId: id }, now);
  } else {
    await closeCabinetMaterial(tx, actor, { cabinetId: event.cabinetId, patientId: chain.patient_id, materialId: event.materialId, closedAt: at, closedBy: user.id, closeEventId: id }, now);
  }
  const after = await cabinetState(tx, event.cabinetId);
  return { status: 'accepted', eventId: id, open: after.open.filter((m) => m.patientId === chain.patient_id).map((m) => ({ materialId: m.materialId, openedAt: m.openedAt })) };
}
