import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessIcaht, ICAHT_THRESHOLDS, IcahtInput, lateGradeOf } from '../../src/toxicity/icaht.js';
import type { IcahtValue } from '../../src/toxicity/icaht.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';
import { ancCounts as counts, icahtDateOf as dateOf, dayRange as range, icahtOf as icaht, ICAHT_INFUSION as INFUSION, ancSeries as series } from './fixtures.js';


describe('ICAHT early grade (days 0-30): every cell of Table 12 on both sides', () => {
  it.each([
    ['6 days at <=500: grade 1', series(31, range(1, 6), 400), 1],
    ['7 days at <=500: grade 2', series(31, range(1, 7), 400), 2],
    ['13 days at <=500: grade 2', series(31, range(1, 13), 400), 2],
    ['14 days at <=500: grade 3', series(31, range(1, 14), 400), 3],
    ['6 days at <=100 (6 days at <=500): grade 1', series(31, range(1, 6), 50), 1],
    ['7 days at <=100: grade 3', series(31, range(1, 7), 50), 3],
    ['13 days at <=100: grade 3', series(31, range(1, 13), 50), 3],
    ['14 days at <=100: grade 4', series(31, range(1, 14), 50), 4],
    ['ANC exactly 500 counts as at or below 500 (7 days: grade 2)', series(31, range(1, 7), 500), 2],
    ['ANC 501 does not count (7 days: grade 0)', series(31, range(1, 7), 501), 0],
    ['ANC exactly 100 counts as at or below 100 (7 days: grade 3)', series(31, range(1, 7), 100), 3],
    ['ANC 101 counts only toward <=500 (7 days: grade 2)', series(31, range(1, 7), 101), 2],
    ['ANC never above 500 through day 30: grade 4', series(31, range(0, 30), 400), 4],
    ['no day at or below 500 over days 0-30: grade 0', series(31, [], 0), 0],
  ])('%s', (_label, values, expected) => {
    const r = icaht(values);
    expect(r.status).toBe('assessed');
    expect(r.value!.early).toMatchObject({ grade: expected, provisional: false });
  });

  it('reports the day counts and the criterion that fired', () => {
    const r = icaht(series(31, range(1, 14), 400));
    expect(r.value!.early).toEqual({ grade: 3, provisional: false, daysAtOrBelow500: 14, daysAtOrBelow100: 0, neverAbove500: false });
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['icaht.early-days-500', 'icaht.early-days-100', 'icaht.early-g3-500']));
    expect(rulesOf(r)).not.toContain('icaht.early-g3-100');
    expect(r.summary).toBe('Early ICAHT grade 3');
  });

  it('grade 4 by <=100 for 14 days names that criterion', () => {
    const r = icaht(series(31, range(1, 14), 50));
    expect(r.value!.early).toMatchObject({ daysAtOrBelow500: 14, daysAtOrBelow100: 14 });
    expect(rulesOf(r)).toContain('icaht.early-g4-100');
  });

  it('never above 500 names its criterion and sets the flag', () => {
    const r = icaht(series(31, range(0, 30), 400));
    expect(r.value!.early).toMatchObject({ grade: 4, neverAbove500: true, daysAtOrBelow500: 31, daysAtOrBelow100: 0 });
    expect(rulesOf(r)).toContain('icaht.early-g4-never-above-500');
  });

  it('ANC above 500 only on day 0, then never recovering: grade 3 by the letter, with a warning that it may be grade 4', () => {
    const r = icaht(series(31, range(1, 30), 400));
    expect(r.value!.early).toMatchObject({ grade: 3, neverAbove500: false, daysAtOrBelow500: 30 });
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.early-no-recovery-after-nadir');
  });

  it('day 30, the last day of the window, counts like any other', () => {
    expect(icaht(series(31, [30], 400)).value!.early).toMatchObject({ grade: 1, daysAtOrBelow500: 1, daysAtOrBelow100: 0 });
    expect(icaht(series(31, [30], 100)).value!.early).toMatchObject({ grade: 1, daysAtOrBelow500: 1, daysAtOrBelow100: 1 });
    expect(icaht(series(31, [30], 501)).value!.early).toMatchObject({ grade: 0, daysAtOrBelow500: 0 });
  });

  it('the no-recovery warning needs every day from the first low one to day 30 at or below 500', () => {
    // Low from day 17 to day 30: 14 days, grade 3, no recovery yet.
    const late = icaht(series(31, range(17, 30), 400));
    expect(late.value!.early).toMatchObject({ grade: 3, daysAtOrBelow500: 14 });
    expect(late.warnings.map((w) => w.rule)).toContain('icaht.early-no-recovery-after-nadir');
    // The same with day 30 above 500: recovered, no warning (and still 14 days: days 16-29).
    const recovered = series(31, range(16, 29), 400);
    const r = icaht(recovered);
    expect(r.value!.early).toMatchObject({ grade: 3, daysAtOrBelow500: 14 });
    expect(r.warnings.map((w) => w.rule)).not.toContain('icaht.early-no-recovery-after-nadir');
    // A missing day after the nadir: not concluded either.
    const gapped: (number | null)[] = series(31, range(1, 30), 400);
    gapped[20] = null;
    expect(icaht(gapped).warnings.map((w) => w.rule)).not.toContain('icaht.early-no-recovery-after-nadir');
  });

  it('a day counts by its lowest value when there are several counts that day', () => {
    const values = series(31, range(1, 6), 400);
    const anc = [...counts(values), { date: dateOf(7), value: q(450, '/uL') }];
    const r = run<IcahtValue>('icaht', { infusionDate: INFUSION, asOfDate: dateOf(30), anc });
    expect(r.value!.early).toMatchObject({ grade: 2, daysAtOrBelow500: 7 });
  });

  it('counts before day 0 are ignored for grading, and said so', () => {
    const anc = [{ date: dateOf(-3), value: q(50, '/uL') }, { date: dateOf(-1), value: q(50, '/uL') }, ...counts(series(31, [], 0))];
    const r = run<IcahtValue>('icaht', { infusionDate: INFUSION, asOfDate: dateOf(30), anc });
    expect(r.value!.early!.grade).toBe(0);
    expect(r.basis.find((b) => b.rule === 'icaht.pre-infusion-ignored')?.observed).toBe(2);
  });
});

