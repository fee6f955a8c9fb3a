import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../src/toxicity/crs.js';
import '../../src/toxicity/icans.js';
import { checkTocilizumabLimits, TOCILIZUMAB } from '../../src/toxicity/tocilizumab.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';
import { CHILD_DEXAMETHASONE_10_EDGES, CRS_BASE, expectChildDexamethasone } from './fixtures.js';

type Grade = { grade: number };

const base = CRS_BASE;

function grade(input: Record<string, unknown>): number | null {
  return run<Grade>('crs', { ...base, ...input }).value?.grade ?? null;
}

describe('CRS grade: every cell of handbook Table 7 (ASTCT, Lee 2019)', () => {
  it.each([
    ['grade 1: fever, no hypotension, no hypoxia', {}, 1],
    ['grade 2: hypotension not requiring vasopressors', { hypotension: true }, 2],
    ['grade 2: low-flow nasal cannula 4 L/min', { oxygen: { device: 'nasal-cannula', flow: q(4, 'L/min') } }, 2],
    ['grade 2: blow-by oxygen', { oxygen: { device: 'blow-by' } }, 2],
    ['grade 3: one vasopressor', { hypotension: true, vasopressors: ['norepinephrine'] }, 3],
    ['grade 3: one vasopressor with vasopressin', { hypotension: true, vasopressors: ['norepinephrine', 'vasopressin'] }, 3],
    ['grade 3: vasopressin alone', { hypotension: true, vasopressors: ['vasopressin'] }, 3],
    ['grade 3: nasal cannula above 6 L/min', { oxygen: { device: 'nasal-cannula', flow: q(8, 'L/min') } }, 3],
    ['grade 3: high-flow nasal cannula', { oxygen: { device: 'high-flow-nasal-cannula', flow: q(40, 'L/min') } }, 3],
    ['grade 3: face mask', { oxygen: { device: 'face-mask' } }, 3],
    ['grade 3: non-rebreather mask', { oxygen: { device: 'non-rebreather' } }, 3],
    ['grade 3: Venturi mask', { oxygen: { device: 'venturi' } }, 3],
    ['grade 4: multiple vasopressors (not vasopressin)', { hypotension: true, vasopressors: ['norepinephrine', 'epinephrine'] }, 4],
    ['grade 4: multiple vasopressors plus vasopressin', { hypotension: true, vasopressors: ['norepinephrine', 'phenylephrine', 'vasopressin'] }, 4],
    ['grade 4: CPAP', { oxygen: { device: 'cpap' } }, 4],
    ['grade 4: BiPAP', { oxygen: { device: 'bipap' } }, 4],
    ['grade 4: intubation and mechanical ventilation', { oxygen: { device: 'mechanical-ventilation' } }, 4],
    ['footnote †: one vasopressor and low-flow oxygen is grade 3', { hypotension: true, vasopressors: ['dopamine'], oxygen: { device: 'nasal-cannula', flow: q(2, 'L/min') } }, 3],
    ['worse of the two decides: fluids-only hypotension with CPAP is grade 4', { hypotension: true, oxygen: { device: 'cpap' } }, 4],
  ])('%s', (_label, input, expected) => {
    expect(grade(input)).toBe(expected);
  });
});

describe('CRS thresholds on both sides', () => {
  it('fever starts at 38.0 °C', () => {
    expect(grade({ temperature: q(37.9, 'Cel') })).toBe(0);
    expect(grade({ temperature: q(38.0, 'Cel') })).toBe(1);
    expect(grade({ temperature: q(38.1, 'Cel') })).toBe(1);
  });
  it('converts Fahrenheit through UCUM: 100.4 °F is 38 °C', () => {
    expect(grade({ temperature: q(100.4, '[degF]') })).toBe(1);
    expect(grade({ temperature: q(100.2, '[degF]') })).toBe(0);
  });
  it('low flow is at most 6 L/min, high flow above', () => {
    const flow = (v: number) => grade({ oxygen: { device: 'nasal-cannula', flow: q(v, 'L/min') } });
    expect(flow(6)).toBe(2);
    expect(flow(6.1)).toBe(3);
    expect(flow(5.9)).toBe(2);
  });
  it('one vasopressor besides vasopressin is grade 3, two are grade 4', () => {
    expect(grade({ hypotension: true, vasopressors: ['epinephrine', 'vasopressin'] })).toBe(3);
    expect(grade({ hypotension: true, vasopressors: ['epinephrine', 'dopamine'] })).toBe(4);
  });
});

