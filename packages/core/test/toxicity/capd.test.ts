import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPD_ANSWERS, CAPD_ITEMS, CAPD_ITEM_NAMES, capdDomainGrade, capdPoints, scoreCapd, type CapdAnswer, type CapdItem } from '../../src/toxicity/capd.js';
import { expectInputError, rulesOf, run } from '../support.js';

const REVERSE: CapdItem[] = ['eyeContact', 'purposefulActions', 'awareOfSurroundings', 'communicatesNeeds'];
const DIRECT: CapdItem[] = ['restless', 'inconsolable', 'underactive', 'slowToRespond'];
const all = (answer: CapdAnswer) => Object.fromEntries(CAPD_ITEM_NAMES.map((n) => [n, answer])) as Record<CapdItem, CapdAnswer>;
const best = { ...Object.fromEntries(REVERSE.map((n) => [n, 'always'])), ...Object.fromEntries(DIRECT.map((n) => [n, 'never'])) } as Record<CapdItem, CapdAnswer>;
const worst = { ...Object.fromEntries(REVERSE.map((n) => [n, 'never'])), ...Object.fromEntries(DIRECT.map((n) => [n, 'always'])) } as Record<CapdItem, CapdAnswer>;

/** Answers giving exactly `total` points (filling the direct items first, then the reverse ones). */
function answersFor(total: number): Record<CapdItem, CapdAnswer> {
  let left = total;
  const out = { ...best };
  for (const name of [...DIRECT, ...REVERSE]) {
    const points = Math.min(4, left);
    left -= points;
    const answer = CAPD_ANSWERS.find((a) => capdPoints(name, a) === points);
    if (answer) out[name] = answer;
  }
  return out;
}

describe('CAPD tool', () => {
  it('items 1-4 are reverse-scored, items 5-8 are not', () => {
    expect(REVERSE.every((n) => CAPD_ITEMS[n].scoring === 'reverse')).toBe(true);
    expect(DIRECT.every((n) => CAPD_ITEMS[n].scoring === 'direct')).toBe(true);
  });

  it.each(
    CAPD_ITEM_NAMES.flatMap((item) =>
      CAPD_ANSWERS.map((answer, i) => [item, answer, REVERSE.includes(item) ? 4 - i : i] as const),
    ),
  )('%s = %s scores %i', (item, answer, points) => {
    expect(capdPoints(item, answer)).toBe(points);
    const r = run('capd', { ...best, [item]: answer, ageYears: 5 });
    expect(r.value).toEqual({ total: points });
    expect(r.basis.find((b) => b.field === item)?.yields).toBe(points);
  });

  it.each([
    ['all never', all('never'), 16],
    ['all always', all('always'), 16],
    ['all sometimes', all('sometimes'), 16],
    ['best case', best, 0],
    ['worst case', worst, 32],
  ])('%s = %i points', (_label, answers, total) => {
    expect(run('capd', { ...answers, ageYears: 6 }).value).toEqual({ total });
  });

  it.each([
    [0, 'capd.band-none', 0],
    [1, 'capd.band-1-8', 1],
    [8, 'capd.band-1-8', 1],
    [9, 'capd.band-9-plus', 3],
    [32, 'capd.band-9-plus', 3],
  ])('total %i -> %s (domain grade %i)', (total, rule, grade) => {
    const r = run('capd', { ...answersFor(total), ageYears: 4 });
    expect(r.value).toEqual({ total });
    const band = r.basis.find((b) => b.rule.startsWith('capd.band-'));
    expect(band?.rule).toBe(rule);
    expect(band?.yields).toBe(grade);
    expect(capdDomainGrade(total).grade).toBe(grade);
  });

  it('takes the answers as words, not points', () => {
    expectInputError('capd', { ...best, eyeContact: 4 }, 'eyeContact', 'input.invalid-value');
    expectInputError('capd', { ...best, restless: 'yes' }, 'restless', 'input.invalid-value');
  });

  it('is for children under 12, or older patients with developmental delay', () => {
    expectInputError('capd', { ...best, ageYears: 12 }, 'ageYears', 'capd.input.age-12-or-over');
    expect(run('capd', { ...best, ageYears: 11.9 }).status).toBe('assessed');
    expect(run('capd', { ...best, ageYears: 25, developmentalDelay: true }).status).toBe('assessed');
    expect(run('capd', best).warnings.map((w) => w.rule)).toContain('capd.age-not-given');
  });

  it('cannot assess with an unanswered item, naming it', () => {
    const r = run('capd', { ...worst, slowToRespond: undefined, ageYears: 3 });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings.filter((w) => w.rule === 'capd.item-missing').map((w) => w.field)).toEqual(['slowToRespond']);
  });

  it('property: a more delirious answer on any item never lowers the total', () => {
    const answer = fc.constantFrom(...CAPD_ANSWERS);
    const answers = fc.record(Object.fromEntries(CAPD_ITEM_NAMES.map((n) => [n, answer])) as Record<CapdItem, fc.Arbitrary<CapdAnswer>>);
    fc.assert(
      fc.property(answers, fc.constantFrom(...CAPD_ITEM_NAMES), (base, item) => {
        const i = CAPD_ANSWERS.indexOf(base[item]);
        // Worse: less often for items 1-4, more often for items 5-8.
        const j = REVERSE.includes(item) ? Math.max(0, i - 1) : Math.min(4, i + 1);
        const worse = { ...base, [item]: CAPD_ANSWERS[j] };
        const a = scoreCapd(base).total ?? -1;
        const b = scoreCapd(worse).total ?? -1;
        expect(b).toBeGreaterThanOrEqual(a);
        expect(capdDomainGrade(b).grade).toBeGreaterThanOrEqual(capdDomainGrade(a).grade);
      }),
    );
  });

  it('renders in both languages without falling back to a key', () => {
    for (const input of [{ ...worst, ageYears: 5 }, { eyeContact: 'never' }]) {
      for (const lang of ['en', 'zh-TW'] as const) {
        const r = run('capd', input, lang);
        expect(r.title).not.toBe('capd.title');
        for (const t of [...r.basis, ...r.warnings]) {
          expect(t.text).not.toBe(t.rule);
          expect(t.text).not.toMatch(/\{\w+\}/);
        }
      }
    }
    expect(run('capd', { ...worst, ageYears: 5 }, 'zh-TW').summary).toBe('CAPD 評分 32/32');
    expect(rulesOf(run('capd', { ...worst, ageYears: 5 }))).toContain('capd.band-9-plus');
  });

  it('the zh-TW title says "under 12" as 未滿 12 歲 (12 歲以下 would include 12), like the en title', () => {
    const zh = run('capd', { ...worst, ageYears: 5 }, 'zh-TW').title;
    expect(zh).toContain('未滿 12 歲');
    expect(zh).not.toContain('12 歲以下');
    expect(run('capd', { ...worst, ageYears: 5 }).title).toContain('under 12');
  });
});
