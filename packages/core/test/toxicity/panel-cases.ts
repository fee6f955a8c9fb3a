/**
 * Seeded generator of raw inputs for the four instruments of the toxicity panel (CRS, ICANS,
 * early/late ICAHT, CAR-HEMATOTOX). Unlike the benchmark's population, it walks every branch:
 * missing fields, children and developmental delay, CAPD, unable-to-perform, tocilizumab
 * histories near each limit, gaps and late counts in the ANC series, values on each band edge,
 * non-canonical units, and some inputs the schemas must refuse. Deterministic: the same seed
 * gives the same cases on every machine and Node version.
 */
import { CAPD_ANSWERS, CAPD_ITEM_NAMES } from '../../src/toxicity/capd.js';
import { OXYGEN_DEVICES, VASOPRESSORS } from '../../src/toxicity/crs.js';
import { CAR_HEMATOTOX_DISEASES } from '../../src/toxicity/car-hematotox.js';
import { CEREBRAL_EDEMA_FINDINGS, CONSCIOUSNESS_LEVELS, MOTOR_FINDINGS, SEIZURE_FINDINGS } from '../../src/toxicity/icans.js';
import { ICE_ITEMS, ICE_ITEM_NAMES } from '../../src/toxicity/ice.js';

export interface Random {
  next(): number;
  chance(p: number): boolean;
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  /** A value rounded to `step` in [min, max]. */
  step(min: number, max: number, step: number): number;
}

export function seeded(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    chance: (p) => next() < p,
    int,
    pick: (list) => list[Math.floor(next() * list.length)]!,
    step: (min, max, step) => Math.round((min + next() * (max - min)) / step) * step,
  };
}

const q = (value: number, unit: string) => ({ value: Number(value.toFixed(6)), unit });
const DAY_MS = 86_400_000;
const BASE_MS = Date.UTC(2026, 2, 1);
const dateOf = (day: number) => new Date(BASE_MS + day * DAY_MS).toISOString().slice(0, 10);
const OFFSETS = ['Z', '+08:00', '-05:00', '+05:30'] as const;

function instant(ms: number, offset: (typeof OFFSETS)[number]): string {
  const minutes = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(ms + minutes * 60_000).toISOString().slice(0, 19) + offset;
}

function maybe<T>(r: Random, p: number, make: () => T): T | undefined {
  return r.chance(p) ? make() : undefined;
}

/** Drops the keys whose value is undefined, as a JSON client would send it. */
function compact(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

function weight(r: Random): { value: number; unit: string } {
  const kg = r.chance(0.2) ? r.pick([29.9, 30, 30.1, 66.6, 66.7, 100, 100.1]) : r.step(6, 140, 0.1);
  return r.chance(0.85) ? q(kg, 'kg') : r.chance(0.5) ? q(kg * 1000, 'g') : q(kg / 0.45359237, '[lb_av]');
}

export function crsCase(r: Random): Record<string, unknown> {
  const celsius = r.chance(0.25) ? r.pick([37.9, 38, 38.1]) : r.step(35.5, 41.5, 0.1);
  const temperature = r.chance(0.12) ? undefined : r.chance(0.9) ? q(celsius, 'Cel') : q(celsius * 1.8 + 32, '[degF]');
  const hypotension = r.chance(0.45);
  const pressors: string[] = [];
  if (hypotension || r.chance(0.03)) {
    const count = r.pick([0, 0, 1, 1, 2, 3]);
    while (pressors.length < count) {
      const p = r.pick(VASOPRESSORS);
      if (!pressors.includes(p) || r.chance(0.02)) pressors.push(p);
    }
  }
  const device = r.pick(OXYGEN_DEVICES);
  let flow: { value: number; unit: string } | undefined;
  if (device === 'nasal-cannula') flow = r.chance(0.97) ? (r.chance(0.3) ? q(r.pick([5.9, 6, 6.1]), 'L/min') : r.chance(0.8) ? q(r.step(0.5, 12, 0.5), 'L/min') : q(r.step(500, 12_000, 100), 'mL/min')) : undefined;
  else if (device === 'high-flow-nasal-cannula') flow = maybe(r, 0.6, () => q(r.chance(0.05) ? 5 : r.step(6.5, 60, 0.5), 'L/min'));
  else if (device === 'blow-by') flow = maybe(r, 0.4, () => q(r.chance(0.05) ? 8 : r.step(1, 6, 0.5), 'L/min'));
  else if (device === 'none') flow = maybe(r, 0.05, () => q(r.pick([0, 0, 2]), 'L/min'));
  else flow = maybe(r, 0.2, () => q(r.step(5, 15, 1), 'L/min'));
  const nowMs = BASE_MS + r.int(0, 40) * DAY_MS + r.int(0, 1439) * 60_000;
  const offset = r.pick(OFFSETS);
  const hasNow = r.chance(0.55);
  const administrations: { at: string }[] = [];
  if (hasNow || r.chance(0.03)) {
    const doses = r.pick([0, 0, 1, 1, 2, 2, 3, 3, 4, 5]);
    for (let i = 0; i < doses; i++) {
      const hoursBefore = r.chance(0.15) ? r.pick([7.9, 8, 8.1, 23.9, 24, 24.1]) : r.step(0.5, 96, 0.25);
      const sign = r.chance(0.02) ? -1 : 1;
      administrations.push({ at: instant(nowMs - sign * hoursBefore * 3_600_000, r.pick(OFFSETS)) });
    }
  }
  return compact({
    temperature,
    feverAttributedToOtherCause: maybe(r, 0.5, () => r.chance(0.25)),
    antipyreticOrAnticytokineGiven: r.chance(0.25),
    hypotension,
    vasopressors: pressors.length === 0 && r.chance(0.5) ? undefined : pressors,
    oxygen: compact({ device, flow }),
    weight: maybe(r, 0.8, () => weight(r)),
    ageYears: maybe(r, 0.85, () => (r.chance(0.3) ? r.pick([11.9, 12, 17.9, 18, 20.9, 21]) : r.step(0.5, 90, 0.5))),
    icansGrade: maybe(r, 0.55, () => r.int(0, 4)),
    now: hasNow ? instant(nowMs, offset) : undefined,
    tocilizumabAdministrations: administrations.length === 0 && r.chance(0.5) ? undefined : administrations,
  });
}

function iceItems(r: Random): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of ICE_ITEM_NAMES) if (r.chance(0.93)) out[name] = r.int(0, ICE_ITEMS[name]);
  return out;
}

