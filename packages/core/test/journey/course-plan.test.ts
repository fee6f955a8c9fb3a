import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAR_T_COURSE_PLAN_CHECKS, CAR_T_COURSE_PLAN_STEPS, type CarTCoursePlanValue } from '../../src/journey/course-plan.js';
import { lookupMessage } from '../../src/i18n/catalog.js';
import { expectInputError, rulesOf, run } from '../support.js';

const example = JSON.parse(readFileSync(new URL('../../../../examples/car-t-course-plan.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
const clone = () => structuredClone(example);
const plan = (input: unknown = example, lang: 'en' | 'zh-TW' = 'en') => run<CarTCoursePlanValue>('car-t-course-plan', input, lang);

describe('the example patient, end to end', () => {
  const r = plan();
  const v = r.value!;
  it('assesses every step', () => {
    expect(r.status).toBe('assessed');
    expect(v.timeline.map((t) => t.step)).toEqual([...CAR_T_COURSE_PLAN_STEPS]);
    for (const t of v.timeline) {
      expect(t.given, t.step).toBe(true);
      expect(t.status, t.step).not.toBe('cannot-assess');
      expect(t.summary!.en, t.step).not.toMatch(/\.summary/);
    }
    const status = Object.fromEntries(v.timeline.map((t) => [t.step, t.status]));
    // The example plans LDC with the product confirmed but not yet received: Table 6 leaves that to physician review.
    expect(status).toMatchObject({ eligibility: 'needs-physician-review', washout: 'planned-ok', leukapheresis: 'ready', lymphodepletion: 'not-ready-not-met', infusion: 'infusion-on-time' });
  });
  it('every consistency check is made and passes', () => {
    expect(v.checks.map((c) => [c.check, c.status])).toEqual(CAR_T_COURSE_PLAN_CHECKS.map((c) => [c, 'consistent']));
    expect(v.consistent).toBe(true);
  });
  it('the calendar is sorted and reaches year 15', () => {
    const dates = v.calendar.map((c) => c.date);
    expect([...dates].sort()).toEqual(dates);
    expect(v.calendar.filter((c) => c.item === 'follow-up-visit').at(-1)).toMatchObject({ step: 'follow-up', detail: 'year-15', date: '2041-12-14' });
    expect(v.lastDate).toBe('2041-12-14');
    const items = new Set(v.calendar.map((c) => c.item));
    for (const item of ['eligibility-assessment', 'leukapheresis', 'cryopreservation-due', 'earliest-ldc', 'ldc-day', 'infusion-planned', 'thaw-start', 'vital-signs-during', 'vital-signs-after', 'antiviral-pjp-minimum-until', 'vaccine-influenza']) {
      expect(items.has(item), item).toBe(true);
    }
    expect(v.calendar.filter((c) => c.item === 'ldc-day').map((c) => c.date)).toEqual(['2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11']);
  });
  it('steps carry their key dates, and nested explanations keep their step prefix', () => {
    const ldc = v.timeline.find((t) => t.step === 'lymphodepletion')!;
    expect(ldc.dates.map((d) => d.date)).toEqual(['2026-12-08', '2026-12-11', '2026-12-14']);
    expect(r.basis.some((b) => b.field.startsWith('lymphodepletion.') && b.rule.startsWith('lymphodepletion.'))).toBe(true);
    expect(r.actions.some((a) => a.rule === 'lymphodepletion.fludarabine-all')).toBe(true);
  });
  it('renders in both languages without falling back to keys', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const x = plan(example, lang);
      expect(x.summary).not.toBe('car-t-course-plan.summary.consistent');
      for (const b of x.basis) expect(b.text).not.toBe(b.rule);
      for (const w of x.warnings) expect(w.text).not.toBe(w.rule);
    }
  });
});

describe('vaccine labels of the calendar', () => {
  const label = (lang: 'en' | 'zh-TW', item: string) => lookupMessage(lang, `car-t-course-plan.calendar.${item}`)!;
  it.each([
    ['en', '(if conditions met)'],
    ['zh-TW', '（須符合條件）'],
  ] as const)('%s: inactivated vaccines carry the same caveat as live ones', (lang, caveat) => {
    expect(label(lang, 'vaccine-live-or-adjuvanted')).toContain(caveat);
    expect(label(lang, 'vaccine-inactivated')).toContain(caveat);
  });
  it.each([
    ['en', 'preferably', 'at least'],
    ['zh-TW', '最好', '至少'],
  ] as const)('%s: influenza before CAR-T is "preferably" 2 weeks before LDC', (lang, word, not) => {
    expect(label(lang, 'vaccine-influenza-before-car-t')).toContain(word);
    expect(label(lang, 'vaccine-influenza-before-car-t')).not.toContain(not);
  });
  it('ongoing immunosuppression at month 4: the inactivated date is shown as contraindicated', () => {
    const input = clone();
    input['vaccination'] = { ...input['vaccination'], asOfDate: '2027-04-14', ongoingImmunosuppression: true };
    const item = plan(input).value!.calendar.find((c) => c.item === 'vaccine-inactivated')!;
    expect(item).toMatchObject({ step: 'vaccination', date: '2027-06-15', detail: 'contraindicated' });
  });
});

describe('partial and empty plans', () => {
  it('no step at all: cannot assess, naming every step', () => {
    const r = plan({});
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings.map((w) => w.field)).toEqual([...CAR_T_COURSE_PLAN_STEPS]);
  });
  it('one step: planned, its absent neighbours named, no check possible', () => {
    const r = plan({ 'follow-up': example['follow-up'] });
    expect(r.status).toBe('assessed');
    expect(r.value!.consistent).toBeNull();
    expect(r.value!.timeline.filter((t) => !t.given)).toHaveLength(9);
    expect(r.warnings.filter((w) => w.rule === 'car-t-course-plan.step-not-given')).toHaveLength(9);
  });
  it('a step that cannot be assessed is reported as such', () => {
    const input = clone();
    delete input['lymphodepletion']!['height'];
    const r = plan(input);
    expect(r.value!.timeline.find((t) => t.step === 'lymphodepletion')!.status).toBe('cannot-assess');
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'car-t-course-plan.step-cannot-assess', field: 'lymphodepletion' }));
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'lymphodepletion.height-missing', field: 'lymphodepletion.height' }));
  });
});

