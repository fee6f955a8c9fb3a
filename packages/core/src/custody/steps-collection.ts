import type * as z from 'zod';
import { CRYO_THRESHOLDS, CryoInput, planCryopreservation } from '../journey/cryopreservation.js';
import { instantLike } from '../units/instant.js';
import { HOUR_MS, ms, requireScan, scannedValues, temperatureDeviation, temperatureRecorded } from './checks.js';
import type { CustodyEventOf, FreezingRecord } from './events.js';
import type { TemperatureReading } from './temperature.js';
import { reason, type CustodyReason } from './outcome.js';
import type { CustodyState } from './state.js';
import { collectionBag, patchCollectionBags, type StepHandler } from './step.js';

/** 2-8 °C (handbook §1.4 item 6), as the cryopreservation planner states it. */
const COLD_RANGE = { minC: CRYO_THRESHOLDS.storageMinC, maxC: CRYO_THRESHOLDS.storageMaxC };

function collectionOf(state: CustodyState, din: string) {
  return state.collections.find((c) => c.din === din);
}

/** Targets of a step on collection material: the scanned collection bags this course knows. */
function knownTargets(state: CustodyState, event: CustodyEventOf<'cold-storage' | 'cryopreservation' | 'liquid-nitrogen-storage' | 'shipment'>) {
  return scannedValues(event, 'collection-bag')
    .map((id) => collectionBag(state, id))
    .filter((b) => b !== undefined);
}

/**
 * The 4-hour rule (§1.4 item 6): bags that become cold (2-8 °C, freezing, or a fresh shipment in
 * a temperature-controlled container) for the first time now, later than 4 h after the end of
 * their collection. One deviation per collection.
 */
function coldStorageLate(state: CustodyState, bagIds: readonly string[], atIso: string): CustodyReason[] {
  const late = new Map<string, CustodyReason>();
  for (const id of bagIds) {
    const bag = collectionBag(state, id);
    if (bag === undefined || bag.refrigeratedAt !== null || bag.freezingStartedAt !== null || bag.shippedAt !== null) continue;
    const collection = collectionOf(state, bag.din);
    if (collection === undefined) continue;
    const dueMs = ms(collection.end) + CRYO_THRESHOLDS.coldStorageWithinHours * HOUR_MS;
    if (ms(atIso) > dueMs && !late.has(bag.din)) {
      late.set(bag.din, reason('cold-storage-late', 'at', { din: bag.din, dueAt: instantLike(dueMs, collection.end), at: atIso }));
    }
  }
  return [...late.values()];
}

export const applyCollection: StepHandler<'collection'> = (state, event) => {
  const stops: CustodyReason[] = [];
  if (state.product !== null) stops.push(reason('product-already-received', 'type'));
  if (state.collections.some((c) => c.din === event.din)) stops.push(reason('identifier-already-used', 'din', { found: event.din }));
  const bagIds = event.bags.map((b) => b.bagId);
  const seen = new Set<string>();
  bagIds.forEach((id, i) => {
    const used = seen.has(id) || state.collectionBags.some((b) => b.bagId === id) || (state.product?.bags ?? []).some((b) => b.bagId === id);
    if (used) stops.push(reason('identifier-already-used', `bags[${i}].bagId`, { found: id }));
    seen.add(id);
  });
  if (!(ms(event.start) < ms(event.end) && ms(event.end) <= ms(event.at))) stops.push(reason('collection-times-invalid', 'end'));
  stops.push(...requireScan(event, 'patient'));
  const scannedBags = scannedValues(event, 'collection-bag');
  for (const id of bagIds) if (!scannedBags.includes(id)) stops.push(reason('bag-not-scanned', 'scanned', { bag: id }));
  const identifiers = new Set(event.patientIdentifiersChecked).size;
  if (identifiers < 2) stops.push(reason('patient-identifiers-too-few', 'patientIdentifiersChecked', { count: identifiers }));
  const next: CustodyState = {
    ...state,
    collections: [...state.collections, { din: event.din, start: event.start, end: event.end, bagIds, eventId: event.id }],
    collectionBags: [
      ...state.collectionBags,
      ...bagIds.map((bagId) => ({ bagId, din: event.din, refrigeratedAt: null, cryoprotectantAddedAt: null, freezingStartedAt: null, freezingStartRecorded: false, cryopreservedAt: null, liquidNitrogenAt: null, shippedAt: null, shipmentId: null })),
    ],
  };
  return { stops, deviations: [], next };
};

export const applyColdStorage: StepHandler<'cold-storage'> = (state, event) => {
  const stops: CustodyReason[] = [...requireScan(event, 'collection-bag')];
  const targets = knownTargets(state, event);
  for (const bag of targets) {
    if (bag.shippedAt !== null) stops.push(reason('already-shipped', 'scanned', { bag: bag.bagId }));
    else if (bag.cryopreservedAt !== null) stops.push(reason('already-cryopreserved', 'scanned', { bag: bag.bagId }));
  }
  const ids = targets.map((b) => b.bagId);
  const deviations = [...coldStorageLate(state, ids, event.at), ...temperatureDeviation(event, COLD_RANGE)];
  const next = patchCollectionBags(state, ids, (b) => ({ ...b, refrigeratedAt: b.refrigeratedAt ?? event.at }));
  return { stops, deviations, next };
};

