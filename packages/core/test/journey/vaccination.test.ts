import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../src/journey/calendar.js';
import { VACCINATION_THRESHOLDS, type VaccinationVaccine, type VaccinationValue } from '../../src/journey/vaccination.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

const INF = '2026-01-31';
/** Every non-time condition met: no immunoglobulin, no allo-HCT, no immunosuppression, counts above 200/uL. */
const CLEAR = { lastImmunoglobulinDate: null, alloHctDate: null, ongoingImmunosuppression: false, cd4Count: q(201, '/uL'), bCellCount: q(201, '/uL') };
type Extra = Record<string, unknown>;
const plan = (asOfDate: string, extra: Extra = {}, lang: 'en' | 'zh-TW' = 'en') =>
  run<VaccinationValue>('vaccination', { infusionDate: INF, asOfDate, ...CLEAR, ...extra }, lang);
const vaccine = (r: ReturnType<typeof plan>, v: VaccinationVaccine) => r.value!.vaccines.find((x) => x.vaccine === v)!;
const warningRules = (r: { warnings: { rule: string }[] }) => r.warnings.map((w) => w.rule);

describe('Table 16, row by row: the earliest date after infusion and both sides of it', () => {
  // 2026-01-31 + 3 months = 2026-04-30 (end of April); "more than" starts the day after.
  it.each([
    ['influenza', '2026-05-01', 'do', 'vaccination.influenza-give'],
    ['sars-cov-2', '2026-05-01', 'do', 'vaccination.covid-give'],
    ['inactivated', '2026-08-01', 'consider', 'vaccination.inactivated-give'],
    ['live-or-adjuvanted', '2027-01-31', 'consider', 'vaccination.live-give'],
  ] as const)('%s: from %s', (v, earliest, status, give) => {
    const before = plan(addDays(earliest, -1));
    expect(vaccine(before, v)).toMatchObject({ status: 'not-yet', earliestDate: earliest });
    expect(actionRules(before)).not.toContain(give);
    const at = plan(earliest);
    expect(vaccine(at, v)).toMatchObject({ status: 'allowed', earliestDate: earliest });
    expect(at.actions.find((a) => a.rule === give)!.status).toBe(status);
  });
  it('the intervals as printed', () => {
    expect(VACCINATION_THRESHOLDS).toMatchObject({
      influenzaAfterMonths: 3,
      covidAfterMonths: 3,
      inactivatedAfterMonths: 6,
      inactivatedAfterImmunoglobulinMonths: 2,
      liveAfterMonths: 12,
      liveAfterAlloHctMonths: 24,
      liveAfterImmunoglobulinMonths: 8,
      liveCd4AbovePerUl: 200,
      liveBCellsAbovePerUl: 200,
    });
  });
});

describe('influenza row', () => {
  it('before CAR-T: preferably 2 weeks before lymphodepletion', () => {
    const r = plan('2026-01-10', { lymphodepletionStartDate: '2026-01-26' });
    expect(vaccine(r, 'influenza').beforeCarT).toEqual({ recommendedBy: '2026-01-12' });
    expect(rulesOf(r)).toContain('vaccination.influenza-before-ldc');
    expect(actionRules(r)).toEqual(expect.arrayContaining(['vaccination.influenza-pre-car-t', 'vaccination.covid-pre-car-t']));
  });
  it('after 3 months regardless of immune recovery: immunosuppression and low counts do not block it', () => {
    const r = plan('2026-05-01', { ongoingImmunosuppression: true, cd4Count: q(50, '/uL'), bCellCount: q(0, '/uL') });
    expect(vaccine(r, 'influenza').status).toBe('allowed');
    expect(warningRules(r)).toContain('vaccination.influenza-lower-response');
  });
  it('a booster may be considered after B-cell recovery', () => {
    expect(actionRules(plan('2026-05-01', { bCellRecovered: true }))).toContain('vaccination.influenza-booster');
    expect(actionRules(plan('2026-05-01', { bCellRecovered: false }))).not.toContain('vaccination.influenza-booster');
  });
});

describe('SARS-CoV-2 row', () => {
  it('B-cell aplasia is not a contraindication; monitor the response', () => {
    const r = plan('2026-05-01', { bCellCount: q(0, '/uL') });
    expect(vaccine(r, 'sars-cov-2').status).toBe('allowed');
    expect(warningRules(r)).toEqual(expect.arrayContaining(['vaccination.covid-b-cell-aplasia', 'vaccination.covid-monitor-response']));
  });
});

