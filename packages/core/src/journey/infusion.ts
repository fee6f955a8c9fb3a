import * as z from 'zod';
import type { Action, BasisEntry, Warning } from '../explain/result.js';
import { assessed, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { instantLike } from '../units/instant.js';
import { Instant, instantToEpochMs } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { infusionMessages } from './infusion.messages.js';

registerMessages(infusionMessages);

const receipt = { seed: 'handbook', section: '§2.2.1 (product receipt)' } as const;
const thaw = { seed: 'handbook', section: '§2.2.2 (thawing)' } as const;
const preThaw = { seed: 'handbook', section: '§2.2.3 (before thawing)' } as const;
const infusion = { seed: 'handbook', section: '§2.2.3 (infusion)' } as const;
const h = (...seed: { seed: 'handbook'; section: string }[]): RuleSources => ({ seed, publications: ['hayden2022'] });

/** Product receipt, thaw and infusion: handbook §2.2.1-2.2.3 (Hayden 2022). */
export const INFUSION_RULES = defineRules('infusion', {
  // §2.2.1 receipt.
  'coi-two-person-done': h(receipt),
  'coi-two-person-not-done': h(receipt),
  'release-documents-reviewed': h(receipt),
  'release-documents-not-reviewed': h(receipt),
  'within-specification': h(receipt),
  'oos-contaminated': h(receipt),
  'oos-documented': h(receipt),
  'oos-documentation-incomplete': h(receipt),
  'inventory-done': h(receipt),
  'inventory-not-done': h(receipt),
  'storage-check-done': h(receipt),
  'storage-check-not-done': h(receipt),
  'receipt-accepted': h(receipt),
  'receipt-not-accepted': h(receipt),
  'receipt-incomplete': h(receipt),
  // §2.2.2 and §2.2.3 before thawing.
  'order-identity-confirmed': h(thaw),
  'order-identity-not-confirmed': h(thaw),
  'transport-monitored': h(thaw),
  'transport-not-monitored': h(thaw),
  'exclusion-absent': h(preThaw),
  'exclusion-present': h(preThaw),
  'iv-line-ready': h(preThaw),
  'iv-line-not-ready': h(preThaw),
  'monitor-ready': h(preThaw),
  'monitor-not-ready': h(preThaw),
  'warmer-ready': h(preThaw),
  'warmer-not-ready': h(preThaw),
  'item-missing': h(receipt, thaw, preThaw),
  'ready-to-thaw': h(receipt, thaw, preThaw),
  'not-ready-to-thaw': h(receipt, thaw, preThaw),
  'thawed-while-not-ready': h(receipt, thaw, preThaw),
  // Premedication.
  acetaminophen: h(preThaw),
  antihistamine: h(preThaw),
  'premedication-window': h(preThaw),
  'acetaminophen-in-window': h(preThaw),
  'acetaminophen-too-early': h(preThaw),
  'acetaminophen-too-late': h(preThaw),
  'antihistamine-in-window': h(preThaw),
  'antihistamine-too-early': h(preThaw),
  'antihistamine-too-late': h(preThaw),
  // Retired in ruleset 2026.12.0 (they did not name the drug they timed); kept so that results
  // stored under earlier rulesets still render.
  'premedication-in-window': h(preThaw),
  'premedication-too-early': h(preThaw),
  'premedication-too-late': h(preThaw),
  'premedication-no-reference': h(preThaw),
  'premedication-dose-not-given': h(preThaw),
  'systemic-steroids-refused': h(preThaw),
  'systemic-steroids-avoid': h(preThaw),
  'systemic-steroids-planned': h(preThaw),
  // Thaw and infusion.
  'thaw-in-warmer': h(thaw, preThaw),
  'one-bag-at-a-time': h(thaw),
  'bag-order-ok': h(thaw),
  'bag-thawed-early': h(thaw),
  'thaw-next-bag-refused': h(thaw),
  'bag-order-unverifiable': h(thaw),
  'bedside-two-person-check': h(infusion),
  'no-leukocyte-filter': h(infusion),
  'infusion-due': h(infusion),
  'infusion-on-time': h(infusion),
  'infusion-late': h(infusion),
  'infusion-overdue': h(infusion),
  'infusion-pending': h(infusion),
  'staff-present-monitoring': h(infusion),
  // Vital signs and reactions.
  'vitals-during': h(infusion),
  'vitals-after': h(infusion),
  'vitals-observation-default': h(infusion),
  'vitals-start-missing': h(infusion),
  'vitals-end-missing': h(infusion),
  'vitals-due': h(infusion),
  'vitals-overdue': h(infusion),
  'vitals-unverified': h(infusion),
  'reactions-common': h(infusion),
  'reactions-severe': h(infusion),
  'record-infusion': h(infusion),
});
const R = INFUSION_RULES;

/** The numbers the rules use, as the handbook states them. */
export const INFUSION_THRESHOLDS = Object.freeze({
  /** Premedication 30-60 minutes before infusion (both ends inclusive). */
  premedicationMinMinutesBefore: 30,
  premedicationMaxMinutesBefore: 60,
  /** Infusion complete within 20-30 minutes of the start of thawing: 30 is the limit, 20 the lower end shown. */
  infusionCompleteFromMinutes: 20,
  infusionCompleteLimitMinutes: 30,
  /** Vital signs every 15 minutes during infusion, every 30 minutes for at least 1-2 hours after. */
  vitalsDuringEveryMinutes: 15,
  vitalsAfterEveryMinutes: 30,
  postObservationMinHours: 1,
  postObservationRangeMaxHours: 2,
  /** Default: the upper end of the 1-2 hour range (a shorter watch is the physician's explicit choice). */
  postObservationDefaultHours: 2,
  /** Warmer at 37 +/- 2 Cel; after thawing the product stays at room temperature, 20-25 Cel. */
  warmerCelsius: 37,
  warmerToleranceCelsius: 2,
  roomTemperatureMinCelsius: 20,
  roomTemperatureMaxCelsius: 25,
});
const T = INFUSION_THRESHOLDS;
const MINUTE = 60_000;

export const INFUSION_EXCLUSIONS = ['activeInfection', 'heartFailure', 'uncontrolledArrhythmia', 'shockRequiringVasopressors', 'recentOrganFailure'] as const;
export type InfusionExclusion = (typeof INFUSION_EXCLUSIONS)[number];

const Receipt = z
  .object({
    chainOfIdentityVerifiedByTwo: z.boolean().optional().describe('Chain-of-identity documents checked by two people together.'),
    releaseDocumentsReviewed: z.boolean().optional().describe("Manufacturer's release documents reviewed (viable CAR-T count, volume, shipping temperature, sterility, QC)."),
    outOfSpecification: z.boolean().optional().describe('The product is out of specification (OOS).'),
    oos: z
      .object({
        microbialOrHarmfulContamination: z.boolean().optional().describe('OOS because of microbial or harmful-substance contamination: never usable.'),
        detailsOnReleaseCertificate: z.boolean().optional(),
        manufacturerRiskAssessment: z.boolean().optional().describe("Manufacturer's written risk assessment provided."),
        physicianStatement: z.boolean().optional().describe("Treating physician's written statement on use."),
        patientWrittenConsent: z.boolean().optional().describe("Patient's written consent."),
      })
      .strict()
      .optional(),
    inventoryByBagNumber: z.boolean().optional().describe('Logged into inventory by its unique bag number.'),
    storageCheckDone: z.boolean().optional().describe('On removal from the dry shipper: identity, bag count and integrity (no leak) re-checked, product placed in liquid nitrogen.'),
  })
  .strict();

const PreThaw = z
  .object({
    orderAndIdentityConfirmed: z.boolean().optional().describe('Infusion order, patient-product identity and release criteria confirmed.'),
    transportTemperatureMonitored: z.boolean().optional().describe('Temperature monitored from storage to the bedside.'),
    activeInfection: z.boolean().optional(),
    heartFailure: z.boolean().optional(),
    uncontrolledArrhythmia: z.boolean().optional(),
    shockRequiringVasopressors: z.boolean().optional(),
    recentOrganFailure: z.boolean().optional(),
    ivLinePatent: z.boolean().optional().describe('IV line tested sterile and patent.'),
    monitorConnected: z.boolean().optional().describe('SpO2, ECG and blood-pressure monitor connected.'),
    warmerReady: z.boolean().optional().describe('Dry or water warmer set to 37 +/- 2 Cel.'),
  })
  .strict();

const Bag = z
  .object({
    thawStart: Instant.describe('Start of thawing this bag (ISO instant with offset).'),
    infusionStart: Instant.optional(),
    infusionEnd: Instant.optional().describe('End of the infusion of this bag.'),
  })
  .strict();

export const InfusionInput = z
  .object({
    receipt: Receipt.default({}),
    preThaw: PreThaw.default({}),
    premedication: z
      .object({
        acetaminophenAt: Instant.optional(),
        antihistamineAt: Instant.optional(),
        systemicSteroidPlanned: z.boolean().optional().describe('A systemic corticosteroid planned as premedication (refused).'),
      })
      .strict()
      .default({}),
    plannedInfusionStart: Instant.optional().describe('Planned start of the first infusion, for the premedication window before any bag is thawed.'),
    bags: z.array(Bag).default([]).describe('Bags in the order thawed: thaw start and infusion times.'),
    postInfusionObservationHours: z
      .number()
      .max(24)
      .default(T.postObservationDefaultHours)
      .describe('Hours of vital signs every 30 minutes after the infusion: at least 1 (handbook 1-2); default 2.'),
    vitalSignsRecordedAt: z.array(Instant).optional().describe('Instants at which vital signs were recorded.'),
    now: Instant.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.postInfusionObservationHours < T.postObservationMinHours) refuse(ctx, ['postInfusionObservationHours'], 'infusion.input.observation-below-minimum');
    let previousThaw = Number.NEGATIVE_INFINITY;
    input.bags.forEach((b, i) => {
      const t = Date.parse(b.thawStart);
      const s = b.infusionStart === undefined ? undefined : Date.parse(b.infusionStart);
      const e = b.infusionEnd === undefined ? undefined : Date.parse(b.infusionEnd);
      if (t < previousThaw) refuse(ctx, ['bags', i, 'thawStart'], 'infusion.input.bags-out-of-order');
      previousThaw = t;
      if (s !== undefined && s < t) refuse(ctx, ['bags', i, 'infusionStart'], 'infusion.input.infusion-before-thaw');
      if (e !== undefined && (e < t || (s !== undefined && e < s))) refuse(ctx, ['bags', i, 'infusionEnd'], 'infusion.input.end-before-start');
    });
    if (input.receipt.outOfSpecification === false && input.receipt.oos !== undefined) refuse(ctx, ['receipt', 'oos'], 'infusion.input.oos-details-without-oos');
  })
  .transform((input) => ({
    ...input,
    ms: {
      bags: input.bags.map((b) => ({
        thaw: instantToEpochMs(b.thawStart),
        start: b.infusionStart === undefined ? undefined : instantToEpochMs(b.infusionStart),
        end: b.infusionEnd === undefined ? undefined : instantToEpochMs(b.infusionEnd),
      })),
      planned: input.plannedInfusionStart === undefined ? undefined : instantToEpochMs(input.plannedInfusionStart),
      acetaminophen: input.premedication.acetaminophenAt === undefined ? undefined : instantToEpochMs(input.premedication.acetaminophenAt),
      antihistamine: input.premedication.antihistamineAt === undefined ? undefined : instantToEpochMs(input.premedication.antihistamineAt),
      recorded: input.vitalSignsRecordedAt?.map(instantToEpochMs).sort((a, b) => a - b),
      now: input.now === undefined ? undefined : instantToEpochMs(input.now),
    },
  }));
