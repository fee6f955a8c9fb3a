import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/institution/settings.js';
import { addDays } from '../../src/journey/calendar.js';
import { LEUKAPHERESIS_THRESHOLDS, LeukapheresisInput, planLeukapheresis, type LeukapheresisValue } from '../../src/journey/leukapheresis.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

const DATE = '2026-03-10';
const neg = (daysBefore: number) => ({ date: addDays(DATE, -daysBefore), result: 'negative' });
const pos = (daysBefore: number) => ({ date: addDays(DATE, -daysBefore), result: 'positive' });
const range = (value: number, low: number, high: number, unit = 'mg/dL') => ({ value: q(value, unit), lowerLimit: q(low, unit), upperLimit: q(high, unit) });

/** An adult for whom every item of §1.4 item 2 passes. */
const READY = {
  plannedCollectionDate: DATE,
  ecog: 1,
  karnofsky: 80,
  roomAirSaturation: q(96, '%'),
  canBecomePregnant: true,
  pregnancyTest: neg(3),
  serology: { hbsAg: neg(10), hbcAb: neg(10), hbsAb: pos(10), antiHcv: neg(10), antiHiv: neg(10) },
  hemoglobin: q(10, 'g/dL'),
  hematocrit: q(30, '%'),
  platelets: q(150_000, '/uL'),
  lymphocytes: q(800, '/uL'),
  cd3: q(500, '/uL'),
  bilirubin: q(0.8, 'mg/dL'),
  alt: q(30, 'U/L'),
  altUpperLimitOfNormal: q(40, 'U/L'),
  ast: q(30, 'U/L'),
  astUpperLimitOfNormal: q(40, 'U/L'),
  measuredCrcl: q(90, 'mL/min'),
  ageYears: 40,
  lvef: q(60, '%'),
  baselineEcgDone: true,
  baselineTroponinDone: true,
  baselineNtProBnpDone: true,
  calcium: range(9.2, 8.4, 10.2),
  magnesium: range(2.0, 1.7, 2.6),
  totalBloodVolume: q(5000, 'mL'),
  extracorporealVolume: q(200, 'mL'),
};
type Extra = Record<string, unknown>;

function plan(extra: Extra = {}, lang: 'en' | 'zh-TW' = 'en') {
  return run<LeukapheresisValue>('leukapheresis', { ...READY, ...extra }, lang);
}
function without(...keys: (keyof typeof READY)[]) {
  const copy: Record<string, unknown> = { ...READY };
  for (const k of keys) delete copy[k];
  return run<LeukapheresisValue>('leukapheresis', copy);
}
const item = (r: ReturnType<typeof plan>, name: string) => r.value!.readiness.items.find((i) => i.item === name)?.status;
const warningRules = (r: { warnings: { rule: string }[] }) => r.warnings.map((w) => w.rule);

