/**
 * Both sides of the thresholds, and the table rows, of ICANS / ICE / CAPD (handbook §3.1.3, Table 8, Figure 6; Lee 2019, Hayden 2022):
 * the thresholds and table rows whose other side the existing tests (icans.test.ts, ice.test.ts,
 * capd.test.ts) do not reach. Cases that those files already hold are not repeated here.
 */
import { describe, expect, it } from 'vitest';
import type { RenderedAssessment } from '../../src/explain/rendered.js';
import '../../src/toxicity/capd.js';
import '../../src/toxicity/ice.js';
import '../../src/toxicity/icans.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

type Value = { grade: number; tool: string };
const icans = (input: unknown, lang: 'en' | 'zh-TW' = 'en', settings?: unknown) => run<Value>('icans', input, lang, settings);
const warningRules = (r: RenderedAssessment<unknown>) => r.warnings.map((w) => w.rule);
const action = (r: RenderedAssessment<unknown>, rule: string) => r.actions.find((a) => a.rule === rule);
const entry = (r: RenderedAssessment<unknown>, rule: string) => r.basis.find((b) => b.rule === rule);

const normal = { consciousness: 'alert', seizure: 'none', motor: 'none', cerebralEdema: 'none' } as const;
const adult = { ageYears: 45, ice: { total: 10 }, ...normal, weight: q(70, 'kg'), hoursSinceInfusion: 120 };
const child = { ageYears: 6, capd: { total: 0 }, ...normal, weight: q(20, 'kg'), hoursSinceInfusion: 120 };
const iceItems = (points: number) => ({ orientation: points, naming: points, commands: points, writing: points, attention: points });

describe('Table 8 cut-offs shown with each ICE / CAPD band (§3.1.3)', () => {
  it.each([
    ['ice', { ...iceItems(1), orientation: 4, naming: 3, ageYears: 40 }, 'ice.band-normal', '=', 10],
    ['ice', { ...iceItems(1), orientation: 4, naming: 0, ageYears: 40 }, 'ice.band-grade-1', 'between', [7, 9]],
    ['ice', { ...iceItems(0), orientation: 3, ageYears: 40 }, 'ice.band-grade-2', 'between', [3, 6]],
    ['ice', { ...iceItems(0), ageYears: 40 }, 'ice.band-grade-3', 'between', [0, 2]],
    ['capd', { ...Object.fromEntries(['eyeContact', 'purposefulActions', 'awareOfSurroundings', 'communicatesNeeds'].map((n) => [n, 'always'])), restless: 'never', inconsolable: 'never', underactive: 'never', slowToRespond: 'never', ageYears: 5 }, 'capd.band-none', '=', 0],
    ['capd', { eyeContact: 'sometimes', purposefulActions: 'sometimes', awareOfSurroundings: 'always', communicatesNeeds: 'always', restless: 'sometimes', inconsolable: 'sometimes', underactive: 'never', slowToRespond: 'never', ageYears: 5 }, 'capd.band-1-8', 'between', [1, 8]],
    ['capd', { eyeContact: 'sometimes', purposefulActions: 'sometimes', awareOfSurroundings: 'always', communicatesNeeds: 'always', restless: 'sometimes', inconsolable: 'sometimes', underactive: 'rarely', slowToRespond: 'never', ageYears: 5 }, 'capd.band-9-plus', '>=', 9],
  ])('%s: %s -> %s %s %j', (instrument, input, rule, comparator, value) => {
    const r = run(instrument, input);
    expect(r.status).toBe('assessed');
    expect(entry(r, rule)?.threshold).toEqual({ comparator, value });
  });
});

describe('ICE item ranges: each item refuses -1 (only orientation was tested below 0)', () => {
  it.each(['naming', 'commands', 'writing', 'attention'])('%s = -1 is refused, 0 accepted', (item) => {
    expectInputError('ice', { ...iceItems(1), orientation: 4, naming: 3, [item]: -1, ageYears: 30 }, item, 'input.too-small');
    expect(run('ice', { ...iceItems(1), orientation: 4, naming: 3, [item]: 0, ageYears: 30 }).status).toBe('assessed');
  });
});

