import { fileURLToPath } from 'node:url';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { buildApp } from '../../../server/src/app.js';
import { DEFAULT_SESSION_POLICY } from '../../../server/src/auth/sessions.js';
import type { Database } from '../../../server/src/db/schema.js';

/** The committed client types, generated from the server's OpenAPI document. */
export const API_TYPES_PATH = fileURLToPath(new URL('../../src/api/schema.gen.ts', import.meta.url));

/**
 * The operations the web app calls. The types cover these only: the document also describes the
 * FHIR, CDS Hooks and administration routes, several hundred kilobytes of types that the app does
 * not use. Add an operation here before calling it. The calculator's per-instrument routes are
 * the exception: their shapes vary with the instrument, so the page reads the instrument's JSON
 * Schema at run time and its result as the core's RenderedAssessment.
 */
export const WEB_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  '/api/v1/auth/login': ['post'],
  '/api/v1/auth/logout': ['post'],
  '/api/v1/auth/me': ['get'],
  '/api/v1/board': ['get'],
  '/api/v1/board/patients/{patientId}': ['get'],
  '/api/v1/board/alerts/{alertId}': ['get'],
  '/api/v1/alerts/{alertId}/acknowledge': ['post'],
  '/api/v1/instruments': ['get'],
  '/api/v1/patients/{patientId}/custody/chains': ['get'],
  '/api/v1/custody/chains/{chainId}': ['get'],
};

const HEADER = `/**
 * Generated from the server's OpenAPI document (the zod schemas of its routes) by
 * packages/web/test/contract/api-types.ts. Do not edit: regenerate with
 * \`npm run api:types -w @cartographer/web\`; a test fails while this file differs from what the
 * current server generates.
 */
/* eslint-disable */
`;

/** A database that is never reached: building the app and its document needs no connection. */
function unreachableDatabase(): Kysely<Database> {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

/** The server's OpenAPI document, as served at /api/docs, with every data route registered. */
export async function serverDocument(): Promise<OpenAPI3> {
  const app = buildApp({
    webRoot: null,
    context: { db: unreachableDatabase(), now: () => new Date(0), sessionPolicy: DEFAULT_SESSION_POLICY, secureCookie: false, onPatientDataChanged: () => Promise.resolve() },
  });
  await app.ready();
  try {
    return structuredClone(app.swagger()) as OpenAPI3;
  } finally {
    await app.close();
  }
}

function refsIn(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') into.add(inner);
      else refsIn(inner, into);
    }
  }
}

/** The document cut down to WEB_OPERATIONS and the components they reach. */
export function webDocument(doc: OpenAPI3): OpenAPI3 {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(WEB_OPERATIONS)) {
    const item = (doc.paths?.[path] ?? {}) as Record<string, unknown>;
    const kept = Object.fromEntries(methods.filter((m) => item[m] !== undefined).map((m) => [m, item[m]]));
    if (Object.keys(kept).length !== methods.length) throw new Error(`the server does not document ${methods.join('/')} ${path}`);
    paths[path] = kept;
  }
  const all = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  const reached = new Set<string>();
  const pending = new Set<string>();
  refsIn(paths, pending);
  while (pending.size > 0) {
    const [ref] = pending;
    pending.delete(ref as string);
    const name = (ref as string).replace('#/components/schemas/', '');
    if (reached.has(name) || !(name in all)) continue;
    reached.add(name);
    const found = new Set<string>();
    refsIn(all[name], found);
    for (const r of found) pending.add(r);
  }
  const schemas = Object.fromEntries([...reached].sort().map((name) => [name, all[name]]));
  return { openapi: doc.openapi, info: doc.info, paths, components: { schemas } } as OpenAPI3;
}

/** The text of the committed file, as the current server generates it. */
export async function generateApiTypes(): Promise<string> {
  const ast = await openapiTS(webDocument(await serverDocument()), { alphabetize: true });
  return HEADER + astToString(ast);
}
