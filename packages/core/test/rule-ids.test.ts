/**
 * Results are stored with the ids of the rules that produced them, and the server renders a
 * stored result again from those ids: a rule that disappears would leave every result that
 * cited it without its explanation. So a rule id, once released, stays defined (a retired rule
 * keeps its rule and its messages). rule-ids.json lists every id released so far; after adding
 * rules, `PRINT_RULE_IDS=1 npx vitest run packages/core/test/rule-ids.test.ts` prints the new
 * ones to add to it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import { allRules } from '../src/explain/rules.js';

const released = JSON.parse(readFileSync(new URL('./rule-ids.json', import.meta.url), 'utf8')) as string[];

describe('rule ids of stored results stay defined', () => {
  it('every released rule id is still defined', () => {
    const defined = new Set(allRules().map((r) => r.id));
    if (process.env['PRINT_RULE_IDS'] === '1') {
      const known = new Set(released);
      console.log(JSON.stringify([...defined].filter((id) => !known.has(id)).sort()));
    }
    expect(released.length).toBeGreaterThan(1_000);
    expect(released.filter((id) => !defined.has(id))).toEqual([]);
  });
});
