import type { Bundle, BundleEntry, Coding, Provenance, ProvenanceAgent, Reference, Resource, Signature } from '@medplum/fhirtypes';
import { SIGNATURE_TYPE } from '../../fhir/map/provenance.js';
import { userReference } from '../../fhir/map/meta.js';
import {
  CHAIN_OF_IDENTITY_SYSTEM,
  CUSTODY_LOCATION_SYSTEM,
  CUSTODY_STEP_SYSTEM,
  PROVENANCE_PARTICIPANT_SYSTEM,
  RECORD_HASH_SYSTEM,
  ROLE_SYSTEM,
  SIGNATURE_MEANING_SYSTEM,
} from '../../fhir/systems.js';
import type { Person, SignatureRow, StoredCustodyEvent } from './chain-record.js';
import { LOCATION_KIND_NAMES, STEP_NAMES } from './texts.js';

/**
 * One FHIR Provenance per accepted custody step: what was done (activity), to which product
 * (target), when it happened and when it was recorded, where, by whom (performer, and the
 * verifier of a two-person check) and their electronic signatures. A refused step changed no
 * material; it stays in the custody report and its deviation, not in the product's provenance.
 */

/** http://hl7.org/fhir/R4/codesystem-provenance-participant-type.html */
const PARTICIPANT = {
  performer: { system: PROVENANCE_PARTICIPANT_SYSTEM, code: 'performer', display: 'Performer' },
  verifier: { system: PROVENANCE_PARTICIPANT_SYSTEM, code: 'verifier', display: 'Verifier' },
} as const satisfies Record<string, Coding>;

/** The ASTM type of a custody signature: the performer authors the step, the second person verifies it. */
function signatureOf(row: SignatureRow): Signature {
  const type = row.meaning === 'custody-verified' ? SIGNATURE_TYPE.verification : SIGNATURE_TYPE.author;
  return { type: [type, { system: SIGNATURE_MEANING_SYSTEM, code: row.meaning }], when: row.signed_at.toISOString(), who: userReference(row.user_id, row.signer_name) };
}

function agentOf(person: Person, participant: Coding): ProvenanceAgent {
  return {
    type: { coding: [participant] },
    ...(person.role === '' ? {} : { role: [{ coding: [{ system: ROLE_SYSTEM, code: person.role }], text: person.role }] }),
    who: userReference(person.id, person.name),
  };
}

export interface ProvenanceTarget {
  readonly productId: string | null;
  readonly coi: string;
}

/** The product once it exists; before receipt, the course's material by its chain-of-identity identifier. */
function targetOf(target: ProvenanceTarget): Reference {
  return target.productId !== null
    ? { reference: `BiologicallyDerivedProduct/${target.productId}` }
    : { identifier: { system: CHAIN_OF_IDENTITY_SYSTEM, value: target.coi }, display: `Chain of identity ${target.coi}` };
}

export function toCustodyProvenance(event: StoredCustodyEvent, target: ProvenanceTarget): Provenance {
  const name = STEP_NAMES[event.type];
  const kind = LOCATION_KIND_NAMES[event.location.kind];
  const signatures = [event.performerSignature, event.verifierSignature].filter((s): s is SignatureRow => s !== null);
  return {
    resourceType: 'Provenance',
    id: event.id,
    target: [targetOf(target)],
    occurredDateTime: event.at,
    recorded: event.recordedAt,
    location: {
      identifier: { system: CUSTODY_LOCATION_SYSTEM, value: event.location.id },
      display: `${kind?.en ?? event.location.kind} ${event.location.id}${event.location.cabinetId === null ? '' : `, cabinet ${event.location.cabinetId}`}`,
    },
    activity: { coding: [{ system: CUSTODY_STEP_SYSTEM, code: event.type, ...(name ? { display: name.en } : {}) }], text: name ? `${name['zh-TW']} ${name.en}` : event.type },
    agent: [agentOf(event.performer, PARTICIPANT.performer), ...(event.verifier === null ? [] : [agentOf(event.verifier, PARTICIPANT.verifier)])],
    // The step as recorded: its SHA-256, so that a later change to the stored event can be detected.
    entity: [{ role: 'source', what: { identifier: { system: RECORD_HASH_SYSTEM, value: event.recordHash }, display: 'SHA-256 of the custody event as recorded' } }],
    ...(signatures.length > 0 ? { signature: signatures.map(signatureOf) } : {}),
  };
}

/** A collection Bundle: the product (when received) and the Provenance of every accepted step, oldest first. */
export function provenanceBundle(product: { resource: Resource; fullUrl: string } | null, provenances: readonly Provenance[], timestamp: Date): Bundle {
  const entries: BundleEntry[] = [...(product ? [{ fullUrl: product.fullUrl, resource: product.resource }] : []), ...provenances.map((p) => ({ fullUrl: `urn:uuid:${p.id ?? ''}`, resource: p }))];
  return { resourceType: 'Bundle', type: 'collection', timestamp: timestamp.toISOString(), entry: entries };
}
