import type { Resource } from '@medplum/fhirtypes';
import type { BundleReferences } from './references.js';

/** Where a resource sits in the request, for error paths: `Observation` or `Bundle.entry[3].resource`. */
export interface WritePaths {
  readonly resource: string;
  readonly ifNoneExist: string;
}

export interface CreateRequest {
  readonly resource: Resource;
  readonly ifNoneExist?: string | undefined;
  readonly paths: WritePaths;
  readonly refs: BundleReferences;
}

/** What a create did: `created` false when an existing record matched (conditional create or replay). */
export interface WriteResult {
  readonly resource: Resource & { id: string };
  readonly created: boolean;
  readonly version: number;
  /** The patient the record belongs to (for a Patient, itself). */
  readonly patientId: string;
}
