import type { Role } from '../auth/roles.js';
import type { NewPatient } from '../domain/patients.js';

/**
 * Synthetic people only: no name, number or date here belongs to anyone. Identifiers use a
 * demo system so that they can never collide with a real hospital's numbers.
 */
export const DEMO_IDENTIFIER_SYSTEM = 'urn:cartographer:demo:mrn';
export const DEMO_PROGRAM_SYSTEM = 'urn:cartographer:demo:program';

/** The password of every demo user; `npm start` prints it. Demo data is for trying the system only. */
export const DEMO_PASSWORD = 'cartographer-demo';

export const DEMO_USERS: readonly { username: string; displayName: string; role: Role }[] = [
  { username: 'dr.chen', displayName: '陳醫師 Dr. Chen', role: 'physician' },
  { username: 'nurse.lin', displayName: '林護理師 Nurse Lin', role: 'nurse' },
  { username: 'pharm.wang', displayName: '王藥師 Pharmacist Wang', role: 'pharmacist' },
  { username: 'tech.huang', displayName: '黃技術員 Technologist Huang', role: 'cell-therapy-technologist' },
  { username: 'cm.lee', displayName: '李個管師 Case manager Lee', role: 'case-manager' },
  { username: 'psy.wu', displayName: '吳心理師 Psychologist Wu', role: 'psychologist' },
  { username: 'sw.tsai', displayName: '蔡社工師 Social worker Tsai', role: 'social-worker' },
  { username: 'admin', displayName: '系統管理員 Administrator', role: 'administrator' },
];

export type DemoStage = 'aml-new' | 'all-consolidation' | 'child-washout' | 'day-4-crs' | 'day-45-icaht' | 'year-3-follow-up';

export interface DemoPatient {
  readonly stage: DemoStage;
  readonly patient: NewPatient;
  /** Years of age at load time (the birth date is computed from it). */
  readonly ageYears: number;
  readonly weightKg: number;
}

const ids = (n: string): NewPatient['identifiers'] => [
  { system: DEMO_IDENTIFIER_SYSTEM, value: `DEMO-${n}`, kind: 'medical-record-number' },
  { system: DEMO_PROGRAM_SYSTEM, value: `CT-${n}`, kind: 'program-id' },
];

const person = (stage: DemoStage, n: string, name: string, nameLatin: string, sex: 'female' | 'male', ageYears: number, weightKg: number): DemoPatient => ({
  stage,
  patient: { name, nameLatin, birthDate: '2000-01-01', sex, identifiers: ids(n) },
  ageYears,
  weightKg,
});

export const DEMO_PATIENTS: readonly DemoPatient[] = [
  person('aml-new', '0001', '示範甲 陳', 'Demo A Chen', 'male', 58, 70),
  person('all-consolidation', '0002', '示範乙 林', 'Demo B Lin', 'female', 34, 55),
  person('child-washout', '0003', '示範丙 王', 'Demo C Wang', 'male', 9, 28),
  person('day-4-crs', '0004', '示範丁 張', 'Demo D Chang', 'male', 22, 64),
  person('day-45-icaht', '0005', '示範戊 黃', 'Demo E Huang', 'female', 41, 52),
  person('year-3-follow-up', '0006', '示範己 李', 'Demo F Lee', 'female', 27, 58),
];
