import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { registerAuditRoutes } from './audit.js';
import { registerSettingsRoutes } from './settings.js';
import { registerUserRoutes } from './users.js';

/** Administration: users, the institution settings, the audit trail. */
export function registerAdminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  registerUserRoutes(app, ctx);
  registerSettingsRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
}
