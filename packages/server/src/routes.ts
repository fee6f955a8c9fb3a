import type { FastifyInstance } from 'fastify';
import { registerAuthRoutes } from './auth/routes.js';
import type { ServerContext } from './context.js';
import { registerDocumentRoutes } from './documents/routes.js';

/**
 * The routes that need the database, one registration per module. Each module registers its
 * own routes and names the permission of each (see auth/permissions.ts).
 */
export function registerDataRoutes(app: FastifyInstance, ctx: ServerContext): void {
  registerAuthRoutes(app, ctx);
  registerDocumentRoutes(app, ctx);
}
