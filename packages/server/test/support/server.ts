import { SYSTEM_ACTOR } from '../../src/audit/trail.js';
import { DEFAULT_SESSION_POLICY } from '../../src/auth/sessions.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { buildApp, type App } from '../../src/app.js';
import { ensureDefaultSettings, type ServerContext } from '../../src/context.js';
import { createUser } from '../../src/domain/users.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestServer {
  readonly app: App;
  readonly ctx: ServerContext;
  readonly database: TestDatabase;
  /** One user per role: username = role name, password TEST_PASSWORD. */
  readonly users: Readonly<Record<Role, string>>;
  /** A bearer header for that role's user (a fresh session). */
  auth(role: Role): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** The clock; the real one by default. */
  readonly now?: () => Date;
  readonly onPatientDataChanged?: ServerContext['onPatientDataChanged'];
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const now = options.now ?? (() => new Date());
  const ctx: ServerContext = {
    db: database.db,
    now,
    sessionPolicy: DEFAULT_SESSION_POLICY,
    secureCookie: false,
    onPatientDataChanged: options.onPatientDataChanged ?? (() => Promise.resolve()),
  };
  await ensureDefaultSettings(database.db, now());
  const users = {} as Record<Role, string>;
  for (const role of ROLES) {
    const { id } = await database.db.transaction().execute((tx) => createUser(tx, SYSTEM_ACTOR, { username: role, displayName: `Test ${role}`, role, password: TEST_PASSWORD }, now()));
    users[role] = id;
  }
  const app = buildApp({ context: ctx, webRoot: null });
  await app.ready();
  return {
    app,
    ctx,
    database,
    users,
    async auth(role) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: role, password: TEST_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login as ${role} failed: ${res.statusCode} ${res.body}`);
      return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
