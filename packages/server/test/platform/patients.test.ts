import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/trail.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
const clock = new Date('2026-11-21T08:00:00+08:00');
const evaluated: string[] = [];
let failEvaluation = false;

beforeAll(async () => {
  s = await startTestServer({
    now: () => clock,
    onPatientDataChanged: (_tx, patientId) => {
      if (failEvaluation) return Promise.reject(new Error('evaluation failed'));
      evaluated.push(patientId);
      return Promise.resolve();
    },
  });
});
afterAll(async () => s.close());

const MRN = 'urn:oid:2.16.886.999.1';
const NID = 'urn:oid:2.16.886.999.2';
const newPatient = (n: string) => ({
  name: '王小明',
  nameLatin: 'WANG, HSIAO-MING',
  birthDate: '1980-02-29',
  sex: 'male',
  identifiers: [
    { system: MRN, value: `MRN-${n}`, kind: 'medical-record-number' },
    { system: NID, value: `A1${n}`, kind: 'national-id' },
  ],
});

async function create(role: 'physician' | 'nurse' | 'case-manager', n: string): Promise<{ id: string; etag: string }> {
  const res = await s.app.inject({ method: 'POST', url: '/api/v1/patients', headers: await s.auth(role), payload: newPatient(n) });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json<{ id: string }>().id, etag: String(res.headers.etag) };
}

interface Problem {
  error: string;
  issues?: { path: string; rule: string; message: string }[];
}

