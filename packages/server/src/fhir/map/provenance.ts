import type { Coding, Provenance, Reference } from '@medplum/fhirtypes';
import { isUuid } from '../../auth/patient-access.js';
import type { SignatureMeaning } from '../../auth/signatures.js';
import type { Row } from '../../db/schema.js';
import { stepTaskId } from './journey.js';
import {
  PROVENANCE_PARTICIPANT_SYSTEM,
  RECORD_HASH_SYSTEM,
  recordSystem,
  ROLE_SYSTEM,
  SIGNATURE_MEANING_SYSTEM,
  SIGNATURE_TYPE_SYSTEM,
} from '../systems.js';
import { userReference, versionMeta } from './meta.js';

/** ASTM E1762-95 signature types (http://hl7.org/fhir/R4/valueset-signature-type.html). */
export const SIGNATURE_TYPE = {
  author: { system: SIGNATURE_TYPE_SYSTEM, code: '1.2.840.10065.1.12.1.1', display: "Author's Signature" },
  verification: { system: SIGNATURE_TYPE_SYSTEM, code: '1.2.840.10065.1.12.1.5', display: 'Verification Signature' },
  validation: { system: SIGNATURE_TYPE_SYSTEM, code: '1.2.840.10065.1.12.1.6', display: 'Validation Signature' },
  modification: { system: SIGNATURE_TYPE_SYSTEM, code: '1.2.840.10065.1.12.1.16', display: 'Modification Signature' },
} as const satisfies Record<string, Coding>;

/** http://hl7.org/fhir/R4/codesystem-provenance-participant-type.html */
const PARTICIPANT = {
  author: { system: PROVENANCE_PARTICIPANT_SYSTEM, code: 'author', display: 'Author' },
  verifier: { system: PROVENANCE_PARTICIPANT_SYSTEM, code: 'verifier', display: 'Verifier' },
} as const satisfies Record<string, Coding>;

/**
 * What each signature meaning is in ASTM terms: a decision or order is authored; a release is
 * the validation of a product against its specification; receipt and step completion verify
 * what someone else did; a settings change modifies the rules in force.
 */
const MEANING: Readonly<Record<SignatureMeaning, { type: Coding; participant: Coding }>> = {
  'eligibility-decision': { type: SIGNATURE_TYPE.author, participant: PARTICIPANT.author },
  'ldc-order': { type: SIGNATURE_TYPE.author, participant: PARTICIPANT.author },
  'infusion': { type: SIGNATURE_TYPE.author, participant: PARTICIPANT.author },
  'override': { type: SIGNATURE_TYPE.author, participant: PARTICIPANT.author },
  'product-release': { type: SIGNATURE_TYPE.validation, participant: PARTICIPANT.verifier },
  'product-receipt': { type: SIGNATURE_TYPE.verification, participant: PARTICIPANT.verifier },
  'step-completion': { type: SIGNATURE_TYPE.verification, participant: PARTICIPANT.verifier },
  'settings-change': { type: SIGNATURE_TYPE.modification, participant: PARTICIPANT.author },
  'custody-performed': { type: SIGNATURE_TYPE.author, participant: PARTICIPANT.author },
  'custody-verified': { type: SIGNATURE_TYPE.verification, participant: PARTICIPANT.verifier },
  'deviation-sign-off': { type: SIGNATURE_TYPE.validation, participant: PARTICIPANT.verifier },
};

/** Signed record types that are FHIR resources here. */
const FHIR_TARGET: Readonly<Record<string, string>> = {
  'patient': 'Patient',
  'Patient': 'Patient',
  'observation': 'Observation',
  'Observation': 'Observation',
  'medication-administration': 'MedicationAdministration',
  'MedicationAdministration': 'MedicationAdministration',
  'product': 'BiologicallyDerivedProduct',
  'episode': 'CarePlan',
  'task': 'Task',
};

function targetOf(row: Row<'signatures'>): Reference {
  const type = FHIR_TARGET[row.record_type];
  if (type !== undefined && isUuid(row.record_id)) return { reference: `${type}/${row.record_id}` };
  // A journey step is named "<episode id>/<step>" or "<episode id>:<step>".
  const step = /^([0-9a-f-]{36})[/:]([a-z0-9-]+)$/i.exec(row.record_id);
  if (row.record_type === 'journey-step' && step?.[1] !== undefined && step[2] !== undefined && isUuid(step[1])) return { reference: `Task/${stepTaskId(step[1], step[2])}` };
  return { identifier: { system: recordSystem(row.record_type), value: row.record_id }, display: `${row.record_type} ${row.record_id}` };
}

export function toFhirProvenance(row: Row<'signatures'>): Provenance {
  const known = (MEANING as Readonly<Record<string, { type: Coding; participant: Coding }>>)[row.meaning];
  const meaning: Coding = { system: SIGNATURE_MEANING_SYSTEM, code: row.meaning };
  const signer = userReference(row.user_id, row.signer_name);
  return {
    resourceType: 'Provenance',
    id: row.id,
    meta: versionMeta(1, row.signed_at),
    target: [targetOf(row)],
    recorded: row.signed_at.toISOString(),
    activity: { coding: [meaning], text: row.meaning },
    agent: [
      {
        ...(known ? { type: { coding: [known.participant] } } : {}),
        role: [{ coding: [{ system: ROLE_SYSTEM, code: row.signer_role }], text: row.signer_role }],
        who: signer,
      },
    ],
    // The record as signed: its SHA-256, so a later change to the record can be detected.
    entity: [{ role: 'source', what: { identifier: { system: RECORD_HASH_SYSTEM, value: row.record_hash }, display: 'SHA-256 of the record as signed' } }],
    signature: [{ type: known ? [known.type, meaning] : [meaning], when: row.signed_at.toISOString(), who: signer }],
  };
}
