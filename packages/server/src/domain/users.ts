import { randomUUID } from 'node:crypto';
import { appendAudit, type Actor } from '../audit/trail.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import { isRole, type Role } from '../auth/roles.js';
import type { Tx } from '../db/connect.js';
import { ApiError, invalid, registerText } from '../errors.js';

registerText({
  en: {
    'user.username-format': 'The username is 3-64 characters: lower-case letters, digits, dot, dash or underscore.',
    'user.password-too-short': 'The password has at least {min} characters.',
    'user.role-unknown': 'Unknown role "{role}".',
    'user.username-taken': 'The username "{username}" is taken.',
  },
  'zh-TW': {
    'user.username-format': '使用者名稱為 3 至 64 個字元：小寫英文字母、數字、句點、連字號或底線。',
    'user.password-too-short': '密碼至少 {min} 個字元。',
    'user.role-unknown': '未知的角色「{role}」。',
    'user.username-taken': '使用者名稱「{username}」已被使用。',
  },
});

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly password: string;
}

export async function createUser(tx: Tx, actor: Actor, input: NewUser, now: Date): Promise<{ id: string; role: Role }> {
  if (!/^[a-z0-9._-]{3,64}$/.test(input.username)) throw invalid('username', 'user.username-format');
  if (input.password.length < MIN_PASSWORD_LENGTH) throw invalid('password', 'user.password-too-short', { min: String(MIN_PASSWORD_LENGTH) });
  if (!isRole(input.role)) throw invalid('role', 'user.role-unknown', { role: input.role });
  const taken = await tx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (taken) throw new ApiError('conflict', { issues: [{ path: 'username', rule: 'user.username-taken', params: { username: input.username } }] });
  const id = randomUUID();
  await tx
    .insertInto('users')
    .values({ id, username: input.username, display_name: input.displayName, role: input.role, password_hash: await hashPassword(input.password), created_at: now })
    .execute();
  // The password hash is not copied into the trail.
  await appendAudit(tx, actor, { action: 'create', entityType: 'user', entityId: id, after: { username: input.username, displayName: input.displayName, role: input.role } }, now);
  return { id, role: input.role };
}

export async function addToCareTeam(tx: Tx, actor: Actor, patientId: string, userId: string, now: Date): Promise<void> {
  const inserted = await tx
    .insertInto('care_team')
    .values({ patient_id: patientId, user_id: userId, added_at: now })
    .onConflict((oc) => oc.columns(['patient_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  if (inserted) await appendAudit(tx, actor, { action: 'add', entityType: 'care-team', entityId: `${patientId}/${userId}`, patientId, after: { userId } }, now);
}
