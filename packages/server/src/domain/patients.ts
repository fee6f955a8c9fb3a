import { randomUUID } from 'node:crypto';
import { appendAudit, type Actor } from '../audit/trail.js';
import type { Db, Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { ApiError, invalid, registerText } from '../errors.js';

registerText({
  en: {
    'patient.identifiers-count': 'A patient has 2 or 3 identifiers (handbook §1.4 item 10 (1): at least two identifiers on every label and check).',
    'patient.identifier-duplicate': 'The identifier {system}|{value} belongs to another patient.',
    'patient.identifier-repeated': 'The same identifier system is given twice.',
    'patient.birth-date-future': 'The birth date is after today.',
  },
  'zh-TW': {
    'patient.identifiers-count': '每位病人需有 2 至 3 個識別碼（手冊 §1.4 第 10 項之 1：每張標籤與每次核對至少兩種識別）。',
    'patient.identifier-duplicate': '識別碼 {system}|{value} 已屬於另一位病人。',
    'patient.identifier-repeated': '同一識別碼系統出現兩次。',
    'patient.birth-date-future': '出生日期晚於今天。',
  },
});

/** Kinds of patient identifier the handbook's identity checks use (§1.4 item 10 (1)). */
export const IDENTIFIER_KINDS = ['medical-record-number', 'national-id', 'passport', 'birth-date-and-name', 'program-id'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export interface PatientIdentifier {
  readonly system: string;
  readonly value: string;
  readonly kind: IdentifierKind;
}

export interface NewPatient {
  readonly name: string;
  readonly nameLatin?: string | null;
  readonly birthDate: string;
  readonly sex: 'female' | 'male' | 'other' | 'unknown';
  readonly identifiers: readonly PatientIdentifier[];
}

export interface PatientRecord {
  readonly row: Row<'patients'>;
  readonly identifiers: readonly PatientIdentifier[];
}

/** Creates a patient with 2-3 identifiers (none shared with another patient), audited. */
export async function createPatient(tx: Tx, actor: Actor, input: NewPatient, now: Date): Promise<PatientRecord> {
  if (input.identifiers.length < 2 || input.identifiers.length > 3) throw invalid('identifiers', 'patient.identifiers-count');
  if (new Set(input.identifiers.map((i) => i.system)).size !== input.identifiers.length) throw invalid('identifiers', 'patient.identifier-repeated');
  if (input.birthDate > now.toISOString().slice(0, 10)) throw invalid('birthDate', 'patient.birth-date-future');
  for (const [index, identifier] of input.identifiers.entries()) {
    const owner = await tx.selectFrom('patient_identifiers').select('patient_id').where('system', '=', identifier.system).where('value', '=', identifier.value).executeTakeFirst();
    if (owner) throw new ApiError('conflict', { issues: [{ path: `identifiers.${index}`, rule: 'patient.identifier-duplicate', params: { system: identifier.system, value: identifier.value } }] });
  }
  const row = await tx
    .insertInto('patients')
    .values({ id: randomUUID(), name: input.name, name_latin: input.nameLatin ?? null, birth_date: input.birthDate, sex: input.sex, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('patient_identifiers')
    .values(input.identifiers.map((i) => ({ patient_id: row.id, system: i.system, value: i.value, kind: i.kind })))
    .execute();
  await appendAudit(tx, actor, { action: 'create', entityType: 'Patient', entityId: row.id, patientId: row.id, after: { ...row, identifiers: input.identifiers } }, now);
  return { row, identifiers: input.identifiers };
}

export async function readPatient(tx: Tx | Db, patientId: string): Promise<PatientRecord | null> {
  const row = await tx.selectFrom('patients').selectAll().where('id', '=', patientId).executeTakeFirst();
  if (!row) return null;
  const identifiers = await tx.selectFrom('patient_identifiers').select(['system', 'value', 'kind']).where('patient_id', '=', patientId).orderBy('system').execute();
  return { row, identifiers: identifiers.map((i) => ({ system: i.system, value: i.value, kind: i.kind as IdentifierKind })) };
}

/** The patient holding an identifier (for FHIR conditional create and imports), or null. */
export async function patientIdByIdentifier(tx: Tx, system: string, value: string): Promise<string | null> {
  const row = await tx.selectFrom('patient_identifiers').select('patient_id').where('system', '=', system).where('value', '=', value).executeTakeFirst();
  return row?.patient_id ?? null;
}
