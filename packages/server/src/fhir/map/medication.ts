import type { MedicationAdministration } from '@medplum/fhirtypes';
import type { Row } from '../../db/schema.js';
import { fhirInvalid } from '../issues.js';
import { MEDICATION_SYSTEM, UCUM_SYSTEM } from '../systems.js';
import { patientReference, versionMeta } from './meta.js';
import { instantOf } from './time.js';

export function toFhirAdministration(row: Row<'medication_administrations'>): MedicationAdministration {
  const dose =
    row.dose_value === null
      ? undefined
      : { value: row.dose_value, ...(row.dose_unit === null ? {} : { unit: row.dose_unit }) };
  const dosage = dose !== undefined || row.route !== null ? { ...(dose ? { dose } : {}), ...(row.route === null ? {} : { route: { text: row.route } }) } : undefined;
  return {
    resourceType: 'MedicationAdministration',
    id: row.id,
    meta: versionMeta(row.version, row.version === 1 ? row.recorded_at : null),
    ...(row.external_system !== null && row.external_id !== null ? { identifier: [{ system: row.external_system, value: row.external_id }] } : {}),
    status: row.status as MedicationAdministration['status'],
    medicationCodeableConcept: { coding: [{ system: MEDICATION_SYSTEM, code: row.drug }], text: row.drug },
    subject: patientReference(row.patient_id),
    effectiveDateTime: row.administered_at.toISOString(),
    ...(dosage ? { dosage } : {}),
  };
}

export interface AdministrationInput {
  readonly drug: string;
  readonly dose: { readonly value: number; readonly unit: string } | null;
  readonly route: string | null;
  readonly administeredAt: Date;
}

/** The drug by generic name: a local coding when sent, else the text (or a coding's display) in lower case. */
function drugOf(resource: MedicationAdministration, root: string): string {
  const concept = resource.medicationCodeableConcept;
  const local = concept?.coding?.find((c) => c.system === MEDICATION_SYSTEM && c.code !== undefined)?.code;
  const named = local ?? concept?.text ?? concept?.coding?.find((c) => c.display !== undefined)?.display;
  if (named === undefined || named.trim() === '') throw fhirInvalid(`${root}.medicationCodeableConcept`, 'fhir.medication-required', { system: MEDICATION_SYSTEM });
  return named.trim().toLowerCase().replace(/\s+/g, '-');
}

export function fromFhirAdministration(resource: MedicationAdministration, root: string): AdministrationInput {
  if (resource.status !== 'completed') throw fhirInvalid(`${root}.status`, 'fhir.administration-status');
  const drug = drugOf(resource, root);
  const d = resource.dosage?.dose;
  let dose: AdministrationInput['dose'] = null;
  if (d !== undefined) {
    if (d.value === undefined) throw fhirInvalid(`${root}.dosage.dose.value`, 'fhir.quantity-value-required');
    if (d.system !== undefined && d.system !== UCUM_SYSTEM) throw fhirInvalid(`${root}.dosage.dose.system`, 'fhir.quantity-system-ucum');
    const unit = d.system === UCUM_SYSTEM && d.code !== undefined ? d.code : d.unit;
    if (unit === undefined || unit === '') throw fhirInvalid(`${root}.dosage.dose.unit`, 'fhir.quantity-unit-required');
    dose = { value: d.value, unit };
  }
  const r = resource.dosage?.route;
  const route = r?.text ?? r?.coding?.find((c) => c.display !== undefined)?.display ?? r?.coding?.find((c) => c.code !== undefined)?.code ?? null;
  let administeredAt: Date;
  if (resource.effectiveDateTime !== undefined) administeredAt = instantOf(resource.effectiveDateTime, `${root}.effectiveDateTime`);
  else if (resource.effectivePeriod?.start !== undefined) administeredAt = instantOf(resource.effectivePeriod.start, `${root}.effectivePeriod.start`);
  else throw fhirInvalid(`${root}.effective[x]`, 'fhir.datetime-required');
  return { drug, dose, route, administeredAt };
}

/** The FHIR path of a field the domain's administration rules name (domain/record.ts). */
export function administrationPath(root: string): (domainPath: string) => string {
  return (domainPath) => (domainPath === 'drug' ? `${root}.medicationCodeableConcept` : root);
}
