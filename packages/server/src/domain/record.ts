import { randomUUID } from 'node:crypto';
import { QUANTITY_KINDS, toCanonical } from '@cartographer/core';
import { appendAudit, type Actor } from '../audit/trail.js';
import type { ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { invalid, registerText } from '../errors.js';
import { OBSERVATION_CODES, type ObservationCode } from './observation-codes.js';

export type ObservationValue =
  | { readonly quantity: { readonly value: number; readonly unit: string } }
  | { readonly code: string }
  | { readonly integer: number };

export interface NewObservation {
  readonly patientId: string;
  readonly episodeId?: string | null;
  readonly code: ObservationCode;
  readonly value: ObservationValue;
  readonly effectiveAt: Date;
  readonly source: 'rest' | 'fhir' | 'import' | 'demo';
  /** The sender's identifier (FHIR Observation.identifier): a replayed feed matches it and adds nothing. */
  readonly external?: { readonly system: string; readonly id: string } | null;
  /** The measuring laboratory's reference range for this result (FHIR Observation.referenceRange). */
  readonly referenceRange?: ReferenceRange | null;
}

type Measured = { readonly value: number; readonly unit: string };
export interface ReferenceRange {
  readonly low?: Measured | undefined;
  readonly high?: Measured | undefined;
}

registerText({
  en: {
    'observation.quantity-required': '{code} is a measurement: give { "quantity": { "value", "unit" } }.',
    'observation.unit-incompatible': '"{unit}" cannot be converted to {canonical} for {code}.',
    'observation.out-of-range': '{code} {value} {canonical} is outside {min}-{max} {canonical}: check the value and its unit.',
    'observation.code-unknown': '{code} takes one of: {values}.',
    'observation.integer-range': '{code} is a whole number from {min} to {max}.',
    'medication.drug-format': 'Give the drug as its lower-case generic name, e.g. tocilizumab.',
    'observation.reference-range-not-quantity': '{code} is not a measurement: it has no reference range.',
    'observation.reference-range-empty': 'A reference range needs a low or a high limit.',
    'observation.reference-range-order': 'The low limit ({low} {canonical}) is above the high limit ({high} {canonical}).',
  },
  'zh-TW': {
    'observation.quantity-required': '{code} 為測量值：請以 { "quantity": { "value", "unit" } } 提供。',
    'observation.unit-incompatible': '「{unit}」無法換算為 {code} 的單位 {canonical}。',
    'observation.out-of-range': '{code} {value} {canonical} 超出 {min}-{max} {canonical}：請確認數值與單位。',
    'observation.code-unknown': '{code} 只接受以下其中之一：{values}。',
    'observation.integer-range': '{code} 為 {min} 至 {max} 的整數。',
    'medication.drug-format': '請以小寫學名填寫藥品，例如 tocilizumab。',
    'observation.reference-range-not-quantity': '{code} 不是測量值，沒有參考範圍。',
    'observation.reference-range-empty': '參考範圍須有下限或上限。',
    'observation.reference-range-order': '下限（{low} {canonical}）高於上限（{high} {canonical}）。',
  },
});

/** The value in the code's canonical unit, or a 400 naming the field and the rule. */
export function normalizeObservationValue(code: ObservationCode, value: ObservationValue, path = 'value'): { number: number | null; unit: string | null; code: string | null } {
  const def = OBSERVATION_CODES[code];
  switch (def.type) {
    case 'quantity': {
      if (!('quantity' in value)) throw invalid(path, 'observation.quantity-required', { code });
      const kind = QUANTITY_KINDS[def.kind];
      const canonical = toCanonical(def.kind, value.quantity.value, value.quantity.unit);
      if (canonical === null) {
        throw invalid(`${path}.quantity.unit`, 'observation.unit-incompatible', { unit: value.quantity.unit, canonical: kind.canonical, code });
      }
      if (canonical < kind.min || canonical > kind.max) {
        const params = { code, value: String(canonical), canonical: kind.canonical, min: String(kind.min), max: String(kind.max) };
        throw invalid(`${path}.quantity.value`, 'observation.out-of-range', params);
      }
      return { number: canonical, unit: kind.canonical, code: null };
    }
    case 'code': {
      if (!('code' in value) || !def.values.includes(value.code)) {
        throw invalid(`${path}.code`, 'observation.code-unknown', { code, values: def.values.join(', ') });
      }
      return { number: null, unit: null, code: value.code };
    }
    case 'integer': {
      if (!('integer' in value) || !Number.isInteger(value.integer) || value.integer < def.min || value.integer > def.max) {
        throw invalid(`${path}.integer`, 'observation.integer-range', { code, min: String(def.min), max: String(def.max) });
      }
      return { number: value.integer, unit: null, code: null };
    }
  }
}

/** A result's reference range in the code's canonical unit, or a 400 naming the limit and the rule. */
export function normalizeReferenceRange(code: ObservationCode, range: ReferenceRange, path = 'referenceRange'): { low: number | null; high: number | null } {
  const def = OBSERVATION_CODES[code];
  if (def.type !== 'quantity') throw invalid(path, 'observation.reference-range-not-quantity', { code });
  if (range.low === undefined && range.high === undefined) throw invalid(path, 'observation.reference-range-empty');
  const kind = QUANTITY_KINDS[def.kind];
  const limit = (q: Measured | undefined, side: 'low' | 'high'): number | null => {
    if (q === undefined) return null;
    const canonical = toCanonical(def.kind, q.value, q.unit);
    if (canonical === null) throw invalid(`${path}.${side}.unit`, 'observation.unit-incompatible', { unit: q.unit, canonical: kind.canonical, code });
    return canonical;
  };
  const low = limit(range.low, 'low');
  const high = limit(range.high, 'high');
  if (low !== null && high !== null && low > high) throw invalid(path, 'observation.reference-range-order', { low: String(low), high: String(high), canonical: kind.canonical });
  return { low, high };
}

/** A record that a sender already delivered (same external system and id), for replay-safe feeds. */
async function delivered(tx: Tx, table: 'observations' | 'medication_administrations', external: NewObservation['external']) {
  if (!external) return undefined;
  return tx.selectFrom(table).selectAll().where('external_system', '=', external.system).where('external_id', '=', external.id).executeTakeFirst();
}

/**
 * Stores one observation, audits it and re-evaluates the patient, all in the caller's
 * transaction. A replay (same external system and id) returns the stored row and changes nothing.
 */
export async function recordObservation(ctx: ServerContext, tx: Tx, actor: Actor, input: NewObservation, now: Date): Promise<{ row: Row<'observations'>; created: boolean }> {
  const existing = await delivered(tx, 'observations', input.external);
  if (existing) return { row: existing, created: false };
  const normalized = normalizeObservationValue(input.code, input.value);
  const range = input.referenceRange ? normalizeReferenceRange(input.code, input.referenceRange) : null;
  const row = await tx
    .insertInto('observations')
    .values({
      id: randomUUID(),
      patient_id: input.patientId,
      episode_id: input.episodeId ?? null,
      code: input.code,
      loinc: OBSERVATION_CODES[input.code].loinc,
      value_number: normalized.number,
      unit: normalized.unit,
      value_code: normalized.code,
      entered: JSON.stringify(input.value),
      effective_at: input.effectiveAt,
      recorded_at: now,
      recorded_by: actor.id,
      source: input.source,
      external_system: input.external?.system ?? null,
      external_id: input.external?.id ?? null,
      reference_low: range?.low ?? null,
      reference_high: range?.high ?? null,
      entered_reference_range: input.referenceRange ? JSON.stringify(input.referenceRange) : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: 'create', entityType: 'Observation', entityId: row.id, patientId: row.patient_id, after: row }, now);
  await ctx.onPatientDataChanged(tx, input.patientId, actor, now);
  return { row, created: true };
}

export interface NewAdministration {
  readonly patientId: string;
  readonly episodeId?: string | null;
  /** Lower-case generic name, e.g. tocilizumab, dexamethasone, norepinephrine. */
  readonly drug: string;
  readonly dose: { readonly value: number; readonly unit: string } | null;
  readonly route: string | null;
  readonly administeredAt: Date;
  readonly source: 'rest' | 'fhir' | 'import' | 'demo';
  readonly external?: { readonly system: string; readonly id: string } | null;
}

/** Stores one medication administration like recordObservation (audited, re-evaluated, replay-safe). */
export async function recordAdministration(ctx: ServerContext, tx: Tx, actor: Actor, input: NewAdministration, now: Date): Promise<{ row: Row<'medication_administrations'>; created: boolean }> {
  const existing = await delivered(tx, 'medication_administrations', input.external);
  if (existing) return { row: existing, created: false };
  if (!/^[a-z][a-z0-9-]*$/.test(input.drug)) {
    throw invalid('drug', 'medication.drug-format');
  }
  const row = await tx
    .insertInto('medication_administrations')
    .values({
      id: randomUUID(),
      patient_id: input.patientId,
      episode_id: input.episodeId ?? null,
      drug: input.drug,
      dose_value: input.dose?.value ?? null,
      dose_unit: input.dose?.unit ?? null,
      route: input.route,
      administered_at: input.administeredAt,
      recorded_at: now,
      recorded_by: actor.id,
      source: input.source,
      external_system: input.external?.system ?? null,
      external_id: input.external?.id ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, { action: 'create', entityType: 'MedicationAdministration', entityId: row.id, patientId: row.patient_id, after: row }, now);
  await ctx.onPatientDataChanged(tx, input.patientId, actor, now);
  return { row, created: true };
}
