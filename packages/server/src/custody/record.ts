import { randomUUID } from 'node:crypto';
import { applyCustodyEvent, CustodyEvent, parseInput, type CustodyReason, type CustodyState, type CustodyStep, type InstitutionSettings, type Lang } from '@cartographer/core';
import { appendAudit, type Actor } from '../audit/trail.js';
import type { SessionUser } from '../auth/sessions.js';
import { hashRecord } from '../auth/signatures.js';
import { currentSettings, type ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import { invalid } from '../errors.js';
import { evaluateChainClocks, scheduleClockCheck } from './clocks.js';
import { recordDeviation } from './deviations.js';
import { loadHistory, lockChain, type StoredContext } from './history.js';
import { syncJourneyWithCustody } from './journey-sync.js';
import { writeLineage } from './lineage.js';
import { refusalDraft, storedReasons, underField, type Refusal } from './refusal.js';
import { resolvePatientScans } from './scans.js';
import { EventInput, type JourneyChanges } from './schemas.js';
import { cabinetState, syncProduct, usedByOtherCourses } from './store.js';
import { findVerifier, permittedRoles, signEvent, type Credentials } from './two-person.js';

/**
 * Recording one custody step: the course's state is rebuilt from its stored accepted events, the
 * core applies the step, and the outcome is stored in the caller's transaction.
 *
 * - Accepted: the event (with both signatures for a two-person check), its lineage, the product
 *   row, the deviations beside it with their alerts, and the clocks' alerts.
 * - Hard stop: the refused event, its deviation and a critical alert. The caller commits these
 *   and answers 409: a refusal is itself a record (handbook §1.4 item 7: deviations reported).
 */

/**
 * Workstation clocks drift: a step may be dated this far after the server's time. Not a clinical
 * threshold; it keeps a wrong date from being accepted as a step still to come.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface StepRequest {
  readonly chainId: string;
  /** The event as sent: a CustodyEvent without id and performedBy. */
  readonly event: unknown;
  readonly performer: SessionUser;
  readonly performerPassword?: string | undefined;
  readonly verifier?: Credentials | undefined;
}

export interface Accepted {
  readonly status: 'accepted';
  readonly eventId: string;
  readonly deviationIds: readonly string[];
  readonly state: CustodyState;
  readonly settings: InstitutionSettings;
  /** What the step carried to the CAR-T course (anchors, deadline tasks). */
  readonly journey: JourneyChanges;
}

