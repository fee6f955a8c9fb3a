import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePatient } from '../../src/alerts/evaluate.js';
import { SYSTEM_ACTOR } from '../../src/audit/trail.js';
import { createUser } from '../../src/domain/users.js';
import { celsius, Clock, coded, observe, patientWithCourse } from '../alerts/support.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

/** CDS Hooks discovery and patient-view over stored assessments, live alerts and the course's steps. */
const clock = new Clock(new Date('2026-04-04T01:00:00Z'));
let s: TestServer;
let patientId = '';

interface Card {
  summary: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url?: string };
  detail?: string;
}

function hook(id: string) {
  return { hook: 'patient-view', hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea', context: { userId: 'Practitioner/1', patientId: id } };
}

beforeAll(async () => {
  s = await startTestServer({ onPatientDataChanged: evaluatePatient, now: clock.now });
  ({ patientId } = await patientWithCourse(
    s,
    ['physician', 'nurse', 'psychologist'],
    { details: { infusionAt: '2026-04-01T02:00:00Z', weightKg: 58 }, startedAt: new Date('2026-03-01T00:00:00Z') },
    clock.now(),
  ));
  const episode = await s.database.db.selectFrom('episodes').select('id').where('patient_id', '=', patientId).executeTakeFirstOrThrow();
  const steps = ['referral', 'eligibility', 'washout', 'leukapheresis', 'cryopreservation-and-shipment', 'manufacturing', 'bridging', 'lymphodepletion', 'receipt', 'thaw-and-infusion', 'monitoring', 'discharge'];
  await s.database.db
    .insertInto('journey_steps')
    .values(
      steps.map((step, position) => ({
        episode_id: episode.id,
        step,
        position,
        status: step === 'bridging' ? 'overridden' : position < 10 ? 'completed' : 'pending',
        owner_role: step === 'monitoring' ? 'physician' : 'nurse',
      })),
    )
    .execute();
  await observe(s, patientId, 'hypotension', coded('yes'), clock.advance(1));
  await observe(s, patientId, 'oxygen-device', coded('none'), clock.advance(1));
  await observe(s, patientId, 'body-temperature', celsius(39.2), clock.advance(1));
  await s.database.db.transaction().execute((tx) => createUser(tx, SYSTEM_ACTOR, { username: 'nurse-away', displayName: 'Away nurse', role: 'nurse', password: TEST_PASSWORD }, clock.now()));
});
afterAll(async () => s.close());

describe('CDS Hooks', () => {
  it('discovery lists the patient-view service without a login', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/cds-services?lang=en' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ services: [expect.objectContaining({ hook: 'patient-view', id: 'patient-view', title: 'CAR-T toxicity and course status' })] });
  });

  it('patient-view returns the open alert, the current grades and the next course step, in English on request', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/cds-services/patient-view', headers: { ...(await s.auth('physician')), 'accept-language': 'en-US,en;q=0.9' }, payload: hook(patientId) });
    expect(res.statusCode).toBe(200);
    const cards = res.json<{ cards: Card[] }>().cards;
    for (const card of cards) {
      expect(card.summary.length).toBeLessThan(140);
      expect(['info', 'warning', 'critical']).toContain(card.indicator);
      expect(card.source.label).toMatch(/Handbook/);
    }
    const summaries = cards.map((c) => c.summary);
    // The alert (fever with hypotension on fluids: grade 2) comes first, critical.
    expect(cards[0]).toMatchObject({ summary: 'CRS grade 2 (ASTCT)', indicator: 'critical' });
    expect(cards[0]?.source).toMatchObject({ label: expect.stringContaining('§3.1.2, Table 7') as unknown, url: 'https://doi.org/10.1016/j.bbmt.2018.12.758' });
    expect(cards).toContainEqual(expect.objectContaining({ summary: 'CRS grade 2', indicator: 'critical' }));
    expect(cards.find((c) => c.summary === 'CRS grade 2')?.detail).toMatch(/\*\*Why\*\*[\s\S]*39\.2/);
    expect(summaries).toContain('ICANS: cannot assess (data missing)');
    expect(summaries).toContain('IEC-HS: cannot assess (data missing)');
    expect(cards).toContainEqual(expect.objectContaining({ summary: 'Next step: day 0-30 monitoring (not started)', indicator: 'info' }));
    // ICAHT is graded from day 0: no ANC yet, so it cannot be assessed either.
    expect(summaries).toContain('ICAHT: cannot assess (data missing)');
  });

  it('answers in Traditional Chinese by default', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/cds-services/patient-view', headers: await s.auth('nurse'), payload: hook(patientId) });
    expect(res.statusCode).toBe(200);
    const cards = res.json<{ cards: Card[] }>().cards;
    expect(cards[0]).toMatchObject({ summary: 'CRS 第 2 級（ASTCT）', source: { label: expect.stringContaining('台灣 CAR-T 細胞治療手冊') as unknown } });
    expect(cards.map((c) => c.summary)).toContain('下一步驟：第 0-30 天監測（尚未開始）');
  });

  it('checks the role (403) and the care team (404), and refuses a malformed request (400)', async () => {
    const psychologist = await s.app.inject({ method: 'POST', url: '/cds-services/patient-view', headers: await s.auth('psychologist'), payload: hook(patientId) });
    expect(psychologist.statusCode).toBe(403);
    const login = await s.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'nurse-away', password: TEST_PASSWORD } });
    const away = await s.app.inject({
      method: 'POST',
      url: '/cds-services/patient-view',
      headers: { authorization: `Bearer ${login.json<{ token: string }>().token}` },
      payload: hook(patientId),
    });
    expect(away.statusCode).toBe(404);
    const anonymous = await s.app.inject({ method: 'POST', url: '/cds-services/patient-view', payload: hook(patientId) });
    expect(anonymous.statusCode).toBe(401);
    const malformed = await s.app.inject({ method: 'POST', url: '/cds-services/patient-view', headers: await s.auth('physician'), payload: { hook: 'patient-view', context: {} } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual(expect.arrayContaining(['hookInstance', 'context.patientId']));
  });
});
