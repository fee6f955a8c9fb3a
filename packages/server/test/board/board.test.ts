import { InstitutionSettingsSchema } from '@cartographer/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePatient } from '../../src/alerts/evaluate.js';
import { loadDemoData } from '../../src/demo/load.js';
import { DEMO_IDENTIFIER_SYSTEM, DEMO_PASSWORD } from '../../src/demo/people.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The bedside read models on the demo ward: the board of the day +4 patient with CRS grade 2,
 * the patient sheet, the alert with its criteria, and who may see and acknowledge what.
 */

interface Alert {
  id: string;
  patientId: string;
  kind: string;
  severity: string;
  status: string;
  text: string;
  raisedAt: string;
  detail: { level?: number };
  acknowledgedBy: { displayName: string } | null;
}
interface BoardRow {
  patient: { id: string; name: string; identifiers: { value: string }[] };
  highestSeverity: string | null;
  alerts: Alert[];
  grades: { instrument: string; name: string; summary: string; status: string }[];
  course: { kind: string; day: number | null; dayZero: string | null; activeStep: { step: string; title: string } | null; nextDeadline: { text: string; dueAt: string } | null } | null;
}
interface Board {
  timeZone: string;
  viewer: { canAcknowledge: boolean };
  rows: BoardRow[];
}
interface Basis {
  rule: string;
  text: string;
  observed: unknown;
  citations: unknown[];
}
interface Sheet {
  patient: { id: string; identifiers: unknown[] };
  alerts: Alert[];
  courses: { day: number | null; steps: { step: string; title: string; status: string; deadlines: { text: string }[] }[]; openTasks: { text: string; role: string }[] }[];
  observations: { code: string; category: string; effectiveAt: string }[];
  assessments: { instrument: string; rendered: { summary: string; basis: Basis[]; citations: unknown[] } | null }[];
}
interface AlertSheet {
  viewer: { canAcknowledge: boolean };
  alert: Alert;
  patient: { identifiers: { value: string }[] };
  criteria: Basis[];
  escalatesAt: string | null;
  assessment: { instrument: string } | null;
}

let s: TestServer;
const now = new Date('2026-11-21T10:00:00+08:00');
const sessions = new Map<string, string>();

// Loading the demo ward runs the alert engine over every event: longer than the default hook time on a busy machine.
beforeAll(async () => {
  s = await startTestServer({ now: () => now, onPatientDataChanged: evaluatePatient });
  await loadDemoData(s.ctx);
}, 60_000);
afterAll(async () => s.close());

/** A bearer header for a demo user (on every demo patient's care team, except the administrator). */
async function as(username: string): Promise<{ authorization: string }> {
  let token = sessions.get(username);
  if (token === undefined) {
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password: DEMO_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    token = res.json<{ token: string }>().token;
    sessions.set(username, token);
  }
  return { authorization: `Bearer ${token}` };
}

async function get<T>(url: string, username: string): Promise<{ status: number; body: T }> {
  const res = await s.app.inject({ method: 'GET', url, headers: username === '' ? {} : await as(username) });
  return { status: res.statusCode, body: res.json<T>() };
}

async function demoPatient(mrn: string): Promise<string> {
  const row = await s.database.db.selectFrom('patient_identifiers').select('patient_id').where('system', '=', DEMO_IDENTIFIER_SYSTEM).where('value', '=', mrn).executeTakeFirstOrThrow();
  return row.patient_id;
}

const mrnOf = (row: BoardRow) => row.patient.identifiers.find((i) => i.value.startsWith('DEMO-'))?.value;

