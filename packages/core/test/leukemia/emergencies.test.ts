import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import '../../src/leukemia/emergencies.js';
import type { LeukemiaEmergenciesValue } from '../../src/leukemia/emergencies.js';
import { getInstrument } from '../../src/instruments/registry.js';
import { expectInputError, q, rulesOf, run } from '../support.js';

const NAME = 'leukemia-emergencies';
const example = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../examples/leukemia-emergencies.json', import.meta.url)), 'utf8')) as Record<string, unknown>;
const em = (input: Record<string, unknown>, lang: 'en' | 'zh-TW' = 'en') => run<LeukemiaEmergenciesValue>(NAME, input, lang);

describe('leukemia-emergencies: calls the registered instruments', () => {
  it('nothing given: all three not provided, framed by the early-warning rule', () => {
    const r = em({});
    expect(r.value).toMatchObject({ alerts: [], tls: { status: 'not-provided' }, febrileNeutropenia: { status: 'not-provided' }, leukostasis: { status: 'not-provided' } });
    expect(rulesOf(r)).toEqual([`${NAME}.early-warnings`]);
    expect(r.warnings.map((w) => w.rule)).toEqual([`${NAME}.tls-not-provided`, `${NAME}.febrile-neutropenia-not-provided`, `${NAME}.leukostasis-not-provided`]);
    expect(r.summary).toContain('some checks could not be made');
    expect(r.citations.some((c) => c.reference.includes('§急診早期警訊'))).toBe(true);
  });

  it('merges the same results as each instrument run alone', () => {
    const r = em(example);
    for (const [key, name] of [['tls', 'tls'], ['febrileNeutropenia', 'febrile-neutropenia'], ['leukostasis', 'leukostasis']] as const) {
      const alone = run(name, example[key]);
      expect(r.value![key].value).toEqual(alone.value);
      for (const b of alone.basis) expect(r.basis).toContainEqual(expect.objectContaining({ rule: b.rule, field: `${key}.${b.field}`, observed: b.observed }));
      for (const a of alone.actions) expect(r.actions.map((x) => x.rule)).toContain(a.rule);
    }
    expect(r.value!.alerts).toEqual(['tls', 'febrileNeutropenia']);
    expect(r.actions).toContainEqual(expect.objectContaining({ rule: 'febrile-neutropenia.antibiotics-within-1h', dueBy: '2026-11-21T04:20:00+08:00' }));
    expect(getInstrument('tls')).toBeDefined();
  });

  it.each([
    [100_000, false],
    [100_001, true],
  ] as const)('leukostasis at WBC %s/uL -> alert %s', (wbc, alert) => {
    const r = em({ leukostasis: { wbc: q(wbc, '/uL') } });
    expect(r.value!.leukostasis.alert).toBe(alert);
    expect(r.value!.alerts.includes('leukostasis')).toBe(alert);
    expect(rulesOf(r)).toContain(alert ? 'leukostasis.wbc-above' : 'leukostasis.wbc-not-above');
  });

  it.each([
    [499, 38.3, true],
    [500, 38.3, false],
    [499, 38.2, false],
  ] as const)('febrile neutropenia ANC %s, %s °C -> %s', (anc, temperature, alert) => {
    const r = em({ febrileNeutropenia: { anc: q(anc, '/uL'), temperature: q(temperature, 'Cel') } });
    expect(r.value!.febrileNeutropenia.alert).toBe(alert);
    expect(rulesOf(r).includes(`${NAME}.febrile-neutropenia-alert`)).toBe(alert);
  });

  it('sub-instrument missing data stays cannot-assess with its own warnings, prefixed', () => {
    const r = em({ leukostasis: {} });
    expect(r.value!.leukostasis).toEqual({ status: 'cannot-assess', alert: null, value: null });
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'leukostasis.wbc-missing', field: 'leukostasis.wbc' }));
  });
});

describe('leukemia-emergencies: TLS in the leukemia setting, without the CAR-T statements', () => {
  const CAR_T_ONLY = ['tls.car-t-context', 'tls.onset-ldc-and-late', 'tls.low-risk-car-t-tension', 'tls.timing-outside-window'];
  const tls = example['tls'] as Record<string, unknown>;
  it('the example (ALL, day 2 of therapy): no CAR-T warning, in either language', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const r = em(example, lang);
      for (const rule of CAR_T_ONLY) expect(r.warnings.map((w) => w.rule)).not.toContain(rule);
      expect(r.warnings.map((w) => w.text).join('\n')).not.toMatch(/CAR-T|LDC/);
    }
    // Same clinical result as the instrument alone.
    expect(em(example).value!.tls.value).toEqual(run('tls', tls).value);
  });
  it('the tls instrument alone keeps its CAR-T default; an explicit context is respected here', () => {
    expect(run('tls', tls).warnings.map((w) => w.rule)).toEqual(expect.arrayContaining(['tls.car-t-context', 'tls.onset-ldc-and-late']));
    const explicit = em({ tls: { ...tls, therapyContext: 'car-t' } });
    expect(explicit.warnings.map((w) => w.rule)).toEqual(expect.arrayContaining(['tls.car-t-context', 'tls.onset-ldc-and-late']));
  });
  it('low-risk AML at diagnosis: no CAR-T tension warning', () => {
    const r = em({ tls: { disease: 'aml', wbc: q(10_000, '/uL'), ldh: q(200, 'U/L'), ldhUpperLimit: q(250, 'U/L'), renalImpairment: false } });
    expect(r.value!.tls.value).toMatchObject({ riskGroup: 'low' });
    for (const rule of CAR_T_ONLY) expect(r.warnings.map((w) => w.rule)).not.toContain(rule);
  });
});

describe('leukemia-emergencies: nested input errors keep their path', () => {
  it('prefixes the path of each instrument', () => {
    const tls = { ...(example['tls'] as Record<string, unknown>) };
    tls['current'] = { ...(tls['current'] as Record<string, unknown>), potassium: { value: 5.2, unit: 'kg' } };
    expectInputError(NAME, { tls }, 'tls.current.potassium.unit', 'input.unit-not-convertible');
    expectInputError(NAME, { febrileNeutropenia: { anc: 300 } }, 'febrileNeutropenia.anc', 'input.unit-required');
    expectInputError(NAME, { febrileNeutropenia: { observedAt: '2026-11-21T03:20:00' } }, 'febrileNeutropenia.observedAt', 'input.invalid-format');
    expectInputError(NAME, { leukostasis: { wbc: q(100, 'mg/dL') } }, 'leukostasis.wbc.unit', 'input.unit-not-convertible');
    expectInputError(NAME, { leukostasis: { platelets: q(1, '/uL') } }, 'leukostasis', 'input.unrecognized-keys');
    expectInputError(NAME, { sepsis: {} }, '', 'input.unrecognized-keys');
  });
});

describe('leukemia-emergencies: both languages', () => {
  it('renders without falling back to rule ids', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const r = em(example, lang);
      for (const t of [...r.basis, ...r.actions, ...r.warnings]) expect(t.text).not.toBe(t.rule);
      expect(r.summary).toMatch(lang === 'en' ? /2 early emergency/ : /2 項/);
    }
  });
});
