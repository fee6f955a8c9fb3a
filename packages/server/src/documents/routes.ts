import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { appendAudit } from '../audit/trail.js';
import { assertPatientAccess } from '../auth/patient-access.js';
import { currentUser } from '../auth/plugin.js';
import { signRecord } from '../auth/signatures.js';
import type { ServerContext } from '../context.js';
import type { Row } from '../db/schema.js';
import { ApiError, ApiErrorSchema, invalid, registerText } from '../errors.js';

registerText({
  en: {
    'document.content-base64': 'The content is base64-encoded.',
    'document.content-type-mismatch': 'The content is not a {contentType} file.',
    'document.already-signed': 'The document is already signed.',
    'document.episode-unknown': 'This patient has no such course.',
  },
  'zh-TW': {
    'document.content-base64': '內容須以 base64 編碼。',
    'document.content-type-mismatch': '內容不是 {contentType} 檔案。',
    'document.already-signed': '此文件已簽署。',
    'document.episode-unknown': '此病人沒有這個療程。',
  },
});

/**
 * Documents the course needs on file: consents (handbook §1.2), the manufacturer's release
 * certificate and certificate of analysis (§2.2.1), out-of-specification forms, transport and
 * freezing records. Stored as sent, with a SHA-256 of the bytes; a signature binds to that hash.
 */
export const DOCUMENT_KINDS = [
  'consent-car-t',
  'consent-leukapheresis',
  'consent-long-term-follow-up',
  'release-certificate',
  'certificate-of-analysis',
  'out-of-specification-form',
  'transport-record',
  'freezing-record',
  'other',
] as const;
const CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'] as const;

// The first bytes of each accepted type, so that a file is what it says it is.
const MAGIC: Record<(typeof CONTENT_TYPES)[number], Buffer | null> = {
  'application/pdf': Buffer.from('%PDF-'),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
  'text/plain': null,
};

const PatientParams = z.object({ patientId: z.string() });
const DocumentParams = z.object({ documentId: z.string() });
const NewDocument = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    title: z.string().min(1).max(200),
    episodeId: z.uuid().nullable().default(null),
    contentType: z.enum(CONTENT_TYPES),
    contentBase64: z.string().min(1),
  })
  .strict();
const SignBody = z.object({ password: z.string().min(1) }).strict();

const SignatureView = z.object({ signerName: z.string(), signerRole: z.string(), meaning: z.string(), signedAt: z.iso.datetime(), recordHash: z.string() });
const DocumentView = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  episodeId: z.uuid().nullable(),
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string(),
  contentType: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  createdAt: z.iso.datetime(),
  signature: SignatureView.nullable(),
});

type SignatureRow = Row<'signatures'>;
function view(row: Omit<Row<'documents'>, 'content'> & { bytes: number }, signature: SignatureRow | undefined): z.infer<typeof DocumentView> {
  return {
    id: row.id,
    patientId: row.patient_id,
    episodeId: row.episode_id,
    kind: row.kind as (typeof DOCUMENT_KINDS)[number],
    title: row.title,
    contentType: row.content_type,
    sha256: row.content_hash,
    bytes: row.bytes,
    createdAt: row.created_at.toISOString(),
    signature: signature
      ? { signerName: signature.signer_name, signerRole: signature.signer_role, meaning: signature.meaning, signedAt: signature.signed_at.toISOString(), recordHash: signature.record_hash }
      : null,
  };
}

function decode(body: z.infer<typeof NewDocument>): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body.contentBase64) || body.contentBase64.length % 4 !== 0) throw invalid('contentBase64', 'document.content-base64');
  const bytes = Buffer.from(body.contentBase64, 'base64');
  const magic = MAGIC[body.contentType];
  if (magic !== null && !bytes.subarray(0, magic.length).equals(magic)) throw invalid('contentBase64', 'document.content-type-mismatch', { contentType: body.contentType });
  return bytes;
}

const META = ['id', 'patient_id', 'episode_id', 'kind', 'title', 'content_type', 'content_hash', 'created_at', 'created_by', 'signature_id', 'version'] as const;

