import { createHash } from 'node:crypto';

/** True when the runtime knows the IANA time zone (Node ships full ICU). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * An instant as a wall-clock time in `timeZone` with its UTC offset, e.g. "2026-03-01 09:30 +08:00":
 * the offset is printed so that a label read in another zone is not misread.
 */
export function formatInstant(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const offset = part('timeZoneName').replace(/^GMT/, '') || '+00:00';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${offset}`;
}

/** A Celsius value with a true minus sign and no trailing zeros: -150 -> "−150", 4.25 -> "4.25". */
export function formatCelsius(value: number): string {
  const text = String(Number(value.toFixed(2)));
  return text.startsWith('-') ? `\u2212${text.slice(1)}` : text;
}

/** A temperature range as printed: "2–8 °C", "≤ −150 °C" (no lower bound), "≥ 15 °C" (no upper bound). */
export function formatCelsiusRange(low: number | null, high: number | null): string {
  if (low !== null && high !== null) return `${formatCelsius(low)}\u2013${formatCelsius(high)} °C`;
  if (high !== null) return `\u2264 ${formatCelsius(high)} °C`;
  if (low !== null) return `\u2265 ${formatCelsius(low)} °C`;
  return '';
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** JSON with object keys sorted at every depth, so that equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
