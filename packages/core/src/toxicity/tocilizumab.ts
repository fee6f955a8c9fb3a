import * as z from 'zod';
import type { Action, BasisEntry, Dose, Threshold } from '../explain/result.js';
import { assessed, type Assessment } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import { perKg } from '../dosing/weight-based.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { formatInstant, offsetMinutesOf } from '../units/instant.js';
import { Instant, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { tocilizumabMessages } from './tocilizumab.messages.js';

registerMessages(tocilizumabMessages);

const handbookCrs = { seed: 'handbook', section: '§3.1.2 (CRS drugs), Figure 4 note a' } as const;

/** Handbook §3.1.2 and Figure 4; Lee 2019 / Hayden 2022 (EBMT/EHA) Figure 1. */
export const TOCILIZUMAB_RULES = defineRules('tocilizumab', {
  'dose-adult': { seed: [handbookCrs], publications: ['hayden2022'] },
  'dose-under-30kg': { seed: [handbookCrs], publications: ['hayden2022'] },
  'min-interval': { seed: [{ seed: 'handbook', section: '§3.1.2 (CRS drugs)' }], publications: ['hayden2022'] },
  'max-per-24h': { seed: [{ seed: 'handbook', section: '§3.1.2 (CRS drugs)' }], publications: ['hayden2022'] },
  'max-total': { seed: [{ seed: 'handbook', section: '§3.1.2 (CRS drugs)' }], publications: ['hayden2022'] },
  'limit-interval': { seed: [{ seed: 'handbook', section: '§3.1.2 (CRS drugs)' }], publications: ['hayden2022'] },
  'limit-per-24h': { seed: [{ seed: 'handbook', section: '§3.1.2 (CRS drugs)' }], publications: ['hayden2022'] },
  'limit-total': { seed: [{ seed: 'handbook', section: '§3.1.2 (CRS drugs)' }], publications: ['hayden2022'] },
  give: { seed: [handbookCrs], publications: ['hayden2022'] },
  'weight-missing': { seed: [handbookCrs], publications: ['hayden2022'] },
});

/** Numbers from the handbook §3.1.2: 8 mg/kg (max 800 mg), 12 mg/kg under 30 kg, q8h, 3 per 24 h, 4 in all. */
export const TOCILIZUMAB = {
  adultMgPerKg: 8,
  pediatricMgPerKg: 12,
  pediatricBelowKg: 30,
  maxDoseMg: 800,
  minIntervalHours: 8,
  maxPer24h: 3,
  maxTotal: 4,
} as const;

const HOUR_MS = 3_600_000;

const UNDER_30_KG: Threshold = Object.freeze({ comparator: '<', value: TOCILIZUMAB.pediatricBelowKg, unit: 'kg' });
const AT_LEAST_30_KG: Threshold = Object.freeze({ comparator: '>=', value: TOCILIZUMAB.pediatricBelowKg, unit: 'kg' });

export function tocilizumabDose(weightKg: number): { dose: Dose; basis: BasisEntry } {
  if (weightKg < TOCILIZUMAB.pediatricBelowKg) {
    return {
      dose: perKg(TOCILIZUMAB.pediatricMgPerKg, weightKg, 'mg', TOCILIZUMAB.maxDoseMg),
      basis: {
        rule: TOCILIZUMAB_RULES['dose-under-30kg'],
        field: 'weight',
        observed: weightKg,
        unit: 'kg',
        threshold: UNDER_30_KG,
        yields: '12 mg/kg',
      },
    };
  }
  return {
    dose: perKg(TOCILIZUMAB.adultMgPerKg, weightKg, 'mg', TOCILIZUMAB.maxDoseMg),
    basis: {
      rule: TOCILIZUMAB_RULES['dose-adult'],
      field: 'weight',
      observed: weightKg,
      unit: 'kg',
      threshold: AT_LEAST_30_KG,
      yields: '8 mg/kg',
    },
  };
}

export interface TocilizumabLimitCheck {
  readonly allowed: boolean;
  readonly dosesInLast24h: number;
  readonly totalDoses: number;
  /** Earliest instant at which a dose would break no limit; null when the total is used up. */
  readonly nextAllowedAt: string | null;
  readonly violations: readonly BasisEntry[];
}

/**
 * Checks a dose at `nowMs` against the administration history (epoch ms, all before now).
 * The 24-hour window includes its edge: a dose exactly 24 h ago still counts (the safer reading).
 */
export function checkTocilizumabLimits(historyMs: readonly number[], nowMs: number, offsetMinutes = 0): TocilizumabLimitCheck {
  const sorted = [...historyMs].sort((a, b) => a - b);
  const total = sorted.length;
  const windowStart = nowMs - 24 * HOUR_MS;
  const inWindow = sorted.filter((t) => t >= windowStart);
  const last = sorted[sorted.length - 1];
  const violations: BasisEntry[] = [];
  if (total + 1 > TOCILIZUMAB.maxTotal) {
    violations.push({
      rule: TOCILIZUMAB_RULES['max-total'],
      field: 'administrations',
      observed: total,
      threshold: { comparator: '<', value: TOCILIZUMAB.maxTotal },
    });
  }
  if (inWindow.length + 1 > TOCILIZUMAB.maxPer24h) {
    violations.push({
      rule: TOCILIZUMAB_RULES['max-per-24h'],
      field: 'administrations',
      observed: inWindow.length,
      threshold: { comparator: '<', value: TOCILIZUMAB.maxPer24h },
    });
  }
  if (last !== undefined && nowMs - last < TOCILIZUMAB.minIntervalHours * HOUR_MS) {
    violations.push({
      rule: TOCILIZUMAB_RULES['min-interval'],
      field: 'administrations',
      observed: Math.round(((nowMs - last) / HOUR_MS) * 10) / 10,
      unit: 'h',
      threshold: { comparator: '>=', value: TOCILIZUMAB.minIntervalHours, unit: 'h' },
    });
  }
  let nextAllowedAt: string | null = null;
  if (total < TOCILIZUMAB.maxTotal) {
    let next = nowMs;
    if (last !== undefined) next = Math.max(next, last + TOCILIZUMAB.minIntervalHours * HOUR_MS);
    // The third-latest dose in the window must drop out of it: 24 h after it, plus 1 ms.
    if (inWindow.length + 1 > TOCILIZUMAB.maxPer24h) {
      const blocking = inWindow[inWindow.length - TOCILIZUMAB.maxPer24h];
      if (blocking !== undefined) next = Math.max(next, blocking + 24 * HOUR_MS + 1);
    }
    nextAllowedAt = formatInstant(next, offsetMinutes);
  }
  return { allowed: violations.length === 0, dosesInLast24h: inWindow.length, totalDoses: total, nextAllowedAt, violations };
}

const LIMITS = Object.freeze([TOCILIZUMAB_RULES['limit-interval'], TOCILIZUMAB_RULES['limit-per-24h'], TOCILIZUMAB_RULES['limit-total']]);
const NO_BASIS: readonly BasisEntry[] = Object.freeze([]);

/** A tocilizumab order for a CRS step, or its refusal with the limit it would break. */
export function tocilizumabAction(
  status: 'do' | 'consider',
  weightKg: number | undefined,
  historyMs: readonly number[],
  nowMs: number | undefined,
  offsetMinutes = 0,
  escalation?: Action['escalation'],
): { action: Action; basis: readonly BasisEntry[] } {
  const computed = weightKg === undefined ? undefined : tocilizumabDose(weightKg);
  const basis = computed === undefined ? NO_BASIS : [computed.basis];
  const dose = computed?.dose;
  if (nowMs !== undefined && historyMs.length > 0) {
    const check = checkTocilizumabLimits(historyMs, nowMs, offsetMinutes);
    if (!check.allowed) {
      const refused: Action = {
        rule: TOCILIZUMAB_RULES.give,
        status: 'refused',
        drug: 'tocilizumab',
        dose,
        route: 'IV',
        limits: LIMITS,
        refusedBecause: check.violations,
        dueBy: check.nextAllowedAt ?? undefined,
      };
      return { action: refused, basis };
    }
  }
  return { action: { rule: TOCILIZUMAB_RULES.give, status, drug: 'tocilizumab', dose, route: 'IV', frequency: 'q8h', limits: LIMITS, escalation }, basis };
}

export const TocilizumabInput = z
  .object({
    weight: quantity('bodyWeight').describe('Actual body weight.'),
    now: Instant.describe('When the next dose would be given.'),
    administrations: z
      .array(z.object({ at: Instant }).strict())
      .default([])
      .describe('Tocilizumab doses already given in this CRS episode.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    const now = Date.parse(input.now);
    input.administrations.forEach((a, i) => {
      if (Date.parse(a.at) > now) refuse(ctx, ['administrations', i, 'at'], 'tocilizumab.input.dose-after-now');
    });
  });

export const TocilizumabValue = z.object({
  allowed: z.boolean(),
  doseMg: z.number(),
  dosesInLast24h: z.number().int(),
  totalDoses: z.number().int(),
  nextAllowedAt: z.string().nullable(),
});
export type TocilizumabValue = z.infer<typeof TocilizumabValue>;

export function assessTocilizumab(input: z.output<typeof TocilizumabInput>): Assessment<TocilizumabValue> {
  const nowMs = Date.parse(input.now);
  const history = input.administrations.map((a) => Date.parse(a.at));
  const { dose, basis: doseBasis } = tocilizumabDose(input.weight);
  const offset = offsetMinutesOf(input.now);
  const check = checkTocilizumabLimits(history, nowMs, offset);
  const { action } = tocilizumabAction('do', input.weight, history, nowMs, offset);
  return assessed(
    'tocilizumab',
    { allowed: check.allowed, doseMg: dose.value, dosesInLast24h: check.dosesInLast24h, totalDoses: check.totalDoses, nextAllowedAt: check.nextAllowedAt },
    [doseBasis, ...check.violations],
    [action],
  );
}

export const tocilizumabInstrument = defineInstrument({
  name: 'tocilizumab',
  kind: 'instrument',
  section: '002 §3.1.2, Figure 4',
  input: TocilizumabInput,
  value: TocilizumabValue,
  evaluate: (input) => assessTocilizumab(input),
  summary: (v) => ({ variant: v.allowed ? 'allowed' : 'refused', dose: v.doseMg, count24: v.dosesInLast24h, total: v.totalDoses, next: v.nextAllowedAt ?? '-' }),
});
