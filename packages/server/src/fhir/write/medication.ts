import type { MedicationAdministration } from '@medplum/fhirtypes';
import type { ServerContext } from '../../context.js';
import type { Tx } from '../../db/connect.js';
import type { Row } from '../../db/schema.js';
import { recordAdministration } from '../../domain/record.js';
import { actorOf, canSeePatient, type FhirAccess } from '../access.js';
import { fhirError, withFhirPaths } from '../issues.js';
import { administrationPath, fromFhirAdministration, toFhirAdministration } from '../map/medication.js';
import { externalOf, ifNoneExistIdentifier } from './conditional.js';
import { resolvePatient } from './references.js';
import type { CreateRequest, WriteResult } from './result.js';

function result(row: Row<'medication_administrations'>, created: boolean): WriteResult {
  return { resource: { ...toFhirAdministration(row), id: row.id }, created, version: row.version, patientId: row.patient_id };
}

export async function createAdministrationFromFhir(ctx: ServerContext, tx: Tx, access: FhirAccess, request: CreateRequest, now: Date): Promise<WriteResult> {
  const root = request.paths.resource;
  const resource = request.resource as MedicationAdministration;
  if (request.ifNoneExist !== undefined) {
    const wanted = ifNoneExistIdentifier(request.ifNoneExist, request.paths.ifNoneExist);
    const match = await tx
      .selectFrom('medication_administrations')
      .selectAll()
      .where('external_system', '=', wanted.system)
      .where('external_id', '=', wanted.value)
      .executeTakeFirst();
    if (match) {
      if (await canSeePatient(tx, access, match.patient_id)) return result(match, false);
      throw fhirError('conflict', request.paths.ifNoneExist, 'fhir.identifier-in-use', wanted);
    }
  }
  const input = fromFhirAdministration(resource, root);
  const patientId = await resolvePatient(tx, access, resource.subject, `${root}.subject`, request.refs);
  const external = externalOf(resource.identifier);
  let stored;
  try {
    stored = await recordAdministration(ctx, tx, actorOf(access), { patientId, ...input, source: 'fhir', external }, now);
  } catch (err) {
    throw withFhirPaths(err, administrationPath(root), root);
  }
  if (!stored.created && stored.row.patient_id !== patientId && external) {
    throw fhirError('conflict', `${root}.identifier[0]`, 'fhir.identifier-in-use', { system: external.system, value: external.id });
  }
  return result(stored.row, stored.created);
}
