import { isUuid } from '../../auth/patient-access.js';
import { toFhirAuditEvent } from '../map/audit-event.js';
import { toFhirProvenance } from '../map/provenance.js';
import { dateBounds, patientIdParam, singleValue } from '../search-params.js';
import { idParam } from './filters.js';
import { EMPTY_PAGE, type ReadableKind } from './kind.js';

/*
 * The audit trail and the signatures are reviewed by administrators (audit.read), across all
 * patients: reviewing who opened or changed a record cannot be limited to the reviewer's own
 * care teams. The route's permission is the only gate.
 */

export const AuditEventKind: ReadableKind = {
  type: 'AuditEvent',
  readAction: 'audit.read',
  searchParams: ['_id', 'patient', 'date', 'action'],
  async read(db, _access, id) {
    if (!isUuid(id)) return null;
    const row = await db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toFhirAuditEvent(row) : null;
  },
  async search({ db, search, timeZone }) {
    const id = idParam(search);
    const patient = singleValue(search, 'patient');
    const patientId = patient === undefined ? undefined : patientIdParam(patient);
    const action = singleValue(search, 'action');
    const bounds = dateBounds(search.values.get('date') ?? [], 'date', timeZone);
    if (id === false || (patientId !== undefined && !isUuid(patientId))) return EMPTY_PAGE;
    let q = db.selectFrom('audit_log');
    if (id !== undefined) q = q.where('id', '=', id);
    if (patientId !== undefined) q = q.where('patient_id', '=', patientId);
    if (action !== undefined) q = q.where('action', '=', action);
    for (const b of bounds) q = q.where('at', b.op, b.at);
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('seq').limit(search.count).offset(search.offset).execute();
    return { resources: rows.map(toFhirAuditEvent), total: Number(total.n) };
  },
};

/** A signature's patient is the one its audit record (written by signRecord) names. */
export const ProvenanceKind: ReadableKind = {
  type: 'Provenance',
  readAction: 'audit.read',
  searchParams: ['_id', 'patient'],
  async read(db, _access, id) {
    if (!isUuid(id)) return null;
    const row = await db.selectFrom('signatures').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toFhirProvenance(row) : null;
  },
  async search({ db, search }) {
    const id = idParam(search);
    const patient = singleValue(search, 'patient');
    const patientId = patient === undefined ? undefined : patientIdParam(patient);
    if (id === false || (patientId !== undefined && !isUuid(patientId))) return EMPTY_PAGE;
    let q = db.selectFrom('signatures');
    if (id !== undefined) q = q.where('signatures.id', '=', id);
    if (patientId !== undefined) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('audit_log')
            .select('audit_log.seq')
            .where('audit_log.entity_type', '=', 'signature')
            .whereRef('audit_log.entity_id', '=', eb.cast('signatures.id', 'text'))
            .where('audit_log.patient_id', '=', patientId),
        ),
      );
    }
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('signed_at').orderBy('id').limit(search.count).offset(search.offset).execute();
    return { resources: rows.map(toFhirProvenance), total: Number(total.n) };
  },
};