describe('CRS footnotes', () => {
  it('fever explained by another cause is not CRS fever', () => {
    const r = run<Grade>('crs', { ...base, temperature: q(39, 'Cel'), feverAttributedToOtherCause: true });
    expect(r.value?.grade).toBe(0);
    expect(rulesOf(r)).toContain('crs.fever-other-cause');
  });
  it('after antipyretics or anti-cytokine therapy, hypotension and hypoxia grade without fever', () => {
    const r = run<Grade>('crs', { ...base, temperature: q(36.8, 'Cel'), antipyreticOrAnticytokineGiven: true, oxygen: { device: 'face-mask' } });
    expect(r.value?.grade).toBe(3);
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['crs.fever-masked', 'crs.oxygen-mask', 'crs.worst-domain']));
  });
  it('masked fever with no hypotension and no hypoxia is grade 1', () => {
    expect(grade({ temperature: undefined, antipyreticOrAnticytokineGiven: true })).toBe(1);
  });
  it('hypotension without fever is not CRS and says so', () => {
    const r = run<Grade>('crs', { ...base, temperature: q(37, 'Cel'), hypotension: true });
    expect(r.value?.grade).toBe(0);
    expect(r.warnings.map((w) => w.rule)).toContain('crs.hypotension-hypoxia-without-fever');
  });
  it('organ toxicity is graded separately (CTCAE)', () => {
    expect(run('crs', base).warnings.map((w) => w.rule)).toContain('crs.organ-toxicity-separate');
  });
});

describe('CRS missing and contradictory input', () => {
  it('missing temperature without antipyretics is "cannot assess", never grade 0', () => {
    const r = run('crs', { ...base, temperature: undefined });
    expect(r.status).toBe('cannot-assess');
    expect(r.value).toBeNull();
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'crs.temperature-missing', field: 'temperature' }));
  });
  it.each([
    ['a bare number has no unit', { temperature: 38.5 }, 'temperature', 'input.unit-required'],
    ['a unit of another kind', { temperature: q(38.5, 'mg') }, 'temperature.unit', 'input.unit-not-convertible'],
    ['a unit named like an object property', { temperature: q(38.5, 'constructor') }, 'temperature.unit', 'input.unit-not-convertible'],
    ['a unit with white space', { temperature: q(38.5, 'deg C') }, 'temperature.unit', 'input.unit-not-convertible'],
    ['an implausible temperature', { temperature: q(58, 'Cel') }, 'temperature.value', 'input.out-of-range'],
    ['nasal cannula without flow', { oxygen: { device: 'nasal-cannula' } }, 'oxygen.flow', 'crs.input.flow-required'],
    ['vasopressors without hypotension', { vasopressors: ['norepinephrine'] }, 'vasopressors', 'crs.input.vasopressors-without-hypotension'],
    ['high-flow cannula at 4 L/min', { oxygen: { device: 'high-flow-nasal-cannula', flow: q(4, 'L/min') } }, 'oxygen.flow', 'crs.input.high-flow-at-low-rate'],
    ['blow-by at 10 L/min', { oxygen: { device: 'blow-by', flow: q(10, 'L/min') } }, 'oxygen.flow', 'crs.input.blow-by-high-flow'],
    ['flow with no device', { oxygen: { device: 'none', flow: q(2, 'L/min') } }, 'oxygen.flow', 'crs.input.flow-without-device'],
    ['a vasopressor twice', { hypotension: true, vasopressors: ['dopamine', 'dopamine'] }, 'vasopressors', 'crs.input.duplicate-vasopressor'],
    ['tocilizumab history without now', { tocilizumabAdministrations: [{ at: '2026-11-20T10:00:00+08:00' }] }, 'now', 'crs.input.now-required'],
    ['an unknown field', { saturation: 91 }, '', 'input.unrecognized-keys'],
    ['hypotension missing', { hypotension: undefined }, 'hypotension', 'input.invalid-type'],
  ])('refuses %s', (_label, input, path, rule) => {
    expectInputError('crs', { ...base, ...input }, path, rule);
  });
});

