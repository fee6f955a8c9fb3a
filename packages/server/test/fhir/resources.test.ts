import { randomUUID } from 'node:crypto';
import type { AuditEvent, Bundle, CarePlan, MedicationAdministration, Observation, Patient, Provenance, Task } from '@medplum/fhirtypes';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRecord } from '../../src/auth/signatures.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';
import { entriesOf, expectValidFhir, FHIR_HEADERS, lab, MRN_SYSTEM, patientResource, temperature } from './support.js';

const NOW = new Date('2026-03-10T02:00:00Z');
let s: TestServer;
let nurse: { authorization: string };
let patientId: string;
let episodeId: string;
let productId: string;
let signatureId: string;

async function post(type: string, body: unknown, headers: Record<string, string> = {}) {
  return s.app.inject({ method: 'POST', url: `/fhir/${type}`, headers: { ...nurse, ...FHIR_HEADERS, ...headers }, payload: body as object });
}
async function get<T>(url: string, auth = nurse): Promise<{ status: number; body: T; etag: string | undefined }> {
  const res = await s.app.inject({ method: 'GET', url, headers: { ...auth, accept: 'application/fhir+json' } });
  return { status: res.statusCode, body: res.json<T>(), etag: res.headers.etag };
}

beforeAll(async () => {
  s = await startTestServer({ now: () => NOW });
  nurse = await s.auth('nurse');
  const created = await post('Patient', patientResource('MRN-100', 'A123456789'));
  expect(created.statusCode).toBe(201);
  patientId = created.json<Patient>().id ?? '';

  // The journey, the product and a signature are written by other modules; rows stand in for them here.
  const db = s.database.db;
  episodeId = randomUUID();
  await db.insertInto('episodes').values({ id: episodeId, patient_id: patientId, kind: 'car-t', status: 'active', disease: 'all', details: '{}', started_at: new Date('2026-02-01T00:00:00Z') }).execute();
  await db
    .insertInto('journey_steps')
    .values([
      { episode_id: episodeId, step: 'referral', position: 1, status: 'completed', owner_role: 'physician', started_at: new Date('2026-02-01T00:00:00Z'), completed_at: new Date('2026-02-02T00:00:00Z') },
      { episode_id: episodeId, step: 'eligibility', position: 2, status: 'active', owner_role: 'physician', started_at: new Date('2026-02-02T00:00:00Z') },
      { episode_id: episodeId, step: 'cryopreservation-and-shipment', position: 5, status: 'pending', owner_role: 'cell-therapy-technologist' },
    ])
    .execute();
  await db
    .insertInto('tasks')
    .values({ id: randomUUID(), patient_id: patientId, episode_id: episodeId, step: 'eligibility', code: 'role-review', role: 'pharmacist', rule: 'car-t-course.step-eligibility', due_at: new Date('2026-03-12T00:00:00Z'), status: 'open', created_at: NOW })
    .execute();
  productId = randomUUID();
  await db.insertInto('products').values({ id: productId, patient_id: patientId, episode_id: episodeId, product_code: 'W1234 26 000001', status: 'received', details: '{}', created_at: NOW }).execute();
  const user = { id: s.users.nurse, username: 'nurse', displayName: 'Test nurse', role: 'nurse' as const };
  signatureId = (
    await db.transaction().execute((tx) => signRecord(tx, user, TEST_PASSWORD, 'product-receipt', { type: 'product', id: productId, content: { productCode: 'W1234 26 000001' }, patientId }, NOW))
  ).id;
});
afterAll(async () => s.close());

describe('FHIR Patient', () => {
  it('creates, reads with ETag and meta.versionId, and finds by identifier', async () => {
    const read = await get<Patient>(`/fhir/Patient/${patientId}`);
    expect(read.status).toBe(200);
    expect(read.etag).toBe('W/"1"');
    expect(read.body.meta?.versionId).toBe('1');
    expect(read.body.name?.map((n) => n.text)).toEqual(['王小明', 'WANG, HSIAO-MING']);
    expect(read.body).toMatchObject({ gender: 'male', birthDate: '1980-05-17' });
    expectValidFhir(read.body);

    const found = await get<Bundle>(`/fhir/Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|MRN-100`)}`);
    expect(found.body).toMatchObject({ type: 'searchset', total: 1 });
    expect(entriesOf(found.body)[0]?.id).toBe(patientId);
    expectValidFhir(found.body);
    const none = await get<Bundle>(`/fhir/Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|NOPE`)}`);
    expect(none.body.total).toBe(0);
  });

  it('serves the CapabilityStatement without login', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/fhir/metadata' });
    expect(res.statusCode).toBe(200);
    const cs = res.json<{ resourceType: 'CapabilityStatement'; fhirVersion: string; rest: { resource: { type: string }[] }[] }>();
    expect(cs.fhirVersion).toBe('4.0.1');
    expect(cs.rest[0]?.resource.map((r) => r.type)).toEqual(
      expect.arrayContaining(['Patient', 'Observation', 'MedicationAdministration', 'CarePlan', 'Task', 'BiologicallyDerivedProduct', 'AuditEvent', 'Provenance']),
    );
    expectValidFhir(cs as never);
  });
});

