import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRYO_FREEZING_PROFILE, CRYO_THRESHOLDS, CryoInput, planCryopreservation, type CryoValue } from '../../src/journey/cryopreservation.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

const END = '2026-03-10T10:00:00+08:00';
/** The instant `minutes` after the end of collection, written in +08:00. */
function at(minutes: number): string {
  const ms = Date.parse(END) + minutes * 60_000;
  const local = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}
const H = 60;
const BASE = { collectionEnd: END, now: at(30) };
type Extra = Record<string, unknown>;

function cryo(extra: Extra = {}, lang: 'en' | 'zh-TW' = 'en') {
  return run<CryoValue>('cryopreservation', { ...BASE, ...extra }, lang);
}
const warningRules = (r: { warnings: { rule: string }[] }) => r.warnings.map((w) => w.rule);

/**
 * A curve that follows Table 3 exactly, with points at each breakpoint: 4 °C at minute 0,
 * 0 °C from minute 5 to 10, then each step. `rates` replaces programmed rates by step;
 * `stopAfter` ends the run after that step at `finalC`.
 */
function curve(rates: Record<number, number> = {}, stopAfter?: { step: number; finalC: number }) {
  const points = [
    { minute: 0, chamberC: 4, sampleC: 8 },
    { minute: 5, chamberC: 0, sampleC: 3 },
    { minute: 10, chamberC: 0, sampleC: 1 },
  ];
  let t = 10;
  let c = 0;
  for (const s of CRYO_FREEZING_PROFILE) {
    if (s.rateCPerMin === null || s.endC === null) continue;
    const rate = rates[s.step] ?? s.rateCPerMin;
    t += Math.abs((s.endC - c) / rate);
    c = s.endC;
    points.push({ minute: t, chamberC: c, sampleC: c + 3 });
    if (s.holdMin! > 0) {
      t += s.holdMin!;
      points.push({ minute: t, chamberC: c, sampleC: c + 1 });
    }
    if (stopAfter !== undefined && s.step === stopAfter.step) {
      points.push({ minute: t + 5, chamberC: stopAfter.finalC, sampleC: stopAfter.finalC + 5 });
      break;
    }
  }
  return points;
}

