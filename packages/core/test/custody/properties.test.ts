import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyCabinetEvent,
  applyCustodyEvent,
  CUSTODY_STEP_ROLES,
  CUSTODY_STEPS,
  EMPTY_CABINETS,
  initialCustodyState,
  TWO_PERSON_STEPS,
  type CabinetState,
  type CustodyEvent,
  type CustodyStep,
  type Scan,
} from '../../src/index.js';
import { at } from './fixtures.js';

/**
 * Thousands of random sequences of custody calls, mixing a course's steps in order (each possibly
 * spoiled: another wristband, a foreign bag, one user, the same user twice, a role without
 * permission, another course, another manufacturer identifier, a skipped step) with random calls
 * of any step with random users, identifiers, bags and times. Whatever the reducer accepted is
 * then checked against independent statements of the rules.
 */

const P = 'patient-1';
const COI = 'COI26000001';
const COLLECTION_BAGS = ['CB-1', 'CB-2'];
const PRODUCT_BAGS = ['PB-1', 'PB-2'];
const MFR = { system: 'acme-coi', value: 'ACME-1' };

const PEOPLE = [
  { userId: 'u1', role: 'nurse' },
  { userId: 'u2', role: 'nurse' },
  { userId: 'u3', role: 'cell-therapy-technologist' },
  { userId: 'u4', role: 'cell-therapy-technologist' },
  { userId: 'u5', role: 'pharmacist' },
  { userId: 'u6', role: 'physician' },
  { userId: 'u7', role: 'social-worker' },
  { userId: 'u8', role: 'case-manager' },
];
/** Two qualified people for each step (the script's choice). */
function crew(type: CustodyStep) {
  const roles = CUSTODY_STEP_ROLES[type];
  const qualified = PEOPLE.filter((p) => roles.includes(p.role));
  return TWO_PERSON_STEPS.includes(type) ? qualified.slice(0, 2) : qualified.slice(0, 1);
}

interface Ids {
  patient: string;
  collectionBags: string[];
  productBags: string[];
  manufacturer: string;
  coi: string;
  people: { userId: string; role: string }[];
}

/**
 * One event of a step at minute m, with the identifiers given, built in its parsed shape (the
 * reducer's input) rather than through the schema, which keeps thousands of sequences fast.
 */
function build(type: CustodyStep, m: number, ids: Ids, din: string): CustodyEvent {
  const base = { id: `e-${type}-${m}`, coi: ids.coi, at: at(m), performedBy: ids.people, location: { id: 'loc', kind: 'cell-processing' as const }, scanned: [] as Scan[], temperatures: [] as { at: string; temperature: number }[] };
  const bags = (kind: 'collection-bag' | 'product-bag', values: string[]): Scan[] => values.map((value) => ({ kind, value }));
  const patient: Scan[] = [{ kind: 'patient', value: ids.patient }];
  const cold = [{ at: at(m), temperature: 4 }];
  const frozen = [{ at: at(m), temperature: -180 }];
  const mfr = [{ system: MFR.system, value: ids.manufacturer }];
  switch (type) {
    case 'collection':
      return { ...base, type, din, start: at(m - 240), end: at(m - 1), bags: ids.collectionBags.map((bagId) => ({ bagId })), patientIdentifiersChecked: ['name', 'date-of-birth'], scanned: [...patient, ...bags('collection-bag', ids.collectionBags)] };
    case 'cold-storage':
      return { ...base, type, scanned: bags('collection-bag', ids.collectionBags), temperatures: cold };
    case 'cryopreservation':
      return {
        ...base,
        type,
        location: { id: 'lab', kind: 'cell-processing', cabinetId: 'BSC-1' },
        scanned: bags('collection-bag', ids.collectionBags),
        record: { events: [{ event: 'cryoprotectant-added', at: at(m - 2) }, { event: 'freezing-started', at: at(m - 1) }, { event: 'freezing-completed', at: at(m) }] },
      };
    case 'liquid-nitrogen-storage':
      return { ...base, type, scanned: bags('collection-bag', ids.collectionBags), temperatures: frozen };
    case 'shipment':
      return { ...base, type, scanned: bags('collection-bag', ids.collectionBags), temperatures: frozen, shipmentId: `S-${m}`, container: { id: 'DS', kind: 'dry-shipper' }, manufacturerIdentifiers: mfr };
    case 'manufacturing-status':
      return { ...base, type, status: 'released', manufacturerIdentifiers: mfr };
    case 'receipt':
      return {
        ...base,
        type,
        scanned: [{ kind: 'manufacturer', system: MFR.system, value: ids.manufacturer }, ...bags('product-bag', ids.productBags)],
        product: { productId: `LOT-${m}`, expiresAt: at(m + 365 * 24 * 60), manufacturerIdentifiers: mfr, bags: ids.productBags.map((bagId) => ({ bagId })) },
        release: { releaseDocumentsReviewed: true, outOfSpecification: false },
      };
    case 'release-documents':
      return { ...base, type, release: { releaseDocumentsReviewed: true, outOfSpecification: false } };
    case 'product-storage':
      return { ...base, type, scanned: bags('product-bag', ids.productBags), temperatures: frozen, packageCountMatches: true, packagingIntact: true };
    case 'transfer-to-bedside':
      return { ...base, type, scanned: bags('product-bag', ids.productBags), temperatures: frozen };
    case 'bedside-match':
      return { ...base, type, scanned: [...patient, ...bags('product-bag', ids.productBags)], patientIdentifiersChecked: ['name', 'date-of-birth'], expiryChecked: true };
    case 'thaw':
    case 'infusion-end':
      return { ...base, type, scanned: bags('product-bag', ids.productBags) };
    case 'infusion-start':
      return { ...base, type, scanned: [...patient, ...bags('product-bag', ids.productBags)] };
  }
}

