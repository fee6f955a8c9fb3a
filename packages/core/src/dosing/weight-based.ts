import type { Dose } from '../explain/result.js';

/**
 * A dose computed from a rate per body measure (mg/kg, mg/m2), optionally capped. Doses are
 * rounded to 0.1 of their unit: finer than any syringe or vial can deliver.
 */
export function scaledDose(rate: { value: number; unit: string }, basedOn: { value: number; unit: string }, unit: string, cap?: number): Dose {
  const raw = Math.round(rate.value * basedOn.value * 10) / 10;
  if (cap !== undefined && raw > cap) {
    return { value: cap, unit, perUnit: rate, basedOn, cappedAt: { value: cap, unit } };
  }
  return { value: raw, unit, perUnit: rate, basedOn };
}

export function perKg(ratePerKg: number, weightKg: number, unit = 'mg', cap?: number): Dose {
  return scaledDose({ value: ratePerKg, unit: `${unit}/kg` }, { value: weightKg, unit: 'kg' }, unit, cap);
}

export function perSquareMeter(ratePerM2: number, bsaM2: number, unit = 'mg', cap?: number): Dose {
  return scaledDose({ value: ratePerM2, unit: `${unit}/m2` }, { value: bsaM2, unit: 'm2' }, unit, cap);
}

export function fixedDose(value: number, unit = 'mg', upTo?: number): Dose {
  return upTo === undefined ? { value, unit } : { value, unit, upTo };
}
