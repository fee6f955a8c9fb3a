import * as z from 'zod';
import { CUSTODY_PATHWAYS, MANUFACTURING_STATUSES, ManufacturerIdentifier, ReleaseDocuments } from './events.js';

/**
 * The custody state of one course: plain JSON, so the server can keep it in a jsonb column and
 * check it with `CustodyState.parse` when it reads it back. Instants are ISO 8601 strings as the
 * events gave them.
 */
const At = z.string();
const MaybeAt = z.string().nullable();

export const CollectionRecord = z.object({
  din: z.string().describe('13-character DIN.'),
  start: At,
  end: At,
  bagIds: z.array(z.string()),
  eventId: z.string(),
});

export const CollectionBagState = z.object({
  bagId: z.string(),
  din: z.string(),
  refrigeratedAt: MaybeAt.describe('Placed at 2-8 °C.'),
  // A state stored before these two were kept has neither: read as not recorded.
  cryoprotectantAddedAt: MaybeAt.default(null).describe('DMSO cryoprotectant first added (from the freezing record), when it was recorded.'),
  freezingStartedAt: MaybeAt.describe('Controlled-rate freezing started: from the freezing record, or its completion when the record has no start.'),
  freezingStartRecorded: z.boolean().default(false).describe('The freezing record gave the start of freezing (freezingStartedAt is not its completion).'),
  cryopreservedAt: MaybeAt.describe('Controlled-rate freezing completed (from the freezing record).'),
  liquidNitrogenAt: MaybeAt,
  shippedAt: MaybeAt,
  shipmentId: z.string().nullable(),
});

export const ShipmentRecord = z.object({
  shipmentId: z.string(),
  at: At,
  bagIds: z.array(z.string()),
  containerId: z.string(),
  manufacturerIdentifiers: z.array(ManufacturerIdentifier),
});

export const ManufacturingUpdate = z.object({ at: At, status: z.enum(MANUFACTURING_STATUSES), manufacturerIdentifiers: z.array(ManufacturerIdentifier) });

export const RELEASE_STATUSES = ['accepted', 'not-accepted', 'incomplete'] as const;
export const STORAGE_CHECK_STATUSES = ['pending', 'passed', 'failed'] as const;

export const ProductBagState = z.object({
  bagId: z.string(),
  manufacturerBagId: z.string().nullable(),
  storedAt: MaybeAt.describe('Placed in liquid nitrogen after receipt.'),
  atBedsideAt: MaybeAt,
  matchedAt: MaybeAt.describe('Latest two-person bedside identity match of this bag.'),
  thawStartedAt: MaybeAt,
  infusionStartedAt: MaybeAt,
  infusionEndedAt: MaybeAt,
});

export const ProductState = z.object({
  productId: z.string(),
  receivedAt: At,
  expiresAt: At,
  manufacturerIdentifiers: z.array(ManufacturerIdentifier),
  release: ReleaseDocuments,
  /** Derived from the receipt's two-person check (§2.2.1). */
  chainOfIdentityVerifiedByTwo: z.boolean(),
  /** Every bag scanned by its unique number at receipt (§2.2.1). */
  inventoryByBagNumber: z.boolean(),
  /** Identity, count and integrity re-checked when the bags are stored (§2.2.1): passed once every bag is stored with both checks passed; a failure stays. */
  storageCheck: z.enum(STORAGE_CHECK_STATUSES),
  releaseStatus: z.enum(RELEASE_STATUSES).describe("The infusion planner's receipt status: thaw needs accepted."),
  bags: z.array(ProductBagState),
});

export const CustodyState = z.object({
  coi: z.string(),
  patientId: z.string().describe('Opaque patient id; never a name or record number.'),
  pathway: z.enum(CUSTODY_PATHWAYS),
  collections: z.array(CollectionRecord),
  collectionBags: z.array(CollectionBagState),
  shipments: z.array(ShipmentRecord),
  manufacturing: z.array(ManufacturingUpdate),
  product: ProductState.nullable(),
  lastEventAt: MaybeAt.describe('Instant of the last accepted event: later events may not be earlier.'),
  acceptedEvents: z.number().int(),
});
export type CustodyState = z.infer<typeof CustodyState>;
export type CollectionBagState = z.infer<typeof CollectionBagState>;
export type ProductBagState = z.infer<typeof ProductBagState>;
export type ProductState = z.infer<typeof ProductState>;

/** What a course's custody starts from: its COI, its patient, its pathway. */
export const CustodyCourse = z
  .object({
    coi: z.string().min(1),
    patientId: z.string().min(1),
    pathway: z.enum(CUSTODY_PATHWAYS).default('cryopreserve-on-site'),
  })
  .strict();
export type CustodyCourse = z.input<typeof CustodyCourse>;

export function initialCustodyState(course: CustodyCourse): CustodyState {
  const { coi, patientId, pathway } = CustodyCourse.parse(course);
  return { coi, patientId, pathway, collections: [], collectionBags: [], shipments: [], manufacturing: [], product: null, lastEventAt: null, acceptedEvents: 0 };
}
