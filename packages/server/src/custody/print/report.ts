import * as z from 'zod';
import { code128 } from './barcodes.js';
import { bilingual, REPORT_CAPTIONS } from './captions.js';
import { newDocument, saveDocument, type PrintedDocument, type PrintMetadata } from './document.js';
import { drawItems, embedImages } from './draw.js';
import { canonicalJson, sha256Hex } from './format.js';
import { PAGE, planReport, REPORT_NAME, type ReportPlan } from './report-layout.js';
import { parseInput } from './rules.js';
import { CelsiusSchema, ChainOfIdentitySchema, coiBarcodeData, DinSchema, Instant, oneLine, PrintPatientSchema, ProductSchema, TimeZone } from './schemas.js';
import { ensurePrintable } from './text.js';

/** One custody event as printed; the routes map the core's events onto it (texts already in the reader's words). */
export const ReportRowSchema = z
  .object({
    at: Instant,
    event: oneLine(120).describe('What happened, e.g. "冷凍保存 Cryopreservation".'),
    who: oneLine(160).describe('Who did or signed it, e.g. both people of a two-person check.'),
    where: oneLine(120),
    scannedIdentifiers: z.array(oneLine(60)).max(10).default([]),
    temperature: CelsiusSchema.nullable().default(null),
    outcome: oneLine(200),
    outcomeKind: z.enum(['ok', 'deviation', 'hard-stop']).default('ok').describe('deviation and hard-stop rows carry a bold mark.'),
  })
  .strict();

export const CustodyReportInputSchema = z
  .object({
    now: Instant.describe('When the report is generated: printed in the footer and the PDF creation date.'),
    timeZone: TimeZone,
    chainOfIdentity: ChainOfIdentitySchema,
    din: DinSchema.nullable().default(null),
    product: ProductSchema.nullable().default(null),
    manufacturerReferences: z.array(oneLine(60)).max(10).default([]),
    patient: PrintPatientSchema,
    rows: z.array(ReportRowSchema).max(5000).describe('Custody events in the order to print (oldest first).'),
  })
  .strict();
export type CustodyReportInput = z.input<typeof CustodyReportInputSchema>;
type CustodyReportData = z.output<typeof CustodyReportInputSchema>;

export interface CustodyReportMetadata extends PrintMetadata {
  readonly rowCount: number;
  /** The text the header's Code 128 carries: the COI's barcode data. */
  readonly code128: string;
}
export type CustodyReport = PrintedDocument<CustodyReportMetadata>;

function checkPrintable(data: CustodyReportData): void {
  const texts: [string, string | null][] = [
    ['patient.name', data.patient.name],
    ['patient.nameLatin', data.patient.nameLatin],
    ['product.name', data.product?.name ?? null],
    ...data.patient.identifiers.map((id, i): [string, string] => [`patient.identifiers.${i}.value`, id.value]),
    ...data.manufacturerReferences.map((r, i): [string, string] => [`manufacturerReferences.${i}`, r]),
    ...data.rows.flatMap((row, i): [string, string][] => [
      [`rows.${i}.event`, row.event],
      [`rows.${i}.who`, row.who],
      [`rows.${i}.where`, row.where],
      [`rows.${i}.outcome`, row.outcome],
      ...row.scannedIdentifiers.map((s, j): [string, string] => [`rows.${i}.scannedIdentifiers.${j}`, s]),
    ]),
  ];
  for (const [path, value] of texts) if (value !== null) ensurePrintable(value, path);
}

/** Validates and lays the report out without drawing it. */
export async function planCustodyReport(input: unknown): Promise<{ data: CustodyReportData; contentSha256: string; plan: ReportPlan }> {
  const data = parseInput(CustodyReportInputSchema, input);
  checkPrintable(data);
  const contentSha256 = sha256Hex(canonicalJson(data));
  const plan = planReport({ ...data, contentSha256, coiBarcode: await code128(coiBarcodeData(data.chainOfIdentity)) });
  return { data, contentSha256, plan };
}

/**
 * The chain-of-identity and chain-of-custody report of one product as an A4 PDF: bilingual
 * headings, the patient's identifiers, COI id (also as Code 128), DIN and product, then one table
 * row per custody event, paginated, each page footed with the generation time, page n of N and the
 * SHA-256 of the report's content (the canonical JSON of the validated input).
 */
export async function buildCustodyReport(input: unknown): Promise<CustodyReport> {
  const { data, contentSha256, plan } = await planCustodyReport(input);
  const { doc, fonts } = await newDocument();
  const images = await embedImages((png) => doc.embedPng(png), plan.pages.flat());
  for (const items of plan.pages) drawItems(doc.addPage([PAGE.width, PAGE.height]), items, { x: 0, y: 0 }, fonts, images);
  const saved = await saveDocument(doc, {
    title: `${bilingual(REPORT_CAPTIONS.title)} ${data.chainOfIdentity.id}`,
    subject: `${bilingual(REPORT_CAPTIONS.events)}: ${data.rows.length}`,
    keywords: [REPORT_NAME, data.chainOfIdentity.id, ...(data.din ? [data.din.identifier] : [])],
    creationDate: data.now,
    contentSha256,
  });
  return { bytes: saved.bytes, metadata: { ...saved.metadata, rowCount: data.rows.length, code128: coiBarcodeData(data.chainOfIdentity) } };
}
