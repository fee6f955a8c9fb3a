import { hash } from '@node-rs/argon2';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/trail.js';
import { TEST_PASSWORD } from '../support/server.js';
import { at, material, startCustodyServer, step, T0, upToBedside, type CustodyServer, type Material } from './support.js';

/**
 * Random sequences of custody calls through the HTTP API: a course's steps in order, each
 * possibly spoiled (another patient's wristband or bag, another course's COI, the step alone, the
 * same user twice, a role the step does not permit, a wrong second password, a skipped step), mixed
 * with steps of any kind at any point and cabinet calls. Every answer is checked as it comes
 * (201, 409 recorded, or 401/403 with nothing written; never anything else), and what the
 * database accepted is then checked against independent statements of the rules: no product
 * infused into another patient or from another course, no two-person step with one person, no
 * step before what it needs.
 */

const TWO_PERSON = ['collection', 'receipt', 'bedside-match'];
const CREW: Record<string, [string, string?]> = {
  collection: ['nurse', 'cell-therapy-technologist-2'],
  'cold-storage': ['cell-therapy-technologist'],
  cryopreservation: ['cell-therapy-technologist'],
  'liquid-nitrogen-storage': ['cell-therapy-technologist'],
  shipment: ['cell-therapy-technologist'],
  'manufacturing-status': ['pharmacist'],
  receipt: ['cell-therapy-technologist', 'pharmacist-2'],
  'product-storage': ['pharmacist'],
  'transfer-to-bedside': ['nurse'],
  'bedside-match': ['nurse', 'physician-2'],
  thaw: ['physician'],
  'infusion-start': ['nurse'],
  'infusion-end': ['physician'],
};
/** For each step, a handling role the core does not permit there (null when every handling role is permitted). */
const WRONG_ROLE: Record<string, string> = {
  collection: 'pharmacist-2',
  'cold-storage': 'pharmacist',
  cryopreservation: 'nurse',
  'liquid-nitrogen-storage': 'physician',
  shipment: 'nurse',
  'manufacturing-status': 'nurse',
  receipt: 'nurse-2',
  'product-storage': 'nurse',
  'transfer-to-bedside': 'physician',
  'bedside-match': 'cell-therapy-technologist-2',
  thaw: 'pharmacist',
  'infusion-start': 'pharmacist',
  'infusion-end': 'cell-therapy-technologist',
};

type ScriptItem = { kind: 'step'; type: string; bag?: number } | { kind: 'cabinet'; action: 'open' | 'close' };
const SCRIPT: ScriptItem[] = [
  { kind: 'step', type: 'collection' },
  { kind: 'step', type: 'cold-storage' },
  { kind: 'cabinet', action: 'open' },
  { kind: 'step', type: 'cryopreservation' },
  { kind: 'cabinet', action: 'close' },
  { kind: 'step', type: 'liquid-nitrogen-storage' },
  { kind: 'step', type: 'shipment' },
  { kind: 'step', type: 'manufacturing-status' },
  { kind: 'step', type: 'receipt' },
  { kind: 'step', type: 'product-storage' },
  { kind: 'step', type: 'transfer-to-bedside' },
  ...[0, 1].flatMap((bag) => ['bedside-match', 'thaw', 'infusion-start', 'infusion-end'].map((type): ScriptItem => ({ kind: 'step', type, bag }))),
];
const STEP_ITEMS = SCRIPT.filter((s) => s.kind === 'step');

const SPOILS = ['wrong-patient', 'foreign-bag', 'wrong-coi', 'alone', 'same-user', 'bad-role', 'wrong-password', 'skip'] as const;
type Spoil = 'none' | (typeof SPOILS)[number];

