import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DRUG_SAFETY_PROFILES, DRUG_SAFETY_REGIMENS, DRUG_SAFETY_THRESHOLDS as T } from '../../src/leukemia/drug-safety.js';
import type { DrugSafetyCheck, DrugSafetyStatus, DrugSafetyValue } from '../../src/leukemia/drug-safety.js';
import { expectInputError, q, rulesOf, run } from '../support.js';

const NAME = 'drug-safety';
const ds = (regimen: string, patient: Record<string, unknown> = {}, lang: 'en' | 'zh-TW' = 'en') => run<DrugSafetyValue>(NAME, { regimen, patient }, lang);
const statusOf = (v: DrugSafetyValue, check: DrugSafetyCheck): DrugSafetyStatus | undefined => v.checks.find((c) => c.check === check)?.status;

describe('drug-safety: side-effect summaries', () => {
  it.each(DRUG_SAFETY_REGIMENS.map((r) => [r]))('%s carries its structured side effects and summary rule', (regimen) => {
    const r = ds(regimen);
    expect(rulesOf(r)).toContain(`${NAME}.side-effects-${regimen}`);
    expect(r.value!.sideEffects.map((s) => s.effect)).toEqual(DRUG_SAFETY_PROFILES[regimen].sideEffects.map((s) => s.effect));
  });
  it('keeps the seed numbers', () => {
    const pcts = (regimen: (typeof DRUG_SAFETY_REGIMENS)[number]) => Object.fromEntries(ds(regimen).value!.sideEffects.map((s) => [s.effect, s.percent]));
    expect(pcts('seven-plus-three')['infection-or-sepsis']).toEqual([30, 50]);
    expect(pcts('venetoclax-azacitidine')).toMatchObject({ neutropenia: [42, 42], 'infection-grade-3-plus': [64, 64] });
    expect(pcts('blinatumomab')['neurotoxicity']).toEqual([20, 30]);
    expect(pcts('inotuzumab')['veno-occlusive-disease']).toEqual([11, 11]);
    expect(pcts('tisagenlecleucel')['cytokine-release-syndrome-grade-3-plus']).toEqual([47, 47]);
  });
  it('no data: every check is cannot-check, never ok', () => {
    for (const regimen of DRUG_SAFETY_REGIMENS) {
      const v = ds(regimen).value!;
      expect(v.checks.every((c) => c.status === 'cannot-check'), regimen).toBe(true);
      expect(v.overall).toBe('cannot-check');
    }
  });
});

describe('drug-safety: general contraindications (all regimens)', () => {
  it.each([
    ['infection', 'severeUncontrolledInfection', 'contraindicated'],
    ['pregnancy', 'pregnant', 'caution'],
    ['psychosis', 'activePsychosis', 'caution'],
    ['frailty', 'disablingFrailty', 'caution'],
  ] as const)('%s: true -> %s, false -> ok', (check, field, bad) => {
    for (const regimen of DRUG_SAFETY_REGIMENS) {
      expect(statusOf(ds(regimen, { [field]: true }).value!, check)).toBe(bad);
      expect(statusOf(ds(regimen, { [field]: false }).value!, check)).toBe('ok');
    }
  });
  it('active CNS bleeding: contraindicated with asparaginase chemotherapy, caution otherwise', () => {
    expect(statusOf(ds('all-chemotherapy', { activeCnsBleeding: true }).value!, 'cns-bleeding')).toBe('contraindicated');
    expect(statusOf(ds('seven-plus-three', { activeCnsBleeding: true }).value!, 'cns-bleeding')).toBe('caution');
    expect(statusOf(ds('blinatumomab', { activeCnsBleeding: false }).value!, 'cns-bleeding')).toBe('ok');
  });
});

describe('drug-safety: anthracycline and cardiac function', () => {
  const anthracycline = DRUG_SAFETY_REGIMENS.filter((r) => DRUG_SAFETY_PROFILES[r].anthracycline);
  it('applies to 7+3, midostaurin, CPX-351 and ALL chemotherapy only', () => {
    expect(anthracycline).toEqual(['seven-plus-three', 'midostaurin', 'cpx-351', 'all-chemotherapy']);
    expect(statusOf(ds('venetoclax-azacitidine', { severeCardiacDysfunction: true }).value!, 'cardiac')).toBeUndefined();
  });
  it.each(anthracycline.map((r) => [r]))('%s: severe dysfunction contraindicated; any LVEF goes to physician review; none ok', (regimen) => {
    expect(statusOf(ds(regimen, { severeCardiacDysfunction: true }).value!, 'cardiac')).toBe('contraindicated');
    for (const lvef of [20, 49, 50, 65]) {
      const r = ds(regimen, { lvef: q(lvef, '%') });
      expect(statusOf(r.value!, 'cardiac')).toBe('caution');
      expect(r.basis.find((b) => b.rule === `${NAME}.cardiac-lvef-review`)!.observed).toBe(lvef);
    }
    expect(statusOf(ds(regimen, { severeCardiacDysfunction: false }).value!, 'cardiac')).toBe('ok');
    expect(statusOf(ds(regimen).value!, 'cardiac')).toBe('cannot-check');
    expect(ds(regimen).warnings.map((w) => w.rule)).toContain(`${NAME}.anthracycline-cumulative-dose`);
  });
  it('LVEF needs a unit', () => {
    expectInputError(NAME, { regimen: 'seven-plus-three', patient: { lvef: 55 } }, 'patient.lvef', 'input.unit-required');
  });
});