/** A course's steps in order, each with the bags it acts on. */
const SCRIPT: [CustodyStep, string[]][] = [
  ['collection', COLLECTION_BAGS],
  ['cold-storage', COLLECTION_BAGS],
  ['cryopreservation', COLLECTION_BAGS],
  ['liquid-nitrogen-storage', COLLECTION_BAGS],
  ['shipment', COLLECTION_BAGS],
  ['manufacturing-status', []],
  ['receipt', PRODUCT_BAGS],
  ['product-storage', PRODUCT_BAGS],
  ['transfer-to-bedside', PRODUCT_BAGS],
  ['bedside-match', ['PB-1']],
  ['thaw', ['PB-1']],
  ['infusion-start', ['PB-1']],
  ['infusion-end', ['PB-1']],
  ['bedside-match', ['PB-2']],
  ['thaw', ['PB-2']],
  ['infusion-start', ['PB-2']],
  ['infusion-end', ['PB-2']],
];

const SPOILS = ['wrong-patient', 'foreign-bag', 'other-bag', 'one-user', 'same-user', 'bad-role', 'wrong-coi', 'wrong-manufacturer', 'skip'] as const;
type Spoil = 'none' | (typeof SPOILS)[number];

/** Mostly clean steps, so that many sequences get far into a course; one in three spoiled. */
const spoil = fc.oneof({ weight: 18, arbitrary: fc.constant('none' as const) }, { weight: 9, arbitrary: fc.constantFrom(...SPOILS) });
const cabinet = fc.oneof({ weight: 6, arbitrary: fc.constant('mine') }, { weight: 1, arbitrary: fc.constantFrom('other', 'none') });
const scriptMove = fc.record({ kind: fc.constant('script' as const), spoil, delta: fc.integer({ min: 3, max: 240 }), cabinet });
const randomMove = fc.record({
  kind: fc.constant('random' as const),
  type: fc.constantFrom(...CUSTODY_STEPS),
  delta: fc.integer({ min: -30, max: 120 }),
  patient: fc.constantFrom(P, P, 'patient-2', 'WRISTBAND-RAW'),
  collectionBags: fc.subarray([...COLLECTION_BAGS, 'CB-X']),
  productBags: fc.subarray([...PRODUCT_BAGS, 'PB-X']),
  manufacturer: fc.constantFrom(MFR.value, MFR.value, 'ACME-2'),
  coi: fc.constantFrom(COI, COI, COI, 'COI26000999'),
  people: fc.array(fc.constantFrom(...PEOPLE), { minLength: 1, maxLength: 3 }),
  cabinet: fc.constantFrom('mine', 'other', 'none'),
});
const moves = fc.array(fc.oneof({ weight: 4, arbitrary: scriptMove }, { weight: 1, arbitrary: randomMove }), { minLength: 1, maxLength: 60, size: 'max' });