describe('ICANS: ICE from 12 years, CAPD under 12 (§3.1.3, Table 8), at 11.9 and 12 years', () => {
  it('ICE is refused at 11.9 years and accepted at 12', () => {
    expectInputError('icans', { ...adult, ageYears: 11.9 }, 'ice', 'icans.input.ice-under-12');
    const r = icans({ ...adult, ageYears: 12 });
    expect(r.value).toEqual({ grade: 0, tool: 'ICE' });
    expect(entry(r, 'ice.band-normal')?.yields).toBe(0);
  });

  it('CAPD is accepted at 11.9 years (12 is refused in icans.test.ts)', () => {
    const r = icans({ ...child, ageYears: 11.9, capd: { total: 9 } });
    expect(r.value).toEqual({ grade: 3, tool: 'CAPD' });
    expect(entry(r, 'capd.band-9-plus')?.yields).toBe(3);
  });

  it.each([
    [11.9, 'capd'],
    [12, 'ice'],
  ])('no encephalopathy tool at %s years: the missing domain is %s', (ageYears, field) => {
    const r = icans({ ...normal, ageYears });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'icans.domain-missing', field }));
  });

  it.each([
    [11.9, 4, 'icans.unable-capd', 'icans.unable-ice-arousable'],
    [12, 3, 'icans.unable-ice-arousable', 'icans.unable-capd'],
  ])('unable to perform the tool, wakes to voice, at %s years -> grade %i (%s)', (ageYears, grade, rule, notRule) => {
    const r = icans({ ...normal, ageYears, weight: q(40, 'kg'), encephalopathyTool: 'unable-to-perform', consciousness: 'awakens-to-voice' });
    expect(r.value).toEqual({ grade, tool: 'none' });
    expect(entry(r, rule)?.yields).toBe(grade);
    expect(rulesOf(r)).not.toContain(notRule);
  });
});

describe('ICANS: Table 8 footnote * (ICE 0 arousable = grade 3, unarousable = grade 4)', () => {
  it('ICE 1 (one above the footnote) is grade 3 by its band, without the ICE-0 rule', () => {
    const r = icans({ ...adult, ice: { total: 1 }, consciousness: 'awakens-to-voice' });
    expect(r.value).toEqual({ grade: 3, tool: 'ICE' });
    expect(entry(r, 'ice.band-grade-3')?.yields).toBe(3);
    expect(rulesOf(r)).not.toContain('icans.ice-zero-arousable');
    expect(rulesOf(r)).not.toContain('icans.ice-zero-unarousable');
  });

  it.each([
    ['awakens-to-voice', 3, 'icans.ice-zero-arousable'],
    ['unarousable', 4, 'icans.ice-zero-unarousable'],
  ])('ICE items all 0 (scored item by item), consciousness %s -> grade %i', (consciousness, grade, rule) => {
    const r = icans({ ...adult, ice: iceItems(0), consciousness });
    expect(r.value).toEqual({ grade, tool: 'ICE' });
    expect(entry(r, 'ice.total')?.yields).toBe(0);
    expect(entry(r, rule)?.yields).toBe(grade);
  });

  it.each([
    ['total given', { total: 0 }],
    ['scored item by item', iceItems(0)],
  ])('ICE 0 (%s) with the level of consciousness not given: cannot assess, and nothing says the patient can be woken', (_label, ice) => {
    const r = icans({ ...adult, consciousness: undefined, ice });
    expect(r.status).toBe('cannot-assess');
    expect(rulesOf(r)).not.toContain('icans.ice-zero-arousable');
    expect(rulesOf(r)).not.toContain('icans.ice-zero-unarousable');
    expect(warningRules(r)).toContain('icans.domain-missing');
  });
});

describe('ICANS management steps below the grade that starts them (Figure 6, §3.1.3)', () => {
  it.each([
    ['grade 1 (ICE 8)', { ice: { total: 8 } }, 1, ['icans.notify-icu-neurologist', 'icans.hold-oral-intake', 'icans.consider-icu-transfer', 'icans.icu-care', 'icans.refractory-alternatives']],
    ['grade 2 (ICE 5)', { ice: { total: 5 } }, 2, ['icans.close-monitoring', 'icans.refractory-alternatives', 'icans.g3-dexamethasone', 'icans.methylprednisolone-1-mg-kg']],
    ['grade 3 (ICE 2)', { ice: { total: 2 } }, 3, ['icans.close-monitoring', 'icans.consider-icu-transfer', 'icans.g2-dexamethasone', 'icans.methylprednisolone-pulse']],
    ['grade 4 (diffuse edema)', { cerebralEdema: 'diffuse-edema-or-signs' }, 4, ['icans.close-monitoring', 'icans.consider-icu-transfer', 'icans.methylprednisolone-1-mg-kg']],
  ])('%s does not carry the steps of other grades', (_label, patch, grade, absent) => {
    const r = icans({ ...adult, ...patch });
    expect(r.value?.grade).toBe(grade);
    for (const rule of absent) expect(actionRules(r), rule).not.toContain(rule);
  });

  it('grade 1 onset at 72 h shows "<= 72 h"; at 72.1 h it shows "> 72 h" and no dexamethasone', () => {
    const at = icans({ ...adult, ice: { total: 8 }, hoursSinceInfusion: 72 });
    expect(entry(at, 'icans.g1-within-72h')?.threshold).toEqual({ comparator: '<=', value: 72, unit: 'h' });
    expect(action(at, 'icans.g1-dexamethasone')?.dose?.value).toBe(10);
    const after = icans({ ...adult, ice: { total: 8 }, hoursSinceInfusion: 72.1 });
    expect(entry(after, 'icans.g1-after-72h')?.threshold).toEqual({ comparator: '>', value: 72, unit: 'h' });
    expect(action(after, 'icans.g1-dexamethasone')).toBeUndefined();
  });
});

