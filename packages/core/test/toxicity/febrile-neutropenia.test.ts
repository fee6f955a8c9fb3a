import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawMessage } from '../../src/i18n/catalog.js';
import { FEBRILE_NEUTROPENIA_RULES, FEBRILE_NEUTROPENIA_THRESHOLDS } from '../../src/toxicity/febrile-neutropenia.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

type Fn = { febrileNeutropenia: boolean; antibioticsDueBy: string | null };

const at = '2024-05-01T10:15:00+08:00';
const DUE = '2024-05-01T11:15:00+08:00';

function fn(anc: { value: number; unit: string }, temperature: { value: number; unit: string }): boolean | undefined {
  return run<Fn>('febrile-neutropenia', { anc, temperature, observedAt: at }).value?.febrileNeutropenia;
}

describe('febrile neutropenia thresholds (seed 000: ANC < 500/uL and T >= 38.3 °C)', () => {
  it('exports the thresholds it uses', () => {
    expect(FEBRILE_NEUTROPENIA_THRESHOLDS).toEqual({ ancBelowPerMicroliter: 500, feverCelsius: 38.3, antibioticsWithinHours: 1 });
  });
  it('ANC 499 counts, 500 does not, 501 does not', () => {
    expect(fn(q(499, '/uL'), q(39, 'Cel'))).toBe(true);
    expect(fn(q(500, '/uL'), q(39, 'Cel'))).toBe(false);
    expect(fn(q(501, '/uL'), q(39, 'Cel'))).toBe(false);
  });
  it('38.2 °C does not count, 38.3 counts, 38.4 counts', () => {
    expect(fn(q(100, '/uL'), q(38.2, 'Cel'))).toBe(false);
    expect(fn(q(100, '/uL'), q(38.3, 'Cel'))).toBe(true);
    expect(fn(q(100, '/uL'), q(38.4, 'Cel'))).toBe(true);
  });
  it('accepts an ANC in 10*9/L: 0.499 counts, 0.5 is exactly 500 and does not', () => {
    expect(fn(q(0.499, '10*9/L'), q(39, 'Cel'))).toBe(true);
    expect(fn(q(0.5, '10*9/L'), q(39, 'Cel'))).toBe(false);
    expect(fn(q(0.5, '10*9/L'), q(39, 'Cel'))).toBe(false); // second call goes through the cached factor
    expect(fn(q(0.501, '10*9/L'), q(39, 'Cel'))).toBe(false);
  });
  it('accepts Fahrenheit: 100.94 °F is 38.3 °C', () => {
    expect(fn(q(100, '/uL'), q(100.94, '[degF]'))).toBe(true);
    expect(fn(q(100, '/uL'), q(100.9, '[degF]'))).toBe(false);
  });
});

describe('febrile neutropenia: antibiotics within one hour', () => {
  it('due exactly 1 h after the fever, in the offset the fever was recorded in', () => {
    const r = run<Fn>('febrile-neutropenia', { anc: q(200, '/uL'), temperature: q(38.5, 'Cel'), observedAt: at });
    expect(r.value).toEqual({ febrileNeutropenia: true, antibioticsDueBy: DUE });
    const action = r.actions.find((a) => a.rule === 'febrile-neutropenia.antibiotics-within-1h');
    expect(action?.status).toBe('do');
    expect(action?.dueBy).toBe(DUE);
    expect(Date.parse(action?.dueBy ?? '') - Date.parse(at)).toBe(3_600_000);
    expect(rulesOf(r)).toEqual(['febrile-neutropenia.anc-below', 'febrile-neutropenia.fever', 'febrile-neutropenia.present']);
    expect(r.summary).toBe(`Febrile neutropenia: antibiotics due by ${DUE}`);
  });
  it('crosses midnight and keeps the Z form for a UTC input', () => {
    const r = run<Fn>('febrile-neutropenia', { anc: q(0, '/uL'), temperature: q(39, 'Cel'), observedAt: '2024-12-31T23:30:00Z' });
    expect(r.value?.antibioticsDueBy).toBe('2025-01-01T00:30:00Z');
  });
  it('without the time of the fever: antibiotics now, with a warning', () => {
    const r = run<Fn>('febrile-neutropenia', { anc: q(200, '/uL'), temperature: q(38.5, 'Cel') });
    expect(r.value).toEqual({ febrileNeutropenia: true, antibioticsDueBy: null });
    expect(r.actions[0]?.dueBy).toBeUndefined();
    expect(actionRules(r)).toEqual(['febrile-neutropenia.antibiotics-now']);
    expect(r.actions[0]?.text).toContain('now');
    expect(r.warnings.map((w) => w.rule)).toEqual(['febrile-neutropenia.observed-at-missing']);
    expect(r.summary).toBe('Febrile neutropenia: antibiotics now (time of fever not given)');
  });
  it('no febrile neutropenia: no action', () => {
    const r = run<Fn>('febrile-neutropenia', { anc: q(1500, '/uL'), temperature: q(38.5, 'Cel'), observedAt: at });
    expect(r.value).toEqual({ febrileNeutropenia: false, antibioticsDueBy: null });
    expect(actionRules(r)).toEqual([]);
  });
});

