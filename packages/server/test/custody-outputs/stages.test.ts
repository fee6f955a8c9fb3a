import type { Bundle, Provenance } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePayload } from '../../src/custody/print/payload.js';
import { openPdf } from '../custody-print/support.js';
import { accept, cabinet, material, post, reading, startCustodyServer, step, type CustodyServer, type Material } from '../custody/support.js';
import { expectValidFhir } from '../fhir/support.js';
import { TEST_PASSWORD } from '../support/server.js';
import { entries, issuesOf, occurrences, pdfText, readLabelRoll } from './support.js';

/**
 * The outputs of one course as it goes on: which labels can be printed at each stage (and the
 * 400s naming the field and rule when not), the storage a bag label states, the report of a
 * refused step and a deviation through its sign-off, and the provenance before the product exists.
 */

let c: CustodyServer;
let chain: { id: string; coi: string; patientId: string };
let m: Material;

beforeAll(async () => {
  c = await startCustodyServer();
  chain = await c.chain(c.patientA);
  m = material(chain, 'OUT');
});
afterAll(async () => c.close());

async function labels(query: string, as = 'cell-therapy-technologist') {
  return c.s.app.inject({ method: 'GET', url: `/api/v1/custody/chains/${chain.id}/labels.pdf?${query}`, headers: await c.login(as) });
}

