import { evaluatePatient } from './alerts/evaluate.js';
import { runDueAlertWork } from './alerts/escalation.js';
import type { ServerContext } from './context.js';
import { runDueCustodyWork } from './custody/clocks.js';
import { loadDemoData } from './demo/load.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo/people.js';
import { runDueJourneyWork } from './journey/due.js';
import { startPeriodic } from './periodic.js';
import { serve } from './start.js';

/**
 * `npm start` and `cartographer start`: the production wiring of the server (configuration from
 * the environment: see start.ts). It runs until SIGINT or SIGTERM. DEMO_DATA=false keeps the
 * synthetic demo patients and users out of an empty database.
 */
const demo = (process.env['DEMO_DATA'] ?? 'true') !== 'false';
const intervalMs = Number(process.env['WORK_INTERVAL_SECONDS'] ?? '30') * 1000;
const print = (line: string) => void process.stdout.write(`${line}\n`);
const report = (what: string) => (err: unknown) => process.stderr.write(`cartographer: ${what} failed: ${err instanceof Error ? err.message : String(err)}\n`);

async function demoData(ctx: ServerContext): Promise<void> {
  await loadDemoData(ctx);
}

async function printDemoLogins(ctx: ServerContext): Promise<void> {
  const present = await ctx.db.selectFrom('users').select('username').where('username', 'in', DEMO_USERS.map((u) => u.username)).where('active', '=', true).execute();
  if (present.length === 0) return;
  print(`demo logins (password "${DEMO_PASSWORD}"; synthetic data, not for patient care):`);
  for (const u of DEMO_USERS) if (present.some((p) => p.username === u.username)) print(`  ${u.username.padEnd(12)} ${u.role.padEnd(26)} ${u.displayName}`);
}

await serve({
  logger: { level: process.env['LOG_LEVEL'] ?? 'info' },
  evaluate: evaluatePatient,
  ...(demo ? { loadDemoData: demoData } : {}),
  print,
  afterStart: printDemoLogins,
  workers: [
    (ctx) => startPeriodic(() => runDueAlertWork(ctx.db, ctx.now()), intervalMs, report('alert escalation')),
    (ctx) => startPeriodic(() => runDueJourneyWork(ctx.db, ctx.now()), intervalMs, report('deadline check')),
    (ctx) => startPeriodic(() => runDueCustodyWork(ctx.db, ctx.now()), intervalMs, report('custody clock check')),
  ],
});
