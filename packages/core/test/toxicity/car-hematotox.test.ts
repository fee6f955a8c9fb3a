import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAR_HEMATOTOX_OUTCOMES, CAR_HEMATOTOX_THRESHOLDS } from '../../src/toxicity/car-hematotox.js';
import type { CarHematotoxValue } from '../../src/toxicity/car-hematotox.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

/** All five items in the 0-point band. */
const base = {
  platelets: q(250_000, '/uL'),
  anc: q(3_000, '/uL'),
  hemoglobin: q(12, 'g/dL'),
  crp: q(0.5, 'mg/dL'),
  ferritin: q(300, 'ng/mL'),
  disease: 'LBCL',
};

function assess(input: Record<string, unknown>) {
  return run<CarHematotoxValue>('car-hematotox', { ...base, ...input });
}
function points(input: Record<string, unknown>): CarHematotoxValue['points'] {
  const value = assess(input).value;
  expect(value).not.toBeNull();
  return value!.points;
}

describe('CAR-HEMATOTOX: each band edge of Figure 7 on both sides', () => {
  it.each([
    ['platelets 175,001/uL: 0', { platelets: q(175_001, '/uL') }, 'platelets', 0],
    ['platelets 175,000/uL: 1', { platelets: q(175_000, '/uL') }, 'platelets', 1],
    ['platelets 75,000/uL: 1', { platelets: q(75_000, '/uL') }, 'platelets', 1],
    ['platelets 74,999/uL: 2', { platelets: q(74_999, '/uL') }, 'platelets', 2],
    ['ANC 1,201/uL: 0', { anc: q(1_201, '/uL') }, 'anc', 0],
    ['ANC 1,200/uL: 1', { anc: q(1_200, '/uL') }, 'anc', 1],
    ['hemoglobin 9.1 g/dL: 0', { hemoglobin: q(9.1, 'g/dL') }, 'hemoglobin', 0],
    ['hemoglobin 9.0 g/dL: 1', { hemoglobin: q(9.0, 'g/dL') }, 'hemoglobin', 1],
    ['CRP 2.9 mg/dL: 0', { crp: q(2.9, 'mg/dL') }, 'crp', 0],
    ['CRP 3.0 mg/dL: 1', { crp: q(3.0, 'mg/dL') }, 'crp', 1],
    ['ferritin 649 ng/mL: 0', { ferritin: q(649, 'ng/mL') }, 'ferritin', 0],
    ['ferritin 650 ng/mL: 1', { ferritin: q(650, 'ng/mL') }, 'ferritin', 1],
    ['ferritin 2,000 ng/mL: 1', { ferritin: q(2_000, 'ng/mL') }, 'ferritin', 1],
    ['ferritin 2,001 ng/mL: 2', { ferritin: q(2_001, 'ng/mL') }, 'ferritin', 2],
  ] as const)('%s', (_label, input, item, expected) => {
    expect(points(input)[item]).toBe(expected);
  });

  it('names the band that fired', () => {
    expect(rulesOf(assess({ platelets: q(74_999, '/uL'), ferritin: q(2_001, 'ng/mL') }))).toEqual(
      expect.arrayContaining(['car-hematotox.platelets-2', 'car-hematotox.ferritin-2', 'car-hematotox.anc-0', 'car-hematotox.hemoglobin-0', 'car-hematotox.crp-0']),
    );
  });

  it('the thresholds constant holds the numbers of Figure 7', () => {
    expect(CAR_HEMATOTOX_THRESHOLDS).toMatchObject({
      plateletsZeroAbove: 175_000,
      plateletsTwoBelow: 75_000,
      ancZeroAbove: 1_200,
      hemoglobinZeroAbove: 9,
      crpZeroBelow: 3,
      ferritinZeroBelow: 650,
      ferritinTwoAbove: 2_000,
      highRiskFrom: 2,
    });
    expect(Object.isFrozen(CAR_HEMATOTOX_THRESHOLDS)).toBe(true);
  });
});

