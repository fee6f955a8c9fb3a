import { CAR_T_COURSE_STEP_IDS } from '@cartographer/core';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_MEANINGS } from '../../src/auth/signatures.js';
import type { Row } from '../../src/db/schema.js';
import { OBSERVATION_CODE_NAMES, OBSERVATION_CODES } from '../../src/domain/observation-codes.js';
import { auditActionOf, toFhirAuditEvent } from '../../src/fhir/map/audit-event.js';
import { parseStepTaskId, stepTaskId, taskStatusOf } from '../../src/fhir/map/journey.js';
import { toFhirObservation } from '../../src/fhir/map/observation.js';
import { toFhirProduct } from '../../src/fhir/map/product.js';
import { toFhirProvenance } from '../../src/fhir/map/provenance.js';
import { dateBounds, parseSearch } from '../../src/fhir/search-params.js';
import { ApiError } from '../../src/errors.js';
import { expectValidFhir } from './support.js';

const EPISODE = '0b7f2a52-4c8e-4d55-9a8e-1c9f1d7d0a01';
const PATIENT = '1c8e3b63-5d9f-4e66-8b9f-2d0e2e8e1b12';
const AT = new Date('2026-03-10T02:00:00Z');

describe('date search in the institution time zone', () => {
  const bound = (raw: string, zone = 'Asia/Taipei') => dateBounds([raw], 'date', zone).map((b) => `${b.op}${b.at.toISOString()}`);

  it('a calendar day is the local day (Taipei is UTC+8)', () => {
    expect(bound('ge2026-03-10')).toEqual(['>=2026-03-09T16:00:00.000Z']);
    expect(bound('lt2026-03-10')).toEqual(['<2026-03-09T16:00:00.000Z']);
    expect(bound('le2026-03-10')).toEqual(['<2026-03-10T16:00:00.000Z']);
    expect(bound('gt2026-03-10')).toEqual(['>=2026-03-10T16:00:00.000Z']);
    expect(bound('2026-03-10')).toEqual(['>=2026-03-09T16:00:00.000Z', '<2026-03-10T16:00:00.000Z']);
  });

  it('months and years end at the next local midnight', () => {
    expect(bound('eq2026-12')).toEqual(['>=2026-11-30T16:00:00.000Z', '<2026-12-31T16:00:00.000Z']);
    expect(bound('2026', 'UTC')).toEqual(['>=2026-01-01T00:00:00.000Z', '<2027-01-01T00:00:00.000Z']);
  });

  it('follows daylight saving time where the zone has it', () => {
    // New York moves to UTC-4 on 2026-03-08.
    expect(bound('ge2026-03-08', 'America/New_York')).toEqual(['>=2026-03-08T05:00:00.000Z']);
    expect(bound('ge2026-03-09', 'America/New_York')).toEqual(['>=2026-03-09T04:00:00.000Z']);
  });

  it('a dateTime is taken to its precision, in its own zone', () => {
    expect(bound('ge2026-03-10T08:30+08:00')).toEqual(['>=2026-03-10T00:30:00.000Z']);
    expect(bound('2026-03-10T08:30:15Z')).toEqual(['>=2026-03-10T08:30:15.000Z', '<2026-03-10T08:30:16.000Z']);
  });

  it('refuses what is not a date', () => {
    for (const raw of ['ne2026-03-10', '2026-13-01', '2026-02-30', '2026-03-10T08:30', 'yesterday']) {
      expect(() => dateBounds([raw], 'date', 'Asia/Taipei'), raw).toThrow(ApiError);
    }
  });
});

describe('search parameters', () => {
  it('checks _count below, at and above its limits', () => {
    expect(() => parseSearch({ _count: '0' }, [])).toThrow(ApiError);
    expect(parseSearch({ _count: '1' }, []).count).toBe(1);
    expect(parseSearch({ _count: '1000' }, []).count).toBe(1000);
    expect(() => parseSearch({ _count: '1001' }, [])).toThrow(ApiError);
    expect(parseSearch({}, []).count).toBe(100);
  });

  it('keeps repeated parameters and refuses unknown ones', () => {
    expect(parseSearch({ date: ['ge2026-01-01', 'lt2026-02-01'] }, ['date']).values.get('date')).toEqual(['ge2026-01-01', 'lt2026-02-01']);
    expect(() => parseSearch({ patinet: 'x' }, ['patient'])).toThrow(ApiError);
  });
});