describe('inactivated row: > 6 months after CAR-T, > 2 months after immunoglobulin, no immunosuppression', () => {
  it.each([
    ['2026-06-30', '2026-08-31'],
    ['2026-06-01', '2026-08-02'],
  ])('immunoglobulin last %s: earliest %s, not the day before', (ig, earliest) => {
    const before = plan(addDays(earliest, -1), { lastImmunoglobulinDate: ig });
    expect(vaccine(before, 'inactivated')).toMatchObject({ status: 'not-yet', earliestDate: earliest });
    expect(vaccine(plan(earliest, { lastImmunoglobulinDate: ig }), 'inactivated').status).toBe('allowed');
  });
  it('ongoing immunosuppressive or cytotoxic therapy: contraindicated (refused with the reason)', () => {
    const r = plan('2026-09-01', { ongoingImmunosuppression: true });
    expect(vaccine(r, 'inactivated').status).toBe('contraindicated');
    const withheld = r.actions.find((a) => a.rule === 'vaccination.inactivated-withheld')!;
    expect(withheld.status).toBe('refused');
    expect(withheld.refusedBecause!.map((b) => b.rule)).toEqual(['vaccination.inactivated-no-immunosuppression-not-met']);
  });
  it('month 4 with ongoing immunosuppression (the audit case): contraindicated, not "not yet"; the earliest date is kept', () => {
    const r = plan('2026-05-31', { ongoingImmunosuppression: true });
    expect(vaccine(r, 'inactivated')).toMatchObject({ status: 'contraindicated', earliestDate: '2026-08-01' });
    expect(vaccine(r, 'inactivated').conditions).toEqual(
      expect.arrayContaining([
        { condition: 'after-infusion', status: 'not-met', from: '2026-08-01' },
        { condition: 'no-immunosuppression', status: 'not-met', from: null },
      ]),
    );
    const withheld = r.actions.find((a) => a.rule === 'vaccination.inactivated-withheld')!;
    expect(withheld.status).toBe('refused');
    expect(withheld.refusedBecause!.map((b) => b.rule)).toEqual(['vaccination.inactivated-no-immunosuppression-not-met']);
    expect(rulesOf(r)).toContain('vaccination.inactivated-earliest');
    // Without the therapy only time is missing: "not yet", and nothing is refused.
    const waiting = plan('2026-05-31', { ongoingImmunosuppression: false });
    expect(vaccine(waiting, 'inactivated')).toMatchObject({ status: 'not-yet', earliestDate: '2026-08-01' });
    expect(actionRules(waiting)).not.toContain('vaccination.inactivated-withheld');
  });
  it('a failing count before 1 year: live vaccines contraindicated, not "not yet"', () => {
    const r = plan('2026-05-31', { cd4Count: q(150, '/uL') });
    expect(vaccine(r, 'live-or-adjuvanted')).toMatchObject({ status: 'contraindicated', earliestDate: '2027-01-31' });
    expect(vaccine(plan('2026-05-31'), 'live-or-adjuvanted').status).toBe('not-yet');
  });
  it('unknown immunoglobulin history: no earliest date, cannot assess once the 6 months are over', () => {
    const r = plan('2026-09-01', { lastImmunoglobulinDate: undefined });
    expect(vaccine(r, 'inactivated')).toMatchObject({ status: 'cannot-assess', earliestDate: null });
    expect(r.warnings.filter((w) => w.rule === 'vaccination.input-missing').map((w) => w.field)).toContain('lastImmunoglobulinDate');
  });
});

describe('live-attenuated and non-live adjuvanted row', () => {
  const year = '2027-01-31';
  it.each([
    ['cd4Count', 200, 'contraindicated', 'vaccination.live-cd4-not-met'],
    ['cd4Count', 201, 'allowed', 'vaccination.live-cd4-met'],
    ['bCellCount', 200, 'contraindicated', 'vaccination.live-b-cells-not-met'],
    ['bCellCount', 201, 'allowed', 'vaccination.live-b-cells-met'],
  ])('%s %d/uL -> %s', (field, count, status, rule) => {
    const r = plan(year, { [field]: q(count, '/uL') });
    expect(vaccine(r, 'live-or-adjuvanted').status).toBe(status);
    expect(rulesOf(r)).toContain(rule);
  });
  it('counts in 10*9/L: 0.2 is not above 0.2 x10^9/L', () => {
    expect(vaccine(plan(year, { cd4Count: q(0.2, '10*9/L') }), 'live-or-adjuvanted').status).toBe('contraindicated');
  });
  it('ongoing immunosuppression: not given', () => {
    const r = plan(year, { ongoingImmunosuppression: true });
    expect(vaccine(r, 'live-or-adjuvanted').status).toBe('contraindicated');
    expect(r.actions.find((a) => a.rule === 'vaccination.live-withheld')!.status).toBe('refused');
  });
  it('within 2 years of allo-HCT (anniversary included): not yet; the day after: allowed', () => {
    const allo = '2025-03-15';
    const anniversary = addMonths(allo, 24);
    expect(vaccine(plan(anniversary, { alloHctDate: allo }), 'live-or-adjuvanted')).toMatchObject({ status: 'not-yet', earliestDate: '2027-03-16' });
    expect(vaccine(plan(addDays(anniversary, 1), { alloHctDate: allo }), 'live-or-adjuvanted').status).toBe('allowed');
  });
  it('within 8 months of immunoglobulin (anniversary included): not yet; the day after: allowed', () => {
    const ig = '2026-07-10';
    const anniversary = addMonths(ig, 8);
    expect(anniversary).toBe('2027-03-10');
    expect(vaccine(plan(anniversary, { lastImmunoglobulinDate: ig }), 'live-or-adjuvanted').status).toBe('not-yet');
    expect(vaccine(plan(addDays(anniversary, 1), { lastImmunoglobulinDate: ig }), 'live-or-adjuvanted')).toMatchObject({ status: 'allowed', earliestDate: '2027-03-11' });
  });
  it('counts not given: cannot assess, naming them', () => {
    const r = plan(year, { cd4Count: undefined, bCellCount: undefined });
    expect(vaccine(r, 'live-or-adjuvanted')).toMatchObject({ status: 'cannot-assess', earliestDate: year });
    expect(r.warnings.filter((w) => w.rule === 'vaccination.input-missing').map((w) => w.field)).toEqual(['cd4Count', 'bCellCount']);
  });
});

