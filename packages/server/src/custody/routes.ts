import { message, parseInput, type Lang } from '@cartographer/core';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { assertPatientAccess } from '../auth/patient-access.js';
import { currentUser } from '../auth/plugin.js';
import type { SessionUser } from '../auth/sessions.js';
import { currentSettings, type ServerContext } from '../context.js';
import type { Db, Tx } from '../db/connect.js';
import { ApiError, ApiErrorSchema } from '../errors.js';
import { negotiateLang } from '../lang.js';
import { recordCabinetEvent } from './cabinet.js';
import { createChain } from './chains.js';
import { changeDeviation, signOffDeviation, type DeviationChange } from './deviations.js';
import type { ChainRow } from './history.js';
import { traceIdentifier } from './trace.js';
import { recordCustodyStep } from './record.js';
import { refusalError, underField } from './refusal.js';
import {
  CabinetBody,
  CabinetView,
  ChainSummary,
  ChainView,
  CreateChainBody,
  DeviationView,
  InvestigationBody,
  LineageQuery,
  NoteBody,
  ProgramVeinToVeinView,
  RecordedEventView,
  RecordEventBody,
  ReopenBody,
  SignOffBody,
  TraceView,
  VeinToVeinView,
  VerifierInput,
} from './schemas.js';
import { postgresError } from './store.js';
import { programVeinToVein } from './vein-to-vein.js';
import { chainSummary, chainView, clockViews, deviationViews } from './views.js';

const tags = ['custody'];
const PatientParams = z.object({ patientId: z.string() });
const ChainParams = z.object({ chainId: z.uuid() });
const DeviationParams = z.object({ deviationId: z.uuid() });
const errors = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema };

/**
 * The event body is validated by the core itself (recordCustodyStep), so that every issue carries
 * the core's field path and rule and the event is stored exactly as sent; the zod schema still
 * documents it. Path parameters are validated as usual.
 */
function bodyAsSent<S>(): FastifySchemaCompiler<S> {
  return (route) => (route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]));
}

const Envelope = z.object({ event: z.unknown(), performerPassword: z.string().min(1).max(1000).optional(), verifier: VerifierInput.optional() }).strict();

/** The chain, if the user is on its patient's care team (404 either way, as for patients). */
async function chainFor(db: Db | Tx, user: SessionUser, chainId: string): Promise<ChainRow> {
  const row = await db.selectFrom('custody_chains').selectAll().where('id', '=', chainId).executeTakeFirst();
  if (!row) throw new ApiError('not-found');
  await assertPatientAccess(db, user, row.patient_id);
  return row;
}

/** Unique violations that a concurrent request can cause, in the API's words (nothing was written). */
function concurrent(err: unknown, lang: Lang): unknown {
  const pg = postgresError(err);
  if (pg?.code !== '23505') return err;
  if (pg.constraint === 'custody_cabinet_sessions_open') {
    return new ApiError('conflict', { issues: [{ path: 'cabinetId', rule: 'custody.cabinet-occupied', message: message(lang, 'custody.cabinet-occupied', { cabinet: '' }) }] });
  }
  if (pg.constraint === 'custody_items_identifier') return new ApiError('conflict', { issues: [{ path: 'event', rule: 'custody.identifier-taken' }] });
  if (pg.constraint === 'custody_chains_episode_id_key') return new ApiError('conflict', { issues: [{ path: 'episodeId', rule: 'custody.chain-exists', params: { coi: '' } }] });
  return err;
}