describe('CRS management (Figure 4, Hayden 2022)', () => {
  const adult = { weight: q(70, 'kg'), ageYears: 45 };
  it('grade 1: supportive care; tocilizumab only if no improvement in 3 days', () => {
    const r = run('crs', { ...base, ...adult });
    const toci = r.actions.find((a) => a.rule === 'crs.tocilizumab-if-no-improvement-3d');
    expect(toci?.status).toBe('consider');
    expect(toci?.dose?.value).toBe(560);
    expect(toci?.escalation?.[0]?.after).toBe('P3D');
    expect(actionRules(r)).toContain('crs.supportive-care');
  });
  it('grade 2: notify ICU, tocilizumab 8 mg/kg now, escalation at hour 12', () => {
    const r = run('crs', { ...base, ...adult, hypotension: true });
    expect(actionRules(r)).toEqual(expect.arrayContaining(['crs.notify-icu', 'tocilizumab.give', 'crs.continuous-monitoring']));
    expect(actionRules(r)).not.toContain('crs.transfer-icu');
    const toci = r.actions.find((a) => a.rule === 'tocilizumab.give');
    expect(toci?.status).toBe('do');
    expect(toci?.dose).toMatchObject({ value: 560, unit: 'mg', perUnit: { value: 8, unit: 'mg/kg' }, basedOn: { value: 70, unit: 'kg' } });
    expect(toci?.escalation?.map((e) => e.after)).toContain('PT12H');
  });
  it('grade 2 in a less experienced center: transfer to the ICU (institution setting)', () => {
    const r = run('crs', { ...base, ...adult, hypotension: true }, 'en', { lessExperiencedCenter: true });
    expect(actionRules(r)).toContain('crs.transfer-icu-less-experienced');
  });
  it('grade 3: ICU, tocilizumab, dexamethasone 10 mg q6h with the 20 mg step on worsening', () => {
    const r = run('crs', { ...base, ...adult, hypotension: true, vasopressors: ['norepinephrine'] });
    expect(actionRules(r)).toEqual(expect.arrayContaining(['crs.transfer-icu', 'tocilizumab.give', 'crs.dexamethasone-10', 'crs.dexamethasone-20-taper']));
    const dex = r.actions.find((a) => a.rule === 'crs.dexamethasone-10');
    expect(dex).toMatchObject({ drug: 'dexamethasone', dose: { value: 10, unit: 'mg' }, route: 'IV', frequency: 'q6h' });
  });
  it('grade 4: dexamethasone 20 mg q6h, methylprednisolone pulse, repeat tocilizumab only without ICANS', () => {
    const r = run('crs', { ...base, ...adult, oxygen: { device: 'bipap' }, icansGrade: 0 });
    const dex = r.actions.find((a) => a.rule === 'crs.dexamethasone-20');
    expect(dex?.dose?.value).toBe(20);
    expect(r.actions.find((a) => a.rule === 'crs.methylprednisolone')?.dose?.value).toBe(1000);
    expect(r.actions.find((a) => a.rule === 'crs.repeat-tocilizumab-if-no-icans')?.status).toBe('consider');
    const withIcans = run('crs', { ...base, ...adult, oxygen: { device: 'bipap' }, icansGrade: 2 });
    expect(withIcans.actions.find((a) => a.rule === 'crs.repeat-tocilizumab-if-no-icans')?.status).toBe('refused');
  });
  it('CRS grade 1 with ICANS grade 2 takes steroids, not tocilizumab', () => {
    const r = run('crs', { ...base, ...adult, icansGrade: 2 });
    expect(rulesOf(r)).toContain('crs.cr1-with-icans-steroids');
    expect(actionRules(r)).toContain('crs.steroids-per-icans-plan');
    expect(actionRules(r)).not.toContain('crs.tocilizumab-if-no-improvement-3d');
    const icans1 = run('crs', { ...base, ...adult, icansGrade: 1 });
    expect(actionRules(icans1)).toContain('crs.tocilizumab-if-no-improvement-3d');
  });
  it('a child under 30 kg gets tocilizumab 12 mg/kg and dexamethasone 0.5 mg/kg', () => {
    const r = run('crs', { ...base, weight: q(20, 'kg'), ageYears: 6, hypotension: true, vasopressors: ['epinephrine'] });
    expect(r.actions.find((a) => a.rule === 'tocilizumab.give')?.dose).toMatchObject({ value: 240, perUnit: { value: 12 } });
    expect(r.actions.find((a) => a.rule === 'crs.dexamethasone-10')?.dose).toMatchObject({ value: 10, perUnit: { value: 0.5, unit: 'mg/kg' } });
    expect(r.warnings.map((w) => w.rule)).toContain('crs.dexamethasone-child-dose-not-stated');
  });
  it('a child on a 20 mg step (no pediatric dose in the handbook): the order carries no dose, never the adult 20 mg', () => {
    const child = run('crs', { ...base, weight: q(20, 'kg'), ageYears: 6, oxygen: { device: 'cpap' }, icansGrade: 0 });
    const g4 = child.actions.find((a) => a.rule === 'crs.dexamethasone-20');
    expect(g4).toMatchObject({ status: 'do', drug: 'dexamethasone', frequency: 'q6h' });
    expect(g4?.dose).toBeUndefined();
    expect(g4?.text).toContain('dose not calculated');
    expect(child.warnings).toContainEqual(expect.objectContaining({ rule: 'crs.dexamethasone-child-dose-not-stated', field: 'age' }));
    // An adult keeps the 20 mg.
    const adult = run('crs', { ...base, weight: q(70, 'kg'), ageYears: 40, oxygen: { device: 'cpap' }, icansGrade: 0 });
    expect(adult.actions.find((a) => a.rule === 'crs.dexamethasone-20')?.dose).toMatchObject({ value: 20, unit: 'mg' });
  });
  it('a child without a weight on a 10 mg step: no dose, the warning names the weight', () => {
    const r = run('crs', { ...base, ageYears: 6, hypotension: true, vasopressors: ['epinephrine'] });
    expect(r.actions.find((a) => a.rule === 'crs.dexamethasone-10')?.dose).toBeUndefined();
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'crs.dexamethasone-child-dose-not-stated', field: 'weight' }));
  });
  it('without weight the dose is not guessed and the warning names the field', () => {
    const r = run('crs', { ...base, hypotension: true });
    expect(r.actions.find((a) => a.rule === 'tocilizumab.give')?.dose).toBeUndefined();
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'tocilizumab.weight-missing', field: 'weight' }));
  });
});

