import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawMessage } from '../../src/i18n/catalog.js';
import { LEUKOSTASIS_RULES, LEUKOSTASIS_THRESHOLDS } from '../../src/toxicity/leukostasis.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

type L = { leukostasisRisk: boolean };

function risk(wbc: { value: number; unit: string }): boolean | undefined {
  return run<L>('leukostasis', { wbc }).value?.leukostasisRisk;
}

describe('leukostasis (seed 000: WBC > 100,000/uL)', () => {
  it('exports its threshold', () => {
    expect(LEUKOSTASIS_THRESHOLDS.wbcAbovePerMicroliter).toBe(100_000);
  });
  it('99,999 and exactly 100,000 do not count; 100,001 counts', () => {
    expect(risk(q(99_999, '/uL'))).toBe(false);
    expect(risk(q(100_000, '/uL'))).toBe(false);
    expect(risk(q(100_001, '/uL'))).toBe(true);
  });
  it('accepts 10*9/L: 100 is exactly 100,000 (not above), 100.001 is above', () => {
    expect(risk(q(100, '10*9/L'))).toBe(false);
    expect(risk(q(100, '10*9/L'))).toBe(false); // cached conversion factor
    expect(risk(q(100.001, '10*9/L'))).toBe(true);
    expect(risk(q(250, '10*9/L'))).toBe(true);
  });
  it('flags complications, AML > ALL, TLS risk, and proposes leukapheresis', () => {
    const r = run<L>('leukostasis', { wbc: q(180_000, '/uL') });
    expect(rulesOf(r)).toEqual(['leukostasis.wbc-above']);
    expect(r.warnings.map((w) => w.rule)).toEqual(['leukostasis.complications', 'leukostasis.aml-higher-risk', 'leukostasis.tls-risk-input']);
    expect(actionRules(r)).toEqual(['leukostasis.leukapheresis']);
    expect(r.actions[0]?.status).toBe('consider');
  });
  it('below the threshold: no warning, no action', () => {
    const r = run<L>('leukostasis', { wbc: q(50_000, '/uL') });
    expect(r.warnings).toEqual([]);
    expect(r.actions).toEqual([]);
  });
  it('missing WBC is cannot-assess', () => {
    const r = run('leukostasis', {});
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings).toEqual([expect.objectContaining({ rule: 'leukostasis.wbc-missing', field: 'wbc' })]);
  });
  it('refuses a bare number', () => {
    expectInputError('leukostasis', { wbc: 150000 }, 'wbc', 'input.unit-required');
  });
  it('a higher WBC never removes the flag', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 500_000 }), (wbc, more) => {
        if (risk(q(wbc, '/uL')) === true) expect(risk(q(wbc + more, '/uL'))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
  it('every rule has text in both languages; zh-TW renders by text', () => {
    const ids = [...Object.values(LEUKOSTASIS_RULES).map((r) => r.id), 'leukostasis.title', 'leukostasis.summary.risk', 'leukostasis.summary.no-risk'];
    for (const id of ids) {
      expect(rawMessage('en', id), id).toBeDefined();
      expect(rawMessage('zh-TW', id), id).toBeDefined();
      expect(rawMessage('zh-TW', id)).not.toBe(rawMessage('en', id));
    }
    const r = run('leukostasis', { wbc: q(180_000, '/uL') }, 'zh-TW');
    expect(r.summary).toBe('高白血球症：有白血球停滯風險');
    for (const t of [...r.basis, ...r.actions, ...r.warnings]) expect(t.text).not.toBe(t.rule);
  });
});
