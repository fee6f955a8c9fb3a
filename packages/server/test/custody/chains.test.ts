import { DEFAULT_SETTINGS, parseCoi, parseDin } from '@cartographer/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/trail.js';
import { accept, D, HOUR, material, MIN, startCustodyServer, step, T0, upToBedside, type CustodyServer, type Material } from './support.js';

/**
 * Chains of identity: creation (COI issued by the core, DIN from a PostgreSQL sequence when the
 * institution has a facility code), the chain view after a whole course (state, clocks, events,
 * lineage both ways, vein-to-vein), identifier tracing, the program's vein-to-vein statistics,
 * and the product row the receipt creates.
 */

let c: CustodyServer;
beforeAll(async () => {
  c = await startCustodyServer();
});
afterAll(async () => c.close());

interface ChainJson {
  id: string;
  coi: { value: string; scheme: string; checkCharacter: string; eyeReadable: string; barcodeData: string };
  din: { value: string; checkCharacter: string; barcodeData: string } | null;
  productId: string | null;
  acceptedEvents: number;
  state: { product: { bags: { infusionEndedAt: string | null }[] } | null };
  clocks: { clock: string; status: string; late: boolean }[];
  events: { type: string; outcome: string; signatures: { meaning: string; signerRole: string }[]; verifiedBy: { role: string } | null }[];
  deviations: unknown[];
  lineage: { nodes: { key: string }[]; edges: { from: string; to: string }[] };
  veinToVein: { from: string; to: string; hours: number; days: number } | null;
}

async function createFor(patientId: string, as = 'cell-therapy-technologist', payload?: Record<string, unknown>) {
  const episodeId = await c.episode(patientId);
  return c.s.app.inject({ method: 'POST', url: `/api/v1/patients/${patientId}/custody/chains`, headers: await c.login(as), payload: payload ?? { episodeId } });
}

describe('creating a chain', () => {
  it('issues a local COI without a facility code, with its check character, and no DIN', async () => {
    const res = await createFor(c.patientA);
    expect(res.statusCode).toBe(201);
    const chain = res.json<ChainJson>();
    expect(chain.coi.scheme).toBe('local');
    expect(chain.coi.value).toMatch(/^COI26\d{6}$/);
    const parsed = parseCoi(`${chain.coi.value}${chain.coi.checkCharacter}`);
    expect(parsed.ok).toBe(true);
    expect(chain.din).toBeNull();
    expect(chain.acceptedEvents).toBe(0);
  });

  it('issues the ISBT 128 COI and assigns a valid DIN from the sequence once the facility code is set', async () => {
    await c.s.database.db
      .insertInto('institution_settings')
      .values({ version: 2, settings: JSON.stringify({ ...DEFAULT_SETTINGS, facilityCode: 'A9997' }), changed_by: null, reason: 'ICCBBA facility code', changed_at: new Date(T0) })
      .execute();
    try {
      const first = (await createFor(c.patientA)).json<ChainJson>();
      const second = (await createFor(c.patientB)).json<ChainJson>();
      for (const chain of [first, second]) {
        expect(chain.coi.scheme).toBe('isbt128');
        expect(chain.coi.value).toMatch(/^CHA999726\d{6}$/);
        expect(chain.coi.barcodeData).toBe(`&/${chain.coi.value}`);
        const din = parseDin(`${chain.din!.value}${chain.din!.checkCharacter}`);
        expect(din.ok).toBe(true);
        expect(chain.din!.barcodeData).toBe(`=${chain.din!.value}00`);
      }
      expect(Number(second.din!.value.slice(7))).toBe(Number(first.din!.value.slice(7)) + 1);
      expect(second.coi.value).not.toBe(first.coi.value);
    } finally {
      await c.s.database.asOwner('DELETE FROM institution_settings WHERE version = 2');
    }
  });

  it('refuses a second chain for a course, a course of another patient, a leukemia course, and the wrong roles', async () => {
    const episodeId = await c.episode(c.patientA);
    const headers = await c.login('cell-therapy-technologist');
    const url = `/api/v1/patients/${c.patientA}/custody/chains`;
    expect((await c.s.app.inject({ method: 'POST', url, headers, payload: { episodeId } })).statusCode).toBe(201);
    const again = await c.s.app.inject({ method: 'POST', url, headers, payload: { episodeId } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ issues: [{ path: 'episodeId', rule: 'custody.chain-exists' }] });

    const othersCourse = await c.episode(c.patientB);
    const other = await c.s.app.inject({ method: 'POST', url, headers, payload: { episodeId: othersCourse } });
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({ issues: [{ path: 'episodeId', rule: 'custody.episode-unknown' }] });

    const leukemia = await c.episode(c.patientA);
    await c.s.database.db.updateTable('episodes').set({ kind: 'leukemia-course', disease: 'AML' }).where('id', '=', leukemia).execute();
    const notCarT = await c.s.app.inject({ method: 'POST', url, headers, payload: { episodeId: leukemia } });
    expect(notCarT.json()).toMatchObject({ issues: [{ path: 'episodeId', rule: 'custody.episode-not-car-t' }] });

    for (const role of ['case-manager', 'social-worker', 'administrator']) {
      const res = await c.s.app.inject({ method: 'POST', url, headers: await c.login(role), payload: { episodeId: await c.episode(c.patientA) } });
      expect(res.statusCode, role).toBe(403);
    }
  });
});