export function assertNotLater(path: string, at: string, now: Date): void {
  if (Date.parse(at) > now.getTime() + CLOCK_SKEW_MS) throw invalid(path, 'custody.at-in-future', { at, now: now.toISOString() });
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export async function recordCustodyStep(ctx: ServerContext, tx: Tx, request: StepRequest, now: Date, lang: Lang): Promise<Accepted | Refusal> {
  const { performer } = request;
  const actor: Actor = { id: performer.id, name: performer.displayName };
  const chain = await lockChain(tx, request.chainId);
  try {
    parseInput('custody', EventInput, request.event, lang);
  } catch (err) {
    throw underField(err, 'event');
  }
  if (request.verifier !== undefined && request.performerPassword === undefined) throw invalid('performerPassword', 'custody.performer-password-required');
  const verifier = request.verifier === undefined ? null : await findVerifier(tx, request.verifier, chain.patient_id);

  const eventId = randomUUID();
  const performedBy = [{ userId: performer.id, role: performer.role }, ...(verifier ? [{ userId: verifier.user.id, role: verifier.user.role }] : [])];
  const stored = { ...(await resolvePatientScans(tx, asObject(request.event))), id: eventId, performedBy };
  // The schema accepted the body above; this parse only adds the server's fields.
  const event = CustodyEvent.parse(stored);
  assertNotLater('event.at', event.at, now);

  const { version: settingsVersion, settings } = await currentSettings(tx);
  const history = await loadHistory(tx, chain);
  const cabinets = await cabinetState(tx, event.location.cabinetId);
  const roles: Partial<Record<CustodyStep, readonly string[]>> = { [event.type]: permittedRoles(event.type) };
  const result = applyCustodyEvent(history.state, event, { settings, cabinets, permittedRoles: roles });
  const elsewhere = await usedByOtherCourses(tx, chain.id, event);

  const row = {
    id: eventId,
    chain_id: chain.id,
    patient_id: chain.patient_id,
    type: event.type,
    event: JSON.stringify(stored),
    occurred_at: new Date(event.at),
    recorded_at: now,
    location_id: event.location.id,
    location_kind: event.location.kind,
    cabinet_id: event.location.cabinetId ?? null,
    scanned: JSON.stringify(event.scanned),
    temperatures: JSON.stringify(event.temperatures),
    performed_by: performer.id,
    verified_by: verifier?.user.id ?? null,
  };

  if (result.outcome.status === 'hard-stop' || elsewhere.length > 0) {
    // The second person, if named, has proved who they are (findVerifier) before a refusal is recorded in their name.
    const reasons: CustodyReason[] = [...(result.outcome.status === 'hard-stop' ? result.outcome.reasons : []), ...elsewhere];
    const draft = result.outcome.status === 'hard-stop' ? { ...result.outcome.deviation, reasons: reasons.map((r) => r.code) } : refusalDraft(event, chain.coi, elsewhere);
    const kept = storedReasons(reasons);
    const context: StoredContext = { cabinets: null, permittedRoles: roles, settingsVersion };
    const content = { id: eventId, chainId: chain.id, coi: chain.coi, outcome: 'refused', event: stored, reasons: kept, recordedAt: now.toISOString() };
    const inserted = await tx
      .insertInto('custody_events')
      .values({ ...row, outcome: 'refused', position: null, reasons: JSON.stringify(kept), context: JSON.stringify(context), record_hash: hashRecord(content) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(tx, actor, { action: 'refuse', entityType: 'custody-event', entityId: eventId, patientId: chain.patient_id, after: inserted, reason: kept.map((r) => r.code).join(', ') }, now);
    const deviationId = await recordDeviation(tx, actor, chain, { custodyEventId: eventId }, draft, now);
    return { status: 'refused', eventId, deviationId, reasons: kept };
  }

  const position = chain.accepted_events + 1;
  const context: StoredContext = { cabinets: event.location.cabinetId === undefined ? null : cabinets, permittedRoles: roles, settingsVersion };
  const content = { id: eventId, chainId: chain.id, coi: chain.coi, outcome: 'accepted', position, event: stored, recordedAt: now.toISOString() };
  const signatures = verifier ? await signEvent(tx, performer, request.performerPassword!, verifier, { id: eventId, content, patientId: chain.patient_id }, now) : null;
  const inserted = await tx
    .insertInto('custody_events')
    .values({
      ...row,
      outcome: 'accepted',
      position,
      context: JSON.stringify(context),
      performer_signature_id: signatures?.performer.id ?? null,
      verifier_signature_id: signatures?.verifier.id ?? null,
      record_hash: hashRecord(content),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: 'create', entityType: 'custody-event', entityId: eventId, patientId: chain.patient_id, after: inserted }, now);
  await writeLineage(tx, actor, chain, history.events, event, eventId, now);

  const state = result.state;
  const productId = await syncProduct(tx, actor, chain, history.state, state, now);
  const updated = await tx
    .updateTable('custody_chains')
    .set({ state: JSON.stringify(state), accepted_events: position, product_id: productId, version: chain.version + 1 })
    .where('id', '=', chain.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(
    tx,
    actor,
    { action: 'update', entityType: 'custody-chain', entityId: chain.id, patientId: chain.patient_id, before: { acceptedEvents: chain.accepted_events, productId: chain.product_id, state: chain.state }, after: { acceptedEvents: position, productId, state } },
    now,
  );
  const deviationIds: string[] = [];
  for (const draft of result.outcome.deviations) deviationIds.push(await recordDeviation(tx, actor, updated, { custodyEventId: eventId }, draft, now));
  const clocks = await evaluateChainClocks(tx, actor, updated, state, settings, now);
  await scheduleClockCheck(tx, actor, updated, clocks.nextCheckAt, now);
  const journey = await syncJourneyWithCustody(ctx, tx, actor, updated, history.state, state, eventId, now);
  return { status: 'accepted', eventId, deviationIds, state, settings, journey };
}