describe('Table 3: the controlled-rate freezing profile (Kymriah example)', () => {
  it.each([
    [1, 'wait', null, null, 0, 0, 'equilibrate'],
    [2, 'cool', -1, 0, -5, 15, 'ramp'],
    [3, 'cool', -25, -5, -47, 1, 'eutectic-compensation'],
    [4, 'warm', 10, -47, -9, 0, 'eutectic-compensation'],
    [5, 'cool', -1, -9, -40, 0, 'ramp'],
    [6, 'cool', -10, -40, -90, 10, 'ramp'],
    [7, 'end', null, null, null, null, 'end'],
  ] as const)('step %d: %s at %s °C/min from %s to %s °C, hold %s min (%s)', (step, mode, rate, start, end, hold, purpose) => {
    expect(CRYO_FREEZING_PROFILE[step - 1]).toEqual({ step, mode, rateCPerMin: rate, startC: start, endC: end, holdMin: hold, purpose });
    expect(cryo().value!.profile[step - 1]).toEqual(CRYO_FREEZING_PROFILE[step - 1]);
  });

  it.each([2, 3, 4, 5, 6])('step %d: a faithful curve measures exactly the programmed rate', (step) => {
    const r = cryo({ freezingCurve: curve(), rateToleranceCPerMin: 0.5 });
    const s = r.value!.curve!.steps.find((x) => x.step === step)!;
    expect(s.measuredRateCPerMin).toBe(CRYO_FREEZING_PROFILE[step - 1]!.rateCPerMin);
    expect(s.status).toBe('within');
  });

  it('a faithful curve with a tolerance conforms and reaches -90 °C', () => {
    const r = cryo({ freezingCurve: curve(), rateToleranceCPerMin: 0.5 });
    expect(r.value!.curve).toMatchObject({ conformity: 'conforms', endTemperatureReached: true, chamberLowestC: -90, toleranceCPerMin: 0.5 });
    expect(r.value!.curve!.steps.map((s) => [s.step, s.startMinute, s.reachedAtMinute])).toEqual([
      [2, 10, 15],
      [3, 30, 31.68],
      [4, 32.68, 36.48],
      [5, 36.48, 67.48],
      [6, 67.48, 72.48],
    ]);
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['cryopreservation.curve-end-reached', 'cryopreservation.curve-conforms']));
  });

  it('without a tolerance: rates are measured but conformity cannot be assessed', () => {
    const r = cryo({ freezingCurve: curve() });
    expect(r.value!.curve!.conformity).toBe('cannot-assess');
    expect(r.value!.curve!.steps.every((s) => s.status === 'measured')).toBe(true);
    expect(r.warnings.find((w) => w.rule === 'cryopreservation.curve-no-tolerance')).toMatchObject({ field: 'rateToleranceCPerMin' });
    expect(r.warnings.find((w) => w.rule === 'cryopreservation.curve-no-tolerance')!.text).toMatch(/^Cannot assess curve conformity/);
  });

  it.each([
    [5, -1.5, 0.5, 'within'],
    [5, -1.6, 0.5, 'outside'],
    [5, -0.5, 0.5, 'within'],
    [2, -2, 0.5, 'outside'],
    [6, -8, 2, 'within'],
    [6, -7.5, 2, 'outside'],
  ])('step %d at %d °C/min, tolerance %d: %s', (step, rate, tolerance, status) => {
    const r = cryo({ freezingCurve: curve({ [step]: rate }), rateToleranceCPerMin: tolerance });
    const s = r.value!.curve!.steps.find((x) => x.step === step)!;
    expect(s.measuredRateCPerMin).toBe(rate);
    expect(s.status).toBe(status);
    expect(r.value!.curve!.conformity).toBe(status === 'within' ? 'conforms' : 'does-not-conform');
  });

  it('a run that stops at -60 °C: step 6 not reached, end not reached, does not conform (tolerance or not)', () => {
    for (const tolerance of [undefined, 1]) {
      const r = cryo({ freezingCurve: curve({}, { step: 5, finalC: -60 }), ...(tolerance === undefined ? {} : { rateToleranceCPerMin: tolerance }) });
      expect(r.value!.curve).toMatchObject({ conformity: 'does-not-conform', endTemperatureReached: false, chamberLowestC: -60 });
      expect(r.value!.curve!.steps.find((s) => s.step === 6)!.status).toBe('not-reached');
      expect(rulesOf(r)).toEqual(expect.arrayContaining(['cryopreservation.curve-step-not-reached', 'cryopreservation.curve-end-not-reached']));
    }
  });

  it('end temperature: -90 °C reached, -89.9 °C not', () => {
    const reached = curve();
    const short = reached.map((p) => (p.chamberC === -90 ? { ...p, chamberC: -89.9 } : p));
    expect(cryo({ freezingCurve: reached }).value!.curve!.endTemperatureReached).toBe(true);
    expect(cryo({ freezingCurve: short }).value!.curve!.endTemperatureReached).toBe(false);
  });

  it('a curve that starts below 0 °C: step 2 rate cannot be measured', () => {
    const points = curve().slice(3);
    const r = cryo({ freezingCurve: [{ minute: 0, chamberC: -1, sampleC: 0 }, ...points], rateToleranceCPerMin: 1 });
    expect(r.value!.curve!.steps[0]!.status).toBe('cannot-assess');
    expect(r.value!.curve!.conformity).toBe('cannot-assess');
    expect(warningRules(r)).toContain('cryopreservation.curve-step-start-not-found');
  });

  it('no curve: cannot assess, and the profile is still an order', () => {
    const r = cryo();
    expect(r.value!.curve).toBeNull();
    expect(warningRules(r)).toContain('cryopreservation.curve-not-given');
    expect(actionRules(r)).toContain('cryopreservation.follow-profile');
  });
});

