import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  InputError,
  InstitutionSettingsSchema,
  LANGUAGES,
  RULESET_VERSION,
  getInstrument,
  listInstruments,
  message,
  runInstrument,
  type InstitutionSettings,
  type Instrument,
  type Lang,
} from '@cartographer/core';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { guarded, registerAuth, RouteWithoutPermissionError } from './auth/plugin.js';
import type { ServerContext } from './context.js';
import { ApiError, ApiErrorSchema, requestIssue, statusOf, toProblem } from './errors.js';
import { lenientLang, negotiateLang } from './lang.js';
import { instrumentSchemas, transformObject } from './openapi.js';
import { registerDataRoutes } from './routes.js';
import { applySecurityHeaders, securityHeaders } from './security.js';
import { SERVER_VERSION } from './version.js';

export interface AppOptions {
  /** Fastify logger setting; off by default (tests), main.ts turns it on. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Directory of the built web app; served at / when it holds an index.html. null: serve no web app. */
  readonly webRoot?: string | null;
  /** Institution settings (validated here); the handbook defaults when absent. */
  readonly settings?: unknown;
  /** Largest accepted request body in bytes; 1 MiB by default. */
  readonly bodyLimit?: number;
  /**
   * The database and clock. Without it the server offers only what needs no patient data (the
   * instruments as calculators, the documentation, the web app).
   */
  readonly context?: ServerContext;
}

/** packages/web/dist, from packages/server/src (tests) and from packages/server/dist (node). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const HealthSchema = z
  .object({ status: z.literal('ok'), rulesetVersion: z.string(), version: z.string() })
  .describe('The service is up; `rulesetVersion` is the clinical ruleset every result is computed with.');

const Titles = z.object(Object.fromEntries(LANGUAGES.map((lang) => [lang, z.string()])) as Record<Lang, z.ZodString>);

const InstrumentSummarySchema = z.object({
  name: z.string(),
  kind: z.enum(['instrument', 'planner']),
  section: z.string().describe('Seed section, e.g. "002 §3.1.2".'),
  title: Titles,
});

const JsonSchemaObject = z.record(z.string(), z.unknown()).describe('A JSON Schema (draft 2020-12).');

const InstrumentSchemasSchema = z
  .object({
    input: JsonSchemaObject.describe('JSON Schema of the request body of POST /api/v1/assessments/{name}.'),
    output: JsonSchemaObject.describe('JSON Schema of its 200 response.'),
  })
  .describe('The JSON Schemas of one instrument, derived from its zod schemas.');

const InstrumentListSchema = z.array(InstrumentSummarySchema).describe('Every registered instrument, by name.');

const NameParams = z.object({ name: z.string().describe('Instrument name, e.g. crs.') });

function validationThrows(instrument: Instrument, body: unknown): boolean {
  try {
    instrument.input.safeParse(body);
    return false;
  } catch {
    return true;
  }
}

function titles(name: string): Record<Lang, string> {
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, message(lang, `${name}.title`)])) as Record<Lang, string>;
}

/** Errors raised by the router before any hook (e.g. a malformed URL), in the same vocabulary. */
function routerError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const problem = toProblem(err, lenientLang(request.query, request.headers['accept-language']));
  applySecurityHeaders(request.url, reply);
  void reply.code(statusOf(problem.error)).send(problem);
}

/** Without a database only public routes exist; the same start-up check applies. */
function registerNoAuth(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (guarded(route.url) && route.config?.permission !== 'public') throw new RouteWithoutPermissionError(`${String(route.method)} ${route.url}`);
  });
}

