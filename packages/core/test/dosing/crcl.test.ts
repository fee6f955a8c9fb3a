import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cockcroftGault } from '../../src/dosing/crcl.js';
import { expectInputError, q, rulesOf, run } from '../support.js';

type Crcl = { crclMlPerMin: number };

function crcl(input: Record<string, unknown>): number | undefined {
  return run<Crcl>('crcl', { ageYears: 60, sex: 'male', weight: q(72, 'kg'), creatinine: q(1, 'mg/dL'), ...input }).value?.crclMlPerMin;
}

describe('Cockcroft-Gault worked examples', () => {
  it.each([
    // (140 - 60) x 72 / (72 x 1.0) = 80.0
    [{}, 80],
    // x 0.85 for women = 68.0
    [{ sex: 'female' }, 68],
    // (140 - 40) x 70 / (72 x 1.2) = 81.018...
    [{ ageYears: 40, weight: q(70, 'kg'), creatinine: q(1.2, 'mg/dL') }, 81],
    // female: 81.018... x 0.85 = 68.865...
    [{ ageYears: 40, sex: 'female', weight: q(70, 'kg'), creatinine: q(1.2, 'mg/dL') }, 68.9],
    // 88.4 umol/L = 0.99998 mg/dL (MW 113.12): 80.0015... -> 80.0
    [{ creatinine: q(88.4, 'umol/L') }, 80],
    // 176.8 umol/L = 1.99996 mg/dL: 40.0008 -> 40.0
    [{ creatinine: q(176.8, 'umol/L') }, 40],
  ])('%o gives %d mL/min', (input, expected) => {
    expect(crcl(input)).toBe(expected);
  });

  it('the exported function matches the instrument', () => {
    expect(cockcroftGault({ ageYears: 60, sex: 'male', weightKg: 72, creatinineMgDl: 1 })).toBe(80);
    expect(cockcroftGault({ ageYears: 40, sex: 'female', weightKg: 70, creatinineMgDl: 1.2 })).toBe(68.9);
  });

  it('shows the arithmetic and says actual body weight is used', () => {
    const r = run<Crcl>('crcl', { ageYears: 60, sex: 'female', weight: q(72, 'kg'), creatinine: q(1, 'mg/dL') });
    expect(rulesOf(r)).toEqual(['crcl.age', 'crcl.weight', 'crcl.creatinine', 'crcl.sex-female', 'crcl.formula']);
    expect(r.basis.find((b) => b.rule === 'crcl.sex-female')?.yields).toBe(0.85);
    expect(r.warnings.map((w) => w.rule)).toEqual(['crcl.actual-body-weight']);
    expect(r.summary).toBe('Creatinine clearance 68 mL/min');
  });

  it('rounds to 1 decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 18, max: 100 }), fc.double({ min: 30, max: 150, noNaN: true }), fc.double({ min: 0.3, max: 10, noNaN: true }), (age, w, cr) => {
        const v = cockcroftGault({ ageYears: age, sex: 'male', weightKg: w, creatinineMgDl: cr });
        expect(Math.round(v * 10) / 10).toBe(v);
      }),
    );
  });

  it('higher creatinine or older age never raises the clearance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 18, max: 100 }), fc.integer({ min: 0, max: 20 }), fc.double({ min: 0.3, max: 8, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (age, dAge, cr, dCr) => {
        const base = cockcroftGault({ ageYears: age, sex: 'female', weightKg: 60, creatinineMgDl: cr });
        expect(cockcroftGault({ ageYears: age + dAge, sex: 'female', weightKg: 60, creatinineMgDl: cr + dCr })).toBeLessThanOrEqual(base);
      }),
    );
  });
});

describe('Cockcroft-Gault input', () => {
  it('is for adults: 17 years is refused, 18 accepted', () => {
    expectInputError('crcl', { ageYears: 17, sex: 'male', weight: q(60, 'kg'), creatinine: q(1, 'mg/dL') }, 'ageYears', 'crcl.input.adult-formula');
    expectInputError('crcl', { ageYears: 17.9, sex: 'male', weight: q(60, 'kg'), creatinine: q(1, 'mg/dL') }, 'ageYears', 'crcl.input.adult-formula');
    expect(crcl({ ageYears: 18 })).toBe(122);
  });
  it('refuses a bare creatinine number and an unknown sex', () => {
    expectInputError('crcl', { ageYears: 60, sex: 'male', weight: q(72, 'kg'), creatinine: 1 }, 'creatinine', 'input.unit-required');
    expectInputError('crcl', { ageYears: 60, sex: 'x', weight: q(72, 'kg'), creatinine: q(1, 'mg/dL') }, 'sex', 'input.invalid-value');
  });
});
