import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../src/toxicity/crs.js';
import { checkTocilizumabLimits, TOCILIZUMAB } from '../../src/toxicity/tocilizumab.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

type Grade = { grade: number };

const base = {
  temperature: q(38.5, 'Cel'),
  antipyreticOrAnticytokineGiven: false,
  hypotension: false,
  vasopressors: [] as string[],
  oxygen: { device: 'none' },
};

function grade(input: Record<string, unknown>): number | null {
  return run<Grade>('crs', { ...base, ...input }).value?.grade ?? null;
}

describe('CRS grade: every cell of handbook Table 7 (ASTCT, Lee 2019)', () => {
  it.each([
    ['grade 1: fever, no hypotension, no hypoxia', {}, 1],
    ['grade 2: hypotension not requiring vasopressors', { hypotension: true }, 2],
    ['grade 2: low-flow nasal cannula 4 L/min', { oxygen: { device: 'nasal-cannula', flow: q(4, 'L/min') } }, 2],
    ['grade 2: blow-by oxygen', { oxygen: { device: 'blow-by' } }, 2],
    ['grade 3: one vasopressor', { hypotension: true, vasopressors: ['norepinephrine'] }, 3],
    ['grade 3: one vasopressor with vasopressin', { hypotension: true, vasopressors: ['norepinephrine', 'vasopressin'] }, 3],
    ['grade 3: vasopressin alone', { hypotension: true, vasopressors: ['vasopressin'] }, 3],
    ['grade 3: nasal cannula above 6 L/min', { oxygen: { device: 'nasal-cannula', flow: q(8, 'L/min') } }, 3],
    ['grade 3: high-flow nasal cannula', { oxygen: { device: 'high-flow-nasal-cannula', flow: q(40, 'L/min') } }, 3],
    ['grade 3: face mask', { oxygen: { device: 'face-mask' } }, 3],
    ['grade 3: non-rebreather mask', { oxygen: { device: 'non-rebreather' } }, 3],
    ['grade 3: Venturi mask', { oxygen: { device: 'venturi' } }, 3],
    ['grade 4: multiple vasopressors (not vasopressin)', { hypotension: true, vasopressors: ['norepinephrine', 'epinephrine'] }, 4],
    ['grade 4: multiple vasopressors plus vasopressin', { hypotension: true, vasopressors: ['norepinephrine', 'phenylephrine', 'vasopressin'] }, 4],
    ['grade 4: CPAP', { oxygen: { device: 'cpap' } }, 4],
    ['grade 4: BiPAP', { oxygen: { device: 'bipap' } }, 4],
    ['grade 4: intubation and mechanical ventilation', { oxygen: { device: 'mechanical-ventilation' } }, 4],
    ['footnote †: one vasopressor and low-flow oxygen is grade 3', { hypotension: true, vasopressors: ['dopamine'], oxygen: { device: 'nasal-cannula', flow: q(2, 'L/min') } }, 3],
    ['worse of the two decides: fluids-only hypotension with CPAP is grade 4', { hypotension: true, oxygen: { device: 'cpap' } }, 4],
  ])('%s', (_label, input, expected) => {
    expect(grade(input)).toBe(expected);
  });
});

describe('CRS thresholds on both sides', () => {
  it('fever starts at 38.0 °C', () => {
    expect(grade({ temperature: q(37.9, 'Cel') })).toBe(0);
    expect(grade({ temperature: q(38.0, 'Cel') })).toBe(1);
    expect(grade({ temperature: q(38.1, 'Cel') })).toBe(1);
  });
  it('converts Fahrenheit through UCUM: 100.4 °F is 38 °C', () => {
    expect(grade({ temperature: q(100.4, '[degF]') })).toBe(1);
    expect(grade({ temperature: q(100.2, '[degF]') })).toBe(0);
  });
  it('low flow is at most 6 L/min, high flow above', () => {
    const flow = (v: number) => grade({ oxygen: { device: 'nasal-cannula', flow: q(v, 'L/min') } });
    expect(flow(6)).toBe(2);
    expect(flow(6.1)).toBe(3);
    expect(flow(5.9)).toBe(2);
  });
  it('one vasopressor besides vasopressin is grade 3, two are grade 4', () => {
    expect(grade({ hypotension: true, vasopressors: ['epinephrine', 'vasopressin'] })).toBe(3);
    expect(grade({ hypotension: true, vasopressors: ['epinephrine', 'dopamine'] })).toBe(4);
  });
});

