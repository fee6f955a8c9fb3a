import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import type { Actor } from '../audit/trail.js';
import { assertPatientAccess, isUuid } from '../auth/patient-access.js';
import { currentUser } from '../auth/plugin.js';
import type { SessionUser } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import type { Db, Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { createPatient } from '../domain/patients.js';
import { recordAdministration, recordObservation } from '../domain/record.js';
import { addToCareTeam } from '../domain/users.js';
import { ApiError, ApiErrorSchema, invalid } from '../errors.js';
import { etagOf, expectedVersion } from './etag.js';
import {
  AdministrationQuerySchema,
  AdministrationSchema,
  CareTeamMemberSchema,
  CareTeamParams,
  NewAdministrationSchema,
  NewObservationSchema,
  NewPatientSchema,
  ObservationQuerySchema,
  ObservationSchema,
  PatientChangesSchema,
  PatientParams,
  PatientSchema,
  PatientSummarySchema,
} from './schemas.js';
import { listPatients, patientView, updatePatient } from './store.js';
import './texts.js';

/** A recorded time may run ahead of the server's clock by this much (unsynchronised bedside devices), no more. */
const CLOCK_SKEW_MINUTES = 5;

const actorOf = (user: SessionUser): Actor => ({ id: user.id, name: user.displayName });

function observationView(row: Row<'observations'>): z.infer<typeof ObservationSchema> {
  return {
    id: row.id,
    patientId: row.patient_id,
    episodeId: row.episode_id,
    code: row.code,
    loinc: row.loinc,
    value: row.value_number,
    unit: row.unit,
    valueCode: row.value_code,
    referenceLow: row.reference_low,
    referenceHigh: row.reference_high,
    entered: row.entered,
    effectiveAt: row.effective_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    source: row.source,
    status: row.status,
  };
}

function administrationView(row: Row<'medication_administrations'>): z.infer<typeof AdministrationSchema> {
  return {
    id: row.id,
    patientId: row.patient_id,
    episodeId: row.episode_id,
    drug: row.drug,
    dose: row.dose_value === null || row.dose_unit === null ? null : { value: row.dose_value, unit: row.dose_unit },
    route: row.route,
    administeredAt: row.administered_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    source: row.source,
    status: row.status,
  };
}

async function assertEpisodeOf(tx: Tx, patientId: string, episodeId: string | null): Promise<void> {
  if (episodeId === null) return;
  const row = await tx.selectFrom('episodes').select('id').where('id', '=', episodeId).where('patient_id', '=', patientId).executeTakeFirst();
  if (!row) throw invalid('episodeId', 'patient.episode-unknown');
}

function assertNotFuture(at: Date, now: Date, path: string): void {
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MINUTES * 60_000) throw invalid(path, 'patient.time-in-future', { minutes: String(CLOCK_SKEW_MINUTES) });
}

function assertRange(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && new Date(from) > new Date(to)) throw invalid('from', 'patient.time-range-reversed');
}

async function readable(db: Db, user: SessionUser, patientId: string, reply: FastifyReply): Promise<z.infer<typeof PatientSchema>> {
  await assertPatientAccess(db, user, patientId);
  const view = await patientView(db, patientId);
  if (!view) throw new ApiError('not-found');
  void reply.header('ETag', etagOf(view.version));
  return view;
}

