import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/trail.js';
import type { Role } from '../../src/auth/roles.js';
import { createPatient } from '../../src/domain/patients.js';
import { addToCareTeam, createUser } from '../../src/domain/users.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

/**
 * A test server with a clock the test moves, two patients on everyone's care team, and a second
 * user of each handling role (username `<role>-2`) for two-person checks.
 */

/** Collection ends at T0; the event builders take minutes after it. */
export const T0 = Date.parse('2026-03-10T10:00:00+08:00');
export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** The instant `minutes` after T0, written in +08:00 as a ward workstation would. */
export function at(minutes: number): string {
  return `${new Date(T0 + minutes * MIN + 8 * HOUR).toISOString().slice(0, 19)}+08:00`;
}

export interface CustodyServer {
  readonly s: TestServer;
  readonly patientA: string;
  readonly patientB: string;
  /** Moves the server clock. */
  setNow(date: Date): void;
  /** A bearer header for a username (role users: the role name; second users: `<role>-2`). */
  login(username: string): Promise<{ authorization: string }>;
  /** A new CAR-T course of the patient (an episode row). */
  episode(patientId: string): Promise<string>;
  /** A chain for a new course, through the API; its id and COI. */
  chain(patientId: string, as?: string): Promise<{ id: string; coi: string; patientId: string }>;
  close(): Promise<void>;
}

export const SECOND: readonly Role[] = ['physician', 'nurse', 'pharmacist', 'cell-therapy-technologist'];

export async function startCustodyServer(start = new Date(T0 + 30 * 24 * HOUR)): Promise<CustodyServer> {
  let now = start;
  const s = await startTestServer({ now: () => now });
  const ids = await s.database.db.transaction().execute(async (tx) => {
    const made: Record<string, string> = {};
    for (const role of SECOND) made[`${role}-2`] = (await createUser(tx, SYSTEM_ACTOR, { username: `${role}-2`, displayName: `Second ${role}`, role, password: TEST_PASSWORD }, now)).id;
    const patients: string[] = [];
    for (const [n, name] of [['A', '監管甲'], ['B', '監管乙']] as const) {
      const { row } = await createPatient(
        tx,
        SYSTEM_ACTOR,
        { name, birthDate: '1980-02-02', sex: 'female', identifiers: [{ system: 'urn:test:mrn', value: `MRN-${n}`, kind: 'medical-record-number' }, { system: 'urn:test:program', value: `CT-${n}`, kind: 'program-id' }] },
        now,
      );
      for (const id of [...Object.values(s.users), ...Object.values(made)]) await addToCareTeam(tx, SYSTEM_ACTOR, row.id, id, now);
      patients.push(row.id);
    }
    return { patients, made };
  });
  const server: CustodyServer = {
    s,
    patientA: ids.patients[0]!,
    patientB: ids.patients[1]!,
    setNow(date) {
      now = date;
    },
    async login(username) {
      const res = await s.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password: TEST_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
      return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
    },
    async episode(patientId) {
      const id = randomUUID();
      await s.database.db.insertInto('episodes').values({ id, patient_id: patientId, kind: 'car-t-course', status: 'active', disease: 'B-ALL', details: '{}', started_at: new Date(T0 - 30 * 24 * HOUR) }).execute();
      return id;
    },
    async chain(patientId, as = 'cell-therapy-technologist') {
      const episodeId = await server.episode(patientId);
      const res = await s.app.inject({ method: 'POST', url: `/api/v1/patients/${patientId}/custody/chains`, headers: await server.login(as), payload: { episodeId } });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json<{ id: string; coi: { value: string } }>();
      return { id: body.id, coi: body.coi.value, patientId };
    },
    close: () => s.close(),
  };
  return server;
}

export const cel = (value: number) => ({ value, unit: 'Cel' });
export const reading = (minutes: number, celsius: number) => ({ at: at(minutes), temperature: cel(celsius) });