describe('readiness (§1.4 item 2): every item', () => {
  it('every item passes: ready', () => {
    const r = plan();
    expect(r.status).toBe('assessed');
    expect(r.value!.readiness.ready).toBe(true);
    expect(r.value!.readiness.items.map((i) => [i.item, i.status])).toEqual(
      [
        'performance-status',
        'oxygen-saturation',
        'pregnancy',
        'serology',
        'hemoglobin',
        'hematocrit',
        'platelets',
        'lymphocytes',
        'bilirubin',
        'liver-enzymes',
        'crcl',
        'lvef',
        'ecg',
        'cardiac-biomarkers',
        'calcium',
        'magnesium',
      ].map((i) => [i, 'pass']),
    );
    expect(r.summary).toBe('Leukapheresis on 2026-03-10: ready');
    expect(rulesOf(r)).toContain('leukapheresis.ready');
    expect(warningRules(r)).toContain('leukapheresis.physician-may-adjust');
  });

  const T = LEUKAPHERESIS_THRESHOLDS;
  it.each([
    // Performance status: ECOG < 2, Karnofsky > 60%.
    ['ECOG 1', { ecog: 1 }, 'performance-status', 'pass', 'leukapheresis.ecog-pass'],
    ['ECOG 2', { ecog: 2 }, 'performance-status', 'fail', 'leukapheresis.ecog-fail'],
    ['Karnofsky 70', { karnofsky: 70 }, 'performance-status', 'pass', 'leukapheresis.karnofsky-pass'],
    ['Karnofsky 60', { karnofsky: 60 }, 'performance-status', 'fail', 'leukapheresis.karnofsky-fail'],
    // SaO2 > 92% without oxygen.
    ['SaO2 92.1%', { roomAirSaturation: q(92.1, '%') }, 'oxygen-saturation', 'pass', 'leukapheresis.saturation-pass'],
    ['SaO2 92%', { roomAirSaturation: q(92, '%') }, 'oxygen-saturation', 'fail', 'leukapheresis.saturation-fail'],
    ['SaO2 91.9%', { roomAirSaturation: q(91.9, '%') }, 'oxygen-saturation', 'fail', 'leukapheresis.saturation-fail'],
    ['needs oxygen', { roomAirSaturation: undefined, requiresSupplementalOxygen: true }, 'oxygen-saturation', 'fail', 'leukapheresis.oxygen-required'],
    // Pregnancy test within 7 days.
    ['cannot become pregnant', { canBecomePregnant: false, pregnancyTest: undefined }, 'pregnancy', 'not-applicable', 'leukapheresis.pregnancy-not-applicable'],
    ['test on the collection day', { pregnancyTest: neg(0) }, 'pregnancy', 'pass', 'leukapheresis.pregnancy-test-negative'],
    ['test 7 days before', { pregnancyTest: neg(7) }, 'pregnancy', 'pass', 'leukapheresis.pregnancy-test-negative'],
    ['test 8 days before', { pregnancyTest: neg(8) }, 'pregnancy', 'fail', 'leukapheresis.pregnancy-test-outdated'],
    ['positive test', { pregnancyTest: pos(1) }, 'pregnancy', 'fail', 'leukapheresis.pregnancy-test-positive'],
    // Serology within 30 days.
    ['serology 30 days before', { serology: { ...READY.serology, antiHiv: neg(30) } }, 'serology', 'pass', 'leukapheresis.serology-current'],
    ['serology 31 days before', { serology: { ...READY.serology, antiHiv: neg(31) } }, 'serology', 'fail', 'leukapheresis.serology-outdated'],
    ['HBsAg positive, viral load not detected', { serology: { ...READY.serology, hbsAg: pos(5) }, viralLoad: { hbv: { date: addDays(DATE, -5), detected: false } } }, 'serology', 'pass', 'leukapheresis.viral-load-undetected'],
    ['HBsAg positive, viral load detected', { serology: { ...READY.serology, hbsAg: pos(5) }, viralLoad: { hbv: { date: addDays(DATE, -5), detected: true } } }, 'serology', 'review', 'leukapheresis.viral-load-detected'],
    ['anti-HCV positive, viral load not detected', { serology: { ...READY.serology, antiHcv: pos(5) }, viralLoad: { hcv: { date: addDays(DATE, -5), detected: false } } }, 'serology', 'pass', 'leukapheresis.viral-load-required'],
    ['anti-HIV positive', { serology: { ...READY.serology, antiHiv: pos(5) } }, 'serology', 'review', 'leukapheresis.hiv-positive-review'],
    // Counts.
    ['Hb 8.1', { hemoglobin: q(8.1, 'g/dL') }, 'hemoglobin', 'pass', 'leukapheresis.hemoglobin-pass'],
    ['Hb 8.0', { hemoglobin: q(8.0, 'g/dL') }, 'hemoglobin', 'fail', 'leukapheresis.hemoglobin-fail'],
    ['Hb 7.9', { hemoglobin: q(7.9, 'g/dL') }, 'hemoglobin', 'fail', 'leukapheresis.hemoglobin-fail'],
    ['HCT 24.1%', { hematocrit: q(24.1, '%') }, 'hematocrit', 'pass', 'leukapheresis.hematocrit-pass'],
    ['HCT 24%', { hematocrit: q(24, '%') }, 'hematocrit', 'fail', 'leukapheresis.hematocrit-fail'],
    ['platelets 30,001', { platelets: q(30_001, '/uL') }, 'platelets', 'pass', 'leukapheresis.platelets-pass'],
    ['platelets 30,000', { platelets: q(30_000, '/uL') }, 'platelets', 'fail', 'leukapheresis.platelets-fail'],
    ['lymphocytes 201 (optional)', { lymphocytes: q(201, '/uL') }, 'lymphocytes', 'pass', 'leukapheresis.lymphocytes-pass'],
    ['lymphocytes 200 (optional)', { lymphocytes: q(200, '/uL') }, 'lymphocytes', 'fail', 'leukapheresis.lymphocytes-low'],
    // Chemistry.
    ['bilirubin 1.97', { bilirubin: q(1.97, 'mg/dL') }, 'bilirubin', 'pass', 'leukapheresis.bilirubin-pass'],
    ['bilirubin 1.98', { bilirubin: q(1.98, 'mg/dL') }, 'bilirubin', 'fail', 'leukapheresis.bilirubin-fail'],
    ['ALT 3.98 x ULN', { alt: q(159, 'U/L') }, 'liver-enzymes', 'pass', 'leukapheresis.liver-enzymes-pass'],
    ['ALT 4 x ULN', { alt: q(160, 'U/L') }, 'liver-enzymes', 'fail', 'leukapheresis.liver-enzymes-fail'],
    ['AST 4 x ULN', { ast: q(160, 'U/L') }, 'liver-enzymes', 'fail', 'leukapheresis.liver-enzymes-fail'],
    ['CrCl 30.1', { measuredCrcl: q(30.1, 'mL/min') }, 'crcl', 'pass', 'leukapheresis.crcl-pass'],
    ['CrCl 30', { measuredCrcl: q(30, 'mL/min') }, 'crcl', 'fail', 'leukapheresis.crcl-fail'],
    ['LVEF 40.1%', { lvef: q(40.1, '%') }, 'lvef', 'pass', 'leukapheresis.lvef-pass'],
    ['LVEF 40%', { lvef: q(40, '%') }, 'lvef', 'fail', 'leukapheresis.lvef-fail'],
    ['ECG not done', { baselineEcgDone: false }, 'ecg', 'fail', 'leukapheresis.ecg-not-done'],
    ['troponin not done', { baselineTroponinDone: false }, 'cardiac-biomarkers', 'fail', 'leukapheresis.cardiac-biomarkers-not-done'],
    ['NT-proBNP not done', { baselineNtProBnpDone: false }, 'cardiac-biomarkers', 'fail', 'leukapheresis.cardiac-biomarkers-not-done'],
    ['Ca at the lower limit', { calcium: range(8.4, 8.4, 10.2) }, 'calcium', 'pass', 'leukapheresis.calcium-in-range'],
    ['Ca just below the range', { calcium: range(8.3, 8.4, 10.2) }, 'calcium', 'fail', 'leukapheresis.calcium-out-of-range'],
    ['Ca at the upper limit', { calcium: range(10.2, 8.4, 10.2) }, 'calcium', 'pass', 'leukapheresis.calcium-in-range'],
    ['Ca just above the range', { calcium: range(10.3, 8.4, 10.2) }, 'calcium', 'fail', 'leukapheresis.calcium-out-of-range'],
    ['Mg just below the range', { magnesium: range(1.6, 1.7, 2.6) }, 'magnesium', 'fail', 'leukapheresis.magnesium-out-of-range'],
    ['Mg at the upper limit', { magnesium: range(2.6, 1.7, 2.6) }, 'magnesium', 'pass', 'leukapheresis.magnesium-in-range'],
    ['Mg just above the range', { magnesium: range(2.7, 1.7, 2.6) }, 'magnesium', 'fail', 'leukapheresis.magnesium-out-of-range'],
  ])('%s: %s is %s', (_label, extra, name, status, rule) => {
    const r = plan(extra);
    expect(item(r, name)).toBe(status);
    expect(rulesOf(r)).toContain(rule);
    // The lymphocyte criterion is optional: it never blocks readiness.
    const blocking = status !== 'pass' && status !== 'not-applicable' && name !== 'lymphocytes';
    expect(r.value!.readiness.ready).toBe(!blocking);
    if (blocking) expect(r.value!.readiness.notMet).toContain(name);
    expect(T.saturationAbovePercent).toBe(92);
  });

  it('platelets: about 30% are lost; at or below 30,000/uL a transfusion is offered', () => {
    const r = plan({ platelets: q(30_000, '/uL') });
    expect(r.basis.find((b) => b.rule === 'leukapheresis.platelet-loss')).toMatchObject({ observed: 30_000, yields: 21_000 });
    expect(r.actions.find((a) => a.rule === 'leukapheresis.platelet-transfusion')).toMatchObject({ status: 'consider' });
    expect(actionRules(plan())).not.toContain('leukapheresis.platelet-transfusion');
  });

  it('Cockcroft-Gault when no measured clearance (adult), and a measured one asked for a child', () => {
    const adult = plan({ measuredCrcl: undefined, creatinine: q(1, 'mg/dL'), sex: 'male', weight: q(70, 'kg'), ageYears: 40 });
    // (140 - 40) x 70 / (72 x 1) = 97.2
    expect(adult.basis.find((b) => b.rule === 'leukapheresis.crcl-cockcroft-gault')).toMatchObject({ observed: 97.2 });
    expect(item(adult, 'crcl')).toBe('pass');
    const child = plan({ measuredCrcl: undefined, creatinine: q(0.5, 'mg/dL'), sex: 'female', weight: q(30, 'kg'), ageYears: 10 });
    expect(item(child, 'crcl')).toBe('missing');
    expect(child.value!.readiness.missing).toContain('measuredCrcl');
    expect(warningRules(child)).toContain('leukapheresis.crcl-child-measured');
  });
});

