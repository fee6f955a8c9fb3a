import type { ObservationCode } from '../domain/observation-codes.js';
import type { ObservationValue, ReferenceRange } from '../domain/record.js';
import type { DemoStage } from './people.js';

export interface DemoObservation {
  readonly code: ObservationCode;
  readonly value: ObservationValue;
  /** Hours relative to the load time (negative: in the past). */
  readonly atHours: number;
  /** The demo laboratory's reference range, sent with the result as a laboratory feed does. */
  readonly referenceRange?: ReferenceRange;
}
export interface DemoAdministration {
  readonly drug: string;
  readonly dose: { value: number; unit: string } | null;
  readonly route: string;
  readonly atHours: number;
}

const quantity = (value: number, unit: string): ObservationValue => ({ quantity: { value, unit } });
const coded = (code: string): ObservationValue => ({ code });
const obs = (code: ObservationCode, value: ObservationValue, atHours: number, referenceRange?: ReferenceRange): DemoObservation => ({
  code,
  value,
  atHours,
  ...(referenceRange ? { referenceRange } : {}),
});
// The synthetic demo laboratory's ranges for its ferritin and fibrinogen assays (IEC-HS, Table 9
// compares with them); a real laboratory sends its own with each result.
const ferritin = (value: number, atHours: number) => obs('ferritin', quantity(value, 'ng/mL'), atHours, { low: { value: 30, unit: 'ng/mL' }, high: { value: 400, unit: 'ng/mL' } });
const fibrinogen = (value: number, atHours: number) => obs('fibrinogen', quantity(value, 'mg/dL'), atHours, { low: { value: 200, unit: 'mg/dL' }, high: { value: 400, unit: 'mg/dL' } });
const day = (d: number, hour = 8) => d * 24 + hour;

/** A day of ward vitals: temperature, heart rate, blood pressure, SpO2 at one time. */
function vitals(atHours: number, celsius: number, systolic: number, spo2: number): DemoObservation[] {
  return [
    obs('body-temperature', quantity(celsius, 'Cel'), atHours),
    obs('heart-rate', quantity(celsius >= 38 ? 112 : 84, '/min'), atHours),
    obs('systolic-blood-pressure', quantity(systolic, 'mm[Hg]'), atHours),
    obs('respiratory-rate', quantity(18, '/min'), atHours),
    obs('oxygen-saturation', quantity(spo2, '%'), atHours),
  ];
}

/** The infusion of the CAR-T patients, in hours before the load time. */
export const INFUSION_HOURS_AGO: Partial<Record<DemoStage, number>> = {
  'day-4-crs': 4 * 24 + 2,
  'day-45-icaht': 45 * 24 + 2,
  'year-3-follow-up': (3 * 365 + 30) * 24,
};