describe('GET /api/v1/board', () => {
  it('lists the nurse\'s patients, the day +4 patient with its critical CRS alert first', async () => {
    const { status, body } = await get<Board>('/api/v1/board?lang=en', 'nurse.lin');
    expect(status).toBe(200);
    expect(body.timeZone).toBe('Asia/Taipei');
    expect(body.viewer.canAcknowledge).toBe(true);
    expect(body.rows).toHaveLength(6);
    const first = body.rows[0];
    expect(first && mrnOf(first)).toBe('DEMO-0004');
    expect(first?.highestSeverity).toBe('critical');
    expect(first?.alerts[0]).toMatchObject({ kind: 'crs-grade', severity: 'critical', status: 'open', text: 'CRS grade 2 (ASTCT)' });
    expect(first?.course).toMatchObject({ kind: 'car-t-course', day: 4, dayZero: '2026-11-17', activeStep: { step: 'monitoring', title: 'Day 0-30 monitoring' } });
    expect(first?.grades.map((g) => g.instrument)).toEqual(expect.arrayContaining(['crs']));
    expect(first?.grades.find((g) => g.instrument === 'crs')).toMatchObject({ name: 'CRS', status: 'assessed', summary: expect.stringMatching(/2/) as unknown });
    expect(first?.grades.map((g) => g.name)).toEqual(['CRS', 'ICANS', 'IEC-HS', 'ICAHT'].filter((n) => first?.grades.some((g) => g.name === n)));
  });

  it('orders the rows: unacknowledged critical alerts, then the most severe live alert, then the rest', async () => {
    const { body } = await get<Board>('/api/v1/board', 'nurse.lin');
    const rank = (row: BoardRow) => (row.alerts.some((a) => a.severity === 'critical' && a.status === 'open') ? 3 : ['info', 'warning', 'critical'].indexOf(row.highestSeverity ?? '') / 3);
    const ranks = body.rows.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    // Patients without a course day: before the infusion date is known, or not a CAR-T course.
    const washout = body.rows.find((r) => mrnOf(r) === 'DEMO-0003');
    expect(washout?.course).toMatchObject({ kind: 'car-t-course', day: null, dayZero: null, activeStep: { step: 'washout' } });
    const day45 = body.rows.find((r) => mrnOf(r) === 'DEMO-0005');
    expect(day45?.course?.day).toBe(45);
  });

  it('gives the texts in zh-TW by default', async () => {
    const { body } = await get<Board>('/api/v1/board', 'nurse.lin');
    expect(body.rows[0]?.alerts[0]?.text).toBe('CRS 第 2 級（ASTCT）');
    expect(body.rows[0]?.course?.activeStep?.title).toBe('第 0-30 天監測');
  });

  it('tells a social worker that acknowledging is not theirs, and shows nothing to a user on no care team', async () => {
    expect((await get<Board>('/api/v1/board', 'sw.tsai')).body.viewer.canAcknowledge).toBe(false);
    const outsider = await s.app.inject({ method: 'GET', url: '/api/v1/board', headers: await s.auth('nurse') });
    expect(outsider.statusCode).toBe(200);
    expect(outsider.json<Board>().rows).toEqual([]);
  });

  it('refuses the administrator (403) and an anonymous caller (401)', async () => {
    expect((await get('/api/v1/board', 'admin')).status).toBe(403);
    expect((await get('/api/v1/board', '')).status).toBe(401);
  });
});

