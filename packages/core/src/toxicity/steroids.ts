import type { Action, Dose, Escalation, Warning } from '../explain/result.js';
import type { Rule } from '../explain/rules.js';
import type { Sink } from '../explain/scratch.js';
import { fixedDose, perKg } from '../dosing/weight-based.js';
import type { InstitutionSettings } from '../institution/settings.js';

export interface PatientSize {
  readonly ageYears?: number | undefined;
  readonly weightKg?: number | undefined;
}

/** The handbook's child dose for the 10 mg dexamethasone steps (§3.1.2, §3.1.3): 0.5 mg/kg. */
export const DEXAMETHASONE_CHILD_MG_PER_KG = 0.5;

export function isChild(patient: PatientSize, settings: InstitutionSettings): boolean | undefined {
  return patient.ageYears === undefined ? undefined : patient.ageYears < settings.pediatricAgeLimitYears;
}

/**
 * Dexamethasone for a CRS / ICANS step. Adults get the fixed dose of the step; for a child the
 * handbook gives 0.5 mg/kg in place of the 10 mg dose only. Other steps (or a child without a
 * weight) get the order without a dose and a warning that the pediatric dose follows
 * institutional protocol: an adult amount printed on a child's order could be given as written.
 */
export function dexamethasone(
  rule: Rule,
  status: 'do' | 'consider',
  adultMg: number,
  frequency: string,
  duration: string | undefined,
  patient: PatientSize,
  settings: InstitutionSettings,
  childDoseRule: Rule,
  noChildDoseRule: Rule,
  escalation?: readonly Escalation[],
): { action: Action; warnings: readonly Warning[] } {
  const child = isChild(patient, settings);
  let dose: Dose | undefined = fixedAdultDose(adultMg);
  let warnings: readonly Warning[] = NO_WARNINGS;
  if (child === true) {
    if (adultMg === 10 && patient.weightKg !== undefined) {
      dose = perKg(DEXAMETHASONE_CHILD_MG_PER_KG, patient.weightKg);
      warnings = [{ rule: childDoseRule, field: 'weight' }];
    } else {
      dose = undefined;
      warnings = [{ rule: noChildDoseRule, field: patient.weightKg === undefined ? 'weight' : 'age' }];
    }
  }
  return { action: dexamethasoneAction(rule, status, dose, frequency, duration, escalation), warnings };
}

// One literal with every property, so all dexamethasone actions share one object shape.
function dexamethasoneAction(
  rule: Rule,
  status: 'do' | 'consider',
  dose: Dose | undefined,
  frequency: string,
  duration: string | undefined,
  escalation: readonly Escalation[] | undefined,
): Action {
  return { rule, status, drug: 'dexamethasone', dose, route: 'IV', frequency, duration, escalation };
}

/**
 * One dexamethasone step of a management algorithm (rule, dose, frequency, escalation), prepared
 * once. Its adult order does not depend on the patient, so it is built here and shared (frozen);
 * `dexamethasoneInto` makes a child's order per patient.
 */
export interface DexamethasoneStep {
  readonly rule: Rule;
  readonly status: 'do' | 'consider';
  readonly adultMg: number;
  readonly frequency: string;
  readonly duration: string | undefined;
  readonly childDoseRule: Rule;
  readonly noChildDoseRule: Rule;
  readonly escalation: readonly Escalation[] | undefined;
  readonly adultOrder: Action;
  /**
   * Shown when a child's weight-based dose comes out above this step's adult dose (from 20 kg
   * for 10 mg). The handbook gives 0.5 mg/kg with no maximum, so the dose is not capped: the
   * prescriber is told instead. Absent for callers that did not ask for it.
   */
  readonly childAboveAdult: Warning | undefined;
}

export function dexamethasoneStep(
  rule: Rule,
  status: 'do' | 'consider',
  adultMg: number,
  frequency: string,
  duration: string | undefined,
  childDoseRule: Rule,
  noChildDoseRule: Rule,
  escalation?: readonly Escalation[],
  childAboveAdultRule?: Rule,
): DexamethasoneStep {
  const adultOrder = Object.freeze(dexamethasoneAction(rule, status, fixedAdultDose(adultMg), frequency, duration, escalation));
  const childAboveAdult = childAboveAdultRule === undefined ? undefined : Object.freeze({ rule: childAboveAdultRule, field: 'weight' });
  return Object.freeze({ rule, status, adultMg, frequency, duration, childDoseRule, noChildDoseRule, escalation, adultOrder, childAboveAdult });
}

/**
 * The step's order for this patient (exactly what `dexamethasone` gives), and its warnings, plus
 * the step's above-adult-dose warning when it has one and the child's dose exceeds the adult's.
 */
export function dexamethasoneInto(
  step: DexamethasoneStep,
  ageYears: number | undefined,
  weightKg: number | undefined,
  settings: InstitutionSettings,
  actions: Sink<Action>,
  warnings: Sink<Warning>,
): void {
  if (ageYears === undefined || !(ageYears < settings.pediatricAgeLimitYears)) {
    actions.push(step.adultOrder);
    return;
  }
  const made = dexamethasone(
    step.rule,
    step.status,
    step.adultMg,
    step.frequency,
    step.duration,
    { ageYears, weightKg },
    settings,
    step.childDoseRule,
    step.noChildDoseRule,
    step.escalation,
  );
  actions.push(made.action);
  for (const w of made.warnings) warnings.push(w);
  const dose = made.action.dose;
  // Only a weight-based dose (perUnit set) can exceed the step.
  if (step.childAboveAdult !== undefined && dose !== undefined && dose.perUnit !== undefined && dose.value > step.adultMg) {
    warnings.push(step.childAboveAdult);
  }
}

const NO_WARNINGS: readonly Warning[] = Object.freeze([]);
const adultDoses = new Map<number, Dose>();

/** Fixed adult doses are shared, frozen objects: steps ask for the same few amounts again and again. */
function fixedAdultDose(mg: number): Dose {
  let dose = adultDoses.get(mg);
  if (dose === undefined) {
    dose = Object.freeze(fixedDose(mg));
    adultDoses.set(mg, dose);
  }
  return dose;
}

/**
 * Methylprednisolone pulse with the handbook's taper (Figure 4, Figure 6, §3.1.4): 1,000 mg/day
 * for 3 days, then 250 mg twice daily for 2 days, 125 mg twice daily for 2 days, 60 mg twice
 * daily for 2 days. The message of `rule` spells the taper out.
 */
export function methylprednisolonePulse(rule: Rule, status: 'do' | 'consider'): Action {
  return { rule, status, drug: 'methylprednisolone', dose: fixedDose(1000), route: 'IV', frequency: 'daily', duration: 'P3D' };
}
