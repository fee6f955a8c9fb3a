import { describe, expect, it } from 'vitest';
import { allFixedTexts, fill } from '../../src/custody/print/captions.js';
import { newDocument } from '../../src/custody/print/document.js';
import { drawItems, type PlannedItem } from '../../src/custody/print/draw.js';
import { measure, missingGlyphs, type FontWeight } from '../../src/custody/print/font.js';
import { formatCelsiusRange, formatInstant } from '../../src/custody/print/format.js';
import { TEMPLATE_KEYS } from '../../src/custody/print/templates.js';
import { INK_BOTTOM_EM, INK_TOP_EM } from '../../src/custody/print/text.js';
import { openPdf, render } from './support.js';

/** Every text a document can print that is not patient data: captions in both languages, keys, and the characters of formatted values. */
function everyFixedText(): string[] {
  const fixed = allFixedTexts().flatMap((t) => [t['zh-TW'], t.en]).map((t) => fill(t, { n: 12, total: 34 }));
  return [
    ...fixed,
    ...TEMPLATE_KEYS,
    formatInstant('2026-03-01T01:30:00Z', 'Asia/Taipei'),
    formatCelsiusRange(2, 8),
    formatCelsiusRange(null, -150),
    formatCelsiusRange(15, null),
    '0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz -_.:/&=*+()',
    '\u2014',
  ];
}

describe('label font', () => {
  it('has a glyph, in both weights, for every character of every fixed text in both languages', () => {
    for (const text of everyFixedText()) expect({ text, missing: missingGlyphs(text) }).toEqual({ text, missing: [] });
    expect(everyFixedText().join('')).toMatch(/\p{Script=Han}/u);
  });

  it('reports the characters it lacks', () => {
    expect(missingGlyphs('王\ue000明\ue001')).toEqual(['\ue000', '\ue001']);
    expect(missingGlyphs('王小明 WANG')).toEqual([]);
  });

  it('keeps the ink of every fixed text within the line room the layout assumes', () => {
    for (const text of everyFixedText()) {
      for (const weight of ['regular', 'bold'] as const) {
        const m = measure(text, weight, 10);
        expect(m.inkTop).toBeLessThanOrEqual(INK_TOP_EM * 10);
        expect(m.inkBottom).toBeGreaterThanOrEqual(-INK_BOTTOM_EM * 10);
      }
    }
  });

  it('embeds subsets whose every glyph renders with ink (the subsetting pdf-lib ships blanks CJK glyphs)', async () => {
    const characters = [...new Set(everyFixedText().join(''))].filter((c) => c.trim() !== '');
    const { doc, fonts } = await newDocument();
    const page = doc.addPage([595.28, 841.89]);
    const cell = 22;
    const columns = 24;
    const cells = characters.flatMap((c, i) =>
      (['regular', 'bold'] as FontWeight[]).map((weight, w) => ({ c, weight, x: 20 + (i % columns) * cell, y: 20 + (Math.floor(i / columns) * 2 + w) * cell })),
    );
    const items: PlannedItem[] = cells.map((k) => ({ kind: 'text', element: 0, text: k.c, weight: k.weight, size: 14, x: k.x + 3, baseline: k.y + 16, rotated: false }));
    drawItems(page, items, { x: 0, y: 0 }, fonts, new Map());
    const bytes = await doc.save();
    const image = render(openPdf(bytes), 0, 150);
    const blank = cells.filter((k) => {
      let ink = 0;
      for (let y = Math.floor(k.y * image.scale); y < Math.floor((k.y + cell) * image.scale); y++) {
        for (let x = Math.floor(k.x * image.scale); x < Math.floor((k.x + cell) * image.scale); x++) if ((image.gray[y * image.width + x] ?? 255) < 128) ink++;
      }
      return ink < 4;
    });
    expect(blank.map((k) => `${k.c} (${k.weight})`)).toEqual([]);
  });
});
