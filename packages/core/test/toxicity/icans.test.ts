import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RenderedAssessment } from '../../src/explain/rendered.js';
import { allRules } from '../../src/explain/rules.js';
import { catalogKeys, rawMessage } from '../../src/i18n/catalog.js';
import {
  CEREBRAL_EDEMA_FINDINGS,
  CONSCIOUSNESS_LEVELS,
  ICANS_THRESHOLDS,
  IcansInput,
  MOTOR_FINDINGS,
  SEIZURE_FINDINGS,
  gradeIcans,
} from '../../src/toxicity/icans.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';
import { CHILD_DEXAMETHASONE_10_EDGES, expectChildDexamethasone } from './fixtures.js';

type Value = { grade: number; tool: string };
const icans = (input: unknown, lang: 'en' | 'zh-TW' = 'en', settings?: unknown) => run<Value>('icans', input, lang, settings);
const warningRules = (r: RenderedAssessment<unknown>) => r.warnings.map((w) => w.rule);
const action = (r: RenderedAssessment<unknown>, rule: string) => r.actions.find((a) => a.rule === rule);

const normal = { consciousness: 'alert', seizure: 'none', motor: 'none', cerebralEdema: 'none' } as const;
const adult = { ageYears: 45, ice: { total: 10 }, ...normal, weight: q(70, 'kg'), hoursSinceInfusion: 120 };
const child = { ageYears: 6, capd: { total: 0 }, ...normal, weight: q(20, 'kg'), hoursSinceInfusion: 120 };

describe('ICANS grade, adults and children 12 and over (Table 8, ICE)', () => {
  it.each([
    ['ICE 10, all normal', {}, 0, 'ice.band-normal'],
    ['ICE 9', { ice: { total: 9 } }, 1, 'ice.band-grade-1'],
    ['ICE 7', { ice: { total: 7 } }, 1, 'ice.band-grade-1'],
    ['ICE 6', { ice: { total: 6 } }, 2, 'ice.band-grade-2'],
    ['ICE 3', { ice: { total: 3 } }, 2, 'ice.band-grade-2'],
    ['ICE 2', { ice: { total: 2 } }, 3, 'ice.band-grade-3'],
    ['ICE 0, awake with global aphasia', { ice: { total: 0 } }, 3, 'icans.ice-zero-arousable'],
    ['ICE 0, unarousable', { ice: { total: 0 }, consciousness: 'unarousable' }, 4, 'icans.ice-zero-unarousable'],
    ['unable to perform ICE, unarousable', { ice: undefined, encephalopathyTool: 'unable-to-perform', consciousness: 'unarousable' }, 4, 'icans.unable-unarousable'],
    ['unable to perform ICE, wakes to voice', { ice: undefined, encephalopathyTool: 'unable-to-perform', consciousness: 'awakens-to-voice' }, 3, 'icans.unable-ice-arousable'],
    ['wakes spontaneously', { consciousness: 'awakens-spontaneously' }, 1, 'icans.consciousness-spontaneous'],
    ['wakes to voice', { consciousness: 'awakens-to-voice' }, 2, 'icans.consciousness-voice'],
    ['wakes only to touch', { consciousness: 'awakens-to-tactile-only' }, 3, 'icans.consciousness-tactile'],
    ['stupor or coma', { ice: { total: 0 }, consciousness: 'unarousable' }, 4, 'icans.consciousness-unarousable'],
    ['rapidly resolving seizure', { seizure: 'rapidly-resolving' }, 3, 'icans.seizure-rapidly-resolving'],
    ['prolonged or repetitive seizures', { seizure: 'prolonged-or-repetitive' }, 4, 'icans.seizure-prolonged'],
    ['deep focal motor weakness', { motor: 'deep-focal-weakness' }, 4, 'icans.motor-deep-focal-weakness'],
    ['focal edema', { cerebralEdema: 'focal-edema' }, 3, 'icans.edema-focal'],
    ['diffuse edema or its signs', { cerebralEdema: 'diffuse-edema-or-signs' }, 4, 'icans.edema-diffuse'],
    ['ICE 3 with a seizure: worst domain', { ice: { total: 3 }, seizure: 'rapidly-resolving' }, 3, 'icans.worst-domain'],
  ])('%s -> grade %i', (_label, patch, grade, rule) => {
    const r = icans({ ...adult, ...patch });
    expect(r.status).toBe('assessed');
    expect(r.value?.grade).toBe(grade);
    expect(rulesOf(r)).toContain(rule);
    expect(r.basis.find((b) => b.rule === 'icans.worst-domain')?.yields).toBe(grade);
  });

  it('scores ICE items itself (the same function as the ICE instrument)', () => {
    const r = icans({ ...adult, ice: { orientation: 2, naming: 2, commands: 1, writing: 0, attention: 0 } });
    expect(r.value).toEqual({ grade: 2, tool: 'ICE' });
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['ice.orientation', 'ice.naming', 'ice.total', 'ice.band-grade-2']));
    expect(r.basis.find((b) => b.rule === 'ice.total')?.yields).toBe(5);
  });

  it('reports the tool', () => {
    expect(icans(adult).value?.tool).toBe('ICE');
    expect(icans(child).value?.tool).toBe('CAPD');
    expect(icans({ ...adult, ice: undefined, encephalopathyTool: 'unable-to-perform', consciousness: 'unarousable' }).value?.tool).toBe('none');
    expect(icans(adult).summary).toBe('ICANS grade 0 (assessed with ICE)');
  });
});

