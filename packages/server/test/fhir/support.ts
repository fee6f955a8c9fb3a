import type { Bundle, Resource } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import { fhirIssues } from '../../src/fhir/validate.js';
import type { TestServer } from '../support/server.js';

/** Asserts that a resource the server emitted conforms to the R4 StructureDefinitions (errors only). */
export function expectValidFhir(resource: Resource): void {
  const errors = fhirIssues(resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  expect(errors, `${resource.resourceType} ${JSON.stringify(resource)}`).toEqual([]);
}

export const FHIR_HEADERS = { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' };

export const MRN_SYSTEM = 'urn:oid:2.16.886.999.1';
export const NATIONAL_ID_SYSTEM = 'urn:oid:2.16.886.101.20003.20001';
export const FEED_SYSTEM = 'urn:example:lab-feed';

export function patientResource(mrn: string, nationalId: string) {
  return {
    resourceType: 'Patient',
    identifier: [
      { system: MRN_SYSTEM, value: mrn, type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] } },
      { system: NATIONAL_ID_SYSTEM, value: nationalId, type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'NI' }] } },
    ],
    name: [{ text: '王小明' }, { text: 'WANG, HSIAO-MING', extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation', valueCode: 'ABC' }] }],
    gender: 'male',
    birthDate: '1980-05-17',
  };
}

export function temperature(subject: string, id: string, value: number, at: string, unit = 'Cel') {
  return {
    resourceType: 'Observation',
    identifier: [{ system: FEED_SYSTEM, value: id }],
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8310-5' }] },
    subject: { reference: subject },
    effectiveDateTime: at,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
  };
}

export function lab(subject: string, id: string, loinc: string, value: number, unit: string, at: string) {
  return {
    resourceType: 'Observation',
    identifier: [{ system: FEED_SYSTEM, value: id }],
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { reference: subject },
    effectiveDateTime: at,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
  };
}

export interface Counts {
  patients: number;
  identifiers: number;
  observations: number;
  administrations: number;
  careTeam: number;
  audit: number;
}

export async function counts(s: TestServer): Promise<Counts> {
  const n = async (table: 'patients' | 'observations' | 'medication_administrations' | 'audit_log' | 'care_team' | 'patient_identifiers') =>
    Number((await s.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    patients: await n('patients'),
    identifiers: await n('patient_identifiers'),
    observations: await n('observations'),
    administrations: await n('medication_administrations'),
    careTeam: await n('care_team'),
    audit: await n('audit_log'),
  };
}

export function entriesOf(bundle: Bundle): Resource[] {
  return (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Resource => r !== undefined);
}
