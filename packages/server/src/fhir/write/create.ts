import type { ServerContext } from '../../context.js';
import type { Action } from '../../auth/permissions.js';
import type { Tx } from '../../db/connect.js';
import { assertAction, type FhirAccess } from '../access.js';
import { fhirInvalid } from '../issues.js';
import { assertConformant } from '../validate.js';
import { createAdministrationFromFhir } from './medication.js';
import { createObservationFromFhir } from './observation.js';
import { createPatientFromFhir } from './patient.js';
import type { CreateRequest, WriteResult } from './result.js';

export const CREATABLE_TYPES = ['Patient', 'Observation', 'MedicationAdministration'] as const;
export type CreatableType = (typeof CREATABLE_TYPES)[number];

export const CREATE_ACTION: Readonly<Record<CreatableType, Action>> = {
  Patient: 'patient.create',
  Observation: 'observation.create',
  MedicationAdministration: 'medication.create',
};

export function isCreatable(type: string): type is CreatableType {
  return (CREATABLE_TYPES as readonly string[]).includes(type);
}

/**
 * Creates one resource in the caller's transaction: the role's action, R4 conformance, the
 * conditional match, then the domain's own rules and audit. Every refusal names its FHIR path.
 */
export async function createResource(ctx: ServerContext, tx: Tx, access: FhirAccess, request: CreateRequest, now: Date): Promise<WriteResult> {
  const type = request.resource.resourceType;
  if (!isCreatable(type)) throw fhirInvalid(`${request.paths.resource}.resourceType`, 'fhir.bundle-resource-unsupported', { type });
  assertAction(access, CREATE_ACTION[type], request.paths.resource);
  assertConformant(request.resource, request.paths.resource);
  switch (type) {
    case 'Patient':
      return createPatientFromFhir(tx, access, request, now);
    case 'Observation':
      return createObservationFromFhir(ctx, tx, access, request, now);
    case 'MedicationAdministration':
      return createAdministrationFromFhir(ctx, tx, access, request, now);
  }
}
