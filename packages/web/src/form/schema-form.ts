/**
 * A small generic form builder: turns an instrument's input JSON Schema (as served by
 * GET /api/v1/instruments/{name}/schema) into field descriptors, and the values typed into
 * those fields back into the JSON body the server expects. Pure: no DOM, no React.
 */

export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly description?: string;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly format?: string;
}

interface FieldBase {
  /** Dotted path, the same form as the `path` of the server's issues, e.g. "oxygen.flow". */
  readonly key: string;
  /** Property name, used as the label. */
  readonly name: string;
  readonly required: boolean;
  readonly description?: string;
}

export type Field =
  /** A yes/no question with a default: a checkbox starting at the default. */
  | (FieldBase & { readonly kind: 'checkbox'; readonly defaultValue: boolean })
  /** A yes/no question without a default: yes, no or not given (never silently "no"). */
  | (FieldBase & { readonly kind: 'yes-no' })
  | (FieldBase & { readonly kind: 'number'; readonly integer: boolean; readonly minimum?: number; readonly maximum?: number })
  | (FieldBase & { readonly kind: 'text'; readonly format?: string })
  | (FieldBase & { readonly kind: 'select'; readonly options: readonly string[] })
  | (FieldBase & { readonly kind: 'multi-select'; readonly options: readonly string[] })
  /** A measurement `{ value, unit }` (UCUM unit). */
  | (FieldBase & { readonly kind: 'quantity' })
  | (FieldBase & { readonly kind: 'group'; readonly fields: readonly Field[] })
  /** Anything else (arrays of objects, unions): typed as JSON. */
  | (FieldBase & { readonly kind: 'json'; readonly example: string });

export type FieldKind = Field['kind'];

function types(schema: JsonSchema): readonly string[] {
  if (schema.type === undefined) return [];
  return typeof schema.type === 'string' ? [schema.type] : schema.type;
}

/** `X | null` arrives as anyOf [X, { type: 'null' }]; the form treats it as X. */
function unwrapNullable(schema: JsonSchema): JsonSchema {
  const variants = schema.anyOf ?? schema.oneOf;
  if (!variants) return schema;
  const nonNull = variants.filter((v) => !(types(v).length === 1 && types(v)[0] === 'null'));
  if (nonNull.length !== 1 || nonNull[0] === undefined) return schema;
  const rest: Record<string, unknown> = { ...schema };
  delete rest['anyOf'];
  delete rest['oneOf'];
  return { ...nonNull[0], ...rest };
}

function stringEnum(schema: JsonSchema): readonly string[] | undefined {
  if (!schema.enum || !schema.enum.every((v): v is string => typeof v === 'string')) return undefined;
  return schema.enum;
}

function isQuantity(schema: JsonSchema): boolean {
  const props = schema.properties;
  if (!types(schema).includes('object') || !props) return false;
  const keys = Object.keys(props).sort();
  return (
    keys.length === 2 &&
    keys[0] === 'unit' &&
    keys[1] === 'value' &&
    types(props['value'] ?? {}).some((t) => t === 'number' || t === 'integer') &&
    types(props['unit'] ?? {}).includes('string')
  );
}

function exampleOf(schema: JsonSchema, depth = 0): unknown {
  const s = unwrapNullable(schema);
  if (depth > 4) return null;
  const options = stringEnum(s);
  if (options?.[0] !== undefined) return options[0];
  if (s.const !== undefined) return s.const;
  const [type] = types(s);
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, exampleOf(v, depth + 1)]));
    case 'array':
      return s.items ? [exampleOf(s.items, depth + 1)] : [];
    case 'number':
    case 'integer':
      return s.minimum ?? 0;
    case 'boolean':
      return false;
    case 'string':
      return s.format === 'date-time' ? '2026-01-01T08:00:00Z' : '';
    case undefined:
    default:
      return null;
  }
}

function fieldOf(name: string, parent: string, raw: JsonSchema, required: boolean): Field {
  const schema = unwrapNullable(raw);
  const key = parent === '' ? name : `${parent}.${name}`;
  const base = { key, name, required, ...(schema.description === undefined ? {} : { description: schema.description }) };
  const options = stringEnum(schema);
  if (options) return { ...base, kind: 'select', options };
  const [type, ...others] = types(schema);
  if (others.length > 0) return { ...base, kind: 'json', example: JSON.stringify(exampleOf(schema)) };
  switch (type) {
    case 'boolean':
      return typeof schema.default === 'boolean' ? { ...base, kind: 'checkbox', defaultValue: schema.default } : { ...base, kind: 'yes-no' };
    case 'number':
    case 'integer': {
      const minimum = schema.minimum ?? schema.exclusiveMinimum;
      const maximum = schema.maximum ?? schema.exclusiveMaximum;
      return {
        ...base,
        kind: 'number',
        integer: type === 'integer',
        ...(minimum === undefined ? {} : { minimum }),
        ...(maximum === undefined ? {} : { maximum }),
      };
    }
    case 'string':
      return { ...base, kind: 'text', ...(schema.format === undefined ? {} : { format: schema.format }) };
    case 'object':
      if (isQuantity(schema)) return { ...base, kind: 'quantity' };
      if (schema.properties) return { ...base, kind: 'group', fields: fieldsOf(schema, key) };
      break;
    case 'array': {
      const itemOptions = schema.items ? stringEnum(unwrapNullable(schema.items)) : undefined;
      if (itemOptions) return { ...base, kind: 'multi-select', options: itemOptions };
      break;
    }
    case undefined:
    default:
      break;
  }
  return { ...base, kind: 'json', example: JSON.stringify(exampleOf(schema)) };
}