describe('readiness: missing data is never "ready"', () => {
  it.each([
    [['ecog', 'karnofsky'], 'performance-status', ['ecog']],
    [['roomAirSaturation'], 'oxygen-saturation', ['roomAirSaturation']],
    [['canBecomePregnant'], 'pregnancy', ['canBecomePregnant']],
    [['pregnancyTest'], 'pregnancy', ['pregnancyTest']],
    [['serology'], 'serology', ['serology.hbsAg', 'serology.hbcAb', 'serology.hbsAb', 'serology.antiHcv', 'serology.antiHiv']],
    [['hemoglobin'], 'hemoglobin', ['hemoglobin']],
    [['hematocrit'], 'hematocrit', ['hematocrit']],
    [['platelets'], 'platelets', ['platelets']],
    [['bilirubin'], 'bilirubin', ['bilirubin']],
    [['alt', 'astUpperLimitOfNormal'], 'liver-enzymes', ['alt', 'astUpperLimitOfNormal']],
    [['measuredCrcl'], 'crcl', ['creatinine', 'sex', 'weight']],
    [['lvef'], 'lvef', ['lvef']],
    [['baselineEcgDone'], 'ecg', ['baselineEcgDone']],
    [['baselineTroponinDone', 'baselineNtProBnpDone'], 'cardiac-biomarkers', ['baselineTroponinDone', 'baselineNtProBnpDone']],
    [['calcium'], 'calcium', ['calcium']],
    [['magnesium'], 'magnesium', ['magnesium']],
  ] as const)('without %o: %s missing, not ready', (keys, name, fields) => {
    const r = without(...keys);
    expect(item(r, name)).toBe('missing');
    expect(r.value!.readiness.ready).toBe(false);
    expect(r.value!.readiness.missing).toEqual(fields);
    expect(r.warnings.filter((w) => w.rule === 'leukapheresis.readiness-missing').map((w) => w.field)).toEqual(fields);
    expect(r.summary).toBe(`Leukapheresis on 2026-03-10: not ready, missing ${fields.join(', ')}`);
  });

  it('HBsAg or anti-HCV positive without a viral load: missing', () => {
    const r = plan({ serology: { ...READY.serology, hbsAg: pos(5), antiHcv: pos(5) } });
    expect(item(r, 'serology')).toBe('missing');
    expect(r.value!.readiness.missing).toEqual(['viralLoad.hbv', 'viralLoad.hcv']);
  });

  it('a failed part of an item still names the missing part', () => {
    const r = plan({ serology: { hbsAg: neg(40) } });
    expect(item(r, 'serology')).toBe('fail');
    expect(r.value!.readiness.missing).toEqual(['serology.hbcAb', 'serology.hbsAb', 'serology.antiHcv', 'serology.antiHiv']);
    expect(r.summary).toBe('Leukapheresis on 2026-03-10: not ready, missing serology.hbcAb, serology.hbsAb, serology.antiHcv, serology.antiHiv; serology not met or under review');
  });

  it('the optional lymphocyte count may be absent: still ready, with a note', () => {
    const r = without('lymphocytes');
    expect(item(r, 'lymphocytes')).toBe('missing');
    expect(r.value!.readiness.items.find((i) => i.item === 'lymphocytes')!.required).toBe(false);
    expect(r.value!.readiness.ready).toBe(true);
    expect(warningRules(r)).toEqual(expect.arrayContaining(['leukapheresis.lymphocytes-optional', 'leukapheresis.volume-counts-missing']));
  });

  it('either performance scale is enough; both given must both pass', () => {
    expect(item(without('karnofsky'), 'performance-status')).toBe('pass');
    expect(item(without('ecog'), 'performance-status')).toBe('pass');
    expect(item(plan({ ecog: 0, karnofsky: 60 }), 'performance-status')).toBe('fail');
  });
});

