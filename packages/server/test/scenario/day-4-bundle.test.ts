import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePatient } from '../../src/alerts/evaluate.js';
import { verifyAudit } from '../../src/audit/trail.js';
import { loadDemoData } from '../../src/demo/load.js';
import { DEMO_IDENTIFIER_SYSTEM, DEMO_PASSWORD } from '../../src/demo/people.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 5's acceptance scenario: an EHR sends a day of vitals and labs for the demo patient on
 * day +4 as one FHIR transaction; the alert engine raises the CRS alert and, from the IEC-HS
 * criteria during active CRS, the CRS/MAS alert of Figure 8, in the same transaction; the CDS
 * Hooks patient-view call shows them; replaying the Bundle changes nothing. The next morning CRS
 * is improving while ferritin keeps rising: possible IEC-HS, confirmed once the physician records
 * the judgments Table 9 leaves to them.
 */
let s: TestServer;
let clock = new Date('2026-11-21T08:00:00+08:00');
let headers: Record<string, string> = {};
let patientId = '';

async function bearer(username: string): Promise<string> {
  const token = await s.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password: DEMO_PASSWORD } });
  return `Bearer ${token.json<{ token: string }>().token}`;
}

beforeAll(async () => {
  s = await startTestServer({ now: () => clock, onPatientDataChanged: evaluatePatient });
  await loadDemoData(s.ctx);
  clock = new Date('2026-11-21T20:00:00+08:00');
  headers = { authorization: await bearer('dr.chen'), 'content-type': 'application/fhir+json' };
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

type Range = { low?: { value: number; unit: string; system: string; code: string }; high?: { value: number; unit: string; system: string; code: string } };
// The ward laboratory's reference ranges, sent with each result as laboratory feeds do.
const FERRITIN_RANGE: Range = { low: { value: 30, unit: 'ng/mL', system: UCUM, code: 'ng/mL' }, high: { value: 400, unit: 'ng/mL', system: UCUM, code: 'ng/mL' } };
const FIBRINOGEN_RANGE: Range = { low: { value: 2, unit: 'g/L', system: UCUM, code: 'g/L' }, high: { value: 4, unit: 'g/L', system: UCUM, code: 'g/L' } };

function entry(id: string, system: string, code: string, value: Value, at: string, range?: Range) {
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
      ...(range ? { referenceRange: [range] } : {}),
    },
    request: { method: 'POST', url: 'Observation', ifNoneExist: `identifier=urn:ehr:ward-7:obs|d4-${id}` },
  };
}

function bundle(entries: ReturnType<typeof entry>[]) {
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
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
      entry('8', LOINC, '2276-4', q(12800, 'ng/mL'), '2026-11-21T16:00:00+08:00', FERRITIN_RANGE),
      entry('9', LOINC, '3255-7', q(1.2, 'g/L'), '2026-11-21T16:00:00+08:00', FIBRINOGEN_RANGE),
      entry('10', LOINC, '1920-8', q(260, 'U/L'), '2026-11-21T16:00:00+08:00'),
      entry('11', LOINC, '751-8', q(0.7, '10*9/L'), '2026-11-21T16:00:00+08:00'),
      entry('12', LOINC, '777-3', q(41, '10*9/L'), '2026-11-21T16:00:00+08:00'),
    ],
  };
}

async function liveAlerts() {
  return s.database.db.selectFrom('alerts').select(['id', 'kind', 'severity', 'status', 'detail']).where('patient_id', '=', patientId).where('status', '<>', 'resolved').execute();
}

function rulesOf(detail: unknown): string[] {
  return ((detail as { criteria?: { rule: string }[] } | undefined)?.criteria ?? []).map((c) => c.rule);
}

