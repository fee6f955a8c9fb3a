import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

let s: TestServer;
let clock = new Date('2026-11-21T08:00:00+08:00');
beforeAll(async () => {
  s = await startTestServer({ now: () => clock });
});
afterAll(async () => s.close());

interface Problem {
  error: string;
  issues?: { path: string; rule: string; message: string }[];
}
interface Settings {
  version: number;
  values: Record<string, unknown>;
  reason: string;
  changedBy: { id: string; displayName: string } | null;
  fields: { name: string; description: string; default: unknown; schema: Record<string, unknown> }[];
}

describe('institution settings', () => {
  it('shows the version in force with each field\'s description and default', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/settings', headers: await s.auth('nurse') });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('W/"1"');
    const body = res.json<Settings>();
    expect(body).toMatchObject({ version: 1, changedBy: null, values: { timeZone: 'Asia/Taipei', criticalAlertEscalationMinutes: 15 } });
    const tz = body.fields.find((f) => f.name === 'timeZone');
    expect(tz).toMatchObject({ default: 'Asia/Taipei', schema: { type: 'string' } });
    expect(tz?.description).toMatch(/IANA time zone/);
    expect(body.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['lessExperiencedCenter', 'pediatricAgeLimitYears', 'facilityCode']));
  });

  it('refuses a change without a reason of 10 characters, and invalid values naming their field', async () => {
    const headers = await s.auth('administrator');
    const put = (payload: Record<string, unknown>) => s.app.inject({ method: 'PUT', url: '/api/v1/settings?lang=en', headers, payload });
    const short = await put({ settings: { timeZone: 'Asia/Tokyo' }, reason: 'because' });
    expect(short.statusCode).toBe(400);
    expect(short.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'reason', rule: 'settings.reason-too-short' })]);
    const zone = await put({ settings: { timeZone: 'Mars/Olympus', criticalAlertEscalationMinutes: 0 }, reason: 'moving the programme' });
    expect(zone.statusCode).toBe(400);
    expect(zone.json<Problem>().issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'settings.timeZone', rule: 'settings.time-zone-unknown' }),
        expect.objectContaining({ path: 'settings.criticalAlertEscalationMinutes' }),
      ]),
    );
    const unknown = await put({ settings: { crsGradeShift: 1 }, reason: 'an experiment of ours' });
    expect(unknown.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'settings', rule: 'input.unrecognized-keys' })]);
    const longName = await put({ settings: { facilityCode: 'A9997', institutionName: '國'.repeat(20) }, reason: 'our name on the labels' });
    expect(longName.statusCode).toBe(400);
    expect(longName.json<Problem>().issues).toEqual([
      {
        path: 'settings.institutionName',
        rule: 'settings.institution-name-too-long-for-labels',
        message: 'The institution name does not fit the collection-facility line of these labels even at the smallest print size: apheresis-bag@1, product-bag@1. Shorten it (an abbreviation will do).',
      },
    ]);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/settings', headers })).json<Settings>().version).toBe(1);
    const nurse = await s.app.inject({ method: 'PUT', url: '/api/v1/settings', headers: await s.auth('nurse'), payload: { settings: {}, reason: 'nurses may not do this' } });
    expect(nurse.statusCode).toBe(403);
  });

  it('saves a new version, keeps the old one, and audits before, after and the reason', async () => {
    clock = new Date('2026-11-21T09:00:00+08:00');
    const headers = await s.auth('administrator');
    const res = await s.app.inject({
      method: 'PUT',
      url: '/api/v1/settings',
      headers: { ...headers, 'if-match': 'W/"1"' },
      payload: { settings: { lessExperiencedCenter: true, criticalAlertEscalationMinutes: 10 }, reason: 'New CAR-T programme: first year as a less experienced centre' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    expect(res.json<Settings>()).toMatchObject({
      version: 2,
      values: { lessExperiencedCenter: true, criticalAlertEscalationMinutes: 10, timeZone: 'Asia/Taipei' },
      changedBy: { id: s.users.administrator },
    });

    const versions = await s.app.inject({ method: 'GET', url: '/api/v1/settings/versions', headers: await s.auth('physician') });
    const list = versions.json<Settings[]>();
    expect(list.map((v) => v.version)).toEqual([2, 1]);
    expect(list[1]?.values).toMatchObject({ lessExperiencedCenter: false, criticalAlertEscalationMinutes: 15 });

    const audit = await s.database.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'institution-settings').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'update', entity_id: '2', actor_id: s.users.administrator, reason: 'New CAR-T programme: first year as a less experienced centre' });
    expect(audit[0]?.before).toMatchObject({ version: 1, settings: { lessExperiencedCenter: false } });
    expect(audit[0]?.after).toMatchObject({ version: 2, settings: { lessExperiencedCenter: true } });
  });

  it('refuses a change based on an old version (412) and one that changes nothing', async () => {
    const headers = await s.auth('administrator');
    const stale = await s.app.inject({
      method: 'PUT',
      url: '/api/v1/settings',
      headers: { ...headers, 'if-match': 'W/"1"' },
      payload: { settings: { timeZone: 'UTC' }, reason: 'based on what I read an hour ago' },
    });
    expect(stale.statusCode).toBe(412);
    const same = await s.app.inject({
      method: 'PUT',
      url: '/api/v1/settings',
      headers,
      payload: { settings: { criticalAlertEscalationMinutes: 10, lessExperiencedCenter: true }, reason: 'saving the same again' },
    });
    expect(same.statusCode).toBe(400);
    expect(same.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'settings', rule: 'settings.unchanged' })]);
    expect(await s.database.db.selectFrom('institution_settings').select('version').execute()).toHaveLength(2);
  });
});

