import { invalid } from '../../errors.js';
import { placeBarcode, type BarcodeImage, type Box } from './barcodes.js';
import { bilingual, fill, IDENTIFIER_CAPTIONS, PAGE_TEXT, REPORT_CAPTIONS, type Bilingual } from './captions.js';
import { POINTS_PER_MM, type PlannedItem } from './draw.js';
import type { FontWeight } from './font.js';
import { formatCelsius, formatInstant } from './format.js';
import { checkItems, checkWidth, dinHeight, dinItems, type Context } from './label-layout.js';
import type { ChainOfIdentity, DinInput, PrintPatient } from './schemas.js';
import { INK_BOTTOM_EM, INK_TOP_EM, inkWidth, LINE_EM, wrap } from './text.js';

/** The report's name in overflow errors (it has no template key). */
export const REPORT_NAME = 'custody-report';

/** A4 portrait in points. */
export const PAGE = { width: 595.28, height: 841.89 } as const;
export const MARGIN = { left: 36, right: 36, top: 36 } as const;
/** Rows stop here; the footer lives below. */
export const BODY_BOTTOM = PAGE.height - 50;
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const FURNITURE = -1;

const CELL = { size: 7, padX: 3, padY: 2.5 } as const;
/** Column widths in points, adding up to the content width. */
export const COLUMNS = [
  { key: 'time', width: 60 },
  { key: 'event', width: 86 },
  { key: 'who', width: 76 },
  { key: 'where', width: 68 },
  { key: 'scanned', width: 92 },
  { key: 'temperature', width: 48 },
  { key: 'outcome', width: CONTENT_WIDTH - 430 },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];

export interface ReportRow {
  readonly at: string;
  readonly event: string;
  readonly who: string;
  readonly where: string;
  readonly scannedIdentifiers: readonly string[];
  readonly temperature: { readonly value: number; readonly unit: 'Cel' } | null;
  readonly outcome: string;
  readonly outcomeKind: 'ok' | 'deviation' | 'hard-stop';
}

export interface ReportContent {
  readonly now: string;
  readonly timeZone: string;
  readonly chainOfIdentity: ChainOfIdentity;
  readonly din: DinInput | null;
  readonly product: { readonly code: string; readonly name: string } | null;
  readonly manufacturerReferences: readonly string[];
  readonly patient: PrintPatient;
  readonly rows: readonly ReportRow[];
  readonly contentSha256: string;
  readonly coiBarcode: BarcodeImage;
}

export interface ReportPlan {
  readonly pages: readonly (readonly PlannedItem[])[];
  /** Which page each row landed on (0-based), in row order. */
  readonly rowPages: readonly number[];
}

const ctx = (element: number): Context => ({ key: REPORT_NAME, element });

function line(element: number, content: string, weight: FontWeight, size: number, x: number, baseline: number): PlannedItem {
  return { kind: 'text', element, text: content, weight, size, x: x + inkWidth(content, weight, size).offset, baseline, rotated: false };
}

/** Lines of text wrapped into `width`, their baselines from `top`; returns the items and the bottom of the ink. */
function paragraph(element: number, lines: readonly string[], weight: FontWeight, size: number, x: number, top: number): { items: PlannedItem[]; bottom: number } {
  const items = lines.map((l, i) => line(element, l, weight, size, x, top + INK_TOP_EM * size + i * LINE_EM * size));
  return { items, bottom: top + (INK_TOP_EM + INK_BOTTOM_EM + LINE_EM * Math.max(0, lines.length - 1)) * size };
}

const INFO = { captionWidth: 92, captionSize: 7, valueSize: 8.5, gap: 3 } as const;

/** One "caption  value" row of the header block; the value wraps. */
function infoRow(caption: Bilingual | null, value: string, x: number, width: number, top: number, check: string | null = null): { items: PlannedItem[]; bottom: number } {
  const valueX = x + INFO.captionWidth;
  const valueWidth = width - INFO.captionWidth;
  const pad = check === null ? 0 : 0.15 * INFO.valueSize;
  const captionLines = caption === null ? [] : wrap(bilingual(caption), 'regular', INFO.captionSize, INFO.captionWidth - INFO.gap);
  const cap = paragraph(FURNITURE, captionLines, 'regular', INFO.captionSize, x, top + pad + (INFO.valueSize - INFO.captionSize) * INK_TOP_EM);
  const lines = wrap(value, 'bold', INFO.valueSize, valueWidth - checkWidth(check, INFO.valueSize));
  const val = paragraph(FURNITURE, lines, 'bold', INFO.valueSize, valueX, top + pad);
  const items = [...cap.items, ...val.items];
  if (check !== null) {
    const last = lines.at(-1) ?? '';
    const baseline = top + pad + INK_TOP_EM * INFO.valueSize + (lines.length - 1) * LINE_EM * INFO.valueSize;
    items.push(...checkItems(ctx(FURNITURE), check, INFO.valueSize, valueX + inkWidth(last, 'bold', INFO.valueSize).width, baseline));
  }
  return { items, bottom: Math.max(cap.bottom, val.bottom + pad) + INFO.gap };
}

