import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePatient } from '../../src/alerts/evaluate.js';
import { runDueAlertWork } from '../../src/alerts/escalation.js';
import { SYSTEM_ACTOR } from '../../src/audit/trail.js';
import { recordAdministration, recordObservation } from '../../src/domain/record.js';
import { createUser } from '../../src/domain/users.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';
import { administer, celsius, Clock, coded, latestAssessment, liveAlert, observe, patientWithCourse } from './support.js';

/**
 * The alert engine end to end: observations recorded through the domain functions, the engine
 * wired as onPatientDataChanged, the worker run by hand with a fixed clock. Exact cut-offs are
 * the core's unit tests; these check the wiring, the storage and the alert life cycle.
 */
const INFUSION = new Date('2026-03-01T02:00:00Z');
const clock = new Clock(new Date('2026-03-05T01:00:00Z'));
let s: TestServer;
let patientId = '';
let episodeId = '';
let outsiderNurse = '';

async function authAs(username: string): Promise<{ authorization: string }> {
  const res = await s.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password: TEST_PASSWORD } });
  expect(res.statusCode).toBe(200);
  return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
}

beforeAll(async () => {
  s = await startTestServer({ onPatientDataChanged: evaluatePatient, now: clock.now });
  ({ patientId, episodeId } = await patientWithCourse(
    s,
    ['physician', 'nurse', 'psychologist'],
    { details: { infusionAt: INFUSION.toISOString(), weightKg: 62, baseline: { ferritin: 400 } }, startedAt: new Date('2026-02-01T00:00:00Z') },
    clock.now(),
  ));
  outsiderNurse = (
    await s.database.db.transaction().execute((tx) => createUser(tx, SYSTEM_ACTOR, { username: 'nurse-elsewhere', displayName: 'Other ward nurse', role: 'nurse', password: TEST_PASSWORD }, clock.now()))
  ).id;
});
afterAll(async () => s.close());

