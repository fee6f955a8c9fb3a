/**
 * Both sides of the thresholds, and the table rows, of ICAHT (002 §3.1.5, Tables 12, 13, 15, Figure 9) and CAR-HEMATOTOX (Figure 7):
 * the threshold sides and table rows that icaht.test.ts and car-hematotox.test.ts do not reach.
 * Each describe names the table or threshold group it completes.
 */
import { describe, expect, it } from 'vitest';
// Loading the modules registers the two instruments.
import '../../src/toxicity/car-hematotox.js';
import '../../src/toxicity/icaht.js';
import type { CarHematotoxValue } from '../../src/toxicity/car-hematotox.js';
import type { IcahtValue } from '../../src/toxicity/icaht.js';
import { actionRules, q, rulesOf, run } from '../support.js';
import { ancCounts as counts, icahtDateOf as dateOf, dayRange as range, icahtOf as icaht, ICAHT_INFUSION as INFUSION, ancSeries as series } from './fixtures.js';


/** Days 0-30 as given, then the late counts [day, ANC], assessed on `asOfDay`. */
function withLate(early: readonly number[], late: readonly (readonly [number, number])[], asOfDay: number, extra: Record<string, unknown> = {}) {
  const anc = [...counts(early), ...late.map(([day, value]) => ({ date: dateOf(day), value: q(value, '/uL') }))];
  return run<IcahtValue>('icaht', { infusionDate: INFUSION, asOfDate: dateOf(asOfDay), anc, ...extra });
}

const warningRules = (r: { warnings: readonly { rule: string }[] }) => r.warnings.map((w) => w.rule);
const NORMAL_EARLY = series(31, [], 0);

describe('ICAHT Table 12 rows: the basis entry names the row and its cut-off (§3.1.5 Table 12)', () => {
  it.each([
    ['grade 0: no day at or below 500', series(31, [], 0), 'icaht.early-none', 0, undefined, 0],
    ['grade 1: fewer than 7 days at or below 500', series(31, range(1, 6), 400), 'icaht.early-g1', 6, { comparator: '<', value: 7 }, 1],
    ['grade 2: 7-13 days at or below 500', series(31, range(1, 7), 400), 'icaht.early-g2', 7, { comparator: 'between', value: [7, 13] }, 2],
    ['grade 3: 14 or more days at or below 500', series(31, range(1, 14), 400), 'icaht.early-g3-500', 14, { comparator: '>=', value: 14 }, 3],
    ['grade 3: 7 or more days at or below 100', series(31, range(1, 7), 50), 'icaht.early-g3-100', 7, { comparator: '>=', value: 7 }, 3],
    ['grade 4: 14 or more days at or below 100', series(31, range(1, 14), 50), 'icaht.early-g4-100', 14, { comparator: '>=', value: 14 }, 4],
    ['grade 4: never above 500 through day 30', series(31, range(0, 30), 400), 'icaht.early-g4-never-above-500', true, { comparator: '<=', value: 500, unit: '/uL' }, 4],
  ] as const)('%s', (_label, values, rule, observed, threshold, grade) => {
    const r = icaht(values);
    expect(r.value!.early!.grade).toBe(grade);
    const entry = r.basis.find((b) => b.rule === rule);
    expect(entry).toMatchObject({ observed, yields: grade });
    expect(entry!.threshold).toEqual(threshold);
    // The two day counts always cite their ANC cut-offs.
    expect(r.basis.find((b) => b.rule === 'icaht.early-days-500')!.threshold).toEqual({ comparator: '<=', value: 500, unit: '/uL' });
    expect(r.basis.find((b) => b.rule === 'icaht.early-days-100')!.threshold).toEqual({ comparator: '<=', value: 100, unit: '/uL' });
  });

  it.each([
    [1, 1_500],
    [2, 1_000],
    [3, 500],
    [4, 100],
  ] as const)('late grade %d: two counts at or below %d/uL cite that cut-off and the two-count rule', (grade, anc) => {
    const r = withLate(NORMAL_EARLY, [[35, anc], [42, anc]], 42);
    expect(r.basis.find((b) => b.rule === `icaht.late-g${grade}`)).toMatchObject({ observed: anc, yields: grade, threshold: { comparator: '<=', value: anc, unit: '/uL' } });
    expect(r.basis.find((b) => b.rule === 'icaht.late-rule')).toMatchObject({ observed: 2, threshold: { comparator: '>=', value: 2 } });
  });

  it('"never above 500": every day exactly 500/uL is grade 4; one day at 501/uL ends it', () => {
    const all500 = icaht(series(31, range(0, 30), 500));
    expect(all500.value!.early).toMatchObject({ grade: 4, neverAbove500: true, daysAtOrBelow500: 31 });
    const one501 = series(31, range(0, 30), 500);
    one501[0] = 501;
    const r = icaht(one501);
    expect(r.value!.early).toMatchObject({ grade: 3, neverAbove500: false, daysAtOrBelow500: 30 });
    expect(rulesOf(r)).not.toContain('icaht.early-g4-never-above-500');
  });
});

