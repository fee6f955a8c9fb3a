import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/trail.js';
import { openDatabase } from '../../src/db/connect.js';
import { EmbeddedPostgresError, prepareDataDirectory, startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded.js';
import { createUser } from '../../src/domain/users.js';
import { runMigrations } from '../../src/admin/commands.js';

/**
 * The embedded PostgreSQL as `npm start` uses it: a real server on a data directory that
 * survives a restart. Never skipped: when the server cannot start here, the test fails.
 */

const base = mkdtempSync(join(tmpdir(), 'cartographer-embedded-'));
// mkdtemp makes a 0700 directory; as root the server runs as `postgres`, which must get through it.
chmodSync(base, 0o755);
const started: EmbeddedPostgres[] = [];
afterAll(async () => {
  for (const server of started) await server.stop();
  rmSync(base, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

const isRoot = process.getuid?.() === 0;

describe('embedded PostgreSQL', () => {
  it('initialises a data directory, migrates, and keeps the data across a restart', async () => {
    const dataDir = join(base, 'data', 'postgres');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port });
    started.push(first);
    expect(first).toMatchObject({ created: true, attached: false, port, dataDir });
    expect(first.url).toMatch(new RegExp(`^postgres://postgres:[^@]+@127\\.0\\.0\\.1:${port}/cartographer$`));
    if (isRoot) expect(statSync(dataDir).uid).not.toBe(0);
    expect(statSync(join(dataDir, 'password')).mode & 0o077).toBe(0);

    const applied = await runMigrations({ databaseUrl: first.url });
    expect(applied.applied).toEqual(expect.arrayContaining(['0001_initial', '0002_application_role']));
    let handle = await openDatabase(first.url);
    await handle.db.transaction().execute((tx) => createUser(tx, SYSTEM_ACTOR, { username: 'dr.lin', displayName: '林醫師', role: 'physician', password: 'a long test password' }, new Date()));
    await handle.close();

    // Another process (the CLI while the server runs) uses the running server instead of starting a second one.
    const attached = await startEmbeddedPostgres({ dataDir });
    expect(attached).toMatchObject({ attached: true, port });
    await attached.stop();

    await first.stop();
    expect(existsSync(join(dataDir, 'pgdata', 'postmaster.pid'))).toBe(false);
    await expect(new pg.Client({ connectionString: first.url }).connect()).rejects.toThrow();

    const second = await startEmbeddedPostgres({ dataDir, port });
    started.push(second);
    expect(second).toMatchObject({ created: false, attached: false });
    expect(second.url).toBe(first.url);
    expect((await runMigrations({ databaseUrl: second.url })).applied).toEqual([]);
    handle = await openDatabase(second.url);
    const users = await handle.db.selectFrom('users').select(['username', 'display_name']).execute();
    await handle.close();
    expect(users).toEqual([{ username: 'dr.lin', display_name: '林醫師' }]);
    await second.stop();
  });

  it('refuses a port that is taken when one is asked for', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((done) => blocker.listen(0, '127.0.0.1', () => done((blocker.address() as { port: number }).port)));
    try {
      await expect(startEmbeddedPostgres({ dataDir: join(base, 'busy'), port })).rejects.toThrow(new RegExp(`port ${port} is taken`));
    } finally {
      blocker.close();
    }
  });

  it('names a parent directory the server\'s OS user cannot enter instead of opening it up', async () => {
    const closed = join(base, 'closed');
    mkdirSync(closed, { mode: 0o700 });
    chmodSync(closed, 0o700);
    const stranger = { uid: 54_321, gid: 54_321 };
    await expect(prepareDataDirectory(join(closed, 'data', 'postgres'), stranger)).rejects.toThrow(EmbeddedPostgresError);
    await expect(prepareDataDirectory(join(closed, 'data', 'postgres'), stranger)).rejects.toThrow(`cannot enter ${closed} (mode 700)`);
    expect(statSync(closed).mode & 0o777).toBe(0o700);
  });
});
