/**
 * Both sides of the thresholds, and the table rows, of IEC-HS (handbook §3.1.4 Tables 9 and 10, §3.1.5 Figure 8; Hines 2023):
 * only the threshold sides and rows that iec-hs.test.ts does not already exercise.
 */
import { describe, expect, it } from 'vitest';
import { IEC_HS_THRESHOLDS, type IecHsValue } from '../../src/toxicity/iec-hs.js';
import { actionRules, q, rulesOf, run } from '../support.js';
import { IEC_HS_BASE } from './fixtures.js';

type Input = Record<string, unknown>;

const base: Input = IEC_HS_BASE;
/** Every common manifestation assessed and absent. */
const noCommon: Input = { ...base, cytopenia: false };

function iec(input: Input) {
  return run<IecHsValue>('iec-hs', input);
}
function basisEntry(input: Input, rule: string) {
  return iec(input).basis.find((b) => b.rule === `iec-hs.${rule}`);
}
function warningRules(input: Input): string[] {
  return iec(input).warnings.map((w) => w.rule);
}

describe('Table 9 transaminases (§3.1.4): the sides iec-hs.test.ts leaves open', () => {
  it.each([
    [200, 0, 'transaminase-not-elevated', '<='],
    [201, 1, 'transaminase-above-5x-uln', '>'],
  ])('ALT with a normal baseline (ULN 40): %d U/L -> %d, %s', (alt, count, rule, comparator) => {
    const r = iec({ ...noCommon, alt: q(alt, 'U/L') });
    expect(r.value?.commonManifestations).toBe(count);
    expect(r.basis.find((b) => b.field === 'alt')).toMatchObject({ rule: `iec-hs.${rule}`, observed: alt, threshold: { comparator, value: 200, unit: 'U/L' } });
  });
  it.each([
    [300, 0, 'transaminase-not-elevated', '<='],
    [301, 1, 'transaminase-above-5x-baseline', '>'],
  ])('AST with an abnormal baseline 60 (ULN 40): %d U/L -> %d, %s', (ast, count, rule, comparator) => {
    const r = iec({ ...noCommon, ast: q(ast, 'U/L'), astBaseline: q(60, 'U/L') });
    expect(r.value?.commonManifestations).toBe(count);
    expect(r.basis.find((b) => b.field === 'ast')).toMatchObject({ rule: `iec-hs.${rule}`, threshold: { comparator, value: 300 } });
  });
  it.each([
    [205, 0],
    [206, 1],
  ])('a baseline one unit above the ULN (41) is abnormal, threshold 5 x 41 = 205: AST %d -> %d', (ast, count) => {
    const r = iec({ ...noCommon, ast: q(ast, 'U/L'), astBaseline: q(41, 'U/L') });
    expect(r.value?.commonManifestations).toBe(count);
    expect(r.basis.find((b) => b.field === 'ast')).toMatchObject({
      rule: count ? 'iec-hs.transaminase-above-5x-baseline' : 'iec-hs.transaminase-not-elevated',
      threshold: { value: 205 },
    });
  });
  it('baseline missing, exactly 5 x ULN (200): absent on either reading, no warning', () => {
    const r = iec({ ...noCommon, ast: q(200, 'U/L'), astBaseline: undefined });
    expect(r.value?.commonManifestations).toBe(0);
    expect(r.basis.find((b) => b.field === 'ast')).toMatchObject({ rule: 'iec-hs.transaminase-not-elevated', threshold: { comparator: '<=', value: 200 } });
    expect(r.warnings.map((w) => w.rule)).not.toContain('iec-hs.transaminase-baseline-missing');
  });
  it('baseline missing, one above 5 x ULN (201): not counted, the baseline is asked for', () => {
    const r = iec({ ...base, ast: q(201, 'U/L'), astBaseline: undefined });
    expect(r.value?.commonManifestations).toBe(1); // cytopenia only
    expect(r.basis.find((b) => b.field === 'ast')).toBeUndefined();
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'iec-hs.transaminase-baseline-missing', field: 'astBaseline' }));
  });
  it('ULN missing: the transaminase is not judged, the ULN is asked for', () => {
    const r = iec({ ...base, ast: q(900, 'U/L'), astUln: undefined });
    expect(r.value?.commonManifestations).toBe(1); // cytopenia only
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'iec-hs.transaminase-uln-missing', field: 'astUln' }));
  });
});