function fieldsOf(schema: JsonSchema, parent: string): Field[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, child]) => fieldOf(name, parent, child, required.has(name)));
}

/** The fields of a form for an object schema, in the schema's property order. */
export function fieldsFromSchema(schema: JsonSchema): Field[] {
  return fieldsOf(unwrapNullable(schema), '');
}

/** What the user has typed: text for numbers (so half-typed numbers survive), a choice for the rest. */
export type FieldValue = string | boolean | readonly string[] | { readonly value: string; readonly unit: string };
export type FormValues = Readonly<Record<string, FieldValue>>;

function flatten(fields: readonly Field[]): Field[] {
  return fields.flatMap((f) => (f.kind === 'group' ? flatten(f.fields) : [f]));
}

/** Starting values: schema defaults where there are any, otherwise empty ("not given"). */
export function initialValues(fields: readonly Field[]): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const field of flatten(fields)) {
    switch (field.kind) {
      case 'checkbox':
        values[field.key] = field.defaultValue;
        break;
      case 'multi-select':
        values[field.key] = [];
        break;
      case 'quantity':
        values[field.key] = { value: '', unit: '' };
        break;
      case 'yes-no':
      case 'number':
      case 'text':
      case 'select':
      case 'json':
        values[field.key] = '';
        break;
      case 'group':
        break;
    }
  }
  return values;
}

/** A problem found before sending (the server does the real validation). */
export interface LocalIssue {
  readonly key: string;
  readonly rule: 'form.json-invalid' | 'form.number-invalid';
}

export type DateTimeToIso = (local: string) => string;

/** datetime-local gives a local time without a zone; the server wants an instant with one. */
export const localDateTimeToIso: DateTimeToIso = (local) => {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
};

function convert(field: Field, values: FormValues, issues: LocalIssue[], toIso: DateTimeToIso): unknown {
  const value = values[field.key];
  switch (field.kind) {
    case 'checkbox':
      return typeof value === 'boolean' ? value : field.defaultValue;
    case 'yes-no':
      return value === 'yes' ? true : value === 'no' ? false : undefined;
    case 'number': {
      if (typeof value !== 'string' || value.trim() === '') return undefined;
      const n = Number(value);
      if (!Number.isFinite(n)) issues.push({ key: field.key, rule: 'form.number-invalid' });
      return n;
    }
    case 'text':
      if (typeof value !== 'string' || value === '') return undefined;
      return field.format === 'date-time' ? toIso(value) : value;
    case 'select':
      return typeof value === 'string' && value !== '' ? value : undefined;
    case 'multi-select':
      return Array.isArray(value) && value.length > 0 ? value : undefined;
    case 'quantity': {
      if (typeof value !== 'object' || Array.isArray(value)) return undefined;
      const q = value as { value: string; unit: string };
      if (q.value.trim() === '' && q.unit.trim() === '') return undefined;
      const n = Number(q.value);
      if (q.value.trim() === '' || !Number.isFinite(n)) issues.push({ key: field.key, rule: 'form.number-invalid' });
      return { value: n, unit: q.unit.trim() };
    }
    case 'json':
      if (typeof value !== 'string' || value.trim() === '') return undefined;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        issues.push({ key: field.key, rule: 'form.json-invalid' });
        return undefined;
      }
    case 'group': {
      const nested = body(field.fields, values, issues, toIso);
      return Object.keys(nested).length === 0 ? undefined : nested;
    }
  }
}

function body(fields: readonly Field[], values: FormValues, issues: LocalIssue[], toIso: DateTimeToIso): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const converted = convert(field, values, issues, toIso);
    if (converted !== undefined) out[field.name] = converted;
  }
  return out;
}

/**
 * The JSON body for the server: fields left empty are left out (the server then says which
 * are required, or that the instrument cannot assess), never filled with a "normal" value.
 */
export function toBody(fields: readonly Field[], values: FormValues, toIso: DateTimeToIso = localDateTimeToIso): { body: Record<string, unknown>; issues: LocalIssue[] } {
  const issues: LocalIssue[] = [];
  return { body: body(fields, values, issues, toIso), issues };
}

/** The field an issue path belongs to: the longest field key that is the path or a prefix of it. */
export function fieldKeyOf(fields: readonly Field[], path: string): string | undefined {
  let best: string | undefined;
  for (const field of flatten(fields)) {
    const k = field.key;
    const matches = path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`);
    if (matches && (best === undefined || k.length > best.length)) best = k;
  }
  return best;
}
