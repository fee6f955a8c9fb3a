import * as z from 'zod';
import type { BasisEntry, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { internedBy } from '../explain/intern.js';
import { defineRules } from '../explain/rules.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { refuse } from '../validation/errors.js';
import { iceMessages } from './ice.messages.js';

registerMessages(iceMessages);

const tool = { seed: [{ seed: 'handbook', section: '§3.1.3 (ICE tool)' }], publications: ['lee2019'] } as const;
const bands = {
  seed: [
    { seed: 'handbook', section: '§3.1.3 (ICE tool)' },
    { seed: 'handbook', section: '§3.1.3, Table 8' },
  ],
  publications: ['lee2019'],
} as const;

/** ICE (immune effector cell-associated encephalopathy) screening tool, Lee 2019 Table 5 = handbook §3.1.3. */
export const ICE_RULES = defineRules('ice', {
  orientation: tool,
  naming: tool,
  commands: tool,
  writing: tool,
  attention: tool,
  total: tool,
  'total-given': tool,
  'item-missing': tool,
  'band-normal': bands,
  'band-grade-1': bands,
  'band-grade-2': bands,
  'band-grade-3': bands,
  'age-not-given': { seed: [{ seed: 'handbook', section: '§3.1.3 (ICE tool), Table 8' }], publications: ['lee2019'] },
});

/** The five ICE items and the most points each can give (total 10; 10 is normal). */
export const ICE_ITEMS = Object.freeze({ orientation: 4, naming: 3, commands: 1, writing: 1, attention: 1 } as const);
export type IceItem = keyof typeof ICE_ITEMS;
export const ICE_ITEM_NAMES = Object.freeze(Object.keys(ICE_ITEMS) as IceItem[]);

/**
 * ICE total -> ICANS encephalopathy-domain grade (Table 8): 10 -> 0, 7-9 -> 1, 3-6 -> 2, 0-2 -> 3.
 * `minAge` is the youngest age the tool is for: younger children use CAPD.
 */
export const ICE_THRESHOLDS = Object.freeze({
  maxTotal: 10,
  normal: 10,
  grade1: [7, 9] as const,
  grade2: [3, 6] as const,
  grade3: [0, 2] as const,
  minAgeYears: 12,
});

/** Zod shape of the five items, each optional (an unscored item makes the total unknown). */
export const ICE_ITEMS_SHAPE = {
  orientation: z.number().int().min(0).max(ICE_ITEMS.orientation).optional().describe('Year, month, city, hospital: 1 point each (0-4).'),
  naming: z.number().int().min(0).max(ICE_ITEMS.naming).optional().describe('Names three objects (e.g. clock, pen, button): 1 point each (0-3).'),
  commands: z.number().int().min(0).max(ICE_ITEMS.commands).optional().describe('Follows simple commands (e.g. show two fingers): 0-1.'),
  writing: z.number().int().min(0).max(ICE_ITEMS.writing).optional().describe('Writes a standard sentence: 0-1.'),
  attention: z.number().int().min(0).max(ICE_ITEMS.attention).optional().describe('Counts backwards from 100 by 10: 0-1.'),
};

export type IceItemValues = { readonly [K in IceItem]?: number | undefined };

/** Sum of the items that were scored (used to check contradictions before every item is known). */
export function iceScoredPoints(items: IceItemValues): number {
  let sum = 0;
  for (const name of ICE_ITEM_NAMES) sum += items[name] ?? 0;
  return sum;
}

export function iceHasAnyItem(items: IceItemValues): boolean {
  return ICE_ITEM_NAMES.some((name) => items[name] !== undefined);
}

/**
 * Scores the ICE items: one basis entry per item with its points, then the total. An item that
 * was not scored makes the total unknown (null), with a warning naming that item.
 * `fieldPrefix` names the fields when the items sit inside another input (e.g. `ice.`).
 */
export function scoreIce(items: IceItemValues, fieldPrefix = ''): { total: number | null; basis: BasisEntry[]; warnings: Warning[] } {
  const basis: BasisEntry[] = [];
  const warnings: Warning[] = [];
  let total = 0;
  for (const name of ICE_ITEM_NAMES) {
    const points = items[name];
    if (points === undefined) {
      warnings.push({ rule: ICE_RULES['item-missing'], field: `${fieldPrefix}${name}` });
      continue;
    }
    total += points;
    basis.push({
      rule: ICE_RULES[name],
      field: `${fieldPrefix}${name}`,
      observed: points,
      threshold: { comparator: 'between', value: [0, ICE_ITEMS[name]] },
      yields: points,
    });
  }
  if (warnings.length > 0) return { total: null, basis, warnings };
  basis.push({
    rule: ICE_RULES.total,
    field: `${fieldPrefix}total`,
    observed: total,
    threshold: { comparator: 'between', value: [0, ICE_THRESHOLDS.maxTotal] },
    yields: total,
  });
  return { total, basis, warnings };
}

function buildIceDomain(total: number, field: string): { grade: number; basis: BasisEntry } {
  if (total >= ICE_THRESHOLDS.normal) {
    return { grade: 0, basis: { rule: ICE_RULES['band-normal'], field, observed: total, threshold: { comparator: '=', value: ICE_THRESHOLDS.normal }, yields: 0 } };
  }
  if (total >= ICE_THRESHOLDS.grade1[0]) {
    return { grade: 1, basis: { rule: ICE_RULES['band-grade-1'], field, observed: total, threshold: { comparator: 'between', value: ICE_THRESHOLDS.grade1 }, yields: 1 } };
  }
  if (total >= ICE_THRESHOLDS.grade2[0]) {
    return { grade: 2, basis: { rule: ICE_RULES['band-grade-2'], field, observed: total, threshold: { comparator: 'between', value: ICE_THRESHOLDS.grade2 }, yields: 2 } };
  }
  return { grade: 3, basis: { rule: ICE_RULES['band-grade-3'], field, observed: total, threshold: { comparator: 'between', value: ICE_THRESHOLDS.grade3 }, yields: 3 } };
}

// The domain grade and its explanation are fixed by the total (0-10) and the field it came from.
const DOMAIN_BY_FIELD = new Map<string, (total: number) => { grade: number; basis: BasisEntry }>();

/** ICANS encephalopathy-domain grade for an ICE total (Table 8). */
export function iceDomainGrade(total: number, field = 'total'): { grade: number; basis: BasisEntry } {
  let byTotal = DOMAIN_BY_FIELD.get(field);
  if (byTotal === undefined) {
    byTotal = internedBy(ICE_THRESHOLDS.maxTotal + 1, (n) => {
      const built = buildIceDomain(n, field);
      return { grade: built.grade, basis: Object.freeze(built.basis) };
    });
    DOMAIN_BY_FIELD.set(field, byTotal);
  }
  return byTotal(total);
}

export const IceInput = z
  .object({
    ...ICE_ITEMS_SHAPE,
    ageYears: z.number().min(0).max(120).optional().describe('ICE is for patients aged 12 or older.'),
    developmentalDelay: z.boolean().default(false).describe('Baseline developmental delay: use CAPD instead of ICE.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.ageYears !== undefined && input.ageYears < ICE_THRESHOLDS.minAgeYears) refuse(ctx, ['ageYears'], 'ice.input.under-12');
    if (input.developmentalDelay) refuse(ctx, ['developmentalDelay'], 'ice.input.developmental-delay');
  });
export type IceInput = z.output<typeof IceInput>;

export const IceValue = z.object({ total: z.number().int().min(0).max(ICE_THRESHOLDS.maxTotal) });
export type IceValue = z.infer<typeof IceValue>;

export function assessIce(input: IceInput): Assessment<IceValue> {
  const scored = scoreIce(input);
  const warnings: Warning[] = input.ageYears === undefined ? [{ rule: ICE_RULES['age-not-given'], field: 'ageYears' }] : [];
  if (scored.total === null) return cannotAssess('ice', [...scored.warnings, ...warnings], scored.basis);
  const domain = iceDomainGrade(scored.total);
  return assessed('ice', { total: scored.total }, [...scored.basis, domain.basis], [], warnings);
}

export const iceInstrument = defineInstrument({
  name: 'ice',
  kind: 'instrument',
  section: '002 §3.1.3 (ICE tool), Table 8',
  input: IceInput,
  value: IceValue,
  evaluate: (input) => assessIce(input),
  summary: (v) => ({ total: v.total }),
});
