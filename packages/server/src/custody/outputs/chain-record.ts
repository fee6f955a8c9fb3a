import { DeviationRecord, parseCoi, type CoiIdentifier, type CustodyEvent, type CustodyState, type CustodyStep, type InstitutionSettings } from '@cartographer/core';
import * as z from 'zod';
import { currentSettings } from '../../context.js';
import type { Db, Tx } from '../../db/connect.js';
import type { Row } from '../../db/schema.js';
import { loadHistory, type ChainRow } from '../history.js';
import type { StoredReason } from '../refusal.js';

/**
 * Everything the custody outputs (labels, report, FHIR) read about one course, loaded once: the
 * chain, its patient, the state rebuilt from the accepted events, every stored event (accepted
 * and refused) and cabinet event with the people and signatures behind it, and the deviations.
 */

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

export type SignatureRow = Row<'signatures'>;

export interface StoredScan {
  readonly kind: string;
  readonly value: string;
  readonly system?: string | undefined;
}

export interface StoredReading {
  readonly at: string;
  /** °C: the core converts every reading to Celsius before it is stored. */
  readonly temperature: number;
}

export interface StoredCustodyEvent {
  readonly id: string;
  readonly type: CustodyStep;
  readonly outcome: 'accepted' | 'refused';
  readonly at: string;
  readonly recordedAt: string;
  readonly location: { readonly id: string; readonly kind: string; readonly cabinetId: string | null };
  readonly scanned: readonly StoredScan[];
  readonly temperatures: readonly StoredReading[];
  readonly performer: Person;
  readonly verifier: Person | null;
  readonly performerSignature: SignatureRow | null;
  readonly verifierSignature: SignatureRow | null;
  readonly reasons: readonly StoredReason[];
  readonly recordHash: string;
  /** The event body as stored (what the step sent, with the server's id and people). */
  readonly body: Readonly<Record<string, unknown>>;
}

export interface StoredCabinetEvent {
  readonly id: string;
  readonly type: 'open' | 'close';
  readonly outcome: 'accepted' | 'refused';
  readonly cabinetId: string;
  readonly materialId: string;
  readonly at: string;
  readonly recordedAt: string;
  readonly performer: Person;
  readonly reasons: readonly StoredReason[];
}

export interface StoredDeviation {
  readonly record: DeviationRecord;
  readonly custodyEventId: string | null;
  readonly cabinetEventId: string | null;
  readonly signature: SignatureRow | null;
}

export interface OutputPatient {
  readonly id: string;
  readonly name: string;
  readonly nameLatin: string | null;
  readonly birthDate: string;
  readonly identifiers: readonly { readonly system: string; readonly value: string; readonly kind: string }[];
}

export interface ChainRecord {
  readonly chain: ChainRow;
  readonly coi: CoiIdentifier;
  readonly patient: OutputPatient;
  readonly state: CustodyState;
  /** The accepted events as the core parsed them, in the order they were applied. */
  readonly accepted: readonly CustodyEvent[];
  /** Every stored custody event, accepted and refused, in the order they happened. */
  readonly events: readonly StoredCustodyEvent[];
  readonly cabinetEvents: readonly StoredCabinetEvent[];
  readonly deviations: readonly StoredDeviation[];
  readonly settings: InstitutionSettings;
  /** Display name and role of every user the records name. */
  readonly people: ReadonlyMap<string, Person>;
}

const Readings = z.array(z.looseObject({ at: z.string(), temperature: z.number() }));
const Scans = z.array(z.looseObject({ kind: z.string(), value: z.string(), system: z.string().optional() }));
const Reasons = z.array(z.looseObject({ code: z.string(), rule: z.string(), field: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) }));

export function personOf(people: ReadonlyMap<string, Person>, id: string): Person {
  return people.get(id) ?? { id, name: id, role: '' };
}

async function peopleById(db: Db | Tx, ids: readonly string[]): Promise<Map<string, Person>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name', 'role']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.display_name, role: r.role }]));
}