describe('users', () => {
  it('creates a user, who can then sign in', async () => {
    const headers = await s.auth('administrator');
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers,
      payload: { username: 'nurse.chang', displayName: '張護理師', role: 'nurse', password: 'a long enough password' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ username: 'nurse.chang', role: 'nurse', active: true });
    expect(JSON.stringify(res.json())).not.toMatch(/password|argon/);
    const login = await s.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'nurse.chang', password: 'a long enough password' } });
    expect(login.statusCode).toBe(200);
    const taken = await s.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { username: 'nurse.chang', displayName: 'x', role: 'nurse', password: 'a long enough password' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'username', rule: 'user.username-taken' })]);
    const weak = await s.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { username: 'nurse.wu', displayName: 'x', role: 'nurse', password: 'short' } });
    expect(weak.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'password', rule: 'user.password-too-short' })]);
    const list = await s.app.inject({ method: 'GET', url: '/api/v1/users', headers });
    expect(list.json<{ username: string }[]>().map((u) => u.username)).toContain('nurse.chang');
  });

  it('deactivates a user: their sessions end at once and they cannot sign in; reactivation restores sign-in', async () => {
    const admin = await s.auth('administrator');
    const socialWorker = await s.auth('social-worker');
    const url = (what: string) => `/api/v1/users/${s.users['social-worker']}/${what}`;
    const noReason = await s.app.inject({ method: 'POST', url: url('deactivate'), headers: admin, payload: { reason: 'left' } });
    expect(noReason.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'reason', rule: 'user.reason-too-short' })]);

    const res = await s.app.inject({ method: 'POST', url: url('deactivate'), headers: admin, payload: { reason: 'left the hospital on 2026-11-20' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ active: false });
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: socialWorker })).statusCode).toBe(401);
    expect((await s.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'social-worker', password: TEST_PASSWORD } })).statusCode).toBe(401);

    const self = await s.app.inject({ method: 'POST', url: `/api/v1/users/${s.users.administrator}/deactivate`, headers: admin, payload: { reason: 'testing the lock-out guard' } });
    expect(self.statusCode).toBe(409);
    expect(self.json<Problem>().issues).toEqual([expect.objectContaining({ path: 'userId', rule: 'user.deactivate-self' })]);

    const back = await s.app.inject({ method: 'POST', url: url('activate'), headers: admin, payload: { reason: 'returned from leave' } });
    expect(back.json()).toMatchObject({ active: true });
    expect((await s.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'social-worker', password: TEST_PASSWORD } })).statusCode).toBe(200);

    const audit = await s.database.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', s.users['social-worker']).where('action', 'in', ['deactivate', 'activate']).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'deactivate', reason: 'left the hospital on 2026-11-20' },
      { action: 'activate', reason: 'returned from leave' },
    ]);
  });
});

describe('audit trail', () => {
  it('pages through the records, filters by patient, and verifies the chain', async () => {
    const headers = await s.auth('administrator');
    const first = await s.app.inject({ method: 'GET', url: '/api/v1/audit?limit=5', headers });
    const page = first.json<{ seq: string }[]>();
    expect(page.map((r) => r.seq)).toEqual(['1', '2', '3', '4', '5']);
    const next = await s.app.inject({ method: 'GET', url: '/api/v1/audit?limit=2&after=5', headers });
    expect(next.json<{ seq: string }[]>().map((r) => r.seq)).toEqual(['6', '7']);

    const patient = await s.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: await s.auth('physician'),
      payload: {
        name: '林小華',
        birthDate: '1990-01-01',
        sex: 'female',
        identifiers: [
          { system: 'urn:test:mrn', value: '1', kind: 'medical-record-number' },
          { system: 'urn:test:nid', value: '2', kind: 'national-id' },
        ],
      },
    });
    const patientId = patient.json<{ id: string }>().id;
    const about = await s.app.inject({ method: 'GET', url: `/api/v1/audit?patientId=${patientId}`, headers });
    expect(about.json<{ entityType: string; patientId: string }[]>().map((r) => r.entityType)).toEqual(['Patient', 'care-team']);

    const verify = await s.app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers });
    const v = verify.json<{ ok: boolean; records: number; problems: unknown[]; headHash: string }>();
    expect(v).toMatchObject({ ok: true, problems: [] });
    const last = await s.database.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(v.records).toBe(Number(last.seq));
    expect(v.headHash).toBe(last.hash);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: await s.auth('physician') })).statusCode).toBe(403);
  });
});