const openFor = (patientId: string): CabinetState =>
  applyCabinetEvent(EMPTY_CABINETS, { type: 'open', id: 'c', cabinetId: 'BSC-1', at: at(0), performedBy: [PEOPLE[2]!], coi: 'x', patientId, materialId: 'm' }).state;
/** This patient's material open in BSC-1, another patient's, or nothing open. */
const CABINETS: Record<string, CabinetState> = { mine: openFor(P), other: openFor('patient-2'), none: EMPTY_CABINETS };

function spoiled(type: CustodyStep, bags: string[], spoil: Spoil): Ids {
  const ids: Ids = {
    patient: P,
    collectionBags: bags.filter((b) => b.startsWith('CB')),
    productBags: bags.filter((b) => b.startsWith('PB')),
    manufacturer: MFR.value,
    coi: COI,
    people: crew(type),
  };
  switch (spoil) {
    case 'wrong-patient':
      ids.patient = 'patient-2';
      break;
    case 'foreign-bag':
      if (ids.collectionBags.length > 0) ids.collectionBags = [...ids.collectionBags.slice(1), 'CB-X'];
      if (ids.productBags.length > 0) ids.productBags = [...ids.productBags.slice(1), 'PB-X'];
      break;
    case 'other-bag':
      if (ids.productBags.length === 1) ids.productBags = [ids.productBags[0] === 'PB-1' ? 'PB-2' : 'PB-1'];
      break;
    case 'one-user':
      ids.people = ids.people.slice(0, 1);
      break;
    case 'same-user':
      ids.people = [ids.people[0]!, ids.people[0]!];
      break;
    case 'bad-role':
      ids.people = [{ userId: 'u7', role: 'social-worker' }, ...ids.people.slice(1)];
      break;
    case 'wrong-coi':
      ids.coi = 'COI26000999';
      break;
    case 'wrong-manufacturer':
      ids.manufacturer = 'ACME-2';
      break;
    case 'none':
    case 'skip':
      break;
  }
  return ids;
}

interface Attempt {
  event: CustodyEvent;
  accepted: boolean;
  cabinets: CabinetState;
}

/** Runs the moves; returns every attempt with its fate. */
type Moves = typeof moves extends fc.Arbitrary<infer T> ? T : never;

function play(list: Moves): Attempt[] {
  let state = initialCustodyState({ coi: COI, patientId: P });
  let pointer = 0;
  let minute = 0;
  const attempts: Attempt[] = [];
  for (const move of list) {
    minute += move.delta;
    let event: CustodyEvent;
    if (move.kind === 'script') {
      if (pointer >= SCRIPT.length) continue;
      const [type, bags] = SCRIPT[pointer]!;
      if (move.spoil === 'skip') {
        pointer++;
        continue;
      }
      event = build(type, minute, spoiled(type, bags, move.spoil), 'A999926000001');
    } else {
      event = build(move.type, minute, { patient: move.patient, collectionBags: move.collectionBags.length > 0 ? move.collectionBags : ['CB-1'], productBags: move.productBags.length > 0 ? move.productBags : ['PB-1'], manufacturer: move.manufacturer, coi: move.coi, people: move.people }, `A9999260000${String(((minute % 90) + 90) % 90).padStart(2, '0')}`);
    }
    const cabinets = CABINETS[move.cabinet]!;
    const result = applyCustodyEvent(state, event, { cabinets });
    const accepted = result.outcome.status === 'accepted';
    if (!accepted && result.state !== state) throw new Error(`a refused ${event.type} changed the state`);
    if (accepted && move.kind === 'script') pointer++;
    state = result.state;
    attempts.push({ event, accepted, cabinets });
  }
  return attempts;
}

const scanned = (e: CustodyEvent, kind: string) => e.scanned.filter((s) => s.kind === kind).map((s) => s.value);
const acceptedEvents = (attempts: Attempt[]) => attempts.filter((a) => a.accepted).map((a) => a.event);

