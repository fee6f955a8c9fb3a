import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.js';
import { APPLICATION_ROLE } from './role.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

// timestamptz as Date, bigint (audit seq, counts) as string, date as 'YYYY-MM-DD' (no time zone shift).
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export interface DatabaseHandle {
  readonly db: Db;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Apply pending migrations (as the connecting user) before handing the database out. */
  readonly migrate?: boolean;
  /** Largest number of pooled connections. */
  readonly max?: number;
}

/**
 * Opens the database at `url`: migrates it as the connecting user, then hands out a pool whose
 * connections all work as the application role (append-only audit trail).
 */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.migrate !== false) {
    const owner = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
    try {
      await migrateToLatest(owner);
    } finally {
      await owner.destroy();
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  pool.on('connect', (client) => {
    client.query(`SET ROLE ${APPLICATION_ROLE}`).catch((err: unknown) => client.emit('error', err));
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, close: () => db.destroy() };
}