describe('blood volume to process (§1.4 item 3): every row of the table', () => {
  it.each([
    // [ALC, CD3+, band, multiples, two days]
    [80, 60, 'very-low', null, true],
    [99, 99, 'very-low', null, true],
    [120, 99, 'very-low', null, true],
    [100, 100, 'low', [3, 4], false],
    [250, 120, 'low', [3, 4], false],
    [299, 149, 'low', [3, 4], false],
    [400, 120, 'low', [3, 4], false],
    [250, 400, 'low', [3, 4], false],
    [301, 151, 'adequate', [2, 3], false],
    [800, 500, 'adequate', [2, 3], false],
  ] as const)('ALC %d, CD3+ %d: %s', (alc, cd3, band, multiples, twoDays) => {
    const r = plan({ lymphocytes: q(alc, '/uL'), cd3: q(cd3, '/uL') });
    const v = r.value!.bloodVolume;
    expect(v.band).toBe(band);
    expect(v.considerTwoDayCollection).toBe(twoDays);
    expect(v.totalBloodVolumesToProcess).toEqual(multiples === null ? null : { min: multiples[0], max: multiples[1] });
    expect(v.volumeToProcessMl).toEqual(multiples === null ? null : { min: 5000 * multiples[0], max: 5000 * multiples[1] });
    const rule = band === 'very-low' ? 'leukapheresis.two-day-collection' : band === 'low' ? 'leukapheresis.volume-3-4' : 'leukapheresis.volume-2-3';
    expect(rulesOf(r).concat(actionRules(r))).toContain(rule);
    // 0.8 mL/min is offered in the low rows only.
    expect(r.value!.collection.reducedCollectRateMlPerMin).toBe(band === 'adequate' ? null : 0.8);
    expect(actionRules(r).includes('leukapheresis.collect-rate-reduced')).toBe(band !== 'adequate');
    expect(warningRules(r).includes('leukapheresis.volume-markedly-higher')).toBe(band === 'adequate');
  });

  it.each([
    [300, 400, 'lymphocytes'],
    [400, 150, 'cd3'],
  ] as const)('ALC %d, CD3+ %d: a value exactly on the boundary goes to the lower row, with a warning', (alc, cd3, field) => {
    const r = plan({ lymphocytes: q(alc, '/uL'), cd3: q(cd3, '/uL') });
    expect(r.value!.bloodVolume.band).toBe('low');
    expect(r.warnings.find((w) => w.rule === 'leukapheresis.volume-boundary')).toMatchObject({ field });
  });

  it('without the total blood volume only the multiple is given; without a count, no row', () => {
    const noTbv = without('totalBloodVolume');
    expect(noTbv.value!.bloodVolume).toMatchObject({ band: 'adequate', totalBloodVolumesToProcess: { min: 2, max: 3 }, volumeToProcessMl: null });
    expect(warningRules(noTbv)).toContain('leukapheresis.volume-tbv-missing');
    const noCd3 = without('cd3');
    expect(noCd3.value!.bloodVolume.band).toBeNull();
    expect(noCd3.warnings.find((w) => w.rule === 'leukapheresis.volume-counts-missing')).toMatchObject({ field: 'cd3' });
  });

  it('CD3+ above the ALC is flagged', () => {
    expect(warningRules(plan({ lymphocytes: q(400, '/uL'), cd3: q(500, '/uL') }))).toContain('leukapheresis.cd3-exceeds-alc');
  });
});