describe('febrile neutropenia: missing and invalid input', () => {
  it('missing ANC or temperature is cannot-assess, naming the field', () => {
    const noAnc = run('febrile-neutropenia', { temperature: q(39, 'Cel') });
    expect(noAnc.status).toBe('cannot-assess');
    expect(noAnc.warnings).toEqual([expect.objectContaining({ rule: 'febrile-neutropenia.anc-missing', field: 'anc' })]);
    const noTemp = run('febrile-neutropenia', { anc: q(100, '/uL') });
    expect(noTemp.status).toBe('cannot-assess');
    expect(noTemp.warnings).toEqual([expect.objectContaining({ rule: 'febrile-neutropenia.temperature-missing', field: 'temperature' })]);
    expect(run('febrile-neutropenia', {}).warnings).toHaveLength(2);
  });
  it('refuses a time without an offset, a bare number and an ANC in a weight unit', () => {
    expectInputError('febrile-neutropenia', { anc: q(100, '/uL'), temperature: q(39, 'Cel'), observedAt: '2024-05-01T10:15:00' }, 'observedAt', 'input.invalid-format');
    expectInputError('febrile-neutropenia', { anc: 100, temperature: q(39, 'Cel') }, 'anc', 'input.unit-required');
    expectInputError('febrile-neutropenia', { anc: q(100, 'kg'), temperature: q(39, 'Cel') }, 'anc.unit', 'input.unit-not-convertible');
  });
});

describe('febrile neutropenia: monotonic', () => {
  it('a lower ANC or a higher temperature never turns it off', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 360, max: 410 }),
        fc.integer({ min: 0, max: 20 }),
        (anc, drop, tenthsC, rise) => {
          const before = fn(q(anc, '/uL'), q(tenthsC / 10, 'Cel'));
          const after = fn(q(Math.max(0, anc - drop), '/uL'), q((tenthsC + rise) / 10, 'Cel'));
          if (before === true) expect(after).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('febrile neutropenia: messages', () => {
  it('every rule has text in both languages', () => {
    const ids = [...Object.values(FEBRILE_NEUTROPENIA_RULES).map((r) => r.id), 'febrile-neutropenia.title', 'febrile-neutropenia.summary.present', 'febrile-neutropenia.summary.present-now', 'febrile-neutropenia.summary.absent'];
    for (const id of ids) {
      expect(rawMessage('en', id), id).toBeDefined();
      expect(rawMessage('zh-TW', id), id).toBeDefined();
      expect(rawMessage('zh-TW', id)).not.toBe(rawMessage('en', id));
    }
  });
  it('renders both languages by text, never by key', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const r = run('febrile-neutropenia', { anc: q(200, '/uL'), temperature: q(38.5, 'Cel') }, lang);
      const timed = run('febrile-neutropenia', { anc: q(200, '/uL'), temperature: q(38.5, 'Cel'), observedAt: '2026-11-22T08:00:00+08:00' }, lang);
      for (const t of [...r.basis, ...r.actions, ...r.warnings, ...timed.actions]) {
        expect(t.text).not.toBe(t.rule);
        // Every placeholder is filled, with and without the time of the fever.
        expect(t.text).not.toMatch(/\{\w+\}/);
      }
      expect(timed.actions[0]?.text).toContain('2026-11-22T09:00:00+08:00');
      expect(r.summary).not.toMatch(/^febrile-neutropenia\./);
    }
  });
});
