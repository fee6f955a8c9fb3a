import type { Meta, Patient, Practitioner, Reference } from '@medplum/fhirtypes';
import { USER_SYSTEM } from '../systems.js';

/** meta.versionId is the row's optimistic-concurrency version, the same number as the ETag. */
export function versionMeta(version: number, lastUpdated?: Date | null): Meta {
  return { versionId: String(version), ...(lastUpdated ? { lastUpdated: lastUpdated.toISOString() } : {}) };
}

export function patientReference(patientId: string): Reference<Patient> {
  return { reference: `Patient/${patientId}` };
}

/** Users are not FHIR resources here: a user is referred to by identifier, with the name as display. */
export function userReference(userId: string | null, name: string): Reference<Practitioner> {
  return { ...(userId === null ? {} : { identifier: { system: USER_SYSTEM, value: userId } }), display: name };
}
