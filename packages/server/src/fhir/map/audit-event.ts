import type { AuditEvent, AuditEventEntity, Coding, Reference } from '@medplum/fhirtypes';
import { canonicalJson } from '../../audit/canonical.js';
import type { Row } from '../../db/schema.js';
import {
  AUDIT_ACTION_SYSTEM,
  AUDIT_ENTITY_TYPE_SYSTEM,
  DICOM_SYSTEM,
  OBJECT_ROLE_SYSTEM,
  recordSystem,
  SECURITY_SOURCE_TYPE_SYSTEM,
} from '../systems.js';
import { patientReference, userReference, versionMeta } from './meta.js';

/** DICOM PS3.16 CID 400 audit event IDs (http://hl7.org/fhir/R4/valueset-audit-event-type.html). */
export const AUDIT_EVENT_TYPE = {
  applicationActivity: { system: DICOM_SYSTEM, code: '110100', display: 'Application Activity' },
  patientRecord: { system: DICOM_SYSTEM, code: '110110', display: 'Patient Record' },
  userAuthentication: { system: DICOM_SYSTEM, code: '110114', display: 'User Authentication' },
  securityRolesChanged: { system: DICOM_SYSTEM, code: '110136', display: 'Security Roles Changed' },
} as const satisfies Record<string, Coding>;

/** DICOM CID 401 event type codes for user authentication. */
export const AUTHENTICATION_SUBTYPE = {
  login: { system: DICOM_SYSTEM, code: '110122', display: 'Login' },
  logout: { system: DICOM_SYSTEM, code: '110123', display: 'Logout' },
} as const satisfies Record<string, Coding>;

/** http://hl7.org/fhir/R4/valueset-audit-event-action.html */
export const AUDIT_ACTION = { create: 'C', read: 'R', update: 'U', delete: 'D', execute: 'E' } as const;
/** http://hl7.org/fhir/R4/valueset-audit-event-outcome.html */
export const AUDIT_OUTCOME = { success: '0', minorFailure: '4', seriousFailure: '8' } as const;
/** http://hl7.org/fhir/R4/codesystem-security-source-type.html: 4 = Application Server. */
const SOURCE_APPLICATION_SERVER: Coding = { system: SECURITY_SOURCE_TYPE_SYSTEM, code: '4', display: 'Application Server' };
/** http://hl7.org/fhir/R4/codesystem-audit-entity-type.html */
const ENTITY_PERSON: Coding = { system: AUDIT_ENTITY_TYPE_SYSTEM, code: '1', display: 'Person' };
const ENTITY_SYSTEM_OBJECT: Coding = { system: AUDIT_ENTITY_TYPE_SYSTEM, code: '2', display: 'System Object' };
/** http://hl7.org/fhir/R4/codesystem-object-role.html: 1 = Patient. */
const ROLE_PATIENT: Coding = { system: OBJECT_ROLE_SYSTEM, code: '1', display: 'Patient' };

const CREATE = new Set(['create', 'add', 'record', 'import', 'raise']);
const READ = new Set(['read', 'view', 'export', 'print']);
const DELETE = new Set(['delete', 'remove', 'revoke', 'deactivate']);
const EXECUTE = new Set(['login', 'logout', 'login-failed', 'sign', 'verify']);

/** The CRUDE action of a domain audit action; a change not named above is an update. */
export function auditActionOf(action: string): AuditEvent['action'] {
  if (CREATE.has(action)) return AUDIT_ACTION.create;
  if (READ.has(action)) return AUDIT_ACTION.read;
  if (DELETE.has(action)) return AUDIT_ACTION.delete;
  if (EXECUTE.has(action)) return AUDIT_ACTION.execute;
  return AUDIT_ACTION.update;
}

function typeOf(row: Row<'audit_log'>): Coding {
  if (row.action === 'login' || row.action === 'logout' || row.action === 'login-failed') return AUDIT_EVENT_TYPE.userAuthentication;
  if (row.entity_type === 'user' || row.entity_type === 'care-team') return AUDIT_EVENT_TYPE.securityRolesChanged;
  if (row.patient_id !== null) return AUDIT_EVENT_TYPE.patientRecord;
  return AUDIT_EVENT_TYPE.applicationActivity;
}

function subtypeOf(row: Row<'audit_log'>): Coding[] {
  const own: Coding = { system: AUDIT_ACTION_SYSTEM, code: row.action };
  if (row.action === 'login' || row.action === 'login-failed') return [AUTHENTICATION_SUBTYPE.login, own];
  if (row.action === 'logout') return [AUTHENTICATION_SUBTYPE.logout, own];
  return [own];
}

/** Entity types that are FHIR resources here are referred to as such; the rest by identifier. */
const FHIR_ENTITY: Readonly<Record<string, string>> = { Patient: 'Patient', Observation: 'Observation', MedicationAdministration: 'MedicationAdministration' };

function entityReference(row: Row<'audit_log'>): Reference {
  const type = FHIR_ENTITY[row.entity_type];
  if (type !== undefined) return { reference: `${type}/${row.entity_id}` };
  return { identifier: { system: recordSystem(row.entity_type), value: row.entity_id }, display: `${row.entity_type} ${row.entity_id}` };
}

export function toFhirAuditEvent(row: Row<'audit_log'>): AuditEvent {
  // The chain fields let a reviewer re-check the record against the trail's hashes.
  const detail: NonNullable<AuditEventEntity['detail']> = [
    { type: 'seq', valueString: row.seq },
    { type: 'hash', valueString: row.hash },
    { type: 'prev-hash', valueString: row.prev_hash },
    ...(row.before !== null ? [{ type: 'before', valueString: canonicalJson(row.before) }] : []),
    ...(row.after !== null ? [{ type: 'after', valueString: canonicalJson(row.after) }] : []),
  ];
  const isPatient = row.patient_id !== null && row.entity_type === 'Patient' && row.entity_id === row.patient_id;
  const entity: AuditEventEntity[] = [
    isPatient ? { what: entityReference(row), type: ENTITY_PERSON, role: ROLE_PATIENT, detail } : { what: entityReference(row), type: ENTITY_SYSTEM_OBJECT, detail },
    ...(row.patient_id !== null && !isPatient ? [{ what: patientReference(row.patient_id), type: ENTITY_PERSON, role: ROLE_PATIENT }] : []),
  ];
  const failed = row.action.endsWith('-failed') || row.action.endsWith('-denied');
  return {
    resourceType: 'AuditEvent',
    id: row.id,
    meta: versionMeta(1, row.at),
    type: typeOf(row),
    subtype: subtypeOf(row),
    action: auditActionOf(row.action),
    recorded: row.at.toISOString(),
    outcome: failed ? AUDIT_OUTCOME.minorFailure : AUDIT_OUTCOME.success,
    ...(row.reason !== null ? { purposeOfEvent: [{ text: row.reason }] } : {}),
    agent: [{ who: userReference(row.actor_id, row.actor_name), requestor: true }],
    source: { observer: { display: 'cartographer' }, type: [SOURCE_APPLICATION_SERVER] },
    entity,
  };
}
