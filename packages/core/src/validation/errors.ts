import * as z from 'zod';
import { lookupMessage } from '../i18n/catalog.js';
import { DEFAULT_LANG, type Lang } from '../i18n/types.js';

/** One problem with the input: where it is, which rule it breaks, and what to do about it. */
export interface InputIssue {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

export class InputError extends Error {
  readonly issues: readonly InputIssue[];
  constructor(instrument: string, issues: readonly InputIssue[]) {
    super(`${instrument}: invalid input: ${issues.map((i) => `${i.path || '(root)'} [${i.rule}] ${i.message}`).join('; ')}`);
    this.name = 'InputError';
    this.issues = issues;
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

function toIssue(issue: z.core.$ZodIssue, lang: Lang): InputIssue {
  const path = pathOf(issue.path);
  // Schemas may name a catalog rule as the message of a built-in check (e.g. input.unit-required).
  if (issue.message.startsWith('input.') || issue.message.startsWith('settings.') || /^[a-z0-9-]+\.input\./.test(issue.message)) {
    const params = issue.code === 'custom' ? ((issue.params ?? {}) as Record<string, string | number>) : {};
    return { path, rule: issue.message, message: lookupMessage(lang, issue.message, params) ?? issue.message };
  }
  if (issue.code === 'custom') {
    const params = (issue.params ?? {}) as Record<string, string | number>;
    const rule = typeof params['rule'] === 'string' ? params['rule'] : 'input.custom';
    return { path, rule, message: lookupMessage(lang, rule, params) ?? issue.message };
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return { path, rule: 'input.unrecognized-keys', message: lookupMessage(lang, 'input.unrecognized-keys', { keys }) ?? issue.message };
  }
  return { path, rule: `input.${issue.code.replace(/_/g, '-')}`, message: issue.message };
}

const zhTW = z.locales.zhTW().localeError;

/** Validates input against an instrument's schema; throws InputError naming every bad field. */
export function parseInput<S extends z.ZodType>(instrument: string, schema: S, input: unknown, lang: Lang = DEFAULT_LANG): z.output<S> {
  const result = lang === 'zh-TW' ? schema.safeParse(input, { error: zhTW }) : schema.safeParse(input);
  if (result.success) return result.data;
  throw new InputError(instrument, result.error.issues.map((i) => toIssue(i, lang)));
}

/** Adds a custom issue whose text comes from the catalogs under the rule's id. */
export function refuse(ctx: z.RefinementCtx, path: readonly (string | number)[], rule: string, params: Record<string, string | number> = {}): void {
  ctx.addIssue({ code: 'custom', path: [...path], message: rule, params: { ...params, rule } });
}
