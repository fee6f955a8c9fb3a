import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/trail.js';
import type { ServerContext } from '../../src/context.js';
import { createPatient } from '../../src/domain/patients.js';
import { ConfigError, sessionPolicyFrom, startServer } from '../../src/start.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe('startServer', () => {
  it('serves HTTP over DATABASE_URL with the session policy from the environment, and loads demo data only into an empty database', async () => {
    const printed: string[] = [];
    const loads: ServerContext[] = [];
    const evaluate: ServerContext['onPatientDataChanged'] = () => Promise.resolve();
    const loadDemoData = async (ctx: ServerContext) => {
      loads.push(ctx);
      await ctx.db.transaction().execute((tx) =>
        createPatient(
          tx,
          SYSTEM_ACTOR,
          {
            name: '示範病人',
            birthDate: '1970-01-01',
            sex: 'female',
            identifiers: [
              { system: 'urn:test:mrn', value: 'D-1', kind: 'medical-record-number' },
              { system: 'urn:test:program', value: 'D-2', kind: 'program-id' },
            ],
          },
          ctx.now(),
        ),
      );
    };
    const options = {
      env: { DATABASE_URL: t.url, SESSION_IDLE_MINUTES: '15', SESSION_ABSOLUTE_HOURS: '8', COOKIE_SECURE: 'true' },
      host: '127.0.0.1',
      port: 0,
      webRoot: null,
      evaluate,
      loadDemoData,
      print: (line: string) => printed.push(line),
    };

    const server = await startServer(options);
    try {
      expect(server.context).toMatchObject({ sessionPolicy: { idleMinutes: 15, absoluteHours: 8 }, secureCookie: true });
      expect(server.context.onPatientDataChanged).toBe(evaluate);
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      const settings = await t.db.selectFrom('institution_settings').select('version').execute();
      expect(settings).toEqual([{ version: 1 }]);
      expect(loads).toHaveLength(1);
      expect(printed).toEqual(expect.arrayContaining([`cartographer listening on ${server.url}`, expect.stringMatching(/^database: PostgreSQL at 127\.0\.0\.1:5432\//)]));
      expect(printed.join('\n')).not.toMatch(/password/);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();

    const again = await startServer(options);
    await again.close();
    expect(loads).toHaveLength(1);
  });

  it('refuses a configuration that cannot work, naming the variable', async () => {
    expect(() => sessionPolicyFrom({ SESSION_IDLE_MINUTES: 'thirty' })).toThrow(ConfigError);
    expect(() => sessionPolicyFrom({ SESSION_IDLE_MINUTES: 'thirty' })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => sessionPolicyFrom({ SESSION_IDLE_MINUTES: '600', SESSION_ABSOLUTE_HOURS: '8' })).toThrow(/longer than SESSION_ABSOLUTE_HOURS/);
    expect(sessionPolicyFrom({})).toEqual({ idleMinutes: 30, absoluteHours: 12 });
    await expect(startServer({ env: { DATABASE_URL: t.url, COOKIE_SECURE: 'maybe' }, print: () => undefined })).rejects.toThrow(/COOKIE_SECURE/);
    await expect(startServer({ env: { DATABASE_URL: t.url, PORT: '80000' }, print: () => undefined })).rejects.toThrow(/PORT/);
  });
});

describe('the built server process', () => {
  it('starts, answers, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [`${root}packages/server/dist/main.js`], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /cartographer listening on (http:\/\/\S+)/.exec(output);
        if (found?.[1]) done(found[1]);
      });
      child.once('exit', (code) => fail(new Error(`exited ${String(code)} before listening: ${output}`)));
    });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