describe('ICAHT early: short recoveries (fewer than 3 days) count as days below (Rejeski 2023)', () => {
  it('a 2-day recovery between low stretches is counted', () => {
    // Low days 1-3, above on 4-5, low on 6-7: 5 low days + 2 counted = 7, grade 2.
    const r = icaht(series(31, [...range(1, 3), ...range(6, 7)], 400));
    expect(r.value!.early).toMatchObject({ grade: 2, daysAtOrBelow500: 7 });
    expect(r.basis.find((b) => b.rule === 'icaht.short-recovery')?.observed).toBe(2);
  });
  it('a 3-day recovery is not counted', () => {
    const r = icaht(series(31, [...range(1, 3), ...range(7, 8)], 400));
    expect(r.value!.early).toMatchObject({ grade: 1, daysAtOrBelow500: 5 });
    expect(rulesOf(r)).not.toContain('icaht.short-recovery');
  });
  it('a 1-day recovery at the <=100 threshold is counted as well', () => {
    // <=100 on days 1-3 and 5-7, 300 on day 4: 7 days at <=100, grade 3.
    const values = series(31, [...range(1, 3), ...range(5, 7)], 50);
    values[4] = 300;
    expect(icaht(values).value!.early).toMatchObject({ grade: 3, daysAtOrBelow100: 7, daysAtOrBelow500: 7 });
  });
  it('a recovery cut off by the end of the data is not a short recovery', () => {
    // Low on days 20-25, above on 26-27, data ends on day 27: 6 days, grade 1 so far.
    const values = series(28, range(20, 25), 400);
    const r = icaht(values);
    expect(r.value!.early).toMatchObject({ grade: 1, daysAtOrBelow500: 6, provisional: true });
    // When day 28 is low again, the 2-day recovery is closed and counted: 6 + 2 + 1 = 9.
    const next = icaht([...values, 400]);
    expect(next.value!.early).toMatchObject({ grade: 2, daysAtOrBelow500: 9 });
  });
  it('a recovery cut off by the end of the window (day 30) is not counted', () => {
    const values = series(31, range(24, 29), 400);
    values[30] = 900;
    expect(icaht(values).value!.early).toMatchObject({ grade: 1, daysAtOrBelow500: 6 });
  });
  it('a leading stretch above the threshold is not counted', () => {
    expect(icaht(series(31, range(2, 7), 400)).value!.early).toMatchObject({ grade: 1, daysAtOrBelow500: 6 });
  });
});

describe('ICAHT early: days without a count', () => {
  it('gaps that can change the grade: cannot assess, with the range and the missing days', () => {
    const values: (number | null)[] = series(31, range(1, 6), 400);
    values[7] = null;
    const r = icaht(values);
    expect(r.status).toBe('cannot-assess');
    expect(r.value).toBeNull();
    const warning = r.warnings.find((w) => w.rule === 'icaht.early-range');
    expect(warning?.text).toContain('grade 1');
    expect(warning?.text).toContain('grade 2');
    expect(warning?.text).toContain('+7');
  });
  it('lists every missing day', () => {
    const values: (number | null)[] = series(31, range(1, 5), 400);
    values[6] = null;
    values[9] = null;
    const r = icaht(values);
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings.find((w) => w.rule === 'icaht.early-range')?.text).toContain('+6, +9');
  });
  it('a single missing day in an otherwise normal window can still make it grade 1: cannot assess', () => {
    const values: (number | null)[] = series(31, [], 0);
    values[12] = null;
    expect(icaht(values).status).toBe('cannot-assess');
  });
  it('gaps that cannot change the grade: assessed, with the bounds and the missing days', () => {
    const values: (number | null)[] = series(31, range(1, 20), 400);
    values[25] = null;
    values[27] = null;
    const r = icaht(values);
    expect(r.status).toBe('assessed');
    expect(r.value!.early!.grade).toBe(3);
    expect(r.value!.bounds).toEqual({ low: 3, high: 3, missingDays: [25, 27] });
    expect(r.basis.find((b) => b.rule === 'icaht.early-gaps-no-change')?.observed).toBe(2);
  });
  it('no count at all before day 30: cannot assess', () => {
    const r = run('icaht', { infusionDate: INFUSION, asOfDate: dateOf(10), anc: [] });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.early-range');
  });
});

