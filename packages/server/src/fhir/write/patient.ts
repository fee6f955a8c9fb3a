import type { Patient } from '@medplum/fhirtypes';
import type { Tx } from '../../db/connect.js';
import { createPatient, patientIdByIdentifier, readPatient } from '../../domain/patients.js';
import { addToCareTeam } from '../../domain/users.js';
import { actorOf, canSeePatient, type FhirAccess } from '../access.js';
import { fhirError, withFhirPaths } from '../issues.js';
import { fromFhirPatient, patientPath, toFhirPatient } from '../map/patient.js';
import { ifNoneExistIdentifier } from './conditional.js';
import type { CreateRequest, WriteResult } from './result.js';

async function existing(tx: Tx, patientId: string): Promise<WriteResult> {
  const record = await readPatient(tx, patientId);
  if (!record) throw new Error(`patient ${patientId} vanished inside its transaction`);
  return { resource: { ...toFhirPatient(record), id: record.row.id }, created: false, version: record.row.version, patientId };
}

/**
 * Creates a patient from a FHIR Patient; a user who creates one joins its care team (else they
 * could not open the record they just made). A conditional create that matches a patient the
 * caller may not see is refused as the identifier conflict it would otherwise become.
 */
export async function createPatientFromFhir(tx: Tx, access: FhirAccess, request: CreateRequest, now: Date): Promise<WriteResult> {
  const root = request.paths.resource;
  const patient = request.resource as Patient;
  if (request.ifNoneExist !== undefined) {
    const wanted = ifNoneExistIdentifier(request.ifNoneExist, request.paths.ifNoneExist);
    const match = await patientIdByIdentifier(tx, wanted.system, wanted.value);
    if (match !== null) {
      if (await canSeePatient(tx, access, match)) return existing(tx, match);
      throw fhirError('conflict', request.paths.ifNoneExist, 'patient.identifier-duplicate', wanted);
    }
  }
  const input = fromFhirPatient(patient, root);
  const actor = actorOf(access);
  let record;
  try {
    record = await createPatient(tx, actor, input, now);
  } catch (err) {
    throw withFhirPaths(err, patientPath(root), root);
  }
  if (access.kind === 'user') await addToCareTeam(tx, actor, record.row.id, access.user.id, now);
  return { resource: { ...toFhirPatient(record), id: record.row.id }, created: true, version: record.row.version, patientId: record.row.id };
}
