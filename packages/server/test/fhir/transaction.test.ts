import type { Bundle, BundleEntry, Observation, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/trail.js';
import { processTransactionBundle } from '../../src/fhir/transaction.js';
import { ApiError } from '../../src/errors.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { counts, entriesOf, expectValidFhir, FHIR_HEADERS, lab, MRN_SYSTEM, patientResource, temperature } from './support.js';

const NOW = new Date('2026-03-10T02:00:00Z');
let s: TestServer;
let nurse: { authorization: string };

const PATIENT_URL = 'urn:uuid:6f1f2a52-4c8e-4d55-9a8e-1c9f1d7d0a01';

function post(resource: object, fullUrl?: string, ifNoneExist?: string): BundleEntry {
  const type = (resource as { resourceType: string }).resourceType;
  return { ...(fullUrl ? { fullUrl } : {}), resource: resource as BundleEntry['resource'], request: { method: 'POST', url: type, ...(ifNoneExist ? { ifNoneExist } : {}) } };
}

/** Day +1 vitals and labs of a newly referred patient, as an EHR interface would send them. */
function vitalsAndLabs(mrn: string, nationalId: string, prefix: string) {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      post(temperature(PATIENT_URL, `${prefix}-temp`, 38.9, '2026-03-10T06:00:00+08:00'), undefined),
      post(patientResource(mrn, nationalId), PATIENT_URL, `identifier=${MRN_SYSTEM}|${mrn}`),
      post(lab(PATIENT_URL, `${prefix}-crp`, '1988-5', 12.4, 'mg/dL', '2026-03-10T06:30:00+08:00')),
      post(lab(PATIENT_URL, `${prefix}-ferritin`, '2276-4', 2500, 'ng/mL', '2026-03-10T06:30:00+08:00')),
      post(lab(PATIENT_URL, `${prefix}-anc`, '751-8', 0.4, '10*3/uL', '2026-03-10T06:30:00+08:00')),
      post({
        resourceType: 'Observation',
        identifier: [{ system: 'urn:example:lab-feed', value: `${prefix}-hr` }],
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        subject: { reference: PATIENT_URL },
        effectiveDateTime: '2026-03-10T06:00:00+08:00',
        valueQuantity: { value: 118, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
      }),
    ],
  };
}

async function send(bundle: object, auth = nurse) {
  return s.app.inject({ method: 'POST', url: '/fhir', headers: { ...auth, ...FHIR_HEADERS }, payload: bundle });
}

beforeAll(async () => {
  s = await startTestServer({ now: () => NOW });
  nurse = await s.auth('nurse');
});
afterAll(async () => s.close());

