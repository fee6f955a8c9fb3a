import { isUuid } from '../../auth/patient-access.js';
import { codeFromCoding, isObservationCode, OBSERVATION_CODE_NAMES, OBSERVATION_CODES, type ObservationCode } from '../../domain/observation-codes.js';
import { canSeePatient } from '../access.js';
import { toFhirObservation } from '../map/observation.js';
import { dateBounds, parseToken, singleValue, type ParsedSearch } from '../search-params.js';
import { OBSERVATION_CATEGORY_SYSTEM } from '../systems.js';
import { idParam, patientScope } from './filters.js';
import { EMPTY_PAGE, type ReadableKind } from './kind.js';

/** The observation codes a `code=` list names (system|code or a bare code); unknown codes match nothing. */
function codesOf(search: ParsedSearch): ObservationCode[] | undefined {
  const raw = singleValue(search, 'code');
  if (raw === undefined) return undefined;
  return raw.split(',').flatMap((item) => {
    const token = parseToken(item, 'code');
    if (token.value === null) return [];
    const code = token.system === null ? (isObservationCode(token.value) ? token.value : codeFromCoding('http://loinc.org', token.value)) : codeFromCoding(token.system, token.value);
    return code === undefined ? [] : [code];
  });
}

function categoryCodes(search: ParsedSearch): ObservationCode[] | undefined {
  const raw = singleValue(search, 'category');
  if (raw === undefined) return undefined;
  const wanted = raw.split(',').flatMap((item) => {
    const token = parseToken(item, 'category');
    return token.value !== null && (token.system === null || token.system === OBSERVATION_CATEGORY_SYSTEM) ? [token.value] : [];
  });
  return OBSERVATION_CODE_NAMES.filter((c) => wanted.includes(OBSERVATION_CODES[c].category));
}

export const ObservationKind: ReadableKind = {
  type: 'Observation',
  readAction: 'observation.read',
  searchParams: ['_id', 'patient', 'subject', 'date', 'code', 'category', 'identifier'],
  async read(db, access, id) {
    if (!isUuid(id)) return null;
    const row = await db.selectFrom('observations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !(await canSeePatient(db, access, row.patient_id))) return null;
    return toFhirObservation(row);
  },
  async search({ db, access, search, timeZone }) {
    const scope = await patientScope(db, access, search);
    const id = idParam(search);
    const codes = codesOf(search);
    const categories = categoryCodes(search);
    const bounds = dateBounds(search.values.get('date') ?? [], 'date', timeZone);
    const identifier = singleValue(search, 'identifier');
    const token = identifier === undefined ? undefined : parseToken(identifier, 'identifier');
    if (id === false || scope?.length === 0 || codes?.length === 0 || categories?.length === 0) return EMPTY_PAGE;
    let q = db.selectFrom('observations');
    if (scope !== null) q = q.where('patient_id', 'in', scope);
    if (id !== undefined) q = q.where('id', '=', id);
    if (codes !== undefined) q = q.where('code', 'in', codes);
    if (categories !== undefined) q = q.where('code', 'in', categories);
    for (const b of bounds) q = q.where('effective_at', b.op, b.at);
    if (token?.system) q = q.where('external_system', '=', token.system);
    if (token?.value) q = q.where('external_id', '=', token.value);
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('effective_at').orderBy('id').limit(search.count).offset(search.offset).execute();
    return { resources: rows.map(toFhirObservation), total: Number(total.n) };
  },
};
