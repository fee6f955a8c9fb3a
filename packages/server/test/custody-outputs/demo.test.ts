import { createHash } from 'node:crypto';
import { CustodyState, formatDin, parseCoi } from '@cartographer/core';
import type { BiologicallyDerivedProduct, Bundle, Provenance } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/trail.js';
import { decodePayload } from '../../src/custody/print/payload.js';
import { formatInstant } from '../../src/custody/print/format.js';
import { loadDemoData } from '../../src/demo/load.js';
import { DEMO_IDENTIFIER_SYSTEM, DEMO_PASSWORD } from '../../src/demo/people.js';
import { openPdf } from '../custody-print/support.js';
import { expectValidFhir } from '../fhir/support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { entries, occurrences, pdfText, readLabelRoll, readReportHeader } from './support.js';

/**
 * The outputs of a complete demo chain (DEMO-0004, day +4: collected, frozen, shipped, made,
 * received, stored, matched at the bedside, thawed and infused): its labels and report as PDF,
 * whose barcodes read back to the course's DIN and COI, its FHIR product and provenance, and
 * the audit of every print.
 */

let s: TestServer;
const now = new Date('2026-11-21T10:00:00+08:00');
let chain: { id: string; coi: string; patient_id: string; product_id: string | null };
let state: CustodyState;
const tokens = new Map<string, string>();

async function as(username: string): Promise<{ authorization: string }> {
  let token = tokens.get(username);
  if (token === undefined) {
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password: DEMO_PASSWORD } });
    token = res.json<{ token: string }>().token;
    tokens.set(username, token);
  }
  return { authorization: `Bearer ${token}` };
}

beforeAll(async () => {
  s = await startTestServer({ now: () => now });
  await loadDemoData(s.ctx);
  chain = await s.database.db
    .selectFrom('custody_chains')
    .innerJoin('patient_identifiers', 'patient_identifiers.patient_id', 'custody_chains.patient_id')
    .select(['custody_chains.id', 'custody_chains.coi', 'custody_chains.patient_id', 'custody_chains.product_id', 'custody_chains.state'])
    .where('patient_identifiers.system', '=', DEMO_IDENTIFIER_SYSTEM)
    .where('patient_identifiers.value', '=', 'DEMO-0004')
    .executeTakeFirstOrThrow()
    .then((row) => {
      state = CustodyState.parse(row.state);
      return row;
    });
});
afterAll(async () => s.close());

function get(url: string, headers: Record<string, string>) {
  return s.app.inject({ method: 'GET', url, headers });
}