/**
 * Item 8: with the DMSO cryoprotectant added, the product stays below 4 °C until it is frozen;
 * a reading at 4 °C or above is the deviation (the limit is exclusive).
 */
function notBelow(readings: readonly TemperatureReading[], limitC: number): CustodyReason[] {
  const warm = readings.filter((r) => r.temperature >= limitC);
  if (warm.length === 0) return [];
  const furthest = warm.reduce((a, b) => (b.temperature > a.temperature ? b : a));
  return [reason('temperature-out-of-range', 'temperatures', { count: warm.length, range: `< ${limitC}`, observed: furthest.temperature })];
}

type CryoRaw = z.input<typeof CryoInput>;

/** The planner's input from a parsed freezing record: measurements back to `{ value, unit }` in their canonical units. */
function plannerInput(record: FreezingRecord, collectionEnd: string, now: string, refrigeratedAt: string | null): CryoRaw {
  const events = [...record.events, ...(refrigeratedAt === null ? [] : [{ event: 'refrigerated' as const, at: refrigeratedAt }])];
  return {
    collectionEnd,
    now,
    pathway: 'cryopreserve-on-site',
    events,
    ...(record.dmsoPercent === undefined ? {} : { dmsoPercent: { value: record.dmsoPercent, unit: '%' } }),
    ...(record.protein === undefined ? {} : { protein: { kind: record.protein.kind, percent: { value: record.protein.percent, unit: '%' } } }),
    ...(record.cellConcentration === undefined ? {} : { cellConcentration: { value: record.cellConcentration, unit: '10*8/mL' } }),
    ...(record.qcVialVolume === undefined ? {} : { qcVialVolume: { value: record.qcVialVolume, unit: 'mL' } }),
    ...(record.microbiology === undefined ? {} : { microbiology: record.microbiology }),
    ...(record.freezingCurve === undefined ? {} : { freezingCurve: record.freezingCurve }),
    ...(record.rateToleranceCPerMin === undefined ? {} : { rateToleranceCPerMin: record.rateToleranceCPerMin }),
    ...(record.checklist === undefined ? {} : { checklist: record.checklist }),
  };
}

function firstEvent(record: FreezingRecord, kind: FreezingRecord['events'][number]['event']): string | null {
  const times = record.events.filter((e) => e.event === kind).map((e) => e.at);
  if (times.length === 0) return null;
  return times.reduce((a, b) => (ms(b) < ms(a) ? b : a));
}

/**
 * Processing and controlled-rate freezing in a biosafety cabinet (§1.4 items 7-8), the freezing
 * record checked by the cryopreservation planner: late cold storage (4 h), late cryopreservation
 * (24 h), late freezing start (20 min), a curve off Table 3, values outside item 7, a positive
 * culture all become deviations.
 */
