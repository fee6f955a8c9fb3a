import { describe, expect, it } from 'vitest';
import { veinToVein, veinToVeinStatistics, type VeinToVein } from '../../src/index.js';
import { at, D, fullCourse, stateAfter, step, upToBedside } from './fixtures.js';

const course = (days: number): VeinToVein => ({ coi: `c-${days}`, from: at(0), to: at(days * 24 * 60), hours: days * 24, days });

describe('vein-to-vein time (§1.5): start of the first collection to the start of the first infusion', () => {
  it('is counted per course', () => {
    // Collection started 240 min before T0; the first bag started at D + 20 min: 36 260 min.
    const v = veinToVein(stateAfter(fullCourse()));
    expect(v).toEqual({ coi: 'CHA999926000123', from: at(-240), to: at(D + 20), hours: 604.33, days: 25.18 });
  });
  it('is null until a bag has been infused', () => {
    expect(veinToVein(stateAfter(upToBedside()))).toBeNull();
    expect(veinToVein(stateAfter([...upToBedside(), step.match(D + 10), step.thaw(D + 15)]))).toBeNull();
  });
  it('counts from the earliest collection of a two-day collection', () => {
    const day2 = step.collection({ id: 'e-day2', at: at(24 * 60 + 5), din: 'A999926000002', start: at(24 * 60 - 200), end: at(24 * 60), bags: [{ bagId: 'B3' }], scanned: [{ kind: 'patient', value: 'patient-1' }, { kind: 'collection-bag', value: 'B3' }] });
    const events = fullCourse();
    events.splice(1, 0, day2);
    const fixed = events.map((e) => (e.type === 'cold-storage' ? step.coldStorage(24 * 60 + 10) : e.type === 'cryopreservation' ? step.cryopreservation(24 * 60 + 60) : e.type === 'liquid-nitrogen-storage' ? step.liquidNitrogen(24 * 60 + 70) : e.type === 'shipment' ? step.shipment(24 * 60 + 80) : e));
    expect(veinToVein(stateAfter(fixed))!.from).toBe(at(-240));
  });
});

describe('program statistics', () => {
  it('count, median, min, max and interquartile range (type 7 quartiles)', () => {
    expect(veinToVeinStatistics([course(20), course(30), course(25), course(40), null])).toEqual({
      count: 4,
      medianDays: 27.5,
      minDays: 20,
      maxDays: 40,
      q1Days: 23.75,
      q3Days: 32.5,
      iqrDays: 8.75,
    });
  });
  it('a single course is its own median and quartiles', () => {
    expect(veinToVeinStatistics([course(21)])).toEqual({ count: 1, medianDays: 21, minDays: 21, maxDays: 21, q1Days: 21, q3Days: 21, iqrDays: 0 });
  });
  it('an odd count has its middle value as median', () => {
    expect(veinToVeinStatistics([course(10), course(50), course(30)])!.medianDays).toBe(30);
  });
  it('is null without a course', () => {
    expect(veinToVeinStatistics([])).toBeNull();
    expect(veinToVeinStatistics([null])).toBeNull();
  });
});
