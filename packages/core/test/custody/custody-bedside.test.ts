import { describe, expect, it } from 'vitest';
import { applyCustodyEvent, INFUSION_THRESHOLDS, mod37CheckCharacter } from '../../src/index.js';
import { acceptAll, at, cabinetOpen, codes, COI, D, deviationCodes, DIN, nurse, nurse2, PATIENT, PRODUCT_BAGS, reading, start, stateAfter, step, upToBedside } from './fixtures.js';

const ctx = { cabinets: cabinetOpen() };
const [BAG1, BAG2] = PRODUCT_BAGS as [string, string];
const atBedside = () => stateAfter(upToBedside());
const matched = () => acceptAll(atBedside(), [step.match(D + 10, BAG1)]);
const thawed = () => acceptAll(matched(), [step.thaw(D + 15, BAG1)]);
const infusing = () => acceptAll(thawed(), [step.infusionStart(D + 20, BAG1)]);
const LIMIT = INFUSION_THRESHOLDS.infusionCompleteLimitMinutes;
/** The product expires on day 200 (fixture). */
const EXPIRY = 200 * 24 * 60;

describe('bedside identity match (§2.2.2, §2.2.3)', () => {
  it('matches the scanned wristband and bag, by two people', () => {
    expect(matched().product!.bags[0]!.matchedAt).toBe(at(D + 10));
  });
  it('refuses another patient\'s wristband: the product does not match the patient', () => {
    const r = applyCustodyEvent(atBedside(), step.match(D + 10, BAG1, { scanned: [{ kind: 'patient', value: 'patient-2' }, { kind: 'product-bag', value: BAG1 }] }), ctx);
    expect(codes(r)).toEqual(['patient-mismatch']);
    expect(r.outcome.status === 'hard-stop' && r.outcome.deviation).toMatchObject({ code: 'patient-mismatch', reasons: ['patient-mismatch'], hardStop: true, eventType: 'bedside-match', detectedBy: ['u-nurse-1', 'u-nurse-2'] });
    expect(r.state).toEqual(atBedside());
  });
  it('refuses a bag of another product, and needs both scans', () => {
    expect(codes(applyCustodyEvent(atBedside(), step.match(D + 10, 'PB-OTHER'), ctx))).toEqual(['product-bag-unknown']);
    expect(codes(applyCustodyEvent(atBedside(), step.match(D + 10, BAG1, { scanned: [{ kind: 'product-bag', value: BAG1 }] }), ctx))).toEqual(['scan-required']);
    expect(codes(applyCustodyEvent(atBedside(), step.match(D + 10, BAG1, { scanned: [{ kind: 'patient', value: PATIENT }] }), ctx))).toEqual(['scan-required']);
  });
  it.each([
    [['name'], true, 'date-of-birth'],
    [['date-of-birth', 'medical-record-number'], true, 'name'],
    [['name', 'date-of-birth'], false, 'expiry'],
  ])('compares name, date of birth and expiry: %j with expiry %s misses %s', (ids, expiryChecked, missing) => {
    const r = applyCustodyEvent(atBedside(), step.match(D + 10, BAG1, { patientIdentifiersChecked: ids, expiryChecked }), ctx);
    expect(codes(r)).toEqual(['bedside-identifiers-incomplete']);
    expect(r.outcome.status === 'hard-stop' && r.outcome.reasons[0]!.params).toEqual({ missing });
  });
  it.each([
    [[nurse()], ['second-person-required']],
    [[nurse(), nurse()], ['same-user-twice', 'second-person-required']],
    [[nurse(), { userId: 'u-cm', role: 'case-manager' }], ['role-not-permitted', 'second-person-required']],
    [[nurse(), nurse2()], []],
  ])('two people: %j -> %j', (performedBy, expected) => {
    expect(codes(applyCustodyEvent(atBedside(), step.match(D + 10, BAG1, { performedBy }), ctx))).toEqual(expected);
  });
  it.each([
    [EXPIRY - 1, []],
    [EXPIRY, []],
    [EXPIRY + 1, ['product-expired']],
  ])('at %i min against the expiry: %j', (minutes, expected) => {
    const s = stateAfter([...upToBedside().slice(0, -1), step.transfer(EXPIRY - 10)]);
    expect(codes(applyCustodyEvent(s, step.match(minutes, BAG1), ctx))).toEqual(expected);
  });
  it('needs the bag at the bedside', () => {
    const stored = stateAfter(upToBedside().slice(0, -1));
    expect(codes(applyCustodyEvent(stored, step.match(D + 10, BAG1), ctx))).toEqual(['not-at-bedside']);
  });
});