describe('FHIR routes in the OpenAPI document', () => {
  it('are listed with their parameters and the document stays valid', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/docs' });
    const doc = res.json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/fhir/Patient/{id}', '/fhir/Observation', '/fhir/metadata', '/fhir/']));
    expect(doc.paths['/fhir/Patient/{id}']).toHaveProperty('put');
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
  });
});

describe('FHIR Observation', () => {
  it('stores LOINC + UCUM, coded and integer values and emits both codings', async () => {
    const temp = await post('Observation', temperature(`Patient/${patientId}`, 't-1', 38.6, '2026-03-10T00:30:00+08:00'));
    expect(temp.statusCode).toBe(201);
    const t = temp.json<Observation>();
    expect(t.code.coding).toEqual([{ system: 'http://loinc.org', code: '8310-5' }, { system: 'urn:cartographer:observation', code: 'body-temperature' }]);
    expect(t.valueQuantity).toEqual({ value: 38.6, unit: 'Cel', system: 'http://unitsofmeasure.org', code: 'Cel' });
    expect(t.category?.[0]?.coding?.[0]?.code).toBe('vital-signs');
    expect(t.identifier).toEqual([{ system: 'urn:example:lab-feed', value: 't-1' }]);
    expectValidFhir(t);

    // 1.5 10*3/uL is stored in the canonical unit /uL.
    const anc = await post('Observation', lab(`Patient/${patientId}`, 'anc-1', '751-8', 1.5, '10*3/uL', '2026-03-09T23:30:00+08:00'));
    expect(anc.statusCode).toBe(201);
    expect(anc.json<Observation>().valueQuantity).toMatchObject({ value: 1500, code: '/uL' });
    expect(anc.json<Observation>().category?.[0]?.coding?.[0]?.code).toBe('laboratory');

    const device = await post('Observation', {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'urn:cartographer:observation', code: 'oxygen-device' }] },
      subject: { reference: `Patient/${patientId}` },
      effectiveDateTime: '2026-03-10T08:00:00+08:00',
      valueCodeableConcept: { coding: [{ system: 'urn:cartographer:observation-value', code: 'nasal-cannula' }] },
    });
    expect(device.statusCode).toBe(201);
    expect(device.json<Observation>().valueCodeableConcept?.coding?.[0]?.code).toBe('nasal-cannula');
    expectValidFhir(device.json<Observation>());

    const ice = await post('Observation', {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'urn:cartographer:observation', code: 'ice-score' }] },
      subject: { reference: `Patient/${patientId}` },
      effectiveDateTime: '2026-03-10T08:05:00+08:00',
      valueInteger: 8,
    });
    expect(ice.statusCode).toBe(201);
    const iceBody = ice.json<Observation>();
    expect(iceBody.valueInteger).toBe(8);
    expect(iceBody.category?.[0]?.coding?.[0]?.code).toBe('survey');
    expectValidFhir(iceBody);

    const read = await get<Observation>(`/fhir/Observation/${t.id ?? ''}`);
    expect(read.status).toBe(200);
    expect(read.etag).toBe('W/"1"');
    expect(read.body).toEqual(t);
  });

  it('searches by patient and by date as local days of the institution (Asia/Taipei)', async () => {
    // t-1 was taken 2026-03-10 00:30 Taipei (2026-03-09T16:30Z); anc-1 2026-03-09 23:30 Taipei.
    const today = await get<Bundle>(`/fhir/Observation?patient=${patientId}&date=ge2026-03-10&date=lt2026-03-11`);
    expect(entriesOf(today.body).map((o) => (o as Observation).identifier?.[0]?.value ?? (o as Observation).code.text)).toEqual(['t-1', 'oxygen-device', 'ice-score']);
    const yesterday = await get<Bundle>(`/fhir/Observation?subject=Patient/${patientId}&date=2026-03-09`);
    expect(entriesOf(yesterday.body).map((o) => (o as Observation).identifier?.[0]?.value)).toEqual(['anc-1']);
    const byCode = await get<Bundle>(`/fhir/Observation?patient=${patientId}&code=${encodeURIComponent('http://loinc.org|751-8')}`);
    expect(byCode.body.total).toBe(1);
    const labs = await get<Bundle>(`/fhir/Observation?patient=${patientId}&category=laboratory`);
    expect(labs.body.total).toBe(1);
    for (const r of entriesOf(today.body)) expectValidFhir(r);
    expectValidFhir(today.body);
  });

  it('pages with _count and a next link', async () => {
    const page = await get<Bundle>(`/fhir/Observation?patient=${patientId}&_count=2`);
    expect(page.body.total).toBe(4);
    expect(page.body.entry).toHaveLength(2);
    const next = page.body.link?.find((l) => l.relation === 'next')?.url ?? '';
    expect(next).toContain('_offset=2');
    const second = await get<Bundle>(next.replace(/^https?:\/\/[^/]+/, ''));
    expect(second.body.entry).toHaveLength(2);
    expect(second.body.link?.find((l) => l.relation === 'next')).toBeUndefined();
  });

  it('refuses an unknown search parameter instead of ignoring it', async () => {
    const res = await get<{ issue: { expression?: string[]; details?: { coding?: { code?: string }[] } }[] }>(`/fhir/Observation?patinet=${patientId}`);
    expect(res.status).toBe(400);
    expect(res.body.issue[0]).toMatchObject({ expression: ['patinet'], details: { coding: [{ code: 'fhir.search-param-unknown' }] } });
  });
});

