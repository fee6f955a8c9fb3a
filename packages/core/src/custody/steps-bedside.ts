import { INFUSION_THRESHOLDS } from '../journey/infusion.js';
import { MINUTE_MS, ms, requireScan, scannedValues, temperatureDeviation } from './checks.js';
import type { CustodyEvent } from './events.js';
import { reason, type CustodyReason } from './outcome.js';
import type { CustodyState, ProductBagState } from './state.js';
import { patchProductBags, productBag, type StepHandler } from './step.js';

const T = INFUSION_THRESHOLDS;
/** The warmer at 37 ± 2 °C (§2.2.2, pre-thaw preparation). */
const WARMER_RANGE = { minC: T.warmerCelsius - T.warmerToleranceCelsius, maxC: T.warmerCelsius + T.warmerToleranceCelsius };
/** After thawing the product waits at room temperature, 20-25 °C (§2.2.2). */
const ROOM_RANGE = { minC: T.roomTemperatureMinCelsius, maxC: T.roomTemperatureMaxCelsius };

/** The known product bags scanned in the event. */
function scannedBags(state: CustodyState, event: CustodyEvent): ProductBagState[] {
  return scannedValues(event, 'product-bag')
    .map((id) => productBag(state, id))
    .filter((b) => b !== undefined);
}

function expired(state: CustodyState, atIso: string): CustodyReason[] {
  if (state.product === null || ms(atIso) <= ms(state.product.expiresAt)) return [];
  return [reason('product-expired', 'at', { expiresAt: state.product.expiresAt })];
}

/** Minutes from the start of thawing to `atIso`, to two decimals. */
function minutesSinceThaw(bag: ProductBagState, atIso: string): number {
  return Math.round(((ms(atIso) - ms(bag.thawStartedAt!)) / MINUTE_MS) * 100) / 100;
}

const thawLimitMs = (bag: ProductBagState) => ms(bag.thawStartedAt!) + T.infusionCompleteLimitMinutes * MINUTE_MS;

/**
 * Two people match the wristband and the bag label at the bedside: name, date of birth and
 * expiry (§2.2.3), the identity of patient and product confirmed before thawing (§2.2.2).
 */
export const applyBedsideMatch: StepHandler<'bedside-match'> = (state, event) => {
  if (state.product === null) return { stops: [reason('not-received', 'type')], deviations: [], next: state };
  const stops: CustodyReason[] = [...requireScan(event, 'patient'), ...requireScan(event, 'product-bag')];
  const targets = scannedBags(state, event);
  for (const bag of targets) {
    if (bag.infusionStartedAt !== null) stops.push(reason('bag-already-infused', 'scanned', { bag: bag.bagId }));
    else if (bag.atBedsideAt === null) stops.push(reason('not-at-bedside', 'scanned', { bag: bag.bagId }));
  }
  const missing = [
    ...(['name', 'date-of-birth'] as const).filter((k) => !event.patientIdentifiersChecked.includes(k)),
    ...(event.expiryChecked ? [] : ['expiry']),
  ];
  if (missing.length > 0) stops.push(reason('bedside-identifiers-incomplete', 'patientIdentifiersChecked', { missing: missing.join(', ') }));
  stops.push(...expired(state, event.at));
  const next = patchProductBags(state, targets.map((b) => b.bagId), (b) => ({ ...b, matchedAt: event.at }));
  return { stops, deviations: [], next };
};

/**
 * Thaw one bag (§2.2.2): the product released, not expired, the bag at the bedside and matched,
 * and no other bag thawed and not yet fully infused. The readings are the warmer's.
 */
