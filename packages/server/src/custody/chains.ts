import { randomUUID } from 'node:crypto';
import { assignDin, initialCustodyState, issueCoi, type CustodyPathway, type ManufacturerIdentifier } from '@cartographer/core';
import { sql } from 'kysely';
import { appendAudit, type Actor } from '../audit/trail.js';
import { currentSettings } from '../context.js';
import type { Tx } from '../db/connect.js';
import { ApiError, invalid } from '../errors.js';
import type { ChainRow } from './history.js';
import { postgresError } from './store.js';
import './texts.js';

/**
 * A course's chain of identity: its COI identifier issued by the core (the ISBT 128 Chain of
 * Identity Identifier with a facility code, an institution-local one without), and, with a
 * facility code, the ISBT 128 DIN of its first collection. Sequence numbers come from PostgreSQL
 * sequences, so that several server processes never issue the same one.
 */

export interface NewChain {
  readonly patientId: string;
  readonly episodeId: string;
  readonly pathway: CustodyPathway;
  readonly manufacturerIdentifiers: readonly ManufacturerIdentifier[];
}

/** The calendar year of `now` where the institution is (the year printed in COI and DIN). */
function yearIn(now: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(now));
}

async function nextNumber(tx: Tx, sequence: 'custody_coi_sequence' | 'custody_din_sequence'): Promise<number> {
  try {
    const { rows } = await sql<{ n: string }>`SELECT nextval(${sequence}::regclass) AS n`.execute(tx);
    return Number(rows[0]!.n);
  } catch (err) {
    // 2200H: sequence_generator_limit_exceeded.
    if (postgresError(err)?.code === '2200H') throw new ApiError('conflict', { issues: [{ path: '', rule: 'custody.sequence-exhausted', params: { sequence: sequence === 'custody_coi_sequence' ? 'COI' : 'DIN' } }] });
    throw err;
  }
}

export async function createChain(tx: Tx, actor: Actor, input: NewChain, now: Date): Promise<ChainRow> {
  // The episode row is the lock that keeps two chains of one course from being created at once.
  const episode = await tx.selectFrom('episodes').select(['id', 'kind']).where('id', '=', input.episodeId).where('patient_id', '=', input.patientId).forUpdate().executeTakeFirst();
  if (!episode) throw invalid('episodeId', 'custody.episode-unknown');
  if (episode.kind !== 'car-t-course') throw invalid('episodeId', 'custody.episode-not-car-t', { kind: episode.kind });
  const existing = await tx.selectFrom('custody_chains').select('coi').where('episode_id', '=', input.episodeId).executeTakeFirst();
  if (existing) throw new ApiError('conflict', { issues: [{ path: 'episodeId', rule: 'custody.chain-exists', params: { coi: existing.coi } }] });

  const { settings } = await currentSettings(tx);
  const year = yearIn(now, settings.timeZone);
  const coi = issueCoi({ facilityCode: settings.facilityCode, year, sequence: await nextNumber(tx, 'custody_coi_sequence') });
  const din = settings.facilityCode === null ? null : assignDin({ facilityCode: settings.facilityCode, year, sequence: await nextNumber(tx, 'custody_din_sequence') });
  const id = randomUUID();
  const state = initialCustodyState({ coi: coi.value, patientId: input.patientId, pathway: input.pathway });
  const row = await tx
    .insertInto('custody_chains')
    .values({
      id,
      patient_id: input.patientId,
      episode_id: input.episodeId,
      coi: coi.value,
      coi_scheme: coi.scheme,
      coi_check_character: coi.checkCharacter,
      din: din?.din ?? null,
      din_check_character: din?.checkCharacter ?? null,
      pathway: input.pathway,
      manufacturer_identifiers: JSON.stringify(input.manufacturerIdentifiers),
      state: JSON.stringify(state),
      created_at: now,
      created_by: actor.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: 'create', entityType: 'custody-chain', entityId: id, patientId: input.patientId, after: row }, now);
  return row;
}
