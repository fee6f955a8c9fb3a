import { DEFAULT_SETTINGS } from '@cartographer/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/trail.js';
import { runDueCustodyWork } from '../../src/custody/clocks.js';
import { accept, at, cabinet, HOUR, material, MIN, startCustodyServer, step, T0, type CustodyServer, type Material } from './support.js';

/**
 * The custody clocks as alerts, with the server clock moved by the test: a warning from the
 * institution's lead time (just below, at and just above it), critical once the due instant has
 * passed (the due instant itself is on time), resolved when the step the clock waits for is
 * recorded. The due-work worker only looks at chains whose next clock change has come.
 */

const SECOND = 1000;
let c: CustodyServer;
beforeAll(async () => {
  c = await startCustodyServer(new Date(T0));
});
afterAll(async () => c.close());

/** Runs the worker at `ms` after T0. */
const work = (ms: number) => runDueCustodyWork(c.s.database.db, new Date(T0 + ms));

async function clockAlerts(chainId: string) {
  const rows = await c.s.database.db.selectFrom('alerts').select(['key', 'severity', 'status', 'detail']).where('kind', '=', 'custody-clock').where('status', '<>', 'resolved').execute();
  return rows.filter((r) => (r.detail as { chainId: string }).chainId === chainId).map((r) => `${r.key}:${r.severity}`);
}

/** Records a step at its own time, the server clock just after it. */
async function live(chainId: string, event: { type: string; at: string } & Record<string, unknown>) {
  c.setNow(new Date(Date.parse(event.at) + SECOND));
  return accept(c, chainId, event);
}

describe('the 4-hour and 24-hour clocks from the end of collection', () => {
  let chain: { id: string; coi: string; patientId: string };
  let m: Material;
  beforeAll(async () => {
    chain = await c.chain(c.patientA);
    m = material(chain, 'CL1');
    await live(chain.id, step.collection(m));
  });

  it('raises nothing while the 4-hour clock runs, a warning from 60 minutes before, still a warning at 4 h, critical after', async () => {
    const cold = `cold-storage:${m.din}`;
    expect(await work(3 * HOUR - SECOND)).toMatchObject({ chains: 0, raised: 0 });
    expect(await clockAlerts(chain.id)).toEqual([]);
    expect(await work(3 * HOUR)).toMatchObject({ chains: 1, raised: 1 });
    expect(await clockAlerts(chain.id)).toEqual([`${cold}:warning`]);
    expect(await work(3 * HOUR + SECOND)).toMatchObject({ raised: 0, escalated: 0 });
    expect(await work(4 * HOUR)).toMatchObject({ raised: 0, escalated: 0 });
    expect(await clockAlerts(chain.id)).toEqual([`${cold}:warning`]);
    expect(await work(4 * HOUR + SECOND)).toMatchObject({ chains: 1, escalated: 1 });
    expect(await clockAlerts(chain.id)).toEqual([`${cold}:critical`]);
  });

  it('resolves the 4-hour alert when the bags reach 2-8 °C, late, and records the late step as a deviation', async () => {
    const res = await live(chain.id, step.coldStorage(m, 4 * 60 + 2));
    expect((res['deviations'] as { code: string }[]).map((d) => d.code)).toEqual(['cold-storage-late']);
    expect(await clockAlerts(chain.id)).toEqual([]);
    const resolved = await c.s.database.db.selectFrom('alerts').select('status').where('kind', '=', 'custody-clock').where('key', '=', `cold-storage:${m.din}`).executeTakeFirstOrThrow();
    expect(resolved.status).toBe('resolved');
  });

  it('warns of the 24-hour clock from 6 hours before and resolves it when the freezing completes in time', async () => {
    const cryo = `cryopreservation:${m.din}`;
    expect(await work(18 * HOUR - SECOND)).toMatchObject({ raised: 0 });
    expect(await work(18 * HOUR)).toMatchObject({ raised: 1 });
    expect(await clockAlerts(chain.id)).toEqual([`${cryo}:warning`]);
    c.setNow(new Date(T0 + 20 * HOUR));
    expect((await cabinet(c, chain.id, 'open', m.bags[0]!, 20 * 60)).statusCode).toBe(201);
    await live(chain.id, step.cryopreservation(m, 24 * 60));
    expect(await clockAlerts(chain.id)).toEqual([]);
    expect(await work(24 * HOUR + SECOND)).toMatchObject({ chains: 0 });
    const stored = await c.s.database.db.selectFrom('custody_chains').select('clock_check_at').where('id', '=', chain.id).executeTakeFirstOrThrow();
    expect(stored.clock_check_at).toBeNull();
  });

  it('says what is due in both languages', async () => {
    const { alertText } = await import('../../src/alerts/kinds.js');
    const detail = { coi: chain.coi, clock: 'cold-storage', subject: m.din, dueAt: at(240), status: 'warning' };
    expect(alertText('en', 'custody-clock', detail, 'Asia/Taipei')).toBe(`Custody deadline near (${chain.coi}): Collection ${m.din}: every bag frozen or at 2-8 °C within 4 h of the end of collection, by 2026-03-10 14:00.`);
    expect(alertText('zh-TW', 'custody-clock', { ...detail, status: 'expired' }, 'Asia/Taipei')).toContain('已過');
  });
});

