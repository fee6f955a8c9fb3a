import { commonChecks, resolveContext, type CustodyContext, type ResolvedContext } from './checks.js';
import type { CustodyEvent, CustodyStep } from './events.js';
import { deviationDraft, type CustodyResult } from './outcome.js';
import type { CustodyState } from './state.js';
import type { StepHandler, StepResult } from './step.js';
import { applyBedsideMatch, applyInfusionEnd, applyInfusionStart, applyThaw } from './steps-bedside.js';
import { applyColdStorage, applyCollection, applyCryopreservation, applyLiquidNitrogenStorage, applyShipment } from './steps-collection.js';
import { applyManufacturingStatus, applyProductStorage, applyReceipt, applyReleaseDocuments, applyTransferToBedside } from './steps-product.js';

const HANDLERS: { readonly [T in CustodyStep]: StepHandler<T> } = {
  collection: applyCollection,
  'cold-storage': applyColdStorage,
  cryopreservation: applyCryopreservation,
  'liquid-nitrogen-storage': applyLiquidNitrogenStorage,
  shipment: applyShipment,
  'manufacturing-status': applyManufacturingStatus,
  receipt: applyReceipt,
  'release-documents': applyReleaseDocuments,
  'product-storage': applyProductStorage,
  'transfer-to-bedside': applyTransferToBedside,
  'bedside-match': applyBedsideMatch,
  thaw: applyThaw,
  'infusion-start': applyInfusionStart,
  'infusion-end': applyInfusionEnd,
};

function handle<T extends CustodyStep>(state: CustodyState, event: Extract<CustodyEvent, { type: T }>, context: ResolvedContext): StepResult {
  return (HANDLERS[event.type] as StepHandler<T>)(state, event, context);
}

/**
 * The custody state machine of one course, as a pure reducer. A step is accepted, possibly with
 * deviations to record beside it (temperature excursions, late steps), or it is a hard stop:
 * the state is returned unchanged, with every coded reason and the one deviation to record.
 *
 * Hard stops: a scanned identifier that is not this patient's or this course's; steps out of
 * order; two-person steps without two distinct users in permitted roles; a biosafety cabinet
 * that does not hold this patient's material alone. The event must already be parsed with the
 * `CustodyEvent` schema.
 */
export function applyCustodyEvent(state: CustodyState, event: CustodyEvent, context: CustodyContext = {}): CustodyResult {
  const resolved = resolveContext(context);
  const common = commonChecks(state, event, resolved);
  const step = handle(state, event, resolved);
  const stops = [...common, ...step.stops];
  // Deviations belong to the course acted on, even when the event names another.
  const identity = { ...event, coi: state.coi };
  if (stops.length > 0) return { state, outcome: { status: 'hard-stop', reasons: stops, deviation: deviationDraft(identity, stops, true) } };
  const next: CustodyState = { ...step.next, lastEventAt: event.at, acceptedEvents: state.acceptedEvents + 1 };
  return { state: next, outcome: { status: 'accepted', deviations: step.deviations.map((d) => deviationDraft(identity, [d], false)) } };
}

/**
 * Applies events in order from a course's initial state: the final state and each outcome.
 * Refused events leave the state as it was, as `applyCustodyEvent` does. The context may be a
 * function of the event, so that each stored event is replayed with the cabinet occupancy it
 * was applied in.
 */
export function replayCustody(
  initial: CustodyState,
  events: readonly CustodyEvent[],
  context: CustodyContext | ((event: CustodyEvent, index: number) => CustodyContext) = {},
): { state: CustodyState; outcomes: CustodyResult['outcome'][] } {
  let state = initial;
  const outcomes: CustodyResult['outcome'][] = [];
  events.forEach((event, index) => {
    const result = applyCustodyEvent(state, event, typeof context === 'function' ? context(event, index) : context);
    state = result.state;
    outcomes.push(result.outcome);
  });
  return { state, outcomes };
}
