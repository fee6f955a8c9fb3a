import { findRule, type Assessment, type Rule } from '@cartographer/core';

/**
 * Assessments are stored language-neutral: every rule as its id (its sources and texts follow
 * from the ruleset version), so that a stored result can be rendered in any language later.
 */
export type StoredResult = Record<string, unknown> & { readonly status: 'assessed' | 'cannot-assess'; readonly value: unknown };

function isRule(value: unknown): value is Rule {
  return typeof value === 'object' && value !== null && 'id' in value && 'sources' in value && Object.keys(value).length === 2;
}

export function toNeutral(result: Assessment<unknown>): StoredResult {
  return JSON.parse(JSON.stringify(result, (_key, value: unknown) => (isRule(value) ? value.id : value))) as StoredResult;
}

/** The stored result with its rule ids resolved again (for rendering); null when a rule is no longer known. */
export function fromNeutral(stored: unknown): Assessment<unknown> | null {
  let unknownRule = false;
  const resolve = (id: unknown): unknown => {
    if (typeof id !== 'string') return id;
    const rule = findRule(id);
    if (!rule) unknownRule = true;
    return rule;
  };
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'rule') out[key] = resolve(inner);
      else if (key === 'limits' && Array.isArray(inner)) out[key] = inner.map(resolve);
      else out[key] = walk(inner);
    }
    return out;
  };
  const result = walk(stored) as Assessment<unknown>;
  return unknownRule ? null : result;
}

/** The criteria of a result in compact form, for an alert's detail. */
export function criteriaOf(result: Assessment<unknown>): { rule: string; field: string; observed: unknown; unit?: string; yields?: unknown }[] {
  return result.basis.map((b) => ({
    rule: b.rule.id,
    field: b.field,
    observed: b.observed,
    ...(b.unit === undefined ? {} : { unit: b.unit }),
    ...(b.yields === undefined ? {} : { yields: b.yields }),
  }));
}
