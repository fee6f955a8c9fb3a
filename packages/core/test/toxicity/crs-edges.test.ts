/**
 * Both sides of the thresholds, and the table rows, of CRS (seed 002 §3.1.2, Table 7 and Figure 4; Lee 2019, Hayden 2022), the
 * tocilizumab dose and limits (§3.1.2, CRS drugs paragraph, Figure 4 note a) and the steroid
 * steps CRS orders. Only cases that crs.test.ts does not already hold: the other side of a
 * threshold, the basis entry behind a grade, or a Figure 4 cell not yet asserted.
 */
import { describe, expect, it } from 'vitest';
import '../../src/toxicity/crs.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';
import { CRS_BASE } from './fixtures.js';

type Grade = { grade: number };
type Result = ReturnType<typeof run>;

const base = CRS_BASE;
const adult = { weight: q(70, 'kg'), ageYears: 45 };
const crs = (input: Record<string, unknown>, settings?: unknown) => run<Grade>('crs', { ...base, ...input }, 'en', settings);
const entry = (r: Result, rule: string) => r.basis.find((b) => b.rule === rule);
const action = (r: Result, rule: string) => r.actions.find((a) => a.rule === rule);
const warningRules = (r: Result) => r.warnings.map((w) => w.rule);

// Per grade, an adult input of that grade.
const G1 = {};
const G2 = { hypotension: true };
const G3 = { hypotension: true, vasopressors: ['norepinephrine'] };
const G4 = { oxygen: { device: 'cpap' }, icansGrade: 0 };

describe('Table 7 thresholds: the basis entry names the rule and the cut-off on both sides (§3.1.2, Table 7 and footnotes)', () => {
  it.each([
    ['37.9 °C is no fever', { temperature: q(37.9, 'Cel') }, 0, 'crs.no-fever', { comparator: '<', value: 38, unit: 'Cel' }, undefined],
    ['38.0 °C is fever', { temperature: q(38, 'Cel') }, 1, 'crs.fever', { comparator: '>=', value: 38, unit: 'Cel' }, undefined],
    ['38.0 °C explained by another cause is not CRS fever', { temperature: q(38, 'Cel'), feverAttributedToOtherCause: true }, 0, 'crs.fever-other-cause', { comparator: '>=', value: 38, unit: 'Cel' }, undefined],
    ['37.9 °C with another cause: simply no fever', { temperature: q(37.9, 'Cel'), feverAttributedToOtherCause: true }, 0, 'crs.no-fever', { comparator: '<', value: 38, unit: 'Cel' }, undefined],
    ['nasal cannula at 6 L/min is low flow', { oxygen: { device: 'nasal-cannula', flow: q(6, 'L/min') } }, 2, 'crs.oxygen-low-flow', { comparator: '<=', value: 6, unit: 'L/min' }, 2],
    ['nasal cannula at 6.1 L/min is high flow', { oxygen: { device: 'nasal-cannula', flow: q(6.1, 'L/min') } }, 3, 'crs.oxygen-high-flow', { comparator: '>', value: 6, unit: 'L/min' }, 3],
    ['one vasopressor (with vasopressin) is grade 3', { hypotension: true, vasopressors: ['dopamine', 'vasopressin'] }, 3, 'crs.hypotension-one-vasopressor', { comparator: '=', value: 1 }, 3],
    ['two vasopressors besides vasopressin are grade 4', { hypotension: true, vasopressors: ['dopamine', 'phenylephrine'] }, 4, 'crs.hypotension-multiple-vasopressors', { comparator: '>=', value: 2 }, 4],
  ])('%s', (_label, input, grade, rule, threshold, yields) => {
    const r = crs(input);
    expect(r.value?.grade).toBe(grade);
    const e = entry(r, rule);
    expect(e?.threshold).toEqual(threshold);
    expect(e?.yields).toBe(yields);
  });
  it('fluids-only hypotension grades 2 from 38.0 °C; at 37.9 °C it is grade 0 and flagged as hypotension without fever', () => {
    const hot = crs({ temperature: q(38, 'Cel'), hypotension: true });
    expect(hot.value?.grade).toBe(2);
    expect(entry(hot, 'crs.hypotension-fluids')?.yields).toBe(2);
    const cool = crs({ temperature: q(37.9, 'Cel'), hypotension: true });
    expect(cool.value?.grade).toBe(0);
    expect(rulesOf(cool)).not.toContain('crs.hypotension-fluids');
    expect(warningRules(cool)).toContain('crs.hypotension-hypoxia-without-fever');
  });
  it('footnote *: after antipyretics or anti-cytokine therapy the same 37.9 °C with hypotension is grade 2, without them grade 0', () => {
    const input = { temperature: q(37.9, 'Cel'), hypotension: true };
    expect(crs({ ...input, antipyreticOrAnticytokineGiven: true }).value?.grade).toBe(2);
    expect(crs({ ...input, antipyreticOrAnticytokineGiven: false }).value?.grade).toBe(0);
  });
  it('hypoxia decides when it is the worse domain (fluids-only hypotension with a Venturi mask is grade 3)', () => {
    const r = crs({ hypotension: true, oxygen: { device: 'venturi' } });
    expect(r.value?.grade).toBe(3);
    expect(entry(r, 'crs.worst-domain')?.yields).toBe(3);
  });
});

