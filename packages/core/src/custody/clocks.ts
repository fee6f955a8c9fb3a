import { defineRules, type Rule } from '../explain/rules.js';
import { registerMessages } from '../i18n/catalog.js';
import { DEFAULT_SETTINGS, type InstitutionSettings } from '../institution/settings.js';
import { CRYO_THRESHOLDS } from '../journey/cryopreservation.js';
import { INFUSION_THRESHOLDS } from '../journey/infusion.js';
import { instantLike } from '../units/instant.js';
import { HOUR_MS, madeSafeAt, MINUTE_MS, ms, whenEvery } from './checks.js';
import { clockMessages } from './clocks.messages.js';
import type { CustodyState } from './state.js';

registerMessages(clockMessages);

/** The running custody clocks, each from the handbook. */
export const CLOCK_RULES = defineRules('custody-clock', {
  'cold-storage': { seed: [{ seed: 'handbook', section: '§1.4, item 6 (transport of apheresis material)' }], publications: ['qayed2022'] },
  cryopreservation: { seed: [{ seed: 'handbook', section: '§1.4, item 6 (transport of apheresis material)' }], publications: ['qayed2022'] },
  'thaw-to-infusion': { seed: [{ seed: 'handbook', section: '§2.2.3 (infusion)' }], publications: ['hayden2022'] },
});

export const CLOCK_KINDS = ['cold-storage', 'cryopreservation', 'thaw-to-infusion'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];
export const CLOCK_STATUSES = ['running', 'warning', 'expired', 'met'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

/** One running (or finished) custody clock. Instants are written in the offset of `startedAt`. */
export interface CustodyClock {
  readonly clock: ClockKind;
  readonly rule: Rule;
  /** What the clock runs for: the collection's DIN, or the product bag id. */
  readonly subject: string;
  readonly startedAt: string;
  readonly dueAt: string;
  /** From this instant on the clock is in warning. */
  readonly warningFrom: string;
  readonly status: ClockStatus;
  /** When the clock was stopped by the step it waits for; null while it runs. */
  readonly metAt: string | null;
  /** Met after the due time. */
  readonly late: boolean;
  /** Whole minutes until due while running or in warning; null otherwise. */
  readonly minutesLeft: number | null;
}

function clock(kind: ClockKind, subject: string, startedAt: string, dueMs: number, leadMinutes: number, metAt: string | null, nowMs: number): CustodyClock {
  const warningMs = dueMs - leadMinutes * MINUTE_MS;
  const base = {
    clock: kind,
    rule: CLOCK_RULES[kind],
    subject,
    startedAt,
    dueAt: instantLike(dueMs, startedAt),
    warningFrom: instantLike(warningMs, startedAt),
  };
  if (metAt !== null) return { ...base, status: 'met', metAt, late: ms(metAt) > dueMs, minutesLeft: null };
  // The due instant itself is still on time, as in the cryopreservation planner.
  if (nowMs > dueMs) return { ...base, status: 'expired', metAt: null, late: false, minutesLeft: null };
  const minutesLeft = Math.floor((dueMs - nowMs) / MINUTE_MS);
  return { ...base, status: nowMs >= warningMs ? 'warning' : 'running', metAt: null, late: false, minutesLeft };
}

/**
 * The custody clocks of a course at `now`:
 * - cold storage, per collection: every bag frozen, at 2-8 °C or shipped within 4 h of the end of
 *   collection (§1.4 item 6); warning `coldStorageClockLeadMinutes` before;
 * - cryopreservation, per collection on the on-site pathway: completed within 24 h of the end of
 *   collection (§1.4 item 6); warning `cryopreservationClockLeadMinutes` before;
 * - thaw to infusion, per thawed bag: infusion complete within 30 min of the start of thawing
 *   (§2.2.3); warning from 20 min, the lower end of the handbook's 20-30 minutes.
 * Thresholds come from CRYO_THRESHOLDS and INFUSION_THRESHOLDS.
 */
export function custodyClocks(state: CustodyState, now: string, settings: InstitutionSettings = DEFAULT_SETTINGS): CustodyClock[] {
  const nowMs = ms(now);
  const clocks: CustodyClock[] = [];
  for (const collection of state.collections) {
    const bags = state.collectionBags.filter((b) => b.din === collection.din);
    const endMs = ms(collection.end);
    const coldMet = whenEvery(bags, madeSafeAt);
    clocks.push(clock('cold-storage', collection.din, collection.end, endMs + CRYO_THRESHOLDS.coldStorageWithinHours * HOUR_MS, settings.coldStorageClockLeadMinutes, coldMet, nowMs));
    if (state.pathway === 'cryopreserve-on-site') {
      const cryoMet = whenEvery(bags, (b) => b.cryopreservedAt);
      clocks.push(clock('cryopreservation', collection.din, collection.end, endMs + CRYO_THRESHOLDS.cryopreserveWithinHours * HOUR_MS, settings.cryopreservationClockLeadMinutes, cryoMet, nowMs));
    }
  }
  const lead = INFUSION_THRESHOLDS.infusionCompleteLimitMinutes - INFUSION_THRESHOLDS.infusionCompleteFromMinutes;
  for (const bag of state.product?.bags ?? []) {
    if (bag.thawStartedAt === null) continue;
    const dueMs = ms(bag.thawStartedAt) + INFUSION_THRESHOLDS.infusionCompleteLimitMinutes * MINUTE_MS;
    clocks.push(clock('thaw-to-infusion', bag.bagId, bag.thawStartedAt, dueMs, lead, bag.infusionEndedAt, nowMs));
  }
  return clocks;
}