describe('grade 4 extra tocilizumab dose respects the §3.1.2 limits (audit F1)', () => {
  const now = '2026-11-21T12:00:00+08:00';
  const hoursAgo = (h: number) => new Date(Date.parse(now) - h * 3_600_000).toISOString();
  const g4 = (hours: number[], icansGrade = 0) =>
    run('crs', {
      ...base,
      weight: q(70, 'kg'),
      ageYears: 50,
      oxygen: { device: 'bipap' },
      icansGrade,
      now,
      tocilizumabAdministrations: hours.map((h) => ({ at: hoursAgo(h) })),
    });
  const repeat = (r: ReturnType<typeof g4>) => r.actions.find((a) => a.rule.startsWith('crs.repeat-tocilizumab'));
  const main = (r: ReturnType<typeof g4>) => r.actions.find((a) => a.rule === 'tocilizumab.give');

  it('4 doses given: refused, naming the total limit, with no next time', () => {
    const r = g4([10, 30, 50, 70]);
    const extra = repeat(r);
    expect(extra).toMatchObject({ rule: 'crs.repeat-tocilizumab-over-limit', status: 'refused', drug: 'tocilizumab' });
    expect(extra?.refusedBecause?.map((b) => b.rule)).toEqual(['tocilizumab.max-total']);
    expect(extra?.dueBy).toBeUndefined();
    expect(extra?.limits?.map((l) => l.rule)).toEqual(['tocilizumab.limit-interval', 'tocilizumab.limit-per-24h', 'tocilizumab.limit-total']);
  });
  it('3 doses in the last 24 h: refused, naming the 24 h limit and the same next time as the main order', () => {
    const r = g4([8, 16, 24]);
    const extra = repeat(r);
    expect(extra?.status).toBe('refused');
    expect(extra?.refusedBecause?.map((b) => b.rule)).toEqual(['tocilizumab.max-per-24h']);
    expect(extra?.dueBy).toBeDefined();
    expect(extra?.dueBy).toBe(main(r)?.dueBy);
  });
  it('the last dose under 8 h ago: refused, naming the interval', () => {
    const extra = repeat(g4([3]));
    expect(extra?.refusedBecause?.map((b) => b.rule)).toEqual(['tocilizumab.min-interval']);
    expect(extra?.dueBy).toBe('2026-11-21T17:00:00+08:00');
  });
  it('3 doses in all: the dose of this grade is the 4th and allowed, so the extra one would be a 5th: refused, naming the total', () => {
    const r = g4([10, 30, 50]);
    expect(main(r)?.status).toBe('do');
    const extra = repeat(r);
    expect(extra).toMatchObject({ rule: 'crs.repeat-tocilizumab-over-limit', status: 'refused' });
    expect(extra?.refusedBecause).toEqual([expect.objectContaining({ rule: 'tocilizumab.max-total', observed: 4 })]);
    expect(extra?.dueBy).toBeUndefined();
  });
  it('2 doses 8 and 16 h ago: the dose of this grade is allowed now; the extra one, 8 h after it, would be the 4th in 24 h: refused until the oldest leaves the window', () => {
    const r = g4([8, 16]);
    expect(main(r)?.status).toBe('do');
    const extra = repeat(r);
    expect(extra).toMatchObject({ rule: 'crs.repeat-tocilizumab-over-limit', status: 'refused' });
    expect(extra?.refusedBecause?.map((b) => b.rule)).toEqual(['tocilizumab.max-per-24h']);
    // The dose given 16 h ago leaves the 24 h window just after 8 h from now.
    expect(extra?.dueBy).toBe('2026-11-21T20:00:01+08:00');
  });
  it.each([
    ['no dose yet', []],
    ['one dose 8 h ago', [8]],
    ['2 doses, the older just outside 24 h', [8, 24.01]],
    ['2 doses in all', [10, 30]],
  ])('within the limits (%s): unchanged, considered', (_label, hours) => {
    const extra = repeat(g4(hours));
    expect(extra).toEqual(repeat(g4([])));
    expect(extra).toMatchObject({ rule: 'crs.repeat-tocilizumab-if-no-icans', status: 'consider' });
    expect(extra?.refusedBecause).toBeUndefined();
  });
  it('with ICANS the extra dose stays refused for ICANS, whatever the history', () => {
    expect(repeat(g4([10, 30, 50, 70], 2))).toMatchObject({ rule: 'crs.repeat-tocilizumab-if-no-icans', status: 'refused' });
  });
});

