import type { BiologicallyDerivedProduct } from '@medplum/fhirtypes';
import type { Row } from '../../db/schema.js';
import { PRODUCT_SYSTEM } from '../systems.js';
import { patientReference, versionMeta } from './meta.js';

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

export function toFhirProduct(row: Row<'products'>): BiologicallyDerivedProduct {
  const status = statusOf(row.status);
  return {
    resourceType: 'BiologicallyDerivedProduct',
    id: row.id,
    meta: versionMeta(row.version),
    identifier: [{ system: PRODUCT_SYSTEM, value: row.product_code }],
    productCategory: 'cells',
    ...(status ? { status } : {}),
    // Autologous CAR-T: the cells are collected from the patient who receives them.
    collection: { source: patientReference(row.patient_id) },
  };
}
