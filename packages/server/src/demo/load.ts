import type { CarTCourseStepId } from '@cartographer/core';
import type { Actor } from '../audit/trail.js';
import type { SessionUser } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { loadDemoChain } from '../custody/demo.js';
import type { Tx } from '../db/connect.js';
import { createPatient } from '../domain/patients.js';
import { recordAdministration, recordObservation } from '../domain/record.js';
import { addToCareTeam, createUser } from '../domain/users.js';
import { overrideStep, recordAnchors, startCourse } from '../journey/engine.js';
import { completeTask } from '../journey/tasks.js';
import { DEMO_IDENTIFIER_SYSTEM, DEMO_PASSWORD, DEMO_PATIENTS, DEMO_USERS, type DemoPatient, type DemoStage } from './people.js';
import { demoAdministrations, demoObservations, INFUSION_HOURS_AGO } from './series.js';

const HOUR = 3_600_000;
const LOADER: Actor = { id: null, name: 'demo-loader' };

/** Where each demo patient's course stands: its kind, disease and the step that is active now. */
const COURSES: Record<DemoStage, { kind: 'car-t-course' | 'leukemia-course'; disease: string; activeStep: string; startedDaysAgo: number; details?: Record<string, unknown> }> = {
  'aml-new': { kind: 'leukemia-course', disease: 'AML', activeStep: 'diagnosis-workup', startedDaysAgo: 1 },
  'all-consolidation': { kind: 'leukemia-course', disease: 'ALL', activeStep: 'consolidation', startedDaysAgo: 120 },
  'child-washout': { kind: 'car-t-course', disease: 'B-ALL', activeStep: 'washout' satisfies CarTCourseStepId, startedDaysAgo: 14 },
  'day-4-crs': {
    kind: 'car-t-course',
    disease: 'B-ALL',
    activeStep: 'monitoring' satisfies CarTCourseStepId,
    startedDaysAgo: 60,
    // The patient's ferritin before LDC (IEC-HS, Table 9: more than twice the baseline).
    details: { baseline: { ferritin: 480 } },
  },
  'day-45-icaht': { kind: 'car-t-course', disease: 'LBCL', activeStep: 'discharge' satisfies CarTCourseStepId, startedDaysAgo: 100 },
  'year-3-follow-up': { kind: 'car-t-course', disease: 'LBCL', activeStep: 'follow-up' satisfies CarTCourseStepId, startedDaysAgo: 3 * 365 + 90 },
};

// Steps before the demo's present are recorded as overrides with this reason: they happened
// before the system held the record, which is also how a real program brings in its patients.
const HISTORY_REASON = 'Demo history: completed before this record was kept in cartographer.';

function birthDate(now: Date, ageYears: number): string {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - ageYears);
  d.setUTCMonth(d.getUTCMonth() - 2);
  return d.toISOString().slice(0, 10);
}

export interface DemoSummary {
  readonly loaded: boolean;
  readonly users: readonly { username: string; role: string }[];
  readonly password: string;
  readonly patients: number;
}

/**
 * Loads the synthetic patients and users, once: a database that already holds the demo
 * identifiers is left alone. Everything goes through the same functions as real data
 * (audited, evaluated by the alert engine), in one transaction.
 */
export async function loadDemoData(ctx: ServerContext): Promise<DemoSummary> {
  const summary = { users: DEMO_USERS.map((u) => ({ username: u.username, role: u.role })), password: DEMO_PASSWORD, patients: DEMO_PATIENTS.length };
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const present = await tx.selectFrom('patient_identifiers').select('patient_id').where('system', '=', DEMO_IDENTIFIER_SYSTEM).limit(1).executeTakeFirst();
    if (present) return { ...summary, loaded: false };
    const users: SessionUser[] = [];
    for (const u of DEMO_USERS) {
      const existing = await tx.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
      const id = existing?.id ?? (await createUser(tx, LOADER, { username: u.username, displayName: u.displayName, role: u.role, password: DEMO_PASSWORD }, now)).id;
      users.push({ id, username: u.username, displayName: u.displayName, role: u.role });
    }
    const physician = users.find((u) => u.role === 'physician');
    if (!physician) throw new Error('the demo users include a physician');
    for (const demo of DEMO_PATIENTS) await loadPatient(ctx, tx, demo, users, physician, now);
    return { ...summary, loaded: true };
  });
}

