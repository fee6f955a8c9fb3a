import { invalid } from '../../errors.js';
import { measure, missingGlyphs, type FontWeight } from './font.js';

/**
 * Vertical room a line of text takes around its baseline, in ems. Noto Sans TC's ideographs and
 * Latin accents stay within 0.95 em above and 0.25 em below the baseline (the text tests check
 * the measured ink against these).
 */
export const INK_TOP_EM = 0.95;
export const INK_BOTTOM_EM = 0.25;
/** Distance between the baselines of wrapped lines. */
export const LINE_EM = 1.25;
/** Sizes are tried downwards in this step until the text fits or the minimum is reached. */
const SIZE_STEP = 0.25;

/** The horizontal room the text's ink and advance need, from the pen's start (negative overhang included). */
export function inkWidth(text: string, weight: FontWeight, size: number): { width: number; offset: number } {
  const m = measure(text, weight, size);
  const offset = Math.max(0, -m.inkLeft);
  return { width: Math.max(m.width, m.inkRight) + offset, offset };
}

/** The largest size from `size` down to `minSize` at which one line fits `maxWidth`; null when none does. */
export function fitSize(text: string, weight: FontWeight, maxWidth: number, size: number, minSize: number): number | null {
  for (let s = size; s >= minSize - 1e-9; s -= SIZE_STEP) {
    if (inkWidth(text, weight, s).width <= maxWidth) return s;
  }
  return null;
}

/** Refuses a value holding a character the font cannot draw (a blank box on a label is a misread waiting to happen). */
export function ensurePrintable(text: string, path: string): void {
  const [character] = missingGlyphs(text);
  if (character !== undefined) throw invalid(path, 'print.glyph-missing', { character });
}

const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;

/** Splits into wrap units: one ideograph or fullwidth mark each, Latin runs whole, spaces kept as their own units. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const character of text) {
    if (IDEOGRAPHIC.test(character) || /\s/u.test(character)) {
      if (word) out.push(word);
      word = '';
      out.push(character);
    } else {
      word += character;
    }
  }
  if (word) out.push(word);
  return out;
}

/** Breaks a unit wider than a line at character boundaries. */
function splitLong(token: string, weight: FontWeight, size: number, maxWidth: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const character of token) {
    if (piece && inkWidth(piece + character, weight, size).width > maxWidth) {
      pieces.push(piece);
      piece = character;
    } else {
      piece += character;
    }
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** Greedy line breaking within `maxWidth`: ideographs break anywhere, Latin words at spaces, over-long words by character. */
export function wrap(text: string, weight: FontWeight, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of tokens(text)) {
    const candidate = line + token;
    if (inkWidth(candidate.trimEnd(), weight, size).width <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line.trim()) lines.push(line.trim());
    line = '';
    if (/^\s$/u.test(token)) continue;
    if (inkWidth(token, weight, size).width <= maxWidth) {
      line = token;
    } else {
      const pieces = splitLong(token, weight, size, maxWidth);
      lines.push(...pieces.slice(0, -1));
      line = pieces.at(-1) ?? '';
    }
  }
  if (line.trim()) lines.push(line.trim());
  return lines.length > 0 ? lines : [''];
}