describe('CAR-HEMATOTOX: risk groups (0-1 low, 2-7 high)', () => {
  it('score 0 is low risk', () => {
    expect(assess({}).value).toMatchObject({ score: 0, risk: 'low' });
  });
  it('score 1 is low risk', () => {
    const r = assess({ crp: q(3.0, 'mg/dL') });
    expect(r.value).toMatchObject({ score: 1, risk: 'low' });
    expect(rulesOf(r)).toContain('car-hematotox.low-risk');
    expect(r.summary).toBe('CAR-HEMATOTOX 1: low risk');
  });
  it('score 2 is high risk (not 3, as one open-source dashboard has it)', () => {
    const r = assess({ crp: q(3.0, 'mg/dL'), anc: q(1_000, '/uL') });
    expect(r.value).toMatchObject({ score: 2, risk: 'high' });
    expect(rulesOf(r)).toContain('car-hematotox.high-risk');
    expect(r.summary).toBe('CAR-HEMATOTOX 2: high risk');
  });
  it('a single 2-point item alone is high risk', () => {
    expect(assess({ platelets: q(50_000, '/uL') }).value).toMatchObject({ score: 2, risk: 'high' });
  });
  it('every item at its worst gives the maximum of 7', () => {
    const r = assess({ platelets: q(20_000, '/uL'), anc: q(300, '/uL'), hemoglobin: q(7.5, 'g/dL'), crp: q(8, 'mg/dL'), ferritin: q(5_000, 'ng/mL') });
    expect(r.value).toMatchObject({ score: 7, risk: 'high', points: { platelets: 2, anc: 1, hemoglobin: 1, crp: 1, ferritin: 2 } });
  });
});

describe('CAR-HEMATOTOX: units are converted through UCUM', () => {
  it.each([
    ['platelets 175 x10^9/L = 175,000/uL: 1', { platelets: q(175, '10*9/L') }, 'platelets', 1],
    ['platelets 176 x10^9/L: 0', { platelets: q(176, '10*9/L') }, 'platelets', 0],
    ['platelets 74 x10^9/L: 2', { platelets: q(74, '10*9/L') }, 'platelets', 2],
    ['ANC 1.2 x10^9/L: 1', { anc: q(1.2, '10*9/L') }, 'anc', 1],
    ['hemoglobin 90 g/L = 9.0 g/dL: 1', { hemoglobin: q(90, 'g/L') }, 'hemoglobin', 1],
    ['hemoglobin 91 g/L: 0', { hemoglobin: q(91, 'g/L') }, 'hemoglobin', 0],
    ['CRP 30 mg/L = 3.0 mg/dL: 1', { crp: q(30, 'mg/L') }, 'crp', 1],
    ['CRP 29 mg/L: 0', { crp: q(29, 'mg/L') }, 'crp', 0],
    ['ferritin 650 ug/L = 650 ng/mL: 1', { ferritin: q(650, 'ug/L') }, 'ferritin', 1],
  ] as const)('%s', (_label, input, item, expected) => {
    expect(points(input)[item]).toBe(expected);
  });
  it('a bare number is refused', () => {
    expectInputError('car-hematotox', { ...base, crp: 3 }, 'crp', 'input.unit-required');
  });
  it('a unit of the wrong kind is refused', () => {
    expectInputError('car-hematotox', { ...base, hemoglobin: q(9, 'mmol/L/s') }, 'hemoglobin.unit', 'input.unit-not-convertible');
  });
  it('an unknown disease is refused', () => {
    expectInputError('car-hematotox', { ...base, disease: 'AML' }, 'disease', 'input.invalid-value');
  });
});

describe('CAR-HEMATOTOX: missing items', () => {
  it.each(['platelets', 'anc', 'hemoglobin', 'crp', 'ferritin'] as const)('without %s there is no (partial) score', (item) => {
    const input: Record<string, unknown> = { ...base };
    delete input[item];
    const r = run<CarHematotoxValue>('car-hematotox', input);
    expect(r.status).toBe('cannot-assess');
    expect(r.value).toBeNull();
    expect(r.warnings.map((w) => w.rule)).toContain(`car-hematotox.${item}-missing`);
    // The items present are still listed with their points.
    expect(r.basis).toHaveLength(4);
    expect(r.basis.map((b) => b.field)).not.toContain(item);
  });
  it('names every missing item', () => {
    const r = run('car-hematotox', { disease: 'LBCL', anc: q(500, '/uL') });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings.filter((w) => w.rule.endsWith('-missing')).map((w) => w.field)).toEqual(['platelets', 'hemoglobin', 'crp', 'ferritin']);
    expect(r.basis).toEqual([expect.objectContaining({ rule: 'car-hematotox.anc-1', yields: 1 })]);
  });
});

