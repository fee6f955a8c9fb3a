import { DEFAULT_SETTINGS, type InstitutionSettings } from '../institution/settings.js';
import { instantToEpochMs } from '../units/quantity.js';
import { checkCabinetFor, EMPTY_CABINETS, type CabinetState } from './cabinet.js';
import { parseCoi } from './coi.js';
import { parseDin } from './din.js';
import type { CustodyEvent, CustodyStep, ManufacturerIdentifier, Scan, ScanKind } from './events.js';
import { reason, type CustodyReason } from './outcome.js';
import type { CollectionBagState, CustodyState } from './state.js';
import { excursions, type TemperatureRange } from './temperature.js';
import { checkPeople, CUSTODY_STEP_ROLES } from './two-person.js';

/** What the reducer needs beyond the state and the event. */
export interface CustodyContext {
  /** Institution settings (liquid-nitrogen limit); defaults to the handbook defaults. */
  readonly settings?: InstitutionSettings;
  /** Current cabinet occupancy (cabinet.ts); without it no cabinet holds this patient's material. */
  readonly cabinets?: CabinetState;
  /** Roles permitted per step, replacing CUSTODY_STEP_ROLES for the steps given. */
  readonly permittedRoles?: Partial<Record<CustodyStep, readonly string[]>>;
}

export interface ResolvedContext {
  readonly settings: InstitutionSettings;
  readonly cabinets: CabinetState;
  readonly roles: (step: CustodyStep) => readonly string[];
}

export function resolveContext(context: CustodyContext = {}): ResolvedContext {
  return {
    settings: context.settings ?? DEFAULT_SETTINGS,
    cabinets: context.cabinets ?? EMPTY_CABINETS,
    roles: (step) => context.permittedRoles?.[step] ?? CUSTODY_STEP_ROLES[step],
  };
}

export const ms = instantToEpochMs;

/** The earliest of the instants given, or null when none is given. */
export function earliestOf(times: readonly (string | null | undefined)[]): string | null {
  let first: string | null = null;
  for (const t of times) if (t !== null && t !== undefined && (first === null || ms(t) < ms(first))) first = t;
  return first;
}

/** The latest of one instant per item, once every item has one; null while any lacks it (or with no items). */
export function whenEvery<T>(items: readonly T[], at: (item: T) => string | null | undefined): string | null {
  let last: string | null = null;
  for (const item of items) {
    const t = at(item);
    if (t === null || t === undefined) return null;
    if (last === null || ms(t) > ms(last)) last = t;
  }
  return last;
}

/** When a collection bag was made safe, as the 4-hour rule counts it: at 2-8 °C, freezing, or shipped (§1.4 item 6). */
export function madeSafeAt(bag: CollectionBagState): string | null {
  return earliestOf([bag.refrigeratedAt, bag.freezingStartedAt, bag.shippedAt]);
}

/**
 * When a collection's bags left 2-8 °C: the first recorded start of freezing or shipment (null
 * while none has happened). A bag whose freezing record gave no start went into the freezer some
 * time before its completion; when that completion comes first, the end is not known.
 */
export function refrigerationEnd(bags: readonly CollectionBagState[]): { end: string | null; known: boolean } {
  const end = earliestOf(bags.flatMap((b) => [b.freezingStartRecorded ? b.freezingStartedAt : null, b.shippedAt]));
  const unrecorded = earliestOf(bags.map((b) => (b.freezingStartRecorded ? null : b.freezingStartedAt)));
  if (unrecorded !== null && (end === null || ms(unrecorded) < ms(end))) return { end: null, known: false };
  return { end, known: true };
}

export function scansOf(event: CustodyEvent, kind: ScanKind): Scan[] {
  return event.scanned.filter((s) => s.kind === kind);
}

/** The distinct values scanned of one kind, in scan order. */
export function scannedValues(event: CustodyEvent, kind: ScanKind): string[] {
  return [...new Set(scansOf(event, kind).map((s) => s.value))];
}

/** Every manufacturer identifier recorded for the course so far. */
export function recordedManufacturerIdentifiers(state: CustodyState): ManufacturerIdentifier[] {
  return [...state.shipments.flatMap((s) => s.manufacturerIdentifiers), ...state.manufacturing.flatMap((m) => m.manufacturerIdentifiers), ...(state.product?.manufacturerIdentifiers ?? [])];
}

/**
 * A manufacturer identifier contradicts the record when the same system was recorded with other
 * values only. An identifier of a system not yet recorded (a product lot number at receipt) is new,
 * not a contradiction.
 */
export function manufacturerMismatches(recorded: readonly ManufacturerIdentifier[], candidates: readonly ManufacturerIdentifier[], field: string): CustodyReason[] {
  const reasons: CustodyReason[] = [];
  for (const c of candidates) {
    const sameSystem = recorded.filter((r) => r.system === c.system);
    if (sameSystem.length > 0 && !sameSystem.some((r) => r.value === c.value)) {
      reasons.push(reason('manufacturer-identifier-mismatch', field, { system: c.system, found: c.value, expected: [...new Set(sameSystem.map((r) => r.value))].join(', ') }));
    }
  }
  return reasons;
}