describe('CRS footnotes', () => {
  it('fever explained by another cause is not CRS fever', () => {
    const r = run<Grade>('crs', { ...base, temperature: q(39, 'Cel'), feverAttributedToOtherCause: true });
    expect(r.value?.grade).toBe(0);
    expect(rulesOf(r)).toContain('crs.fever-other-cause');
  });
  it('after antipyretics or anti-cytokine therapy, hypotension and hypoxia grade without fever', () => {
    const r = run<Grade>('crs', { ...base, temperature: q(36.8, 'Cel'), antipyreticOrAnticytokineGiven: true, oxygen: { device: 'face-mask' } });
    expect(r.value?.grade).toBe(3);
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['crs.fever-masked', 'crs.oxygen-mask', 'crs.worst-domain']));
  });
  it('masked fever with no hypotension and no hypoxia is grade 1', () => {
    expect(grade({ temperature: undefined, antipyreticOrAnticytokineGiven: true })).toBe(1);
  });
  it('hypotension without fever is not CRS and says so', () => {
    const r = run<Grade>('crs', { ...base, temperature: q(37, 'Cel'), hypotension: true });
    expect(r.value?.grade).toBe(0);
    expect(r.warnings.map((w) => w.rule)).toContain('crs.hypotension-hypoxia-without-fever');
  });
  it('organ toxicity is graded separately (CTCAE)', () => {
    expect(run('crs', base).warnings.map((w) => w.rule)).toContain('crs.organ-toxicity-separate');
  });
});

describe('CRS missing and contradictory input', () => {
  it('missing temperature without antipyretics is "cannot assess", never grade 0', () => {
    const r = run('crs', { ...base, temperature: undefined });
    expect(r.status).toBe('cannot-assess');
    expect(r.value).toBeNull();
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'crs.temperature-missing', field: 'temperature' }));
  });
  it.each([
    ['a bare number has no unit', { temperature: 38.5 }, 'temperature', 'input.unit-required'],
    ['a unit of another kind', { temperature: q(38.5, 'mg') }, 'temperature.unit', 'input.unit-not-convertible'],
    ['a unit named like an object property', { temperature: q(38.5, 'constructor') }, 'temperature.unit', 'input.unit-not-convertible'],
    ['a unit with white space', { temperature: q(38.5, 'deg C') }, 'temperature.unit', 'input.unit-not-convertible'],
    ['an implausible temperature', { temperature: q(58, 'Cel') }, 'temperature.value', 'input.out-of-range'],
    ['nasal cannula without flow', { oxygen: { device: 'nasal-cannula' } }, 'oxygen.flow', 'crs.input.flow-required'],
    ['vasopressors without hypotension', { vasopressors: ['norepinephrine'] }, 'vasopressors', 'crs.input.vasopressors-without-hypotension'],
    ['high-flow cannula at 4 L/min', { oxygen: { device: 'high-flow-nasal-cannula', flow: q(4, 'L/min') } }, 'oxygen.flow', 'crs.input.high-flow-at-low-rate'],
    ['blow-by at 10 L/min', { oxygen: { device: 'blow-by', flow: q(10, 'L/min') } }, 'oxygen.flow', 'crs.input.blow-by-high-flow'],
    ['flow with no device', { oxygen: { device: 'none', flow: q(2, 'L/min') } }, 'oxygen.flow', 'crs.input.flow-without-device'],
    ['a vasopressor twice', { hypotension: true, vasopressors: ['dopamine', 'dopamine'] }, 'vasopressors', 'crs.input.duplicate-vasopressor'],
    ['tocilizumab history without now', { tocilizumabAdministrations: [{ at: '2026-11-20T10:00:00+08:00' }] }, 'now', 'crs.input.now-required'],
    ['an unknown field', { saturation: 91 }, '', 'input.unrecognized-keys'],
    ['hypotension missing', { hypotension: undefined }, 'hypotension', 'input.invalid-type'],
  ])('refuses %s', (_label, input, path, rule) => {
    expectInputError('crs', { ...base, ...input }, path, rule);
  });
});