describe('ICAHT day 30 / day 31: the edge between early and late (Table 12, earlyLastDay = 30)', () => {
  it('a count of 50/uL on day 31 is late, not early: early stays grade 0, the late count asks for a repeat', () => {
    const r = withLate(NORMAL_EARLY, [[31, 50]], 31);
    expect(r.value!.early).toMatchObject({ grade: 0, daysAtOrBelow500: 0, daysAtOrBelow100: 0 });
    expect(r.value!.late).toBeNull();
    const single = r.warnings.find((w) => w.rule === 'icaht.late-single-low')!.text;
    expect(single).toContain('day +31');
    expect(single).toContain('grade 4');
  });
  it('late ICAHT is looked for from day 31: no late warning on day 30, "no late data" on day 31', () => {
    const day30 = withLate(NORMAL_EARLY, [], 30);
    expect(day30.value!.late).toBeNull();
    expect(warningRules(day30)).not.toContain('icaht.late-no-data');
    expect(warningRules(withLate(NORMAL_EARLY, [], 31))).toContain('icaht.late-no-data');
  });
  it('high CAR-HEMATOTOX risk without G-CSF: prophylactic G-CSF still proposed on day 30, no longer on day 31', () => {
    const day30 = withLate(NORMAL_EARLY, [], 30, { hematotoxRisk: 'high', weight: q(60, 'kg') });
    const gcsf = day30.actions.find((a) => a.rule === 'icaht.gcsf-prophylactic');
    expect(gcsf).toMatchObject({ status: 'consider', drug: 'G-CSF', frequency: 'daily', dose: { value: 300, unit: 'ug' } });
    expect(gcsf!.text).toContain('day +2');
    expect(actionRules(withLate(NORMAL_EARLY, [], 31, { hematotoxRisk: 'high', weight: q(60, 'kg') }))).not.toContain('icaht.gcsf-prophylactic');
  });
});

describe('ICAHT G-CSF refractory: at least 5 days of G-CSF and a count 5 days after its start (Table 13, Figure 9)', () => {
  const low = series(11, range(1, 10), 300);
  it('exactly 5 days given: refractory, tier-2 work-up as a "do", with the 5-day cut-off in the basis', () => {
    const r = icaht(low, { gcsf: { startedDate: dateOf(3), daysGiven: 5 } });
    expect(r.basis.find((b) => b.rule === 'icaht.gcsf-refractory')).toMatchObject({ observed: 5, threshold: { comparator: '>=', value: 5 } });
    expect(r.actions.find((a) => a.rule === 'icaht.tier2-workup')?.status).toBe('do');
  });
  it('latest count 4 days after the G-CSF start: not yet refractory; 5 days after: refractory', () => {
    const four = icaht(low, { gcsf: { startedDate: dateOf(6), daysGiven: 5 } });
    expect(rulesOf(four)).not.toContain('icaht.gcsf-refractory');
    expect(actionRules(four)).toContain('icaht.tier2-workup-if');
    expect(actionRules(four)).not.toContain('icaht.tier2-workup');
    const five = icaht(low, { gcsf: { startedDate: dateOf(5), daysGiven: 5 } });
    expect(rulesOf(five)).toContain('icaht.gcsf-refractory');
    expect(actionRules(five)).toContain('icaht.tier2-workup');
  });
});

