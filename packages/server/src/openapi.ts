import { LANGUAGES, DEFAULT_LANG, listInstruments, message, outputSchema, type Instrument } from '@cartographer/core';
import type { SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { ApiErrorSchema } from './errors.js';

export type JsonSchema = Record<string, unknown>;

const schemaCache = new WeakMap<Instrument, { input: JsonSchema; output: JsonSchema }>();

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

/**
 * The JSON Schemas of one instrument, derived from its zod schemas: what it accepts (input
 * side of any transforms, e.g. `{ value, unit }` quantities) and the rendered result it returns.
 * The schema route and the OpenAPI document both use these, so they cannot disagree.
 */
export function instrumentSchemas(instrument: Instrument): { input: JsonSchema; output: JsonSchema } {
  let schemas = schemaCache.get(instrument);
  if (!schemas) {
    schemas = { input: toJsonSchema(instrument.input, 'input'), output: toJsonSchema(outputSchema(instrument), 'output') };
    schemaCache.set(instrument, schemas);
  }
  return schemas;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const COMPONENTS = '#/components/schemas/';

/**
 * Adds a standalone JSON Schema to the document's components under `name`: drops `$schema`
 * (OpenAPI 3.1 documents are JSON Schema 2020-12 already) and hoists `$defs` next to it,
 * rewriting their references, so that every `$ref` resolves inside the document.
 */
function addComponent(components: Record<string, unknown>, name: string, schema: JsonSchema): { $ref: string } {
  const { $defs, ...body } = schema;
  delete body['$schema'];
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!isObject(value)) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => {
        if (key === '$ref' && typeof child === 'string') {
          if (child === '#') return [key, `${COMPONENTS}${name}`];
          const def = /^#\/\$defs\/(.+)$/.exec(child)?.[1];
          if (def !== undefined) return [key, `${COMPONENTS}${name}.${def}`];
        }
        return [key, rewrite(child)];
      }),
    );
  };
  if (isObject($defs)) {
    for (const [def, defSchema] of Object.entries($defs)) components[`${name}.${def}`] = rewrite(defSchema);
  }
  components[name] = rewrite(body);
  return { $ref: `${COMPONENTS}${name}` };
}

const LangParameter = z.enum(LANGUAGES).default(DEFAULT_LANG);

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: `${COMPONENTS}ApiError` } } } };
}

/** One POST path per registered instrument, from the registry at the time the document is built. */
function assessmentPaths(components: Record<string, unknown>): Record<string, unknown> {
  const parameters = [
    {
      name: 'lang',
      in: 'query',
      required: false,
      description: 'Language of the texts in the result. Without it, Accept-Language decides; the default is zh-TW.',
      schema: toJsonSchema(LangParameter, 'input'),
    },
    {
      name: 'Accept-Language',
      in: 'header',
      required: false,
      description: 'Used when `lang` is absent: any zh tag gives zh-TW, any en tag gives en.',
      schema: { type: 'string' },
    },
  ];
  const paths: Record<string, unknown> = {};
  for (const instrument of listInstruments()) {
    const { input, output } = instrumentSchemas(instrument);
    const titles = LANGUAGES.map((lang) => message(lang, `${instrument.name}.title`));
    paths[`/api/v1/assessments/${instrument.name}`] = {
      post: {
        operationId: `assess-${instrument.name}`,
        tags: ['assessments'],
        summary: message('en', `${instrument.name}.title`),
        description: [
          ...titles,
          `Source: ${instrument.section}.`,
          'The request body is the instrument input itself (measurements as `{ value, unit }` in UCUM). ' +
            'It is evaluated with the institution settings this server was started with.',
        ].join('\n\n'),
        parameters,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: addComponent(components, `${instrument.name}.input`, input) } },
        },
        responses: {
          '200': {
            description: 'The assessment rendered in one language: value, basis (why), actions with doses, warnings and citations.',
            content: { 'application/json': { schema: addComponent(components, `${instrument.name}.result`, output) } },
          },
          '400': errorResponse('`invalid-input` (each issue names the field path and the rule broken) or `invalid-request` (malformed JSON, unsupported `lang`).'),
          '413': errorResponse('`payload-too-large`: the body is over the limit.'),
          '415': errorResponse('`unsupported-media-type`: the body must be application/json.'),
        },
      },
    };
  }
  return paths;
}

/**
 * Completes the document @fastify/swagger built from the routes' zod schemas: adds the error
 * schema and expands POST /api/v1/assessments/{name} into one path per registered instrument.
 */
export const transformObject: SwaggerTransformObject = (documentObject) => {
  const base = jsonSchemaTransformObject(documentObject) as {
    paths?: Record<string, unknown>;
    components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
  } & Record<string, unknown>;
  const schemas: Record<string, unknown> = { ...base.components?.schemas };
  addComponent(schemas, 'ApiError', toJsonSchema(ApiErrorSchema, 'output'));
  const paths = { ...base.paths, ...assessmentPaths(schemas) };
  return { ...base, paths, components: { ...base.components, schemas } } as ReturnType<SwaggerTransformObject>;
};
