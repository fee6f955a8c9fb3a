import * as z from 'zod';
import { CryoInput } from '../journey/cryopreservation.js';
import { InfusionInput } from '../journey/infusion.js';
import { Instant } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { DinString } from './din.js';
import { TemperatureReading } from './temperature.js';

/**
 * The custody events of one CAR-T course, from collection to the last infused bag. Every event
 * says who (user ids and roles), when, where, what was scanned, and the temperatures read.
 * The server validates request bodies with these schemas and hands the parsed event to
 * `applyCustodyEvent`.
 */

/** The steps in the order the handbook describes them (§1.4 items 5-10, §2.2.1-2.2.3). */
export const CUSTODY_STEPS = [
  'collection',
  'cold-storage',
  'cryopreservation',
  'liquid-nitrogen-storage',
  'shipment',
  'manufacturing-status',
  'receipt',
  'release-documents',
  'product-storage',
  'transfer-to-bedside',
  'bedside-match',
  'thaw',
  'infusion-start',
  'infusion-end',
] as const;
export type CustodyStep = (typeof CUSTODY_STEPS)[number];

/** Where material can be sent: on-site cryopreservation or fresh to the manufacturer (§1.4 item 6). */
export const CUSTODY_PATHWAYS = ['cryopreserve-on-site', 'fresh-to-manufacturer'] as const;
export type CustodyPathway = (typeof CUSTODY_PATHWAYS)[number];

const Id = z.string().trim().min(1).max(200);

/** A person taking part in a step: the authenticated user and the role they act in. */
export const CustodyPerson = z
  .object({
    userId: Id.describe('Authenticated user id (never a name).'),
    role: z.string().min(1).max(100).describe('The role the user acts in, as the server names it (e.g. nurse, pharmacist).'),
  })
  .strict();
export type CustodyPerson = z.output<typeof CustodyPerson>;

export const LOCATION_KINDS = [
  'apheresis-unit',
  'cell-processing',
  'refrigerator',
  'freezer',
  'liquid-nitrogen',
  'transport',
  'manufacturer',
  'pharmacy',
  'ward',
  'bedside',
] as const;

export const CustodyLocation = z
  .object({
    id: Id.describe('Institution-defined location id (room, refrigerator, tank...).'),
    kind: z.enum(LOCATION_KINDS),
    cabinetId: Id.optional().describe('Biosafety cabinet in which the material was opened, when it was.'),
  })
  .strict();
export type CustodyLocation = z.output<typeof CustodyLocation>;

/** What a barcode or label scan identifies. */
export const SCAN_KINDS = ['patient', 'coi', 'din', 'collection-bag', 'product-bag', 'manufacturer'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];

/**
 * One scanned identifier. `patient` is the patient id the server resolved the wristband to (an
 * unresolved wristband is passed as read, and matches nothing). `manufacturer` carries the
 * manufacturer's own identifier with its `system` (e.g. the manufacturer's COI number).
 */
export const Scan = z
  .object({
    kind: z.enum(SCAN_KINDS),
    value: Id,
    system: Id.optional().describe('For kind manufacturer (required there): which manufacturer identifier this is.'),
  })
  .strict()
  .superRefine((scan, ctx) => {
    if (scan.kind === 'manufacturer' && scan.system === undefined) refuse(ctx, ['system'], 'custody.input.manufacturer-system-required');
  });
export type Scan = z.output<typeof Scan>;

/** A manufacturer's identifier recorded beside ours (its COI number, order or lot number...). */
export const ManufacturerIdentifier = z
  .object({
    system: Id.describe('Institution-defined name of the manufacturer identifier, e.g. "acme-coi".'),
    value: Id,
  })
  .strict();
export type ManufacturerIdentifier = z.output<typeof ManufacturerIdentifier>;

/** The patient identifiers two people compared (handbook §1.4 item 10: two to three identifiers). */
export const PATIENT_IDENTIFIERS = ['name', 'date-of-birth', 'medical-record-number', 'national-id'] as const;
export type PatientIdentifierKind = (typeof PATIENT_IDENTIFIERS)[number];

