import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { accessiblePatientIds, assertPatientAccess } from '../auth/patient-access.js';
import { currentUser } from '../auth/plugin.js';
import { ROLES } from '../auth/roles.js';
import type { SessionUser } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import { ApiError, ApiErrorSchema } from '../errors.js';
import { negotiateLang } from '../lang.js';
import { COURSE_KINDS } from './definitions.js';
import { completeStep, overrideStep, recordAnchors, startCourse } from './engine.js';
import { listCourses, openTasks, readCourse, taskView } from './read.js';
import { CourseViewSchema, TaskViewSchema } from './schemas.js';
import { completeTask, taskPatientId } from './tasks.js';

const tags = ['journey'];
const iso = z.iso.datetime({ offset: true });

const PatientParams = z.object({ patientId: z.string() });
const EpisodeParams = z.object({ episodeId: z.uuid() });
const StepParams = EpisodeParams.extend({ step: z.string().min(1).max(100) });
const TaskParams = z.object({ taskId: z.uuid() });

const StartBody = z
  .object({
    kind: z.enum(COURSE_KINDS),
    disease: z.string().min(1).max(20).describe('CAR-T: B-ALL, LBCL or FL; leukemia: AML or ALL.'),
    startedAt: iso,
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
const AnchorBody = z.object({ anchor: z.string().min(1).max(100), at: iso }).strict();
const CompleteBody = z
  .object({
    gateInput: z.unknown().optional().describe("Input of the step's gating planner (its JSON Schema: GET /api/v1/instruments/{gate}/schema)."),
    password: z.string().max(1000).optional().describe('Re-entered for a step signed electronically.'),
  })
  .strict();
const OverrideBody = z.object({ reason: z.string().max(2000).optional(), password: z.string().max(1000).optional() }).strict();
const TasksQuery = z.object({ role: z.enum(ROLES).optional().describe("The role whose open tasks to list; the caller's own by default."), lang: z.string().optional() });

/** The course's patient, checked against the caller's care teams (404 either way). */
async function episodeAccess(tx: Tx, user: SessionUser, episodeId: string): Promise<void> {
  const row = await tx.selectFrom('episodes').select('patient_id').where('id', '=', episodeId).executeTakeFirst();
  if (!row) throw new ApiError('not-found');
  await assertPatientAccess(tx, user, row.patient_id);
}

async function courseOrThrow(tx: Tx, episodeId: string) {
  const view = await readCourse(tx, episodeId);
  if (!view) throw new ApiError('not-found');
  return view;
}

export function registerJourneyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Each request is one transaction: a refusal anywhere leaves nothing half-written.
  const inTx = <T>(fn: (tx: Tx) => Promise<T>) => ctx.db.transaction().execute(fn);
  const errors = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema };

  api.post(
    '/api/v1/patients/:patientId/courses',
    { config: { permission: 'journey.update' }, schema: { tags, params: PatientParams, body: StartBody, response: { 201: CourseViewSchema, ...errors } } },
    async (request, reply) => {
      const user = currentUser(request);
      const now = ctx.now();
      const view = await inTx(async (tx) => {
        await assertPatientAccess(tx, user, request.params.patientId);
        const { episodeId } = await startCourse(
          ctx,
          tx,
          { id: user.id, name: user.displayName },
          { patientId: request.params.patientId, kind: request.body.kind, disease: request.body.disease, startedAt: new Date(request.body.startedAt), details: request.body.details ?? {} },
          now,
        );
        return courseOrThrow(tx, episodeId);
      });
      return reply.code(201).send(view);
    },
  );

  api.get(
    '/api/v1/patients/:patientId/courses',
    { config: { permission: 'journey.read' }, schema: { tags, params: PatientParams, response: { 200: z.array(CourseViewSchema), ...errors } } },
    async (request) => {
      const user = currentUser(request);
      return inTx(async (tx) => {
        await assertPatientAccess(tx, user, request.params.patientId);
        return listCourses(tx, request.params.patientId);
      });
    },
  );

  api.get(
    '/api/v1/courses/:episodeId',
    { config: { permission: 'journey.read' }, schema: { tags, params: EpisodeParams, response: { 200: CourseViewSchema, ...errors } } },
    async (request) => {
      const user = currentUser(request);
      return inTx(async (tx) => {
        await episodeAccess(tx, user, request.params.episodeId);
        return courseOrThrow(tx, request.params.episodeId);
      });
    },
  );

  api.post(
    '/api/v1/courses/:episodeId/anchors',
    { config: { permission: 'journey.update' }, schema: { tags, params: EpisodeParams, body: AnchorBody, response: { 200: CourseViewSchema, ...errors } } },
    async (request) => {
      const user = currentUser(request);
      const now = ctx.now();
      return inTx(async (tx) => {
        await episodeAccess(tx, user, request.params.episodeId);
        await recordAnchors(ctx, tx, { id: user.id, name: user.displayName }, { episodeId: request.params.episodeId, anchors: [{ anchor: request.body.anchor, at: new Date(request.body.at) }] }, now);
        return courseOrThrow(tx, request.params.episodeId);
      });
    },
  );

  api.post(
    '/api/v1/courses/:episodeId/steps/:step/complete',
    { config: { permission: 'journey.update' }, schema: { tags, params: StepParams, body: CompleteBody, response: { 200: CourseViewSchema, ...errors } } },
    async (request) => {
      const user = currentUser(request);
      const lang = negotiateLang(request.query, request.headers['accept-language']);
      const now = ctx.now();
      const { episodeId, step } = request.params;
      return inTx(async (tx) => {
        await episodeAccess(tx, user, episodeId);
        await completeStep(
          ctx,
          tx,
          user,
          {
            episodeId,
            step,
            lang,
            ...(request.body.gateInput === undefined ? {} : { gateInput: request.body.gateInput }),
            ...(request.body.password === undefined ? {} : { password: request.body.password }),
          },
          now,
        );
        return courseOrThrow(tx, episodeId);
      });
    },
  );

  api.post(
    '/api/v1/courses/:episodeId/steps/:step/override',
    { config: { permission: 'journey.override' }, schema: { tags, params: StepParams, body: OverrideBody, response: { 200: CourseViewSchema, ...errors } } },
    async (request) => {
      const user = currentUser(request);
      const now = ctx.now();
      const { episodeId, step } = request.params;
      return inTx(async (tx) => {
        await episodeAccess(tx, user, episodeId);
        await overrideStep(ctx, tx, user, { episodeId, step, reason: request.body.reason ?? '', password: request.body.password ?? '' }, now);
        return courseOrThrow(tx, episodeId);
      });
    },
  );

  api.get(
    '/api/v1/tasks',
    { config: { permission: 'task.read' }, schema: { tags, querystring: TasksQuery, response: { 200: z.array(TaskViewSchema), ...errors } } },
    async (request) => {
      const user = currentUser(request);
      return inTx(async (tx) => openTasks(tx, request.query.role ?? user.role, await accessiblePatientIds(tx, user)));
    },
  );

  api.post(
    '/api/v1/tasks/:taskId/complete',
    { config: { permission: 'task.complete' }, schema: { tags, params: TaskParams, response: { 200: TaskViewSchema, ...errors } } },
    async (request) => {
      const user = currentUser(request);
      const now = ctx.now();
      return inTx(async (tx) => {
        const patientId = await taskPatientId(tx, request.params.taskId);
        if (patientId === null) throw new ApiError('not-found');
        await assertPatientAccess(tx, user, patientId);
        return taskView(await completeTask(ctx, tx, user, request.params.taskId, now));
      });
    },
  );
}
