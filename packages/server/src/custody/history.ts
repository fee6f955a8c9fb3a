import {
  CustodyEvent,
  initialCustodyState,
  InstitutionSettingsSchema,
  replayCustody,
  type CabinetState,
  type CustodyContext,
  type CustodyPathway,
  type CustodyState,
  type CustodyStep,
  type InstitutionSettings,
} from '@cartographer/core';
import type { Db, Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { ApiError } from '../errors.js';

/**
 * A course's custody state is rebuilt from its stored accepted events, each replayed through the
 * core with the context it was accepted in (cabinet occupancy, permitted roles, settings
 * version), so that the state never depends on a cached copy or on later changes of those.
 */

/** What is stored with each event to replay it as it was applied. */
export interface StoredContext {
  /** The occupancy of the event's cabinet when it was applied; null when it named none, or was refused. */
  readonly cabinets: CabinetState | null;
  readonly permittedRoles: Partial<Record<CustodyStep, readonly string[]>>;
  readonly settingsVersion: number;
}

export type ChainRow = Row<'custody_chains'>;

export interface History {
  readonly initial: CustodyState;
  readonly state: CustodyState;
  /** The accepted events in the order they were applied. */
  readonly events: readonly CustodyEvent[];
}

export class ReplayDivergedError extends Error {
  constructor(chainId: string, position: number) {
    super(`custody chain ${chainId}: stored event at position ${position} is no longer accepted on replay`);
    this.name = 'ReplayDivergedError';
  }
}

/** The chain, locked for the rest of the transaction: the events of one course are applied one at a time. */
export async function lockChain(tx: Tx, chainId: string): Promise<ChainRow> {
  const row = await tx.selectFrom('custody_chains').selectAll().where('id', '=', chainId).forUpdate().executeTakeFirst();
  if (!row) throw new ApiError('not-found', { issues: [{ path: 'chainId', rule: 'custody.chain-unknown' }] });
  return row;
}

async function settingsByVersion(db: Db | Tx, versions: readonly number[]): Promise<Map<number, InstitutionSettings>> {
  const wanted = [...new Set(versions)].filter((v) => v > 0);
  const rows = wanted.length === 0 ? [] : await db.selectFrom('institution_settings').select(['version', 'settings']).where('version', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.version, InstitutionSettingsSchema.parse(r.settings)]));
}

export function initialStateOf(chain: ChainRow): CustodyState {
  return initialCustodyState({ coi: chain.coi, patientId: chain.patient_id, pathway: chain.pathway as CustodyPathway });
}

/** Replays the chain's accepted events; a stored event that the core no longer accepts is a defect, not input. */
export async function loadHistory(db: Db | Tx, chain: ChainRow): Promise<History> {
  const rows = await db.selectFrom('custody_events').select(['event', 'context', 'position']).where('chain_id', '=', chain.id).where('outcome', '=', 'accepted').orderBy('position').execute();
  const events = rows.map((r) => CustodyEvent.parse(r.event));
  const contexts = rows.map((r) => r.context as unknown as StoredContext);
  const settings = await settingsByVersion(
    db,
    contexts.map((c) => c.settingsVersion),
  );
  const contextOf = (_event: CustodyEvent, index: number): CustodyContext => {
    const stored = contexts[index]!;
    const version = settings.get(stored.settingsVersion);
    return { ...(version ? { settings: version } : {}), ...(stored.cabinets ? { cabinets: stored.cabinets } : {}), permittedRoles: stored.permittedRoles };
  };
  const initial = initialStateOf(chain);
  const { state, outcomes } = replayCustody(initial, events, contextOf);
  const diverged = outcomes.findIndex((o) => o.status !== 'accepted');
  if (diverged >= 0) throw new ReplayDivergedError(chain.id, rows[diverged]!.position ?? diverged);
  return { initial, state, events };
}
