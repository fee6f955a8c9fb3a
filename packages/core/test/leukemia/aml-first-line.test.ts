import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawMessage } from '../../src/i18n/catalog.js';
import { AML_FIRST_LINE_RULES, AML_FIRST_LINE_THRESHOLDS, INDUCTIONS, MAJOR_COMORBIDITIES } from '../../src/leukemia/aml-first-line.js';
import { CYTOGENETIC_LESIONS, MR_GENES } from '../../src/leukemia/eln2022.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

type V = { fitness: string; induction: string; eln2022Category: string | null; consolidation: string | null };
type In = Record<string, unknown>;

const FIT: In = { age: q(50, 'a'), ecog: 1, organFunctionAdequate: true, majorComorbidities: [] };
const BASE: In = {
  ...FIT,
  flt3Itd: 'not-detected',
  flt3Tkd: 'not-detected',
  therapyRelated: false,
  myelodysplasiaRelated: false,
  idh1: 'not-detected',
  idh2: 'not-detected',
  eln2022Category: 'intermediate',
};
const plan = (over: In = {}, lang: 'en' | 'zh-TW' = 'en') => {
  const input: In = { ...BASE, ...over };
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete input[k];
  return run<V>('aml-first-line', input, lang);
};

const NEGATIVE_FINDINGS = {
  cytogenetics: { ...Object.fromEntries(CYTOGENETIC_LESIONS.map((k) => [k, 'not-detected'])), complexKaryotype: 'not-detected', monosomalKaryotype: 'not-detected' },
  molecular: {
    npm1: 'not-detected',
    flt3Itd: 'not-detected',
    cebpa: 'not-detected',
    ...Object.fromEntries(MR_GENES.map((g) => [g, 'not-detected'])),
    tp53: { status: 'not-detected' },
    kmt2aPtd: 'not-detected',
  },
};
const findings = (cyto: In = {}, mol: In = {}) => ({
  cytogenetics: { ...NEGATIVE_FINDINGS.cytogenetics, ...cyto },
  molecular: { ...NEGATIVE_FINDINGS.molecular, ...mol },
});

describe('fitness (seed 000: unfit from 75 or with a major comorbidity; fit needs ECOG 0-2)', () => {
  it('exports its thresholds', () => {
    expect(AML_FIRST_LINE_THRESHOLDS.unfitAgeAtLeastYears).toBe(75);
    expect(AML_FIRST_LINE_THRESHOLDS.fitEcogAtMost).toBe(2);
  });
  it.each([
    [74, 'fit'],
    [74.9, 'fit'],
    [75, 'unfit'],
    [76, 'unfit'],
  ])('age %s: %s', (age, expected) => {
    const r = plan({ age: q(age, 'a') });
    expect(r.value?.fitness).toBe(expected);
    expect(rulesOf(r)).toContain(expected === 'fit' ? 'aml-first-line.age-under-75' : 'aml-first-line.age-75-or-older');
  });
  it.each(MAJOR_COMORBIDITIES.map((c) => [c]))('major comorbidity %s under 75: unfit', (c) => {
    const r = plan({ majorComorbidities: [c] });
    expect(r.value?.fitness).toBe('unfit');
    expect(r.basis.find((b) => b.rule === 'aml-first-line.major-comorbidity')?.observed).toBe(c);
  });
  it.each([
    [2, 'fit'],
    [3, 'unfit'],
  ])('ECOG %s: %s', (ecog, expected) => {
    const r = plan({ ecog });
    expect(r.value?.fitness).toBe(expected);
    if (expected === 'unfit') expect(r.warnings.map((w) => w.rule)).toContain('aml-first-line.not-fit-outside-unfit-list');
  });
  it('inadequate organ function (physician judgment): not fit, with a warning', () => {
    const r = plan({ organFunctionAdequate: false });
    expect(r.value?.fitness).toBe('unfit');
    expect(rulesOf(r)).toContain('aml-first-line.organ-function-inadequate');
  });
  it('age 80 decides alone; a missing ECOG under 75 cannot be decided', () => {
    expect(plan({ ecog: undefined, organFunctionAdequate: undefined, majorComorbidities: undefined, age: q(80, 'a') }).value?.fitness).toBe('unfit');
    const r = plan({ ecog: undefined });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings).toEqual([expect.objectContaining({ rule: 'aml-first-line.fitness-input-missing', field: 'ecog' })]);
  });
  it('nothing about fitness: cannot assess, naming every missing factor', () => {
    const r = plan({ age: undefined, ecog: undefined, organFunctionAdequate: undefined, majorComorbidities: undefined });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings.map((w) => w.field)).toEqual(['age', 'ecog', 'organFunctionAdequate', 'majorComorbidities']);
  });
  it("the physician's judgment decides; a disagreement with the criteria is flagged", () => {
    const r = plan({ age: q(80, 'a'), fitness: 'fit' });
    expect(r.value?.fitness).toBe('fit');
    expect(r.value?.induction).toBe('seven-plus-three');
    expect(r.warnings.map((w) => w.rule)).toContain('aml-first-line.fitness-differs-from-criteria');
    const only = plan({ age: undefined, ecog: undefined, organFunctionAdequate: undefined, majorComorbidities: undefined, fitness: 'unfit' });
    expect(only.value?.fitness).toBe('unfit');
    expect(only.warnings.map((w) => w.rule)).not.toContain('aml-first-line.fitness-differs-from-criteria');
  });
  it('refuses a bare age and a duplicate comorbidity', () => {
    expectInputError('aml-first-line', { ...BASE, age: 60 }, 'age', 'input.unit-required');
    expectInputError('aml-first-line', { ...BASE, majorComorbidities: ['cirrhosis', 'cirrhosis'] }, 'majorComorbidities', 'aml-first-line.input.duplicate-comorbidity');
  });
});

