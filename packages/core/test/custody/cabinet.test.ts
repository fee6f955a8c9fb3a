import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCabinetEvent, cabinetPatients, CabinetEvent, checkCabinetFor, EMPTY_CABINETS, type CabinetState } from '../../src/index.js';
import { at, tech } from './fixtures.js';

const open = (patientId: string, materialId: string, cabinetId = 'BSC-1', minutes = 0): CabinetEvent =>
  CabinetEvent.parse({ type: 'open', id: `o-${materialId}`, cabinetId, at: at(minutes), performedBy: [tech()], coi: `COI-${patientId}`, patientId, materialId });
const close = (patientId: string, materialId: string, cabinetId = 'BSC-1', minutes = 1): CabinetEvent => ({ ...open(patientId, materialId, cabinetId, minutes), type: 'close', id: `c-${materialId}` });

function run(events: CabinetEvent[]): CabinetState {
  return events.reduce((s, e) => applyCabinetEvent(s, e).state, EMPTY_CABINETS);
}

describe('biosafety cabinet occupancy: one patient\'s material at a time (§1.4 item 10)', () => {
  it('opens a patient\'s material, and more of the same patient\'s', () => {
    const s = run([open('p1', 'bag-1'), open('p1', 'bag-2')]);
    expect(s.open.map((m) => m.materialId)).toEqual(['bag-1', 'bag-2']);
    expect(cabinetPatients(s, 'BSC-1')).toEqual(['p1']);
  });
  it('refuses a second patient\'s material while the first is open, with the deviation to record', () => {
    const s = run([open('p1', 'bag-1')]);
    const r = applyCabinetEvent(s, open('p2', 'bag-9'));
    expect(r.state).toBe(s);
    expect(r.outcome).toMatchObject({ status: 'hard-stop', reasons: [{ code: 'cabinet-occupied', params: { cabinet: 'BSC-1' } }], deviation: { code: 'cabinet-occupied', hardStop: true, eventType: 'cabinet-open', coi: 'COI-p2' } });
  });
  it('lets the second patient in once the first patient\'s material is all closed', () => {
    const s = run([open('p1', 'bag-1'), open('p1', 'bag-2'), close('p1', 'bag-1')]);
    expect(applyCabinetEvent(s, open('p2', 'bag-9')).outcome.status).toBe('hard-stop');
    const empty = applyCabinetEvent(s, close('p1', 'bag-2')).state;
    expect(applyCabinetEvent(empty, open('p2', 'bag-9')).outcome.status).toBe('accepted');
  });
  it('keeps cabinets apart', () => {
    const s = run([open('p1', 'bag-1', 'BSC-1'), open('p2', 'bag-9', 'BSC-2')]);
    expect(cabinetPatients(s, 'BSC-1')).toEqual(['p1']);
    expect(cabinetPatients(s, 'BSC-2')).toEqual(['p2']);
  });
  it('refuses a material opened twice, and closing what is not open', () => {
    const s = run([open('p1', 'bag-1')]);
    expect(applyCabinetEvent(s, open('p1', 'bag-1')).outcome).toMatchObject({ reasons: [{ code: 'cabinet-material-already-open' }] });
    expect(applyCabinetEvent(s, close('p1', 'bag-2')).outcome).toMatchObject({ reasons: [{ code: 'cabinet-material-not-open' }] });
    expect(applyCabinetEvent(s, close('p1', 'bag-1', 'BSC-2')).outcome).toMatchObject({ reasons: [{ code: 'cabinet-material-not-open' }] });
  });
  it('tells the custody reducer whether a cabinet holds this patient\'s material alone', () => {
    const s = run([open('p1', 'bag-1')]);
    expect(checkCabinetFor(s, 'BSC-1', 'p1')).toEqual([]);
    expect(checkCabinetFor(s, 'BSC-1', 'p2').map((r) => r.code)).toEqual(['cabinet-occupied']);
    expect(checkCabinetFor(s, 'BSC-2', 'p1').map((r) => r.code)).toEqual(['cabinet-not-open']);
  });

  it('never holds two patients\' material in one cabinet, whatever the sequence (property)', () => {
    const event = fc.record({
      type: fc.constantFrom('open' as const, 'close' as const),
      cabinet: fc.constantFrom('BSC-1', 'BSC-2'),
      patient: fc.constantFrom('p1', 'p2', 'p3'),
      material: fc.constantFrom('m1', 'm2', 'm3', 'm4'),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        let s = EMPTY_CABINETS;
        for (const [i, e] of events.entries()) {
          const base = open(e.patient, `${e.patient}-${e.material}`, e.cabinet, i);
          const r = applyCabinetEvent(s, e.type === 'open' ? base : { ...base, type: 'close' });
          if (r.outcome.status === 'hard-stop' && r.state !== s) return false;
          s = r.state;
          for (const cabinet of ['BSC-1', 'BSC-2']) if (cabinetPatients(s, cabinet).length > 1) return false;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});
