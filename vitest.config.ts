import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run against the sources so that a change is tested without a build step.
    alias: { '@cartographer/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
    testTimeout: 60_000,
    // A suite's setup may create a database and load the demo patients: on a loaded shared machine
    // that has taken over the default 10 s (CI run of 2026-11-22, day-4-bundle).
    hookTimeout: 60_000,
  },
});
