import { randomUUID } from 'node:crypto';
import { IecHsInput, type Lang } from '@cartographer/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { appendAudit } from '../audit/trail.js';
import { assertPatientAccess } from '../auth/patient-access.js';
import { currentUser } from '../auth/plugin.js';
import { currentSettings, type ServerContext } from '../context.js';
import { ApiError, ApiErrorSchema, registerText } from '../errors.js';
import { negotiateLang } from '../lang.js';
import { evaluateBuilt } from './assessments.js';
import { iecHsBuiltNow } from './evaluate.js';
import { toNeutral } from './neutral.js';
import { AlertSchema, alertView, assessmentSummary } from './routes.js';
import { loadClinicalState } from './state.js';

registerText({
  en: { 'iec-hs.judgment.no-course': 'The patient has no active CAR-T course: IEC-HS is assessed within a course.' },
  'zh-TW': { 'iec-hs.judgment.no-course': '此病人沒有進行中的 CAR-T 療程：IEC-HS 須於療程內評估。' },
});

const shape = IecHsInput.shape;

/**
 * What ASTCT IEC-HS criteria (seed 002 §3.1.4, Table 9; Hines 2023) leave to the physician and
 * no observation records: that CRS, infection and progression do not explain the picture, whether
 * ferritin is rising rapidly (the criteria set no number), the clinical manifestations, and the
 * Table 10 severity. The field definitions are the core instrument's own.
 */
export const IecHsJudgmentBody = z
  .object({
    alternativeCausesExcluded: shape.alternativeCausesExcluded.unwrap(),
    ferritinRisingRapidly: shape.ferritinRisingRapidly,
    cytopenia: shape.cytopenia,
    otherCoagulopathy: shape.otherCoagulopathy,
    directHyperbilirubinemia: shape.directHyperbilirubinemia,
    newSplenomegaly: shape.newSplenomegaly,
    severity: shape.severity,
    intubated: shape.intubated.unwrap().optional().describe('Respiratory distress requiring intubation.'),
    dialysis: shape.dialysis.unwrap().optional().describe('Acute kidney injury requiring dialysis.'),
    bleeding: shape.bleeding,
    note: z.string().trim().min(1).max(2000).optional().describe('Free-text reasoning, kept in the audit trail.'),
  })
  .strict()
  .describe("The physician's IEC-HS judgments; the engine uses them for the laboratory look-back window.");

const JudgmentResult = z.object({
  assessmentId: z.uuid(),
  status: z.enum(['assessed', 'cannot-assess']),
  summary: z.string().describe('The IEC-HS assessment with these judgments, in the requested language.'),
  alert: AlertSchema.nullable().describe('The live IEC-HS alert after re-evaluation, if any.'),
});

const Params = z.object({ patientId: z.string().describe('Patient id (uuid).') });
const Query = z.object({ lang: z.enum(['zh-TW', 'en']).optional() }).strict();

/**
 * Records the physician's judgments as an assessment made by that physician (the engine's own
 * assessments carry no author), evaluated on the record as it stands, then re-evaluates the
 * patient so that the IEC-HS alert reflects them, all in one transaction.
 */
export function registerIecHsJudgmentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/api/v1/patients/:patientId/iec-hs-judgments',
    {
      config: { permission: 'iec-hs.judge' },
      schema: {
        tags: ['assessments'],
        description: 'Record the IEC-HS judgments Table 9 leaves to the physician; the patient is re-evaluated.',
        params: Params,
        querystring: Query,
        body: IecHsJudgmentBody,
        response: { 201: JudgmentResult, 404: ApiErrorSchema, 409: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const lang: Lang = negotiateLang(request.query, request.headers['accept-language']);
      const user = currentUser(request);
      const { patientId } = request.params;
      const { note, ...judgments } = request.body;
      const now = ctx.now();
      const actor = { id: user.id, name: user.displayName };
      const outcome = await ctx.db.transaction().execute(async (tx) => {
        await assertPatientAccess(tx, user, patientId);
        const { version, settings } = await currentSettings(tx);
        const state = await loadClinicalState(tx, patientId, now, settings);
        if (!state?.episode) throw new ApiError('conflict', { issues: [{ path: '', rule: 'iec-hs.judgment.no-course' }] });
        const built = iecHsBuiltNow(state);
        const input = { ...('input' in built ? built.input : {}), ...judgments };
        const result = evaluateBuilt('iec-hs', { input }, settings);
        const neutral = toNeutral(result);
        const row = await tx
          .insertInto('assessments')
          .values({
            id: randomUUID(),
            patient_id: patientId,
            episode_id: state.episode.id,
            instrument: 'iec-hs',
            input: JSON.stringify(input),
            result: JSON.stringify(neutral),
            ruleset_version: result.rulesetVersion,
            settings_version: version,
            assessed_at: now,
            created_by: user.id,
            trigger: 'clinician-judgment',
          })
          .returning(['id', 'instrument', 'assessed_at', 'trigger', 'created_by'])
          .executeTakeFirstOrThrow();
        await appendAudit(
          tx,
          actor,
          { action: 'assess', entityType: 'assessment', entityId: row.id, patientId, after: { ...row, judgments, status: result.status, value: result.value }, reason: note ?? null },
          now,
        );
        await ctx.onPatientDataChanged(tx, patientId, actor, now);
        const alert = await tx
          .selectFrom('alerts')
          .selectAll()
          .where('patient_id', '=', patientId)
          .where('kind', '=', 'iec-hs')
          .where('status', '<>', 'resolved')
          .executeTakeFirst();
        return { row, neutral, result, alert, timeZone: settings.timeZone };
      });
      reply.code(201);
      return {
        assessmentId: outcome.row.id,
        status: outcome.result.status === 'assessed' ? ('assessed' as const) : ('cannot-assess' as const),
        summary: assessmentSummary(lang, 'iec-hs', outcome.neutral),
        alert: outcome.alert ? alertView(outcome.alert, lang, outcome.timeZone) : null,
      };
    },
  );
}
