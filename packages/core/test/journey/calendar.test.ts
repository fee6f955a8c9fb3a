import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/institution/settings.js';
import { addDays, addMonths, daysBetween, fromEpochDay, localDateOf, toEpochDay } from '../../src/journey/calendar.js';

describe('calendar dates', () => {
  it.each([
    ['2026-03-01', 3, '2026-03-04'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-10', -6, '2026-03-04'],
    ['2026-03-01', 84, '2026-05-24'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it.each([
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-03-31', 6, '2026-09-30'],
    ['2026-01-15', 6, '2026-07-15'],
    ['2026-07-31', 6, '2027-01-31'],
    ['2026-12-31', 2, '2027-02-28'],
  ])('%s + %i months = %s (end of a shorter month: its last day)', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('day numbers agree with Date.UTC over four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -150_000, max: 150_000 }), (day) => {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(fromEpochDay(day)).toBe(iso);
        expect(toEpochDay(iso)).toBe(day);
      }),
    );
  });

  it('adding months never goes backwards and never skips past the next month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 24 }), (day, months) => {
        const date = fromEpochDay(day);
        const later = addMonths(date, months);
        expect(daysBetween(date, later)).toBeGreaterThanOrEqual(months * 28);
        expect(daysBetween(date, later)).toBeLessThanOrEqual(months * 31);
        expect(daysBetween(addMonths(fromEpochDay(day - 1), months), later)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('instants to calendar dates in the institution time zone', () => {
  it('the default zone is Asia/Taipei', () => {
    expect(DEFAULT_SETTINGS.timeZone).toBe('Asia/Taipei');
  });
  it.each([
    // Taipei is UTC+8 all year (no daylight saving): midnight local is 16:00Z the day before.
    ['2026-03-01T15:59:59Z', '2026-03-01'],
    ['2026-03-01T16:00:00Z', '2026-03-02'],
    ['2026-03-01T23:30:00Z', '2026-03-02'],
    ['2026-03-01T23:59:59+08:00', '2026-03-01'],
    ['2026-03-02T00:00:00+08:00', '2026-03-02'],
    ['2026-12-31T16:30:00Z', '2027-01-01'],
  ])('%s is %s in Asia/Taipei', (instant, date) => {
    expect(localDateOf(instant, DEFAULT_SETTINGS.timeZone)).toBe(date);
  });
  it('the same instant falls on different dates in other zones', () => {
    expect(localDateOf('2026-03-01T23:30:00Z', 'UTC')).toBe('2026-03-01');
    expect(localDateOf('2026-03-01T23:30:00Z', 'America/New_York')).toBe('2026-03-01');
    expect(localDateOf('2026-03-01T15:30:00Z', 'Asia/Taipei')).toBe('2026-03-01');
  });
});