export type InfusionInput = z.output<typeof InfusionInput>;

export const INFUSION_ITEM_STATUSES = ['pass', 'fail', 'missing', 'not-applicable'] as const;
type ItemStatus = (typeof INFUSION_ITEM_STATUSES)[number];
export const INFUSION_BAG_STATUSES = ['on-time', 'late', 'pending', 'overdue'] as const;
type BagStatus = (typeof INFUSION_BAG_STATUSES)[number];
export const INFUSION_BAG_ORDER = ['first', 'after-previous-ended', 'thawed-before-previous-ended', 'cannot-verify'] as const;
type BagOrder = (typeof INFUSION_BAG_ORDER)[number];
export const INFUSION_PREMEDICATION_STATUSES = ['in-window', 'too-early', 'too-late', 'not-recorded', 'cannot-assess'] as const;
type PremedStatus = (typeof INFUSION_PREMEDICATION_STATUSES)[number];
export const INFUSION_VITALS_STATUSES = ['upcoming', 'due', 'done', 'overdue', 'unverified'] as const;
type VitalsStatus = (typeof INFUSION_VITALS_STATUSES)[number];

const Item = z.object({ item: z.string(), status: z.enum(INFUSION_ITEM_STATUSES), missing: z.array(z.string()).optional() });
type Item = z.infer<typeof Item>;