describe('ICAHT early: provisional before day 30', () => {
  it('grade so far, flagged provisional, with a warning that it may rise', () => {
    const r = icaht(series(11, range(2, 9), 400));
    expect(r.value!.early).toMatchObject({ grade: 2, provisional: true, daysAtOrBelow500: 8 });
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.early-provisional');
    expect(r.summary).toBe('Early ICAHT grade 2 so far (provisional until day 30)');
  });
  it('grade 0 so far is provisional', () => {
    expect(icaht(series(6, [], 0)).value!.early).toMatchObject({ grade: 0, provisional: true });
  });
  it('"never above 500" is not concluded before day 30', () => {
    const r = icaht(series(21, range(0, 20), 400));
    expect(r.value!.early).toMatchObject({ grade: 3, provisional: true, neverAbove500: false });
  });
  it('day 29 is still provisional, day 30 is final', () => {
    expect(icaht(series(30, range(0, 29), 400)).value!.early).toMatchObject({ grade: 3, provisional: true });
    expect(icaht(series(31, range(0, 30), 400)).value!.early).toMatchObject({ grade: 4, provisional: false });
  });
  it('grade 4 before day 30 is final: it cannot rise further', () => {
    const r = icaht(series(16, range(1, 15), 50));
    expect(r.value!.early).toMatchObject({ grade: 4, provisional: false });
    expect(r.warnings.map((w) => w.rule)).not.toContain('icaht.early-provisional');
  });
  it('day 0 alone can be assessed', () => {
    expect(icaht([300]).value!.early).toMatchObject({ grade: 1, provisional: true, daysAtOrBelow500: 1 });
  });
});

describe('ICAHT late grade (after day 30): Table 12 on both sides', () => {
  const normalEarly = series(31, [], 0);
  function late(values: readonly number[], firstDay = 35, step = 7) {
    const anc = [...counts(normalEarly), ...values.map((v, i) => ({ date: dateOf(firstDay + i * step), value: q(v, '/uL') }))];
    const asOf = firstDay + (values.length - 1) * step;
    return run<IcahtValue>('icaht', { infusionDate: INFUSION, asOfDate: dateOf(Math.max(asOf, 31)), anc });
  }
  it.each([
    [1_500, 1],
    [1_501, 0],
    [1_000, 2],
    [1_001, 1],
    [500, 3],
    [501, 2],
    [100, 4],
    [101, 3],
  ])('two consecutive counts of %d/uL: grade %d', (anc, expected) => {
    const r = late([anc, anc]);
    expect(r.value!.late).toEqual({ grade: expected, measurements: 2 });
    expect(lateGradeOf(anc)).toBe(expected);
    expect(rulesOf(r)).toContain(expected === 0 ? 'icaht.late-none' : `icaht.late-g${expected}`);
  });
  it('a single low count gives no late grade, and asks for a repeat', () => {
    const r = late([400]);
    expect(r.status).toBe('assessed');
    expect(r.value!.late).toBeNull();
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.late-single-low');
    expect(rulesOf(r)).toContain('icaht.late-rule');
  });
  it('a single normal count is late grade 0', () => {
    expect(late([2_500]).value!.late).toEqual({ grade: 0, measurements: 1 });
  });
  it('a transient dip between normal counts does not count', () => {
    expect(late([2_500, 80, 2_500]).value!.late).toEqual({ grade: 0, measurements: 3 });
  });
  it('a dip that is the latest count is not yet confirmed: warning to repeat', () => {
    const r = late([2_500, 2_500, 300]);
    expect(r.value!.late).toEqual({ grade: 0, measurements: 3 });
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.late-latest-unconfirmed');
  });
  it('two consecutive low counts are graded by the milder one', () => {
    const r = late([50, 800]);
    expect(r.value!.late!.grade).toBe(2);
    expect(r.basis.find((b) => b.rule === 'icaht.late-g2')?.observed).toBe(800);
  });
  it('the highest grade over all consecutive pairs is kept', () => {
    expect(late([1_200, 1_300, 400, 450, 2_000, 2_100]).value!.late!.grade).toBe(3);
  });
  it('counts on the same day are one time point (its lowest value)', () => {
    const anc = [...counts(normalEarly), { date: dateOf(40), value: q(400, '/uL') }, { date: dateOf(40), value: q(300, '/uL') }];
    const r = run<IcahtValue>('icaht', { infusionDate: INFUSION, asOfDate: dateOf(40), anc });
    expect(r.value!.late).toBeNull();
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.late-single-low');
  });
  it('early and late are both reported after day 30', () => {
    const r = late([400, 400]);
    expect(r.value!.early).toMatchObject({ grade: 0, provisional: false });
    expect(r.summary).toBe('Early ICAHT grade 0; late ICAHT grade 3');
  });
  it('after day 30 with no late count: late not assessed', () => {
    const r = run<IcahtValue>('icaht', { infusionDate: INFUSION, asOfDate: dateOf(45), anc: counts(normalEarly) });
    expect(r.value!.late).toBeNull();
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.late-no-data');
  });
  it('late follow-up without early counts: early not assessed, late graded', () => {
    const anc = [{ date: dateOf(60), value: q(700, '/uL') }, { date: dateOf(67), value: q(900, '/uL') }];
    const r = run<IcahtValue>('icaht', { infusionDate: INFUSION, asOfDate: dateOf(67), anc });
    expect(r.status).toBe('assessed');
    expect(r.value).toEqual({ early: null, late: { grade: 2, measurements: 2 } });
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.early-no-data');
    expect(r.summary).toBe('Late ICAHT grade 2 (early ICAHT not assessed)');
  });
  it('neither early nor late counts: cannot assess', () => {
    const r = run('icaht', { infusionDate: INFUSION, asOfDate: dateOf(67), anc: [{ date: dateOf(67), value: q(300, '/uL') }] });
    expect(r.status).toBe('cannot-assess');
  });
});

