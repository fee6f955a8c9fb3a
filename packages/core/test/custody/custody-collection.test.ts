import { describe, expect, it } from 'vitest';
import { applyCustodyEvent, CRYO_THRESHOLDS, CustodyEvent, DEFAULT_SETTINGS, mod37CheckCharacter } from '../../src/index.js';
import { acceptAll, at, BAGS, cabinetOpen, codes, COI, deviationCodes, DIN, fullCourse, MFR, PATIENT, reading, start, stateAfter, step, T0 } from './fixtures.js';

const ctx = { cabinets: cabinetOpen() };
const collected = () => stateAfter([step.collection()]);
const cold = () => stateAfter([step.collection(), step.coldStorage()]);
const frozen = () => stateAfter([step.collection(), step.coldStorage(), step.cryopreservation()]);

describe('a whole course on the on-site pathway', () => {
  it('is accepted step by step without a deviation', () => {
    let s = start();
    for (const e of fullCourse()) {
      const r = applyCustodyEvent(s, e, ctx);
      expect(r.outcome, e.id).toEqual({ status: 'accepted', deviations: [] });
      s = r.state;
    }
    expect(s.acceptedEvents).toBe(fullCourse().length);
    expect(s.product!.bags.every((b) => b.infusionEndedAt !== null)).toBe(true);
  });
});

describe('collection', () => {
  it('records the DIN, the bags and their collection times', () => {
    const s = collected();
    expect(s.collections).toEqual([{ din: DIN, start: at(-240), end: T0, bagIds: BAGS, eventId: 'e-collection' }]);
    expect(s.collectionBags.map((b) => b.bagId)).toEqual(BAGS);
  });
  it('accepts the DIN typed with its check character or scanned as barcode data, and keeps the 13 characters', () => {
    const typed = applyCustodyEvent(start(), step.collection({ din: `${DIN.slice(0, 5)} ${DIN.slice(5, 7)} ${DIN.slice(7)} ${mod37CheckCharacter(DIN)}` }), ctx);
    expect(typed.state.collections[0]!.din).toBe(DIN);
    expect(applyCustodyEvent(start(), step.collection({ din: `=${DIN}01` }), ctx).state.collections[0]!.din).toBe(DIN);
  });
  it('refuses a mistyped DIN when the event is parsed, naming the rule', () => {
    const wrong = mod37CheckCharacter(DIN) === '0' ? '1' : '0';
    const parsed = CustodyEvent.safeParse({ ...step.collection(), din: `${DIN}${wrong}` });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['din'], message: 'din.check-character' });
  });
  it.each([
    [1, ['patient-identifiers-too-few']],
    [2, []],
    [3, []],
  ])('%i patient identifier(s) confirmed (§1.4 item 10: two to three)', (n, expected) => {
    const ids = ['name', 'date-of-birth', 'medical-record-number'].slice(0, n);
    expect(codes(applyCustodyEvent(start(), step.collection({ patientIdentifiersChecked: ids }), ctx))).toEqual(expected);
  });
  it('counts an identifier given twice once', () => {
    expect(codes(applyCustodyEvent(start(), step.collection({ patientIdentifiersChecked: ['name', 'name'] }), ctx))).toEqual(['patient-identifiers-too-few']);
  });
  it('needs the patient scanned and every labelled bag scanned', () => {
    const r = applyCustodyEvent(start(), step.collection({ scanned: [{ kind: 'collection-bag', value: BAGS[0] }] }), ctx);
    expect(codes(r)).toEqual(['scan-required', 'bag-not-scanned']);
    expect(r.outcome.status === 'hard-stop' && r.outcome.reasons[1]!.params).toEqual({ bag: BAGS[1] });
  });
  it('refuses a second patient wristband', () => {
    const r = applyCustodyEvent(start(), step.collection({ scanned: [{ kind: 'patient', value: 'patient-2' }, ...BAGS.map((value) => ({ kind: 'collection-bag', value }))] }), ctx);
    expect(codes(r)).toEqual(['patient-mismatch']);
  });
  it.each([
    ['start after end', { start: at(1) }],
    ['start equal to end', { start: T0 }],
    ['end after the time recorded', { end: at(6) }],
  ])('refuses inconsistent times: %s', (_label, extra) => {
    expect(codes(applyCustodyEvent(start(), step.collection(extra), ctx))).toEqual(['collection-times-invalid']);
  });
  it('refuses a DIN or bag id already used in the course, and a bag id given twice', () => {
    const s = collected();
    expect(codes(applyCustodyEvent(s, step.collection({ id: 'e2', at: at(6) }), ctx))).toEqual(['identifier-already-used', 'identifier-already-used', 'identifier-already-used']);
    const twice = step.collection({ bags: [{ bagId: 'X' }, { bagId: 'X' }], scanned: [{ kind: 'patient', value: PATIENT }, { kind: 'collection-bag', value: 'X' }] });
    expect(codes(applyCustodyEvent(start(), twice, ctx))).toEqual(['identifier-already-used']);
  });
  it('accepts a second collection (two-day collection, §1.4 item 3) with its own DIN', () => {
    const second = step.collection({ id: 'e-day2', at: at(24 * 60 + 5), din: 'A999926000002', start: at(24 * 60 - 200), end: at(24 * 60), bags: [{ bagId: 'B3' }], scanned: [{ kind: 'patient', value: PATIENT }, { kind: 'collection-bag', value: 'B3' }] });
    const s = acceptAll(start(), [step.collection(), second]);
    expect(s.collections.map((c) => c.din)).toEqual([DIN, 'A999926000002']);
  });
});

