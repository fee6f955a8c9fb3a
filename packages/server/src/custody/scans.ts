import { isUuid } from '../auth/patient-access.js';
import type { Tx } from '../db/connect.js';

/**
 * A patient wristband as the core reads it: the patient id the server resolves it to. The
 * wristband may carry the patient id itself, "system|value" of one of the patient's identifiers,
 * or the identifier's value alone when no other patient has an identifier with that value. A
 * wristband that resolves to no patient, or to more than one, is passed on as read and matches
 * nothing, so the core stops the step.
 */
async function resolveWristband(tx: Tx, value: string): Promise<string> {
  if (isUuid(value)) {
    const patient = await tx.selectFrom('patients').select('id').where('id', '=', value.toLowerCase()).executeTakeFirst();
    if (patient) return patient.id;
  }
  const bar = value.lastIndexOf('|');
  let query = tx.selectFrom('patient_identifiers').select('patient_id').distinct();
  query = bar > 0 ? query.where('system', '=', value.slice(0, bar)).where('value', '=', value.slice(bar + 1)) : query.where('value', '=', value);
  const owners = await query.limit(2).execute();
  return owners.length === 1 ? owners[0]!.patient_id : value;
}

/** The event input with every patient scan resolved; other fields untouched, malformed scans left for the schema to refuse. */
export async function resolvePatientScans(tx: Tx, event: Record<string, unknown>): Promise<Record<string, unknown>> {
  const scanned = event['scanned'];
  if (!Array.isArray(scanned)) return event;
  const resolved: unknown[] = [];
  for (const scan of scanned as unknown[]) {
    const s = scan as { kind?: unknown; value?: unknown } | null;
    if (typeof s === 'object' && s !== null && s.kind === 'patient' && typeof s.value === 'string' && s.value.trim() !== '') {
      resolved.push({ ...s, value: await resolveWristband(tx, s.value.trim()) });
    } else {
      resolved.push(scan);
    }
  }
  return { ...event, scanned: resolved };
}
