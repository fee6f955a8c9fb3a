import { findRule, render, RULESET_VERSION, type BasisEntry, type Lang, type RenderedAssessment } from '@cartographer/core';

type Scalar = BasisEntry['observed'];
const scalar = (value: unknown): Scalar => (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : null);

/**
 * The criteria an alert carries in its language-neutral detail (`criteria`: rule ids with the
 * observed values), rendered with their texts and sources. Used when the alert has no stored
 * assessment to explain it (e.g. the tocilizumab limits); a rule no longer known is left out.
 */
export function criteriaFromDetail(lang: Lang, kind: string, detail: Readonly<Record<string, unknown>>): RenderedAssessment['basis'] {
  const listed = Array.isArray(detail['criteria']) ? (detail['criteria'] as unknown[]) : [];
  const basis: BasisEntry[] = [];
  for (const item of listed) {
    if (typeof item !== 'object' || item === null) continue;
    const entry = item as Record<string, unknown>;
    const rule = typeof entry['rule'] === 'string' ? findRule(entry['rule']) : undefined;
    if (!rule) continue;
    const yields = scalar(entry['yields']);
    basis.push({
      rule,
      field: typeof entry['field'] === 'string' ? entry['field'] : '',
      observed: scalar(entry['observed']),
      ...(typeof entry['unit'] === 'string' ? { unit: entry['unit'] } : {}),
      ...(yields === null ? {} : { yields }),
    });
  }
  return render({ instrument: kind, status: 'assessed', value: null, basis, warnings: [], actions: [], rulesetVersion: RULESET_VERSION }, lang).basis;
}
