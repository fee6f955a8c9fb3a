import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePatient } from '../../src/alerts/evaluate.js';
import { verifyAudit } from '../../src/audit/trail.js';
import { loadDemoData } from '../../src/demo/load.js';
import { DEMO_IDENTIFIER_SYSTEM, DEMO_PASSWORD } from '../../src/demo/people.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 5's acceptance scenario: an EHR sends a day of vitals and labs for the demo patient on
 * day +4 as one FHIR transaction; the alert engine raises CRS and IEC-HS alerts in the same
 * transaction; the CDS Hooks patient-view call shows them; replaying the Bundle changes nothing.
 */
let s: TestServer;
let clock = new Date('2026-11-21T08:00:00+08:00');
let headers: Record<string, string> = {};
let patientId = '';

beforeAll(async () => {
  s = await startTestServer({ now: () => clock, onPatientDataChanged: evaluatePatient });
  await loadDemoData(s.ctx);
  clock = new Date('2026-11-21T20:00:00+08:00');
  const token = await s.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'dr.chen', password: DEMO_PASSWORD } });
  headers = { authorization: `Bearer ${token.json<{ token: string }>().token}`, 'content-type': 'application/fhir+json' };
  const row = await s.database.db.selectFrom('patient_identifiers').select('patient_id').where('system', '=', DEMO_IDENTIFIER_SYSTEM).where('value', '=', 'DEMO-0004').executeTakeFirstOrThrow();
  patientId = row.patient_id;
});
afterAll(async () => s.close());

const LOINC = 'http://loinc.org';
const LOCAL = 'urn:cartographer:observation';
const UCUM = 'http://unitsofmeasure.org';
type Value = { valueQuantity: { value: number; unit: string; system: string; code: string } } | { valueCodeableConcept: { coding: { system: string; code: string }[] } };
const q = (value: number, code: string): Value => ({ valueQuantity: { value, unit: code, system: UCUM, code } });
const c = (code: string): Value => ({ valueCodeableConcept: { coding: [{ system: 'urn:cartographer:observation-value', code }] } });

function entry(id: string, system: string, code: string, value: Value, at: string) {
  return {
    fullUrl: `urn:uuid:00000000-0000-4000-8000-${id.padStart(12, '0')}`,
    resource: {
      resourceType: 'Observation',
      identifier: [{ system: 'urn:ehr:ward-7:obs', value: `d4-${id}` }],
      status: 'final',
      code: { coding: [{ system, code }] },
      subject: { reference: `Patient/${patientId}` },
      effectiveDateTime: at,
      ...value,
    },
    request: { method: 'POST', url: 'Observation', ifNoneExist: `identifier=urn:ehr:ward-7:obs|d4-${id}` },
  };
}

function dayBundle() {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      entry('1', LOINC, '8310-5', q(39.6, 'Cel'), '2026-11-21T18:00:00+08:00'),
      entry('2', LOINC, '8867-4', q(124, '/min'), '2026-11-21T18:00:00+08:00'),
      entry('3', LOINC, '8480-6', q(82, 'mm[Hg]'), '2026-11-21T18:00:00+08:00'),
      entry('4', LOCAL, 'hypotension', c('yes'), '2026-11-21T18:00:00+08:00'),
      entry('5', LOCAL, 'oxygen-device', c('nasal-cannula'), '2026-11-21T18:00:00+08:00'),
      entry('6', LOINC, '3151-8', q(4, 'L/min'), '2026-11-21T18:00:00+08:00'),
      entry('7', LOINC, '59408-5', q(93, '%'), '2026-11-21T18:00:00+08:00'),
      entry('8', LOINC, '2276-4', q(12800, 'ng/mL'), '2026-11-21T16:00:00+08:00'),
      entry('9', LOINC, '3255-7', q(1.2, 'g/L'), '2026-11-21T16:00:00+08:00'),
      entry('10', LOINC, '1920-8', q(260, 'U/L'), '2026-11-21T16:00:00+08:00'),
      entry('11', LOINC, '751-8', q(0.7, '10*9/L'), '2026-11-21T16:00:00+08:00'),
      entry('12', LOINC, '777-3', q(41, '10*9/L'), '2026-11-21T16:00:00+08:00'),
    ],
  };
}

async function counts() {
  const db = s.database.db;
  const n = async (table: 'observations' | 'alerts' | 'assessments' | 'audit_log') => (await db.selectFrom(table).select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
  return { observations: await n('observations'), alerts: await n('alerts'), assessments: await n('assessments'), audit: await n('audit_log') };
}

describe('a day of vitals and labs for the day +4 patient, as one FHIR transaction', () => {
  it('stores every entry, raises the CRS alert and fires the IEC-HS ferritin criteria', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/fhir', headers, payload: dayBundle() });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ type: string; entry: { response: { status: string } }[] }>();
    expect(body.type).toBe('transaction-response');
    expect(body.entry.map((e) => e.response.status.slice(0, 3))).toEqual(Array(12).fill('201'));

    const alerts = await s.database.db.selectFrom('alerts').select(['kind', 'severity', 'detail']).where('patient_id', '=', patientId).where('status', '<>', 'resolved').execute();
    const kinds = alerts.map((a) => a.kind);
    expect(kinds).toContain('crs-grade');
    // IEC-HS: the ferritin criteria fire from the Bundle's labs; during active CRS the engine
    // cannot assess IEC-HS until the physician records the judgments Table 9 leaves to them.
    const iec = await s.database.db.selectFrom('assessments').select('result').where('patient_id', '=', patientId).where('instrument', '=', 'iec-hs').orderBy('assessed_at', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(JSON.stringify(iec.result)).toContain('iec-hs.ferritin-above-2x-uln');
    expect(JSON.stringify(iec.result)).toContain('iec-hs.alternative-causes-missing');
    expect(alerts.find((a) => a.kind === 'crs-grade')).toMatchObject({ severity: 'critical', detail: expect.objectContaining({ level: 2 }) as unknown });
  });

  it('CDS Hooks patient-view returns them as cards, each naming its source', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/cds-services/patient-view?lang=en',
      headers: { authorization: headers.authorization ?? '', 'content-type': 'application/json' },
      payload: { hook: 'patient-view', hookInstance: '7d1f2a4e-6c1b-4a53-9d0e-3f5b8c2a1e90', context: { patientId, userId: 'Practitioner/dr.chen' } },
    });
    expect(res.statusCode).toBe(200);
    const cards = res.json<{ cards: { summary: string; indicator: string; source: { label: string } }[] }>().cards;
    const text = cards.map((card) => card.summary).join('\n');
    expect(text).toMatch(/CRS/);
    for (const card of cards) expect(card.source.label.length).toBeGreaterThan(0);
    expect(cards.some((card) => card.indicator === 'critical')).toBe(true);
  });

  it('replaying the same Bundle changes nothing', async () => {
    const before = await counts();
    const res = await s.app.inject({ method: 'POST', url: '/fhir', headers, payload: dayBundle() });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ entry: { response: { status: string } }[] }>().entry.map((e) => e.response.status.slice(0, 3))).toEqual(Array(12).fill('200'));
    expect(await counts()).toEqual(before);
    expect((await verifyAudit(s.database.db)).ok).toBe(true);
  });
});
