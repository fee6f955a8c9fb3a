/**
 * Code systems and naming systems of the FHIR interface. External ones cite their definition;
 * the `urn:cartographer:` ones are this server's own vocabularies (the value is the code the
 * domain stores, so nothing is lost in translation).
 */

/** LOINC (https://loinc.org); observation codes carry their LOINC code where LOINC has one. */
export { LOINC_SYSTEM, LOCAL_OBSERVATION_SYSTEM } from '../domain/observation-codes.js';

/** UCUM (http://hl7.org/fhir/R4/datatypes.html#Quantity: system for UCUM units). */
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

/** http://hl7.org/fhir/R4/codesystem-observation-category.html */
export const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** Coded observation values (oxygen device, seizure...): the code is the domain's value. */
export const OBSERVATION_VALUE_SYSTEM = 'urn:cartographer:observation-value';

/** Drugs by lower-case generic name, as the domain stores them. */
export const MEDICATION_SYSTEM = 'urn:cartographer:medication';

/** http://hl7.org/fhir/R4/v2/0203/index.html (identifier type). */
export const IDENTIFIER_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';
/** Patient identifier kinds of the handbook's identity checks (§1.4 item 10 (1)), by domain name. */
export const IDENTIFIER_KIND_SYSTEM = 'urn:cartographer:identifier-kind';

/** http://hl7.org/fhir/R4/extension-iso21090-en-representation.html: ABC = alphabetic (Latin), IDE = ideographic. */
export const NAME_REPRESENTATION_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation';

export const USER_SYSTEM = 'urn:cartographer:user';
export const ROLE_SYSTEM = 'urn:cartographer:role';
export const JOURNEY_STEP_SYSTEM = 'urn:cartographer:journey-step';
export const JOURNEY_STEP_STATUS_SYSTEM = 'urn:cartographer:journey-step-status';
export const TASK_CODE_SYSTEM = 'urn:cartographer:task';
export const TASK_STATUS_SYSTEM = 'urn:cartographer:task-status';
export const EPISODE_KIND_SYSTEM = 'urn:cartographer:episode-kind';
export const DISEASE_SYSTEM = 'urn:cartographer:disease';
export const PRODUCT_SYSTEM = 'urn:cartographer:product';
export const AUDIT_ACTION_SYSTEM = 'urn:cartographer:audit-action';
export const SIGNATURE_MEANING_SYSTEM = 'urn:cartographer:signature-meaning';
/** The rule keys of errors (errors.ts), in OperationOutcome.issue.details. */
export const RULE_SYSTEM = 'urn:cartographer:rule';
/** A record the domain names by type and id that has no FHIR resource of its own. */
export const recordSystem = (recordType: string): string => `urn:cartographer:record:${recordType}`;
/** SHA-256 of the record content as signed (auth/signatures.ts hashRecord). */
export const RECORD_HASH_SYSTEM = 'urn:cartographer:record-hash:sha256';

/** http://hl7.org/fhir/R4/codesystem-provenance-participant-type.html */
export const PROVENANCE_PARTICIPANT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';
/** ASTM E1762-95 signature types (http://hl7.org/fhir/R4/valueset-signature-type.html). */
export const SIGNATURE_TYPE_SYSTEM = 'urn:iso-astm:E1762-95:2013';

/** DICOM PS3.16 CID 400-series audit codes (http://hl7.org/fhir/R4/valueset-audit-event-type.html). */
export const DICOM_SYSTEM = 'http://dicom.nema.org/resources/ontology/DCM';
/** http://hl7.org/fhir/R4/codesystem-security-source-type.html */
export const SECURITY_SOURCE_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/security-source-type';
/** http://hl7.org/fhir/R4/codesystem-audit-entity-type.html */
export const AUDIT_ENTITY_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
/** http://hl7.org/fhir/R4/codesystem-object-role.html */
export const OBJECT_ROLE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/object-role';

/**
 * Chain of identity (issue 6). The course's COI identifier: ISBT 128 data structure 040 with a
 * facility code, the institution-local form without one (no external registry names either).
 */
export const CHAIN_OF_IDENTITY_SYSTEM = 'urn:cartographer:chain-of-identity';
/**
 * ISBT 128 Donation Identification Number (13 characters: facility, year, sequence), under the
 * naming system FHIR gives ICCBBA-assigned DINs (http://hl7.org/fhir/STU3/extension-device-din.html).
 */
export const ISBT128_DIN_SYSTEM = 'http://hl7.org/fhir/NamingSystem/iccbba-din';
/** A manufacturer's own identifier (its COI, order, lot or bag number), by the name the institution records it under. */
export const manufacturerIdentifierSystem = (system: string): string => `urn:cartographer:manufacturer-identifier:${encodeURIComponent(system)}`;
/** Identifiers of custody material the server assigns or records: collection-bag, product-bag, shipment. */
export const custodyItemSystem = (kind: string): string => `urn:cartographer:custody:${kind}`;
/** Custody steps (the core's CUSTODY_STEPS), as Provenance.activity. */
export const CUSTODY_STEP_SYSTEM = 'urn:cartographer:custody-step';
/** Institution-defined custody locations (rooms, refrigerators, tanks, bedsides). */
export const CUSTODY_LOCATION_SYSTEM = 'urn:cartographer:custody-location';