describe('CRS grade 4 methylprednisolone in a child (audit F3)', () => {
  const g4 = (ageYears: number | undefined, settings?: unknown) =>
    run('crs', { ...base, weight: q(15, 'kg'), ...(ageYears === undefined ? {} : { ageYears }), oxygen: { device: 'cpap' }, icansGrade: 0 }, 'en', settings);
  const mpRules = (r: ReturnType<typeof g4>) => r.actions.filter((a) => a.drug === 'methylprednisolone').map((a) => a.rule);
  it('below the pediatric age limit (17 < 18): the order has no dose and a warning says the child dose is not stated', () => {
    const r = g4(17);
    const mp = r.actions.find((a) => a.rule === 'crs.methylprednisolone-child');
    expect(mp).toMatchObject({ status: 'consider', drug: 'methylprednisolone', route: 'IV', frequency: 'daily', duration: 'P3D' });
    expect(mp?.dose).toBeUndefined();
    expect(mpRules(r)).toEqual(['crs.methylprednisolone-child']);
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'crs.methylprednisolone-child-dose-not-stated', field: 'ageYears' }));
    // The ICANS child pulse (30 mg/kg = 450 mg here) is not borrowed.
    expect(JSON.stringify(r.actions)).not.toContain('450');
  });
  it('at the pediatric age limit (18): the adult 1,000 mg pulse, no child warning', () => {
    const r = g4(18);
    expect(mpRules(r)).toEqual(['crs.methylprednisolone']);
    expect(r.actions.find((a) => a.rule === 'crs.methylprednisolone')?.dose?.value).toBe(1000);
    expect(r.warnings.map((w) => w.rule)).not.toContain('crs.methylprednisolone-child-dose-not-stated');
  });
  it('follows the institution setting on both sides (limit 12: 11 is a child, 12 is not)', () => {
    expect(mpRules(g4(11, { pediatricAgeLimitYears: 12 }))).toEqual(['crs.methylprednisolone-child']);
    expect(mpRules(g4(12, { pediatricAgeLimitYears: 12 }))).toEqual(['crs.methylprednisolone']);
  });
  it('age missing: the adult order with the age-missing warning, as for dexamethasone', () => {
    const r = g4(undefined);
    expect(mpRules(r)).toEqual(['crs.methylprednisolone']);
    expect(r.warnings.map((w) => w.rule)).toContain('crs.age-missing');
  });
  it('both languages state that no child dose is given', () => {
    const en = g4(4);
    expect(en.warnings.find((w) => w.rule === 'crs.methylprednisolone-child-dose-not-stated')?.text).toMatch(/institutional protocol/);
    const zhTw = run('crs', { ...base, weight: q(15, 'kg'), ageYears: 4, oxygen: { device: 'cpap' }, icansGrade: 0 }, 'zh-TW');
    expect(zhTw.warnings.find((w) => w.rule === 'crs.methylprednisolone-child-dose-not-stated')?.text).toContain('未載明兒童劑量');
  });
});

describe('a child\'s dexamethasone above the adult 10 mg (audit F2: 0.5 mg/kg crosses 10 mg at 20 kg)', () => {
  const g3Child = (kg: number) => run('crs', { ...base, weight: q(kg, 'kg'), ageYears: 16, hypotension: true, vasopressors: ['norepinephrine'] });
  it.each(CHILD_DEXAMETHASONE_10_EDGES)('%s kg: %s mg, above-adult warning %s, never capped', (kg, mg, warned) => {
    expectChildDexamethasone(g3Child(kg), 'crs.dexamethasone-10', 'crs.dexamethasone-child-above-adult', mg, warned);
  });
  it('applies to the grade 2 step too; an adult never gets it', () => {
    const g2 = run('crs', { ...base, weight: q(40, 'kg'), ageYears: 14, hypotension: true });
    expect(g2.actions.find((a) => a.rule === 'crs.g2-dexamethasone-with-tocilizumab')?.dose?.value).toBe(20);
    expect(g2.warnings.map((w) => w.rule)).toContain('crs.dexamethasone-child-above-adult');
    const grown = run('crs', { ...base, weight: q(70, 'kg'), ageYears: 18, hypotension: true, vasopressors: ['norepinephrine'] });
    expect(grown.warnings.map((w) => w.rule)).not.toContain('crs.dexamethasone-child-above-adult');
  });
});