describe('ICAHT management (Figure 9, Tables 13 and 15)', () => {
  it('ANC 499: therapeutic G-CSF 5 ug/kg daily with the dose from weight; ANC 500: not', () => {
    const r = icaht([...series(5, [], 0), 499], { weight: q(70, 'kg') });
    const gcsf = r.actions.find((a) => a.rule === 'icaht.gcsf-therapeutic');
    expect(gcsf).toMatchObject({ status: 'do', drug: 'G-CSF', frequency: 'daily', dose: { value: 350, unit: 'ug', perUnit: { value: 5, unit: 'ug/kg' } } });
    expect(gcsf!.escalation!.map((e) => e.rule)).toEqual(['icaht.gcsf-increase-if-no-response', 'icaht.gcsf-refractory-escalation']);
    expect(actionRules(icaht([...series(5, [], 0), 500], { weight: q(70, 'kg') }))).not.toContain('icaht.gcsf-therapeutic');
  });
  it('without weight the G-CSF dose is per kg, with a warning', () => {
    const r = icaht([...series(5, [], 0), 300]);
    expect(r.actions.find((a) => a.rule === 'icaht.gcsf-therapeutic')!.dose).toMatchObject({ value: 5, unit: 'ug/kg' });
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.gcsf-weight-missing');
  });
  it('any grade: tier-1 work-up, infection prophylaxis by risk, transfusion support, irradiated products', () => {
    const r = icaht(series(6, range(3, 5), 400));
    expect(actionRules(r)).toEqual(
      expect.arrayContaining(['icaht.tier1-workup', 'icaht.tier2-workup-if', 'icaht.infection-prophylaxis', 'icaht.transfusion-support', 'icaht.irradiated-products']),
    );
    expect(r.actions.find((a) => a.rule === 'icaht.tier2-workup-if')!.status).toBe('consider');
  });
  it('grade 0: only irradiated blood products (no ICAHT management)', () => {
    expect(actionRules(icaht(series(31, [], 0)))).toEqual(['icaht.irradiated-products']);
  });
  it('irradiated products until day +90, not after', () => {
    const anc = [...counts(series(31, [], 0)), { date: dateOf(80), value: q(2_000, '/uL') }];
    const at = (day: number) => actionRules(run('icaht', { infusionDate: INFUSION, asOfDate: dateOf(day), anc }));
    expect(at(90)).toContain('icaht.irradiated-products');
    expect(at(91)).not.toContain('icaht.irradiated-products');
  });
  it('neutropenia persisting at day +14: tier-2 work-up', () => {
    const r = icaht(series(15, range(1, 14), 300));
    expect(r.actions.find((a) => a.rule === 'icaht.tier2-workup')?.status).toBe('do');
    expect(rulesOf(r)).toContain('icaht.after-day-14');
  });
  it('day +13 without G-CSF refractoriness: tier 2 only if tier 1 is negative', () => {
    expect(actionRules(icaht(series(14, range(1, 13), 300)))).toContain('icaht.tier2-workup-if');
  });
  it('G-CSF refractory (5 days, ANC still <=500) before day 14: tier-2 work-up', () => {
    const r = icaht(series(11, range(1, 10), 300), { gcsf: { startedDate: dateOf(3), daysGiven: 6 } });
    expect(r.actions.find((a) => a.rule === 'icaht.tier2-workup')?.status).toBe('do');
    expect(r.basis.find((b) => b.rule === 'icaht.gcsf-refractory')?.observed).toBe(6);
  });
  it('4 days of G-CSF is not refractory yet', () => {
    expect(rulesOf(icaht(series(11, range(1, 10), 300), { gcsf: { startedDate: dateOf(3), daysGiven: 4 } }))).not.toContain('icaht.gcsf-refractory');
  });
  const refractory15 = { gcsf: { startedDate: dateOf(2), daysGiven: 14 } };
  it('grade >=3 after day 14, G-CSF refractory, CD34+ cells stored: consider stem-cell boost and TPO agonist', () => {
    const r = icaht(series(16, range(1, 15), 300), { ...refractory15, cd34Backup: true, platelets: q(18, '10*9/L') });
    expect(r.value!.early!.grade).toBe(3);
    expect(r.actions.find((a) => a.rule === 'icaht.stem-cell-boost')?.status).toBe('consider');
    expect(r.actions.find((a) => a.rule === 'icaht.tpo-agonist')?.status).toBe('consider');
    expect(r.basis.find((b) => b.rule === 'icaht.platelets-observed')?.observed).toBe(18_000);
  });
  it('same without stored CD34+ cells: no boost', () => {
    expect(actionRules(icaht(series(16, range(1, 15), 300), { ...refractory15, cd34Backup: false }))).not.toContain('icaht.stem-cell-boost');
  });
  it('same with CD34+ status unknown: a warning to find out', () => {
    const r = icaht(series(16, range(1, 15), 300), refractory15);
    expect(actionRules(r)).not.toContain('icaht.stem-cell-boost');
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.cd34-unknown');
  });
  it('grade >=3 after day 14 without G-CSF recorded: a warning to record it', () => {
    expect(icaht(series(16, range(1, 15), 300)).warnings.map((w) => w.rule)).toContain('icaht.gcsf-not-recorded');
  });
  it('grade 2 is not enough for a stem-cell boost', () => {
    const values = series(16, range(1, 8), 300);
    values[15] = 300;
    const r = icaht(values, { ...refractory15, cd34Backup: true });
    expect(r.value!.early!.grade).toBe(2);
    expect(actionRules(r)).not.toContain('icaht.stem-cell-boost');
  });
  it('grade 4: start the allo-HCT donor search', () => {
    const r = icaht(series(16, range(1, 15), 50));
    expect(r.value!.early!.grade).toBe(4);
    expect(r.actions.find((a) => a.rule === 'icaht.donor-search')?.status).toBe('do');
    expect(actionRules(r)).not.toContain('icaht.allo-hct');
  });
  it('late grade 4 after day 30: consider allo-HCT, weighing spontaneous recovery', () => {
    const anc = [...counts(series(31, range(0, 30), 50)), { date: dateOf(35), value: q(60, '/uL') }, { date: dateOf(38), value: q(40, '/uL') }];
    const r = run<IcahtValue>('icaht', { infusionDate: INFUSION, asOfDate: dateOf(38), anc });
    expect(r.value!.late!.grade).toBe(4);
    expect(r.actions.find((a) => a.rule === 'icaht.allo-hct')?.status).toBe('consider');
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.spontaneous-recovery');
  });
  it('high CAR-HEMATOTOX risk and ANC <500: antibacterial and antifungal prophylaxis to consider', () => {
    const r = icaht(series(8, range(3, 7), 300), { hematotoxRisk: 'high' });
    expect(actionRules(r)).toEqual(expect.arrayContaining(['icaht.antibacterial-prophylaxis', 'icaht.antifungal-posaconazole', 'icaht.antifungal-micafungin']));
    expect(r.actions.find((a) => a.rule === 'icaht.antifungal-posaconazole')).toMatchObject({ dose: { value: 300, unit: 'mg' }, route: 'PO', frequency: 'daily' });
    expect(r.actions.find((a) => a.rule === 'icaht.antifungal-micafungin')).toMatchObject({ dose: { value: 50, unit: 'mg' }, route: 'IV', frequency: 'daily' });
  });
  it('low CAR-HEMATOTOX risk: antibacterial prophylaxis not recommended', () => {
    const r = icaht(series(8, range(3, 7), 300), { hematotoxRisk: 'low' });
    expect(actionRules(r)).not.toContain('icaht.antibacterial-prophylaxis');
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.antibacterial-low-risk');
  });
  it('high CAR-HEMATOTOX risk, no neutropenia yet and no G-CSF: consider prophylactic G-CSF from day +2', () => {
    const r = icaht(series(2, [], 0), { hematotoxRisk: 'high', weight: q(80, 'kg') });
    expect(r.actions.find((a) => a.rule === 'icaht.gcsf-prophylactic')).toMatchObject({ status: 'consider', dose: { value: 400, unit: 'ug' } });
  });
  it('recovered neutropenia: no tier-2 work-up and no donor search as a "do"', () => {
    // Grade 4 in days 1-14, recovered from day 15.
    const r = icaht(series(31, range(1, 14), 50));
    expect(r.value!.early!.grade).toBe(4);
    expect(actionRules(r)).not.toContain('icaht.tier2-workup');
    expect(r.actions.find((a) => a.rule === 'icaht.donor-search')?.status).toBe('consider');
  });
});