describe('CAR-HEMATOTOX: published outcomes of the risk group (Figure 7 side table)', () => {
  it('low risk shows the low-risk figures of the three cohorts', () => {
    const r = assess({});
    expect(r.value?.outcomes).toEqual({
      LBCL: { n: 235, severeNeutropeniaMedianDays: 5.5, severeNeutropeniaCi95: [5, 8], aplasticPhenotypePercent: 2.6, severeInfectionPercent: 8, nonRelapseMortalityPercent: 0.9 },
      MCL: { n: 103, severeNeutropeniaMedianDays: 6, severeNeutropeniaCi95: [5, 7], aplasticPhenotypePercent: 0, severeInfectionPercent: 5, nonRelapseMortalityPercent: 5 },
      MM: { n: 113, severeNeutropeniaMedianDays: 3, severeNeutropeniaCi95: [2, 5], aplasticPhenotypePercent: 3, severeInfectionPercent: 5, nonRelapseMortalityPercent: 3 },
    });
  });
  it('high risk shows the high-risk figures of the three cohorts', () => {
    const r = assess({ platelets: q(50_000, '/uL') });
    expect(r.value?.outcomes).toEqual({
      LBCL: { n: 235, severeNeutropeniaMedianDays: 12, severeNeutropeniaCi95: [10, 16], aplasticPhenotypePercent: 36, severeInfectionPercent: 40, nonRelapseMortalityPercent: 27 },
      MCL: { n: 103, severeNeutropeniaMedianDays: 14, severeNeutropeniaCi95: [9, 18], aplasticPhenotypePercent: 47, severeInfectionPercent: 30, nonRelapseMortalityPercent: 28 },
      MM: { n: 113, severeNeutropeniaMedianDays: 9, severeNeutropeniaCi95: [7, 13], aplasticPhenotypePercent: 32, severeInfectionPercent: 40, nonRelapseMortalityPercent: 34 },
    });
  });
  it.each(['low', 'high'] as const)('the %s-risk basis shows every figure of each cohort, in both languages', (risk) => {
    const input = risk === 'low' ? {} : { platelets: q(50_000, '/uL') };
    for (const lang of ['en', 'zh-TW'] as const) {
      const r = run<CarHematotoxValue>('car-hematotox', { ...base, ...input }, lang);
      for (const cohort of ['LBCL', 'MCL', 'MM'] as const) {
        const o = CAR_HEMATOTOX_OUTCOMES[risk][cohort];
        const entry = r.basis.find((b) => b.rule === `car-hematotox.outcomes-${risk}-${cohort}`);
        expect(entry, `${lang} ${cohort}`).toBeDefined();
        expect(entry!.observed).toBe(o.severeNeutropeniaMedianDays);
        for (const text of [
          `n=${o.n}`,
          `${o.severeNeutropeniaMedianDays} `,
          `${o.severeNeutropeniaCi95[0]}-${o.severeNeutropeniaCi95[1]}`,
          `${o.aplasticPhenotypePercent}%`,
          `${o.severeInfectionPercent}%`,
          `${o.nonRelapseMortalityPercent}%`,
        ]) {
          expect(entry!.text, `${lang} ${cohort}`).toContain(text);
        }
        // n is the whole cohort (Figure 7 heads both risk panels with it): the text says the figures are of its risk group.
        expect(entry!.text, `${lang} ${cohort}`).toContain(lang === 'en' ? `(n=${o.n}), its ${risk}-risk group` : `（n=${o.n}）中的${risk === 'low' ? '低' : '高'}風險組`);
      }
    }
  });
});

describe('CAR-HEMATOTOX: warnings on the population', () => {
  const warningRules = (disease: string) => assess({ disease }).warnings.map((w) => w.rule);
  it('always warns that the score is sensitive but not specific', () => {
    for (const d of ['LBCL', 'MCL', 'MM', 'B-ALL', 'other']) expect(warningRules(d)).toContain('car-hematotox.sensitivity-specificity');
  });
  it('LBCL (validated) has no population warning', () => {
    expect(warningRules('LBCL')).not.toContain('car-hematotox.developed-in-lbcl');
  });
  it.each(['MCL', 'MM', 'B-ALL', 'other'])('%s: developed in LBCL', (disease) => {
    const r = assess({ disease });
    expect(r.warnings.map((w) => w.rule)).toContain('car-hematotox.developed-in-lbcl');
    expect(r.warnings.find((w) => w.rule === 'car-hematotox.developed-in-lbcl')!.text).toContain(disease);
  });
  it('B-ALL: reference only (off-label)', () => {
    expect(warningRules('B-ALL')).toContain('car-hematotox.b-all-reference-only');
    expect(warningRules('MCL')).not.toContain('car-hematotox.b-all-reference-only');
  });
  it('other disease: not validated', () => {
    expect(warningRules('other')).toContain('car-hematotox.other-disease-not-validated');
  });
});

