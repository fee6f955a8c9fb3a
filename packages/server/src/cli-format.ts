import { formatDose, lookupMessage, message, type Dose, type Lang, type RenderedAssessment } from '@cartographer/core';

/** A dated step of a plan (e.g. the whole-course plan). */
interface PlanEntry {
  date: string;
  at: string | null;
  step: string;
  item: string;
  detail: string | null;
}

/** A day of a dosing calendar (e.g. lymphodepletion): the day relative to infusion and its doses. */
interface DoseDay {
  date: string;
  day: number;
  infusion: boolean;
  doses: { drug: string; dose?: Dose }[];
}

type CalendarEntry = PlanEntry | DoseDay;

/** Planners that produce a dated calendar show every date in the text form too. */
function calendarOf(value: unknown): CalendarEntry[] {
  if (typeof value !== 'object' || value === null || !('calendar' in value)) return [];
  const calendar = value.calendar;
  return Array.isArray(calendar) ? (calendar as CalendarEntry[]).filter((e) => typeof e?.date === 'string') : [];
}

function calendarLine(lang: Lang, instrument: string, e: CalendarEntry): string {
  if ('doses' in e) {
    const doses = e.doses.map((d) => `${d.drug} ${d.dose === undefined ? message(lang, 'dose.not-calculated') : formatDose(lang, d.dose)}`);
    if (e.infusion) doses.push(message(lang, 'label.infusion-day'));
    if (doses.length === 0) doses.push(message(lang, 'label.no-doses'));
    return `  ${e.date}  ${message(lang, 'label.day', { day: e.day })}: ${doses.join('; ')}`;
  }
  const label = lookupMessage(lang, `${instrument}.calendar.${e.item}`) ?? e.item;
  return `  ${e.at ?? e.date}  ${e.step}: ${label}${e.detail ? ` (${e.detail})` : ''}`;
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
    for (const e of calendar) lines.push(calendarLine(lang, result.instrument, e));
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