function capdItems(r: Random): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of CAPD_ITEM_NAMES) if (r.chance(0.93)) out[name] = r.pick(CAPD_ANSWERS);
  return out;
}

export function icansCase(r: Random): Record<string, unknown> {
  const ageYears = r.chance(0.25) ? r.pick([1, 5, 11.9, 12, 17.9, 18]) : r.step(0.5, 90, 0.5);
  const developmentalDelay = maybe(r, 0.3, () => r.chance(0.25));
  const capdPopulation = ageYears < 12 || developmentalDelay === true;
  const tool = r.chance(0.04) ? r.pick(['ice', 'capd']) : capdPopulation ? r.pick(['capd', 'capd', 'capd', 'unable', 'none']) : r.pick(['ice', 'ice', 'ice', 'unable', 'none']);
  let ice: Record<string, unknown> | undefined;
  let capd: Record<string, unknown> | undefined;
  let encephalopathyTool: string | undefined;
  if (tool === 'ice') ice = r.chance(0.5) ? { total: r.int(0, 10) } : r.chance(0.03) ? { ...iceItems(r), total: 5 } : iceItems(r);
  else if (tool === 'capd') capd = r.chance(0.4) ? { total: r.int(0, 32) } : capdItems(r);
  else if (tool === 'unable') encephalopathyTool = 'unable-to-perform';
  if (r.chance(0.02)) encephalopathyTool = 'unable-to-perform';
  const consciousness = maybe(r, 0.9, () => (r.chance(0.5) ? 'alert' : r.pick(CONSCIOUSNESS_LEVELS)));
  return compact({
    ageYears,
    developmentalDelay,
    ice,
    capd,
    encephalopathyTool,
    consciousness,
    seizure: maybe(r, 0.92, () => (r.chance(0.7) ? 'none' : r.pick(SEIZURE_FINDINGS))),
    motor: maybe(r, 0.92, () => (r.chance(0.8) ? 'none' : r.pick(MOTOR_FINDINGS))),
    cerebralEdema: maybe(r, 0.92, () => (r.chance(0.75) ? 'none' : r.pick(CEREBRAL_EDEMA_FINDINGS))),
    weight: maybe(r, 0.75, () => weight(r)),
    crsGrade: maybe(r, 0.6, () => r.int(0, 4)),
    hoursSinceInfusion: maybe(r, 0.7, () => (r.chance(0.2) ? r.pick([71.5, 72, 72.5]) : r.step(0, 400, 0.5))),
  });
}