const spoil = fc.oneof({ weight: 5, arbitrary: fc.constant<Spoil>('none') }, { weight: 1, arbitrary: fc.constantFrom<Spoil>(...SPOILS) });
const move = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('script' as const), spoil, delta: fc.integer({ min: 1, max: 180 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('random' as const), item: fc.nat(STEP_ITEMS.length - 1), spoil, delta: fc.integer({ min: -30, max: 600 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('foreign-cabinet' as const), open: fc.boolean(), delta: fc.integer({ min: 1, max: 60 }) }) },
);
type Move = typeof move extends fc.Arbitrary<infer M> ? M : never;
/** Short sequences (early steps, many spoils), and long ones that reach the bedside. */
const sequence = fc.oneof({ weight: 3, arbitrary: fc.array(move, { minLength: 1, maxLength: 8 }) }, { weight: 2, arbitrary: fc.array(move, { minLength: 22, maxLength: 30 }) });
/** Three sequences run side by side on separate courses, cabinets and foreign courses (the database is shared, as in a hospital). */
const LANES = 3;

let c: CustodyServer;
const foreign: { chain: { id: string; coi: string; patientId: string }; material: Material }[] = [];
const headers: Record<string, { authorization: string }> = {};
let secondNurseSession: { authorization: string };
let run = 0;
const statusCounts: Record<number, number> = {};

beforeAll(async () => {
  c = await startCustodyServer(new Date(T0 + 3650 * 24 * 3_600_000));
  // Verification cost is a deployment setting; thousands of signatures here need a cheap hash.
  const cheap = await hash(TEST_PASSWORD, { memoryCost: 1024, timeCost: 1, parallelism: 1 });
  await c.s.database.db.updateTable('users').set({ password_hash: cheap }).execute();
  for (const username of new Set(Object.values(CREW).flat().concat(Object.values(WRONG_ROLE)).concat(['cell-therapy-technologist']))) {
    if (username !== undefined) headers[username] = await c.login(username);
  }
  secondNurseSession = await c.login('nurse');
  for (let lane = 0; lane < LANES; lane++) {
    const chain = await c.chain(c.patientB);
    const m = material(chain, `FOREIGN${lane}`);
    await upToBedside(c, chain.id, m);
    foreign.push({ chain, material: m });
  }
});
afterAll(async () => c.close());

interface Built {
  readonly event: Record<string, unknown> & { type: string };
  readonly performer: string;
  readonly verifier?: string | undefined;
  readonly password: string;
  readonly session: { authorization: string };
}

function build(item: Extract<ScriptItem, { kind: 'step' }>, m: Material, minute: number, spoilt: Spoil, lane: number): Built {
  const bag = m.productBags[item.bag ?? 0]!;
  const mf = foreign[lane]!.material;
  const made: Record<string, (x: Material, t: number) => Record<string, unknown> & { type: string }> = {
    collection: (x, t) => step.collection(x, t, { start: at(t - 240), end: at(t - 1) }),
    'cold-storage': (x, t) => step.coldStorage(x, t),
    cryopreservation: (x, t) => step.cryopreservation(x, t, { location: { id: 'cell-lab', kind: 'cell-processing', cabinetId: `BSC-P${lane}` } }),
    'liquid-nitrogen-storage': (x, t) => step.liquidNitrogen(x, t),
    shipment: (x, t) => step.shipment(x, t),
    'manufacturing-status': (x, t) => step.manufacturing(x, t),
    receipt: (x, t) => step.receipt(x, t, { product: { ...(step.receipt(x, t)['product'] as object), expiresAt: at(t + 365 * 24 * 60) } }),
    'product-storage': (x, t) => step.productStorage(x, t),
    'transfer-to-bedside': (x, t) => step.transfer(x, t),
    'bedside-match': (x, t) => step.match(x, t, bag),
    thaw: (x, t) => step.thaw(x, t, bag),
    'infusion-start': (x, t) => step.infusionStart(x, t, bag),
    'infusion-end': (x, t) => step.infusionEnd(x, t, bag),
  };
  let event = made[item.type]!(m, minute);
  const [performer, verifier] = CREW[item.type]!;
  let built: Built = { event, performer, verifier, password: TEST_PASSWORD, session: headers[performer]! };
  const scanned = (event['scanned'] ?? []) as { kind: string; value: string; system?: string }[];
  switch (spoilt) {
    case 'wrong-patient':
      event = { ...event, scanned: [{ kind: 'patient', value: mf.patient }, ...scanned.filter((s) => s.kind !== 'patient')] };
      break;
    case 'foreign-bag': {
      const i = scanned.findIndex((s) => s.kind === 'collection-bag' || s.kind === 'product-bag');
      if (i >= 0) {
        const kind = scanned[i]!.kind;
        const replacement = kind === 'collection-bag' ? mf.bags[0]! : mf.productBags[0]!;
        event = { ...event, scanned: scanned.map((s, j) => (j === i ? { kind, value: replacement } : s)) };
      } else {
        event = { ...event, scanned: [...scanned, { kind: 'product-bag', value: mf.productBags[1]! }] };
      }
      break;
    }
    case 'wrong-coi':
      event = { ...event, coi: mf.coi };
      break;
    case 'alone':
      built = { ...built, verifier: undefined };
      break;
    case 'same-user':
      built = { ...built, verifier: performer === 'nurse' ? 'nurse' : performer, session: performer === 'nurse' ? secondNurseSession : built.session };
      break;
    case 'bad-role':
      built = verifier === undefined ? { ...built, performer: WRONG_ROLE[item.type]!, session: headers[WRONG_ROLE[item.type]!]! } : { ...built, verifier: WRONG_ROLE[item.type]! };
      break;
    case 'wrong-password':
      built = { ...built, verifier: verifier ?? 'physician-2', password: 'a wrong password entirely' };
      break;
    case 'none':
    case 'skip':
      break;
  }
  return { ...built, event };
}

