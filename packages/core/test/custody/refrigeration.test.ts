import { describe, expect, it } from 'vitest';
import { refrigerationEnd, type CollectionBagState } from '../../src/index.js';
import { at, stateAfter, step } from './fixtures.js';

describe('when the collection left 2-8 °C', () => {
  const bag = (bagId: string, changes: Partial<CollectionBagState> = {}): CollectionBagState => ({
    bagId,
    din: 'A999926000001',
    refrigeratedAt: '2026-11-02T09:00:00+08:00',
    cryoprotectantAddedAt: null,
    freezingStartedAt: null,
    freezingStartRecorded: false,
    cryopreservedAt: null,
    liquidNitrogenAt: null,
    shippedAt: null,
    shipmentId: null,
    ...changes,
  });
  const frozen = (started: string, recorded: boolean) => ({ freezingStartedAt: started, freezingStartRecorded: recorded, cryopreservedAt: started });

  it('is open while every bag is still at 2-8 °C', () => {
    expect(refrigerationEnd([bag('b1'), bag('b2')])).toEqual({ end: null, known: true });
  });

  it('ends at the first recorded start of freezing, or at a shipment before it', () => {
    expect(refrigerationEnd([bag('b1', frozen('2026-11-02T11:00:00+08:00', true)), bag('b2', frozen('2026-11-02T10:30:00+08:00', true))])).toEqual({ end: '2026-11-02T10:30:00+08:00', known: true });
    expect(refrigerationEnd([bag('b1', frozen('2026-11-02T11:00:00+08:00', true)), bag('b2', { shippedAt: '2026-11-02T10:00:00+08:00' })])).toEqual({ end: '2026-11-02T10:00:00+08:00', known: true });
  });

  it('is not known when a bag without a recorded start completed freezing before any known end; a completion after a known end leaves that end', () => {
    // The bag went into the freezer at some time before 10:45: the refrigeration's end is not 10:45.
    expect(refrigerationEnd([bag('b1', frozen('2026-11-02T10:45:00+08:00', false))])).toEqual({ end: null, known: false });
    expect(refrigerationEnd([bag('b1', frozen('2026-11-02T11:00:00+08:00', true)), bag('b2', frozen('2026-11-02T10:45:00+08:00', false))])).toEqual({ end: null, known: false });
    expect(refrigerationEnd([bag('b1', frozen('2026-11-02T10:30:00+08:00', true)), bag('b2', frozen('2026-11-02T10:45:00+08:00', false))])).toEqual({ end: '2026-11-02T10:30:00+08:00', known: true });
  });

  it('reads the bags as the custody record leaves them after a freezing record with and without its start', () => {
    const cold = [step.collection(), step.coldStorage(60)];
    expect(refrigerationEnd(stateAfter([...cold, step.cryopreservation(180)]).collectionBags)).toEqual({ end: at(90), known: true });
    const record = { events: [{ event: 'cryoprotectant-added', at: at(80) }, { event: 'freezing-completed', at: at(180) }] };
    expect(refrigerationEnd(stateAfter([...cold, step.cryopreservation(180, { record })]).collectionBags)).toEqual({ end: null, known: false });
  });
});