describe('Table 7 footnote ‡: low flow is at most 6 L/min, so the devices refuse the other side', () => {
  it('high-flow nasal cannula: 6 L/min refused, 6.1 L/min graded 3 as high flow', () => {
    expectInputError('crs', { ...base, oxygen: { device: 'high-flow-nasal-cannula', flow: q(6, 'L/min') } }, 'oxygen.flow', 'crs.input.high-flow-at-low-rate');
    const r = crs({ oxygen: { device: 'high-flow-nasal-cannula', flow: q(6.1, 'L/min') } });
    expect(r.value?.grade).toBe(3);
    expect(entry(r, 'crs.oxygen-high-flow')?.observed).toBe(6.1);
  });
  it('blow-by (low flow): 6 L/min graded 2, 6.1 L/min refused', () => {
    const r = crs({ oxygen: { device: 'blow-by', flow: q(6, 'L/min') } });
    expect(r.value?.grade).toBe(2);
    expect(entry(r, 'crs.oxygen-blow-by')?.yields).toBe(2);
    expectInputError('crs', { ...base, oxygen: { device: 'blow-by', flow: q(6.1, 'L/min') } }, 'oxygen.flow', 'crs.input.blow-by-high-flow');
  });
});

describe('Figure 4 management, cell by cell (§3.1.2, Figure 4; Hayden 2022 Figure 1)', () => {
  it('grade 0: no management at all', () => {
    const r = crs({ ...adult, temperature: q(37.9, 'Cel') });
    expect(r.value?.grade).toBe(0);
    expect(r.actions).toEqual([]);
  });
  it('grade 1: no ICU step, no continuous monitoring, no dexamethasone', () => {
    const rules = actionRules(crs({ ...adult, ...G1 }));
    for (const absent of ['crs.continuous-monitoring', 'crs.notify-icu', 'crs.transfer-icu', 'crs.echocardiogram-severe', 'crs.refractory-siltuximab-anakinra']) {
      expect(rules).not.toContain(absent);
    }
    expect(crs({ ...adult, ...G1 }).actions.filter((a) => a.drug === 'dexamethasone')).toEqual([]);
  });
  it('grade 2: tocilizumab 8 mg/kg IV q8h now; dexamethasone 10 mg IV q6h may be given with it (note c); hour-12 and worsening steps', () => {
    const r = crs({ ...adult, ...G2 });
    expect(action(r, 'tocilizumab.give')).toMatchObject({ status: 'do', drug: 'tocilizumab', route: 'IV', frequency: 'q8h', dose: { value: 560, unit: 'mg' } });
    expect(action(r, 'tocilizumab.give')?.escalation?.map((e) => e.rule)).toEqual(['crs.g2-no-improvement-12h', 'crs.g2-worsening']);
    expect(action(r, 'crs.g2-dexamethasone-with-tocilizumab')).toMatchObject({ status: 'consider', drug: 'dexamethasone', dose: { value: 10, unit: 'mg' }, route: 'IV', frequency: 'q6h' });
  });
  it('note b: a grade 2 patient is transferred to the ICU only in a less experienced center', () => {
    expect(actionRules(crs({ ...adult, ...G2 }, { lessExperiencedCenter: false }))).not.toContain('crs.transfer-icu-less-experienced');
    expect(actionRules(crs({ ...adult, ...G2 }, { lessExperiencedCenter: true }))).toContain('crs.transfer-icu-less-experienced');
  });
  it('grade 3: tocilizumab now, dexamethasone 10 mg q6h given, 20 mg q6h for 3 days with taper if worsening', () => {
    const r = crs({ ...adult, ...G3 });
    expect(action(r, 'tocilizumab.give')).toMatchObject({ status: 'do', dose: { value: 560 }, frequency: 'q8h' });
    expect(action(r, 'crs.dexamethasone-10')).toMatchObject({ status: 'do', drug: 'dexamethasone', dose: { value: 10, unit: 'mg' } });
    expect(action(r, 'crs.dexamethasone-10')?.escalation?.map((e) => e.rule)).toEqual(['crs.g3-worsening']);
    expect(action(r, 'crs.dexamethasone-20-taper')).toMatchObject({ status: 'consider', drug: 'dexamethasone', dose: { value: 20, unit: 'mg' }, route: 'IV', frequency: 'q6h', duration: 'P3D' });
  });
  it('grade 4: ICU, dexamethasone 20 mg q6h given with a no-improvement step; methylprednisolone 1,000 mg IV daily for 3 days considered', () => {
    const r = crs({ ...adult, ...G4 });
    expect(actionRules(r)).toContain('crs.transfer-icu');
    expect(action(r, 'tocilizumab.give')).toMatchObject({ status: 'do', dose: { value: 560 } });
    expect(action(r, 'crs.dexamethasone-20')).toMatchObject({ status: 'do', drug: 'dexamethasone', dose: { value: 20, unit: 'mg' }, route: 'IV', frequency: 'q6h' });
    expect(action(r, 'crs.dexamethasone-20')?.escalation?.map((e) => e.rule)).toEqual(['crs.g4-no-improvement']);
    expect(action(r, 'crs.methylprednisolone')).toMatchObject({ status: 'consider', drug: 'methylprednisolone', dose: { value: 1000, unit: 'mg' }, route: 'IV', frequency: 'daily', duration: 'P3D' });
  });
  it('grade 4: the extra tocilizumab dose is for patients without ICANS: ICANS grade 1 already refuses it', () => {
    expect(action(crs({ ...adult, ...G4, icansGrade: 1 }), 'crs.repeat-tocilizumab-if-no-icans')).toMatchObject({ status: 'refused', drug: 'tocilizumab' });
  });
  it('continuous monitoring from grade 2 (absent at 1); echocardiogram and refractory-CRS drugs from grade 3 (absent at 2)', () => {
    const at = (g: Record<string, unknown>) => actionRules(crs({ ...adult, ...g }));
    expect(at(G1)).not.toContain('crs.continuous-monitoring');
    expect(at(G2)).toContain('crs.continuous-monitoring');
    for (const rule of ['crs.echocardiogram-severe', 'crs.refractory-siltuximab-anakinra']) {
      expect(at(G2)).not.toContain(rule);
      expect(at(G3)).toContain(rule);
      expect(at(G4)).toContain(rule);
    }
    expect(action(crs({ ...adult, ...G3 }), 'crs.echocardiogram-severe')?.status).toBe('consider');
  });
});