describe('ICANS grade, children under 12 or with developmental delay (Table 8, CAPD)', () => {
  it.each([
    ['CAPD 0, all normal', {}, 0, 'capd.band-none'],
    ['CAPD 1, wakes spontaneously', { capd: { total: 1 }, consciousness: 'awakens-spontaneously' }, 1, 'capd.band-1-8'],
    ['CAPD 8, wakes spontaneously', { capd: { total: 8 }, consciousness: 'awakens-spontaneously' }, 1, 'capd.band-1-8'],
    ['CAPD 8, fully alert', { capd: { total: 8 } }, 1, 'capd.band-1-8'],
    ['CAPD 1, wakes to voice', { capd: { total: 1 }, consciousness: 'awakens-to-voice' }, 2, 'icans.consciousness-voice'],
    ['CAPD 8, wakes to voice', { capd: { total: 8 }, consciousness: 'awakens-to-voice' }, 2, 'icans.consciousness-voice'],
    ['CAPD 9', { capd: { total: 9 } }, 3, 'capd.band-9-plus'],
    ['CAPD 32', { capd: { total: 32 } }, 3, 'capd.band-9-plus'],
    ['unable to perform CAPD, unarousable', { capd: undefined, encephalopathyTool: 'unable-to-perform', consciousness: 'unarousable' }, 4, 'icans.unable-unarousable'],
    ['unable to perform CAPD, wakes to touch', { capd: undefined, encephalopathyTool: 'unable-to-perform', consciousness: 'awakens-to-tactile-only' }, 4, 'icans.unable-capd'],
    ['wakes only to touch', { capd: { total: 3 }, consciousness: 'awakens-to-tactile-only' }, 3, 'icans.consciousness-tactile'],
    ['rapidly resolving seizure', { seizure: 'rapidly-resolving' }, 3, 'icans.seizure-rapidly-resolving'],
    ['prolonged seizures', { seizure: 'prolonged-or-repetitive' }, 4, 'icans.seizure-prolonged'],
    ['deep focal motor weakness', { motor: 'deep-focal-weakness' }, 4, 'icans.motor-deep-focal-weakness'],
    ['focal edema', { cerebralEdema: 'focal-edema' }, 3, 'icans.edema-focal'],
    ['diffuse edema', { cerebralEdema: 'diffuse-edema-or-signs' }, 4, 'icans.edema-diffuse'],
    ['developmental delay at 20 years uses CAPD', { ageYears: 20, developmentalDelay: true, capd: { total: 9 } }, 3, 'capd.band-9-plus'],
  ])('%s -> grade %i', (_label, patch, grade, rule) => {
    const r = icans({ ...child, ...patch });
    expect(r.status).toBe('assessed');
    expect(r.value?.grade).toBe(grade);
    expect(rulesOf(r)).toContain(rule);
  });

  it('scores CAPD answers with reverse scoring', () => {
    const answers = {
      eyeContact: 'never',
      purposefulActions: 'never',
      awareOfSurroundings: 'sometimes',
      communicatesNeeds: 'always',
      restless: 'rarely',
      inconsolable: 'never',
      underactive: 'never',
      slowToRespond: 'never',
    };
    // 4 + 4 + 2 + 0 + 1 = 11 -> grade 3
    const r = icans({ ...child, capd: answers });
    expect(r.basis.find((b) => b.rule === 'capd.total')?.yields).toBe(11);
    expect(r.value).toEqual({ grade: 3, tool: 'CAPD' });
  });

  it('asks to confirm when CAPD is "unable to perform" in a child who can be woken', () => {
    const r = icans({ ...child, capd: undefined, encephalopathyTool: 'unable-to-perform', consciousness: 'awakens-to-voice' });
    expect(r.value?.grade).toBe(4);
    expect(warningRules(r)).toContain('icans.unable-capd-arousable-check');
  });
});

