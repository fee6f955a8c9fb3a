import { IDENTIFIER_KINDS, type IdentifierKind } from '../../domain/patients.js';
import { invalid } from '../../errors.js';
import type { LabelSheetInput } from '../print/index.js';
import type { OutputPatient } from './chain-record.js';
import './texts.js';

/**
 * The patient as labels and reports print them: the name, the romanised name, the birth date
 * and two to three identifiers (handbook §1.4 item 10 (1)). The identifiers are taken in the
 * order of IDENTIFIER_KINDS (the medical record number first), one per kind, at most three.
 */
export function printPatient(patient: OutputPatient): LabelSheetInput['patient'] {
  const rank = (kind: string) => IDENTIFIER_KINDS.indexOf(kind as IdentifierKind);
  const seen = new Set<string>();
  const identifiers = patient.identifiers
    .filter((id) => rank(id.kind) >= 0)
    .sort((a, b) => rank(a.kind) - rank(b.kind))
    .filter((id) => !seen.has(id.kind) && seen.add(id.kind))
    .slice(0, 3)
    .map((id) => ({ kind: id.kind as IdentifierKind, value: id.value }));
  if (identifiers.length < 2) throw invalid('patient.identifiers', 'custody-output.patient-identifiers-too-few', { count: String(identifiers.length) });
  return { name: patient.name, nameLatin: patient.nameLatin, birthDate: patient.birthDate, identifiers };
}