describe('antifungal prophylaxis with steroids for CRS (audit F4, §3.1.3)', () => {
  const adult = { weight: q(70, 'kg'), ageYears: 45 };
  const antifungal = (input: Record<string, unknown>) => run('crs', { ...base, ...adult, ...input }).actions.find((a) => a.rule === 'crs.antifungal-prophylaxis');
  it.each([
    ['grade 2 (dexamethasone with tocilizumab)', { hypotension: true }],
    ['grade 3', { hypotension: true, vasopressors: ['norepinephrine'] }],
    ['grade 4', { oxygen: { device: 'cpap' }, icansGrade: 0 }],
    ['grade 1 with ICANS grade 2 (steroids per ICANS)', { icansGrade: 2 }],
  ])('recommended when the plan has a steroid step: %s', (_label, input) => {
    const action = antifungal(input);
    expect(action?.status).toBe('do');
    expect(action?.citations.map((c) => c.reference).join(' ')).toContain('§3.1.3');
  });
  it('not added at grade 1 without a steroid step', () => {
    expect(antifungal({})).toBeUndefined();
    expect(antifungal({ icansGrade: 1 })).toBeUndefined();
  });
  it('zh-TW text names the prophylaxis', () => {
    const r = run('crs', { ...base, ...adult, hypotension: true }, 'zh-TW');
    expect(r.actions.find((a) => a.rule === 'crs.antifungal-prophylaxis')?.text).toContain('抗黴菌');
  });
});

describe('CRS grade 1 with ICANS grade 2 or more: one steroid plan, the ICANS one (audit F5, Figure 6 note)', () => {
  const adult = { weight: q(70, 'kg'), ageYears: 50 };
  it.each([2, 3, 4])('ICANS grade %i: the CRS result points to the ICANS plan and orders no dexamethasone course of its own', (icansGrade) => {
    const r = run('crs', { ...base, ...adult, icansGrade });
    const step = r.actions.find((a) => a.rule === 'crs.steroids-per-icans-plan');
    expect(step?.status).toBe('do');
    expect(step?.dose).toBeUndefined();
    expect(step?.frequency).toBeUndefined();
    expect(step?.text).toContain('ICANS');
    expect(r.actions.filter((a) => a.drug === 'dexamethasone')).toEqual([]);
    expect(r.actions.filter((a) => a.drug === 'tocilizumab')).toEqual([]);
  });
  it('the ICANS result for the same patient holds the dexamethasone order', () => {
    const icans = run('icans', { ageYears: 50, ice: { total: 5 }, consciousness: 'awakens-to-voice', seizure: 'none', motor: 'none', cerebralEdema: 'none', weight: q(70, 'kg'), crsGrade: 1 });
    expect(icans.actions.filter((a) => a.drug === 'dexamethasone').map((a) => a.rule)).toEqual(['icans.g2-dexamethasone']);
  });
  it('does not apply to CRS grade 2 with ICANS grade 2 (its own dexamethasone step stays)', () => {
    const r = run('crs', { ...base, ...adult, hypotension: true, icansGrade: 2 });
    expect(r.actions.map((a) => a.rule)).not.toContain('crs.steroids-per-icans-plan');
    expect(r.actions.map((a) => a.rule)).toContain('crs.g2-dexamethasone-with-tocilizumab');
  });
});