describe('deadlines from the end of collection (§1.4 item 6)', () => {
  it('deadlines are written in the offset of collectionEnd', () => {
    const r = cryo();
    expect(r.value!.coldStorage.deadline).toBe('2026-03-10T14:00:00+08:00');
    expect(r.value!.cryopreservation.deadline).toBe('2026-03-11T10:00:00+08:00');
    const z = cryo({ collectionEnd: '2026-03-10T02:00:00Z', now: '2026-03-10T03:00:00Z' });
    expect(z.value!.coldStorage.deadline).toBe('2026-03-10T06:00:00Z');
    const ny = cryo({ collectionEnd: '2026-03-10T22:30:00-05:00', now: '2026-03-10T23:00:00-05:00' });
    expect(ny.value!.cryopreservation.deadline).toBe('2026-03-11T22:30:00-05:00');
    expect(CRYO_THRESHOLDS.coldStorageWithinHours).toBe(4);
  });

  it.each([
    // [now (min after end), status, minutes left]
    [4 * H - 1, 'on-time', 1],
    [4 * H, 'on-time', 0],
    [4 * H + 1, 'overdue', null],
  ])('4 h, nothing done, checked at +%d min: %s', (now, status, left) => {
    const r = cryo({ now: at(now) });
    expect(r.value!.coldStorage).toEqual({ deadline: '2026-03-10T14:00:00+08:00', status, completedAt: null, minutesLeft: left });
    if (status === 'on-time') expect(r.actions.find((a) => a.rule === 'cryopreservation.cold-storage-pending')).toMatchObject({ status: 'do', dueBy: '2026-03-10T14:00:00+08:00' });
    else expect(warningRules(r)).toContain('cryopreservation.deadline-missed');
  });

  it.each([
    ['refrigerated', 4 * H, 'on-time'],
    ['refrigerated', 4 * H + 1, 'overdue'],
    ['freezing-started', 4 * H, 'on-time'],
    ['freezing-started', 4 * H + 1, 'overdue'],
    ['cryoprotectant-added', 60, 'overdue'],
  ])('4 h: %s at +%d min is %s (checked at +30 h)', (event, minute, status) => {
    const r = cryo({ now: at(30 * H), events: [{ event, at: at(minute) }] });
    expect(r.value!.coldStorage.status).toBe(status);
  });

  it.each([
    [24 * H, 'on-time'],
    [24 * H + 1, 'overdue'],
  ])('24 h: cryopreservation completed at +%d min is %s', (minute, status) => {
    const r = cryo({ now: at(30 * H), events: [{ event: 'refrigerated', at: at(60) }, { event: 'freezing-completed', at: at(minute) }] });
    expect(r.value!.cryopreservation).toMatchObject({ status, completedAt: at(minute) });
    expect(rulesOf(r)).toContain(status === 'on-time' ? 'cryopreservation.cryopreserve-met' : 'cryopreservation.cryopreserve-overdue');
    expect(r.summary).toBe(
      status === 'on-time'
        ? 'On time: freeze or refrigerate (2-8 °C) by 2026-03-10T14:00:00+08:00; cryopreservation complete by 2026-03-11T10:00:00+08:00'
        : 'Deadline missed: freeze or refrigerate by 2026-03-10T14:00:00+08:00, cryopreservation complete by 2026-03-11T10:00:00+08:00',
    );
  });

  it.each([
    [24 * H, 'on-time'],
    [24 * H + 1, 'overdue'],
  ])('24 h, not completed, checked at +%d min: %s', (now, status) => {
    const r = cryo({ now: at(now), events: [{ event: 'refrigerated', at: at(60) }] });
    expect(r.value!.cryopreservation.status).toBe(status);
    if (status === 'on-time') expect(r.actions.find((a) => a.rule === 'cryopreservation.cryopreserve-pending')).toMatchObject({ dueBy: '2026-03-11T10:00:00+08:00' });
  });

  it('shipped fresh: the 24-hour cryopreservation deadline does not apply', () => {
    const r = cryo({ pathway: 'fresh-to-manufacturer', now: at(30 * H), events: [{ event: 'refrigerated', at: at(60) }] });
    expect(r.value!.cryopreservation.status).toBe('not-applicable');
    expect(r.value!.coldStorage.status).toBe('on-time');
    expect(r.summary).toBe('Shipped fresh: freeze or refrigerate (2-8 °C) by 2026-03-10T14:00:00+08:00, on time');
  });
});