describe('drug-safety: hepatic impairment', () => {
  it.each([['venetoclax-azacitidine'], ['all-chemotherapy'], ['inotuzumab']] as const)('%s: severe -> contraindicated', (regimen) => {
    expect(statusOf(ds(regimen, { severeHepaticImpairment: true }).value!, 'hepatic')).toBe('contraindicated');
    expect(statusOf(ds(regimen, { severeHepaticImpairment: false }).value!, 'hepatic')).toBe('ok');
  });
  it('not checked for regimens the seed does not tie to it', () => {
    expect(statusOf(ds('tisagenlecleucel', { severeHepaticImpairment: true }).value!, 'hepatic')).toBeUndefined();
  });
});

describe('drug-safety: venetoclax ramp-up and TLS monitoring', () => {
  it.each([
    [true, true, 'ok', 'ok'],
    [false, true, 'caution', 'ok'],
    [true, false, 'ok', 'caution'],
  ] as const)('ramp-up %s, inpatient %s', (rampUpPlanned, inpatientTlsMonitoring, ramp, tls) => {
    const v = ds('venetoclax-azacitidine', { rampUpPlanned, inpatientTlsMonitoring }).value!;
    expect(statusOf(v, 'ramp-up')).toBe(ramp);
    expect(statusOf(v, 'tls-monitoring')).toBe(tls);
  });
});

describe('drug-safety: inotuzumab VOD and washout', () => {
  it.each([
    ['2026-03-01', '2026-04-29', 59, 'caution'],
    ['2026-03-01', '2026-04-30', 60, 'ok'],
    ['2026-03-01', '2026-05-01', 61, 'ok'],
  ] as const)('last dose %s, HCT %s (%s days) -> %s', (lastInotuzumabDose, plannedHctDate, days, status) => {
    const r = ds('inotuzumab', { plannedAlloHct: true, lastInotuzumabDose, plannedHctDate });
    expect(statusOf(r.value!, 'vod')).toBe('caution');
    expect(statusOf(r.value!, 'washout')).toBe(status);
    expect(r.basis.find((b) => b.field === 'patient.plannedHctDate')!.observed).toBe(days);
    expect(T.inotuzumabWashoutBeforeHctDays).toBe(60);
  });
  it('no transplant: VOD ok and no washout check', () => {
    const v = ds('inotuzumab', { plannedAlloHct: false }).value!;
    expect(statusOf(v, 'vod')).toBe('ok');
    expect(statusOf(v, 'washout')).toBeUndefined();
  });
  it('transplant planned without dates: washout cannot be checked', () => {
    expect(statusOf(ds('inotuzumab', { plannedAlloHct: true }).value!, 'washout')).toBe('cannot-check');
  });
  it('refuses contradictions', () => {
    expectInputError(NAME, { regimen: 'inotuzumab', patient: { lastInotuzumabDose: '2026-03-01', plannedHctDate: '2026-02-01' } }, 'patient.plannedHctDate', `${NAME}.input.hct-before-dose`);
    expectInputError(NAME, { regimen: 'inotuzumab', patient: { plannedAlloHct: false, plannedHctDate: '2026-05-01' } }, 'patient.plannedAlloHct', `${NAME}.input.hct-contradiction`);
  });
});

