import * as z from 'zod';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { Instant, instantToEpochMs } from '../units/quantity.js';
import { deviationMessages } from './deviations.messages.js';
import type { DeviationDraft } from './outcome.js';
import { CUSTODY_REASON_CODES, type CustodyReasonCode } from './reasons.js';

registerMessages(deviationMessages);

/**
 * Custody deviations: the record the server keeps for each DeviationDraft the reducers return,
 * with investigation notes and sign-off. The reason codes themselves are CUSTODY_REASONS
 * (reasons.ts). Who may investigate or sign off is the server's permission table; which
 * transitions exist and what each needs is decided here.
 */
const quality: RuleSources = {
  seed: [
    { seed: 'handbook', section: '§1.4, item 7 (notify the manufacturer and the facility director)' },
    { seed: 'handbook', section: '§2.2.1 (out-of-specification documentation)' },
  ],
  publications: ['hayden2022', 'qayed2022'],
};

export const DEVIATION_RULES = defineRules('deviation', {
  'close-needs-investigation': quality,
  'closed-until-reopened': quality,
  'reopen-only-closed': quality,
  'time-before-previous': quality,
  'field-required': quality,
});

export const DEVIATION_STATUSES = ['open', 'investigated', 'closed'] as const;
export type DeviationStatus = (typeof DEVIATION_STATUSES)[number];

const Code = z.enum(CUSTODY_REASON_CODES as [CustodyReasonCode, ...CustodyReasonCode[]]);
const Text = z.string().trim().min(1).max(10_000);
const UserId = z.string().trim().min(1).max(200);

export const DeviationRecord = z.object({
  id: z.string().min(1),
  code: Code,
  reasons: z.array(Code).min(1),
  hardStop: z.boolean(),
  coi: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  detectedAt: z.string(),
  detectedBy: z.array(z.string()),
  field: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  status: z.enum(DEVIATION_STATUSES),
  openedAt: z.string(),
  notes: z.array(z.object({ at: z.string(), by: z.string(), text: z.string() })),
  rootCause: z.string().nullable(),
  correctiveAction: z.string().nullable(),
  investigatedAt: z.string().nullable(),
  investigatedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  closingSummary: z.string().nullable(),
  /** Every transition, oldest first. */
  history: z.array(z.object({ at: z.string(), by: z.string(), action: z.string(), status: z.enum(DEVIATION_STATUSES) })),
});
export type DeviationRecord = z.infer<typeof DeviationRecord>;

/** Creates the open record for a draft returned by a reducer; the server supplies the id and time. */
export function openDeviation(draft: DeviationDraft, opening: { id: string; openedAt: string }): DeviationRecord {
  return {
    id: opening.id,
    code: draft.code,
    reasons: [...draft.reasons],
    hardStop: draft.hardStop,
    coi: draft.coi,
    eventId: draft.eventId,
    eventType: draft.eventType,
    detectedAt: draft.detectedAt,
    detectedBy: [...draft.detectedBy],
    field: draft.field,
    params: { ...draft.params },
    status: 'open',
    openedAt: opening.openedAt,
    notes: [],
    rootCause: null,
    correctiveAction: null,
    investigatedAt: null,
    investigatedBy: null,
    closedAt: null,
    closedBy: null,
    closingSummary: null,
    history: [],
  };
}

const who = { at: Instant, by: UserId };

/**
 * What can be done to a deviation:
 * - add-note: open or investigated; a note with its author;
 * - investigate: open or investigated (revised); root cause and corrective action required;
 * - close: investigated only; a closing summary required;
 * - reopen: closed only; a reason required (kept as a note).
 */
export const DeviationAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('add-note'), ...who, text: Text }).strict(),
  z.object({ action: z.literal('investigate'), ...who, rootCause: Text, correctiveAction: Text, note: Text.optional() }).strict(),
  z.object({ action: z.literal('close'), ...who, summary: Text }).strict(),
  z.object({ action: z.literal('reopen'), ...who, reason: Text }).strict(),
]);
export type DeviationAction = z.input<typeof DeviationAction>;

export interface DeviationRefusal {
  readonly rule: Rule;
  readonly field: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export type DeviationTransition = { readonly ok: true; readonly record: DeviationRecord } | { readonly ok: false; readonly refusal: DeviationRefusal };

const refused = (rule: Rule, field: string, params: Record<string, string | number> = {}): DeviationTransition => ({ ok: false, refusal: { rule, field, params } });

function lastTime(record: DeviationRecord): string {
  return record.history.length === 0 ? record.openedAt : record.history[record.history.length - 1]!.at;
}

/** Applies one action to a deviation record: the new record, or the rule that refuses it. */
export function transitionDeviation(record: DeviationRecord, input: DeviationAction): DeviationTransition {
  const parsed = DeviationAction.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refused(DEVIATION_RULES['field-required'], issue.path.map(String).join('.') || 'action');
  }
  const action = parsed.data;
  const previous = lastTime(record);
  if (instantToEpochMs(action.at) < instantToEpochMs(previous)) return refused(DEVIATION_RULES['time-before-previous'], 'at', { previous });
  const entry = (status: DeviationStatus) => ({ at: action.at, by: action.by, action: action.action, status });
  switch (action.action) {
    case 'add-note': {
      if (record.status === 'closed') return refused(DEVIATION_RULES['closed-until-reopened'], 'action');
      return { ok: true, record: { ...record, notes: [...record.notes, { at: action.at, by: action.by, text: action.text }], history: [...record.history, entry(record.status)] } };
    }
    case 'investigate': {
      if (record.status === 'closed') return refused(DEVIATION_RULES['closed-until-reopened'], 'action');
      const notes = action.note === undefined ? record.notes : [...record.notes, { at: action.at, by: action.by, text: action.note }];
      return {
        ok: true,
        record: {
          ...record,
          status: 'investigated',
          notes,
          rootCause: action.rootCause,
          correctiveAction: action.correctiveAction,
          investigatedAt: action.at,
          investigatedBy: action.by,
          history: [...record.history, entry('investigated')],
        },
      };
    }
    case 'close': {
      if (record.status === 'closed') return refused(DEVIATION_RULES['closed-until-reopened'], 'action');
      if (record.status !== 'investigated' || record.rootCause === null) return refused(DEVIATION_RULES['close-needs-investigation'], 'action');
      return { ok: true, record: { ...record, status: 'closed', closedAt: action.at, closedBy: action.by, closingSummary: action.summary, history: [...record.history, entry('closed')] } };
    }
    case 'reopen': {
      if (record.status !== 'closed') return refused(DEVIATION_RULES['reopen-only-closed'], 'action');
      return {
        ok: true,
        record: {
          ...record,
          status: 'open',
          notes: [...record.notes, { at: action.at, by: action.by, text: action.reason }],
          closedAt: null,
          closedBy: null,
          closingSummary: null,
          history: [...record.history, entry('open')],
        },
      };
    }
  }
}
