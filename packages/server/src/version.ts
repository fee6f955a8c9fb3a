import { readFileSync } from 'node:fs';

/** The server's own version, from its package.json (the same file from src/ and from dist/). */
export const SERVER_VERSION: string = (() => {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null ? (pkg as Record<string, unknown>)['version'] : undefined;
  return typeof version === 'string' ? version : '0.0.0';
})();
