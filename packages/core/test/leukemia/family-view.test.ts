import { describe, expect, it } from 'vitest';
import { FAMILY_VIEW_CAR_T_STEPS, FAMILY_VIEW_CARE_ITEMS, FAMILY_VIEW_GLOSSARY, FAMILY_VIEW_QUESTIONS } from '../../src/leukemia/family-view.js';
import type { FamilyViewValue } from '../../src/leukemia/family-view.js';
import { catalogKeys, rawMessage } from '../../src/i18n/catalog.js';
import { LANGUAGES } from '../../src/i18n/types.js';
import { expectInputError, rulesOf, run } from '../support.js';

const NAME = 'family-view';
const fv = (input: Record<string, unknown>, lang: 'en' | 'zh-TW' = 'zh-TW') => run<FamilyViewValue>(NAME, input, lang);
const neg = (date: string) => ({ date, method: 'ngs', marker: 'IGH', sensitivityFraction: 1e-6, valueFraction: 'undetectable' });
const pos = (date: string) => ({ date, method: 'flow', marker: 'LAIP', sensitivityFraction: 1e-4, valueFraction: 0.001 });

describe('family-view: where the patient is and what comes next', () => {
  it.each([
    ['diagnosis', 'where-diagnosis', 'next-diagnosis'],
    ['treatment', 'where-treatment', 'next-treatment'],
  ] as const)('%s', (stage, where, next) => {
    const r = fv({ stage });
    expect(rulesOf(r).slice(0, 2)).toEqual([`${NAME}.${where}`, `${NAME}.${next}`]);
    expect(r.value!.mrd).toBeNull();
  });

  it.each(FAMILY_VIEW_CAR_T_STEPS.map((s) => [s]))('CAR-T step %s', (carTStep) => {
    const r = fv({ stage: 'car-t', carTStep });
    expect(rulesOf(r)).toContain(`${NAME}.where-car-t-${carTStep}`);
    expect(r.value!.carTStep).toBe(carTStep);
  });

  it.each([
    ['ALL', [neg('2026-04-01'), neg('2026-07-01')], 'negative', 'sustained-negative', 'next-remission-negative'],
    ['ALL', [neg('2026-04-01')], 'negative', 'negative', 'next-remission-negative'],
    ['ALL', [neg('2026-04-01'), pos('2026-07-01')], 'positive', 'converted-to-positive', 'next-remission-positive'],
    ['AML', [pos('2026-04-01'), pos('2026-07-01')], 'positive', 'persistent-positive', 'next-remission-positive'],
    ['AML', [neg('2026-04-01')], 'unclear', null, 'next-remission-unknown'],
    ['ALL', [{ ...neg('2026-04-01'), sensitivityFraction: 1e-3 }], 'unclear', 'cannot-call-negative', 'next-remission-unknown'],
  ] as const)('remission, %s MRD -> %s (%s)', (disease, results, mrd, series, next) => {
    const r = fv({ stage: 'remission', disease, mrd: { results } });
    expect(r.value).toMatchObject({ mrd, mrdSeries: series });
    expect(rulesOf(r)).toContain(`${NAME}.${next}`);
    expect(rulesOf(r)).toContain(`${NAME}.mrd-explained`);
    expect(rulesOf(r).includes(`${NAME}.mrd-milestone-not-guarantee`)).toBe(mrd === 'negative');
  });

  it('remission without MRD yet', () => {
    const r = fv({ stage: 'remission' });
    expect(r.value!.mrd).toBe('not-yet');
    expect(rulesOf(r)).toContain(`${NAME}.mrd-not-yet`);
  });

  it('always lists the seven questions, in order', () => {
    const r = fv({ stage: 'diagnosis' });
    expect(FAMILY_VIEW_QUESTIONS).toHaveLength(7);
    expect(r.actions.filter((a) => a.rule.includes('.question-')).map((a) => a.rule)).toEqual(FAMILY_VIEW_QUESTIONS.map((q) => q.id));
  });

  it('supportive care: done items move to the basis, the rest are to do', () => {
    const r = fv({ stage: 'diagnosis', supportiveCare: { dental: true, fertility: false } });
    expect(r.value!.careDone).toEqual(['dental']);
    expect(r.value!.careToDo).toEqual(FAMILY_VIEW_CARE_ITEMS.filter((i) => i !== 'dental'));
    expect(r.actions.map((a) => a.rule)).toContain(`${NAME}.care-fertility`);
    expect(r.actions.map((a) => a.rule)).not.toContain(`${NAME}.care-dental`);
  });

  it('refuses contradictions', () => {
    expectInputError(NAME, { stage: 'diagnosis', disease: 'ALL', mrd: { results: [neg('2026-04-01')] } }, 'mrd', `${NAME}.input.mrd-outside-remission`);
    expectInputError(NAME, { stage: 'remission', mrd: { results: [neg('2026-04-01')] } }, 'disease', `${NAME}.input.mrd-without-disease`);
    expectInputError(NAME, { stage: 'treatment', carTStep: 'infusion' }, 'carTStep', `${NAME}.input.car-t-step-outside-car-t`);
    expectInputError(NAME, { stage: 'remission', disease: 'ALL', mrd: { results: [{ ...neg('2026-04-01'), sensitivityFraction: 2 }] } }, 'mrd.results[0].sensitivityFraction', 'mrd.input.sensitivity-out-of-range');
  });
});

