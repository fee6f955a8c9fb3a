import { CUSTODY_STEP_ROLES, type CustodyStep } from '@cartographer/core';
import { verifyPassword } from '../auth/passwords.js';
import { isAllowed } from '../auth/permissions.js';
import { isRole } from '../auth/roles.js';
import type { SessionUser } from '../auth/sessions.js';
import { signRecord, type Signature, type SignatureMeaning } from '../auth/signatures.js';
import type { Tx } from '../db/connect.js';
import { ApiError } from '../errors.js';
import './texts.js';

/**
 * Two-person verification (handbook §1.4 item 10, §2.2.1, §2.2.3). The first person is the
 * signed-in user; the second is named in the request by username and password, re-entered at the
 * step and never stored or logged. The core decides whether two distinct users in permitted roles
 * took part; this module authenticates the second one and records both signatures.
 */

/** The roles the server lets take part in a step: the core's step roles whose users may verify custody at all. */
export function permittedRoles(step: CustodyStep): string[] {
  return CUSTODY_STEP_ROLES[step].filter((role) => isRole(role) && isAllowed(role, 'custody.verify'));
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface Verifier {
  readonly user: SessionUser;
  readonly password: string;
}

const badCredentials = () => new ApiError('signature-invalid', { issues: [{ path: 'verifier', rule: 'custody.verifier-credentials-invalid' }] });

/**
 * The second person named by the request: an active user, authenticated by the password given,
 * on the patient's care team. An unknown or inactive username gets the same answer as a wrong
 * password, and the care team is looked at only after the password, so usernames cannot be probed.
 */
export async function findVerifier(tx: Tx, credentials: Credentials, patientId: string): Promise<Verifier> {
  const row = await tx.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'password_hash']).where('username', '=', credentials.username).where('active', '=', true).executeTakeFirst();
  if (!row || !isRole(row.role)) throw badCredentials();
  if (!(await verifyPassword(row.password_hash, credentials.password))) throw badCredentials();
  const member = await tx.selectFrom('care_team').select('user_id').where('patient_id', '=', patientId).where('user_id', '=', row.id).executeTakeFirst();
  if (!member) throw new ApiError('forbidden', { issues: [{ path: 'verifier.username', rule: 'custody.verifier-not-on-care-team' }] });
  return { user: { id: row.id, username: row.username, displayName: row.display_name, role: row.role }, password: credentials.password };
}

async function sign(tx: Tx, user: SessionUser, password: string, meaning: SignatureMeaning, record: Parameters<typeof signRecord>[4], now: Date, onWrongPassword: () => ApiError): Promise<Signature> {
  try {
    return await signRecord(tx, user, password, meaning, record, now);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'signature-invalid') throw onWrongPassword();
    throw err;
  }
}

export interface EventSignatures {
  readonly performer: Signature;
  readonly verifier: Signature;
}

/**
 * Both people sign the event record (its hash): the performer "custody-performed", the second
 * person "custody-verified". The performer's password was re-entered too; a wrong one refuses the
 * step like a wrong second password does.
 */
export async function signEvent(
  tx: Tx,
  performer: SessionUser,
  performerPassword: string,
  verifier: Verifier,
  record: { readonly id: string; readonly content: unknown; readonly patientId: string },
  now: Date,
): Promise<EventSignatures> {
  const signed = { type: 'custody-event', ...record };
  const performed = await sign(tx, performer, performerPassword, 'custody-performed', signed, now, () => new ApiError('signature-invalid', { issues: [{ path: 'performerPassword', rule: 'custody.performer-password-invalid' }] }));
  const verified = await sign(tx, verifier.user, verifier.password, 'custody-verified', signed, now, badCredentials);
  return { performer: performed, verifier: verified };
}
