import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePatient } from '../../src/alerts/evaluate.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { Clock, latestAssessment, patientWithCourse } from './support.js';

/**
 * Laboratory reference limits (IEC-HS Table 9 compares ferritin with the ULN, fibrinogen with the
 * LLN; TLS compares creatinine with the ULN): a result's own range first, since the limits belong
 * to the assay that measured it; else the institution's configured limit; else none, and the
 * instrument says which limit it lacks.
 */
const clock = new Clock(new Date('2026-03-05T08:00:00+08:00'));
let s: TestServer;
let patientId = '';

beforeAll(async () => {
  s = await startTestServer({ now: clock.now, onPatientDataChanged: evaluatePatient });
  ({ patientId } = await patientWithCourse(s, ['nurse', 'physician'], { details: { infusionAt: '2026-03-01T02:00:00Z', weightKg: 60 }, startedAt: new Date('2026-02-01T00:00:00Z') }, clock.now()));
});
afterAll(async () => s.close());

async function postFerritin(value: number, referenceRange?: unknown) {
  return s.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/observations`,
    headers: await s.auth('nurse'),
    payload: { code: 'ferritin', value: { quantity: { value, unit: 'ng/mL' } }, effectiveAt: clock.advance(5).toISOString(), ...(referenceRange === undefined ? {} : { referenceRange }) },
  });
}

async function ferritinUln(): Promise<unknown> {
  const stored = await latestAssessment(s, patientId, 'iec-hs');
  return (stored?.input as { ferritinUln?: unknown } | undefined)?.ferritinUln;
}

describe('reference limits for the alert engine', () => {
  it('without a range and without a setting, no ULN is used and the assessment names the missing limit', async () => {
    const res = await postFerritin(2000);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ referenceLow: null, referenceHigh: null });
    expect(await ferritinUln()).toBeUndefined();
    expect(JSON.stringify((await latestAssessment(s, patientId, 'iec-hs'))?.result)).toContain('iec-hs.ferritin-uln-missing');
  });

  it("uses the institution's configured limit when the result has none", async () => {
    const put = await s.app.inject({
      method: 'PUT',
      url: '/api/v1/settings',
      headers: { ...(await s.auth('administrator')), 'if-match': 'W/"1"' },
      payload: { settings: { laboratoryReferenceLimits: { ferritinUpperNgPerMl: 300 } }, reason: 'Ferritin assay of the central laboratory: ULN 300 ng/mL' },
    });
    expect(put.statusCode, put.body).toBe(200);
    await postFerritin(2100);
    expect(await ferritinUln()).toEqual({ value: 300, unit: 'ng/mL' });
  });

  it("prefers the result's own range, converted to the canonical unit", async () => {
    const res = await postFerritin(2200, { low: { value: 30, unit: 'ug/L' }, high: { value: 500, unit: 'ug/L' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ referenceLow: 30, referenceHigh: 500, unit: 'ng/mL' });
    expect(await ferritinUln()).toEqual({ value: 500, unit: 'ng/mL' });
  });

  it('refuses a range whose limits are reversed, whose unit does not convert, that is empty, or on a coded finding', async () => {
    const reversed = await postFerritin(2300, { low: { value: 500, unit: 'ng/mL' }, high: { value: 400, unit: 'ng/mL' } });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ issues: [{ path: 'referenceRange', rule: 'observation.reference-range-order' }] });
    const wrongUnit = await postFerritin(2300, { high: { value: 400, unit: 'mmol/L' } });
    expect(wrongUnit.statusCode).toBe(400);
    expect(wrongUnit.json()).toMatchObject({ issues: [{ path: 'referenceRange.high.unit', rule: 'observation.unit-incompatible' }] });
    const empty = await postFerritin(2300, {});
    expect(empty.json()).toMatchObject({ issues: [{ path: 'referenceRange', rule: 'observation.reference-range-empty' }] });
    const coded = await s.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/observations`,
      headers: await s.auth('nurse'),
      payload: { code: 'hypotension', value: { code: 'no' }, effectiveAt: clock.advance(1).toISOString(), referenceRange: { high: { value: 1, unit: 'ng/mL' } } },
    });
    expect(coded.json()).toMatchObject({ issues: [{ path: 'referenceRange', rule: 'observation.reference-range-not-quantity' }] });
    const count = await s.database.db.selectFrom('observations').select(s.database.db.fn.countAll<string>().as('n')).where('patient_id', '=', patientId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it('FHIR: referenceRange comes in with the result and goes out with it; a bad one names its FHIR path', async () => {
    const headers = { ...(await s.auth('nurse')), 'content-type': 'application/fhir+json' };
    const observation = (high: Record<string, unknown>) => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '3255-7' }] },
      subject: { reference: `Patient/${patientId}` },
      effectiveDateTime: clock.advance(1).toISOString(),
      valueQuantity: { value: 1.2, unit: 'g/L', system: 'http://unitsofmeasure.org', code: 'g/L' },
      referenceRange: [{ low: { value: 2, unit: 'g/L', system: 'http://unitsofmeasure.org', code: 'g/L' }, high }],
    });
    const created = await s.app.inject({ method: 'POST', url: '/fhir/Observation', headers, payload: observation({ value: 4, unit: 'g/L', system: 'http://unitsofmeasure.org', code: 'g/L' }) });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ valueQuantity: { value: 120, code: 'mg/dL' }, referenceRange: [{ low: { value: 200, code: 'mg/dL' }, high: { value: 400, code: 'mg/dL' } }] });
    const bad = await s.app.inject({ method: 'POST', url: '/fhir/Observation', headers, payload: observation({ value: 4, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' }) });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('Observation.referenceRange[0].high.unit');
  });
});