describe('patients', () => {
  it('refuses a patient with one identifier, naming `identifiers` and the rule', async () => {
    const body = { ...newPatient('x'), identifiers: [newPatient('x').identifiers[0]] };
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/patients?lang=en', headers: await s.auth('nurse'), payload: body });
    expect(res.statusCode).toBe(400);
    const problem = res.json<Problem>();
    expect(problem.error).toBe('invalid-input');
    expect(problem.issues).toEqual([expect.objectContaining({ path: 'identifiers', rule: 'patient.identifiers-count' })]);
    expect(problem.issues?.[0]?.message).toMatch(/2 or 3 identifiers/);
    expect(await s.database.db.selectFrom('patients').select('id').execute()).toEqual([]);
  });

  it('creates a patient, puts the creator on the care team, and hides it from everyone else', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/patients', headers: await s.auth('physician'), payload: newPatient('001') });
    expect(res.statusCode).toBe(201);
    const patient = res.json<{ id: string; identifiers: unknown[]; careTeam: { userId: string }[]; version: number }>();
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.headers.location).toBe(`/api/v1/patients/${patient.id}`);
    expect(patient.identifiers).toHaveLength(2);
    expect(patient.careTeam.map((m) => m.userId)).toEqual([s.users.physician]);

    const mine = await s.app.inject({ method: 'GET', url: '/api/v1/patients', headers: await s.auth('physician') });
    const list = mine.json<{ id: string; name: string; identifiers: { value: string }[]; activeEpisode: unknown }[]>();
    expect(list.map((p) => [p.id, p.name, p.activeEpisode])).toEqual([[patient.id, '王小明', null]]);
    expect(list[0]?.identifiers.map((i) => i.value).sort()).toEqual(['A1001', 'MRN-001']);
    const theirs = await s.app.inject({ method: 'GET', url: '/api/v1/patients', headers: await s.auth('nurse') });
    expect(theirs.json()).toEqual([]);
    const read = await s.app.inject({ method: 'GET', url: `/api/v1/patients/${patient.id}`, headers: await s.auth('nurse') });
    expect(read.statusCode).toBe(404);
  });

  it('lists the active episode of each patient', async () => {
    const { id } = await create('physician', '002');
    await s.database.db
      .insertInto('episodes')
      .values([
        { id: '00000000-0000-4000-8000-000000000001', patient_id: id, kind: 'car-t', status: 'closed', disease: 'B-ALL', details: '{}', started_at: new Date('2025-01-01T00:00:00Z'), ended_at: new Date('2025-06-01T00:00:00Z') },
        { id: '00000000-0000-4000-8000-000000000002', patient_id: id, kind: 'car-t', status: 'active', disease: 'B-ALL', details: '{}', started_at: new Date('2026-10-01T00:00:00Z'), ended_at: null },
      ])
      .execute();
    const list = await s.app.inject({ method: 'GET', url: '/api/v1/patients', headers: await s.auth('physician') });
    const entry = list.json<{ id: string; activeEpisode: { id: string; status: string } | null }[]>().find((p) => p.id === id);
    expect(entry?.activeEpisode).toMatchObject({ id: '00000000-0000-4000-8000-000000000002', status: 'active', disease: 'B-ALL' });
  });

  it('refuses an identifier that belongs to another patient with 409', async () => {
    const body = { ...newPatient('dup'), identifiers: [newPatient('001').identifiers[0], newPatient('dup').identifiers[1]] };
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/patients', headers: await s.auth('nurse'), payload: body });
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'identifiers.0', rule: 'patient.identifier-duplicate' })]);
  });

  it('updates only with the current ETag in If-Match', async () => {
    const { id, etag } = await create('nurse', '003');
    const headers = await s.auth('nurse');
    const url = `/api/v1/patients/${id}`;
    const missing = await s.app.inject({ method: 'PATCH', url, headers, payload: { nameLatin: 'WANG, XIAO-MING' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'headers.if-match', rule: 'request.if-match-required' })]);

    const ok = await s.app.inject({ method: 'PATCH', url, headers: { ...headers, 'if-match': etag }, payload: { nameLatin: 'WANG, XIAO-MING' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('W/"2"');
    expect(ok.json()).toMatchObject({ nameLatin: 'WANG, XIAO-MING', version: 2 });

    const stale = await s.app.inject({ method: 'PATCH', url, headers: { ...headers, 'if-match': etag }, payload: { sex: 'female' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json<Problem>().error).toBe('precondition-failed');
    const read = await s.app.inject({ method: 'GET', url, headers });
    expect(read.json()).toMatchObject({ sex: 'male', version: 2 });

    const garbled = await s.app.inject({ method: 'PATCH', url, headers: { ...headers, 'if-match': '*' }, payload: { sex: 'female' } });
    expect(garbled.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'headers.if-match', rule: 'request.if-match-format' })]);
    const future = await s.app.inject({ method: 'PATCH', url, headers: { ...headers, 'if-match': 'W/"2"' }, payload: { birthDate: '2027-01-01' } });
    expect(future.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'birthDate', rule: 'patient.birth-date-future' })]);

    const audit = await s.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).where('action', '=', 'update').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.before).toMatchObject({ name_latin: 'WANG, HSIAO-MING', version: 1 });
    expect(audit[0]?.after).toMatchObject({ name_latin: 'WANG, XIAO-MING', version: 2 });
  });

  it('adds a member to the care team, who can then open the record', async () => {
    const { id } = await create('case-manager', '004');
    const headers = await s.auth('case-manager');
    expect((await s.app.inject({ method: 'GET', url: `/api/v1/patients/${id}`, headers: await s.auth('pharmacist') })).statusCode).toBe(404);
    const put = await s.app.inject({ method: 'PUT', url: `/api/v1/patients/${id}/care-team/${s.users.pharmacist}`, headers });
    expect(put.statusCode).toBe(200);
    expect(put.json<{ userId: string }[]>().map((m) => m.userId).sort()).toEqual([s.users['case-manager'], s.users.pharmacist].sort());
    expect((await s.app.inject({ method: 'GET', url: `/api/v1/patients/${id}`, headers: await s.auth('pharmacist') })).statusCode).toBe(200);
    const again = await s.app.inject({ method: 'PUT', url: `/api/v1/patients/${id}/care-team/${s.users.pharmacist}`, headers });
    expect(again.json()).toHaveLength(2);
    const unknown = await s.app.inject({ method: 'PUT', url: `/api/v1/patients/${id}/care-team/00000000-0000-4000-8000-00000000ffff`, headers });
    expect(unknown.statusCode).toBe(404);
    const adds = await s.database.db.selectFrom('audit_log').select('entity_id').where('entity_type', '=', 'care-team').where('patient_id', '=', id).orderBy('seq').execute();
    expect(adds.map((a) => a.entity_id)).toEqual([`${id}/${s.users['case-manager']}`, `${id}/${s.users.pharmacist}`]);
  });
});

