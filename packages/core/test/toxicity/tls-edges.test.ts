/**
 * Both sides of the cut-offs, and the table rows, of TLS (handbook
 * 002 §3.1.1; Cairo 2010 / BCSH 2015 risk groups, Cairo-Bishop 2004), febrile neutropenia and
 * leukostasis (seed 000, early warnings in the emergency department, items 2-3) and the dosing
 * helpers, on the sides the existing tests left out. Only cases not already present elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { fixedDose, perKg, perSquareMeter } from '../../src/dosing/weight-based.js';
import '../../src/toxicity/febrile-neutropenia.js';
import '../../src/toxicity/leukostasis.js';
import { TLS_THRESHOLDS, type TlsValue } from '../../src/toxicity/tls.js';
import { q, rulesOf, run } from '../support.js';

type Tls = TlsValue;
type Input = Record<string, unknown>;
type Rendered = ReturnType<typeof tls>;

const noAdjust = { renalImpairment: false, aboveUpperLimit: { uricAcid: false, potassium: false, phosphate: false } };
const normal = { uricAcid: q(5, 'mg/dL'), potassium: q(4, 'mmol/L'), phosphate: q(3.5, 'mg/dL'), calcium: q(9.5, 'mg/dL') };
/** Baselines far from the current values, so only the absolute threshold can fire. */
const farBaseline = { uricAcid: q(7.9, 'mg/dL'), potassium: q(5.9, 'mmol/L'), phosphate: q(6.4, 'mg/dL'), calcium: q(8, 'mg/dL') };

function tls(input: Input, settings?: unknown) {
  return run<Tls>('tls', input, 'en', settings);
}
function basisFor(r: Rendered, field: string) {
  return r.basis.filter((b) => b.field === field);
}
function warningsOf(r: { warnings: { rule: string }[] }): string[] {
  return r.warnings.map((w) => w.rule);
}
function action(r: Rendered, rule: string) {
  return r.actions.find((a) => a.rule === rule);
}

describe('TLS risk table (§3.1.1, Cairo 2010): Burkitt and lymphoblastic lymphoma LDH 2 x ULN on both sides', () => {
  // ULN 250 U/L: 2 x ULN = 500 U/L.
  it.each([
    ['burkitt', 499, 'intermediate', 'tls.risk-burkitt-lbl-intermediate', '<'],
    ['burkitt', 500, 'high', 'tls.risk-burkitt-lbl-high-ldh', '>='],
    ['lymphoblastic-lymphoma', 499, 'intermediate', 'tls.risk-burkitt-lbl-intermediate', '<'],
    ['lymphoblastic-lymphoma', 500, 'high', 'tls.risk-burkitt-lbl-high-ldh', '>='],
  ])('%s, early stage, LDH %d U/L: %s', (disease, ldh, group, rule, comparator) => {
    const r = tls({ ...noAdjust, disease, stage: 'early', ldh: q(ldh, 'U/L'), ldhUpperLimit: q(250, 'U/L') });
    expect(r.value).toMatchObject({ diseaseRiskGroup: group, riskGroup: group });
    expect(basisFor(r, 'ldh')).toEqual([expect.objectContaining({ rule, observed: ldh, threshold: { comparator, value: 500, unit: 'U/L' }, yields: group })]);
  });

  it('the adjustment step is named when it leaves the disease group unchanged', () => {
    const r = tls({ ...noAdjust, disease: 'burkitt', stage: 'early', ldh: q(499, 'U/L'), ldhUpperLimit: q(250, 'U/L') });
    expect(basisFor(r, 'renalImpairment')).toEqual([expect.objectContaining({ rule: 'tls.adjust-none', observed: false, yields: 'intermediate' })]);
  });
});

describe('TLS prophylaxis (§3.1.1 prevention item 2): rasburicase child per kg / adult fixed at the age limit', () => {
  const high = { ...noAdjust, disease: 'aml', wbc: q(150_000, '/uL'), g6pd: 'normal', weight: q(50, 'kg') };
  it.each([
    [17.9, 'tls.rasburicase-child-per-kg', '<', { value: 10, unit: 'mg', perUnit: { value: 0.2, unit: 'mg/kg' } }],
    [18, 'tls.rasburicase-adult-fixed', '>=', { value: 3, unit: 'mg' }],
  ])('age %s (default limit 18 years): %s', (ageYears, rule, comparator, dose) => {
    const r = tls({ ...high, ageYears });
    expect(basisFor(r, 'ageYears')).toEqual([expect.objectContaining({ rule, threshold: { comparator, value: 18, unit: 'a' } })]);
    const ras = action(r, 'tls.prophylaxis-rasburicase');
    expect(ras).toMatchObject({ status: 'do', drug: 'rasburicase', route: 'IV', frequency: 'once', dose });
    if (rule === 'tls.rasburicase-adult-fixed') expect(ras?.dose?.perUnit).toBeUndefined();
  });
});

