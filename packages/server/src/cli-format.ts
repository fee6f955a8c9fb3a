import { lookupMessage, message, type Lang, type RenderedAssessment } from '@cartographer/core';

interface CalendarEntry {
  date: string;
  at: string | null;
  step: string;
  item: string;
  detail: string | null;
}

/** Planners that produce a dated calendar (e.g. the whole-course plan) show every date in the text form too. */
function calendarOf(value: unknown): CalendarEntry[] {
  if (typeof value !== 'object' || value === null || !('calendar' in value)) return [];
  const calendar = value.calendar;
  return Array.isArray(calendar) ? (calendar as CalendarEntry[]).filter((e) => typeof e?.date === 'string') : [];
}

/** A rendered result as plain text for a terminal or a printout. */
export function formatText(result: RenderedAssessment, lang: Lang): string {
  const lines: string[] = [];
  lines.push(`${result.title}`);
  lines.push(`${message(lang, 'label.value')}: ${result.summary}  [${message(lang, `status.${result.status}`)}]`);
  if (result.basis.length > 0) {
    lines.push('', `${message(lang, 'label.basis')}:`);
    for (const b of result.basis) lines.push(`  - ${b.text}`);
  }
  if (result.actions.length > 0) {
    lines.push('', `${message(lang, 'label.actions')}:`);
    for (const a of result.actions) {
      lines.push(`  - [${message(lang, `action.${a.status}`)}] ${a.text}`);
      for (const r of a.refusedBecause ?? []) lines.push(`      × ${r.text}`);
      for (const e of a.escalation ?? []) lines.push(`      → ${e.text}`);
      if (a.dueBy) lines.push(`      ${message(lang, 'label.due-by', { dueBy: a.dueBy })}`);
    }
  }
  const calendar = calendarOf(result.value);
  if (calendar.length > 0) {
    lines.push('', `${message(lang, 'label.calendar')}:`);
    for (const e of calendar) {
      const label = lookupMessage(lang, `${result.instrument}.calendar.${e.item}`) ?? e.item;
      lines.push(`  ${e.at ?? e.date}  ${e.step}: ${label}${e.detail ? ` (${e.detail})` : ''}`);
    }
  }
  if (result.warnings.length > 0) {
    lines.push('', `${message(lang, 'label.warnings')}:`);
    for (const w of result.warnings) lines.push(`  ! ${w.text}`);
  }
  lines.push('', `${message(lang, 'label.sources')}:`);
  for (const c of result.citations) lines.push(`  · ${c.reference}${c.doi ? ` doi:${c.doi}` : ''}`);
  lines.push('', `${message(lang, 'label.ruleset')}: ${result.rulesetVersion}`);
  return lines.join('\n');
}