async function printAudits(entityType: string) {
  return s.database.db.selectFrom('audit_log').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', chain.id).orderBy('seq').execute();
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('labels of the demo chain', () => {
  it('prints one apheresis-bag label per collection bag whose barcodes read back to the DIN and the COI, and audits the print', async () => {
    const collection = state.collections[0]!;
    const din = formatDin({ din: collection.din });
    const res = await get(`/api/v1/custody/chains/${chain.id}/labels.pdf?template=apheresis-bag@1`, await as('tech.huang'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${chain.coi}-apheresis-bag@1.pdf"`);
    const read = readLabelRoll(res.rawPayload, 'apheresis-bag@1');
    expect(read).toHaveLength(collection.bagIds.length);
    read.forEach((label, i) => {
      expect(label.code128).toBe(din.barcodeData);
      expect(decodePayload(label.dataMatrix)).toEqual({
        chainOfIdentityId: chain.coi,
        din: `${collection.din}00`,
        container: { n: i + 1, total: collection.bagIds.length },
        productCode: null,
        template: { id: 'apheresis-bag', version: 1 },
      });
    });
    // The demo bags were frozen: the label says liquid nitrogen at the institution's -150 °C, and names the patient by two identifiers.
    const text = pdfText(res.rawPayload);
    for (const expected of ['示範丁 張', 'Demo D Chang', 'DEMO-0004', 'CT-0004', '≤ −150 °C', formatInstant(collection.end, 'Asia/Taipei')]) expect(text).toContain(expected);

    const [audit] = await printAudits('custody-labels');
    const user = await s.database.db.selectFrom('users').select('id').where('username', '=', 'tech.huang').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'print', actor_id: user.id, patient_id: chain.patient_id });
    expect(audit?.after).toMatchObject({
      chainId: chain.id,
      coi: chain.coi,
      template: { id: 'apheresis-bag', version: 1, key: 'apheresis-bag@1' },
      media: 'label-roll',
      pdfSha256: sha256(res.rawPayload),
      pageCount: collection.bagIds.length,
    });
    expect(res.headers['x-content-sha256']).toBe(sha256(res.rawPayload));
  });

  it('prints the product bag with the product code, and a specimen tube whose Code 128 carries the COI', async () => {
    const product = state.product!;
    const productRes = await get(`/api/v1/custody/chains/${chain.id}/labels.pdf?template=product-bag@1&lang=en`, await as('tech.huang'));
    expect(productRes.statusCode, productRes.body).toBe(200);
    const [bag] = readLabelRoll(productRes.rawPayload, 'product-bag@1');
    expect(bag?.code128).toBe(formatDin({ din: state.collections[0]!.din }).barcodeData);
    expect(decodePayload(bag?.dataMatrix ?? '')).toMatchObject({ chainOfIdentityId: chain.coi, productCode: product.productId, container: { n: 1, total: 1 }, template: { id: 'product-bag', version: 1 } });
    expect(pdfText(productRes.rawPayload)).toContain(product.manufacturerIdentifiers[0]!.value);

    const specimen = await get(`/api/v1/custody/chains/${chain.id}/labels.pdf?template=specimen@1&tubes=3&bags=2,3`, await as('nurse.lin'));
    expect(specimen.statusCode, specimen.body).toBe(200);
    const tubes = readLabelRoll(specimen.rawPayload, 'specimen@1');
    const coi = parseCoi(chain.coi);
    expect(coi.ok).toBe(true);
    expect(tubes.map((t) => t.code128)).toEqual([coi.ok ? coi.value.barcodeData : '', coi.ok ? coi.value.barcodeData : '']);
    expect(tubes.map((t) => decodePayload(t.dataMatrix).container)).toEqual([
      { n: 2, total: 3 },
      { n: 3, total: 3 },
    ]);
  });

  it('lays the labels out on A4 when asked', async () => {
    const res = await get(`/api/v1/custody/chains/${chain.id}/labels.pdf?template=specimen@1&tubes=12&media=a4-sheet`, await as('tech.huang'));
    expect(res.statusCode, res.body).toBe(200);
    const doc = openPdf(res.rawPayload);
    expect(doc.countPages()).toBe(1);
    expect(doc.loadPage(0).getBounds()).toEqual([0, 0, expect.closeTo(595.28, 1), expect.closeTo(841.89, 1)]);
    const audits = await printAudits('custody-labels');
    expect(audits.at(-1)?.after).toMatchObject({ media: 'a4-sheet', pageCount: 1 });
    expect((audits.at(-1)?.after as { labels: unknown[] }).labels).toHaveLength(12);
  });
});

describe('chain-of-custody report of the demo chain', () => {
  it('lists every stored custody and cabinet event in time order, with its header Code 128 reading back to the COI', async () => {
    const res = await get(`/api/v1/custody/chains/${chain.id}/report.pdf?lang=en`, await as('cm.lee'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const coi = parseCoi(chain.coi);
    expect(readReportHeader(res.rawPayload)).toBe(coi.ok ? coi.value.barcodeData : '');

    const events = await s.database.db.selectFrom('custody_events').select(['type', 'occurred_at']).where('chain_id', '=', chain.id).execute();
    const cabinet = await s.database.db.selectFrom('custody_cabinet_events').select(['type', 'occurred_at']).where('chain_id', '=', chain.id).execute();
    const [audit] = await printAudits('custody-report');
    expect(audit?.after).toMatchObject({ lang: 'en', rowCount: events.length + cabinet.length, pdfSha256: sha256(res.rawPayload) });

    const text = pdfText(res.rawPayload);
    const names: Record<string, string> = {
      'collection': '白血球分離術採集',
      'cold-storage': '暫存',
      'cryopreservation': '冷凍保存',
      'liquid-nitrogen-storage': '液態氮儲存',
      'shipment': '出貨至製造商',
      'manufacturing-status': '製造狀態',
      'receipt': '產品接收',
      'product-storage': '產品儲存',
      'transfer-to-bedside': '送至床邊',
      'bedside-match': '床邊雙人核對',
      'thaw': '解凍',
      'infusion-start': '開始輸注',
      'infusion-end': '輸注結束',
    };
    for (const [type, name] of Object.entries(names)) expect(occurrences(text, name), type).toBe(events.filter((e) => e.type === type).length);
    expect(occurrences(text, '生物安全櫃開啟材料')).toBe(cabinet.filter((e) => e.type === 'open').length);
    expect(occurrences(text, '生物安全櫃關閉材料')).toBe(cabinet.filter((e) => e.type === 'close').length);
    // Each event's time, in time order: every one found after the one before it.
    let from = 0;
    for (const e of [...events, ...cabinet].sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime())) {
      const time = formatInstant(e.occurred_at.toISOString(), 'Asia/Taipei');
      const at = text.indexOf(time, from);
      expect(at, time).toBeGreaterThanOrEqual(0);
      from = at + time.length;
    }
    // Who did the two-person steps, by display name; the outcome in the reader's language.
    for (const person of ['林護理師 Nurse Lin', '黃技術員 Technologist Huang', '王藥師 Pharmacist Wang', '陳醫師 Dr. Chen']) expect(text).toContain(person);
    expect(text).toContain('checked and signed by two people');
    expect(text).not.toContain('經兩人核對並簽章');
  });

  it('writes the outcomes in Chinese when asked for zh-TW', async () => {
    const res = await get(`/api/v1/custody/chains/${chain.id}/report.pdf`, { ...(await as('nurse.lin')), 'accept-language': 'zh-TW' });
    expect(res.statusCode).toBe(200);
    const text = pdfText(res.rawPayload);
    expect(text).toContain('經兩人核對並簽章');
    expect(text).not.toContain('checked and signed by two people');
  });
});

describe('FHIR of the demo chain', () => {
  it('gives a BiologicallyDerivedProduct with the COI, DIN and manufacturer identifiers, its apheresis parent, collection, processing and storage', async () => {
    const res = await get(`/fhir/BiologicallyDerivedProduct/${chain.product_id}`, await as('nurse.lin'));
    expect(res.statusCode).toBe(200);
    const product = res.json<BiologicallyDerivedProduct>();
    expectValidFhir(product);
    const collection = state.collections[0]!;
    expect(product.identifier?.map((i) => [i.system, i.value])).toEqual(
      expect.arrayContaining([
        ['urn:cartographer:chain-of-identity', chain.coi],
        ['http://hl7.org/fhir/NamingSystem/iccbba-din', collection.din],
        ...state.product!.manufacturerIdentifiers.map((m) => [`urn:cartographer:manufacturer-identifier:${m.system}`, m.value]),
      ]),
    );
    const nurse = await s.database.db.selectFrom('users').select('id').where('username', '=', 'nurse.lin').executeTakeFirstOrThrow();
    expect(product.collection).toEqual({
      collector: { identifier: { system: 'urn:cartographer:user', value: nurse.id }, display: '林護理師 Nurse Lin' },
      source: { reference: `Patient/${chain.patient_id}` },
      collectedPeriod: { start: collection.start, end: collection.end },
    });
    expect(product.quantity).toBe(1);
    expect(product.parent).toEqual([{ reference: '#collection-1' }]);
    const parent = product.contained?.[0] as BiologicallyDerivedProduct;
    expect(parent.identifier?.map((i) => i.value)).toEqual([collection.din, ...collection.bagIds]);
    expect(parent.status).toBe('unavailable');
    expect(parent.processing?.map((p) => p.description)).toEqual(['Cryoprotectant added (cell-lab, cabinet BSC-DEMO)', 'Controlled-rate freezing started (cell-lab, cabinet BSC-DEMO)', 'Controlled-rate freezing completed (cell-lab, cabinet BSC-DEMO)']);
    expect(parent.storage?.map((p) => [p.temperature, p.scale])).toEqual([
      [4, 'celsius'],
      [-185, 'celsius'],
      [-180, 'celsius'],
    ]);
    expect(product.manipulation?.timePeriod?.start).toBe(state.manufacturing[0]!.at);
    expect(product.processing).toEqual([{ description: `Thaw of bag ${state.product!.bags[0]!.bagId}`, timeDateTime: state.product!.bags[0]!.thawStartedAt }]);
    expect(product.storage?.map((p) => p.temperature)).toEqual([-185, -170]);
  });

  it('finds the product by its COI and by its DIN', async () => {
    for (const [system, value] of [
      ['urn:cartographer:chain-of-identity', chain.coi],
      ['http://hl7.org/fhir/NamingSystem/iccbba-din', state.collections[0]!.din],
    ] as const) {
      const res = await get(`/fhir/BiologicallyDerivedProduct?identifier=${encodeURIComponent(`${system}|${value}`)}`, await as('nurse.lin'));
      expect(res.statusCode).toBe(200);
      expect(entries(res.json<Bundle>()).map((r) => r.id)).toEqual([chain.product_id]);
    }
    const other = await get(`/fhir/BiologicallyDerivedProduct?identifier=${encodeURIComponent('urn:cartographer:chain-of-identity|COI99999999')}`, await as('nurse.lin'));
    expect(other.json<Bundle>().total).toBe(0);
  });

  it('gives one valid Provenance per accepted step, targeting the product, with performer, verifier and signatures', async () => {
    const res = await get(`/api/v1/custody/chains/${chain.id}/provenance`, await as('cm.lee'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    const bundle = res.json<Bundle>();
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expectValidFhir(bundle);
    const [product, ...provenances] = entries(bundle) as [BiologicallyDerivedProduct, ...Provenance[]];
    expect(product).toMatchObject({ resourceType: 'BiologicallyDerivedProduct', id: chain.product_id });
    for (const resource of [product, ...provenances]) expectValidFhir(resource);

    const events = await s.database.db.selectFrom('custody_events').selectAll().where('chain_id', '=', chain.id).where('outcome', '=', 'accepted').orderBy('occurred_at').execute();
    expect(provenances.map((p) => [p.id, p.activity?.coding?.[0]?.code, p.occurredDateTime])).toEqual(events.map((e) => [e.id, e.type, e.occurred_at.toISOString()]));
    for (const p of provenances) expect(p.target).toEqual([{ reference: `BiologicallyDerivedProduct/${chain.product_id}` }]);
    const receipt = provenances.find((p) => p.activity?.coding?.[0]?.code === 'receipt')!;
    expect(receipt.agent.map((a) => [a.type?.coding?.[0]?.code, a.who?.display])).toEqual([
      ['performer', '黃技術員 Technologist Huang'],
      ['verifier', '王藥師 Pharmacist Wang'],
    ]);
    expect(receipt.signature?.map((sig) => [sig.type[0]?.code, sig.who.display])).toEqual([
      ['1.2.840.10065.1.12.1.1', '黃技術員 Technologist Huang'],
      ['1.2.840.10065.1.12.1.5', '王藥師 Pharmacist Wang'],
    ]);
    const thaw = provenances.find((p) => p.activity?.coding?.[0]?.code === 'thaw')!;
    expect(thaw.agent).toHaveLength(1);
    expect(thaw.signature).toBeUndefined();
  });
});

describe('who may have the outputs', () => {
  it('answers 404 to users outside the care team, 403 to a role that may not print labels, and audits nothing then', async () => {
    const prints = async () => (await printAudits('custody-labels')).length + (await printAudits('custody-report')).length;
    const before = await prints();
    for (const url of [`labels.pdf?template=apheresis-bag@1`, 'report.pdf', 'provenance']) {
      const res = await get(`/api/v1/custody/chains/${chain.id}/${url}`, await s.auth('cell-therapy-technologist'));
      expect(res.statusCode, url).toBe(404);
    }
    const denied = await get(`/api/v1/custody/chains/${chain.id}/labels.pdf?template=apheresis-bag@1`, await as('cm.lee'));
    expect(denied.statusCode).toBe(403);
    expect(await prints()).toBe(before);
    expect((await verifyAudit(s.database.db)).ok).toBe(true);
  });
});
