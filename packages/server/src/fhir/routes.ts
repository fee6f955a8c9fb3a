import type { Resource } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { currentUser } from '../auth/plugin.js';
import { currentSettings, type ServerContext } from '../context.js';
import { ApiError, statusOf } from '../errors.js';
import { lenientLang } from '../lang.js';
import { userAccess } from './access.js';
import { searchsetBundle } from './bundle.js';
import { capabilityStatement } from './capability.js';
import { baseUrl, etagOf, FHIR_JSON, parseIfMatch, sendFhir } from './http.js';
import { fhirError, fhirInvalid } from './issues.js';
import { fhirProblem } from './outcome.js';
import { AuditEventKind, ProvenanceKind } from './resources/audit.js';
import { CarePlanKind, TaskKind } from './resources/journey.js';
import type { ReadableKind } from './resources/kind.js';
import { MedicationAdministrationKind } from './resources/medication.js';
import { ObservationKind } from './resources/observation.js';
import { PatientKind } from './resources/patient.js';
import { ProductKind } from './resources/product.js';
import {
  BundleSchema,
  CreateHeaders,
  IdParams,
  OperationOutcomeSchema,
  ResourceBody,
  resourceSchema,
  searchQuery,
  UpdateHeaders,
  VersionParams,
} from './schemas.js';
import { parseSearch, type RawQuery } from './search-params.js';
import { processTransactionBundle } from './transaction.js';
import { CREATABLE_TYPES, CREATE_ACTION, createResource } from './write/create.js';
import { updatePatientFromFhir } from './write/patient-update.js';

export const FHIR_KINDS: readonly ReadableKind[] = [PatientKind, ObservationKind, MedicationAdministrationKind, CarePlanKind, TaskKind, ProductKind, AuditEventKind, ProvenanceKind];

const tags = ['fhir'];
const errors = { 400: OperationOutcomeSchema, 401: OperationOutcomeSchema, 403: OperationOutcomeSchema, 404: OperationOutcomeSchema };

function sendResource(request: FastifyRequest, reply: FastifyReply, status: number, resource: Resource): FastifyReply {
  const version = resource.meta?.versionId;
  if (version !== undefined) void reply.header('ETag', etagOf(version));
  if (resource.meta?.lastUpdated !== undefined) void reply.header('Last-Modified', new Date(resource.meta.lastUpdated).toUTCString());
  return sendFhir(request, reply, status, resource);
}

function queryString(query: RawQuery): URLSearchParams {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (name === '_offset' || name === '_count' || value === undefined) continue;
    for (const v of typeof value === 'string' ? [value] : value) q.append(name, v);
  }
  return q;
}

function registerReadable(api: FastifyInstance, ctx: ServerContext, kind: ReadableKind): void {
  const f = api.withTypeProvider<ZodTypeProvider>();
  const schema = resourceSchema(kind.type);
  const config = { permission: kind.readAction };

  f.get(`/${kind.type}/:id`, { config, schema: { tags, params: IdParams, response: { 200: schema, ...errors } } }, async (request, reply) => {
    const resource = await kind.read(ctx.db, userAccess(currentUser(request)), request.params.id);
    if (resource === null) throw new ApiError('not-found');
    return sendResource(request, reply, 200, resource);
  });

  // Only the current version is kept (the audit trail holds the earlier contents).
  f.get(`/${kind.type}/:id/_history/:vid`, { config, schema: { tags, params: VersionParams, response: { 200: schema, ...errors } } }, async (request, reply) => {
    const resource = await kind.read(ctx.db, userAccess(currentUser(request)), request.params.id);
    if (resource === null) throw new ApiError('not-found');
    const current = resource.meta?.versionId ?? '1';
    if (request.params.vid !== current) throw fhirError('not-found', 'vid', 'fhir.version-not-kept', { current });
    return sendResource(request, reply, 200, resource);
  });

  f.get(`/${kind.type}`, { config, schema: { tags, querystring: searchQuery(kind.searchParams), response: { 200: BundleSchema, ...errors } } }, async (request, reply) => {
    const query = request.query as RawQuery;
    const search = parseSearch(query, kind.searchParams);
    const { settings } = await currentSettings(ctx.db);
    const page = await kind.search({ db: ctx.db, access: userAccess(currentUser(request)), search, timeZone: settings.timeZone });
    return sendFhir(request, reply, 200, searchsetBundle(baseUrl(request), kind.type, queryString(query), search, page));
  });
}

