import { sql } from 'kysely';
import { buildApp, type App, type AppOptions } from './app.js';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from './auth/sessions.js';
import { currentSettings, ensureDefaultSettings, type ServerContext } from './context.js';
import { openDatabase, type DatabaseHandle } from './db/connect.js';
import type { PeriodicWork } from './periodic.js';
import { DEFAULT_EMBEDDED_DIR, startEmbeddedPostgres, type EmbeddedOptions, type EmbeddedPostgres } from './db/embedded.js';

/**
 * The composition root: configuration from the environment, the database (DATABASE_URL, or the
 * embedded PostgreSQL in a data directory), migrations, the institution's default settings, the
 * server context and the HTTP server.
 *
 * Environment:
 *   DATABASE_URL             PostgreSQL >= 15 (production). Unset: the embedded server.
 *   EMBEDDED_POSTGRES_DIR    its data directory (default ./data/postgres)
 *   EMBEDDED_POSTGRES_PORT   its port (default 5433, or a free one when 5433 is taken)
 *   HOST, PORT               where the HTTP server listens (default 127.0.0.1:8080)
 *   SESSION_IDLE_MINUTES     a session unused this long ends (default 30)
 *   SESSION_ABSOLUTE_HOURS   a session ends this long after login (default 12)
 *   COOKIE_SECURE            true behind HTTPS (default false, for http://127.0.0.1)
 */
export const MIN_POSTGRES_VERSION = 150000;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function positiveNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(name, `a positive number, not "${raw}"`);
  return value;
}

function portNumber(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new ConfigError(name, `an integer from 0 to 65535, not "${raw}"`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `true or false, not "${env[name]}"`);
}

export function sessionPolicyFrom(env: Env): SessionPolicy {
  const policy = {
    idleMinutes: positiveNumber(env, 'SESSION_IDLE_MINUTES', DEFAULT_SESSION_POLICY.idleMinutes),
    absoluteHours: positiveNumber(env, 'SESSION_ABSOLUTE_HOURS', DEFAULT_SESSION_POLICY.absoluteHours),
  };
  if (policy.idleMinutes > policy.absoluteHours * 60) throw new ConfigError('SESSION_IDLE_MINUTES', 'longer than SESSION_ABSOLUTE_HOURS: a session could never be idle that long');
  return policy;
}

export interface DatabaseOptions {
  /** Environment to read; process.env by default. */
  readonly env?: Env;
  /** Overrides DATABASE_URL. */
  readonly databaseUrl?: string;
  /** Overrides EMBEDDED_POSTGRES_DIR / EMBEDDED_POSTGRES_PORT. */
  readonly embedded?: EmbeddedOptions;
}

export interface ServerDatabase {
  /** The URL to connect to (it holds the embedded server's password: never print it). */
  readonly url: string;
  /** What to tell the operator about it (no password). */
  readonly description: string;
  /** The embedded server, or null with DATABASE_URL. */
  readonly embedded: EmbeddedPostgres | null;
  /** Stops the embedded server when this process started it. */
  stop(): Promise<void>;
}