export function demoObservations(stage: DemoStage): DemoObservation[] {
  switch (stage) {
    case 'aml-new':
      // At diagnosis: high white count, anemia and thrombocytopenia, TLS laboratory panel.
      return [
        ...vitals(-3, 37.2, 124, 97),
        obs('leukocytes', quantity(86, '10*9/L'), -4),
        obs('neutrophils', quantity(1.1, '10*9/L'), -4),
        obs('hemoglobin', quantity(7.9, 'g/dL'), -4),
        obs('platelets', quantity(32, '10*9/L'), -4),
        obs('ldh', quantity(1450, 'U/L'), -4),
        obs('uric-acid', quantity(8.9, 'mg/dL'), -4),
        obs('potassium', quantity(4.6, 'mmol/L'), -4),
        obs('phosphate', quantity(4.2, 'mg/dL'), -4),
        obs('calcium', quantity(8.9, 'mg/dL'), -4),
        obs('creatinine', quantity(1.0, 'mg/dL'), -4),
      ];
    case 'all-consolidation':
      return [...vitals(-5, 36.8, 118, 98), obs('neutrophils', quantity(2.4, '10*9/L'), -6), obs('platelets', quantity(180, '10*9/L'), -6)];
    case 'child-washout':
      return [...vitals(-2, 36.9, 104, 99), obs('body-weight', quantity(28, 'kg'), -2), obs('neutrophils', quantity(1.8, '10*9/L'), -3)];
    case 'day-4-crs': {
      const infusion = -(INFUSION_HOURS_AGO['day-4-crs'] ?? 0);
      return [
        ferritin(480, infusion - day(5)),
        obs('body-weight', quantity(64, 'kg'), infusion - day(6)),
        ...vitals(infusion + day(1), 36.9, 122, 98),
        ...vitals(infusion + day(2), 38.4, 112, 97),
        ferritin(1650, infusion + day(2)),
        obs('crp', quantity(6.8, 'mg/dL'), infusion + day(2)),
        // Day +4: fever with hypotension on fluids and low-flow oxygen (CRS grade 2 criteria).
        ...vitals(-1, 39.2, 86, 91),
        obs('hypotension', coded('yes'), -1),
        obs('oxygen-device', coded('nasal-cannula'), -1),
        obs('oxygen-flow', quantity(2, 'L/min'), -1),
        ferritin(5400, -2),
        obs('crp', quantity(14.2, 'mg/dL'), -2),
        fibrinogen(210, -2),
        obs('neutrophils', quantity(0.9, '10*9/L'), -2),
        obs('platelets', quantity(64, '10*9/L'), -2),
        obs('ice-score', { integer: 10 }, -1),
      ];
    }
    case 'day-45-icaht': {
      const infusion = -(INFUSION_HOURS_AGO['day-45-icaht'] ?? 0);
      // Daily counts to day 30 (early ICAHT needs every day: an unknown day leaves the grade open),
      // recovery by day 12, then neutropenia again after day 30 (late ICAHT, two or more counts).
      const early = [0.6, 0.4, 0.3, 0.2, 0.15, 0.09, 0.08, 0.07, 0.12, 0.2, 0.3, 0.45, 0.7, 0.9, 1.2, 1.3, 1.4, 1.5, 1.5, 1.6, 1.6, 1.5, 1.4, 1.3, 1.2, 1.1, 1.1, 1.0, 1.0, 0.9, 0.8];
      const anc: [number, number][] = [...early.map((v, d): [number, number] => [d, v]), [33, 0.42], [36, 0.38], [39, 0.31], [42, 0.35], [45, 0.4]];
      return [
        ...anc.map(([d, v]) => obs('neutrophils', quantity(v, '10*9/L'), d === 45 ? -3 : infusion + day(d))),
        ...vitals(-4, 36.7, 116, 98),
        obs('platelets', quantity(38, '10*9/L'), -3),
        obs('hemoglobin', quantity(8.6, 'g/dL'), -3),
      ];
    }
    case 'year-3-follow-up':
      return [...vitals(-24, 36.6, 120, 99), obs('neutrophils', quantity(3.1, '10*9/L'), -26), obs('platelets', quantity(210, '10*9/L'), -26)];
  }
}

export function demoAdministrations(stage: DemoStage): DemoAdministration[] {
  switch (stage) {
    case 'day-4-crs':
      return [
        { drug: 'acetaminophen', dose: { value: 500, unit: 'mg' }, route: 'oral', atHours: -30 },
        { drug: 'tocilizumab', dose: { value: 512, unit: 'mg' }, route: 'intravenous', atHours: -0.5 },
      ];
    case 'child-washout':
      // The drugs the washout planner times before leukapheresis (handbook §1.3, Figure 3).
      return [
        { drug: 'blinatumomab', dose: { value: 15, unit: 'ug/m2/d' }, route: 'intravenous', atHours: -11 * 24 },
        { drug: 'dexamethasone', dose: { value: 3, unit: 'mg' }, route: 'oral', atHours: -3 * 24 },
      ];
    case 'aml-new':
    case 'all-consolidation':
    case 'day-45-icaht':
    case 'year-3-follow-up':
      return [];
  }
}
