import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, verifyAuditTrail } from '../../src/admin/commands.js';
import { verifyPassword } from '../../src/auth/passwords.js';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../support/database.js';

/** The administration commands as an operator runs them: the built `cartographer` against a database named by DATABASE_URL. */
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = `${root}packages/server/dist/cli.js`;

function cartographer(args: string[], databaseUrl: string, input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: databaseUrl },
    ...(input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] } : { input }),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe('cartographer migrate', () => {
  it('applies the migrations to an empty database and prints them; a second run applies none', async () => {
    const name = `cartographer_cli_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    try {
      const first = cartographer(['migrate'], url.toString());
      expect(first.status, first.stderr).toBe(0);
      const report = JSON.parse(first.stdout) as { database: string; applied: string[] };
      expect(report.database).toBe(`PostgreSQL at ${url.hostname}:${url.port}/${name}`);
      expect(report.applied.slice(0, 2)).toEqual(['0001_initial', '0002_application_role']);
      const second = cartographer(['migrate'], url.toString());
      expect(JSON.parse(second.stdout)).toMatchObject({ applied: [] });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('cartographer user add', () => {
  it('creates a user with the password read from standard input, audited as the operator', async () => {
    const run = cartographer(['user', 'add', '--username', 'admin.chen', '--name', '陳管理員', '--role', 'administrator', '--password-stdin'], t.url, 'a password with spaces \n');
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { id: string; username: string; role: string };
    expect(printed).toMatchObject({ username: 'admin.chen', role: 'administrator' });
    expect(run.stdout).not.toContain('password with spaces');
    const row = await t.db.selectFrom('users').selectAll().where('username', '=', 'admin.chen').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ id: printed.id, display_name: '陳管理員', role: 'administrator', active: true });
    // Only the final line break is dropped: inner and trailing spaces are part of the password.
    expect(await verifyPassword(row.password_hash, 'a password with spaces ')).toBe(true);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity_id', '=', printed.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'create', entity_type: 'user', actor_id: null, actor_name: `cli:${userInfo().username}` });
    expect(JSON.stringify(audit.after)).not.toMatch(/argon|password/);
  });

  it('refuses a short password and a taken username with the API\'s error, exit code 2', () => {
    const short = cartographer(['user', 'add', '--username', 'nurse.ho', '--name', 'x', '--role', 'nurse', '--password-stdin', '--lang', 'en'], t.url, 'short\n');
    expect(short.status).toBe(2);
    expect(JSON.parse(short.stdout)).toMatchObject({ error: 'invalid-input', issues: [{ path: 'password', rule: 'user.password-too-short', message: 'The password has at least 10 characters.' }] });
    const taken = cartographer(['user', 'add', '--username', 'admin.chen', '--name', 'x', '--role', 'nurse', '--password-stdin'], t.url, 'a long enough password\n');
    expect(taken.status).toBe(2);
    expect(JSON.parse(taken.stdout)).toMatchObject({ error: 'conflict', issues: [{ path: 'username', rule: 'user.username-taken' }] });
  });

  it('never takes the password from the command line: without a terminal it asks for --password-stdin', () => {
    const run = cartographer(['user', 'add', '--username', 'nurse.ho', '--name', 'x', '--role', 'nurse'], t.url);
    expect(run.status).toBe(2);
    const problem = JSON.parse(run.stdout) as { error: string; message: string };
    expect(problem.error).toBe('password-unreadable');
    expect(problem.message).toContain('--password-stdin');
    const argv = cartographer(['user', 'add', '--username', 'nurse.ho', '--name', 'x', '--role', 'nurse', '--password', 'a long enough password'], t.url);
    expect(argv.status).toBe(2);
    expect(argv.stderr).toMatch(/unknown option '--password'/);
  });

  it('is also a function for other tools (same database, same rules)', async () => {
    const made = await addUser({ username: 'tech.kao', displayName: '高技術員', role: 'cell-therapy-technologist', password: 'a long test password' }, { databaseUrl: t.url }, { id: null, name: 'cli:test' });
    expect(made).toMatchObject({ username: 'tech.kao', role: 'cell-therapy-technologist' });
  });
});

describe('cartographer audit verify', () => {
  it('prints the records checked and the head hash, exit 0, while the chain is intact', async () => {
    const run = cartographer(['audit', 'verify'], t.url);
    expect(run.status, run.stderr).toBe(0);
    const head = await t.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(JSON.parse(run.stdout)).toEqual({ records: Number(head.seq), ok: true, problems: [], headHash: head.hash });
  });

  it('exits 1 and names the seq and kind of a record edited behind the application\'s back', async () => {
    await t.asOwner('ALTER TABLE audit_log DISABLE TRIGGER USER');
    try {
      await t.asOwner(`UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 2`);
    } finally {
      await t.asOwner('ALTER TABLE audit_log ENABLE TRIGGER USER');
    }
    const run = cartographer(['audit', 'verify'], t.url);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; problems: { seq: string; problem: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ seq: '2', problem: 'hash-mismatch' })]);
    expect((await verifyAuditTrail({ databaseUrl: t.url })).problems).toEqual(report.problems);
  });
});
