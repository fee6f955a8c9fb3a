import { rgb, type PDFPage } from 'pdf-lib';
import * as z from 'zod';
import { invalid } from '../../errors.js';
import { code128, dataMatrix } from './barcodes.js';
import { bilingual, COUNT_TEXTS, fill, IDENTIFIER_CAPTIONS, LABEL_CAPTIONS, STORAGE_CAPTIONS } from './captions.js';
import { newDocument, saveDocument, type PrintedDocument, type PrintMetadata } from './document.js';
import { drawItems, embedImages, POINTS_PER_MM } from './draw.js';
import { canonicalJson, formatCelsiusRange, formatInstant, sha256Hex } from './format.js';
import { planLabel, type FieldText, type LabelContent, type LabelPlan } from './label-layout.js';
import { encodePayload } from './payload.js';
import { parseInput } from './rules.js';
import { ChainOfIdentitySchema, coiBarcodeData, DinSchema, Instant, oneLine, PrintPatientSchema, ProductSchema, StorageSchema, TimeZone } from './schemas.js';
import { LABEL_TEMPLATES, TEMPLATE_KEYS, templateKey, type FieldKey, type LabelTemplate } from './templates.js';
import { ensurePrintable } from './text.js';

export const LabelSheetInputSchema = z
  .object({
    template: z.enum(TEMPLATE_KEYS).describe('Template and version, e.g. "apheresis-bag@1".'),
    now: Instant.describe('When the labels are printed: printed on them and the PDF creation date.'),
    timeZone: TimeZone.describe('Zone in which times are printed (with their UTC offset).'),
    media: z.enum(['label-roll', 'a4-sheet']).default('label-roll').describe('label-roll: one label per page of the label\'s size; a4-sheet: labels in a grid on A4 with cut lines.'),
    chainOfIdentity: ChainOfIdentitySchema,
    din: DinSchema.nullable().default(null).describe('The ISBT 128 DIN when the centre assigns one; without it the Code 128 carries the COI.'),
    product: ProductSchema.nullable().default(null),
    manufacturerReference: oneLine(40).nullable().default(null).describe('The manufacturer\'s own identifier of this material (product-bag only).'),
    patient: PrintPatientSchema,
    collection: z.object({ at: Instant, facility: oneLine(80) }).strict(),
    storage: StorageSchema.nullable().default(null),
    containers: z
      .object({
        total: z.int().min(1).max(99).describe('How many bags (or tubes) the material is in.'),
        print: z.array(z.int().min(1).max(99)).min(1).max(99).nullable().default(null).describe('Which to print (e.g. a reprint of bag 2); all when null.'),
      })
      .strict(),
  })
  .strict();
export type LabelSheetInput = z.input<typeof LabelSheetInputSchema>;
type LabelSheetData = z.output<typeof LabelSheetInputSchema>;

export interface PrintedLabel {
  readonly n: number;
  readonly total: number;
  /** The text the Code 128 carries: "=" + DIN + flags (ISBT 128 data structure 001), or the COI's barcode data. */
  readonly code128: string;
  /** The DataMatrix payload (see payload.ts). */
  readonly dataMatrix: string;
  /** Where the label is: its page (0-based) and its top-left corner in points from the page's top-left. */
  readonly page: number;
  readonly position: { readonly x: number; readonly y: number };
}

export interface LabelSheetMetadata extends PrintMetadata {
  readonly template: { readonly id: string; readonly version: number; readonly key: string };
  readonly media: 'label-roll' | 'a4-sheet';
  readonly labels: readonly PrintedLabel[];
}
export type LabelSheet = PrintedDocument<LabelSheetMetadata>;

function checkInput(data: LabelSheetData, template: LabelTemplate): number[] {
  for (const need of template.requires) {
    if (data[need] === null) throw invalid(need, 'print.template-needs-field', { template: templateKey(template) });
  }
  const numbers = data.containers.print ?? Array.from({ length: data.containers.total }, (_, i) => i + 1);
  numbers.forEach((n, i) => {
    if (n > data.containers.total) throw invalid(`containers.print.${i}`, 'print.container-out-of-range', { n: String(n), total: String(data.containers.total) });
  });
  const texts: [string, string | null][] = [
    ['patient.name', data.patient.name],
    ['patient.nameLatin', data.patient.nameLatin],
    ['product.name', data.product?.name ?? null],
    ['manufacturerReference', data.manufacturerReference],
    ['collection.facility', data.collection.facility],
    ...data.patient.identifiers.map((id, i): [string, string] => [`patient.identifiers.${i}.value`, id.value]),
  ];
  for (const [path, value] of texts) if (value !== null) ensurePrintable(value, path);
  return numbers;
}

