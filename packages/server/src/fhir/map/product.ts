import type { BiologicallyDerivedProduct, BiologicallyDerivedProductProcessing, BiologicallyDerivedProductStorage, Identifier, Period } from '@medplum/fhirtypes';
import type { Row } from '../../db/schema.js';
import { CHAIN_OF_IDENTITY_SYSTEM, custodyItemSystem, ISBT128_DIN_SYSTEM, manufacturerIdentifierSystem, PRODUCT_SYSTEM } from '../systems.js';
import { patientReference, userReference, versionMeta } from './meta.js';

/*
 * R4 knows two product states. A product at the site and not yet used up is available; one
 * infused, discarded or sent away is not. A state outside both lists (e.g. still in
 * manufacture, or quarantined pending release) is left unstated rather than guessed.
 */
const AVAILABLE = new Set(['received', 'stored', 'in-storage', 'released', 'release-confirmed', 'available', 'thawed']);
const UNAVAILABLE = new Set(['infused', 'administered', 'discarded', 'destroyed', 'expired', 'rejected', 'returned', 'shipped', 'quarantined', 'quarantine']);

function statusOf(status: string): BiologicallyDerivedProduct['status'] {
  if (AVAILABLE.has(status)) return 'available';
  if (UNAVAILABLE.has(status)) return 'unavailable';
  return undefined;
}

/** A span of time; an end not reached yet is null. */
export interface CustodySpan {
  readonly start: string;
  readonly end: string | null;
}

/** One processing step: at one instant, or over a span. */
export interface CustodyProcessing {
  readonly description: string;
  readonly at: string | CustodySpan;
}

export interface CustodyStorage {
  readonly description: string;
  /** The last reading of the step that put the material there, °C; null when none was read. */
  readonly celsius: number | null;
  readonly span: CustodySpan;
}

export interface CustodyPerson {
  readonly userId: string;
  readonly name: string;
}

/** The apheresis material of one collection: the product's parent. */
export interface SourceMaterial {
  readonly din: string;
  readonly bagIds: readonly string[];
  readonly collector: CustodyPerson | null;
  readonly collected: CustodySpan;
  /** Sent to the manufacturer: no longer at the site. */
  readonly shipped: boolean;
  readonly processing: readonly CustodyProcessing[];
  readonly storage: readonly CustodyStorage[];
}

/** What the chain of identity adds to a product (custody/outputs/product-custody.ts builds it). */
export interface ProductCustody {
  readonly coi: string;
  readonly manufacturerIdentifiers: readonly { readonly system: string; readonly value: string }[];
  readonly bagIds: readonly string[];
  readonly sources: readonly SourceMaterial[];
  /** Manufacture by the manufacturer: a manipulation in R4's words (it changes the product). */
  readonly manufacture: { readonly description: string; readonly span: CustodySpan } | null;
  readonly processing: readonly CustodyProcessing[];
  readonly storage: readonly CustodyStorage[];
}

function period(span: CustodySpan): Period {
  // A recorded end before its start would break per-1: the start alone is still true.
  return span.end !== null && Date.parse(span.end) >= Date.parse(span.start) ? { start: span.start, end: span.end } : { start: span.start };
}

function processingOf(p: CustodyProcessing): BiologicallyDerivedProductProcessing {
  return typeof p.at === 'string' ? { description: p.description, timeDateTime: p.at } : { description: p.description, timePeriod: period(p.at) };
}

function storageOf(s: CustodyStorage): BiologicallyDerivedProductStorage {
  return { description: s.description, ...(s.celsius === null ? {} : { temperature: s.celsius, scale: 'celsius' as const }), duration: period(s.span) };
}

const typed = (system: string, value: string, text: string): Identifier => ({ system, value, type: { text } });

function collectionOf(patientId: string, collector: CustodyPerson | null, collected: CustodySpan): BiologicallyDerivedProduct['collection'] {
  return { ...(collector ? { collector: userReference(collector.userId, collector.name) } : {}), source: patientReference(patientId), collectedPeriod: period(collected) };
}

function sourceResource(source: SourceMaterial, id: string, patientId: string): BiologicallyDerivedProduct {
  return {
    resourceType: 'BiologicallyDerivedProduct',
    id,
    identifier: [typed(ISBT128_DIN_SYSTEM, source.din, 'ISBT 128 DIN'), ...source.bagIds.map((bag) => typed(custodyItemSystem('collection-bag'), bag, 'Collection bag'))],
    productCategory: 'cells',
    status: source.shipped ? 'unavailable' : 'available',
    quantity: source.bagIds.length,
    collection: collectionOf(patientId, source.collector, source.collected),
    ...(source.processing.length > 0 ? { processing: source.processing.map(processingOf) } : {}),
    ...(source.storage.length > 0 ? { storage: source.storage.map(storageOf) } : {}),
  };
}

export function toFhirProduct(row: Row<'products'>, custody: ProductCustody | null = null): BiologicallyDerivedProduct {
  const status = statusOf(row.status);
  const product: BiologicallyDerivedProduct = {
    resourceType: 'BiologicallyDerivedProduct',
    id: row.id,
    meta: versionMeta(row.version),
    identifier: [{ system: PRODUCT_SYSTEM, value: row.product_code }],
    productCategory: 'cells',
    ...(status ? { status } : {}),
    // Autologous CAR-T: the cells are collected from the patient who receives them.
    collection: { source: patientReference(row.patient_id) },
  };
  if (custody === null) return product;

  // The apheresis material travels inside the product as contained resources: it has no record of its own.
  const sources = custody.sources.map((s, i) => sourceResource(s, `collection-${i + 1}`, row.patient_id));
  const first = custody.sources[0];
  const last = custody.sources[custody.sources.length - 1];
  return {
    ...product,
    ...(sources.length > 0 ? { contained: sources } : {}),
    identifier: [
      ...(product.identifier ?? []),
      typed(CHAIN_OF_IDENTITY_SYSTEM, custody.coi, 'Chain of identity'),
      ...custody.sources.map((s) => typed(ISBT128_DIN_SYSTEM, s.din, 'ISBT 128 DIN')),
      ...custody.manufacturerIdentifiers.map((m) => typed(manufacturerIdentifierSystem(m.system), m.value, `Manufacturer identifier: ${m.system}`)),
    ],
    ...(sources.length > 0 ? { parent: sources.map((s) => ({ reference: `#${s.id ?? ''}` })) } : {}),
    quantity: custody.bagIds.length,
    collection:
      first && last ? collectionOf(row.patient_id, first.collector, { start: first.collected.start, end: last.collected.end }) : product.collection,
    ...(custody.processing.length > 0 ? { processing: custody.processing.map(processingOf) } : {}),
    ...(custody.manufacture ? { manipulation: { description: custody.manufacture.description, timePeriod: period(custody.manufacture.span) } } : {}),
    ...(custody.storage.length > 0 ? { storage: custody.storage.map(storageOf) } : {}),
  };
}
