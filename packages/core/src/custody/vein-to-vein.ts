import { defineRules } from '../explain/rules.js';
import { registerMessages } from '../i18n/catalog.js';
import { HOUR_MS, ms } from './checks.js';
import type { CustodyState } from './state.js';
import { veinToVeinMessages } from './vein-to-vein.messages.js';

registerMessages(veinToVeinMessages);

/**
 * Vein-to-vein time: the handbook defines it as the time from the collection of the starting
 * material to infusion (§1.5, bridging therapy). We count from the start of the first
 * leukapheresis collection, when the cells leave the patient's vein, to the start of the
 * infusion of the first product bag, when they return.
 */
export const VEIN_TO_VEIN_RULES = defineRules('vein-to-vein', {
  definition: { seed: [{ seed: 'handbook', section: '§1.5 (vein-to-vein time)' }], publications: ['hayden2022'] },
});

export interface VeinToVein {
  readonly coi: string;
  /** Start of the first collection. */
  readonly from: string;
  /** Start of the first bag's infusion. */
  readonly to: string;
  readonly hours: number;
  readonly days: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The course's vein-to-vein time, or null until a collection has started and a bag has been infused. */
export function veinToVein(state: CustodyState): VeinToVein | null {
  const starts = state.collections.map((c) => c.start);
  const infusions = (state.product?.bags ?? []).map((b) => b.infusionStartedAt).filter((t) => t !== null);
  if (starts.length === 0 || infusions.length === 0) return null;
  const from = starts.reduce((a, b) => (ms(b) < ms(a) ? b : a));
  const to = infusions.reduce((a, b) => (ms(b) < ms(a) ? b : a));
  const hours = (ms(to) - ms(from)) / HOUR_MS;
  return { coi: state.coi, from, to, hours: round2(hours), days: round2(hours / 24) };
}

export interface VeinToVeinStatistics {
  readonly count: number;
  readonly medianDays: number;
  readonly minDays: number;
  readonly maxDays: number;
  /** First and third quartiles, linear interpolation between order statistics (Hyndman-Fan type 7). */
  readonly q1Days: number;
  readonly q3Days: number;
  readonly iqrDays: number;
}

function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const upper = Math.ceil(h);
  return sorted[lower]! + (h - lower) * (sorted[upper]! - sorted[lower]!);
}

/** Program statistics over courses; courses without a vein-to-vein time are left out. Null for none. */
export function veinToVeinStatistics(courses: readonly (VeinToVein | null)[]): VeinToVeinStatistics | null {
  // Computed from hours so that rounding to days happens once, at the end.
  const hours = courses.filter((c) => c !== null).map((c) => c.hours).sort((a, b) => a - b);
  if (hours.length === 0) return null;
  const days = (h: number) => round2(h / 24);
  const q1 = quantile(hours, 0.25);
  const q3 = quantile(hours, 0.75);
  return {
    count: hours.length,
    medianDays: days(quantile(hours, 0.5)),
    minDays: days(hours[0]!),
    maxDays: days(hours[hours.length - 1]!),
    q1Days: days(q1),
    q3Days: days(q3),
    iqrDays: days(q3 - q1),
  };
}