describe('collection parameters (§1.4 item 4)', () => {
  it('collect rate 1.0 mL/min, ACD-A, no ratio in the handbook, calcium monitoring', () => {
    const r = plan();
    expect(r.value!.collection).toMatchObject({ collectRateMlPerMin: 1, anticoagulant: 'ACD-A', anticoagulantRatio: null });
    expect(actionRules(r)).toEqual(
      expect.arrayContaining(['leukapheresis.vascular-access', 'leukapheresis.collect-rate', 'leukapheresis.anticoagulant-acd-a', 'leukapheresis.calcium-monitoring']),
    );
    expect(warningRules(r)).toContain('leukapheresis.anticoagulant-ratio-not-given');
  });

  it.each([
    [298, 14.9, false],
    [300, 15, false],
    [302, 15.1, true],
  ])('circuit %d mL for 2000 mL of blood = %d%%: prime with leukocyte-reduced RBC: %s', (ecv, percent, prime) => {
    const r = plan({ totalBloodVolume: q(2000, 'mL'), extracorporealVolume: q(ecv, 'mL') });
    expect(r.value!.collection).toMatchObject({ extracorporealPercentOfBloodVolume: percent, primeWithLeukocyteReducedRbc: prime });
    expect(actionRules(r).includes('leukapheresis.prime-with-rbc')).toBe(prime);
    expect(rulesOf(r).includes('leukapheresis.prime-not-needed')).toBe(!prime);
  });

  it('volumes convert from L; without the circuit volume priming is undecided', () => {
    expect(plan({ totalBloodVolume: q(2, 'L'), extracorporealVolume: q(0.302, 'L') }).value!.collection.primeWithLeukocyteReducedRbc).toBe(true);
    const r = without('extracorporealVolume');
    expect(r.value!.collection.primeWithLeukocyteReducedRbc).toBeNull();
    expect(r.warnings.find((w) => w.rule === 'leukapheresis.prime-volume-missing')).toMatchObject({ field: 'extracorporealVolume' });
  });

  it('heparin alone is not recommended; heparin with ACD-A per institution', () => {
    expect(warningRules(plan({ plannedAnticoagulant: 'heparin-alone' }))).toContain('leukapheresis.heparin-alone-not-recommended');
    expect(rulesOf(plan({ plannedAnticoagulant: 'acd-a-with-heparin' }))).toContain('leukapheresis.heparin-with-acd-a');
  });

  it('a child (below the pediatric age setting) gets the pediatric ICU note', () => {
    expect(warningRules(plan({ ageYears: 10 }))).toContain('leukapheresis.pediatric-picu');
    expect(warningRules(plan({ ageYears: 18 }))).not.toContain('leukapheresis.pediatric-picu');
  });
});