describe('from cryoprotectant to the freezer: 20 minutes (§1.4 item 8)', () => {
  const added = { event: 'cryoprotectant-added', at: at(60) };
  it.each([
    [20, 'on-time'],
    [21, 'late'],
  ])('freezing started %d min after the cryoprotectant: %s', (minutes, status) => {
    const r = cryo({ now: at(3 * H), events: [added, { event: 'freezing-started', at: at(60 + minutes) }] });
    expect(r.value!.freezeStart).toEqual({ dueBy: at(80), minutesAfterCryoprotectant: minutes, status });
    if (status === 'late') expect(warningRules(r)).toContain('cryopreservation.freeze-start-late');
    else expect(rulesOf(r)).toContain('cryopreservation.freeze-start-prompt');
  });
  it('not started yet: due 20 min after the cryoprotectant, then late', () => {
    const open = cryo({ now: at(80), events: [added] });
    expect(open.value!.freezeStart!.status).toBe('open');
    expect(open.actions.find((a) => a.rule === 'cryopreservation.freeze-start-due')).toMatchObject({ dueBy: '2026-03-10T11:20:00+08:00' });
    expect(cryo({ now: at(81), events: [added] }).value!.freezeStart!.status).toBe('late');
    expect(cryo().value!.freezeStart).toBeNull();
  });
});

describe('cryoprotectant, cell concentration, QC vial (§1.4 item 7, Kymriah)', () => {
  const status = (r: ReturnType<typeof cryo>, name: string) => r.value!.checks.find((c) => c.check === name)!.status;
  it.each([
    ['DMSO 4.9%', { dmsoPercent: q(4.9, '%') }, 'dmso', 'out-of-range'],
    ['DMSO 5%', { dmsoPercent: q(5, '%') }, 'dmso', 'in-range'],
    ['DMSO 10%', { dmsoPercent: q(10, '%') }, 'dmso', 'in-range'],
    ['DMSO 10.1%', { dmsoPercent: q(10.1, '%') }, 'dmso', 'out-of-range'],
    ['HSA 2.4%', { protein: { kind: 'hsa', percent: q(2.4, '%') } }, 'protein', 'out-of-range'],
    ['HSA 2.5%', { protein: { kind: 'hsa', percent: q(2.5, '%') } }, 'protein', 'in-range'],
    ['HSA 5%', { protein: { kind: 'hsa', percent: q(5, '%') } }, 'protein', 'in-range'],
    ['HSA 5.1%', { protein: { kind: 'hsa', percent: q(5.1, '%') } }, 'protein', 'out-of-range'],
    ['autologous plasma 40%', { protein: { kind: 'autologous-plasma', percent: q(40, '%') } }, 'protein', 'in-range'],
    ['AB plasma 4.9%', { protein: { kind: 'ab-plasma', percent: q(4.9, '%') } }, 'protein', 'in-range'],
    ['AB plasma 5%', { protein: { kind: 'ab-plasma', percent: q(5, '%') } }, 'protein', 'out-of-range'],
    ['0.49 x 10^8 WBC/mL', { cellConcentration: q(0.49, '10*8/mL') }, 'cell-concentration', 'out-of-range'],
    ['0.5 x 10^8 WBC/mL', { cellConcentration: q(0.5, '10*8/mL') }, 'cell-concentration', 'in-range'],
    ['2.5 x 10^8 WBC/mL', { cellConcentration: q(2.5, '10*8/mL') }, 'cell-concentration', 'in-range'],
    ['2.51 x 10^8 WBC/mL', { cellConcentration: q(2.51, '10*8/mL') }, 'cell-concentration', 'out-of-range'],
    ['250 x 10^6 WBC/mL', { cellConcentration: q(250, '10*6/mL') }, 'cell-concentration', 'in-range'],
    ['2.6e8 WBC/mL', { cellConcentration: q(2.6e8, '/mL') }, 'cell-concentration', 'out-of-range'],
    ['QC vial 0.9 mL', { qcVialVolume: q(0.9, 'mL') }, 'qc-vial-volume', 'out-of-range'],
    ['QC vial 1 mL', { qcVialVolume: q(1, 'mL') }, 'qc-vial-volume', 'in-range'],
  ])('%s: %s %s', (_label, extra, name, expected) => {
    const r = cryo(extra);
    expect(status(r, name)).toBe(expected);
    expect(warningRules(r).includes('cryopreservation.per-manufacturer')).toBe(expected === 'out-of-range');
  });

  it('values not given are not checked, and say so', () => {
    const r = cryo();
    expect(r.value!.checks.map((c) => c.status)).toEqual(['not-given', 'not-given', 'not-given', 'not-given']);
    expect(r.warnings.filter((w) => w.rule === 'cryopreservation.value-not-given').map((w) => w.field)).toEqual([
      'dmsoPercent',
      'protein',
      'cellConcentration',
      'qcVialVolume',
      'microbiology',
    ]);
  });

  it.each([
    ['positive', 'cryopreservation.microbiology-positive', 'cryopreservation.notify-manufacturer-and-director'],
    ['negative', 'cryopreservation.microbiology-negative', undefined],
    ['pending', 'cryopreservation.microbiology-pending', undefined],
  ])('culture %s', (result, rule, action) => {
    const r = cryo({ microbiology: result });
    expect(rulesOf(r)).toContain(rule);
    expect(actionRules(r).includes('cryopreservation.notify-manufacturer-and-director')).toBe(action !== undefined);
  });
  it('culture not sampled: sample it', () => {
    expect(actionRules(cryo({ microbiology: 'not-sampled' }))).toContain('cryopreservation.microbiology-sample');
  });
});