describe('ICAHT management follows neutropenia that persists (suggested management item 2, Figure 9)', () => {
  const lateSeries = (late: readonly [number, number][]) => [
    ...counts(series(31, range(0, 30), 300)),
    ...late.map(([day, value]) => ({ date: dateOf(day), value: q(value, '/uL') })),
  ];
  const at = (day: number, late: readonly [number, number][], extra: Record<string, unknown> = {}) =>
    run<IcahtValue>('icaht', { infusionDate: INFUSION, asOfDate: dateOf(day), anc: lateSeries(late), ...extra });

  it('late grade 4 that has recovered: still reported, but no allo-HCT, no tier-2 work-up as a "do", no prophylaxis', () => {
    const r = at(74, [[35, 50], [42, 60], [60, 2_500], [67, 3_000], [74, 3_200]]);
    expect(r.value!.late).toEqual({ grade: 4, measurements: 5 });
    expect(actionRules(r)).not.toContain('icaht.allo-hct');
    expect(actionRules(r)).not.toContain('icaht.tier2-workup');
    expect(actionRules(r)).not.toContain('icaht.infection-prophylaxis');
    expect(actionRules(r)).not.toContain('icaht.antibacterial-prophylaxis');
    expect(r.actions.find((a) => a.rule === 'icaht.donor-search')?.status).toBe('consider');
    expect(rulesOf(r)).not.toContain('icaht.after-day-14');
    const recovering = r.warnings.find((w) => w.rule === 'icaht.late-recovering');
    expect(recovering?.text).toContain('grade 4');
    expect(recovering?.text).toContain('grade 0 level');
  });
  it('the two latest counts decide: grade 4 while both are at or below 100/uL, not once one of them is above', () => {
    const still = at(60, [[35, 50], [42, 60], [60, 100]]);
    expect(actionRules(still)).toContain('icaht.allo-hct');
    expect(still.warnings.map((w) => w.rule)).not.toContain('icaht.late-recovering');
    // 101/uL is late grade 3: the latest pair is no longer grade 4 (the milder count decides).
    const easing = at(60, [[35, 50], [42, 60], [60, 101]]);
    expect(easing.value!.late!.grade).toBe(4);
    expect(actionRules(easing)).not.toContain('icaht.allo-hct');
    expect(easing.warnings.find((w) => w.rule === 'icaht.late-recovering')?.text).toContain('grade 3 level');
    // Still at or below 500/uL: neutropenia persists, the tier-2 work-up stays a "do".
    expect(easing.actions.find((a) => a.rule.startsWith('icaht.tier2'))?.rule).toBe('icaht.tier2-workup');
  });
  it('late grade 2 recovered: the prophylaxis and tier-2 work-up stop', () => {
    const r = at(67, [[35, 800], [42, 900], [60, 2_500], [67, 3_000]]);
    expect(r.value!.late!.grade).toBe(2);
    expect(actionRules(r)).not.toContain('icaht.infection-prophylaxis');
    expect(actionRules(r)).toContain('icaht.tier2-workup-if');
    expect(r.warnings.map((w) => w.rule)).toContain('icaht.late-recovering');
  });

  it('an undetermined grade keeps G-CSF for a count below 500/uL and the care of its lower bound', () => {
    // Counts of days 0-9 (the lowest 50/uL on day 9), assessed on day 10 before that day's count.
    const values = [2_000, 2_000, 2_000, 2_000, 400, 300, 200, 100, 80, 50];
    const r = run<IcahtValue>('icaht', { infusionDate: INFUSION, asOfDate: dateOf(10), anc: counts(values), hematotoxRisk: 'high', weight: q(70, 'kg') });
    expect(r.status).toBe('cannot-assess');
    expect(r.value).toBeNull();
    expect(r.warnings.find((w) => w.rule === 'icaht.early-range')?.text).toContain('+10');
    expect(r.actions.find((a) => a.rule === 'icaht.gcsf-therapeutic')).toMatchObject({ status: 'do', dose: { value: 350, unit: 'ug' } });
    // Lower bound grade 1 (6 days at or below 500): tier-1 work-up and prophylaxis; not yet a donor search.
    expect(actionRules(r)).toEqual(expect.arrayContaining(['icaht.tier1-workup', 'icaht.infection-prophylaxis', 'icaht.antibacterial-prophylaxis']));
    expect(actionRules(r)).not.toContain('icaht.donor-search');
    expect(r.summary).toBe('Cannot assess');
  });
  it('an undetermined grade with a latest count of 500/uL: no therapeutic G-CSF', () => {
    const values = [2_000, 2_000, 2_000, 2_000, 400, 300, 200, 100, 80, 500];
    const r = run<IcahtValue>('icaht', { infusionDate: INFUSION, asOfDate: dateOf(10), anc: counts(values) });
    expect(r.status).toBe('cannot-assess');
    expect(actionRules(r)).not.toContain('icaht.gcsf-therapeutic');
  });

  it('low CAR-HEMATOTOX risk with 7 days at or below 100/uL: antibacterial prophylaxis to consider, without the low-risk advice against it', () => {
    const r = icaht(series(8, range(1, 7), 50), { hematotoxRisk: 'low' });
    expect(r.value!.early!.daysAtOrBelow100).toBe(7);
    expect(actionRules(r)).toContain('icaht.antibacterial-prophylaxis');
    expect(r.warnings.map((w) => w.rule)).not.toContain('icaht.antibacterial-low-risk');
    // 6 days: the low-risk advice stands and no antibacterial prophylaxis is proposed.
    const six = icaht(series(7, range(1, 6), 50), { hematotoxRisk: 'low' });
    expect(actionRules(six)).not.toContain('icaht.antibacterial-prophylaxis');
    expect(six.warnings.map((w) => w.rule)).toContain('icaht.antibacterial-low-risk');
  });
});