export const InfusionValue = z.object({
  receipt: z.object({
    status: z.enum(['accepted', 'not-accepted', 'incomplete']),
    items: z.array(Item),
  }),
  readyToThaw: z.object({ ready: z.boolean(), items: z.array(Item), missing: z.array(z.string()), notMet: z.array(z.string()) }),
  premedication: z.object({
    reference: z.string().nullable().describe('Infusion start the window is counted back from.'),
    windowFrom: z.string().nullable(),
    windowTo: z.string().nullable(),
    acetaminophen: z.enum(INFUSION_PREMEDICATION_STATUSES),
    antihistamine: z.enum(INFUSION_PREMEDICATION_STATUSES),
  }),
  bags: z.array(
    z.object({
      bag: z.number().int().describe('1-based, in thaw order.'),
      thawStart: z.string(),
      completeFrom: z.string().describe('Thaw start + 20 minutes (lower end of the 20-30 minute range).'),
      dueBy: z.string().describe('Thaw start + 30 minutes: infusion complete by then.'),
      infusionEnd: z.string().nullable(),
      minutesFromThawToEnd: z.number().nullable(),
      status: z.enum(INFUSION_BAG_STATUSES),
      order: z.enum(INFUSION_BAG_ORDER),
    }),
  ),
  vitals: z.object({
    duringEveryMinutes: z.number(),
    afterEveryMinutes: z.number(),
    postObservationHours: z.number(),
    postScheduled: z.boolean().describe('False while the infusion end is unknown.'),
    checks: z.array(z.object({ at: z.string(), phase: z.enum(['during', 'after']), status: z.enum(INFUSION_VITALS_STATUSES).optional() })),
  }),
  reactionsToWatch: z.object({ common: z.array(z.string()), severe: z.array(z.string()) }),
});
export type InfusionValue = z.infer<typeof InfusionValue>;

