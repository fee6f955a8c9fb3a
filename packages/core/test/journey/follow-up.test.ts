import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/journey/calendar.js';
import { FOLLOW_UP_CHECKS, FOLLOW_UP_DISEASE_MONTHS, FOLLOW_UP_SCHEDULE, type FollowUpValue } from '../../src/journey/follow-up.js';
import { actionRules, expectInputError, rulesOf, run } from '../support.js';

const INF = '2026-01-15';
type Extra = Record<string, unknown>;
const plan = (extra: Extra = {}, lang: 'en' | 'zh-TW' = 'en') => run<FollowUpValue>('follow-up', { infusionDate: INF, ...extra }, lang);
const warningRules = (r: { warnings: { rule: string }[] }) => r.warnings.map((w) => w.rule);
const visit = (r: ReturnType<typeof plan>, label: string) => r.value!.visits.find((v) => v.label === label)!;

describe('Table 17: visit frequency by period', () => {
  const r = plan();
  const visits = r.value!.visits;
  it('day 100 to 1 year: monthly (day 100, then months 4 to 12)', () => {
    const first = visits.filter((v) => v.period === '100d-1y');
    expect(first.map((v) => [v.label, v.date])).toEqual([
      ['day-100', '2026-04-25'],
      ['month-4', '2026-05-15'],
      ['month-5', '2026-06-15'],
      ['month-6', '2026-07-15'],
      ['month-7', '2026-08-15'],
      ['month-8', '2026-09-15'],
      ['month-9', '2026-10-15'],
      ['month-10', '2026-11-15'],
      ['month-11', '2026-12-15'],
      ['year-1', '2027-01-15'],
    ]);
    expect(first[0]!.daysAfterInfusion).toBe(100);
  });
  it('1 to 2 years: every 6 months', () => {
    expect(visits.filter((v) => v.period === '1y-2y').map((v) => [v.label, v.date])).toEqual([
      ['month-18', '2027-07-15'],
      ['year-2', '2028-01-15'],
    ]);
  });
  it('2 to 15 years: every year, the last at year 15', () => {
    const yearly = visits.filter((v) => v.period === '2y-15y');
    expect(yearly.map((v) => v.label)).toEqual(Array.from({ length: 13 }, (_, i) => `year-${i + 3}`));
    expect(yearly.at(-1)!.date).toBe('2041-01-15');
    expect(visits).toHaveLength(FOLLOW_UP_SCHEDULE.length);
    expect(visits).toHaveLength(25);
  });
  it('every visit reviews every Table 17 item, and the §3.3 item 3 infections and pregnancy status', () => {
    for (const v of visits) expect(v.checks).toEqual([...FOLLOW_UP_CHECKS]);
    expect(FOLLOW_UP_CHECKS).toHaveLength(14);
    expect(FOLLOW_UP_CHECKS.slice(-2)).toEqual(['infections', 'pregnancy-status']);
    for (const c of FOLLOW_UP_CHECKS) expect(rulesOf(r)).toContain(`follow-up.check-${c}`);
  });
  it('the infection and pregnancy checks cite §3.3 item 3, in both languages', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const x = plan({}, lang);
      for (const rule of ['follow-up.check-infections', 'follow-up.check-pregnancy-status']) {
        const entry = x.basis.find((b) => b.rule === rule)!;
        expect(entry.text).not.toBe(rule);
        expect(entry.citations.some((c) => c.kind === 'seed' && c.reference.includes('§3.3, item 3'))).toBe(true);
      }
    }
  });
  it('cites the 15-year requirement and the remission population', () => {
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['follow-up.period-100d-1y', 'follow-up.period-1y-2y', 'follow-up.period-2y-15y', 'follow-up.fifteen-years']));
    expect(warningRules(r)).toContain('follow-up.remission-population');
    expect(r.citations.some((c) => c.reference.includes('Hayden'))).toBe(true);
  });
  it('later therapy: the Majhail recommendations', () => {
    expect(warningRules(plan({ subsequentTherapy: true }))).toContain('follow-up.majhail');
    expect(warningRules(plan({ subsequentTherapy: false }))).not.toContain('follow-up.majhail');
  });
});