/** The identifiers of one course's material, unique per course. */
export interface Material {
  readonly coi: string;
  readonly patient: string;
  readonly din: string;
  readonly bags: readonly string[];
  readonly productBags: readonly string[];
  readonly shipment: string;
  readonly product: string;
  readonly manufacturer: { system: string; value: string };
}

let dinSequence = 0;
/** Valid DINs of the ICCBBA example facility A9999, one per call. */
export function nextDin(): string {
  dinSequence += 1;
  return `A999926${String(dinSequence).padStart(6, '0')}`;
}

export function material(chain: { coi: string; patientId: string }, tag: string): Material {
  const din = nextDin();
  return {
    coi: chain.coi,
    patient: chain.patientId,
    din,
    bags: [`${din}01`, `${din}02`],
    productBags: [`PB-${tag}-1`, `PB-${tag}-2`],
    shipment: `SHIP-${tag}`,
    product: `LOT-${tag}`,
    manufacturer: { system: 'acme-coi', value: `ACME-${tag}` },
  };
}

type Extra = Record<string, unknown>;
const bagScans = (kind: 'collection-bag' | 'product-bag', values: readonly string[]) => values.map((value) => ({ kind, value }));

/** A valid event input of each step (without id and performedBy), at minutes after T0. */
export const step = {
  collection: (m: Material, minutes = 5, extra: Extra = {}) => ({
    type: 'collection',
    coi: m.coi,
    at: at(minutes),
    location: { id: 'apheresis-1', kind: 'apheresis-unit' },
    scanned: [{ kind: 'patient', value: m.patient }, ...bagScans('collection-bag', m.bags)],
    din: m.din,
    start: at(-240),
    end: at(0),
    bags: m.bags.map((bagId) => ({ bagId })),
    patientIdentifiersChecked: ['name', 'date-of-birth'],
    ...extra,
  }),
  coldStorage: (m: Material, minutes = 60, extra: Extra = {}) => ({
    type: 'cold-storage',
    coi: m.coi,
    at: at(minutes),
    location: { id: 'fridge-1', kind: 'refrigerator' },
    scanned: bagScans('collection-bag', m.bags),
    temperatures: [reading(minutes, 4)],
    ...extra,
  }),
  cryopreservation: (m: Material, completed = 180, extra: Extra = {}) => ({
    type: 'cryopreservation',
    coi: m.coi,
    at: at(completed),
    location: { id: 'cell-lab', kind: 'cell-processing', cabinetId: 'BSC-1' },
    scanned: bagScans('collection-bag', m.bags),
    record: {
      events: [
        { event: 'cryoprotectant-added', at: at(completed - 100) },
        { event: 'freezing-started', at: at(completed - 90) },
        { event: 'freezing-completed', at: at(completed) },
      ],
    },
    ...extra,
  }),
  liquidNitrogen: (m: Material, minutes = 200, extra: Extra = {}) => ({
    type: 'liquid-nitrogen-storage',
    coi: m.coi,
    at: at(minutes),
    location: { id: 'ln2-tank-1', kind: 'liquid-nitrogen' },
    scanned: bagScans('collection-bag', m.bags),
    temperatures: [reading(minutes, -180)],
    ...extra,
  }),
  shipment: (m: Material, minutes = 24 * 60, extra: Extra = {}) => ({
    type: 'shipment',
    coi: m.coi,
    at: at(minutes),
    location: { id: 'dock', kind: 'transport' },
    scanned: bagScans('collection-bag', m.bags),
    temperatures: [reading(minutes, -175)],
    shipmentId: m.shipment,
    container: { id: 'DS-9', kind: 'dry-shipper' },
    manufacturerIdentifiers: [m.manufacturer],
    ...extra,
  }),
  manufacturing: (m: Material, minutes = 3 * 24 * 60, extra: Extra = {}) => ({
    type: 'manufacturing-status',
    coi: m.coi,
    at: at(minutes),
    location: { id: 'office', kind: 'pharmacy' },
    status: 'released',
    manufacturerIdentifiers: [m.manufacturer],
    ...extra,
  }),
  receipt: (m: Material, minutes = 20 * 24 * 60, extra: Extra = {}) => ({
    type: 'receipt',
    coi: m.coi,
    at: at(minutes),
    location: { id: 'cell-lab', kind: 'cell-processing' },
    scanned: [{ kind: 'manufacturer', system: m.manufacturer.system, value: m.manufacturer.value }, ...bagScans('product-bag', m.productBags)],
    product: {
      productId: m.product,
      expiresAt: at(200 * 24 * 60),
      manufacturerIdentifiers: [m.manufacturer],
      bags: m.productBags.map((bagId, i) => ({ bagId, manufacturerBagId: `${m.manufacturer.value}-BAG-${i + 1}` })),
    },
    release: { releaseDocumentsReviewed: true, outOfSpecification: false },
    ...extra,
  }),
  productStorage: (m: Material, minutes = 20 * 24 * 60 + 30, extra: Extra = {}) => ({
    type: 'product-storage',
    coi: m.coi,
    at: at(minutes),
    location: { id: 'ln2-tank-2', kind: 'liquid-nitrogen' },
    scanned: bagScans('product-bag', m.productBags),
    temperatures: [reading(minutes, -180)],
    packageCountMatches: true,
    packagingIntact: true,
    ...extra,
  }),
  transfer: (m: Material, minutes: number, bags: readonly string[] = m.productBags, extra: Extra = {}) => ({
    type: 'transfer-to-bedside',
    coi: m.coi,
    at: at(minutes),
    location: { id: 'ward-7-bed-3', kind: 'bedside' },
    scanned: bagScans('product-bag', bags),
    temperatures: [reading(minutes - 10, -170), reading(minutes, -165)],
    ...extra,
  }),
  match: (m: Material, minutes: number, bag = m.productBags[0]!, extra: Extra = {}) => ({
    type: 'bedside-match',
    coi: m.coi,
    at: at(minutes),
    location: { id: 'ward-7-bed-3', kind: 'bedside' },
    scanned: [
      { kind: 'patient', value: m.patient },
      { kind: 'product-bag', value: bag },
    ],
    patientIdentifiersChecked: ['name', 'date-of-birth'],
    expiryChecked: true,
    ...extra,
  }),
  thaw: (m: Material, minutes: number, bag = m.productBags[0]!, extra: Extra = {}) => ({
    type: 'thaw',
    coi: m.coi,
    at: at(minutes),
    location: { id: 'ward-7-bed-3', kind: 'bedside' },
    scanned: [{ kind: 'product-bag', value: bag }],
    temperatures: [reading(minutes, 37)],
    ...extra,
  }),
  infusionStart: (m: Material, minutes: number, bag = m.productBags[0]!, extra: Extra = {}) => ({
    type: 'infusion-start',
    coi: m.coi,
    at: at(minutes),
    location: { id: 'ward-7-bed-3', kind: 'bedside' },
    scanned: [
      { kind: 'patient', value: m.patient },
      { kind: 'product-bag', value: bag },
    ],
    ...extra,
  }),
  infusionEnd: (m: Material, minutes: number, bag = m.productBags[0]!, extra: Extra = {}) => ({
    type: 'infusion-end',
    coi: m.coi,
    at: at(minutes),
    location: { id: 'ward-7-bed-3', kind: 'bedside' },
    scanned: [{ kind: 'product-bag', value: bag }],
    ...extra,
  }),
};