describe('the record to keep (§1.4 items 5, 10)', () => {
  it('every item is an order until it is confirmed', () => {
    const all = plan().value!.record.map((i) => i.item);
    expect(all).toEqual(['vital-signs', 'blood-volume-processed', 'product-volume', 'collection-time', 'lot-expiry', 'product-sampling', 'patient-identity', 'chain-of-identity']);
    expect(actionRules(plan())).toEqual(expect.arrayContaining(all.map((i) => `leukapheresis.record-${i}`)));
    const r = plan({ recordConfirmed: { 'vital-signs': true, 'lot-expiry': false } });
    expect(r.value!.record.slice(0, 5).map((i) => i.confirmed)).toEqual([true, false, false, false, false]);
    expect(actionRules(r)).not.toContain('leukapheresis.record-vital-signs');
    expect(actionRules(r)).toContain('leukapheresis.record-lot-expiry');
  });
});

describe('product acceptance (§1.4 item 5, Kymriah)', () => {
  const GOOD = { viableTnc: q(3, '10*9'), viableCd3: q(1.5, '10*9'), viabilityPercent: q(95, '%'), viabilityThresholdPercent: q(80, '%') };
  const accept = (results: Extra) => plan({ collectionResults: { ...GOOD, ...results } });
  const check = (r: ReturnType<typeof plan>, name: string) => r.value!.acceptance!.checks.find((c) => c.check === name)!.status;

  it('all criteria met: accepted (T-cell % derived from CD3+ / TNC)', () => {
    const r = accept({});
    expect(r.value!.acceptance).toEqual({
      status: 'accepted',
      contactManufacturer: false,
      checks: [
        { check: 'viable-tnc', status: 'pass', observed: 3 },
        { check: 'viable-cd3', status: 'pass', observed: 1.5 },
        { check: 't-cell-percent', status: 'pass', observed: 50 },
        { check: 'viability', status: 'pass', observed: 95 },
      ],
    });
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['leukapheresis.t-cell-percent-derived', 'leukapheresis.product-accepted']));
    expect(r.summary).toBe('Apheresis material of 2026-03-10: meets the acceptance criteria');
  });

  it.each([
    ['viable TNC 2.0 x 10^9', { viableTnc: q(2, '10*9') }, 'viable-tnc', 'pass'],
    ['viable TNC 1.99 x 10^9', { viableTnc: q(1.99, '10*9'), viableCd3: q(1, '10*9') }, 'viable-tnc', 'fail'],
    ['viable TNC 1,990 x 10^6', { viableTnc: q(1990, '10*6'), viableCd3: q(1, '10*9') }, 'viable-tnc', 'fail'],
    ['viable CD3+ 1.0 x 10^9', { viableCd3: q(1, '10*9') }, 'viable-cd3', 'pass'],
    ['viable CD3+ 0.99 x 10^9', { viableCd3: q(0.99, '10*9') }, 'viable-cd3', 'fail'],
    ['T cells 3.1% of TNC', { tCellPercentOfTnc: q(3.1, '%') }, 't-cell-percent', 'pass'],
    ['T cells 3% of TNC', { tCellPercentOfTnc: q(3, '%') }, 't-cell-percent', 'fail'],
    ['viability at the set minimum', { viabilityPercent: q(80, '%') }, 'viability', 'pass'],
    ['viability below the set minimum', { viabilityPercent: q(79.9, '%') }, 'viability', 'fail'],
  ])('%s: %s %s', (_label, results, name, status) => {
    const r = accept(results);
    expect(check(r, name)).toBe(status);
    expect(r.value!.acceptance!.status).toBe(status === 'pass' ? 'accepted' : 'not-accepted');
    expect(r.value!.acceptance!.contactManufacturer).toBe(status === 'fail');
    if (status === 'fail') {
      expect(r.actions.find((a) => a.rule === 'leukapheresis.contact-manufacturer')).toMatchObject({ status: 'do' });
      expect(r.actions.find((a) => a.rule === 'leukapheresis.further-collection')).toMatchObject({ status: 'consider' });
      expect(warningRules(r)).toContain('leukapheresis.next-steps-not-given');
      expect(r.summary).toBe('Apheresis material of 2026-03-10: below the acceptance criteria, contact the manufacturer');
    }
  });

  it('no viability minimum: the handbook sets none, so acceptance cannot be decided', () => {
    const r = plan({ collectionResults: { ...GOOD, viabilityThresholdPercent: undefined } });
    expect(r.value!.acceptance!.status).toBe('cannot-assess');
    expect(check(r, 'viability')).toBe('cannot-assess');
    expect(r.warnings.find((w) => w.rule === 'leukapheresis.viability-no-threshold')).toMatchObject({ field: 'collectionResults.viabilityThresholdPercent' });
    expect(actionRules(r)).not.toContain('leukapheresis.contact-manufacturer');
  });

  it('a missing count: cannot assess, naming the field; a failure still decides', () => {
    const r = plan({ collectionResults: { viableCd3: q(1.2, '10*9'), viabilityPercent: q(90, '%'), viabilityThresholdPercent: q(70, '%') } });
    expect(r.value!.acceptance!.status).toBe('cannot-assess');
    expect(r.warnings.filter((w) => w.rule === 'leukapheresis.acceptance-value-missing').map((w) => w.field)).toEqual([
      'collectionResults.viableTnc',
      'collectionResults.tCellPercentOfTnc',
    ]);
    expect(plan({ collectionResults: { viableCd3: q(0.5, '10*9') } }).value!.acceptance!.status).toBe('not-accepted');
  });
});