async function chainCounts(chainId: string) {
  const { rows } = await c.s.database.asOwner<{ accepted: number; events: string; cabinets: string; deviations: string }>(
    `SELECT accepted_events AS accepted,
       (SELECT count(*) FROM custody_events WHERE chain_id = $1) AS events,
       (SELECT count(*) FROM custody_cabinet_events WHERE chain_id = $1) AS cabinets,
       (SELECT count(*) FROM custody_deviations WHERE chain_id = $1) AS deviations
     FROM custody_chains WHERE id = $1`,
    [chainId],
  );
  const row = rows[0]!;
  return { accepted: row.accepted, events: Number(row.events), cabinets: Number(row.cabinets), deviations: Number(row.deviations) };
}

/** Checks one answer against what it wrote. */
async function checkAnswer(chainId: string, statusCode: number, body: Record<string, unknown>, before: Awaited<ReturnType<typeof chainCounts>>, kind: 'event' | 'cabinet'): Promise<void> {
  statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
  expect([201, 401, 403, 409], JSON.stringify(body)).toContain(statusCode);
  const after = await chainCounts(chainId);
  const written = kind === 'event' ? after.events - before.events : after.cabinets - before.cabinets;
  if (statusCode === 201) {
    expect(written).toBe(1);
    expect(after.accepted - before.accepted).toBe(kind === 'event' ? 1 : 0);
  } else if (statusCode === 409) {
    expect((body['issues'] as { rule: string }[]).at(-1)!.rule).toBe('custody.deviation-recorded');
    expect({ written, accepted: after.accepted, deviations: after.deviations - before.deviations }).toEqual({ written: 1, accepted: before.accepted, deviations: 1 });
  } else {
    expect(after).toEqual(before);
  }
}

async function postStep(chainId: string, built: Built): Promise<void> {
  const before = await chainCounts(chainId);
  const payload = built.verifier === undefined ? { event: built.event } : { event: built.event, performerPassword: TEST_PASSWORD, verifier: { username: built.verifier, password: built.password } };
  const res = await c.s.app.inject({ method: 'POST', url: `/api/v1/custody/chains/${chainId}/events`, headers: built.session, payload });
  await checkAnswer(chainId, res.statusCode, res.json(), before, 'event');
}

