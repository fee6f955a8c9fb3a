import type { Observation } from '../api/types';
import { labelOf, type Translate, type UiLang } from '../i18n';
import { formatInstant } from '../shell/format';
import { displayUnit } from '../units';

export const OBSERVATION_CATEGORIES: readonly Observation['category'][] = ['vital-signs', 'laboratory', 'survey', 'exam', 'other'];

/** Rows of readings taken at the same time, newest first; columns in the order the codes first appear. */
export function observationGrid(observations: readonly Observation[]): { codes: string[]; rows: { at: string; cells: Map<string, Observation> }[] } {
  const codes: string[] = [];
  const byTime = new Map<string, Map<string, Observation>>();
  for (const o of observations) {
    if (!codes.includes(o.code)) codes.push(o.code);
    const row = byTime.get(o.effectiveAt) ?? new Map<string, Observation>();
    // The newest reading of a code at one time wins (a correction recorded later).
    if (!row.has(o.code)) row.set(o.code, o);
    byTime.set(o.effectiveAt, row);
  }
  const rows = [...byTime.entries()].sort(([a], [b]) => Date.parse(b) - Date.parse(a)).map(([at, cells]) => ({ at, cells }));
  return { codes, rows };
}

function valueText(o: Observation): string {
  if (o.value !== null) return o.unit ? `${o.value} ${displayUnit(o.unit)}` : String(o.value);
  if (o.valueCode !== null) return o.valueCode;
  return '—';
}

export function ObservationTable({ category, observations, t, lang, timeZone }: { category: Observation['category']; observations: readonly Observation[]; t: Translate; lang: UiLang; timeZone: string }) {
  const { codes, rows } = observationGrid(observations);
  const captionId = `obs-${category}`;
  return (
    <div className="table-scroll">
      <table className="observations" aria-labelledby={captionId} data-testid={`observations-${category}`}>
        <caption id={captionId}>{labelOf(t, 'obs.category.', category)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('obs.time')}</th>
            {codes.map((code) => (
              <th scope="col" key={code}>
                {labelOf(t, 'obs.', code)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.at}>
              <th scope="row">{formatInstant(row.at, lang, timeZone)}</th>
              {codes.map((code) => {
                const o = row.cells.get(code);
                return <td key={code}>{o ? valueText(o) : ''}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