describe('input', () => {
  it.each([
    [{ pregnancyTest: { date: addDays(DATE, 1), result: 'negative' } }, 'pregnancyTest.date', 'leukapheresis.input.test-after-collection'],
    [{ serology: { ...READY.serology, antiHcv: neg(-1) } }, 'serology.antiHcv.date', 'leukapheresis.input.test-after-collection'],
    [{ canBecomePregnant: false, pregnancyTest: pos(1) }, 'pregnancyTest.result', 'leukapheresis.input.pregnancy-contradiction'],
    [{ requiresSupplementalOxygen: true }, 'roomAirSaturation', 'leukapheresis.input.room-air-contradiction'],
    [{ altUpperLimitOfNormal: q(0, 'U/L') }, 'altUpperLimitOfNormal', 'leukapheresis.input.uln-positive'],
    [{ calcium: range(9, 10.2, 8.4) }, 'calcium.lowerLimit', 'leukapheresis.input.range-inverted'],
    [{ collectionResults: { viableTnc: q(1, '10*9'), viableCd3: q(1.5, '10*9') } }, 'collectionResults.viableCd3', 'leukapheresis.input.cd3-above-tnc'],
    [{ karnofsky: 65 }, 'karnofsky', 'input.not-multiple-of'],
    [{ hematocrit: 30 }, 'hematocrit', 'input.unit-required'],
    [{ hematocrit: q(30, 'mg') }, 'hematocrit.unit', 'input.unit-not-convertible'],
    [{ lvef: q(101, '%') }, 'lvef.value', 'input.out-of-range'],
    [{ magnesium: range(2, 1.7, 2.6, 'mEq/L') }, 'magnesium.value.unit', 'input.unit-not-convertible'],
    [{ plannedCollectionDate: '2026-02-30' }, 'plannedCollectionDate', 'input.invalid-format'],
  ])('%o is refused at %s (%s)', (extra, path, rule) => {
    expectInputError('leukapheresis', { ...READY, ...extra }, path, rule);
  });

  it('magnesium in mmol/L converts (0.7 mmol/L = 1.70 mg/dL)', () => {
    const r = plan({ magnesium: range(0.7, 0.7, 1.05, 'mmol/L') });
    expect(item(r, 'magnesium')).toBe('pass');
    expect(r.basis.find((b) => b.rule === 'leukapheresis.magnesium-in-range')).toMatchObject({ observed: 1.70135 });
  });
});