describe('CRS wording (audit F7, F8, F9)', () => {
  const now = '2026-11-21T12:00:00+08:00';
  const twoDoses = { now, tocilizumabAdministrations: [{ at: '2026-11-20T12:00:00+08:00' }, { at: '2026-11-20T22:00:00+08:00' }] };
  const adult = { weight: q(70, 'kg'), ageYears: 50 };
  it('F7: after two tocilizumab doses at grade 4, steroids are considered and no dose other than the plan\'s is named', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const r = run('crs', { ...base, ...adult, ...twoDoses, oxygen: { device: 'cpap' }, icansGrade: 0 }, lang);
      const reminder = r.actions.find((a) => a.rule.startsWith('crs.steroids-after-two-tocilizumab'));
      expect(reminder?.rule).toBe('crs.steroids-after-two-tocilizumab-plan');
      expect(reminder?.status).toBe('consider');
      expect(reminder?.text).not.toMatch(/\d+(\.\d+)? ?mg/);
      expect(reminder?.text).toMatch(lang === 'en' ? /consider/ : /考慮/);
      expect(reminder?.text).not.toContain('應給予');
      expect(reminder?.text).not.toMatch(/\bgive steroids/);
    }
  });
  it('F7: at grade 1 (no steroid step) the reminder says consider and gives the drugs paragraph\'s doses', () => {
    const en = run('crs', { ...base, ...adult, ...twoDoses });
    const reminder = en.actions.find((a) => a.rule.startsWith('crs.steroids-after-two-tocilizumab'));
    expect(reminder).toMatchObject({ rule: 'crs.steroids-after-two-tocilizumab', status: 'consider' });
    expect(reminder?.text).toContain('consider steroids');
    expect(reminder?.text).toContain('10 mg');
    const zh = run('crs', { ...base, ...adult, ...twoDoses }, 'zh-TW');
    expect(zh.actions.find((a) => a.rule === 'crs.steroids-after-two-tocilizumab')?.text).toContain('考慮給予類固醇');
  });
  it('F8: a high-flow cannula without a flow is graded by its device and prints no missing value', () => {
    for (const [lang, missing] of [['en', 'not given'], ['zh-TW', '未提供']] as const) {
      const r = run<Grade>('crs', { ...base, ...adult, oxygen: { device: 'high-flow-nasal-cannula' } }, lang);
      expect(r.value?.grade).toBe(3);
      const entry = r.basis.find((b) => b.rule === 'crs.oxygen-high-flow-device');
      expect(entry).toMatchObject({ field: 'oxygen.device', observed: 'high-flow-nasal-cannula', yields: 3 });
      expect(entry?.text).not.toContain(missing);
      expect(entry?.text).not.toMatch(/null|undefined/);
      expect(rulesOf(r)).not.toContain('crs.oxygen-high-flow');
    }
    expect(run('crs', { ...base, ...adult, oxygen: { device: 'high-flow-nasal-cannula' } }).basis.find((b) => b.rule === 'crs.oxygen-high-flow-device')?.text).toContain(
      'High-flow nasal cannula',
    );
    const withFlow = run('crs', { ...base, ...adult, oxygen: { device: 'high-flow-nasal-cannula', flow: q(40, 'L/min') } });
    expect(withFlow.basis.find((b) => b.rule === 'crs.oxygen-high-flow')?.text).toContain('40 L/min');
  });
  it('F9: the "1-3 days" dexamethasone courses carry no fixed duration; the 20 mg course before the taper is 3 days', () => {
    const g3 = run('crs', { ...base, ...adult, hypotension: true, vasopressors: ['norepinephrine'] });
    const ten = g3.actions.find((a) => a.rule === 'crs.dexamethasone-10');
    expect(ten?.duration).toBeUndefined();
    expect(ten?.text).toContain('1-3 days');
    expect(g3.actions.find((a) => a.rule === 'crs.dexamethasone-20-taper')?.duration).toBe('P3D');
    const g4 = run('crs', { ...base, ...adult, oxygen: { device: 'cpap' } });
    expect(g4.actions.find((a) => a.rule === 'crs.dexamethasone-20')?.duration).toBeUndefined();
    expect(g4.actions.find((a) => a.rule === 'crs.dexamethasone-20')?.text).toContain('1-3 days');
    const g2 = run('crs', { ...base, ...adult, hypotension: true });
    expect(g2.actions.find((a) => a.rule === 'crs.g2-dexamethasone-with-tocilizumab')?.duration).toBeUndefined();
  });
});

describe('tocilizumab dose and limits (handbook §3.1.2)', () => {
  const now = '2026-11-21T12:00:00+08:00';
  const hoursAgo = (h: number) => new Date(Date.parse(now) - h * 3_600_000).toISOString();
  const check = (weight: number, hours: number[]) =>
    run<{ allowed: boolean; doseMg: number; nextAllowedAt: string | null }>('tocilizumab', {
      weight: q(weight, 'kg'),
      now,
      administrations: hours.map((h) => ({ at: hoursAgo(h) })),
    });

  it.each([
    [29.9, 358.8],
    [30, 240],
    [70, 560],
    [100, 800],
    [101, 800],
    [150, 800],
  ])('weight %s kg → %s mg', (weight, dose) => {
    expect(check(weight, []).value?.doseMg).toBe(dose);
  });
  it('caps at 800 mg and says so', () => {
    const r = check(120, []);
    expect(r.actions[0]?.dose?.cappedAt).toEqual({ value: 800, unit: 'mg' });
  });
  it('minimum interval of 8 h on both sides', () => {
    expect(check(70, [7.99]).value?.allowed).toBe(false);
    expect(check(70, [8]).value?.allowed).toBe(true);
    const refused = check(70, [7]);
    expect(refused.basis.map((b) => b.rule)).toContain('tocilizumab.min-interval');
    expect(refused.value?.nextAllowedAt).toBe('2026-11-21T13:00:00+08:00');
    expect(Date.parse(refused.value!.nextAllowedAt!)).toBe(Date.parse(hoursAgo(-1)));
  });
  it('at most 3 doses in 24 h (a dose exactly 24 h ago still counts)', () => {
    expect(check(70, [8, 16, 24]).value?.allowed).toBe(false);
    expect(check(70, [8, 16, 24.01]).value?.allowed).toBe(true);
    expect(check(70, [8, 16]).value?.allowed).toBe(true);
    const r = check(70, [8, 16, 24]);
    expect(r.basis.map((b) => b.rule)).toContain('tocilizumab.max-per-24h');
  });
  it('the next allowed time after the 24 h limit is itself allowed, and the second before it is not', () => {
    const next = check(70, [8, 16, 24]).value!.nextAllowedAt!;
    expect(next).toBe('2026-11-21T12:00:01+08:00');
    const at = (instant: string) =>
      run<{ allowed: boolean }>('tocilizumab', { weight: q(70, 'kg'), now: instant, administrations: [8, 16, 24].map((h) => ({ at: hoursAgo(h) })) }).value!.allowed;
    expect(at(next)).toBe(true);
    expect(at(now)).toBe(false);
  });
  it('at most 4 doses in all, and then no next time', () => {
    const r = check(70, [30, 60, 90, 120]);
    expect(r.value?.allowed).toBe(false);
    expect(r.value?.nextAllowedAt).toBeNull();
    expect(r.basis.map((b) => b.rule)).toContain('tocilizumab.max-total');
    expect(check(70, [30, 60, 90]).value?.allowed).toBe(true);
  });
  it('the CRS result refuses a dose that breaks a limit and names it', () => {
    const r = run('crs', { ...base, weight: q(70, 'kg'), hypotension: true, now, tocilizumabAdministrations: [{ at: hoursAgo(3) }] });
    const toci = r.actions.find((a) => a.rule === 'tocilizumab.give');
    expect(toci?.status).toBe('refused');
    expect(toci?.refusedBecause?.map((b) => b.rule)).toEqual(['tocilizumab.min-interval']);
    expect(toci?.dueBy).toBe('2026-11-21T17:00:00+08:00');
  });
  it('refuses a recorded dose later than now', () => {
    expectInputError('tocilizumab', { weight: q(70, 'kg'), now, administrations: [{ at: hoursAgo(-1) }] }, 'administrations[0].at', 'tocilizumab.input.dose-after-now');
  });
  it('property: the limit check never allows more than 3 doses in any 24 h or 4 in total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 96 * 60 }), { maxLength: 8 }), (minutes) => {
        const given: number[] = [];
        for (const m of [...minutes].sort((a, b) => a - b)) {
          const t = m * 60_000;
          if (checkTocilizumabLimits(given, t).allowed) given.push(t);
        }
        expect(given.length).toBeLessThanOrEqual(TOCILIZUMAB.maxTotal);
        for (const t of given) {
          expect(given.filter((u) => u > t - 24 * 3_600_000 && u <= t).length).toBeLessThanOrEqual(TOCILIZUMAB.maxPer24h);
        }
        for (let i = 1; i < given.length; i++) expect(given[i]! - given[i - 1]!).toBeGreaterThanOrEqual(8 * 3_600_000);
      }),
    );
  });
});