/** No accepted step names another course or another patient; no infusion of a product that is not this patient's. */
function identityViolation(attempts: Attempt[]): string | null {
  const done = acceptedEvents(attempts);
  const receipt = done.find((e) => e.type === 'receipt');
  const shipped = done.flatMap((e) => (e.type === 'shipment' ? e.manufacturerIdentifiers : []));
  for (const e of done) {
    if (e.coi !== COI || e.scanned.some((s) => s.kind === 'coi' && s.value !== COI)) return `${e.id} belongs to another course`;
    if (scanned(e, 'patient').some((p) => p !== P)) return `${e.id} accepted another patient`;
    if (e.type !== 'infusion-start') continue;
    if (!scanned(e, 'patient').includes(P)) return `${e.id} infused without the patient scanned`;
    if (receipt?.type !== 'receipt') return `${e.id} infused before any receipt`;
    const bags = receipt.product.bags.map((b) => b.bagId);
    if (!scanned(e, 'product-bag').every((b) => bags.includes(b))) return `${e.id} infused a bag that is not this product's`;
    // The product was linked to the shipped material by a scanned manufacturer identifier, and none
    // of its declared identifiers contradicts what was shipped.
    if (!receipt.scanned.some((s) => s.kind === 'manufacturer' && shipped.some((m) => m.system === s.system && m.value === s.value))) return `${e.id}: product never linked to the shipped material`;
    for (const m of receipt.product.manufacturerIdentifiers) {
      const sameSystem = shipped.filter((x) => x.system === m.system);
      if (sameSystem.length > 0 && !sameSystem.some((x) => x.value === m.value)) return `${e.id}: product identifiers contradict the shipment`;
    }
  }
  return null;
}

/** Every accepted step was done by permitted roles, and every two-person step by two distinct users. */
function twoPersonViolation(attempts: Attempt[]): string | null {
  for (const e of acceptedEvents(attempts)) {
    const roles = CUSTODY_STEP_ROLES[e.type];
    if (!e.performedBy.every((p) => roles.includes(p.role))) return `${e.id} by a role not permitted`;
    if (new Set(e.performedBy.map((p) => p.userId)).size !== e.performedBy.length) return `${e.id} with the same user twice`;
    if (TWO_PERSON_STEPS.includes(e.type) && new Set(e.performedBy.map((p) => p.userId)).size < 2) return `${e.id} by one user`;
  }
  return null;
}

/** Every accepted step had what it needs before it, stated independently of the reducer. */
function orderViolation(attempts: Attempt[]): string | null {
  const done = acceptedEvents(attempts);
  const has = (list: CustodyEvent[], type: CustodyStep, bag?: string) =>
    list.some((e) => e.type === type && (bag === undefined || e.scanned.some((s) => s.value === bag) || (e.type === 'collection' && e.bags.some((b) => b.bagId === bag))));
  const lastIndex = (list: CustodyEvent[], type: CustodyStep, bag: string) => list.reduce((last, e, i) => (e.type === type && e.scanned.some((s) => s.value === bag) ? i : last), -1);
  for (const [i, e] of done.entries()) {
    const prior = done.slice(0, i);
    if (i > 0 && Date.parse(e.at) < Date.parse(done[i - 1]!.at)) return `${e.id} dated before the previous step`;
    const cbags = scanned(e, 'collection-bag');
    const pbags = scanned(e, 'product-bag');
    const fail = (why: string) => `${e.id}: ${why}`;
    switch (e.type) {
      case 'collection':
        if (has(prior, 'receipt')) return fail('collection after receipt');
        break;
      case 'cold-storage':
      case 'cryopreservation':
      case 'liquid-nitrogen-storage':
      case 'shipment':
        if (!cbags.every((b) => has(prior, 'collection', b))) return fail('bag not collected');
        if (cbags.some((b) => has(prior, 'shipment', b))) return fail('bag already shipped');
        if ((e.type === 'liquid-nitrogen-storage' || e.type === 'shipment') && !cbags.every((b) => has(prior, 'cryopreservation', b))) return fail('bag not frozen');
        if (e.type === 'cryopreservation' && cbags.some((b) => has(prior, 'cryopreservation', b))) return fail('bag frozen twice');
        break;
      case 'manufacturing-status':
        if (!has(prior, 'shipment')) return fail('status before shipment');
        break;
      case 'receipt':
        if (!has(prior, 'shipment') || has(prior, 'receipt')) return fail('receipt without shipment, or twice');
        break;
      case 'release-documents':
      case 'product-storage':
        if (!has(prior, 'receipt')) return fail('before receipt');
        break;
      case 'transfer-to-bedside':
        if (!has(prior, 'receipt') || !pbags.every((b) => has(prior, 'product-storage', b))) return fail('transfer of a bag not stored');
        break;
      case 'bedside-match':
        if (!pbags.every((b) => has(prior, 'transfer-to-bedside', b))) return fail('match of a bag not at the bedside');
        break;
      case 'thaw': {
        if (pbags.length !== 1) return fail('thaw of more than one bag');
        for (const b of pbags) {
          const matchedAt = lastIndex(prior, 'bedside-match', b);
          if (matchedAt < 0 || matchedAt < lastIndex(prior, 'transfer-to-bedside', b)) return fail('thaw without a bedside match since the transfer');
          if (has(prior, 'thaw', b)) return fail('bag thawed twice');
        }
        const thawedBefore = prior.flatMap((x) => (x.type === 'thaw' ? scanned(x, 'product-bag') : []));
        if (thawedBefore.some((b) => !has(prior, 'infusion-end', b))) return fail('thaw while another bag is not fully infused');
        break;
      }
      case 'infusion-start':
        if (!pbags.every((b) => has(prior, 'thaw', b) && has(prior, 'bedside-match', b) && !has(prior, 'infusion-start', b))) return fail('infusion of a bag not thawed or not matched');
        break;
      case 'infusion-end':
        if (!pbags.every((b) => has(prior, 'infusion-start', b) && !has(prior, 'infusion-end', b))) return fail('end without start, or twice');
        break;
    }
  }
  return null;
}

