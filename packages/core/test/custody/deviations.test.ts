import { describe, expect, it } from 'vitest';
import {
  applyCustodyEvent,
  CUSTODY_REASON_CODES,
  CUSTODY_REASONS,
  DEVIATION_ONLY_CODES,
  isHardStopCode,
  lookupMessage,
  openDeviation,
  transitionDeviation,
  type DeviationAction,
  type DeviationRecord,
} from '../../src/index.js';
import { at, cabinetOpen, D, stateAfter, step, upToBedside } from './fixtures.js';

/** A real hard stop: another patient's wristband at the bedside. */
function opened(): DeviationRecord {
  const r = applyCustodyEvent(stateAfter(upToBedside()), step.match(D + 10, 'PB-1', { scanned: [{ kind: 'patient', value: 'patient-2' }, { kind: 'product-bag', value: 'PB-1' }] }), { cabinets: cabinetOpen() });
  if (r.outcome.status !== 'hard-stop') throw new Error('expected a hard stop');
  return openDeviation(r.outcome.deviation, { id: 'dev-1', openedAt: at(D + 11) });
}

const investigate: DeviationAction = { action: 'investigate', at: at(D + 60), by: 'u-qa', rootCause: 'Two patients in adjacent beds; wristband scanned from the wrong bed.', correctiveAction: 'Scan at the patient only.' };
const close: DeviationAction = { action: 'close', at: at(D + 120), by: 'u-director', summary: 'No product given to the wrong patient; retrained.' };

function apply(record: DeviationRecord, ...actions: DeviationAction[]): DeviationRecord {
  return actions.reduce((r, a) => {
    const t = transitionDeviation(r, a);
    if (!t.ok) throw new Error(t.refusal.rule.id);
    return t.record;
  }, record);
}

describe('reason codes', () => {
  it('each code is a rule with its text in both languages', () => {
    for (const code of CUSTODY_REASON_CODES) {
      expect(CUSTODY_REASONS[code].id).toBe(`custody.${code}`);
      expect(lookupMessage('en', `custody.${code}`), code).toBeDefined();
      expect(lookupMessage('zh-TW', `custody.${code}`), code).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it('tells hard stops from deviations recorded beside an accepted step', () => {
    expect(isHardStopCode('patient-mismatch')).toBe(true);
    expect(isHardStopCode('temperature-out-of-range')).toBe(false);
    expect(DEVIATION_ONLY_CODES.every((c) => CUSTODY_REASON_CODES.includes(c))).toBe(true);
  });
});

describe('the deviation life cycle', () => {
  it('opens from a reducer\'s draft', () => {
    expect(opened()).toMatchObject({
      id: 'dev-1',
      code: 'patient-mismatch',
      reasons: ['patient-mismatch'],
      hardStop: true,
      eventType: 'bedside-match',
      detectedAt: at(D + 10),
      detectedBy: ['u-nurse-1', 'u-nurse-2'],
      status: 'open',
      notes: [],
      rootCause: null,
      history: [],
    });
  });
  it('open -> investigated -> closed, with the required fields kept', () => {
    const r = apply(opened(), { action: 'add-note', at: at(D + 30), by: 'u-nurse-1', text: 'Stopped before thawing.' }, investigate, close);
    expect(r).toMatchObject({
      status: 'closed',
      rootCause: investigate.rootCause,
      correctiveAction: investigate.correctiveAction,
      investigatedBy: 'u-qa',
      closedBy: 'u-director',
      closingSummary: close.summary,
      notes: [{ at: at(D + 30), by: 'u-nurse-1', text: 'Stopped before thawing.' }],
    });
    expect(r.history.map((h) => [h.action, h.status])).toEqual([
      ['add-note', 'open'],
      ['investigate', 'investigated'],
      ['close', 'closed'],
    ]);
  });
  it('an investigation may be revised before closing', () => {
    const r = apply(opened(), investigate, { ...investigate, at: at(D + 70), rootCause: 'Revised cause.', note: 'Second look.' });
    expect(r).toMatchObject({ status: 'investigated', rootCause: 'Revised cause.', investigatedAt: at(D + 70) });
    expect(r.notes.map((n) => n.text)).toEqual(['Second look.']);
  });
  it('closing needs the investigation first', () => {
    const t = transitionDeviation(opened(), close);
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.refusal.rule.id).toBe('deviation.close-needs-investigation');
  });
  it('a closed deviation changes only by reopening, with a reason', () => {
    const closed = apply(opened(), investigate, close);
    for (const action of [{ action: 'add-note', at: at(D + 130), by: 'u', text: 'x' }, { ...investigate, at: at(D + 130) }, { ...close, at: at(D + 130) }] as DeviationAction[]) {
      const t = transitionDeviation(closed, action);
      expect(!t.ok && t.refusal.rule.id).toBe('deviation.closed-until-reopened');
    }
    const reopened = apply(closed, { action: 'reopen', at: at(D + 140), by: 'u-director', reason: 'New information from the ward.' });
    expect(reopened).toMatchObject({ status: 'open', closedAt: null, closedBy: null, closingSummary: null });
    expect(reopened.notes.at(-1)!.text).toBe('New information from the ward.');
  });
  it('only a closed deviation is reopened', () => {
    const t = transitionDeviation(opened(), { action: 'reopen', at: at(D + 30), by: 'u', reason: 'why' });
    expect(!t.ok && t.refusal.rule.id).toBe('deviation.reopen-only-closed');
  });
  it.each([
    [{ ...investigate, rootCause: '' }, 'rootCause'],
    [{ ...investigate, correctiveAction: '   ' }, 'correctiveAction'],
    [{ ...close, summary: '' }, 'summary'],
    [{ action: 'reopen', at: at(D + 30), by: 'u', reason: '' }, 'reason'],
    [{ action: 'add-note', at: at(D + 30), by: '', text: 'x' }, 'by'],
  ])('refuses a missing field: %j names %s', (action, field) => {
    const t = transitionDeviation(opened(), action as DeviationAction);
    expect(!t.ok && [t.refusal.rule.id, t.refusal.field]).toEqual(['deviation.field-required', field]);
  });
  it('refuses an action dated before the previous entry', () => {
    const t = transitionDeviation(opened(), { ...investigate, at: at(D + 10) });
    expect(!t.ok && t.refusal.rule.id).toBe('deviation.time-before-previous');
  });
});
