import { describe, expect, it } from 'vitest';
import { CRYO_THRESHOLDS, custodyClocks, DEFAULT_SETTINGS, INFUSION_THRESHOLDS, type CustodyClock } from '../../src/index.js';
import { acceptAll, at, D, DIN, PRODUCT_BAGS, start, stateAfter, step, upToBedside } from './fixtures.js';

const COLD = CRYO_THRESHOLDS.coldStorageWithinHours * 60;
const CRYO = CRYO_THRESHOLDS.cryopreserveWithinHours * 60;
const COLD_LEAD = DEFAULT_SETTINGS.coldStorageClockLeadMinutes;
const CRYO_LEAD = DEFAULT_SETTINGS.cryopreservationClockLeadMinutes;

const find = (clocks: CustodyClock[], kind: CustodyClock['clock'], subject: string) => clocks.find((c) => c.clock === kind && c.subject === subject)!;

describe('the 4-hour clock (§1.4 item 6)', () => {
  const collected = () => stateAfter([step.collection()]);
  it('runs from the end of collection to 4 h later, written in the collection\'s offset', () => {
    const c = find(custodyClocks(collected(), at(10)), 'cold-storage', DIN);
    expect(c).toMatchObject({ startedAt: at(0), dueAt: at(COLD), warningFrom: at(COLD - COLD_LEAD), status: 'running', metAt: null, late: false, minutesLeft: COLD - 10 });
    expect(c.rule.id).toBe('custody-clock.cold-storage');
  });
  it.each([
    [COLD - COLD_LEAD - 1, 'running'],
    [COLD - COLD_LEAD, 'warning'],
    [COLD - 1, 'warning'],
    [COLD, 'warning'],
    [COLD + 1, 'expired'],
  ])('at %i min: %s', (minutes, status) => {
    expect(find(custodyClocks(collected(), at(minutes)), 'cold-storage', DIN).status).toBe(status);
  });
  it('uses the lead-time setting', () => {
    const settings = { ...DEFAULT_SETTINGS, coldStorageClockLeadMinutes: 30 };
    expect(find(custodyClocks(collected(), at(COLD - 31), settings), 'cold-storage', DIN).status).toBe('running');
    expect(find(custodyClocks(collected(), at(COLD - 30), settings), 'cold-storage', DIN).status).toBe('warning');
  });
  it.each([
    [COLD - 1, false],
    [COLD, false],
    [COLD + 1, true],
  ])('met by refrigeration at %i min: late %s', (minutes, late) => {
    const s = acceptAll(start(), [step.collection(), step.coldStorage(minutes)]);
    expect(find(custodyClocks(s, at(COLD + 100)), 'cold-storage', DIN)).toMatchObject({ status: 'met', metAt: at(minutes), late, minutesLeft: null });
  });
  it('waits for every bag of the collection', () => {
    const one = step.coldStorage(60, { scanned: [{ kind: 'collection-bag', value: 'A99992600000101' }] });
    const s = acceptAll(start(), [step.collection(), one]);
    expect(find(custodyClocks(s, at(61)), 'cold-storage', DIN).status).toBe('running');
  });
});

describe('the 24-hour clock (§1.4 item 6)', () => {
  const cold = () => stateAfter([step.collection(), step.coldStorage()]);
  it.each([
    [CRYO - CRYO_LEAD - 1, 'running'],
    [CRYO - CRYO_LEAD, 'warning'],
    [CRYO, 'warning'],
    [CRYO + 1, 'expired'],
  ])('at %i min: %s', (minutes, status) => {
    expect(find(custodyClocks(cold(), at(minutes)), 'cryopreservation', DIN).status).toBe(status);
  });
  it.each([
    [CRYO - 1, false],
    [CRYO, false],
    [CRYO + 1, true],
  ])('met by completing freezing at %i min: late %s', (minutes, late) => {
    const s = acceptAll(cold(), [step.cryopreservation(minutes)]);
    expect(find(custodyClocks(s, at(CRYO + 100)), 'cryopreservation', DIN)).toMatchObject({ status: 'met', metAt: at(minutes), late });
  });
  it('does not run on the fresh pathway', () => {
    const s = acceptAll(start('fresh-to-manufacturer'), [step.collection()]);
    expect(custodyClocks(s, at(10)).map((c) => c.clock)).toEqual(['cold-storage']);
  });
});

describe('the thaw-to-infusion clock (§2.2.3: 20-30 minutes)', () => {
  const LIMIT = INFUSION_THRESHOLDS.infusionCompleteLimitMinutes;
  const FROM = INFUSION_THRESHOLDS.infusionCompleteFromMinutes;
  const thawed = () => stateAfter([...upToBedside(), step.match(D + 10), step.thaw(D + 15), step.infusionStart(D + 20)]);
  const BAG = PRODUCT_BAGS[0]!;
  it.each([
    [FROM - 1, 'running'],
    [FROM, 'warning'],
    [LIMIT, 'warning'],
    [LIMIT + 1, 'expired'],
  ])('%i min after the start of thawing: %s', (minutes, status) => {
    expect(find(custodyClocks(thawed(), at(D + 15 + minutes)), 'thaw-to-infusion', BAG).status).toBe(status);
  });
  it.each([
    [LIMIT - 1, false],
    [LIMIT, false],
    [LIMIT + 1, true],
  ])('met by the end of infusion %i min after thawing: late %s', (minutes, late) => {
    const s = acceptAll(thawed(), [step.infusionEnd(D + 15 + minutes)]);
    expect(find(custodyClocks(s, at(D + 100)), 'thaw-to-infusion', BAG)).toMatchObject({ status: 'met', late, dueAt: at(D + 15 + LIMIT), warningFrom: at(D + 15 + FROM) });
  });
  it('has one clock per thawed bag only', () => {
    expect(custodyClocks(thawed(), at(D + 16)).filter((c) => c.clock === 'thaw-to-infusion').map((c) => c.subject)).toEqual([BAG]);
  });
});
