import type { Lang } from '@cartographer/core';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/connect.js';
import { ApiError } from '../errors.js';
import { assertPatientAccess } from './patient-access.js';
import { isAllowed, PATIENT_SCOPED, type Action, type RoutePermission } from './permissions.js';
import { resumeSession, type SessionPolicy, type SessionUser } from './sessions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: the action it performs (see permissions.ts), or public / authenticated. */
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    /** The signed-in user; null on public routes without a session. */
    user: SessionUser | null;
    sessionTokenHash: string | null;
  }
}

export const SESSION_COOKIE = 'cartographer_session';

export interface AuthOptions {
  readonly db: Db;
  readonly policy: SessionPolicy;
  readonly now: () => Date;
  /** Mark the cookie Secure (HTTPS only); off for http://127.0.0.1 during development. */
  readonly secureCookie: boolean;
}

/** The session token from the cookie (browsers) or an `Authorization: Bearer` header (API clients, EHRs). */
function presentedToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || null;
  return request.cookies[SESSION_COOKIE] ?? null;
}

/** The API, FHIR, CDS Hooks and probe routes; the rest are the web app's static files. */
export function guarded(url: string): boolean {
  return url === '/health' || url.startsWith('/api') || url.startsWith('/fhir') || url.startsWith('/cds-services');
}

export class RouteWithoutPermissionError extends Error {
  constructor(readonly route: string) {
    super(`route ${route} declares no permission (config.permission)`);
    this.name = 'RouteWithoutPermissionError';
  }
}

/**
 * Authentication and the role check, for every route. A route registered without
 * `config.permission` stops the server at start-up: nothing is reachable by omission.
 */
export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  void app.register(fastifyCookie);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionTokenHash', null);

  app.addHook('onRoute', (route) => {
    if (guarded(route.url) && route.config?.permission === undefined) throw new RouteWithoutPermissionError(`${String(route.method)} ${route.url}`);
  });

  // preValidation, not preHandler: who may call a route is decided before its body is looked at,
  // so that a caller without the right gets 401/403/404 whatever the body holds.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined) return; // the web app's static files and the not-found handler
    const token = presentedToken(request);
    if (token !== null) {
      const session = await resumeSession(options.db, token, options.now(), options.policy);
      if (session) {
        request.user = session.user;
        request.sessionTokenHash = session.tokenHash;
      }
    }
    if (permission === 'public') return;
    if (request.user === null) throw new ApiError('unauthenticated');
    if (permission === 'authenticated') return;
    if (!isAllowed(request.user.role, permission)) throw new ApiError('forbidden');
    // Every patient-scoped route with a :patientId is checked here too, so that no route can
    // forget it (routes still check, e.g. those that reach the patient through another id).
    const patientId = (request.params as Record<string, unknown> | undefined)?.['patientId'];
    if (PATIENT_SCOPED.has(permission) && typeof patientId === 'string') await assertPatientAccess(options.db, request.user, patientId);
  });
}

/** The signed-in user of a route that requires one (typed, so handlers need no null checks). */
export function currentUser(request: FastifyRequest): SessionUser {
  if (request.user === null) throw new ApiError('unauthenticated');
  return request.user;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

export type { Action, Lang };
