import * as z from 'zod';
import type { Action, BasisEntry, Dose, Threshold } from '../explain/result.js';
import { assessed, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { Sink } from '../explain/scratch.js';
import { internedOnGrid } from '../explain/intern.js';
import { perKg } from '../dosing/weight-based.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { formatInstant, offsetMinutesOf } from '../units/instant.js';
import { Instant, QUANTITY_KINDS, quantity } from '../units/quantity.js';
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
  return { dose: doseFor(weightKg), basis: doseBasisFor(weightKg) };
}

/** 12 mg/kg under 30 kg, 8 mg/kg from 30 kg, at most 800 mg. */
function doseFor(weightKg: number): Dose {
  const rate = weightKg < TOCILIZUMAB.pediatricBelowKg ? TOCILIZUMAB.pediatricMgPerKg : TOCILIZUMAB.adultMgPerKg;
  return perKg(rate, weightKg, 'mg', TOCILIZUMAB.maxDoseMg);
}

/** Why that rate: the weight against the 30 kg limit. */
function doseBasisFor(weightKg: number): BasisEntry {
  const child = weightKg < TOCILIZUMAB.pediatricBelowKg;
  return {
    rule: child ? TOCILIZUMAB_RULES['dose-under-30kg'] : TOCILIZUMAB_RULES['dose-adult'],
    field: 'weight',
    observed: weightKg,
    unit: 'kg',
    threshold: child ? UNDER_30_KG : AT_LEAST_30_KG,
    yields: child ? '12 mg/kg' : '8 mg/kg',
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
    // The third-latest dose in the window must drop out of it, and a dose exactly 24 h later
    // still counts: the next allowed time is the first whole second after that edge, since
    // instants are written to the second (the edge itself would be refused).
    if (inWindow.length + 1 > TOCILIZUMAB.maxPer24h) {
      const blocking = inWindow[inWindow.length - TOCILIZUMAB.maxPer24h];
      if (blocking !== undefined) next = Math.max(next, Math.floor((blocking + 24 * HOUR_MS) / 1000) * 1000 + 1000);
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
  const basis = weightKg === undefined ? NO_BASIS : [doseBasisFor(weightKg)];
  return { action: tocilizumabOrder(TOCILIZUMAB_RULES.give, status, weightKg, historyMs, nowMs, offsetMinutes, escalation), basis };
}

/**
 * One tocilizumab step of the CRS algorithm (the order's rule, do or consider, escalation),
 * prepared once. Weight is charted to 0.1 kg: the order, its dose and the dose's reason for each
 * such weight are built once and shared; a refusal, which depends on the history, never is.
 */
export interface TocilizumabStep {
  readonly rule: Rule;
  readonly status: 'do' | 'consider';
  readonly escalation: Action['escalation'];
  /** The order when no weight is given (no dose). */
  readonly withoutWeight: Action;
  readonly forWeight: (weightKg: number) => Action;
}

const weightGrid = <T extends object>(build: (weightKg: number) => T) =>
  internedOnGrid(QUANTITY_KINDS.bodyWeight.min, QUANTITY_KINDS.bodyWeight.max, 10, build);
const SHARED_DOSE = weightGrid((weightKg) => {
  const dose = doseFor(weightKg);
  if (dose.basedOn !== undefined) Object.freeze(dose.basedOn);
  return dose;
});
const SHARED_DOSE_BASIS = weightGrid(doseBasisFor);

export function tocilizumabStep(rule: Rule, status: 'do' | 'consider', escalation?: Action['escalation']): TocilizumabStep {
  const order = (dose: Dose | undefined): Action => ({ rule, status, drug: 'tocilizumab', dose, route: 'IV', frequency: 'q8h', limits: LIMITS, escalation });
  return Object.freeze({
    rule,
    status,
    escalation,
    withoutWeight: Object.freeze(order(undefined)),
    forWeight: weightGrid((weightKg) => order(SHARED_DOSE(weightKg))),
  });
}

/** What `tocilizumabAction` gives for the step, with the dose's basis entry written into `basis`. */
export function tocilizumabStepInto(
  step: TocilizumabStep,
  basis: Sink<BasisEntry>,
  weightKg: number | undefined,
  historyMs: readonly number[],
  nowMs: number | undefined,
  offsetMinutes: number,
): Action {
  if (weightKg !== undefined) basis.push(SHARED_DOSE_BASIS(weightKg));
  if (nowMs !== undefined && historyMs.length > 0) {
    const check = checkTocilizumabLimits(historyMs, nowMs, offsetMinutes);
    if (!check.allowed) return refusal(weightKg === undefined ? undefined : SHARED_DOSE(weightKg), check);
  }
  return weightKg === undefined ? step.withoutWeight : step.forWeight(weightKg);
}

function refusal(dose: Dose | undefined, check: TocilizumabLimitCheck): Action {
  return {
    rule: TOCILIZUMAB_RULES.give,
    status: 'refused',
    drug: 'tocilizumab',
    dose,
    route: 'IV',
    limits: LIMITS,
    refusedBecause: check.violations,
    dueBy: check.nextAllowedAt ?? undefined,
  };
}

function tocilizumabOrder(
  rule: Rule,
  status: 'do' | 'consider',
  weightKg: number | undefined,
  historyMs: readonly number[],
  nowMs: number | undefined,
  offsetMinutes: number,
  escalation: Action['escalation'],
): Action {
  const dose = weightKg === undefined ? undefined : doseFor(weightKg);
  if (nowMs !== undefined && historyMs.length > 0) {
    const check = checkTocilizumabLimits(historyMs, nowMs, offsetMinutes);
    if (!check.allowed) return refusal(dose, check);
  }
  return { rule, status, drug: 'tocilizumab', dose, route: 'IV', frequency: 'q8h', limits: LIMITS, escalation };
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
