import * as z from 'zod';
import { Instant, QuantityInput, toCanonical } from '../units/quantity.js';

/**
 * Plausible range of a storage, transport or warmer temperature, °C: from liquid nitrogen to a
 * warm room. An input sanity check (a value outside it is a typing or unit error), not a
 * clinical threshold; the body-temperature kind of units/quantity.ts does not cover it.
 */
export const STORAGE_TEMPERATURE_RANGE_C = Object.freeze({ min: -200, max: 60 });

/** A temperature as `{ value, unit }` (UCUM: Cel, [degF], K), converted to °C. */
export const StorageTemperature = QuantityInput.transform((q, ctx) => {
  const celsius = toCanonical('temperature', q.value, q.unit);
  if (celsius === null) {
    ctx.addIssue({ code: 'custom', path: ['unit'], message: 'input.unit-not-convertible', params: { rule: 'input.unit-not-convertible', unit: q.unit, expected: 'Cel' } });
    return z.NEVER;
  }
  const { min, max } = STORAGE_TEMPERATURE_RANGE_C;
  if (celsius < min || celsius > max) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'input.out-of-range', params: { rule: 'input.out-of-range', value: celsius, unit: 'Cel', min, max } });
    return z.NEVER;
  }
  return celsius;
}).meta({ description: 'Temperature as { value, unit } in UCUM (Cel, [degF], K); converted to Cel.' });

/** One temperature reading: when, how warm, and from which probe or logger. */
export const TemperatureReading = z
  .object({
    at: Instant,
    temperature: StorageTemperature,
    probe: z.string().min(1).max(200).optional().describe('Logger, probe or device identifier.'),
  })
  .strict();
export type TemperatureReading = z.output<typeof TemperatureReading>;

/** An inclusive range in °C; an open end is null. */
export interface TemperatureRange {
  readonly minC: number | null;
  readonly maxC: number | null;
}

/** The readings outside the range (the ends themselves are inside). */
export function excursions(readings: readonly TemperatureReading[], range: TemperatureRange): TemperatureReading[] {
  return readings.filter((r) => (range.minC !== null && r.temperature < range.minC) || (range.maxC !== null && r.temperature > range.maxC));
}