function fieldTexts(data: LabelSheetData, template: LabelTemplate, n: number): Record<FieldKey, FieldText | null> {
  const identifier = (i: number): FieldText | null => {
    const id = data.patient.identifiers[i];
    return id ? { caption: IDENTIFIER_CAPTIONS[id.kind], value: id.value, path: `patient.identifiers.${i}.value` } : null;
  };
  const count = COUNT_TEXTS[template.container];
  const values = { n, total: data.containers.total };
  return {
    title: { caption: null, value: template.title, path: 'template' },
    barcodeCaption: { caption: null, value: template.code128 === 'din-or-coi' && data.din ? LABEL_CAPTIONS.din : LABEL_CAPTIONS.coi, path: 'template' },
    coi: { caption: LABEL_CAPTIONS.coi, value: data.chainOfIdentity.id, checkCharacter: data.chainOfIdentity.checkCharacter, path: 'chainOfIdentity.id' },
    container: { caption: LABEL_CAPTIONS[template.container], value: { 'zh-TW': fill(count['zh-TW'], values), en: fill(count.en, values) }, path: 'containers' },
    product: data.product && { caption: LABEL_CAPTIONS.product, value: `${data.product.code}  ${data.product.name}`, path: 'product.name' },
    manufacturerReference: data.manufacturerReference === null ? null : { caption: LABEL_CAPTIONS.manufacturerReference, value: data.manufacturerReference, path: 'manufacturerReference' },
    patientHeader: { caption: null, value: LABEL_CAPTIONS.patient, path: 'template' },
    patientName: { caption: LABEL_CAPTIONS.name, value: data.patient.name, path: 'patient.name' },
    patientNameLatin: data.patient.nameLatin === null ? null : { caption: null, value: data.patient.nameLatin, path: 'patient.nameLatin' },
    birthDate: { caption: LABEL_CAPTIONS.birthDate, value: data.patient.birthDate, path: 'patient.birthDate' },
    identifier1: identifier(0),
    identifier2: identifier(1),
    identifier3: identifier(2),
    collectedAt: { caption: LABEL_CAPTIONS.collectedAt, value: formatInstant(data.collection.at, data.timeZone), path: 'collection.at' },
    facility: { caption: LABEL_CAPTIONS.facility, value: data.collection.facility, path: 'collection.facility' },
    storageCondition: data.storage && { caption: LABEL_CAPTIONS.storage, value: STORAGE_CAPTIONS[data.storage.condition], path: 'storage.condition' },
    storageTemperature: data.storage && { caption: null, value: formatCelsiusRange(data.storage.lowCelsius, data.storage.highCelsius), path: 'storage' },
    autologous: { caption: null, value: LABEL_CAPTIONS.autologous, path: 'template' },
    verify: { caption: null, value: LABEL_CAPTIONS.verify, path: 'template' },
    printedAt: { caption: LABEL_CAPTIONS.printedAt, value: formatInstant(data.now, data.timeZone), path: 'now' },
    template: { caption: LABEL_CAPTIONS.template, value: templateKey(template), path: 'template' },
  };
}

/** A4 in points; labels sit in a centred grid with 4 mm gutters inside 3 mm margins. */
const A4 = { width: 595.28, height: 841.89 };
const SHEET_MARGIN = 3 * POINTS_PER_MM;
const SHEET_GUTTER = 4 * POINTS_PER_MM;

interface Slot {
  readonly page: number;
  readonly x: number;
  readonly y: number;
}