describe('first-line branches (seed 000, fit and unfit first line)', () => {
  it('fit, no FLT3, de novo: 7+3 (cytarabine 100-200 mg/m2/day x 7 days continuous + anthracycline x 3 days)', () => {
    const r = plan();
    expect(r.value).toMatchObject({ fitness: 'fit', induction: 'seven-plus-three' });
    expect(rulesOf(r)).toContain('aml-first-line.fit-standard-7-3');
    expect(actionRules(r)).toEqual(expect.arrayContaining(['aml-first-line.cytarabine', 'aml-first-line.anthracycline']));
    const cytarabine = r.actions.find((a) => a.rule === 'aml-first-line.cytarabine');
    expect(cytarabine).toMatchObject({ status: 'do', drug: 'cytarabine', dose: { value: 100, upTo: 200, unit: 'mg/m2' }, frequency: 'continuous', duration: 'P7D' });
    expect(r.actions.find((a) => a.rule === 'aml-first-line.anthracycline')).toMatchObject({ duration: 'P3D', drug: 'daunorubicin' });
    expect(r.summary).toBe('Fit: 7+3 induction (cytarabine + daunorubicin or idarubicin)');
  });
  it.each([
    ['ITD', { flt3Itd: 'detected' }],
    ['TKD', { flt3Tkd: 'detected' }],
    ['ITD, TKD', { flt3Itd: 'detected', flt3Tkd: 'detected' }],
  ])('fit + FLT3 %s: 7+3 + midostaurin 50 mg twice daily days 8-21 (RATIFY)', (observed, over) => {
    const r = plan(over);
    expect(r.value?.induction).toBe('seven-plus-three-midostaurin');
    expect(r.basis.find((b) => b.rule === 'aml-first-line.fit-flt3-midostaurin')).toMatchObject({ observed });
    expect(r.actions.find((a) => a.rule === 'aml-first-line.midostaurin')).toMatchObject({
      status: 'do',
      dose: { value: 50, unit: 'mg' },
      route: 'PO',
      frequency: 'bid',
      duration: 'P14D',
    });
    const trial = r.basis.find((b) => b.rule === 'aml-first-line.fit-flt3-midostaurin');
    expect(trial?.text).toContain('N = 717');
    expect(trial?.citations.map((c) => c.doi)).toContain('10.1056/NEJMoa1614359');
  });
  it.each([
    ['therapy-related', { therapyRelated: true }],
    ['myelodysplasia-related', { myelodysplasiaRelated: true }],
  ])('fit + %s AML: CPX-351 in place of 7+3 (Lancet 2018)', (_n, over) => {
    const r = plan(over);
    expect(r.value?.induction).toBe('cpx-351');
    expect(actionRules(r)).toContain('aml-first-line.cpx-351');
    expect(actionRules(r)).not.toContain('aml-first-line.cytarabine');
    expect(r.actions.find((a) => a.rule === 'aml-first-line.cpx-351')?.limits?.map((l) => l.rule)).toEqual(['aml-first-line.cpx-351-not-interchangeable']);
    const trial = r.basis.find((b) => b.rule === 'aml-first-line.fit-secondary-cpx351');
    expect(trial?.text).toContain('N = 309');
    expect(trial?.citations.map((c) => c.doi)).toContain('10.1200/JCO.2017.77.6112');
  });
  it('fit + FLT3 + secondary AML: both options, to be chosen by the physician', () => {
    const r = plan({ flt3Itd: 'detected', therapyRelated: true });
    expect(r.value?.induction).toBe('cpx-351-or-midostaurin');
    expect(r.actions.filter((a) => a.rule !== 'aml-first-line.evaluate-allo-hct' && a.rule !== 'aml-first-line.mrd-monitoring').every((a) => a.status === 'consider')).toBe(true);
    expect(actionRules(r)).toEqual(expect.arrayContaining(['aml-first-line.cpx-351', 'aml-first-line.midostaurin']));
  });
  it('unfit: venetoclax (target 400 mg daily) + azacitidine 75 mg/m2 days 1-7, admitted with TLS monitoring (VIALE-A)', () => {
    const r = plan({ age: q(78, 'a') });
    expect(r.value).toMatchObject({ fitness: 'unfit', induction: 'venetoclax-azacitidine', consolidation: null });
    expect(r.actions.find((a) => a.rule === 'aml-first-line.venetoclax')).toMatchObject({
      dose: { value: 400, unit: 'mg' },
      route: 'PO',
      frequency: 'daily',
      limits: [expect.objectContaining({ rule: 'aml-first-line.venetoclax-ramp-up-tls' })],
    });
    expect(r.actions.find((a) => a.rule === 'aml-first-line.azacitidine')).toMatchObject({ dose: { value: 75, unit: 'mg/m2' }, duration: 'P7D' });
    expect(actionRules(r)).toContain('aml-first-line.hospitalize-tls-infection');
    const trial = r.basis.find((b) => b.rule === 'aml-first-line.unfit-venetoclax-azacitidine');
    expect(trial?.text).toContain('N = 431');
    expect(trial?.citations.map((c) => c.doi)).toContain('10.1056/NEJMoa2012971');
    expect(r.warnings.map((w) => w.rule)).toContain('aml-first-line.unfit-consolidation-not-in-seed');
    expect(r.actions.find((a) => a.rule === 'aml-first-line.mrd-monitoring')?.status).toBe('consider');
  });
  it('unfit with FLT3 or secondary AML: still venetoclax + azacitidine, with the seed gap stated', () => {
    const r = plan({ age: q(80, 'a'), flt3Itd: 'detected', myelodysplasiaRelated: true });
    expect(r.value?.induction).toBe('venetoclax-azacitidine');
    expect(r.warnings.map((w) => w.rule)).toEqual(expect.arrayContaining(['aml-first-line.unfit-flt3-not-in-seed', 'aml-first-line.unfit-secondary-not-in-seed']));
    expect(actionRules(r)).not.toContain('aml-first-line.midostaurin');
  });
  it('IDH1 / IDH2, fit: information only, never a first-line addition to 7+3 (Döhner 2022)', () => {
    const r = plan({ idh1: 'detected', idh2: 'detected' });
    expect(r.actions.some((a) => a.drug === 'ivosidenib' || a.drug === 'enasidenib')).toBe(false);
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['aml-first-line.idh1-mutated-fit', 'aml-first-line.idh2-mutated']));
    expect(r.basis.find((b) => b.rule === 'aml-first-line.idh2-mutated')?.text).toContain('option at relapse');
    expect(r.basis.find((b) => b.rule === 'aml-first-line.idh2-mutated')?.citations.map((c) => c.doi)).toContain('10.1182/blood.2022016867');
  });
  it('IDH1 / IDH2, unfit: ivosidenib a consideration (Döhner 2022); enasidenib still information only', () => {
    const r = plan({ age: q(80, 'a'), idh1: 'detected', idh2: 'detected' });
    expect(r.actions.find((a) => a.rule === 'aml-first-line.ivosidenib')).toMatchObject({ status: 'consider', drug: 'ivosidenib' });
    expect(r.actions.find((a) => a.rule === 'aml-first-line.ivosidenib')?.citations.map((c) => c.doi)).toContain('10.1182/blood.2022016867');
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['aml-first-line.idh1-mutated-unfit', 'aml-first-line.idh2-mutated']));
    expect(r.actions.some((a) => a.drug === 'enasidenib')).toBe(false);
  });
  it('IDH not tested: a warning, not a block', () => {
    const r = plan({ idh1: 'not-tested' });
    expect(r.status).toBe('assessed');
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'aml-first-line.idh-not-tested', field: 'idh1' }));
  });
  it('fit with FLT3 not tested: cannot assess (results decide midostaurin); unfit: assessed', () => {
    const r = plan({ flt3Tkd: 'not-tested' });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings.map((w) => w.rule)).toEqual(expect.arrayContaining(['aml-first-line.flt3-not-tested', 'aml-first-line.await-genetics']));
    expect(plan({ flt3Itd: 'not-tested', age: q(80, 'a') }).value?.induction).toBe('venetoclax-azacitidine');
    // A detected FLT3 mutation already decides, whatever the other FLT3 test.
    expect(plan({ flt3Itd: 'detected', flt3Tkd: 'not-tested' }).value?.induction).toBe('seven-plus-three-midostaurin');
  });
});