describe('alert engine', () => {
  it('missing data gives a "cannot assess" assessment and no alert, never grade 0', async () => {
    await observe(s, patientId, 'body-temperature', celsius(37.1), clock.advance(1));
    const crs = await latestAssessment(s, patientId, 'crs');
    expect(crs).toBeDefined();
    expect(crs?.result).toMatchObject({ status: 'cannot-assess', value: null });
    const fields = (crs?.result as { warnings: { field: string }[] }).warnings.map((w) => w.field);
    expect(fields).toEqual(expect.arrayContaining(['hypotension', 'oxygen.device']));
    expect(crs?.settings_version).toBe(1);
    expect(crs?.trigger).toBe('data-changed');
    // ICANS without any neurological finding, febrile neutropenia without an ANC: cannot assess either.
    expect((await latestAssessment(s, patientId, 'icans'))?.result).toMatchObject({ status: 'cannot-assess' });
    expect((await latestAssessment(s, patientId, 'febrile-neutropenia'))?.result).toMatchObject({ status: 'cannot-assess' });
    expect(await s.database.db.selectFrom('alerts').select('id').where('patient_id', '=', patientId).execute()).toHaveLength(0);
  });

  it('fever without hypotension or oxygen raises a CRS grade 1 warning pointing at its assessment', async () => {
    await observe(s, patientId, 'hypotension', coded('no'), clock.advance(1));
    await observe(s, patientId, 'oxygen-device', coded('none'), clock.advance(1));
    expect(await liveAlert(s, patientId, 'crs-grade')).toBeUndefined();
    const feverAt = clock.advance(1);
    await observe(s, patientId, 'body-temperature', celsius(39), feverAt);
    const alert = await liveAlert(s, patientId, 'crs-grade');
    expect(alert).toMatchObject({ severity: 'warning', status: 'open', episode_id: episodeId, raised_at: feverAt });
    expect(alert?.detail).toMatchObject({ level: 1, assessmentId: alert?.assessment_id });
    expect((alert?.detail as { criteria: { rule: string }[] }).criteria.map((c) => c.rule)).toContain('crs.fever');
    const assessment = await s.database.db.selectFrom('assessments').selectAll().where('id', '=', alert?.assessment_id ?? '').executeTakeFirstOrThrow();
    expect(assessment).toMatchObject({ instrument: 'crs', episode_id: episodeId, result: { status: 'assessed', value: { grade: 1 } } });
    expect(assessment.input).toMatchObject({ temperature: { value: 39, unit: 'Cel' }, hypotension: false, oxygen: { device: 'none' } });
  });

  it('escalates an unacknowledged warning at the setting, not a minute before', async () => {
    const alert = await liveAlert(s, patientId, 'crs-grade');
    const raised = alert?.raised_at.getTime() ?? 0;
    expect(await runDueAlertWork(s.database.db, new Date(raised + 59 * 60_000))).toMatchObject({ escalated: 0 });
    expect((await liveAlert(s, patientId, 'crs-grade'))?.escalated_at).toBeNull();
    const at = new Date(raised + 60 * 60_000);
    expect(await runDueAlertWork(s.database.db, at)).toMatchObject({ escalated: 1 });
    expect((await liveAlert(s, patientId, 'crs-grade'))?.escalated_at).toEqual(at);
    const audit = await s.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', alert?.id ?? '').where('action', '=', 'escalate').execute();
    expect(audit).toHaveLength(1);
    // Escalated once only.
    expect(await runDueAlertWork(s.database.db, new Date(raised + 120 * 60_000))).toMatchObject({ escalated: 0 });
  });

  it('hypotension on a vasopressor raises the same alert again as grade 3, critical', async () => {
    const before = await liveAlert(s, patientId, 'crs-grade');
    const at = clock.advance(1);
    await s.database.db.transaction().execute(async (tx) => {
      const actor = { id: s.users.nurse, name: 'Test nurse' };
      await recordAdministration(s.ctx, tx, actor, { patientId, drug: 'norepinephrine', dose: null, route: 'IV', administeredAt: at, source: 'rest' }, at);
      await recordObservation(s.ctx, tx, actor, { patientId, code: 'hypotension', value: { code: 'yes' }, effectiveAt: at, source: 'rest' }, at);
    });
    const alert = await liveAlert(s, patientId, 'crs-grade');
    expect(alert?.id).toBe(before?.id);
    expect(alert).toMatchObject({ severity: 'critical', status: 'open', escalated_at: null, raised_at: at });
    expect(alert?.detail).toMatchObject({ level: 3 });
    const actions = await s.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', alert?.id ?? '').orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['raise', 'escalate', 'escalate']);
    // Critical: escalated after criticalAlertEscalationMinutes (15), not at 14.
    expect(await runDueAlertWork(s.database.db, new Date(at.getTime() + 14 * 60_000))).toMatchObject({ escalated: 0 });
    expect(await runDueAlertWork(s.database.db, new Date(at.getTime() + 15 * 60_000))).toMatchObject({ escalated: 1 });
  });

  it('acknowledges by a named user; a psychologist may not (403), a nurse off the care team cannot see it (404)', async () => {
    const alert = await liveAlert(s, patientId, 'crs-grade');
    const url = `/api/v1/alerts/${alert?.id ?? ''}/acknowledge`;
    const psychologist = await s.app.inject({ method: 'POST', url, headers: await s.auth('psychologist') });
    expect(psychologist.statusCode).toBe(403);
    const outsider = await s.app.inject({ method: 'POST', url, headers: await authAs('nurse-elsewhere') });
    expect(outsider.statusCode).toBe(404);
    expect((await liveAlert(s, patientId, 'crs-grade'))?.status).toBe('open');

    const ok = await s.app.inject({ method: 'POST', url: `${url}?lang=en`, headers: await s.auth('nurse') });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: { id: s.users.nurse, displayName: 'Test nurse' }, text: 'CRS grade 3 (ASTCT)' });
    const audit = await s.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', alert?.id ?? '').where('action', '=', 'acknowledge').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: s.users.nurse, actor_name: 'Test nurse' });

    // The ward board shows the care team's patients only.
    const board = await s.app.inject({ method: 'GET', url: '/api/v1/alerts?status=acknowledged', headers: await s.auth('nurse') });
    expect(board.json<{ id: string }[]>().map((a) => a.id)).toContain(alert?.id);
    const elsewhere = await s.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: await authAs('nurse-elsewhere') });
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.json()).toEqual([]);
    const patientList = await s.app.inject({ method: 'GET', url: `/api/v1/patients/${patientId}/alerts`, headers: await authAs('nurse-elsewhere') });
    expect(patientList.statusCode).toBe(404);
    expect(outsiderNurse).not.toBe('');
  });

  it('resolves the CRS alert when the patient recovers; a resolved alert cannot be acknowledged (409)', async () => {
    const alert = await liveAlert(s, patientId, 'crs-grade');
    await observe(s, patientId, 'hypotension', coded('no'), clock.advance(1));
    await observe(s, patientId, 'body-temperature', celsius(37.2), clock.advance(1));
    expect(await liveAlert(s, patientId, 'crs-grade')).toBeUndefined();
    const resolved = await s.database.db.selectFrom('alerts').selectAll().where('id', '=', alert?.id ?? '').executeTakeFirstOrThrow();
    expect(resolved.status).toBe('resolved');
    const res = await s.app.inject({ method: 'POST', url: `/api/v1/alerts/${resolved.id}/acknowledge`, headers: await s.auth('physician') });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'conflict', issues: [{ rule: 'alert.already-resolved' }] });
  });

  it('rising ferritin with low fibrinogen after CRS raises IEC-HS, confirmed once alternative causes are excluded', async () => {
    await observe(s, patientId, 'ferritin', { quantity: { value: 2400, unit: 'ng/mL' } }, clock.advance(1));
    await observe(s, patientId, 'fibrinogen', { quantity: { value: 120, unit: 'mg/dL' } }, clock.advance(1));
    const provisional = await liveAlert(s, patientId, 'iec-hs');
    expect(provisional).toMatchObject({ severity: 'warning' });
    expect(provisional?.detail).toMatchObject({ provisional: true, awaiting: ['alternativeCausesExcluded', 'ferritinRisingRapidly'] });
    const stored = await latestAssessment(s, patientId, 'iec-hs');
    expect(stored?.result).toMatchObject({ status: 'cannot-assess' });
    expect(stored?.input).toMatchObject({ crsCourse: 'resolved', ferritinBaseline: { value: 400, unit: 'ng/mL' }, fibrinogen: { value: 120, unit: 'mg/dL' } });

    // The physician records the judgment the criteria need.
    clock.advance(1);
    const judged = await s.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/iec-hs-judgments`,
      headers: await s.auth('physician'),
      payload: { alternativeCausesExcluded: true, severity: 'needs-intervention' },
    });
    expect(judged.statusCode, judged.body).toBe(201);
    await observe(s, patientId, 'platelets', { quantity: { value: 40_000, unit: '/uL' } }, clock.advance(1));
    const confirmed = await liveAlert(s, patientId, 'iec-hs');
    expect(confirmed?.id).toBe(provisional?.id);
    expect(confirmed).toMatchObject({ severity: 'critical' });
    expect(confirmed?.detail).toMatchObject({ level: 2, grade: 2, branch: 'IEC-HS' });
    expect((confirmed?.detail as { criteria: { rule: string }[] }).criteria.map((c) => c.rule)).toEqual(
      expect.arrayContaining(['iec-hs.ferritin-above-2x-baseline', 'iec-hs.fibrinogen-below-150', 'iec-hs.criteria-met']),
    );
  });

  it('ANC 300/uL with 38.5 °C raises febrile neutropenia due one hour after the fever; overdue without antibiotics; resolved when normal', async () => {
    await observe(s, patientId, 'neutrophils', { quantity: { value: 300, unit: '/uL' } }, clock.advance(1));
    const feverAt = clock.advance(1);
    await observe(s, patientId, 'body-temperature', celsius(38.5), feverAt);
    const alert = await liveAlert(s, patientId, 'febrile-neutropenia');
    expect(alert).toMatchObject({ severity: 'critical', due_at: new Date(feverAt.getTime() + 3_600_000) });
    expect(alert?.detail).toMatchObject({ level: 1, overdue: false, antibioticsGivenAt: null });

    // A later fever keeps the first deadline.
    await observe(s, patientId, 'body-temperature', celsius(38.9), clock.advance(10));
    expect((await liveAlert(s, patientId, 'febrile-neutropenia'))?.due_at).toEqual(alert?.due_at);

    // The deadline passes with no antibiotic: the worker raises it again as overdue.
    const late = new Date(feverAt.getTime() + 61 * 60_000);
    clock.set(late);
    expect((await runDueAlertWork(s.database.db, late)).reevaluated).toBeGreaterThanOrEqual(1);
    const overdue = await liveAlert(s, patientId, 'febrile-neutropenia');
    expect(overdue?.detail).toMatchObject({ level: 2, overdue: true });
    expect(overdue?.raised_at).toEqual(late);

    const givenAt = clock.advance(2);
    await administer(s, patientId, 'meropenem', givenAt);
    expect((await liveAlert(s, patientId, 'febrile-neutropenia'))?.detail).toMatchObject({ overdue: false, antibioticsGivenAt: givenAt.toISOString() });

    await observe(s, patientId, 'body-temperature', celsius(37), clock.advance(30));
    expect(await liveAlert(s, patientId, 'febrile-neutropenia')).toBeUndefined();
    const fn = await latestAssessment(s, patientId, 'febrile-neutropenia');
    expect(fn?.result).toMatchObject({ status: 'assessed', value: { febrileNeutropenia: false } });
  });

  it('lists assessments by instrument with a summary in the requested language', async () => {
    const res = await s.app.inject({ method: 'GET', url: `/api/v1/patients/${patientId}/assessments?instrument=crs&lang=en`, headers: await s.auth('physician') });
    expect(res.statusCode).toBe(200);
    const list = res.json<{ instrument: string; status: string; summary: string; settingsVersion: number }[]>();
    expect(list.every((a) => a.instrument === 'crs')).toBe(true);
    expect(list.map((a) => a.summary)).toEqual(expect.arrayContaining(['CRS grade 3', 'CRS grade 1', 'Cannot assess']));
    const zh = await s.app.inject({ method: 'GET', url: `/api/v1/patients/${patientId}/assessments?instrument=crs&limit=1`, headers: await s.auth('physician') });
    expect(zh.json<{ summary: string }[]>()[0]?.summary).toMatch(/CRS 第 \d 級|無法評估/);
    const denied = await s.app.inject({ method: 'GET', url: `/api/v1/patients/${patientId}/assessments`, headers: await authAs('nurse-elsewhere') });
    expect(denied.statusCode).toBe(404);
  });
});

describe('vital signs during and after the infusion', () => {
  it('raises "vital signs due" when the last reading is older than the interval, and clears it when one is recorded', async () => {
    const start = new Date('2026-03-06T03:00:00Z');
    clock.set(start);
    const course = await patientWithCourse(s, ['nurse'], { details: { weightKg: 70 }, startedAt: new Date('2026-02-10T00:00:00Z') }, start);
    await s.database.db.insertInto('journey_anchors').values({ episode_id: course.episodeId, anchor: 'infusion-start', at: start, recorded_by: s.users.nurse, recorded_at: start }).execute();
    await observe(s, course.patientId, 'heart-rate', { quantity: { value: 88, unit: '/min' } }, clock.advance(5));

    // Next check due 15 min after the last one (start + 20 min); not before.
    expect((await runDueAlertWork(s.database.db, new Date(start.getTime() + 19 * 60_000))).reevaluated).toBeGreaterThanOrEqual(1);
    expect(await liveAlert(s, course.patientId, 'vital-signs-due')).toBeUndefined();
    await runDueAlertWork(s.database.db, new Date(start.getTime() + 20 * 60_000));
    const due = await liveAlert(s, course.patientId, 'vital-signs-due');
    expect(due).toMatchObject({ severity: 'warning', due_at: new Date(start.getTime() + 20 * 60_000) });
    expect(due?.detail).toMatchObject({ phase: 'during', intervalMinutes: 15 });

    clock.set(new Date(start.getTime() + 22 * 60_000));
    await observe(s, course.patientId, 'systolic-blood-pressure', { quantity: { value: 118, unit: 'mm[Hg]' } }, clock.now());
    expect(await liveAlert(s, course.patientId, 'vital-signs-due')).toBeUndefined();

    // After the infusion (ended by the 30-minute limit): every 30 minutes.
    await runDueAlertWork(s.database.db, new Date(start.getTime() + 52 * 60_000));
    expect((await liveAlert(s, course.patientId, 'vital-signs-due'))?.detail).toMatchObject({ phase: 'after', intervalMinutes: 30 });
    // The watch ends 2 h after the infusion: nothing is due any more.
    await runDueAlertWork(s.database.db, new Date(start.getTime() + (30 + 120) * 60_000));
    expect(await liveAlert(s, course.patientId, 'vital-signs-due')).toBeUndefined();
  });

  it('raises the tocilizumab limit after three doses in 24 hours, with the next allowed time', async () => {
    const first = new Date('2026-03-08T00:00:00Z');
    clock.set(first);
    const course = await patientWithCourse(s, ['physician'], { details: { weightKg: 70, infusionAt: '2026-03-02T02:00:00Z' }, startedAt: new Date('2026-02-10T00:00:00Z') }, first);
    for (const hours of [0, 8, 16]) {
      clock.set(new Date(first.getTime() + hours * 3_600_000));
      await administer(s, course.patientId, 'tocilizumab', clock.now());
    }
    const alert = await liveAlert(s, course.patientId, 'tocilizumab-limit');
    expect(alert).toMatchObject({ severity: 'warning' });
    expect(alert?.detail).toMatchObject({ dosesInLast24h: 3, totalDoses: 3, nextAllowedAt: '2026-03-09T00:00:01Z' });
    expect((await latestAssessment(s, course.patientId, 'tocilizumab'))?.result).toMatchObject({ status: 'assessed', value: { allowed: false } });
    // Once the first dose leaves the 24-hour window the limit lapses (the worker sees it).
    await runDueAlertWork(s.database.db, new Date(first.getTime() + 25 * 3_600_000));
    expect(await liveAlert(s, course.patientId, 'tocilizumab-limit')).toBeUndefined();
  });
});