export function registerCustodyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const inTx = async <T>(lang: Lang, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    try {
      return await ctx.db.transaction().execute(fn);
    } catch (err) {
      throw concurrent(err, lang);
    }
  };
  const langOf = (request: { query: unknown; headers: { 'accept-language'?: string | undefined } }) => negotiateLang(request.query, request.headers['accept-language']);

  api.post(
    '/api/v1/patients/:patientId/custody/chains',
    {
      config: { permission: 'custody.record' },
      schema: {
        tags,
        description: "Opens the chain of identity of a CAR-T course: its COI identifier, and the ISBT 128 DIN of its first collection when the institution has a facility code.",
        params: PatientParams,
        body: CreateChainBody,
        response: { 201: ChainView, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const lang = langOf(request);
      const now = ctx.now();
      const row = await inTx(lang, async (tx) => {
        await assertPatientAccess(tx, user, request.params.patientId);
        return createChain(tx, { id: user.id, name: user.displayName }, { patientId: request.params.patientId, ...request.body }, now);
      });
      const { settings } = await currentSettings(ctx.db);
      return reply.code(201).send(await chainView(ctx.db, row, settings, now, lang));
    },
  );

  api.get(
    '/api/v1/patients/:patientId/custody/chains',
    { config: { permission: 'custody.read' }, schema: { tags, params: PatientParams, response: { 200: z.array(ChainSummary), ...errors } } },
    async (request) => {
      await assertPatientAccess(ctx.db, currentUser(request), request.params.patientId);
      const rows = await ctx.db.selectFrom('custody_chains').selectAll().where('patient_id', '=', request.params.patientId).orderBy('created_at').orderBy('id').execute();
      return rows.map(chainSummary);
    },
  );

  api.get(
    '/api/v1/custody/chains/:chainId',
    { config: { permission: 'custody.read' }, schema: { tags, params: ChainParams, response: { 200: ChainView, ...errors } } },
    async (request) => {
      const row = await chainFor(ctx.db, currentUser(request), request.params.chainId);
      const { settings } = await currentSettings(ctx.db);
      return chainView(ctx.db, row, settings, ctx.now(), langOf(request));
    },
  );

  api.post(
    '/api/v1/custody/chains/:chainId/events',
    {
      config: { permission: 'custody.record' },
      bodyLimit: 8 * 1024 * 1024,
      validatorCompiler: bodyAsSent(),
      schema: {
        tags,
        description:
          'Records one custody step, checked by the core against the course as its stored steps left it. Two-person steps (collection, receipt, bedside match) name the second person with their own credentials, and both sign. A hard stop is recorded (the refused step, a deviation and a critical alert) and answered 409 with the coded reasons.',
        params: ChainParams,
        body: RecordEventBody,
        response: { 201: RecordedEventView, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const lang = langOf(request);
      let body: z.infer<typeof Envelope>;
      try {
        body = parseInput('custody', Envelope, request.body as unknown, lang);
      } catch (err) {
        throw underField(err, '');
      }
      const now = ctx.now();
      const outcome = await inTx(lang, async (tx) => {
        await chainFor(tx, user, request.params.chainId);
        return recordCustodyStep(ctx, tx, { chainId: request.params.chainId, event: body.event, performer: user, performerPassword: body.performerPassword, verifier: body.verifier }, now, lang);
      });
      if (outcome.status === 'refused') throw refusalError(lang, outcome, 'event');
      const rows = outcome.deviationIds.length === 0 ? [] : await ctx.db.selectFrom('custody_deviations').selectAll().where('id', 'in', outcome.deviationIds).orderBy('opened_at').execute();
      return reply.code(201).send({
        outcome: 'accepted' as const,
        eventId: outcome.eventId,
        state: outcome.state,
        clocks: clockViews(outcome.state, now, outcome.settings, lang),
        deviations: await deviationViews(ctx.db, rows, lang),
        journey: outcome.journey,
      });
    },
  );

  for (const type of ['open', 'close'] as const) {
    api.post(
      `/api/v1/custody/chains/:chainId/cabinet/${type}`,
      {
        config: { permission: 'custody.record' },
        schema: {
          tags,
          description:
            type === 'open'
              ? "Opens one of this course's bags in a biosafety cabinet. Refused (recorded, 409) while another patient's material is open there: one patient at a time."
              : 'Closes a bag opened in a biosafety cabinet; the cabinet is free for another patient when the last one is closed.',
          params: ChainParams,
          body: CabinetBody,
          response: { 201: CabinetView, ...errors },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        const lang = langOf(request);
        const now = ctx.now();
        const outcome = await inTx(lang, async (tx) => {
          await chainFor(tx, user, request.params.chainId);
          return recordCabinetEvent(tx, { chainId: request.params.chainId, type, ...request.body, user }, now, lang);
        });
        if (outcome.status === 'refused') throw refusalError(lang, outcome, '');
        return reply.code(201).send({ outcome: 'accepted' as const, eventId: outcome.eventId, cabinetId: request.body.cabinetId, open: [...outcome.open] });
      },
    );
  }

  api.get(
    '/api/v1/custody/chains/:chainId/vein-to-vein',
    { config: { permission: 'custody.read' }, schema: { tags, params: ChainParams, response: { 200: z.object({ coi: z.string(), veinToVein: VeinToVeinView.nullable() }), ...errors } } },
    async (request) => {
      const row = await chainFor(ctx.db, currentUser(request), request.params.chainId);
      const { settings } = await currentSettings(ctx.db);
      const view = await chainView(ctx.db, row, settings, ctx.now(), langOf(request));
      return { coi: row.coi, veinToVein: view.veinToVein };
    },
  );

  api.get(
    '/api/v1/custody/vein-to-vein',
    {
      config: { permission: 'custody.program.read' },
      schema: { tags, description: 'Vein-to-vein time across the program (collection start to first infusion): counts and quartiles, no patient.', response: { 200: ProgramVeinToVeinView, ...errors } },
    },
    async () => programVeinToVein(ctx.db),
  );

  api.get(
    '/api/v1/custody/lineage',
    {
      config: { permission: 'custody.read' },
      schema: { tags, description: 'Traces an identifier (ours or a manufacturer\'s) forward to the infused bags and back to the patient, in the courses on your care teams.', querystring: LineageQuery, response: { 200: TraceView, ...errors } },
    },
    async (request) => {
      const { kind, value, system } = request.query;
      return traceIdentifier(ctx.db, currentUser(request), { kind, value, ...(system === undefined ? {} : { system }) });
    },
  );

  api.get(
    '/api/v1/custody/deviations/:deviationId',
    { config: { permission: 'custody.read' }, schema: { tags, params: DeviationParams, response: { 200: DeviationView, ...errors } } },
    async (request) => {
      const row = await ctx.db.selectFrom('custody_deviations').selectAll().where('id', '=', request.params.deviationId).executeTakeFirst();
      if (!row) throw new ApiError('not-found');
      await assertPatientAccess(ctx.db, currentUser(request), row.patient_id);
      return (await deviationViews(ctx.db, [row], langOf(request)))[0]!;
    },
  );

  const changeRoute = <B extends z.ZodType>(path: string, permission: 'custody.deviation.investigate' | 'custody.deviation.sign-off', body: B, description: string, toChange: (body: z.infer<B>) => DeviationChange) =>
    api.post(
      `/api/v1/custody/deviations/:deviationId/${path}`,
      { config: { permission }, schema: { tags, description, params: DeviationParams, body, response: { 200: DeviationView, ...errors } } },
      async (request) => {
        const user = currentUser(request);
        const lang = langOf(request);
        const now = ctx.now();
        const row = await inTx(lang, (tx) => changeDeviation(tx, user, request.params.deviationId, toChange(request.body as z.infer<B>), now, lang));
        return (await deviationViews(ctx.db, [row], lang))[0]!;
      },
    );
  changeRoute('notes', 'custody.deviation.investigate', NoteBody, 'Adds an investigation note (open or investigated deviations).', (b) => ({ action: 'add-note', text: b.text }));
  changeRoute('investigation', 'custody.deviation.investigate', InvestigationBody, 'Records (or revises) the root cause and corrective action: the deviation is investigated.', (b) => ({
    action: 'investigate',
    rootCause: b.rootCause,
    correctiveAction: b.correctiveAction,
    note: b.note,
  }));
  changeRoute('reopen', 'custody.deviation.sign-off', ReopenBody, 'Reopens a signed-off deviation, with a reason; its alert is raised again.', (b) => ({ action: 'reopen', reason: b.reason }));

  api.post(
    '/api/v1/custody/deviations/:deviationId/sign-off',
    {
      config: { permission: 'custody.deviation.sign-off' },
      schema: { tags, description: 'Closes an investigated deviation with a closing summary and an electronic signature (password re-entered); its alert is resolved.', params: DeviationParams, body: SignOffBody, response: { 200: DeviationView, ...errors } },
    },
    async (request) => {
      const user = currentUser(request);
      const lang = langOf(request);
      const now = ctx.now();
      const row = await inTx(lang, (tx) => signOffDeviation(tx, user, request.params.deviationId, request.body, now, lang));
      return (await deviationViews(ctx.db, [row], lang))[0]!;
    },
  );
}
