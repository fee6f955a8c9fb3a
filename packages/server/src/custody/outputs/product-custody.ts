import { earliestOf, refrigerationEnd, type CustodyEvent, type CustodyState, type ManufacturerIdentifier } from '@cartographer/core';
import type { Db, Tx } from '../../db/connect.js';
import type { CustodyPerson, CustodyProcessing, CustodyStorage, ProductCustody, SourceMaterial } from '../../fhir/map/product.js';
import { loadHistory, type ChainRow } from '../history.js';

/**
 * What a course's chain of identity says about its product, for FHIR BiologicallyDerivedProduct:
 * identifiers, the apheresis material it was made from (collection, freezing, storage,
 * shipment), its manufacture, storage and thaws. Built from the accepted events only: a refused
 * step did not happen to the material.
 */

const FREEZING_STEPS: Readonly<Record<string, string>> = {
  'refrigerated': 'Placed at 2-8 °C',
  'cryoprotectant-added': 'Cryoprotectant added',
  'freezing-started': 'Controlled-rate freezing started',
  'freezing-completed': 'Controlled-rate freezing completed',
};

function scannedBags(event: CustodyEvent): string[] {
  return event.scanned.filter((s) => s.kind === 'collection-bag' || s.kind === 'product-bag').map((s) => s.value);
}

function touches(event: CustodyEvent, bagIds: readonly string[]): boolean {
  return scannedBags(event).some((b) => bagIds.includes(b));
}

function lastReading(event: CustodyEvent): number | null {
  return event.temperatures[event.temperatures.length - 1]?.temperature ?? null;
}

function sourceOf(state: CustodyState, events: readonly CustodyEvent[], people: ReadonlyMap<string, string>, index: number): SourceMaterial {
  const collection = state.collections[index]!;
  const bags = state.collectionBags.filter((b) => collection.bagIds.includes(b.bagId));
  const event = events.find((e) => e.id === collection.eventId);
  const performer = event?.performedBy[0];
  const collector: CustodyPerson | null = performer ? { userId: performer.userId, name: people.get(performer.userId) ?? performer.userId } : null;
  const refrigerated = refrigerationEnd(bags);
  const shipped = earliestOf(bags.map((b) => b.shippedAt));
  const processing: CustodyProcessing[] = [];
  const storage: CustodyStorage[] = [];
  for (const e of events) {
    if (!touches(e, collection.bagIds)) continue;
    const where = e.location.cabinetId === undefined ? e.location.id : `${e.location.id}, cabinet ${e.location.cabinetId}`;
    switch (e.type) {
      case 'cold-storage':
        storage.push({
          description: `Refrigerated at 2-8 °C (${where})${refrigerated.known ? '' : '; end not recorded: the freezing record gives no start of freezing'}`,
          celsius: lastReading(e),
          span: { start: e.at, end: refrigerated.end },
        });
        break;
      case 'cryopreservation':
        for (const step of e.record.events) processing.push({ description: `${FREEZING_STEPS[step.event] ?? step.event} (${where})`, at: step.at });
        break;
      case 'liquid-nitrogen-storage':
        storage.push({ description: `Liquid nitrogen (${where})`, celsius: lastReading(e), span: { start: e.at, end: shipped } });
        break;
      case 'shipment':
        storage.push({ description: `Shipment ${e.shipmentId} to the manufacturer in ${e.container.kind} ${e.container.id}`, celsius: lastReading(e), span: { start: e.at, end: state.product?.receivedAt ?? null } });
        break;
      // The collection names its bags (the collection itself); the later steps touch the product's bags.
      case 'collection':
      case 'manufacturing-status':
      case 'receipt':
      case 'release-documents':
      case 'product-storage':
      case 'transfer-to-bedside':
      case 'bedside-match':
      case 'thaw':
      case 'infusion-start':
      case 'infusion-end':
        break;
    }
  }
  return { din: collection.din, bagIds: collection.bagIds, collector, collected: { start: collection.start, end: collection.end }, shipped: shipped !== null, processing, storage };
}

function distinct(ids: readonly ManufacturerIdentifier[]): ManufacturerIdentifier[] {
  const seen = new Set<string>();
  return ids.filter((m) => {
    const key = `${m.system}\u0000${m.value}`;
    return !seen.has(key) && seen.add(key);
  });
}

/** Builds the product's custody view from a course's replayed state and accepted events; people maps user ids to display names. */
export function productCustodyOf(chain: ChainRow, state: CustodyState, events: readonly CustodyEvent[], people: ReadonlyMap<string, string>): ProductCustody {
  const product = state.product;
  const bagIds = product?.bags.map((b) => b.bagId) ?? [];
  const updates = state.manufacturing;
  const firstUpdate = updates[0];
  const manufacture =
    firstUpdate === undefined
      ? null
      : {
          description: `CAR-T manufacture by the manufacturer: ${updates.map((u) => `${u.status} ${u.at}`).join('; ')}`,
          span: { start: firstUpdate.at, end: updates.find((u) => u.status === 'released')?.at ?? product?.receivedAt ?? null },
        };
  const storage: CustodyStorage[] = [];
  for (const e of events) {
    if (!touches(e, bagIds)) continue;
    const scanned = scannedBags(e);
    const own = product?.bags.filter((b) => scanned.includes(b.bagId)) ?? [];
    if (e.type === 'product-storage') storage.push({ description: `Liquid nitrogen after receipt (${e.location.id})`, celsius: lastReading(e), span: { start: e.at, end: earliestOf(own.map((b) => b.atBedsideAt)) } });
    if (e.type === 'transfer-to-bedside') storage.push({ description: `Cryogenic shipper to the bedside (${e.location.id})`, celsius: lastReading(e), span: { start: e.at, end: earliestOf(own.map((b) => b.thawStartedAt)) } });
  }
  const processing: CustodyProcessing[] = (product?.bags ?? []).flatMap((b) => (b.thawStartedAt === null ? [] : [{ description: `Thaw of bag ${b.bagId}`, at: b.thawStartedAt }]));
  return {
    coi: chain.coi,
    manufacturerIdentifiers: distinct([
      ...(chain.manufacturer_identifiers as ManufacturerIdentifier[]),
      ...state.shipments.flatMap((s) => s.manufacturerIdentifiers),
      ...(product?.manufacturerIdentifiers ?? []),
    ]),
    bagIds,
    sources: state.collections.map((_, i) => sourceOf(state, events, people, i)),
    manufacture,
    processing,
    storage,
  };
}

/** The custody view of each product that a chain of identity produced (a product recorded otherwise has none). */
export async function loadProductCustody(db: Db | Tx, productIds: readonly string[]): Promise<Map<string, ProductCustody>> {
  const result = new Map<string, ProductCustody>();
  if (productIds.length === 0) return result;
  const chains = await db.selectFrom('custody_chains').selectAll().where('product_id', 'in', [...productIds]).execute();
  for (const chain of chains) {
    const history = await loadHistory(db, chain);
    const userIds = [...new Set(history.events.flatMap((e) => e.performedBy.map((p) => p.userId)))];
    const users = userIds.length === 0 ? [] : await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute();
    if (chain.product_id !== null) result.set(chain.product_id, productCustodyOf(chain, history.state, history.events, new Map(users.map((u) => [u.id, u.display_name]))));
  }
  return result;
}
