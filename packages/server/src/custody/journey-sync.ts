import { CUSTODY_ANCHORS, custodyJourneyFacts, type CustodyState } from '@cartographer/core';
import type { Actor } from '../audit/trail.js';
import type { ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { closeTasksTheCustodyRecordShows } from '../journey/custody-tasks.js';
import { recordAnchors } from '../journey/engine.js';
import type { JourneyChanges } from './schemas.js';

/**
 * An accepted custody step carried to the CAR-T course in the same transaction (after the chain's
 * stored state has been updated): the anchors it changed are recorded (creating or moving their
 * deadline tasks, as a recorded anchor does), and the deadline tasks the custody record now shows
 * done are completed by the person who did the step, with the custody event as the reason; a
 * deadline the pathway makes not applicable is cancelled (journey/custody-tasks.ts). Carrying only
 * what changed keeps an anchor a user corrected on the journey as they left it until the custody
 * record itself changes.
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
  const episode = await tx.selectFrom('episodes').selectAll().where('id', '=', chain.episode_id).executeTakeFirst();
  // A course closed or cancelled keeps its journey as it ended; the custody record still grows.
  if (!episode || episode.kind !== 'car-t-course' || episode.status !== 'active') return { anchors: [], completedTasks: [], cancelledTasks: [] };
  const was = custodyJourneyFacts(before);
  const is = custodyJourneyFacts(after);
  const anchors = CUSTODY_ANCHORS.flatMap((anchor) => {
    const at = is.anchors[anchor];
    return at === undefined || at === was.anchors[anchor] ? [] : [{ anchor, at }];
  });
  const reason = `custody event ${eventId}`;
  // With anchors to record, recordAnchors closes what the custody record shows once they are in.
  const closed =
    anchors.length > 0
      ? (await recordAnchors(ctx, tx, actor, { episodeId: episode.id, anchors: anchors.map((a) => ({ anchor: a.anchor, at: new Date(a.at) })), source: reason }, now)).closedByCustody
      : await closeTasksTheCustodyRecordShows(tx, actor, episode, reason, now);
  return { anchors, ...closed };
}
