import type * as z from 'zod';
import { appendAudit, type Actor } from '../audit/trail.js';
import type { Db, Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import type { IdentifierKind } from '../domain/patients.js';
import { ApiError, invalid } from '../errors.js';
import './texts.js';
import type { CareTeamMemberSchema, EpisodeSummarySchema, PatientChangesSchema, PatientSchema, PatientSummarySchema, SEXES } from './schemas.js';

type PatientSummary = z.infer<typeof PatientSummarySchema>;
type PatientView = z.infer<typeof PatientSchema>;
type EpisodeSummary = z.infer<typeof EpisodeSummarySchema>;
type CareTeamMember = z.infer<typeof CareTeamMemberSchema>;
type Sex = (typeof SEXES)[number];

/** The course under way for each patient: not ended, the latest started. */
async function activeEpisodes(db: Db | Tx, patientIds: readonly string[]): Promise<Map<string, EpisodeSummary>> {
  if (patientIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('episodes')
    .select(['id', 'patient_id', 'kind', 'status', 'disease', 'started_at'])
    .where('patient_id', 'in', patientIds)
    .where('ended_at', 'is', null)
    .orderBy('started_at', 'desc')
    .execute();
  const byPatient = new Map<string, EpisodeSummary>();
  for (const r of rows) {
    if (!byPatient.has(r.patient_id)) byPatient.set(r.patient_id, { id: r.id, kind: r.kind, status: r.status, disease: r.disease, startedAt: r.started_at.toISOString() });
  }
  return byPatient;
}

async function identifiersOf(db: Db | Tx, patientIds: readonly string[]): Promise<Map<string, PatientSummary['identifiers']>> {
  const byPatient = new Map<string, PatientSummary['identifiers']>();
  if (patientIds.length === 0) return byPatient;
  const rows = await db.selectFrom('patient_identifiers').selectAll().where('patient_id', 'in', patientIds).orderBy('system').execute();
  for (const r of rows) {
    const list = byPatient.get(r.patient_id) ?? [];
    list.push({ system: r.system, value: r.value, kind: r.kind as IdentifierKind });
    byPatient.set(r.patient_id, list);
  }
  return byPatient;
}

function summary(row: Row<'patients'>, identifiers: PatientSummary['identifiers'], episode: EpisodeSummary | undefined): PatientSummary {
  return {
    id: row.id,
    name: row.name,
    nameLatin: row.name_latin,
    birthDate: row.birth_date,
    sex: row.sex as Sex,
    identifiers,
    activeEpisode: episode ?? null,
    version: row.version,
  };
}

/** The patients on the user's care teams, by name. */
export async function listPatients(db: Db, userId: string): Promise<PatientSummary[]> {
  const rows = await db
    .selectFrom('patients')
    .innerJoin('care_team', 'care_team.patient_id', 'patients.id')
    .selectAll('patients')
    .where('care_team.user_id', '=', userId)
    .orderBy('patients.name')
    .orderBy('patients.id')
    .execute();
  const ids = rows.map((r) => r.id);
  const [identifiers, episodes] = await Promise.all([identifiersOf(db, ids), activeEpisodes(db, ids)]);
  return rows.map((r) => summary(r, identifiers.get(r.id) ?? [], episodes.get(r.id)));
}

async function careTeam(db: Db | Tx, patientId: string): Promise<CareTeamMember[]> {
  const rows = await db
    .selectFrom('care_team')
    .innerJoin('users', 'users.id', 'care_team.user_id')
    .select(['users.id', 'users.display_name', 'users.role', 'care_team.added_at'])
    .where('care_team.patient_id', '=', patientId)
    .orderBy('care_team.added_at')
    .orderBy('users.id')
    .execute();
  return rows.map((r) => ({ userId: r.id, displayName: r.display_name, role: r.role, addedAt: r.added_at.toISOString() }));
}

/** One patient with identifiers, course and care team; null when absent. Access is the caller's check. */
export async function patientView(db: Db | Tx, patientId: string): Promise<PatientView | null> {
  const row = await db.selectFrom('patients').selectAll().where('id', '=', patientId).executeTakeFirst();
  if (!row) return null;
  const [identifiers, episodes, team] = await Promise.all([identifiersOf(db, [row.id]), activeEpisodes(db, [row.id]), careTeam(db, row.id)]);
  return {
    ...summary(row, identifiers.get(row.id) ?? [], episodes.get(row.id)),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    careTeam: team,
  };
}

export type PatientChanges = z.infer<typeof PatientChangesSchema>;

/**
 * Changes a patient's demographic fields when the record is still at `expected` version
 * (optimistic concurrency: 412 when someone changed it since it was read). Audited with the
 * record before and after.
 */
export async function updatePatient(tx: Tx, actor: Actor, patientId: string, expected: number, changes: PatientChanges, now: Date): Promise<Row<'patients'>> {
  const before = await tx.selectFrom('patients').selectAll().where('id', '=', patientId).forUpdate().executeTakeFirst();
  if (!before) throw new ApiError('not-found');
  if (before.version !== expected) throw new ApiError('precondition-failed');
  if (Object.keys(changes).length === 0) throw invalid('', 'patient.changes-empty');
  if (changes.birthDate !== undefined && changes.birthDate > now.toISOString().slice(0, 10)) throw invalid('birthDate', 'patient.birth-date-future');
  const after = await tx
    .updateTable('patients')
    .set({
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.nameLatin === undefined ? {} : { name_latin: changes.nameLatin }),
      ...(changes.birthDate === undefined ? {} : { birth_date: changes.birthDate }),
      ...(changes.sex === undefined ? {} : { sex: changes.sex }),
      updated_at: now,
      version: before.version + 1,
    })
    .where('id', '=', patientId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: 'update', entityType: 'Patient', entityId: patientId, patientId, before, after }, now);
  return after;
}
