import ucum from '@lhncbc/ucum-lhc';
import * as z from 'zod';

const utils = ucum.UcumLhcUtils.getInstance();

/**
 * Each kind of measurement the core reads, its canonical UCUM unit (the unit the rules are
 * written in) and the plausible range in that unit. The range is an input sanity check, not a
 * clinical threshold: a value outside it is almost certainly a typing or unit error.
 * Molar units convert to mass units with the molecular weight (g/mol) where one is given.
 */
export const QUANTITY_KINDS = {
  temperature: { canonical: 'Cel', min: 25, max: 45 },
  bodyWeight: { canonical: 'kg', min: 0.3, max: 400 },
  bodyHeight: { canonical: 'cm', min: 20, max: 260 },
  bodySurfaceArea: { canonical: 'm2', min: 0.05, max: 4 },
  ageYears: { canonical: 'a', min: 0, max: 120 },
  oxygenFlow: { canonical: 'L/min', min: 0, max: 80 },
  cellCountPerMicroliter: { canonical: '/uL', min: 0, max: 2_000_000 },
  plateletsPerMicroliter: { canonical: '/uL', min: 0, max: 5_000_000 },
  hemoglobin: { canonical: 'g/dL', min: 0, max: 30 },
  crp: { canonical: 'mg/dL', min: 0, max: 100 },
  ferritin: { canonical: 'ng/mL', min: 0, max: 1_000_000 },
  fibrinogen: { canonical: 'mg/dL', min: 0, max: 2_000 },
  enzymeActivity: { canonical: 'U/L', min: 0, max: 100_000 },
  creatinine: { canonical: 'mg/dL', min: 0.01, max: 40, molecularWeight: 113.12 },
  potassium: { canonical: 'mmol/L', min: 0.5, max: 15 },
  uricAcid: { canonical: 'mg/dL', min: 0, max: 50, molecularWeight: 168.11 },
  phosphate: { canonical: 'mg/dL', min: 0, max: 40, molecularWeight: 30.97 },
  calcium: { canonical: 'mg/dL', min: 0, max: 30, molecularWeight: 40.08 },
  triglycerides: { canonical: 'mg/dL', min: 0, max: 10_000, molecularWeight: 885.7 },
  bilirubin: { canonical: 'mg/dL', min: 0, max: 100, molecularWeight: 584.66 },
  ldh: { canonical: 'U/L', min: 0, max: 100_000 },
  urineOutputRate: { canonical: 'mL/kg/h', min: 0, max: 50 },
  igG: { canonical: 'mg/dL', min: 0, max: 10_000 },
  oxygenSaturation: { canonical: '%', min: 50, max: 100 },
  creatinineClearance: { canonical: 'mL/min', min: 0, max: 300 },
  hematocrit: { canonical: '%', min: 0, max: 100 },
  leftVentricularEjectionFraction: { canonical: '%', min: 1, max: 100 },
  magnesium: { canonical: 'mg/dL', min: 0, max: 20, molecularWeight: 24.305 },
  volume: { canonical: 'mL', min: 0, max: 100_000 },
  cellCount: { canonical: '10*9', min: 0, max: 10_000 },
  cellConcentration: { canonical: '10*8/mL', min: 0, max: 1_000 },
  percent: { canonical: '%', min: 0, max: 100 },
  heartRate: { canonical: '/min', min: 0, max: 350 },
  respiratoryRate: { canonical: '/min', min: 0, max: 150 },
  bloodPressure: { canonical: 'mm[Hg]', min: 0, max: 400 },
} as const satisfies Record<string, { canonical: string; min: number; max: number; molecularWeight?: number }>;

export type QuantityKind = keyof typeof QUANTITY_KINDS;

/** The shape a measurement arrives in: a number and its UCUM unit. A bare number is refused. */
export const QuantityInput = z
  .object(
    {
      value: z.number().finite(),
      unit: z.string().min(1),
    },
    { error: (issue) => (typeof issue.input === 'number' || typeof issue.input === 'string' ? 'input.unit-required' : undefined) },
  )
  .strict();
export type QuantityInput = z.input<typeof QuantityInput>;

const conversionCache = new Map<string, number | null>();

/** Converts a value to the kind's canonical unit; null when the unit does not fit the kind. */
export function toCanonical(kind: QuantityKind, value: number, unit: string): number | null {
  const spec: { canonical: string; molecularWeight?: number } = QUANTITY_KINDS[kind];
  if (unit === spec.canonical) return value;
  // Linear units are converted through a cached factor; temperature scales have an offset.
  const affine = kind === 'temperature';
  const key = `${kind}|${unit}`;
  if (!affine) {
    const factor = conversionCache.get(key);
    if (factor === null) return null;
    if (factor !== undefined) return round(value * factor);
  }
  const options = spec.molecularWeight === undefined ? undefined : { molecularWeight: spec.molecularWeight };
  const converted = usableUnit(unit) ? convert(unit, affine ? value : 1, spec.canonical, options) : null;
  if (affine) return converted === null ? null : round(converted);
  conversionCache.set(key, converted);
  return converted === null ? null : round(value * converted);
}

/**
 * The UCUM library looks unit codes up in a plain object (so "constructor" or "__proto__" crash
 * it) and writes to stdout when a code holds white space; neither is a unit, so both are refused
 * before the library sees them.
 */
function usableUnit(unit: string): boolean {
  return !/\s/.test(unit) && !(unit in Object.prototype);
}

function convert(unit: string, value: number, canonical: string, options: { molecularWeight: number } | undefined): number | null {
  try {
    const result = utils.convertUnitTo(unit, value, canonical, options);
    return result.status === 'succeeded' && result.toVal !== null ? result.toVal : null;
  } catch {
    return null;
  }
}

// UCUM arithmetic is floating point (1.5 10*3/uL -> 1500.0000000000002); 10 significant digits
// is far below any clinical resolution and removes that noise.
function round(value: number): number {
  return Number.parseFloat(value.toPrecision(10));
}

/**
 * A zod schema for one measurement: `{ value, unit }` in, a number in the canonical unit out.
 * Errors name the rule: input.unit-not-convertible, input.out-of-range.
 */
export function quantity(kind: QuantityKind) {
  const spec = QUANTITY_KINDS[kind];
  return QuantityInput.transform((q, ctx) => {
    const canonical = toCanonical(kind, q.value, q.unit);
    if (canonical === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: 'input.unit-not-convertible',
        params: { rule: 'input.unit-not-convertible', unit: q.unit, expected: spec.canonical },
      });
      return z.NEVER;
    }
    if (canonical < spec.min || canonical > spec.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'input.out-of-range',
        params: { rule: 'input.out-of-range', value: canonical, unit: spec.canonical, min: spec.min, max: spec.max },
      });
      return z.NEVER;
    }
    return canonical;
  }).meta({ description: `Measurement as { value, unit } in UCUM; converted to ${spec.canonical}.` });
}

/** An ISO 8601 instant with an explicit offset or Z; local times without a zone are refused. */
export const Instant = z.iso.datetime({ offset: true });
/** A calendar date, YYYY-MM-DD. */
export const CalendarDate = z.iso.date();

export function instantToEpochMs(instant: string): number {
  return Date.parse(instant);
}
