import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';

/**
 * Integration tests run against the machine's PostgreSQL (127.0.0.1:5432, database `test`),
 * each test file in a database of its own, dropped afterwards. Set TEST_DATABASE_URL to use
 * another server. Without PostgreSQL the tests fail: they are never skipped silently.
 */
export const ADMIN_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface TestDatabase extends DatabaseHandle {
  readonly url: string;
  readonly name: string;
  /** Runs SQL as the connecting superuser, behind the application's back (for tamper tests). */
  asOwner<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<T>>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `cartographer_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  const handle = await openDatabase(url, { max: 5 });
  const owner = new pg.Pool({ connectionString: url, max: 1 });
  // pg-pool's end() resolves before its clients' connections have closed, so DROP ... WITH (FORCE)
  // may terminate one that is still closing: that client's "terminating connection" error is
  // expected then, and without a listener the pool would raise it as an uncaught exception.
  owner.on('error', () => undefined);
  return {
    ...handle,
    url,
    name,
    asOwner: (text, values) => owner.query(text, values),
    async drop() {
      await handle.close();
      await owner.end();
      const again = new pg.Client({ connectionString: ADMIN_URL });
      await again.connect();
      try {
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}