function registerWrites(api: FastifyInstance, ctx: ServerContext): void {
  const f = api.withTypeProvider<ZodTypeProvider>();

  for (const type of CREATABLE_TYPES) {
    f.post(
      `/${type}`,
      { config: { permission: CREATE_ACTION[type] }, schema: { tags, headers: CreateHeaders, body: ResourceBody, response: { 200: resourceSchema(type), 201: resourceSchema(type), ...errors, 409: OperationOutcomeSchema } } },
      async (request, reply) => {
        const resource = request.body as unknown as Resource;
        if (resource.resourceType !== type) throw fhirInvalid('resourceType', 'fhir.resource-type', { expected: type });
        const access = userAccess(currentUser(request));
        const now = ctx.now();
        const result = await ctx.db.transaction().execute((tx) =>
          createResource(ctx, tx, access, { resource, ifNoneExist: request.headers['if-none-exist'], paths: { resource: type, ifNoneExist: 'If-None-Exist' }, refs: new Map() }, now),
        );
        void reply.header('Location', `${baseUrl(request)}/${type}/${result.resource.id}/_history/${result.version}`);
        return sendResource(request, reply, result.created ? 201 : 200, result.resource);
      },
    );
  }

  f.put(
    '/Patient/:id',
    {
      config: { permission: 'patient.update' },
      schema: { tags, params: IdParams, headers: UpdateHeaders, body: ResourceBody, response: { 200: resourceSchema('Patient'), ...errors, 409: OperationOutcomeSchema, 412: OperationOutcomeSchema } },
    },
    async (request, reply) => {
      const resource = request.body as unknown as Resource;
      if (resource.resourceType !== 'Patient') throw fhirInvalid('resourceType', 'fhir.resource-type', { expected: 'Patient' });
      const expected = parseIfMatch(request.headers['if-match']);
      const access = userAccess(currentUser(request));
      const now = ctx.now();
      const patient = await ctx.db.transaction().execute((tx) => updatePatientFromFhir(ctx, tx, access, request.params.id, expected, resource, now));
      return sendResource(request, reply, 200, patient);
    },
  );

  // A bundle is an import of observations first of all; each entry's own action and patient are checked too.
  f.post('/', { config: { permission: 'observation.create' }, schema: { tags, body: ResourceBody, response: { 200: BundleSchema, ...errors, 409: OperationOutcomeSchema } } }, async (request, reply) => {
    const bundle = await processTransactionBundle(ctx, userAccess(currentUser(request)), request.body, ctx.now());
    return sendFhir(request, reply, 200, bundle);
  });
}

/**
 * The FHIR R4 interface under /fhir: read, vread and search of every resource kind, create of
 * Patient, Observation and MedicationAdministration (conditional with If-None-Exist), versioned
 * update of Patient, transaction Bundles, and the CapabilityStatement. Bodies are accepted as
 * application/fhir+json or application/json; every error is an OperationOutcome.
 */
export function registerFhirRoutes(app: FastifyInstance, ctx: ServerContext): void {
  void app.register(
    (fhir, _opts, done) => {
      fhir.addContentTypeParser(FHIR_JSON, { parseAs: 'string' }, fhir.getDefaultJsonParser('error', 'error'));
      fhir.setErrorHandler((err, request, reply) => {
        const { status, outcome } = fhirProblem(err, lenientLang(request.query, request.headers['accept-language']));
        const code = statusOf(status);
        if (code >= 500) request.log.error({ err }, 'FHIR request failed');
        return sendFhir(request, reply, code, outcome);
      });
      fhir.setNotFoundHandler((request, reply) => {
        const { status, outcome } = fhirProblem(new ApiError('not-found'), lenientLang(request.query, request.headers['accept-language']));
        return sendFhir(request, reply, statusOf(status), outcome);
      });

      fhir.withTypeProvider<ZodTypeProvider>().get(
        '/metadata',
        { config: { permission: 'public' }, schema: { tags, response: { 200: resourceSchema('CapabilityStatement') } } },
        async (request, reply) => sendFhir(request, reply, 200, capabilityStatement(FHIR_KINDS, ctx.now())),
      );
      for (const kind of FHIR_KINDS) registerReadable(fhir, ctx, kind);
      registerWrites(fhir, ctx);
      done();
    },
    { prefix: '/fhir' },
  );
}
