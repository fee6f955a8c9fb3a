import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { assertPatientAccess, isUuid } from '../auth/patient-access.js';
import { isAllowed } from '../auth/permissions.js';
import { currentUser } from '../auth/plugin.js';
import type { SessionUser } from '../auth/sessions.js';
import { currentSettings, type ServerContext } from '../context.js';
import { ApiError, ApiErrorSchema } from '../errors.js';
import { negotiateLang } from '../lang.js';
import { criteriaFromDetail } from './criteria.js';
import { escalatesAt, readAlertRow, readBoard, readSheet, storedAssessment } from './read.js';
import { AlertParams, AlertSheetSchema, BoardQuery, BoardSchema, PatientParams, SheetQuery, SheetSchema } from './schemas.js';

const viewerOf = (user: SessionUser) => ({ canAcknowledge: isAllowed(user.role, 'alert.acknowledge') });

/** The bedside read models (schemas.ts): the ward board, one patient, one alert. */
export function registerBoardRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['board'];

  api.get(
    '/api/v1/board',
    { config: { permission: 'board.read' }, schema: { tags, querystring: BoardQuery, response: { 200: BoardSchema } } },
    async (request) => {
      const lang = negotiateLang(request.query, request.headers['accept-language']);
      const user = currentUser(request);
      const now = ctx.now();
      const { settings } = await currentSettings(ctx.db);
      const rows = await readBoard(ctx.db, user.id, lang, now, settings);
      return { generatedAt: now.toISOString(), timeZone: settings.timeZone, viewer: viewerOf(user), rows };
    },
  );

  api.get(
    '/api/v1/board/patients/:patientId',
    { config: { permission: 'board.read' }, schema: { tags, params: PatientParams, querystring: SheetQuery, response: { 200: SheetSchema, 404: ApiErrorSchema } } },
    async (request) => {
      const lang = negotiateLang(request.query, request.headers['accept-language']);
      const user = currentUser(request);
      await assertPatientAccess(ctx.db, user, request.params.patientId);
      const now = ctx.now();
      const { settings } = await currentSettings(ctx.db);
      const sheet = await readSheet(ctx.db, request.params.patientId, lang, now, request.query.hours, settings);
      if (!sheet) throw new ApiError('not-found');
      return { generatedAt: now.toISOString(), timeZone: settings.timeZone, viewer: viewerOf(user), ...sheet };
    },
  );

  api.get(
    '/api/v1/board/alerts/:alertId',
    { config: { permission: 'board.read' }, schema: { tags, params: AlertParams, querystring: BoardQuery, response: { 200: AlertSheetSchema, 404: ApiErrorSchema } } },
    async (request) => {
      const lang = negotiateLang(request.query, request.headers['accept-language']);
      const user = currentUser(request);
      const { alertId } = request.params;
      if (!isUuid(alertId)) throw new ApiError('not-found');
      const now = ctx.now();
      const { settings } = await currentSettings(ctx.db);
      const found = await readAlertRow(ctx.db, alertId, lang, settings.timeZone);
      if (!found) throw new ApiError('not-found');
      // The same answer for an alert of a patient outside the user's care teams as for none at all.
      await assertPatientAccess(ctx.db, user, found.alert.patientId);
      const assessment = found.assessment === null ? null : storedAssessment(found.assessment, lang);
      return {
        generatedAt: now.toISOString(),
        timeZone: settings.timeZone,
        viewer: viewerOf(user),
        alert: found.alert,
        patient: found.patient,
        criteria: assessment?.rendered ? assessment.rendered.basis : criteriaFromDetail(lang, found.alert.kind, found.alert.detail),
        escalatesAt: escalatesAt(found.alert, settings),
        assessment,
      };
    },
  );
}
