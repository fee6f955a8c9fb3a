import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/trail.js';
import type { Role } from '../../src/auth/roles.js';
import { dueJourneyDeadlines, runDueJourneyWork } from '../../src/journey/due.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { asCourse, asTask, asTasks, firstIssue, patientWithTeam, taskByCode } from './fixtures.js';

let s: TestServer;
let clock = new Date('2026-03-10T08:00:00+08:00');
let patientId: string;
let episodeId: string;
const HOUR = 3_600_000;
/** Collection ends at 14:30 Taipei time. */
const collectionEnd = new Date('2026-03-10T14:30:00+08:00');

beforeAll(async () => {
  s = await startTestServer({ now: () => clock });
  patientId = await patientWithTeam(s, clock);
  const res = await call('physician', 'POST', `/api/v1/patients/${patientId}/courses`, { kind: 'car-t-course', disease: 'B-ALL', startedAt: clock.toISOString() });
  episodeId = asCourse(res).id;
});
afterAll(async () => s.close());

async function call(role: Role, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const headers = await s.auth(role);
  return s.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}
const alerts = async () =>
  (await s.database.asOwner<{ key: string; severity: string; status: string }>(`SELECT key, severity, status FROM alerts WHERE kind = 'journey-deadline' ORDER BY raised_at, key`)).rows;

describe('anchors and deadlines', () => {
  it('collection end: cold storage within 4 h, cryopreservation within 24 h, for the technologist', async () => {
    const res = await call('cell-therapy-technologist', 'POST', `/api/v1/courses/${episodeId}/anchors`, { anchor: 'collection-end', at: collectionEnd.toISOString() });
    expect(res.statusCode).toBe(200);
    const view = asCourse(res);
    expect(taskByCode(view, 'deadline:cryopreserve-within')).toMatchObject({ role: 'cell-therapy-technologist', status: 'open', dueAt: new Date(collectionEnd.getTime() + 24 * HOUR).toISOString() });
    expect(taskByCode(view, 'deadline:cold-storage-within').dueAt).toBe(new Date(collectionEnd.getTime() + 4 * HOUR).toISOString());
    const deadline = view.deadlines.find((d) => d.rule === 'car-t-course.cryopreserve-within');
    expect(deadline).toMatchObject({ anchorAt: collectionEnd.toISOString(), dueAt: '2026-03-11T06:30:00.000Z', taskStatus: 'open' });
  });

  it('day-counted deadlines end at midnight in the institution time zone (Asia/Taipei)', async () => {
    // 22:00 UTC on 20 March is 06:00 on 21 March in Taipei: the days count from 21 March.
    const ldcEnd = '2026-03-20T22:00:00Z';
    const view = asCourse(await call('physician', 'POST', `/api/v1/courses/${episodeId}/anchors`, { anchor: 'ldc-end', at: ldcEnd }));
    // LDC valid 28 days: through 18 April (Taipei), i.e. until 19 April 00:00 +08:00.
    expect(taskByCode(view, 'deadline:ldc-valid').dueAt).toBe('2026-04-18T16:00:00.000Z');
    // B-ALL: infusion 2-14 days after LDC ends; the FL window does not apply.
    expect(taskByCode(view, 'deadline:infusion-after-ldc').dueAt).toBe('2026-04-04T16:00:00.000Z');
    expect(view.tasks.some((t) => t.code === 'deadline:infusion-after-ldc-fl')).toBe(false);
    const window = view.deadlines.find((d) => d.rule === 'car-t-course.infusion-after-ldc');
    expect(window?.notBefore).toBe('2026-03-22T16:00:00.000Z');
  });

  it('a corrected anchor moves the open task, audited', async () => {
    const corrected = new Date(collectionEnd.getTime() + 30 * 60_000);
    const view = asCourse(await call('cell-therapy-technologist', 'POST', `/api/v1/courses/${episodeId}/anchors`, { anchor: 'collection-end', at: corrected.toISOString() }));
    expect(taskByCode(view, 'deadline:cryopreserve-within').dueAt).toBe(new Date(corrected.getTime() + 24 * HOUR).toISOString());
    const updates = await s.database.asOwner(`SELECT 1 FROM audit_log WHERE entity_type = 'task' AND action = 'update'`);
    expect(updates.rowCount).toBeGreaterThanOrEqual(2);
    const anchorUpdate = await s.database.asOwner(`SELECT 1 FROM audit_log WHERE entity_type = 'journey-anchor' AND action = 'update'`);
    expect(anchorUpdate.rowCount).toBe(1);
    // Back to the original instant for the alert tests.
    await call('cell-therapy-technologist', 'POST', `/api/v1/courses/${episodeId}/anchors`, { anchor: 'collection-end', at: collectionEnd.toISOString() });
  });

  it('refuses an anchor the course does not know', async () => {
    const res = await call('physician', 'POST', `/api/v1/courses/${episodeId}/anchors`, { anchor: 'diagnosis-confirmed', at: clock.toISOString() });
    expect(res.statusCode).toBe(400);
    expect(firstIssue(res)).toMatchObject({ path: 'anchor', rule: 'journey.anchor-unknown' });
  });
});

