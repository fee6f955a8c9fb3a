import { fhirInvalid } from './issues.js';

export type RawQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Parameters every search accepts: paging, and the language of error texts. */
const COMMON = ['_count', '_offset', '_format', 'lang'] as const;
const MAX_COUNT = 1000;
const DEFAULT_COUNT = 100;

export interface ParsedSearch {
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly count: number;
  readonly offset: number;
}

function wholeNumber(param: string, raw: string | undefined, min: number, max: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw fhirInvalid(param, 'fhir.search-count', { param, min: String(min), max: String(max) });
  return n;
}

/**
 * The query of a search, refusing parameters the search does not support: silently ignoring a
 * misspelt filter (`patinet=`) would return more records than the caller asked for.
 */
export function parseSearch(query: RawQuery, supported: readonly string[]): ParsedSearch {
  const values = new Map<string, readonly string[]>();
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    const list = typeof raw === 'string' ? [raw] : [...raw];
    if ((COMMON as readonly string[]).includes(name)) {
      if (list.length > 1) throw fhirInvalid(name, 'fhir.search-param-repeated', { param: name });
      continue;
    }
    if (!supported.includes(name)) throw fhirInvalid(name, 'fhir.search-param-unknown', { param: name, supported: supported.join(', ') });
    values.set(name, list);
  }
  const single = (name: string): string | undefined => {
    const raw = query[name];
    return typeof raw === 'string' ? raw : raw?.[0];
  };
  return {
    values,
    count: wholeNumber('_count', single('_count'), 1, MAX_COUNT, DEFAULT_COUNT),
    offset: wholeNumber('_offset', single('_offset'), 0, Number.MAX_SAFE_INTEGER, 0),
  };
}

/** The one value of a parameter that may be given once, or undefined. */
export function singleValue(search: ParsedSearch, name: string): string | undefined {
  const list = search.values.get(name);
  if (list === undefined) return undefined;
  if (list.length > 1) throw fhirInvalid(name, 'fhir.search-param-repeated', { param: name });
  return list[0];
}

/** `system|value` (either side may be empty: `|value`, `system|`), or a bare value. */
export function parseToken(raw: string, param: string): { system: string | null; value: string | null } {
  const bar = raw.indexOf('|');
  if (bar < 0) {
    if (raw === '') throw fhirInvalid(param, 'fhir.search-token-format');
    return { system: null, value: raw };
  }
  const system = raw.slice(0, bar);
  const value = raw.slice(bar + 1);
  if (system === '' && value === '') throw fhirInvalid(param, 'fhir.search-token-format');
  return { system: system === '' ? null : system, value: value === '' ? null : value };
}

/** `Patient/<id>` or `<id>` as given to patient= / subject=. */
export function patientIdParam(raw: string): string {
  return raw.startsWith('Patient/') ? raw.slice('Patient/'.length) : raw;
}

/** One bound on an instant: at or after `at` (`>=`), or before it (`<`). */
export interface InstantBound {
  readonly op: '>=' | '<';
  readonly at: Date;
}

const DATE_PARAM = /^(eq|ge|gt|le|lt)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** Milliseconds by which the zone's wall clock is ahead of UTC at `epochMs`. */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(epochMs);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/** The instant at which a local calendar day begins in `timeZone` (IANA, institution settings). */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  // Two passes: the offset at the first guess may differ from the offset at the answer across a DST change.
  let guess = wall - zoneOffsetMs(wall, timeZone);
  guess = wall - zoneOffsetMs(guess, timeZone);
  return new Date(guess);
}

/**
 * The bounds a `date` parameter puts on an instant. A date without a time is the whole local
 * day (month, year) in the institution's time zone: `ge2026-01-01` starts at local midnight,
 * `le2026-01-31` ends at the next local midnight. A dateTime is taken to its precision.
 */
export function dateBounds(raws: readonly string[], param: string, timeZone: string): InstantBound[] {
  const bounds: InstantBound[] = [];
  for (const raw of raws) {
    const m = DATE_PARAM.exec(raw);
    if (!m) throw fhirInvalid(param, 'fhir.search-date-format');
    const [, prefix = 'eq', y, mo, d, hh, mi, ss, , zone] = m;
    const year = Number(y);
    const calendar = new Date(Date.UTC(year, Number(mo ?? '1') - 1, Number(d ?? '1')));
    if (calendar.getUTCMonth() !== Number(mo ?? '1') - 1 || calendar.getUTCDate() !== Number(d ?? '1')) throw fhirInvalid(param, 'fhir.search-date-format');
    let start: Date;
    let end: Date;
    if (hh !== undefined && mi !== undefined && zone !== undefined && mo !== undefined && d !== undefined) {
      const iso = `${y}-${mo}-${d}T${hh}:${mi}:${ss ?? '00'}${zone}`;
      start = new Date(iso);
      end = new Date(start.getTime() + (ss === undefined ? 60_000 : 1000));
    } else if (d !== undefined && mo !== undefined) {
      start = startOfLocalDay(year, Number(mo), Number(d), timeZone);
      const next = new Date(Date.UTC(year, Number(mo) - 1, Number(d) + 1));
      end = startOfLocalDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
    } else if (mo !== undefined) {
      start = startOfLocalDay(year, Number(mo), 1, timeZone);
      end = Number(mo) === 12 ? startOfLocalDay(year + 1, 1, 1, timeZone) : startOfLocalDay(year, Number(mo) + 1, 1, timeZone);
    } else {
      start = startOfLocalDay(year, 1, 1, timeZone);
      end = startOfLocalDay(year + 1, 1, 1, timeZone);
    }
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw fhirInvalid(param, 'fhir.search-date-format');
    switch (prefix) {
      case 'ge':
        bounds.push({ op: '>=', at: start });
        break;
      case 'gt':
        bounds.push({ op: '>=', at: end });
        break;
      case 'le':
        bounds.push({ op: '<', at: end });
        break;
      case 'lt':
        bounds.push({ op: '<', at: start });
        break;
      default:
        bounds.push({ op: '>=', at: start }, { op: '<', at: end });
    }
  }
  return bounds;
}
