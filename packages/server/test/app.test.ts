import { RULESET_VERSION, listInstruments } from '@cartographer/core';
import { Validator } from '@seriousme/openapi-schema-validator';
import fc from 'fast-check';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { CONTENT_SECURITY_POLICY } from '../src/security.js';

const GRADE_3 = {
  temperature: { value: 39, unit: 'Cel' },
  antipyreticOrAnticytokineGiven: false,
  hypotension: true,
  vasopressors: ['norepinephrine'],
  oxygen: { device: 'none' },
};

interface Problem {
  error: string;
  message: string;
  instrument?: string;
  issues?: { path: string; rule: string; message: string }[];
}

interface Rendered {
  instrument: string;
  lang: string;
  status: string;
  value: { grade: number } | null;
  summary: string;
  title: string;
  basis: { rule: string; observed: unknown; citations: unknown[] }[];
  actions: { rule: string; status: string }[];
  rulesetVersion: string;
}

type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref?: string } }> }; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
  components: { schemas: Record<string, { type?: string; properties?: Record<string, unknown>; required?: string[] }> };
};

let app: App;
beforeAll(async () => {
  app = buildApp({ webRoot: null });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

function post(name: string, body: unknown, query = '', headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: `/api/v1/assessments/${name}${query}`, payload: body as object, headers });
}

describe('system routes', () => {
  it('GET /health names the ruleset and the server version', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', rulesetVersion: RULESET_VERSION, version: expect.any(String) as string });
  });

  it('sends security headers, no framework banner, and no-store on the API', async () => {
    for (const url of ['/health', '/api/v1/nothing-here']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['server']).toBeUndefined();
    }
  });

  it('keeps the headers on errors and maps router errors to the vocabulary', async () => {
    const invalid = await post('crs', { ...GRADE_3, temperature: 39 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(invalid.headers['cache-control']).toBe('no-store');
    const badUrl = await app.inject({ method: 'GET', url: '/api/v1/instruments/%E0%A4%A/schema' });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json<Problem>()).toMatchObject({ error: 'invalid-request', issues: [{ rule: 'request.bad-url' }] });
    expect(badUrl.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers unknown paths with a JSON 404 in the vocabulary', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json<Problem>().error).toBe('not-found');
  });
});

describe('instruments', () => {
  it('lists every registered instrument with titles in both languages', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/instruments' });
    expect(res.statusCode).toBe(200);
    const list = res.json<{ name: string; kind: string; section: string; title: Record<string, string> }[]>();
    expect(list.map((i) => i.name)).toEqual(listInstruments().map((i) => i.name));
    const crs = list.find((i) => i.name === 'crs');
    expect(crs).toMatchObject({ kind: 'instrument', section: expect.stringContaining('§3.1.2') as string });
    expect(crs?.title['en']).toContain('CRS');
    expect(crs?.title['zh-TW']).toContain('細胞激素釋放症候群');
  });

  it('gives the input and output JSON Schemas of an instrument', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/instruments/crs/schema' });
    expect(res.statusCode).toBe(200);
    const { input, output } = res.json<{ input: { properties: Record<string, { properties?: object }>; required: string[] }; output: { properties: object } }>();
    expect(input.required).toEqual(expect.arrayContaining(['hypotension', 'oxygen', 'antipyreticOrAnticytokineGiven']));
    // The input side of a quantity is { value, unit }, not the converted number.
    expect(input.properties['temperature']?.properties).toHaveProperty('unit');
    expect(Object.keys(output.properties)).toEqual(expect.arrayContaining(['value', 'basis', 'actions', 'citations', 'rulesetVersion']));
  });

  it('404s the schema of an unknown instrument', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/instruments/no-such-thing/schema' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'unknown-instrument', instrument: 'no-such-thing' });
  });
});

