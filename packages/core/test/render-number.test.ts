import { describe, expect, it } from 'vitest';
import { formatNumber } from '../src/explain/render.js';

describe('numbers in explanations', () => {
  it.each([
    // From 0.1 up: three decimals, trailing zeros dropped.
    [38.3, '38.3'],
    [1.2346, '1.235'],
    [0.12345, '0.123'],
    [0.1, '0.1'],
    // Below 0.1: three significant digits, so that an MRD level never reads as 0.
    [0.0999, '0.0999'],
    [0.012345, '0.0123'],
    [0.0001, '0.0001'],
    [0.00004, '0.00004'],
    // Written out, never in exponent form.
    [1e-7, '0.0000001'],
    [-0.0005, '-0.0005'],
    [250, '250'],
  ])('%s reads %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});
