import type { RuleSources } from './sources.js';

/**
 * A rule is one clinical criterion, threshold or recommendation. Its id is also the key of its
 * text in the message catalogs, and it always carries its sources.
 */
export interface Rule {
  readonly id: string;
  readonly sources: RuleSources;
}

const registry = new Map<string, Rule>();

/**
 * Declares the rules of one instrument. Ids are prefixed with the instrument name, so
 * `defineRules('crs', { fever: ... })` declares `crs.fever`.
 */
export function defineRules<K extends string>(
  instrument: string,
  specs: Record<K, RuleSources>,
): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(specs) as K[]) {
    const id = `${instrument}.${key}`;
    if (registry.has(id)) throw new Error(`rule ${id} is declared twice`);
    const rule: Rule = Object.freeze({ id, sources: specs[key] });
    registry.set(id, rule);
    out[key] = rule;
  }
  return Object.freeze(out);
}

export function allRules(): readonly Rule[] {
  return [...registry.values()];
}

export function findRule(id: string): Rule | undefined {
  return registry.get(id);
}