describe('property: a worse state never lowers the CRS grade', () => {
  const hypotensionStates = [
    { hypotension: false, vasopressors: [] },
    { hypotension: true, vasopressors: [] },
    { hypotension: true, vasopressors: ['norepinephrine'] },
    { hypotension: true, vasopressors: ['norepinephrine', 'vasopressin'] },
    { hypotension: true, vasopressors: ['norepinephrine', 'epinephrine'] },
  ];
  const oxygenStates = [
    { device: 'none' },
    { device: 'blow-by' },
    { device: 'nasal-cannula', flow: q(6, 'L/min') },
    { device: 'nasal-cannula', flow: q(6.5, 'L/min') },
    { device: 'face-mask' },
    { device: 'cpap' },
    { device: 'mechanical-ventilation' },
  ];
  it('holds over random pairs of states', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 360, max: 420 }),
        fc.integer({ min: 0, max: 20 }),
        fc.nat(hypotensionStates.length - 1),
        fc.nat(hypotensionStates.length - 1),
        fc.nat(oxygenStates.length - 1),
        fc.nat(oxygenStates.length - 1),
        fc.boolean(),
        (tenthsCelsius, warmer, h1, h2, o1, o2, masked) => {
          const [hLow, hHigh] = [Math.min(h1, h2), Math.max(h1, h2)];
          const [oLow, oHigh] = [Math.min(o1, o2), Math.max(o1, o2)];
          const better = grade({ temperature: q(tenthsCelsius / 10, 'Cel'), antipyreticOrAnticytokineGiven: masked, ...hypotensionStates[hLow], oxygen: oxygenStates[oLow] });
          const worse = grade({ temperature: q((tenthsCelsius + warmer) / 10, 'Cel'), antipyreticOrAnticytokineGiven: masked, ...hypotensionStates[hHigh], oxygen: oxygenStates[oHigh] });
          expect(worse).not.toBeNull();
          expect(worse!).toBeGreaterThanOrEqual(better!);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('both languages', () => {
  it('renders zh-TW by text, never by key', () => {
    const r = run('crs', { ...base, weight: q(70, 'kg'), ageYears: 50, hypotension: true, vasopressors: ['norepinephrine'] }, 'zh-TW');
    expect(r.summary).toBe('CRS 第 3 級');
    for (const text of [...r.basis.map((b) => b.text), ...r.actions.map((a) => a.text), ...r.warnings.map((w) => w.text)]) {
      expect(text).not.toMatch(/^[a-z-]+\.[a-z0-9.-]+$/);
    }
  });
});