export function icahtCase(r: Random): Record<string, unknown> {
  const asOfDay = r.chance(0.6) ? r.int(0, 31) : r.int(32, 200);
  const gapRate = r.pick([0, 0, 0.1, 0.3, 0.7, 1]);
  const anc: { date: string; value: { value: number; unit: string } }[] = [];
  let level = r.step(0, 3_000, 1);
  const profile = r.pick(['recovering', 'falling', 'flat-low', 'noisy']);
  for (let day = r.chance(0.1) ? -r.int(1, 4) : 0; day <= asOfDay; day++) {
    if (profile === 'recovering') level = day < r.int(3, 20) ? level * (0.4 + r.next() * 0.5) : level * (1 + r.next()) + 30;
    else if (profile === 'falling') level = level * (0.5 + r.next() * 0.6);
    else if (profile === 'flat-low') level = r.chance(0.1) ? r.step(450, 600, 1) : r.step(0, 520, 1);
    else level = r.chance(0.5) ? r.pick([100, 101, 500, 501, 1_000, 1_500, 1_501]) : r.step(0, 2_500, 1);
    level = Math.min(Math.round(level), 40_000);
    const late = day > 30;
    if (r.chance(gapRate) || (late && r.chance(0.8))) continue;
    const perDay = r.chance(0.1) ? 2 : 1;
    for (let k = 0; k < perDay; k++) {
      const value = Math.max(0, level + (k === 0 ? 0 : r.int(-200, 200)));
      anc.push({ date: dateOf(day), value: r.chance(0.9) ? q(value, '/uL') : q(value / 1000, '10*3/uL') });
    }
  }
  if (r.chance(0.02)) anc.push({ date: dateOf(asOfDay + 1), value: q(300, '/uL') });
  let gcsf: Record<string, unknown> | undefined;
  if (r.chance(0.35)) {
    const start = r.int(0, Math.max(0, asOfDay));
    const span = asOfDay - start + 1;
    gcsf = { startedDate: dateOf(start), daysGiven: r.chance(0.03) ? span + 1 : r.int(0, span) };
  }
  return compact({
    infusionDate: dateOf(0),
    asOfDate: dateOf(r.chance(0.01) ? -1 : asOfDay),
    anc,
    gcsf,
    cd34Backup: maybe(r, 0.5, () => r.chance(0.5)),
    platelets: maybe(r, 0.5, () => q(r.step(2_000, 400_000, 1_000), '/uL')),
    weight: maybe(r, 0.6, () => weight(r)),
    hematotoxRisk: maybe(r, 0.6, () => r.pick(['low', 'high'])),
  });
}

export function hematotoxCase(r: Random): Record<string, unknown> {
  const item = (edges: readonly number[], min: number, max: number, step: number, unit: string) =>
    maybe(r, 0.92, () => q(r.chance(0.3) ? r.pick(edges) : r.step(min, max, step), unit));
  const platelets = item([74_999, 75_000, 175_000, 175_001], 5_000, 400_000, 1_000, '/uL');
  return compact({
    platelets: platelets !== undefined && r.chance(0.1) ? q(platelets.value / 1000, '10*3/uL') : platelets,
    anc: item([1_199, 1_200, 1_201], 0, 6_000, 10, '/uL'),
    hemoglobin: item([8.9, 9, 9.1], 5, 16, 0.1, 'g/dL'),
    crp: item([2.9, 3, 3.1], 0, 20, 0.1, r.chance(0.9) ? 'mg/dL' : 'mg/L'),
    ferritin: item([649, 650, 2_000, 2_001], 10, 8_000, 1, 'ng/mL'),
    disease: r.chance(0.01) ? 'AML' : r.pick(CAR_HEMATOTOX_DISEASES),
    weight: maybe(r, 0.6, () => weight(r)),
  });
}

/**
 * A variant of a generated case that differs only in measured values, not in the branch they
 * lead to as far as the engine's shared explanations go (a weight or hours still given, a CRS
 * grade in the same class): such variants meet the explanations built for the case before them.
 */
export function variantOf(name: string, raw: Record<string, unknown>, r: Random): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  if ('weight' in raw) out['weight'] = weight(r);
  if (name === 'icans') {
    if ('hoursSinceInfusion' in raw) out['hoursSinceInfusion'] = r.step(0, 400, 0.5);
    const crs = raw['crsGrade'];
    if (typeof crs === 'number' && crs >= 2) out['crsGrade'] = r.int(2, 4);
  } else if (name === 'crs') {
    const t = raw['temperature'] as { value: number; unit: string } | undefined;
    if (t !== undefined && t.unit === 'Cel') out['temperature'] = q(r.chance(0.5) ? t.value : r.step(35.5, 41.5, 0.1), 'Cel');
    if (typeof raw['ageYears'] === 'number') out['ageYears'] = r.step(0.5, 90, 0.5);
  } else if (name === 'icaht') {
    const anc = raw['anc'] as { date: string; value: { value: number; unit: string } }[];
    out['anc'] = anc.map((m) => (r.chance(0.2) ? { date: m.date, value: { value: Math.max(0, Math.round(m.value.value * (0.8 + r.next() * 0.4))), unit: m.value.unit } } : m));
    if ('platelets' in raw) out['platelets'] = q(r.step(2_000, 400_000, 1_000), '/uL');
  } else {
    for (const key of ['platelets', 'anc', 'hemoglobin', 'crp', 'ferritin']) {
      const m = raw[key] as { value: number; unit: string } | undefined;
      if (m !== undefined && r.chance(0.5)) out[key] = q(m.value * (0.9 + r.next() * 0.2), m.unit);
    }
  }
  return out;
}