describe('ICANS input refusals', () => {
  it.each([
    ['ICE under 12', { ...child, capd: undefined, ice: { total: 10 } }, 'ice', 'icans.input.ice-under-12'],
    ['ICE with developmental delay', { ...adult, developmentalDelay: true }, 'ice', 'icans.input.ice-developmental-delay'],
    ['CAPD at 12 without developmental delay', { ...adult, ageYears: 12, ice: undefined, capd: { total: 0 } }, 'capd', 'icans.input.capd-12-or-over'],
    ['ICE total > 0 and unarousable', { ...adult, ice: { total: 1 }, consciousness: 'unarousable' }, 'ice', 'icans.input.ice-unarousable'],
    ['ICE items > 0 and unarousable', { ...adult, ice: { orientation: 1 }, consciousness: 'unarousable' }, 'ice', 'icans.input.ice-unarousable'],
    ['CAPD answers and unarousable', { ...child, capd: { eyeContact: 'never' }, consciousness: 'unarousable' }, 'capd', 'icans.input.capd-unarousable'],
    ['CAPD total and unarousable', { ...child, capd: { total: 20 }, consciousness: 'unarousable' }, 'capd', 'icans.input.capd-unarousable'],
    ['unable to perform and fully alert', { ...adult, ice: undefined, encephalopathyTool: 'unable-to-perform' }, 'encephalopathyTool', 'icans.input.unable-but-alert'],
    ['ICE and CAPD', { ...adult, developmentalDelay: false, capd: { total: 0 } }, 'capd', 'icans.input.one-encephalopathy-tool'],
    ['ICE and unable to perform', { ...adult, encephalopathyTool: 'unable-to-perform', consciousness: 'unarousable', ice: { total: 0 } }, 'encephalopathyTool', 'icans.input.one-encephalopathy-tool'],
    ['ICE total and items', { ...adult, ice: { total: 10, orientation: 4 } }, 'ice.total', 'icans.input.ice-total-and-items'],
    ['CAPD total and answers', { ...child, capd: { total: 4, restless: 'always' } }, 'capd.total', 'icans.input.capd-total-and-items'],
    ['ICE total 11', { ...adult, ice: { total: 11 } }, 'ice.total', 'input.too-big'],
    ['ICE orientation 5', { ...adult, ice: { orientation: 5 } }, 'ice.orientation', 'input.too-big'],
    ['CAPD total 33', { ...child, capd: { total: 33 } }, 'capd.total', 'input.too-big'],
    ['CAPD answer as points', { ...child, capd: { restless: 2 } }, 'capd.restless', 'input.invalid-value'],
    ['unknown consciousness', { ...adult, consciousness: 'drowsy' }, 'consciousness', 'input.invalid-value'],
    ['weight as a bare number', { ...adult, weight: 70 }, 'weight', 'input.unit-required'],
    ['CRS grade 5', { ...adult, crsGrade: 5 }, 'crsGrade', 'input.too-big'],
    ['negative hours', { ...adult, hoursSinceInfusion: -1 }, 'hoursSinceInfusion', 'input.too-small'],
    ['age missing', { ...adult, ageYears: undefined }, 'ageYears', 'input.invalid-type'],
  ])('%s', (_label, input, path, rule) => {
    expectInputError('icans', input, path, rule);
  });

  it('accepts ICE 0 with an unarousable patient, and CAPD with developmental delay at any age', () => {
    expect(icans({ ...adult, ice: { total: 0 }, consciousness: 'unarousable' }).value?.grade).toBe(4);
    expect(icans({ ...adult, ice: undefined, developmentalDelay: true, capd: { total: 0 } }).value?.grade).toBe(0);
  });
});

describe('ICANS missing domains', () => {
  it.each([
    ['ice', { ...adult, ice: undefined }],
    ['capd', { ...child, capd: undefined }],
    ['consciousness', { ...adult, consciousness: undefined }],
    ['seizure', { ...adult, seizure: undefined }],
    ['motor', { ...adult, motor: undefined }],
    ['cerebralEdema', { ...adult, cerebralEdema: undefined }],
  ])('%s not given -> cannot assess, never grade 0', (field, input) => {
    const r = icans(input);
    expect(r.status).toBe('cannot-assess');
    expect(r.value).toBeNull();
    expect(r.actions).toEqual([]);
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'icans.domain-missing', field }));
  });

  it('an unscored ICE item makes the grade unknown', () => {
    const r = icans({ ...adult, ice: { orientation: 4, naming: 3, commands: 1, writing: 1 } });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'ice.item-missing', field: 'ice.attention' }));
  });

  it('names every missing domain', () => {
    const r = icans({ ageYears: 30 });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings.map((w) => w.field)).toEqual(['ice', 'consciousness', 'seizure', 'motor', 'cerebralEdema']);
  });

  it('a grade 3 finding with a missing domain is still cannot-assess (it could be 4)', () => {
    const r = icans({ ageYears: 30, seizure: 'rapidly-resolving', cerebralEdema: 'focal-edema' });
    expect(r.status).toBe('cannot-assess');
  });

  it.each([
    ['prolonged seizures', { seizure: 'prolonged-or-repetitive' }],
    ['deep focal weakness', { motor: 'deep-focal-weakness' }],
    ['diffuse edema', { cerebralEdema: 'diffuse-edema-or-signs' }],
    ['unarousable', { consciousness: 'unarousable' }],
    ['unarousable, unable to perform', { consciousness: 'unarousable', encephalopathyTool: 'unable-to-perform' }],
  ])('grade 4 is certain despite missing domains: %s', (_label, patch) => {
    const r = icans({ ageYears: 30, weight: q(70, 'kg'), ...patch });
    expect(r.status).toBe('assessed');
    expect(r.value?.grade).toBe(4);
    expect(rulesOf(r)).toContain('icans.grade-4-certain');
    expect(r.warnings.some((w) => w.rule === 'icans.domain-not-assessed-grade-4')).toBe(true);
    expect(warningRules(r)).not.toContain('icans.domain-missing');
    expect(action(r, 'icans.methylprednisolone-pulse')?.dose?.value).toBe(1000);
  });
});

