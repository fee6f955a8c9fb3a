import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/trail.js';
import type { Role } from '../../src/auth/roles.js';
import { completeStep, overrideStep, recordAnchors, startCourse } from '../../src/journey/engine.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';
import { ALL_PATHWAY_PH_NEGATIVE, ALL_PATHWAY_PH_PENDING, asCourse, firstIssue, issues, MRD_NEGATIVE, patientWithTeam, stepView, taskByCode, WORKUP_DONE } from './fixtures.js';

let s: TestServer;
const clock = new Date('2026-03-04T10:00:00+08:00');
let patientId: string;
let episodeId: string;

beforeAll(async () => {
  s = await startTestServer({ now: () => clock });
  patientId = await patientWithTeam(s, clock);
});
afterAll(async () => s.close());

async function call(role: Role, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const headers = await s.auth(role);
  return s.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}
const complete = (role: Role, step: string, body: Record<string, unknown> = {}) => call(role, 'POST', `/api/v1/courses/${episodeId}/steps/${step}/complete`, body);

describe('a leukemia course (ALL)', () => {
  it('starts at the diagnostic workup', async () => {
    const res = await call('physician', 'POST', `/api/v1/patients/${patientId}/courses`, { kind: 'leukemia-course', disease: 'ALL', startedAt: clock.toISOString() });
    expect(res.statusCode).toBe(201);
    const view = asCourse(res);
    episodeId = view.id;
    expect(view.steps.map((x) => x.step)).toEqual([
      'diagnosis-workup',
      'risk-classification',
      'induction',
      'response-assessment',
      'consolidation',
      'transplant-decision',
      'follow-up',
    ]);
    expect(view.steps.map((x) => x.gate)).toEqual(['leukemia-workup', 'all-pathway', null, 'mrd', null, 'all-pathway', null]);
    expect(view.activeStep).toBe('diagnosis-workup');
  });

  it('the team decision is due 72 h after the confirmed diagnosis, at the end of the Taipei day', async () => {
    const view = asCourse(await call('physician', 'POST', `/api/v1/courses/${episodeId}/anchors`, { anchor: 'diagnosis-confirmed', at: '2026-03-04T10:00:00+08:00' }));
    const task = taskByCode(view, 'deadline:team-decision-within');
    expect(task).toMatchObject({ role: 'physician', dueAt: '2026-03-07T16:00:00.000Z' });
  });

  it('walks its steps, each gate reading its planner', async () => {
    const workup = await complete('physician', 'diagnosis-workup', { gateInput: { ...WORKUP_DONE, teamDecisionOn: undefined } });
    expect(workup.statusCode).toBe(409);
    expect(issues(workup)).toEqual([expect.objectContaining({ path: 'gate.teamDecision', rule: 'journey.gate.team-decision' })]);
    expect(asCourse(await complete('physician', 'diagnosis-workup', { gateInput: WORKUP_DONE })).activeStep).toBe('risk-classification');

    const pending = await complete('physician', 'risk-classification', { gateInput: ALL_PATHWAY_PH_PENDING });
    expect(pending.statusCode).toBe(409);
    expect(firstIssue(pending)).toMatchObject({ rule: 'journey.gate.ph-pending' });
    expect(asCourse(await complete('physician', 'risk-classification', { gateInput: ALL_PATHWAY_PH_NEGATIVE })).activeStep).toBe('induction');

    expect(asCourse(await complete('physician', 'induction')).activeStep).toBe('response-assessment');
    const mrd = asCourse(await complete('physician', 'response-assessment', { gateInput: MRD_NEGATIVE }));
    expect(mrd.activeStep).toBe('consolidation');
    expect(stepView(mrd, 'response-assessment').gateResult).toMatchObject({ planner: 'mrd', result: { status: 'assessed', value: { disease: 'ALL' } } });
    expect(asCourse(await complete('physician', 'consolidation')).activeStep).toBe('transplant-decision');

    // The transplant decision is signed by the physician.
    expect((await complete('physician', 'transplant-decision', { gateInput: ALL_PATHWAY_PH_NEGATIVE })).statusCode).toBe(401);
    const decided = asCourse(await complete('physician', 'transplant-decision', { gateInput: ALL_PATHWAY_PH_NEGATIVE, password: TEST_PASSWORD }));
    expect(decided.activeStep).toBe('follow-up');
    expect(stepView(decided, 'transplant-decision').signatures).toEqual([
      expect.objectContaining({ signerRole: 'physician', meaning: 'step-completion' }),
    ]);

    const ended = asCourse(await complete('case-manager', 'follow-up'));
    expect(ended).toMatchObject({ status: 'completed', activeStep: null });
    expect(ended.endedAt).toBe(clock.toISOString());
    expect(ended.steps.every((x) => x.status === 'completed')).toBe(true);
  });

  it('an ended course takes no more anchors', async () => {
    const res = await call('physician', 'POST', `/api/v1/courses/${episodeId}/anchors`, { anchor: 'induction-start', at: clock.toISOString() });
    expect(res.statusCode).toBe(409);
    expect(firstIssue(res)).toMatchObject({ rule: 'journey.course-not-active' });
  });

  it('the engine functions work in the caller’s transaction (as the demo loader calls them)', async () => {
    const other = await patientWithTeam(s, clock, [], 'MRN-0002');
    const physician = { id: s.users.physician, username: 'physician', displayName: 'Test physician', role: 'physician' as const };
    const { episodeId: id } = await s.database.db.transaction().execute((tx) =>
      startCourse(s.ctx, tx, { id: physician.id, name: physician.displayName }, { patientId: other, kind: 'leukemia-course', disease: 'AML', startedAt: clock }, clock),
    );
    await s.database.db.transaction().execute(async (tx) => {
      await recordAnchors(s.ctx, tx, { id: physician.id, name: physician.displayName }, { episodeId: id, anchors: [{ anchor: 'induction-start', at: clock }] }, clock);
      await overrideStep(s.ctx, tx, physician, { episodeId: id, step: 'diagnosis-workup', reason: 'workup done at the referring hospital', password: TEST_PASSWORD }, clock);
      const eln = { cytogenetics: {}, molecular: {} };
      await expect(completeStep(s.ctx, tx, physician, { episodeId: id, step: 'induction', gateInput: eln }, clock)).rejects.toMatchObject({ code: 'conflict' });
    });
    const view = asCourse(await call('physician', 'GET', `/api/v1/courses/${id}`));
    expect(view.steps.map((x) => x.gate)).toEqual(['leukemia-workup', 'eln2022', null, 'mrd', null, 'aml-first-line', null]);
    expect(view.activeStep).toBe('risk-classification');
    // AML: induction lasts about 4-6 weeks; no ALL maintenance deadline.
    expect(taskByCode(view, 'deadline:induction-weeks').dueAt).toBe('2026-04-15T16:00:00.000Z');
    expect(view.deadlines.some((d) => d.rule === 'leukemia-course.maintenance-years')).toBe(false);
    expect((await verifyAudit(s.database.db)).ok).toBe(true);
  });
});