describe('ICAHT persisting neutropenia: latest count at or below 500/uL, or a late grade (Figure 9, item 2)', () => {
  const refractory = { gcsf: { startedDate: dateOf(2), daysGiven: 13 } };
  it('day 15 after early grade 3, latest 500/uL: still neutropenic (tier 2 "do", prophylaxis, refractory, TPO agonist)', () => {
    const values = series(16, range(1, 14), 300);
    values[15] = 500;
    const r = icaht(values, refractory);
    expect(r.value!.early!.grade).toBe(3);
    expect(r.basis.find((b) => b.rule === 'icaht.after-day-14')).toMatchObject({ observed: 15, threshold: { comparator: '>=', value: 14 } });
    expect(r.actions.find((a) => a.rule === 'icaht.tier2-workup')?.status).toBe('do');
    expect(actionRules(r)).toEqual(expect.arrayContaining(['icaht.infection-prophylaxis', 'icaht.tpo-agonist']));
    expect(rulesOf(r)).toContain('icaht.gcsf-refractory');
  });
  it('same with latest 501/uL: not neutropenic by that rule (tier 2 only "if", no prophylaxis, not refractory, no TPO agonist)', () => {
    const values = series(16, range(1, 14), 300);
    values[15] = 501;
    const r = icaht(values, refractory);
    expect(r.value!.early!.grade).toBe(3);
    expect(rulesOf(r)).not.toContain('icaht.after-day-14');
    expect(rulesOf(r)).not.toContain('icaht.gcsf-refractory');
    expect(actionRules(r)).toContain('icaht.tier2-workup-if');
    expect(actionRules(r)).not.toContain('icaht.tier2-workup');
    expect(actionRules(r)).not.toContain('icaht.infection-prophylaxis');
    expect(actionRules(r)).not.toContain('icaht.tpo-agonist');
  });
  it('latest pair after day 30 at 1,500/uL (late grade 1) keeps the prophylaxis; at 1,501/uL it stops', () => {
    const early1 = series(31, range(1, 3), 400);
    const g1 = withLate(early1, [[35, 1_500], [42, 1_500]], 42);
    expect(g1.value!.late!.grade).toBe(1);
    expect(actionRules(g1)).toEqual(expect.arrayContaining(['icaht.infection-prophylaxis', 'icaht.tier2-workup']));
    const g0 = withLate(early1, [[35, 1_501], [42, 1_501]], 42);
    expect(g0.value!.late!.grade).toBe(0);
    expect(actionRules(g0)).not.toContain('icaht.infection-prophylaxis');
    expect(actionRules(g0)).toContain('icaht.tier2-workup-if');
  });
});

describe('ICAHT Table 15 prophylaxis rows on both sides (antibacterial, antifungal, G-CSF)', () => {
  const highRisk = (latest: number) => {
    const values = series(8, range(3, 7), 300);
    values[7] = latest;
    return icaht(values, { hematotoxRisk: 'high' });
  };
  it('high risk, latest 499/uL: antibacterial, posaconazole 300 mg PO and micafungin 50 mg IV daily', () => {
    const r = highRisk(499);
    expect(actionRules(r)).toContain('icaht.antibacterial-prophylaxis');
    expect(r.actions.find((a) => a.rule === 'icaht.antifungal-posaconazole')).toMatchObject({ drug: 'posaconazole', dose: { value: 300, unit: 'mg' }, route: 'PO' });
    expect(r.actions.find((a) => a.rule === 'icaht.antifungal-micafungin')).toMatchObject({ drug: 'micafungin', dose: { value: 50, unit: 'mg' }, route: 'IV' });
  });
  it('high risk, latest 500/uL (not below 500): no antibacterial, no antifungal, no therapeutic G-CSF', () => {
    const r = highRisk(500);
    expect(r.value!.early!.grade).toBe(1);
    for (const rule of ['icaht.antibacterial-prophylaxis', 'icaht.antifungal-posaconazole', 'icaht.antifungal-micafungin', 'icaht.gcsf-therapeutic']) {
      expect(actionRules(r)).not.toContain(rule);
    }
  });
  it('no risk group, ANC below 500/uL: grade 3 (prolonged) gets antifungal prophylaxis, grade 2 does not; neither gets antibacterial', () => {
    const g3 = icaht(series(15, range(1, 14), 300));
    expect(g3.value!.early!.grade).toBe(3);
    expect(actionRules(g3)).toEqual(expect.arrayContaining(['icaht.antifungal-posaconazole', 'icaht.antifungal-micafungin']));
    expect(actionRules(g3)).not.toContain('icaht.antibacterial-prophylaxis');
    const g2 = icaht(series(15, range(8, 14), 300));
    expect(g2.value!.early!.grade).toBe(2);
    expect(actionRules(g2)).not.toContain('icaht.antifungal-posaconazole');
    expect(actionRules(g2)).not.toContain('icaht.antibacterial-prophylaxis');
  });
  it('prophylactic G-CSF: not once G-CSF is recorded, and not for low CAR-HEMATOTOX risk', () => {
    expect(actionRules(icaht(series(5, [], 0), { hematotoxRisk: 'high', gcsf: { startedDate: dateOf(2), daysGiven: 3 } }))).not.toContain('icaht.gcsf-prophylactic');
    expect(actionRules(icaht(series(5, [], 0), { hematotoxRisk: 'low' }))).not.toContain('icaht.gcsf-prophylactic');
  });
});

