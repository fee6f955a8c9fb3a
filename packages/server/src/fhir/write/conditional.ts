import { fhirInvalid } from '../issues.js';
import { parseToken } from '../search-params.js';

/**
 * The identifier of an If-None-Exist (or a bundle entry's ifNoneExist): only
 * `identifier=system|value` is supported, the one criterion that names a single record.
 */
export function ifNoneExistIdentifier(raw: string, path: string): { system: string; value: string } {
  const query = raw.startsWith('?') ? raw.slice(1) : raw;
  const params = [...new URLSearchParams(query).entries()];
  const [first] = params;
  if (params.length !== 1 || first === undefined || first[0] !== 'identifier') throw fhirInvalid(path, 'fhir.if-none-exist-unsupported');
  const token = parseToken(first[1], path);
  if (token.system === null || token.value === null) throw fhirInvalid(path, 'fhir.if-none-exist-unsupported');
  return { system: token.system, value: token.value };
}

/** The sender's identifier of a record (the first with system and value): what makes a replay a no-op. */
export function externalOf(identifiers: readonly { system?: string; value?: string }[] | undefined): { system: string; id: string } | null {
  const first = identifiers?.find((i) => i.system && i.value);
  return first?.system && first.value ? { system: first.system, id: first.value } : null;
}
