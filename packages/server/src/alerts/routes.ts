import { getInstrument, render, type Lang } from '@cartographer/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { appendAudit } from '../audit/trail.js';
import { assertPatientAccess, isUuid } from '../auth/patient-access.js';
import { currentUser } from '../auth/plugin.js';
import { currentSettings, type ServerContext } from '../context.js';
import type { Db } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { ApiError, ApiErrorSchema, registerText } from '../errors.js';
import { negotiateLang } from '../lang.js';
import { alertText } from './kinds.js';
import { fromNeutral } from './neutral.js';
import { ALERT_SEVERITIES } from './store.js';

registerText({
  en: { 'alert.already-resolved': 'The alert was resolved at {resolvedAt}: there is nothing left to acknowledge.' },
  'zh-TW': { 'alert.already-resolved': '此警示已於 {resolvedAt} 解除，無須再確認。' },
});

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;

export const AlertSchema = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    patientName: z.string().optional(),
    episodeId: z.uuid().nullable(),
    kind: z.string().describe('crs-grade, icans-grade, iec-hs, icaht-grade, tls-laboratory, febrile-neutropenia, tocilizumab-limit, vital-signs-due.'),
    key: z.string(),
    severity: z.enum(ALERT_SEVERITIES),
    status: z.enum(ALERT_STATUSES),
    text: z.string().describe('The alert in the requested language.'),
    detail: z.record(z.string(), z.unknown()).describe('Language-neutral content: `level` (grade), `criteria` (rules that fired), `assessmentId`.'),
    assessmentId: z.uuid().nullable(),
    raisedAt: z.iso.datetime(),
    dueAt: z.iso.datetime().nullable(),
    acknowledgedAt: z.iso.datetime().nullable(),
    acknowledgedBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    escalatedAt: z.iso.datetime().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
    version: z.number().int(),
  })
  .describe('An alert raised by the alert engine.');
export type AlertView = z.infer<typeof AlertSchema>;

const AssessmentSchema = z
  .object({
    id: z.uuid(),
    instrument: z.string(),
    status: z.enum(['assessed', 'cannot-assess']),
    value: z.unknown(),
    summary: z.string().describe('One line in the requested language.'),
    input: z.unknown().describe('The input the instrument was evaluated on.'),
    result: z.unknown().describe('The stored, language-neutral result (rules by id).'),
    rulesetVersion: z.string(),
    settingsVersion: z.number().int(),
    assessedAt: z.iso.datetime(),
    trigger: z.string(),
    createdBy: z.uuid().nullable(),
  })
  .describe('A stored assessment.');

const LangQuery = { lang: z.enum(['zh-TW', 'en']).optional().describe('Response language; Accept-Language otherwise, zh-TW by default.') };
const PatientParams = z.object({ patientId: z.string().describe('Patient id (uuid).') });
const AlertParams = z.object({ alertId: z.string().describe('Alert id (uuid).') });
const StatusFilter = z.enum(['open', 'acknowledged', 'resolved', 'live']).default('live').describe('`live` (default): open or acknowledged.');
const PatientAlertsQuery = z.object({ status: StatusFilter, ...LangQuery }).strict();
const BoardQuery = z.object({ status: StatusFilter, ...LangQuery }).strict();
const AssessmentsQuery = z
  .object({
    instrument: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    ...LangQuery,
  })
  .strict();

type AlertRow = Row<'alerts'> & { acknowledger_name?: string | null; patient_name?: string };

export function alertView(row: AlertRow, lang: Lang, timeZone: string): AlertView {
  const detail = row.detail;
  return {
    id: row.id,
    patientId: row.patient_id,
    ...(row.patient_name === undefined ? {} : { patientName: row.patient_name }),
    episodeId: row.episode_id,
    kind: row.kind,
    key: row.key,
    severity: row.severity as AlertView['severity'],
    status: row.status as AlertView['status'],
    text: alertText(lang, row.kind, detail, timeZone),
    detail,
    assessmentId: row.assessment_id,
    raisedAt: row.raised_at.toISOString(),
    dueAt: row.due_at?.toISOString() ?? null,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: row.acknowledged_by === null ? null : { id: row.acknowledged_by, displayName: row.acknowledger_name ?? '' },
    escalatedAt: row.escalated_at?.toISOString() ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    version: row.version,
  };
}

function alertQuery(db: Db, status: z.infer<typeof StatusFilter>) {
  const base = db
    .selectFrom('alerts')
    .leftJoin('users', 'users.id', 'alerts.acknowledged_by')
    .innerJoin('patients', 'patients.id', 'alerts.patient_id')
    .selectAll('alerts')
    .select(['users.display_name as acknowledger_name', 'patients.name as patient_name']);
  return status === 'live' ? base.where('alerts.status', '<>', 'resolved') : base.where('alerts.status', '=', status);
}

const SEVERITY_ORDER = (s: string) => -ALERT_SEVERITIES.indexOf(s as (typeof ALERT_SEVERITIES)[number]);
const byUrgency = (a: AlertRow, b: AlertRow) => SEVERITY_ORDER(a.severity) - SEVERITY_ORDER(b.severity) || a.raised_at.getTime() - b.raised_at.getTime();

