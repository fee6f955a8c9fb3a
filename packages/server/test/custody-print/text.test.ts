import { describe, expect, it } from 'vitest';
import { canonicalJson, formatCelsius, formatCelsiusRange, formatInstant } from '../../src/custody/print/format.js';
import { fitSize, inkWidth, wrap } from '../../src/custody/print/text.js';

describe('fitting text', () => {
  const text = '臺大醫院 細胞治療中心 Cell Therapy Centre';

  it('keeps the nominal size when the line fits exactly, and steps down by 0.25 pt when it is just too wide', () => {
    const at10 = inkWidth(text, 'bold', 10).width;
    expect(fitSize(text, 'bold', at10, 10, 6)).toBe(10);
    expect(fitSize(text, 'bold', at10 + 0.01, 10, 6)).toBe(10);
    expect(fitSize(text, 'bold', at10 - 0.01, 10, 6)).toBe(9.75);
  });

  it('gives up below the minimum size', () => {
    const at6 = inkWidth(text, 'bold', 6).width;
    expect(fitSize(text, 'bold', at6, 10, 6)).toBe(6);
    expect(fitSize(text, 'bold', at6 - 0.01, 10, 6)).toBeNull();
  });

  it('scales widths linearly with the size', () => {
    expect(inkWidth(text, 'regular', 20).width).toBeCloseTo(2 * inkWidth(text, 'regular', 10).width, 6);
  });
});

describe('wrapping', () => {
  it('breaks ideographs anywhere and Latin at spaces, every line within the width', () => {
    const text = '使用前由兩人核對病人識別 Two people check the patient identifiers before use';
    const width = 60;
    const lines = wrap(text, 'regular', 7, width);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(inkWidth(line, 'regular', 7).width).toBeLessThanOrEqual(width);
    expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    for (const word of text.split(' ').filter((w) => /^[A-Za-z]+$/.test(w))) expect(lines.some((l) => l.split(' ').includes(word))).toBe(true);
  });

  it('splits a word longer than the line by characters', () => {
    const word = '=A99992600004200&/CHA999926000042';
    const lines = wrap(word, 'regular', 7, 40);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(word);
    for (const line of lines) expect(inkWidth(line, 'regular', 7).width).toBeLessThanOrEqual(40);
  });

  it('leaves a line that fits whole', () => {
    expect(wrap('符合 Matched', 'regular', 7, 200)).toEqual(['符合 Matched']);
  });
});

describe('formatting', () => {
  it('prints instants as wall-clock time in the zone with the offset', () => {
    expect(formatInstant('2026-03-01T01:30:00Z', 'Asia/Taipei')).toBe('2026-03-01 09:30 +08:00');
    expect(formatInstant('2026-03-01T16:05:00Z', 'Asia/Taipei')).toBe('2026-03-02 00:05 +08:00');
    expect(formatInstant('2026-03-01T01:30:00+08:00', 'UTC')).toBe('2026-02-28 17:30 +00:00');
  });

  it('prints Celsius ranges with a true minus sign', () => {
    expect(formatCelsiusRange(2, 8)).toBe('2\u20138 °C');
    expect(formatCelsiusRange(null, -150)).toBe('\u2264 \u2212150 °C');
    expect(formatCelsiusRange(15, null)).toBe('\u2265 15 °C');
    expect(formatCelsius(-0.5)).toBe('\u22120.5');
    expect(formatCelsius(4.256)).toBe('4.26');
  });

  it('gives the same canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }));
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});