function heading(text: Bilingual, size: number, x: number, top: number): { items: PlannedItem[]; bottom: number } {
  return paragraph(FURNITURE, [bilingual(text)], 'bold', size, x, top);
}

function patientBlock(patient: PrintPatient, x: number, width: number, top: number): { items: PlannedItem[]; bottom: number } {
  const items: PlannedItem[] = [];
  const head = heading(REPORT_CAPTIONS.patient, 9, x, top);
  items.push(...head.items);
  let y = head.bottom + 4;
  const rows: [Bilingual | null, string][] = [
    [REPORT_CAPTIONS.name, patient.name],
    ...(patient.nameLatin === null ? [] : [[null, patient.nameLatin] as [null, string]]),
    [REPORT_CAPTIONS.birthDate, patient.birthDate],
    ...patient.identifiers.map((id): [Bilingual, string] => [IDENTIFIER_CAPTIONS[id.kind], id.value]),
  ];
  for (const [caption, value] of rows) {
    const row = infoRow(caption, value, x, width, y);
    items.push(...row.items);
    y = row.bottom;
  }
  return { items, bottom: y };
}

function productBlock(content: ReportContent, x: number, width: number, top: number): { items: PlannedItem[]; bottom: number } {
  const items: PlannedItem[] = [];
  const head = heading(REPORT_CAPTIONS.product, 9, x, top);
  items.push(...head.items);
  let y = head.bottom + 4;
  const coi = infoRow(REPORT_CAPTIONS.coi, content.chainOfIdentity.id, x, width, y, content.chainOfIdentity.checkCharacter);
  items.push(...coi.items);
  y = coi.bottom;
  if (content.din === null) {
    const row = infoRow(REPORT_CAPTIONS.din, bilingual(REPORT_CAPTIONS.notAssigned), x, width, y);
    items.push(...row.items);
    y = row.bottom;
  } else {
    const caption = paragraph(FURNITURE, [bilingual(REPORT_CAPTIONS.din)], 'regular', INFO.captionSize, x, y + 0.15 * INFO.valueSize + (INFO.valueSize - INFO.captionSize) * INK_TOP_EM);
    const din = dinItems(content.din, INFO.valueSize, { x: x + INFO.captionWidth, y, width: width - INFO.captionWidth, height: dinHeight(INFO.valueSize) }, ctx(FURNITURE), 'left');
    items.push(...caption.items, ...din);
    y += dinHeight(INFO.valueSize) + INFO.gap;
  }
  if (content.product !== null) {
    const row = infoRow(REPORT_CAPTIONS.product, `${content.product.code}  ${content.product.name}`, x, width, y);
    items.push(...row.items);
    y = row.bottom;
  }
  content.manufacturerReferences.forEach((reference, i) => {
    const row = infoRow(i === 0 ? REPORT_CAPTIONS.manufacturerReferences : null, reference, x, width, y);
    items.push(...row.items);
    y = row.bottom;
  });
  return { items, bottom: y };
}

