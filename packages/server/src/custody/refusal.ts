import { CUSTODY_REASONS, deviationDraft, InputError, message, type CustodyReason, type CustodyReasonCode, type DeviationDraft, type InputIssue, type Lang } from '@cartographer/core';
import { ApiError, requestIssue } from '../errors.js';
import './texts.js';

/** A reason as stored with a refused event: the code, its rule id, the field and the facts. */
export interface StoredReason {
  readonly code: CustodyReasonCode;
  readonly rule: string;
  readonly field: string;
  readonly params: Readonly<Record<string, string | number | boolean>>;
}

export function storedReasons(reasons: readonly CustodyReason[]): StoredReason[] {
  return reasons.map((r) => ({ code: r.code, rule: r.rule.id, field: r.field, params: { ...r.params } }));
}

/** A reason the server finds itself, with the core's code and rule (e.g. an identifier already used by another course). */
export function serverReason(code: CustodyReasonCode, field: string, params: Record<string, string | number | boolean> = {}): CustodyReason {
  return { code, rule: CUSTODY_REASONS[code], field, params };
}

/** The deviation for a refused step, drafted by the core: the first reason primary, every code listed. */
export function refusalDraft(step: { id: string; type: string; at: string; performedBy: readonly { userId: string }[] }, coi: string, reasons: readonly CustodyReason[]): DeviationDraft {
  return deviationDraft({ ...step, coi }, reasons, true);
}

/** A refused step that was recorded (event, deviation, alert) and is answered 409. */
export interface Refusal {
  readonly status: 'refused';
  readonly eventId: string;
  readonly deviationId: string;
  readonly reasons: readonly StoredReason[];
}

/**
 * The 409 of a committed refusal: one issue per reason (the body path of its field, the core's
 * rule and text), then where the refusal is recorded.
 */
export function refusalError(lang: Lang, refusal: Refusal, pathPrefix: string): ApiError {
  const issues: InputIssue[] = refusal.reasons.map((r) => ({
    path: r.field === '' ? pathPrefix : pathPrefix === '' ? r.field : `${pathPrefix}.${r.field}`,
    rule: r.rule,
    message: message(lang, r.rule, r.params),
  }));
  issues.push(requestIssue(lang, '', 'custody.deviation-recorded', { deviationId: refusal.deviationId, eventId: refusal.eventId }));
  return new ApiError('conflict', { issues });
}

/** Input issues of a core schema, moved under a body field. */
export function underField(err: unknown, field: string): unknown {
  if (!(err instanceof InputError)) return err;
  const under = (path: string) => (field === '' ? path : path === '' ? field : `${field}.${path}`);
  return new ApiError('invalid-input', { issues: err.issues.map((i) => ({ ...i, path: under(i.path) })) });
}
