import type { Actor } from '../audit/trail.js';
import type { SessionUser } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import type { DemoStage } from '../demo/people.js';
import { DEMO_PASSWORD } from '../demo/people.js';
import { recordCabinetEvent } from './cabinet.js';
import { createChain } from './chains.js';
import { recordCustodyStep } from './record.js';

/**
 * The demo patients' chains of identity, from collection to the last infused bag, recorded
 * through the same audited functions as real steps (two-person steps signed by two demo users).
 * The child in washout has none yet; the day +4 patient received one bag, the day +45 patient
 * two. The infusion matches the course's infusion anchors (load.ts: start, end 20 minutes later).
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const CHAINS: Partial<Record<DemoStage, { bags: number; sequence: string }>> = {
  'day-4-crs': { bags: 1, sequence: '900004' },
  'day-45-icaht': { bags: 2, sequence: '900005' },
};

/** ICCBBA's example facility identification number: never a real centre's. */
const DEMO_FACILITY = 'A9999';

export interface DemoChainInput {
  readonly stage: DemoStage;
  readonly patientId: string;
  readonly episodeId: string;
  readonly users: readonly SessionUser[];
  readonly infusionAt: Date | null;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

function person(users: readonly SessionUser[], role: SessionUser['role']): SessionUser {
  const user = users.find((u) => u.role === role);
  if (!user) throw new Error(`the demo users include a ${role}`);
  return user;
}

/** Loads the stage's chain once: a course that already has a chain is left alone. */
export async function loadDemoChain(ctx: ServerContext, tx: Tx, actor: Actor, input: DemoChainInput): Promise<void> {
  const plan = CHAINS[input.stage];
  if (plan === undefined || input.infusionAt === null) return;
  const existing = await tx.selectFrom('custody_chains').select('id').where('episode_id', '=', input.episodeId).executeTakeFirst();
  if (existing) return;
  const infusion = input.infusionAt.getTime();
  const end = infusion - 30 * DAY;
  const chain = await createChain(
    tx,
    actor,
    { patientId: input.patientId, episodeId: input.episodeId, pathway: 'cryopreserve-on-site', manufacturerIdentifiers: [{ system: 'demo-manufacturer-order', value: `DO-${plan.sequence}` }] },
    new Date(end - 5 * DAY),
  );
  const nurse = person(input.users, 'nurse');
  const tech = person(input.users, 'cell-therapy-technologist');
  const pharmacist = person(input.users, 'pharmacist');
  const physician = person(input.users, 'physician');
  const din = chain.din ?? `${DEMO_FACILITY}${new Date(end).toISOString().slice(2, 4)}${plan.sequence}`;
  const bags = [`${din}01`, `${din}02`];
  const productBags = Array.from({ length: plan.bags }, (_, i) => `${chain.coi}-P${i + 1}`);
  const manufacturer = { system: 'demo-manufacturer-coi', value: `DM-${chain.coi}` };
  const location = (id: string, kind: string, cabinetId?: string) => ({ id, kind, ...(cabinetId === undefined ? {} : { cabinetId }) });
  const reading = (t: number, celsius: number) => ({ at: iso(t), temperature: { value: celsius, unit: 'Cel' } });
  const bagScans = (kind: string, values: readonly string[]) => values.map((value) => ({ kind, value }));

  const step = async (t: number, performer: SessionUser, event: Record<string, unknown>, verifier?: SessionUser): Promise<void> => {
    const outcome = await recordCustodyStep(
      ctx,
      tx,
      {
        chainId: chain.id,
        event: { coi: chain.coi, at: iso(t), ...event },
        performer,
        ...(verifier === undefined ? {} : { performerPassword: DEMO_PASSWORD, verifier: { username: verifier.username, password: DEMO_PASSWORD } }),
      },
      new Date(t),
      'en',
    );
    if (outcome.status !== 'accepted') throw new Error(`demo custody step ${String(event['type'])} refused: ${outcome.reasons.map((r) => r.code).join(', ')}`);
  };
  const cabinet = async (t: number, type: 'open' | 'close'): Promise<void> => {
    const outcome = await recordCabinetEvent(tx, { chainId: chain.id, type, cabinetId: 'BSC-DEMO', materialId: bags[0]!, at: iso(t), user: tech }, new Date(t), 'en');
    if (outcome.status !== 'accepted') throw new Error(`demo cabinet ${type} refused: ${outcome.reasons.map((r) => r.code).join(', ')}`);
  };

  await step(
    end + 5 * MIN,
    nurse,
    {
      type: 'collection',
      location: location('apheresis-1', 'apheresis-unit'),
      scanned: [{ kind: 'patient', value: input.patientId }, ...bagScans('collection-bag', bags)],
      din,
      start: iso(end - 4 * HOUR),
      end: iso(end),
      bags: bags.map((bagId) => ({ bagId })),
      patientIdentifiersChecked: ['name', 'date-of-birth', 'medical-record-number'],
    },
    tech,
  );
  await step(end + 40 * MIN, tech, { type: 'cold-storage', location: location('fridge-1', 'refrigerator'), scanned: bagScans('collection-bag', bags), temperatures: [reading(end + 40 * MIN, 4)] });
  await cabinet(end + 90 * MIN, 'open');
  const frozen = end + 4 * HOUR;
  await step(frozen, tech, {
    type: 'cryopreservation',
    location: location('cell-lab', 'cell-processing', 'BSC-DEMO'),
    scanned: bagScans('collection-bag', bags),
    record: {
      events: [
        { event: 'cryoprotectant-added', at: iso(frozen - 100 * MIN) },
        { event: 'freezing-started', at: iso(frozen - 90 * MIN) },
        { event: 'freezing-completed', at: iso(frozen) },
      ],
    },
    temperatures: [reading(frozen - 95 * MIN, 2)],
  });
  await cabinet(frozen + 5 * MIN, 'close');
  await step(frozen + 20 * MIN, tech, { type: 'liquid-nitrogen-storage', location: location('ln2-tank-1', 'liquid-nitrogen'), scanned: bagScans('collection-bag', bags), temperatures: [reading(frozen + 15 * MIN, -170), reading(frozen + 20 * MIN, -185)] });
  await step(end + DAY, tech, {
    type: 'shipment',
    location: location('dock', 'transport'),
    scanned: bagScans('collection-bag', bags),
    temperatures: [reading(end + DAY, -180)],
    shipmentId: `${chain.coi}-SHIP`,
    container: { id: 'DS-DEMO', kind: 'dry-shipper' },
    manufacturerIdentifiers: [manufacturer],
  });
  await step(end + 3 * DAY, tech, { type: 'manufacturing-status', location: location('cell-lab-office', 'cell-processing'), status: 'in-production', manufacturerIdentifiers: [manufacturer] });
  await step(end + 18 * DAY, tech, { type: 'manufacturing-status', location: location('cell-lab-office', 'cell-processing'), status: 'released', manufacturerIdentifiers: [manufacturer] });
  const received = infusion - 7 * DAY;
  await step(
    received,
    tech,
    {
      type: 'receipt',
      location: location('cell-lab', 'cell-processing'),
      scanned: [{ kind: 'manufacturer', system: manufacturer.system, value: manufacturer.value }, ...bagScans('product-bag', productBags)],
      temperatures: [reading(received, -180)],
      product: {
        productId: `${chain.coi}-LOT`,
        expiresAt: iso(received + 365 * DAY),
        manufacturerIdentifiers: [manufacturer],
        bags: productBags.map((bagId, i) => ({ bagId, manufacturerBagId: `${manufacturer.value}-${i + 1}` })),
      },
      release: { releaseDocumentsReviewed: true, outOfSpecification: false },
    },
    pharmacist,
  );
  await step(received + 30 * MIN, tech, {
    type: 'product-storage',
    location: location('ln2-tank-2', 'liquid-nitrogen'),
    scanned: bagScans('product-bag', productBags),
    temperatures: [reading(received + 30 * MIN, -185)],
    packageCountMatches: true,
    packagingIntact: true,
  });
  await step(infusion - 40 * MIN, tech, {
    type: 'transfer-to-bedside',
    location: location('ward-bed', 'bedside'),
    scanned: bagScans('product-bag', productBags),
    temperatures: [reading(infusion - 50 * MIN, -175), reading(infusion - 40 * MIN, -170)],
  });
  // Bag by bag, the last one ending 20 minutes after the first started (the course's infusion-end anchor).
  const slots = plan.bags === 1 ? [{ match: -15, thaw: -8, start: 0, end: 20 }] : [{ match: -15, thaw: -8, start: 0, end: 8 }, { match: 9, thaw: 10, start: 12, end: 20 }];
  for (const [i, slot] of slots.entries()) {
    const bag = productBags[i]!;
    const t = (minutes: number) => infusion + minutes * MIN;
    await step(
      t(slot.match),
      nurse,
      {
        type: 'bedside-match',
        location: location('ward-bed', 'bedside'),
        scanned: [
          { kind: 'patient', value: input.patientId },
          { kind: 'product-bag', value: bag },
        ],
        patientIdentifiersChecked: ['name', 'date-of-birth'],
        expiryChecked: true,
      },
      physician,
    );
    await step(t(slot.thaw), nurse, { type: 'thaw', location: location('ward-bed', 'bedside'), scanned: [{ kind: 'product-bag', value: bag }], temperatures: [reading(t(slot.thaw), 37)] });
    await step(t(slot.start), nurse, {
      type: 'infusion-start',
      location: location('ward-bed', 'bedside'),
      scanned: [
        { kind: 'patient', value: input.patientId },
        { kind: 'product-bag', value: bag },
      ],
      temperatures: [reading(t(slot.start), 22)],
    });
    await step(t(slot.end), nurse, { type: 'infusion-end', location: location('ward-bed', 'bedside'), scanned: [{ kind: 'product-bag', value: bag }] });
  }
}