describe('GET /api/v1/board/patients/:patientId', () => {
  it('gives the day +4 patient\'s identifiers, journey, observations, alerts and explained assessments', async () => {
    const id = await demoPatient('DEMO-0004');
    const { status, body } = await get<Sheet>(`/api/v1/board/patients/${id}?lang=en`, 'nurse.lin');
    expect(status).toBe(200);
    expect(body.patient.identifiers).toHaveLength(2);
    expect(body.alerts[0]).toMatchObject({ kind: 'crs-grade', severity: 'critical' });
    const course = body.courses[0];
    expect(course?.day).toBe(4);
    expect(course?.steps.map((st) => st.step)).toEqual(expect.arrayContaining(['eligibility', 'thaw-and-infusion', 'monitoring', 'discharge']));
    expect(course?.steps.find((st) => st.step === 'monitoring')).toMatchObject({ title: 'Day 0-30 monitoring', status: 'active' });
    expect(course?.steps.flatMap((st) => st.deadlines).every((d) => d.text.length > 0 && !d.text.startsWith('car-t-course.'))).toBe(true);
    expect(course?.openTasks.length).toBeGreaterThan(0);
    expect([...new Set(body.observations.map((o) => o.category))]).toEqual(expect.arrayContaining(['vital-signs', 'laboratory']));
    const times = body.observations.map((o) => Date.parse(o.effectiveAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times.every((t) => t >= now.getTime() - 72 * 3_600_000)).toBe(true);
    const crs = body.assessments.find((a) => a.instrument === 'crs');
    expect(crs?.rendered?.basis.length).toBeGreaterThan(0);
    expect(crs?.rendered?.citations.length).toBeGreaterThan(0);
  });

  it('answers every demo patient in both languages', async () => {
    const { body } = await get<Board>('/api/v1/board', 'dr.chen');
    for (const row of body.rows) {
      for (const lang of ['zh-TW', 'en']) {
        const res = await get<Sheet>(`/api/v1/board/patients/${row.patient.id}?lang=${lang}&hours=720`, 'dr.chen');
        expect(res.status, `${row.patient.name} ${lang}`).toBe(200);
      }
    }
  });

  it('hides a patient outside the care team (404) and names the rule of a bad hours value', async () => {
    const id = await demoPatient('DEMO-0004');
    const outsider = await s.app.inject({ method: 'GET', url: `/api/v1/board/patients/${id}`, headers: await s.auth('nurse') });
    expect(outsider.statusCode).toBe(404);
    for (const hours of [0, 721]) {
      const res = await get<{ error: string; issues: { path: string }[] }>(`/api/v1/board/patients/${id}?hours=${hours}`, 'nurse.lin');
      expect(res.status).toBe(400);
      expect(res.body.issues[0]?.path).toBe('hours');
    }
    expect((await get(`/api/v1/board/patients/${id}?hours=720`, 'nurse.lin')).status).toBe(200);
  });
});

describe('GET /api/v1/board/alerts/:alertId', () => {
  async function crsAlert(): Promise<Alert> {
    const { body } = await get<Board>('/api/v1/board', 'nurse.lin');
    const alert = body.rows.flatMap((r) => r.alerts).find((a) => a.kind === 'crs-grade');
    if (!alert) throw new Error('the demo ward has a CRS alert');
    return alert;
  }

  it('explains the CRS alert with the criteria that fired and when it escalates', async () => {
    const alert = await crsAlert();
    const { status, body } = await get<AlertSheet>(`/api/v1/board/alerts/${alert.id}?lang=en`, 'nurse.lin');
    expect(status).toBe(200);
    expect(body.viewer.canAcknowledge).toBe(true);
    expect(body.alert).toMatchObject({ id: alert.id, kind: 'crs-grade', detail: { level: 2 } });
    expect(body.assessment?.instrument).toBe('crs');
    expect(body.criteria.length).toBeGreaterThan(0);
    expect(body.criteria.every((c) => c.text.length > 0 && !c.text.startsWith('crs.'))).toBe(true);
    const minutes = InstitutionSettingsSchema.parse({}).criticalAlertEscalationMinutes;
    expect(body.escalatesAt).toBe(new Date(Date.parse(alert.raisedAt) + minutes * 60_000).toISOString());
    expect(body.patient.identifiers.map((i) => i.value)).toContain('DEMO-0004');
  });

  it('lets the social worker read it without the right to acknowledge; hides it from others', async () => {
    const alert = await crsAlert();
    expect((await get<AlertSheet>(`/api/v1/board/alerts/${alert.id}`, 'sw.tsai')).body.viewer.canAcknowledge).toBe(false);
    const outsider = await s.app.inject({ method: 'GET', url: `/api/v1/board/alerts/${alert.id}`, headers: await s.auth('nurse') });
    expect(outsider.statusCode).toBe(404);
    expect((await get(`/api/v1/board/alerts/not-a-uuid`, 'nurse.lin')).status).toBe(404);
    expect((await get(`/api/v1/board/alerts/00000000-0000-4000-8000-00000000dead`, 'nurse.lin')).status).toBe(404);
  });

  it('shows the acknowledgement: by whom, and no escalation time left', async () => {
    const alert = await crsAlert();
    const ack = await s.app.inject({ method: 'POST', url: `/api/v1/alerts/${alert.id}/acknowledge`, headers: await as('nurse.lin') });
    expect(ack.statusCode, ack.body).toBe(200);
    const { body } = await get<AlertSheet>(`/api/v1/board/alerts/${alert.id}`, 'nurse.lin');
    expect(body.alert.status).toBe('acknowledged');
    expect(body.alert.acknowledgedBy?.displayName).toBe('林護理師 Nurse Lin');
    expect(body.escalatesAt).toBeNull();
    const board = await get<Board>('/api/v1/board', 'nurse.lin');
    const row = board.body.rows.find((r) => r.alerts.some((a) => a.id === alert.id));
    expect(row?.alerts.find((a) => a.id === alert.id)?.status).toBe('acknowledged');
  });
});
