import { ApiError, type ErrorCode } from '../errors.js';
import './texts.js';

/** A 400 naming the FHIR path (e.g. `Observation.valueQuantity.unit`) and the rule broken. */
export function fhirInvalid(path: string, rule: string, params: Readonly<Record<string, string>> = {}): ApiError {
  return new ApiError('invalid-input', { issues: [{ path, rule, params }] });
}

export function fhirError(code: ErrorCode, path: string, rule: string, params: Readonly<Record<string, string>> = {}): ApiError {
  return new ApiError(code, { issues: [{ path, rule, params }] });
}

/**
 * Re-raises a domain error with its field paths translated to FHIR paths (`map` returns the
 * FHIR path of a domain path); an error without issues gets one at `fallbackPath`.
 */
export function withFhirPaths(err: unknown, map: (domainPath: string) => string, fallbackPath: string): unknown {
  if (!(err instanceof ApiError)) return err;
  const issues = err.details.issues;
  if (issues === undefined || issues.length === 0) {
    return new ApiError(err.code, { ...err.details, issues: [{ path: fallbackPath, rule: err.code }] });
  }
  return new ApiError(err.code, { ...err.details, issues: issues.map((i) => ({ ...i, path: map(i.path) })) });
}
