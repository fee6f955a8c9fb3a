import { createHash } from 'node:crypto';
import { LANGUAGES } from '@cartographer/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { appendAudit, type Actor } from '../../audit/trail.js';
import { assertPatientAccess } from '../../auth/patient-access.js';
import { currentUser } from '../../auth/plugin.js';
import type { SessionUser } from '../../auth/sessions.js';
import type { ServerContext } from '../../context.js';
import type { Db } from '../../db/connect.js';
import { ApiError, ApiErrorSchema } from '../../errors.js';
import { baseUrl, sendFhir } from '../../fhir/http.js';
import { toFhirProduct } from '../../fhir/map/product.js';
import { negotiateLang } from '../../lang.js';
import type { ChainRow } from '../history.js';
import { buildCustodyReport, buildLabelSheet } from '../print/index.js';
import { loadChainRecord } from './chain-record.js';
import { LabelQuery, labelSheetInput } from './labels.js';
import { productCustodyOf } from './product-custody.js';
import { provenanceBundle, toCustodyProvenance } from './provenance.js';
import { custodyReportInput } from './report.js';

/**
 * The outputs of a course's chain of identity: its labels and its chain-of-custody report as PDF,
 * and its FHIR provenance. Printing is a custody act: each print is audited with who printed
 * which template version for which course, and the SHA-256 of the PDF handed out.
 */

const tags = ['custody'];
const ChainParams = z.object({ chainId: z.uuid() });
const LangQuery = z.object({ lang: z.enum(LANGUAGES).optional().describe('Language of reasons and outcomes (the fixed texts are bilingual); Accept-Language otherwise, zh-TW by default.') }).strict();
const errors = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema };

/** The chain, if the user is on its patient's care team: 404 either way, as for patients. */
async function chainFor(db: Db, user: SessionUser, chainId: string): Promise<ChainRow> {
  const row = await db.selectFrom('custody_chains').selectAll().where('id', '=', chainId).executeTakeFirst();
  if (!row) throw new ApiError('not-found');
  await assertPatientAccess(db, user, row.patient_id);
  return row;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Only characters that need no quoting in a Content-Disposition file name. */
function fileName(...parts: string[]): string {
  return `${parts.join('-').replace(/[^0-9A-Za-z._@-]/g, '_')}.pdf`;
}

/** Hands out one printed document, its SHA-256 in a header so that the audited print can be matched to the paper. */
function sendPdf(reply: FastifyReply, name: string, bytes: Uint8Array, pdfSha256: string): FastifyReply {
  return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}"`).header('x-content-sha256', pdfSha256).send(Buffer.from(bytes));
}

export function registerCustodyOutputRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const audit = async (request: FastifyRequest, chain: ChainRow, entityType: string, after: Record<string, unknown>, now: Date) => {
    // Fastify answers HEAD with the GET handler but sends no body: nothing was handed out to record.
    if (request.method === 'HEAD') return;
    const user = currentUser(request);
    const actor: Actor = { id: user.id, name: user.displayName };
    await ctx.db.transaction().execute((tx) => appendAudit(tx, actor, { action: 'print', entityType, entityId: chain.id, patientId: chain.patient_id, after: { chainId: chain.id, coi: chain.coi, ...after } }, now));
  };

  api.get(
    '/api/v1/custody/chains/:chainId/labels.pdf',
    {
      config: { permission: 'custody.record' },
      schema: {
        tags,
        description:
          'Prints the labels of one course as PDF (versioned bilingual templates, Code 128 and DataMatrix): the collection bags, the received product\'s bags or specimen tubes. A template whose data the course does not have yet is refused (400). Each print is audited.',
        params: ChainParams,
        querystring: LabelQuery,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const chain = await chainFor(ctx.db, user, request.params.chainId);
      const record = await loadChainRecord(ctx.db, chain);
      const now = ctx.now();
      const sheet = await buildLabelSheet(labelSheetInput(record, request.query, now));
      const pdfSha256 = sha256(sheet.bytes);
      const { template, media, labels, contentSha256, documentId, pageCount } = sheet.metadata;
      await audit(
        request,
        chain,
        'custody-labels',
        { template, media, labels: labels.map((l) => ({ n: l.n, total: l.total, code128: l.code128, dataMatrix: l.dataMatrix })), pdfSha256, contentSha256, documentId, pageCount },
        now,
      );
      return sendPdf(reply, fileName(chain.coi, template.key), sheet.bytes, pdfSha256);
    },
  );

  api.get(
    '/api/v1/custody/chains/:chainId/report.pdf',
    {
      config: { permission: 'custody.read' },
      schema: {
        tags,
        description:
          'The chain-of-identity and chain-of-custody report of one course as PDF: every stored custody event (accepted and refused), cabinet event and deviation step in time order, with who, where, the scanned identifiers, temperatures and the outcome. Each print is audited.',
        params: ChainParams,
        querystring: LangQuery,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const lang = negotiateLang(request.query, request.headers['accept-language']);
      const chain = await chainFor(ctx.db, user, request.params.chainId);
      const record = await loadChainRecord(ctx.db, chain);
      const now = ctx.now();
      const report = await buildCustodyReport(custodyReportInput(record, now, lang));
      const pdfSha256 = sha256(report.bytes);
      const { rowCount, contentSha256, documentId, pageCount } = report.metadata;
      await audit(request, chain, 'custody-report', { lang, rowCount, pdfSha256, contentSha256, documentId, pageCount }, now);
      return sendPdf(reply, fileName(chain.coi, 'custody-report'), report.bytes, pdfSha256);
    },
  );

  api.get(
    '/api/v1/custody/chains/:chainId/provenance',
    {
      config: { permission: 'custody.read' },
      schema: {
        tags,
        description:
          'The FHIR provenance of one course as a collection Bundle: its BiologicallyDerivedProduct once received (identifiers, source material, processing, storage) and one Provenance per accepted custody step (performer, verifier, signatures).',
        params: ChainParams,
        produces: ['application/fhir+json'],
        response: errors,
      },
    },
    async (request, reply) => {
      const chain = await chainFor(ctx.db, currentUser(request), request.params.chainId);
      const record = await loadChainRecord(ctx.db, chain);
      const productRow = chain.product_id === null ? undefined : await ctx.db.selectFrom('products').selectAll().where('id', '=', chain.product_id).executeTakeFirst();
      const names = new Map([...record.people.values()].map((p) => [p.id, p.name]));
      const product = productRow ? toFhirProduct(productRow, productCustodyOf(chain, record.state, record.accepted, names)) : null;
      const provenances = record.events.filter((e) => e.outcome === 'accepted').map((e) => toCustodyProvenance(e, { productId: productRow?.id ?? null, coi: chain.coi }));
      const bundle = provenanceBundle(product && productRow ? { resource: product, fullUrl: `${baseUrl(request)}/BiologicallyDerivedProduct/${productRow.id}` } : null, provenances, ctx.now());
      return sendFhir(request, reply, 200, bundle);
    },
  );
}
