import type { FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin/routes.js';
import { registerIecHsJudgmentRoutes } from './alerts/judgments.js';
import { registerAlertRoutes } from './alerts/routes.js';
import { registerAuthRoutes } from './auth/routes.js';
import { registerBoardRoutes } from './board/routes.js';
import { registerCdsRoutes } from './cds/routes.js';
import type { ServerContext } from './context.js';
import { registerCustodyOutputRoutes } from './custody/outputs/routes.js';
import { registerCustodyRoutes } from './custody/routes.js';
import { registerDocumentRoutes } from './documents/routes.js';
import { registerFhirRoutes } from './fhir/routes.js';
import { registerJourneyRoutes } from './journey/routes.js';
import { registerPatientRoutes } from './patients/routes.js';

/**
 * The routes that need the database, one registration per module. Each module registers its
 * own routes and names the permission of each (see auth/permissions.ts).
 */
export function registerDataRoutes(app: FastifyInstance, ctx: ServerContext): void {
  registerAuthRoutes(app, ctx);
  registerAlertRoutes(app, ctx);
  registerIecHsJudgmentRoutes(app, ctx);
  registerBoardRoutes(app, ctx);
  registerCdsRoutes(app, ctx);
  registerCustodyRoutes(app, ctx);
  registerCustodyOutputRoutes(app, ctx);
  registerDocumentRoutes(app, ctx);
  registerFhirRoutes(app, ctx);
  registerJourneyRoutes(app, ctx);
  registerPatientRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
}
