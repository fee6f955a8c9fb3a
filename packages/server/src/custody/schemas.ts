import {
  BedsideMatchEvent,
  CLOCK_KINDS,
  CLOCK_STATUSES,
  ColdStorageEvent,
  CollectionEvent,
  CryopreservationEvent,
  CUSTODY_PATHWAYS,
  CUSTODY_STEPS,
  CustodyState,
  DeviationRecord,
  InfusionEndEvent,
  InfusionStartEvent,
  LINEAGE_KINDS,
  LiquidNitrogenStorageEvent,
  ManufacturerIdentifier,
  ManufacturingStatusEvent,
  ProductStorageEvent,
  ReceiptEvent,
  ReleaseDocumentsEvent,
  ShipmentEvent,
  ThawEvent,
  TransferToBedsideEvent,
} from '@cartographer/core';
import * as z from 'zod';

/**
 * Request and response shapes of the custody routes. The event itself is the core's
 * CustodyEvent without `id` and `performedBy`, which the server fills in: the id it assigns, and
 * the people it authenticated (the signed-in user, and the second person of a two-person check).
 */

const without = { id: true, performedBy: true } as const;

/** A custody event as a client sends it. */
export const EventInput = z.discriminatedUnion('type', [
  CollectionEvent.omit(without),
  ColdStorageEvent.omit(without),
  CryopreservationEvent.omit(without),
  LiquidNitrogenStorageEvent.omit(without),
  ShipmentEvent.omit(without),
  ManufacturingStatusEvent.omit(without),
  ReceiptEvent.omit(without),
  ReleaseDocumentsEvent.omit(without),
  ProductStorageEvent.omit(without),
  TransferToBedsideEvent.omit(without),
  BedsideMatchEvent.omit(without),
  ThawEvent.omit(without),
  InfusionStartEvent.omit(without),
  InfusionEndEvent.omit(without),
]);

const Password = z.string().min(1).max(1000);

export const VerifierInput = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: Password.describe('The second person re-enters it here; it is checked and never stored.'),
  })
  .strict()
  .describe('The second person of a two-person check (collection, receipt, bedside match): another user, in a role the step permits.');

export const RecordEventBody = z
  .object({
    event: EventInput,
    performerPassword: Password.optional().describe('Your own password, re-entered: required with a verifier (both people sign the event).'),
    verifier: VerifierInput.optional(),
  })
  .strict();

export const CreateChainBody = z
  .object({
    episodeId: z.uuid().describe('The CAR-T course the chain belongs to (one chain per course).'),
    pathway: z.enum(CUSTODY_PATHWAYS).default('cryopreserve-on-site'),
    manufacturerIdentifiers: z.array(ManufacturerIdentifier).max(20).default([]).describe("The manufacturer's own identifiers for this course, recorded beside ours."),
  })
  .strict();

export const CabinetBody = z
  .object({
    cabinetId: z.string().trim().min(1).max(200).describe('The biosafety cabinet.'),
    materialId: z.string().trim().min(1).max(200).describe("The bag opened or closed in it: one of this course's collection or product bags, as scanned."),
    at: z.iso.datetime({ offset: true }),
  })
  .strict();

export const NoteBody = z.object({ text: z.string().trim().min(1).max(10_000) }).strict();
export const InvestigationBody = z
  .object({ rootCause: z.string().trim().min(1).max(10_000), correctiveAction: z.string().trim().min(1).max(10_000), note: z.string().trim().min(1).max(10_000).optional() })
  .strict();
export const SignOffBody = z.object({ summary: z.string().trim().min(1).max(10_000), password: Password.describe('Re-entered: the sign-off is an electronic signature.') }).strict();
export const ReopenBody = z.object({ reason: z.string().trim().min(1).max(10_000) }).strict();

export const LineageQuery = z
  .object({
    kind: z.enum([...LINEAGE_KINDS, 'manufacturer']).describe('The kind of identifier; `manufacturer` for a manufacturer\'s own identifier.'),
    value: z.string().trim().min(1).max(200),
    system: z.string().trim().min(1).max(200).optional().describe('For kind manufacturer: which manufacturer identifier.'),
    lang: z.string().optional(),
  })
  .strict();

const iso = z.iso.datetime({ offset: true });

const Person = z.object({ userId: z.uuid(), displayName: z.string(), role: z.string() });
export const SignatureView = z.object({ id: z.uuid(), meaning: z.string(), signerName: z.string(), signerRole: z.string(), signedAt: iso, recordHash: z.string() });

const ReasonView = z.object({ code: z.string(), rule: z.string(), field: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), text: z.string() });

export const EventView = z.object({
  id: z.uuid(),
  type: z.enum(CUSTODY_STEPS),
  outcome: z.enum(['accepted', 'refused']),
  position: z.number().int().nullable().describe('Order among the accepted events; null for a refused one.'),
  at: iso,
  recordedAt: iso,
  location: z.object({ id: z.string(), kind: z.string(), cabinetId: z.string().nullable() }),
  performedBy: Person,
  verifiedBy: Person.nullable(),
  signatures: z.array(SignatureView),
  reasons: z.array(ReasonView),
  recordHash: z.string().describe('SHA-256 of the event record as signed.'),
  event: z.record(z.string(), z.unknown()).describe('The event as recorded (CustodyEvent input, with id and performedBy).'),
});