describe('ICANS management: adult (70 kg)', () => {
  const g1 = { ...adult, ice: { total: 8 } };
  const g2 = { ...adult, ice: { total: 5 } };
  const g3 = { ...adult, ice: { total: 2 } };
  const g4 = { ...adult, motor: 'deep-focal-weakness' };

  it('grade 0: no actions', () => {
    const r = icans(adult);
    expect(r.actions).toEqual([]);
    expect(warningRules(r)).toEqual(['icans.other-causes-excluded', 'icans.ich-tremor-ctcae', 'icans.no-routine-anticonvulsant-prophylaxis']);
  });

  it('every grade from 1: supportive care, differential work-up, tocilizumab does not treat ICANS', () => {
    for (const input of [g1, g2, g3, g4]) {
      const r = icans(input);
      expect(actionRules(r)).toEqual(expect.arrayContaining(['icans.supportive-care', 'icans.differential-workup']));
      expect(warningRules(r)).toContain('icans.tocilizumab-not-effective');
      expect(warningRules(r)).toContain('icans.other-causes-excluded');
    }
  });

  it.each([
    [0, true],
    [48, true],
    [72, true],
    [72.5, false],
    [200, false],
  ])('grade 1, %i h after infusion: dexamethasone considered = %s', (hours, expected) => {
    const r = icans({ ...g1, hoursSinceInfusion: hours });
    expect(actionRules(r)).toContain('icans.close-monitoring');
    const dex = action(r, 'icans.g1-dexamethasone');
    if (expected) {
      expect(dex).toMatchObject({ status: 'consider', drug: 'dexamethasone', route: 'IV', frequency: 'q12-24h' });
      expect(dex?.dose?.value).toBe(10);
      expect(dex?.escalation?.map((e) => e.rule)).toEqual(['icans.g1-reassess-after-two-doses']);
      expect(rulesOf(r)).toContain('icans.g1-within-72h');
      expect(actionRules(r)).toEqual(expect.arrayContaining(['icans.antifungal-prophylaxis', 'icans.taper-when-improved']));
    } else {
      expect(dex).toBeUndefined();
      expect(rulesOf(r)).toContain('icans.g1-after-72h');
      expect(actionRules(r)).not.toContain('icans.antifungal-prophylaxis');
    }
    expect(ICANS_THRESHOLDS.earlyOnsetHours).toBe(72);
  });

  it('grade 1 without the time from infusion: warns, no dexamethasone', () => {
    const r = icans({ ...g1, hoursSinceInfusion: undefined });
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'icans.infusion-time-missing', field: 'hoursSinceInfusion' }));
    expect(action(r, 'icans.g1-dexamethasone')).toBeUndefined();
  });

  it('grade 2: ICU and neurologist, dexamethasone 10 mg IV then reassess', () => {
    const r = icans(g2);
    expect(r.value?.grade).toBe(2);
    expect(action(r, 'icans.notify-icu-neurologist')?.status).toBe('do');
    expect(action(r, 'icans.consider-icu-transfer')?.status).toBe('consider');
    expect(action(r, 'icans.hold-oral-intake')?.status).toBe('consider');
    const dex = action(r, 'icans.g2-dexamethasone');
    expect(dex).toMatchObject({ status: 'do', drug: 'dexamethasone', route: 'IV', frequency: 'once' });
    expect(dex?.dose?.value).toBe(10);
    expect(dex?.escalation?.map((e) => e.rule)).toEqual(['icans.g2-no-improvement', 'icans.g2-worsening']);
    expect(actionRules(r)).toEqual(expect.arrayContaining(['icans.antifungal-prophylaxis', 'icans.taper-when-improved']));
    expect(actionRules(r)).not.toContain('icans.icu-care');
  });

  it('grade 2 in a less experienced center: neurologist early and ICU transfer', () => {
    const r = icans(g2, 'en', { lessExperiencedCenter: true });
    expect(action(r, 'icans.less-experienced-center')?.status).toBe('do');
    expect(actionRules(r)).not.toContain('icans.consider-icu-transfer');
  });

  it('grade 3: ICU, dexamethasone 10 mg every 6 h or methylprednisolone 1 mg/kg every 12 h', () => {
    const r = icans(g3);
    expect(action(r, 'icans.icu-care')?.status).toBe('do');
    const dex = action(r, 'icans.g3-dexamethasone');
    expect(dex).toMatchObject({ status: 'do', frequency: 'q6h' });
    expect(dex?.dose?.value).toBe(10);
    expect(dex?.escalation?.map((e) => e.rule)).toEqual(['icans.g3-worsening']);
    const mp = action(r, 'icans.methylprednisolone-1-mg-kg');
    expect(mp).toMatchObject({ status: 'consider', drug: 'methylprednisolone', route: 'IV', frequency: 'q12h' });
    expect(mp?.dose).toMatchObject({ value: 70, unit: 'mg', perUnit: { value: 1, unit: 'mg/kg' }, basedOn: { value: 70, unit: 'kg' } });
    expect(action(r, 'icans.refractory-alternatives')?.status).toBe('consider');
  });

  it('grade 3 without weight: methylprednisolone without a dose, weight warning', () => {
    const r = icans({ ...g3, weight: undefined });
    expect(action(r, 'icans.methylprednisolone-1-mg-kg-no-weight')?.dose).toBeUndefined();
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'icans.weight-missing', field: 'weight' }));
    expect(action(r, 'icans.g3-dexamethasone')?.dose?.value).toBe(10);
  });

  it('grade 4: methylprednisolone 1,000 mg IV daily for 3 days, reassess after 2 doses', () => {
    const r = icans(g4);
    expect(action(r, 'icans.icu-care')?.status).toBe('do');
    const mp = action(r, 'icans.methylprednisolone-pulse');
    expect(mp).toMatchObject({ status: 'do', drug: 'methylprednisolone', route: 'IV', frequency: 'daily', duration: 'P3D' });
    expect(mp?.dose).toMatchObject({ value: 1000, unit: 'mg' });
    expect(mp?.escalation?.map((e) => e.rule)).toEqual(['icans.g4-reassess-after-two-doses']);
    expect(mp?.text).toContain('250 mg');
    expect(actionRules(r)).toEqual(expect.arrayContaining(['icans.antifungal-prophylaxis', 'icans.taper-when-improved', 'icans.refractory-alternatives']));
    expect(actionRules(r)).not.toContain('icans.g3-dexamethasone');
  });

  it('seizures: levetiracetam and a benzodiazepine (dose per protocol); status epilepticus when prolonged', () => {
    const r3 = icans({ ...adult, seizure: 'rapidly-resolving' });
    expect(action(r3, 'icans.seizure-levetiracetam')).toMatchObject({ status: 'do', drug: 'levetiracetam' });
    expect(action(r3, 'icans.seizure-levetiracetam')?.dose).toBeUndefined();
    expect(action(r3, 'icans.seizure-levetiracetam')?.text).toContain('institutional protocol');
    expect(action(r3, 'icans.seizure-benzodiazepine')?.escalation?.map((e) => e.rule)).toEqual(['icans.seizure-persisting']);
    expect(actionRules(r3)).not.toContain('icans.status-epilepticus-protocol');
    expect(warningRules(r3)).not.toContain('icans.no-routine-anticonvulsant-prophylaxis');
    const r4 = icans({ ...adult, seizure: 'prolonged-or-repetitive' });
    expect(actionRules(r4)).toEqual(expect.arrayContaining(['icans.seizure-levetiracetam', 'icans.seizure-benzodiazepine', 'icans.status-epilepticus-protocol']));
  });

  it('cerebral edema: consider hyperosmolar therapy', () => {
    expect(action(icans({ ...adult, cerebralEdema: 'focal-edema' }), 'icans.hyperosmolar-therapy')?.status).toBe('consider');
    expect(action(icans({ ...adult, cerebralEdema: 'diffuse-edema-or-signs' }), 'icans.hyperosmolar-therapy')?.status).toBe('consider');
    expect(action(icans({ ...adult, seizure: 'rapidly-resolving' }), 'icans.hyperosmolar-therapy')).toBeUndefined();
  });

  it('CRS grade 1 with ICANS grade 2 or more: steroids, not tocilizumab', () => {
    const r = icans({ ...g2, crsGrade: 1 });
    expect(rulesOf(r)).toContain('icans.crs1-steroids-not-tocilizumab');
    const toci = action(r, 'icans.crs1-no-tocilizumab');
    expect(toci).toMatchObject({ status: 'refused', drug: 'tocilizumab' });
    expect(toci?.refusedBecause?.[0]?.rule).toBe('icans.crs1-steroids-not-tocilizumab');
    expect(action(r, 'icans.g2-dexamethasone')?.status).toBe('do');
  });

  it('the CRS 1 rule does not apply to ICANS grade 1 nor to more severe CRS', () => {
    expect(actionRules(icans({ ...g1, crsGrade: 1 }))).not.toContain('icans.crs1-no-tocilizumab');
    const severe = icans({ ...g2, crsGrade: 2 });
    expect(actionRules(severe)).not.toContain('icans.crs1-no-tocilizumab');
    expect(warningRules(severe)).toContain('icans.crs-treat-separately');
  });

  it('settings.pediatricAgeLimitYears decides the child / adult dose at 15 years', () => {
    const teen = { ...adult, ageYears: 15, weight: q(50, 'kg'), motor: 'deep-focal-weakness' };
    expect(action(icans(teen), 'icans.methylprednisolone-pulse-child')?.dose?.value).toBe(1500);
    expect(warningRules(icans(teen))).toContain('icans.child-pulse-above-adult');
    expect(action(icans(teen, 'en', { pediatricAgeLimitYears: 12 }), 'icans.methylprednisolone-pulse')?.dose?.value).toBe(1000);
  });
});

