import type { Reference } from '@medplum/fhirtypes';
import type { Tx } from '../../db/connect.js';
import { patientIdByIdentifier } from '../../domain/patients.js';
import { canSeePatient, type FhirAccess } from '../access.js';
import { fhirError, fhirInvalid } from '../issues.js';
import { parseToken } from '../search-params.js';

/** Patients created or matched earlier in the same bundle, by the fullUrl of their entry. */
export type BundleReferences = ReadonlyMap<string, string>;

async function visible(tx: Tx, access: FhirAccess, patientId: string | null, path: string, shown: string): Promise<string> {
  if (patientId === null || !(await canSeePatient(tx, access, patientId))) throw fhirError('not-found', path, 'fhir.reference-not-found', { reference: shown });
  return patientId;
}

/**
 * The patient a subject reference names: `Patient/<id>`, a conditional reference
 * `Patient?identifier=system|value`, a logical reference by identifier, or the fullUrl of a
 * Patient entry of the same bundle. A patient the caller may not see is "not found".
 */
export async function resolvePatient(tx: Tx, access: FhirAccess, ref: Reference | undefined, path: string, refs: BundleReferences): Promise<string> {
  if (ref === undefined || (ref.reference === undefined && ref.identifier === undefined)) throw fhirInvalid(path, 'fhir.subject-required');
  if (ref.type !== undefined && ref.type !== 'Patient') throw fhirInvalid(`${path}.type`, 'fhir.reference-unsupported');
  const reference = ref.reference;
  if (reference !== undefined) {
    const inBundle = refs.get(reference);
    if (inBundle !== undefined) return inBundle;
    if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) throw fhirInvalid(`${path}.reference`, 'fhir.reference-unresolved', { reference });
    const direct = /^Patient\/([A-Za-z0-9.-]{1,64})$/.exec(reference);
    if (direct?.[1] !== undefined) return visible(tx, access, direct[1], `${path}.reference`, reference);
    const conditional = /^Patient\?identifier=(.+)$/.exec(reference);
    if (conditional?.[1] !== undefined) {
      const token = parseToken(decodeURIComponent(conditional[1]), `${path}.reference`);
      if (token.system === null || token.value === null) throw fhirInvalid(`${path}.reference`, 'fhir.search-token-format');
      return visible(tx, access, await patientIdByIdentifier(tx, token.system, token.value), `${path}.reference`, reference);
    }
    throw fhirInvalid(`${path}.reference`, 'fhir.reference-unsupported');
  }
  const { system, value } = ref.identifier ?? {};
  if (!system || !value) throw fhirInvalid(`${path}.identifier`, 'fhir.identifier-incomplete');
  return visible(tx, access, await patientIdByIdentifier(tx, system, value), `${path}.identifier`, `${system}|${value}`);
}