describe('TLS treatment (§3.1.1 treatment item 2): the infant urine-output target below 1 year', () => {
  const labTls = {
    ...noAdjust,
    disease: 'all',
    wbc: q(150_000, '/uL'),
    weight: q(9, 'kg'),
    g6pd: 'normal',
    urineOutput: q(3, 'mL/kg/h'),
    current: { ...normal, uricAcid: q(9, 'mg/dL'), potassium: q(6.5, 'mmol/L') },
    baseline: normal,
  };
  it('exports the infant cut-off it compares against', () => {
    expect(TLS_THRESHOLDS.infantBelowYears).toBe(1);
    expect(TLS_THRESHOLDS.infantUrineOutputAboveMlPerM2PerHour).toBe(100);
  });
  it.each([
    [0.99, true],
    [1, false],
  ])('age %s years: infant target (per m2) %s', (ageYears, infant) => {
    const r = tls({ ...labTls, ageYears });
    expect(warningsOf(r).includes('tls.urine-output-infant')).toBe(infant);
    const urine = basisFor(r, 'urineOutput');
    if (infant) expect(urine).toEqual([]);
    else expect(urine).toEqual([expect.objectContaining({ rule: 'tls.urine-output-below-target', observed: 3, threshold: { comparator: '<=', value: 4, unit: 'mL/kg/h' }, yields: false })]);
    // 0.2 mg/kg/day whatever the age (treatment item 3).
    expect(action(r, 'tls.treat-rasburicase')?.dose).toMatchObject({ value: 1.8, unit: 'mg', perUnit: { value: 0.2, unit: 'mg/kg' } });
  });
});

describe('Cairo-Bishop absolute thresholds: the basis names the rule and the threshold on both sides', () => {
  function entry(current: Input, ageYears = 40) {
    return (field: string) => basisFor(tls({ ageYears, daysFromTherapyStart: 1, current: { ...normal, ...current }, baseline: farBaseline }), field);
  }
  it.each([
    ['uricAcid', q(8, 'mg/dL'), 40, 'tls.uric-acid-absolute', '>=', 8, true],
    ['uricAcid', q(7.99, 'mg/dL'), 40, 'tls.uric-acid-not-met', '<', 8, false],
    ['potassium', q(6, 'mmol/L'), 40, 'tls.potassium-absolute', '>=', 6, true],
    ['potassium', q(5.99, 'mmol/L'), 40, 'tls.potassium-not-met', '<', 6, false],
    ['phosphate', q(4.5, 'mg/dL'), 40, 'tls.phosphate-absolute-adult', '>=', 4.49065, true],
    ['phosphate', q(4.49, 'mg/dL'), 40, 'tls.phosphate-not-met', '<', 4.49065, false],
    ['phosphate', q(6.5, 'mg/dL'), 10, 'tls.phosphate-absolute-child', '>=', 6.5, true],
    ['phosphate', q(6.49, 'mg/dL'), 10, 'tls.phosphate-not-met', '<', 6.5, false],
    ['calcium', q(7.01, 'mg/dL'), 40, 'tls.calcium-absolute', '<=', 7.014, true],
    ['calcium', q(7.02, 'mg/dL'), 40, 'tls.calcium-not-met', '>', 7.014, false],
  ])('%s %o at age %d: %s', (analyte, value, ageYears, rule, comparator, threshold, met) => {
    const unit = analyte === 'potassium' ? 'mmol/L' : 'mg/dL';
    expect(entry({ [analyte]: value }, ageYears)(`current.${analyte}`)).toEqual([
      expect.objectContaining({ rule, observed: value.value, threshold: { comparator, value: threshold, unit }, yields: met }),
    ]);
  });
});

describe('Cairo-Bishop phosphate without age: the adult and child thresholds bracket the undecided zone', () => {
  // Baseline 6.4 mg/dL: no 25% rise is possible in this range, so only the absolute thresholds act.
  it.each([
    [4.49, 'tls.phosphate-not-met', false],
    [4.5, null, null],
    [6.49, null, null],
    [6.5, 'tls.phosphate-absolute-child', true],
  ])('phosphate %s mg/dL: %s', (value, rule, met) => {
    const r = tls({ current: { ...normal, phosphate: q(value, 'mg/dL') }, baseline: { ...normal, phosphate: q(6.4, 'mg/dL') } });
    expect(warningsOf(r).includes('tls.phosphate-age-missing')).toBe(met === null);
    const phosphate = basisFor(r, 'current.phosphate');
    if (rule === null) expect(phosphate).toEqual([]);
    else expect(phosphate).toEqual([expect.objectContaining({ rule, yields: met })]);
    expect(r.value?.criteriaMet.includes('phosphate')).toBe(met === true);
  });
});