/** A stored assessment's one-line summary in a language (its rules resolved again by id). */
export function assessmentSummary(lang: Lang, instrument: string, result: unknown): string {
  const assessment = fromNeutral(result);
  const def = getInstrument(instrument);
  if (!assessment) return instrument;
  const params = assessment.value === null || !def ? {} : def.summary(assessment.value);
  return render(assessment, lang, params).summary;
}

export function registerAlertRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['alerts'];

  api.get(
    '/api/v1/patients/:patientId/alerts',
    {
      config: { permission: 'alert.read' },
      schema: { tags, params: PatientParams, querystring: PatientAlertsQuery, response: { 200: z.array(AlertSchema), 404: ApiErrorSchema } },
    },
    async (request) => {
      const lang = negotiateLang(request.query, request.headers['accept-language']);
      await assertPatientAccess(ctx.db, currentUser(request), request.params.patientId);
      const { settings } = await currentSettings(ctx.db);
      const rows = await alertQuery(ctx.db, request.query.status).where('alerts.patient_id', '=', request.params.patientId).execute();
      return rows.sort(byUrgency).map((r) => alertView(r, lang, settings.timeZone));
    },
  );

  // The ward board: only the patients on the user's care teams.
  api.get(
    '/api/v1/alerts',
    { config: { permission: 'alert.read' }, schema: { tags, querystring: BoardQuery, response: { 200: z.array(AlertSchema) } } },
    async (request) => {
      const lang = negotiateLang(request.query, request.headers['accept-language']);
      const user = currentUser(request);
      const { settings } = await currentSettings(ctx.db);
      const rows = await alertQuery(ctx.db, request.query.status)
        .innerJoin('care_team', (join) => join.onRef('care_team.patient_id', '=', 'alerts.patient_id').on('care_team.user_id', '=', user.id))
        .execute();
      return rows.sort(byUrgency).map((r) => alertView(r, lang, settings.timeZone));
    },
  );

  api.post(
    '/api/v1/alerts/:alertId/acknowledge',
    {
      config: { permission: 'alert.acknowledge' },
      schema: { tags, params: AlertParams, querystring: z.object(LangQuery).strict(), response: { 200: AlertSchema, 404: ApiErrorSchema, 409: ApiErrorSchema } },
    },
    async (request) => {
      const lang = negotiateLang(request.query, request.headers['accept-language']);
      const user = currentUser(request);
      const { alertId } = request.params;
      if (!isUuid(alertId)) throw new ApiError('not-found');
      const now = ctx.now();
      const { settings } = await currentSettings(ctx.db);
      const row = await ctx.db.transaction().execute(async (tx) => {
        const alert = await tx.selectFrom('alerts').selectAll().where('id', '=', alertId).forUpdate().executeTakeFirst();
        if (!alert) throw new ApiError('not-found');
        await assertPatientAccess(tx, user, alert.patient_id);
        if (alert.status === 'resolved') {
          throw new ApiError('conflict', { issues: [{ path: '', rule: 'alert.already-resolved', params: { resolvedAt: alert.resolved_at?.toISOString() ?? '' } }] });
        }
        if (alert.status === 'acknowledged') return alert;
        const updated = await tx
          .updateTable('alerts')
          .set({ status: 'acknowledged', acknowledged_at: now, acknowledged_by: user.id, version: alert.version + 1 })
          .where('id', '=', alert.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendAudit(tx, { id: user.id, name: user.displayName }, { action: 'acknowledge', entityType: 'alert', entityId: alert.id, patientId: alert.patient_id, before: alert, after: updated }, now);
        return updated;
      });
      const acknowledger = row.acknowledged_by === null ? null : await ctx.db.selectFrom('users').select('display_name').where('id', '=', row.acknowledged_by).executeTakeFirst();
      return alertView({ ...row, acknowledger_name: acknowledger?.display_name ?? null }, lang, settings.timeZone);
    },
  );

  api.get(
    '/api/v1/patients/:patientId/assessments',
    {
      config: { permission: 'assessment.read' },
      schema: { tags: ['assessments'], params: PatientParams, querystring: AssessmentsQuery, response: { 200: z.array(AssessmentSchema), 404: ApiErrorSchema } },
    },
    async (request) => {
      const lang = negotiateLang(request.query, request.headers['accept-language']);
      await assertPatientAccess(ctx.db, currentUser(request), request.params.patientId);
      let query = ctx.db.selectFrom('assessments').selectAll().where('patient_id', '=', request.params.patientId);
      if (request.query.instrument !== undefined) query = query.where('instrument', '=', request.query.instrument);
      const rows = await query.orderBy('assessed_at', 'desc').orderBy('id').limit(request.query.limit).execute();
      return rows.map((r) => {
        const result = r.result as { status?: unknown; value?: unknown };
        return {
          id: r.id,
          instrument: r.instrument,
          status: result.status === 'assessed' ? ('assessed' as const) : ('cannot-assess' as const),
          value: result.value ?? null,
          summary: assessmentSummary(lang, r.instrument, r.result),
          input: r.input,
          result: r.result,
          rulesetVersion: r.ruleset_version,
          settingsVersion: r.settings_version,
          assessedAt: r.assessed_at.toISOString(),
          trigger: r.trigger,
          createdBy: r.created_by,
        };
      });
    },
  );
}