/** Who does each step in the tests: the performer's username, and the second person for two-person steps. */
export const CREW: Record<string, { performer: string; verifier?: string }> = {
  collection: { performer: 'nurse', verifier: 'nurse-2' },
  'cold-storage': { performer: 'cell-therapy-technologist' },
  cryopreservation: { performer: 'cell-therapy-technologist' },
  'liquid-nitrogen-storage': { performer: 'cell-therapy-technologist' },
  shipment: { performer: 'cell-therapy-technologist' },
  'manufacturing-status': { performer: 'cell-therapy-technologist' },
  receipt: { performer: 'cell-therapy-technologist', verifier: 'pharmacist' },
  'release-documents': { performer: 'pharmacist' },
  'product-storage': { performer: 'cell-therapy-technologist' },
  'transfer-to-bedside': { performer: 'cell-therapy-technologist' },
  'bedside-match': { performer: 'nurse', verifier: 'physician' },
  thaw: { performer: 'nurse' },
  'infusion-start': { performer: 'nurse' },
  'infusion-end': { performer: 'nurse' },
};

/** The request body of a step done by its usual crew (or as told). */
export function body(event: { type: string } & Extra, crew: { performer: string; verifier?: string | undefined } = CREW[event.type]!, password = TEST_PASSWORD): Record<string, unknown> {
  return crew.verifier === undefined ? { event } : { event, performerPassword: TEST_PASSWORD, verifier: { username: crew.verifier, password } };
}

