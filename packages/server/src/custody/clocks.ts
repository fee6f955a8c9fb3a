import { CustodyState, custodyClocks, type CustodyClock, type InstitutionSettings } from '@cartographer/core';
import { raiseAlert, resolveAlert } from '../alerts/store.js';
import { appendAudit, SYSTEM_ACTOR, type Actor } from '../audit/trail.js';
import { currentSettings } from '../context.js';
import type { Db, Tx } from '../db/connect.js';
import type { ChainRow } from './history.js';

/**
 * The custody clocks (core clocks.ts: 4 h to 2-8 °C or freezing, 24 h to cryopreservation,
 * thaw to end of infusion) as alerts: a warning from the institution's lead time, critical once
 * expired, resolved when met. Each chain keeps the next instant one of its clocks changes
 * (`clock_check_at`); the due-work worker looks at the chains whose instant has come, claimed
 * with SKIP LOCKED so that several server processes share the work.
 */
export const CLOCK_ALERT_KIND = 'custody-clock';

const BATCH = 100;

export const clockKey = (clock: Pick<CustodyClock, 'clock' | 'subject'>) => `${clock.clock}:${clock.subject}`;

/** When the clock next changes status: warning at warningFrom, expired just after dueAt (the due instant itself is on time). */
function nextChange(clock: CustodyClock): number | null {
  if (clock.status === 'running') return Date.parse(clock.warningFrom);
  if (clock.status === 'warning') return Date.parse(clock.dueAt) + 1;
  return null;
}

export interface ClockCheck {
  readonly raised: number;
  readonly escalated: number;
  readonly resolved: number;
  readonly nextCheckAt: Date | null;
}

/** Raises, updates and resolves the chain's clock alerts at `now`; returns when to look again. */
export async function evaluateChainClocks(tx: Tx, actor: Actor, chain: ChainRow, state: CustodyState, settings: InstitutionSettings, now: Date): Promise<ClockCheck> {
  let raised = 0;
  let escalated = 0;
  let resolved = 0;
  let next: number | null = null;
  const live = new Set(
    (await tx.selectFrom('alerts').select('key').where('patient_id', '=', chain.patient_id).where('kind', '=', CLOCK_ALERT_KIND).where('status', '<>', 'resolved').execute()).map((a) => a.key),
  );
  for (const clock of custodyClocks(state, now.toISOString(), settings)) {
    const key = clockKey(clock);
    if (clock.status === 'warning' || clock.status === 'expired') {
      const expired = clock.status === 'expired';
      const { change } = await raiseAlert(
        tx,
        actor,
        {
          patientId: chain.patient_id,
          episodeId: chain.episode_id,
          kind: CLOCK_ALERT_KIND,
          key,
          severity: expired ? 'critical' : 'warning',
          detail: { chainId: chain.id, coi: chain.coi, clock: clock.clock, subject: clock.subject, rule: clock.rule.id, startedAt: clock.startedAt, warningFrom: clock.warningFrom, dueAt: clock.dueAt, status: clock.status, level: expired ? 2 : 1 },
          dueAt: new Date(clock.dueAt),
        },
        now,
      );
      if (change === 'raised') raised += 1;
      else if (change === 'escalated') escalated += 1;
    } else if (live.has(key) && (await resolveAlert(tx, actor, chain.patient_id, CLOCK_ALERT_KIND, key, now, clock.status === 'met' ? 'custody clock met' : 'custody clock not yet due'))) {
      resolved += 1;
    }
    const change = nextChange(clock);
    if (change !== null && (next === null || change < next)) next = change;
  }
  return { raised, escalated, resolved, nextCheckAt: next === null ? null : new Date(next) };
}

/** Stores when the chain's clocks next change (audited: the worker acts on it). */
export async function scheduleClockCheck(tx: Tx, actor: Actor, chain: ChainRow, at: Date | null, now: Date): Promise<void> {
  if ((chain.clock_check_at?.getTime() ?? null) === (at?.getTime() ?? null)) return;
  await tx.updateTable('custody_chains').set({ clock_check_at: at }).where('id', '=', chain.id).execute();
  await appendAudit(
    tx,
    actor,
    { action: 'update', entityType: 'custody-chain', entityId: chain.id, patientId: chain.patient_id, before: { clockCheckAt: chain.clock_check_at }, after: { clockCheckAt: at } },
    now,
  );
}

export interface CustodyWorkReport {
  readonly chains: number;
  readonly raised: number;
  readonly escalated: number;
  readonly resolved: number;
}

/**
 * One turn of the custody clock check: every chain whose next clock change has come is
 * re-evaluated at `now`. The chain's stored state is the one its last accepted event produced
 * (written in that event's transaction).
 */
export async function runDueCustodyWork(db: Db, now: Date): Promise<CustodyWorkReport> {
  let report = { chains: 0, raised: 0, escalated: 0, resolved: 0 };
  for (;;) {
    const done = await db.transaction().execute(async (tx) => {
      const { settings } = await currentSettings(tx);
      const due = await tx.selectFrom('custody_chains').selectAll().where('clock_check_at', '<=', now).orderBy('clock_check_at').limit(BATCH).forUpdate().skipLocked().execute();
      for (const chain of due) {
        const check = await evaluateChainClocks(tx, SYSTEM_ACTOR, chain, CustodyState.parse(chain.state), settings, now);
        await scheduleClockCheck(tx, SYSTEM_ACTOR, chain, check.nextCheckAt, now);
        report = { chains: report.chains + 1, raised: report.raised + check.raised, escalated: report.escalated + check.escalated, resolved: report.resolved + check.resolved };
      }
      return due.length;
    });
    if (done < BATCH) return report;
  }
}