describe('ICANS management: 20 kg child', () => {
  it('grade 1 early: dexamethasone 0.5 mg/kg = 10 mg', () => {
    const r = icans({ ...child, capd: { total: 4 }, consciousness: 'awakens-spontaneously', hoursSinceInfusion: 24 });
    expect(r.value?.grade).toBe(1);
    const dex = action(r, 'icans.g1-dexamethasone');
    expect(dex?.dose).toMatchObject({ value: 10, perUnit: { value: 0.5, unit: 'mg/kg' }, basedOn: { value: 20, unit: 'kg' } });
    expect(warningRules(r)).toContain('icans.dexamethasone-child-dose');
  });

  it('grade 2: dexamethasone 0.5 mg/kg', () => {
    const r = icans({ ...child, capd: { total: 4 }, consciousness: 'awakens-to-voice' });
    expect(r.value?.grade).toBe(2);
    expect(action(r, 'icans.g2-dexamethasone')?.dose).toMatchObject({ value: 10, perUnit: { value: 0.5, unit: 'mg/kg' } });
  });

  it('grade 3: dexamethasone 10 mg (0.5 mg/kg) every 6 h or methylprednisolone 20 mg every 12 h', () => {
    const r = icans({ ...child, capd: { total: 12 } });
    expect(action(r, 'icans.g3-dexamethasone')?.dose).toMatchObject({ value: 10, perUnit: { value: 0.5, unit: 'mg/kg' } });
    expect(action(r, 'icans.methylprednisolone-1-mg-kg')?.dose).toMatchObject({ value: 20, perUnit: { value: 1, unit: 'mg/kg' } });
  });

  it('grade 4: methylprednisolone 30 mg/kg = 600 mg IV daily', () => {
    const r = icans({ ...child, capd: undefined, encephalopathyTool: 'unable-to-perform', consciousness: 'unarousable' });
    expect(r.value).toEqual({ grade: 4, tool: 'none' });
    const mp = action(r, 'icans.methylprednisolone-pulse-child');
    expect(mp).toMatchObject({ status: 'do', drug: 'methylprednisolone', route: 'IV', frequency: 'daily', duration: 'P3D' });
    expect(mp?.dose).toMatchObject({ value: 600, unit: 'mg', perUnit: { value: 30, unit: 'mg/kg' }, basedOn: { value: 20, unit: 'kg' } });
    expect(mp?.dose?.text).toBe('600 mg (30 mg/kg × 20 kg)');
    expect(rulesOf(r)).toContain('icans.pediatric-dose');
    expect(actionRules(r)).not.toContain('icans.methylprednisolone-pulse');
    expect(warningRules(r)).not.toContain('icans.child-pulse-above-adult');
  });

  it('grade 4 without weight: no dose, weight warning', () => {
    const r = icans({ ...child, weight: undefined, seizure: 'prolonged-or-repetitive' });
    expect(action(r, 'icans.methylprednisolone-pulse-child-no-weight')?.dose).toBeUndefined();
    expect(warningRules(r)).toContain('icans.weight-missing');
  });

  it('grade 3 without weight: dexamethasone child dose cannot be computed (warning)', () => {
    const r = icans({ ...child, weight: undefined, capd: { total: 10 } });
    expect(warningRules(r)).toContain('icans.dexamethasone-child-dose-not-stated');
    // The order carries no dose rather than the adult 10 mg.
    const dexamethasone = r.actions.find((a) => a.drug === 'dexamethasone');
    expect(dexamethasone).toBeDefined();
    expect(dexamethasone?.dose).toBeUndefined();
  });
});

