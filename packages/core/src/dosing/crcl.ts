import * as z from 'zod';
import { assessed, type Assessment, type BasisEntry } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { crclMessages } from './crcl.messages.js';

registerMessages(crclMessages);

// The handbook asks for a creatinine clearance above 30 mL/min before fludarabine-based LDC
// (§1.2) and a dose reduction to be considered below 60 mL/min (Table 6); it names no formula.
const selection = { seed: 'handbook', section: '§1.2 (patient selection: creatinine clearance)' } as const;
const table6 = { seed: 'handbook', section: '§2.1.1, Table 6 (creatinine clearance before LDC)' } as const;
const cg = { seed: [selection, table6], publications: ['cockcroft1976'] } as const;

export const CRCL_RULES = defineRules('crcl', {
  age: cg,
  weight: cg,
  creatinine: cg,
  'sex-female': cg,
  'sex-male': cg,
  formula: cg,
  'actual-body-weight': cg,
});

/** Cockcroft-Gault: ((140 - age) x kg) / (72 x serum creatinine mg/dL), x 0.85 for women; 1 decimal. */
export const CRCL_CONSTANTS = Object.freeze({
  ageFrom: 140,
  creatinineFactor: 72,
  femaleFactor: 0.85,
  minimumAgeYears: 18,
  decimals: 1,
});

export const SEXES = ['female', 'male'] as const;
export type Sex = (typeof SEXES)[number];

export interface CockcroftGaultInput {
  readonly ageYears: number;
  readonly sex: Sex;
  readonly weightKg: number;
  readonly creatinineMgDl: number;
}

/**
 * Creatinine clearance in mL/min by Cockcroft-Gault, rounded to 1 decimal. The formula is for
 * adults; the caller uses actual body weight unless it chooses otherwise.
 */
export function cockcroftGault(input: CockcroftGaultInput): number {
  const raw = ((CRCL_CONSTANTS.ageFrom - input.ageYears) * input.weightKg) / (CRCL_CONSTANTS.creatinineFactor * input.creatinineMgDl);
  const adjusted = input.sex === 'female' ? raw * CRCL_CONSTANTS.femaleFactor : raw;
  return Math.round(adjusted * 10) / 10;
}

export const CrclInput = z
  .object({
    ageYears: z.number().min(0).max(120).describe('Age in years; the formula is validated for adults (18 years and older).'),
    sex: z.enum(SEXES),
    weight: quantity('bodyWeight').describe('Actual body weight, used as given.'),
    creatinine: quantity('creatinine').describe('Serum creatinine (mg/dL or umol/L).'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.ageYears < CRCL_CONSTANTS.minimumAgeYears) refuse(ctx, ['ageYears'], 'crcl.input.adult-formula');
  });
export type CrclInput = z.output<typeof CrclInput>;

export const CrclValue = z.object({ crclMlPerMin: z.number() });
export type CrclValue = z.infer<typeof CrclValue>;

export function assessCrcl(input: CrclInput): Assessment<CrclValue> {
  const crclMlPerMin = cockcroftGault({ ageYears: input.ageYears, sex: input.sex, weightKg: input.weight, creatinineMgDl: input.creatinine });
  const basis: BasisEntry[] = [
    { rule: CRCL_RULES.age, field: 'ageYears', observed: input.ageYears, unit: 'a' },
    { rule: CRCL_RULES.weight, field: 'weight', observed: input.weight, unit: 'kg' },
    { rule: CRCL_RULES.creatinine, field: 'creatinine', observed: input.creatinine, unit: 'mg/dL' },
    input.sex === 'female'
      ? { rule: CRCL_RULES['sex-female'], field: 'sex', observed: input.sex, yields: CRCL_CONSTANTS.femaleFactor }
      : { rule: CRCL_RULES['sex-male'], field: 'sex', observed: input.sex, yields: 1 },
    { rule: CRCL_RULES.formula, field: 'crclMlPerMin', observed: crclMlPerMin, unit: 'mL/min', yields: crclMlPerMin },
  ];
  return assessed('crcl', { crclMlPerMin }, basis, [], [{ rule: CRCL_RULES['actual-body-weight'], field: 'weight' }]);
}

export const crclInstrument = defineInstrument({
  name: 'crcl',
  kind: 'instrument',
  section: '002 §1.2, Table 6 (creatinine clearance)',
  input: CrclInput,
  value: CrclValue,
  evaluate: (input) => assessCrcl(input),
  summary: (v) => ({ crcl: v.crclMlPerMin }),
});
