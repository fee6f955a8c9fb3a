import type { FhirAccess } from '../access.js';
import { visiblePatients } from '../access.js';
import { isUuid } from '../../auth/patient-access.js';
import type { Db } from '../../db/connect.js';
import { patientIdParam, singleValue, type ParsedSearch } from '../search-params.js';

/**
 * The patients a search is limited to: the visible ones, narrowed by `patient=` / `subject=`.
 * An empty list means the search matches nothing (an id the caller may not see is no error:
 * the answer is the same as for a patient without records). null: no limit (unrestricted access).
 */
export async function patientScope(db: Db, access: FhirAccess, search: ParsedSearch, params: readonly string[] = ['patient', 'subject']): Promise<readonly string[] | null> {
  const visible = await visiblePatients(db, access);
  let wanted: string | undefined;
  for (const p of params) {
    const raw = singleValue(search, p);
    if (raw !== undefined) wanted = patientIdParam(raw);
  }
  if (wanted === undefined) return visible;
  if (!isUuid(wanted)) return [];
  if (visible === null) return [wanted];
  return visible.includes(wanted) ? [wanted] : [];
}

/** `_id=` as a uuid, or false when given but cannot match, or undefined when absent. */
export function idParam(search: ParsedSearch): string | false | undefined {
  const raw = singleValue(search, '_id');
  if (raw === undefined) return undefined;
  return isUuid(raw) ? raw : false;
}
