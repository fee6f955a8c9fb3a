import { ApiError, invalid } from '../../errors.js';
import { placeBarcode, type BarcodeImage, type Box } from './barcodes.js';
import { POINTS_PER_MM, type PlannedItem } from './draw.js';
import { bilingual, LABEL_CAPTIONS, type Bilingual } from './captions.js';
import type { FontWeight } from './font.js';
import type { DinInput } from './schemas.js';
import { templateKey, type FieldElement, type FieldKey, type LabelTemplate, type MmBox } from './templates.js';
import { fitSize, INK_BOTTOM_EM, INK_TOP_EM, inkWidth, LINE_EM, wrap } from './text.js';

const GAP = 1.5;

export function mmBox(b: MmBox): Box {
  return { x: b.x * POINTS_PER_MM, y: b.y * POINTS_PER_MM, width: b.width * POINTS_PER_MM, height: b.height * POINTS_PER_MM };
}

/** One field's text: a fixed caption (or none), the value, and the input path an overflow is blamed on. */
export interface FieldText {
  readonly caption: Bilingual | null;
  readonly value: string | Bilingual;
  readonly path: string;
  /** A keyboard check character printed boxed after the value. */
  readonly checkCharacter?: string | null;
}

/** Everything one label shows, resolved from the input; a field left out (null) is not printed. */
export interface LabelContent {
  readonly fields: Readonly<Record<FieldKey, FieldText | null>>;
  readonly din: DinInput | null;
  readonly code128: BarcodeImage;
  readonly code128Path: string;
  readonly dataMatrix: BarcodeImage;
}

export interface LabelPlan {
  readonly width: number;
  readonly height: number;
  readonly items: readonly PlannedItem[];
}

export interface Context {
  /** The template key (or document name) an overflow error names. */
  readonly key: string;
  readonly element: number;
}

const TOO_LONG = 'print.text-too-long';

function tooLong(path: string, ctx: Context, minimum: number): never {
  throw invalid(path, TOO_LONG, { template: ctx.key, minimum: String(minimum) });
}

function valueLines(value: string | Bilingual, split: boolean): string[] {
  if (typeof value === 'string') return [value];
  return split ? [value['zh-TW'], value.en] : [bilingual(value)];
}

function text(ctx: Context, content: string, weight: FontWeight, size: number, x: number, baseline: number): PlannedItem {
  return { kind: 'text', element: ctx.element, text: content, weight, size, x: x + inkWidth(content, weight, size).offset, baseline, rotated: false };
}

/** Room kept around a boxed check character, in ems. */
const CHECK_PAD_EM = 0.15;

/** The width a boxed check character takes after a value (a space, then the box); 0 without one. */
export function checkWidth(check: string | null, size: number): number {
  if (check === null) return 0;
  return 0.3 * size + Math.max(inkWidth(check, 'bold', size).width, 0.6 * size) + 2 * CHECK_PAD_EM * size;
}

/** An ISBT 128 style keyboard check character, boxed, after a value ending at `x`. */
export function checkItems(ctx: Context, check: string, size: number, x: number, baseline: number): PlannedItem[] {
  const pad = CHECK_PAD_EM * size;
  const width = checkWidth(check, size) - 0.3 * size;
  const left = x + 0.3 * size;
  const box: Box = { x: left, y: baseline - INK_TOP_EM * size - pad, width, height: (INK_TOP_EM + INK_BOTTOM_EM) * size + 2 * pad };
  const character = inkWidth(check, 'bold', size).width;
  return [{ kind: 'rect', element: ctx.element, box, lineWidth: 0.6 }, text(ctx, check, 'bold', size, left + (width - character) / 2, baseline)];
}