describe('consolidation by ELN 2022 category (seed 000, after CR)', () => {
  it.each([
    ['favorable', 'hidac', 'aml-first-line.hidac-consolidation'],
    ['intermediate', 'evaluate-allo-hct', 'aml-first-line.evaluate-allo-hct'],
    ['adverse', 'evaluate-allo-hct', 'aml-first-line.evaluate-allo-hct'],
  ])('%s: %s', (category, consolidation, rule) => {
    const r = plan({ eln2022Category: category });
    expect(r.value?.consolidation).toBe(consolidation);
    expect(actionRules(r)).toContain(rule);
    expect(r.actions.find((a) => a.rule === 'aml-first-line.mrd-monitoring')?.escalation?.[0]?.rule).toBe('aml-first-line.mrd-positive');
  });
  it('category unknown: induction planned, consolidation not', () => {
    const r = plan({ eln2022Category: undefined });
    expect(r.value).toMatchObject({ induction: 'seven-plus-three', consolidation: null, eln2022Category: null });
    expect(r.warnings.map((w) => w.rule)).toContain('aml-first-line.eln-category-missing');
  });
  it('computes the category with the eln2022 instrument and follows NPM1 MRD', () => {
    const r = plan({ eln2022Category: undefined, flt3Itd: undefined, eln2022: findings({}, { npm1: 'detected', asxl1: 'detected' }) });
    expect(r.value).toMatchObject({ eln2022Category: 'favorable', consolidation: 'hidac' });
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['eln2022.npm1-without-flt3-itd', 'eln2022.mr-genes-with-favorable', 'aml-first-line.eln-category-computed-favorable']));
    expect(actionRules(r)).toContain('aml-first-line.mrd-npm1');
  });
  it.each([
    ['runx1Runx1t1', 'aml-first-line.mrd-runx1-runx1t1'],
    ['cbfbMyh11', 'aml-first-line.mrd-cbfb-myh11'],
  ])('core-binding-factor AML (%s): follows the fusion transcript', (lesion, rule) => {
    const r = plan({ eln2022Category: undefined, flt3Itd: undefined, eln2022: findings({ [lesion]: 'detected' }) });
    expect(r.value?.consolidation).toBe('hidac');
    expect(actionRules(r)).toContain(rule);
  });
  it('FLT3-ITD is read from the findings', () => {
    const r = plan({ eln2022Category: undefined, flt3Itd: undefined, eln2022: findings({}, { npm1: 'detected', flt3Itd: 'detected' }) });
    expect(r.value).toMatchObject({ induction: 'seven-plus-three-midostaurin', eln2022Category: 'intermediate', consolidation: 'evaluate-allo-hct' });
  });
  it('incomplete findings compatible with a given category: used, with a warning', () => {
    const r = plan({ eln2022Category: 'favorable', eln2022: findings({}, { npm1: 'not-tested' }), flt3Itd: undefined });
    expect(r.value).toMatchObject({ eln2022Category: 'favorable', consolidation: 'hidac' });
    expect(r.warnings.map((w) => w.rule)).toEqual(expect.arrayContaining(['aml-first-line.eln-category-unconfirmed', 'eln2022.not-tested']));
  });
});

