import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../audit/canonical.js';
import { appendAudit } from '../audit/trail.js';
import type { Tx } from '../db/connect.js';
import { ApiError } from '../errors.js';
import { verifyPassword } from './passwords.js';
import type { SessionUser } from './sessions.js';

/** What a signature means (21 CFR 11.50 asks that the meaning be shown with the signature). */
export const SIGNATURE_MEANINGS = [
  'eligibility-decision',
  'product-release',
  'product-receipt',
  'ldc-order',
  'infusion',
  'override',
  'step-completion',
  'settings-change',
  'custody-performed',
  'custody-verified',
  'deviation-sign-off',
] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

export interface Signature {
  readonly id: string;
  readonly signerName: string;
  readonly signerRole: string;
  readonly meaning: SignatureMeaning;
  readonly recordType: string;
  readonly recordId: string;
  readonly recordHash: string;
  readonly signedAt: string;
}

export function hashRecord(record: unknown): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

/**
 * Signs a record: the signer re-enters the password, and the signature is bound to the hash of
 * the record as signed, so any later change to the record no longer matches it.
 */
export async function signRecord(
  tx: Tx,
  user: SessionUser,
  password: string,
  meaning: SignatureMeaning,
  record: { readonly type: string; readonly id: string; readonly content: unknown; readonly patientId?: string | null },
  now: Date,
): Promise<Signature> {
  const row = await tx.selectFrom('users').select(['password_hash', 'active']).where('id', '=', user.id).executeTakeFirst();
  if (!row?.active || !(await verifyPassword(row.password_hash, password))) throw new ApiError('signature-invalid');
  const signature: Signature = {
    id: randomUUID(),
    signerName: user.displayName,
    signerRole: user.role,
    meaning,
    recordType: record.type,
    recordId: record.id,
    recordHash: hashRecord(record.content),
    signedAt: now.toISOString(),
  };
  await tx
    .insertInto('signatures')
    .values({
      id: signature.id,
      user_id: user.id,
      signer_name: signature.signerName,
      signer_role: signature.signerRole,
      meaning,
      record_type: signature.recordType,
      record_id: signature.recordId,
      record_hash: signature.recordHash,
      signed_at: now,
    })
    .execute();
  await appendAudit(tx, { id: user.id, name: user.displayName }, { action: 'sign', entityType: 'signature', entityId: signature.id, patientId: record.patientId ?? null, after: signature }, now);
  return signature;
}
