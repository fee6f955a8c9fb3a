import { randomUUID } from 'node:crypto';
import { buildLineage, type CustodyEvent } from '@cartographer/core';
import { canonicalJson } from '../audit/canonical.js';
import { appendAudit, type Actor } from '../audit/trail.js';
import type { Tx } from '../db/connect.js';
import type { ChainRow } from './history.js';

/**
 * The lineage of an accepted step, kept as rows: the nodes and edges the core's lineage graph
 * gains when the step is added. The rows make identifiers unique across courses (a unique
 * index) and let an identifier be found without replaying every course.
 */
export async function writeLineage(tx: Tx, actor: Actor, chain: ChainRow, previous: readonly CustodyEvent[], event: CustodyEvent, eventId: string, now: Date): Promise<void> {
  const before = buildLineage(previous);
  const after = buildLineage([...previous, event]);
  const known = new Map(before.nodes.map((n) => [n.key, n]));
  const rows = await tx.selectFrom('custody_items').select(['id', 'kind', 'value']).where('chain_id', '=', chain.id).execute();
  const ids = new Map(rows.map((r) => [`${r.kind}:${r.value}`, r.id]));
  const added: { kind: string; value: string }[] = [];
  const aliased: { kind: string; value: string }[] = [];
  for (const node of after.nodes) {
    const old = known.get(node.key);
    if (old === undefined) {
      const id = randomUUID();
      await tx
        .insertInto('custody_items')
        .values({ id, chain_id: chain.id, kind: node.kind, value: node.value, aliases: JSON.stringify(node.aliases), event_id: eventId, created_at: now })
        .execute();
      ids.set(node.key, id);
      added.push({ kind: node.kind, value: node.value });
    } else if (canonicalJson(old.aliases) !== canonicalJson(node.aliases)) {
      await tx.updateTable('custody_items').set({ aliases: JSON.stringify(node.aliases) }).where('chain_id', '=', chain.id).where('kind', '=', node.kind).where('value', '=', node.value).execute();
      aliased.push({ kind: node.kind, value: node.value });
    }
  }
  const edges = after.edges.filter((e) => !before.edges.some((b) => b.from === e.from && b.to === e.to));
  for (const edge of edges) {
    await tx.insertInto('custody_links').values({ from_item: ids.get(edge.from)!, to_item: ids.get(edge.to)!, event_id: eventId }).execute();
  }
  if (added.length + aliased.length + edges.length > 0) {
    await appendAudit(
      tx,
      actor,
      { action: 'add', entityType: 'custody-lineage', entityId: chain.id, patientId: chain.patient_id, after: { eventId, items: added, aliasesChanged: aliased, links: edges.map((e) => ({ from: e.from, to: e.to })) } },
      now,
    );
  }
}
