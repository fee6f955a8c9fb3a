import { describe, expect, it } from 'vitest';
import { findRule } from '../../src/explain/rules.js';
import { getInstrument } from '../../src/instruments/registry.js';
import {
  CAR_T_COURSE,
  CAR_T_COURSE_ROLES,
  CAR_T_COURSE_STEP_IDS,
  CarTCourseDefinition,
  type CarTCourseValue,
} from '../../src/journey/course.js';
import { CAR_T_COURSE_PLAN_STEP_OF, CAR_T_COURSE_PLAN_STEPS } from '../../src/journey/course-plan.js';
import '../../src/index.js';
import { expectInputError, run } from '../support.js';

const steps = CAR_T_COURSE.steps;

describe('the course definition', () => {
  it('loads through its own schema (JSON round trip)', () => {
    expect(CarTCourseDefinition.parse(JSON.parse(JSON.stringify(CAR_T_COURSE)))).toEqual(CAR_T_COURSE);
  });
  it('lists the steps in course order, as a chain', () => {
    expect(steps.map((s) => s.id)).toEqual([...CAR_T_COURSE_STEP_IDS]);
    steps.forEach((s, i) => {
      expect(s.order).toBe(i + 1);
      expect(s.next).toBe(i + 1 < steps.length ? steps[i + 1]!.id : null);
    });
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
  });
  it('a broken chain is refused by the schema', () => {
    const swapped = structuredClone(CAR_T_COURSE) as { steps: { next: string | null }[] };
    swapped.steps[2]!.next = 'manufacturing';
    expect(CarTCourseDefinition.safeParse(swapped).success).toBe(false);
  });
  it.each(steps.map((s) => [s.id, s] as const))('%s names an existing planner or null, a role and a citation', (_id, s) => {
    if (s.gate === null) expect(s.completedBy).not.toBeNull();
    else expect(getInstrument(s.gate), s.gate).toBeDefined();
    for (const name of s.related) expect(getInstrument(name), name).toBeDefined();
    expect(CAR_T_COURSE_ROLES).toContain(s.owner);
    expect(findRule(s.rule)).toBeDefined();
    expect(s.sources.seed.length).toBeGreaterThan(0);
    for (const d of s.deadlines) {
      const rule = findRule(d.rule)!;
      expect(rule, d.rule).toBeDefined();
      expect(d.sources).toEqual(rule.sources);
      expect(d.sources.seed[0]!.section).toMatch(/^§/);
    }
  });
  it('manufacturing, referral and discharge have no planner and say what completes them', () => {
    const byId = Object.fromEntries(steps.map((s) => [s.id, s]));
    expect(byId['manufacturing']).toMatchObject({ gate: null, completedBy: 'manufacturer-release-confirmed', owner: 'physician' });
    expect(byId['discharge']).toMatchObject({ gate: null, completedBy: 'physician-discharge-decision' });
    expect(byId['referral']).toMatchObject({ gate: null, owner: 'case-manager' });
  });
  it('states the handbook deadlines with their numbers', () => {
    const all = steps.flatMap((s) => s.deadlines.map((d) => [d.rule.replace('car-t-course.', ''), d] as const));
    const by = Object.fromEntries(all);
    expect(by['cryopreserve-within']).toMatchObject({ anchor: 'collection-end', relation: 'within', max: 'PT24H' });
    expect(by['cold-storage-within']).toMatchObject({ max: 'PT4H' });
    expect(by['infusion-after-ldc']).toMatchObject({ anchor: 'ldc-end', min: 'P2D', max: 'P14D', diseases: ['B-ALL', 'LBCL'] });
    expect(by['infusion-after-ldc-fl']).toMatchObject({ min: 'P2D', max: 'P6D', diseases: ['FL'] });
    expect(by['ldc-valid']).toMatchObject({ max: 'P28D' });
    expect(by['vitals-during-infusion']).toMatchObject({ anchor: 'infusion-start', relation: 'every', every: 'PT15M' });
    expect(by['vitals-after-infusion']).toMatchObject({ every: 'PT30M', min: 'PT1H', max: 'PT2H' });
    expect(by['infusion-within-thaw']).toMatchObject({ anchor: 'thaw-start', min: 'PT20M', max: 'PT30M' });
    expect(by['follow-up-visits']).toMatchObject({ min: 'P100D', max: 'P15Y' });
  });
  it('every planner of the whole-patient plan belongs to a course step that gates it or uses it', () => {
    for (const name of CAR_T_COURSE_PLAN_STEPS) {
      const s = steps.find((x) => x.id === CAR_T_COURSE_PLAN_STEP_OF[name])!;
      expect(s.gate === name || s.related.includes(name), name).toBe(true);
    }
    const order = CAR_T_COURSE_PLAN_STEPS.map((n) => CAR_T_COURSE_STEP_IDS.indexOf(CAR_T_COURSE_PLAN_STEP_OF[n]));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe("the 'car-t-course' planner", () => {
  const windows = (disease?: string) => {
    const r = run<CarTCourseValue>('car-t-course', disease === undefined ? {} : { disease });
    const ldc = r.value!.steps.find((s) => s.id === 'lymphodepletion')!;
    return { r, rules: ldc.deadlines.map((d) => d.rule) };
  };
  it.each([
    ['B-ALL', 'car-t-course.infusion-after-ldc'],
    ['LBCL', 'car-t-course.infusion-after-ldc'],
    ['FL', 'car-t-course.infusion-after-ldc-fl'],
  ])('%s: the LDC-to-infusion window is %s only', (disease, rule) => {
    const { r, rules } = windows(disease);
    expect(rules.filter((x) => x.startsWith('car-t-course.infusion-after-ldc'))).toEqual([rule]);
    expect(r.warnings).toEqual([]);
    expect(r.value!.disease).toBe(disease);
  });
  it('no disease: both windows, with a warning', () => {
    const { r, rules } = windows();
    expect(rules).toEqual(expect.arrayContaining(['car-t-course.infusion-after-ldc', 'car-t-course.infusion-after-ldc-fl']));
    expect(r.warnings.map((w) => w.rule)).toEqual(['car-t-course.disease-not-given']);
  });
  it('renders every step with owner, gate and deadlines, with citations, in both languages', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const r = run<CarTCourseValue>('car-t-course', { disease: 'B-ALL' }, lang);
      expect(r.value!.steps.map((s) => [s.id, s.owner, s.gate])).toContainEqual(['thaw-and-infusion', 'nurse', 'infusion']);
      expect(r.basis.length).toBeGreaterThan(steps.length);
      for (const b of r.basis) {
        expect(b.text).not.toBe(b.rule);
        expect(b.citations.length).toBeGreaterThan(1);
      }
      expect(r.summary).not.toMatch(/summary/);
    }
  });
  it('refuses an unknown disease', () => {
    expectInputError('car-t-course', { disease: 'AML' }, 'disease', 'input.invalid-value');
  });
});