describe('ICANS: child doses below the institution age limit (default 18 years, §3.1.3)', () => {
  const g4 = { ...adult, weight: q(50, 'kg'), motor: 'deep-focal-weakness' };
  const g2 = { ...adult, weight: q(50, 'kg'), ice: { total: 5 } };

  it('grade 4 at 17.9 years: methylprednisolone 30 mg/kg (1,500 mg for 50 kg)', () => {
    const r = icans({ ...g4, ageYears: 17.9 });
    expect(entry(r, 'icans.pediatric-dose')?.threshold).toEqual({ comparator: '<', value: 18, unit: 'a' });
    expect(action(r, 'icans.methylprednisolone-pulse-child')).toMatchObject({ drug: 'methylprednisolone', dose: { value: 1500, perUnit: { value: 30, unit: 'mg/kg' } } });
    expect(actionRules(r)).not.toContain('icans.methylprednisolone-pulse');
  });

  it('grade 4 at 18 years: the adult 1,000 mg', () => {
    const r = icans({ ...g4, ageYears: 18 });
    expect(rulesOf(r)).not.toContain('icans.pediatric-dose');
    expect(action(r, 'icans.methylprednisolone-pulse')).toMatchObject({ drug: 'methylprednisolone', dose: { value: 1000, unit: 'mg' } });
    expect(actionRules(r)).not.toContain('icans.methylprednisolone-pulse-child');
  });

  it.each([
    [17.9, 25, { value: 0.5, unit: 'mg/kg' }],
    [18, 10, undefined],
  ])('grade 2 dexamethasone at %s years, 50 kg: %s mg', (ageYears, mg, perUnit) => {
    const dose = action(icans({ ...g2, ageYears }), 'icans.g2-dexamethasone')?.dose;
    expect(dose?.value).toBe(mg);
    expect(dose?.perUnit).toEqual(perUnit);
  });
});

describe('ICANS grade 4: a child pulse above the adult 1,000 mg is flagged (§3.1.3)', () => {
  it.each([
    [33.333, 1000, false],
    [33.337, 1000.1, true],
  ])('%s kg: %s mg, warning %s', (kg, mg, warned) => {
    const r = icans({ ...child, weight: q(kg, 'kg'), motor: 'deep-focal-weakness' });
    expect(r.value?.grade).toBe(4);
    const dose = action(r, 'icans.methylprednisolone-pulse-child')?.dose;
    expect(dose).toMatchObject({ value: mg, perUnit: { value: 30, unit: 'mg/kg' } });
    expect(dose?.cappedAt).toBeUndefined();
    expect(warningRules(r).includes('icans.child-pulse-above-adult')).toBe(warned);
  });
});

describe('ICANS Figure 6 steroid steps written in the text', () => {
  it('grade 4 adult pulse: then 250, 125 and 60 mg every 12 h, 2 days each', () => {
    const en = action(icans({ ...adult, motor: 'deep-focal-weakness' }), 'icans.methylprednisolone-pulse')?.text;
    expect(en).toMatch(/250 mg every 12 h for 2 days, 125 mg every 12 h for 2 days, 60 mg every 12 h for 2 days/);
    const zh = action(icans({ ...adult, motor: 'deep-focal-weakness' }, 'zh-TW'), 'icans.methylprednisolone-pulse')?.text;
    expect(zh).toMatch(/250 mg.*125 mg.*60 mg/);
  });

  it('grade 2 without improvement: dexamethasone repeated every 6-12 h', () => {
    const dex = action(icans({ ...adult, ice: { total: 5 } }), 'icans.g2-dexamethasone');
    expect(dex?.escalation?.find((e) => e.rule === 'icans.g2-no-improvement')?.text).toContain('every 6-12 h');
  });
});
