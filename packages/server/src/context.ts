import { InstitutionSettingsSchema, type InstitutionSettings } from '@cartographer/core';
import type { Actor } from './audit/trail.js';
import type { SessionPolicy } from './auth/sessions.js';
import type { Db, Tx } from './db/connect.js';

/**
 * What every server module is handed: the database, the clock and the hooks between modules.
 * Nothing here holds patient state in memory: several server processes may run side by side.
 */
export interface ServerContext {
  readonly db: Db;
  /** Server time; tests pass a fixed clock. */
  readonly now: () => Date;
  readonly sessionPolicy: SessionPolicy;
  readonly secureCookie: boolean;
  /**
   * Called in the same transaction after a patient's observations, administrations or course
   * change: the alert engine re-evaluates the patient here, so that the data and the alerts it
   * raises commit together.
   */
  readonly onPatientDataChanged: (tx: Tx, patientId: string, actor: Actor, now: Date) => Promise<void>;
}

export interface CurrentSettings {
  readonly version: number;
  readonly settings: InstitutionSettings;
}

/**
 * The institution settings in force (the newest version). The first version, the handbook's
 * defaults, is written when the database is empty, so that every stored assessment can name
 * the settings version it used.
 */
export async function currentSettings(db: Db | Tx): Promise<CurrentSettings> {
  const row = await db.selectFrom('institution_settings').select(['version', 'settings']).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) return { version: 0, settings: InstitutionSettingsSchema.parse({}) };
  return { version: row.version, settings: InstitutionSettingsSchema.parse(row.settings) };
}

export async function ensureDefaultSettings(db: Db, now: Date): Promise<void> {
  await db
    .insertInto('institution_settings')
    .values({ version: 1, settings: JSON.stringify(InstitutionSettingsSchema.parse({})), changed_by: null, reason: 'handbook defaults', changed_at: now })
    .onConflict((oc) => oc.column('version').doNothing())
    .execute();
}