describe('Table 9 other possible manifestations (§3.1.4): the absent side of each yes/no row', () => {
  it.each([
    ['otherCoagulopathy', 'other-coagulopathy'],
    ['directHyperbilirubinemia', 'direct-hyperbilirubinemia'],
    ['newSplenomegaly', 'new-splenomegaly'],
    ['fever', 'fever'],
    ['neurotoxicity', 'neurotoxicity'],
    ['pulmonaryManifestations', 'pulmonary-manifestations'],
    ['newRenalInsufficiency', 'renal-insufficiency'],
  ])('%s = false is not reported', (field, rule) => {
    const r = iec({ ...base, [field]: false });
    expect(rulesOf(r)).not.toContain(`iec-hs.${rule}`);
    expect(r.value).toMatchObject({ criteriaMet: true, commonManifestations: 1 });
  });
  it('LDH above the ULN states the laboratory ULN as its threshold', () => {
    expect(basisEntry({ ...base, ldh: q(251, 'U/L'), ldhUln: q(250, 'U/L') }, 'ldh-above-uln')).toMatchObject({
      observed: 251,
      threshold: { comparator: '>', value: 250, unit: 'U/L' },
    });
  });
  it('fasting triglycerides 266 mg/dL states the 265 threshold', () => {
    expect(basisEntry({ ...base, triglyceridesFasting: q(266, 'mg/dL') }, 'triglycerides-above-265')).toMatchObject({
      observed: 266,
      threshold: { comparator: '>', value: IEC_HS_THRESHOLDS.triglyceridesFastingMgPerDl, unit: 'mg/dL' },
    });
  });
});

describe('Table 10 minimum grades (§3.1.4): the side where the floor does not apply', () => {
  it.each([
    ['life-threatening', 'intubated', 4, 'grade-min-intubation'],
    ['death', 'intubated', 5, 'grade-min-intubation'],
    ['life-threatening', 'dialysis', 4, 'grade-min-dialysis'],
    ['death', 'dialysis', 5, 'grade-min-dialysis'],
  ])('%s with %s: grade %d, the floor rule is not cited', (severity, field, grade, rule) => {
    const r = iec({ ...base, severity, [field]: true });
    expect(r.value?.grade).toBe(grade);
    expect(rulesOf(r)).not.toContain(`iec-hs.${rule}`);
  });
  it('severe with intubation: raised to grade 4 from grade 3', () => {
    const r = iec({ ...base, severity: 'severe', intubated: true });
    expect(r.value?.grade).toBe(4);
    expect(basisEntry({ ...base, severity: 'severe', intubated: true }, 'grade-min-intubation')).toMatchObject({ yields: 4 });
  });
  it('mild and no line started: grade 1, the immunosuppression floor is not cited', () => {
    const r = iec({ ...base, severity: 'asymptomatic-or-mild' });
    expect(r.value?.grade).toBe(1);
    expect(rulesOf(r)).not.toContain('iec-hs.grade-min-immunosuppression');
  });
  it('needs intervention on line 1: grade 2 already, the floor is not cited', () => {
    const r = iec({ ...base, treatmentLine: 1, hoursOnCurrentLine: 10, response: 'improving' });
    expect(r.value?.grade).toBe(2);
    expect(rulesOf(r)).not.toContain('iec-hs.grade-min-immunosuppression');
  });
  it('line 1 start with the grade not assessed (severity missing): offered, not ordered', () => {
    expect(iec({ ...base, severity: undefined }).actions.find((a) => a.rule === 'iec-hs.iec-anakinra-line1')?.status).toBe('consider');
  });
});

