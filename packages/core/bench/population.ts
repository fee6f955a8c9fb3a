/**
 * A synthetic population of post-infusion patient-days for the benchmark: raw JSON inputs as a
 * bedside system would send them. Deterministic (seeded), so two runs measure the same work.
 */
export interface PatientDay {
  readonly day: number;
  readonly crs: Record<string, unknown>;
  readonly icans: Record<string, unknown>;
  readonly icaht: Record<string, unknown>;
  readonly hematotox: Record<string, unknown>;
}

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const DEVICES = ['none', 'none', 'none', 'nasal-cannula', 'blow-by', 'face-mask', 'non-rebreather', 'cpap', 'mechanical-ventilation'];
const PRESSOR_SETS: string[][] = [[], [], [], ['norepinephrine'], ['norepinephrine', 'vasopressin'], ['norepinephrine', 'epinephrine']];
const CONSCIOUSNESS = ['alert', 'alert', 'alert', 'awakens-spontaneously', 'awakens-to-voice', 'awakens-to-tactile-only'];

function isoDate(base: Date, offsetDays: number): string {
  return new Date(base.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export function makePopulation(size: number, seed = 20261121): PatientDay[] {
  const random = lcg(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const infusion = new Date('2026-10-01T00:00:00Z');
  const out: PatientDay[] = [];
  for (let i = 0; i < size; i++) {
    const day = 1 + Math.floor(random() * 30);
    const device = pick(DEVICES);
    const pressors = pick(PRESSOR_SETS);
    const crs = {
      temperature: { value: Math.round((36.5 + random() * 4) * 10) / 10, unit: 'Cel' },
      antipyreticOrAnticytokineGiven: random() < 0.3,
      hypotension: pressors.length > 0 || random() < 0.1,
      vasopressors: pressors,
      oxygen: device === 'nasal-cannula' ? { device, flow: { value: 1 + Math.floor(random() * 9), unit: 'L/min' } } : { device },
      weight: { value: 40 + Math.floor(random() * 60), unit: 'kg' },
      ageYears: 18 + Math.floor(random() * 60),
    };
    const ice = Math.floor(random() * 11);
    const icans = {
      ageYears: crs.ageYears,
      ice: { total: ice },
      consciousness: pick(CONSCIOUSNESS),
      seizure: random() < 0.03 ? 'rapidly-resolving' : 'none',
      motor: 'none',
      cerebralEdema: random() < 0.02 ? 'focal-edema' : 'none',
    };
    const anc = [];
    let value = 300 + random() * 2000;
    for (let d = 0; d <= day; d++) {
      value = Math.max(0, value * (0.55 + random() * 0.9));
      anc.push({ date: isoDate(infusion, d), value: { value: Math.round(value), unit: '/uL' } });
    }
    const icaht = { infusionDate: isoDate(infusion, 0), asOfDate: isoDate(infusion, day), anc };
    const hematotox = {
      platelets: { value: Math.round(20_000 + random() * 300_000), unit: '/uL' },
      anc: { value: Math.round(200 + random() * 4000), unit: '/uL' },
      hemoglobin: { value: Math.round((7 + random() * 8) * 10) / 10, unit: 'g/dL' },
      crp: { value: Math.round(random() * 80) / 10, unit: 'mg/dL' },
      ferritin: { value: Math.round(100 + random() * 4000), unit: 'ng/mL' },
      disease: 'LBCL',
    };
    out.push({ day, crs, icans, icaht, hematotox });
  }
  return out;
}