export const INFUSION_REACTIONS = Object.freeze({
  common: Object.freeze(['nausea', 'vomiting', 'abdominal-pain', 'garlic-odor'] as const),
  severe: Object.freeze(['hypotension', 'hypertension', 'bradycardia', 'cardiac-arrest', 'chest-tightness', 'rash', 'anaphylaxis'] as const),
});

interface Out {
  readonly basis: BasisEntry[];
  readonly actions: Action[];
  readonly warnings: Warning[];
}

/** One yes/no item: true passes when passWhen is true, missing is missing. */
function flagItem(items: Item[], item: string, field: string, value: boolean | undefined, pass: Rule, fail: Rule, passWhen: boolean, out: Out): ItemStatus {
  if (value === undefined) {
    out.warnings.push({ rule: R['item-missing'], field });
    items.push({ item, status: 'missing', missing: [field] });
    return 'missing';
  }
  const ok = value === passWhen;
  out.basis.push({ rule: ok ? pass : fail, field, observed: value });
  const status: ItemStatus = ok ? 'pass' : 'fail';
  items.push({ item, status });
  return status;
}

function oosInto(input: InfusionInput, items: Item[], out: Out): void {
  const r = input.receipt;
  if (r.outOfSpecification === undefined) {
    out.warnings.push({ rule: R['item-missing'], field: 'receipt.outOfSpecification' });
    items.push({ item: 'specification', status: 'missing', missing: ['receipt.outOfSpecification'] });
    return;
  }
  if (!r.outOfSpecification) {
    out.basis.push({ rule: R['within-specification'], field: 'receipt.outOfSpecification', observed: false });
    items.push({ item: 'specification', status: 'pass' });
    return;
  }
  const oos = r.oos ?? {};
  if (oos.microbialOrHarmfulContamination === true) {
    out.basis.push({ rule: R['oos-contaminated'], field: 'receipt.oos.microbialOrHarmfulContamination', observed: true });
    items.push({ item: 'specification', status: 'fail' });
    return;
  }
  const required = [
    ['receipt.oos.microbialOrHarmfulContamination', oos.microbialOrHarmfulContamination === undefined ? undefined : !oos.microbialOrHarmfulContamination],
    ['receipt.oos.detailsOnReleaseCertificate', oos.detailsOnReleaseCertificate],
    ['receipt.oos.manufacturerRiskAssessment', oos.manufacturerRiskAssessment],
    ['receipt.oos.physicianStatement', oos.physicianStatement],
    ['receipt.oos.patientWrittenConsent', oos.patientWrittenConsent],
  ] as const;
  const missing = required.filter(([, v]) => v === undefined).map(([f]) => f);
  const absent = required.filter(([, v]) => v === false).map(([f]) => f);
  for (const f of missing) out.warnings.push({ rule: R['item-missing'], field: f });
  if (absent.length > 0) {
    for (const f of absent) out.basis.push({ rule: R['oos-documentation-incomplete'], field: f, observed: false });
    items.push({ item: 'specification', status: 'fail' });
  } else if (missing.length > 0) {
    items.push({ item: 'specification', status: 'missing', missing });
  } else {
    out.basis.push({ rule: R['oos-documented'], field: 'receipt.oos', observed: true });
    items.push({ item: 'specification', status: 'pass' });
  }
}