describe('drug-safety: AML indications', () => {
  const aml = (regimen: string, extra: Record<string, unknown>) => ds(regimen, { lineage: 'myeloid', ...extra }).value!;
  it.each([
    [19.9, [], 'contraindicated'],
    [20, [], 'ok'],
    [9.9, ['npm1-mutation'], 'contraindicated'],
    [10, ['npm1-mutation'], 'ok'],
  ] as const)('blasts %s%% with %j -> %s', (blasts, genetics, status) => {
    expect(statusOf(aml('seven-plus-three', { marrowBlastPercent: q(blasts, '%'), amlDefiningGenetics: genetics }), 'aml-diagnosis')).toBe(status);
  });
  it('lymphoid blasts on an AML regimen are contraindicated', () => {
    expect(statusOf(ds('cpx-351', { lineage: 'b-lymphoid', marrowBlastPercent: q(50, '%') }).value!, 'aml-diagnosis')).toBe('contraindicated');
  });
  it('fitness: intensive regimens for fit, venetoclax + azacitidine for unfit', () => {
    expect(statusOf(aml('seven-plus-three', { fitness: 'fit' }), 'fitness')).toBe('ok');
    expect(statusOf(aml('seven-plus-three', { fitness: 'unfit' }), 'fitness')).toBe('caution');
    expect(statusOf(aml('venetoclax-azacitidine', { fitness: 'unfit' }), 'fitness')).toBe('ok');
    expect(statusOf(aml('venetoclax-azacitidine', { fitness: 'fit' }), 'fitness')).toBe('caution');
  });
  it('midostaurin needs FLT3; QT prolongation is a caution', () => {
    expect(statusOf(aml('midostaurin', { flt3Mutated: true }), 'flt3')).toBe('ok');
    expect(statusOf(aml('midostaurin', { flt3Mutated: false }), 'flt3')).toBe('contraindicated');
    expect(statusOf(aml('midostaurin', { qtProlongation: true }), 'qt')).toBe('caution');
    expect(statusOf(aml('midostaurin', { qtProlongation: false }), 'qt')).toBe('ok');
  });
  it('CPX-351 setting: therapy-related or myelodysplasia-related', () => {
    expect(statusOf(aml('cpx-351', { amlSubtype: 'therapy-related' }), 'cpx-subtype')).toBe('ok');
    expect(statusOf(aml('cpx-351', { amlSubtype: 'myelodysplasia-related' }), 'cpx-subtype')).toBe('ok');
    expect(statusOf(aml('cpx-351', { amlSubtype: 'other' }), 'cpx-subtype')).toBe('caution');
  });
});

describe('drug-safety: ALL indications', () => {
  it.each([
    [19.9, 'contraindicated'],
    [20, 'ok'],
  ] as const)('lymphoblasts %s%% -> %s', (blasts, status) => {
    expect(statusOf(ds('all-chemotherapy', { lineage: 'b-lymphoid', marrowBlastPercent: q(blasts, '%') }).value!, 'all-diagnosis')).toBe(status);
  });
  it('myeloid blasts on an ALL regimen are contraindicated', () => {
    expect(statusOf(ds('blinatumomab', { lineage: 'myeloid' }).value!, 'all-diagnosis')).toBe('contraindicated');
  });
  it('TKI needs BCR::ABL1 evidence', () => {
    expect(statusOf(ds('tki', { bcrAbl1Detected: true }).value!, 'bcr-abl1')).toBe('ok');
    expect(statusOf(ds('tki', { bcrAbl1Detected: false }).value!, 'bcr-abl1')).toBe('contraindicated');
  });
  it.each([['blinatumomab'], ['inotuzumab'], ['tisagenlecleucel']] as const)('%s: T-ALL contraindicated, B-ALL ok', (regimen) => {
    expect(statusOf(ds(regimen, { lineage: 't-lymphoid' }).value!, 'b-lineage')).toBe('contraindicated');
    expect(statusOf(ds(regimen, { lineage: 'b-lymphoid' }).value!, 'b-lineage')).toBe('ok');
  });
  it.each([
    [25, 'ok'],
    [26, 'caution'],
  ] as const)('tisagenlecleucel at age %s -> %s (ELIANA up to 25)', (ageYears, status) => {
    expect(statusOf(ds('tisagenlecleucel', { ageYears }).value!, 'eliana-age')).toBe(status);
  });
});

describe('drug-safety: overall', () => {
  const rank: Record<DrugSafetyStatus, number> = { ok: 0, 'cannot-check': 1, caution: 2, contraindicated: 3 };
  it('overall is the worst check', () => {
    expect(ds('seven-plus-three', { severeUncontrolledInfection: true, pregnant: true }).value!.overall).toBe('contraindicated');
    expect(ds('tisagenlecleucel', { pregnant: true }).value!.overall).toBe('caution');
  });
  it('property: adding a finding never improves the overall status', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DRUG_SAFETY_REGIMENS), fc.constantFrom('severeUncontrolledInfection', 'pregnant', 'activePsychosis', 'disablingFrailty', 'activeCnsBleeding', 'severeCardiacDysfunction', 'severeHepaticImpairment'), (regimen, field) => {
        const base = { severeUncontrolledInfection: false, pregnant: false, activePsychosis: false, disablingFrailty: false, activeCnsBleeding: false, severeCardiacDysfunction: false, severeHepaticImpairment: false };
        const before = ds(regimen, base).value!.overall;
        const after = ds(regimen, { ...base, [field]: true }).value!.overall;
        return rank[after] >= rank[before];
      }),
      { numRuns: 60 },
    );
  });
  it('renders in both languages without falling back to rule ids', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      for (const regimen of DRUG_SAFETY_REGIMENS) {
        const r = ds(regimen, { lineage: 't-lymphoid', marrowBlastPercent: q(30, '%'), lvef: q(45, '%'), ageYears: 30, plannedAlloHct: true, fitness: 'unfit' }, lang);
        for (const t of [...r.basis, ...r.warnings]) expect(t.text).not.toBe(t.rule);
      }
    }
  });
});