describe('journey mapping', () => {
  it('every step of the CAR-T course has a Task id within the R4 limit that reads back', () => {
    for (const step of CAR_T_COURSE_STEP_IDS) {
      const id = stepTaskId(EPISODE, step);
      expect(id.length, step).toBeLessThanOrEqual(64);
      expect(/^[A-Za-z0-9\-.]{1,64}$/.test(id)).toBe(true);
      expect(parseStepTaskId(id)).toEqual({ episodeId: EPISODE, step });
    }
    expect(parseStepTaskId(EPISODE)).toBeNull();
  });

  it('maps the journey statuses and reads an unknown one as not done', () => {
    expect(['active', 'pending', 'completed', 'overridden', 'open', 'done', 'cancelled'].map(taskStatusOf)).toEqual([
      'in-progress',
      'requested',
      'completed',
      'completed',
      'ready',
      'completed',
      'cancelled',
    ]);
    expect(taskStatusOf('something-new')).toBe('requested');
  });
});

describe('resource mapping validates against R4', () => {
  it('an Observation of every code', () => {
    for (const code of OBSERVATION_CODE_NAMES) {
      const def = OBSERVATION_CODES[code];
      const row: Row<'observations'> = {
        id: '2d9f4c74-6e0a-4f77-9ca0-3e1f3f9f2c23',
        patient_id: PATIENT,
        episode_id: null,
        code,
        loinc: def.loinc,
        value_number: def.type === 'code' ? null : 1,
        unit: def.type === 'quantity' ? 'kg' : null,
        value_code: def.type === 'code' ? (def.values[0] ?? null) : null,
        entered: {},
        effective_at: AT,
        recorded_at: AT,
        recorded_by: null,
        source: 'rest',
        external_system: null,
        external_id: null,
        status: 'final',
        version: 1,
        // Quantities carry a reference range, so the emitted referenceRange is validated too.
        reference_low: def.type === 'quantity' ? 0.5 : null,
        reference_high: def.type === 'quantity' ? 2 : null,
        entered_reference_range: null,
      };
      const resource = toFhirObservation(row);
      if (def.type === 'quantity') expect(resource.referenceRange).toEqual([{ low: { value: 0.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' }, high: { value: 2, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' } }]);
      expect(resource.category?.[0]?.coding?.[0]?.code).toBe(def.category);
      expectValidFhir(resource);
    }
  });

  it('a Provenance for every signature meaning, with an ASTM signature type', () => {
    for (const meaning of SIGNATURE_MEANINGS) {
      const resource = toFhirProvenance({
        id: '3e0a5d85-7f1b-4088-8db1-4f2a4a0a3d34',
        user_id: '4f1b6e96-8a2c-4199-9ec2-5a3b5b1b4e45',
        signer_name: 'Dr. Lin',
        signer_role: 'physician',
        meaning,
        record_type: 'journey-step',
        record_id: `${EPISODE}/eligibility`,
        record_hash: 'ab'.repeat(32),
        signed_at: AT,
      });
      expect(resource.signature?.[0]?.type?.[0]?.system, meaning).toBe('urn:iso-astm:E1762-95:2013');
      expect(resource.target).toEqual([{ reference: `Task/${stepTaskId(EPISODE, 'eligibility')}` }]);
      expectValidFhir(resource);
    }
  });

  it('an AuditEvent with the CRUDE action of each kind of change', () => {
    expect(['create', 'add', 'update', 'complete', 'delete', 'login', 'sign'].map(auditActionOf)).toEqual(['C', 'C', 'U', 'U', 'D', 'E', 'E']);
    const base: Row<'audit_log'> = {
      seq: '7',
      id: '5a2c7fa7-9b3d-42aa-8fd3-6b4c6c2c5f56',
      at: AT,
      actor_id: null,
      actor_name: 'system',
      action: 'login-failed',
      entity_type: 'user',
      entity_id: 'someone',
      patient_id: null,
      before: null,
      after: null,
      reason: null,
      prev_hash: '0'.repeat(64),
      hash: '1'.repeat(64),
    };
    const failed = toFhirAuditEvent(base);
    expect(failed).toMatchObject({ action: 'E', outcome: '4', type: { code: '110114' }, subtype: [{ code: '110122' }, { code: 'login-failed' }] });
    expectValidFhir(failed);
    const change = toFhirAuditEvent({ ...base, action: 'update', entity_type: 'episode', entity_id: EPISODE, patient_id: PATIENT, before: { a: 1 }, after: { a: 2 }, reason: 'correction' });
    expect(change).toMatchObject({ action: 'U', outcome: '0', type: { code: '110110' }, purposeOfEvent: [{ text: 'correction' }] });
    expect(change.entity?.[1]?.what?.reference).toBe(`Patient/${PATIENT}`);
    expectValidFhir(change);
  });

  it('a product whose state R4 cannot say leaves the status out', () => {
    const row: Row<'products'> = { id: '6b3d80b8-ac4e-43bb-9a04-7c5d7d3d6a67', patient_id: PATIENT, episode_id: EPISODE, product_code: 'P1', status: 'in-manufacture', details: {}, created_at: AT, version: 1 };
    expect(toFhirProduct(row).status).toBeUndefined();
    expect(toFhirProduct({ ...row, status: 'infused' }).status).toBe('unavailable');
    expectValidFhir(toFhirProduct(row));
  });
});
