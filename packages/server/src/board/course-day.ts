import { daysBetween, localDateOf } from '@cartographer/core';

/**
 * The anchors that fix day 0 of a CAR-T course, most certain first: the recorded start of the
 * infusion, then the planned infusion day (handbook §2.2: LDC ends on day -3, infusion on day 0).
 */
const DAY_ZERO_ANCHORS = ['infusion-start', 'infusion-day'] as const;

export interface CourseDay {
  /** Day 0 as a calendar date in the institution's time zone; null while no infusion date is known. */
  readonly dayZero: string | null;
  /** Calendar days from day 0 to today (negative before the infusion); null without day 0. */
  readonly day: number | null;
}

/**
 * The course day around the infusion, counted in calendar days in the institution's time zone,
 * so that a nurse in Taipei sees day +4 from local midnight whatever the server's zone.
 */
export function courseDay(anchors: readonly { anchor: string; at: string }[], now: Date, timeZone: string): CourseDay {
  for (const name of DAY_ZERO_ANCHORS) {
    const anchor = anchors.find((a) => a.anchor === name);
    if (anchor) {
      const dayZero = localDateOf(anchor.at, timeZone);
      return { dayZero, day: daysBetween(dayZero, localDateOf(now.toISOString(), timeZone)) };
    }
  }
  return { dayZero: null, day: null };
}