export interface Posted {
  readonly statusCode: number;
  readonly json: Record<string, unknown>;
}

/** Posts a step as its crew's performer. */
export async function post(server: CustodyServer, chainId: string, event: { type: string } & Extra, crew: { performer: string; verifier?: string | undefined } = CREW[event.type]!, password = TEST_PASSWORD): Promise<Posted> {
  const res = await server.s.app.inject({ method: 'POST', url: `/api/v1/custody/chains/${chainId}/events`, headers: await server.login(crew.performer), payload: body(event, crew, password) });
  return { statusCode: res.statusCode, json: res.json<Record<string, unknown>>() };
}

/** Posts a step that must be accepted. */
export async function accept(server: CustodyServer, chainId: string, event: { type: string } & Extra, crew?: { performer: string; verifier?: string }): Promise<Record<string, unknown>> {
  const res = await post(server, chainId, event, crew);
  expect(res.statusCode, `${event.type}: ${JSON.stringify(res.json)}`).toBe(201);
  return res.json;
}

export async function cabinet(server: CustodyServer, chainId: string, type: 'open' | 'close', materialId: string, minutes: number, cabinetId = 'BSC-1', as = 'cell-therapy-technologist'): Promise<Posted> {
  const res = await server.s.app.inject({ method: 'POST', url: `/api/v1/custody/chains/${chainId}/cabinet/${type}`, headers: await server.login(as), payload: { cabinetId, materialId, at: at(minutes) } });
  return { statusCode: res.statusCode, json: res.json<Record<string, unknown>>() };
}

/** Day 25 after T0: the product is at the bedside. */
export const D = 25 * 24 * 60;

/** Collection to both bags at the bedside, every step accepted (cabinet opened and closed around the freezing). */
export async function upToBedside(server: CustodyServer, chainId: string, m: Material): Promise<void> {
  await accept(server, chainId, step.collection(m));
  await accept(server, chainId, step.coldStorage(m));
  expect((await cabinet(server, chainId, 'open', m.bags[0]!, 70)).statusCode).toBe(201);
  await accept(server, chainId, step.cryopreservation(m));
  expect((await cabinet(server, chainId, 'close', m.bags[0]!, 185)).statusCode).toBe(201);
  await accept(server, chainId, step.liquidNitrogen(m));
  await accept(server, chainId, step.shipment(m));
  await accept(server, chainId, step.manufacturing(m));
  await accept(server, chainId, step.receipt(m));
  await accept(server, chainId, step.productStorage(m));
  await accept(server, chainId, step.transfer(m, D));
}

/** The codes of a 409's reasons (the last issue names the deviation). */
export function reasonRules(json: Record<string, unknown>): string[] {
  return ((json['issues'] ?? []) as { rule: string }[]).map((i) => i.rule).filter((r) => r !== 'custody.deviation-recorded');
}
