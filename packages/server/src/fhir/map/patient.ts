import type { HumanName, Identifier, Patient } from '@medplum/fhirtypes';
import { IDENTIFIER_KINDS, type IdentifierKind, type NewPatient, type PatientRecord } from '../../domain/patients.js';
import { fhirInvalid } from '../issues.js';
import { IDENTIFIER_KIND_SYSTEM, IDENTIFIER_TYPE_SYSTEM, NAME_REPRESENTATION_EXTENSION } from '../systems.js';
import { versionMeta } from './meta.js';

/** Identifier kinds that HL7 v2 table 0203 names (the rest are carried in the local system only). */
const V2_TYPE: Partial<Record<IdentifierKind, { code: string; display: string }>> = {
  'medical-record-number': { code: 'MR', display: 'Medical record number' },
  'national-id': { code: 'NI', display: 'National unique individual identifier' },
  'passport': { code: 'PPN', display: 'Passport number' },
};

function identifierOf(i: { system: string; value: string; kind: IdentifierKind }): Identifier {
  const v2 = V2_TYPE[i.kind];
  return {
    system: i.system,
    value: i.value,
    type: {
      coding: [...(v2 ? [{ system: IDENTIFIER_TYPE_SYSTEM, ...v2 }] : []), { system: IDENTIFIER_KIND_SYSTEM, code: i.kind }],
      text: i.kind,
    },
  };
}

export function toFhirPatient(record: PatientRecord): Patient {
  const { row } = record;
  const names: HumanName[] = [{ use: 'official', text: row.name }];
  // The Latin transliteration (passport spelling) is the same person's name in another script.
  if (row.name_latin !== null) names.push({ use: 'official', text: row.name_latin, extension: [{ url: NAME_REPRESENTATION_EXTENSION, valueCode: 'ABC' }] });
  return {
    resourceType: 'Patient',
    id: row.id,
    meta: versionMeta(row.version, row.updated_at),
    identifier: record.identifiers.map(identifierOf),
    name: names,
    gender: row.sex as Patient['gender'],
    birthDate: row.birth_date,
  };
}

function kindOf(identifier: Identifier, path: string): IdentifierKind {
  for (const coding of identifier.type?.coding ?? []) {
    if (coding.system === IDENTIFIER_KIND_SYSTEM && (IDENTIFIER_KINDS as readonly string[]).includes(coding.code ?? '')) return coding.code as IdentifierKind;
    if (coding.system === IDENTIFIER_TYPE_SYSTEM) {
      const kind = (Object.keys(V2_TYPE) as IdentifierKind[]).find((k) => V2_TYPE[k]?.code === coding.code);
      if (kind) return kind;
    }
  }
  throw fhirInvalid(`${path}.type`, 'fhir.identifier-kind-unknown', { system: IDENTIFIER_KIND_SYSTEM });
}

function isLatin(name: HumanName): boolean {
  return (name.extension ?? []).some((e) => e.url === NAME_REPRESENTATION_EXTENSION && e.valueCode === 'ABC');
}

function nameText(name: HumanName): string | null {
  if (name.text !== undefined && name.text.trim() !== '') return name.text.trim();
  const given = (name.given ?? []).filter((g) => g.trim() !== '');
  const family = name.family?.trim() ?? '';
  if (family === '' && given.length === 0) return null;
  // Chinese names are written family first without spaces; Latin spellings given first.
  return isLatin(name) || /^[\p{Script=Latin}\s.'-]+$/u.test(family + given.join('')) ? [...given, family].filter(Boolean).join(' ') : family + given.join('');
}

/** A FHIR Patient as the domain's new patient; `root` is the path of the resource (for error paths). */
export function fromFhirPatient(patient: Patient, root: string): NewPatient {
  const names = patient.name ?? [];
  const latin = names.find(isLatin);
  const native = names.find((n) => n !== latin);
  const name = native ? nameText(native) : null;
  if (name === null) throw fhirInvalid(`${root}.name`, 'fhir.patient-name-required');
  // Without a script marker, a second name is taken as the Latin spelling (the order this server writes).
  const second = latin ?? names.find((n) => n !== native);
  if (patient.birthDate === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate)) throw fhirInvalid(`${root}.birthDate`, 'fhir.birth-date-required');
  if (patient.gender === undefined) throw fhirInvalid(`${root}.gender`, 'fhir.gender-required');
  const identifiers = (patient.identifier ?? []).map((identifier, index) => {
    const path = `${root}.identifier[${index}]`;
    if (!identifier.system || !identifier.value) throw fhirInvalid(path, 'fhir.identifier-incomplete');
    return { system: identifier.system, value: identifier.value, kind: kindOf(identifier, path) };
  });
  return { name, nameLatin: second ? nameText(second) : null, birthDate: patient.birthDate, sex: patient.gender, identifiers };
}

/** The FHIR path of a field the domain's patient rules name (domain/patients.ts). */
export function patientPath(root: string): (domainPath: string) => string {
  return (domainPath) => {
    const m = /^identifiers(?:\.(\d+))?$/.exec(domainPath);
    if (m) return m[1] === undefined ? `${root}.identifier` : `${root}.identifier[${m[1]}]`;
    if (domainPath === 'birthDate') return `${root}.birthDate`;
    return root;
  };
}
