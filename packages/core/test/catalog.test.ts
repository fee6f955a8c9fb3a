import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { allRules, catalogKeys, listInstruments, outputSchema, PUBLICATIONS, rawMessage, SEEDS } from '../src/index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('every rule cites its source', () => {
  const rules = allRules();
  it('has rules to check', () => {
    expect(rules.length).toBeGreaterThan(50);
  });
  it.each(rules.map((r) => [r.id, r] as const))('%s cites a seed section and a primary publication', (_id, rule) => {
    expect(rule.sources.seed.length).toBeGreaterThan(0);
    for (const ref of rule.sources.seed) {
      expect(Object.keys(SEEDS)).toContain(ref.seed);
      expect(ref.section).toMatch(/^§\S/);
    }
    expect(rule.sources.publications.length).toBeGreaterThan(0);
    for (const key of rule.sources.publications) expect(Object.keys(PUBLICATIONS)).toContain(key);
  });
  it('every publication has a DOI', () => {
    for (const p of Object.values(PUBLICATIONS)) expect(p.doi).toMatch(/^10\.\d{4,}\//);
  });
});

describe('every message exists in zh-TW and en', () => {
  const en = catalogKeys('en');
  const zh = catalogKeys('zh-TW');
  it('both catalogs hold the same keys', () => {
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  });
  it('every rule has its text in both languages', () => {
    const missing = allRules()
      .map((r) => r.id)
      .filter((id) => !en.has(id) || !zh.has(id));
    expect(missing).toEqual([]);
  });
  it('no zh-TW text is still the English text, and both use the same placeholders', () => {
    for (const key of en) {
      const english = rawMessage('en', key)!;
      const chinese = rawMessage('zh-TW', key)!;
      expect(chinese, key).not.toBe(english);
      expect(placeholders(chinese), key).toEqual(placeholders(english));
      expect(chinese, key).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it('every instrument has a title and a summary in both languages', () => {
    for (const instrument of listInstruments()) {
      for (const keys of [en, zh]) {
        expect(keys.has(`${instrument.name}.title`), instrument.name).toBe(true);
        const hasSummary = [...keys].some((k) => k === `${instrument.name}.summary` || k.startsWith(`${instrument.name}.summary.`));
        expect(hasSummary, instrument.name).toBe(true);
      }
    }
  });
});

describe('every instrument publishes its schemas', () => {
  it.each(listInstruments().map((i) => [i.name, i] as const))('%s has input and output JSON Schemas', (_name, instrument) => {
    const input = z.toJSONSchema(instrument.input, { io: 'input', unrepresentable: 'any' });
    const output = z.toJSONSchema(outputSchema(instrument), { unrepresentable: 'any' });
    expect(input).toHaveProperty('type', 'object');
    expect(output).toHaveProperty('properties.basis');
  });
});
