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