describe('a whole course', () => {
  let chain: { id: string; coi: string; patientId: string };
  let m: Material;
  beforeAll(async () => {
    chain = await c.chain(c.patientA);
    m = material(chain, 'WHOLE');
    await upToBedside(c, chain.id, m);
    for (const [i, bag] of m.productBags.entries()) {
      const base = D + 10 + i * 40;
      await accept(c, chain.id, step.match(m, base, bag));
      await accept(c, chain.id, step.thaw(m, base + 5, bag));
      await accept(c, chain.id, step.infusionStart(m, base + 10, bag));
      await accept(c, chain.id, step.infusionEnd(m, base + 25, bag));
    }
  });

  it('shows the state, met clocks, signed two-person steps and no deviation', async () => {
    const res = await c.s.app.inject({ method: 'GET', url: `/api/v1/custody/chains/${chain.id}`, headers: await c.login('case-manager') });
    expect(res.statusCode).toBe(200);
    const view = res.json<ChainJson>();
    expect(view.acceptedEvents).toBe(17);
    expect(view.state.product!.bags.every((b) => b.infusionEndedAt !== null)).toBe(true);
    expect(view.clocks.map((k) => `${k.clock}:${k.status}:${String(k.late)}`)).toEqual(['cold-storage:met:false', 'cryopreservation:met:false', 'thaw-to-infusion:met:false', 'thaw-to-infusion:met:false']);
    expect(view.deviations).toEqual([]);
    const twoPerson = view.events.filter((e) => ['collection', 'receipt', 'bedside-match'].includes(e.type));
    expect(twoPerson).toHaveLength(4);
    for (const e of twoPerson) expect(e.signatures.map((s) => s.meaning).sort()).toEqual(['custody-performed', 'custody-verified']);
    expect(view.events.filter((e) => !['collection', 'receipt', 'bedside-match'].includes(e.type)).every((e) => e.signatures.length === 0 && e.verifiedBy === null)).toBe(true);
  });

  it('traces the lineage both ways, from the patient to the infused bags', async () => {
    const view = (await c.s.app.inject({ method: 'GET', url: `/api/v1/custody/chains/${chain.id}`, headers: await c.login('nurse') })).json<ChainJson>();
    const keys = view.lineage.nodes.map((n) => n.key);
    expect(keys).toEqual(
      expect.arrayContaining([`patient:${c.patientA}`, `coi:${m.coi}`, `din:${m.din}`, ...m.bags.map((b) => `collection-bag:${b}`), `shipment:${m.shipment}`, `product:${m.product}`, ...m.productBags.map((b) => `product-bag:${b}`), ...m.productBags.map((b) => `infusion:${b}`)]),
    );
    const headers = await c.login('pharmacist');
    const forward = await c.s.app.inject({ method: 'GET', url: `/api/v1/custody/lineage?kind=din&value=${m.din}`, headers });
    expect(forward.statusCode).toBe(200);
    const [fromDin] = forward.json<{ chainId: string; forward: { key: string }[]; backward: { key: string }[] }[]>();
    expect(fromDin!.chainId).toBe(chain.id);
    expect(fromDin!.forward.map((n) => n.key)).toEqual(expect.arrayContaining([`shipment:${m.shipment}`, `product:${m.product}`, `infusion:${m.productBags[1]}`]));
    expect(fromDin!.backward.map((n) => n.key)).toEqual([`coi:${m.coi}`, `patient:${c.patientA}`]);

    const back = await c.s.app.inject({ method: 'GET', url: `/api/v1/custody/lineage?kind=infusion&value=${m.productBags[0]}`, headers });
    expect(back.json<{ backward: { key: string }[] }[]>()[0]!.backward.map((n) => n.key)).toEqual(
      expect.arrayContaining([`product-bag:${m.productBags[0]}`, `product:${m.product}`, `shipment:${m.shipment}`, `din:${m.din}`, `patient:${c.patientA}`]),
    );
    const byManufacturer = await c.s.app.inject({ method: 'GET', url: `/api/v1/custody/lineage?kind=manufacturer&system=manufacturer-bag&value=${m.manufacturer.value}-BAG-2`, headers });
    expect(byManufacturer.json<{ start: { key: string }[] }[]>()[0]!.start.map((n) => n.key)).toEqual([`product-bag:${m.productBags[1]}`]);

    const unknown = await c.s.app.inject({ method: 'GET', url: '/api/v1/custody/lineage?kind=din&value=A999926999999', headers });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ issues: [{ path: 'value', rule: 'custody.identifier-unknown' }] });
  });

  it('gives the vein-to-vein time of the course: first collection start to the first bag infused', async () => {
    const res = await c.s.app.inject({ method: 'GET', url: `/api/v1/custody/chains/${chain.id}/vein-to-vein`, headers: await c.login('case-manager') });
    expect(res.statusCode).toBe(200);
    const expectedHours = (D + 20 - -240) / 60;
    expect(res.json()).toEqual({ coi: m.coi, veinToVein: { coi: m.coi, from: '2026-03-10T06:00:00+08:00', to: '2026-04-04T10:20:00+08:00', hours: Math.round(expectedHours * 100) / 100, days: Math.round((expectedHours / 24) * 100) / 100 } });
  });

  it('creates the product at receipt and follows it to infused (FHIR BiologicallyDerivedProduct)', async () => {
    const view = (await c.s.app.inject({ method: 'GET', url: `/api/v1/custody/chains/${chain.id}`, headers: await c.login('nurse') })).json<ChainJson>();
    const product = await c.s.database.db.selectFrom('products').selectAll().where('id', '=', view.productId!).executeTakeFirstOrThrow();
    expect(product).toMatchObject({ patient_id: c.patientA, product_code: m.product, status: 'infused' });
    const audits = await c.s.database.db.selectFrom('audit_log').select('after').where('entity_type', '=', 'product').where('entity_id', '=', product.id).orderBy('seq').execute();
    expect(audits.map((a) => (a.after as { status: string }).status)).toEqual(['received', 'stored', 'thawed', 'infused']);
    const fhir = await c.s.app.inject({ method: 'GET', url: `/fhir/BiologicallyDerivedProduct/${product.id}`, headers: await c.login('nurse') });
    expect(fhir.json()).toMatchObject({ resourceType: 'BiologicallyDerivedProduct', status: 'unavailable' });
  });

  it('lists the patient\'s chains and hides them from users outside the care team', async () => {
    const list = await c.s.app.inject({ method: 'GET', url: `/api/v1/patients/${c.patientA}/custody/chains`, headers: await c.login('nurse') });
    expect(list.json<{ id: string }[]>().map((x) => x.id)).toContain(chain.id);
    await c.s.database.db.deleteFrom('care_team').where('patient_id', '=', c.patientA).where('user_id', '=', c.s.users['nurse']).execute();
    try {
      const headers = await c.login('nurse');
      expect((await c.s.app.inject({ method: 'GET', url: `/api/v1/custody/chains/${chain.id}`, headers })).statusCode).toBe(404);
      expect((await c.s.app.inject({ method: 'GET', url: `/api/v1/custody/lineage?kind=din&value=${m.din}`, headers })).statusCode).toBe(404);
      expect((await c.s.app.inject({ method: 'POST', url: `/api/v1/custody/chains/${chain.id}/events`, headers, payload: { event: step.infusionEnd(m, D + 200) } })).statusCode).toBe(404);
    } finally {
      await c.s.database.db.insertInto('care_team').values({ patient_id: c.patientA, user_id: c.s.users['nurse'], added_at: new Date(T0) }).execute();
    }
  });
});

describe('vein-to-vein across the program', () => {
  it('gives counts and quartiles of the infused courses, and refuses roles outside the table', async () => {
    const res = await c.s.app.inject({ method: 'GET', url: '/api/v1/custody/vein-to-vein', headers: await c.login('physician') });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ courses: number; infused: number; statistics: { count: number; medianDays: number } | null }>();
    const chains = await c.s.database.db.selectFrom('custody_chains').select('id').execute();
    expect(body.courses).toBe(chains.length);
    expect(body.infused).toBe(1);
    const hours = (D + 20 + 240) / 60;
    expect(body.statistics).toMatchObject({ count: 1, medianDays: Math.round((hours / 24) * 100) / 100 });
    expect((await c.s.app.inject({ method: 'GET', url: '/api/v1/custody/vein-to-vein', headers: await c.login('social-worker') })).statusCode).toBe(403);
  });

  it('keeps the audit trail intact', async () => {
    expect(HOUR).toBe(60 * MIN);
    expect((await verifyAudit(c.s.database.db)).ok).toBe(true);
  });
});