describe('ICAHT early: a day without a count is not a recovery', () => {
  it('a missing day between low days counts toward the grade but is reported as a gap, not as a short recovery', () => {
    const values: (number | null)[] = series(31, range(1, 10), 300);
    values[5] = null;
    const r = icaht(values);
    expect(r.value!.early).toMatchObject({ grade: 2, daysAtOrBelow500: 10 });
    expect(rulesOf(r)).not.toContain('icaht.short-recovery');
    expect(r.basis.find((b) => b.rule === 'icaht.early-gaps-no-change')?.observed).toBe(1);
  });
  it('a measured day above 500/uL next to a missing one: only the measured day is a short recovery', () => {
    const values: (number | null)[] = series(31, range(1, 10), 300);
    values[5] = null;
    values[6] = 900;
    const r = icaht(values);
    expect(r.value!.early).toMatchObject({ grade: 2, daysAtOrBelow500: 10 });
    expect(r.basis.find((b) => b.rule === 'icaht.short-recovery')?.observed).toBe(1);
  });
});

describe('ICAHT input', () => {
  const good = { infusionDate: INFUSION, asOfDate: dateOf(10), anc: counts([2_000]) };
  it('a count dated after the assessment date is refused', () => {
    expectInputError('icaht', { ...good, anc: [...good.anc, { date: dateOf(11), value: q(300, '/uL') }] }, 'anc[1].date', 'icaht.input.measurement-after-as-of');
  });
  it('an assessment date before the infusion is refused', () => {
    expectInputError('icaht', { ...good, asOfDate: dateOf(-1), anc: [] }, 'asOfDate', 'icaht.input.as-of-before-infusion');
  });
  it('G-CSF starting after the assessment date is refused', () => {
    expectInputError('icaht', { ...good, gcsf: { startedDate: dateOf(12), daysGiven: 0 } }, 'gcsf.startedDate', 'icaht.input.gcsf-after-as-of');
  });
  it('more G-CSF days than calendar days is refused', () => {
    expectInputError('icaht', { ...good, gcsf: { startedDate: dateOf(8), daysGiven: 4 } }, 'gcsf.daysGiven', 'icaht.input.gcsf-days-exceed-calendar');
  });
  it('a bare number as ANC is refused', () => {
    expectInputError('icaht', { ...good, anc: [{ date: dateOf(1), value: 300 }] }, 'anc[0].value', 'input.unit-required');
  });
  it('an impossible date is refused', () => {
    expectInputError('icaht', { ...good, asOfDate: '2026-02-30' }, 'asOfDate', 'input.invalid-format');
  });
  it('ANC in 10^9/L is converted', () => {
    const anc = [{ date: dateOf(0), value: q(0.5, '10*9/L') }];
    expect(run<IcahtValue>('icaht', { infusionDate: INFUSION, asOfDate: dateOf(0), anc }).value!.early!.daysAtOrBelow500).toBe(1);
  });
  it('the thresholds constant holds the numbers of Table 12', () => {
    expect(ICAHT_THRESHOLDS).toMatchObject({ severeAnc: 500, profoundAnc: 100, severeDaysGrade2: 7, severeDaysGrade3: 14, profoundDaysGrade3: 7, profoundDaysGrade4: 14 });
    expect([ICAHT_THRESHOLDS.lateGrade1, ICAHT_THRESHOLDS.lateGrade2, ICAHT_THRESHOLDS.lateGrade3, ICAHT_THRESHOLDS.lateGrade4]).toEqual([1_500, 1_000, 500, 100]);
    expect(Object.isFrozen(ICAHT_THRESHOLDS)).toBe(true);
  });
});

