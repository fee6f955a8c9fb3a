import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { SERVER_VERSION } from '../version.js';
import type { ReadableKind } from './resources/kind.js';
import { isCreatable } from './write/create.js';

/** Search parameter types, for the CapabilityStatement. */
const PARAM_TYPE: Readonly<Record<string, 'token' | 'reference' | 'date' | 'string'>> = {
  '_id': 'token',
  'identifier': 'token',
  'code': 'token',
  'category': 'token',
  'action': 'token',
  'patient': 'reference',
  'subject': 'reference',
  'based-on': 'reference',
  'date': 'date',
  'effective-time': 'date',
};

/** What this server does, for `GET /fhir/metadata`; derived from the registered resource kinds. */
export function capabilityStatement(kinds: readonly ReadableKind[], date: Date): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = kinds.map((k) => ({
    type: k.type,
    versioning: 'versioned-update',
    readHistory: false,
    updateCreate: false,
    conditionalCreate: isCreatable(k.type),
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    interaction: [
      { code: 'read' },
      { code: 'vread' },
      { code: 'search-type' },
      ...(isCreatable(k.type) ? [{ code: 'create' as const }] : []),
      ...(k.type === 'Patient' ? [{ code: 'update' as const }] : []),
    ],
    searchParam: k.searchParams.map((name) => ({ name, type: PARAM_TYPE[name] ?? 'string' })),
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: date.toISOString(),
    kind: 'instance',
    software: { name: 'cartographer', version: SERVER_VERSION },
    implementation: { description: 'cartographer: CAR-T and acute leukemia clinical decision support' },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'application/json'],
    rest: [
      {
        mode: 'server',
        security: { description: 'Authorization: Bearer <token> from POST /api/v1/auth/token. A user sees only the patients of their care teams.' },
        resource,
        interaction: [{ code: 'transaction' }],
      },
    ],
  };
}