describe('observations and administrations', () => {
  let patientId: string;
  beforeAll(async () => {
    ({ id: patientId } = await create('physician', '010'));
    await s.app.inject({ method: 'PUT', url: `/api/v1/patients/${patientId}/care-team/${s.users.nurse}`, headers: await s.auth('physician') });
  });
  const url = () => `/api/v1/patients/${patientId}/observations`;

  it('stores a temperature in its canonical unit beside what was entered, and re-evaluates the patient', async () => {
    evaluated.length = 0;
    const res = await s.app.inject({
      method: 'POST',
      url: url(),
      headers: await s.auth('nurse'),
      payload: { code: 'body-temperature', value: { quantity: { value: 102.2, unit: '[degF]' } }, effectiveAt: '2026-11-21T07:30:00+08:00' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const obs = res.json<{ value: number; unit: string; loinc: string; entered: unknown; source: string; effectiveAt: string }>();
    expect(obs.value).toBeCloseTo(39, 6);
    expect(obs).toMatchObject({ unit: 'Cel', loinc: '8310-5', entered: { quantity: { value: 102.2, unit: '[degF]' } }, source: 'rest', effectiveAt: '2026-11-20T23:30:00.000Z' });
    expect(evaluated).toEqual([patientId]);
  });

  it('refuses a unit that does not fit the code, naming value.quantity.unit', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: `${url()}?lang=en`,
      headers: await s.auth('nurse'),
      payload: { code: 'body-temperature', value: { quantity: { value: 39, unit: 'mg/dL' } }, effectiveAt: '2026-11-21T07:30:00+08:00' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'value.quantity.unit', rule: 'observation.unit-incompatible' })]);
  });

  it('refuses a value out of the plausible range, a coded value not in the list, and a time in the future', async () => {
    const headers = await s.auth('nurse');
    const post = (payload: Record<string, unknown>) => s.app.inject({ method: 'POST', url: url(), headers, payload });
    const hot = await post({ code: 'body-temperature', value: { quantity: { value: 390, unit: 'Cel' } }, effectiveAt: '2026-11-21T07:30:00+08:00' });
    expect(hot.statusCode).toBe(400);
    expect(hot.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'value.quantity.value', rule: 'observation.out-of-range' })]);
    const coded = await post({ code: 'oxygen-device', value: { code: 'snorkel' }, effectiveAt: '2026-11-21T07:30:00+08:00' });
    expect(coded.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'value.code', rule: 'observation.code-unknown' })]);
    const later = await post({ code: 'body-temperature', value: { quantity: { value: 38, unit: 'Cel' } }, effectiveAt: '2026-11-21T09:00:00+08:00' });
    expect(later.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'effectiveAt', rule: 'patient.time-in-future' })]);
    const episode = await post({ code: 'body-temperature', value: { quantity: { value: 38, unit: 'Cel' } }, effectiveAt: '2026-11-21T07:00:00+08:00', episodeId: '00000000-0000-4000-8000-000000000002' });
    expect(episode.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'episodeId', rule: 'patient.episode-unknown' })]);
  });

  it('stores nothing when the re-evaluation fails: data, audit and alerts commit together', async () => {
    const before = await s.database.db.selectFrom('observations').select('id').where('patient_id', '=', patientId).execute();
    const auditBefore = await s.database.db.selectFrom('audit_log').select('seq').execute();
    failEvaluation = true;
    try {
      const res = await s.app.inject({
        method: 'POST',
        url: url(),
        headers: await s.auth('nurse'),
        payload: { code: 'heart-rate', value: { quantity: { value: 120, unit: '/min' } }, effectiveAt: '2026-11-21T07:40:00+08:00' },
      });
      expect(res.statusCode).toBe(500);
    } finally {
      failEvaluation = false;
    }
    expect(await s.database.db.selectFrom('observations').select('id').where('patient_id', '=', patientId).execute()).toHaveLength(before.length);
    // The sign-in for that request is audited; the observation is not.
    const added = await s.database.db.selectFrom('audit_log').select('entity_type').where('seq', '>', String(auditBefore.length)).execute();
    expect(added.map((a) => a.entity_type)).not.toContain('Observation');
  });

  it('reads observations by code and time window, in time order', async () => {
    const headers = await s.auth('nurse');
    for (const [at, value] of [
      ['2026-11-21T06:00:00+08:00', 37.2],
      ['2026-11-21T07:00:00+08:00', 38.4],
    ] as const) {
      const res = await s.app.inject({ method: 'POST', url: url(), headers, payload: { code: 'body-temperature', value: { quantity: { value, unit: 'Cel' } }, effectiveAt: at } });
      expect(res.statusCode).toBe(201);
    }
    await s.app.inject({ method: 'POST', url: url(), headers, payload: { code: 'ice-score', value: { integer: 9 }, effectiveAt: '2026-11-21T06:30:00+08:00' } });
    const all = await s.app.inject({ method: 'GET', url: `${url()}?code=body-temperature`, headers });
    expect(all.json<{ value: number }[]>().map((o) => Math.round(o.value * 10) / 10)).toEqual([37.2, 38.4, 39]);
    const window = await s.app.inject({ method: 'GET', url: `${url()}?from=${encodeURIComponent('2026-11-21T06:15:00+08:00')}&to=${encodeURIComponent('2026-11-21T07:15:00+08:00')}`, headers });
    expect(window.json<{ code: string }[]>().map((o) => o.code)).toEqual(['ice-score', 'body-temperature']);
    const reversed = await s.app.inject({ method: 'GET', url: `${url()}?from=2026-11-21T08:00:00Z&to=2026-11-21T07:00:00Z`, headers });
    expect(reversed.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'from', rule: 'patient.time-range-reversed' })]);
    const pharmacist = await s.app.inject({ method: 'GET', url: url(), headers: await s.auth('pharmacist') });
    expect(pharmacist.statusCode).toBe(404);
  });

  it('records a medication administration and refuses a drug that is not a generic name', async () => {
    const headers = await s.auth('physician');
    const path = `/api/v1/patients/${patientId}/medication-administrations`;
    const ok = await s.app.inject({
      method: 'POST',
      url: path,
      headers,
      payload: { drug: 'tocilizumab', dose: { value: 8, unit: 'mg/kg' }, route: 'IV', administeredAt: '2026-11-21T07:45:00+08:00' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ drug: 'tocilizumab', dose: { value: 8, unit: 'mg/kg' }, route: 'IV', source: 'rest' });
    const bad = await s.app.inject({ method: 'POST', url: path, headers, payload: { drug: 'Actemra 400mg', dose: null, administeredAt: '2026-11-21T07:45:00+08:00' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'drug', rule: 'medication.drug-format' })]);
    const list = await s.app.inject({ method: 'GET', url: `${path}?drug=tocilizumab`, headers });
    expect(list.json()).toEqual([expect.objectContaining({ drug: 'tocilizumab' })]);
  });

  it('audits every change in one valid chain', async () => {
    const rows = await s.database.db.selectFrom('audit_log').select(['action', 'entity_type', 'patient_id', 'actor_name']).where('patient_id', '=', patientId).execute();
    const kinds = rows.map((r) => `${r.action} ${r.entity_type}`);
    expect(kinds).toEqual(expect.arrayContaining(['create Patient', 'add care-team', 'create Observation', 'create MedicationAdministration']));
    expect(kinds.filter((k) => k === 'create Observation')).toHaveLength(4);
    expect(rows.find((r) => r.entity_type === 'MedicationAdministration')?.actor_name).toBe('Test physician');
    expect((await verifyAudit(s.database.db)).ok).toBe(true);
  });
});