/** Page 1: the bilingual title, the COI's Code 128 with its text, then patient and product side by side. */
function firstPageHeader(content: ReportContent): { items: PlannedItem[]; bottom: number } {
  const items: PlannedItem[] = [];
  const barcodeArea: Box = { x: PAGE.width - MARGIN.right - 200, y: MARGIN.top, width: 200, height: 34 };
  const placed = placeBarcode(content.coiBarcode, barcodeArea, { min: 0.19 * POINTS_PER_MM, max: 0.35 * POINTS_PER_MM });
  if (!placed) throw invalid('chainOfIdentity.id', 'print.barcode-too-dense', { template: REPORT_NAME, minimum: '0.19' });
  items.push({ kind: 'image', element: FURNITURE, image: content.coiBarcode, box: placed.box, module: placed.module });
  const coiText = content.chainOfIdentity.id;
  const coiWidth = inkWidth(coiText, 'bold', 8).width;
  items.push(line(FURNITURE, coiText, 'bold', 8, barcodeArea.x + (barcodeArea.width - coiWidth) / 2, barcodeArea.y + barcodeArea.height + 1.5 + INK_TOP_EM * 8));

  const titleZh = paragraph(FURNITURE, [REPORT_CAPTIONS.title['zh-TW']], 'bold', 15, MARGIN.left, MARGIN.top);
  const titleEn = paragraph(FURNITURE, wrap(REPORT_CAPTIONS.title.en, 'regular', 10.5, barcodeArea.x - MARGIN.left - 10), 'regular', 10.5, MARGIN.left, titleZh.bottom + 3);
  items.push(...titleZh.items, ...titleEn.items);

  const top = Math.max(titleEn.bottom, barcodeArea.y + barcodeArea.height + 12) + 10;
  const columnWidth = (CONTENT_WIDTH - 16) / 2;
  const patient = patientBlock(content.patient, MARGIN.left, columnWidth, top);
  const product = productBlock(content, MARGIN.left + columnWidth + 16, columnWidth, top);
  items.push(...patient.items, ...product.items);
  const events = heading(REPORT_CAPTIONS.events, 10, MARGIN.left, Math.max(patient.bottom, product.bottom) + 8);
  items.push(...events.items);
  return { items, bottom: events.bottom + 5 };
}

/** Later pages: the title marked as continued, and whose record this is. */
function continuationHeader(content: ReportContent): { items: PlannedItem[]; bottom: number } {
  const title = `${REPORT_CAPTIONS.title['zh-TW']}${REPORT_CAPTIONS.continued['zh-TW']} ${REPORT_CAPTIONS.title.en} ${REPORT_CAPTIONS.continued.en}`;
  const head = paragraph(FURNITURE, wrap(title, 'bold', 9, CONTENT_WIDTH), 'bold', 9, MARGIN.left, MARGIN.top);
  const who = `${bilingual(REPORT_CAPTIONS.coi)}: ${content.chainOfIdentity.id}    ${bilingual(REPORT_CAPTIONS.name)}: ${content.patient.name}`;
  const sub = paragraph(FURNITURE, wrap(who, 'regular', 7.5, CONTENT_WIDTH), 'regular', 7.5, MARGIN.left, head.bottom + 3);
  return { items: [...head.items, ...sub.items], bottom: sub.bottom + 8 };
}

function columnX(index: number): number {
  return MARGIN.left + COLUMNS.slice(0, index).reduce((sum, c) => sum + c.width, 0);
}

const COLUMN_CAPTIONS: Record<ColumnKey, Bilingual> = {
  time: REPORT_CAPTIONS.time,
  event: REPORT_CAPTIONS.event,
  who: REPORT_CAPTIONS.who,
  where: REPORT_CAPTIONS.where,
  scanned: REPORT_CAPTIONS.scanned,
  temperature: REPORT_CAPTIONS.temperature,
  outcome: REPORT_CAPTIONS.outcome,
};

function tableHeader(top: number): { items: PlannedItem[]; bottom: number } {
  const cells = COLUMNS.map((column, i) => {
    const width = column.width - 2 * CELL.padX;
    const zh = wrap(COLUMN_CAPTIONS[column.key]['zh-TW'], 'bold', 7, width);
    const en = wrap(COLUMN_CAPTIONS[column.key].en, 'regular', 6.5, width);
    const first = paragraph(FURNITURE, zh, 'bold', 7, columnX(i) + CELL.padX, top + CELL.padY);
    const second = paragraph(FURNITURE, en, 'regular', 6.5, columnX(i) + CELL.padX, first.bottom + 1);
    return { items: [...first.items, ...second.items], bottom: second.bottom };
  });
  const bottom = Math.max(...cells.map((c) => c.bottom)) + CELL.padY;
  const background: PlannedItem = { kind: 'rect', element: FURNITURE, box: { x: MARGIN.left, y: top, width: CONTENT_WIDTH, height: bottom - top }, lineWidth: 0, fillGray: 0.9 };
  return { items: [background, ...cells.flatMap((c) => c.items)], bottom };
}

const OUTCOME_MARK: Record<ReportRow['outcomeKind'], Bilingual | null> = { 'ok': null, 'deviation': REPORT_CAPTIONS.deviation, 'hard-stop': REPORT_CAPTIONS.hardStop };

