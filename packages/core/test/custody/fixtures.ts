import { expect } from 'vitest';
import {
  applyCabinetEvent,
  applyCustodyEvent,
  CustodyEvent,
  EMPTY_CABINETS,
  initialCustodyState,
  type CabinetState,
  type CustodyContext,
  type CustodyResult,
  type CustodyState,
} from '../../src/index.js';

/** Collection ends at T0; every instant below is written in +08:00. */
export const T0 = '2026-03-10T10:00:00+08:00';
export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** The instant `minutes` after T0 (negative for before), in +08:00. */
export function at(minutes: number): string {
  const t = Date.parse(T0) + minutes * MIN;
  return `${new Date(t + 8 * HOUR).toISOString().slice(0, 19)}+08:00`;
}

export const COI = 'CHA999926000123';
export const PATIENT = 'patient-1';
export const DIN = 'A999926000001';
export const BAGS = ['A99992600000101', 'A99992600000102'];
export const PRODUCT_BAGS = ['PB-1', 'PB-2'];
export const MFR = { system: 'acme-coi', value: 'ACME-778' };

export const nurse = (userId = 'u-nurse-1') => ({ userId, role: 'nurse' });
export const nurse2 = () => nurse('u-nurse-2');
export const tech = (userId = 'u-tech-1') => ({ userId, role: 'cell-therapy-technologist' });
export const tech2 = () => tech('u-tech-2');
export const pharmacist = (userId = 'u-pharm-1') => ({ userId, role: 'pharmacist' });

export const cabinetOpen = (cabinetId = 'BSC-1', patientId = PATIENT, coi = COI, materialId = BAGS[0]!): CabinetState =>
  applyCabinetEvent(EMPTY_CABINETS, {
    type: 'open',
    id: 'cab-1',
    cabinetId,
    at: at(30),
    performedBy: [tech()],
    coi,
    patientId,
    materialId,
  }).state;

export const cel = (value: number) => ({ value, unit: 'Cel' });
export const reading = (minutes: number, celsius: number) => ({ at: at(minutes), temperature: cel(celsius) });

type Extra = Record<string, unknown>;