describe('Table 18: the tests of each visit', () => {
  const visits = plan().value!.visits;
  it('CBC and chemistry, and immunoglobulins, at every visit', () => {
    for (const v of visits) expect(v.tests).toEqual(expect.arrayContaining(['cbc-chemistry', 'immunoglobulins']));
  });
  it('immunophenotype at every other visit', () => {
    expect(visits.map((v) => v.tests.includes('immunophenotype'))).toEqual(visits.map((_, i) => i % 2 === 0));
  });
  it('immunophenotype stops after it normalizes', () => {
    const r = plan({ immunophenotypeNormalizedDate: '2026-07-20' });
    expect(visit(r, 'month-5').tests).toContain('immunophenotype');
    expect(r.value!.visits.filter((v) => v.date > '2026-07-20').some((v) => v.tests.includes('immunophenotype'))).toBe(false);
    expect(rulesOf(r)).toContain('follow-up.test-immunophenotype-stopped');
  });
  it('CAR-T persistence at every visit until two consecutive undetectable results', () => {
    expect(visits.every((v) => v.tests.includes('car-t-persistence'))).toBe(true);
    const r = plan({ carTUndetectableTwiceDate: '2027-01-15' });
    expect(visit(r, 'year-1').tests).toContain('car-t-persistence');
    expect(visit(r, 'month-18').tests).not.toContain('car-t-persistence');
  });
  it('endocrine and late effects once a year', () => {
    expect(visits.filter((v) => v.tests.includes('endocrine-late-effects')).map((v) => v.label)).toEqual(Array.from({ length: 15 }, (_, i) => `year-${i + 1}`));
  });
  it('viral PCR only with symptoms (not scheduled)', () => {
    const r = plan();
    expect(warningRules(r)).toContain('follow-up.test-viral-pcr');
    expect(r.value!.visits.some((v) => (v.tests as string[]).includes('viral-pcr'))).toBe(false);
  });
});

describe('disease assessments (§3.3 item 1)', () => {
  it('month 1, every 3 months in year 1, every 6 months from year 2', () => {
    const r = plan();
    expect(FOLLOW_UP_DISEASE_MONTHS.slice(0, 8)).toEqual([1, 3, 6, 9, 12, 18, 24, 30]);
    expect(r.value!.diseaseAssessments[0]).toEqual({ date: '2026-02-15', label: 'month-1', monthsAfterInfusion: 1 });
    expect(r.value!.diseaseAssessments.at(-1)).toEqual({ date: '2041-01-15', label: 'year-15', monthsAfterInfusion: 180 });
    expect(warningRules(r)).toContain('follow-up.disease-assessment-no-end');
  });
});

describe('leap day', () => {
  it('infusion 2024-02-29: year 4 on 2028-02-29, year 15 on 2039-02-28', () => {
    const r = run<FollowUpValue>('follow-up', { infusionDate: '2024-02-29' });
    expect(visit(r, 'year-4').date).toBe('2028-02-29');
    expect(visit(r, 'year-15').date).toBe('2039-02-28');
    expect(visit(r, 'day-100').date).toBe('2024-06-08');
  });
});

