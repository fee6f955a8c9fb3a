import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duboisBsa, mostellerBsa } from '../../src/dosing/bsa.js';
import { expectInputError, q, rulesOf, run } from '../support.js';

type Bsa = { bsaM2: number; formula: string };

describe('BSA worked examples (values computed independently with Python math)', () => {
  it.each([
    // height cm, weight kg, Mosteller, DuBois
    [170, 70, 1.82, 1.81], // 1.8181..., 1.8097...
    [180, 80, 2.0, 2.0], // 2.0 exactly, 1.9964...
    [100, 16, 0.67, 0.66], // 0.6667, 0.6578...
    [160, 50, 1.49, 1.5], // 1.4907..., 1.5011...
  ])('%d cm, %d kg: Mosteller %d m2, DuBois %d m2', (height, weight, mosteller, dubois) => {
    expect(mostellerBsa(height, weight)).toBe(mosteller);
    expect(duboisBsa(height, weight)).toBe(dubois);
    expect(run<Bsa>('bsa', { height: q(height, 'cm'), weight: q(weight, 'kg') }).value).toEqual({ bsaM2: mosteller, formula: 'mosteller' });
    expect(run<Bsa>('bsa', { height: q(height, 'cm'), weight: q(weight, 'kg'), formula: 'dubois' }).value).toEqual({ bsaM2: dubois, formula: 'dubois' });
  });

  it('converts units through UCUM: 1.7 m and 70000 g are 170 cm and 70 kg', () => {
    expect(run<Bsa>('bsa', { height: q(1.7, 'm'), weight: q(70000, 'g') }).value?.bsaM2).toBe(1.82);
  });

  it('shows the arithmetic: height, weight, formula and rounding', () => {
    const r = run<Bsa>('bsa', { height: q(170, 'cm'), weight: q(70, 'kg') });
    expect(rulesOf(r)).toEqual(['bsa.height', 'bsa.weight', 'bsa.mosteller', 'bsa.rounding']);
    expect(r.summary).toBe('BSA 1.82 m² (Mosteller)');
  });

  it('rounds to 2 decimals', () => {
    fc.assert(
      fc.property(fc.double({ min: 40, max: 220, noNaN: true }), fc.double({ min: 2, max: 200, noNaN: true }), (h, w) => {
        for (const v of [mostellerBsa(h, w), duboisBsa(h, w)]) expect(Math.round(v * 100) / 100).toBe(v);
      }),
    );
  });

  it('is monotonic: more height or weight never lowers the BSA', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 210 }),
        fc.integer({ min: 3, max: 150 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        (h, w, dh, dw) => {
          expect(mostellerBsa(h + dh, w + dw)).toBeGreaterThanOrEqual(mostellerBsa(h, w));
          expect(duboisBsa(h + dh, w + dw)).toBeGreaterThanOrEqual(duboisBsa(h, w));
        },
      ),
    );
  });
});

describe('BSA input', () => {
  it('refuses a bare number and an implausible height', () => {
    expectInputError('bsa', { height: 170, weight: q(70, 'kg') }, 'height', 'input.unit-required');
    expectInputError('bsa', { height: q(400, 'cm'), weight: q(70, 'kg') }, 'height.value', 'input.out-of-range');
  });
  it('refuses a weight in a height unit', () => {
    expectInputError('bsa', { height: q(170, 'cm'), weight: q(70, 'cm') }, 'weight.unit', 'input.unit-not-convertible');
  });
});
