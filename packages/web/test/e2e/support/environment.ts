import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What a browser test needs from the machine, checked first so that a missing piece fails with
 * what to do about it. Nothing is skipped: a test that cannot run has failed.
 */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const WEB_DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));
const WEB_SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function assertBrowserTestEnvironment(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (scripts/setup.mjs does so when CI=true), or set CHROMIUM_PATH. The browser tests do not skip.`,
    );
  }
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`The web app is not built (${index} is missing): run \`npm run build -w @cartographer/web\` first.`);
  }
  // A build older than its sources would test yesterday's app.
  if (statSync(index).mtimeMs < newestIn(WEB_SRC)) {
    throw new Error(`The web app build in ${WEB_DIST} is older than packages/web/src: run \`npm run build -w @cartographer/web\` again.`);
  }
}