describe('thaw (§2.2.2)', () => {
  it('thaws a matched bag at the bedside', () => {
    expect(thawed().product!.bags[0]!.thawStartedAt).toBe(at(D + 15));
  });
  it('refuses without the bedside match for that bag', () => {
    expect(codes(applyCustodyEvent(atBedside(), step.thaw(D + 15, BAG1), ctx))).toEqual(['no-bedside-match']);
    expect(codes(applyCustodyEvent(matched(), step.thaw(D + 15, BAG2), ctx))).toEqual(['no-bedside-match']);
  });
  it('refuses before receipt, and before the bag reaches the bedside', () => {
    const shipped = stateAfter(upToBedside().slice(0, 5));
    expect(codes(applyCustodyEvent(shipped, step.thaw(D + 15, BAG1), ctx))).toEqual(['product-bag-unknown', 'not-received']);
    const stored = stateAfter(upToBedside().slice(0, -1));
    expect(codes(applyCustodyEvent(stored, step.thaw(D + 15, BAG1), ctx))).toEqual(['not-at-bedside']);
  });
  it('refuses a product that is not released', () => {
    const events = upToBedside().map((e) => (e.type === 'product-storage' ? step.productStorage(20 * 24 * 60 + 30, { packagingIntact: false }) : e));
    const s = acceptAll(stateAfter(events), [step.match(D + 10, BAG1)]);
    expect(codes(applyCustodyEvent(s, step.thaw(D + 15, BAG1), ctx))).toEqual(['not-released']);
  });
  it('one bag at a time: no thaw of bag 2 while bag 1 is not fully infused', () => {
    const s = acceptAll(thawed(), [step.match(D + 16, BAG2)]);
    const r = applyCustodyEvent(s, step.thaw(D + 17, BAG2), ctx);
    expect(codes(r)).toEqual(['previous-bag-not-infused']);
    expect(r.outcome.status === 'hard-stop' && r.outcome.reasons[0]!.params).toEqual({ bag: BAG1 });
    const started = acceptAll(s, [step.infusionStart(D + 20, BAG1)]);
    expect(codes(applyCustodyEvent(started, step.thaw(D + 21, BAG2), ctx))).toEqual(['previous-bag-not-infused']);
    const ended = acceptAll(started, [step.infusionEnd(D + 35, BAG1)]);
    expect(applyCustodyEvent(ended, step.thaw(D + 36, BAG2), ctx).outcome.status).toBe('accepted');
  });
  it('refuses two bags in one thaw, and a bag thawed twice', () => {
    const both = acceptAll(atBedside(), [step.match(D + 10, BAG1), step.match(D + 11, BAG2)]);
    expect(codes(applyCustodyEvent(both, step.thaw(D + 15, BAG1, { scanned: PRODUCT_BAGS.map((value) => ({ kind: 'product-bag', value })) }), ctx))).toEqual(['previous-bag-not-infused']);
    expect(codes(applyCustodyEvent(thawed(), step.thaw(D + 16, BAG1), ctx))).toEqual(['previous-bag-not-infused', 'bag-already-thawed']);
  });
  it.each([
    [34.9, ['temperature-out-of-range']],
    [35, []],
    [39, []],
    [39.1, ['temperature-out-of-range']],
  ])('a warmer at %f °C (37 ± 2): %j', (celsius, expected) => {
    expect(deviationCodes(applyCustodyEvent(matched(), step.thaw(D + 15, BAG1, { temperatures: [reading(D + 15, celsius)] }), ctx))).toEqual(expected);
  });
  it('refuses after expiry', () => {
    const s = stateAfter([...upToBedside().slice(0, -1), step.transfer(EXPIRY - 10), step.match(EXPIRY - 5, BAG1)]);
    expect(codes(applyCustodyEvent(s, step.thaw(EXPIRY + 1, BAG1), ctx))).toEqual(['product-expired']);
  });
  it('a transfer back to storage and out again needs a new match', () => {
    const back = acceptAll(matched(), [step.productStorage(D + 11, { id: 'back', scanned: [{ kind: 'product-bag', value: BAG1 }] }), step.transfer(D + 12, [BAG1], { id: 'again' })]);
    expect(codes(applyCustodyEvent(back, step.thaw(D + 15, BAG1), ctx))).toEqual(['no-bedside-match']);
  });
});