describe('FHIR MedicationAdministration', () => {
  it('creates, reads and searches by date', async () => {
    const res = await post('MedicationAdministration', {
      resourceType: 'MedicationAdministration',
      identifier: [{ system: 'urn:example:mar', value: 'mar-1' }],
      status: 'completed',
      medicationCodeableConcept: { text: 'Tocilizumab' },
      subject: { reference: `Patient/${patientId}` },
      effectiveDateTime: '2026-03-10T09:00:00+08:00',
      dosage: { dose: { value: 8, unit: 'mg/kg', system: 'http://unitsofmeasure.org', code: 'mg/kg' }, route: { text: 'IV' } },
    });
    expect(res.statusCode).toBe(201);
    const ma = res.json<MedicationAdministration>();
    expect(ma.medicationCodeableConcept?.text).toBe('tocilizumab');
    expect(ma.dosage).toEqual({ dose: { value: 8, unit: 'mg/kg' }, route: { text: 'IV' } });
    expect(ma.effectiveDateTime).toBe('2026-03-10T01:00:00.000Z');
    expectValidFhir(ma);

    const read = await get<MedicationAdministration>(`/fhir/MedicationAdministration/${ma.id ?? ''}`);
    expect(read.body).toEqual(ma);
    expect(read.etag).toBe('W/"1"');
    const inRange = await get<Bundle>(`/fhir/MedicationAdministration?patient=${patientId}&date=ge2026-03-10&date=lt2026-03-11`);
    expect(inRange.body.total).toBe(1);
    const outOfRange = await get<Bundle>(`/fhir/MedicationAdministration?patient=${patientId}&date=lt2026-03-10`);
    expect(outOfRange.body.total).toBe(0);
    expectValidFhir(inRange.body);
  });
});

describe('FHIR CarePlan and Task', () => {
  it('shows the episode as a CarePlan whose activities are the steps', async () => {
    const plan = await get<CarePlan>(`/fhir/CarePlan/${episodeId}`);
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ status: 'active', intent: 'plan', subject: { reference: `Patient/${patientId}` } });
    const steps: [string | undefined, string | undefined][] = [];
    for (const a of plan.body.activity ?? []) {
      const task = await get<Task>(`/fhir/${a.reference?.reference ?? ''}`);
      steps.push([a.reference?.display, task.body.status]);
    }
    expect(steps).toEqual([
      ['referral', 'completed'],
      ['eligibility', 'in-progress'],
      ['cryopreservation-and-shipment', 'requested'],
    ]);
    // Version = episode version + the steps' versions, so the ETag moves with any step.
    expect(plan.etag).toBe('W/"4"');
    expectValidFhir(plan.body);
    const search = await get<Bundle>(`/fhir/CarePlan?patient=${patientId}`);
    expect(search.body.total).toBe(1);
  });

  it('shows steps and role tasks as Tasks, each readable by id', async () => {
    const search = await get<Bundle>(`/fhir/Task?patient=${patientId}`);
    expect(search.body.total).toBe(4);
    const tasks = entriesOf(search.body) as Task[];
    for (const t of tasks) {
      expectValidFhir(t);
      const read = await get<Task>(`/fhir/Task/${t.id ?? ''}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(t);
    }
    const role = tasks.find((t) => t.intent === 'order');
    expect(role).toMatchObject({ status: 'ready', businessStatus: { text: 'open' }, restriction: { period: { end: '2026-03-12T00:00:00.000Z' } } });
    expect(role?.partOf?.[0]?.reference).toBe(`Task/${episodeId.replace(/-/g, '')}.eligibility`);
    const longest = tasks.find((t) => t.code?.text === 'cryopreservation-and-shipment');
    expect(longest?.id?.length).toBeLessThanOrEqual(64);
    expect(longest?.status).toBe('requested');
  });
});

describe('FHIR BiologicallyDerivedProduct', () => {
  it('reads the product with the patient as collection source', async () => {
    const read = await get<{ resourceType: string; identifier: unknown; status: string; collection: unknown }>(`/fhir/BiologicallyDerivedProduct/${productId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      identifier: [{ system: 'urn:cartographer:product', value: 'W1234 26 000001' }],
      status: 'available',
      collection: { source: { reference: `Patient/${patientId}` } },
    });
    expectValidFhir(read.body as never);
    const search = await get<Bundle>(`/fhir/BiologicallyDerivedProduct?patient=${patientId}`);
    expect(search.body.total).toBe(1);
  });
});

