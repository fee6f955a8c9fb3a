import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MRD_THRESHOLDS, mrdResultStatus } from '../../src/leukemia/mrd.js';
import { actionRules, expectInputError, rulesOf, run } from '../support.js';

type Status = 'positive' | 'negative' | 'cannot-call-negative';
type V = {
  disease: string;
  requiredSensitivityFraction: number | null;
  thresholdSource: string | null;
  results: { index: number; date: string; method: string; marker: string; status: Status }[];
  timepoints: { date: string; status: Status }[];
  series: string;
  latestDate: string;
  conversions: { lastNegativeDate: string; positiveDate: string }[];
  persistentPositiveSince: string | null;
};
type Result = { date: string; method: 'flow' | 'pcr' | 'ngs'; marker: string; sensitivityFraction: number; valueFraction: number | 'undetectable' };

const neg = (date: string, sensitivityFraction = 1e-4, method: Result['method'] = 'flow', marker = 'LAIP'): Result => ({
  date,
  method,
  marker,
  sensitivityFraction,
  valueFraction: 'undetectable',
});
const pos = (date: string, valueFraction = 1e-3, method: Result['method'] = 'flow', marker = 'LAIP'): Result => ({
  date,
  method,
  marker,
  sensitivityFraction: 1e-4,
  valueFraction,
});
const mrd = (results: Result[], extra: Record<string, unknown> = {}, lang: 'en' | 'zh-TW' = 'en') => run<V>('mrd', { disease: 'ALL', results, ...extra }, lang);
const warningRules = (r: { warnings: { rule: string }[] }) => r.warnings.map((w) => w.rule);

describe('one result against the required sensitivity', () => {
  it('exports its thresholds', () => {
    expect(MRD_THRESHOLDS.allNegativeSensitivityFraction).toBe(1e-4);
    expect(MRD_THRESHOLDS.persistentPositiveCount).toBe(2);
  });
  it.each([
    ['10x better than 1e-4', 1e-5, 'negative'],
    ['exactly at 1e-4', 1e-4, 'negative'],
    ['just worse than 1e-4', 1.01e-4, 'cannot-call-negative'],
    ['10x worse (1e-3)', 1e-3, 'cannot-call-negative'],
  ])('ALL default threshold (E1910, 1e-4): undetectable at %s: %s', (_n, sensitivity, expected) => {
    const r = mrd([neg('2025-01-10', sensitivity)]);
    expect(r.value?.results[0]?.status).toBe(expected);
    expect(r.value?.thresholdSource).toBe('e1910-default');
    expect(rulesOf(r)).toContain('mrd.threshold-all-e1910');
    if (expected === 'negative') {
      expect(r.basis.find((b) => b.rule === 'mrd.result-negative')).toMatchObject({ observed: sensitivity, threshold: { comparator: '<=', value: 1e-4 } });
      expect(r.value?.series).toBe('negative');
    } else {
      expect(r.basis.find((b) => b.rule === 'mrd.result-insufficient-sensitivity')).toMatchObject({ observed: sensitivity, threshold: { comparator: '>', value: 1e-4 } });
      expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'mrd.insufficient-sensitivity-alert', field: 'results[0].sensitivityFraction' }));
      expect(r.value?.series).toBe('cannot-call-negative');
      expect(r.summary).toContain('no result is sensitive enough');
    }
  });
  it.each([
    [1e-6, 'negative'],
    [1e-5, 'cannot-call-negative'],
  ])('institution threshold 1e-6 (NGS): undetectable at %s: %s', (sensitivity, expected) => {
    const r = mrd([neg('2025-01-10', sensitivity, 'ngs', 'IGH')], { requiredSensitivityFraction: 1e-6 });
    expect(r.value?.results[0]?.status).toBe(expected);
    expect(r.value).toMatchObject({ requiredSensitivityFraction: 1e-6, thresholdSource: 'input' });
    expect(rulesOf(r)).toContain('mrd.threshold-given');
  });
  it('a detected value is positive whatever the sensitivity', () => {
    const r = mrd([pos('2025-01-10', 0.02)]);
    expect(r.value?.results[0]?.status).toBe('positive');
    expect(r.basis.find((b) => b.rule === 'mrd.result-positive')).toMatchObject({ observed: 0.02, field: 'results[0].valueFraction' });
  });
  it('a value detected below the threshold stays positive, with a review warning', () => {
    const r = mrd([{ ...pos('2025-01-10', 5e-5, 'ngs', 'IGH'), sensitivityFraction: 1e-6 }]);
    expect(r.value?.results[0]?.status).toBe('positive');
    expect(warningRules(r)).toContain('mrd.detected-below-threshold');
  });
  it('status function: no threshold leaves an undetectable result unjudged; a positive never needs one', () => {
    expect(mrdResultStatus({ sensitivityFraction: 1e-4, valueFraction: 'undetectable' }, undefined)).toBeNull();
    expect(mrdResultStatus({ sensitivityFraction: 1e-4, valueFraction: 0.01 }, undefined)).toBe('positive');
  });
  it('property: undetectable at a sensitivity worse than required is never called negative', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-7, max: 0.5, noNaN: true }), fc.double({ min: 1.0001, max: 1000, noNaN: true }), (required, factor) => {
        const sensitivity = required * factor;
        fc.pre(sensitivity < 1);
        expect(mrdResultStatus({ sensitivityFraction: sensitivity, valueFraction: 'undetectable' }, required)).toBe('cannot-call-negative');
      }),
    );
  });
});