describe('CRS management (Figure 4, Hayden 2022)', () => {
  const adult = { weight: q(70, 'kg'), ageYears: 45 };
  it('grade 1: supportive care; tocilizumab only if no improvement in 3 days', () => {
    const r = run('crs', { ...base, ...adult });
    const toci = r.actions.find((a) => a.rule === 'crs.tocilizumab-if-no-improvement-3d');
    expect(toci?.status).toBe('consider');
    expect(toci?.dose?.value).toBe(560);
    expect(toci?.escalation?.[0]?.after).toBe('P3D');
    expect(actionRules(r)).toContain('crs.supportive-care');
  });
  it('grade 2: notify ICU, tocilizumab 8 mg/kg now, escalation at hour 12', () => {
    const r = run('crs', { ...base, ...adult, hypotension: true });
    expect(actionRules(r)).toEqual(expect.arrayContaining(['crs.notify-icu', 'tocilizumab.give', 'crs.continuous-monitoring']));
    expect(actionRules(r)).not.toContain('crs.transfer-icu');
    const toci = r.actions.find((a) => a.rule === 'tocilizumab.give');
    expect(toci?.status).toBe('do');
    expect(toci?.dose).toMatchObject({ value: 560, unit: 'mg', perUnit: { value: 8, unit: 'mg/kg' }, basedOn: { value: 70, unit: 'kg' } });
    expect(toci?.escalation?.map((e) => e.after)).toContain('PT12H');
  });
  it('grade 2 in a less experienced center: transfer to the ICU (institution setting)', () => {
    const r = run('crs', { ...base, ...adult, hypotension: true }, 'en', { lessExperiencedCenter: true });
    expect(actionRules(r)).toContain('crs.transfer-icu-less-experienced');
  });
  it('grade 3: ICU, tocilizumab, dexamethasone 10 mg q6h with the 20 mg step on worsening', () => {
    const r = run('crs', { ...base, ...adult, hypotension: true, vasopressors: ['norepinephrine'] });
    expect(actionRules(r)).toEqual(expect.arrayContaining(['crs.transfer-icu', 'tocilizumab.give', 'crs.dexamethasone-10', 'crs.dexamethasone-20-taper']));
    const dex = r.actions.find((a) => a.rule === 'crs.dexamethasone-10');
    expect(dex).toMatchObject({ drug: 'dexamethasone', dose: { value: 10, unit: 'mg' }, route: 'IV', frequency: 'q6h' });
  });
  it('grade 4: dexamethasone 20 mg q6h, methylprednisolone pulse, repeat tocilizumab only without ICANS', () => {
    const r = run('crs', { ...base, ...adult, oxygen: { device: 'bipap' }, icansGrade: 0 });
    const dex = r.actions.find((a) => a.rule === 'crs.dexamethasone-20');
    expect(dex?.dose?.value).toBe(20);
    expect(r.actions.find((a) => a.rule === 'crs.methylprednisolone')?.dose?.value).toBe(1000);
    expect(r.actions.find((a) => a.rule === 'crs.repeat-tocilizumab-if-no-icans')?.status).toBe('consider');
    const withIcans = run('crs', { ...base, ...adult, oxygen: { device: 'bipap' }, icansGrade: 2 });
    expect(withIcans.actions.find((a) => a.rule === 'crs.repeat-tocilizumab-if-no-icans')?.status).toBe('refused');
  });
  it('CRS grade 1 with ICANS grade 2 takes steroids, not tocilizumab', () => {
    const r = run('crs', { ...base, ...adult, icansGrade: 2 });
    expect(rulesOf(r)).toContain('crs.cr1-with-icans-steroids');
    expect(actionRules(r)).toContain('crs.dexamethasone-10');
    expect(actionRules(r)).not.toContain('crs.tocilizumab-if-no-improvement-3d');
    const icans1 = run('crs', { ...base, ...adult, icansGrade: 1 });
    expect(actionRules(icans1)).toContain('crs.tocilizumab-if-no-improvement-3d');
  });
  it('a child under 30 kg gets tocilizumab 12 mg/kg and dexamethasone 0.5 mg/kg', () => {
    const r = run('crs', { ...base, weight: q(20, 'kg'), ageYears: 6, hypotension: true, vasopressors: ['epinephrine'] });
    expect(r.actions.find((a) => a.rule === 'tocilizumab.give')?.dose).toMatchObject({ value: 240, perUnit: { value: 12 } });
    expect(r.actions.find((a) => a.rule === 'crs.dexamethasone-10')?.dose).toMatchObject({ value: 10, perUnit: { value: 0.5, unit: 'mg/kg' } });
    expect(r.warnings.map((w) => w.rule)).toContain('crs.dexamethasone-child-dose-not-stated');
  });
  it('without weight the dose is not guessed and the warning names the field', () => {
    const r = run('crs', { ...base, hypotension: true });
    expect(r.actions.find((a) => a.rule === 'tocilizumab.give')?.dose).toBeUndefined();
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'tocilizumab.weight-missing', field: 'weight' }));
  });
});