export const applyCryopreservation: StepHandler<'cryopreservation'> = (state, event) => {
  const stops: CustodyReason[] = [...requireScan(event, 'collection-bag')];
  if (state.pathway !== 'cryopreserve-on-site') stops.push(reason('wrong-pathway', 'type', { pathway: state.pathway }));
  if (event.location.cabinetId === undefined) stops.push(reason('cabinet-required', 'location.cabinetId'));
  const targets = knownTargets(state, event);
  for (const bag of targets) {
    if (bag.shippedAt !== null) stops.push(reason('already-shipped', 'scanned', { bag: bag.bagId }));
    else if (bag.cryopreservedAt !== null) stops.push(reason('already-cryopreserved', 'scanned', { bag: bag.bagId }));
  }
  const completedAt = firstEvent(event.record, 'freezing-completed');
  if (completedAt === null) stops.push(reason('freezing-record-invalid', 'record.events', { path: 'record.events', rule: 'freezing-completed' }));
  const ends = targets.map((b) => collectionOf(state, b.din)?.end).filter((e) => e !== undefined);
  const deviations: CustodyReason[] = [];
  let next = state;
  if (ends.length > 0 && completedAt !== null) {
    const collectionEnd = ends.reduce((a, b) => (ms(b) < ms(a) ? b : a));
    const refrigerated = targets.map((b) => b.refrigeratedAt).filter((t) => t !== null);
    const refrigeratedAt = refrigerated.length === 0 ? null : refrigerated.reduce((a, b) => (ms(b) < ms(a) ? b : a));
    const parsed = CryoInput.safeParse(plannerInput(event.record, collectionEnd, event.at, refrigeratedAt));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const params = (issue.code === 'custom' ? issue.params : undefined) as { rule?: string } | undefined;
      stops.push(reason('freezing-record-invalid', 'record', { path: ['record', ...issue.path.map(String)].join('.'), rule: params?.rule ?? issue.code }));
    } else {
      const plan = planCryopreservation(parsed.data).value!;
      if (refrigeratedAt === null) deviations.push(...coldStorageLate(state, targets.map((b) => b.bagId), firstEvent(event.record, 'freezing-started') ?? completedAt));
      if (plan.cryopreservation.status === 'overdue') {
        const din = targets[0]!.din;
        deviations.push(reason('cryopreservation-late', 'record.events', { din, dueAt: plan.cryopreservation.deadline, at: completedAt }));
      }
      if (plan.freezeStart?.status === 'late') deviations.push(reason('freeze-start-late', 'record.events', { minutes: plan.freezeStart.minutesAfterCryoprotectant ?? '—' }));
      if (plan.curve?.conformity === 'does-not-conform') deviations.push(reason('freezing-curve-nonconforming', 'record.freezingCurve'));
      for (const check of plan.checks) {
        if (check.status === 'out-of-range') deviations.push(reason('processing-value-out-of-range', 'record', { check: check.check, observed: check.observed ?? '—' }));
      }
      if (plan.microbiology === 'positive') deviations.push(reason('microbiology-positive', 'record.microbiology'));
      deviations.push(...notBelow(event.temperatures, CRYO_THRESHOLDS.coldBelowC));
      const recordedStart = firstEvent(event.record, 'freezing-started');
      const cryoprotectantAddedAt = firstEvent(event.record, 'cryoprotectant-added');
      next = patchCollectionBags(state, targets.map((b) => b.bagId), (b) => ({
        ...b,
        cryoprotectantAddedAt,
        freezingStartedAt: recordedStart ?? completedAt,
        freezingStartRecorded: recordedStart !== null,
        cryopreservedAt: completedAt,
      }));
    }
  }
  return { stops, deviations, next };
};

/** Frozen material to liquid nitrogen with a monitored transport (§1.4 item 9). */
export const applyLiquidNitrogenStorage: StepHandler<'liquid-nitrogen-storage'> = (state, event, context) => {
  const stops: CustodyReason[] = [...requireScan(event, 'collection-bag')];
  if (state.pathway !== 'cryopreserve-on-site') stops.push(reason('wrong-pathway', 'type', { pathway: state.pathway }));
  const targets = knownTargets(state, event);
  for (const bag of targets) {
    if (bag.shippedAt !== null) stops.push(reason('already-shipped', 'scanned', { bag: bag.bagId }));
    else if (bag.cryopreservedAt === null) stops.push(reason('not-cryopreserved', 'scanned', { bag: bag.bagId }));
  }
  const deviations = [...temperatureRecorded(event), ...temperatureDeviation(event, { minC: null, maxC: context.settings.liquidNitrogenMaxCelsius })];
  const next = patchCollectionBags(state, targets.map((b) => b.bagId), (b) => ({ ...b, liquidNitrogenAt: event.at }));
  return { stops, deviations, next };
};

/**
 * Shipment to the manufacturer in a temperature-controlled container with a temperature log
 * (§1.4 item 6): frozen material on the on-site pathway, fresh material otherwise. The
 * manufacturer's identifiers are recorded beside ours.
 */
export const applyShipment: StepHandler<'shipment'> = (state, event, context) => {
  const stops: CustodyReason[] = [...requireScan(event, 'collection-bag')];
  if (state.product !== null) stops.push(reason('product-already-received', 'type'));
  if (state.shipments.some((s) => s.shipmentId === event.shipmentId)) stops.push(reason('identifier-already-used', 'shipmentId', { found: event.shipmentId }));
  const targets = knownTargets(state, event);
  for (const bag of targets) {
    if (bag.shippedAt !== null) stops.push(reason('already-shipped', 'scanned', { bag: bag.bagId }));
    else if (state.pathway === 'cryopreserve-on-site' && bag.cryopreservedAt === null) stops.push(reason('not-cryopreserved', 'scanned', { bag: bag.bagId }));
  }
  const fresh = state.pathway === 'fresh-to-manufacturer';
  const range = fresh ? COLD_RANGE : { minC: null, maxC: context.settings.liquidNitrogenMaxCelsius };
  const ids = targets.map((b) => b.bagId);
  const deviations = [...(fresh ? coldStorageLate(state, ids, event.at) : []), ...temperatureRecorded(event), ...temperatureDeviation(event, range)];
  const shipped = patchCollectionBags(state, ids, (b) => ({ ...b, shippedAt: event.at, shipmentId: event.shipmentId }));
  const next: CustodyState = {
    ...shipped,
    shipments: [...state.shipments, { shipmentId: event.shipmentId, at: event.at, bagIds: ids, containerId: event.container.id, manufacturerIdentifiers: event.manufacturerIdentifiers }],
  };
  return { stops, deviations, next };
};
