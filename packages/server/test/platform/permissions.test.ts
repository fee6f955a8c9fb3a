import { Validator } from '@seriousme/openapi-schema-validator';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/trail.js';
import { ACTIONS, isAllowed, PATIENT_SCOPED, type Action, type RoutePermission } from '../../src/auth/permissions.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { createSession, DEFAULT_SESSION_POLICY } from '../../src/auth/sessions.js';
import { buildApp, type App } from '../../src/app.js';
import { ensureDefaultSettings, type ServerContext } from '../../src/context.js';
import { createPatient } from '../../src/domain/patients.js';
import { addToCareTeam, createUser } from '../../src/domain/users.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * Every route the server registers (enumerated as it starts, so that the routes of every module
 * are walked, including those added later), called by every role and by nobody, against the
 * permission table. The expectations come from PERMISSIONS, not from the routes.
 */

interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly permission: RoutePermission | undefined;
}

const DUMMY_ID = '00000000-0000-4000-8000-00000000dead';

let database: TestDatabase;
let app: App;
const routes: RouteEntry[] = [];
const members = {} as Record<Role, string>;
const outsiders = {} as Record<Role, string>;
let patientId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const now = () => new Date();
  const ctx: ServerContext = { db: database.db, now, sessionPolicy: DEFAULT_SESSION_POLICY, secureCookie: false, onPatientDataChanged: () => Promise.resolve() };
  await ensureDefaultSettings(database.db, now());
  await database.db.transaction().execute(async (tx) => {
    for (const role of ROLES) {
      members[role] = (await createUser(tx, SYSTEM_ACTOR, { username: `member-${role}`, displayName: `Member ${role}`, role, password: 'a long test password' }, now())).id;
      outsiders[role] = (await createUser(tx, SYSTEM_ACTOR, { username: `outsider-${role}`, displayName: `Outsider ${role}`, role, password: 'a long test password' }, now())).id;
    }
    const { row } = await createPatient(
      tx,
      SYSTEM_ACTOR,
      {
        name: '權限測試',
        birthDate: '1975-05-05',
        sex: 'female',
        identifiers: [
          { system: 'urn:test:mrn', value: 'P-1', kind: 'medical-record-number' },
          { system: 'urn:test:program', value: 'CT-1', kind: 'program-id' },
        ],
      },
      now(),
    );
    patientId = row.id;
    for (const role of ROLES) await addToCareTeam(tx, SYSTEM_ACTOR, patientId, members[role], now());
  });

  app = buildApp({ context: ctx, webRoot: null });
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // HEAD routes are Fastify's automatic twins of GET routes (same handler, same config).
      if (method !== 'HEAD') routes.push({ method, url: route.url, permission: route.config?.permission });
    }
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await database.drop();
});

function isAction(permission: RoutePermission | undefined): permission is Action {
  return permission !== undefined && (ACTIONS as readonly string[]).includes(permission);
}

function allowed(role: Role, permission: RoutePermission | undefined): boolean {
  if (permission === 'public' || permission === 'authenticated') return true;
  return isAction(permission) && isAllowed(role, permission);
}

function isPatientScoped(route: RouteEntry): boolean {
  return isAction(route.permission) && PATIENT_SCOPED.has(route.permission) && route.url.includes(':patientId');
}

/** The route's URL with the test patient for :patientId and a well-formed id that matches nothing for any other parameter. */
function concrete(url: string): string {
  return url.replace(/:patientId\b/g, patientId).replace(/:[A-Za-z_][A-Za-z0-9_]*/g, DUMMY_ID).replace(/\*$/, 'x');
}

// A fresh session per call: some routes end the caller's session (logout).
async function bearer(userId: string): Promise<Record<string, string>> {
  const { token } = await createSession(database.db, userId, new Date(), DEFAULT_SESSION_POLICY);
  return { authorization: `Bearer ${token}` };
}

interface Outcome {
  readonly status: number;
  readonly error: string | undefined;
}

async function call(route: RouteEntry, userId: string | null): Promise<Outcome> {
  const options: InjectOptions = {
    method: route.method,
    url: concrete(route.url),
    headers: userId === null ? {} : await bearer(userId),
  };
  if (['POST', 'PUT', 'PATCH'].includes(route.method)) options.payload = {};
  const res = await app.inject(options);
  let error: string | undefined;
  try {
    error = (res.json<{ error?: unknown }>().error as string | undefined) ?? undefined;
  } catch {
    error = undefined;
  }
  return { status: res.statusCode, error };
}

/**
 * The expected refusal: the status, and the error code when the body is in the API's vocabulary
 * (FHIR routes answer with an OperationOutcome instead, whose status is what counts here).
 */
function refused(status: number, error: string | undefined, expectedStatus: number, expectedError: string): boolean {
  return status === expectedStatus && (error === undefined || error === expectedError);
}

const label = (route: RouteEntry) => `${route.method} ${route.url} [${String(route.permission)}]`;

describe('the permission table, route by route', () => {
  it('finds the routes of every module', () => {
    const urls = routes.map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(expect.arrayContaining(['GET /health', 'POST /api/v1/auth/token', 'GET /api/v1/patients', 'POST /api/v1/patients/:patientId/observations', 'PUT /api/v1/settings', 'GET /api/v1/audit/verify']));
  });

  it('gives every route a permission entry that exists', () => {
    const missing = routes.filter((r) => r.permission === undefined || !(r.permission === 'public' || r.permission === 'authenticated' || isAction(r.permission)));
    expect(missing.map(label)).toEqual([]);
  });

  it('answers 401 to anonymous callers of every non-public route, and never 5xx', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const { status, error } = await call(route, null);
      if (status >= 500) wrong.push(`${label(route)}: ${status}`);
      else if (route.permission === 'public' ? status === 401 || status === 403 : !refused(status, error, 401, 'unauthenticated')) wrong.push(`${label(route)}: ${status} ${String(error)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to every role the table does not allow, and never 401/403 to a role it allows', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      for (const role of ROLES) {
        const { status, error } = await call(route, members[role]);
        if (status >= 500) wrong.push(`${label(route)} as ${role}: ${status}`);
        else if (allowed(role, route.permission)) {
          // A 401 may still come from a signature (a password re-entered for a critical step), never from the role check.
          if (status === 403 || (status === 401 && error !== 'signature-invalid')) wrong.push(`${label(route)} as ${role} (allowed): ${status} ${String(error)}`);
        } else if (!refused(status, error, 403, 'forbidden')) {
          wrong.push(`${label(route)} as ${role} (not allowed): ${status} ${String(error)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers 404 on every patient-scoped route to an allowed role that is not on the patient\'s care team', async () => {
    const scoped = routes.filter(isPatientScoped);
    expect(scoped.length).toBeGreaterThan(5);
    const wrong: string[] = [];
    for (const route of scoped) {
      for (const role of ROLES.filter((r) => allowed(r, route.permission))) {
        const { status, error } = await call(route, outsiders[role]);
        if (!refused(status, error, 404, 'not-found')) wrong.push(`${label(route)} as outsider ${role}: ${status} ${String(error)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('documents the routes of every module in one valid OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ paths: Record<string, Record<string, unknown>> }>();
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
    for (const path of ['/api/v1/patients', '/api/v1/patients/{patientId}/observations', '/api/v1/settings', '/api/v1/audit/verify', '/api/v1/users/{userId}/deactivate']) {
      expect(Object.keys(doc.paths[path] ?? {}).length, path).toBeGreaterThan(0);
    }
  });
});
