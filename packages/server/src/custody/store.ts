import { randomUUID } from 'node:crypto';
import { EMPTY_CABINETS, type CabinetState, type CustodyEvent, type CustodyReason, type CustodyState, type ProductState } from '@cartographer/core';
import { sql } from 'kysely';
import { appendAudit, type Actor } from '../audit/trail.js';
import type { Tx } from '../db/connect.js';
import type { ChainRow } from './history.js';
import { serverReason } from './refusal.js';

/**
 * Storage of custody material outside the event log: biosafety-cabinet sessions, the product row
 * (FHIR BiologicallyDerivedProduct) and the cross-course uniqueness of identifiers.
 */

// Transaction-scoped advisory locks in a key space of their own (two-key form), one per cabinet.
const CABINET_LOCKS = 0x63616269; // 'cabi'

/**
 * What is open in a cabinet now, as the core's CabinetState. The cabinet is locked for the rest of
 * the transaction: its occupancy cannot change while a step that names it is applied, and two
 * openings of one cabinet are decided one after the other.
 */
export async function cabinetState(tx: Tx, cabinetId: string | undefined): Promise<CabinetState> {
  if (cabinetId === undefined) return EMPTY_CABINETS;
  await sql`SELECT pg_advisory_xact_lock(${CABINET_LOCKS}, hashtext(${cabinetId}))`.execute(tx);
  const rows = await tx
    .selectFrom('custody_cabinet_materials as m')
    .innerJoin('custody_cabinet_sessions as s', 's.id', 'm.session_id')
    .innerJoin('custody_chains as c', 'c.id', 'm.chain_id')
    .select(['s.cabinet_id', 'm.material_id', 'c.coi', 'm.patient_id', 'm.opened_at', 'm.opened_by'])
    .where('s.cabinet_id', '=', cabinetId)
    .where('s.closed_at', 'is', null)
    .where('m.closed_at', 'is', null)
    .orderBy('m.opened_at')
    .orderBy('m.id')
    .execute();
  return {
    open: rows.map((r) => ({ cabinetId: r.cabinet_id, materialId: r.material_id, coi: r.coi, patientId: r.patient_id, openedAt: r.opened_at.toISOString(), openedBy: [r.opened_by] })),
  };
}

export interface OpenMaterialInput {
  readonly cabinetId: string;
  readonly chainId: string;
  readonly patientId: string;
  readonly materialId: string;
  readonly openedAt: Date;
  readonly openedBy: string;
  readonly openEventId: string;
}

/**
 * Opens a material in a cabinet: in the patient's open session there, or in a new one. A second
 * patient's session cannot open while another is open: the partial unique index
 * custody_cabinet_sessions_open refuses it even if the core's check were bypassed.
 */
export async function openCabinetMaterial(tx: Tx, actor: Actor, input: OpenMaterialInput, now: Date): Promise<string> {
  let session = await tx
    .selectFrom('custody_cabinet_sessions')
    .select('id')
    .where('cabinet_id', '=', input.cabinetId)
    .where('patient_id', '=', input.patientId)
    .where('closed_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!session) {
    session = await tx
      .insertInto('custody_cabinet_sessions')
      .values({ id: randomUUID(), cabinet_id: input.cabinetId, patient_id: input.patientId, opened_at: input.openedAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, actor, { action: 'create', entityType: 'custody-cabinet-session', entityId: session.id, patientId: input.patientId, after: { cabinetId: input.cabinetId, openedAt: input.openedAt } }, now);
  }
  const material = await tx
    .insertInto('custody_cabinet_materials')
    .values({
      id: randomUUID(),
      session_id: session.id,
      chain_id: input.chainId,
      patient_id: input.patientId,
      material_id: input.materialId,
      opened_at: input.openedAt,
      opened_by: input.openedBy,
      open_event_id: input.openEventId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: 'create', entityType: 'custody-cabinet-material', entityId: material.id, patientId: input.patientId, after: material }, now);
  return material.id;
}

/** Closes a material; the session closes with its last open material. */
export async function closeCabinetMaterial(
  tx: Tx,
  actor: Actor,
  input: { cabinetId: string; patientId: string; materialId: string; closedAt: Date; closedBy: string; closeEventId: string },
  now: Date,
): Promise<void> {
  const open = await tx
    .selectFrom('custody_cabinet_materials as m')
    .innerJoin('custody_cabinet_sessions as s', 's.id', 'm.session_id')
    .selectAll('m')
    .where('s.cabinet_id', '=', input.cabinetId)
    .where('s.closed_at', 'is', null)
    .where('m.patient_id', '=', input.patientId)
    .where('m.material_id', '=', input.materialId)
    .where('m.closed_at', 'is', null)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const closed = await tx
    .updateTable('custody_cabinet_materials')
    .set({ closed_at: input.closedAt, closed_by: input.closedBy, close_event_id: input.closeEventId })
    .where('id', '=', open.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: 'update', entityType: 'custody-cabinet-material', entityId: open.id, patientId: input.patientId, before: open, after: closed }, now);
  const remaining = await tx.selectFrom('custody_cabinet_materials').select('id').where('session_id', '=', open.session_id).where('closed_at', 'is', null).executeTakeFirst();
  if (!remaining) {
    const session = await tx.updateTable('custody_cabinet_sessions').set({ closed_at: input.closedAt }).where('id', '=', open.session_id).returningAll().executeTakeFirstOrThrow();
    await appendAudit(tx, actor, { action: 'update', entityType: 'custody-cabinet-session', entityId: session.id, patientId: input.patientId, after: session }, now);
  }
}