async function signaturesById(db: Db | Tx, ids: readonly (string | null)[]): Promise<Map<string, SignatureRow>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('signatures').selectAll().where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function loadPatient(db: Db | Tx, patientId: string): Promise<OutputPatient> {
  const row = await db.selectFrom('patients').select(['id', 'name', 'name_latin', 'birth_date']).where('id', '=', patientId).executeTakeFirstOrThrow();
  const identifiers = await db.selectFrom('patient_identifiers').select(['system', 'value', 'kind']).where('patient_id', '=', patientId).orderBy('system').orderBy('value').execute();
  return { id: row.id, name: row.name, nameLatin: row.name_latin, birthDate: row.birth_date, identifiers };
}

export async function loadChainRecord(db: Db | Tx, chain: ChainRow): Promise<ChainRecord> {
  const coi = parseCoi(chain.coi);
  if (!coi.ok) throw new Error(`stored COI ${chain.coi} does not parse (${coi.refusal.part})`);
  const history = await loadHistory(db, chain);
  const { settings } = await currentSettings(db);
  const eventRows = await db.selectFrom('custody_events').selectAll().where('chain_id', '=', chain.id).orderBy('occurred_at').orderBy('recorded_at').orderBy('id').execute();
  const cabinetRows = await db.selectFrom('custody_cabinet_events').selectAll().where('chain_id', '=', chain.id).orderBy('occurred_at').orderBy('recorded_at').orderBy('id').execute();
  const deviationRows = await db.selectFrom('custody_deviations').selectAll().where('chain_id', '=', chain.id).orderBy('opened_at').orderBy('id').execute();
  const deviations = deviationRows.map((row) => ({ row, record: DeviationRecord.parse(row.record) }));

  const people = await peopleById(db, [
    ...eventRows.flatMap((r) => [r.performed_by, ...(r.verified_by === null ? [] : [r.verified_by])]),
    ...cabinetRows.map((r) => r.performed_by),
    ...deviations.flatMap((d) => [...d.record.history.map((h) => h.by), ...d.record.notes.map((n) => n.by)]),
  ]);
  const signatures = await signaturesById(db, [...eventRows.flatMap((r) => [r.performer_signature_id, r.verifier_signature_id]), ...deviationRows.map((r) => r.signature_id)]);
  const signature = (id: string | null) => (id === null ? null : (signatures.get(id) ?? null));

  const events: StoredCustodyEvent[] = eventRows.map((r) => ({
    id: r.id,
    type: r.type as CustodyStep,
    outcome: r.outcome === 'accepted' ? 'accepted' : 'refused',
    at: r.occurred_at.toISOString(),
    recordedAt: r.recorded_at.toISOString(),
    location: { id: r.location_id, kind: r.location_kind, cabinetId: r.cabinet_id },
    scanned: Scans.parse(r.scanned),
    temperatures: Readings.parse(r.temperatures),
    performer: personOf(people, r.performed_by),
    verifier: r.verified_by === null ? null : personOf(people, r.verified_by),
    performerSignature: signature(r.performer_signature_id),
    verifierSignature: signature(r.verifier_signature_id),
    reasons: Reasons.parse(r.reasons) as StoredReason[],
    recordHash: r.record_hash,
    body: r.event,
  }));
  const cabinetEvents: StoredCabinetEvent[] = cabinetRows.map((r) => ({
    id: r.id,
    type: r.type === 'open' ? 'open' : 'close',
    outcome: r.outcome === 'accepted' ? 'accepted' : 'refused',
    cabinetId: r.cabinet_id,
    materialId: r.material_id,
    at: r.occurred_at.toISOString(),
    recordedAt: r.recorded_at.toISOString(),
    performer: personOf(people, r.performed_by),
    reasons: Reasons.parse(r.reasons) as StoredReason[],
  }));
  return {
    chain,
    coi: coi.value,
    patient: await loadPatient(db, chain.patient_id),
    state: history.state,
    accepted: history.events,
    events,
    cabinetEvents,
    deviations: deviations.map(({ row, record }) => ({ record, custodyEventId: row.custody_event_id, cabinetEventId: row.cabinet_event_id, signature: signature(row.signature_id) })),
    settings,
    people,
  };
}