describe('tocilizumab dose inside the CRS result: the 30 kg and 800 mg limits on both sides (§3.1.2, Figure 4 note a)', () => {
  it.each([
    [29.9, 358.8, 12, 'tocilizumab.dose-under-30kg', { comparator: '<', value: 30, unit: 'kg' }, '12 mg/kg'],
    [30, 240, 8, 'tocilizumab.dose-adult', { comparator: '>=', value: 30, unit: 'kg' }, '8 mg/kg'],
  ])('%s kg: %s mg at %s mg/kg', (kg, mg, rate, rule, threshold, yields) => {
    const r = crs({ ...G2, weight: q(kg, 'kg'), ageYears: 45 });
    expect(action(r, 'tocilizumab.give')?.dose).toMatchObject({ value: mg, perUnit: { value: rate, unit: 'mg/kg' }, basedOn: { value: kg, unit: 'kg' } });
    expect(entry(r, rule)).toMatchObject({ observed: kg, threshold, yields });
  });
  it.each([
    [99.9, 799.2, false],
    [100, 800, false],
    [100.1, 800, true],
  ])('%s kg: %s mg, capped at 800 mg: %s', (kg, mg, capped) => {
    const dose = action(crs({ ...G2, weight: q(kg, 'kg'), ageYears: 45 }), 'tocilizumab.give')?.dose;
    expect(dose?.value).toBe(mg);
    expect(dose?.cappedAt).toEqual(capped ? { value: 800, unit: 'mg' } : undefined);
  });
  it('the stand-alone tocilizumab instrument agrees at the cap (100 kg uncapped, 100.1 kg capped)', () => {
    const dose = (kg: number) => run('tocilizumab', { weight: q(kg, 'kg'), now: '2026-11-21T12:00:00+08:00' }).actions[0]?.dose;
    expect(dose(100)?.cappedAt).toBeUndefined();
    expect(dose(100.1)).toMatchObject({ value: 800, cappedAt: { value: 800, unit: 'mg' } });
  });
});