describe('MRD levels in the rendered text', () => {
  it.each(['en', 'zh-TW'] as const)('thresholds, sensitivities and levels below 0.001 are written out, never rounded to 0 (%s)', (lang) => {
    const r = mrd([neg('2025-01-10', 1e-4), { ...pos('2025-02-10', 4e-5, 'ngs', 'IGH'), sensitivityFraction: 1e-6 }], {}, lang);
    const text = [...r.basis, ...r.warnings].map((e) => e.text).join('\n');
    expect(text).toContain('0.0001');
    expect(text).toContain('0.00004');
    expect(text).not.toMatch(/(^|[^\d.])0 \(|[ （]0 of|採用 0[^.\d]|靈敏度 0[^.\d]/);
    const ngs = mrd([neg('2025-01-10', 1e-6, 'ngs', 'IGH')], { requiredSensitivityFraction: 1e-6 }, lang);
    expect(ngs.basis.map((e) => e.text).join('\n')).toContain('0.000001');
  });
});

describe('AML: the threshold is an input with no default', () => {
  it('an undetectable result without a threshold: cannot assess, naming the field', () => {
    const r = run<V>('mrd', { disease: 'AML', results: [neg('2025-03-01', 1e-3)] });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'mrd.threshold-missing', field: 'requiredSensitivityFraction' }));
  });
  it('positives alone need no threshold', () => {
    const r = run<V>('mrd', { disease: 'AML', results: [pos('2025-03-01', 0.01, 'pcr', 'NPM1'), pos('2025-04-01', 0.02, 'pcr', 'NPM1')] });
    expect(r.value?.series).toBe('persistent-positive');
    expect(r.value?.thresholdSource).toBeNull();
    expect(actionRules(r)).toContain('mrd.aml-positive-transplant-or-intensify');
  });
  it.each([
    [1e-3, 'negative'],
    [1e-2, 'cannot-call-negative'],
  ])('with a threshold of 1e-3: undetectable at %s: %s', (sensitivity, expected) => {
    const r = run<V>('mrd', { disease: 'AML', results: [neg('2025-03-01', sensitivity)], requiredSensitivityFraction: 1e-3 });
    expect(r.value?.results[0]?.status).toBe(expected);
    if (expected === 'negative') expect(rulesOf(r)).toContain('mrd.aml-negative-continue-monitoring');
  });
  it('AML conversion: transplant or intensified therapy', () => {
    const r = run<V>('mrd', { disease: 'AML', results: [neg('2025-03-01', 1e-5, 'pcr', 'NPM1'), pos('2025-06-01', 1e-4, 'pcr', 'NPM1')], requiredSensitivityFraction: 1e-4 });
    expect(r.value?.series).toBe('converted-to-positive');
    expect(actionRules(r)).toContain('mrd.aml-positive-transplant-or-intensify');
    expect(actionRules(r)).not.toContain('mrd.all-consider-immunotherapy-consolidation');
  });
});