async function report(lang: 'en' | 'zh-TW') {
  const res = await c.s.app.inject({ method: 'GET', url: `/api/v1/custody/chains/${chain.id}/report.pdf?lang=${lang}`, headers: await c.login('nurse') });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

async function printCount(entityType: string): Promise<number> {
  const rows = await c.s.database.db.selectFrom('audit_log').select('seq').where('entity_type', '=', entityType).where('entity_id', '=', chain.id).execute();
  return rows.length;
}

describe('labels as the course goes on', () => {
  it('refuses every template before the collection, naming the template and the rule, and records no print', async () => {
    for (const template of ['apheresis-bag@1', 'product-bag@1', 'specimen@1']) {
      const res = await labels(`template=${template}&lang=en`);
      expect(res.statusCode, template).toBe(400);
      expect(issuesOf(res.body)).toEqual([{ path: 'template', rule: 'custody-output.template-needs-collection', message: `The ${template} label needs the collection: record the collection of this course first.` }]);
    }
    expect(await printCount('custody-labels')).toBe(0);
  });

  it('prints the collection bags at 2-8 °C once collected, and refuses the product-bag label before receipt', async () => {
    await accept(c, chain.id, step.collection(m));
    await accept(c, chain.id, step.coldStorage(m));
    const res = await labels('template=apheresis-bag@1');
    expect(res.statusCode, res.body).toBe(200);
    const read = readLabelRoll(res.rawPayload, 'apheresis-bag@1');
    expect(read.map((l) => l.code128)).toEqual([`=${m.din}00`, `=${m.din}00`]);
    expect(read.map((l) => decodePayload(l.dataMatrix).container)).toEqual([
      { n: 1, total: 2 },
      { n: 2, total: 2 },
    ]);
    const text = pdfText(res.rawPayload);
    expect(text).toContain('冷藏 Refrigerated');
    expect(text).toContain('2–8 °C');
    for (const identifier of ['MRN-A', 'CT-A', '監管甲']) expect(text).toContain(identifier);

    const product = await labels('template=product-bag@1&lang=zh-TW');
    expect(product.statusCode).toBe(400);
    expect(issuesOf(product.body)).toEqual([{ path: 'template', rule: 'custody-output.template-needs-receipt', message: 'product-bag@1 標籤需要已接收的產品：請先記錄產品接收。' }]);
    expect(await printCount('custody-labels')).toBe(1);
  });

  it('prints the bags asked for up to the last one, and refuses one beyond it', async () => {
    const last = await labels('template=apheresis-bag@1&bags=2');
    expect(last.statusCode).toBe(200);
    expect(readLabelRoll(last.rawPayload, 'apheresis-bag@1').map((l) => decodePayload(l.dataMatrix).container)).toEqual([{ n: 2, total: 2 }]);
    const both = await labels('template=apheresis-bag@1&bags=1,2');
    expect(openPdf(both.rawPayload).countPages()).toBe(2);
    const beyond = await labels('template=apheresis-bag@1&bags=1,3');
    expect(beyond.statusCode).toBe(400);
    expect(issuesOf(beyond.body).map((i) => [i.path, i.rule])).toEqual([['bags', 'custody-output.bag-out-of-range']]);
    const zero = await labels('template=apheresis-bag@1&bags=0');
    expect(zero.statusCode).toBe(400);
    expect(issuesOf(zero.body).map((i) => i.path)).toEqual(['bags']);
  });

  it('refuses a collection the course does not have, tubes on a bag label, and an unknown template version', async () => {
    expect((await labels('template=apheresis-bag@1&collection=1')).statusCode).toBe(200);
    const second = await labels('template=apheresis-bag@1&collection=2');
    expect(issuesOf(second.body).map((i) => [i.path, i.rule])).toEqual([['collection', 'custody-output.collection-unknown']]);
    const tubes = await labels('template=apheresis-bag@1&tubes=2');
    expect(issuesOf(tubes.body).map((i) => [i.path, i.rule])).toEqual([['tubes', 'custody-output.tubes-specimen-only']]);
    const version = await labels('template=apheresis-bag@2');
    expect(version.statusCode).toBe(400);
    expect(issuesOf(version.body).map((i) => i.path)).toEqual(['template']);
    const specimen = await labels('template=specimen@1&tubes=99&bags=99');
    expect(specimen.statusCode).toBe(200);
    expect(readLabelRoll(specimen.rawPayload, 'specimen@1').map((l) => decodePayload(l.dataMatrix).container)).toEqual([{ n: 99, total: 99 }]);
    expect((await labels('template=specimen@1&tubes=100')).statusCode).toBe(400);
  });

  it('states vapour-phase liquid nitrogen once freezing has started', async () => {
    expect((await cabinet(c, chain.id, 'open', m.bags[0]!, 70)).statusCode).toBe(201);
    await accept(c, chain.id, step.cryopreservation(m));
    expect((await cabinet(c, chain.id, 'close', m.bags[0]!, 185)).statusCode).toBe(201);
    const text = pdfText((await labels('template=apheresis-bag@1')).rawPayload);
    expect(text).toContain('液態氮氣相 Liquid nitrogen, vapour phase');
    expect(text).toContain('≤ −150 °C');
    expect(text).not.toContain('2–8 °C');
  });

  it('names the collection facility by its location until the institution has a name, then by the name after the facility number', async () => {
    expect(pdfText((await labels('template=apheresis-bag@1')).rawPayload)).toContain('apheresis-1');
    const db = c.s.database.db;
    const latest = await db.selectFrom('institution_settings').select(['version', 'settings']).orderBy('version', 'desc').executeTakeFirstOrThrow();
    const version = latest.version + 1;
    const settings = { ...(latest.settings as object), facilityCode: 'A9997', institutionName: '臺大醫院 細胞治療中心' };
    await db.insertInto('institution_settings').values({ version, settings: JSON.stringify(settings), changed_by: null, reason: 'institution name', changed_at: new Date() }).execute();
    try {
      const text = pdfText((await labels('template=apheresis-bag@1')).rawPayload);
      expect(text).toContain('A9997 臺大醫院 細胞治療中心');
      expect(text).not.toContain('apheresis-1');
    } finally {
      await c.s.database.asOwner(`DELETE FROM institution_settings WHERE version = ${version}`);
    }
  });

  it('records a print for every label sheet handed out, and none for a HEAD request, which hands nothing out', async () => {
    const before = await printCount('custody-labels');
    const head = await c.s.app.inject({ method: 'HEAD', url: `/api/v1/custody/chains/${chain.id}/labels.pdf?template=specimen@1`, headers: await c.login('nurse') });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('application/pdf');
    expect(head.rawPayload).toHaveLength(0);
    expect(await printCount('custody-labels')).toBe(before);
    expect((await labels('template=specimen@1', 'nurse')).statusCode).toBe(200);
    expect(await printCount('custody-labels')).toBe(before + 1);
  });
});

describe('the report of refusals and deviations', () => {
  it('prints a refused step as stopped with its reason in the reader\'s language, and a deviation through its sign-off', async () => {
    // A warm liquid-nitrogen reading is accepted with a deviation beside it; a thaw before receipt is stopped.
    const warm = await accept(c, chain.id, step.liquidNitrogen(m, 200, { temperatures: [reading(200, -100)] }));
    expect((warm['deviations'] as unknown[]).length).toBe(1);
    const thaw = await post(c, chain.id, step.thaw(m, 210, m.productBags[0]));
    expect(thaw.statusCode).toBe(409);

    const stopped = await c.s.database.db.selectFrom('custody_deviations').select(['id', 'record']).where('chain_id', '=', chain.id).where('hard_stop', '=', true).executeTakeFirstOrThrow();
    const nurse = await c.login('nurse');
    const investigated = await c.s.app.inject({
      method: 'POST',
      url: `/api/v1/custody/deviations/${stopped.id}/investigation`,
      headers: nurse,
      payload: { rootCause: 'Bag label read before the product arrived', correctiveAction: 'Thaw only received bags' },
    });
    expect(investigated.statusCode, investigated.body).toBe(200);
    const signed = await c.s.app.inject({ method: 'POST', url: `/api/v1/custody/deviations/${stopped.id}/sign-off`, headers: await c.login('physician'), payload: { summary: 'No material was thawed', password: TEST_PASSWORD } });
    expect(signed.statusCode, signed.body).toBe(200);

    const en = pdfText((await report('en')).rawPayload);
    expect(en).toContain('The product has not been received: receipt comes first.');
    expect(en).toContain('停止 Stopped');
    expect(en).toContain('偏差 Deviation');
    expect(en).toMatch(/temperature reading\(s\) outside ≤ -150 °C/);
    for (const name of ['偏差開立 Deviation opened', '偏差調查 Deviation investigated', '偏差結案 Deviation closed']) expect(occurrences(en, name)).toBeGreaterThanOrEqual(1);
    expect(en).toContain('Root cause: Bag label read before the product arrived. Corrective action: Thaw only received bags.');
    expect(en).toContain('Closed: No material was thawed');
    expect(en).toContain('Test physician');

    const zh = pdfText((await report('zh-TW')).rawPayload);
    expect(zh).not.toContain('The product has not been received');
    expect(zh).toContain('根本原因：Bag label read before the product arrived');
    expect(zh).toContain('產品尚未接收');

    const events = await c.s.database.db.selectFrom('custody_events').select('outcome').where('chain_id', '=', chain.id).execute();
    const cabinetEvents = await c.s.database.db.selectFrom('custody_cabinet_events').select('id').where('chain_id', '=', chain.id).execute();
    const deviations = await c.s.database.db.selectFrom('custody_deviations').select('record').where('chain_id', '=', chain.id).execute();
    expect(events.map((e) => e.outcome).sort()).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'refused']);
    const audits = await c.s.database.db.selectFrom('audit_log').select('after').where('entity_type', '=', 'custody-report').where('entity_id', '=', chain.id).orderBy('seq').execute();
    const lifeCycle = deviations.reduce((n, d) => n + 1 + (d.record as { history: unknown[] }).history.length, 0);
    expect(audits.map((a) => (a.after as { rowCount: number; lang: string }).rowCount)).toEqual([events.length + cabinetEvents.length + lifeCycle, events.length + cabinetEvents.length + lifeCycle]);
    expect(audits.map((a) => (a.after as { lang: string }).lang)).toEqual(['en', 'zh-TW']);
  });

  it('refuses a language it does not speak, naming the field', async () => {
    const res = await c.s.app.inject({ method: 'GET', url: `/api/v1/custody/chains/${chain.id}/report.pdf?lang=fr`, headers: await c.login('nurse') });
    expect(res.statusCode).toBe(400);
    expect(issuesOf(res.body).map((i) => i.path)).toEqual(['lang']);
  });
});

