// One step before `npm start` and `npm test` on any machine, fresh or not: install the locked
// dependencies when they are missing or stale, then build what the CLI and server run from.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (command) => execSync(command, { stdio: 'inherit' });
const installed = 'node_modules/.package-lock.json';
const stale = !existsSync(installed) || statSync('package-lock.json').mtimeMs > statSync(installed).mtimeMs;
// `npm install` rather than `npm ci`: the registry mirror here lacks the other platforms' optional
// packages (e.g. rollup's), which `npm ci` demands in the lockfile; install keeps the locked versions.
if (stale) run('npm install --no-audit --no-fund');
run('npm run build --silent');

// The browser tests (packages/web/test/e2e) drive the machine's Chromium. CI installs it when it
// is missing; a failed install stops here rather than in the middle of the tests.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (process.env.CI === 'true' && !existsSync(chromium)) {
  try {
    run('apt-get update -qq');
    run('DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
  } catch (err) {
    console.error(`setup: installing Chromium with apt-get failed (${err.message}); the browser tests need ${chromium}.`);
    process.exit(1);
  }
  if (!existsSync(chromium)) {
    console.error(`setup: apt-get installed chromium but ${chromium} is still missing; set CHROMIUM_PATH to the browser's path.`);
    process.exit(1);
  }
}