/** A valid event of each step, at `minutes` after T0, overridable field by field. */
export const step = {
  collection: (extra: Extra = {}) =>
    ev({
      type: 'collection',
      id: 'e-collection',
      at: at(5),
      performedBy: [nurse(), nurse2()],
      location: { id: 'apheresis-1', kind: 'apheresis-unit' },
      scanned: [{ kind: 'patient', value: PATIENT }, ...BAGS.map((value) => ({ kind: 'collection-bag', value }))],
      din: DIN,
      start: at(-240),
      end: T0,
      bags: BAGS.map((bagId) => ({ bagId })),
      patientIdentifiersChecked: ['name', 'date-of-birth'],
      ...extra,
    }),
  coldStorage: (minutes = 60, extra: Extra = {}) =>
    ev({
      type: 'cold-storage',
      id: 'e-cold',
      at: at(minutes),
      performedBy: [tech()],
      location: { id: 'fridge-1', kind: 'refrigerator' },
      scanned: BAGS.map((value) => ({ kind: 'collection-bag', value })),
      temperatures: [reading(minutes, 4)],
      ...extra,
    }),
  cryopreservation: (completedMinutes = 180, extra: Extra = {}) =>
    ev({
      type: 'cryopreservation',
      id: 'e-cryo',
      at: at(completedMinutes),
      performedBy: [tech()],
      location: { id: 'cell-lab', kind: 'cell-processing', cabinetId: 'BSC-1' },
      scanned: BAGS.map((value) => ({ kind: 'collection-bag', value })),
      record: {
        events: [
          { event: 'cryoprotectant-added', at: at(completedMinutes - 100) },
          { event: 'freezing-started', at: at(completedMinutes - 90) },
          { event: 'freezing-completed', at: at(completedMinutes) },
        ],
      },
      ...extra,
    }),
  liquidNitrogen: (minutes = 200, extra: Extra = {}) =>
    ev({
      type: 'liquid-nitrogen-storage',
      id: 'e-ln2',
      at: at(minutes),
      performedBy: [tech()],
      location: { id: 'ln2-tank-1', kind: 'liquid-nitrogen' },
      scanned: BAGS.map((value) => ({ kind: 'collection-bag', value })),
      temperatures: [reading(minutes - 5, -170), reading(minutes, -180)],
      ...extra,
    }),
  shipment: (minutes = 24 * 60, extra: Extra = {}) =>
    ev({
      type: 'shipment',
      id: 'e-ship',
      at: at(minutes),
      performedBy: [tech()],
      location: { id: 'dock', kind: 'transport' },
      scanned: BAGS.map((value) => ({ kind: 'collection-bag', value })),
      temperatures: [reading(minutes, -175)],
      shipmentId: 'SHIP-1',
      container: { id: 'DS-9', kind: 'dry-shipper' },
      manufacturerIdentifiers: [MFR],
      ...extra,
    }),
  manufacturing: (minutes = 3 * 24 * 60, extra: Extra = {}) =>
    ev({
      type: 'manufacturing-status',
      id: 'e-mfg',
      at: at(minutes),
      performedBy: [tech()],
      location: { id: 'office', kind: 'pharmacy' },
      status: 'in-production',
      manufacturerIdentifiers: [MFR],
      ...extra,
    }),
  receipt: (minutes = 20 * 24 * 60, extra: Extra = {}) =>
    ev({
      type: 'receipt',
      id: 'e-receipt',
      at: at(minutes),
      performedBy: [tech(), pharmacist()],
      location: { id: 'cell-lab', kind: 'cell-processing' },
      scanned: [{ kind: 'manufacturer', system: MFR.system, value: MFR.value }, ...PRODUCT_BAGS.map((value) => ({ kind: 'product-bag', value }))],
      product: {
        productId: 'LOT-55',
        expiresAt: at(200 * 24 * 60),
        manufacturerIdentifiers: [MFR, { system: 'acme-lot', value: 'L55' }],
        bags: PRODUCT_BAGS.map((bagId, i) => ({ bagId, manufacturerBagId: `ACME-BAG-${i + 1}` })),
      },
      release: { releaseDocumentsReviewed: true, outOfSpecification: false },
      ...extra,
    }),
  releaseDocuments: (minutes: number, release: Record<string, unknown>, extra: Extra = {}) =>
    ev({
      type: 'release-documents',
      id: 'e-docs',
      at: at(minutes),
      performedBy: [pharmacist()],
      location: { id: 'pharmacy', kind: 'pharmacy' },
      release,
      ...extra,
    }),
  productStorage: (minutes = 20 * 24 * 60 + 30, extra: Extra = {}) =>
    ev({
      type: 'product-storage',
      id: 'e-store',
      at: at(minutes),
      performedBy: [tech()],
      location: { id: 'ln2-tank-2', kind: 'liquid-nitrogen' },
      scanned: PRODUCT_BAGS.map((value) => ({ kind: 'product-bag', value })),
      temperatures: [reading(minutes, -180)],
      packageCountMatches: true,
      packagingIntact: true,
      ...extra,
    }),
  transfer: (minutes = 25 * 24 * 60, bags = PRODUCT_BAGS, extra: Extra = {}) =>
    ev({
      type: 'transfer-to-bedside',
      id: 'e-transfer',
      at: at(minutes),
      performedBy: [tech()],
      location: { id: 'ward-7-bed-3', kind: 'bedside' },
      scanned: bags.map((value) => ({ kind: 'product-bag', value })),
      temperatures: [reading(minutes - 10, -170), reading(minutes, -165)],
      ...extra,
    }),
  match: (minutes: number, bag = PRODUCT_BAGS[0]!, extra: Extra = {}) =>
    ev({
      type: 'bedside-match',
      id: `e-match-${bag}`,
      at: at(minutes),
      performedBy: [nurse(), nurse2()],
      location: { id: 'ward-7-bed-3', kind: 'bedside' },
      scanned: [
        { kind: 'patient', value: PATIENT },
        { kind: 'product-bag', value: bag },
      ],
      patientIdentifiersChecked: ['name', 'date-of-birth'],
      expiryChecked: true,
      ...extra,
    }),
  thaw: (minutes: number, bag = PRODUCT_BAGS[0]!, extra: Extra = {}) =>
    ev({
      type: 'thaw',
      id: `e-thaw-${bag}`,
      at: at(minutes),
      performedBy: [nurse()],
      location: { id: 'ward-7-bed-3', kind: 'bedside' },
      scanned: [{ kind: 'product-bag', value: bag }],
      temperatures: [reading(minutes, 37)],
      ...extra,
    }),
  infusionStart: (minutes: number, bag = PRODUCT_BAGS[0]!, extra: Extra = {}) =>
    ev({
      type: 'infusion-start',
      id: `e-start-${bag}`,
      at: at(minutes),
      performedBy: [nurse()],
      location: { id: 'ward-7-bed-3', kind: 'bedside' },
      scanned: [
        { kind: 'patient', value: PATIENT },
        { kind: 'product-bag', value: bag },
      ],
      ...extra,
    }),
  infusionEnd: (minutes: number, bag = PRODUCT_BAGS[0]!, extra: Extra = {}) =>
    ev({
      type: 'infusion-end',
      id: `e-end-${bag}`,
      at: at(minutes),
      performedBy: [nurse()],
      location: { id: 'ward-7-bed-3', kind: 'bedside' },
      scanned: [{ kind: 'product-bag', value: bag }],
      ...extra,
    }),
};