describe('ICAHT Figure 9 salvage: TPO agonist and stem-cell boost from day +14, donor search at grade 4', () => {
  // Days 1-6 at 300/uL, then at or below 100/uL: grade 3 by the <=100 criterion (7-13 days), never grade 4 here.
  const grade3 = (lastDay: number) => [2_000, ...range(1, lastDay).map((d) => (d <= 6 ? 300 : 50))];
  const salvage = { gcsf: { startedDate: dateOf(2), daysGiven: 10 }, cd34Backup: true, platelets: q(20_000, '/uL') };
  it('day 13, grade 3, G-CSF refractory, CD34+ cells stored: no TPO agonist, no boost yet', () => {
    const r = icaht(grade3(13), salvage);
    expect(r.value!.early).toMatchObject({ grade: 3, daysAtOrBelow100: 7 });
    expect(rulesOf(r)).toContain('icaht.gcsf-refractory');
    expect(actionRules(r)).not.toContain('icaht.tpo-agonist');
    expect(actionRules(r)).not.toContain('icaht.stem-cell-boost');
  });
  it('day 14, same: TPO agonist and stem-cell boost to consider; grade 3 is no donor search', () => {
    const r = icaht(grade3(14), salvage);
    expect(r.value!.early).toMatchObject({ grade: 3, daysAtOrBelow100: 8 });
    expect(r.actions.find((a) => a.rule === 'icaht.tpo-agonist')?.status).toBe('consider');
    expect(r.actions.find((a) => a.rule === 'icaht.stem-cell-boost')?.status).toBe('consider');
    expect(r.basis.find((b) => b.rule === 'icaht.platelets-observed')?.observed).toBe(20_000);
    expect(actionRules(r)).not.toContain('icaht.donor-search');
  });
  it('day 15, grade 3, G-CSF given only 3 days: not refractory, so no TPO agonist, no boost, no CD34+ question', () => {
    const r = icaht(series(16, range(1, 15), 300), { gcsf: { startedDate: dateOf(12), daysGiven: 3 } });
    expect(r.value!.early!.grade).toBe(3);
    expect(actionRules(r)).not.toContain('icaht.tpo-agonist');
    expect(actionRules(r)).not.toContain('icaht.stem-cell-boost');
    expect(warningRules(r)).not.toContain('icaht.cd34-unknown');
  });
  it('late grade 3 qualifies for the boost too (Figure 9 dagger); late grade 2 does not, though still refractory', () => {
    const g3 = withLate(NORMAL_EARLY, [[35, 400], [42, 300]], 42, { gcsf: { startedDate: dateOf(35), daysGiven: 8 }, cd34Backup: true });
    expect(g3.value).toMatchObject({ early: { grade: 0 }, late: { grade: 3 } });
    expect(actionRules(g3)).toEqual(expect.arrayContaining(['icaht.stem-cell-boost', 'icaht.tpo-agonist']));
    const g2 = withLate(NORMAL_EARLY, [[35, 900], [42, 400]], 42, { gcsf: { startedDate: dateOf(35), daysGiven: 8 }, cd34Backup: true });
    expect(g2.value).toMatchObject({ early: { grade: 0 }, late: { grade: 2 } });
    expect(rulesOf(g2)).toContain('icaht.gcsf-refractory');
    expect(actionRules(g2)).toContain('icaht.tpo-agonist');
    expect(actionRules(g2)).not.toContain('icaht.stem-cell-boost');
  });
  it('a single late count at a grade-4 level after early grade 4: no allo-HCT until a second count confirms it', () => {
    const r = withLate(series(31, range(0, 30), 50), [[35, 60]], 35);
    expect(r.value!.late).toBeNull();
    expect(actionRules(r)).not.toContain('icaht.allo-hct');
    expect(r.actions.find((a) => a.rule === 'icaht.donor-search')?.status).toBe('do');
  });
});

