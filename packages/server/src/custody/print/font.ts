import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import * as fontkit from 'fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/**
 * The one typeface of every printed document: Noto Sans TC (SIL Open Font License 1.1), which
 * covers Traditional Chinese and Latin in one face. It comes from an npm package so that a fresh
 * clone prints the same glyphs on any machine, with or without system CJK fonts.
 */
const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-tc/700Bold/NotoSansTC_700Bold.ttf',
} as const;
export type FontWeight = keyof typeof FONT_FILES;

const bytesCache = new Map<FontWeight, Uint8Array>();
const parsedCache = new WeakMap<Uint8Array, fontkit.Font>();

function fontBytes(weight: FontWeight): Uint8Array {
  let bytes = bytesCache.get(weight);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(require.resolve(FONT_FILES[weight])));
    bytesCache.set(weight, bytes);
  }
  return bytes;
}

function parse(bytes: Uint8Array): fontkit.Font {
  let font = parsedCache.get(bytes);
  if (!font) {
    const created = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!('createSubset' in created)) throw new Error('The bundled font file is a collection, not a single face.');
    font = created;
    parsedCache.set(bytes, font);
  }
  return font;
}

// @types/fontkit declares includeGlyph as returning boolean; fontkit 2.0.4 returns the glyph's
// id in the subset (src/subset/Subset.js), which is what pdf-lib writes into the text.
interface RuntimeSubset {
  includeGlyph(glyph: unknown): number;
  encode(): Uint8Array;
  readonly cff?: unknown;
}

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];
type PdfLibFont = ReturnType<PdfLibFontkit['create']>;
type PdfLibSubset = ReturnType<PdfLibFont['createSubset']>;

function adaptSubset(subset: RuntimeSubset): PdfLibSubset {
  return {
    includeGlyph: (glyph) => subset.includeGlyph(glyph),
    // pdf-lib reads the subset as a stream of chunks; fontkit 2 encodes it in one piece.
    encodeStream: () => Readable.from([subset.encode()]),
    // pdf-lib's embedder asks the subset whether it holds CFF outlines.
    ...(subset.cff === undefined ? {} : { cff: subset.cff }),
  };
}

/**
 * pdf-lib's own `@pdf-lib/fontkit` 1.1.1 corrupts subsets of CJK fonts: TrueType glyphs after an
 * odd-length record come out blank and CID-keyed CFF is rejected whole (pdf-lib issue #1232;
 * fixed upstream in fontkit 1.8/1.9, foliojs/fontkit#191 for TrueType). pdf-lib accepts any object with `create`,
 * so the maintained upstream fontkit 2 is handed over, with the one method whose shape changed
 * (`encodeStream`) adapted. Parsed faces are shared between documents; subsets never are.
 */
const UPSTREAM_FONTKIT: PdfLibFontkit = {
  create(bytes: Uint8Array): PdfLibFont {
    const font = parse(bytes);
    const handler: ProxyHandler<fontkit.Font> = {
      get(target, property) {
        if (property === 'createSubset') return () => adaptSubset(target.createSubset() as unknown as RuntimeSubset);
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    };
    // The proxy answers every property pdf-lib reads from its Font interface, from the same font.
    return new Proxy(font, handler) as unknown as PdfLibFont;
  },
};

export interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

/** Embeds both weights as subsets: only the glyphs a document draws are written into it. */
export async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  doc.registerFontkit(UPSTREAM_FONTKIT);
  const [regular, bold] = await Promise.all([
    doc.embedFont(fontBytes('regular'), { subset: true }),
    doc.embedFont(fontBytes('bold'), { subset: true }),
  ]);
  return { regular, bold };
}

/** The characters of `text` that the font cannot draw (in order of first appearance, once each). */
export function missingGlyphs(text: string): string[] {
  const regular = parse(fontBytes('regular'));
  const bold = parse(fontBytes('bold'));
  const missing: string[] = [];
  for (const character of new Set(text)) {
    if (/\s/u.test(character)) continue;
    const codePoint = character.codePointAt(0) ?? 0;
    if (!regular.hasGlyphForCodePoint(codePoint) || !bold.hasGlyphForCodePoint(codePoint)) missing.push(character);
  }
  return missing;
}

/**
 * Extents of one line of `text` at `size` points, as pdf-lib draws it: glyph advances one after
 * the other (pdf-lib writes no kerning), and the ink of the glyph outlines around the baseline.
 * `inkLeft` is negative when a glyph reaches left of the pen's start; `inkBottom` is below the baseline.
 */
export interface TextMetrics {
  readonly width: number;
  readonly inkLeft: number;
  readonly inkRight: number;
  readonly inkTop: number;
  readonly inkBottom: number;
}

const unitMetrics = new Map<string, TextMetrics>();
/** Bounds the cache of measured texts; it is cleared whole when full (labels repeat the same few texts). */
const UNIT_METRICS_LIMIT = 10_000;

function measureUnit(text: string, weight: FontWeight): TextMetrics {
  const key = `${weight}\u0000${text}`;
  const cached = unitMetrics.get(key);
  if (cached) return cached;
  const font = parse(fontBytes(weight));
  const scale = 1 / font.unitsPerEm;
  let x = 0;
  let inkLeft = 0;
  let inkRight = 0;
  let inkTop = 0;
  let inkBottom = 0;
  for (const glyph of font.layout(text).glyphs) {
    const box = glyph.bbox;
    if (Number.isFinite(box.minX) && box.maxX > box.minX) {
      inkLeft = Math.min(inkLeft, x + box.minX);
      inkRight = Math.max(inkRight, x + box.maxX);
      inkTop = Math.max(inkTop, box.maxY);
      inkBottom = Math.min(inkBottom, box.minY);
    }
    x += glyph.advanceWidth;
  }
  const metrics = { width: x * scale, inkLeft: inkLeft * scale, inkRight: inkRight * scale, inkTop: inkTop * scale, inkBottom: inkBottom * scale };
  if (unitMetrics.size >= UNIT_METRICS_LIMIT) unitMetrics.clear();
  unitMetrics.set(key, metrics);
  return metrics;
}

export function measure(text: string, weight: FontWeight, size: number): TextMetrics {
  const m = measureUnit(text, weight);
  return { width: m.width * size, inkLeft: m.inkLeft * size, inkRight: m.inkRight * size, inkTop: m.inkTop * size, inkBottom: m.inkBottom * size };
}