describe('checklist of items 6-10', () => {
  it('every item is an order (pre-cooling only "consider") until confirmed', () => {
    const r = cryo({ checklist: { ppe: true, 'one-patient-at-a-time': false } });
    expect(r.value!.checklist).toHaveLength(13);
    expect(r.value!.checklist.find((c) => c.item === 'ppe')!.confirmed).toBe(true);
    expect(actionRules(r)).not.toContain('cryopreservation.check-ppe');
    expect(r.actions.find((a) => a.rule === 'cryopreservation.check-one-patient-at-a-time')).toMatchObject({ status: 'do' });
    expect(r.actions.find((a) => a.rule === 'cryopreservation.check-precool-cryoprotectant')).toMatchObject({ status: 'consider' });
    expect(actionRules(r)).toEqual(expect.arrayContaining(['cryopreservation.check-certified-container', 'cryopreservation.check-ln2-transport-monitored']));
  });
});

describe('input', () => {
  it.each([
    [{ now: at(-1) }, 'now', 'cryopreservation.input.now-before-collection'],
    [{ events: [{ event: 'refrigerated', at: at(-5) }] }, 'events[0].at', 'cryopreservation.input.event-before-collection'],
    [{ events: [{ event: 'refrigerated', at: at(31) }] }, 'events[0].at', 'cryopreservation.input.event-after-now'],
    [{ events: [{ event: 'freezing-started', at: at(10) }, { event: 'cryoprotectant-added', at: at(20) }] }, 'events', 'cryopreservation.input.event-order'],
    [{ events: [{ event: 'freezing-completed', at: at(10) }, { event: 'freezing-started', at: at(20) }] }, 'events', 'cryopreservation.input.event-order'],
    [{ freezingCurve: [{ minute: 0, chamberC: 4, sampleC: 4 }, { minute: 0, chamberC: 0, sampleC: 2 }] }, 'freezingCurve[1].minute', 'cryopreservation.input.curve-not-increasing'],
    [{ collectionEnd: '2026-03-10T10:00:00' }, 'collectionEnd', 'input.invalid-format'],
    [{ dmsoPercent: 7.5 }, 'dmsoPercent', 'input.unit-required'],
    [{ qcVialVolume: q(1, 'g') }, 'qcVialVolume.unit', 'input.unit-not-convertible'],
    [{ rateToleranceCPerMin: 0 }, 'rateToleranceCPerMin', 'input.too-small'],
  ])('%o is refused at %s (%s)', (extra, path, rule) => {
    expectInputError('cryopreservation', { ...BASE, ...extra }, path, rule);
  });
});