describe('family-view: plain language in both languages', () => {
  const keys = [...catalogKeys('en')].filter((k) => k.startsWith(`${NAME}.`) && !k.startsWith(`${NAME}.input.`));
  const explained = new Map(FAMILY_VIEW_GLOSSARY.flatMap((g) => g.terms.map((t) => [t, g.rule.id] as const)));
  // Any run of two or more capitals / digits (with :: or -T joins) is an abbreviation.
  const ABBREVIATION = /(?<![A-Za-z0-9])[A-Z][A-Z0-9]+(?:::[A-Z0-9]+|-[A-Z]+)?(?![A-Za-z0-9])/g;

  it('every family-view text exists in zh-TW and en, and zh-TW is Chinese', () => {
    expect(keys.length).toBeGreaterThan(40);
    for (const key of keys) {
      expect(rawMessage('zh-TW', key), key).toMatch(/[\u4e00-\u9fff]/);
      expect(rawMessage('en', key), key).toBeTruthy();
    }
  });

  it.each(LANGUAGES.map((l) => [l]))('%s: every abbreviation is explained by a glossary entry that contains it', (lang) => {
    for (const key of keys) {
      for (const term of rawMessage(lang, key)!.match(ABBREVIATION) ?? []) {
        const glossaryRule = explained.get(term);
        expect(glossaryRule, `${key} uses unexplained "${term}"`).toBeDefined();
        expect(rawMessage(lang, glossaryRule!)).toContain(term);
      }
    }
  });

  it('the glossary entries explain their terms in words (more than the term itself)', () => {
    for (const lang of LANGUAGES) {
      for (const g of FAMILY_VIEW_GLOSSARY) {
        const text = rawMessage(lang, g.rule.id)!;
        const rest = g.terms.reduce((t, term) => t.split(term).join(''), text).replace(/[\s,，、:：()（）]/g, '');
        expect(rest.length, g.rule.id).toBeGreaterThan(15);
      }
    }
  });

  it.each(LANGUAGES.map((l) => [l]))('%s: every output includes the whole glossary and renders without rule ids', (lang) => {
    const inputs = [
      { stage: 'diagnosis' },
      { stage: 'treatment' },
      { stage: 'car-t', carTStep: 'lymphodepletion' },
      { stage: 'remission', disease: 'ALL', mrd: { results: [neg('2026-04-01')] } },
    ];
    for (const input of inputs) {
      const r = fv(input, lang);
      for (const g of FAMILY_VIEW_GLOSSARY) expect(rulesOf(r)).toContain(g.rule.id);
      for (const t of [...r.basis, ...r.actions, ...r.warnings]) {
        expect(t.text).not.toBe(t.rule);
        expect(t.text).not.toMatch(/\{\w+\}/);
      }
      expect(r.summary).not.toContain(`${NAME}.summary`);
    }
  });

  it('MRD explanation says a negative result is a milestone, not a guarantee, in both languages', () => {
    expect(rawMessage('en', `${NAME}.mrd-milestone-not-guarantee`)).toMatch(/milestone.*not a promise/);
    expect(rawMessage('zh-TW', `${NAME}.mrd-milestone-not-guarantee`)).toMatch(/里程碑.*不保證/);
  });
});