/** Parses an event the way the server does. */
export function ev(input: Record<string, unknown>): CustodyEvent {
  return CustodyEvent.parse({ coi: COI, ...input });
}

export function start(pathway: 'cryopreserve-on-site' | 'fresh-to-manufacturer' = 'cryopreserve-on-site'): CustodyState {
  return initialCustodyState({ coi: COI, patientId: PATIENT, pathway });
}

/** Applies events that must all be accepted; returns the final state. */
export function acceptAll(state: CustodyState, events: readonly CustodyEvent[], context: CustodyContext = { cabinets: cabinetOpen() }): CustodyState {
  let s = state;
  for (const e of events) {
    const r = applyCustodyEvent(s, e, context);
    expect(r.outcome.status, `${e.type} ${e.id}: ${JSON.stringify(r.outcome.status === 'hard-stop' ? r.outcome.reasons.map((x) => x.code) : [])}`).toBe('accepted');
    s = r.state;
  }
  return s;
}

/** Day 25 timings: transfer at D, bag 1 matched at D+10, thawed D+15, infused D+20..D+35; bag 2 after. */
export const D = 25 * 24 * 60;

/** Every step up to both bags at the bedside, on the on-site pathway. */
export function upToBedside(): CustodyEvent[] {
  return [
    step.collection(),
    step.coldStorage(),
    step.cryopreservation(),
    step.liquidNitrogen(),
    step.shipment(),
    step.manufacturing(),
    step.receipt(),
    step.productStorage(),
    step.transfer(D),
  ];
}

export function fullCourse(): CustodyEvent[] {
  return [
    ...upToBedside(),
    step.match(D + 10, PRODUCT_BAGS[0]),
    step.thaw(D + 15, PRODUCT_BAGS[0]),
    step.infusionStart(D + 20, PRODUCT_BAGS[0]),
    step.infusionEnd(D + 35, PRODUCT_BAGS[0]),
    step.match(D + 40, PRODUCT_BAGS[1]),
    step.thaw(D + 45, PRODUCT_BAGS[1]),
    step.infusionStart(D + 50, PRODUCT_BAGS[1]),
    step.infusionEnd(D + 65, PRODUCT_BAGS[1]),
  ];
}

export function stateAfter(events: readonly CustodyEvent[], pathway?: 'cryopreserve-on-site' | 'fresh-to-manufacturer'): CustodyState {
  return acceptAll(start(pathway), events);
}

export function codes(result: CustodyResult): string[] {
  return result.outcome.status === 'hard-stop' ? result.outcome.reasons.map((r) => r.code) : [];
}

export function deviationCodes(result: CustodyResult): string[] {
  return result.outcome.status === 'accepted' ? result.outcome.deviations.map((d) => d.code) : [];
}
