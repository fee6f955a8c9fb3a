import * as z from 'zod';
import type { Action, BasisEntry, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { quantity } from '../units/quantity.js';
import { leukostasisMessages } from './leukostasis.messages.js';

registerMessages(leukostasisMessages);

const ed = { seed: 'amlAll', section: '§急診早期警訊 (early warnings in the emergency department), item 3' } as const;
const edTls = { seed: 'amlAll', section: '§急診早期警訊 (early warnings in the emergency department), item 1' } as const;
// Seed 000 names no publication for leukostasis; Cairo 2010 is the nearest source in our list: it
// uses the same WBC of 100 x 10^9/L as a high-TLS-risk cut-off in AML and ALL (see report).
const source = { seed: [ed], publications: ['cairo2010'] } as const;

export const LEUKOSTASIS_RULES = defineRules('leukostasis', {
  'wbc-above': source,
  'wbc-not-above': source,
  complications: source,
  'aml-higher-risk': source,
  leukapheresis: source,
  'tls-risk-input': { seed: [ed, edTls], publications: ['cairo2010', 'jones2015'] },
  'wbc-missing': source,
});

/** Seed 000: leukostasis (hyperleukocytosis) risk when WBC is above 100,000/uL. */
export const LEUKOSTASIS_THRESHOLDS = Object.freeze({ wbcAbovePerMicroliter: 100_000 });

export const LeukostasisInput = z
  .object({
    wbc: quantity('cellCountPerMicroliter').optional().describe('White blood cell count (/uL, or 10*9/L).'),
  })
  .strict();
export type LeukostasisInput = z.output<typeof LeukostasisInput>;

export const LeukostasisValue = z.object({ leukostasisRisk: z.boolean() });
export type LeukostasisValue = z.infer<typeof LeukostasisValue>;

const R = LEUKOSTASIS_RULES;

export function assessLeukostasis(input: LeukostasisInput): Assessment<LeukostasisValue> {
  if (input.wbc === undefined) return cannotAssess('leukostasis', [{ rule: R['wbc-missing'], field: 'wbc' }]);
  const risk = input.wbc > LEUKOSTASIS_THRESHOLDS.wbcAbovePerMicroliter;
  const basis: BasisEntry[] = [
    {
      rule: risk ? R['wbc-above'] : R['wbc-not-above'],
      field: 'wbc',
      observed: input.wbc,
      unit: '/uL',
      threshold: { comparator: risk ? '>' : '<=', value: LEUKOSTASIS_THRESHOLDS.wbcAbovePerMicroliter, unit: '/uL' },
      yields: risk,
    },
  ];
  const actions: Action[] = [];
  const warnings: Warning[] = [];
  if (risk) {
    warnings.push({ rule: R.complications }, { rule: R['aml-higher-risk'] }, { rule: R['tls-risk-input'], field: 'wbc' });
    actions.push({ rule: R.leukapheresis, status: 'consider' });
  }
  return assessed('leukostasis', { leukostasisRisk: risk }, basis, actions, warnings);
}

export const leukostasisInstrument = defineInstrument({
  name: 'leukostasis',
  kind: 'instrument',
  section: '000 §急診早期警訊, item 3',
  input: LeukostasisInput,
  value: LeukostasisValue,
  evaluate: (input) => assessLeukostasis(input),
  summary: (v) => ({ variant: v.leukostasisRisk ? 'risk' : 'no-risk' }),
});