function receiptInto(input: InfusionInput, out: Out): InfusionValue['receipt'] {
  const r = input.receipt;
  const items: Item[] = [];
  flagItem(items, 'chain-of-identity', 'receipt.chainOfIdentityVerifiedByTwo', r.chainOfIdentityVerifiedByTwo, R['coi-two-person-done'], R['coi-two-person-not-done'], true, out);
  flagItem(items, 'release-documents', 'receipt.releaseDocumentsReviewed', r.releaseDocumentsReviewed, R['release-documents-reviewed'], R['release-documents-not-reviewed'], true, out);
  oosInto(input, items, out);
  flagItem(items, 'inventory', 'receipt.inventoryByBagNumber', r.inventoryByBagNumber, R['inventory-done'], R['inventory-not-done'], true, out);
  flagItem(items, 'storage-check', 'receipt.storageCheckDone', r.storageCheckDone, R['storage-check-done'], R['storage-check-not-done'], true, out);
  const failed = items.some((i) => i.status === 'fail');
  const missing = items.some((i) => i.status === 'missing');
  const status = failed ? 'not-accepted' : missing ? 'incomplete' : 'accepted';
  const rule = status === 'accepted' ? R['receipt-accepted'] : status === 'not-accepted' ? R['receipt-not-accepted'] : R['receipt-incomplete'];
  out.basis.push({ rule, field: 'receipt', observed: items.filter((i) => i.status === 'pass').length, yields: status });
  return { status, items };
}

function readinessInto(input: InfusionInput, receiptStatus: InfusionValue['receipt']['status'], out: Out): InfusionValue['readyToThaw'] {
  const p = input.preThaw;
  const items: Item[] = [{ item: 'receipt', status: receiptStatus === 'accepted' ? 'pass' : receiptStatus === 'not-accepted' ? 'fail' : 'missing' }];
  flagItem(items, 'order-and-identity', 'preThaw.orderAndIdentityConfirmed', p.orderAndIdentityConfirmed, R['order-identity-confirmed'], R['order-identity-not-confirmed'], true, out);
  flagItem(items, 'transport-temperature', 'preThaw.transportTemperatureMonitored', p.transportTemperatureMonitored, R['transport-monitored'], R['transport-not-monitored'], true, out);
  for (const e of INFUSION_EXCLUSIONS) flagItem(items, e, `preThaw.${e}`, p[e], R['exclusion-absent'], R['exclusion-present'], false, out);
  flagItem(items, 'iv-line', 'preThaw.ivLinePatent', p.ivLinePatent, R['iv-line-ready'], R['iv-line-not-ready'], true, out);
  flagItem(items, 'monitor', 'preThaw.monitorConnected', p.monitorConnected, R['monitor-ready'], R['monitor-not-ready'], true, out);
  flagItem(items, 'warmer', 'preThaw.warmerReady', p.warmerReady, R['warmer-ready'], R['warmer-not-ready'], true, out);
  const missing = items.filter((i) => i.status === 'missing').map((i) => i.item);
  const notMet = items.filter((i) => i.status === 'fail').map((i) => i.item);
  const ready = missing.length === 0 && notMet.length === 0;
  out.basis.push({ rule: ready ? R['ready-to-thaw'] : R['not-ready-to-thaw'], field: 'preThaw', observed: ready, yields: ready ? 'ready' : 'not-ready' });
  return { ready, items, missing, notMet };
}