export function registerPatientRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['patients'];

  api.get(
    '/api/v1/patients',
    { config: { permission: 'patient.list' }, schema: { tags, description: 'The patients on your care teams.', response: { 200: z.array(PatientSummarySchema) } } },
    (request) => listPatients(ctx.db, currentUser(request).id),
  );

  api.post(
    '/api/v1/patients',
    {
      config: { permission: 'patient.create' },
      schema: { tags, description: 'Registers a patient; you join the care team.', body: NewPatientSchema, response: { 201: PatientSchema, 400: ApiErrorSchema, 409: ApiErrorSchema } },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const now = ctx.now();
      const id = await ctx.db.transaction().execute(async (tx) => {
        const { row } = await createPatient(tx, actorOf(user), request.body, now);
        await addToCareTeam(tx, actorOf(user), row.id, user.id, now);
        return row.id;
      });
      const view = await patientView(ctx.db, id);
      if (!view) throw new ApiError('not-found');
      return reply.code(201).header('ETag', etagOf(view.version)).header('Location', `/api/v1/patients/${id}`).send(view);
    },
  );

  api.get(
    '/api/v1/patients/:patientId',
    { config: { permission: 'patient.read' }, schema: { tags, params: PatientParams, response: { 200: PatientSchema, 404: ApiErrorSchema } } },
    (request, reply) => readable(ctx.db, currentUser(request), request.params.patientId, reply),
  );

  api.patch(
    '/api/v1/patients/:patientId',
    {
      config: { permission: 'patient.update' },
      schema: {
        tags,
        description: 'Changes demographic fields. If-Match (the ETag read) is required: 400 without it, 412 when the record changed since.',
        params: PatientParams,
        headers: z.looseObject({ 'if-match': z.string().optional().describe('The ETag read, W/"<version>".') }),
        body: PatientChangesSchema,
        response: { 200: PatientSchema, 400: ApiErrorSchema, 404: ApiErrorSchema, 412: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { patientId } = request.params;
      await assertPatientAccess(ctx.db, user, patientId);
      const expected = expectedVersion(request.headers['if-match']);
      const now = ctx.now();
      await ctx.db.transaction().execute((tx) => updatePatient(tx, actorOf(user), patientId, expected, request.body, now));
      return readable(ctx.db, user, patientId, reply);
    },
  );

  api.put(
    '/api/v1/patients/:patientId/care-team/:userId',
    {
      config: { permission: 'patient.update' },
      schema: { tags, description: 'Adds a user to the care team (no change when already on it).', params: CareTeamParams, response: { 200: z.array(CareTeamMemberSchema), 404: ApiErrorSchema } },
    },
    async (request) => {
      const user = currentUser(request);
      const { patientId, userId } = request.params;
      await assertPatientAccess(ctx.db, user, patientId);
      if (!isUuid(userId)) throw new ApiError('not-found');
      const member = await ctx.db.selectFrom('users').select('id').where('id', '=', userId).where('active', '=', true).executeTakeFirst();
      if (!member) throw new ApiError('not-found');
      await ctx.db.transaction().execute((tx) => addToCareTeam(tx, actorOf(user), patientId, userId, ctx.now()));
      return (await patientView(ctx.db, patientId))?.careTeam ?? [];
    },
  );

  api.post(
    '/api/v1/patients/:patientId/observations',
    {
      config: { permission: 'observation.create' },
      schema: {
        tags,
        description: 'Records one observation; the value is converted to the code\'s canonical unit and the patient re-evaluated in the same transaction.',
        params: PatientParams,
        body: NewObservationSchema,
        response: { 201: ObservationSchema, 400: ApiErrorSchema, 404: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { patientId } = request.params;
      await assertPatientAccess(ctx.db, user, patientId);
      const now = ctx.now();
      const effectiveAt = new Date(request.body.effectiveAt);
      assertNotFuture(effectiveAt, now, 'effectiveAt');
      const { row } = await ctx.db.transaction().execute(async (tx) => {
        await assertEpisodeOf(tx, patientId, request.body.episodeId);
        return recordObservation(
          ctx,
          tx,
          actorOf(user),
          { patientId, episodeId: request.body.episodeId, code: request.body.code, value: request.body.value, effectiveAt, source: 'rest', referenceRange: request.body.referenceRange },
          now,
        );
      });
      return reply.code(201).send(observationView(row));
    },
  );

  api.get(
    '/api/v1/patients/:patientId/observations',
    {
      config: { permission: 'observation.read' },
      schema: { tags, description: 'Observations in time order, optionally of one code and in [from, to).', params: PatientParams, querystring: ObservationQuerySchema, response: { 200: z.array(ObservationSchema), 400: ApiErrorSchema, 404: ApiErrorSchema } },
    },
    async (request) => {
      const { patientId } = request.params;
      await assertPatientAccess(ctx.db, currentUser(request), patientId);
      const { code, from, to, limit } = request.query;
      assertRange(from, to);
      let query = ctx.db.selectFrom('observations').selectAll().where('patient_id', '=', patientId);
      if (code !== undefined) query = query.where('code', '=', code);
      if (from !== undefined) query = query.where('effective_at', '>=', new Date(from));
      if (to !== undefined) query = query.where('effective_at', '<', new Date(to));
      const rows = await query.orderBy('effective_at').orderBy('id').limit(limit).execute();
      return rows.map(observationView);
    },
  );

  api.post(
    '/api/v1/patients/:patientId/medication-administrations',
    {
      config: { permission: 'medication.create' },
      schema: {
        tags,
        description: 'Records one medication administration; the patient is re-evaluated in the same transaction.',
        params: PatientParams,
        body: NewAdministrationSchema,
        response: { 201: AdministrationSchema, 400: ApiErrorSchema, 404: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { patientId } = request.params;
      await assertPatientAccess(ctx.db, user, patientId);
      const now = ctx.now();
      const administeredAt = new Date(request.body.administeredAt);
      assertNotFuture(administeredAt, now, 'administeredAt');
      const { row } = await ctx.db.transaction().execute(async (tx) => {
        await assertEpisodeOf(tx, patientId, request.body.episodeId);
        const { drug, dose, route, episodeId } = request.body;
        return recordAdministration(ctx, tx, actorOf(user), { patientId, episodeId, drug, dose, route, administeredAt, source: 'rest' }, now);
      });
      return reply.code(201).send(administrationView(row));
    },
  );

  api.get(
    '/api/v1/patients/:patientId/medication-administrations',
    {
      config: { permission: 'medication.read' },
      schema: { tags, description: 'Administrations in time order, optionally of one drug and in [from, to).', params: PatientParams, querystring: AdministrationQuerySchema, response: { 200: z.array(AdministrationSchema), 400: ApiErrorSchema, 404: ApiErrorSchema } },
    },
    async (request) => {
      const { patientId } = request.params;
      await assertPatientAccess(ctx.db, currentUser(request), patientId);
      const { drug, from, to, limit } = request.query;
      assertRange(from, to);
      let query = ctx.db.selectFrom('medication_administrations').selectAll().where('patient_id', '=', patientId);
      if (drug !== undefined) query = query.where('drug', '=', drug);
      if (from !== undefined) query = query.where('administered_at', '>=', new Date(from));
      if (to !== undefined) query = query.where('administered_at', '<', new Date(to));
      const rows = await query.orderBy('administered_at').orderBy('id').limit(limit).execute();
      return rows.map(administrationView);
    },
  );
}