describe('properties', () => {
  it('a later check time never turns an overdue deadline back to on time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 48 * H }),
        fc.integer({ min: 0, max: 24 * H }),
        fc.option(fc.integer({ min: 0, max: 30 * H }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 30 * H }), { nil: undefined }),
        (now, later, cold, done) => {
          const events = [
            ...(cold === undefined || cold > now ? [] : [{ event: 'refrigerated' as const, at: at(cold) }]),
            ...(done === undefined || done > now ? [] : [{ event: 'freezing-completed' as const, at: at(done) }]),
          ];
          const statusAt = (minute: number) => {
            const v = planCryopreservation(CryoInput.parse({ collectionEnd: END, now: at(minute), events })).value!;
            return [v.coldStorage.status, v.cryopreservation.status];
          };
          const [coldNow, cryoNow] = statusAt(now);
          const [coldLater, cryoLater] = statusAt(now + later);
          if (coldNow === 'overdue') expect(coldLater).toBe('overdue');
          if (cryoNow === 'overdue') expect(cryoLater).toBe('overdue');
        },
      ),
    );
  });

  it('a later event never turns an overdue deadline back to on time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * H }), fc.integer({ min: 0, max: 6 * H }), (minute, delay) => {
        const statusOf = (m: number) =>
          planCryopreservation(CryoInput.parse({ collectionEnd: END, now: at(40 * H), events: [{ event: 'freezing-completed', at: at(m) }] })).value!.cryopreservation.status;
        if (statusOf(minute) === 'overdue') expect(statusOf(minute + delay)).toBe('overdue');
      }),
    );
  });
});

describe('rendering', () => {
  const complex = {
    now: at(30 * H),
    events: [{ event: 'cryoprotectant-added', at: at(5 * H) }, { event: 'freezing-started', at: at(6 * H) }],
    dmsoPercent: q(12, '%'),
    protein: { kind: 'ab-plasma', percent: q(6, '%') },
    cellConcentration: q(3, '10*8/mL'),
    qcVialVolume: q(0.5, 'mL'),
    microbiology: 'positive',
    freezingCurve: curve({ 5: -3 }, { step: 5, finalC: -60 }),
    rateToleranceCPerMin: 0.5,
    checklist: { ppe: true },
  };
  it.each(['en', 'zh-TW'] as const)('%s: every text is written, with §1.4 and Qayed 2022 cited', (lang) => {
    for (const input of [{}, complex, { pathway: 'fresh-to-manufacturer', now: at(5 * H) }, { freezingCurve: curve() }]) {
      const r = cryo(input, lang);
      expect(r.title).not.toBe('cryopreservation.title');
      expect(r.summary).not.toMatch(/^cryopreservation\.|\{\w+\}/);
      for (const x of [...r.basis, ...r.warnings, ...r.actions]) {
        expect(x.text).not.toBe(x.rule);
        expect(x.text).not.toMatch(/\{\w+\}/);
      }
      expect(r.citations.some((c) => c.reference.includes('§1.4, item 6'))).toBe(true);
      expect(r.citations.some((c) => c.doi === '10.1016/j.jcyt.2022.05.003')).toBe(true);
    }
  });
  it('zh-TW summary is Chinese', () => {
    expect(cryo({}, 'zh-TW').summary).toBe('時限內：2026-03-10T14:00:00+08:00 前開始冷凍或置於 2-8 °C；2026-03-11T10:00:00+08:00 前完成超低溫冷凍');
  });
});