/** The timing rules of one premedication drug: each line names the drug it times. */
interface PremedRules {
  readonly inWindow: Rule;
  readonly tooEarly: Rule;
  readonly tooLate: Rule;
}
const ACETAMINOPHEN_TIMING: PremedRules = { inWindow: R['acetaminophen-in-window'], tooEarly: R['acetaminophen-too-early'], tooLate: R['acetaminophen-too-late'] };
const ANTIHISTAMINE_TIMING: PremedRules = { inWindow: R['antihistamine-in-window'], tooEarly: R['antihistamine-too-early'], tooLate: R['antihistamine-too-late'] };

function premedStatus(given: number | undefined, reference: number | undefined, field: string, rules: PremedRules, out: Out): PremedStatus {
  if (given === undefined) return 'not-recorded';
  if (reference === undefined) return 'cannot-assess';
  const before = (reference - given) / MINUTE;
  const rounded = Math.round(before * 100) / 100;
  if (before > T.premedicationMaxMinutesBefore) {
    out.basis.push({ rule: rules.tooEarly, field, observed: rounded, unit: 'min', threshold: { comparator: '<=', value: T.premedicationMaxMinutesBefore, unit: 'min' } });
    return 'too-early';
  }
  if (before < T.premedicationMinMinutesBefore) {
    out.basis.push({ rule: rules.tooLate, field, observed: rounded, unit: 'min', threshold: { comparator: '>=', value: T.premedicationMinMinutesBefore, unit: 'min' } });
    return 'too-late';
  }
  out.basis.push({
    rule: rules.inWindow,
    field,
    observed: rounded,
    unit: 'min',
    threshold: { comparator: 'between', value: [T.premedicationMinMinutesBefore, T.premedicationMaxMinutesBefore], unit: 'min' },
  });
  return 'in-window';
}

function premedicationInto(input: InfusionInput, out: Out): InfusionValue['premedication'] {
  const firstStart = input.ms.bags[0]?.start;
  const refMs = firstStart ?? input.ms.planned;
  const refIso = firstStart !== undefined ? input.bags[0]!.infusionStart! : input.plannedInfusionStart;
  let from: string | null = null;
  let to: string | null = null;
  if (refMs === undefined || refIso === undefined) {
    out.warnings.push({ rule: R['premedication-no-reference'], field: 'plannedInfusionStart' });
  } else {
    from = instantLike(refMs - T.premedicationMaxMinutesBefore * MINUTE, refIso);
    to = instantLike(refMs - T.premedicationMinMinutesBefore * MINUTE, refIso);
    out.basis.push({ rule: R['premedication-window'], field: firstStart !== undefined ? 'bags[0].infusionStart' : 'plannedInfusionStart', observed: refIso, yields: `${from} – ${to}` });
  }
  const acetaminophen = premedStatus(input.ms.acetaminophen, refMs, 'premedication.acetaminophenAt', ACETAMINOPHEN_TIMING, out);
  const antihistamine = premedStatus(input.ms.antihistamine, refMs, 'premedication.antihistamineAt', ANTIHISTAMINE_TIMING, out);
  const due = to ?? undefined;
  out.actions.push({ rule: R.acetaminophen, status: 'consider', drug: 'acetaminophen', route: 'PO', frequency: 'once', ...(due === undefined ? {} : { dueBy: due }) });
  out.actions.push({ rule: R.antihistamine, status: 'consider', drug: 'diphenhydramine', frequency: 'once', ...(due === undefined ? {} : { dueBy: due }) });
  out.warnings.push({ rule: R['premedication-dose-not-given'] });
  const because: BasisEntry =
    input.premedication.systemicSteroidPlanned === true
      ? { rule: R['systemic-steroids-planned'], field: 'premedication.systemicSteroidPlanned', observed: true }
      : { rule: R['systemic-steroids-avoid'], field: 'premedication.systemicSteroidPlanned', observed: input.premedication.systemicSteroidPlanned ?? null };
  out.actions.push({ rule: R['systemic-steroids-refused'], status: 'refused', drug: 'systemic corticosteroid', refusedBecause: [because] });
  return { reference: refIso ?? null, windowFrom: from, windowTo: to, acetaminophen, antihistamine };
}