describe('infusion, bag by bag (§2.2.3)', () => {
  it('infuses the thawed bag into the scanned patient', () => {
    expect(infusing().product!.bags[0]!.infusionStartedAt).toBe(at(D + 20));
  });
  it('refuses another patient, and a bag not thawed', () => {
    const other = step.infusionStart(D + 20, BAG1, { scanned: [{ kind: 'patient', value: 'patient-2' }, { kind: 'product-bag', value: BAG1 }] });
    expect(codes(applyCustodyEvent(thawed(), other, ctx))).toEqual(['patient-mismatch']);
    expect(codes(applyCustodyEvent(matched(), step.infusionStart(D + 20, BAG1), ctx))).toEqual(['bag-not-thawed']);
    expect(codes(applyCustodyEvent(thawed(), step.infusionStart(D + 20, BAG1, { scanned: [{ kind: 'product-bag', value: BAG1 }] }), ctx))).toEqual(['scan-required']);
  });
  it('refuses an end before a start, and a second end', () => {
    expect(codes(applyCustodyEvent(thawed(), step.infusionEnd(D + 30, BAG1), ctx))).toEqual(['infusion-not-started']);
    const ended = acceptAll(infusing(), [step.infusionEnd(D + 35, BAG1)]);
    expect(codes(applyCustodyEvent(ended, step.infusionEnd(D + 36, BAG1), ctx))).toEqual(['bag-already-infused']);
    expect(codes(applyCustodyEvent(ended, step.infusionStart(D + 36, BAG1), ctx))).toEqual(['bag-already-infused']);
  });
  it.each([
    [LIMIT - 1, []],
    [LIMIT, []],
    [LIMIT + 1, ['thaw-to-infusion-exceeded']],
  ])('infusion complete %i min after the start of thawing: %j', (minutes, expected) => {
    expect(deviationCodes(applyCustodyEvent(infusing(), step.infusionEnd(D + 15 + minutes, BAG1), ctx))).toEqual(expected);
  });
  it('a start after the 30 minutes is the deviation, recorded once', () => {
    const late = applyCustodyEvent(thawed(), step.infusionStart(D + 15 + LIMIT + 1, BAG1), ctx);
    expect(late.outcome.status === 'accepted' && late.outcome.deviations[0]!.params).toEqual({ bag: BAG1, minutes: LIMIT + 1 });
    expect(deviationCodes(applyCustodyEvent(late.state, step.infusionEnd(D + 15 + LIMIT + 10, BAG1), ctx))).toEqual([]);
  });
  it.each([
    [19.9, ['temperature-out-of-range']],
    [20, []],
    [25, []],
    [25.1, ['temperature-out-of-range']],
  ])('the thawed product at %f °C before infusion (room temperature 20-25): %j', (celsius, expected) => {
    expect(deviationCodes(applyCustodyEvent(thawed(), step.infusionStart(D + 20, BAG1, { temperatures: [reading(D + 20, celsius)] }), ctx))).toEqual(expected);
  });
});

describe('every step', () => {
  it('refuses a step dated before the previous one', () => {
    const r = applyCustodyEvent(matched(), step.thaw(D + 9, BAG1), ctx);
    expect(codes(r)).toEqual(['time-before-previous-event']);
    expect(r.outcome.status === 'hard-stop' && r.outcome.reasons[0]!.params).toEqual({ previous: at(D + 10) });
  });
  it('accepts a step at the same instant as the previous one', () => {
    expect(applyCustodyEvent(matched(), step.thaw(D + 10, BAG1), ctx).outcome.status).toBe('accepted');
  });
  it('refuses an event recorded against another course, and a scanned label of another course', () => {
    expect(codes(applyCustodyEvent(matched(), step.thaw(D + 15, BAG1, { coi: 'CHA999926000999' }), ctx))).toEqual(['coi-mismatch']);
    const otherLabel = step.thaw(D + 15, BAG1, { scanned: [{ kind: 'product-bag', value: BAG1 }, { kind: 'coi', value: 'CHA999926000999' }] });
    expect(codes(applyCustodyEvent(matched(), otherLabel, ctx))).toEqual(['coi-mismatch']);
    const otherDin = step.thaw(D + 15, BAG1, { scanned: [{ kind: 'product-bag', value: BAG1 }, { kind: 'din', value: 'A999926000777' }] });
    expect(codes(applyCustodyEvent(matched(), otherDin, ctx))).toEqual(['din-mismatch']);
  });
  it('reads scanned DIN and COI labels in their barcode forms', () => {
    const labels = step.thaw(D + 15, BAG1, {
      scanned: [
        { kind: 'product-bag', value: BAG1 },
        { kind: 'din', value: `=${DIN}01` },
        { kind: 'coi', value: `&/${COI}` },
        { kind: 'coi', value: `${COI}${mod37CheckCharacter(COI)}` },
      ],
    });
    expect(applyCustodyEvent(matched(), labels, ctx).outcome.status).toBe('accepted');
  });
  it('uses the institution\'s role table when given', () => {
    const roles = { ...ctx, permittedRoles: { thaw: ['pharmacist'] } };
    expect(codes(applyCustodyEvent(matched(), step.thaw(D + 15, BAG1), roles))).toEqual(['role-not-permitted']);
  });
  it('starts from an empty course', () => {
    expect(start()).toMatchObject({ collections: [], product: null, lastEventAt: null, acceptedEvents: 0 });
  });
});