describe('the lead time is the institution\'s', () => {
  it('warns 30 minutes before the 4-hour deadline when the setting says 30', async () => {
    await c.s.database.db
      .insertInto('institution_settings')
      .values({ version: 2, settings: JSON.stringify({ ...DEFAULT_SETTINGS, coldStorageClockLeadMinutes: 30 }), changed_by: null, reason: 'shorter lead', changed_at: new Date(T0) })
      .execute();
    try {
      const chain = await c.chain(c.patientB);
      const m = material(chain, 'CL2');
      await live(chain.id, step.collection(m));
      await work(3 * HOUR);
      expect(await clockAlerts(chain.id)).toEqual([]);
      await work(3.5 * HOUR - SECOND);
      expect(await clockAlerts(chain.id)).toEqual([]);
      await work(3.5 * HOUR);
      expect(await clockAlerts(chain.id)).toEqual([`cold-storage:${m.din}:warning`]);
    } finally {
      await c.s.database.asOwner('DELETE FROM institution_settings WHERE version = 2');
    }
  });
});

describe('thaw to the end of infusion', () => {
  it('warns from 20 minutes after the start of thawing, is critical after 30, and resolves when the bag is infused', async () => {
    const chain = await c.chain(c.patientA);
    const m = material(chain, 'CL3');
    const day = 24 * 60;
    await live(chain.id, step.collection(m));
    await live(chain.id, step.coldStorage(m));
    c.setNow(new Date(T0 + 70 * MIN));
    expect((await cabinet(c, chain.id, 'open', m.bags[0]!, 70, 'BSC-9')).statusCode).toBe(201);
    await live(chain.id, step.cryopreservation(m, 180, { location: { id: 'cell-lab', kind: 'cell-processing', cabinetId: 'BSC-9' } }));
    await live(chain.id, step.liquidNitrogen(m));
    await live(chain.id, step.shipment(m, day));
    await live(chain.id, step.manufacturing(m, 3 * day));
    await live(chain.id, step.receipt(m, 20 * day));
    await live(chain.id, step.productStorage(m, 20 * day + 30));
    const x = 25 * day;
    await live(chain.id, step.transfer(m, x));
    await live(chain.id, step.match(m, x + 5));
    await live(chain.id, step.thaw(m, x + 10));
    const thaw = x + 10;
    const bag = `thaw-to-infusion:${m.productBags[0]}`;
    await work((thaw + 20) * MIN - SECOND);
    expect(await clockAlerts(chain.id)).toEqual([]);
    await work((thaw + 20) * MIN);
    expect(await clockAlerts(chain.id)).toEqual([`${bag}:warning`]);
    await work((thaw + 30) * MIN);
    expect(await clockAlerts(chain.id)).toEqual([`${bag}:warning`]);
    await work((thaw + 30) * MIN + SECOND);
    expect(await clockAlerts(chain.id)).toEqual([`${bag}:critical`]);
    await live(chain.id, step.infusionStart(m, thaw + 31));
    expect(await clockAlerts(chain.id)).toEqual([`${bag}:critical`]);
    const end = await live(chain.id, step.infusionEnd(m, thaw + 40));
    expect(await clockAlerts(chain.id)).toEqual([]);
    expect(end['clocks']).toEqual(expect.arrayContaining([expect.objectContaining({ clock: 'thaw-to-infusion', status: 'met', late: true })]));
    const deviations = await c.s.database.db.selectFrom('custody_deviations').select('code').where('chain_id', '=', chain.id).execute();
    expect(deviations.map((d) => d.code)).toEqual(['thaw-to-infusion-exceeded']);
  });
});

describe('several workers', () => {
  it('raise each clock alert once when they run at the same time', async () => {
    const chain = await c.chain(c.patientB);
    const m = material(chain, 'CL4');
    c.setNow(new Date(T0 + 100 * HOUR));
    await accept(c, chain.id, step.collection(m, 100 * 60, { start: at(100 * 60 - 240), end: at(100 * 60 - 1) }));
    expect(await clockAlerts(chain.id)).toEqual([]);
    const due = new Date(T0 + 100 * HOUR + 3 * HOUR + 5 * MIN);
    const reports = await Promise.all([1, 2, 3].map(() => runDueCustodyWork(c.s.database.db, due)));
    expect(reports.reduce((n, r) => n + r.raised, 0)).toBe(1);
    expect(await clockAlerts(chain.id)).toEqual([`cold-storage:${m.din}:warning`]);
  });

  it('keep the audit trail intact', async () => {
    expect((await verifyAudit(c.s.database.db)).ok).toBe(true);
  });
});
