import { DEFAULT_SETTINGS, InputError, InstitutionSettingsSchema, parseInput, type InstitutionSettings } from '@cartographer/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { canonicalJson } from '../audit/canonical.js';
import { appendAudit } from '../audit/trail.js';
import { currentUser } from '../auth/plugin.js';
import { labelsRefusingInstitutionName } from '../custody/outputs/labels.js';
import type { ServerContext } from '../context.js';
import type { Db } from '../db/connect.js';
import { ApiError, ApiErrorSchema, invalid, registerText } from '../errors.js';
import { negotiateLang } from '../lang.js';
import { etagOf, expectedVersion } from '../patients/etag.js';

registerText({
  en: {
    'settings.reason-too-short': 'Say why the settings change, in at least {min} characters: the reason is kept with the new version.',
    'settings.unchanged': 'These are the settings in force already: nothing to save.',
    'settings.changed-concurrently': 'Someone saved the settings at the same moment: reload them and try again.',
    'settings.institution-name-too-long-for-labels': 'The institution name does not fit the collection-facility line of these labels even at the smallest print size: {templates}. Shorten it (an abbreviation will do).',
  },
  'zh-TW': {
    'settings.reason-too-short': '請以至少 {min} 個字元說明變更原因：原因會與新版本一併保存。',
    'settings.unchanged': '與目前生效的設定相同，無需儲存。',
    'settings.changed-concurrently': '有人同時儲存了設定：請重新載入後再試。',
    'settings.institution-name-too-long-for-labels': '機構名稱即使縮到最小字級，仍放不進下列標籤的採集機構欄：{templates}。請縮短（可用簡稱）。',
  },
});

const MIN_REASON = 10;

const Changer = z.object({ id: z.uuid(), displayName: z.string() }).nullable().describe('Who saved this version; null for the handbook defaults written at installation.');
const VersionSchema = z.object({
  version: z.number().int(),
  values: z.record(z.string(), z.unknown()),
  reason: z.string(),
  changedAt: z.iso.datetime(),
  changedBy: Changer,
});
const FieldSchema = z.object({
  name: z.string(),
  description: z.string(),
  default: z.unknown().describe('The value when the institution sets none (the handbook\'s, where it gives one).'),
  schema: z.record(z.string(), z.unknown()).describe('JSON Schema of the value.'),
});
const CurrentSchema = VersionSchema.extend({ fields: z.array(FieldSchema) });
const UpdateSchema = z
  .object({
    settings: z.record(z.string(), z.unknown()).describe('The complete settings: a field left out takes its default.'),
    reason: z.string().max(2000).describe(`Why (at least ${MIN_REASON} characters); kept with the version and in the audit trail.`),
  })
  .strict();

/** Each setting's description, default and JSON Schema, read from the core's zod schema. */
function fields(): z.infer<typeof FieldSchema>[] {
  const json = z.toJSONSchema(InstitutionSettingsSchema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Record<string, unknown>> };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const schema = Object.fromEntries(Object.entries(property).filter(([key]) => key !== 'description' && key !== 'default'));
    const description = property['description'];
    return { name, description: typeof description === 'string' ? description : '', default: DEFAULT_SETTINGS[name as keyof InstitutionSettings], schema };
  });
}

async function versions(db: Db, limit?: number): Promise<z.infer<typeof VersionSchema>[]> {
  let query = db
    .selectFrom('institution_settings')
    .leftJoin('users', 'users.id', 'institution_settings.changed_by')
    .select(['institution_settings.version', 'institution_settings.settings', 'institution_settings.reason', 'institution_settings.changed_at', 'users.id as user_id', 'users.display_name'])
    .orderBy('institution_settings.version', 'desc');
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  return rows.map((r) => ({
    version: r.version,
    values: r.settings,
    reason: r.reason,
    changedAt: r.changed_at.toISOString(),
    changedBy: r.user_id === null || r.display_name === null ? null : { id: r.user_id, displayName: r.display_name },
  }));
}

export function registerSettingsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['administration'];

  api.get(
    '/api/v1/settings',
    { config: { permission: 'settings.read' }, schema: { tags, description: 'The institution settings in force, with each field\'s meaning and default.', response: { 200: CurrentSchema } } },
    async (_request, reply) => {
      const [current] = await versions(ctx.db, 1);
      if (!current) throw new ApiError('not-found');
      void reply.header('ETag', etagOf(current.version));
      return { ...current, fields: fields() };
    },
  );

  api.get(
    '/api/v1/settings/versions',
    { config: { permission: 'settings.read' }, schema: { tags, description: 'Every version of the settings, newest first.', response: { 200: z.array(VersionSchema) } } },
    () => versions(ctx.db),
  );

  api.put(
    '/api/v1/settings',
    {
      config: { permission: 'settings.update' },
      schema: {
        tags,
        description: 'Saves a new version of the settings (old versions are kept: stored assessments name the version they used). If-Match is optional; when sent, a stale version gets 412.',
        headers: z.looseObject({ 'if-match': z.string().optional() }),
        body: UpdateSchema,
        response: { 200: CurrentSchema, 400: ApiErrorSchema, 409: ApiErrorSchema, 412: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const admin = currentUser(request);
      const lang = negotiateLang(request.query, request.headers['accept-language']);
      const reason = request.body.reason.trim();
      if (reason.length < MIN_REASON) throw invalid('reason', 'settings.reason-too-short', { min: String(MIN_REASON) });
      let settings: InstitutionSettings;
      try {
        settings = parseInput('settings', InstitutionSettingsSchema, request.body.settings, lang);
      } catch (err) {
        if (err instanceof InputError) throw new ApiError('invalid-input', { issues: err.issues.map((i) => ({ ...i, path: i.path === '' ? 'settings' : `settings.${i.path}` })) });
        throw err;
      }
      // Every label prints the name: a name no label can hold is refused now, not at the first print.
      const refusing = labelsRefusingInstitutionName(settings);
      if (refusing.length > 0) throw invalid('settings.institutionName', 'settings.institution-name-too-long-for-labels', { templates: refusing.join(', ') });
      const basedOn = request.headers['if-match'] === undefined ? null : expectedVersion(request.headers['if-match']);
      const now = ctx.now();
      await ctx.db.transaction().execute(async (tx) => {
        const current = await tx.selectFrom('institution_settings').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
        const version = (current?.version ?? 0) + 1;
        if (basedOn !== null && basedOn !== (current?.version ?? 0)) throw new ApiError('precondition-failed');
        if (current && canonicalJson(current.settings) === canonicalJson(settings)) throw invalid('settings', 'settings.unchanged');
        const inserted = await tx
          .insertInto('institution_settings')
          .values({ version, settings: JSON.stringify(settings), changed_by: admin.id, reason, changed_at: now })
          .onConflict((oc) => oc.column('version').doNothing())
          .returning('version')
          .executeTakeFirst();
        if (!inserted) throw new ApiError('conflict', { issues: [{ path: 'settings', rule: 'settings.changed-concurrently' }] });
        await appendAudit(
          tx,
          { id: admin.id, name: admin.displayName },
          { action: 'update', entityType: 'institution-settings', entityId: String(version), before: current ? { version: current.version, settings: current.settings } : null, after: { version, settings }, reason },
          now,
        );
      });
      const [saved] = await versions(ctx.db, 1);
      if (!saved) throw new ApiError('not-found');
      void reply.header('ETag', etagOf(saved.version));
      return { ...saved, fields: fields() };
    },
  );
}
