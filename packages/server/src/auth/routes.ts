import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { appendAudit } from '../audit/trail.js';
import type { ServerContext } from '../context.js';
import { ApiError, ApiErrorSchema } from '../errors.js';
import { verifyPassword } from './passwords.js';
import { clearSessionCookie, currentUser, setSessionCookie } from './plugin.js';
import { ROLES } from './roles.js';
import { createSession, revokeSession } from './sessions.js';

const Credentials = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }).strict();
export const UserSchema = z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), role: z.enum(ROLES) });
const TokenSchema = z.object({ token: z.string(), expiresAt: z.iso.datetime() }).describe('Send as `Authorization: Bearer <token>`.');

// Verifying against a fixed hash when the user does not exist keeps the answer time the same,
// so that response time does not tell which usernames exist.
const NO_USER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$Qd41ECubCq7Kl2IZ3cHRFg$Kh90ZfnjHXbA1nAQWYRnG3jfoFxaO5Mt/ATf1+SZ+x4';

async function authenticate(ctx: ServerContext, username: string, password: string) {
  const row = await ctx.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const ok = await verifyPassword(row?.password_hash ?? NO_USER_HASH, password);
  const now = ctx.now();
  if (!row || !ok || !row.active) {
    await ctx.db.transaction().execute((tx) =>
      appendAudit(tx, { id: row?.id ?? null, name: username }, { action: 'login-failed', entityType: 'user', entityId: row?.id ?? username }, now),
    );
    throw new ApiError('unauthenticated');
  }
  return ctx.db.transaction().execute(async (tx) => {
    const session = await createSession(tx, row.id, now, ctx.sessionPolicy);
    await appendAudit(tx, { id: row.id, name: row.display_name }, { action: 'login', entityType: 'user', entityId: row.id }, now);
    return { session, user: { id: row.id, username: row.username, displayName: row.display_name, role: row.role as (typeof ROLES)[number] } };
  });
}

export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  api.post(
    '/api/v1/auth/login',
    { config: { permission: 'public' }, schema: { tags, body: Credentials, response: { 200: UserSchema, 401: ApiErrorSchema } } },
    async (request, reply) => {
      const { session, user } = await authenticate(ctx, request.body.username, request.body.password);
      setSessionCookie(reply, session.token, session.expiresAt, ctx.secureCookie);
      return user;
    },
  );

  api.post(
    '/api/v1/auth/token',
    { config: { permission: 'public' }, schema: { tags, body: Credentials, response: { 200: TokenSchema, 401: ApiErrorSchema } } },
    async (request) => {
      const { session } = await authenticate(ctx, request.body.username, request.body.password);
      return { token: session.token, expiresAt: session.expiresAt.toISOString() };
    },
  );

  api.post('/api/v1/auth/logout', { config: { permission: 'authenticated' }, schema: { tags, response: { 204: z.null() } } }, async (request, reply) => {
    const user = currentUser(request);
    const now = ctx.now();
    await ctx.db.transaction().execute(async (tx) => {
      if (request.sessionTokenHash !== null) await revokeSession(tx, request.sessionTokenHash, now);
      await appendAudit(tx, { id: user.id, name: user.displayName }, { action: 'logout', entityType: 'user', entityId: user.id }, now);
    });
    clearSessionCookie(reply, ctx.secureCookie);
    return reply.code(204).send(null);
  });

  api.get('/api/v1/auth/me', { config: { permission: 'authenticated' }, schema: { tags, response: { 200: UserSchema } } }, (request) => currentUser(request));
}
