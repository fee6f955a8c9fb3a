import type { Observation, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/trail.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { counts, expectValidFhir, FHIR_HEADERS, MRN_SYSTEM, patientResource, temperature } from './support.js';

const NOW = new Date('2026-03-10T02:00:00Z');
let s: TestServer;
let nurse: { authorization: string };
let patientId: string;

async function post(type: string, body: unknown, headers: Record<string, string> = {}, auth = nurse) {
  return s.app.inject({ method: 'POST', url: `/fhir/${type}`, headers: { ...auth, ...FHIR_HEADERS, ...headers }, payload: body as object });
}
function issue(body: unknown) {
  const outcome = body as OperationOutcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  expectValidFhir(outcome);
  const first = outcome.issue[0];
  return { expression: first?.expression?.[0], rule: first?.details?.coding?.[0]?.code, code: first?.code, diagnostics: first?.diagnostics };
}

beforeAll(async () => {
  s = await startTestServer({ now: () => NOW });
  nurse = await s.auth('nurse');
  const res = await post('Patient', patientResource('MRN-200', 'B223456789'));
  expect(res.statusCode).toBe(201);
  patientId = res.json<Patient>().id ?? '';
});
afterAll(async () => s.close());

describe('FHIR create', () => {
  it('adds the creating user to the new patient\'s care team', async () => {
    const team = await s.database.db.selectFrom('care_team').select('user_id').where('patient_id', '=', patientId).execute();
    expect(team.map((t) => t.user_id)).toEqual([s.users.nurse]);
  });

  it('conditional create of a Patient returns the match and creates nothing', async () => {
    const before = await counts(s);
    const res = await post('Patient', patientResource('MRN-200', 'B223456789'), { 'if-none-exist': `identifier=${MRN_SYSTEM}|MRN-200` });
    expect(res.statusCode).toBe(200);
    expect(res.json<Patient>().id).toBe(patientId);
    expect(await counts(s)).toEqual(before);
  });

  it('conditional create of an Observation does not duplicate it', async () => {
    const obs = temperature(`Patient/${patientId}`, 'cc-1', 37.2, '2026-03-10T08:00:00+08:00');
    const first = await post('Observation', obs, { 'if-none-exist': 'identifier=urn:example:lab-feed|cc-1' });
    expect(first.statusCode).toBe(201);
    const before = await counts(s);
    const again = await post('Observation', obs, { 'if-none-exist': 'identifier=urn:example:lab-feed|cc-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json<Observation>().id).toBe(first.json<Observation>().id);
    // Without the header the identifier still makes a replay a no-op.
    const replay = await post('Observation', obs);
    expect(replay.statusCode).toBe(200);
    expect(replay.json<Observation>().id).toBe(first.json<Observation>().id);
    expect(await counts(s)).toEqual(before);
  });

  it('refuses an If-None-Exist other than identifier=system|value', async () => {
    const res = await post('Observation', temperature(`Patient/${patientId}`, 'cc-2', 37.2, '2026-03-10T08:00:00+08:00'), { 'if-none-exist': 'code=8310-5' });
    expect(res.statusCode).toBe(400);
    expect(issue(res.json())).toMatchObject({ expression: 'If-None-Exist', rule: 'fhir.if-none-exist-unsupported' });
  });

  it('an unknown code is a 400 naming Observation.code and the rule; nothing is written', async () => {
    const before = await counts(s);
    const body = { ...temperature(`Patient/${patientId}`, 'bad-1', 37, '2026-03-10T08:00:00+08:00'), code: { coding: [{ system: 'http://loinc.org', code: '0000-0' }] } };
    const res = await post('Observation', body, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(400);
    expect(issue(res.json())).toMatchObject({ expression: 'Observation.code', rule: 'fhir.code-unknown', code: 'invalid' });
    expect(issue(res.json()).diagnostics).toContain('LOINC');
    expect(await counts(s)).toEqual(before);
  });

  it('an inconvertible unit is refused at valueQuantity.code with the domain rule, in zh-TW by default', async () => {
    const res = await post('Observation', temperature(`Patient/${patientId}`, 'bad-2', 37, '2026-03-10T08:00:00+08:00', 'mg'));
    expect(res.statusCode).toBe(400);
    const i = issue(res.json());
    expect(i).toMatchObject({ expression: 'Observation.valueQuantity.code', rule: 'observation.unit-incompatible' });
    expect(i.diagnostics).toContain('無法換算');
  });

  it('a resource that breaks the R4 structure is refused with its path', async () => {
    const withoutStatus: Partial<ReturnType<typeof temperature>> = temperature(`Patient/${patientId}`, 'bad-3', 37, '2026-03-10T08:00:00+08:00');
    delete withoutStatus.status;
    const res = await post('Observation', withoutStatus);
    expect(res.statusCode).toBe(400);
    expect(issue(res.json())).toMatchObject({ expression: 'Observation.status', rule: 'fhir.structure', code: 'structure' });
  });

  it('a time without a zone is refused', async () => {
    const res = await post('Observation', temperature(`Patient/${patientId}`, 'bad-4', 37, '2026-03-10'));
    expect(res.statusCode).toBe(400);
    expect(issue(res.json())).toMatchObject({ expression: 'Observation.effectiveDateTime', rule: 'fhir.datetime-required' });
  });

  it('accepts application/json as well', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/fhir/Observation',
      headers: { ...nurse, 'content-type': 'application/json', accept: 'application/json' },
      payload: temperature(`Patient/${patientId}`, 'json-1', 36.9, '2026-03-10T09:00:00+08:00'),
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('a user off the care team cannot write into the patient (404 at the subject) nor match it', async () => {
    const physician = await s.auth('physician');
    const before = await counts(s);
    const res = await post('Observation', temperature(`Patient/${patientId}`, 'x-1', 37, '2026-03-10T08:00:00+08:00'), {}, physician);
    expect(res.statusCode).toBe(404);
    expect(issue(res.json())).toMatchObject({ expression: 'Observation.subject.reference', rule: 'fhir.reference-not-found' });
    const match = await post('Patient', patientResource('MRN-200', 'B223456789'), { 'if-none-exist': `identifier=${MRN_SYSTEM}|MRN-200` }, physician);
    expect(match.statusCode).toBe(409);
    expect(match.body).not.toContain(patientId);
    expect(await counts(s)).toEqual(before);
  });

  it('a role without the create action is refused', async () => {
    const pharmacist = await s.auth('pharmacist');
    const res = await post('Observation', temperature(`Patient/${patientId}`, 'x-2', 37, '2026-03-10T08:00:00+08:00'), {}, pharmacist);
    expect(res.statusCode).toBe(403);
    expect(issue(res.json()).code).toBe('forbidden');
  });
});

describe('FHIR update of a Patient', () => {
  async function put(body: unknown, ifMatch: string | undefined, auth = nurse) {
    return s.app.inject({ method: 'PUT', url: `/fhir/Patient/${patientId}`, headers: { ...auth, ...FHIR_HEADERS, ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) }, payload: body as object });
  }

  it('requires If-Match', async () => {
    const res = await put({ ...patientResource('MRN-200', 'B223456789'), id: patientId }, undefined);
    expect(res.statusCode).toBe(400);
    expect(issue(res.json())).toMatchObject({ expression: 'If-Match', rule: 'fhir.if-match-required' });
  });

  it('bumps the version, audits before and after, and answers 412 to a stale version', async () => {
    const auditBefore = (await counts(s)).audit;
    const changed = { ...patientResource('MRN-200', 'B223456789'), id: patientId, birthDate: '1980-05-18' };
    const res = await put(changed, 'W/"1"');
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    const body = res.json<Patient>();
    expect(body).toMatchObject({ birthDate: '1980-05-18', meta: { versionId: '2' } });
    expectValidFhir(body);
    expect((await counts(s)).audit).toBe(auditBefore + 1);
    const audit = await s.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', patientId).where('action', '=', 'update').executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ birth_date: '1980-05-17', version: 1 });
    expect(audit.after).toMatchObject({ birth_date: '1980-05-18', version: 2 });

    const stale = await put({ ...changed, birthDate: '1980-05-19' }, 'W/"1"');
    expect(stale.statusCode).toBe(412);
    expect(issue(stale.json())).toMatchObject({ expression: 'If-Match', rule: 'fhir.version-conflict', code: 'conflict' });
    const read = await s.app.inject({ method: 'GET', url: `/fhir/Patient/${patientId}`, headers: nurse });
    expect(read.json<Patient>().birthDate).toBe('1980-05-18');
    expect((await verifyAudit(s.database.db)).ok).toBe(true);
  });

  it('an update that changes nothing writes nothing', async () => {
    const before = await counts(s);
    const res = await put({ ...patientResource('MRN-200', 'B223456789'), id: patientId, birthDate: '1980-05-18' }, 'W/"2"');
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    expect(await counts(s)).toEqual(before);
  });

  it('is not found for a user off the care team', async () => {
    const caseManager = await s.auth('case-manager');
    const res = await put({ ...patientResource('MRN-200', 'B223456789'), id: patientId }, 'W/"2"', caseManager);
    expect(res.statusCode).toBe(404);
  });
});