describe('cold storage: the 4-hour clock and 2-8 °C (§1.4 item 6)', () => {
  const limit = CRYO_THRESHOLDS.coldStorageWithinHours * 60;
  it.each([
    [limit - 1, []],
    [limit, []],
    [limit + 1, ['cold-storage-late']],
  ])('placed at 2-8 °C %i min after the end of collection: %j', (minutes, expected) => {
    const r = applyCustodyEvent(collected(), step.coldStorage(minutes), ctx);
    expect(r.outcome.status).toBe('accepted');
    expect(deviationCodes(r)).toEqual(expected);
  });
  it('names the collection and the due time in the late deviation', () => {
    const r = applyCustodyEvent(collected(), step.coldStorage(limit + 1), ctx);
    expect(r.outcome.status === 'accepted' && r.outcome.deviations[0]).toMatchObject({ code: 'cold-storage-late', hardStop: false, params: { din: DIN, dueAt: at(limit), at: at(limit + 1) }, eventId: 'e-cold', coi: COI });
  });
  it.each([
    [1.9, ['temperature-out-of-range']],
    [2, []],
    [8, []],
    [8.1, ['temperature-out-of-range']],
  ])('a reading of %f °C: %j', (celsius, expected) => {
    expect(deviationCodes(applyCustodyEvent(collected(), step.coldStorage(60, { temperatures: [reading(60, celsius)] }), ctx))).toEqual(expected);
  });
  it('reads temperatures in any UCUM unit: 46.4 [degF] is 8 °C', () => {
    expect(deviationCodes(applyCustodyEvent(collected(), step.coldStorage(60, { temperatures: [{ at: at(60), temperature: { value: 46.4, unit: '[degF]' } }] }), ctx))).toEqual([]);
  });
  it('refuses an unknown bag and a bag already frozen', () => {
    expect(codes(applyCustodyEvent(collected(), step.coldStorage(60, { scanned: [{ kind: 'collection-bag', value: 'NOT-OURS' }] }), ctx))).toEqual(['collection-bag-unknown']);
    expect(codes(applyCustodyEvent(frozen(), step.coldStorage(300), ctx))).toEqual(['already-cryopreserved', 'already-cryopreserved']);
    expect(codes(applyCustodyEvent(collected(), step.coldStorage(60, { scanned: [] }), ctx))).toEqual(['scan-required']);
  });
  it('is out of order before collection', () => {
    expect(codes(applyCustodyEvent(start(), step.coldStorage(), ctx))).toEqual(['collection-bag-unknown', 'collection-bag-unknown']);
  });
});

