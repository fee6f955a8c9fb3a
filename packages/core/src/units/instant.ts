/**
 * Instants the engine computes (a dose's earliest time, an antibiotic deadline) are written in
 * the same UTC offset as the instant they were computed from, so a ward in Taipei reads
 * "18:00+08:00" rather than "10:00Z". Pure arithmetic: no clock, no time-zone database.
 */
export function offsetMinutesOf(iso: string): number {
  const match = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  if (!match || iso.endsWith('Z')) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

export function formatInstant(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `epochMs` written in the offset of `reference` (an ISO 8601 instant). */
export function instantLike(epochMs: number, reference: string): string {
  return formatInstant(epochMs, offsetMinutesOf(reference));
}
