import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { FhirAccess } from './access.js';
import { fhirInvalid, withFhirPaths } from './issues.js';
import { createResource, isCreatable } from './write/create.js';
import type { WriteResult } from './write/result.js';

export { type FhirAccess } from './access.js';

interface PlannedEntry {
  readonly index: number;
  readonly resource: Resource;
  readonly fullUrl: string | undefined;
  readonly ifNoneExist: string | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entries of a transaction Bundle, checked for what this server does with them (create only). */
function plan(bundle: unknown): PlannedEntry[] {
  if (!isObject(bundle) || bundle['resourceType'] !== 'Bundle') throw fhirInvalid('Bundle', 'fhir.resource-type', { expected: 'Bundle' });
  if (bundle['type'] !== 'transaction') throw fhirInvalid('Bundle.type', 'fhir.bundle-type');
  const entries = bundle['entry'] ?? [];
  if (!Array.isArray(entries)) throw fhirInvalid('Bundle.entry', 'fhir.bundle-type');
  const seen = new Set<string>();
  return (entries as unknown[]).map((raw, index) => {
    const path = `Bundle.entry[${index}]`;
    const entry = (isObject(raw) ? raw : {}) as BundleEntry;
    if (!isObject(entry.resource)) throw fhirInvalid(`${path}.resource`, 'fhir.bundle-resource-unsupported', { type: 'none' });
    const type = String(entry.resource.resourceType);
    if (!isCreatable(type)) throw fhirInvalid(`${path}.resource.resourceType`, 'fhir.bundle-resource-unsupported', { type });
    if (entry.request?.method !== 'POST') throw fhirInvalid(`${path}.request.method`, 'fhir.bundle-method');
    if (entry.request.url !== type) throw fhirInvalid(`${path}.request.url`, 'fhir.bundle-url', { type });
    if (typeof entry.fullUrl === 'string') {
      if (seen.has(entry.fullUrl)) throw fhirInvalid(`${path}.fullUrl`, 'fhir.bundle-full-url-duplicate', { fullUrl: entry.fullUrl });
      seen.add(entry.fullUrl);
    }
    return { index, resource: entry.resource, fullUrl: typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined, ifNoneExist: entry.request.ifNoneExist };
  });
}

function responseEntry(result: WriteResult): BundleEntry {
  const { resource } = result;
  return {
    resource,
    response: {
      status: result.created ? '201 Created' : '200 OK',
      location: `${resource.resourceType}/${resource.id}/_history/${result.version}`,
      etag: `W/"${result.version}"`,
      ...(resource.meta?.lastUpdated ? { lastModified: resource.meta.lastUpdated } : {}),
    },
  };
}

/**
 * Applies a FHIR transaction Bundle in ONE database transaction: every entry is written or none
 * is. Entries may only create (POST), with `request.ifNoneExist`, and may refer to a Patient of
 * the same bundle by its `urn:uuid:` fullUrl. Patients are created first, so that an entry may
 * refer to a patient listed after it; the response keeps the order of the request.
 *
 * `access` decides the checks: a user's role must allow each entry's create action and each
 * patient must be on the user's care team (a patient the user creates joins it); the CLI passes
 * `{ kind: 'unrestricted', actor }` and nothing is checked. A failing entry rolls everything back
 * and the error names it: `Bundle.entry[3].resource.valueQuantity.unit`.
 */
export async function processTransactionBundle(ctx: ServerContext, access: FhirAccess, bundle: unknown, now: Date): Promise<Bundle> {
  const entries = plan(bundle);
  const order = [...entries].sort((a, b) => Number(b.resource.resourceType === 'Patient') - Number(a.resource.resourceType === 'Patient') || a.index - b.index);
  const results = await ctx.db.transaction().execute(async (tx) => {
    const refs = new Map<string, string>();
    const done = new Map<number, WriteResult>();
    for (const entry of order) {
      const root = `Bundle.entry[${entry.index}]`;
      try {
        const result = await createResource(ctx, tx, access, { resource: entry.resource, ifNoneExist: entry.ifNoneExist, paths: { resource: `${root}.resource`, ifNoneExist: `${root}.request.ifNoneExist` }, refs }, now);
        if (entry.fullUrl !== undefined && result.resource.resourceType === 'Patient') refs.set(entry.fullUrl, result.resource.id);
        done.set(entry.index, result);
      } catch (err) {
        // Errors raised below already carry entry paths; one without any is pinned to the entry.
        throw err instanceof ApiError ? withFhirPaths(err, (p) => p, root) : err;
      }
    }
    return entries.map((e) => {
      const result = done.get(e.index);
      if (!result) throw new Error(`entry ${e.index} was not processed`);
      return result;
    });
  });
  return { resourceType: 'Bundle', type: 'transaction-response', entry: results.map(responseEntry) };
}