export function buildApp(options: AppOptions = {}) {
  const settings: InstitutionSettings = InstitutionSettingsSchema.parse(options.settings ?? {});
  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    requestTimeout: 30_000,
    frameworkErrors: routerError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: no text/plain bodies (which browsers may also send cross-site without a preflight).
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', securityHeaders);
  if (options.context) {
    registerAuth(app, { db: options.context.db, policy: options.context.sessionPolicy, now: options.context.now, secureCookie: options.context.secureCookie });
  } else {
    registerNoAuth(app);
  }

  app.setErrorHandler((err, request, reply) => {
    const problem = toProblem(err, lenientLang(request.query, request.headers['accept-language']));
    const status = statusOf(problem.error);
    if (status >= 500) request.log.error({ err }, 'request failed');
    return reply.code(status).send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = toProblem(new ApiError('not-found'), lenientLang(request.query, request.headers['accept-language']));
    return reply.code(statusOf(problem.error)).send(problem);
  });

  void app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cartographer API',
        version: SERVER_VERSION,
        description: `Clinical decision support for CAR-T cell therapy. Clinical ruleset ${RULESET_VERSION}. Texts in zh-TW (default) and en.`,
      },
      tags: [
        { name: 'system', description: 'Service status' },
        { name: 'instruments', description: 'Registered clinical instruments and their schemas' },
        { name: 'assessments', description: 'Evaluate one instrument on one input' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject,
  });

  void app.register((instance, _opts, done) => {
    const api = instance.withTypeProvider<ZodTypeProvider>();
    api.get('/health', { config: { permission: 'public' }, schema: { tags: ['system'], response: { 200: HealthSchema } } }, () => ({
      status: 'ok' as const,
      rulesetVersion: RULESET_VERSION,
      version: SERVER_VERSION,
    }));

    api.get(
      '/api/v1/instruments',
      { config: { permission: 'public' }, schema: { tags: ['instruments'], response: { 200: InstrumentListSchema } } },
      () => listInstruments().map((i) => ({ name: i.name, kind: i.kind, section: i.section, title: titles(i.name) })),
    );

    api.get(
      '/api/v1/instruments/:name/schema',
      { config: { permission: 'public' }, schema: { tags: ['instruments'], params: NameParams, response: { 200: InstrumentSchemasSchema, 404: ApiErrorSchema } } },
      (request) => {
        const instrument = getInstrument(request.params.name);
        if (!instrument) throw new ApiError('unknown-instrument', { instrument: request.params.name });
        return instrumentSchemas(instrument);
      },
    );

    // Documented per instrument by transformObject (openapi.ts); the body is validated by the core
    // so that every issue carries the core's field path and rule.
    // A calculator: it reads and stores no patient data, so it needs no login (patient-bound
    // assessments are stored through the patient routes, which do).
    api.post('/api/v1/assessments/:name', { config: { permission: 'public' }, schema: { hide: true, params: NameParams } }, (request) => {
      const lang = negotiateLang(request.query, request.headers['accept-language']);
      const { name } = request.params;
      try {
        return runInstrument(name, request.body, { lang, settings });
      } catch (err) {
        if (err instanceof InputError) throw new ApiError('invalid-input', { instrument: name, issues: err.issues });
        const instrument = getInstrument(name);
        if (instrument && validationThrows(instrument, request.body)) {
          // A defect in an input schema (it threw instead of reporting an issue): the input could
          // not be validated, so it is refused as input; the defect is logged for the core's authors.
          request.log.error({ err, instrument: name }, 'input validation threw');
          throw new ApiError('invalid-input', { instrument: name, issues: [requestIssue(lang, '', 'input.unprocessable')] });
        }
        throw err;
      }
    });

    api.get('/api/docs', { config: { permission: 'public' }, schema: { hide: true } }, () => api.swagger());
    if (options.context) registerDataRoutes(instance, options.context);
    done();
  });

  if (webRoot !== null && existsSync(join(webRoot, 'index.html'))) {
    void app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      index: 'index.html',
      cacheControl: false,
      setHeaders(res, path) {
        // Vite puts content-hashed files under assets/; index.html must be revalidated.
        res.setHeader('Cache-Control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  return app;
}

export type App = ReturnType<typeof buildApp>;