describe('cryopreservation: the freezing record checked by the cryopreservation planner', () => {
  const limit = CRYO_THRESHOLDS.cryopreserveWithinHours * 60;
  it.each([
    [limit - 1, []],
    [limit, []],
    [limit + 1, ['cryopreservation-late']],
  ])('completed %i min after the end of collection: %j', (minutes, expected) => {
    expect(deviationCodes(applyCustodyEvent(cold(), step.cryopreservation(minutes), ctx))).toEqual(expected);
  });
  it('records the freezing start and completion on the bags', () => {
    const s = frozen();
    expect(s.collectionBags[0]).toMatchObject({ freezingStartedAt: at(90), cryopreservedAt: at(180) });
  });
  const withStart = (afterCryoprotectant: number) =>
    step.cryopreservation(180, {
      record: {
        events: [
          { event: 'cryoprotectant-added', at: at(100) },
          { event: 'freezing-started', at: at(100 + afterCryoprotectant) },
          { event: 'freezing-completed', at: at(180) },
        ],
      },
    });
  it.each([
    [19, []],
    [20, []],
    [21, ['freeze-start-late']],
  ])('freezing started %i min after the cryoprotectant (§1.4 item 8: within 20): %j', (minutes, expected) => {
    expect(deviationCodes(applyCustodyEvent(cold(), withStart(minutes), ctx))).toEqual(expected);
  });
  it('freezing started first (no refrigeration) is the cold step: late after 4 h', () => {
    const late = step.cryopreservation(400, {
      record: {
        events: [
          { event: 'cryoprotectant-added', at: at(235) },
          { event: 'freezing-started', at: at(241) },
          { event: 'freezing-completed', at: at(400) },
        ],
      },
    });
    expect(deviationCodes(applyCustodyEvent(collected(), late, ctx))).toEqual(['cold-storage-late']);
  });
  it('turns out-of-range values, a positive culture and a non-conforming curve into deviations', () => {
    const e = step.cryopreservation(180, {
      record: {
        events: [
          { event: 'cryoprotectant-added', at: at(100) },
          { event: 'freezing-started', at: at(110) },
          { event: 'freezing-completed', at: at(180) },
        ],
        dmsoPercent: { value: 12, unit: '%' },
        microbiology: 'positive',
        freezingCurve: [
          { minute: 0, chamberC: 4, sampleC: 6 },
          { minute: 60, chamberC: -20, sampleC: -15 },
        ],
        rateToleranceCPerMin: 1,
      },
    });
    const r = applyCustodyEvent(cold(), e, ctx);
    expect(deviationCodes(r)).toEqual(['freezing-curve-nonconforming', 'processing-value-out-of-range', 'microbiology-positive']);
    expect(r.outcome.status === 'accepted' && r.outcome.deviations[1]!.params).toEqual({ check: 'dmso', observed: 12 });
  });
  it.each([
    [3.9, []],
    [4, ['temperature-out-of-range']],
    [4.1, ['temperature-out-of-range']],
  ])('the product at %f °C between cryoprotectant and freezer (item 8: below 4 °C): %j', (celsius, expected) => {
    expect(deviationCodes(applyCustodyEvent(cold(), step.cryopreservation(180, { temperatures: [reading(85, celsius)] }), ctx))).toEqual(expected);
  });
  it('refuses a record without the completion of freezing, or one the planner refuses', () => {
    const noEnd = step.cryopreservation(180, { record: { events: [{ event: 'freezing-started', at: at(100) }] } });
    expect(codes(applyCustodyEvent(cold(), noEnd, ctx))).toEqual(['freezing-record-invalid']);
    const beforeCollection = step.cryopreservation(180, { record: { events: [{ event: 'cryoprotectant-added', at: at(-10) }, { event: 'freezing-completed', at: at(180) }] } });
    const r = applyCustodyEvent(cold(), beforeCollection, ctx);
    expect(codes(r)).toEqual(['freezing-record-invalid']);
    expect(r.outcome.status === 'hard-stop' && r.outcome.reasons[0]!.params).toEqual({ path: 'record.events.0.at', rule: 'cryopreservation.input.event-before-collection' });
  });
  it('is done in a biosafety cabinet holding this patient\'s material only', () => {
    const noCabinet = step.cryopreservation(180, { location: { id: 'cell-lab', kind: 'cell-processing' } });
    expect(codes(applyCustodyEvent(cold(), noCabinet, ctx))).toEqual(['cabinet-required']);
    expect(codes(applyCustodyEvent(cold(), step.cryopreservation(), {}))).toEqual(['cabinet-not-open']);
    expect(codes(applyCustodyEvent(cold(), step.cryopreservation(), { cabinets: cabinetOpen('BSC-1', 'patient-2', 'COI-OTHER', 'OTHER-BAG') }))).toEqual(['cabinet-occupied']);
  });
  it('does not belong to the fresh pathway, and is not repeated', () => {
    const fresh = acceptAll(start('fresh-to-manufacturer'), [step.collection(), step.coldStorage()]);
    expect(codes(applyCustodyEvent(fresh, step.cryopreservation(), ctx))).toEqual(['wrong-pathway']);
    expect(codes(applyCustodyEvent(frozen(), step.cryopreservation(190, { id: 'again' }), ctx))).toEqual(['already-cryopreserved', 'already-cryopreserved']);
  });
});