/** The wrapped lines of each cell of a row (bold lines are the outcome's deviation or stop mark). */
function rowCells(row: ReportRow, timeZone: string): { lines: { text: string; weight: FontWeight }[] }[] {
  const width = (key: ColumnKey): number => (COLUMNS.find((c) => c.key === key)?.width ?? 0) - 2 * CELL.padX;
  const plain = (key: ColumnKey, texts: readonly string[]): { text: string; weight: FontWeight }[] =>
    texts.flatMap((t) => wrap(t, 'regular', CELL.size, width(key))).map((text) => ({ text, weight: 'regular' as const }));
  const mark = OUTCOME_MARK[row.outcomeKind];
  return [
    { lines: plain('time', [formatInstant(row.at, timeZone)]) },
    { lines: plain('event', [row.event]) },
    { lines: plain('who', [row.who]) },
    { lines: plain('where', [row.where]) },
    { lines: plain('scanned', row.scannedIdentifiers.length > 0 ? row.scannedIdentifiers : ['\u2014']) },
    { lines: plain('temperature', [row.temperature === null ? '\u2014' : `${formatCelsius(row.temperature.value)} °C`]) },
    {
      lines: [
        ...(mark === null ? [] : wrap(bilingual(mark), 'bold', CELL.size, width('outcome')).map((text) => ({ text, weight: 'bold' as const }))),
        ...plain('outcome', [row.outcome]),
      ],
    },
  ];
}

function rowItems(element: number, row: ReportRow, timeZone: string, top: number): { items: PlannedItem[]; bottom: number } {
  const cells = rowCells(row, timeZone);
  const count = Math.max(...cells.map((c) => c.lines.length));
  const bottom = top + 2 * CELL.padY + (INK_TOP_EM + INK_BOTTOM_EM + LINE_EM * (count - 1)) * CELL.size;
  const items: PlannedItem[] = cells.flatMap((cell, i) =>
    cell.lines.map((l, j) => line(element, l.text, l.weight, CELL.size, columnX(i) + CELL.padX, top + CELL.padY + INK_TOP_EM * CELL.size + j * LINE_EM * CELL.size)),
  );
  items.push({ kind: 'line', element, from: { x: MARGIN.left, y: bottom }, to: { x: MARGIN.left + CONTENT_WIDTH, y: bottom }, lineWidth: 0.3 });
  return { items, bottom };
}

function footer(content: ReportContent, page: number, total: number): PlannedItem[] {
  const size = 6.5;
  const first = PAGE.height - 38;
  const second = first + LINE_EM * size + 1;
  const pageText = `${fill(PAGE_TEXT['zh-TW'], { n: page, total })} ${fill(PAGE_TEXT.en, { n: page, total })}`;
  return [
    { kind: 'line', element: FURNITURE, from: { x: MARGIN.left, y: BODY_BOTTOM + 2 }, to: { x: PAGE.width - MARGIN.right, y: BODY_BOTTOM + 2 }, lineWidth: 0.5 },
    line(FURNITURE, `${bilingual(REPORT_CAPTIONS.generatedAt)} ${formatInstant(content.now, content.timeZone)}`, 'regular', size, MARGIN.left, first),
    line(FURNITURE, pageText, 'bold', size, PAGE.width - MARGIN.right - inkWidth(pageText, 'bold', size).width, first),
    line(FURNITURE, `${bilingual(REPORT_CAPTIONS.contentHash)} ${content.contentSha256}`, 'regular', size, MARGIN.left, second),
  ];
}

/**
 * Lays the report out on A4 pages: page 1 carries the header block, every page repeats the table
 * header, rows never split across pages, and every page ends with generation time, page n of N
 * and the content hash.
 */
export function planReport(content: ReportContent): ReportPlan {
  const pages: PlannedItem[][] = [];
  const rowPages: number[] = [];
  const first = firstPageHeader(content);
  let items: PlannedItem[] = [...first.items];
  let header = tableHeader(first.bottom);
  items.push(...header.items);
  let y = header.bottom;
  if (content.rows.length === 0) {
    items.push(...paragraph(FURNITURE, [bilingual(REPORT_CAPTIONS.noEvents)], 'regular', CELL.size, MARGIN.left + CELL.padX, y + CELL.padY).items);
  }
  content.rows.forEach((row, index) => {
    let placed = rowItems(index, row, content.timeZone, y);
    if (placed.bottom > BODY_BOTTOM) {
      pages.push(items);
      const next = continuationHeader(content);
      header = tableHeader(next.bottom);
      items = [...next.items, ...header.items];
      placed = rowItems(index, row, content.timeZone, header.bottom);
      if (placed.bottom > BODY_BOTTOM) throw invalid(`rows.${index}`, 'print.text-too-long', { template: REPORT_NAME, minimum: String(CELL.size) });
    }
    items.push(...placed.items);
    y = placed.bottom;
    rowPages.push(pages.length);
  });
  pages.push(items);
  return { pages: pages.map((page, i) => [...page, ...footer(content, i + 1, pages.length)]), rowPages };
}
