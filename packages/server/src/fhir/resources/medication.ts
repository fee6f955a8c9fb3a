import { isUuid } from '../../auth/patient-access.js';
import { canSeePatient } from '../access.js';
import { toFhirAdministration } from '../map/medication.js';
import { dateBounds, parseToken, singleValue } from '../search-params.js';
import { MEDICATION_SYSTEM } from '../systems.js';
import { idParam, patientScope } from './filters.js';
import { EMPTY_PAGE, type ReadableKind } from './kind.js';

export const MedicationAdministrationKind: ReadableKind = {
  type: 'MedicationAdministration',
  readAction: 'medication.read',
  searchParams: ['_id', 'patient', 'subject', 'date', 'effective-time', 'code', 'identifier'],
  async read(db, access, id) {
    if (!isUuid(id)) return null;
    const row = await db.selectFrom('medication_administrations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !(await canSeePatient(db, access, row.patient_id))) return null;
    return toFhirAdministration(row);
  },
  async search({ db, access, search, timeZone }) {
    const scope = await patientScope(db, access, search);
    const id = idParam(search);
    // R4 names the parameter effective-time; date is accepted as well, like Observation's.
    const bounds = dateBounds([...(search.values.get('date') ?? []), ...(search.values.get('effective-time') ?? [])], 'date', timeZone);
    const code = singleValue(search, 'code');
    const drugs = code?.split(',').flatMap((item) => {
      const token = parseToken(item, 'code');
      return token.value !== null && (token.system === null || token.system === MEDICATION_SYSTEM) ? [token.value] : [];
    });
    const identifier = singleValue(search, 'identifier');
    const token = identifier === undefined ? undefined : parseToken(identifier, 'identifier');
    if (id === false || scope?.length === 0 || drugs?.length === 0) return EMPTY_PAGE;
    let q = db.selectFrom('medication_administrations');
    if (scope !== null) q = q.where('patient_id', 'in', scope);
    if (id !== undefined) q = q.where('id', '=', id);
    if (drugs !== undefined) q = q.where('drug', 'in', drugs);
    for (const b of bounds) q = q.where('administered_at', b.op, b.at);
    if (token?.system) q = q.where('external_system', '=', token.system);
    if (token?.value) q = q.where('external_id', '=', token.value);
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('administered_at').orderBy('id').limit(search.count).offset(search.offset).execute();
    return { resources: rows.map(toFhirAdministration), total: Number(total.n) };
  },
};