describe('Cairo-Bishop 25% change: a computed limit with floating-point noise still counts at equality', () => {
  // 4.24 x 1.25 = 5.300000000000001, 6.24 x 1.25 = 7.800000000000001, 2.24 x 1.25 = 2.8000000000000003,
  // 9.6 x 0.75 = 7.199999999999999 in IEEE doubles.
  const base = { uricAcid: q(6.24, 'mg/dL'), potassium: q(4.24, 'mmol/L'), phosphate: q(2.24, 'mg/dL'), calcium: q(9.6, 'mg/dL') };
  it.each([
    ['uricAcid', q(7.8, 'mg/dL'), 'tls.uric-acid-change', true],
    ['uricAcid', q(7.79, 'mg/dL'), 'tls.uric-acid-not-met', false],
    ['potassium', q(5.3, 'mmol/L'), 'tls.potassium-change', true],
    ['potassium', q(5.29, 'mmol/L'), 'tls.potassium-not-met', false],
    ['phosphate', q(2.8, 'mg/dL'), 'tls.phosphate-change', true],
    ['phosphate', q(2.79, 'mg/dL'), 'tls.phosphate-not-met', false],
    ['calcium', q(7.2, 'mg/dL'), 'tls.calcium-change', true],
    ['calcium', q(7.21, 'mg/dL'), 'tls.calcium-not-met', false],
  ])('%s %o: %s', (analyte, value, rule, met) => {
    const r = tls({ ageYears: 40, current: { ...base, [analyte]: value }, baseline: base });
    expect(basisFor(r, `current.${analyte}`)).toEqual([expect.objectContaining({ rule, yields: met })]);
    expect(r.value?.criteriaMet).toEqual(met ? [analyte] : []);
  });
  it('the change entry reports the computed limit', () => {
    const r = tls({ ageYears: 40, current: { ...base, potassium: q(5.3, 'mmol/L') }, baseline: base });
    const threshold = basisFor(r, 'current.potassium')[0]?.threshold;
    expect(threshold?.comparator).toBe('>=');
    expect(threshold?.value).toBeCloseTo(5.3, 9);
  });
});

describe('clinical TLS (Cairo-Bishop 2004): creatinine 1.5 x ULN and the verdict, by rule', () => {
  const labTls = { ageYears: 40, current: { ...normal, uricAcid: q(9, 'mg/dL'), potassium: q(6.5, 'mmol/L') }, baseline: normal, arrhythmiaOrSuddenDeath: false, seizure: false };
  it.each([
    [1.2, 'tls.creatinine-met', '>=', true, 'tls.clinical-tls'],
    [1.19, 'tls.creatinine-not-met', '<', false, 'tls.no-clinical-tls'],
  ])('creatinine %s mg/dL against ULN 0.8 (limit 1.2): %s', (creatinine, rule, comparator, clinical, verdict) => {
    const r = tls({ ...labTls, creatinine: q(creatinine, 'mg/dL'), creatinineUpperLimit: q(0.8, 'mg/dL') });
    const entry = basisFor(r, 'creatinine')[0];
    expect(entry).toMatchObject({ rule, observed: creatinine, yields: clinical });
    expect(entry?.threshold?.comparator).toBe(comparator);
    expect(entry?.threshold?.value).toBeCloseTo(1.2, 9);
    expect(r.value?.clinicalTls).toBe(clinical);
    expect(rulesOf(r)).toContain(verdict);
  });
  it.each([
    ['arrhythmiaOrSuddenDeath', 'tls.arrhythmia'],
    ['seizure', 'tls.seizure'],
  ])('%s names its own rule', (field, rule) => {
    const r = tls({ ...labTls, creatinine: q(0.5, 'mg/dL'), creatinineUpperLimit: q(0.8, 'mg/dL'), [field]: true });
    expect(basisFor(r, field)).toEqual([expect.objectContaining({ rule, observed: true, yields: true })]);
    expect(r.value?.criteriaMet).toEqual(['uricAcid', 'potassium', field]);
  });
});