describe('ICAHT renders in both languages', () => {
  const rich = [
    icahtInputs(series(16, range(1, 15), 50), { gcsf: { startedDate: dateOf(2), daysGiven: 14 }, cd34Backup: true, platelets: q(20_000, '/uL'), hematotoxRisk: 'high' }),
    icahtInputs(series(16, range(1, 15), 300), { gcsf: { startedDate: dateOf(2), daysGiven: 14 }, hematotoxRisk: 'low' }),
    icahtInputs(series(8, range(1, 3), 300), {}),
    icahtInputs([...series(31, range(1, 6), 400).slice(0, 7), null, ...series(31, [], 0).slice(8)], {}),
  ];
  it.each(['en', 'zh-TW'] as const)('%s: no text falls back to its rule id or leaves a placeholder', (lang) => {
    for (const input of rich) {
      const r = run('icaht', input, lang);
      const texts = [...r.basis, ...r.actions, ...r.warnings, ...r.actions.flatMap((a) => a.escalation ?? [])].map((e) => [e.rule, e.text] as const);
      expect(texts.length).toBeGreaterThan(1);
      for (const [rule, text] of texts) {
        expect(text, rule).not.toBe(rule);
        expect(text, rule).not.toMatch(/\{\w+\}/);
      }
      expect(r.title).not.toBe('icaht.title');
      expect(r.summary).not.toMatch(/^icaht\./);
    }
  });
  it('zh-TW summary', () => {
    expect(run('icaht', rich[2], 'zh-TW').summary).toBe('目前早期 ICAHT 第 1 級（第 30 天前為暫定）');
  });
});