describe('properties', () => {
  const base = LeukapheresisInput.parse(READY);
  const ready = (patch: Partial<LeukapheresisInput>) => planLeukapheresis({ ...base, ...patch }, DEFAULT_SETTINGS).value!.readiness.ready;
  it('a worse laboratory value never turns a not-ready plan ready', () => {
    fc.assert(
      fc.property(
        fc.record({
          hemoglobin: fc.double({ min: 5, max: 12, noNaN: true }),
          hematocrit: fc.double({ min: 15, max: 40, noNaN: true }),
          platelets: fc.integer({ min: 0, max: 100_000 }),
          bilirubin: fc.double({ min: 0, max: 4, noNaN: true }),
          alt: fc.double({ min: 0, max: 300, noNaN: true }),
          measuredCrcl: fc.double({ min: 0, max: 120, noNaN: true }),
          lvef: fc.double({ min: 10, max: 70, noNaN: true }),
          roomAirSaturation: fc.double({ min: 80, max: 100, noNaN: true }),
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (labs, worse) => {
          const worsened = {
            hemoglobin: labs.hemoglobin - worse,
            hematocrit: labs.hematocrit - worse * 5,
            platelets: labs.platelets - Math.round(worse * 10_000),
            bilirubin: labs.bilirubin + worse,
            alt: labs.alt + worse * 50,
            measuredCrcl: labs.measuredCrcl - worse * 10,
            lvef: labs.lvef - worse * 5,
            roomAirSaturation: labs.roomAirSaturation - worse * 2,
          };
          if (!ready(labs)) expect(ready(worsened)).toBe(false);
        },
      ),
    );
  });
  it('an older test never turns a not-ready plan ready', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 30 }), (age, older) => {
        const at = (days: number) => ready({ pregnancyTestAgeDays: days, serologyAges: { ...base.serologyAges, antiHiv: days } });
        if (!at(age)) expect(at(age + older)).toBe(false);
      }),
    );
  });
});

describe('rendering', () => {
  const complex = {
    ecog: 2,
    roomAirSaturation: undefined,
    requiresSupplementalOxygen: true,
    serology: { hbsAg: pos(5), antiHiv: pos(40) },
    viralLoad: { hbv: { date: addDays(DATE, -5), detected: true } },
    lymphocytes: q(300, '/uL'),
    cd3: q(90, '/uL'),
    totalBloodVolume: q(1200, 'mL'),
    plannedAnticoagulant: 'heparin-alone',
    ageYears: 8,
    measuredCrcl: undefined,
    platelets: q(20_000, '/uL'),
    collectionResults: { viableTnc: q(1.5, '10*9'), viableCd3: q(0.05, '10*9'), viabilityPercent: q(90, '%') },
  };
  it.each(['en', 'zh-TW'] as const)('%s: every text is written, with §1.4 and Qayed 2022 cited', (lang) => {
    for (const input of [{}, complex, { collectionResults: { viableTnc: q(3, '10*9'), viableCd3: q(1, '10*9'), viabilityPercent: q(90, '%'), viabilityThresholdPercent: q(70, '%') } }]) {
      const r = plan(input, lang);
      expect(r.title).not.toBe('leukapheresis.title');
      expect(r.summary).not.toMatch(/^leukapheresis\.|\{\w+\}/);
      for (const x of [...r.basis, ...r.warnings, ...r.actions]) {
        expect(x.text).not.toBe(x.rule);
        expect(x.text).not.toMatch(/\{\w+\}/);
      }
      expect(r.citations.some((c) => c.reference.includes('§1.4, item 2'))).toBe(true);
      expect(r.citations.some((c) => c.doi === '10.1016/j.jcyt.2022.05.003')).toBe(true);
    }
  });
  it('zh-TW summary is Chinese', () => {
    expect(plan({}, 'zh-TW').summary).toBe('2026-03-10 白血球分離術：已就緒');
  });
});