describe('FHIR AuditEvent and Provenance (administrators)', () => {
  it('gives administrators the patient trail as coded AuditEvents', async () => {
    const admin = await s.auth('administrator');
    const trail = await get<Bundle>(`/fhir/AuditEvent?patient=${patientId}`, admin);
    expect(trail.status).toBe(200);
    const events = entriesOf(trail.body) as AuditEvent[];
    expect(events.length).toBeGreaterThanOrEqual(8);
    const created = events.find((e) => e.entity?.[0]?.what?.reference === `Patient/${patientId}`);
    expect(created).toMatchObject({
      type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110' },
      action: 'C',
      outcome: '0',
      agent: [{ who: { display: 'Test nurse' }, requestor: true }],
    });
    const sign = events.find((e) => e.subtype?.some((c) => c.code === 'sign'));
    expect(sign?.action).toBe('E');
    for (const e of events) expectValidFhir(e);
    const one = await get<AuditEvent>(`/fhir/AuditEvent/${created?.id ?? ''}`, admin);
    expect(one.body).toEqual(created);
  });

  it('refuses the trail to clinical roles', async () => {
    const res = await get<{ resourceType: string; issue: { code: string }[] }>(`/fhir/AuditEvent?patient=${patientId}`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
  });

  it('shows a signature as Provenance with its meaning, signer and target', async () => {
    const admin = await s.auth('administrator');
    const read = await get<Provenance>(`/fhir/Provenance/${signatureId}`, admin);
    expect(read.status).toBe(200);
    expect(read.body.target).toEqual([{ reference: `BiologicallyDerivedProduct/${productId}` }]);
    expect(read.body.signature?.[0]?.type?.map((c) => c.code)).toEqual(['1.2.840.10065.1.12.1.5', 'product-receipt']);
    expect(read.body.signature?.[0]?.who).toEqual({ identifier: { system: 'urn:cartographer:user', value: s.users.nurse }, display: 'Test nurse' });
    expect(read.body.agent[0]?.role?.[0]?.text).toBe('nurse');
    expectValidFhir(read.body);
    const search = await get<Bundle>(`/fhir/Provenance?patient=${patientId}`, admin);
    expect(entriesOf(search.body).map((r) => r.id)).toEqual([signatureId]);
  });
});

describe('care-team isolation', () => {
  it('a user off the care team gets 404 on read and an empty search, for every type', async () => {
    const physician = await s.auth('physician');
    const observationId = entriesOf((await get<Bundle>(`/fhir/Observation?patient=${patientId}`)).body)[0]?.id ?? '';
    for (const url of [`/fhir/Patient/${patientId}`, `/fhir/Observation/${observationId}`, `/fhir/CarePlan/${episodeId}`, `/fhir/BiologicallyDerivedProduct/${productId}`]) {
      const res = await get<{ resourceType: string }>(url, physician);
      expect(res.status, url).toBe(404);
      expect(res.body.resourceType).toBe('OperationOutcome');
    }
    for (const url of [
      `/fhir/Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|MRN-100`)}`,
      `/fhir/Observation?patient=${patientId}`,
      '/fhir/Observation',
      `/fhir/MedicationAdministration?patient=${patientId}`,
      `/fhir/CarePlan?patient=${patientId}`,
      `/fhir/Task?patient=${patientId}`,
      `/fhir/BiologicallyDerivedProduct?patient=${patientId}`,
    ]) {
      const res = await get<Bundle>(url, physician);
      expect(res.status, url).toBe(200);
      expect(res.body.total, url).toBe(0);
    }
  });
});
