import type { Coding, Observation } from '@medplum/fhirtypes';
import type { Row } from '../../db/schema.js';
import { codeFromCoding, isObservationCode, OBSERVATION_CODES, type ObservationCode } from '../../domain/observation-codes.js';
import type { ObservationValue, ReferenceRange } from '../../domain/record.js';
import { fhirInvalid } from '../issues.js';
import { LOCAL_OBSERVATION_SYSTEM, LOINC_SYSTEM, OBSERVATION_CATEGORY_SYSTEM, OBSERVATION_VALUE_SYSTEM, UCUM_SYSTEM } from '../systems.js';
import { patientReference, versionMeta } from './meta.js';
import { instantOf } from './time.js';

const CATEGORY_DISPLAY = { 'vital-signs': 'Vital Signs', 'laboratory': 'Laboratory', 'survey': 'Survey', 'exam': 'Exam' } as const;

function valueOf(row: Row<'observations'>): Pick<Observation, 'valueQuantity' | 'valueCodeableConcept' | 'valueInteger'> {
  if (row.value_code !== null) return { valueCodeableConcept: { coding: [{ system: OBSERVATION_VALUE_SYSTEM, code: row.value_code }], text: row.value_code } };
  if (row.value_number === null) return {};
  if (row.unit !== null) return { valueQuantity: { value: row.value_number, unit: row.unit, system: UCUM_SYSTEM, code: row.unit } };
  return { valueInteger: row.value_number };
}

export function toFhirObservation(row: Row<'observations'>): Observation {
  const known = isObservationCode(row.code) ? OBSERVATION_CODES[row.code] : undefined;
  const coding: Coding[] = [...(row.loinc !== null ? [{ system: LOINC_SYSTEM, code: row.loinc }] : []), { system: LOCAL_OBSERVATION_SYSTEM, code: row.code }];
  return {
    resourceType: 'Observation',
    id: row.id,
    // recorded_at is when the row was written; a later version's time is not kept, so only the first has one.
    meta: versionMeta(row.version, row.version === 1 ? row.recorded_at : null),
    ...(row.external_system !== null && row.external_id !== null ? { identifier: [{ system: row.external_system, value: row.external_id }] } : {}),
    status: row.status as Observation['status'],
    ...(known ? { category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: known.category, display: CATEGORY_DISPLAY[known.category] }] }] } : {}),
    code: { coding, text: row.code },
    subject: patientReference(row.patient_id),
    effectiveDateTime: row.effective_at.toISOString(),
    issued: row.recorded_at.toISOString(),
    ...valueOf(row),
    ...referenceRangeOf(row),
  };
}

function referenceRangeOf(row: Row<'observations'>): Pick<Observation, 'referenceRange'> {
  if (row.unit === null || (row.reference_low === null && row.reference_high === null)) return {};
  const limit = (value: number | null) => (value === null ? {} : { value, unit: row.unit ?? '', system: UCUM_SYSTEM, code: row.unit ?? '' });
  const low = limit(row.reference_low);
  const high = limit(row.reference_high);
  return { referenceRange: [{ ...('value' in low ? { low } : {}), ...('value' in high ? { high } : {}) }] };
}

/**
 * The measuring laboratory's reference range (the first `referenceRange` with a low or a high),
 * as UCUM quantities; the domain converts it to the code's canonical unit.
 */
export function referenceRangeOfFhir(observation: Observation, root: string): ReferenceRange | null {
  const index = (observation.referenceRange ?? []).findIndex((r) => r.low !== undefined || r.high !== undefined);
  const range = index < 0 ? undefined : observation.referenceRange?.[index];
  if (range === undefined) return null;
  const quantity = (side: 'low' | 'high') => {
    const q = range[side];
    if (q === undefined) return undefined;
    const path = `${root}.referenceRange[${index}].${side}`;
    if (q.value === undefined) throw fhirInvalid(`${path}.value`, 'fhir.quantity-value-required');
    if (q.system !== undefined && q.system !== UCUM_SYSTEM) throw fhirInvalid(`${path}.system`, 'fhir.quantity-system-ucum');
    const unit = q.system === UCUM_SYSTEM && q.code !== undefined ? q.code : q.unit;
    if (unit === undefined || unit === '') throw fhirInvalid(`${path}.unit`, 'fhir.quantity-unit-required');
    return { value: q.value, unit };
  };
  return { low: quantity('low'), high: quantity('high') };
}