function inlineField(el: FieldElement, b: Box, caption: string | null, lines: string[], check: string | null, ctx: Context, path: string): PlannedItem[] {
  const weight: FontWeight = el.bold ? 'bold' : 'regular';
  const captionWidth = caption === null ? 0 : inkWidth(caption, 'regular', el.captionSize).width + GAP;
  const value = lines.join(' ');
  const padOf = (s: number): number => (check === null ? 0 : CHECK_PAD_EM * s);
  const lineSizeOf = (s: number): number => Math.max(s, caption === null ? 0 : el.captionSize);
  const fits = (s: number): boolean =>
    inkWidth(value, weight, s).width + checkWidth(check, s) <= b.width - captionWidth && (INK_TOP_EM + INK_BOTTOM_EM) * lineSizeOf(s) + 2 * padOf(s) <= b.height + 1e-6;
  let size = el.valueSize;
  while (size >= el.minValueSize - 1e-9 && !fits(size)) size -= 0.25;
  if (size < el.minValueSize - 1e-9) tooLong(path, ctx, el.minValueSize);
  const lineSize = lineSizeOf(size);
  const pad = padOf(size);
  const baseline = b.y + pad + INK_TOP_EM * lineSize;
  const valueWidth = inkWidth(value, weight, size).width;
  const total = captionWidth + valueWidth + checkWidth(check, size);
  const start = el.align === 'right' ? b.x + b.width - total : b.x;
  const items: PlannedItem[] = [];
  if (caption !== null) items.push(text(ctx, caption, 'regular', el.captionSize, start, baseline));
  items.push(text(ctx, value, weight, size, start + captionWidth, baseline));
  if (check !== null) items.push(...checkItems(ctx, check, size, start + captionWidth + valueWidth, baseline));
  return items;
}

function stackedField(el: FieldElement, b: Box, caption: string | null, lines: string[], check: string | null, ctx: Context, path: string): PlannedItem[] {
  const weight: FontWeight = el.bold ? 'bold' : 'regular';
  const items: PlannedItem[] = [];
  let top = b.y;
  if (caption !== null) {
    if (inkWidth(caption, 'regular', el.captionSize).width > b.width) tooLong(path, ctx, el.minValueSize);
    const baseline = top + INK_TOP_EM * el.captionSize;
    items.push(text(ctx, caption, 'regular', el.captionSize, b.x, baseline));
    top = baseline + INK_BOTTOM_EM * el.captionSize + GAP / 2;
  }
  for (let size = el.valueSize; size >= el.minValueSize - 1e-9; size -= 0.25) {
    const placed = el.wrap ? lines.flatMap((line) => wrap(line, weight, size, b.width)) : lines;
    const widths = placed.map((line, i) => inkWidth(line, weight, size).width + (i === placed.length - 1 ? checkWidth(check, size) : 0));
    if (widths.some((w) => w > b.width)) continue;
    const pad = check === null ? 0 : CHECK_PAD_EM * size;
    const height = (INK_TOP_EM + INK_BOTTOM_EM + LINE_EM * (placed.length - 1)) * size + 2 * pad;
    if (top + height > b.y + b.height + 1e-6) continue;
    placed.forEach((line, i) => {
      const baseline = top + pad + INK_TOP_EM * size + i * LINE_EM * size;
      const x = el.align === 'right' ? b.x + b.width - (widths[i] ?? 0) : b.x;
      items.push(text(ctx, line, weight, size, x, baseline));
      if (check !== null && i === placed.length - 1) items.push(...checkItems(ctx, check, size, x + inkWidth(line, weight, size).width, baseline));
    });
    return items;
  }
  return tooLong(path, ctx, el.minValueSize);
}

function fieldItems(el: FieldElement, field: FieldText, ctx: Context): PlannedItem[] {
  const b = mmBox(el.box);
  const caption = el.showCaption === false || field.caption === null ? null : bilingual(field.caption);
  const lines = valueLines(field.value, el.split === true);
  const check = field.checkCharacter ?? null;
  return el.layout === 'inline' ? inlineField(el, b, caption, lines, check, ctx, field.path) : stackedField(el, b, caption, lines, check, ctx, field.path);
}

/** The height the eye-readable DIN takes at size `s`, its check box included. */
export function dinHeight(s: number): number {
  return (INK_TOP_EM + INK_BOTTOM_EM + 2 * CHECK_PAD_EM) * s;
}

/**
 * The eye-readable DIN, centred (or from the left): facility number, then year and sequence in bold, the two flag
 * characters turned 90 degrees and smaller, and the check character boxed (ISBT 128 presentation).
 */