describe('provenance before the product exists', () => {
  it('targets the material by its chain-of-identity identifier and leaves the refused step out', async () => {
    const res = await c.s.app.inject({ method: 'GET', url: `/api/v1/custody/chains/${chain.id}/provenance`, headers: await c.login('case-manager') });
    expect(res.statusCode).toBe(200);
    const bundle = res.json<Bundle>();
    expectValidFhir(bundle);
    const provenances = entries(bundle) as Provenance[];
    expect(provenances.map((p) => p.activity?.coding?.[0]?.code)).toEqual(['collection', 'cold-storage', 'cryopreservation', 'liquid-nitrogen-storage']);
    for (const p of provenances) {
      expectValidFhir(p);
      expect(p.target).toEqual([{ identifier: { system: 'urn:cartographer:chain-of-identity', value: chain.coi }, display: `Chain of identity ${chain.coi}` }]);
    }
    const collection = provenances[0]!;
    expect(collection.agent.map((a) => [a.type?.coding?.[0]?.code, a.role?.[0]?.text])).toEqual([
      ['performer', 'nurse'],
      ['verifier', 'nurse'],
    ]);
    expect(collection.signature?.map((s) => s.type.map((t) => t.code))).toEqual([
      ['1.2.840.10065.1.12.1.1', 'custody-performed'],
      ['1.2.840.10065.1.12.1.5', 'custody-verified'],
    ]);
  });
});
