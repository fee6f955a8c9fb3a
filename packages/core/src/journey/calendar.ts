/**
 * Calendar-date arithmetic for the journey planners. Dates are civil calendar dates
 * (YYYY-MM-DD) in the institution's time zone; instants become dates only through
 * `localDateOf`, which reads the zone from the settings. Pure integer arithmetic on day
 * numbers (days since 1970-01-01, proleptic Gregorian): no clock and no Date object, so a
 * date never shifts with the server's zone or a daylight-saving change.
 */

/** Days since 1970-01-01 of a civil date (Hinnant's days_from_civil). */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (Hinnant's civil_from_days). */
export function civilOf(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a YYYY-MM-DD date (the schema has already checked that the date exists). */
export function toEpochDay(date: string): number {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`not a calendar date: ${date}`);
  return epochDayOf(Number(match[1]), Number(match[2]), Number(match[3]));
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** YYYY-MM-DD of a day number. */
export function fromEpochDay(epochDay: number): string {
  const { year, month, day } = civilOf(epochDay);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** `date` + `days` calendar days (negative to go back). */
export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

function daysInMonth(year: number, month: number): number {
  return epochDayOf(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - epochDayOf(year, month, 1);
}

/**
 * `epochDay` + `months` calendar months, as a day number. When the target month is shorter
 * (31 August + 6 months) the result is that month's last day (28 or 29 February): the usual
 * civil and ISO 8601 convention, and never later than the same day-of-month would be.
 */
export function addMonthsToEpochDay(epochDay: number, months: number): number {
  const { year, month, day } = civilOf(epochDay);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return epochDayOf(y, m, Math.min(day, daysInMonth(y, m)));
}

export function addMonths(date: string, months: number): string {
  return fromEpochDay(addMonthsToEpochDay(toEpochDay(date), months));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The calendar date (YYYY-MM-DD) on which an ISO 8601 instant falls in `timeZone` (IANA,
 * from settings.timeZone): 2026-03-01T23:30:00Z is 2026-03-02 in Asia/Taipei.
 */
export function localDateOf(instant: string, timeZone: string): string {
  const epochMs = Date.parse(instant);
  if (Number.isNaN(epochMs)) throw new RangeError(`not an instant: ${instant}`);
  let year = 0;
  let month = 0;
  let day = 0;
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
  }
  return `${year}-${pad2(month)}-${pad2(day)}`;
}
