import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ICE_ITEMS, ICE_ITEM_NAMES, ICE_THRESHOLDS, iceDomainGrade, scoreIce, type IceItem } from '../../src/toxicity/ice.js';
import { expectInputError, rulesOf, run } from '../support.js';

/** Items that add up to `total`, filling the items in the order of the tool. */
function itemsFor(total: number): Record<IceItem, number> {
  let left = total;
  const out = {} as Record<IceItem, number>;
  for (const name of ICE_ITEM_NAMES) {
    const points = Math.min(ICE_ITEMS[name], left);
    out[name] = points;
    left -= points;
  }
  return out;
}

const bandOf = (r: ReturnType<typeof run>) => r.basis.find((b) => b.rule.startsWith('ice.band-'));

describe('ICE tool', () => {
  it('has five items with 4, 3, 1, 1, 1 points (total 10)', () => {
    expect(ICE_ITEMS).toEqual({ orientation: 4, naming: 3, commands: 1, writing: 1, attention: 1 });
    expect(Object.values(ICE_ITEMS).reduce((a, b) => a + b, 0)).toBe(ICE_THRESHOLDS.maxTotal);
  });

  it.each([
    [10, 'ice.band-normal', 0],
    [9, 'ice.band-grade-1', 1],
    [7, 'ice.band-grade-1', 1],
    [6, 'ice.band-grade-2', 2],
    [3, 'ice.band-grade-2', 2],
    [2, 'ice.band-grade-3', 3],
    [0, 'ice.band-grade-3', 3],
  ])('total %i -> %s (ICANS domain grade %i)', (total, rule, grade) => {
    const r = run<{ total: number }>('ice', { ...itemsFor(total), ageYears: 40 });
    expect(r.status).toBe('assessed');
    expect(r.value?.total).toBe(total);
    expect(bandOf(r)?.rule).toBe(rule);
    expect(bandOf(r)?.yields).toBe(grade);
    expect(iceDomainGrade(total).grade).toBe(grade);
  });

  it('bands for every total 0-10 follow Table 8', () => {
    const expected = [3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 0];
    expect(Array.from({ length: 11 }, (_, t) => iceDomainGrade(t).grade)).toEqual(expected);
  });

  it('shows each item with its points', () => {
    const r = run('ice', { orientation: 3, naming: 2, commands: 1, writing: 0, attention: 1, ageYears: 50 });
    expect(r.value).toEqual({ total: 7 });
    const byRule = Object.fromEntries(r.basis.map((b) => [b.rule, b.yields]));
    expect(byRule).toMatchObject({ 'ice.orientation': 3, 'ice.naming': 2, 'ice.commands': 1, 'ice.writing': 0, 'ice.attention': 1, 'ice.total': 7 });
    expect(r.summary).toBe('ICE score 7/10');
  });

  it.each([
    ['orientation', 5, 'input.too-big'],
    ['orientation', -1, 'input.too-small'],
    ['naming', 4, 'input.too-big'],
    ['commands', 2, 'input.too-big'],
    ['writing', 2, 'input.too-big'],
    ['attention', 2, 'input.too-big'],
    ['naming', 1.5, 'input.invalid-type'],
  ])('refuses %s = %s', (field, value, rule) => {
    expectInputError('ice', { ...itemsFor(10), [field]: value }, field, rule);
  });

  it('accepts each item at its maximum and at 0', () => {
    for (const name of ICE_ITEM_NAMES) {
      expect(run('ice', { ...itemsFor(0), [name]: ICE_ITEMS[name], ageYears: 20 }).value).toEqual({ total: ICE_ITEMS[name] });
    }
  });

  it('refuses ICE under 12 years and with developmental delay', () => {
    expectInputError('ice', { ...itemsFor(10), ageYears: 11.9 }, 'ageYears', 'ice.input.under-12');
    expectInputError('ice', { ...itemsFor(10), ageYears: 30, developmentalDelay: true }, 'developmentalDelay', 'ice.input.developmental-delay');
    expect(run('ice', { ...itemsFor(10), ageYears: 12 }).status).toBe('assessed');
  });

  it('warns when age is not given', () => {
    const r = run('ice', itemsFor(10));
    expect(r.warnings.map((w) => w.rule)).toContain('ice.age-not-given');
  });

  it('cannot assess with an item not scored, naming each missing item', () => {
    const r = run('ice', { orientation: 4, naming: 3, ageYears: 40 });
    expect(r.status).toBe('cannot-assess');
    expect(r.value).toBeNull();
    expect(r.warnings.filter((w) => w.rule === 'ice.item-missing').map((w) => w.field)).toEqual(['commands', 'writing', 'attention']);
    expect(run('ice', { ageYears: 40 }).warnings.filter((w) => w.rule === 'ice.item-missing')).toHaveLength(5);
  });

  it('scoreIce prefixes fields for use inside another instrument', () => {
    const s = scoreIce({ orientation: 1 }, 'ice.');
    expect(s.total).toBeNull();
    expect(s.warnings.map((w) => w.field)).toEqual(['ice.naming', 'ice.commands', 'ice.writing', 'ice.attention']);
    expect(s.basis.map((b) => b.field)).toEqual(['ice.orientation']);
  });

  it('property: more points on any item never lowers the total nor raises the domain grade', () => {
    const items = fc.record({
      orientation: fc.integer({ min: 0, max: 4 }),
      naming: fc.integer({ min: 0, max: 3 }),
      commands: fc.integer({ min: 0, max: 1 }),
      writing: fc.integer({ min: 0, max: 1 }),
      attention: fc.integer({ min: 0, max: 1 }),
    });
    fc.assert(
      fc.property(items, fc.constantFrom(...ICE_ITEM_NAMES), (base, item) => {
        const better = { ...base, [item]: Math.min(ICE_ITEMS[item], base[item] + 1) };
        const a = scoreIce(base).total ?? -1;
        const b = scoreIce(better).total ?? -1;
        expect(b).toBeGreaterThanOrEqual(a);
        expect(iceDomainGrade(b).grade).toBeLessThanOrEqual(iceDomainGrade(a).grade);
      }),
    );
  });

  it('renders in both languages without falling back to a key', () => {
    for (const input of [{ ...itemsFor(5), ageYears: 30 }, { orientation: 2 }]) {
      for (const lang of ['en', 'zh-TW'] as const) {
        const r = run('ice', input, lang);
        expect(r.title).not.toBe('ice.title');
        expect(r.summary).not.toMatch(/^ice\./);
        for (const t of [...r.basis, ...r.warnings]) {
          expect(t.text).not.toBe(t.rule);
          expect(t.text).not.toMatch(/\{\w+\}/);
        }
      }
    }
    expect(run('ice', itemsFor(5), 'zh-TW').summary).toBe('ICE 評分 5/10');
    expect(rulesOf(run('ice', itemsFor(5), 'zh-TW'))).toContain('ice.band-grade-2');
  });
});