describe('CAR-HEMATOTOX: measures by risk group', () => {
  it('high risk: G-CSF 5 ug/kg daily from day +2 with the dose from weight, marrow examination, infection prophylaxis', () => {
    const r = assess({ platelets: q(50_000, '/uL'), weight: q(64, 'kg') });
    expect(actionRules(r)).toEqual(['car-hematotox.gcsf-prophylaxis', 'car-hematotox.marrow-examination', 'car-hematotox.infection-prophylaxis']);
    const gcsf = r.actions[0]!;
    expect(gcsf).toMatchObject({ status: 'consider', drug: 'G-CSF', frequency: 'daily' });
    expect(gcsf.dose).toMatchObject({ value: 320, unit: 'ug', perUnit: { value: 5, unit: 'ug/kg' }, basedOn: { value: 64, unit: 'kg' } });
    expect(gcsf.text).toContain('day +2');
    expect(r.actions[1]!.status).toBe('consider');
  });
  it('high risk without weight: the dose stays per kg, with a warning', () => {
    const r = assess({ platelets: q(50_000, '/uL') });
    expect(r.actions[0]!.dose).toMatchObject({ value: 5, unit: 'ug/kg' });
    expect(r.warnings.map((w) => w.rule)).toContain('car-hematotox.weight-missing');
  });
  it('low risk: no actions; G-CSF may not be needed and antibacterial prophylaxis is not recommended', () => {
    const r = assess({});
    expect(r.actions).toEqual([]);
    expect(r.warnings.map((w) => w.rule)).toEqual(expect.arrayContaining(['car-hematotox.low-risk-gcsf-optional', 'car-hematotox.low-risk-no-antibacterial']));
  });
});

describe('CAR-HEMATOTOX renders in both languages', () => {
  it.each(['en', 'zh-TW'] as const)('%s: no text falls back to its rule id', (lang) => {
    for (const input of [{ platelets: q(50_000, '/uL'), disease: 'B-ALL' }, { disease: 'other' }, { ferritin: undefined, disease: 'MM' }]) {
      const r = run('car-hematotox', { ...base, ...input }, lang);
      const texts = [...r.basis, ...r.actions, ...r.warnings].map((e) => [e.rule, e.text] as const);
      expect(texts.length).toBeGreaterThan(2);
      for (const [rule, text] of texts) {
        expect(text, rule).not.toBe(rule);
        expect(text, rule).not.toMatch(/\{\w+\}/);
      }
      expect(r.title).not.toBe('car-hematotox.title');
      expect(r.summary).not.toMatch(/^car-hematotox\./);
    }
  });
  it('zh-TW summary', () => {
    expect(run('car-hematotox', { ...base, platelets: q(50_000, '/uL') }, 'zh-TW').summary).toBe('CAR-HEMATOTOX 2 分：高風險');
  });
});

describe('CAR-HEMATOTOX property: worse inputs never lower the score', () => {
  it('lowering platelets, ANC or hemoglobin, or raising CRP or ferritin, never lowers the score', () => {
    const sample = fc.record({
      platelets: fc.integer({ min: 0, max: 500_000 }),
      anc: fc.integer({ min: 0, max: 10_000 }),
      hemoglobin: fc.integer({ min: 30, max: 180 }).map((v) => v / 10),
      crp: fc.integer({ min: 0, max: 300 }).map((v) => v / 10),
      ferritin: fc.integer({ min: 0, max: 10_000 }),
    });
    const score = (s: { platelets: number; anc: number; hemoglobin: number; crp: number; ferritin: number }) =>
      run<CarHematotoxValue>('car-hematotox', {
        platelets: q(s.platelets, '/uL'),
        anc: q(s.anc, '/uL'),
        hemoglobin: q(s.hemoglobin, 'g/dL'),
        crp: q(s.crp, 'mg/dL'),
        ferritin: q(s.ferritin, 'ng/mL'),
        disease: 'LBCL',
      }).value!.score;
    fc.assert(
      fc.property(sample, fc.nat(4), fc.double({ min: 0, max: 1, noNaN: true }), (s, item, fraction) => {
        const worse = { ...s };
        if (item === 0) worse.platelets = Math.floor(s.platelets * fraction);
        if (item === 1) worse.anc = Math.floor(s.anc * fraction);
        if (item === 2) worse.hemoglobin = Math.max(0, Math.round(s.hemoglobin * fraction * 10) / 10);
        if (item === 3) worse.crp = Math.min(100, Math.round((s.crp + fraction * 20) * 10) / 10);
        if (item === 4) worse.ferritin = Math.round(s.ferritin + fraction * 5_000);
        const before = score(s);
        const after = score(worse);
        expect(after).toBeGreaterThanOrEqual(before);
        expect(after >= 2).toBe(run<CarHematotoxValue>('car-hematotox', { ...base, ...toInput(worse) }).value!.risk === 'high');
      }),
      { numRuns: 300 },
    );
  });
});

function toInput(s: { platelets: number; anc: number; hemoglobin: number; crp: number; ferritin: number }) {
  return { platelets: q(s.platelets, '/uL'), anc: q(s.anc, '/uL'), hemoglobin: q(s.hemoglobin, 'g/dL'), crp: q(s.crp, 'mg/dL'), ferritin: q(s.ferritin, 'ng/mL') };
}