describe('tocilizumab dose and limits (handbook §3.1.2)', () => {
  const now = '2026-11-21T12:00:00+08:00';
  const hoursAgo = (h: number) => new Date(Date.parse(now) - h * 3_600_000).toISOString();
  const check = (weight: number, hours: number[]) =>
    run<{ allowed: boolean; doseMg: number; nextAllowedAt: string | null }>('tocilizumab', {
      weight: q(weight, 'kg'),
      now,
      administrations: hours.map((h) => ({ at: hoursAgo(h) })),
    });

  it.each([
    [29.9, 358.8],
    [30, 240],
    [70, 560],
    [100, 800],
    [101, 800],
    [150, 800],
  ])('weight %s kg → %s mg', (weight, dose) => {
    expect(check(weight, []).value?.doseMg).toBe(dose);
  });
  it('caps at 800 mg and says so', () => {
    const r = check(120, []);
    expect(r.actions[0]?.dose?.cappedAt).toEqual({ value: 800, unit: 'mg' });
  });
  it('minimum interval of 8 h on both sides', () => {
    expect(check(70, [7.99]).value?.allowed).toBe(false);
    expect(check(70, [8]).value?.allowed).toBe(true);
    const refused = check(70, [7]);
    expect(refused.basis.map((b) => b.rule)).toContain('tocilizumab.min-interval');
    expect(refused.value?.nextAllowedAt).toBe('2026-11-21T13:00:00+08:00');
    expect(Date.parse(refused.value!.nextAllowedAt!)).toBe(Date.parse(hoursAgo(-1)));
  });
  it('at most 3 doses in 24 h (a dose exactly 24 h ago still counts)', () => {
    expect(check(70, [8, 16, 24]).value?.allowed).toBe(false);
    expect(check(70, [8, 16, 24.01]).value?.allowed).toBe(true);
    expect(check(70, [8, 16]).value?.allowed).toBe(true);
    const r = check(70, [8, 16, 24]);
    expect(r.basis.map((b) => b.rule)).toContain('tocilizumab.max-per-24h');
  });
  it('at most 4 doses in all, and then no next time', () => {
    const r = check(70, [30, 60, 90, 120]);
    expect(r.value?.allowed).toBe(false);
    expect(r.value?.nextAllowedAt).toBeNull();
    expect(r.basis.map((b) => b.rule)).toContain('tocilizumab.max-total');
    expect(check(70, [30, 60, 90]).value?.allowed).toBe(true);
  });
  it('the CRS result refuses a dose that breaks a limit and names it', () => {
    const r = run('crs', { ...base, weight: q(70, 'kg'), hypotension: true, now, tocilizumabAdministrations: [{ at: hoursAgo(3) }] });
    const toci = r.actions.find((a) => a.rule === 'tocilizumab.give');
    expect(toci?.status).toBe('refused');
    expect(toci?.refusedBecause?.map((b) => b.rule)).toEqual(['tocilizumab.min-interval']);
    expect(toci?.dueBy).toBe('2026-11-21T17:00:00+08:00');
  });
  it('refuses a recorded dose later than now', () => {
    expectInputError('tocilizumab', { weight: q(70, 'kg'), now, administrations: [{ at: hoursAgo(-1) }] }, 'administrations[0].at', 'tocilizumab.input.dose-after-now');
  });
  it('property: the limit check never allows more than 3 doses in any 24 h or 4 in total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 96 * 60 }), { maxLength: 8 }), (minutes) => {
        const given: number[] = [];
        for (const m of [...minutes].sort((a, b) => a - b)) {
          const t = m * 60_000;
          if (checkTocilizumabLimits(given, t).allowed) given.push(t);
        }
        expect(given.length).toBeLessThanOrEqual(TOCILIZUMAB.maxTotal);
        for (const t of given) {
          expect(given.filter((u) => u > t - 24 * 3_600_000 && u <= t).length).toBeLessThanOrEqual(TOCILIZUMAB.maxPer24h);
        }
        for (let i = 1; i < given.length; i++) expect(given[i]! - given[i - 1]!).toBeGreaterThanOrEqual(8 * 3_600_000);
      }),
    );
  });
});

