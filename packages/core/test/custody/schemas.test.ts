import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  CabinetEvent,
  CabinetState,
  CoiAssignment,
  CUSTODY_STEPS,
  CustodyEvent,
  CustodyState,
  DeviationAction,
  DeviationRecord,
  DinAssignment,
  initialCustodyState,
  parseInput,
  replayCustody,
  type InputError,
} from '../../src/index.js';
import { cabinetOpen, COI, fullCourse, PATIENT, stateAfter, step } from './fixtures.js';

describe('the schemas the server builds on', () => {
  it('one event schema per custody step', () => {
    const types = CustodyEvent.options.map((o) => o.shape.type.value);
    expect([...types].sort()).toEqual([...CUSTODY_STEPS].sort());
  });

  const SCHEMAS = {
    CustodyEvent: [CustodyEvent, 'input'],
    CabinetEvent: [CabinetEvent, 'input'],
    DeviationAction: [DeviationAction, 'input'],
    DinAssignment: [DinAssignment, 'input'],
    CoiAssignment: [CoiAssignment, 'input'],
    CustodyState: [CustodyState, 'output'],
    CabinetState: [CabinetState, 'output'],
    DeviationRecord: [DeviationRecord, 'output'],
  } as const;
  it.each(Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[])('%s has a JSON Schema', (name) => {
    const [schema, io] = SCHEMAS[name];
    expect(z.toJSONSchema(schema, { io, unrepresentable: 'any' })).toBeTypeOf('object');
  });

  it('a parsed event is plain JSON that replays unchanged (store it, do not re-parse it)', () => {
    for (const e of fullCourse()) expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });

  it('replays stored events to the same state, each with its own cabinet occupancy', () => {
    const events = fullCourse();
    const { state, outcomes } = replayCustody(initialCustodyState({ coi: COI, patientId: PATIENT }), events, (e) => (e.type === 'cryopreservation' ? { cabinets: cabinetOpen() } : {}));
    expect(outcomes.every((o) => o.status === 'accepted')).toBe(true);
    expect(state).toEqual(stateAfter(events));
    const without = replayCustody(initialCustodyState({ coi: COI, patientId: PATIENT }), events);
    expect(without.outcomes[2]).toMatchObject({ status: 'hard-stop', reasons: [{ code: 'cabinet-not-open' }] });
  });

  it('the state survives a jsonb round trip and its schema', () => {
    const s = stateAfter(fullCourse());
    expect(CustodyState.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('refuses a malformed event naming the field and the rule', () => {
    const bad = { ...step.coldStorage(), temperatures: [{ at: '2026-03-10T11:00:00+08:00', temperature: 4 }] };
    let caught: unknown;
    try {
      parseInput('custody', CustodyEvent, bad, 'en');
    } catch (error) {
      caught = error;
    }
    expect((caught as InputError).issues[0]).toMatchObject({ path: 'temperatures[0].temperature', rule: 'input.unit-required' });
  });

  it('refuses a manufacturer scan without its system', () => {
    let caught: unknown;
    try {
      parseInput('custody', CustodyEvent, { ...step.coldStorage(), scanned: [{ kind: 'manufacturer', value: 'X' }], temperatures: [] }, 'en');
    } catch (error) {
      caught = error;
    }
    expect((caught as InputError).issues[0]).toMatchObject({ path: 'scanned[0].system', rule: 'custody.input.manufacturer-system-required' });
  });

  it('refuses out-of-specification details on a product declared within specification', () => {
    const parsed = CustodyEvent.safeParse({ ...step.releaseDocuments(0, {}), release: { outOfSpecification: false, oos: { physicianStatement: true } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['release', 'oos'], message: 'infusion.input.oos-details-without-oos' });
  });

  it('refuses a temperature outside -200 to 60 °C as a typing error', () => {
    const parsed = CustodyEvent.safeParse({ ...step.coldStorage(), temperatures: [{ at: '2026-03-10T11:00:00+08:00', temperature: { value: 400, unit: 'Cel' } }] });
    expect(parsed.success).toBe(false);
  });
});
