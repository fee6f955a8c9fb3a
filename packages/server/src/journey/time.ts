import { addDays, addMonths, localDateOf } from '@cartographer/core';

/**
 * Deadline arithmetic. Hour and minute parts are exact elapsed time; year, month, week and day
 * parts are calendar days in the institution's time zone (settings.timeZone), so "within 14
 * days" ends at local midnight whatever the server's zone or a daylight-saving change.
 */
export interface Duration {
  readonly years: number;
  readonly months: number;
  readonly days: number;
  readonly ms: number;
}

const ISO = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

export function parseDuration(iso: string): Duration {
  const m = ISO.exec(iso);
  if (!m) throw new RangeError(`not an ISO 8601 duration: ${iso}`);
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  return { years: n(1), months: n(2), days: n(3) * 7 + n(4), ms: (n(5) * 60 + n(6)) * 60_000 };
}

export function isCalendar(d: Duration): boolean {
  return d.years !== 0 || d.months !== 0 || d.days !== 0;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetMs(epochMs: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(epochMs)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const get = (k: string) => p[k] ?? 0;
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant at which a local calendar date (YYYY-MM-DD) begins in the zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - offsetMs(guess, timeZone);
  const second = guess - offsetMs(first, timeZone);
  return new Date(second);
}

export function localDate(at: Date, timeZone: string): string {
  return localDateOf(at.toISOString(), timeZone);
}

function shiftDate(date: string, d: Duration, sign: 1 | -1): string {
  return addDays(addMonths(date, sign * (d.years * 12 + d.months)), sign * d.days);
}

/**
 * `at` moved by the duration. A calendar duration lands on a local date: `edge` 'end' gives
 * the end of that day (a "no later than day N" deadline), 'start' its beginning.
 */
export function shift(at: Date, iso: string, sign: 1 | -1, edge: 'start' | 'end', timeZone: string): Date {
  const d = parseDuration(iso);
  if (!isCalendar(d)) return new Date(at.getTime() + sign * d.ms);
  const date = shiftDate(localDate(at, timeZone), d, sign);
  const day = edge === 'end' ? startOfLocalDay(addDays(date, 1), timeZone) : startOfLocalDay(date, timeZone);
  return new Date(day.getTime() + sign * d.ms);
}