function slots(count: number, plan: Pick<LabelPlan, 'width' | 'height'>, media: LabelSheetData['media']): { size: { width: number; height: number }; slots: Slot[] } {
  if (media === 'label-roll') return { size: { width: plan.width, height: plan.height }, slots: Array.from({ length: count }, (_, page) => ({ page, x: 0, y: 0 })) };
  const columns = Math.max(1, Math.floor((A4.width - 2 * SHEET_MARGIN + SHEET_GUTTER) / (plan.width + SHEET_GUTTER)));
  const rows = Math.max(1, Math.floor((A4.height - 2 * SHEET_MARGIN + SHEET_GUTTER) / (plan.height + SHEET_GUTTER)));
  const left = (A4.width - (columns * plan.width + (columns - 1) * SHEET_GUTTER)) / 2;
  const top = (A4.height - (rows * plan.height + (rows - 1) * SHEET_GUTTER)) / 2;
  return {
    size: A4,
    slots: Array.from({ length: count }, (_, i) => {
      const onPage = i % (columns * rows);
      return {
        page: Math.floor(i / (columns * rows)),
        x: left + (onPage % columns) * (plan.width + SHEET_GUTTER),
        y: top + Math.floor(onPage / columns) * (plan.height + SHEET_GUTTER),
      };
    }),
  };
}

/** Resolves and lays out every label of the sheet without drawing: the plans the PDF is drawn from. */
export async function planLabelSheet(input: unknown): Promise<{ data: LabelSheetData; template: LabelTemplate; labels: { printed: Omit<PrintedLabel, 'page' | 'position'>; plan: LabelPlan }[] }> {
  const data = parseInput(LabelSheetInputSchema, input);
  const template = LABEL_TEMPLATES[data.template];
  if (!template) throw invalid('template', 'print.input-invalid', { detail: 'unknown template' });
  const numbers = checkInput(data, template);
  const din = template.code128 === 'din-or-coi' ? data.din : null;
  const barcodeText = din ? `=${din.identifier}${din.flags}` : coiBarcodeData(data.chainOfIdentity);
  const linear = await code128(barcodeText);
  const labels = [];
  for (const n of numbers) {
    const payload = encodePayload({
      chainOfIdentityId: data.chainOfIdentity.id,
      din: data.din && `${data.din.identifier}${data.din.flags}`,
      container: { n, total: data.containers.total },
      productCode: data.product?.code ?? null,
      template: { id: template.id, version: template.version },
    });
    const content: LabelContent = {
      fields: fieldTexts(data, template, n),
      din: data.din,
      code128: linear,
      code128Path: din ? 'din.identifier' : 'chainOfIdentity.id',
      dataMatrix: await dataMatrix(payload),
    };
    labels.push({ printed: { n, total: data.containers.total, code128: barcodeText, dataMatrix: payload }, plan: planLabel(template, content) });
  }
  return { data, template, labels };
}

/**
 * Prints the labels of one material, one label per container, as a PDF. Refuses (400 with the
 * input path and rule) input that is malformed, a value whose characters the font lacks, a value
 * too long for its place even at the smallest size, or a barcode that would be too dense.
 */
export async function buildLabelSheet(input: unknown): Promise<LabelSheet> {
  const { data, template, labels } = await planLabelSheet(input);
  const first = labels[0];
  if (!first) throw invalid('containers', 'print.input-invalid', { detail: 'no label to print' });
  const { doc, fonts } = await newDocument();
  const images = await embedImages((png) => doc.embedPng(png), labels.flatMap((l) => l.plan.items));
  const layout = slots(labels.length, first.plan, data.media);
  const pages: PDFPage[] = [];
  const printed: PrintedLabel[] = [];
  labels.forEach(({ plan, printed: label }, i) => {
    const slot = layout.slots[i];
    if (!slot) return;
    printed.push({ ...label, page: slot.page, position: { x: slot.x, y: slot.y } });
    const page = pages[slot.page] ?? doc.addPage([layout.size.width, layout.size.height]);
    pages[slot.page] = page;
    if (data.media === 'a4-sheet') {
      page.drawRectangle({ x: slot.x, y: page.getHeight() - slot.y - plan.height, width: plan.width, height: plan.height, borderWidth: 0.25, borderColor: rgb(0.6, 0.6, 0.6) });
    }
    drawItems(page, plan.items, slot, fonts, images);
  });
  const key = templateKey(template);
  const saved = await saveDocument(doc, {
    title: `${bilingual(LABEL_CAPTIONS.sheet)} ${key} ${data.chainOfIdentity.id}`,
    subject: `${bilingual(template.title)}: ${labels.length} / ${data.containers.total}`,
    keywords: [key, data.chainOfIdentity.id, ...(data.din ? [data.din.identifier] : [])],
    creationDate: data.now,
    contentSha256: sha256Hex(canonicalJson(data)),
  });
  return {
    bytes: saved.bytes,
    metadata: { ...saved.metadata, template: { id: template.id, version: template.version, key }, media: data.media, labels: printed },
  };
}