/** The observation code of the first coding this server knows (LOINC or the local system). */
export function observationCodeOf(observation: Observation, root: string): ObservationCode {
  for (const c of observation.code.coding ?? []) {
    const code = codeFromCoding(c.system, c.code);
    if (code !== undefined) return code;
  }
  throw fhirInvalid(`${root}.code`, 'fhir.code-unknown', { local: LOCAL_OBSERVATION_SYSTEM });
}

/** The value of an Observation in the domain's terms (the domain then checks it against the code). */
export function observationValueOf(observation: Observation, code: ObservationCode, root: string): ObservationValue {
  const q = observation.valueQuantity;
  if (q !== undefined) {
    if (q.value === undefined) throw fhirInvalid(`${root}.valueQuantity.value`, 'fhir.quantity-value-required');
    if (OBSERVATION_CODES[code].type === 'integer' && Number.isInteger(q.value)) return { integer: q.value };
    if (q.system !== undefined && q.system !== UCUM_SYSTEM) throw fhirInvalid(`${root}.valueQuantity.system`, 'fhir.quantity-system-ucum');
    const unit = q.system === UCUM_SYSTEM && q.code !== undefined ? q.code : q.unit;
    if (unit === undefined || unit === '') throw fhirInvalid(`${root}.valueQuantity.unit`, 'fhir.quantity-unit-required');
    return { quantity: { value: q.value, unit } };
  }
  if (observation.valueCodeableConcept !== undefined) {
    const coding = observation.valueCodeableConcept.coding?.find((c) => c.system === OBSERVATION_VALUE_SYSTEM && c.code !== undefined);
    // An unknown value is checked by the domain, which lists the values the code takes.
    return { code: coding?.code ?? '' };
  }
  if (observation.valueInteger !== undefined) return { integer: observation.valueInteger };
  throw fhirInvalid(`${root}.value[x]`, 'fhir.value-required');
}

/** The FHIR path of a field the domain's value rules name (domain/record.ts normalizeObservationValue, path 'value'). */
export function observationPath(root: string, value: ObservationValue, sentUnitAsCode: boolean): (domainPath: string) => string {
  return (domainPath) => {
    switch (domainPath) {
      case 'value.quantity.unit':
        return `${root}.valueQuantity.${sentUnitAsCode ? 'code' : 'unit'}`;
      case 'value.quantity.value':
        return `${root}.valueQuantity.value`;
      case 'value.code':
        return `${root}.valueCodeableConcept`;
      case 'value.integer':
        return 'integer' in value ? `${root}.valueInteger` : `${root}.value[x]`;
      case 'referenceRange':
      case 'referenceRange.low.unit':
      case 'referenceRange.high.unit':
        return `${root}.referenceRange[0]${domainPath === 'referenceRange' ? '' : domainPath.slice('referenceRange'.length)}`;
      default:
        return `${root}.value[x]`;
    }
  };
}

export function effectiveOf(observation: Observation, root: string): Date {
  if (observation.effectiveDateTime !== undefined) return instantOf(observation.effectiveDateTime, `${root}.effectiveDateTime`);
  if (observation.effectiveInstant !== undefined) return instantOf(observation.effectiveInstant, `${root}.effectiveInstant`);
  if (observation.effectivePeriod?.start !== undefined) return instantOf(observation.effectivePeriod.start, `${root}.effectivePeriod.start`);
  throw fhirInvalid(`${root}.effective[x]`, 'fhir.datetime-required');
}
