import type { Db, Tx } from '../db/connect.js';
import { ApiError } from '../errors.js';
import type { SessionUser } from './sessions.js';

/**
 * Refuses unless the user is on the patient's care team. A patient that does not exist and a
 * patient the user may not see give the same answer (404), so that ids cannot be probed.
 */
export async function assertPatientAccess(db: Db | Tx, user: SessionUser, patientId: string): Promise<void> {
  if (!isUuid(patientId)) throw new ApiError('not-found');
  const row = await db.selectFrom('care_team').select('patient_id').where('patient_id', '=', patientId).where('user_id', '=', user.id).executeTakeFirst();
  if (!row) throw new ApiError('not-found');
}

/** The patients the user may see (their care teams). */
export async function accessiblePatientIds(db: Db | Tx, user: SessionUser): Promise<string[]> {
  const rows = await db.selectFrom('care_team').select('patient_id').where('user_id', '=', user.id).execute();
  return rows.map((r) => r.patient_id);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
