import * as z from 'zod';

/**
 * The shape of a result as the CLI, the server and the web app see it: every code resolved to
 * text in one language and every rule's sources resolved to citations. The zod schema is the
 * single source of the type, the JSON Schema and the OpenAPI document.
 */
const scalar = z.union([z.number(), z.string(), z.boolean()]);

export const CitationSchema = z.object({
  kind: z.enum(['seed', 'publication']),
  reference: z.string(),
  doi: z.string().optional(),
});

const measure = z.object({ value: z.number(), unit: z.string() });

export const DoseSchema = z.object({
  value: z.number(),
  unit: z.string(),
  perUnit: measure.optional(),
  basedOn: measure.optional(),
  cappedAt: measure.optional(),
  upTo: z.number().optional(),
  text: z.string(),
});

export const BasisSchema = z.object({
  rule: z.string(),
  text: z.string(),
  field: z.string(),
  observed: scalar.nullable(),
  unit: z.string().optional(),
  threshold: z
    .object({ comparator: z.string(), value: z.union([scalar, z.array(scalar)]), unit: z.string().optional() })
    .optional(),
  yields: scalar.optional(),
  citations: z.array(CitationSchema),
});

export const RuleTextSchema = z.object({ rule: z.string(), text: z.string() });

export const ActionSchema = z.object({
  rule: z.string(),
  status: z.enum(['do', 'consider', 'refused']),
  text: z.string(),
  drug: z.string().optional(),
  dose: DoseSchema.optional(),
  route: z.string().optional(),
  frequency: z.string().optional(),
  duration: z.string().optional(),
  limits: z.array(RuleTextSchema).optional(),
  escalation: z.array(z.object({ after: z.string().optional(), rule: z.string(), text: z.string() })).optional(),
  refusedBecause: z.array(BasisSchema).optional(),
  dueBy: z.string().optional(),
  citations: z.array(CitationSchema),
});

export const WarningSchema = z.object({
  rule: z.string(),
  text: z.string(),
  field: z.string().optional(),
});

export function renderedAssessmentSchema<V extends z.ZodType>(value: V) {
  return z.object({
    instrument: z.string(),
    title: z.string(),
    lang: z.enum(['zh-TW', 'en']),
    status: z.enum(['assessed', 'cannot-assess']),
    value: value.nullable(),
    summary: z.string(),
    basis: z.array(BasisSchema),
    warnings: z.array(WarningSchema),
    actions: z.array(ActionSchema),
    citations: z.array(CitationSchema),
    rulesetVersion: z.string(),
  });
}

export type RenderedAssessment<V = unknown> = Omit<z.infer<ReturnType<typeof renderedAssessmentSchema>>, 'value'> & {
  value: V | null;
};
export type RenderedCitation = z.infer<typeof CitationSchema>;
