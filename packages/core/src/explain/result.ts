import { RULESET_VERSION } from '../version.js';
import type { Rule } from './rules.js';

export type Comparator = '>=' | '>' | '<=' | '<' | '=' | 'in' | 'between';
export type Scalar = number | string | boolean;

/** The threshold a criterion compares against, with its unit (UCUM) where it has one. */
export interface Threshold {
  readonly comparator: Comparator;
  readonly value: Scalar | readonly Scalar[];
  readonly unit?: string;
}

/** One criterion that fired, with what was observed and what it was compared to. */
export interface BasisEntry {
  readonly rule: Rule;
  /** Path of the input field the criterion read, e.g. `oxygen.flow`. */
  readonly field: string;
  readonly observed: Scalar | null;
  readonly unit?: string;
  readonly threshold?: Threshold;
  /** What this criterion contributes: a grade, points, a risk group. */
  readonly yields?: Scalar;
}

/** A dose with the arithmetic that produced it, so a pharmacist can check it. */
export interface Dose {
  readonly value: number;
  readonly unit: string;
  /** e.g. 8 mg/kg for tocilizumab. */
  readonly perUnit?: { readonly value: number; readonly unit: string };
  /** The body measure the rate was applied to, e.g. 70 kg or 1.8 m2. */
  readonly basedOn?: { readonly value: number; readonly unit: string };
  /** The maximum the dose was capped at, when the cap applied. */
  readonly cappedAt?: { readonly value: number; readonly unit: string };
  /** Upper end when the source gives a range (e.g. 10-20 mg). */
  readonly upTo?: number;
}

export type Route = 'IV' | 'PO' | 'SC' | 'IV/SC' | 'IT' | 'inhaled';
export type ActionStatus = 'do' | 'consider' | 'refused';

export interface Escalation {
  /** ISO 8601 duration after which the escalation applies, e.g. PT12H, P3D; absent for "if worsening". */
  readonly after?: string;
  /** Rule describing the condition and what to escalate to. */
  readonly rule: Rule;
}

/** A recommended action: an order, a monitoring step, a transfer, or a refused dose. */
export interface Action {
  readonly rule: Rule;
  readonly status: ActionStatus;
  readonly drug?: string;
  readonly dose?: Dose;
  readonly route?: Route;
  /** Frequency code, e.g. q6h, q8h, q12h, daily, once. */
  readonly frequency?: string;
  /** ISO 8601 duration of the course, e.g. P3D. */
  readonly duration?: string;
  /** Limits that apply, as rules (e.g. at most 3 doses in 24 h). */
  readonly limits?: readonly Rule[];
  readonly escalation?: readonly Escalation[];
  /** Rules that explain why the action was refused. */
  readonly refusedBecause?: readonly BasisEntry[];
  /** ISO 8601 instant by which the action is due (e.g. antibiotics within one hour). */
  readonly dueBy?: string;
}

export interface Warning {
  readonly rule: Rule;
  /** Input field the warning is about (e.g. the missing field). */
  readonly field?: string;
  readonly params?: Readonly<Record<string, Scalar>>;
}

export type AssessmentStatus = 'assessed' | 'cannot-assess';

/** Every instrument answers with this shape: the value and why, with sources and actions. */
export interface Assessment<V> {
  readonly instrument: string;
  readonly status: AssessmentStatus;
  /** Null exactly when status is cannot-assess. */
  readonly value: V | null;
  readonly basis: readonly BasisEntry[];
  readonly warnings: readonly Warning[];
  readonly actions: readonly Action[];
  readonly rulesetVersion: string;
}

export function assessed<V>(
  instrument: string,
  value: V,
  basis: readonly BasisEntry[],
  actions: readonly Action[] = [],
  warnings: readonly Warning[] = [],
): Assessment<V> {
  return { instrument, status: 'assessed', value, basis, warnings, actions, rulesetVersion: RULESET_VERSION };
}

/**
 * Missing data never becomes a grade of 0: the answer is "cannot assess" with the reasons. Actions
 * are only those that stand whatever the missing data would show (e.g. G-CSF for a count already
 * below its threshold).
 */
export function cannotAssess<V>(
  instrument: string,
  warnings: readonly Warning[],
  basis: readonly BasisEntry[] = [],
  actions: readonly Action[] = [],
): Assessment<V> {
  return { instrument, status: 'cannot-assess', value: null, basis, warnings, actions, rulesetVersion: RULESET_VERSION };
}

/** A threshold, with its unit when it has one (one builder for every instrument). */
export function threshold(comparator: Comparator, value: Threshold['value'], unit?: string): Threshold {
  return unit === undefined ? { comparator, value } : { comparator, value, unit };
}
export const above = (value: number, unit?: string): Threshold => threshold('>', value, unit);
export const atLeast = (value: number, unit?: string): Threshold => threshold('>=', value, unit);
export const below = (value: number, unit?: string): Threshold => threshold('<', value, unit);
export const atMost = (value: number, unit?: string): Threshold => threshold('<=', value, unit);

const NEGATION: Readonly<Record<'>' | '>=' | '<' | '<=', Comparator>> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>' };

/**
 * One criterion "observed <comparator> limit": whether it holds, and the basis entry that says so
 * with the threshold written the way it was met (or its negation when it was not).
 */
export function compared(
  rules: { readonly met: Rule; readonly notMet: Rule },
  field: string,
  observed: number,
  comparator: '>' | '>=' | '<' | '<=',
  limit: number,
  unit?: string,
): { met: boolean; entry: BasisEntry } {
  const met =
    comparator === '>' ? observed > limit : comparator === '>=' ? observed >= limit : comparator === '<' ? observed < limit : observed <= limit;
  const entry: BasisEntry = {
    rule: met ? rules.met : rules.notMet,
    field,
    observed,
    ...(unit === undefined ? {} : { unit }),
    threshold: threshold(met ? comparator : NEGATION[comparator], limit, unit),
  };
  return { met, entry };
}
