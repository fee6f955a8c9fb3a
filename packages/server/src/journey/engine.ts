import { randomUUID } from 'node:crypto';
import { DEFAULT_LANG, type Lang } from '@cartographer/core';
import { appendAudit, type Actor } from '../audit/trail.js';
import type { SessionUser } from '../auth/sessions.js';
import { signRecord, type Signature, type SignatureMeaning } from '../auth/signatures.js';
import { currentSettings, type ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { ApiError, invalid } from '../errors.js';
import { closeTasksTheCustodyRecordShows, type ClosedTasks } from './custody-tasks.js';
import { syncDeadlineTasks } from './deadlines.js';
import { COURSE_DISEASES, courseDefinition, isCourseKind, stepOf, type CourseDef, type CourseKind, type StepDef } from './definitions.js';
import { evaluateGate } from './gates.js';
import { closeStepTasks, openStepTasks } from './tasks.js';
import './text.js';

/**
 * The journey engine: each course is a state machine of steps. Exactly one step is active;
 * it completes only when its gating planner says the patient is ready (or a physician
 * overrides it, signed, with a reason), critical steps are signed electronically, and the
 * next step then becomes active with its role tasks. Every function works in the caller's
 * transaction and audits every change, so a refusal leaves nothing half-written.
 */

export interface StartCourseInput {
  readonly patientId: string;
  readonly kind: CourseKind;
  readonly disease: string;
  readonly startedAt: Date;
  readonly details?: Record<string, unknown>;
}

export interface CompleteStepInput {
  readonly episodeId: string;
  readonly step: string;
  readonly gateInput?: unknown;
  readonly password?: string;
  /** Language of the gate's texts (stored with its result) and of refusals; zh-TW by default. */
  readonly lang?: Lang;
}

export interface OverrideStepInput {
  readonly episodeId: string;
  readonly step: string;
  readonly reason: string;
  readonly password: string;
}

export interface StepOutcome {
  readonly step: string;
  readonly status: 'completed' | 'overridden';
  readonly next: string | null;
  readonly signatureId: string | null;
}

/** An override must say why in words, not a token; 10 characters is a short sentence. */
export const OVERRIDE_REASON_MIN_LENGTH = 10;

const actorOf = (user: SessionUser): Actor => ({ id: user.id, name: user.displayName });
/** jsonb keeps JSON only: what is signed is exactly what is stored and read back. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;
export const stepRecordId = (episodeId: string, step: string) => `${episodeId}/${step}`;

export async function startCourse(ctx: ServerContext, tx: Tx, actor: Actor, input: StartCourseInput, now: Date): Promise<{ episodeId: string }> {
  if (!isCourseKind(input.kind)) throw invalid('kind', 'journey.kind-unknown', { kind: String(input.kind) });
  const allowed = COURSE_DISEASES[input.kind];
  if (!allowed.includes(input.disease)) throw invalid('disease', 'journey.disease-unknown', { disease: input.disease, kind: input.kind, allowed: allowed.join(', ') });
  // The patient row is the lock that keeps two courses of one kind from starting at once.
  const patient = await tx.selectFrom('patients').select('id').where('id', '=', input.patientId).forUpdate().executeTakeFirst();
  if (!patient) throw new ApiError('not-found');
  const active = await tx.selectFrom('episodes').select('id').where('patient_id', '=', input.patientId).where('kind', '=', input.kind).where('status', '=', 'active').executeTakeFirst();
  if (active) throw new ApiError('conflict', { issues: [{ path: 'kind', rule: 'journey.course-already-active', params: { kind: input.kind } }] });

  const def = courseDefinition(input.kind, input.disease);
  const episode = await tx
    .insertInto('episodes')
    .values({
      id: randomUUID(),
      patient_id: input.patientId,
      kind: input.kind,
      status: 'active',
      disease: input.disease,
      details: JSON.stringify({ ...(input.details ?? {}), definitionVersion: def.version }),
      started_at: input.startedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const steps = await tx
    .insertInto('journey_steps')
    .values(
      def.steps.map((s, i) => ({
        episode_id: episode.id,
        step: s.id,
        position: s.position,
        status: i === 0 ? 'active' : 'pending',
        owner_role: s.owner,
        gate: s.gate,
        started_at: i === 0 ? input.startedAt : null,
      })),
    )
    .returningAll()
    .execute();
  await appendAudit(tx, actor, { action: 'create', entityType: 'episode', entityId: episode.id, patientId: episode.patient_id, after: { episode, steps } }, now);
  await openStepTasks(tx, actor, episode, def.steps[0]!, now);
  await ctx.onPatientDataChanged(tx, episode.patient_id, actor, now);
  return { episodeId: episode.id };
}

interface Locked {
  readonly episode: Row<'episodes'>;
  readonly def: CourseDef;
}

/** The episode, locked for the rest of the transaction so that step changes happen one at a time. */
async function lockEpisode(tx: Tx, episodeId: string): Promise<Locked> {
  const episode = await tx.selectFrom('episodes').selectAll().where('id', '=', episodeId).forUpdate().executeTakeFirst();
  if (!episode || !isCourseKind(episode.kind)) throw new ApiError('not-found');
  return { episode, def: courseDefinition(episode.kind, episode.disease) };
}

function assertActive(episode: Row<'episodes'>): void {
  if (episode.status !== 'active') throw new ApiError('conflict', { issues: [{ path: 'episodeId', rule: 'journey.course-not-active' }] });
}

/**
 * Records anchors of one course (a correction moves the due dates of their open deadline tasks),
 * then closes the tasks the course's custody record already shows done: a task an anchor opens
 * may be about a custody step recorded before it (LDC end charted after the infusion).
 * `source` says where the anchors came from, for the audit of the tasks closed that way.
 */
export async function recordAnchors(
  ctx: ServerContext,
  tx: Tx,
  actor: Actor,
  input: { readonly episodeId: string; readonly anchors: readonly { readonly anchor: string; readonly at: Date }[]; readonly source?: string },
  now: Date,
): Promise<{ tasks: Row<'tasks'>[]; closedByCustody: ClosedTasks }> {
  const { episode, def } = await lockEpisode(tx, input.episodeId);
  assertActive(episode);
  const { settings } = await currentSettings(tx);
  const tasks: Row<'tasks'>[] = [];
  for (const { anchor, at } of input.anchors) {
    if (!def.anchors.includes(anchor)) throw invalid('anchor', 'journey.anchor-unknown', { anchor });
    const before = await tx.selectFrom('journey_anchors').selectAll().where('episode_id', '=', episode.id).where('anchor', '=', anchor).executeTakeFirst();
    if (before?.at.getTime() !== at.getTime()) {
      const after = await tx
        .insertInto('journey_anchors')
        .values({ episode_id: episode.id, anchor, at, recorded_by: actor.id, recorded_at: now })
        .onConflict((oc) => oc.columns(['episode_id', 'anchor']).doUpdateSet({ at, recorded_by: actor.id, recorded_at: now }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(
        tx,
        actor,
        { action: before ? 'update' : 'create', entityType: 'journey-anchor', entityId: `${episode.id}/${anchor}`, patientId: episode.patient_id, before: before ?? null, after },
        now,
      );
    }
    tasks.push(...(await syncDeadlineTasks(tx, actor, episode, def, anchor, at, settings.timeZone, now)));
  }
  const source = input.source ?? `anchor ${input.anchors.map((a) => a.anchor).join(', ')} recorded`;
  const closedByCustody = await closeTasksTheCustodyRecordShows(tx, actor, episode, source, now);
  await ctx.onPatientDataChanged(tx, episode.patient_id, actor, now);
  return { tasks, closedByCustody };
}

async function activeStep(tx: Tx, locked: Locked, step: string): Promise<{ def: StepDef; row: Row<'journey_steps'> }> {
  const def = stepOf(locked.def, step);
  if (!def) throw invalid('step', 'journey.step-unknown', { step });
  const row = await tx.selectFrom('journey_steps').selectAll().where('episode_id', '=', locked.episode.id).where('step', '=', step).forUpdate().executeTakeFirstOrThrow();
  if (row.status !== 'active') throw new ApiError('conflict', { issues: [{ path: 'step', rule: 'journey.step-not-active', params: { step, status: row.status } }] });
  return { def, row };
}

function requirePassword(password: string | undefined): string {
  if (password === undefined || password === '') throw new ApiError('signature-invalid', { issues: [{ path: 'password', rule: 'journey.password-required' }] });
  return password;
}

async function sign(tx: Tx, user: SessionUser, password: string | undefined, meaning: SignatureMeaning, episode: Row<'episodes'>, step: string, content: unknown, now: Date): Promise<Signature> {
  return signRecord(tx, user, requirePassword(password), meaning, { type: 'journey-step', id: stepRecordId(episode.id, step), content, patientId: episode.patient_id }, now);
}

/** Marks the step done (or overridden), closes its role tasks and activates the next step. */
async function finishStep(
  ctx: ServerContext,
  tx: Tx,
  user: SessionUser,
  locked: Locked,
  step: { def: StepDef; row: Row<'journey_steps'> },
  change: { status: 'completed' | 'overridden'; gateResult: unknown; reason: string | null; signature: Signature | null },
  now: Date,
): Promise<StepOutcome> {
  const actor = actorOf(user);
  const { episode } = locked;
  const after = await tx
    .updateTable('journey_steps')
    .set({
      status: change.status,
      gate_result: change.gateResult === null ? null : JSON.stringify(change.gateResult),
      completed_at: now,
      completed_by: user.id,
      override_reason: change.reason,
      signature_id: change.signature?.id ?? null,
      version: step.row.version + 1,
    })
    .where('episode_id', '=', episode.id)
    .where('step', '=', step.def.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(
    tx,
    actor,
    {
      action: change.status === 'completed' ? 'complete' : 'override',
      entityType: 'journey-step',
      entityId: stepRecordId(episode.id, step.def.id),
      patientId: episode.patient_id,
      before: step.row,
      after,
      reason: change.reason,
    },
    now,
  );
  await closeStepTasks(tx, user, episode, step.def, now);
  const next = step.def.next === null ? undefined : stepOf(locked.def, step.def.next);
  if (next) {
    const pending = await tx.selectFrom('journey_steps').selectAll().where('episode_id', '=', episode.id).where('step', '=', next.id).forUpdate().executeTakeFirstOrThrow();
    const activated = await tx
      .updateTable('journey_steps')
      .set({ status: 'active', started_at: now, version: pending.version + 1 })
      .where('episode_id', '=', episode.id)
      .where('step', '=', next.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(tx, actor, { action: 'activate', entityType: 'journey-step', entityId: stepRecordId(episode.id, next.id), patientId: episode.patient_id, before: pending, after: activated }, now);
    await openStepTasks(tx, actor, episode, next, now);
  } else {
    const ended = await tx.updateTable('episodes').set({ status: 'completed', ended_at: now, version: episode.version + 1 }).where('id', '=', episode.id).returningAll().executeTakeFirstOrThrow();
    await appendAudit(tx, actor, { action: 'complete', entityType: 'episode', entityId: episode.id, patientId: episode.patient_id, before: episode, after: ended }, now);
  }
  await ctx.onPatientDataChanged(tx, episode.patient_id, actor, now);
  return { step: step.def.id, status: change.status, next: next?.id ?? null, signatureId: change.signature?.id ?? null };
}

export async function completeStep(ctx: ServerContext, tx: Tx, user: SessionUser, input: CompleteStepInput, now: Date): Promise<StepOutcome> {
  const locked = await lockEpisode(tx, input.episodeId);
  assertActive(locked.episode);
  const step = await activeStep(tx, locked, input.step);
  if (user.role !== step.def.owner && user.role !== 'physician') {
    throw new ApiError('forbidden', { issues: [{ path: 'step', rule: 'journey.not-step-owner', params: { owner: step.def.owner } }] });
  }
  let gateResult: unknown = null;
  if (step.def.gate !== null) {
    if (input.gateInput === undefined) throw invalid('gateInput', 'journey.gate-input-required', { gate: step.def.gate });
    const { version, settings } = await currentSettings(tx);
    const outcome = evaluateGate(step.def.gate, step.def.id, input.gateInput, input.lang ?? DEFAULT_LANG, settings);
    if (outcome.failures.length > 0) throw new ApiError('gate-closed', { instrument: step.def.gate, issues: outcome.failures });
    gateResult = asJson({ planner: step.def.gate, input: input.gateInput, result: outcome.result, settingsVersion: version, evaluatedAt: now.toISOString() });
  }
  let signature: Signature | null = null;
  if (step.def.signature !== null) {
    // Without a gate, the signature covers the act itself: which step, of which course, when.
    const content = gateResult ?? { episodeId: locked.episode.id, step: step.def.id, completedAt: now.toISOString() };
    signature = await sign(tx, user, input.password, step.def.signature, locked.episode, step.def.id, content, now);
  }
  return finishStep(ctx, tx, user, locked, step, { status: 'completed', gateResult, reason: null, signature }, now);
}

export async function overrideStep(ctx: ServerContext, tx: Tx, user: SessionUser, input: OverrideStepInput, now: Date): Promise<StepOutcome> {
  if (user.role !== 'physician') throw new ApiError('forbidden', { issues: [{ path: 'step', rule: 'journey.override-physician-only' }] });
  const reason = input.reason.trim();
  if (reason.length < OVERRIDE_REASON_MIN_LENGTH) throw invalid('reason', 'journey.override-reason-required', { min: String(OVERRIDE_REASON_MIN_LENGTH) });
  const locked = await lockEpisode(tx, input.episodeId);
  assertActive(locked.episode);
  const step = await activeStep(tx, locked, input.step);
  const content = { episodeId: locked.episode.id, step: step.def.id, reason, overriddenAt: now.toISOString() };
  const signature = await sign(tx, user, input.password, 'override', locked.episode, step.def.id, content, now);
  return finishStep(ctx, tx, user, locked, step, { status: 'overridden', gateResult: null, reason, signature }, now);
}