/** No step in a cabinet accepted unless the cabinet held this patient's material, and no other patient's. */
function cabinetViolation(attempts: Attempt[]): string | null {
  for (const a of attempts) {
    if (!a.accepted || a.event.location.cabinetId === undefined) continue;
    const here = a.cabinets.open.filter((m) => m.cabinetId === a.event.location.cabinetId);
    if (here.length === 0 || here.some((m) => m.patientId !== P)) return `${a.event.id} in a cabinet without this patient's material alone`;
  }
  return null;
}

const INVARIANTS = { identity: identityViolation, 'two-person': twoPersonViolation, order: orderViolation, cabinet: cabinetViolation };
const RUNS = 2000;

describe('random sequences of custody calls', () => {
  it(`${RUNS} sequences: no product infused that does not match the patient, no two-person step by one user, no step out of order, no cabinet with another patient's material`, () => {
    let infused = 0;
    let completed = 0;
    const seen = Object.fromEntries(Object.keys(INVARIANTS).map((k) => [k, 0]));
    fc.assert(
      fc.property(moves, (list) => {
        const attempts = play(list);
        for (const [name, check] of Object.entries(INVARIANTS)) {
          const violation = check(attempts);
          if (violation !== null) throw new Error(`${name}: ${violation}`);
          seen[name]!++;
        }
        const ends = acceptedEvents(attempts).filter((e) => e.type === 'infusion-end').length;
        if (acceptedEvents(attempts).some((e) => e.type === 'infusion-start')) infused++;
        if (ends === PRODUCT_BAGS.length) completed++;
      }),
      { numRuns: RUNS },
    );
    expect(seen).toEqual(Object.fromEntries(Object.keys(INVARIANTS).map((k) => [k, RUNS])));
    // The generator reaches the bedside often, and the end of a course in a good share of runs.
    expect(infused).toBeGreaterThan(RUNS / 10);
    expect(completed).toBeGreaterThan(RUNS / 20);
  });

  it('the invariants are not vacuous: each catches a sequence that breaks it', () => {
    const stop = (event: CustodyEvent): Attempt => ({ event, accepted: true, cabinets: CABINETS['none']! });
    const ids = (over: Partial<Ids> = {}): Ids => ({ patient: P, collectionBags: ['CB-1'], productBags: ['PB-1'], manufacturer: MFR.value, coi: COI, people: crew('infusion-start'), ...over });
    expect(identityViolation([stop(build('infusion-start', 1, ids({ patient: 'patient-2' }), 'A999926000001'))])).not.toBeNull();
    expect(twoPersonViolation([stop(build('receipt', 1, ids({ people: [PEOPLE[2]!] }), 'A999926000001'))])).not.toBeNull();
    expect(orderViolation([stop(build('thaw', 1, ids(), 'A999926000001'))])).not.toBeNull();
    expect(orderViolation([stop(build('transfer-to-bedside', 1, ids(), 'A999926000001')), stop(build('thaw', 2, ids(), 'A999926000001'))])).not.toBeNull();
    expect(cabinetViolation([stop(build('cryopreservation', 1, ids(), 'A999926000001'))])).not.toBeNull();
  });
});