function icahtInputs(values: readonly (number | null)[], extra: Record<string, unknown>) {
  return { infusionDate: INFUSION, asOfDate: dateOf(values.length - 1), anc: counts(values), ...extra };
}

describe('ICAHT properties', () => {
  const window = fc.array(fc.integer({ min: 0, max: 2_500 }), { minLength: 1, maxLength: 31 });
  const evaluate = (values: readonly (number | null)[]) =>
    assessIcaht(IcahtInput.parse({ infusionDate: INFUSION, asOfDate: dateOf(values.length - 1), anc: counts(values) }));

  it('lowering any ANC value never lowers the early grade', () => {
    fc.assert(
      fc.property(window, fc.nat(30), fc.integer({ min: 0, max: 2_500 }), (values, index, drop) => {
        const i = index % values.length;
        const lowered = [...values];
        lowered[i] = Math.max(0, values[i]! - drop);
        const before = evaluate(values).value!.early!.grade;
        const after = evaluate(lowered).value!.early!.grade;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('the day counts equal a plain count over the daily values (Rejeski 2023 duration rule), through day 30', () => {
    // Written from the rule, independently of the engine: a day is low when its value is at or
    // below the threshold; a stretch of 1-2 days above it between two low days counts as low.
    const reference = (values: readonly number[], threshold: number): number => {
      const low = values.map((v) => v <= threshold);
      let days = 0;
      let lastLow = -1;
      low.forEach((isLow, d) => {
        if (!isLow) return;
        const gap = lastLow < 0 ? 0 : d - lastLow - 1;
        days += 1 + (gap > 0 && gap < 3 ? gap : 0);
        lastLow = d;
      });
      return days;
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 50, 100, 101, 300, 500, 501, 2_000), { minLength: 1, maxLength: 31 }), (values) => {
        const early = evaluate(values).value!.early!;
        expect(early.daysAtOrBelow500).toBe(reference(values, 500));
        expect(early.daysAtOrBelow100).toBe(reference(values, 100));
        expect(early.neverAbove500).toBe(values.length === 31 && values.every((v) => v <= 500));
      }),
      { numRuns: 1_000 },
    );
  });

  it('with days missing, every way of filling them lands inside the reported bounds', () => {
    fc.assert(
      fc.property(
        window,
        fc.array(fc.nat(30), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 2_500 }), { minLength: 4, maxLength: 4 }),
        (values, holes, fills) => {
          const gapped: (number | null)[] = [...values];
          const missing = [...new Set(holes.map((h) => h % values.length))];
          for (const h of missing) gapped[h] = null;
          const result = evaluate(gapped);
          const filled = [...values];
          missing.forEach((h, k) => (filled[h] = fills[k]!));
          const actual = evaluate(filled).value!.early!.grade;
          if (result.status === 'assessed' && result.value!.early !== null) {
            expect(actual).toBe(result.value!.early.grade);
          } else {
            const range = result.warnings.find((w) => w.rule.id === 'icaht.early-range')!.params!;
            expect(actual).toBeGreaterThanOrEqual(range['low'] as number);
            expect(actual).toBeLessThanOrEqual(range['high'] as number);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
