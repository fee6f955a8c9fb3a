import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/trail.js';
import { hashRecord } from '../../src/auth/signatures.js';
import type { Role } from '../../src/auth/roles.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';
import { asCourse, asTasks, ELIGIBLE, firstIssue, issues, NOT_ELIGIBLE, patientWithTeam, stepView } from './fixtures.js';

let s: TestServer;
let clock = new Date('2026-03-01T09:00:00+08:00');
let patientId: string;
let episodeId: string;

beforeAll(async () => {
  s = await startTestServer({ now: () => clock });
  patientId = await patientWithTeam(s, clock, ['social-worker']);
});
afterAll(async () => s.close());

async function call(role: Role, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const headers = await s.auth(role);
  return s.app.inject({ method, url, headers: { ...headers, 'accept-language': 'en' }, ...(payload === undefined ? {} : { payload: payload as object }) });
}
const course = async () => asCourse(await call('physician', 'GET', `/api/v1/courses/${episodeId}`));
const auditCount = async () => Number((await s.database.asOwner<{ n: string }>('SELECT count(*) AS n FROM audit_log')).rows[0]!.n);
const signatureCount = async () => Number((await s.database.asOwner<{ n: string }>('SELECT count(*) AS n FROM signatures')).rows[0]!.n);

describe('a CAR-T course', () => {
  it('starts with referral active, the rest pending, and role tasks for referral', async () => {
    const res = await call('case-manager', 'POST', `/api/v1/patients/${patientId}/courses`, { kind: 'car-t-course', disease: 'B-ALL', startedAt: clock.toISOString() });
    expect(res.statusCode).toBe(201);
    const view = asCourse(res);
    episodeId = view.id;
    expect(view).toMatchObject({ kind: 'car-t-course', disease: 'B-ALL', status: 'active', activeStep: 'referral' });
    expect(view.steps).toHaveLength(13);
    expect(view.steps.filter((x) => x.status === 'pending')).toHaveLength(12);
    expect(view.tasks.map((t) => [t.code, t.role])).toEqual(
      expect.arrayContaining([
        ['role:case-manager', 'case-manager'],
        ['role:physician', 'physician'],
      ]),
    );
    const tasks = asTasks(await call('case-manager', 'GET', '/api/v1/tasks'));
    expect(tasks.map((t) => t.code)).toEqual(['role:case-manager']);
  });

  it('refuses a second active course of the same kind and an unknown disease', async () => {
    const again = await call('physician', 'POST', `/api/v1/patients/${patientId}/courses`, { kind: 'car-t-course', disease: 'B-ALL', startedAt: clock.toISOString() });
    expect(again.statusCode).toBe(409);
    expect(firstIssue(again)).toMatchObject({ path: 'kind', rule: 'journey.course-already-active' });
    const aml = await call('physician', 'POST', `/api/v1/patients/${patientId}/courses`, { kind: 'car-t-course', disease: 'AML', startedAt: clock.toISOString() });
    expect(aml.statusCode).toBe(400);
    expect(firstIssue(aml)).toMatchObject({ path: 'disease', rule: 'journey.disease-unknown' });
  });

  it('hides the course from a user who is not on the care team', async () => {
    expect((await call('social-worker', 'GET', `/api/v1/courses/${episodeId}`)).statusCode).toBe(404);
    expect((await call('social-worker', 'GET', `/api/v1/patients/${patientId}/courses`)).statusCode).toBe(404);
    expect(asTasks(await call('social-worker', 'GET', '/api/v1/tasks?role=case-manager'))).toEqual([]);
  });

  it('completing a step that is not active is 409', async () => {
    const res = await call('physician', 'POST', `/api/v1/courses/${episodeId}/steps/eligibility/complete`, { gateInput: ELIGIBLE, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(409);
    expect(firstIssue(res)).toMatchObject({ path: 'step', rule: 'journey.step-not-active' });
  });

  it('a step is completed by its owner (or a physician); referral has no gate', async () => {
    const byNurse = await call('nurse', 'POST', `/api/v1/courses/${episodeId}/steps/referral/complete`, {});
    expect(byNurse.statusCode).toBe(403);
    expect(firstIssue(byNurse)).toMatchObject({ rule: 'journey.not-step-owner' });
    const res = await call('case-manager', 'POST', `/api/v1/courses/${episodeId}/steps/referral/complete`, {});
    expect(res.statusCode).toBe(200);
    const view = asCourse(res);
    expect(view.activeStep).toBe('eligibility');
    expect(stepView(view, 'referral')).toMatchObject({ status: 'completed', gateResult: null, signatures: [] });
    const referralTasks = view.tasks.filter((t) => t.step === 'referral');
    expect(referralTasks.find((t) => t.role === 'case-manager')?.status).toBe('done');
    expect(referralTasks.find((t) => t.role === 'physician')?.status).toBe('cancelled');
    expect(view.tasks.filter((t) => t.step === 'eligibility' && t.status === 'open').map((t) => t.role)).toEqual(
      expect.arrayContaining(['physician', 'pharmacist', 'nurse', 'psychologist', 'social-worker', 'case-manager']),
    );
  });

  it('eligibility without its gate input is 400', async () => {
    const res = await call('physician', 'POST', `/api/v1/courses/${episodeId}/steps/eligibility/complete`, { password: TEST_PASSWORD });
    expect(res.statusCode).toBe(400);
    expect(firstIssue(res)).toMatchObject({ path: 'gateInput', rule: 'journey.gate-input-required' });
  });

  it('eligibility with a failing input is refused, naming each failing check', async () => {
    const res = await call('physician', 'POST', `/api/v1/courses/${episodeId}/steps/eligibility/complete`, { gateInput: NOT_ELIGIBLE, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: string }>().error).toBe('gate-closed');
    expect(issues(res)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'gate.verdict', rule: 'journey.gate.eligibility-verdict', message: expect.stringContaining('contraindicated') as string }),
        expect.objectContaining({ path: 'gateInput.activeBacterialOrFungalInfection', rule: 'eligibility.bacterial-fungal-active' }),
        expect.objectContaining({ path: 'gateInput.lvef', rule: 'eligibility.lvef-low' }),
      ]),
    );
    expect(stepView(await course(), 'eligibility').status).toBe('active');
  });

  it('an invalid gate input is 400 with paths inside gateInput', async () => {
    const res = await call('physician', 'POST', `/api/v1/courses/${episodeId}/steps/eligibility/complete`, { gateInput: { ...ELIGIBLE, ageYears: 'twenty' }, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(400);
    expect(firstIssue(res)?.path).toBe('gateInput.ageYears');
  });

  it('a passing input with a wrong password is 401 and changes nothing', async () => {
    const audits = await auditCount();
    const signatures = await signatureCount();
    const headers = await s.auth('physician');
    const before = await auditCount();
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/courses/${episodeId}/steps/eligibility/complete`,
      headers,
      payload: { gateInput: ELIGIBLE, password: 'not my password' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: string }>().error).toBe('signature-invalid');
    expect(await auditCount()).toBe(before);
    expect(await signatureCount()).toBe(signatures);
    expect(before).toBeGreaterThan(audits); // the login itself is audited
    const view = await course();
    expect(stepView(view, 'eligibility')).toMatchObject({ status: 'active', gateResult: null, signatures: [] });
    const missing = await call('physician', 'POST', `/api/v1/courses/${episodeId}/steps/eligibility/complete`, { gateInput: ELIGIBLE });
    expect(missing.statusCode).toBe(401);
    expect(firstIssue(missing)).toMatchObject({ path: 'password', rule: 'journey.password-required' });
  });

  it('with the right password it completes, signed and bound to the stored gate result', async () => {
    clock = new Date(clock.getTime() + 60 * 60_000);
    const res = await call('physician', 'POST', `/api/v1/courses/${episodeId}/steps/eligibility/complete`, { gateInput: ELIGIBLE, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const view = asCourse(res);
    expect(view.activeStep).toBe('washout');
    const step = stepView(view, 'eligibility');
    expect(step).toMatchObject({ status: 'completed', completedBy: s.users.physician });
    expect(step.gateResult).toMatchObject({ planner: 'eligibility', result: { status: 'assessed', value: { verdict: 'eligible' } }, settingsVersion: 1 });
    expect(step.signatures).toEqual([expect.objectContaining({ signerName: 'Test physician', signerRole: 'physician', meaning: 'eligibility-decision', signedAt: clock.toISOString() })]);
    const row = (
      await s.database.asOwner<{ record_hash: string; gate_result: unknown; signer_name: string; signer_role: string; meaning: string }>(
        `SELECT g.record_hash, j.gate_result, g.signer_name, g.signer_role, g.meaning FROM journey_steps j JOIN signatures g ON g.id = j.signature_id WHERE j.episode_id = $1 AND j.step = 'eligibility'`,
        [episodeId],
      )
    ).rows[0]!;
    expect(row).toMatchObject({ signer_name: 'Test physician', signer_role: 'physician', meaning: 'eligibility-decision' });
    expect(row.record_hash).toBe(hashRecord(row.gate_result));
  });

  it('override: reason required (400), physicians only (403), then signed with its reason', async () => {
    const noReason = await call('physician', 'POST', `/api/v1/courses/${episodeId}/steps/washout/override`, { password: TEST_PASSWORD });
    expect(noReason.statusCode).toBe(400);
    expect(firstIssue(noReason)).toMatchObject({ path: 'reason', rule: 'journey.override-reason-required' });
    const short = await call('physician', 'POST', `/api/v1/courses/${episodeId}/steps/washout/override`, { reason: 'because', password: TEST_PASSWORD });
    expect(short.statusCode).toBe(400);
    const byNurse = await call('nurse', 'POST', `/api/v1/courses/${episodeId}/steps/washout/override`, { reason: 'no prior therapy to wash out', password: TEST_PASSWORD });
    expect(byNurse.statusCode).toBe(403);
    const wrong = await call('physician', 'POST', `/api/v1/courses/${episodeId}/steps/washout/override`, { reason: 'no prior therapy to wash out', password: 'nope' });
    expect(wrong.statusCode).toBe(401);
    const res = await call('physician', 'POST', `/api/v1/courses/${episodeId}/steps/washout/override`, { reason: 'no prior therapy to wash out', password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const view = asCourse(res);
    expect(view.activeStep).toBe('leukapheresis');
    expect(stepView(view, 'washout')).toMatchObject({ status: 'overridden', overrideReason: 'no prior therapy to wash out' });
    expect(stepView(view, 'washout').signatures).toEqual([expect.objectContaining({ signerRole: 'physician', meaning: 'override' })]);
  });

  it('every change is audited and the trail verifies', async () => {
    const rows = (await s.database.asOwner<{ entity_type: string; action: string }>(`SELECT DISTINCT entity_type, action FROM audit_log WHERE patient_id = $1`, [patientId])).rows;
    const pairs = rows.map((r) => `${r.entity_type}:${r.action}`);
    expect(pairs).toEqual(
      expect.arrayContaining(['episode:create', 'journey-step:complete', 'journey-step:activate', 'journey-step:override', 'task:create', 'task:complete', 'task:cancel', 'signature:sign']),
    );
    const override = (await s.database.asOwner<{ reason: string }>(`SELECT reason FROM audit_log WHERE entity_type = 'journey-step' AND action = 'override'`)).rows[0]!;
    expect(override.reason).toBe('no prior therapy to wash out');
    expect((await verifyAudit(s.database.db)).ok).toBe(true);
  });
});