describe('ICANS: a child\'s dexamethasone above the adult 10 mg (0.5 mg/kg crosses 10 mg at 20 kg)', () => {
  const g2Child = (kg: number) => icans({ ...child, capd: { total: 4 }, consciousness: 'awakens-to-voice', weight: q(kg, 'kg') });
  it.each(CHILD_DEXAMETHASONE_10_EDGES)('%s kg: %s mg, above-adult warning %s, never capped', (kg, mg, warned) => {
    expectChildDexamethasone(g2Child(kg), 'icans.g2-dexamethasone', 'icans.dexamethasone-child-above-adult', mg, warned);
  });
  it('an adult (fixed 10 mg) and a child without weight never get the warning', () => {
    expect(warningRules(icans({ ...adult, ice: { total: 5 }, consciousness: 'awakens-to-voice' }))).not.toContain('icans.dexamethasone-child-above-adult');
    expect(warningRules(icans({ ...child, weight: undefined, capd: { total: 10 } }))).not.toContain('icans.dexamethasone-child-above-adult');
  });
});

describe('ICANS grade 3 dexamethasone duration (Figure 6: 1-3 days)', () => {
  it('carries no fixed duration field; the text states the range in both languages', () => {
    const g3 = { ...adult, ice: { total: 2 } };
    const en = action(icans(g3), 'icans.g3-dexamethasone');
    expect(en?.duration).toBeUndefined();
    expect(en?.text).toContain('1-3 days');
    expect(action(icans(g3, 'zh-TW'), 'icans.g3-dexamethasone')?.text).toContain('1-3 天');
  });
});

