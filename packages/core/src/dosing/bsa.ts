import * as z from 'zod';
import { assessed, type Assessment, type BasisEntry } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { quantity } from '../units/quantity.js';
import { bsaMessages } from './bsa.messages.js';

registerMessages(bsaMessages);

// The handbook doses lymphodepletion in mg/m2 (§2.1.1 ALL, §2.1.2 DLBCL/FL) without naming a BSA
// formula; Mosteller is the default, DuBois on request.
const ldc = { seed: 'handbook', section: '§2.1.1-2.1.2 (LDC doses in mg/m2)' } as const;
const mosteller = { seed: [ldc], publications: ['mosteller1987'] } as const;
const dubois = { seed: [ldc], publications: ['dubois1916'] } as const;

export const BSA_RULES = defineRules('bsa', {
  height: { seed: [ldc], publications: ['mosteller1987', 'dubois1916'] },
  weight: { seed: [ldc], publications: ['mosteller1987', 'dubois1916'] },
  mosteller,
  dubois,
  rounding: { seed: [ldc], publications: ['mosteller1987', 'dubois1916'] },
});

/** Mosteller: sqrt(cm x kg / 3600). DuBois: 0.007184 x kg^0.425 x cm^0.725. Results in m2, 2 decimals. */
export const BSA_CONSTANTS = Object.freeze({
  mostellerDivisor: 3600,
  duboisCoefficient: 0.007184,
  duboisWeightExponent: 0.425,
  duboisHeightExponent: 0.725,
  decimals: 2,
});

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Mosteller body-surface area in m2, rounded to 2 decimals (the value shown and used for doses). */
export function mostellerBsa(heightCm: number, weightKg: number): number {
  return round2(Math.sqrt((heightCm * weightKg) / BSA_CONSTANTS.mostellerDivisor));
}

/** DuBois body-surface area in m2, rounded to 2 decimals. */
export function duboisBsa(heightCm: number, weightKg: number): number {
  return round2(
    BSA_CONSTANTS.duboisCoefficient *
      weightKg ** BSA_CONSTANTS.duboisWeightExponent *
      heightCm ** BSA_CONSTANTS.duboisHeightExponent,
  );
}

export const BSA_FORMULAS = ['mosteller', 'dubois'] as const;

export const BsaInput = z
  .object({
    height: quantity('bodyHeight').describe('Body height.'),
    weight: quantity('bodyWeight').describe('Body weight (actual).'),
    formula: z.enum(BSA_FORMULAS).default('mosteller').describe('Mosteller (default) or DuBois.'),
  })
  .strict();
export type BsaInput = z.output<typeof BsaInput>;

export const BsaValue = z.object({ bsaM2: z.number(), formula: z.enum(BSA_FORMULAS) });
export type BsaValue = z.infer<typeof BsaValue>;

export function assessBsa(input: BsaInput): Assessment<BsaValue> {
  const isMosteller = input.formula === 'mosteller';
  const bsaM2 = isMosteller ? mostellerBsa(input.height, input.weight) : duboisBsa(input.height, input.weight);
  const basis: BasisEntry[] = [
    { rule: BSA_RULES.height, field: 'height', observed: input.height, unit: 'cm' },
    { rule: BSA_RULES.weight, field: 'weight', observed: input.weight, unit: 'kg' },
    { rule: isMosteller ? BSA_RULES.mosteller : BSA_RULES.dubois, field: 'formula', observed: bsaM2, unit: 'm2', yields: bsaM2 },
    { rule: BSA_RULES.rounding, field: 'bsaM2', observed: bsaM2, unit: 'm2' },
  ];
  return assessed('bsa', { bsaM2, formula: input.formula }, basis);
}

export const bsaInstrument = defineInstrument({
  name: 'bsa',
  kind: 'instrument',
  section: '002 §2.1.1-2.1.2 (LDC mg/m2 doses)',
  input: BsaInput,
  value: BsaValue,
  evaluate: (input) => assessBsa(input),
  summary: (v) => ({ variant: v.formula, bsa: v.bsaM2 }),
});
