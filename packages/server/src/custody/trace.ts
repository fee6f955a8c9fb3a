import { buildLineage, traceLineage, type LineageKind } from '@cartographer/core';
import { sql } from 'kysely';
import { accessiblePatientIds } from '../auth/patient-access.js';
import type { SessionUser } from '../auth/sessions.js';
import type { Db } from '../db/connect.js';
import { ApiError } from '../errors.js';
import { loadHistory } from './history.js';
import './texts.js';

export interface IdentifierQuery {
  readonly kind: LineageKind | 'manufacturer';
  readonly value: string;
  readonly system?: string;
}

/**
 * Traces an identifier both ways through the courses that hold it (found through the lineage
 * rows, so that no course is replayed in vain), limited to the caller's care teams. A course the
 * caller may not see and an identifier nobody holds give the same answer.
 */
export async function traceIdentifier(db: Db, user: SessionUser, query: IdentifierQuery) {
  let items = db.selectFrom('custody_items').select('chain_id').distinct();
  items =
    query.kind === 'manufacturer'
      ? items.where(sql<boolean>`aliases @> ${JSON.stringify([query.system === undefined ? { value: query.value } : { system: query.system, value: query.value }])}::jsonb`)
      : items.where('kind', '=', query.kind).where('value', '=', query.value);
  const chainIds = (await items.execute()).map((r) => r.chain_id);
  const patients = await accessiblePatientIds(db, user);
  const chains =
    chainIds.length === 0 || patients.length === 0
      ? []
      : await db.selectFrom('custody_chains').selectAll().where('id', 'in', chainIds).where('patient_id', 'in', patients).orderBy('created_at').orderBy('id').execute();
  const traces = [];
  for (const chain of chains) {
    const trace = traceLineage(buildLineage((await loadHistory(db, chain)).events), query);
    if (trace === null) continue;
    const node = (n: (typeof trace.start)[number]) => ({ key: n.key, kind: n.kind, value: n.value, aliases: [...n.aliases] });
    traces.push({ chainId: chain.id, patientId: chain.patient_id, coi: chain.coi, start: trace.start.map(node), forward: trace.forward.map(node), backward: trace.backward.map(node), edges: [...trace.edges] });
  }
  if (traces.length === 0) throw new ApiError('not-found', { issues: [{ path: 'value', rule: 'custody.identifier-unknown' }] });
  return traces;
}