export const applyThaw: StepHandler<'thaw'> = (state, event) => {
  const product = state.product;
  if (product === null) return { stops: [reason('not-received', 'type')], deviations: [], next: state };
  const stops: CustodyReason[] = [...requireScan(event, 'product-bag')];
  if (product.releaseStatus !== 'accepted') stops.push(reason('not-released', 'type', { status: product.releaseStatus }));
  stops.push(...expired(state, event.at));
  const targets = scannedBags(state, event);
  const pending = product.bags.filter((b) => b.thawStartedAt !== null && b.infusionEndedAt === null);
  for (const bag of pending) stops.push(reason('previous-bag-not-infused', 'scanned', { bag: bag.bagId }));
  // Two bags in one thaw: the second waits for the first (one bag at a time).
  for (const extra of targets.slice(1)) stops.push(reason('previous-bag-not-infused', 'scanned', { bag: extra.bagId }));
  for (const bag of targets) {
    if (bag.thawStartedAt !== null) stops.push(reason('bag-already-thawed', 'scanned', { bag: bag.bagId }));
    else if (bag.atBedsideAt === null) stops.push(reason('not-at-bedside', 'scanned', { bag: bag.bagId }));
    else if (bag.matchedAt === null) stops.push(reason('no-bedside-match', 'scanned', { bag: bag.bagId }));
  }
  const deviations = temperatureDeviation(event, WARMER_RANGE);
  const next = patchProductBags(state, targets.map((b) => b.bagId), (b) => ({ ...b, thawStartedAt: event.at }));
  return { stops, deviations, next };
};

/**
 * Start infusing one thawed, matched bag into the scanned patient (§2.2.3). Starting after the
 * 30-minute limit is recorded as a deviation; the thawed product is not held back by the core.
 */
export const applyInfusionStart: StepHandler<'infusion-start'> = (state, event) => {
  if (state.product === null) return { stops: [reason('not-received', 'type')], deviations: [], next: state };
  const stops: CustodyReason[] = [...requireScan(event, 'patient'), ...requireScan(event, 'product-bag')];
  stops.push(...expired(state, event.at));
  const targets = scannedBags(state, event);
  for (const extra of targets.slice(1)) stops.push(reason('previous-bag-not-infused', 'scanned', { bag: extra.bagId }));
  const deviations: CustodyReason[] = [];
  for (const bag of targets) {
    if (bag.infusionStartedAt !== null) stops.push(reason('bag-already-infused', 'scanned', { bag: bag.bagId }));
    else if (bag.thawStartedAt === null) stops.push(reason('bag-not-thawed', 'scanned', { bag: bag.bagId }));
    else if (bag.matchedAt === null) stops.push(reason('no-bedside-match', 'scanned', { bag: bag.bagId }));
    else if (ms(event.at) > thawLimitMs(bag)) deviations.push(reason('thaw-to-infusion-exceeded', 'at', { bag: bag.bagId, minutes: minutesSinceThaw(bag, event.at) }));
  }
  deviations.push(...temperatureDeviation(event, ROOM_RANGE));
  const next = patchProductBags(state, targets.map((b) => b.bagId), (b) => ({ ...b, infusionStartedAt: event.at }));
  return { stops, deviations, next };
};

/** The bag is empty: complete within 30 minutes of the start of thawing (§2.2.3). */
export const applyInfusionEnd: StepHandler<'infusion-end'> = (state, event) => {
  if (state.product === null) return { stops: [reason('not-received', 'type')], deviations: [], next: state };
  const stops: CustodyReason[] = [...requireScan(event, 'product-bag')];
  const targets = scannedBags(state, event);
  const deviations: CustodyReason[] = [];
  for (const bag of targets) {
    if (bag.infusionEndedAt !== null) stops.push(reason('bag-already-infused', 'scanned', { bag: bag.bagId }));
    else if (bag.infusionStartedAt === null) stops.push(reason('infusion-not-started', 'scanned', { bag: bag.bagId }));
    // A start already past the limit was recorded then; the end adds no second deviation.
    else if (ms(event.at) > thawLimitMs(bag) && ms(bag.infusionStartedAt) <= thawLimitMs(bag)) {
      deviations.push(reason('thaw-to-infusion-exceeded', 'at', { bag: bag.bagId, minutes: minutesSinceThaw(bag, event.at) }));
    }
  }
  const next = patchProductBags(state, targets.map((b) => b.bagId), (b) => ({ ...b, infusionEndedAt: event.at }));
  return { stops, deviations, next };
};