describe('FLT3-mutated AML: midostaurin through consolidation (RATIFY; the seed is silent)', () => {
  const midostaurinConsolidation = (r: ReturnType<typeof plan>) => r.actions.find((a) => a.rule === 'aml-first-line.midostaurin-consolidation');
  it('fit, FLT3 mutated, favorable: HiDAC with midostaurin 50 mg twice daily on days 8-21 of each cycle', () => {
    const r = plan({ flt3Tkd: 'detected', eln2022Category: 'favorable' });
    expect(r.value).toMatchObject({ induction: 'seven-plus-three-midostaurin', consolidation: 'hidac' });
    expect(midostaurinConsolidation(r)).toMatchObject({ status: 'do', drug: 'midostaurin', dose: { value: 50, unit: 'mg' }, route: 'PO', frequency: 'bid', duration: 'P14D' });
    const text = midostaurinConsolidation(r)!.text;
    expect(text).toContain('days 8-21 of each high-dose cytarabine consolidation cycle');
    expect(text).toContain('does not cover consolidation');
    expect(midostaurinConsolidation(r)!.citations.map((c) => c.doi)).toEqual(expect.arrayContaining(['10.1056/NEJMoa1614359', '10.1182/blood.2022016867']));
    expect(midostaurinConsolidation(plan({ flt3Tkd: 'detected', eln2022Category: 'favorable' }, 'zh-TW'))!.text).toContain('第 8-21 天');
  });
  it('fit, no FLT3 mutation, favorable: HiDAC without midostaurin', () => {
    const r = plan({ eln2022Category: 'favorable' });
    expect(r.value?.consolidation).toBe('hidac');
    expect(midostaurinConsolidation(r)).toBeUndefined();
    expect(r.warnings.map((w) => w.rule)).not.toContain('aml-first-line.flt3-consolidation-before-transplant');
  });
  it('FLT3 mutated with secondary AML: the consolidation midostaurin follows the induction choice (consider)', () => {
    expect(midostaurinConsolidation(plan({ flt3Itd: 'detected', therapyRelated: true, eln2022Category: 'favorable' }))?.status).toBe('consider');
  });
  it('FLT3 mutated, intermediate or adverse: transplant evaluation, with a note on cycles given before it', () => {
    for (const category of ['intermediate', 'adverse']) {
      const r = plan({ flt3Itd: 'detected', eln2022Category: category });
      expect(r.value?.consolidation).toBe('evaluate-allo-hct');
      expect(midostaurinConsolidation(r)).toBeUndefined();
      expect(r.warnings.map((w) => w.rule)).toContain('aml-first-line.flt3-consolidation-before-transplant');
    }
    expect(plan({ eln2022Category: 'intermediate' }).warnings.map((w) => w.rule)).not.toContain('aml-first-line.flt3-consolidation-before-transplant');
  });
  it('unfit: no consolidation midostaurin', () => {
    const r = plan({ age: q(80, 'a'), flt3Itd: 'detected', eln2022Category: 'favorable' });
    expect(midostaurinConsolidation(r)).toBeUndefined();
  });
});

