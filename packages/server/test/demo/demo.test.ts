import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePatient } from '../../src/alerts/evaluate.js';
import { verifyAudit } from '../../src/audit/trail.js';
import { loadDemoData } from '../../src/demo/load.js';
import { DEMO_IDENTIFIER_SYSTEM, DEMO_PASSWORD } from '../../src/demo/people.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
const now = new Date('2026-11-21T10:00:00+08:00');
beforeAll(async () => {
  s = await startTestServer({ now: () => now, onPatientDataChanged: evaluatePatient });
});
afterAll(async () => s.close());

async function patientId(mrn: string): Promise<string> {
  const row = await s.database.db.selectFrom('patient_identifiers').select('patient_id').where('system', '=', DEMO_IDENTIFIER_SYSTEM).where('value', '=', mrn).executeTakeFirstOrThrow();
  return row.patient_id;
}

describe('demo data', () => {
  it('loads six patients at their stages, through the audited paths', async () => {
    const summary = await loadDemoData(s.ctx);
    expect(summary).toMatchObject({ loaded: true, patients: 6, password: DEMO_PASSWORD });
    const steps = await s.database.db
      .selectFrom('journey_steps')
      .innerJoin('episodes', 'episodes.id', 'journey_steps.episode_id')
      .innerJoin('patient_identifiers', 'patient_identifiers.patient_id', 'episodes.patient_id')
      .select(['patient_identifiers.value', 'journey_steps.step'])
      .where('journey_steps.status', '=', 'active')
      .where('patient_identifiers.system', '=', DEMO_IDENTIFIER_SYSTEM)
      .orderBy('patient_identifiers.value')
      .execute();
    expect(steps.map((r) => `${r.value}:${r.step}`)).toEqual([
      'DEMO-0001:diagnosis-workup',
      'DEMO-0002:consolidation',
      'DEMO-0003:washout',
      'DEMO-0004:monitoring',
      'DEMO-0005:discharge',
      'DEMO-0006:follow-up',
    ]);
    expect((await verifyAudit(s.database.db)).ok).toBe(true);
  });

  it('the day +4 patient has an open CRS grade 2 alert; the day +45 patient a late ICAHT one', async () => {
    const alerts = await s.database.db.selectFrom('alerts').select(['patient_id', 'kind', 'severity', 'detail']).where('status', '<>', 'resolved').execute();
    const day4 = await patientId('DEMO-0004');
    const crs = alerts.find((a) => a.patient_id === day4 && a.kind === 'crs-grade');
    expect(crs).toMatchObject({ severity: 'critical', detail: expect.objectContaining({ level: 2 }) as unknown });
    const day45 = await patientId('DEMO-0005');
    expect(alerts.filter((a) => a.patient_id === day45).map((a) => a.kind)).toContain('icaht-grade');
  });

  it('leaves no deadline of a step the history has passed open', async () => {
    const open = await s.database.db
      .selectFrom('tasks')
      .innerJoin('journey_steps', (join) => join.onRef('journey_steps.episode_id', '=', 'tasks.episode_id').onRef('journey_steps.step', '=', 'tasks.step'))
      .select(['tasks.code', 'tasks.step', 'tasks.due_at', 'journey_steps.status'])
      .where('tasks.status', '=', 'open')
      .where('tasks.due_at', '<', now)
      .execute();
    expect(open.filter((t) => t.status !== 'active')).toEqual([]);
    const closed = await s.database.db.selectFrom('tasks').select('id').where('status', '=', 'done').where('due_at', '<', now).execute();
    expect(closed.length).toBeGreaterThan(0);
  });

  it('loads only once', async () => {
    const before = await s.database.db.selectFrom('patients').select('id').execute();
    expect(await loadDemoData(s.ctx)).toMatchObject({ loaded: false });
    expect(await s.database.db.selectFrom('patients').select('id').execute()).toHaveLength(before.length);
  });
});