async function postCabinet(chainId: string, type: 'open' | 'close', materialId: string, minute: number, lane: number): Promise<number> {
  const before = await chainCounts(chainId);
  const res = await c.s.app.inject({ method: 'POST', url: `/api/v1/custody/chains/${chainId}/cabinet/${type}`, headers: headers['cell-therapy-technologist']!, payload: { cabinetId: `BSC-P${lane}`, materialId, at: at(minute) } });
  await checkAnswer(chainId, res.statusCode, res.json(), before, 'cabinet');
  return res.statusCode;
}

interface StoredEvent {
  readonly type: string;
  readonly position: number;
  readonly event: { coi: string; at: string; scanned?: { kind: string; value: string }[]; bags?: { bagId: string }[]; product?: { bags: { bagId: string }[] } };
  readonly performed_by: string;
  readonly verified_by: string | null;
  readonly performer_signature_id: string | null;
  readonly verifier_signature_id: string | null;
}

// The event as sent: `scanned` may be absent (the schema's default is empty).
const bagsOf = (e: StoredEvent, kind: string) => (e.event.scanned ?? []).filter((s) => s.kind === kind).map((s) => s.value);

/** The rules, stated again without the core, over what the database accepted. */
async function checkAccepted(chain: { id: string; coi: string; patientId: string }): Promise<void> {
  const rows = (await c.s.database.db
    .selectFrom('custody_events')
    .select(['type', 'position', 'event', 'performed_by', 'verified_by', 'performer_signature_id', 'verifier_signature_id'])
    .where('chain_id', '=', chain.id)
    .where('outcome', '=', 'accepted')
    .orderBy('position')
    .execute()) as unknown as StoredEvent[];
  const users = new Map((await c.s.database.db.selectFrom('users').select(['id', 'role']).execute()).map((u) => [u.id, u.role]));
  const collected = new Set<string>();
  const frozen = new Set<string>();
  const productBags = new Set<string>();
  const stored = new Set<string>();
  const atBedside = new Set<string>();
  const matched = new Set<string>();
  const thawed = new Set<string>();
  const infusing = new Set<string>();
  let shipped = false;
  let received = false;
  let previous = -Infinity;
  for (const e of rows) {
    const where = `${e.type} at ${e.position}`;
    expect(e.event.coi, where).toBe(chain.coi);
    expect(Date.parse(e.event.at), where).toBeGreaterThanOrEqual(previous);
    previous = Date.parse(e.event.at);
    for (const patient of bagsOf(e, 'patient')) expect(patient, where).toBe(chain.patientId);
    if (TWO_PERSON.includes(e.type)) {
      expect(e.verified_by, where).not.toBeNull();
      expect(e.verified_by, where).not.toBe(e.performed_by);
      const signatures = await c.s.database.db.selectFrom('signatures').select(['id', 'user_id']).where('id', 'in', [e.performer_signature_id!, e.verifier_signature_id!]).execute();
      expect(new Set(signatures.map((s) => s.user_id)), where).toEqual(new Set([e.performed_by, e.verified_by]));
      expect(['physician', 'nurse', 'pharmacist', 'cell-therapy-technologist'], where).toContain(users.get(e.verified_by!));
    }
    const collectionBags = bagsOf(e, 'collection-bag');
    const products = bagsOf(e, 'product-bag');
    switch (e.type) {
      case 'collection':
        for (const b of e.event.bags ?? []) collected.add(b.bagId);
        break;
      case 'cold-storage':
      case 'cryopreservation':
      case 'shipment':
        for (const b of collectionBags) expect(collected.has(b), where).toBe(true);
        if (e.type === 'cryopreservation') for (const b of collectionBags) frozen.add(b);
        if (e.type === 'shipment') shipped = true;
        break;
      case 'liquid-nitrogen-storage':
        for (const b of collectionBags) expect(frozen.has(b), where).toBe(true);
        break;
      case 'manufacturing-status':
        expect(shipped, where).toBe(true);
        break;
      case 'receipt':
        expect(shipped, where).toBe(true);
        received = true;
        for (const b of e.event.product?.bags ?? []) productBags.add(b.bagId);
        break;
      default:
        expect(received, where).toBe(true);
        for (const b of products) expect(productBags.has(b), `${where}: ${b} is not this course's product`).toBe(true);
    }
    for (const b of products) {
      if (e.type === 'product-storage') stored.add(b);
      if (e.type === 'transfer-to-bedside') {
        expect(stored.has(b), where).toBe(true);
        atBedside.add(b);
        matched.delete(b);
      }
      if (e.type === 'bedside-match') {
        expect(atBedside.has(b), where).toBe(true);
        matched.add(b);
      }
      if (e.type === 'thaw') {
        expect(matched.has(b), where).toBe(true);
        thawed.add(b);
      }
      if (e.type === 'infusion-start') {
        expect(thawed.has(b) && matched.has(b), where).toBe(true);
        expect(bagsOf(e, 'patient'), where).toEqual([chain.patientId]);
        infusing.add(b);
      }
      if (e.type === 'infusion-end') expect(infusing.has(b), where).toBe(true);
    }
  }
}

