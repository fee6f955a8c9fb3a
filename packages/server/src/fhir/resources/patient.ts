import type { Patient } from '@medplum/fhirtypes';
import type { Db } from '../../db/connect.js';
import { readPatient, type IdentifierKind } from '../../domain/patients.js';
import { canSeePatient, type FhirAccess } from '../access.js';
import { toFhirPatient } from '../map/patient.js';
import { parseToken, singleValue } from '../search-params.js';
import { idParam, patientScope } from './filters.js';
import { EMPTY_PAGE, type ReadableKind } from './kind.js';

export async function readPatientResource(db: Db, access: FhirAccess, id: string): Promise<Patient | null> {
  if (!(await canSeePatient(db, access, id))) return null;
  const record = await readPatient(db, id);
  return record ? toFhirPatient(record) : null;
}

export const PatientKind: ReadableKind = {
  type: 'Patient',
  readAction: 'patient.read',
  searchParams: ['_id', 'identifier'],
  read: readPatientResource,
  async search({ db, access, search }) {
    const scope = await patientScope(db, access, search, []);
    const id = idParam(search);
    if (id === false || scope?.length === 0) return EMPTY_PAGE;
    const identifier = singleValue(search, 'identifier');
    const token = identifier === undefined ? undefined : parseToken(identifier, 'identifier');
    let q = db.selectFrom('patients');
    if (scope !== null) q = q.where('patients.id', 'in', scope);
    if (id !== undefined) q = q.where('patients.id', '=', id);
    if (token !== undefined) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('patient_identifiers as pi')
            .select('pi.patient_id')
            .whereRef('pi.patient_id', '=', 'patients.id')
            .$if(token.system !== null, (s) => s.where('pi.system', '=', token.system ?? ''))
            .$if(token.value !== null, (s) => s.where('pi.value', '=', token.value ?? '')),
        ),
      );
    }
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll('patients').orderBy('patients.created_at').orderBy('patients.id').limit(search.count).offset(search.offset).execute();
    const identifiers =
      rows.length === 0
        ? []
        : await db.selectFrom('patient_identifiers').select(['patient_id', 'system', 'value', 'kind']).where('patient_id', 'in', rows.map((r) => r.id)).orderBy('system').execute();
    const resources = rows.map((row) =>
      toFhirPatient({ row, identifiers: identifiers.filter((i) => i.patient_id === row.id).map((i) => ({ system: i.system, value: i.value, kind: i.kind as IdentifierKind })) }),
    );
    return { resources, total: Number(total.n) };
  },
};