describe('ICAHT Table 13 rows: each row\'s tests appear in the work-up it belongs to', () => {
  // Grade 3 at day 15 with ANC still low: both tiers are "do".
  const r = icaht(series(16, range(1, 15), 300));
  const text = (rule: string) => r.actions.find((a) => a.rule === rule)!.text;
  it.each([
    ['tier 1, marrow insufficiency', 'icaht.tier1-workup', [/CBC/, /reticulocyte production index/, /smear/]],
    ['tier 1, drug side effects', 'icaht.tier1-workup', [/myelosuppressive drugs/]],
    ['tier 1, vitamin deficiency', 'icaht.tier1-workup', [/B12/, /folate/]],
    ['tier 1, infection', 'icaht.tier1-workup', [/blood cultures/, /CMV PCR/, /procalcitonin/, /CD4\+ T cells/, /IgG/, /B-cell count/]],
    ['tier 1, CRS/MAS or IEC-HS', 'icaht.tier1-workup', [/ferritin/, /triglycerides/, /IEC-HS/]],
    ['tier 2, parvovirus (prolonged anemia)', 'icaht.tier2-workup', [/parvovirus B19 PCR if anemia is prolonged/]],
    ['tier 2, HHV-6 and JCV (neurological signs)', 'icaht.tier2-workup', [/HHV-6 and JCV PCR \(blood or CSF\) if there are neurological signs/]],
    ['tier 2, EBV, adenovirus, HSV (HLH)', 'icaht.tier2-workup', [/EBV, adenovirus and HSV PCR if HLH/]],
    ['tier 2, marrow disease (prolonged cytopenia)', 'icaht.tier2-workup', [/bone marrow aspirate and biopsy/, /flow cytometry/, /IHC/, /cytogenetics/, /NGS for prolonged cytopenia/]],
    ['tier 2, relapse', 'icaht.tier2-workup', [/B-cell panel\) for relapse/]],
    ['tier 2, other (MPN, PNH, autoimmunity)', 'icaht.tier2-workup', [/myeloid panel/, /PNH \(GPI-anchor\)/, /DAT/]],
  ] as const)('%s', (_label, rule, patterns) => {
    expect(r.actions.find((a) => a.rule === rule)?.status).toBe('do');
    for (const p of patterns) expect(text(rule)).toMatch(p);
  });
  it('the tier-2 trigger: tier 1 negative, G-CSF failing after 5 days, or day +14', () => {
    const before = icaht(series(8, range(3, 7), 300)).actions.find((a) => a.rule === 'icaht.tier2-workup-if')!;
    expect(before.status).toBe('consider');
    expect(before.text).toMatch(/tier 1 is negative/);
    expect(before.text).toMatch(/5 days/);
    expect(before.text).toMatch(/day \+14/);
  });
});

describe('ICAHT Table 15 rows: what each proposed measure says', () => {
  const r = icaht(series(8, range(3, 7), 300), { hematotoxRisk: 'high' });
  it.each([
    ['transfusion: one red-cell unit at a time', 'icaht.transfusion-support', /one unit at a time/],
    ['irradiated products: from 7 days before leukapheresis to at least day +90', 'icaht.irradiated-products', /7 days before leukapheresis until at least day \+90/],
    ['antibacterial: fluoroquinolone per institution, multidrug-resistant colonisation', 'icaht.antibacterial-prophylaxis', /levofloxacin or ciprofloxacin.*multidrug-resistant/],
    ['antifungal: posaconazole for 1-3 months', 'icaht.antifungal-posaconazole', /1-3 months/],
    ['therapeutic G-CSF: whether or not there is an infection', 'icaht.gcsf-therapeutic', /whether or not there is an infection/],
  ] as const)('%s', (_label, rule, pattern) => {
    expect(r.actions.find((a) => a.rule === rule)?.text).toMatch(pattern);
  });
});