async function counts() {
  const db = s.database.db;
  const n = async (table: 'observations' | 'alerts' | 'assessments' | 'audit_log') => (await db.selectFrom(table).select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
  return { observations: await n('observations'), alerts: await n('alerts'), assessments: await n('assessments'), audit: await n('audit_log') };
}

describe('a day of vitals and labs for the day +4 patient, as one FHIR transaction', () => {
  it('stores every entry, raises the CRS alert and the CRS/MAS alert from the IEC-HS criteria', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/fhir', headers, payload: dayBundle() });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ type: string; entry: { response: { status: string } }[] }>();
    expect(body.type).toBe('transaction-response');
    expect(body.entry.map((e) => e.response.status.slice(0, 3))).toEqual(Array(12).fill('201'));

    const alerts = await liveAlerts();
    expect(alerts.find((a) => a.kind === 'crs-grade')).toMatchObject({ severity: 'critical', detail: expect.objectContaining({ level: 2 }) as unknown });
    // Ferritin 12,800 ng/mL (> 2x ULN and > 2x baseline) and fibrinogen 120 mg/dL (< 150) during
    // active CRS: Figure 8's CRS/MAS branch. Whether it is IEC-HS awaits the physician's judgments.
    const iec = alerts.find((a) => a.kind === 'iec-hs');
    expect(iec).toMatchObject({ severity: 'critical', detail: expect.objectContaining({ level: 2, branch: 'CRS/MAS', manifestations: 1, provisional: true }) as unknown });
    expect(rulesOf(iec?.detail)).toEqual(expect.arrayContaining(['iec-hs.ferritin-above-2x-uln', 'iec-hs.ferritin-above-2x-baseline', 'iec-hs.fibrinogen-below-150', 'iec-hs.onset-crs-active', 'iec-hs.branch-crs-mas']));
    const stored = await s.database.db.selectFrom('assessments').select('result').where('patient_id', '=', patientId).where('instrument', '=', 'iec-hs').orderBy('assessed_at', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.result)).toContain('iec-hs.alternative-causes-missing');
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
    expect(text).toMatch(/CRS grade 2/);
    expect(text).toMatch(/CRS with MAS features/);
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

  it('next morning CRS is improving and ferritin still rises: possible IEC-HS, confirmed by the physician', async () => {
    // The session of the evening has timed out by morning: the physician signs in again.
    clock = new Date('2026-11-22T10:00:00+08:00');
    headers = { ...headers, authorization: await bearer('dr.chen') };
    const morning = '2026-11-22T08:00:00+08:00';
    const labs = '2026-11-22T06:00:00+08:00';
    const res = await s.app.inject({
      method: 'POST',
      url: '/fhir',
      headers,
      payload: bundle([
        entry('21', LOINC, '8310-5', q(37.1, 'Cel'), morning),
        entry('22', LOCAL, 'hypotension', c('no'), morning),
        entry('23', LOCAL, 'oxygen-device', c('none'), morning),
        entry('24', LOINC, '2276-4', q(21500, 'ng/mL'), labs, FERRITIN_RANGE),
        entry('25', LOINC, '3255-7', q(1.1, 'g/L'), labs, FIBRINOGEN_RANGE),
      ]),
    });
    expect(res.statusCode, res.body).toBe(200);
    let alerts = await liveAlerts();
    // Afebrile after tocilizumab (fever masked), no hypotension, room air: CRS grade 1, improving.
    expect(alerts.find((a) => a.kind === 'crs-grade')).toMatchObject({ severity: 'warning', detail: expect.objectContaining({ level: 1 }) as unknown });
    const possible = alerts.find((a) => a.kind === 'iec-hs');
    expect(possible).toMatchObject({ severity: 'warning', detail: expect.objectContaining({ level: 1, provisional: true, branch: 'IEC-HS', awaiting: ['alternativeCausesExcluded', 'ferritinRisingRapidly'] }) as unknown });
    expect(rulesOf(possible?.detail)).toEqual(expect.arrayContaining(['iec-hs.onset-crs-improving', 'iec-hs.criteria-met']));

    const judgments = { alternativeCausesExcluded: true, ferritinRisingRapidly: true, severity: 'needs-intervention', note: 'Cultures negative, no progression on imaging.' };
    const nurse = await s.app.inject({ method: 'POST', url: `/api/v1/patients/${patientId}/iec-hs-judgments`, headers: { authorization: await bearer('nurse.lin') }, payload: judgments });
    expect(nurse.statusCode).toBe(403);
    const judged = await s.app.inject({ method: 'POST', url: `/api/v1/patients/${patientId}/iec-hs-judgments?lang=en`, headers: { authorization: headers.authorization ?? '' }, payload: judgments });
    expect(judged.statusCode, judged.body).toBe(201);
    const answer = judged.json<{ status: string; summary: string; alert: { severity: string; text: string; detail: Record<string, unknown> } }>();
    expect(answer.status).toBe('assessed');
    expect(answer.alert).toMatchObject({ severity: 'critical', detail: expect.objectContaining({ level: 2, grade: 2, branch: 'IEC-HS' }) as unknown });
    expect(answer.alert.text).toMatch(/IEC-HS criteria met \(grade 2\)/);
    alerts = await liveAlerts();
    expect(alerts.find((a) => a.kind === 'iec-hs')).toMatchObject({ id: possible?.id, status: 'open', severity: 'critical' });
    const row = await s.database.db.selectFrom('assessments').select(['created_by', 'trigger', 'input']).where('patient_id', '=', patientId).where('instrument', '=', 'iec-hs').where('created_by', 'is not', null).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ trigger: 'clinician-judgment', input: expect.objectContaining({ alternativeCausesExcluded: true, ferritinRisingRapidly: true, crsCourse: 'improving' }) as unknown });
    const audit = await s.database.db.selectFrom('audit_log').select(['actor_name', 'reason']).where('entity_type', '=', 'assessment').orderBy('seq', 'desc').limit(5).execute();
    expect(audit.map((a) => a.reason)).toContain('Cultures negative, no progression on imaging.');
    expect((await verifyAudit(s.database.db)).ok).toBe(true);
  });

  it('refuses judgments that name a field the core does not know or lack the exclusion', async () => {
    const auth = { authorization: headers.authorization ?? '' };
    const unknown = await s.app.inject({ method: 'POST', url: `/api/v1/patients/${patientId}/iec-hs-judgments`, headers: auth, payload: { alternativeCausesExcluded: true, ferritin: 9000 } });
    expect(unknown.statusCode).toBe(400);
    const missing = await s.app.inject({ method: 'POST', url: `/api/v1/patients/${patientId}/iec-hs-judgments`, headers: auth, payload: { ferritinRisingRapidly: true } });
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json())).toContain('alternativeCausesExcluded');
  });
});
