import type { Patient } from '@medplum/fhirtypes';
import { appendAudit } from '../../audit/trail.js';
import type { ServerContext } from '../../context.js';
import type { Tx } from '../../db/connect.js';
import { readPatient, type PatientIdentifier } from '../../domain/patients.js';
import { ApiError } from '../../errors.js';
import { actorOf, canSeePatient, type FhirAccess } from '../access.js';
import { fhirError, fhirInvalid } from '../issues.js';
import { fromFhirPatient, toFhirPatient } from '../map/patient.js';
import { assertConformant } from '../validate.js';

function sameIdentifiers(a: readonly PatientIdentifier[], b: readonly PatientIdentifier[]): boolean {
  const key = (list: readonly PatientIdentifier[]) => list.map((i) => `${i.system}\u0000${i.value}\u0000${i.kind}`).sort().join('\u0001');
  return key(a) === key(b);
}

/** The same identity rules as creating a patient (domain/patients.ts), for the identifiers after the update. */
async function checkIdentifiers(tx: Tx, patientId: string, identifiers: readonly PatientIdentifier[]): Promise<void> {
  if (identifiers.length < 2 || identifiers.length > 3) throw fhirInvalid('Patient.identifier', 'patient.identifiers-count');
  if (new Set(identifiers.map((i) => i.system)).size !== identifiers.length) throw fhirInvalid('Patient.identifier', 'patient.identifier-repeated');
  for (const [index, identifier] of identifiers.entries()) {
    const owner = await tx.selectFrom('patient_identifiers').select('patient_id').where('system', '=', identifier.system).where('value', '=', identifier.value).executeTakeFirst();
    if (owner && owner.patient_id !== patientId) {
      throw fhirError('conflict', `Patient.identifier[${index}]`, 'patient.identifier-duplicate', { system: identifier.system, value: identifier.value });
    }
  }
}

/**
 * Replaces a patient's demographics and identifiers when `expectedVersion` is still current
 * (optimistic concurrency: If-Match). The version moves by one and the audit record keeps
 * before and after. An update that changes nothing writes nothing.
 */
export async function updatePatientFromFhir(
  ctx: ServerContext,
  tx: Tx,
  access: FhirAccess,
  patientId: string,
  expectedVersion: number,
  resource: Patient,
  now: Date,
): Promise<Patient> {
  if (!(await canSeePatient(tx, access, patientId))) throw new ApiError('not-found');
  if (resource.id !== undefined && resource.id !== patientId) throw fhirInvalid('Patient.id', 'fhir.id-mismatch', { body: resource.id, url: patientId });
  // Locks the row so that two updates carrying the same version cannot both pass the check.
  const locked = await tx.selectFrom('patients').select('version').where('id', '=', patientId).forUpdate().executeTakeFirstOrThrow();
  if (locked.version !== expectedVersion) throw fhirError('precondition-failed', 'If-Match', 'fhir.version-conflict', { current: String(locked.version) });
  assertConformant(resource);
  const input = fromFhirPatient(resource, 'Patient');
  if (input.birthDate > now.toISOString().slice(0, 10)) throw fhirInvalid('Patient.birthDate', 'patient.birth-date-future');
  await checkIdentifiers(tx, patientId, input.identifiers);
  const before = await readPatient(tx, patientId);
  if (!before) throw new ApiError('not-found');
  const unchanged =
    before.row.name === input.name &&
    before.row.name_latin === (input.nameLatin ?? null) &&
    before.row.birth_date === input.birthDate &&
    before.row.sex === input.sex &&
    sameIdentifiers(before.identifiers, input.identifiers);
  if (unchanged) return toFhirPatient(before);
  const row = await tx
    .updateTable('patients')
    .set((eb) => ({ name: input.name, name_latin: input.nameLatin ?? null, birth_date: input.birthDate, sex: input.sex, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', patientId)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (!sameIdentifiers(before.identifiers, input.identifiers)) {
    await tx.deleteFrom('patient_identifiers').where('patient_id', '=', patientId).execute();
    await tx
      .insertInto('patient_identifiers')
      .values(input.identifiers.map((i) => ({ patient_id: patientId, system: i.system, value: i.value, kind: i.kind })))
      .execute();
  }
  const actor = actorOf(access);
  const after = { row, identifiers: input.identifiers };
  await appendAudit(
    tx,
    actor,
    { action: 'update', entityType: 'Patient', entityId: patientId, patientId, before: { ...before.row, identifiers: before.identifiers }, after: { ...row, identifiers: input.identifiers } },
    now,
  );
  // Age-dependent rules (e.g. CAPD under 12, paediatric doses) read the birth date.
  await ctx.onPatientDataChanged(tx, patientId, actor, now);
  return toFhirPatient(after);
}