/** A scanned DIN in any form parseDin reads (barcode data, with flags or K) as its 13 characters. */
function scannedDin(value: string): string {
  const parsed = parseDin(value);
  return parsed.ok ? parsed.value.din : value;
}

/** A scanned COI label ("&/CH…", with its check character) as the identifier; other formats as read. */
function scannedCoi(value: string): string {
  const parsed = parseCoi(value);
  return parsed.ok ? parsed.value.value : value;
}

/** Identifiers that become known in this very event (a new collection's DIN and bags, a receipt's bags). */
interface Declared {
  readonly dins: readonly string[];
  readonly collectionBags: readonly string[];
  readonly productBags: readonly string[];
}

function declaredBy(event: CustodyEvent): Declared {
  if (event.type === 'collection') return { dins: [event.din], collectionBags: event.bags.map((b) => b.bagId), productBags: [] };
  if (event.type === 'receipt') return { dins: [], collectionBags: [], productBags: event.product.bags.map((b) => b.bagId) };
  return { dins: [], collectionBags: [], productBags: [] };
}

/**
 * Checks every step shares: the course, every scanned identifier against this patient and this
 * course, the manufacturer's identifiers against the record, time order, the people, and the
 * cabinet when the step names one.
 */
export function commonChecks(state: CustodyState, event: CustodyEvent, context: ResolvedContext): CustodyReason[] {
  const reasons: CustodyReason[] = [];
  const declared = declaredBy(event);
  if (event.coi !== state.coi) reasons.push(reason('coi-mismatch', 'coi', { found: event.coi }));
  event.scanned.forEach((scan, i) => {
    const field = `scanned[${i}]`;
    switch (scan.kind) {
      case 'coi':
        if (scannedCoi(scan.value) !== state.coi) reasons.push(reason('coi-mismatch', field, { found: scan.value }));
        break;
      case 'patient':
        if (scan.value !== state.patientId) reasons.push(reason('patient-mismatch', field));
        break;
      case 'din': {
        const din = scannedDin(scan.value);
        if (!state.collections.some((c) => c.din === din) && !declared.dins.includes(din)) reasons.push(reason('din-mismatch', field, { found: scan.value }));
        break;
      }
      case 'collection-bag':
        if (!state.collectionBags.some((b) => b.bagId === scan.value) && !declared.collectionBags.includes(scan.value)) {
          reasons.push(reason('collection-bag-unknown', field, { found: scan.value }));
        }
        break;
      case 'product-bag':
        if (!(state.product?.bags ?? []).some((b) => b.bagId === scan.value) && !declared.productBags.includes(scan.value)) {
          reasons.push(reason('product-bag-unknown', field, { found: scan.value }));
        }
        break;
      case 'manufacturer':
        reasons.push(...manufacturerMismatches(recordedManufacturerIdentifiers(state), [{ system: scan.system ?? '', value: scan.value }], field));
        break;
    }
  });
  if (state.lastEventAt !== null && ms(event.at) < ms(state.lastEventAt)) reasons.push(reason('time-before-previous-event', 'at', { previous: state.lastEventAt }));
  reasons.push(...checkPeople(event.type, event.performedBy, context.roles(event.type)));
  if (event.location.cabinetId !== undefined) reasons.push(...checkCabinetFor(context.cabinets, event.location.cabinetId, state.patientId));
  return reasons;
}

/** A required scan of a kind: one reason when none was scanned. */
export function requireScan(event: CustodyEvent, kind: ScanKind): CustodyReason[] {
  return scansOf(event, kind).length === 0 ? [reason('scan-required', 'scanned', { kind })] : [];
}

/** The deviation for readings outside a range, one per step. */
export function temperatureDeviation(event: CustodyEvent, range: TemperatureRange): CustodyReason[] {
  const outside = excursions(event.temperatures, range);
  if (outside.length === 0) return [];
  const centre = range.minC !== null && range.maxC !== null ? (range.minC + range.maxC) / 2 : (range.minC ?? range.maxC ?? 0);
  const furthest = outside.reduce((a, b) => (Math.abs(b.temperature - centre) > Math.abs(a.temperature - centre) ? b : a));
  const text = range.minC === null ? `≤ ${range.maxC}` : range.maxC === null ? `≥ ${range.minC}` : `${range.minC}–${range.maxC}`;
  return [reason('temperature-out-of-range', 'temperatures', { count: outside.length, range: text, observed: furthest.temperature })];
}

/** Monitoring required but no reading given. */
export function temperatureRecorded(event: CustodyEvent): CustodyReason[] {
  return event.temperatures.length === 0 ? [reason('temperature-not-recorded', 'temperatures')] : [];
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
