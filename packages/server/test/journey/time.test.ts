import { describe, expect, it } from 'vitest';
import { deadlineWindow } from '../../src/journey/deadlines.js';
import type { DeadlineDef } from '../../src/journey/definitions.js';
import { parseDuration, shift, startOfLocalDay } from '../../src/journey/time.js';

const def = (d: Partial<DeadlineDef>): DeadlineDef => ({ rule: 'x.y', event: 'e', anchor: 'a', relation: 'within', min: null, max: null, every: null, perItem: false, ...d });

describe('deadline arithmetic', () => {
  it('parses ISO 8601 durations', () => {
    expect(parseDuration('PT24H')).toEqual({ years: 0, months: 0, days: 0, ms: 86_400_000 });
    expect(parseDuration('P6W')).toEqual({ years: 0, months: 0, days: 42, ms: 0 });
    expect(parseDuration('P15Y')).toMatchObject({ years: 15 });
    expect(() => parseDuration('24h')).toThrow(RangeError);
  });

  it('finds local midnight, across a daylight-saving change', () => {
    expect(startOfLocalDay('2026-03-11', 'Asia/Taipei').toISOString()).toBe('2026-03-10T16:00:00.000Z');
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'UTC').toISOString()).toBe('2026-03-09T00:00:00.000Z');
  });

  it('hours are elapsed time; days end at local midnight', () => {
    const at = new Date('2026-03-20T22:00:00Z'); // 06:00 on 21 March in Taipei
    expect(shift(at, 'PT4H', 1, 'end', 'Asia/Taipei').toISOString()).toBe('2026-03-21T02:00:00.000Z');
    expect(shift(at, 'P1D', 1, 'end', 'Asia/Taipei').toISOString()).toBe('2026-03-22T16:00:00.000Z');
    expect(shift(at, 'P1D', 1, 'end', 'UTC').toISOString()).toBe('2026-03-22T00:00:00.000Z');
    expect(shift(at, 'P1M', 1, 'start', 'Asia/Taipei').toISOString()).toBe('2026-04-20T16:00:00.000Z');
  });

  it('windows: within, before (min / max), after, repeated and per-item', () => {
    const at = new Date('2026-03-10T06:30:00Z');
    const tz = 'Asia/Taipei';
    expect(deadlineWindow(def({ relation: 'within', min: 'PT20M', max: 'PT30M' }), at, tz)).toEqual({ notBefore: new Date('2026-03-10T06:50:00Z'), dueAt: new Date('2026-03-10T07:00:00Z') });
    // Premedication 30-60 minutes before the infusion starts.
    expect(deadlineWindow(def({ relation: 'before', min: 'PT30M', max: 'PT60M' }), at, tz)).toEqual({ notBefore: new Date('2026-03-10T05:30:00Z'), dueAt: new Date('2026-03-10T06:00:00Z') });
    // Pregnancy test within 7 days before leukapheresis: due by the anchor itself.
    expect(deadlineWindow(def({ relation: 'before', max: 'P7D' }), at, tz)).toEqual({ notBefore: new Date('2026-03-02T16:00:00Z'), dueAt: at });
    // LDC ends on day -3 or earlier: by the end of the third local day before.
    expect(deadlineWindow(def({ relation: 'before', min: 'P3D' }), at, tz).dueAt).toEqual(new Date('2026-03-07T16:00:00Z'));
    expect(deadlineWindow(def({ relation: 'after', min: 'P12M' }), at, tz)).toEqual({ notBefore: new Date('2027-03-09T16:00:00Z'), dueAt: null });
    expect(deadlineWindow(def({ relation: 'every', every: 'PT15M' }), at, tz)).toEqual({ notBefore: at, dueAt: null });
    expect(deadlineWindow(def({ relation: 'after', perItem: true }), at, tz)).toEqual({ notBefore: null, dueAt: null });
  });
});
