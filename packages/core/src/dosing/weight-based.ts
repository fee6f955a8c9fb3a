import type { Dose } from '../explain/result.js';

/**
 * A dose computed from a rate per body measure (mg/kg, mg/m2), optionally capped. Doses are
 * rounded to 0.1 of their unit: finer than any syringe or vial can deliver.
 */
export function scaledDose(rate: Measure, basedOn: Measure, unit: string, cap?: number): Dose {
  const raw = Math.round(rate.value * basedOn.value * 10) / 10;
  if (cap !== undefined && raw > cap) {
    return { value: cap, unit, perUnit: rate, basedOn, cappedAt: measure(cap, unit, '') };
  }
  return { value: raw, unit, perUnit: rate, basedOn };
}

interface Measure {
  readonly value: number;
  readonly unit: string;
}

// Rates and caps repeat across every patient (8 mg/kg, 30 mg/m2): one frozen object each. The
// tables are keyed by the unit as given (a literal at every call site), never by a string built
// per call, so that finding a rate costs no allocation.
const plainMeasures = new Map<string, Map<number, Measure>>();
const perKgMeasures = new Map<string, Map<number, Measure>>();
const perSquareMeterMeasures = new Map<string, Map<number, Measure>>();
function measure(value: number, unit: string, per: '' | '/kg' | '/m2'): Measure {
  const byUnit = per === '' ? plainMeasures : per === '/kg' ? perKgMeasures : perSquareMeterMeasures;
  let byValue = byUnit.get(unit);
  if (byValue === undefined) {
    byValue = new Map();
    byUnit.set(unit, byValue);
  }
  let found = byValue.get(value);
  if (found === undefined) {
    found = Object.freeze({ value, unit: per === '' ? unit : unit + per });
    byValue.set(value, found);
  }
  return found;
}

export function perKg(ratePerKg: number, weightKg: number, unit = 'mg', cap?: number): Dose {
  return scaledDose(measure(ratePerKg, unit, '/kg'), { value: weightKg, unit: 'kg' }, unit, cap);
}

export function perSquareMeter(ratePerM2: number, bsaM2: number, unit = 'mg', cap?: number): Dose {
  return scaledDose(measure(ratePerM2, unit, '/m2'), { value: bsaM2, unit: 'm2' }, unit, cap);
}

export function fixedDose(value: number, unit = 'mg', upTo?: number): Dose {
  return upTo === undefined ? { value, unit } : { value, unit, upTo };
}