describe('the series', () => {
  it('conversion from negative to positive: alert with both dates', () => {
    const r = mrd([neg('2025-01-10'), pos('2025-04-10')]);
    expect(r.value?.series).toBe('converted-to-positive');
    expect(r.value?.conversions).toEqual([{ lastNegativeDate: '2025-01-10', positiveDate: '2025-04-10' }]);
    const alert = r.warnings.find((w) => w.rule === 'mrd.conversion-alert');
    expect(alert?.text).toContain('2025-01-10');
    expect(alert?.text).toContain('2025-04-10');
    expect(warningRules(r)).toContain('mrd.all-positive-not-persistent');
    expect(r.summary).toBe('MRD converted from negative to positive (latest 2025-04-10)');
  });
  it('persistent positivity: two consecutive positives, with the date it began', () => {
    const r = mrd([neg('2025-01-10'), pos('2025-02-10'), pos('2025-03-10')]);
    expect(r.value).toMatchObject({ series: 'persistent-positive', persistentPositiveSince: '2025-02-10' });
    expect(r.warnings.find((w) => w.rule === 'mrd.persistent-alert')?.text).toContain('2 consecutive');
    expect(r.value?.conversions).toHaveLength(1);
    expect(actionRules(r)).toContain('mrd.all-persistent-evaluate-allo-hct');
  });
  it('one positive alone: positive, not persistent', () => {
    const r = mrd([pos('2025-02-10')]);
    expect(r.value).toMatchObject({ series: 'positive', persistentPositiveSince: null, conversions: [] });
    expect(warningRules(r)).not.toContain('mrd.persistent-alert');
  });
  it('sustained negativity: two consecutive negatives; ALL meaning (seed 001)', () => {
    const r = mrd([pos('2024-12-01'), neg('2025-01-10'), neg('2025-04-10')]);
    expect(r.value?.series).toBe('sustained-negative');
    expect(rulesOf(r)).toContain('mrd.all-milestone-not-guarantee');
    expect(r.actions.find((a) => a.rule === 'mrd.all-consider-immunotherapy-consolidation')).toMatchObject({ status: 'consider' });
    expect(actionRules(r)).toContain('mrd.all-transplant-considerations');
    expect(warningRules(r)).toEqual(expect.arrayContaining(['mrd.all-nhi-not-covered', 'mrd.all-shared-decision']));
    const milestone = r.basis.find((b) => b.rule === 'mrd.all-milestone-not-guarantee');
    expect(milestone?.citations.map((c) => c.reference).join(' ')).toContain('001_c9450b1f8cb43eef.txt');
    expect(milestone?.citations.map((c) => c.doi)).toContain('10.1056/NEJMoa2312948');
  });
  it('a result that cannot be called negative neither breaks nor makes a run', () => {
    const persistent = mrd([pos('2025-01-10'), neg('2025-02-10', 1e-2), pos('2025-03-10')]);
    expect(persistent.value?.series).toBe('persistent-positive');
    const negative = mrd([neg('2025-01-10'), neg('2025-02-10', 1e-2)]);
    expect(negative.value?.series).toBe('negative');
    expect(negative.value?.timepoints.map((t) => t.status)).toEqual(['negative', 'cannot-call-negative']);
    expect(warningRules(negative)).toContain('mrd.insufficient-sensitivity-alert');
  });
  it('dates out of order are sorted; basis fields keep the input index', () => {
    const r = mrd([pos('2025-04-10'), neg('2025-01-10')]);
    expect(r.value?.results.map((x) => x.date)).toEqual(['2025-01-10', '2025-04-10']);
    expect(r.value?.results.map((x) => x.index)).toEqual([1, 0]);
    expect(r.value?.series).toBe('converted-to-positive');
    expect(r.basis.find((b) => b.rule === 'mrd.result-positive')?.field).toBe('results[0].valueFraction');
  });
  it('two methods on one date: positive wins, and the disagreement is flagged', () => {
    const r = mrd([neg('2025-01-10', 1e-4, 'flow', 'LAIP'), { ...pos('2025-01-10', 2e-5, 'ngs', 'IGH'), sensitivityFraction: 1e-6 }]);
    expect(r.value?.timepoints).toEqual([{ date: '2025-01-10', status: 'positive' }]);
    expect(warningRules(r)).toContain('mrd.methods-disagree');
  });
  it('a sensitive negative on the same date as an insufficient one makes the date negative', () => {
    const r = mrd([neg('2025-01-10', 1e-3, 'flow', 'LAIP'), neg('2025-01-10', 1e-6, 'ngs', 'IGH')]);
    expect(r.value?.timepoints).toEqual([{ date: '2025-01-10', status: 'negative' }]);
  });
  it('property: adding a later positive after a negative never removes the conversion alert', () => {
    const entry = fc.record({
      day: fc.integer({ min: 0, max: 300 }),
      kind: fc.constantFrom('negative', 'positive', 'insufficient'),
    });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 0, maxLength: 8 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 60 }), (entries, negDay, gap) => {
        const date = (d: number) => `2025-${String(1 + Math.floor(d / 28)).padStart(2, '0')}-${String(1 + (d % 28)).padStart(2, '0')}`;
        const unique = new Map<number, string>();
        for (const e of entries) unique.set(e.day, e.kind);
        unique.set(negDay, 'negative');
        const results: Result[] = [...unique].map(([d, kind], i) =>
          kind === 'positive' ? pos(date(d), 1e-3, 'flow', `M${i}`) : neg(date(d), kind === 'insufficient' ? 1e-2 : 1e-4, 'flow', `M${i}`),
        );
        const later = Math.min(negDay + gap, 335);
        fc.pre(later > negDay);
        const withPositive = mrd([...results, pos(date(later), 1e-3, 'pcr', 'IGH')]);
        expect(withPositive.value?.conversions.length).toBeGreaterThan(0);
        expect(warningRules(withPositive)).toContain('mrd.conversion-alert');
        // And a series that already had the alert keeps it.
        const before = mrd(results);
        if (before.value !== null && before.value.conversions.length > 0) expect(withPositive.value!.conversions.length).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('ALL MRD negative: immunotherapy without a lineage (the drug depends on lineage and Ph status)', () => {
  it('no drug on the action; blinatumomab named only for Ph-negative B-ALL, and ruled out for T-ALL, in both languages', () => {
    const en = mrd([neg('2025-01-10')]);
    const action = en.actions.find((a) => a.rule === 'mrd.all-consider-immunotherapy-consolidation')!;
    expect(action).not.toHaveProperty('drug');
    expect(en.actions.some((a) => a.drug === 'blinatumomab')).toBe(false);
    expect(action.text).toContain('in Ph-negative B-ALL it is blinatumomab');
    expect(action.text).toContain('do not apply to T-ALL');
    expect(action.citations.map((c) => c.reference).join(' ')).toContain('§T-ALL');
    const zh = mrd([neg('2025-01-10')], {}, 'zh-TW').actions.find((a) => a.rule === 'mrd.all-consider-immunotherapy-consolidation')!;
    expect(zh.text).toContain('Ph 陰性 B-ALL 為 blinatumomab');
    expect(zh.text).toContain('不適用於 T-ALL');
  });
  it('MRD positive: no immunotherapy proposal at all', () => {
    expect(actionRules(mrd([pos('2025-01-10')]))).not.toContain('mrd.all-consider-immunotherapy-consolidation');
  });
});

describe('zh-TW shows no raw series values', () => {
  it('AML negative monitoring reads in Chinese', () => {
    for (const results of [[neg('2025-03-01', 1e-3)], [neg('2025-03-01', 1e-3), neg('2025-05-01', 1e-3)]]) {
      const r = run<V>('mrd', { disease: 'AML', results, requiredSensitivityFraction: 1e-3 }, 'zh-TW');
      const text = r.basis.find((b) => b.rule === 'mrd.aml-negative-continue-monitoring')!.text;
      expect(text).toContain('MRD 陰性');
      expect(text).not.toMatch(/negative/);
    }
  });
});

describe('contradictions are refused', () => {
  it.each([
    [0, 'mrd.input.sensitivity-out-of-range'],
    [1, 'mrd.input.sensitivity-out-of-range'],
    [-1e-4, 'mrd.input.sensitivity-out-of-range'],
    [1.5, 'mrd.input.sensitivity-out-of-range'],
  ])('sensitivity %s', (sensitivity, rule) => {
    expectInputError('mrd', { disease: 'ALL', results: [neg('2025-01-10', sensitivity)] }, 'results[0].sensitivityFraction', rule);
  });
  it('a required sensitivity outside (0,1)', () => {
    expectInputError('mrd', { disease: 'ALL', results: [neg('2025-01-10')], requiredSensitivityFraction: 1 }, 'requiredSensitivityFraction', 'mrd.input.sensitivity-out-of-range');
  });
  it.each([
    [0, 'mrd.input.value-not-positive'],
    [-0.1, 'mrd.input.value-not-positive'],
    [1.2, 'mrd.input.value-above-one'],
    [1e-5, 'mrd.input.value-below-sensitivity'],
  ])('value %s', (value, rule) => {
    expectInputError('mrd', { disease: 'ALL', results: [pos('2025-01-10', value)] }, 'results[0].valueFraction', rule);
  });
  it('a value of "undetectable" plus a number cannot be given: any other string is refused', () => {
    expectInputError('mrd', { disease: 'ALL', results: [{ ...neg('2025-01-10'), valueFraction: 'negative' }] }, 'results[0].valueFraction', 'input.invalid-union');
  });
  it('duplicates (same date, method and marker) are refused; another marker on the same date is not', () => {
    expectInputError('mrd', { disease: 'ALL', results: [neg('2025-01-10'), pos('2025-01-10')] }, 'results[1]', 'mrd.input.duplicate-result');
    expect(mrd([neg('2025-01-10'), neg('2025-01-10', 1e-4, 'flow', 'CD19')]).status).toBe('assessed');
  });
  it('an empty series and an impossible date are refused', () => {
    expectInputError('mrd', { disease: 'ALL', results: [] }, 'results', 'input.too-small');
    expectInputError('mrd', { disease: 'ALL', results: [neg('2025-02-30')] }, 'results[0].date', 'input.invalid-format');
  });
});

describe('both languages render', () => {
  it.each(['en', 'zh-TW'] as const)('%s: no text falls back to its rule id', (lang) => {
    for (const results of [[neg('2025-01-10'), pos('2025-02-10'), pos('2025-03-10')], [neg('2025-01-10'), neg('2025-02-10', 1e-2), neg('2025-03-10')]]) {
      const r = mrd(results, {}, lang);
      for (const item of [...r.basis, ...r.actions, ...r.warnings]) {
        expect(item.text).not.toBe(item.rule);
        expect(item.text).not.toMatch(/\{\w+\}/);
      }
      expect(r.summary).not.toMatch(/^mrd\./);
    }
  });
});
