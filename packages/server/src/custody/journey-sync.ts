import { CUSTODY_ANCHORS, custodyJourneyFacts, type CustodyState } from '@cartographer/core';
import type { Actor } from '../audit/trail.js';
import type { ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { closeTasksTheCustodyRecordShows } from '../journey/custody-tasks.js';
import { recordAnchor } from '../journey/engine.js';
import type { JourneyChanges } from './schemas.js';

/**
 * An accepted custody step carried to the CAR-T course in the same transaction (after the chain's
 * stored state has been updated): the anchors it fixes are recorded (creating or moving their
 * deadline tasks, as a recorded anchor does), and the deadline tasks the custody record now shows
 * done are completed by the person who did the step, with the custody event as the reason; a
 * deadline the pathway makes not applicable is cancelled (journey/custody-tasks.ts). Only anchors
 * this step changed are carried, so an anchor a user corrected on the journey stays as they left
 * it until the custody record itself changes.
 */
export async function syncJourneyWithCustody(
  ctx: ServerContext,
  tx: Tx,
  actor: Actor,
  chain: Row<'custody_chains'>,
  before: CustodyState,
  after: CustodyState,
  eventId: string,
  now: Date,
): Promise<JourneyChanges> {
  const changes: JourneyChanges = { anchors: [], completedTasks: [], cancelledTasks: [] };
  const episode = await tx.selectFrom('episodes').selectAll().where('id', '=', chain.episode_id).executeTakeFirst();
  // A course closed or cancelled keeps its journey as it ended; the custody record still grows.
  if (!episode || episode.kind !== 'car-t-course' || episode.status !== 'active') return changes;
  const was = custodyJourneyFacts(before);
  const is = custodyJourneyFacts(after);
  const reason = `custody event ${eventId}`;

  for (const anchor of CUSTODY_ANCHORS) {
    const at = is.anchors[anchor];
    if (at === undefined || at === was.anchors[anchor]) continue;
    const recorded = await recordAnchor(ctx, tx, actor, { episodeId: episode.id, anchor, at: new Date(at), source: reason }, now);
    changes.anchors.push({ anchor, at });
    changes.completedTasks.push(...recorded.closedByCustody.completedTasks);
    changes.cancelledTasks.push(...recorded.closedByCustody.cancelledTasks);
  }
  const closed = await closeTasksTheCustodyRecordShows(tx, actor, episode, reason, now);
  changes.completedTasks.push(...closed.completedTasks);
  changes.cancelledTasks.push(...closed.cancelledTasks);
  return changes;
}