describe('tocilizumab limits on the CRS order itself (§3.1.2: q8h, at most 3 in 24 h, 4 in all)', () => {
  const now = '2026-11-21T12:00:00+08:00';
  const hoursAgo = (h: number) => new Date(Date.parse(now) - h * 3_600_000).toISOString();
  const order = (hours: number[]) => action(crs({ ...adult, ...G3, now, tocilizumabAdministrations: hours.map((h) => ({ at: hoursAgo(h) })) }), 'tocilizumab.give');
  it.each([
    ['last dose 7.9 h ago', [7.9], 'tocilizumab.min-interval', 7.9, { comparator: '>=', value: 8, unit: 'h' }],
    ['3 doses within 24 h (the oldest exactly 24 h ago)', [8, 16, 24], 'tocilizumab.max-per-24h', 3, { comparator: '<', value: 3 }],
    ['4 doses in all', [10, 30, 50, 70], 'tocilizumab.max-total', 4, { comparator: '<', value: 4 }],
  ])('refused: %s', (_label, hours, rule, observed, threshold) => {
    const o = order(hours);
    expect(o).toMatchObject({ status: 'refused', drug: 'tocilizumab', dose: { value: 560 } });
    expect(o?.refusedBecause).toEqual([expect.objectContaining({ rule, observed, threshold })]);
  });
  it.each([
    ['last dose exactly 8 h ago', [8]],
    ['the oldest of 3 just outside 24 h', [8, 16, 24.01]],
    ['3 doses in all', [10, 30, 50]],
  ])('given: %s', (_label, hours) => {
    const o = order(hours);
    expect(o).toMatchObject({ status: 'do', dose: { value: 560 }, frequency: 'q8h' });
    expect(o?.refusedBecause).toBeUndefined();
  });
});

describe('steroid steps used by CRS: pediatric age limit and the dose-less 20 mg steps (§3.1.2 CRS drugs, Figure 4)', () => {
  const dex10 = (ageYears: number, settings?: unknown) => action(crs({ ...G3, weight: q(16, 'kg'), ageYears }, settings), 'crs.dexamethasone-10')?.dose;
  it('dexamethasone 10 mg step: 0.5 mg/kg below the age limit (17), the fixed 10 mg at it (18)', () => {
    expect(dex10(17)).toMatchObject({ value: 8, perUnit: { value: 0.5, unit: 'mg/kg' } });
    expect(dex10(18)).toMatchObject({ value: 10, unit: 'mg' });
    expect(dex10(18)?.perUnit).toBeUndefined();
  });
  it('dexamethasone follows the institution age limit on both sides (limit 12: 11 is a child, 12 is not)', () => {
    expect(dex10(11, { pediatricAgeLimitYears: 12 })?.perUnit).toEqual({ value: 0.5, unit: 'mg/kg' });
    expect(dex10(12, { pediatricAgeLimitYears: 12 })).toMatchObject({ value: 10, unit: 'mg' });
  });
  it('grade 3 escalation step (20 mg, then taper): a child gets the order without a dose, an adult the 20 mg', () => {
    const child = crs({ ...G3, weight: q(16, 'kg'), ageYears: 6 });
    const step = action(child, 'crs.dexamethasone-20-taper');
    expect(step).toMatchObject({ status: 'consider', drug: 'dexamethasone', frequency: 'q6h', duration: 'P3D' });
    expect(step?.dose).toBeUndefined();
    expect(child.warnings).toContainEqual(expect.objectContaining({ rule: 'crs.dexamethasone-child-dose-not-stated', field: 'age' }));
    expect(action(crs({ ...adult, ...G3 }), 'crs.dexamethasone-20-taper')?.dose).toMatchObject({ value: 20, unit: 'mg' });
    expect(warningRules(crs({ ...adult, ...G3 }))).not.toContain('crs.dexamethasone-child-dose-not-stated');
  });
});

describe('steroids after two tocilizumab doses without improvement (§3.1.2 CRS drugs): one dose is not enough', () => {
  const now = '2026-11-21T12:00:00+08:00';
  const doses = (n: number) => ({ now, tocilizumabAdministrations: ['2026-11-20T12:00:00+08:00', '2026-11-20T22:00:00+08:00'].slice(0, n).map((at) => ({ at })) });
  const reminder = (r: Result) => r.actions.find((a) => a.rule.startsWith('crs.steroids-after-two-tocilizumab'));
  it.each([
    ['grade 1', G1],
    ['grade 2', G2],
  ])('%s: no reminder after one dose', (_label, g) => {
    expect(reminder(crs({ ...adult, ...g, ...doses(1) }))).toBeUndefined();
  });
  it('grade 2 after two doses: the reminder defers to the plan\'s own dexamethasone step', () => {
    expect(reminder(crs({ ...adult, ...G2, ...doses(2) }))).toMatchObject({ rule: 'crs.steroids-after-two-tocilizumab-plan', status: 'consider' });
  });
  it('grade 1 (no steroid step): antifungal prophylaxis comes with the reminder after two doses, not after one', () => {
    expect(actionRules(crs({ ...adult, ...G1, ...doses(2) }))).toContain('crs.antifungal-prophylaxis');
    expect(actionRules(crs({ ...adult, ...G1, ...doses(1) }))).not.toContain('crs.antifungal-prophylaxis');
  });
});
