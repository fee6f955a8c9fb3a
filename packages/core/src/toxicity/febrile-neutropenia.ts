import * as z from 'zod';
import type { Action, BasisEntry } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment, type Warning } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { instantLike } from '../units/instant.js';
import { Instant, quantity } from '../units/quantity.js';
import { febrileNeutropeniaMessages } from './febrile-neutropenia.messages.js';

registerMessages(febrileNeutropeniaMessages);

const ed = { seed: 'amlAll', section: '§急診早期警訊 (early warnings in the emergency department), item 2' } as const;
const idsa = { seed: [ed], publications: ['freifeld2011'] } as const;

export const FEBRILE_NEUTROPENIA_RULES = defineRules('febrile-neutropenia', {
  'anc-below': idsa,
  'anc-not-below': idsa,
  fever: idsa,
  'no-fever': idsa,
  present: idsa,
  'antibiotics-within-1h': idsa,
  'antibiotics-now': idsa,
  'anc-missing': idsa,
  'temperature-missing': idsa,
  'observed-at-missing': idsa,
});

/** Seed 000 (IDSA 2010): ANC below 500/uL with a temperature of at least 38.3 °C; antibiotics within 1 h. */
export const FEBRILE_NEUTROPENIA_THRESHOLDS = Object.freeze({
  ancBelowPerMicroliter: 500,
  feverCelsius: 38.3,
  antibioticsWithinHours: 1,
});

const HOUR_MS = 3_600_000;

export const FebrileNeutropeniaInput = z
  .object({
    anc: quantity('cellCountPerMicroliter').optional().describe('Absolute neutrophil count (/uL, or 10*9/L).'),
    temperature: quantity('temperature').optional().describe('Measured temperature.'),
    observedAt: Instant.optional().describe('When the fever was measured (ISO instant with offset); antibiotics are due 1 h later.'),
  })
  .strict()
  .transform((input) => ({
    ...input,
    // Computed here, once, so evaluate does no date work; written in the offset of observedAt.
    dueBy:
      input.observedAt === undefined
        ? undefined
        : instantLike(Date.parse(input.observedAt) + FEBRILE_NEUTROPENIA_THRESHOLDS.antibioticsWithinHours * HOUR_MS, input.observedAt),
  }));
export type FebrileNeutropeniaInput = z.output<typeof FebrileNeutropeniaInput>;

export const FebrileNeutropeniaValue = z.object({
  febrileNeutropenia: z.boolean(),
  antibioticsDueBy: z.string().nullable(),
});
export type FebrileNeutropeniaValue = z.infer<typeof FebrileNeutropeniaValue>;

const R = FEBRILE_NEUTROPENIA_RULES;
const T = FEBRILE_NEUTROPENIA_THRESHOLDS;

export function assessFebrileNeutropenia(input: FebrileNeutropeniaInput): Assessment<FebrileNeutropeniaValue> {
  const missing: Warning[] = [];
  if (input.anc === undefined) missing.push({ rule: R['anc-missing'], field: 'anc' });
  if (input.temperature === undefined) missing.push({ rule: R['temperature-missing'], field: 'temperature' });
  if (input.anc === undefined || input.temperature === undefined) return cannotAssess('febrile-neutropenia', missing);

  const neutropenic = input.anc < T.ancBelowPerMicroliter;
  const febrile = input.temperature >= T.feverCelsius;
  const basis: BasisEntry[] = [
    {
      rule: neutropenic ? R['anc-below'] : R['anc-not-below'],
      field: 'anc',
      observed: input.anc,
      unit: '/uL',
      threshold: { comparator: neutropenic ? '<' : '>=', value: T.ancBelowPerMicroliter, unit: '/uL' },
    },
    {
      rule: febrile ? R.fever : R['no-fever'],
      field: 'temperature',
      observed: input.temperature,
      unit: 'Cel',
      threshold: { comparator: febrile ? '>=' : '<', value: T.feverCelsius, unit: 'Cel' },
    },
  ];
  const present = neutropenic && febrile;
  const actions: Action[] = [];
  const warnings: Warning[] = [];
  if (present) {
    basis.push({ rule: R.present, field: 'anc', observed: input.anc, unit: '/uL', yields: true });
    // Without the time of the fever there is no deadline to state: the order is for now.
    actions.push(
      input.dueBy === undefined
        ? { rule: R['antibiotics-now'], status: 'do', drug: 'broad-spectrum antibiotics', route: 'IV' }
        : { rule: R['antibiotics-within-1h'], status: 'do', drug: 'broad-spectrum antibiotics', route: 'IV', dueBy: input.dueBy },
    );
    if (input.dueBy === undefined) warnings.push({ rule: R['observed-at-missing'], field: 'observedAt' });
  }
  return assessed('febrile-neutropenia', { febrileNeutropenia: present, antibioticsDueBy: present ? (input.dueBy ?? null) : null }, basis, actions, warnings);
}

export const febrileNeutropeniaInstrument = defineInstrument({
  name: 'febrile-neutropenia',
  kind: 'instrument',
  section: '000 §急診早期警訊, item 2',
  input: FebrileNeutropeniaInput,
  value: FebrileNeutropeniaValue,
  evaluate: (input) => assessFebrileNeutropenia(input),
  summary: (v) => ({
    variant: !v.febrileNeutropenia ? 'absent' : v.antibioticsDueBy === null ? 'present-now' : 'present',
    dueBy: v.antibioticsDueBy ?? '',
  }),
});
