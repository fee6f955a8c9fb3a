import { CustodyState, veinToVein } from '@cartographer/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/trail.js';
import { loadDemoData } from '../../src/demo/load.js';
import { DEMO_IDENTIFIER_SYSTEM } from '../../src/demo/people.js';
import { INFUSION_HOURS_AGO } from '../../src/demo/series.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The demo patients' chains of identity: complete from collection to infusion for the day +4 and
 * day +45 patients (their infusion where the course's anchors put it), none for the child in
 * washout, loaded once through the audited paths.
 */

let s: TestServer;
const now = new Date('2026-11-21T10:00:00+08:00');
beforeAll(async () => {
  s = await startTestServer({ now: () => now });
  await loadDemoData(s.ctx);
});
afterAll(async () => s.close());

async function chainOf(mrn: string) {
  return s.database.db
    .selectFrom('custody_chains')
    .innerJoin('patient_identifiers', 'patient_identifiers.patient_id', 'custody_chains.patient_id')
    .selectAll('custody_chains')
    .where('patient_identifiers.system', '=', DEMO_IDENTIFIER_SYSTEM)
    .where('patient_identifiers.value', '=', mrn)
    .executeTakeFirst();
}

describe('demo chains of identity', () => {
  it('gives the day +4 and day +45 patients a complete chain, infused when their course says', async () => {
    for (const [mrn, stage, bags] of [
      ['DEMO-0004', 'day-4-crs', 1],
      ['DEMO-0005', 'day-45-icaht', 2],
    ] as const) {
      const chain = await chainOf(mrn);
      expect(chain, mrn).toBeDefined();
      const state = CustodyState.parse(chain!.state);
      expect(state.product?.bags, mrn).toHaveLength(bags);
      expect(state.product!.bags.every((b) => b.infusionEndedAt !== null)).toBe(true);
      const infusionAt = now.getTime() - INFUSION_HOURS_AGO[stage]! * 3_600_000;
      expect(veinToVein(state)).toMatchObject({ to: new Date(infusionAt).toISOString(), days: 30.17 });
      const events = await s.database.db.selectFrom('custody_events').select(['type', 'outcome', 'verified_by']).where('chain_id', '=', chain!.id).orderBy('position').execute();
      expect(events.every((e) => e.outcome === 'accepted')).toBe(true);
      expect(events[0]!.type).toBe('collection');
      expect(events.at(-1)!.type).toBe('infusion-end');
      expect(events.filter((e) => e.verified_by !== null).map((e) => e.type)).toEqual(['collection', 'receipt', ...Array<string>(bags).fill('bedside-match')]);
      const deviations = await s.database.db.selectFrom('custody_deviations').select('code').where('chain_id', '=', chain!.id).execute();
      expect(deviations, mrn).toEqual([]);
      const product = await s.database.db.selectFrom('products').select('status').where('id', '=', chain!.product_id!).executeTakeFirstOrThrow();
      expect(product.status).toBe('infused');
    }
  });

  it('leaves the child in washout without a chain, and raises no custody alert', async () => {
    expect(await chainOf('DEMO-0003')).toBeUndefined();
    const live = await s.database.db.selectFrom('alerts').select('kind').where('kind', 'like', 'custody-%').where('status', '<>', 'resolved').execute();
    expect(live).toEqual([]);
  });

  it('shows the chain through the API to the care team', async () => {
    const chain = (await chainOf('DEMO-0004'))!;
    const login = await s.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'nurse.lin', password: 'cartographer-demo' } });
    const res = await s.app.inject({ method: 'GET', url: `/api/v1/custody/chains/${chain.id}`, headers: { authorization: `Bearer ${login.json<{ token: string }>().token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ clocks: { status: string }[] }>().clocks.every((k) => k.status === 'met')).toBe(true);
  });

  it('loads once, and the audit trail verifies', async () => {
    const before = await s.database.db.selectFrom('custody_events').select('id').execute();
    expect(await loadDemoData(s.ctx)).toMatchObject({ loaded: false });
    expect(await s.database.db.selectFrom('custody_events').select('id').execute()).toHaveLength(before.length);
    expect((await verifyAudit(s.database.db)).ok).toBe(true);
  });
});
