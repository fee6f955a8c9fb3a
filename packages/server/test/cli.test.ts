import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The CLI as a user runs it: the built `cartographer` on the example cases in /examples. */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = `${root}packages/server/dist/cli.js`;
const examples = readdirSync(`${root}examples`).filter((f) => f.endsWith('.json'));

function cartographer(args: string[], input?: string): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  return { status: result.status, stdout: result.stdout };
}

describe('cartographer CLI', () => {
  it('lists every instrument, each with an example case', () => {
    const list = JSON.parse(execFileSync(process.execPath, [cli, 'list', '--lang', 'en'], { encoding: 'utf8' })) as { name: string; title: string }[];
    const names = list.map((i) => i.name).sort();
    expect(names).toEqual(examples.map((f) => f.replace(/\.json$/, '')).sort());
    for (const i of list) expect(i.title).not.toBe(`${i.name}.title`);
  });

  it.each(examples)('assesses examples/%s in both languages and as text', (file) => {
    const name = file.replace(/\.json$/, '');
    for (const lang of ['zh-TW', 'en']) {
      const { status, stdout } = cartographer(['assess', name, '--input', `examples/${file}`, '--lang', lang]);
      expect(status).toBe(0);
      const result = JSON.parse(stdout) as { status: string; summary: string; citations: unknown[]; rulesetVersion: string };
      expect(result.status).toBe('assessed');
      expect(result.citations.length).toBeGreaterThan(0);
      expect(result.rulesetVersion).toMatch(/^\d{4}\.\d+\.\d+$/);
    }
    const text = cartographer(['assess', name, '--input', `examples/${file}`, '--format', 'text']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('出處');
    // Every line is filled in: no field of any shape is printed as missing.
    expect(text.stdout).not.toMatch(/undefined|\{\w+\}/);
  });

  it('prints the lymphodepletion calendar day by day with its doses, in both languages', () => {
    const en = cartographer(['assess', 'lymphodepletion', '--input', 'examples/lymphodepletion.json', '--format', 'text', '--lang', 'en']);
    expect(en.status).toBe(0);
    expect(en.stdout).toMatch(/\d{4}-\d{2}-\d{2} {2}day -6: fludarabine [\d.]+ mg.*; cyclophosphamide [\d.]+ mg/);
    expect(en.stdout).toContain('day -1: no doses');
    expect(en.stdout).toContain('day 0: CAR-T infusion');
    const zh = cartographer(['assess', 'lymphodepletion', '--input', 'examples/lymphodepletion.json', '--format', 'text']);
    expect(zh.stdout).toMatch(/第 -6 天: fludarabine/);
    expect(zh.stdout).toContain('CAR-T 輸注');
  });

  it('prints the JSON Schema of input and output', () => {
    const { status, stdout } = cartographer(['schema', 'crs']);
    expect(status).toBe(0);
    const schema = JSON.parse(stdout) as { input: { required: string[] }; output: { properties: Record<string, unknown> } };
    expect(schema.input.required).toEqual(expect.arrayContaining(['antipyreticOrAnticytokineGiven', 'hypotension', 'oxygen']));
    expect(schema.output.properties).toHaveProperty('basis');
  });

  it('refuses bad input with a JSON error naming the field and the rule, exit code 2', () => {
    const { status, stdout } = cartographer(['assess', 'crs', '--input', '-', '--lang', 'en'], JSON.stringify({ temperature: 39 }));
    expect(status).toBe(2);
    const error = JSON.parse(stdout) as { error: string; issues: { path: string; rule: string }[] };
    expect(error.error).toBe('invalid-input');
    expect(error.issues).toContainEqual(expect.objectContaining({ path: 'temperature', rule: 'input.unit-required' }));
  });

  it('refuses malformed JSON and unknown instruments with exit code 2', () => {
    expect(cartographer(['assess', 'crs', '--input', '-'], '{ not json').status).toBe(2);
    const unknown = cartographer(['assess', 'nope', '--input', 'examples/crs.json']);
    expect(unknown.status).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: 'unknown-instrument' });
    expect(cartographer(['assess', 'crs', '--input', 'examples/crs.json', '--lang', 'fr']).status).toBe(2);
  });
});
