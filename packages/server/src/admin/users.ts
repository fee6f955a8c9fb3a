import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { appendAudit, type Actor } from '../audit/trail.js';
import { isUuid } from '../auth/patient-access.js';
import { currentUser } from '../auth/plugin.js';
import { ROLES } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { createUser } from '../domain/users.js';
import { ApiError, ApiErrorSchema, invalid, registerText } from '../errors.js';

registerText({
  en: {
    'user.deactivate-self': 'You cannot deactivate your own account: ask another administrator.',
    'user.reason-too-short': 'Give the reason in at least {min} characters.',
  },
  'zh-TW': {
    'user.deactivate-self': '不能停用自己的帳號：請由另一位管理員操作。',
    'user.reason-too-short': '請以至少 {min} 個字元說明原因。',
  },
});

const MIN_REASON = 10;

const UserView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
});
const NewUserSchema = z
  .object({
    username: z.string().min(1).max(64).describe('3-64 characters: lower-case letters, digits, dot, dash or underscore.'),
    displayName: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    password: z.string().min(1).max(1000).describe('At least 10 characters; the user should change it.'),
  })
  .strict();
const UserParams = z.object({ userId: z.string() });
const ReasonSchema = z.object({ reason: z.string().max(2000) }).strict();

function view(row: Row<'users'>): z.infer<typeof UserView> {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role as (typeof ROLES)[number], active: row.active, createdAt: row.created_at.toISOString() };
}

/**
 * Deactivates (or reactivates) a user: a deactivated user cannot sign in and loses every open
 * session at once. Users are never deleted: the audit trail and signatures name them.
 */
async function setActive(tx: Tx, actor: Actor, userId: string, active: boolean, reason: string, now: Date): Promise<Row<'users'>> {
  const before = await tx.selectFrom('users').selectAll().where('id', '=', userId).forUpdate().executeTakeFirst();
  if (!before) throw new ApiError('not-found');
  if (before.active === active) return before;
  const after = await tx.updateTable('users').set({ active, version: before.version + 1 }).where('id', '=', userId).returningAll().executeTakeFirstOrThrow();
  if (!active) await tx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  await appendAudit(
    tx,
    actor,
    { action: active ? 'activate' : 'deactivate', entityType: 'user', entityId: userId, before: { active: before.active }, after: { active: after.active }, reason },
    now,
  );
  return after;
}

export function registerUserRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['administration'];

  api.get('/api/v1/users', { config: { permission: 'user.manage' }, schema: { tags, response: { 200: z.array(UserView) } } }, async () => {
    const rows = await ctx.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map(view);
  });

  api.post(
    '/api/v1/users',
    { config: { permission: 'user.manage' }, schema: { tags, body: NewUserSchema, response: { 201: UserView, 400: ApiErrorSchema, 409: ApiErrorSchema } } },
    async (request, reply) => {
      const admin = currentUser(request);
      const now = ctx.now();
      const row = await ctx.db.transaction().execute(async (tx) => {
        const { id } = await createUser(tx, { id: admin.id, name: admin.displayName }, request.body, now);
        return tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      });
      return reply.code(201).send(view(row));
    },
  );

  for (const active of [false, true]) {
    api.post(
      `/api/v1/users/:userId/${active ? 'activate' : 'deactivate'}`,
      {
        config: { permission: 'user.manage' },
        schema: {
          tags,
          description: active ? 'Lets a deactivated user sign in again.' : 'Stops a user from signing in and ends their sessions; the reason is audited.',
          params: UserParams,
          body: ReasonSchema,
          response: { 200: UserView, 400: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema },
        },
      },
      async (request) => {
        const admin = currentUser(request);
        const { userId } = request.params;
        if (!isUuid(userId)) throw new ApiError('not-found');
        const reason = request.body.reason.trim();
        if (reason.length < MIN_REASON) throw invalid('reason', 'user.reason-too-short', { min: String(MIN_REASON) });
        if (!active && userId === admin.id) throw new ApiError('conflict', { issues: [{ path: 'userId', rule: 'user.deactivate-self' }] });
        const row = await ctx.db.transaction().execute((tx) => setActive(tx, { id: admin.id, name: admin.displayName }, userId, active, reason, ctx.now()));
        return view(row);
      },
    );
  }
}
