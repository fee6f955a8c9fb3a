import type { UiLang } from '../i18n';
import type { Translate } from '../i18n';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: UiLang, timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${withDate}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'zh-TW' ? 'zh-TW' : 'en-GB', {
      timeZone,
      hourCycle: 'h23',
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(key, f);
  }
  return f;
}

/** An instant as the ward reads it: date and time to the minute, in the institution's time zone. */
export function formatInstant(iso: string | null | undefined, lang: UiLang, timeZone: string): string {
  if (iso === null || iso === undefined) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '—' : formatter(lang, timeZone, true).format(ms);
}

/** A calendar date (YYYY-MM-DD) as it is: it names a day, not an instant, so no zone applies. */
export function formatDate(date: string | null | undefined): string {
  return date ?? '—';
}

/** "Day +4", "Day 0", "Day -3" around the infusion; a patient without an infusion date has no day. */
export function formatCourseDay(day: number | null, t: Translate): string {
  if (day === null) return t('course.day-unknown');
  return t('course.day', { day: day > 0 ? `+${day}` : String(day) });
}