function bagsInto(input: InfusionInput, out: Out): InfusionValue['bags'] {
  const now = input.ms.now;
  return input.bags.map((b, i) => {
    const ms = input.ms.bags[i]!;
    const dueMs = ms.thaw + T.infusionCompleteLimitMinutes * MINUTE;
    const dueBy = instantLike(dueMs, b.thawStart);
    const completeFrom = instantLike(ms.thaw + T.infusionCompleteFromMinutes * MINUTE, b.thawStart);
    const field = `bags[${i}].infusionEnd`;
    let status: BagStatus;
    let minutes: number | null = null;
    const limit = { comparator: '<=', value: T.infusionCompleteLimitMinutes, unit: 'min' } as const;
    if (ms.end !== undefined) {
      minutes = Math.round(((ms.end - ms.thaw) / MINUTE) * 100) / 100;
      status = ms.end <= dueMs ? 'on-time' : 'late';
      out.basis.push({ rule: status === 'on-time' ? R['infusion-on-time'] : R['infusion-late'], field, observed: minutes, unit: 'min', threshold: status === 'on-time' ? limit : { ...limit, comparator: '>' }, yields: dueBy });
    } else if (now !== undefined && now > dueMs) {
      status = 'overdue';
      out.basis.push({ rule: R['infusion-overdue'], field, observed: null, yields: dueBy });
    } else {
      status = 'pending';
      out.warnings.push({ rule: R['infusion-pending'], field, params: { dueBy } });
    }
    if (status === 'pending' || status === 'overdue') {
      out.actions.push({ rule: R['infusion-due'], status: 'do', dueBy });
    }
    let order: BagOrder = 'first';
    if (i > 0) {
      const prevEnd = input.ms.bags[i - 1]!.end;
      if (prevEnd === undefined) {
        order = 'cannot-verify';
        out.warnings.push({ rule: R['bag-order-unverifiable'], field: `bags[${i - 1}].infusionEnd`, params: { bag: i + 1 } });
      } else if (ms.thaw < prevEnd) {
        order = 'thawed-before-previous-ended';
        const because: BasisEntry = { rule: R['bag-thawed-early'], field: `bags[${i}].thawStart`, observed: b.thawStart, threshold: { comparator: '>=', value: input.bags[i - 1]!.infusionEnd! } };
        out.basis.push(because);
        out.actions.push({ rule: R['thaw-next-bag-refused'], status: 'refused', refusedBecause: [because] });
      } else {
        order = 'after-previous-ended';
        out.basis.push({ rule: R['bag-order-ok'], field: `bags[${i}].thawStart`, observed: b.thawStart, threshold: { comparator: '>=', value: input.bags[i - 1]!.infusionEnd! } });
      }
    }
    return { bag: i + 1, thawStart: b.thawStart, completeFrom, dueBy, infusionEnd: b.infusionEnd ?? null, minutesFromThawToEnd: minutes, status, order };
  });
}