/** One sequence of calls on a new course of patient A. */
async function runSequence(moves: readonly Move[], lane: number): Promise<void> {
  run += 1;
  const tag = `P${run}`;
  const chain = await c.chain(c.patientA);
  const m = material(chain, tag);
  const { chain: other, material: mf } = foreign[lane]!;
  let pointer = 0;
  let minute = 0;
  for (const mv of moves) {
    minute += mv.delta;
    if (mv.kind === 'foreign-cabinet') {
      await postCabinet(other.id, mv.open ? 'open' : 'close', mf.bags[0]!, minute, lane);
      continue;
    }
    if (mv.kind === 'random') {
      await postStep(chain.id, build(STEP_ITEMS[mv.item] as Extract<ScriptItem, { kind: 'step' }>, m, minute, mv.spoil, lane));
      continue;
    }
    const item = SCRIPT[pointer];
    if (item === undefined) break;
    if (mv.spoil === 'skip') {
      pointer += 1;
      continue;
    }
    if (item.kind === 'cabinet') {
      if ((await postCabinet(chain.id, item.action, m.bags[0]!, minute, lane)) === 201) pointer += 1;
      continue;
    }
    const before = (await chainCounts(chain.id)).accepted;
    await postStep(chain.id, build(item, m, minute, mv.spoil, lane));
    if ((await chainCounts(chain.id)).accepted > before) pointer += 1;
  }
  // Leave the lane's cabinet free for its next sequence, as the lab would at the end of a session.
  for (const [chainId, bag] of [
    [chain.id, m.bags[0]!],
    [other.id, mf.bags[0]!],
  ] as const) {
    const open = await c.s.database.db.selectFrom('custody_cabinet_materials').select('id').where('chain_id', '=', chainId).where('closed_at', 'is', null).execute();
    if (open.length > 0) expect(await postCabinet(chainId, 'close', bag, minute + 1, lane)).toBe(201);
  }
  await checkAccepted(chain);
}

describe('random sequences of custody calls through the API', () => {
  it('never infuse a mismatched product, complete a two-person step with one user, or run a step out of order', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.tuple(...Array.from({ length: LANES }, () => sequence)), async (lanes) => {
        await Promise.all(lanes.map((moves, lane) => runSequence(moves, lane)));
      }),
      { numRuns: 67 },
    );
    const infused = await c.s.database.db.selectFrom('custody_events').select('chain_id').distinct().where('type', '=', 'infusion-end').where('outcome', '=', 'accepted').execute();
    console.info(`custody properties: ${run} sequences, answers ${JSON.stringify(statusCounts)}, ${infused.length} courses infused, ${Math.round((Date.now() - started) / 1000)} s`);
    // The sequences reach the end of a course often enough for the statements above to bite.
    expect(run).toBeGreaterThanOrEqual(200);
    expect(infused.length).toBeGreaterThan(10);
    expect(statusCounts[201]).toBeGreaterThan(1000);
    expect(statusCounts[409]).toBeGreaterThan(100);
    expect((statusCounts[401] ?? 0) + (statusCounts[403] ?? 0)).toBeGreaterThan(20);
    expect((await verifyAudit(c.s.database.db)).ok).toBe(true);
  }, 120_000);
});
