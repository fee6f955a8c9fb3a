import { describe, expect, it } from 'vitest';
import { courseDay } from '../../src/board/course-day.js';

const TAIPEI = 'Asia/Taipei';
const infusion = (at: string) => [{ anchor: 'infusion-start', at }];

describe('courseDay', () => {
  // Day 0 is 2026-11-17 in Taipei (UTC+8): 2026-11-17T16:00Z is local midnight of the 18th.
  it.each([
    ['2026-11-17T15:59:59Z', 0],
    ['2026-11-17T16:00:00Z', 1],
    ['2026-11-17T16:00:01Z', 1],
    ['2026-11-20T16:00:00Z', 4],
  ])('counts calendar days in the institution\'s zone: %s is day %i', (now, day) => {
    expect(courseDay(infusion('2026-11-17T08:00:00+08:00'), new Date(now), TAIPEI)).toEqual({ dayZero: '2026-11-17', day });
  });

  it('puts an infusion late in the local evening on that local day, not the UTC one', () => {
    expect(courseDay(infusion('2026-11-17T15:30:00Z'), new Date('2026-11-17T16:30:00Z'), TAIPEI)).toEqual({ dayZero: '2026-11-17', day: 1 });
    expect(courseDay(infusion('2026-11-17T15:30:00Z'), new Date('2026-11-17T16:30:00Z'), 'UTC')).toEqual({ dayZero: '2026-11-17', day: 0 });
  });

  it('counts down to a planned infusion day (negative days), and prefers the recorded infusion', () => {
    const planned = [{ anchor: 'infusion-day', at: '2026-11-20T00:00:00+08:00' }];
    expect(courseDay(planned, new Date('2026-11-17T09:00:00+08:00'), TAIPEI)).toEqual({ dayZero: '2026-11-20', day: -3 });
    expect(courseDay([...planned, ...infusion('2026-11-21T10:00:00+08:00')], new Date('2026-11-21T12:00:00+08:00'), TAIPEI)).toEqual({ dayZero: '2026-11-21', day: 0 });
  });

  it('has no day without an infusion date: not day 0', () => {
    expect(courseDay([], new Date('2026-11-17T09:00:00+08:00'), TAIPEI)).toEqual({ dayZero: null, day: null });
    expect(courseDay([{ anchor: 'leukapheresis', at: '2026-11-01T09:00:00+08:00' }], new Date('2026-11-17T09:00:00+08:00'), TAIPEI)).toEqual({ dayZero: null, day: null });
  });
});