describe('visit status at asOfDate', () => {
  // Day 100 = 2026-04-25; month 4 = 2026-05-15: gap 20 days, the boundary halfway.
  it('without attendance: past visits unknown, the current one due, later ones upcoming', () => {
    const r = plan({ asOfDate: '2026-05-10' });
    expect(visit(r, 'day-100').status).toBe('unknown');
    expect(visit(r, 'month-4').status).toBe('due');
    expect(visit(r, 'month-5').status).toBe('upcoming');
    expect(r.value!.nextVisit).toBe('2026-05-15');
    expect(warningRules(r)).toContain('follow-up.attendance-missing');
  });
  it('with attendance: done, overdue (with an action), due', () => {
    const r = plan({ asOfDate: '2026-06-20', attendedDates: ['2026-04-27'] });
    expect(visit(r, 'day-100').status).toBe('done');
    expect(visit(r, 'month-4').status).toBe('overdue');
    expect(visit(r, 'month-5').status).toBe('overdue');
    expect(visit(r, 'month-6').status).toBe('upcoming');
    expect(r.value!.overdue).toBe(2);
    expect(actionRules(r)).toContain('follow-up.arrange-overdue-visit');
    expect(r.summary).toContain('2026-05-15');
  });
  it('window edges: a visit halfway between two slots counts for the later one', () => {
    const day100 = visit(plan(), 'day-100').window;
    expect(day100).toEqual({ from: '2026-04-15', to: '2026-05-04' });
    const edge = plan({ asOfDate: '2026-05-20', attendedDates: ['2026-05-05'] });
    expect(visit(edge, 'day-100').status).toBe('overdue');
    expect(visit(edge, 'month-4').status).toBe('done');
    const inside = plan({ asOfDate: '2026-05-20', attendedDates: ['2026-05-04'] });
    expect(visit(inside, 'day-100').status).toBe('done');
    expect(visit(inside, 'month-4').status).toBe('overdue');
  });
  it('after year 15: the calendar is complete', () => {
    const r = plan({ asOfDate: '2042-01-01', attendedDates: plan().value!.visits.map((v) => v.date) });
    expect(r.value!.nextVisit).toBeNull();
    expect(r.value!.visits.every((v) => v.status === 'done')).toBe(true);
    expect(rulesOf(r)).toContain('follow-up.schedule-complete');
  });
});

describe('contradictory input is refused', () => {
  it.each([
    [{ asOfDate: '2026-01-14' }, 'asOfDate', 'follow-up.input.before-infusion'],
    [{ asOfDate: '2026-06-01', attendedDates: ['2026-01-10'] }, 'attendedDates[0]', 'follow-up.input.before-infusion'],
    [{ asOfDate: '2026-06-01', attendedDates: ['2026-06-02'] }, 'attendedDates[0]', 'follow-up.input.after-as-of'],
    [{ attendedDates: ['2026-06-02'] }, 'asOfDate', 'follow-up.input.attendance-needs-as-of'],
    [{ carTUndetectableTwiceDate: '2025-12-01' }, 'carTUndetectableTwiceDate', 'follow-up.input.before-infusion'],
  ])('%o', (extra, path, rule) => {
    expectInputError('follow-up', { infusionDate: INF, ...extra }, path, rule);
  });
});

describe('properties', () => {
  it('visits are in order, windows tile the calendar, and the schedule is the same for any infusion date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), (offset) => {
        const infusionDate = addDays('2000-01-01', offset);
        const v = run<FollowUpValue>('follow-up', { infusionDate }).value!.visits;
        return v.every(
          (x, i) => i === 0 || (x.date > v[i - 1]!.date && addDays(v[i - 1]!.window.to, 1) === x.window.from && x.window.from <= x.date && x.date <= x.window.to),
        );
      }),
      { numRuns: 50 },
    );
  });
  it('a later asOfDate never turns a done visit into anything else (same attendance)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 900 }), fc.integer({ min: 100, max: 400 }), (a, b, seen) => {
        const attended = [addDays(INF, seen)];
        const [d1, d2] = a <= b ? [a, b] : [b, a];
        if (d1 < seen) return true;
        const s1 = plan({ asOfDate: addDays(INF, d1), attendedDates: attended }).value!.visits;
        const s2 = plan({ asOfDate: addDays(INF, d2), attendedDates: attended }).value!.visits;
        return s1.every((v, i) => v.status !== 'done' || s2[i]!.status === 'done');
      }),
      { numRuns: 50 },
    );
  });
});

describe('both languages render', () => {
  it.each(['en', 'zh-TW'] as const)('%s', (lang) => {
    for (const extra of [{}, { asOfDate: '2026-06-20', attendedDates: ['2026-04-27'], subsequentTherapy: true, immunophenotypeNormalizedDate: '2027-01-01', carTUndetectableTwiceDate: '2027-02-01' }, { asOfDate: '2042-01-01' }]) {
      const r = plan(extra, lang);
      for (const item of [...r.basis, ...r.actions, ...r.warnings]) {
        expect(item.text).not.toBe(item.rule);
        expect(item.text).not.toMatch(/\{\w+\}/);
      }
      expect(r.summary).not.toMatch(/\{\w+\}/);
    }
  });
});
