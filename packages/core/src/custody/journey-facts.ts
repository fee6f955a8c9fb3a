import { CAR_T_COURSE_RULES, type CAR_T_COURSE_ANCHORS } from '../journey/course.js';
import { earliestOf, madeSafeAt, ms, whenEvery } from './checks.js';
import type { ClockKind } from './clocks.js';
import type { CustodyState } from './state.js';

/**
 * What the custody record tells the CAR-T course, so that a step scanned at the bedside or in the
 * cell laboratory is not typed in again on the journey: the anchors the course's deadlines count
 * from, the deadline events the record shows done, and the ones its pathway makes not applicable.
 *
 * Each comes from the accepted custody steps only, as the state holds them:
 * - leukapheresis and collection-end: the first collection (earliest start), whose bags the 4-hour
 *   and 24-hour deadlines of handbook §1.4 item 6 are about;
 * - cold storage or freezing started: every bag of that collection at 2-8 °C, freezing or shipped
 *   (as the custody clock counts it; the last bag to get there gives the time);
 * - cryopreservation complete: every bag frozen, on the cryopreserve-on-site pathway. On the
 *   fresh-to-manufacturer pathway the 24-hour cryopreservation deadline does not apply (the
 *   cryopreservation planner says so too), nor does the start of freezing after the cryoprotectant;
 * - cryoprotectant-added and freezing started (the 20 minutes of §1.4 item 8): once every bag is
 *   frozen and each bag's freezing record gave both times, the bag that waited longest between
 *   the two (so that separate batches are not joined into one longer wait); a record without the
 *   start of freezing tells nothing here, as the cryopreservation planner leaves it open;
 * - thaw-start and infusion-start: the first product bag thawed and infused; the course's
 *   infusion (after LDC, within its validity) is done when the first bag starts;
 * - infusion-end and infusion complete: once every bag whose infusion started has ended, the last
 *   end (§2.2.3; a bag never started, e.g. one kept back, does not hold the course open).
 */

type CourseAnchor = (typeof CAR_T_COURSE_ANCHORS)[number];

export const CUSTODY_ANCHORS = ['leukapheresis', 'collection-end', 'cryoprotectant-added', 'thaw-start', 'infusion-start', 'infusion-end'] as const satisfies readonly CourseAnchor[];
export type CustodyAnchor = (typeof CUSTODY_ANCHORS)[number];

/** Deadline events of the CAR-T course (course.ts) that the custody record can show done. */
export const CUSTODY_DEADLINE_EVENTS = [
  'cold-storage-or-freezing-started',
  'freezing-started',
  'cryopreservation-complete',
  'infusion',
  'infusion-or-repeat-ldc',
  'infusion-complete',
] as const;
export type CustodyDeadlineEvent = (typeof CUSTODY_DEADLINE_EVENTS)[number];

/**
 * The course's deadlines that the custody clocks watch bag by bag, with their own warning times
 * (clocks.ts): on a course with a custody chain the journey does not alert on them a second time.
 */
export const DEADLINES_WATCHED_BY_CUSTODY_CLOCKS: Readonly<Record<ClockKind, string>> = Object.freeze({
  'cold-storage': CAR_T_COURSE_RULES['cold-storage-within'].id,
  cryopreservation: CAR_T_COURSE_RULES['cryopreserve-within'].id,
  'thaw-to-infusion': CAR_T_COURSE_RULES['infusion-within-thaw'].id,
});

export interface CustodyJourneyFacts {
  /** Anchor instants (ISO 8601, as the custody events gave them). */
  readonly anchors: Readonly<Partial<Record<CustodyAnchor, string>>>;
  /** When each deadline event was done, by the custody record. */
  readonly done: Readonly<Partial<Record<CustodyDeadlineEvent, string>>>;
  /** Deadline events the course's custody pathway makes not applicable. */
  readonly notApplicable: readonly CustodyDeadlineEvent[];
}

type Instant = string;

type Collection = CustodyState['collections'][number];
type CollectionBag = CustodyState['collectionBags'][number];

function firstCollection(collections: readonly Collection[]): Collection | undefined {
  let first: Collection | undefined;
  for (const c of collections) if (first === undefined || ms(c.start) < ms(first.start)) first = c;
  return first;
}

/** The bag with the longest time from cryoprotectant to freezing (the earliest on a tie); undefined unless every bag has both times. */
function longestWaitToFreeze(bags: readonly CollectionBag[]): { added: Instant; started: Instant } | undefined {
  let longest: { added: Instant; started: Instant; wait: number } | undefined;
  for (const b of bags) {
    if (b.cryoprotectantAddedAt === null || !b.freezingStartRecorded || b.freezingStartedAt === null) return undefined;
    const wait = ms(b.freezingStartedAt) - ms(b.cryoprotectantAddedAt);
    if (longest === undefined || wait > longest.wait || (wait === longest.wait && ms(b.cryoprotectantAddedAt) < ms(longest.added))) {
      longest = { added: b.cryoprotectantAddedAt, started: b.freezingStartedAt, wait };
    }
  }
  return longest;
}

export function custodyJourneyFacts(state: CustodyState): CustodyJourneyFacts {
  const anchors: Partial<Record<CustodyAnchor, string>> = {};
  const done: Partial<Record<CustodyDeadlineEvent, string>> = {};
  const notApplicable: CustodyDeadlineEvent[] = state.pathway === 'fresh-to-manufacturer' ? ['freezing-started', 'cryopreservation-complete'] : [];

  const first = firstCollection(state.collections);
  if (first !== undefined) {
    anchors.leukapheresis = first.start;
    anchors['collection-end'] = first.end;
    const bags = state.collectionBags.filter((b) => first.bagIds.includes(b.bagId));
    const safe = whenEvery(bags, madeSafeAt);
    if (safe !== null) done['cold-storage-or-freezing-started'] = safe;
    if (state.pathway === 'cryopreserve-on-site') {
      const frozen = whenEvery(bags, (b) => b.cryopreservedAt);
      if (frozen !== null) {
        done['cryopreservation-complete'] = frozen;
        const wait = longestWaitToFreeze(bags);
        if (wait !== undefined) {
          anchors['cryoprotectant-added'] = wait.added;
          done['freezing-started'] = wait.started;
        }
      }
    }
  }

  const productBags = state.product?.bags ?? [];
  const thaw = earliestOf(productBags.map((b) => b.thawStartedAt));
  if (thaw !== null) anchors['thaw-start'] = thaw;
  const started = productBags.filter((b) => b.infusionStartedAt !== null);
  const infusionStart = earliestOf(started.map((b) => b.infusionStartedAt));
  if (infusionStart !== null) {
    anchors['infusion-start'] = infusionStart;
    done.infusion = infusionStart;
    done['infusion-or-repeat-ldc'] = infusionStart;
    const ended = whenEvery(started, (b) => b.infusionEndedAt);
    if (ended !== null) {
      anchors['infusion-end'] = ended;
      done['infusion-complete'] = ended;
    }
  }
  return { anchors, done, notApplicable };
}