export function registerDocumentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['documents'];

  api.get(
    '/api/v1/patients/:patientId/documents',
    { config: { permission: 'document.read' }, schema: { tags, params: PatientParams, response: { 200: z.array(DocumentView), 404: ApiErrorSchema } } },
    async (request) => {
      await assertPatientAccess(ctx.db, currentUser(request), request.params.patientId);
      const rows = await ctx.db
        .selectFrom('documents')
        .select([...META, (eb) => eb.fn<number>('octet_length', ['content']).as('bytes')])
        .where('patient_id', '=', request.params.patientId)
        .orderBy('created_at')
        .execute();
      const signatureIds = rows.flatMap((r) => (r.signature_id === null ? [] : [r.signature_id]));
      const signatures = signatureIds.length === 0 ? [] : await ctx.db.selectFrom('signatures').selectAll().where('id', 'in', signatureIds).execute();
      return rows.map((r) => view(r, signatures.find((s) => s.id === r.signature_id)));
    },
  );

  api.post(
    '/api/v1/patients/:patientId/documents',
    {
      config: { permission: 'document.create' },
      bodyLimit: 20 * 1024 * 1024,
      schema: { tags, params: PatientParams, body: NewDocument, response: { 201: DocumentView, 400: ApiErrorSchema, 404: ApiErrorSchema } },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { patientId } = request.params;
      await assertPatientAccess(ctx.db, user, patientId);
      const bytes = decode(request.body);
      const now = ctx.now();
      const row = await ctx.db.transaction().execute(async (tx) => {
        if (request.body.episodeId !== null) {
          const episode = await tx.selectFrom('episodes').select('id').where('id', '=', request.body.episodeId).where('patient_id', '=', patientId).executeTakeFirst();
          if (!episode) throw invalid('episodeId', 'document.episode-unknown');
        }
        const inserted = await tx
          .insertInto('documents')
          .values({
            id: randomUUID(),
            patient_id: patientId,
            episode_id: request.body.episodeId,
            kind: request.body.kind,
            title: request.body.title,
            content_type: request.body.contentType,
            content: bytes,
            content_hash: createHash('sha256').update(bytes).digest('hex'),
            created_at: now,
            created_by: user.id,
          })
          .returning(META)
          .executeTakeFirstOrThrow();
        await appendAudit(tx, { id: user.id, name: user.displayName }, { action: 'create', entityType: 'document', entityId: inserted.id, patientId, after: inserted }, now);
        return inserted;
      });
      return reply.code(201).send(view({ ...row, bytes: bytes.length }, undefined));
    },
  );

  api.get(
    '/api/v1/documents/:documentId/content',
    { config: { permission: 'document.read' }, schema: { tags, params: DocumentParams, produces: ['application/octet-stream'] } },
    async (request, reply) => {
      const user = currentUser(request);
      const row = await ctx.db.selectFrom('documents').selectAll().where('id', '=', request.params.documentId).executeTakeFirst();
      if (!row) throw new ApiError('not-found');
      await assertPatientAccess(ctx.db, user, row.patient_id);
      return reply.header('Content-Type', row.content_type).header('Content-Disposition', 'attachment').send(row.content);
    },
  );

  api.post(
    '/api/v1/documents/:documentId/sign',
    { config: { permission: 'document.create' }, schema: { tags, params: DocumentParams, body: SignBody, response: { 200: DocumentView, 401: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema } } },
    async (request) => {
      const user = currentUser(request);
      const now = ctx.now();
      return ctx.db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('documents').select([...META, (eb) => eb.fn<number>('octet_length', ['content']).as('bytes')]).where('id', '=', request.params.documentId).forUpdate().executeTakeFirst();
        if (!row) throw new ApiError('not-found');
        await assertPatientAccess(tx, user, row.patient_id);
        if (row.signature_id !== null) throw new ApiError('conflict', { issues: [{ path: '', rule: 'document.already-signed' }] });
        const meaning = row.kind === 'release-certificate' || row.kind === 'certificate-of-analysis' ? 'product-release' : 'step-completion';
        const signature = await signRecord(tx, user, request.body.password, meaning, { type: 'document', id: row.id, content: { sha256: row.content_hash, kind: row.kind, title: row.title }, patientId: row.patient_id }, now);
        const updated = await tx.updateTable('documents').set({ signature_id: signature.id, version: row.version + 1 }).where('id', '=', row.id).returning(META).executeTakeFirstOrThrow();
        await appendAudit(tx, { id: user.id, name: user.displayName }, { action: 'sign', entityType: 'document', entityId: row.id, patientId: row.patient_id, before: row, after: updated }, now);
        const signatureRow = await tx.selectFrom('signatures').selectAll().where('id', '=', signature.id).executeTakeFirstOrThrow();
        return view({ ...updated, bytes: Number(row.bytes) }, signatureRow);
      });
    },
  );
}
