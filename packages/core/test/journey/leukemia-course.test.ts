import { describe, expect, it } from 'vitest';
import { findRule } from '../../src/explain/rules.js';
import { SEEDS } from '../../src/explain/sources.js';
import { getInstrument } from '../../src/instruments/registry.js';
import {
  LEUKEMIA_COURSE,
  LEUKEMIA_COURSE_DISEASES,
  LEUKEMIA_COURSE_ROLES,
  LEUKEMIA_COURSE_STEP_IDS,
  LeukemiaCourseDefinition,
  type LeukemiaCourseValue,
} from '../../src/journey/leukemia-course.js';
import '../../src/index.js';
import { expectInputError, run } from '../support.js';

const steps = LEUKEMIA_COURSE.steps;
const byId = Object.fromEntries(steps.map((s) => [s.id, s]));

describe('the leukemia course definition', () => {
  it('loads through its own schema (JSON round trip)', () => {
    expect(LeukemiaCourseDefinition.parse(JSON.parse(JSON.stringify(LEUKEMIA_COURSE)))).toEqual(LEUKEMIA_COURSE);
  });
  it('lists the steps of seed 000 in order, as a chain', () => {
    expect(steps.map((s) => s.id)).toEqual([...LEUKEMIA_COURSE_STEP_IDS]);
    steps.forEach((s, i) => {
      expect(s.order).toBe(i + 1);
      expect(s.next).toBe(i + 1 < steps.length ? steps[i + 1]!.id : null);
    });
  });
  it('a broken chain is refused by the schema', () => {
    const swapped = structuredClone(LEUKEMIA_COURSE) as { steps: { next: string | null }[] };
    swapped.steps[1]!.next = 'consolidation';
    expect(LeukemiaCourseDefinition.safeParse(swapped).success).toBe(false);
  });
  it.each(steps.map((s) => [s.id, s] as const))('%s names existing planners per disease, a role and seed citations', (_id, s) => {
    for (const disease of LEUKEMIA_COURSE_DISEASES) {
      const gate = s.gate[disease];
      if (gate === null) expect(s.completedBy).not.toBeNull();
      else expect(getInstrument(gate), gate).toBeDefined();
      for (const name of s.related[disease]) expect(getInstrument(name), name).toBeDefined();
    }
    expect(LEUKEMIA_COURSE_ROLES).toContain(s.owner);
    const rule = findRule(s.rule)!;
    expect(rule).toBeDefined();
    expect(rule.sources.seed.every((x) => x.seed === 'amlAll' || x.seed === 'mrdAll')).toBe(true);
    for (const d of s.deadlines) expect(d.sources).toEqual(findRule(d.rule)!.sources);
  });
  it('risk classification uses ELN 2022 for AML and the ALL pathway for ALL; MRD gates the response assessment', () => {
    expect(byId['diagnosis-workup']!.gate).toEqual({ AML: 'leukemia-workup', ALL: 'leukemia-workup' });
    expect(byId['risk-classification']!.gate).toEqual({ AML: 'eln2022', ALL: 'all-pathway' });
    expect(byId['response-assessment']!.gate).toEqual({ AML: 'mrd', ALL: 'mrd' });
    expect(byId['transplant-decision']).toMatchObject({ critical: true, owner: 'physician' });
    expect(steps.filter((s) => s.critical).map((s) => s.id)).toEqual(['transplant-decision']);
  });
  it('cites seed 001 for the MRD milestone and immunotherapy consolidation', () => {
    const seeds = (id: string) => findRule(byId[id]!.rule)!.sources.seed.map((x) => x.seed);
    expect(seeds('response-assessment')).toContain('mrdAll');
    expect(seeds('consolidation')).toContain('mrdAll');
    expect(Object.keys(SEEDS)).toContain('mrdAll');
  });
  it('states the seed deadlines with their numbers', () => {
    const by = Object.fromEntries(steps.flatMap((s) => s.deadlines.map((d) => [d.rule.replace('leukemia-course.', ''), d] as const)));
    expect(by['team-decision-within']).toMatchObject({ anchor: 'diagnosis-confirmed', relation: 'within', max: 'P3D' });
    expect(by['workup-results-within']).toMatchObject({ anchor: 'workup-sent', relation: 'within', max: 'P7D' });
    expect(by['induction-weeks']).toMatchObject({ anchor: 'induction-start', relation: 'after', min: 'P4W', max: 'P6W', diseases: null });
    expect(by['maintenance-years']).toMatchObject({ anchor: 'maintenance-start', min: 'P2Y', max: 'P3Y', diseases: ['ALL'] });
  });
});

describe("the 'leukemia-course' planner", () => {
  it.each([
    ['AML', false],
    ['ALL', true],
  ] as const)('%s: maintenance deadline shown: %s', (disease, shown) => {
    const r = run<LeukemiaCourseValue>('leukemia-course', { disease });
    const followUp = r.value!.steps.find((s) => s.id === 'follow-up')!;
    expect(followUp.deadlines.some((d) => d.rule === 'leukemia-course.maintenance-years')).toBe(shown);
    expect(r.warnings).toEqual([]);
  });
  it('no disease: both paths, with a warning', () => {
    const r = run<LeukemiaCourseValue>('leukemia-course', {});
    expect(r.value!.disease).toBeNull();
    expect(r.warnings.map((w) => w.rule)).toEqual(['leukemia-course.disease-not-given']);
  });
  it('renders in both languages with citations', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const r = run<LeukemiaCourseValue>('leukemia-course', { disease: 'AML' }, lang);
      for (const b of r.basis) {
        expect(b.text).not.toBe(b.rule);
        expect(b.citations.length).toBeGreaterThan(1);
      }
      expect(r.summary).not.toMatch(/summary/);
    }
  });
  it('refuses a CAR-T disease', () => {
    expectInputError('leukemia-course', { disease: 'LBCL' }, 'disease', 'input.invalid-value');
  });
});