describe('gemtuzumab ozogamicin for CD33-positive favorable / core-binding-factor AML (Döhner 2022; not in the seed)', () => {
  const go = (r: ReturnType<typeof plan>) => r.actions.find((a) => a.rule === 'aml-first-line.gemtuzumab-ozogamicin');
  it.each([
    ['runx1Runx1t1', 'eln2022.cytogenetics.runx1Runx1t1'],
    ['cbfbMyh11', 'eln2022.cytogenetics.cbfbMyh11'],
  ])('fit, core-binding-factor AML (%s): consider adding it to 7+3, no dose, the seed gap stated', (lesion, field) => {
    const r = plan({ eln2022Category: undefined, flt3Itd: undefined, eln2022: findings({ [lesion]: 'detected' }), cd33Positive: true });
    expect(r.value?.induction).toBe('seven-plus-three');
    expect(go(r)).toMatchObject({ status: 'consider', drug: 'gemtuzumab ozogamicin', route: 'IV' });
    expect(go(r)).not.toHaveProperty('dose');
    expect(go(r)!.text).toContain('not in the seed');
    expect(go(r)!.citations.filter((c) => c.kind === 'publication').map((c) => c.doi)).toEqual(['10.1182/blood.2022016867']);
    expect(r.basis.find((b) => b.rule === 'aml-first-line.gemtuzumab-candidate-cbf')).toMatchObject({ field });
    expect(r.warnings.map((w) => w.rule)).not.toContain('aml-first-line.cd33-unknown');
  });
  it('fit, favorable by category (NPM1): consider it; CD33 not given is said so', () => {
    const r = plan({ eln2022Category: 'favorable' });
    expect(go(r)?.status).toBe('consider');
    expect(rulesOf(r)).toContain('aml-first-line.gemtuzumab-candidate-favorable');
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'aml-first-line.cd33-unknown', field: 'cd33Positive' }));
  });
  it('CD33-negative blasts: no gemtuzumab ozogamicin, with the reason', () => {
    const r = plan({ eln2022Category: 'favorable', cd33Positive: false });
    expect(go(r)).toBeUndefined();
    expect(rulesOf(r)).toContain('aml-first-line.cd33-negative');
  });
  it.each([['intermediate'], ['adverse']])('%s risk without core-binding-factor AML: not proposed', (category) => {
    const r = plan({ eln2022Category: category, cd33Positive: true });
    expect(go(r)).toBeUndefined();
    expect(rulesOf(r)).not.toContain('aml-first-line.gemtuzumab-candidate-favorable');
  });
  it('unfit or on CPX-351: not proposed (Döhner 2022 adds it to 7+3)', () => {
    expect(go(plan({ age: q(80, 'a'), eln2022Category: 'favorable', cd33Positive: true }))).toBeUndefined();
    expect(go(plan({ therapyRelated: true, eln2022Category: 'favorable', cd33Positive: true }))).toBeUndefined();
  });
  it('with midostaurin as well: proposed, with the untested combination flagged', () => {
    const r = plan({ flt3Tkd: 'detected', eln2022Category: 'favorable', cd33Positive: true });
    expect(go(r)?.status).toBe('consider');
    expect(r.warnings.map((w) => w.rule)).toContain('aml-first-line.gemtuzumab-with-midostaurin');
  });
});