async function loadPatient(ctx: ServerContext, tx: Tx, demo: DemoPatient, users: readonly SessionUser[], physician: SessionUser, now: Date): Promise<void> {
  const { row } = await createPatient(tx, LOADER, { ...demo.patient, birthDate: birthDate(now, demo.ageYears) }, now);
  for (const user of users) if (user.role !== 'administrator') await addToCareTeam(tx, LOADER, row.id, user.id, now);

  const course = COURSES[demo.stage];
  const infusionHoursAgo = INFUSION_HOURS_AGO[demo.stage];
  const infusionAt = infusionHoursAgo === undefined ? null : new Date(now.getTime() - infusionHoursAgo * HOUR);
  const startedAt = new Date(now.getTime() - course.startedDaysAgo * 24 * HOUR);
  const details = { weightKg: demo.weightKg, ageYears: demo.ageYears, ...course.details, ...(infusionAt ? { infusionAt: infusionAt.toISOString() } : {}) };
  const { episodeId } = await startCourse(ctx, tx, LOADER, { patientId: row.id, kind: course.kind, disease: course.disease, startedAt, details }, startedAt);

  for (;;) {
    const active = await tx.selectFrom('journey_steps').select('step').where('episode_id', '=', episodeId).where('status', '=', 'active').executeTakeFirst();
    if (!active || active.step === course.activeStep) break;
    await overrideStep(ctx, tx, physician, { episodeId, step: active.step, reason: HISTORY_REASON, password: DEMO_PASSWORD }, now);
  }
  if (infusionAt) {
    const infusionEnd = new Date(infusionAt.getTime() + 20 * 60_000);
    await recordAnchors(ctx, tx, LOADER, { episodeId, anchors: [{ anchor: 'infusion-start', at: infusionAt }] }, infusionAt);
    await recordAnchors(ctx, tx, LOADER, { episodeId, anchors: [{ anchor: 'infusion-end', at: infusionEnd }] }, infusionEnd);
  }
  await loadDemoChain(ctx, tx, LOADER, { stage: demo.stage, patientId: row.id, episodeId, users, infusionAt });

  const events = [
    ...demoObservations(demo.stage).map((o) => ({ at: o.atHours, run: (at: Date) => recordObservation(ctx, tx, LOADER, { patientId: row.id, episodeId, code: o.code, value: o.value, effectiveAt: at, source: 'demo', referenceRange: o.referenceRange ?? null }, at) })),
    ...demoAdministrations(demo.stage).map((a) => ({
      at: a.atHours,
      run: (at: Date) => recordAdministration(ctx, tx, LOADER, { patientId: row.id, episodeId, drug: a.drug, dose: a.dose, route: a.route, administeredAt: at, source: 'demo' }, at),
    })),
  ].sort((a, b) => a.at - b.at);
  // Recorded in time order, each evaluated at its own time, so the alerts are those the ward would have seen.
  for (const event of events) await event.run(new Date(now.getTime() + event.at * HOUR));

  // Deadlines of the steps the demo's history has passed were met then: their role closes them,
  // so the board shows what is due now, not a history that was kept elsewhere.
  const past = await tx
    .selectFrom('tasks')
    .select(['id', 'role'])
    .where('episode_id', '=', episodeId)
    .where('status', '=', 'open')
    .where('step', '<>', course.activeStep)
    .where('due_at', '<', now)
    .execute();
  for (const task of past) {
    const user = users.find((u) => u.role === task.role);
    if (user) await completeTask(ctx, tx, user, task.id, now);
  }
  await ctx.onPatientDataChanged(tx, row.id, LOADER, now);
}