const base = {
  id: Id.describe('The server\'s id for this event (deviations refer to it).'),
  coi: Id.describe('Chain-of-identity identifier of the course the event is recorded against.'),
  at: Instant.describe('When the step was done (ISO 8601 instant with offset).'),
  performedBy: z.array(CustodyPerson).min(1).max(4).describe('Who did it; two distinct users for two-person steps.'),
  location: CustodyLocation,
  scanned: z.array(Scan).max(100).default([]).describe('Identifiers scanned during the step.'),
  temperatures: z.array(TemperatureReading).max(10_000).default([]).describe('Temperature readings belonging to the step.'),
  note: z.string().max(2000).optional(),
};

/** A copy of an object shape without some keys (zod forbids .omit on a refined object). */
function without<T extends object, K extends keyof T>(shape: T, keys: readonly K[]): Omit<T, K> {
  const copy: Partial<T> = { ...shape };
  for (const key of keys) delete copy[key];
  return copy as Omit<T, K>;
}

const freezingShape = without(CryoInput.in.shape, ['collectionEnd', 'now', 'pathway']);
/**
 * The freezing record of a cryopreservation: the cryopreservation planner's input without
 * collectionEnd, now and pathway, which the reducer supplies from the course.
 */
export const FreezingRecord = z.object(freezingShape).strict();
export type FreezingRecord = z.output<typeof FreezingRecord>;

const receiptShape = InfusionInput.in.shape.receipt.unwrap().shape;
/**
 * The manufacturer's release documents as the infusion planner reads them (§2.2.1). Two-person
 * verification, inventory by bag number and the storage check are not claimed here: the reducer
 * derives them from the receipt and storage events.
 */
export const ReleaseDocuments = z
  .object({
    releaseDocumentsReviewed: receiptShape.releaseDocumentsReviewed,
    outOfSpecification: receiptShape.outOfSpecification,
    oos: receiptShape.oos,
  })
  .strict()
  .superRefine((release, ctx) => {
    if (release.outOfSpecification === false && release.oos !== undefined) refuse(ctx, ['oos'], 'infusion.input.oos-details-without-oos');
  });
export type ReleaseDocuments = z.output<typeof ReleaseDocuments>;

export const MANUFACTURING_STATUSES = ['received', 'in-production', 'quality-control', 'released', 'shipped', 'on-hold', 'failed'] as const;

export const CollectionEvent = z
  .object({
    ...base,
    type: z.literal('collection'),
    din: DinString.describe('ISBT 128 Donation Identification Number of this collection (13 characters, or with flags / check character).'),
    start: Instant.describe('Start of the apheresis collection.'),
    end: Instant.describe('End of the apheresis collection: the 4-hour and 24-hour clocks start here (§1.4 item 6).'),
    bags: z.array(z.object({ bagId: Id }).strict()).min(1).max(20).describe('The labelled collection bags; each must be scanned.'),
    patientIdentifiersChecked: z.array(z.enum(PATIENT_IDENTIFIERS)).max(PATIENT_IDENTIFIERS.length).describe('Patient identifiers confirmed before collection (§1.4 item 10: two to three).'),
  })
  .strict();

export const ColdStorageEvent = z.object({ ...base, type: z.literal('cold-storage') }).strict().describe('Scanned collection bags placed at 2-8 °C (§1.4 item 6).');

export const CryopreservationEvent = z
  .object({ ...base, type: z.literal('cryopreservation'), record: FreezingRecord })
  .strict()
  .describe('Scanned collection bags processed and frozen in a biosafety cabinet, with the freezing record (§1.4 items 7-8, Table 3); the readings are the product between cryoprotectant and freezer (below 4 °C).');

export const LiquidNitrogenStorageEvent = z
  .object({ ...base, type: z.literal('liquid-nitrogen-storage') })
  .strict()
  .describe('Scanned cryopreserved bags moved to liquid nitrogen; the readings are the transport log, then the tank (§1.4 item 9).');

export const ShipmentEvent = z
  .object({
    ...base,
    type: z.literal('shipment'),
    shipmentId: Id,
    container: z.object({ id: Id, kind: z.enum(['temperature-controlled', 'dry-shipper']) }).strict().describe('Certified temperature-controlled container (§1.4 item 6).'),
    manufacturerIdentifiers: z.array(ManufacturerIdentifier).min(1).max(20).describe("The manufacturer's identifiers for this material (its COI, order number...)."),
  })
  .strict()
  .describe('Scanned collection bags shipped to the manufacturer; the readings are the container log.');