describe('contradictory input is refused', () => {
  it('no FLT3-ITD status anywhere', () => {
    expectInputError('aml-first-line', { ...BASE, flt3Itd: undefined }, 'flt3Itd', 'aml-first-line.input.flt3-itd-required');
  });
  it('FLT3-ITD given twice, differently', () => {
    expectInputError('aml-first-line', { ...BASE, flt3Itd: 'detected', eln2022: findings() }, 'flt3Itd', 'aml-first-line.input.flt3-itd-contradicts-findings');
  });
  it('NPM1 not tested, yet an adverse category is claimed that the findings cannot give', () => {
    expectInputError(
      'aml-first-line',
      { ...BASE, flt3Itd: undefined, eln2022Category: 'adverse', eln2022: findings({}, { npm1: 'not-tested' }) },
      'eln2022Category',
      'aml-first-line.input.category-contradicts-findings',
    );
  });
  it('a contradiction inside the findings is reported at its nested path', () => {
    expectInputError(
      'aml-first-line',
      { ...BASE, flt3Itd: undefined, eln2022Category: undefined, eln2022: findings({ abnormalityCount: 4 }) },
      'eln2022.cytogenetics.complexKaryotype',
      'eln2022.input.complex-flag-false',
    );
  });
  it('each finding must be stated', () => {
    expectInputError('aml-first-line', { ...BASE, idh2: undefined }, 'idh2', 'input.invalid-value');
  });
});