describe('leap day and month ends', () => {
  it('infusion on 2024-02-29: 3 months end 2024-05-29, 1 year ends 2025-02-28', () => {
    const r = run<VaccinationValue>('vaccination', { infusionDate: '2024-02-29', asOfDate: '2024-03-01', ...CLEAR });
    expect(vaccine(r, 'influenza').earliestDate).toBe('2024-05-30');
    expect(vaccine(r, 'live-or-adjuvanted').earliestDate).toBe('2025-02-28');
  });
});

describe('contradictory input is refused', () => {
  it.each([
    [{ lymphodepletionStartDate: '2026-02-01' }, 'lymphodepletionStartDate', 'vaccination.input.ldc-after-infusion'],
    [{ lastImmunoglobulinDate: '2026-06-02' }, 'lastImmunoglobulinDate', 'vaccination.input.date-after-as-of'],
    [{ alloHctDate: '2026-06-02' }, 'alloHctDate', 'vaccination.input.date-after-as-of'],
  ])('%o', (extra, path, rule) => {
    expectInputError('vaccination', { infusionDate: INF, asOfDate: '2026-06-01', ...extra }, path, rule);
  });
});

describe('property: a later asOfDate never makes a vaccine less allowed once its conditions hold', () => {
  const dateArb = fc.integer({ min: 0, max: 1200 }).map((d) => addDays('2025-06-01', d));
  const inputArb = fc.record({
    lastImmunoglobulinDate: fc.option(dateArb, { nil: null }),
    alloHctDate: fc.option(dateArb, { nil: null }),
    ongoingImmunosuppression: fc.boolean(),
    cd4: fc.integer({ min: 0, max: 600 }),
    b: fc.integer({ min: 0, max: 600 }),
  });
  it('allowed at d1 implies allowed at every d2 >= d1, and the earliest date does not move', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 900 }), (x, a, b) => {
        const latest = [x.lastImmunoglobulinDate, x.alloHctDate].filter((d): d is string => d !== null).sort().pop() ?? INF;
        const d1 = addDays(latest > INF ? latest : INF, Math.min(a, b));
        const d2 = addDays(latest > INF ? latest : INF, Math.max(a, b));
        const { cd4, b: bCells, ...rest } = x;
        const input = { ...rest, cd4Count: q(cd4, '/uL'), bCellCount: q(bCells, '/uL') };
        const r1 = plan(d1, input).value!.vaccines;
        const r2 = plan(d2, input).value!.vaccines;
        return r1.every((v, i) => (v.status !== 'allowed' || r2[i]!.status === 'allowed') && v.earliestDate === r2[i]!.earliestDate);
      }),
      { numRuns: 80 },
    );
  });
});

describe('both languages render', () => {
  it.each(['en', 'zh-TW'] as const)('%s', (lang) => {
    for (const asOf of ['2026-01-10', '2026-05-01', '2027-06-01']) {
      const r = plan(asOf, { lymphodepletionStartDate: '2026-01-26', lastImmunoglobulinDate: '2026-01-05', alloHctDate: '2025-01-01', ongoingImmunosuppression: true, bCellRecovered: true }, lang);
      for (const item of [...r.basis, ...r.actions, ...r.warnings]) {
        expect(item.text).not.toBe(item.rule);
        expect(item.text).not.toMatch(/\{\w+\}/);
      }
      expect(r.summary).not.toMatch(/\{\w+\}/);
    }
  });
});