function described(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

/** DATABASE_URL when set, else the embedded server (started here, or the one already running on its directory). */
export async function provideDatabase(options: DatabaseOptions = {}): Promise<ServerDatabase> {
  const env = options.env ?? process.env;
  const url = options.databaseUrl ?? env['DATABASE_URL'];
  if (url !== undefined && url.trim() !== '') return { url, description: described(url), embedded: null, stop: () => Promise.resolve() };
  const port = portNumber(env, 'EMBEDDED_POSTGRES_PORT');
  const embedded = await startEmbeddedPostgres({
    dataDir: env['EMBEDDED_POSTGRES_DIR'] ?? DEFAULT_EMBEDDED_DIR,
    ...(port === undefined ? {} : { port }),
    ...options.embedded,
  });
  const how = embedded.attached ? 'already running' : embedded.created ? 'new cluster' : 'started';
  return {
    url: embedded.url,
    description: `embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir} (${how})`,
    embedded,
    stop: () => embedded.stop(),
  };
}

/** Refuses a server older than the oldest version supported and tested (15, the Debian 12 package). */
export async function assertPostgresVersion(handle: DatabaseHandle): Promise<void> {
  const { rows } = await sql<{ server_version_num: string }>`SHOW server_version_num`.execute(handle.db);
  const version = Number(rows[0]?.server_version_num ?? 0);
  if (version < MIN_POSTGRES_VERSION) throw new ConfigError('DATABASE_URL', `PostgreSQL 15 or later is required; this server is ${version}`);
}

export interface StartOptions extends DatabaseOptions {
  /** Overrides HOST / PORT. Port 0 picks a free port. */
  readonly host?: string;
  readonly port?: number;
  readonly logger?: AppOptions['logger'];
  readonly webRoot?: AppOptions['webRoot'];
  /** The alert engine's re-evaluation of a patient (ServerContext.onPatientDataChanged); nothing by default. */
  readonly evaluate?: ServerContext['onPatientDataChanged'];
  /** Called once at start when the database holds no patient yet. */
  readonly loadDemoData?: (ctx: ServerContext) => Promise<void>;
  /** Background work started once the server listens and stopped before the pool closes (alert escalation, deadlines). */
  readonly workers?: readonly ((ctx: ServerContext) => PeriodicWork)[];
  /** Called once the server listens (e.g. to print the demo logins). */
  readonly afterStart?: (ctx: ServerContext) => Promise<void>;
  /** Where the operator's messages go; standard output by default. */
  readonly print?: (line: string) => void;
}

export interface ServerHandle {
  /** http://host:port */
  readonly url: string;
  readonly app: App;
  readonly context: ServerContext;
  readonly database: ServerDatabase;
  /** Stops accepting requests, lets those in flight finish, closes the pool, stops the embedded database. */
  close(): Promise<void>;
}

const noEvaluation: ServerContext['onPatientDataChanged'] = () => Promise.resolve();

export async function startServer(options: StartOptions = {}): Promise<ServerHandle> {
  const env = options.env ?? process.env;
  const print = options.print ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const host = options.host ?? env['HOST'] ?? '127.0.0.1';
  const port = options.port ?? portNumber(env, 'PORT') ?? 8080;
  const sessionPolicy = sessionPolicyFrom(env);
  const secureCookie = flag(env, 'COOKIE_SECURE', false);

  const database = await provideDatabase(options);
  let handle: DatabaseHandle | undefined;
  let app: App | undefined;
  try {
    handle = await openDatabase(database.url);
    await assertPostgresVersion(handle);
    const now = () => new Date();
    await ensureDefaultSettings(handle.db, now());
    const context: ServerContext = { db: handle.db, now, sessionPolicy, secureCookie, onPatientDataChanged: options.evaluate ?? noEvaluation };

    if (options.loadDemoData) {
      const patient = await handle.db.selectFrom('patients').select('id').limit(1).executeTakeFirst();
      if (!patient) {
        await options.loadDemoData(context);
        print('cartographer: the database held no patient: demo data loaded');
      }
    }

    // The calculators (public assessment routes) use the settings in force at start.
    const { settings } = await currentSettings(handle.db);
    app = buildApp({
      context,
      settings,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
    });
    const address = await app.listen({ host, port });
    print(`cartographer listening on ${address}`);
    print(`database: ${database.description}`);
    if (options.afterStart) await options.afterStart(context);

    const opened = handle;
    const server = app;
    const running = (options.workers ?? []).map((start) => start(context));
    let closing: Promise<void> | undefined;
    return {
      url: address,
      app: server,
      context,
      database,
      close: () => {
        closing ??= (async () => {
          try {
            await Promise.all(running.map((w) => w.stop()));
            await server.close();
          } finally {
            try {
              await opened.close();
            } finally {
              await database.stop();
            }
          }
        })();
        return closing;
      },
    };
  } catch (err) {
    await app?.close().catch(() => undefined);
    await handle?.close().catch(() => undefined);
    await database.stop().catch(() => undefined);
    throw err;
  }
}

/** The longest a shutdown may take before the process ends regardless (a stuck request, a hung database). */
const SHUTDOWN_LIMIT_MS = 30_000;

/**
 * Runs the server until SIGINT or SIGTERM, then shuts it down in order: in-flight requests
 * finish, the pool closes, the embedded PostgreSQL checkpoints and stops.
 */
export async function serve(options: StartOptions = {}): Promise<void> {
  // The handlers are in place before the server starts: a signal that arrives while it is still
  // starting (it prints its URL before the last start-up steps) waits for it, then shuts it down.
  let server: ServerHandle | undefined;
  let requested: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    if (!server) {
      requested = signal;
      return;
    }
    server.app.log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`cartographer: unclean shutdown: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    server = await startServer(options);
  } catch (err) {
    process.stderr.write(`cartographer: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    return;
  }
  if (requested) stop(requested);
}