describe('a broken nested input names its path inside the combined input', () => {
  it('unit of the LDC height', () => {
    const input = clone();
    input['lymphodepletion']!['height'] = { value: 152, unit: 'kg' };
    let caught: unknown;
    try {
      plan(input);
    } catch (e) {
      caught = e;
    }
    expect((caught as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain('lymphodepletion.height.unit');
  });
  it("a step's own refusal rule keeps its rule id", () => {
    const input = clone();
    input['follow-up']!['asOfDate'] = '2026-12-01';
    expectInputError('car-t-course-plan', input, 'follow-up.asOfDate', 'follow-up.input.before-infusion');
  });
  it('a nested array path', () => {
    const input = clone();
    (input['washout']!['drugs'] as Record<string, unknown>[])[1]!['lastDoseDate'] = '2026-02-30';
    expectInputError('car-t-course-plan', input, 'washout.drugs[1].lastDoseDate', 'input.invalid-format');
  });
  it('an unknown step is refused', () => {
    expectInputError('car-t-course-plan', { ...example, manufacturing: {} }, '', 'input.unrecognized-keys');
  });
});

type Mutate = (i: Record<string, Record<string, unknown>>) => void;
const broken: [string, Mutate, string][] = [
  ['eligibility-before-leukapheresis', (i) => (i['eligibility']!['assessmentDate'] = '2026-11-25'), 'eligibility.assessmentDate'],
  [
    'washout-before-leukapheresis',
    (i) => {
      (i['washout']!['drugs'] as Record<string, unknown>[])[0]!['lastDoseDate'] = '2026-11-15';
    },
    'washout.earliestDate',
  ],
  ['same-leukapheresis-date', (i) => (i['post-infusion']!['leukapheresisDate'] = '2026-11-23'), 'post-infusion.leukapheresisDate'],
  ['collection-not-before-planned', (i) => (i['cryopreservation'] = { ...i['cryopreservation'], collectionEnd: '2026-11-23T14:00:00+08:00', now: '2026-11-23T20:00:00+08:00', events: [] }), 'cryopreservation.collectionEnd'],
  ['leukapheresis-before-ldc', (i) => (i['lymphodepletion']!['ldcStartDate'] = '2026-11-24'), 'leukapheresis.plannedCollectionDate'],
  [
    'bridging-before-ldc',
    (i) => {
      (i['bridging']!['therapies'] as Record<string, unknown>[])[0]!['lastDoseDate'] = '2026-12-05';
    },
    'bridging.intervals.earliestLdcDate',
  ],
  ['same-ldc-start', (i) => (i['vaccination']!['lymphodepletionStartDate'] = '2026-12-07'), 'vaccination.lymphodepletionStartDate'],
  ['infusion-in-ldc-window', (i) => (i['lymphodepletion']!['ldcStartDate'] = '2026-12-10'), 'infusion.bags[0].infusionStart'],
  ['same-infusion-date', (i) => (i['follow-up'] = { infusionDate: '2026-12-15' }), 'follow-up.infusionDate'],
];

describe('each consistency check on both sides', () => {
  const ok = plan();
  it.each(broken)('%s', (check, mutate, field) => {
    expect(ok.value!.checks.find((c) => c.check === check)!.status).toBe('consistent');
    expect(rulesOf(ok)).toContain(`car-t-course-plan.${check}`);
    const input = clone();
    mutate(input);
    const r = plan(input);
    const c = r.value!.checks.find((x) => x.check === check)!;
    expect(c.status).toBe('inconsistent');
    expect(r.value!.consistent).toBe(false);
    expect(r.basis).toContainEqual(expect.objectContaining({ rule: `car-t-course-plan.${check}-failed`, field, yields: 'inconsistent' }));
    expect(r.summary).toContain(check);
  });
  it('a check without both sides is not made', () => {
    const input = clone();
    delete input['bridging'];
    const r = plan(input);
    expect(r.value!.checks.find((c) => c.check === 'bridging-before-ldc')!.status).toBe('not-checked');
  });
});