export const ManufacturingStatusEvent = z
  .object({
    ...base,
    type: z.literal('manufacturing-status'),
    status: z.enum(MANUFACTURING_STATUSES),
    manufacturerIdentifiers: z.array(ManufacturerIdentifier).min(1).max(20),
  })
  .strict();

export const ReceiptEvent = z
  .object({
    ...base,
    type: z.literal('receipt'),
    product: z
      .object({
        productId: Id.describe('Our identifier for the manufactured product (e.g. its lot), recorded beside the manufacturer\'s.'),
        expiresAt: Instant.describe('Product expiry as labelled.'),
        manufacturerIdentifiers: z.array(ManufacturerIdentifier).min(1).max(20),
        bags: z
          .array(z.object({ bagId: Id, manufacturerBagId: Id.optional() }).strict())
          .min(1)
          .max(20)
          .describe('Product bags by their unique bag numbers; each must be scanned (§2.2.1 inventory).'),
      })
      .strict(),
    release: ReleaseDocuments,
  })
  .strict()
  .describe('Product received from the manufacturer: two people check the chain of identity together (§2.2.1).');

export const ReleaseDocumentsEvent = z
  .object({ ...base, type: z.literal('release-documents'), release: ReleaseDocuments })
  .strict()
  .describe('Release documents completed after receipt, e.g. the out-of-specification documents (§2.2.1).');

export const ProductStorageEvent = z
  .object({
    ...base,
    type: z.literal('product-storage'),
    packageCountMatches: z.boolean().describe('Number of bags matches the documents.'),
    packagingIntact: z.boolean().describe('No leak or damage.'),
  })
  .strict()
  .describe('Scanned product bags taken from the dry shipper, re-checked and placed in liquid nitrogen (§2.2.1).');

export const TransferToBedsideEvent = z
  .object({ ...base, type: z.literal('transfer-to-bedside') })
  .strict()
  .describe('Scanned product bags taken from storage to the bedside in a cryogenic shipper; the readings are its log (§2.2.2).');

export const BedsideMatchEvent = z
  .object({
    ...base,
    type: z.literal('bedside-match'),
    patientIdentifiersChecked: z.array(z.enum(PATIENT_IDENTIFIERS)).max(PATIENT_IDENTIFIERS.length).describe('Identifiers compared between wristband and bag label (§2.2.3: name and date of birth).'),
    expiryChecked: z.boolean().describe('Product expiry read from the label (§2.2.3).'),
  })
  .strict()
  .describe('Two people match the patient wristband and one scanned product bag at the bedside (§2.2.2, §2.2.3).');

export const ThawEvent = z.object({ ...base, type: z.literal('thaw') }).strict().describe('Thawing of one scanned bag starts; the readings are the warmer (§2.2.2).');

export const InfusionStartEvent = z
  .object({ ...base, type: z.literal('infusion-start') })
  .strict()
  .describe('Infusion of one scanned bag into the scanned patient starts; the readings are the thawed product at room temperature.');

export const InfusionEndEvent = z.object({ ...base, type: z.literal('infusion-end') }).strict().describe('Infusion of one scanned bag ends (§2.2.3).');

export const CustodyEvent = z.discriminatedUnion('type', [
  CollectionEvent,
  ColdStorageEvent,
  CryopreservationEvent,
  LiquidNitrogenStorageEvent,
  ShipmentEvent,
  ManufacturingStatusEvent,
  ReceiptEvent,
  ReleaseDocumentsEvent,
  ProductStorageEvent,
  TransferToBedsideEvent,
  BedsideMatchEvent,
  ThawEvent,
  InfusionStartEvent,
  InfusionEndEvent,
]);
export type CustodyEvent = z.output<typeof CustodyEvent>;
export type CustodyEventInput = z.input<typeof CustodyEvent>;
export type CustodyEventOf<T extends CustodyStep> = Extract<CustodyEvent, { type: T }>;
