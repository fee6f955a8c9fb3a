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
  const entries: [K, Rule][] = [];
  for (const key of Object.keys(specs) as K[]) {
    const id = `${instrument}.${key}`;
    if (registry.has(id)) throw new Error(`rule ${id} is declared twice`);
    const rule: Rule = Object.freeze({ id, sources: specs[key] });
    registry.set(id, rule);
    entries.push([key, rule]);
  }
  // Built in one go: an object given dozens of keys one by one turns into a hash table, and
  // every rule lookup of an assessment would then be a hash lookup.
  return Object.freeze(Object.fromEntries(entries) as Record<K, Rule>);
}

export function allRules(): readonly Rule[] {
  return [...registry.values()];
}

export function findRule(id: string): Rule | undefined {
  return registry.get(id);
}
