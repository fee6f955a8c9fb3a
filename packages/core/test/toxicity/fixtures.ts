/**
 * Inputs shared by an instrument's table tests and its edge tests: one copy of each base case,
 * so that the two files always start from the same patient.
 */
import { expect } from 'vitest';
import type { RenderedAssessment } from '../../src/explain/rendered.js';
import type { IcahtValue } from '../../src/toxicity/icaht.js';
import { q, run } from '../support.js';

/** CRS: fever 38.5 °C, nothing else: grade 1. */
export const CRS_BASE = {
  temperature: q(38.5, 'Cel'),
  antipyreticOrAnticytokineGiven: false,
  hypotension: false,
  vasopressors: [] as string[],
  oxygen: { device: 'none' },
};

/** IEC-HS criteria met by cytopenia alone: ferritin > 2x ULN and > 2x baseline, CRS resolved, causes excluded. */
export const IEC_HS_BASE: Readonly<Record<string, unknown>> = {
  ferritin: q(5000, 'ng/mL'),
  ferritinUln: q(300, 'ng/mL'),
  ferritinBaseline: q(1000, 'ng/mL'),
  ferritinRisingRapidly: false,
  crsCourse: 'resolved',
  alternativeCausesExcluded: true,
  ast: q(30, 'U/L'),
  astUln: q(40, 'U/L'),
  astBaseline: q(25, 'U/L'),
  alt: q(30, 'U/L'),
  altUln: q(40, 'U/L'),
  altBaseline: q(25, 'U/L'),
  fibrinogen: q(300, 'mg/dL'),
  hemophagocytosis: false,
  cytopenia: true,
  severity: 'needs-intervention',
  ageYears: 50,
  weight: q(70, 'kg'),
  bodySurfaceArea: q(1.8, 'm2'),
};

/** ICAHT: the infusion date of every series, and the date of a day after it. */
export const ICAHT_INFUSION = '2026-03-01';
export function icahtDateOf(day: number): string {
  return new Date(Date.UTC(2026, 2, 1 + day)).toISOString().slice(0, 10);
}

/** One ANC per day from day `from`; null = no count that day. */
export function ancCounts(values: readonly (number | null)[], from = 0) {
  const out: { date: string; value: { value: number; unit: string } }[] = [];
  values.forEach((v, i) => {
    if (v !== null) out.push({ date: icahtDateOf(from + i), value: q(v, '/uL') });
  });
  return out;
}

/** `length` daily values: `low` on the days listed, `high` elsewhere. */
export function ancSeries(length: number, lowDays: Iterable<number>, low: number, high = 2_000): number[] {
  const out = new Array<number>(length).fill(high);
  for (const d of lowDays) out[d] = low;
  return out;
}
export const dayRange = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Daily counts from day 0, assessed on the last day unless told otherwise. */
export function icahtOf(values: readonly (number | null)[], extra: Record<string, unknown> = {}, asOfDay = values.length - 1) {
  return run<IcahtValue>('icaht', { infusionDate: ICAHT_INFUSION, asOfDate: icahtDateOf(asOfDay), anc: ancCounts(values), ...extra });
}

/**
 * The 10 mg dexamethasone step for a child (steroids.ts, shared by CRS and ICANS): 0.5 mg/kg
 * crosses the adult 10 mg at 20 kg. Rows: weight (kg), dose (mg), whether the above-adult
 * warning is given.
 */
export const CHILD_DEXAMETHASONE_10_EDGES: readonly (readonly [number, number, boolean])[] = [
  [19.8, 9.9, false],
  [19.9, 10, false],
  [20, 10, false],
  [20.1, 10.1, true],
  [70, 35, true],
];

/** The step's order carries the per-kg dose, never capped, and the warning exactly when told. */
export function expectChildDexamethasone(result: RenderedAssessment<unknown>, orderRule: string, warningRule: string, mg: number, warned: boolean): void {
  const dose = result.actions.find((a) => a.rule === orderRule)?.dose;
  expect(dose).toMatchObject({ value: mg, perUnit: { value: 0.5, unit: 'mg/kg' } });
  expect(dose?.cappedAt).toBeUndefined();
  expect(result.warnings.map((w) => w.rule).includes(warningRule)).toBe(warned);
}
