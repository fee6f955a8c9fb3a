import { message } from '@cartographer/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { assertPatientAccess } from '../auth/patient-access.js';
import { currentUser } from '../auth/plugin.js';
import { currentSettings, type ServerContext } from '../context.js';
import { ApiErrorSchema } from '../errors.js';
import { negotiateLang } from '../lang.js';
import { CardSchema, patientViewCards } from './cards.js';

/**
 * CDS Hooks (1.0 and 2.0): discovery and the patient-view service, so that an EHR shows the
 * patient's CAR-T toxicity grades, open alerts and next course step in its own screens. The EHR
 * calls with a user's bearer token; the user must be on the patient's care team.
 */
export const PATIENT_VIEW_SERVICE_ID = 'patient-view';

const ServiceSchema = z.object({
  hook: z.string(),
  id: z.string(),
  title: z.string(),
  description: z.string(),
  prefetch: z.record(z.string(), z.string()).optional(),
});
const DiscoverySchema = z.object({ services: z.array(ServiceSchema) }).describe('CDS Hooks discovery response.');

const PatientViewRequest = z
  .object({
    hook: z.literal('patient-view'),
    hookInstance: z.string().min(1).max(200).describe('A UUID the EHR gives this call.'),
    fhirServer: z.string().optional(),
    fhirAuthorization: z.record(z.string(), z.unknown()).optional(),
    context: z
      .object({
        userId: z.string().optional().describe('e.g. Practitioner/123.'),
        patientId: z.string().min(1).describe("The patient's id in this server."),
        encounterId: z.string().optional(),
      })
      .loose(),
    prefetch: z.record(z.string(), z.unknown()).optional(),
  })
  .loose()
  .describe('CDS Hooks patient-view request.');
const CardsSchema = z.object({ cards: z.array(CardSchema) }).describe('CDS Hooks response: the cards to show.');
const LangQuery = z.object({ lang: z.enum(['zh-TW', 'en']).optional() }).strict();

export function registerCdsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cds-hooks'];

  api.get('/cds-services', { config: { permission: 'public' }, schema: { tags, querystring: LangQuery, response: { 200: DiscoverySchema } } }, (request) => {
    const lang = negotiateLang(request.query, request.headers['accept-language']);
    return {
      services: [
        {
          hook: 'patient-view',
          id: PATIENT_VIEW_SERVICE_ID,
          title: message(lang, 'cds.service.title'),
          description: message(lang, 'cds.service.description'),
        },
      ],
    };
  });

  api.post(
    `/cds-services/${PATIENT_VIEW_SERVICE_ID}`,
    {
      config: { permission: 'cds.patient-view' },
      schema: { tags, querystring: LangQuery, body: PatientViewRequest, response: { 200: CardsSchema, 400: ApiErrorSchema, 404: ApiErrorSchema } },
    },
    async (request) => {
      const lang = negotiateLang(request.query, request.headers['accept-language']);
      const patientId = request.body.context.patientId.replace(/^Patient\//, '');
      await assertPatientAccess(ctx.db, currentUser(request), patientId);
      const { settings } = await currentSettings(ctx.db);
      return { cards: await patientViewCards(ctx.db, patientId, lang, settings.timeZone) };
    },
  );
}
