import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import * as initial from './migrations/0001_initial.js';
import * as applicationRole from './migrations/0002_application_role.js';
import * as referenceRanges from './migrations/0003_reference_ranges.js';
import * as custody from './migrations/0004_custody.js';

/**
 * Every migration, in order. Listed here rather than read from a folder so that the built
 * server carries them and a missing file is a compile error, not a surprise at start.
 * New migrations grant their tables to the application role themselves.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
  '0002_application_role': applicationRole,
  '0003_reference_ranges': referenceRanges,
  '0004_custody': custody,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) };

export class MigrationFailedError extends Error {
  constructor(
    readonly migration: string | undefined,
    cause: unknown,
  ) {
    super(`migration ${migration ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationFailedError';
  }
}

/** Applies the pending migrations (each in its own transaction, under Kysely's migration lock). */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationFailedError(failed?.migrationName, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