describe('POST /api/v1/assessments/:name', () => {
  it('grades CRS 3 with zh-TW text by default', async () => {
    const res = await post('crs', GRADE_3);
    expect(res.statusCode).toBe(200);
    const body = res.json<Rendered>();
    expect(body).toMatchObject({ instrument: 'crs', lang: 'zh-TW', status: 'assessed', value: { grade: 3 }, rulesetVersion: RULESET_VERSION });
    expect(body.title).toContain('細胞激素釋放症候群');
    expect(body.summary).toMatch(/3/);
    expect(body.basis.some((b) => b.rule === 'crs.hypotension-one-vasopressor' && b.citations.length > 0)).toBe(true);
    expect(body.actions.length).toBeGreaterThan(0);
  });

  it('answers in English with ?lang=en and with Accept-Language: en', async () => {
    const byQuery = await post('crs', GRADE_3, '?lang=en');
    expect(byQuery.statusCode).toBe(200);
    expect(byQuery.json<Rendered>()).toMatchObject({ lang: 'en', value: { grade: 3 } });
    expect(byQuery.json<Rendered>().title).toContain('Cytokine release syndrome');
    const byHeader = await post('crs', GRADE_3, '', { 'accept-language': 'en-US,en;q=0.9' });
    expect(byHeader.json<Rendered>().lang).toBe('en');
    const queryWins = await post('crs', GRADE_3, '?lang=zh-TW', { 'accept-language': 'en' });
    expect(queryWins.json<Rendered>().lang).toBe('zh-TW');
  });

  it('refuses an unsupported lang', async () => {
    const res = await post('crs', GRADE_3, '?lang=fr');
    expect(res.statusCode).toBe(400);
    const body = res.json<Problem>();
    expect(body.error).toBe('invalid-request');
    expect(body.issues).toEqual([expect.objectContaining({ path: 'lang', rule: 'request.lang-unsupported' })]);
  });

  it('refuses a bare number temperature naming the field and the rule', async () => {
    const res = await post('crs', { ...GRADE_3, temperature: 39 });
    expect(res.statusCode).toBe(400);
    const body = res.json<Problem>();
    expect(body).toMatchObject({ error: 'invalid-input', instrument: 'crs' });
    expect(body.issues).toContainEqual(expect.objectContaining({ path: 'temperature', rule: 'input.unit-required' }));
    const issue = body.issues?.find((i) => i.path === 'temperature');
    expect(issue?.message).toMatch(/單位/);
    const en = await post('crs', { ...GRADE_3, temperature: 39 }, '?lang=en');
    expect(en.json<Problem>().issues?.find((i) => i.path === 'temperature')?.message).toMatch(/unit/);
  });

  it('404s an unknown instrument', async () => {
    const res = await post('no-such-instrument', GRADE_3);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'unknown-instrument', instrument: 'no-such-instrument' });
  });

  it('answers malformed JSON with 400 naming the rule', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/assessments/crs',
      headers: { 'content-type': 'application/json' },
      payload: '{"temperature": {',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>()).toMatchObject({ error: 'invalid-request', issues: [{ path: '', rule: 'request.malformed-json' }] });
  });

  it('refuses prototype poisoning, non-JSON media types and oversized bodies without 5xx', async () => {
    const poisoned = await app.inject({
      method: 'POST',
      url: '/api/v1/assessments/crs',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__": {"polluted": true}}',
    });
    expect(poisoned.statusCode).toBe(400);
    const text = await app.inject({ method: 'POST', url: '/api/v1/assessments/crs', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    expect(text.json<Problem>().error).toBe('unsupported-media-type');
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/assessments/crs',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json<Problem>().error).toBe('payload-too-large');
    // Unit strings that are names of Object.prototype members once made the unit converter throw.
    for (const unit of ['constructor', 'valueOf', '__proto__']) {
      const odd = await post('crs', { ...GRADE_3, temperature: { value: 39, unit } });
      expect(odd.statusCode, unit).toBe(400);
      expect(odd.json<Problem>()).toMatchObject({ error: 'invalid-input', instrument: 'crs' });
    }
    const empty = await app.inject({ method: 'POST', url: '/api/v1/assessments/crs', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
  });

  it('never answers 5xx, whatever the body', async () => {
    const names = [...listInstruments().map((i) => i.name), 'unknown'];
    const quantity = fc.record({ value: fc.oneof(fc.double(), fc.integer()), unit: fc.oneof(fc.constantFrom('Cel', '[degF]', 'kg', 'L/min', 'g', '', 'constructor', 'toString'), fc.string()) });
    const plausible = fc.record(
      {
        temperature: fc.oneof(quantity, fc.double(), fc.string()),
        feverAttributedToOtherCause: fc.oneof(fc.boolean(), fc.jsonValue()),
        antipyreticOrAnticytokineGiven: fc.oneof(fc.boolean(), fc.jsonValue()),
        hypotension: fc.oneof(fc.boolean(), fc.jsonValue()),
        vasopressors: fc.oneof(fc.array(fc.constantFrom('norepinephrine', 'epinephrine', 'vasopressin', 'dopamine', 'x')), fc.jsonValue()),
        oxygen: fc.oneof(fc.record({ device: fc.constantFrom('none', 'nasal-cannula', 'blow-by', 'cpap', 'bad'), flow: quantity }, { requiredKeys: ['device'] }), fc.jsonValue()),
        weight: fc.oneof(quantity, fc.jsonValue()),
        ageYears: fc.oneof(fc.double(), fc.integer({ min: -5, max: 130 })),
        icansGrade: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.double()),
        now: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()),
        tocilizumabAdministrations: fc.oneof(fc.array(fc.record({ at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) })), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.oneof(fc.jsonValue(), plausible), fc.constantFrom('', '?lang=en', '?lang=xx'), async (name, body, query) => {
        const res = await app.inject({
          method: 'POST',
          url: `/api/v1/assessments/${name}${query}`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(body) ?? 'null',
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        expect([200, 400, 404]).toContain(res.statusCode);
      }),
      { numRuns: 400 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (payload) => {
        const res = await app.inject({ method: 'POST', url: '/api/v1/assessments/crs', headers: { 'content-type': 'application/json' }, payload });
        expect(res.statusCode, res.body).toBe(400);
      }),
      { numRuns: 200 },
    );
  });
});

type Schema = Record<string, unknown>;
const UNITS = ['Cel', '[degF]', 'kg', 'g', 'cm', 'm2', 'L/min', 'mg/dL', 'umol/L', 'mmol/L', '/uL', '10*9/L', 'g/dL', 'U/L', 'ng/mL', 'a', '%'];

/** Values shaped like a JSON Schema (plus values just outside its bounds), to reach past validation. */
function shapedBy(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 5) return fc.constant(null);
  const sub = (s: unknown) => shapedBy(typeof s === 'object' && s !== null ? (s as Schema) : {}, depth + 1);
  const num = (key: string, fallback: number) => (typeof schema[key] === 'number' ? schema[key] : fallback);
  if (Array.isArray(schema['anyOf'])) return fc.oneof(...(schema['anyOf'] as unknown[]).map(sub));
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]));
  const props = (schema['properties'] ?? {}) as Record<string, unknown>;
  switch (Array.isArray(schema['type']) ? (schema['type'] as unknown[])[0] : schema['type']) {
    case 'object':
      if (Object.keys(props).sort().join() === 'unit,value') {
        return fc.record({ value: fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 2000 }), unit: fc.constantFrom(...UNITS) });
      }
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sub(v)])), {
        requiredKeys: Array.isArray(schema['required']) ? (schema['required'] as string[]) : [],
      });
    case 'array':
      return fc.array(sub(schema['items']), { maxLength: 5 });
    case 'integer':
      return fc.integer({ min: num('minimum', -5) - 1, max: num('maximum', 500) + 1 });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: num('minimum', -5) - 1, max: num('maximum', 2000) + 1 });
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (schema['format'] === 'date-time') return fc.date({ noInvalidDate: true, min: new Date('2025-01-01'), max: new Date('2027-01-01') }).map((d) => d.toISOString());
      if (schema['format'] === 'date') return fc.date({ noInvalidDate: true, min: new Date('1930-01-01'), max: new Date('2027-01-01') }).map((d) => d.toISOString().slice(0, 10));
      return fc.string({ maxLength: 8 });
    default:
      return fc.jsonValue();
  }
}

