import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePatient } from '../../src/alerts/evaluate.js';
import { runDueAlertWork, startAlertWorker } from '../../src/alerts/escalation.js';
import { raiseAlert } from '../../src/alerts/store.js';
import { SYSTEM_ACTOR } from '../../src/audit/trail.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { Clock, patientWithCourse } from './support.js';

const clock = new Clock(new Date('2026-05-01T00:00:00Z'));
let s: TestServer;
let patientId = '';

async function raise(kind: string, at: Date): Promise<string> {
  const { row } = await s.database.db
    .transaction()
    .execute((tx) => raiseAlert(tx, SYSTEM_ACTOR, { patientId, kind, key: '', severity: 'critical', detail: { level: 2 } }, at));
  return row.id;
}

const escalations = async (alertId: string) =>
  s.database.db.selectFrom('audit_log').select('seq').where('entity_id', '=', alertId).where('action', '=', 'escalate').execute();

beforeAll(async () => {
  s = await startTestServer({ onPatientDataChanged: evaluatePatient, now: clock.now });
  ({ patientId } = await patientWithCourse(s, ['nurse'], { details: {}, startedAt: clock.now() }, clock.now()));
});
afterAll(async () => s.close());

describe('alert escalation', () => {
  it('two workers running at once escalate an alert once', async () => {
    const id = await raise('crs-grade', clock.now());
    const at = new Date(clock.now().getTime() + 15 * 60_000);
    const reports = await Promise.all([runDueAlertWork(s.database.db, at), runDueAlertWork(s.database.db, at), runDueAlertWork(s.database.db, at)]);
    expect(reports.reduce((n, r) => n + r.escalated, 0)).toBe(1);
    expect(await escalations(id)).toHaveLength(1);
  });

  it('the periodic worker escalates on its own and stops when asked', async () => {
    const id = await raise('icans-grade', clock.now());
    clock.advance(16);
    const worker = startAlertWorker(s.ctx, 5);
    for (let i = 0; i < 200 && (await escalations(id)).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await worker.stop();
    expect(await escalations(id)).toHaveLength(1);
    const row = await s.database.db.selectFrom('alerts').select('escalated_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.escalated_at).toEqual(clock.now());
  });
});