describe('CAR-HEMATOTOX Figure 7: the basis entry names the band and its cut-off, on both sides of each edge', () => {
  const base = { platelets: q(250_000, '/uL'), anc: q(3_000, '/uL'), hemoglobin: q(12, 'g/dL'), crp: q(0.5, 'mg/dL'), ferritin: q(300, 'ng/mL'), disease: 'LBCL' };
  const PLT_0 = { comparator: '>', value: 175_000, unit: '/uL' };
  const PLT_1 = { comparator: 'between', value: [75_000, 175_000], unit: '/uL' };
  const PLT_2 = { comparator: '<', value: 75_000, unit: '/uL' };
  const FER_0 = { comparator: '<', value: 650, unit: 'ng/mL' };
  const FER_1 = { comparator: 'between', value: [650, 2_000], unit: 'ng/mL' };
  const FER_2 = { comparator: '>', value: 2_000, unit: 'ng/mL' };
  it.each([
    ['platelets', 175_001, '/uL', 'platelets-0', PLT_0, 0],
    ['platelets', 175_000, '/uL', 'platelets-1', PLT_1, 1],
    ['platelets', 75_000, '/uL', 'platelets-1', PLT_1, 1],
    ['platelets', 74_999, '/uL', 'platelets-2', PLT_2, 2],
    ['anc', 1_201, '/uL', 'anc-0', { comparator: '>', value: 1_200, unit: '/uL' }, 0],
    ['anc', 1_200, '/uL', 'anc-1', { comparator: '<=', value: 1_200, unit: '/uL' }, 1],
    ['hemoglobin', 9.1, 'g/dL', 'hemoglobin-0', { comparator: '>', value: 9, unit: 'g/dL' }, 0],
    ['hemoglobin', 9.0, 'g/dL', 'hemoglobin-1', { comparator: '<=', value: 9, unit: 'g/dL' }, 1],
    ['crp', 2.9, 'mg/dL', 'crp-0', { comparator: '<', value: 3, unit: 'mg/dL' }, 0],
    ['crp', 3.0, 'mg/dL', 'crp-1', { comparator: '>=', value: 3, unit: 'mg/dL' }, 1],
    ['ferritin', 649, 'ng/mL', 'ferritin-0', FER_0, 0],
    ['ferritin', 650, 'ng/mL', 'ferritin-1', FER_1, 1],
    ['ferritin', 2_000, 'ng/mL', 'ferritin-1', FER_1, 1],
    ['ferritin', 2_001, 'ng/mL', 'ferritin-2', FER_2, 2],
  ] as const)('%s %d %s: %s', (item, value, unit, rule, threshold, points) => {
    const r = run<CarHematotoxValue>('car-hematotox', { ...base, [item]: q(value, unit) });
    const entry = r.basis.find((b) => b.field === item)!;
    expect(entry).toMatchObject({ rule: `car-hematotox.${rule}`, observed: value, yields: points });
    expect(entry.threshold).toEqual(threshold);
    expect(r.value!.points[item]).toBe(points);
  });
  it('risk rows: total 1 cites "< 2" (low), total 2 cites ">= 2" (high)', () => {
    const one = run<CarHematotoxValue>('car-hematotox', { ...base, anc: q(1_200, '/uL') });
    expect(one.basis.find((b) => b.field === 'score')).toMatchObject({ rule: 'car-hematotox.low-risk', observed: 1, yields: 'low', threshold: { comparator: '<', value: 2 } });
    const two = run<CarHematotoxValue>('car-hematotox', { ...base, anc: q(1_200, '/uL'), hemoglobin: q(9.0, 'g/dL') });
    expect(two.basis.find((b) => b.field === 'score')).toMatchObject({ rule: 'car-hematotox.high-risk', observed: 2, yields: 'high', threshold: { comparator: '>=', value: 2 } });
  });
});
