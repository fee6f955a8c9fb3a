import type { Scalar } from '../explain/result.js';
import type { Rule } from '../explain/rules.js';
import { CUSTODY_REASONS, type CustodyReasonCode } from './reasons.js';
import type { CustodyState } from './state.js';

/** One reason a step was stopped or a deviation recorded: the code, its rule, the field, the facts. */
export interface CustodyReason {
  readonly code: CustodyReasonCode;
  /** The rule behind the code (its id is `custody.<code>`, its sources cite the handbook). */
  readonly rule: Rule;
  /** Path of the event field concerned, e.g. `scanned`, `performedBy`, `temperatures`. */
  readonly field: string;
  /** Values for the message text; never a name or a medical record number. */
  readonly params: Readonly<Record<string, Scalar>>;
}

export function reason(code: CustodyReasonCode, field: string, params: Record<string, Scalar> = {}): CustodyReason {
  return { code, rule: CUSTODY_REASONS[code], field, params };
}

/**
 * A deviation the server is to record (and alert on): what happened, in which course and event,
 * who was doing it. The server gives it an id and keeps its life cycle with `openDeviation` and
 * `transitionDeviation` (deviations.ts).
 */
export interface DeviationDraft {
  /** The primary reason. */
  readonly code: CustodyReasonCode;
  /** Every reason: for a hard stop all the codes that stopped the step, else just `code`. */
  readonly reasons: readonly CustodyReasonCode[];
  /** True when the step was refused; false for a deviation recorded beside an accepted step. */
  readonly hardStop: boolean;
  readonly coi: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly detectedAt: string;
  /** User ids of the people performing the step. */
  readonly detectedBy: readonly string[];
  readonly field: string;
  readonly params: Readonly<Record<string, Scalar>>;
}

export type CustodyOutcome =
  | {
      readonly status: 'accepted';
      /** Deviations to record beside the accepted step (temperature excursions, late steps...). */
      readonly deviations: readonly DeviationDraft[];
    }
  | {
      readonly status: 'hard-stop';
      /** Why the step is refused; the state is unchanged. */
      readonly reasons: readonly CustodyReason[];
      /** The one deviation to record for the refused step. */
      readonly deviation: DeviationDraft;
    };

export interface CustodyResult {
  readonly state: CustodyState;
  readonly outcome: CustodyOutcome;
}

/** What a deviation draft needs to know about the step it comes from. */
export interface StepIdentity {
  readonly id: string;
  readonly coi: string;
  readonly type: string;
  readonly at: string;
  readonly performedBy: readonly { readonly userId: string }[];
}

/** The deviation for one reason beside an accepted step, or for all the reasons of a refused step. */
export function deviationDraft(step: StepIdentity, reasons: readonly CustodyReason[], hardStop: boolean): DeviationDraft {
  const first = reasons[0];
  if (first === undefined) throw new RangeError('a deviation needs at least one reason');
  return {
    code: first.code,
    reasons: reasons.map((r) => r.code),
    hardStop,
    coi: step.coi,
    eventId: step.id,
    eventType: step.type,
    detectedAt: step.at,
    detectedBy: step.performedBy.map((p) => p.userId),
    field: first.field,
    params: first.params,
  };
}