describe('property: a worse state never lowers the CRS grade', () => {
  const hypotensionStates = [
    { hypotension: false, vasopressors: [] },
    { hypotension: true, vasopressors: [] },
    { hypotension: true, vasopressors: ['norepinephrine'] },
    { hypotension: true, vasopressors: ['norepinephrine', 'vasopressin'] },
    { hypotension: true, vasopressors: ['norepinephrine', 'epinephrine'] },
  ];
  const oxygenStates = [
    { device: 'none' },
    { device: 'blow-by' },
    { device: 'nasal-cannula', flow: q(6, 'L/min') },
    { device: 'nasal-cannula', flow: q(6.5, 'L/min') },
    { device: 'face-mask' },
    { device: 'cpap' },
    { device: 'mechanical-ventilation' },
  ];
  it('holds over random pairs of states', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 360, max: 420 }),
        fc.integer({ min: 0, max: 20 }),
        fc.nat(hypotensionStates.length - 1),
        fc.nat(hypotensionStates.length - 1),
        fc.nat(oxygenStates.length - 1),
        fc.nat(oxygenStates.length - 1),
        fc.boolean(),
        (tenthsCelsius, warmer, h1, h2, o1, o2, masked) => {
          const [hLow, hHigh] = [Math.min(h1, h2), Math.max(h1, h2)];
          const [oLow, oHigh] = [Math.min(o1, o2), Math.max(o1, o2)];
          const better = grade({ temperature: q(tenthsCelsius / 10, 'Cel'), antipyreticOrAnticytokineGiven: masked, ...hypotensionStates[hLow], oxygen: oxygenStates[oLow] });
          const worse = grade({ temperature: q((tenthsCelsius + warmer) / 10, 'Cel'), antipyreticOrAnticytokineGiven: masked, ...hypotensionStates[hHigh], oxygen: oxygenStates[oHigh] });
          expect(worse).not.toBeNull();
          expect(worse!).toBeGreaterThanOrEqual(better!);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('both languages', () => {
  it('renders zh-TW by text, never by key', () => {
    const r = run('crs', { ...base, weight: q(70, 'kg'), ageYears: 50, hypotension: true, vasopressors: ['norepinephrine'] }, 'zh-TW');
    expect(r.summary).toBe('CRS 第 3 級');
    for (const text of [...r.basis.map((b) => b.text), ...r.actions.map((a) => a.text), ...r.warnings.map((w) => w.text)]) {
      expect(text).not.toMatch(/^[a-z-]+\.[a-z0-9.-]+$/);
    }
  });
});
