import { userInfo } from 'node:os';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Actor } from '../audit/trail.js';
import { verifyAudit, type AuditVerification } from '../audit/trail.js';
import { openDatabase, type Db } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { createUser, type NewUser } from '../domain/users.js';
import { evaluatePatient } from '../alerts/evaluate.js';
import { DEFAULT_SESSION_POLICY } from '../auth/sessions.js';
import { ensureDefaultSettings, type ServerContext } from '../context.js';
import { processTransactionBundle } from '../fhir/transaction.js';
import { provideDatabase, type DatabaseOptions } from '../start.js';

/**
 * What the administration commands of the CLI do, apart from reading arguments and printing:
 * each opens the database the server would (DATABASE_URL, or the embedded one, which is started
 * for the command and stopped after it unless a server is already running on it).
 */

/** The operator at the terminal, as the audit trail names them. */
export function cliActor(): Actor {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = 'unknown';
  }
  return { id: null, name: `cli:${name}` };
}

async function withDatabase<T>(options: DatabaseOptions, migrate: boolean, work: (db: Db) => Promise<T>): Promise<T> {
  const database = await provideDatabase(options);
  try {
    const handle = await openDatabase(database.url, { migrate, max: 2 });
    try {
      return await work(handle.db);
    } finally {
      await handle.close();
    }
  } finally {
    await database.stop();
  }
}

export interface MigrationReport {
  readonly database: string;
  /** The migrations applied now, in order; empty when the schema was already up to date. */
  readonly applied: readonly string[];
}

export async function runMigrations(options: DatabaseOptions = {}): Promise<MigrationReport> {
  const database = await provideDatabase(options);
  try {
    const owner = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }) });
    try {
      return { database: database.description, applied: await migrateToLatest(owner) };
    } finally {
      await owner.destroy();
    }
  } finally {
    await database.stop();
  }
}

/** Creates a user (migrating first, so that the first administrator can be made before the first start). */
export function addUser(input: NewUser, options: DatabaseOptions = {}, actor: Actor = cliActor(), now: Date = new Date()): Promise<{ id: string; username: string; role: string }> {
  return withDatabase(options, true, async (db) => {
    const { id, role } = await db.transaction().execute((tx) => createUser(tx, actor, input, now));
    return { id, username: input.username, role };
  });
}

/** Checks the audit trail's hash chain; reads only (no migration). */
export function verifyAuditTrail(options: DatabaseOptions = {}): Promise<AuditVerification> {
  return withDatabase(options, false, (db) => verifyAudit(db));
}

export interface ImportReport {
  readonly entries: number;
  readonly created: number;
  readonly matched: number;
}

/**
 * Imports a FHIR transaction Bundle (a replayed feed, a migration) as the operator, in one
 * transaction: every entry is stored and evaluated by the alert engine, or none is. Entries that
 * match an existing identifier (If-None-Exist, Observation.identifier) are left as they are.
 */
export function importBundle(bundle: unknown, options: DatabaseOptions = {}, actor: Actor = cliActor(), now: Date = new Date()): Promise<ImportReport> {
  return withDatabase(options, true, async (db) => {
    await ensureDefaultSettings(db, now);
    const ctx: ServerContext = { db, now: () => now, sessionPolicy: DEFAULT_SESSION_POLICY, secureCookie: false, onPatientDataChanged: evaluatePatient };
    const response = await processTransactionBundle(ctx, { kind: 'unrestricted', actor }, bundle, now);
    const statuses = (response.entry ?? []).map((e) => e.response?.status ?? '');
    return { entries: statuses.length, created: statuses.filter((s) => s.startsWith('201')).length, matched: statuses.filter((s) => s.startsWith('200')).length };
  });
}
