import { createHash, randomBytes } from 'node:crypto';
import type { Db, Tx } from '../db/connect.js';
import { isRole, type Role } from './roles.js';

export interface SessionPolicy {
  /** A session unused for this long ends. */
  readonly idleMinutes: number;
  /** A session ends this long after login, however active. */
  readonly absoluteHours: number;
}
/** Defaults for a ward workstation; set SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS to change them. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };

export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
}

/** Only the hash of a token is stored: a copy of the sessions table opens no session. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Db | Tx, userId: string, now: Date, policy: SessionPolicy): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + policy.absoluteHours * 3_600_000);
  await db
    .insertInto('sessions')
    .values({ token_hash: tokenHash(token), user_id: userId, created_at: now, last_seen_at: now, expires_at: expiresAt, revoked_at: null })
    .execute();
  return { token, expiresAt };
}

/** The session's user, or null when the token is unknown, revoked, idle too long or past its end. Touches the session. */
export async function resumeSession(db: Db, token: string, now: Date, policy: SessionPolicy): Promise<{ user: SessionUser; tokenHash: string } | null> {
  const hashed = tokenHash(token);
  const idleCutoff = new Date(now.getTime() - policy.idleMinutes * 60_000);
  const row = await db
    .updateTable('sessions')
    .set({ last_seen_at: now })
    .from('users')
    .whereRef('users.id', '=', 'sessions.user_id')
    .where('sessions.token_hash', '=', hashed)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('sessions.last_seen_at', '>', idleCutoff)
    .where('users.active', '=', true)
    .returning(['users.id', 'users.username', 'users.display_name', 'users.role'])
    .executeTakeFirst();
  if (!row || !isRole(row.role)) return null;
  return { user: { id: row.id, username: row.username, displayName: row.display_name, role: row.role }, tokenHash: hashed };
}

export async function revokeSession(db: Db | Tx, hashed: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('token_hash', '=', hashed).where('revoked_at', 'is', null).execute();
}