/** Identifiers a step introduces, with the event field that names each (as the core names fields). */
function declared(event: CustodyEvent): { kind: string; value: string; field: string }[] {
  if (event.type === 'collection') return [{ kind: 'din', value: event.din, field: 'din' }, ...event.bags.map((b, i) => ({ kind: 'collection-bag', value: b.bagId, field: `bags[${i}].bagId` }))];
  if (event.type === 'shipment') return [{ kind: 'shipment', value: event.shipmentId, field: 'shipmentId' }];
  if (event.type === 'receipt') {
    return [{ kind: 'product', value: event.product.productId, field: 'product.productId' }, ...event.product.bags.map((b, i) => ({ kind: 'product-bag', value: b.bagId, field: `product.bags[${i}].bagId` }))];
  }
  return [];
}

/**
 * Identifiers of this step already recorded for another course (or a DIN assigned to another
 * course): a label of one patient's material must never name another's.
 */
export async function usedByOtherCourses(tx: Tx, chainId: string, event: CustodyEvent): Promise<CustodyReason[]> {
  const wanted = declared(event);
  if (wanted.length === 0) return [];
  const items = await tx
    .selectFrom('custody_items')
    .select(['kind', 'value'])
    .where('chain_id', '<>', chainId)
    .where((eb) => eb.or(wanted.map((w) => eb.and([eb('kind', '=', w.kind), eb('value', '=', w.value)]))))
    .execute();
  const dins = event.type === 'collection' ? await tx.selectFrom('custody_chains').select('din').where('din', '=', event.din).where('id', '<>', chainId).execute() : [];
  return wanted
    .filter((w) => items.some((i) => i.kind === w.kind && i.value === w.value) || (w.kind === 'din' && dins.length > 0))
    .map((w) => serverReason('identifier-already-used', w.field, { found: w.value }));
}

/** The product's status in the FHIR sense (fhir/map/product.ts reads these words). */
export function productStatus(product: ProductState): string {
  if (product.bags.every((b) => b.infusionEndedAt !== null)) return 'infused';
  if (product.bags.some((b) => b.thawStartedAt !== null)) return 'thawed';
  if (product.releaseStatus === 'not-accepted') return 'quarantined';
  if (product.storageCheck === 'passed') return 'stored';
  return 'received';
}

/** Creates the product row at receipt and follows its status afterwards; returns the product id. */
export async function syncProduct(tx: Tx, actor: Actor, chain: ChainRow, previous: CustodyState, state: CustodyState, now: Date): Promise<string | null> {
  const product = state.product;
  if (product === null) return chain.product_id;
  const status = productStatus(product);
  if (chain.product_id !== null && previous.product !== null && productStatus(previous.product) === status) return chain.product_id;
  const details = { coi: chain.coi, chainId: chain.id, expiresAt: product.expiresAt, manufacturerIdentifiers: product.manufacturerIdentifiers, bags: product.bags.map((b) => b.bagId) };
  if (chain.product_id === null) {
    const row = await tx
      .insertInto('products')
      .values({ id: randomUUID(), patient_id: chain.patient_id, episode_id: chain.episode_id, product_code: product.productId, status, details: JSON.stringify(details), created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(tx, actor, { action: 'create', entityType: 'product', entityId: row.id, patientId: chain.patient_id, after: row }, now);
    return row.id;
  }
  const before = await tx.selectFrom('products').selectAll().where('id', '=', chain.product_id).forUpdate().executeTakeFirstOrThrow();
  if (before.status === status) return before.id;
  const after = await tx.updateTable('products').set({ status, version: before.version + 1 }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: 'update', entityType: 'product', entityId: before.id, patientId: chain.patient_id, before, after }, now);
  return before.id;
}

/** The code of a PostgreSQL error (e.g. 23505 unique violation) and its constraint, when it is one. */
export function postgresError(err: unknown): { code: string; constraint: string | undefined } | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; constraint?: unknown };
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? { code: e.code, constraint: typeof e.constraint === 'string' ? e.constraint : undefined } : null;
}