export function dinItems(din: DinInput | null, s: number, b: Box, ctx: Context, align: 'center' | 'left' = 'center'): PlannedItem[] {
  if (din === null) {
    const line = `${bilingual(LABEL_CAPTIONS.din)}: ${bilingual(LABEL_CAPTIONS.noDin)}`;
    const size = fitSize(line, 'regular', b.width, 7, 5) ?? tooLong('din', ctx, 5);
    return [text(ctx, line, 'regular', size, b.x, b.y + INK_TOP_EM * size)];
  }
  const flagSize = s * 0.6;
  const space = s * 0.3;
  const facility = din.identifier.slice(0, 5);
  const year = din.identifier.slice(5, 7);
  const sequence = din.identifier.slice(7);
  const widths = {
    facility: inkWidth(facility, 'regular', s).width,
    year: inkWidth(year, 'bold', s).width,
    sequence: inkWidth(sequence, 'bold', s).width,
    flags: (INK_TOP_EM + INK_BOTTOM_EM) * flagSize,
  };
  const total = widths.facility + widths.year + widths.sequence + widths.flags + 3 * space + checkWidth(din.checkCharacter, s);
  if (total > b.width || dinHeight(s) > b.height + 1e-6) tooLong('din.identifier', ctx, s);
  const baseline = b.y + CHECK_PAD_EM * s + INK_TOP_EM * s;
  let x = align === 'left' ? b.x : b.x + (b.width - total) / 2;
  const items: PlannedItem[] = [text(ctx, facility, 'regular', s, x, baseline)];
  x += widths.facility + space;
  items.push(text(ctx, year, 'bold', s, x, baseline));
  x += widths.year + space;
  items.push(text(ctx, sequence, 'bold', s, x, baseline));
  x += widths.sequence + space;
  // Turned clockwise: the pen runs downwards and the glyphs' tops face right.
  const flagsLength = inkWidth(din.flags, 'regular', flagSize).width;
  const middle = baseline - ((INK_TOP_EM - INK_BOTTOM_EM) / 2) * s;
  items.push({ kind: 'text', element: ctx.element, text: din.flags, weight: 'regular', size: flagSize, x: x + INK_BOTTOM_EM * flagSize, baseline: middle - flagsLength / 2, rotated: true });
  x += widths.flags;
  items.push(...checkItems(ctx, din.checkCharacter, s, x, baseline));
  return items;
}

/**
 * The keys of the label templates on which this text would not fit the given field even at its
 * smallest size: lets a setting that every label prints be refused when it is saved rather than
 * at the first print.
 */
export function templatesRefusing(templates: readonly LabelTemplate[], fieldName: FieldKey, field: FieldText): string[] {
  const refusing: string[] = [];
  for (const template of templates) {
    template.elements.forEach((el, element) => {
      if (el.kind !== 'field' || el.field !== fieldName) return;
      try {
        fieldItems(el, field, { key: templateKey(template), element });
      } catch (error) {
        if (!(error instanceof ApiError) || error.details.issues?.[0]?.rule !== TOO_LONG) throw error;
        refusing.push(templateKey(template));
      }
    });
  }
  return refusing;
}

/** Lays out one label; refuses (400, naming the input path) a value that does not fit even at its smallest size. */
export function planLabel(template: LabelTemplate, content: LabelContent): LabelPlan {
  const key = templateKey(template);
  const items: PlannedItem[] = [];
  template.elements.forEach((el, element) => {
    const ctx: Context = { key, element };
    switch (el.kind) {
      case 'rule':
        items.push({
          kind: 'line',
          element,
          from: { x: el.from.x * POINTS_PER_MM, y: el.from.y * POINTS_PER_MM },
          to: { x: el.to.x * POINTS_PER_MM, y: el.to.y * POINTS_PER_MM },
          lineWidth: 0.5,
        });
        break;
      case 'field': {
        const field = content.fields[el.field];
        if (field !== null) items.push(...fieldItems(el, field, ctx));
        break;
      }
      case 'din':
        items.push(...dinItems(content.din, el.size, mmBox(el.box), ctx));
        break;
      case 'code128':
      case 'datamatrix': {
        const image = el.kind === 'code128' ? content.code128 : content.dataMatrix;
        const placed = placeBarcode(image, mmBox(el.box), { min: el.minModuleMm * POINTS_PER_MM, max: el.maxModuleMm * POINTS_PER_MM });
        if (!placed) {
          throw invalid(el.kind === 'code128' ? content.code128Path : 'chainOfIdentity.id', 'print.barcode-too-dense', { template: key, minimum: String(el.minModuleMm) });
        }
        items.push({ kind: 'image', element, image, box: placed.box, module: placed.module });
        break;
      }
    }
  });
  return { width: template.widthMm * POINTS_PER_MM, height: template.heightMm * POINTS_PER_MM, items };
}