describe('deadline alerts', () => {
  it('raises a warning within the lead time, before expiry, and not for distant deadlines', async () => {
    clock = new Date(collectionEnd.getTime() + HOUR);
    const due = await dueJourneyDeadlines(s.database.db, clock);
    expect(due.map((d) => [d.task.code, d.stage]).sort()).toEqual([
      ['deadline:cold-storage-within', 'due-soon'],
      ['deadline:cryopreserve-within', 'due-soon'],
    ]);
    expect(await runDueJourneyWork(s.database.db, clock)).toEqual({ raised: 2, escalated: 0, resolved: 0 });
    expect(await alerts()).toEqual(
      expect.arrayContaining([
        { key: 'car-t-course.cold-storage-within', severity: 'warning', status: 'open' },
        { key: 'car-t-course.cryopreserve-within', severity: 'warning', status: 'open' },
      ]),
    );
    expect((await alerts()).some((a) => a.key === 'car-t-course.ldc-valid')).toBe(false);
  });

  it('running again (even in parallel processes) raises nothing twice', async () => {
    const results = await Promise.all([runDueJourneyWork(s.database.db, clock), runDueJourneyWork(s.database.db, clock), runDueJourneyWork(s.database.db, clock)]);
    expect(results.reduce((n, r) => n + r.raised + r.escalated, 0)).toBe(0);
    expect(await alerts()).toHaveLength(2);
  });

  it('escalates to critical once the deadline has passed', async () => {
    clock = new Date(collectionEnd.getTime() + 5 * HOUR);
    expect(await runDueJourneyWork(s.database.db, clock)).toEqual({ raised: 0, escalated: 1, resolved: 0 });
    expect((await alerts()).find((a) => a.key === 'car-t-course.cold-storage-within')).toMatchObject({ severity: 'critical', status: 'open' });
  });

  it('resolves the alert when its task is done, by the task role only', async () => {
    const view = asCourse(await call('physician', 'GET', `/api/v1/courses/${episodeId}`));
    const task = taskByCode(view, 'deadline:cold-storage-within');
    const byNurse = await call('nurse', 'POST', `/api/v1/tasks/${task.id}/complete`);
    expect(byNurse.statusCode).toBe(403);
    expect(firstIssue(byNurse)).toMatchObject({ rule: 'journey.task-other-role' });
    const mine = asTasks(await call('cell-therapy-technologist', 'GET', '/api/v1/tasks'));
    expect(mine.map((t) => t.code)).toEqual(expect.arrayContaining(['deadline:cold-storage-within', 'deadline:cryopreserve-within']));
    const res = await call('cell-therapy-technologist', 'POST', `/api/v1/tasks/${task.id}/complete`);
    expect(res.statusCode).toBe(200);
    expect(asTask(res)).toMatchObject({ status: 'done', completedBy: s.users['cell-therapy-technologist'] });
    expect((await alerts()).find((a) => a.key === 'car-t-course.cold-storage-within')).toMatchObject({ status: 'resolved' });
    const again = await call('cell-therapy-technologist', 'POST', `/api/v1/tasks/${task.id}/complete`);
    expect(again.statusCode).toBe(409);
  });

  it('the sweep resolves an alert whose task is no longer open', async () => {
    const view = asCourse(await call('physician', 'GET', `/api/v1/courses/${episodeId}`));
    const task = taskByCode(view, 'deadline:cryopreserve-within');
    // Done behind the alert's back (e.g. by another module): the next sweep notices.
    await s.database.asOwner(`UPDATE tasks SET status = 'done' WHERE id = $1`, [task.id]);
    expect(await runDueJourneyWork(s.database.db, clock)).toEqual({ raised: 0, escalated: 0, resolved: 1 });
    expect((await alerts()).every((a) => a.status === 'resolved')).toBe(true);
  });

  it('a step role task is done by completing its step', async () => {
    const view = asCourse(await call('physician', 'GET', `/api/v1/courses/${episodeId}`));
    const owner = view.tasks.find((t) => t.step === 'referral' && t.role === 'case-manager');
    const res = await call('case-manager', 'POST', `/api/v1/tasks/${owner?.id ?? ''}/complete`);
    expect(res.statusCode).toBe(409);
    expect(firstIssue(res)).toMatchObject({ rule: 'journey.task-completes-with-step' });
  });

  it('the audit trail verifies', async () => {
    expect((await verifyAudit(s.database.db)).ok).toBe(true);
  });
});