describe('every registered instrument', () => {
  it.each(listInstruments().map((i) => i.name))('%s never answers 5xx for bodies shaped by its input schema', async (name) => {
    const schema = (await app.inject({ method: 'GET', url: `/api/v1/instruments/${name}/schema` })).json<{ input: Schema }>().input;
    await fc.assert(
      fc.asyncProperty(shapedBy(schema), fc.constantFrom('zh-TW', 'en'), async (body, lang) => {
        const res = await post(name, body, `?lang=${lang}`);
        expect(res.statusCode, `${JSON.stringify(body)} -> ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });
});

describe('GET /api/docs', () => {
  let doc: OpenApiDocument;
  beforeAll(async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    doc = res.json<OpenApiDocument>();
  });

  it('is a valid OpenAPI 3 document', async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\./);
  });

  it('has one assessment path per registered instrument, with request and response schemas', () => {
    for (const { name } of listInstruments()) {
      const operation = doc.paths[`/api/v1/assessments/${name}`]?.['post'];
      expect(operation, name).toBeDefined();
      expect(operation?.requestBody?.content['application/json']?.schema.$ref).toBe(`#/components/schemas/${name}.input`);
      expect(operation?.responses['200']?.content?.['application/json']?.schema.$ref).toBe(`#/components/schemas/${name}.result`);
      expect(operation?.responses['400']?.content?.['application/json']?.schema.$ref).toBe('#/components/schemas/ApiError');
    }
    const crsInput = doc.components.schemas['crs.input'];
    expect(crsInput?.required).toEqual(expect.arrayContaining(['hypotension', 'oxygen']));
    expect(Object.keys(doc.components.schemas['crs.result']?.properties ?? {})).toEqual(expect.arrayContaining(['value', 'basis', 'actions']));
    expect(doc.components.schemas['ApiError']?.properties).toHaveProperty('issues');
    expect(doc.paths['/api/v1/assessments/{name}']).toBeUndefined();
  });

  it('documents the fixed routes', () => {
    expect(doc.paths['/health']?.['get']).toBeDefined();
    expect(doc.paths['/api/v1/instruments']?.['get']).toBeDefined();
    expect(doc.paths['/api/v1/instruments/{name}/schema']?.['get']).toBeDefined();
  });

  it('resolves every $ref inside the document', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const target = ref.slice('"$ref":"'.length, -1);
      expect(target.startsWith('#/components/schemas/'), target).toBe(true);
      expect(doc.components.schemas[target.slice('#/components/schemas/'.length)], target).toBeDefined();
    }
  });
});

describe('web app', () => {
  let root: string;
  let web: App;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cartographer-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>cartographer</title><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1);');
    web = buildApp({ webRoot: root });
    await web.ready();
  });
  afterAll(async () => {
    await web.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the built app at / and its assets, with the API taking precedence', async () => {
    const index = await web.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = await web.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await web.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok' });
    const missing = await web.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<Problem>().error).toBe('not-found');
  });
});
