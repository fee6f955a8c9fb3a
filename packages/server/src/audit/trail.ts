import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/connect.js';
import { canonicalJson } from './canonical.js';

/** The first record's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

export interface Actor {
  readonly id: string | null;
  readonly name: string;
}
export const SYSTEM_ACTOR: Actor = Object.freeze({ id: null, name: 'system' });

export interface AuditEntry {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly patientId?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason?: string | null;
}

interface HashedFields {
  seq: string;
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  patientId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export function recordHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}

/** jsonb keeps JSON values only: what is hashed is what can be read back. */
function jsonValue(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

// Appends are serialised by a transaction-scoped advisory lock so that the chain follows the
// sequence order even with several server processes; the lock is released at commit.
const AUDIT_LOCK = 0x63617274; // 'cart'

/**
 * Writes one audit record in the caller's transaction, chained to the previous record. Call it
 * in the same transaction as the change it records: both commit or neither does.
 */
export async function appendAudit(tx: Tx, actor: Actor, entry: AuditEntry, now: Date = new Date()): Promise<string> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
  const last = await tx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields: HashedFields = {
    seq: (BigInt(last?.seq ?? '0') + 1n).toString(),
    id: randomUUID(),
    at: now.toISOString(),
    actorId: actor.id,
    actorName: actor.name,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    patientId: entry.patientId ?? null,
    before: jsonValue(entry.before),
    after: jsonValue(entry.after),
    reason: entry.reason ?? null,
  };
  const hash = recordHash(prevHash, fields);
  await tx
    .insertInto('audit_log')
    .values({
      seq: fields.seq,
      id: fields.id,
      at: fields.at,
      actor_id: fields.actorId,
      actor_name: fields.actorName,
      action: fields.action,
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      patient_id: fields.patientId,
      before: fields.before === null ? null : JSON.stringify(fields.before),
      after: fields.after === null ? null : JSON.stringify(fields.after),
      reason: fields.reason,
      prev_hash: prevHash,
      hash,
    })
    .execute();
  return fields.id;
}

export interface AuditProblem {
  readonly seq: string;
  readonly problem: 'hash-mismatch' | 'chain-broken' | 'sequence-gap';
  readonly detail: string;
}

export interface AuditVerification {
  readonly records: number;
  readonly ok: boolean;
  readonly problems: readonly AuditProblem[];
  readonly lastHash: string;
}

/**
 * Re-computes the chain from the first record: an edited record no longer matches its hash, a
 * deleted one leaves a gap and breaks the next record's link, a reordered pair breaks both links.
 */
export async function verifyAudit(db: Db | Tx, batchSize = 1000): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let prevHash = GENESIS_HASH;
  let prevSeq: bigint | null = null;
  let records = 0;
  let after = '0';
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(batchSize).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      records += 1;
      const seq = BigInt(row.seq);
      const expectedSeq: bigint = (prevSeq ?? 0n) + 1n;
      if (seq !== expectedSeq) {
        problems.push({ seq: row.seq, problem: 'sequence-gap', detail: `record ${expectedSeq} to ${seq - 1n} missing` });
      }
      if (row.prev_hash !== prevHash) {
        problems.push({ seq: row.seq, problem: 'chain-broken', detail: 'does not link to the record before it' });
      }
      const expected = recordHash(row.prev_hash, {
        seq: row.seq,
        id: row.id,
        at: row.at.toISOString(),
        actorId: row.actor_id,
        actorName: row.actor_name,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        patientId: row.patient_id,
        before: row.before,
        after: row.after,
        reason: row.reason,
      });
      if (expected !== row.hash) problems.push({ seq: row.seq, problem: 'hash-mismatch', detail: 'content differs from what was recorded' });
      prevHash = row.hash;
      prevSeq = seq;
      after = row.seq;
    }
  }
  return { records, ok: problems.length === 0, problems, lastHash: prevHash };
}
