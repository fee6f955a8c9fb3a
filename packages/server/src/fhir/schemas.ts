import * as z from 'zod';

/*
 * Request and response shapes of the FHIR routes for validation and the OpenAPI document. The
 * resources themselves are checked against the R4 StructureDefinitions (validate.ts), which know
 * FHIR far better than a hand-written copy could; these schemas only name the type.
 */

export const IdParams = z.object({ id: z.string().min(1).max(64).describe('Logical id of the resource.') });
export const VersionParams = IdParams.extend({ vid: z.string().min(1).max(20).describe('Version id (meta.versionId).') });

const SearchValue = z.union([z.string(), z.array(z.string())]);

/** The query of a search: its own parameters plus paging (_count, _offset); `date` may repeat for a range. */
export function searchQuery(params: readonly string[]) {
  const shape: Record<string, z.ZodOptional<typeof SearchValue>> = {};
  for (const name of [...params, '_count', '_offset']) shape[name] = SearchValue.optional();
  return z.looseObject(shape).describe('FHIR search parameters, e.g. date=ge2026-01-01&date=lt2026-02-01.');
}

export const ResourceBody = z.looseObject({ resourceType: z.string() }).describe('A FHIR R4 resource (JSON).');

export const CreateHeaders = z.looseObject({
  'if-none-exist': z.string().optional().describe('Conditional create: identifier=system|value. A match is returned (200) and nothing is created.'),
});
export const UpdateHeaders = z.looseObject({
  'if-match': z.string().optional().describe('W/"<versionId>" as read; required. 412 when the record has changed since.'),
});

export function resourceSchema(type: string) {
  return z.looseObject({ resourceType: z.literal(type) }).describe(`A FHIR R4 ${type}.`);
}

export const BundleSchema = resourceSchema('Bundle');
export const OperationOutcomeSchema = z
  .looseObject({
    resourceType: z.literal('OperationOutcome'),
    issue: z.array(
      z.looseObject({
        severity: z.string(),
        code: z.string(),
        diagnostics: z.string().optional(),
        expression: z.array(z.string()).optional().describe('FHIR path of the field, e.g. Bundle.entry[3].resource.valueQuantity.unit.'),
        details: z.looseObject({ coding: z.array(z.looseObject({ system: z.string(), code: z.string() })) }).optional().describe('The rule broken (system urn:cartographer:rule).'),
      }),
    ),
  })
  .describe('Error: one issue per field path and rule.');
