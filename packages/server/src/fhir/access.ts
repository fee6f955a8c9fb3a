import type { Actor } from '../audit/trail.js';
import { assertPatientAccess, accessiblePatientIds, isUuid } from '../auth/patient-access.js';
import { isAllowed, type Action } from '../auth/permissions.js';
import type { SessionUser } from '../auth/sessions.js';
import type { Db, Tx } from '../db/connect.js';
import { ApiError } from '../errors.js';
import { fhirError } from './issues.js';

/**
 * Whose rights a FHIR operation runs with. A signed-in user sees and writes only the patients of
 * their care teams and only what their role allows; `unrestricted` is for the operator's own
 * tools (the CLI import), which run with the database owner's trust and check nothing.
 */
export type FhirAccess =
  | { readonly kind: 'user'; readonly user: SessionUser }
  | { readonly kind: 'unrestricted'; readonly actor: Actor };

export function userAccess(user: SessionUser): FhirAccess {
  return { kind: 'user', user };
}

export function actorOf(access: FhirAccess): Actor {
  return access.kind === 'user' ? { id: access.user.id, name: access.user.displayName } : access.actor;
}

/** Refuses an action the user's role lacks (the route checks its own action; bundles check each entry's). */
export function assertAction(access: FhirAccess, action: Action, path: string): void {
  if (access.kind === 'user' && !isAllowed(access.user.role, action)) throw fhirError('forbidden', path, 'fhir.entry-forbidden', { action });
}

/** Whether the patient may be seen: false for a patient that does not exist and for one off the user's care teams alike. */
export async function canSeePatient(db: Db | Tx, access: FhirAccess, patientId: string): Promise<boolean> {
  if (!isUuid(patientId)) return false;
  if (access.kind === 'user') {
    try {
      await assertPatientAccess(db, access.user, patientId);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'not-found') return false;
      throw err;
    }
  }
  return (await db.selectFrom('patients').select('id').where('id', '=', patientId).executeTakeFirst()) !== undefined;
}

/** The patients a search may return: the care teams' for a user, every patient (null) when unrestricted. */
export async function visiblePatients(db: Db | Tx, access: FhirAccess): Promise<readonly string[] | null> {
  return access.kind === 'user' ? accessiblePatientIds(db, access.user) : null;
}