describe('ICANS monotonicity (property)', () => {
  const rank = <T>(list: readonly T[]) => fc.integer({ min: 0, max: list.length - 1 });
  const grade = (raw: Record<string, unknown>): number | null | undefined => {
    const parsed = IcansInput.safeParse(raw);
    return parsed.success ? gradeIcans(parsed.data).grade : undefined;
  };
  const domains = fc.record({
    child: fc.boolean(),
    ice: fc.integer({ min: 0, max: 10 }),
    capd: fc.integer({ min: 0, max: 32 }),
    consciousness: rank(CONSCIOUSNESS_LEVELS),
    seizure: rank(SEIZURE_FINDINGS),
    motor: rank(MOTOR_FINDINGS),
    cerebralEdema: rank(CEREBRAL_EDEMA_FINDINGS),
  });
  type D = typeof domains extends fc.Arbitrary<infer T> ? T : never;
  const toInput = (d: D) => ({
    ageYears: d.child ? 7 : 40,
    ...(d.child ? { capd: { total: d.capd } } : { ice: { total: d.ice } }),
    consciousness: CONSCIOUSNESS_LEVELS[d.consciousness],
    seizure: SEIZURE_FINDINGS[d.seizure],
    motor: MOTOR_FINDINGS[d.motor],
    cerebralEdema: CEREBRAL_EDEMA_FINDINGS[d.cerebralEdema],
  });
  const worsen = (d: D, which: number): D => {
    switch (which) {
      case 0:
        return d.child ? { ...d, capd: Math.min(32, d.capd + 1) } : { ...d, ice: Math.max(0, d.ice - 1) };
      case 1:
        return { ...d, consciousness: Math.min(CONSCIOUSNESS_LEVELS.length - 1, d.consciousness + 1) };
      case 2:
        return { ...d, seizure: Math.min(SEIZURE_FINDINGS.length - 1, d.seizure + 1) };
      case 3:
        return { ...d, motor: Math.min(MOTOR_FINDINGS.length - 1, d.motor + 1) };
      default:
        return { ...d, cerebralEdema: Math.min(CEREBRAL_EDEMA_FINDINGS.length - 1, d.cerebralEdema + 1) };
    }
  };

  it('a worse domain never lowers the grade', () => {
    fc.assert(
      fc.property(domains, fc.integer({ min: 0, max: 4 }), (d, which) => {
        const a = grade(toInput(d));
        const b = grade(toInput(worsen(d, which)));
        fc.pre(typeof a === 'number' && typeof b === 'number');
        expect(b).toBeGreaterThanOrEqual(a);
      }),
      { numRuns: 2000 },
    );
  });

  it('the grade is the worst domain and always 0-4 for complete input', () => {
    fc.assert(
      fc.property(domains, (d) => {
        const g = grade(toInput(d));
        fc.pre(g !== undefined);
        expect(g).not.toBeNull();
        expect(g).toBeGreaterThanOrEqual(0);
        expect(g).toBeLessThanOrEqual(4);
      }),
    );
  });
});