describe('febrile neutropenia (seed 000, emergencies item 2): basis entries on each side of both cut-offs', () => {
  it.each([
    [499, 38.3, 'febrile-neutropenia.anc-below', '<', 'febrile-neutropenia.fever', '>=', true],
    [500, 38.3, 'febrile-neutropenia.anc-not-below', '>=', 'febrile-neutropenia.fever', '>=', false],
    [499, 38.2, 'febrile-neutropenia.anc-below', '<', 'febrile-neutropenia.no-fever', '<', false],
  ])('ANC %d/uL, %s °C', (anc, temperature, ancRule, ancComparator, feverRule, feverComparator, present) => {
    const r = run<{ febrileNeutropenia: boolean }>('febrile-neutropenia', { anc: q(anc, '/uL'), temperature: q(temperature, 'Cel'), observedAt: '2024-05-01T10:15:00+08:00' });
    expect(r.value?.febrileNeutropenia).toBe(present);
    expect(r.basis.slice(0, 2)).toEqual([
      expect.objectContaining({ rule: ancRule, field: 'anc', observed: anc, threshold: { comparator: ancComparator, value: 500, unit: '/uL' } }),
      expect.objectContaining({ rule: feverRule, field: 'temperature', observed: temperature, threshold: { comparator: feverComparator, value: 38.3, unit: 'Cel' } }),
    ]);
    if (present) expect(r.actions).toEqual([expect.objectContaining({ rule: 'febrile-neutropenia.antibiotics-within-1h', status: 'do', drug: 'broad-spectrum antibiotics', route: 'IV', dueBy: '2024-05-01T11:15:00+08:00' })]);
    else expect(r.actions).toEqual([]);
  });
});

describe('leukostasis (seed 000, emergencies item 3): the threshold entry on both sides of WBC > 100,000/uL', () => {
  it.each([
    [100_000, 'leukostasis.wbc-not-above', '<=', false],
    [100_001, 'leukostasis.wbc-above', '>', true],
  ])('WBC %d/uL', (wbc, rule, comparator, risk) => {
    const r = run<{ leukostasisRisk: boolean }>('leukostasis', { wbc: q(wbc, '/uL') });
    expect(r.basis).toEqual([expect.objectContaining({ rule, observed: wbc, threshold: { comparator, value: 100_000, unit: '/uL' }, yields: risk })]);
    expect(r.actions).toEqual(risk ? [expect.objectContaining({ rule: 'leukostasis.leukapheresis', status: 'consider' })] : []);
  });
  it('exactly 100,000/uL is high TLS risk (Cairo 2010: at least) but not leukostasis (seed 000: above)', () => {
    const wbc = q(100_000, '/uL');
    expect(run<{ leukostasisRisk: boolean }>('leukostasis', { wbc }).value?.leukostasisRisk).toBe(false);
    expect(tls({ ...noAdjust, disease: 'aml', wbc }).value?.riskGroup).toBe('high');
  });
});

describe('weight-based dosing helper: caps on both sides, after rounding to 0.1', () => {
  it.each([
    // rate mg/kg, kg, cap, dose, capped
    [8, 100, 800, 800, false], // exactly the cap: not capped
    [8, 100.006, 800, 800, false], // 800.048 rounds to 800.0: not above the cap
    [8, 100.01, 800, 800, true], // 800.08 rounds to 800.1: capped
    [8, 100.1, 800, 800, true],
  ])('%d mg/kg x %d kg, cap %d mg: %d mg (capped %s)', (rate, kg, cap, value, capped) => {
    const dose = perKg(rate, kg, 'mg', cap);
    expect(dose).toMatchObject({ value, unit: 'mg', perUnit: { value: rate, unit: 'mg/kg' }, basedOn: { value: kg, unit: 'kg' } });
    if (capped) expect(dose.cappedAt).toEqual({ value: cap, unit: 'mg' });
    else expect(dose.cappedAt).toBeUndefined();
  });
  it('rounds to 0.1 of the unit, without a cap unless given', () => {
    expect(perKg(0.2, 67.3)).toEqual({ value: 13.5, unit: 'mg', perUnit: { value: 0.2, unit: 'mg/kg' }, basedOn: { value: 67.3, unit: 'kg' } });
    expect(perKg(5, 20, 'ug')).toMatchObject({ value: 100, unit: 'ug', perUnit: { value: 5, unit: 'ug/kg' } });
    expect(perKg(8, 150).cappedAt).toBeUndefined();
  });
  it('per m2: the rate unit and the BSA it was based on', () => {
    expect(perSquareMeter(30, 1.82)).toEqual({ value: 54.6, unit: 'mg', perUnit: { value: 30, unit: 'mg/m2' }, basedOn: { value: 1.82, unit: 'm2' } });
    expect(perSquareMeter(500, 1.82, 'mg', 900)).toMatchObject({ value: 900, cappedAt: { value: 900, unit: 'mg' } });
    expect(perSquareMeter(500, 1.8, 'mg', 900).cappedAt).toBeUndefined();
  });
  it('fixed dose, with an upper bound only when given', () => {
    expect(fixedDose(3)).toEqual({ value: 3, unit: 'mg' });
    expect(fixedDose(100, 'mg/m2', 200)).toEqual({ value: 100, unit: 'mg/m2', upTo: 200 });
  });
});
