import * as z from 'zod';
import type { BasisEntry, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { refuse } from '../validation/errors.js';
import { capdMessages } from './capd.messages.js';

registerMessages(capdMessages);

const tool = { seed: [{ seed: 'handbook', section: '§3.1.3 (CAPD tool)' }], publications: ['lee2019'] } as const;
const bands = {
  seed: [
    { seed: 'handbook', section: '§3.1.3 (CAPD tool)' },
    { seed: 'handbook', section: '§3.1.3, Table 8' },
  ],
  publications: ['lee2019'],
} as const;

/** Cornell Assessment of Pediatric Delirium as used for ICANS (Lee 2019 Table 7 = handbook §3.1.3). */
export const CAPD_RULES = defineRules('capd', {
  'eye-contact': tool,
  'purposeful-actions': tool,
  'aware-of-surroundings': tool,
  'communicates-needs': tool,
  restless: tool,
  inconsolable: tool,
  underactive: tool,
  'slow-to-respond': tool,
  total: tool,
  'total-given': tool,
  'item-missing': tool,
  'band-none': bands,
  'band-1-8': bands,
  'band-9-plus': bands,
  'age-not-given': { seed: [{ seed: 'handbook', section: '§3.1.3 (CAPD tool), Table 8' }], publications: ['lee2019'] },
});

export const CAPD_ANSWERS = ['never', 'rarely', 'sometimes', 'often', 'always'] as const;
export type CapdAnswer = (typeof CAPD_ANSWERS)[number];

/** Items 1-4 are reverse-scored (never = 4 ... always = 0); items 5-8 score never = 0 ... always = 4. */
export const CAPD_POINTS = Object.freeze({
  reverse: Object.freeze({ never: 4, rarely: 3, sometimes: 2, often: 1, always: 0 } as const),
  direct: Object.freeze({ never: 0, rarely: 1, sometimes: 2, often: 3, always: 4 } as const),
});

/** The eight items in the order of the tool, with how each is scored and its rule. */
export const CAPD_ITEMS = Object.freeze({
  eyeContact: { scoring: 'reverse', rule: CAPD_RULES['eye-contact'] },
  purposefulActions: { scoring: 'reverse', rule: CAPD_RULES['purposeful-actions'] },
  awareOfSurroundings: { scoring: 'reverse', rule: CAPD_RULES['aware-of-surroundings'] },
  communicatesNeeds: { scoring: 'reverse', rule: CAPD_RULES['communicates-needs'] },
  restless: { scoring: 'direct', rule: CAPD_RULES.restless },
  inconsolable: { scoring: 'direct', rule: CAPD_RULES.inconsolable },
  underactive: { scoring: 'direct', rule: CAPD_RULES.underactive },
  slowToRespond: { scoring: 'direct', rule: CAPD_RULES['slow-to-respond'] },
} as const);
export type CapdItem = keyof typeof CAPD_ITEMS;
export const CAPD_ITEM_NAMES = Object.freeze(Object.keys(CAPD_ITEMS) as CapdItem[]);

/**
 * CAPD total -> ICANS encephalopathy-domain grade (Table 8): 0 -> 0; 1-8 -> 1 (grade 1 or 2: the
 * level of consciousness decides); 9 or more -> 3. CAPD is for children under 12 (or with
 * developmental delay).
 */
export const CAPD_THRESHOLDS = Object.freeze({
  maxTotal: 32,
  lowBand: [1, 8] as const,
  grade3AtLeast: 9,
  maxAgeYearsExclusive: 12,
});

const answer = z.enum(CAPD_ANSWERS);
/** Zod shape of the eight answers (the words, not points), each optional. */
export const CAPD_ITEMS_SHAPE = {
  eyeContact: answer.optional().describe('1. Makes eye contact with the caregiver (reverse-scored).'),
  purposefulActions: answer.optional().describe('2. Actions are purposeful (reverse-scored).'),
  awareOfSurroundings: answer.optional().describe('3. Aware of the surroundings (reverse-scored).'),
  communicatesNeeds: answer.optional().describe('4. Communicates needs and wants (reverse-scored).'),
  restless: answer.optional().describe('5. Restless.'),
  inconsolable: answer.optional().describe('6. Inconsolable.'),
  underactive: answer.optional().describe('7. Underactive: very little movement while awake.'),
  slowToRespond: answer.optional().describe('8. Takes a long time to respond to interactions.'),
};

export type CapdItemValues = { readonly [K in CapdItem]?: CapdAnswer | undefined };

export function capdPoints(item: CapdItem, value: CapdAnswer): number {
  return CAPD_POINTS[CAPD_ITEMS[item].scoring][value];
}

export function capdHasAnyItem(items: CapdItemValues): boolean {
  return CAPD_ITEM_NAMES.some((name) => items[name] !== undefined);
}

/**
 * Scores the CAPD answers: one basis entry per item with its points, then the total. An item
 * not answered makes the total unknown (null), with a warning naming it.
 */
export function scoreCapd(items: CapdItemValues, fieldPrefix = ''): { total: number | null; basis: BasisEntry[]; warnings: Warning[] } {
  const basis: BasisEntry[] = [];
  const warnings: Warning[] = [];
  let total = 0;
  for (const name of CAPD_ITEM_NAMES) {
    const value = items[name];
    if (value === undefined) {
      warnings.push({ rule: CAPD_RULES['item-missing'], field: `${fieldPrefix}${name}` });
      continue;
    }
    const points = capdPoints(name, value);
    total += points;
    basis.push({ rule: CAPD_ITEMS[name].rule, field: `${fieldPrefix}${name}`, observed: value, yields: points });
  }
  if (warnings.length > 0) return { total: null, basis, warnings };
  basis.push({
    rule: CAPD_RULES.total,
    field: `${fieldPrefix}total`,
    observed: total,
    threshold: { comparator: 'between', value: [0, CAPD_THRESHOLDS.maxTotal] },
    yields: total,
  });
  return { total, basis, warnings };
}

/** ICANS encephalopathy-domain grade for a CAPD total (Table 8); 1-8 yields 1 and consciousness decides 1 vs 2. */
export function capdDomainGrade(total: number, field = 'total'): { grade: number; basis: BasisEntry } {
  if (total >= CAPD_THRESHOLDS.grade3AtLeast) {
    return { grade: 3, basis: { rule: CAPD_RULES['band-9-plus'], field, observed: total, threshold: { comparator: '>=', value: CAPD_THRESHOLDS.grade3AtLeast }, yields: 3 } };
  }
  if (total >= CAPD_THRESHOLDS.lowBand[0]) {
    return { grade: 1, basis: { rule: CAPD_RULES['band-1-8'], field, observed: total, threshold: { comparator: 'between', value: CAPD_THRESHOLDS.lowBand }, yields: 1 } };
  }
  return { grade: 0, basis: { rule: CAPD_RULES['band-none'], field, observed: total, threshold: { comparator: '=', value: 0 }, yields: 0 } };
}

export const CapdInput = z
  .object({
    ...CAPD_ITEMS_SHAPE,
    ageYears: z.number().min(0).max(120).optional().describe('CAPD is for children under 12 (or older patients with developmental delay).'),
    developmentalDelay: z.boolean().default(false).describe('Baseline developmental delay: CAPD is used at any age.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.ageYears !== undefined && input.ageYears >= CAPD_THRESHOLDS.maxAgeYearsExclusive && !input.developmentalDelay) {
      refuse(ctx, ['ageYears'], 'capd.input.age-12-or-over');
    }
  });
export type CapdInput = z.output<typeof CapdInput>;

export const CapdValue = z.object({ total: z.number().int().min(0).max(CAPD_THRESHOLDS.maxTotal) });
export type CapdValue = z.infer<typeof CapdValue>;

export function assessCapd(input: CapdInput): Assessment<CapdValue> {
  const scored = scoreCapd(input);
  const warnings: Warning[] = input.ageYears === undefined && !input.developmentalDelay ? [{ rule: CAPD_RULES['age-not-given'], field: 'ageYears' }] : [];
  if (scored.total === null) return cannotAssess('capd', [...scored.warnings, ...warnings], scored.basis);
  const domain = capdDomainGrade(scored.total);
  return assessed('capd', { total: scored.total }, [...scored.basis, domain.basis], [], warnings);
}

export const capdInstrument = defineInstrument({
  name: 'capd',
  kind: 'instrument',
  section: '002 §3.1.3 (CAPD tool), Table 8',
  input: CapdInput,
  value: CapdValue,
  evaluate: (input) => assessCapd(input),
  summary: (v) => ({ total: v.total }),
});
