import type { Observation } from '@medplum/fhirtypes';
import type { ServerContext } from '../../context.js';
import type { Tx } from '../../db/connect.js';
import type { Row } from '../../db/schema.js';
import { recordObservation } from '../../domain/record.js';
import { actorOf, canSeePatient, type FhirAccess } from '../access.js';
import { fhirError, fhirInvalid, withFhirPaths } from '../issues.js';
import { effectiveOf, observationCodeOf, observationPath, observationValueOf, referenceRangeOfFhir, toFhirObservation } from '../map/observation.js';
import { UCUM_SYSTEM } from '../systems.js';
import { externalOf, ifNoneExistIdentifier } from './conditional.js';
import { resolvePatient } from './references.js';
import type { CreateRequest, WriteResult } from './result.js';

// The store keeps final results; a preliminary or cancelled one would be graded as if final.
const ACCEPTED_STATUS = new Set(['final', 'amended', 'corrected']);

function result(row: Row<'observations'>, created: boolean): WriteResult {
  return { resource: { ...toFhirObservation(row), id: row.id }, created, version: row.version, patientId: row.patient_id };
}

export async function createObservationFromFhir(ctx: ServerContext, tx: Tx, access: FhirAccess, request: CreateRequest, now: Date): Promise<WriteResult> {
  const root = request.paths.resource;
  const observation = request.resource as Observation;
  if (request.ifNoneExist !== undefined) {
    const wanted = ifNoneExistIdentifier(request.ifNoneExist, request.paths.ifNoneExist);
    const match = await tx.selectFrom('observations').selectAll().where('external_system', '=', wanted.system).where('external_id', '=', wanted.value).executeTakeFirst();
    if (match) {
      if (await canSeePatient(tx, access, match.patient_id)) return result(match, false);
      throw fhirError('conflict', request.paths.ifNoneExist, 'fhir.identifier-in-use', wanted);
    }
  }
  if (!ACCEPTED_STATUS.has(observation.status)) throw fhirInvalid(`${root}.status`, 'fhir.observation-status');
  const code = observationCodeOf(observation, root);
  const value = observationValueOf(observation, code, root);
  const effectiveAt = effectiveOf(observation, root);
  const referenceRange = referenceRangeOfFhir(observation, root);
  const patientId = await resolvePatient(tx, access, observation.subject, `${root}.subject`, request.refs);
  const external = externalOf(observation.identifier);
  const unitAsCode = observation.valueQuantity?.system === UCUM_SYSTEM && observation.valueQuantity.code !== undefined;
  let stored;
  try {
    stored = await recordObservation(ctx, tx, actorOf(access), { patientId, code, value, effectiveAt, source: 'fhir', external, referenceRange }, now);
  } catch (err) {
    throw withFhirPaths(err, observationPath(root, value, unitAsCode), root);
  }
  // A replay matched by identifier must be the same patient's record, else the identifier is taken.
  if (!stored.created && stored.row.patient_id !== patientId && external) {
    throw fhirError('conflict', `${root}.identifier[0]`, 'fhir.identifier-in-use', { system: external.system, value: external.id });
  }
  return result(stored.row, stored.created);
}