describe('ICANS rendering', () => {
  const cases: [unknown, unknown][] = [
    [adult, undefined],
    [{ ...adult, ice: { total: 8 }, hoursSinceInfusion: undefined, crsGrade: 3 }, undefined],
    [{ ...adult, ice: { total: 8 }, hoursSinceInfusion: 10 }, undefined],
    [{ ...adult, ice: { total: 5 }, crsGrade: 1 }, { lessExperiencedCenter: true }],
    [{ ...adult, ice: { total: 5 } }, undefined],
    [{ ...adult, ice: { total: 2 }, seizure: 'rapidly-resolving', cerebralEdema: 'focal-edema', weight: undefined }, undefined],
    [{ ...adult, ice: { orientation: 0, naming: 0, commands: 0, writing: 0, attention: 0 }, consciousness: 'unarousable', seizure: 'prolonged-or-repetitive' }, undefined],
    [{ ...child, capd: undefined, encephalopathyTool: 'unable-to-perform', consciousness: 'awakens-to-voice' }, undefined],
    [{ ...child, ageYears: 10, weight: q(40, 'kg'), capd: { total: 3 }, cerebralEdema: 'diffuse-edema-or-signs' }, undefined],
    [{ ...child, weight: undefined, capd: { total: 10 } }, undefined],
    [{ ...child, weight: undefined, motor: 'deep-focal-weakness' }, undefined],
    [{ ageYears: 30, seizure: 'prolonged-or-repetitive' }, undefined],
    [{ ageYears: 5 }, undefined],
    [{ ...adult, ice: { orientation: 3 } }, undefined],
  ];

  it('renders every rule in both languages, with no placeholder left', () => {
    for (const [input, settings] of cases) {
      for (const lang of ['en', 'zh-TW'] as const) {
        const r = icans(input, lang, settings);
        expect(r.title).not.toBe('icans.title');
        expect(r.summary).not.toMatch(/^icans\./);
        const texts = [
          ...r.basis,
          ...r.warnings,
          ...r.actions,
          ...r.actions.flatMap((a) => a.escalation ?? []),
          ...r.actions.flatMap((a) => a.refusedBecause ?? []),
        ];
        for (const t of texts) {
          expect(t.text, t.rule).not.toBe(t.rule);
          expect(t.text, t.rule).not.toMatch(/\{\w+\}/);
          expect(t.text, t.rule).not.toMatch(/^(icans|ice|capd)\./);
        }
      }
    }
  });

  it('zh-TW differs from English and keeps the numbers', () => {
    const input = { ...child, capd: undefined, encephalopathyTool: 'unable-to-perform', consciousness: 'unarousable' };
    const en = icans(input, 'en');
    const zh = icans(input, 'zh-TW');
    expect(zh.summary).toBe('ICANS 第 4 級（無法施行 ICE / CAPD）');
    const mpEn = action(en, 'icans.methylprednisolone-pulse-child');
    const mpZh = action(zh, 'icans.methylprednisolone-pulse-child');
    expect(mpZh?.text).not.toBe(mpEn?.text);
    expect(mpZh?.text).toContain('600 mg');
  });

  it('cites the handbook and Lee 2019 for grading, Hayden 2022 for management', () => {
    const r = icans({ ...adult, ice: { total: 2 } });
    const refs = r.citations.map((c) => c.reference).join('\n');
    expect(refs).toContain('§3.1.3, Table 8');
    expect(refs).toContain('§3.1.3, Figure 6');
    expect(refs).toContain('Lee DW');
    expect(refs).toContain('Hayden PJ');
  });
});

describe('ICANS "unable to perform" without the level of consciousness', () => {
  it('ICE population: cannot assess (3 if arousable, 4 if not), no arousable claim in the basis', () => {
    const r = icans({ ageYears: 40, encephalopathyTool: 'unable-to-perform', seizure: 'none', motor: 'none', cerebralEdema: 'none' });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'icans.domain-missing', field: 'consciousness' }));
    expect(rulesOf(r)).not.toContain('icans.unable-ice-arousable');
  });

  it('CAPD population: Table 8 makes it grade 4 whatever the other domains', () => {
    const r = icans({ ageYears: 8, encephalopathyTool: 'unable-to-perform', weight: q(20, 'kg') });
    expect(r.value).toEqual({ grade: 4, tool: 'none' });
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['icans.unable-capd', 'icans.grade-4-certain']));
  });
});

describe('ICE / CAPD / ICANS catalogs', () => {
  const ours = (id: string) => /^(ice|capd|icans)\./.test(id);

  it('every rule has sources and an English and a zh-TW text that differ', () => {
    const rules = allRules().filter((r) => ours(r.id));
    expect(rules.length).toBeGreaterThan(80);
    for (const rule of rules) {
      expect(rule.sources.seed.length, rule.id).toBeGreaterThan(0);
      expect(rule.sources.publications.length, rule.id).toBeGreaterThan(0);
      const en = rawMessage('en', rule.id);
      const zh = rawMessage('zh-TW', rule.id);
      expect(en, rule.id).toBeTruthy();
      expect(zh, rule.id).toBeTruthy();
      expect(zh, rule.id).not.toBe(en);
    }
  });

  it('both languages define the same keys', () => {
    const en = [...catalogKeys('en')].filter(ours).sort();
    const zh = [...catalogKeys('zh-TW')].filter(ours).sort();
    expect(zh).toEqual(en);
  });
});
