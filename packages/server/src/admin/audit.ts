import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { verifyAudit } from '../audit/trail.js';
import type { ServerContext } from '../context.js';
import { ApiErrorSchema } from '../errors.js';

const AuditQuery = z.looseObject({
  patientId: z.uuid().optional().describe('Only the records about this patient.'),
  after: z.string().regex(/^\d{1,18}$/).optional().describe('Only records after this sequence number (paging: pass the last `seq` received).'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const AuditRecordSchema = z.object({
  seq: z.string().describe('Position in the chain (1, 2, 3...): a gap means a deleted record.'),
  id: z.uuid(),
  at: z.iso.datetime(),
  actorId: z.uuid().nullable(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  patientId: z.uuid().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
  hash: z.string(),
});

const VerificationSchema = z.object({
  records: z.number().int().describe('Records checked.'),
  ok: z.boolean(),
  problems: z.array(z.object({ seq: z.string(), problem: z.enum(['hash-mismatch', 'chain-broken', 'sequence-gap']), detail: z.string() })),
  headHash: z.string().describe('Hash of the newest record: note it down to detect a rewrite of the whole chain later.'),
});

export function registerAuditRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['administration'];

  api.get(
    '/api/v1/audit',
    { config: { permission: 'audit.read' }, schema: { tags, description: 'Audit records in chain order.', querystring: AuditQuery, response: { 200: z.array(AuditRecordSchema), 400: ApiErrorSchema } } },
    async (request) => {
      const { patientId, after, limit } = request.query;
      let query = ctx.db.selectFrom('audit_log').selectAll();
      if (patientId !== undefined) query = query.where('patient_id', '=', patientId);
      if (after !== undefined) query = query.where('seq', '>', after);
      const rows = await query.orderBy('seq').limit(limit).execute();
      return rows.map((r) => ({
        seq: r.seq,
        id: r.id,
        at: r.at.toISOString(),
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        patientId: r.patient_id,
        before: r.before,
        after: r.after,
        reason: r.reason,
        hash: r.hash,
      }));
    },
  );

  api.get(
    '/api/v1/audit/verify',
    { config: { permission: 'audit.read' }, schema: { tags, description: 'Re-computes the hash chain from the first record.', response: { 200: VerificationSchema } } },
    async () => {
      const v = await verifyAudit(ctx.db);
      return { records: v.records, ok: v.ok, problems: [...v.problems], headHash: v.lastHash };
    },
  );
}