describe('FHIR transaction Bundle', () => {
  it('creates a patient and its vitals and labs in one transaction, resolving urn:uuid references', async () => {
    const before = await counts(s);
    const res = await send(vitalsAndLabs('MRN-300', 'C323456789', 'b1'));
    expect(res.statusCode).toBe(200);
    const bundle = res.json<Bundle>();
    expect(bundle.type).toBe('transaction-response');
    expect(bundle.entry?.map((e) => e.response?.status)).toEqual(Array(6).fill('201 Created'));
    const patient = bundle.entry?.[1]?.resource as Patient;
    expect(patient.resourceType).toBe('Patient');
    for (const e of entriesOf(bundle).filter((r): r is Observation => r.resourceType === 'Observation')) expect(e.subject?.reference).toBe(`Patient/${patient.id}`);
    expect(bundle.entry?.[1]?.response?.location).toBe(`Patient/${patient.id}/_history/1`);
    expectValidFhir(bundle);
    const after = await counts(s);
    expect(after.patients - before.patients).toBe(1);
    expect(after.observations - before.observations).toBe(5);
    // One audit record per created row, plus the care-team addition.
    expect(after.audit - before.audit).toBe(7);
  });

  it('replaying the same bundle changes nothing: 200 OK per entry, same rows, same audit', async () => {
    const before = await counts(s);
    const res = await send(vitalsAndLabs('MRN-300', 'C323456789', 'b1'));
    expect(res.statusCode).toBe(200);
    expect(res.json<Bundle>().entry?.map((e) => e.response?.status)).toEqual(Array(6).fill('200 OK'));
    expect(await counts(s)).toEqual(before);
  });

  it('a bundle with one bad entry writes nothing and names the entry', async () => {
    const before = await counts(s);
    const bundle = vitalsAndLabs('MRN-301', 'C323456780', 'b2');
    // Ferritin in a unit that is not a concentration.
    Object.assign(bundle.entry[3]?.resource as object, { valueQuantity: { value: 2500, unit: 'furlong' } });
    const res = await send(bundle);
    expect(res.statusCode).toBe(400);
    const outcome = res.json<OperationOutcome>();
    expectValidFhir(outcome);
    expect(outcome.issue[0]).toMatchObject({ expression: ['Bundle.entry[3].resource.valueQuantity.unit'], details: { coding: [{ code: 'observation.unit-incompatible' }] } });
    expect(await counts(s)).toEqual(before);
  });

  it('a structural error inside an entry is named with the entry path', async () => {
    const bundle = vitalsAndLabs('MRN-302', 'C323456781', 'b3');
    Object.assign(bundle.entry[4]?.resource as object, { valueQuantity: { value: 'high' } });
    const res = await send(bundle);
    expect(res.statusCode).toBe(400);
    expect(res.json<OperationOutcome>().issue[0]?.expression?.[0]).toMatch(/^Bundle\.entry\[4\]\.resource\.value/);
  });

  it('refuses entries that do not create, and bundles that are not transactions', async () => {
    const notTransaction = await send({ resourceType: 'Bundle', type: 'batch', entry: [] });
    expect(notTransaction.statusCode).toBe(400);
    expect(notTransaction.json<OperationOutcome>().issue[0]?.expression).toEqual(['Bundle.type']);
    const put = await send({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: patientResource('M', 'N'), request: { method: 'PUT', url: 'Patient/x' } }] });
    expect(put.statusCode).toBe(400);
    expect(put.json<OperationOutcome>().issue[0]?.expression).toEqual(['Bundle.entry[0].request.method']);
  });

  it('a user off the care team cannot add to an existing patient through a bundle', async () => {
    const physician = await s.auth('physician');
    const before = await counts(s);
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [post(temperature(`Patient?identifier=${MRN_SYSTEM}|MRN-300`, 'p-1', 37, '2026-03-10T08:00:00+08:00'))],
    };
    const res = await send(bundle, physician);
    expect(res.statusCode).toBe(404);
    expect(res.json<OperationOutcome>().issue[0]?.expression).toEqual(['Bundle.entry[0].resource.subject.reference']);
    expect(await counts(s)).toEqual(before);
  });

  it('checks each entry\'s create action against the role', async () => {
    const technologist = await s.auth('cell-therapy-technologist');
    const res = await send({ resourceType: 'Bundle', type: 'transaction', entry: [post(patientResource('MRN-303', 'C323456782'))] }, technologist);
    expect(res.statusCode).toBe(403);
    expect(res.json<OperationOutcome>().issue[0]).toMatchObject({ expression: ['Bundle.entry[0].resource'], details: { coding: [{ code: 'fhir.entry-forbidden' }] } });
  });

  it('imports without access checks for the operator (CLI), and is idempotent there too', async () => {
    const bundle = vitalsAndLabs('MRN-400', 'D423456789', 'cli');
    const access = { kind: 'unrestricted', actor: SYSTEM_ACTOR } as const;
    const first = await processTransactionBundle(s.ctx, access, bundle, NOW);
    expect(first.entry?.map((e) => e.response?.status)).toEqual(Array(6).fill('201 Created'));
    const patientId = first.entry?.[1]?.resource?.id ?? '';
    // Nobody joins the care team of a patient the system imported.
    expect(await s.database.db.selectFrom('care_team').selectAll().where('patient_id', '=', patientId).execute()).toEqual([]);
    const before = await counts(s);
    const second = await processTransactionBundle(s.ctx, access, bundle, NOW);
    expect(second.entry?.map((e) => e.response?.status)).toEqual(Array(6).fill('200 OK'));
    expect(await counts(s)).toEqual(before);
    const audit = await s.database.db.selectFrom('audit_log').select(['actor_name']).where('patient_id', '=', patientId).execute();
    expect(new Set(audit.map((a) => a.actor_name))).toEqual(new Set(['system']));
  });

  it('raises the same errors to the CLI as ApiErrors naming the entry', async () => {
    const bundle = vitalsAndLabs('MRN-401', 'D423456780', 'cli2');
    Object.assign(bundle.entry[2]?.resource as object, { code: { coding: [{ system: 'http://loinc.org', code: '0000-0' }] } });
    const error = await processTransactionBundle(s.ctx, { kind: 'unrestricted', actor: SYSTEM_ACTOR }, bundle, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).details.issues?.[0]).toMatchObject({ path: 'Bundle.entry[2].resource.code', rule: 'fhir.code-unknown' });
  });
});