export const ClockView = z.object({
  clock: z.enum(CLOCK_KINDS),
  rule: z.string(),
  subject: z.string(),
  startedAt: z.string(),
  warningFrom: z.string(),
  dueAt: z.string(),
  status: z.enum(CLOCK_STATUSES),
  metAt: z.string().nullable(),
  late: z.boolean(),
  minutesLeft: z.number().int().nullable(),
  text: z.string(),
});

export const DeviationView = DeviationRecord.extend({
  chainId: z.uuid(),
  source: z.enum(['custody-event', 'cabinet-event']),
  text: z.string().describe('The primary reason, in the requested language.'),
  signature: SignatureView.nullable(),
  version: z.number().int(),
});

const LineageNodeView = z.object({ key: z.string(), kind: z.enum(LINEAGE_KINDS), value: z.string(), aliases: z.array(ManufacturerIdentifier) });
const LineageEdgeView = z.object({ from: z.string(), to: z.string(), eventId: z.string(), eventType: z.enum(CUSTODY_STEPS), at: z.string() });
export const LineageView = z.object({ nodes: z.array(LineageNodeView), edges: z.array(LineageEdgeView) });

export const VeinToVeinView = z.object({ coi: z.string(), from: z.string(), to: z.string(), hours: z.number(), days: z.number() });

export const IdentifierView = z.object({
  value: z.string(),
  checkCharacter: z.string().describe('ISO 7064 Mod 37-2 keyboard check character, printed boxed after the eye-readable text.'),
  eyeReadable: z.string(),
  barcodeData: z.string(),
});

export const ChainSummary = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  episodeId: z.uuid(),
  coi: IdentifierView.extend({ scheme: z.enum(['isbt128', 'local']) }),
  din: IdentifierView.nullable().describe('The ISBT 128 DIN assigned with the chain when the institution has a facility code.'),
  pathway: z.enum(CUSTODY_PATHWAYS),
  manufacturerIdentifiers: z.array(ManufacturerIdentifier),
  productId: z.uuid().nullable().describe('The BiologicallyDerivedProduct, once the product is received.'),
  acceptedEvents: z.number().int(),
  createdAt: iso,
});

export const ChainView = ChainSummary.extend({
  state: CustodyState,
  clocks: z.array(ClockView),
  events: z.array(EventView),
  deviations: z.array(DeviationView),
  lineage: LineageView,
  veinToVein: VeinToVeinView.nullable(),
});

/** What an accepted custody step carried to the CAR-T course (custody/journey-sync.ts). */
export const JourneyChangesView = z
  .object({
    anchors: z.array(z.object({ anchor: z.string(), at: z.string() })).describe('Anchors of the CAR-T course this step recorded (their deadline tasks created or moved).'),
    completedTasks: z.array(z.object({ taskId: z.uuid(), rule: z.string().nullable() })).describe('Deadline tasks this step completed.'),
    cancelledTasks: z.array(z.object({ taskId: z.uuid(), rule: z.string().nullable() })).describe('Deadline tasks the course\'s custody pathway makes not applicable.'),
  })
  .describe('What the step carried to the CAR-T course, so that it is not recorded twice; empty when the course is not active.');
export type JourneyChanges = z.infer<typeof JourneyChangesView>;

export const RecordedEventView = z.object({
  outcome: z.literal('accepted'),
  eventId: z.uuid(),
  state: CustodyState,
  clocks: z.array(ClockView),
  deviations: z.array(DeviationView).describe('Deviations recorded beside the accepted step (late step, temperature excursion...).'),
  journey: JourneyChangesView,
});

export const CabinetView = z.object({
  outcome: z.literal('accepted'),
  eventId: z.uuid(),
  cabinetId: z.string(),
  open: z.array(z.object({ materialId: z.string(), openedAt: z.string() })).describe("This course's material open in the cabinet after the call."),
});

export const TraceView = z.array(
  z.object({
    chainId: z.uuid(),
    patientId: z.uuid(),
    coi: z.string(),
    start: z.array(LineageNodeView),
    forward: z.array(LineageNodeView).describe('Everything made from, or moved on from, the identifier: towards the infused bags.'),
    backward: z.array(LineageNodeView).describe('Everything the identifier came from: towards the patient.'),
    edges: z.array(LineageEdgeView),
  }),
);

export const ProgramVeinToVeinView = z.object({
  courses: z.number().int().describe('Chains of identity in the program.'),
  infused: z.number().int().describe('Courses with a vein-to-vein time (collected and infused).'),
  statistics: z
    .object({ count: z.number().int(), medianDays: z.number(), minDays: z.number(), maxDays: z.number(), q1Days: z.number(), q3Days: z.number(), iqrDays: z.number() })
    .nullable(),
});