describe('properties', () => {
  const inputArb = fc.record({
    age: fc.integer({ min: 18, max: 100 }),
    ecog: fc.integer({ min: 0, max: 4 }),
    organ: fc.boolean(),
    comorbidities: fc.subarray([...MAJOR_COMORBIDITIES]),
    itd: fc.constantFrom('detected', 'not-detected'),
    tkd: fc.constantFrom('detected', 'not-detected'),
    therapyRelated: fc.boolean(),
    myelodysplasiaRelated: fc.boolean(),
  });
  type F = { age: number; ecog: number; organ: boolean; comorbidities: string[]; itd: string; tkd: string; therapyRelated: boolean; myelodysplasiaRelated: boolean };
  const toInput = (f: F) => ({
    age: q(f.age, 'a'),
    ecog: f.ecog,
    organFunctionAdequate: f.organ,
    majorComorbidities: f.comorbidities,
    flt3Itd: f.itd,
    flt3Tkd: f.tkd,
    therapyRelated: f.therapyRelated,
    myelodysplasiaRelated: f.myelodysplasiaRelated,
  });
  it('getting older or sicker never makes an unfit patient fit', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 4 }), (f, older, worseEcog) => {
        const before = plan(toInput(f)).value?.fitness;
        const after = plan(toInput({ ...f, age: Math.min(f.age + older, 120), ecog: Math.min(f.ecog + worseEcog, 4) })).value?.fitness;
        if (before === 'unfit') expect(after).toBe('unfit');
      }),
      { numRuns: 150 },
    );
  });
  it('unfit patients never get intensive induction; fit FLT3-mutated patients always get midostaurin offered', () => {
    fc.assert(
      fc.property(inputArb, (f) => {
        const r = plan(toInput(f));
        expect(INDUCTIONS).toContain(r.value?.induction);
        if (r.value?.fitness === 'unfit') {
          expect(r.value.induction).toBe('venetoclax-azacitidine');
          expect(actionRules(r)).not.toContain('aml-first-line.cytarabine');
          expect(actionRules(r)).not.toContain('aml-first-line.cpx-351');
        } else if (f.itd === 'detected' || f.tkd === 'detected') {
          expect(actionRules(r)).toContain('aml-first-line.midostaurin');
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('languages', () => {
  it('every rule has text in both languages', () => {
    const ids = [
      ...Object.values(AML_FIRST_LINE_RULES).map((r) => r.id),
      'aml-first-line.title',
      ...INDUCTIONS.map((i) => `aml-first-line.summary.${i}`),
    ];
    for (const id of ids) {
      expect(rawMessage('en', id), id).toBeDefined();
      expect(rawMessage('zh-TW', id), id).toBeDefined();
    }
  });
  it('zh-TW renders every branch as text, never as a rule id', () => {
    const cases: In[] = [
      {},
      { flt3Itd: 'detected' },
      { therapyRelated: true, flt3Tkd: 'detected', idh1: 'detected' },
      { age: q(80, 'a'), idh2: 'detected' },
      { ecog: 3, eln2022Category: 'favorable' },
      { flt3Tkd: 'not-tested' },
    ];
    for (const over of cases) {
      const r = plan(over, 'zh-TW');
      expect(r.title).toBe('AML 一線治療計畫（新診斷）');
      for (const t of [...r.basis, ...r.actions, ...r.warnings]) expect(t.text).not.toBe(t.rule);
    }
    expect(plan({ age: q(80, 'a') }, 'zh-TW').summary).toBe('Unfit（不適合強效化療）：venetoclax + azacitidine');
  });
  it('zh-TW names the ELN category in Chinese, never as the raw English value', () => {
    const cases: In[] = [
      { eln2022Category: 'favorable' },
      { eln2022Category: 'intermediate' },
      { eln2022Category: 'adverse' },
      { eln2022Category: undefined, flt3Itd: undefined, eln2022: findings({ runx1Runx1t1: 'detected' }) },
      { eln2022Category: undefined, flt3Itd: undefined, eln2022: findings({}, { tp53: { status: 'detected', vaf: q(30, '%') } }) },
    ];
    for (const over of cases) {
      const r = plan(over, 'zh-TW');
      for (const t of [r.summary, ...r.basis.map((b) => b.text), ...r.actions.map((a) => a.text), ...r.warnings.map((w) => w.text)]) {
        expect(t).not.toMatch(/favorable|intermediate|adverse/);
      }
    }
    const given = plan({ eln2022Category: 'favorable' }, 'zh-TW');
    expect(given.basis.find((b) => b.rule === 'aml-first-line.eln-category-given-favorable')?.text).toContain('良好');
    expect(given.basis.find((b) => b.rule === 'aml-first-line.consolidation-favorable')?.text).toContain('良好');
    expect(plan({ eln2022Category: 'adverse' }, 'zh-TW').basis.find((b) => b.rule === 'aml-first-line.consolidation-adverse')?.text).toContain('不良');
  });
});