describe('Figure 8 (§3.1.5): the 48 h evaluation on the paths iec-hs.test.ts does not cross', () => {
  const onLine = (input: Input, treatmentLine: number, hoursOnCurrentLine: number, response: string, extra: Input = {}) => ({
    ...input,
    treatmentLine,
    hoursOnCurrentLine,
    response,
    ...extra,
  });
  const crsMas: Input = { ...base, crsCourse: 'active' };
  it('IEC-HS line 2 with rising ferritin at 47.9 h: stay on line 2 until the evaluation period ends', () => {
    const input = onLine(base, 2, 47.9, 'no-improvement', { ferritinTrend: 'rising' });
    const r = iec(input);
    expect(basisEntry(input, 'await-evaluation')).toMatchObject({ observed: 47.9, threshold: { comparator: '<', value: 48, unit: 'h' }, yields: 2 });
    expect(actionRules(r)).toContain('iec-hs.iec-anakinra-line2');
    expect(actionRules(r)).not.toContain('iec-hs.iec-etoposide');
  });
  it('IEC-HS line 2 escalation at 48 h cites the evaluation threshold', () => {
    expect(basisEntry(onLine(base, 2, 48, 'no-improvement', { ferritinTrend: 'rising' }), 'escalate-after-evaluation')).toMatchObject({
      observed: 48,
      threshold: { comparator: '>=', value: 48, unit: 'h' },
      yields: 3,
    });
  });
  it.each([
    [47.9, 'crs-mas-dexamethasone', 'await-evaluation'],
    [48, 'crs-mas-methylprednisolone-pulse', 'escalate-after-evaluation'],
  ])('CRS/MAS line 1 without improvement at %d h -> %s', (hours, drugRule, rule) => {
    const r = iec(onLine(crsMas, 1, hours, 'no-improvement'));
    expect(r.value?.branch).toBe('CRS/MAS');
    expect(actionRules(r)).toContain(`iec-hs.${drugRule}`);
    expect(rulesOf(r)).toContain(`iec-hs.${rule}`);
  });
  it.each([
    [47.9, 'crs-mas-anakinra-line2'],
    [48, 'crs-mas-etoposide'],
  ])('CRS/MAS line 2 with rising ferritin at %d h -> %s', (hours, drugRule) => {
    expect(actionRules(iec(onLine(crsMas, 2, hours, 'no-improvement', { ferritinTrend: 'rising' })))).toContain(`iec-hs.${drugRule}`);
  });
  it('CRS/MAS line 1 orders carry the CRS/MAS line-2 trigger at 48 h', () => {
    const a = iec(crsMas).actions.find((x) => x.rule === 'iec-hs.crs-mas-anakinra-line1');
    expect(a?.escalation?.[0]).toMatchObject({ after: 'PT48H', rule: 'iec-hs.crs-mas-line2-trigger' });
  });
  it('IEC-HS line 3 with rising ferritin after 48 h: no further line, line 3 continues', () => {
    const r = iec(onLine(base, 3, 72, 'no-improvement', { ferritinTrend: 'rising' }));
    expect(r.warnings.map((w) => w.rule)).toContain('iec-hs.no-further-line');
    expect(actionRules(r)).toEqual(expect.arrayContaining(['iec-hs.iec-emapalumab', 'iec-hs.iec-etoposide']));
  });
});

describe('Supportive care (§3.1.4): both sides when bleeding status is unknown', () => {
  const fires = (extra: Input, rule: string) => actionRules(iec({ ...base, ...extra })).includes(`iec-hs.${rule}`);
  it.each([
    [49_999, true],
    [50_000, false],
  ])('platelets %d/uL, bleeding unknown -> bleeding status asked %s, no transfusion ordered', (plt, asked) => {
    const input = { ...base, platelets: q(plt, '/uL') };
    expect(warningRules(input).includes('iec-hs.bleeding-status-missing')).toBe(asked);
    expect(fires({ platelets: q(plt, '/uL') }, 'transfuse-platelets')).toBe(false);
  });
  it.each([
    [100, true, false],
    [101, false, true],
    [150, false, true],
    [151, false, false],
  ])('fibrinogen %d mg/dL, bleeding unknown -> replace %s, bleeding status asked %s', (fib, replace, asked) => {
    const input = { ...base, fibrinogen: q(fib, 'mg/dL') };
    expect(fires({ fibrinogen: q(fib, 'mg/dL') }, 'replace-fibrinogen')).toBe(replace);
    expect(warningRules(input).includes('iec-hs.bleeding-status-missing')).toBe(asked);
  });
  it('hemoglobin at 7.0 g/dL cites the 7 g/dL target as its threshold', () => {
    expect(basisEntry({ ...base, hemoglobin: q(7, 'g/dL') }, 'hemoglobin-at-or-below-7')).toMatchObject({
      observed: 7,
      threshold: { comparator: '<=', value: 7, unit: 'g/dL' },
    });
  });
});