/** PT2H, PT1H30M: whole hours read as hours. */
function isoMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h > 0 ? `${h}H` : ''}${m > 0 || h === 0 ? `${m}M` : ''}`;
}

interface Check {
  at: number;
  phase: 'during' | 'after';
}

function vitalsInto(input: InfusionInput, out: Out): InfusionValue['vitals'] {
  const hours = input.postInfusionObservationHours;
  const base = { duringEveryMinutes: T.vitalsDuringEveryMinutes, afterEveryMinutes: T.vitalsAfterEveryMinutes, postObservationHours: hours };
  if (hours === T.postObservationDefaultHours) out.warnings.push({ rule: R['vitals-observation-default'], field: 'postInfusionObservationHours' });
  const first = input.ms.bags[0];
  const startIso = input.bags[0]?.infusionStart;
  if (first?.start === undefined || startIso === undefined) {
    out.warnings.push({ rule: R['vitals-start-missing'], field: 'bags[0].infusionStart' });
    return { ...base, postScheduled: false, checks: [] };
  }
  const lastIndex = input.bags.length - 1;
  const lastEnd = input.ms.bags[lastIndex]!.end;
  const checks: Check[] = [];
  const duringStep = T.vitalsDuringEveryMinutes * MINUTE;
  // During the infusion (first bag's start to last bag's end): every 15 minutes from the start.
  const duringUntil = lastEnd ?? input.ms.bags[lastIndex]!.thaw + T.infusionCompleteLimitMinutes * MINUTE;
  for (let t = first.start; t === first.start || t < duringUntil; t += duringStep) checks.push({ at: t, phase: 'during' });
  out.actions.push({ rule: R['vitals-during'], status: 'do', dueBy: startIso });
  if (lastEnd === undefined) {
    out.warnings.push({ rule: R['vitals-end-missing'], field: `bags[${lastIndex}].infusionEnd` });
  } else {
    const afterStep = T.vitalsAfterEveryMinutes * MINUTE;
    const until = lastEnd + hours * 60 * MINUTE;
    for (let t = lastEnd + afterStep; t <= until; t += afterStep) checks.push({ at: t, phase: 'after' });
    out.actions.push({ rule: R['vitals-after'], status: 'do', duration: isoMinutes(Math.round(hours * 60)) });
  }
  const now = input.ms.now;
  const recorded = input.ms.recorded;
  const rendered = checks.map((c, k) => {
    const at = instantLike(c.at, startIso);
    if (now === undefined) return { at, phase: c.phase };
    const slotEnd = checks[k + 1]?.at ?? c.at + (c.phase === 'during' ? duringStep : T.vitalsAfterEveryMinutes * MINUTE);
    let status: VitalsStatus;
    if (c.at > now) status = 'upcoming';
    else if (recorded !== undefined && recorded.some((r) => r >= c.at && r < slotEnd && r <= now)) status = 'done';
    else if (now < slotEnd) status = 'due';
    else status = recorded === undefined ? 'unverified' : 'overdue';
    if (status === 'due') out.actions.push({ rule: R['vitals-due'], status: 'do', dueBy: at });
    if (status === 'overdue') out.warnings.push({ rule: R['vitals-overdue'], field: 'vitalSignsRecordedAt', params: { at } });
    return { at, phase: c.phase, status };
  });
  if (now !== undefined && recorded === undefined && rendered.some((c) => c.status === 'unverified')) out.warnings.push({ rule: R['vitals-unverified'], field: 'vitalSignsRecordedAt' });
  return { ...base, postScheduled: lastEnd !== undefined, checks: rendered };
}

export function planInfusion(input: InfusionInput): Assessment<InfusionValue> {
  const out: Out = { basis: [], actions: [], warnings: [] };
  const receiptValue = receiptInto(input, out);
  const readyToThaw = readinessInto(input, receiptValue.status, out);
  const premedication = premedicationInto(input, out);
  out.actions.push({ rule: R['thaw-in-warmer'], status: 'do' });
  if (input.bags.length > 1) out.actions.push({ rule: R['one-bag-at-a-time'], status: 'do' });
  out.actions.push({ rule: R['bedside-two-person-check'], status: 'do' }, { rule: R['no-leukocyte-filter'], status: 'do' }, { rule: R['staff-present-monitoring'], status: 'do' });
  if (input.bags.length > 0 && !readyToThaw.ready) out.warnings.push({ rule: R['thawed-while-not-ready'], field: 'bags[0].thawStart' });
  const bags = bagsInto(input, out);
  const vitals = vitalsInto(input, out);
  out.actions.push({ rule: R['record-infusion'], status: 'do' });
  out.warnings.push({ rule: R['reactions-common'] }, { rule: R['reactions-severe'] });
  const value: InfusionValue = {
    receipt: receiptValue,
    readyToThaw,
    premedication,
    bags,
    vitals,
    reactionsToWatch: { common: [...INFUSION_REACTIONS.common], severe: [...INFUSION_REACTIONS.severe] },
  };
  return assessed('infusion', value, out.basis, out.actions, out.warnings);
}

function summaryOf(v: InfusionValue): Record<string, unknown> {
  if (v.bags.length > 0) {
    const n = v.bags.length;
    if (v.bags.some((b) => b.order === 'thawed-before-previous-ended')) return { variant: 'bag-order-deviation', bags: n };
    const late = v.bags.filter((b) => b.status === 'late' || b.status === 'overdue').length;
    if (late > 0) return { variant: 'infusion-late', late, bags: n };
    if (v.bags.some((b) => b.status === 'pending')) return { variant: 'infusion-in-progress', dueBy: v.bags[v.bags.length - 1]!.dueBy, bags: n };
    return { variant: 'infusion-on-time', bags: n };
  }
  const { ready, missing, notMet } = v.readyToThaw;
  if (ready) return { variant: 'ready' };
  if (notMet.length === 0) return { variant: 'not-ready-missing', missing: missing.join(', ') };
  if (missing.length === 0) return { variant: 'not-ready-not-met', notMet: notMet.join(', ') };
  return { variant: 'not-ready', missing: missing.join(', '), notMet: notMet.join(', ') };
}

export const infusionInstrument = defineInstrument({
  name: 'infusion',
  kind: 'planner',
  section: '002 §2.2.1-2.2.3',
  input: InfusionInput,
  value: InfusionValue,
  evaluate: (input) => planInfusion(input),
  summary: summaryOf,
});