describe('liquid-nitrogen storage (§1.4 item 9)', () => {
  it.each([
    [-150.1, []],
    [-150, []],
    [-149.9, ['temperature-out-of-range']],
  ])('a reading of %f °C against the -150 °C default: %j', (celsius, expected) => {
    expect(deviationCodes(applyCustodyEvent(frozen(), step.liquidNitrogen(200, { temperatures: [reading(200, celsius)] }), ctx))).toEqual(expected);
  });
  it('uses the institution\'s liquid-nitrogen limit', () => {
    const settings = { ...ctx, settings: { ...DEFAULT_SETTINGS, liquidNitrogenMaxCelsius: -120 } };
    expect(deviationCodes(applyCustodyEvent(frozen(), step.liquidNitrogen(200, { temperatures: [reading(200, -130)] }), settings))).toEqual([]);
  });
  it('needs a monitored transport: no reading is a deviation', () => {
    expect(deviationCodes(applyCustodyEvent(frozen(), step.liquidNitrogen(200, { temperatures: [] }), ctx))).toEqual(['temperature-not-recorded']);
  });
  it('comes after cryopreservation', () => {
    expect(codes(applyCustodyEvent(cold(), step.liquidNitrogen(), ctx))).toEqual(['not-cryopreserved', 'not-cryopreserved']);
  });
});

describe('shipment to the manufacturer (§1.4 item 6)', () => {
  const ln2 = () => stateAfter([step.collection(), step.coldStorage(), step.cryopreservation(), step.liquidNitrogen()]);
  it('records the container, the bags and the manufacturer\'s identifiers beside ours', () => {
    const s = acceptAll(ln2(), [step.shipment()]);
    expect(s.shipments).toEqual([{ shipmentId: 'SHIP-1', at: at(24 * 60), bagIds: BAGS, containerId: 'DS-9', manufacturerIdentifiers: [MFR] }]);
    expect(s.collectionBags.every((b) => b.shipmentId === 'SHIP-1')).toBe(true);
  });
  it('ships frozen material on the on-site pathway, and each bag once', () => {
    expect(codes(applyCustodyEvent(cold(), step.shipment(), ctx))).toEqual(['not-cryopreserved', 'not-cryopreserved']);
    const shipped = acceptAll(ln2(), [step.shipment()]);
    expect(codes(applyCustodyEvent(shipped, step.shipment(24 * 60 + 1, { id: 'again', shipmentId: 'SHIP-2' }), ctx))).toEqual(['already-shipped', 'already-shipped']);
    expect(codes(applyCustodyEvent(shipped, step.coldStorage(24 * 60 + 2), ctx))).toEqual(['already-shipped', 'already-shipped']);
  });
  it('needs a temperature log', () => {
    expect(deviationCodes(applyCustodyEvent(ln2(), step.shipment(24 * 60, { temperatures: [] }), ctx))).toEqual(['temperature-not-recorded']);
  });
  describe('fresh to the manufacturer', () => {
    const freshCollected = () => acceptAll(start('fresh-to-manufacturer'), [step.collection()]);
    const fresh = (minutes: number, celsius = 5) =>
      step.shipment(minutes, { container: { id: 'BOX-1', kind: 'temperature-controlled' }, temperatures: [reading(minutes, celsius)] });
    it.each([
      [239, []],
      [240, []],
      [241, ['cold-storage-late']],
    ])('shipped cold %i min after collection: %j', (minutes, expected) => {
      expect(deviationCodes(applyCustodyEvent(freshCollected(), fresh(minutes), ctx))).toEqual(expected);
    });
    it.each([
      [1.9, ['temperature-out-of-range']],
      [2, []],
      [8, []],
      [8.1, ['temperature-out-of-range']],
    ])('a container reading of %f °C: %j', (celsius, expected) => {
      expect(deviationCodes(applyCustodyEvent(freshCollected(), fresh(60, celsius), ctx))).toEqual(expected);
    });
    it('refrigeration before a late shipment met the 4-hour rule', () => {
      const s = acceptAll(start('fresh-to-manufacturer'), [step.collection(), step.coldStorage(60)]);
      expect(deviationCodes(applyCustodyEvent(s, fresh(600), ctx))).toEqual([]);
    });
  });
});
