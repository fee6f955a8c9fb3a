import * as z from 'zod';
import type { Action, BasisEntry, Threshold, Warning } from '../explain/result.js';
import { above, atMost, assessed, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { instantLike } from '../units/instant.js';
import { Instant, instantToEpochMs, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { cryopreservationMessages } from './cryopreservation.messages.js';

registerMessages(cryopreservationMessages);

const transport = { seed: 'handbook', section: '§1.4, item 6 (transport of apheresis material)' } as const;
const processing = { seed: 'handbook', section: '§1.4, item 7 (cell processing and freezing, Kymriah example)' } as const;
const freezing = { seed: 'handbook', section: '§1.4, item 8 (controlled-rate freezing)' } as const;
const table3 = { seed: 'handbook', section: '§1.4, Table 3 (controlled-rate freezing profile, Kymriah example)' } as const;
const storage = { seed: 'handbook', section: '§1.4, item 9 (transfer to liquid nitrogen storage)' } as const;
const other = { seed: 'handbook', section: '§1.4, item 10 (other precautions)' } as const;
const q22 = (...seed: { seed: 'handbook'; section: string }[]): RuleSources => ({ seed, publications: ['qayed2022'] });

/** Storage, cryopreservation and transport of apheresis material: handbook §1.4 items 6-10, Table 3 (Qayed 2022). */
export const CRYO_RULES = defineRules('cryopreservation', {
  // Item 6: deadlines from the end of collection.
  'cold-storage-met': q22(transport),
  'cold-storage-pending': q22(transport),
  'cold-storage-overdue': q22(transport),
  'cryopreserve-met': q22(transport),
  'cryopreserve-pending': q22(transport),
  'cryopreserve-overdue': q22(transport),
  'fresh-to-manufacturer': q22(transport),
  'deadline-missed': q22(transport),
  // Item 8: from cryoprotectant to the freezer.
  'freeze-start-prompt': q22(freezing),
  'freeze-start-late': q22(freezing),
  'freeze-start-due': q22(freezing),
  // Item 7: values checked against the Kymriah example.
  'dmso-in-range': q22(processing),
  'dmso-out-of-range': q22(processing),
  'hsa-in-range': q22(processing),
  'hsa-out-of-range': q22(processing),
  'autologous-plasma-any': q22(processing),
  'ab-plasma-in-range': q22(processing),
  'ab-plasma-out-of-range': q22(processing),
  'cell-concentration-in-range': q22(processing),
  'cell-concentration-out-of-range': q22(processing),
  'qc-vial-volume-pass': q22(processing),
  'qc-vial-volume-fail': q22(processing),
  'value-not-given': q22(processing),
  'per-manufacturer': q22(processing, table3),
  'microbiology-negative': q22(processing),
  'microbiology-pending': q22(processing),
  'microbiology-positive': q22(processing),
  'microbiology-sample': q22(processing),
  'notify-manufacturer-and-director': q22(processing),
  // Item 8 and Table 3: the freezing profile and the recorded curve.
  'follow-profile': q22(freezing, table3),
  'curve-not-given': q22(freezing, table3),
  'curve-rate-within': q22(table3),
  'curve-rate-outside': q22(table3),
  'curve-rate-measured': q22(table3),
  'curve-step-not-reached': q22(table3),
  'curve-step-start-not-found': q22(table3),
  'curve-end-reached': q22(table3),
  'curve-end-not-reached': q22(table3),
  'curve-no-tolerance': q22(table3),
  'curve-conforms': q22(table3),
  'curve-does-not-conform': q22(table3),
  'curve-cannot-assess': q22(table3),
  // Items 6-10 as a checklist.
  'check-certified-container': q22(transport),
  'check-iso5-aseptic': q22(processing),
  'check-precool-cryoprotectant': q22(processing),
  'check-precool-cells': q22(processing),
  'check-qc-vial-from-final-product': q22(processing, freezing),
  'check-qc-vial-frozen-with-product': q22(processing, freezing),
  'check-qc-vial-ln2-with-product': q22(processing),
  'check-cold-until-freezing': q22(freezing),
  'check-curve-charted': q22(freezing, table3),
  'check-ln2-transport-monitored': q22(storage),
  'check-ppe': q22(storage),
  'check-one-patient-at-a-time': q22(other),
  'check-chain-of-identity-two-staff': q22(other),
  'check-confirmed': q22(transport, processing, freezing, storage, other),
});
const R = CRYO_RULES;

/** The numbers the rules use, as handbook §1.4 items 6-8 state them (Kymriah example). */
export const CRYO_THRESHOLDS = Object.freeze({
  /** Item 6: not frozen within 4 hours of the end of collection: store at 2-8 °C. */
  coldStorageWithinHours: 4,
  storageMinC: 2,
  storageMaxC: 8,
  /** Item 6: cryopreservation completed within 24 hours of the end of collection. */
  cryopreserveWithinHours: 24,
  /** Item 8: after the DMSO cryoprotectant is added, keep below 4 °C and start freezing, ideally within 20 minutes. */
  freezeStartWithinMinutes: 20,
  coldBelowC: 4,
  /** Item 7: DMSO 5-10% of the final product; HSA 2.5-5%; autologous plasma any %; human AB plasma below 5%. */
  dmsoMinPercent: 5,
  dmsoMaxPercent: 10,
  hsaMinPercent: 2.5,
  hsaMaxPercent: 5,
  abPlasmaBelowPercent: 5,
  /** Item 7: 0.5-2.5 x 10^8 WBC/mL. */
  cellConcentrationMin1e8PerMl: 0.5,
  cellConcentrationMax1e8PerMl: 2.5,
  /** Item 7: the QC vial holds at least 1 mL of the cryopreserved product. */
  qcVialMinMl: 1,
});
const T = CRYO_THRESHOLDS;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export interface FreezingStep {
  readonly step: number;
  readonly mode: 'wait' | 'cool' | 'warm' | 'end';
  /** Programmed rate, °C/min (negative cools); null for the wait and end steps. */
  readonly rateCPerMin: number | null;
  /** The previous step's target; null for the first and last steps. */
  readonly startC: number | null;
  /** Target temperature, °C; null for the end step. */
  readonly endC: number | null;
  /** Hold at the target, min; null when the step has none (end). */
  readonly holdMin: number | null;
  /** What the step does: equilibrate, ramp, or compensate the latent heat of fusion. */
  readonly purpose: 'equilibrate' | 'ramp' | 'eutectic-compensation' | 'end';
}

/**
 * Table 3, row by row. Row 1 shows two zeros under three columns (rate, target, duration): read
 * as a wait at 0 °C until the temperature has equilibrated, with no programmed rate. Durations
 * are holds at the target after the ramp (step 3 ramps 42 °C at 25 °C/min, longer than its
 * 1 min, so the column cannot be the ramp time).
 */
export const CRYO_FREEZING_PROFILE: readonly FreezingStep[] = Object.freeze([
  Object.freeze({ step: 1, mode: 'wait', rateCPerMin: null, startC: null, endC: 0, holdMin: 0, purpose: 'equilibrate' } as const),
  Object.freeze({ step: 2, mode: 'cool', rateCPerMin: -1, startC: 0, endC: -5, holdMin: 15, purpose: 'ramp' } as const),
  Object.freeze({ step: 3, mode: 'cool', rateCPerMin: -25, startC: -5, endC: -47, holdMin: 1, purpose: 'eutectic-compensation' } as const),
  Object.freeze({ step: 4, mode: 'warm', rateCPerMin: 10, startC: -47, endC: -9, holdMin: 0, purpose: 'eutectic-compensation' } as const),
  Object.freeze({ step: 5, mode: 'cool', rateCPerMin: -1, startC: -9, endC: -40, holdMin: 0, purpose: 'ramp' } as const),
  Object.freeze({ step: 6, mode: 'cool', rateCPerMin: -10, startC: -40, endC: -90, holdMin: 10, purpose: 'ramp' } as const),
  Object.freeze({ step: 7, mode: 'end', rateCPerMin: null, startC: null, endC: null, holdMin: null, purpose: 'end' } as const),
]);
/** The final target of the profile (step 6). */
export const CRYO_END_TEMPERATURE_C = -90;

export const CRYO_EVENTS = ['refrigerated', 'cryoprotectant-added', 'freezing-started', 'freezing-completed'] as const;
type CryoEvent = (typeof CRYO_EVENTS)[number];
export const CRYO_PATHWAYS = ['cryopreserve-on-site', 'fresh-to-manufacturer'] as const;
export const CRYO_PROTEINS = ['hsa', 'autologous-plasma', 'ab-plasma'] as const;
export const CRYO_MICROBIOLOGY = ['not-sampled', 'pending', 'negative', 'positive'] as const;
export const CRYO_CHECKLIST_ITEMS = [
  'certified-container',
  'iso5-aseptic',
  'precool-cryoprotectant',
  'precool-cells',
  'qc-vial-from-final-product',
  'qc-vial-frozen-with-product',
  'qc-vial-ln2-with-product',
  'cold-until-freezing',
  'curve-charted',
  'ln2-transport-monitored',
  'ppe',
  'one-patient-at-a-time',
  'chain-of-identity-two-staff',
] as const;
type ChecklistItem = (typeof CRYO_CHECKLIST_ITEMS)[number];
const CHECKLIST: Readonly<Record<ChecklistItem, { rule: Rule; status: 'do' | 'consider' }>> = Object.freeze({
  'certified-container': { rule: R['check-certified-container'], status: 'do' },
  'iso5-aseptic': { rule: R['check-iso5-aseptic'], status: 'do' },
  // "May" in the handbook: pre-cooling is an option.
  'precool-cryoprotectant': { rule: R['check-precool-cryoprotectant'], status: 'consider' },
  'precool-cells': { rule: R['check-precool-cells'], status: 'consider' },
  'qc-vial-from-final-product': { rule: R['check-qc-vial-from-final-product'], status: 'do' },
  'qc-vial-frozen-with-product': { rule: R['check-qc-vial-frozen-with-product'], status: 'do' },
  'qc-vial-ln2-with-product': { rule: R['check-qc-vial-ln2-with-product'], status: 'do' },
  'cold-until-freezing': { rule: R['check-cold-until-freezing'], status: 'do' },
  'curve-charted': { rule: R['check-curve-charted'], status: 'do' },
  'ln2-transport-monitored': { rule: R['check-ln2-transport-monitored'], status: 'do' },
  ppe: { rule: R['check-ppe'], status: 'do' },
  'one-patient-at-a-time': { rule: R['check-one-patient-at-a-time'], status: 'do' },
  'chain-of-identity-two-staff': { rule: R['check-chain-of-identity-two-staff'], status: 'do' },
});

const CurvePoint = z
  .object({
    minute: z.number().min(0).max(1_440).describe('Minutes from the start of the run.'),
    chamberC: z.number().min(-200).max(60).describe('Chamber temperature, °C.'),
    sampleC: z.number().min(-200).max(60).describe('Sample (product probe) temperature, °C.'),
  })
  .strict();

export const CryoInput = z
  .object({
    collectionEnd: Instant.describe('End of the apheresis collection (ISO 8601 instant with offset); deadlines are written in its offset.'),
    now: Instant.describe('The time of this check (ISO 8601 instant with offset).'),
    pathway: z
      .enum(CRYO_PATHWAYS)
      .default('cryopreserve-on-site')
      .describe('Cryopreserved on site before shipment, or shipped fresh to the manufacturer (as the manufacturer specifies).'),
    events: z
      .array(z.object({ event: z.enum(CRYO_EVENTS), at: Instant }).strict())
      .default([])
      .describe('Storage events so far: placed at 2-8 °C, cryoprotectant added, controlled-rate freezing started and completed.'),
    dmsoPercent: quantity('percent').optional().describe('Final DMSO concentration in the product, %.'),
    protein: z
      .object({ kind: z.enum(CRYO_PROTEINS), percent: quantity('percent') })
      .strict()
      .optional()
      .describe('Protein in the cryoprotectant: human serum albumin, autologous plasma or human AB plasma, with its final %.'),
    cellConcentration: quantity('cellConcentration').optional().describe('WBC concentration of the product to be frozen (10*8/mL).'),
    qcVialVolume: quantity('volume').optional().describe('Volume of cryopreserved product in the QC vial, mL.'),
    microbiology: z.enum(CRYO_MICROBIOLOGY).optional().describe('Culture (bacteria and fungi) sampled after the cryoprotectant was added.'),
    freezingCurve: z.array(CurvePoint).min(2).optional().describe('The recorded controlled-rate freezing curve, in time order.'),
    rateToleranceCPerMin: z
      .number()
      .positive()
      .max(50)
      .optional()
      .describe('Allowed deviation of each step rate, °C/min: an institution setting (the handbook gives none); without it curve conformity cannot be assessed.'),
    checklist: z.partialRecord(z.enum(CRYO_CHECKLIST_ITEMS), z.boolean()).optional().describe('Checklist items already confirmed.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    const end = instantToEpochMs(input.collectionEnd);
    const now = instantToEpochMs(input.now);
    if (now < end) refuse(ctx, ['now'], 'cryopreservation.input.now-before-collection');
    const first: Partial<Record<CryoEvent, number>> = {};
    input.events.forEach((e, i) => {
      const at = instantToEpochMs(e.at);
      if (at < end) refuse(ctx, ['events', i, 'at'], 'cryopreservation.input.event-before-collection');
      if (at > now) refuse(ctx, ['events', i, 'at'], 'cryopreservation.input.event-after-now');
      if (first[e.event] === undefined || at < first[e.event]!) first[e.event] = at;
    });
    const order: [CryoEvent, CryoEvent][] = [
      ['cryoprotectant-added', 'freezing-started'],
      ['freezing-started', 'freezing-completed'],
      ['cryoprotectant-added', 'freezing-completed'],
    ];
    for (const [earlier, later] of order) {
      if (first[earlier] !== undefined && first[later] !== undefined && first[later] < first[earlier]) {
        refuse(ctx, ['events'], 'cryopreservation.input.event-order', { earlier, later });
      }
    }
    if (input.freezingCurve !== undefined) {
      for (let i = 1; i < input.freezingCurve.length; i++) {
        if (input.freezingCurve[i]!.minute <= input.freezingCurve[i - 1]!.minute) refuse(ctx, ['freezingCurve', i, 'minute'], 'cryopreservation.input.curve-not-increasing');
      }
    }
  })
  .transform((input) => {
    const endMs = instantToEpochMs(input.collectionEnd);
    const first: Partial<Record<CryoEvent, { ms: number; at: string }>> = {};
    for (const e of input.events) {
      const ms = instantToEpochMs(e.at);
      const seen = first[e.event];
      if (seen === undefined || ms < seen.ms) first[e.event] = { ms, at: e.at };
    }
    const coldMs = endMs + T.coldStorageWithinHours * HOUR_MS;
    const cryoMs = endMs + T.cryopreserveWithinHours * HOUR_MS;
    const added = first['cryoprotectant-added'];
    const freezeDueMs = added === undefined ? undefined : added.ms + T.freezeStartWithinMinutes * MINUTE_MS;
    return {
      ...input,
      nowMs: instantToEpochMs(input.now),
      first,
      coldDeadline: { ms: coldMs, at: instantLike(coldMs, input.collectionEnd) },
      cryoDeadline: { ms: cryoMs, at: instantLike(cryoMs, input.collectionEnd) },
      freezeDue: freezeDueMs === undefined ? undefined : { ms: freezeDueMs, at: instantLike(freezeDueMs, added!.at) },
    };
  });
export type CryoInput = z.output<typeof CryoInput>;

const DEADLINE_STATUSES = ['on-time', 'overdue', 'not-applicable'] as const;
const CHECK_STATUSES = ['in-range', 'out-of-range', 'not-given'] as const;
const VALUE_CHECKS = ['dmso', 'protein', 'cell-concentration', 'qc-vial-volume'] as const;
type ValueCheck = (typeof VALUE_CHECKS)[number];
const STEP_STATUSES = ['within', 'outside', 'measured', 'not-reached', 'cannot-assess'] as const;
type StepStatus = (typeof STEP_STATUSES)[number];
const CONFORMITY = ['conforms', 'does-not-conform', 'cannot-assess'] as const;
type Conformity = (typeof CONFORMITY)[number];

const Deadline = z.object({
  deadline: z.string().describe('ISO 8601 instant, in the offset of collectionEnd.'),
  status: z.enum(DEADLINE_STATUSES),
  completedAt: z.string().nullable().describe('The event that met (or missed) the deadline, when recorded.'),
  minutesLeft: z.number().nullable().describe('Minutes until the deadline, while it is still open.'),
});

export const CryoValue = z.object({
  pathway: z.enum(CRYO_PATHWAYS),
  coldStorage: Deadline.describe('Freezing started or product at 2-8 °C within 4 h of the end of collection.'),
  cryopreservation: Deadline.describe('Cryopreservation completed within 24 h of the end of collection.'),
  freezeStart: z
    .object({ dueBy: z.string(), minutesAfterCryoprotectant: z.number().nullable(), status: z.enum(['on-time', 'late', 'open']) })
    .nullable()
    .describe('Freezing started within 20 min of adding the cryoprotectant (a target: "as far as possible").'),
  checks: z.array(z.object({ check: z.enum(VALUE_CHECKS), status: z.enum(CHECK_STATUSES), observed: z.number().nullable() })),
  microbiology: z.enum(CRYO_MICROBIOLOGY).nullable(),
  profile: z.array(
    z.object({
      step: z.number().int(),
      mode: z.enum(['wait', 'cool', 'warm', 'end']),
      rateCPerMin: z.number().nullable(),
      startC: z.number().nullable(),
      endC: z.number().nullable(),
      holdMin: z.number().nullable(),
      purpose: z.enum(['equilibrate', 'ramp', 'eutectic-compensation', 'end']),
    }),
  ),
  curve: z
    .object({
      conformity: z.enum(CONFORMITY),
      toleranceCPerMin: z.number().nullable(),
      endTemperatureReached: z.boolean(),
      chamberLowestC: z.number(),
      sampleFinalC: z.number(),
      steps: z.array(
        z.object({
          step: z.number().int(),
          programmedRateCPerMin: z.number(),
          measuredRateCPerMin: z.number().nullable(),
          startMinute: z.number().nullable(),
          reachedAtMinute: z.number().nullable(),
          status: z.enum(STEP_STATUSES),
        }),
      ),
    })
    .nullable(),
  checklist: z.array(z.object({ item: z.enum(CRYO_CHECKLIST_ITEMS), confirmed: z.boolean() })),
});
export type CryoValue = z.infer<typeof CryoValue>;
type CurveValue = NonNullable<CryoValue['curve']>;

interface Out {
  readonly basis: BasisEntry[];
  readonly actions: Action[];
  readonly warnings: Warning[];
}

const between = (min: number, max: number, unit: string): Threshold => ({ comparator: 'between', value: [min, max], unit });

/**
 * A deadline is met when its event happened at or before it; while nothing has happened it is
 * on time until `now` passes it. The deadline instant itself still counts as on time.
 */
function deadlineInto(
  done: { ms: number; at: string } | undefined,
  deadline: { ms: number; at: string },
  nowMs: number,
  rules: { met: Rule; pending: Rule; overdue: Rule },
  field: string,
  out: Out,
): CryoValue['coldStorage'] {
  if (done !== undefined) {
    const onTime = done.ms <= deadline.ms;
    out.basis.push({ rule: onTime ? rules.met : rules.overdue, field, observed: done.at, threshold: { comparator: '<=', value: deadline.at } });
    if (!onTime) out.warnings.push({ rule: R['deadline-missed'], field });
    return { deadline: deadline.at, status: onTime ? 'on-time' : 'overdue', completedAt: done.at, minutesLeft: null };
  }
  if (nowMs <= deadline.ms) {
    out.actions.push({ rule: rules.pending, status: 'do', dueBy: deadline.at });
    return { deadline: deadline.at, status: 'on-time', completedAt: null, minutesLeft: Math.floor((deadline.ms - nowMs) / MINUTE_MS) };
  }
  out.basis.push({ rule: rules.overdue, field, observed: null, threshold: { comparator: '<=', value: deadline.at } });
  out.warnings.push({ rule: R['deadline-missed'], field });
  return { deadline: deadline.at, status: 'overdue', completedAt: null, minutesLeft: null };
}

function deadlinesInto(input: CryoInput, out: Out): Pick<CryoValue, 'coldStorage' | 'cryopreservation'> {
  const cold = [input.first['refrigerated'], input.first['freezing-started']].filter((e) => e !== undefined);
  const coldDone = cold.length === 0 ? undefined : cold.reduce((a, b) => (b.ms < a.ms ? b : a));
  const coldStorage = deadlineInto(
    coldDone,
    input.coldDeadline,
    input.nowMs,
    { met: R['cold-storage-met'], pending: R['cold-storage-pending'], overdue: R['cold-storage-overdue'] },
    'events.refrigerated',
    out,
  );
  if (input.pathway === 'fresh-to-manufacturer') {
    out.basis.push({ rule: R['fresh-to-manufacturer'], field: 'pathway', observed: input.pathway });
    return { coldStorage, cryopreservation: { deadline: input.cryoDeadline.at, status: 'not-applicable', completedAt: null, minutesLeft: null } };
  }
  const cryopreservation = deadlineInto(
    input.first['freezing-completed'],
    input.cryoDeadline,
    input.nowMs,
    { met: R['cryopreserve-met'], pending: R['cryopreserve-pending'], overdue: R['cryopreserve-overdue'] },
    'events.freezing-completed',
    out,
  );
  return { coldStorage, cryopreservation };
}

function freezeStartInto(input: CryoInput, out: Out): CryoValue['freezeStart'] {
  const added = input.first['cryoprotectant-added'];
  if (added === undefined || input.freezeDue === undefined) return null;
  const started = input.first['freezing-started'];
  const threshold = atMost(T.freezeStartWithinMinutes, 'min');
  if (started !== undefined) {
    const minutes = Math.round(((started.ms - added.ms) / MINUTE_MS) * 10) / 10;
    const onTime = started.ms <= input.freezeDue.ms;
    if (onTime) out.basis.push({ rule: R['freeze-start-prompt'], field: 'events', observed: minutes, unit: 'min', threshold });
    else out.warnings.push({ rule: R['freeze-start-late'], field: 'events', params: { minutes } });
    return { dueBy: input.freezeDue.at, minutesAfterCryoprotectant: minutes, status: onTime ? 'on-time' : 'late' };
  }
  if (input.nowMs > input.freezeDue.ms) {
    const minutes = Math.round(((input.nowMs - added.ms) / MINUTE_MS) * 10) / 10;
    out.warnings.push({ rule: R['freeze-start-late'], field: 'events', params: { minutes } });
    return { dueBy: input.freezeDue.at, minutesAfterCryoprotectant: null, status: 'late' };
  }
  out.actions.push({ rule: R['freeze-start-due'], status: 'do', dueBy: input.freezeDue.at });
  return { dueBy: input.freezeDue.at, minutesAfterCryoprotectant: null, status: 'open' };
}

function valueChecksInto(input: CryoInput, out: Out): CryoValue['checks'] {
  const checks: CryoValue['checks'] = [];
  let outOfRange = false;
  const check = (name: ValueCheck, field: string, value: number | undefined, ok: (v: number) => boolean, pass: Rule, fail: Rule, threshold: Threshold, unit: string) => {
    if (value === undefined) {
      out.warnings.push({ rule: R['value-not-given'], field });
      return checks.push({ check: name, status: 'not-given', observed: null });
    }
    const inRange = ok(value);
    if (!inRange) outOfRange = true;
    out.basis.push({ rule: inRange ? pass : fail, field, observed: value, unit, threshold });
    checks.push({ check: name, status: inRange ? 'in-range' : 'out-of-range', observed: value });
  };
  check('dmso', 'dmsoPercent', input.dmsoPercent, (v) => v >= T.dmsoMinPercent && v <= T.dmsoMaxPercent, R['dmso-in-range'], R['dmso-out-of-range'], between(T.dmsoMinPercent, T.dmsoMaxPercent, '%'), '%');
  const protein = input.protein;
  if (protein === undefined) check('protein', 'protein', undefined, () => true, R['hsa-in-range'], R['hsa-out-of-range'], between(0, 0, '%'), '%');
  else if (protein.kind === 'hsa') {
    check('protein', 'protein.percent', protein.percent, (v) => v >= T.hsaMinPercent && v <= T.hsaMaxPercent, R['hsa-in-range'], R['hsa-out-of-range'], between(T.hsaMinPercent, T.hsaMaxPercent, '%'), '%');
  } else if (protein.kind === 'ab-plasma') {
    check('protein', 'protein.percent', protein.percent, (v) => v < T.abPlasmaBelowPercent, R['ab-plasma-in-range'], R['ab-plasma-out-of-range'], { comparator: '<', value: T.abPlasmaBelowPercent, unit: '%' }, '%');
  } else {
    out.basis.push({ rule: R['autologous-plasma-any'], field: 'protein.percent', observed: protein.percent, unit: '%' });
    checks.push({ check: 'protein', status: 'in-range', observed: protein.percent });
  }
  check(
    'cell-concentration',
    'cellConcentration',
    input.cellConcentration,
    (v) => v >= T.cellConcentrationMin1e8PerMl && v <= T.cellConcentrationMax1e8PerMl,
    R['cell-concentration-in-range'],
    R['cell-concentration-out-of-range'],
    between(T.cellConcentrationMin1e8PerMl, T.cellConcentrationMax1e8PerMl, '10*8/mL'),
    '10*8/mL',
  );
  check(
    'qc-vial-volume',
    'qcVialVolume',
    input.qcVialVolume,
    (v) => v >= T.qcVialMinMl,
    R['qc-vial-volume-pass'],
    R['qc-vial-volume-fail'],
    { comparator: '>=', value: T.qcVialMinMl, unit: 'mL' },
    'mL',
  );
  if (outOfRange) out.warnings.push({ rule: R['per-manufacturer'] });
  return checks;
}

function microbiologyInto(input: CryoInput, out: Out): void {
  const m = input.microbiology;
  if (m === undefined) return void out.warnings.push({ rule: R['value-not-given'], field: 'microbiology' });
  if (m === 'not-sampled') return void out.actions.push({ rule: R['microbiology-sample'], status: 'do' });
  const rule = m === 'negative' ? R['microbiology-negative'] : m === 'pending' ? R['microbiology-pending'] : R['microbiology-positive'];
  out.basis.push({ rule, field: 'microbiology', observed: m });
  if (m === 'positive') out.actions.push({ rule: R['notify-manufacturer-and-director'], status: 'do' });
}

type Point = z.output<typeof CurvePoint>;

/** Chamber temperature at minute t, linear between recorded points. */
function chamberAt(points: readonly Point[], k: number, t: number): number {
  const a = points[k]!;
  const b = points[k + 1]!;
  return a.chamberC + ((b.chamberC - a.chamberC) * (t - a.minute)) / (b.minute - a.minute);
}

/** First minute at or after `from` when the chamber reaches `level` going in `direction` (-1 cooling, +1 warming). */
function firstReach(points: readonly Point[], level: number, direction: number, from: number): number | undefined {
  const reached = (c: number) => (direction < 0 ? c <= level : c >= level);
  for (let k = 0; k < points.length - 1; k++) {
    const b = points[k + 1]!;
    if (b.minute < from) continue;
    const start = Math.max(points[k]!.minute, from);
    const ca = chamberAt(points, k, start);
    if (reached(ca)) return start;
    if (reached(b.chamberC)) return start + ((level - ca) * (b.minute - start)) / (b.chamberC - ca);
  }
  return undefined;
}

/** Last minute in [from, to] when the chamber was still on the start side of `level` (at or above it when cooling). */
function lastLeave(points: readonly Point[], level: number, direction: number, from: number, to: number): number | undefined {
  const before = (c: number) => (direction < 0 ? c >= level : c <= level);
  for (let k = points.length - 2; k >= 0; k--) {
    const a = points[k]!;
    if (a.minute > to) continue;
    if (points[k + 1]!.minute < from) break;
    const end = Math.min(points[k + 1]!.minute, to);
    const start = Math.max(a.minute, from);
    const cb = chamberAt(points, k, end);
    if (before(cb)) return end;
    const ca = chamberAt(points, k, start);
    if (before(ca)) return start + ((level - ca) * (end - start)) / (cb - ca);
  }
  return undefined;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Checks a recorded curve against Table 3. For each ramp, the measured rate runs from the last
 * moment the chamber was at the step's start temperature to the first moment it reached the
 * target (linear interpolation between points), so a longer hold never slows the rate.
 */
function curveInto(input: CryoInput, out: Out): CurveValue | null {
  const points = input.freezingCurve;
  out.actions.push({ rule: R['follow-profile'], status: 'do' });
  if (points === undefined) {
    out.warnings.push({ rule: R['curve-not-given'], field: 'freezingCurve' });
    return null;
  }
  const tolerance = input.rateToleranceCPerMin;
  const steps: CurveValue['steps'] = [];
  let from = points[0]!.minute;
  let blocked = false;
  for (const s of CRYO_FREEZING_PROFILE) {
    if (s.rateCPerMin === null || s.startC === null || s.endC === null) continue;
    const field = `freezingCurve.step${s.step}`;
    const direction = Math.sign(s.rateCPerMin);
    const reachedAt = blocked ? undefined : firstReach(points, s.endC, direction, from);
    if (reachedAt === undefined) {
      blocked = true;
      out.basis.push({ rule: R['curve-step-not-reached'], field, observed: null, threshold: { comparator: direction < 0 ? '<=' : '>=', value: s.endC, unit: 'Cel' } });
      steps.push({ step: s.step, programmedRateCPerMin: s.rateCPerMin, measuredRateCPerMin: null, startMinute: null, reachedAtMinute: null, status: 'not-reached' });
      continue;
    }
    const startedAt = lastLeave(points, s.startC, direction, from, reachedAt);
    from = reachedAt;
    if (startedAt === undefined || startedAt >= reachedAt) {
      out.warnings.push({ rule: R['curve-step-start-not-found'], field });
      steps.push({ step: s.step, programmedRateCPerMin: s.rateCPerMin, measuredRateCPerMin: null, startMinute: null, reachedAtMinute: round2(reachedAt), status: 'cannot-assess' });
      continue;
    }
    const measured = round2((s.endC - s.startC) / (reachedAt - startedAt));
    let status: StepStatus = 'measured';
    if (tolerance !== undefined) {
      // A tiny epsilon keeps a deviation equal to the tolerance inside it despite floating point.
      status = Math.abs(measured - s.rateCPerMin) <= tolerance + 1e-9 ? 'within' : 'outside';
    }
    const rule = status === 'within' ? R['curve-rate-within'] : status === 'outside' ? R['curve-rate-outside'] : R['curve-rate-measured'];
    out.basis.push({
      rule,
      field,
      observed: measured,
      unit: 'Cel/min',
      threshold: tolerance === undefined ? { comparator: '=', value: s.rateCPerMin, unit: 'Cel/min' } : between(round2(s.rateCPerMin - tolerance), round2(s.rateCPerMin + tolerance), 'Cel/min'),
    });
    steps.push({ step: s.step, programmedRateCPerMin: s.rateCPerMin, measuredRateCPerMin: measured, startMinute: round2(startedAt), reachedAtMinute: round2(reachedAt), status });
  }
  let lowest = points[0]!.chamberC;
  for (const p of points) if (p.chamberC < lowest) lowest = p.chamberC;
  const endReached = lowest <= CRYO_END_TEMPERATURE_C;
  out.basis.push({
    rule: endReached ? R['curve-end-reached'] : R['curve-end-not-reached'],
    field: 'freezingCurve',
    observed: lowest,
    unit: 'Cel',
    threshold: endReached ? atMost(CRYO_END_TEMPERATURE_C, 'Cel') : above(CRYO_END_TEMPERATURE_C, 'Cel'),
  });
  if (tolerance === undefined) out.warnings.push({ rule: R['curve-no-tolerance'], field: 'rateToleranceCPerMin' });

  let conformity: Conformity;
  if (!endReached || steps.some((s) => s.status === 'not-reached' || s.status === 'outside')) conformity = 'does-not-conform';
  else if (tolerance === undefined || steps.some((s) => s.status === 'cannot-assess')) conformity = 'cannot-assess';
  else conformity = 'conforms';
  const rule = conformity === 'conforms' ? R['curve-conforms'] : conformity === 'does-not-conform' ? R['curve-does-not-conform'] : R['curve-cannot-assess'];
  out.basis.push({ rule, field: 'freezingCurve', observed: points.length, yields: conformity });
  return {
    conformity,
    toleranceCPerMin: tolerance ?? null,
    endTemperatureReached: endReached,
    chamberLowestC: lowest,
    sampleFinalC: points[points.length - 1]!.sampleC,
    steps,
  };
}

function checklistInto(input: CryoInput, out: Out): CryoValue['checklist'] {
  return CRYO_CHECKLIST_ITEMS.map((item) => {
    const confirmed = input.checklist?.[item] === true;
    if (confirmed) out.basis.push({ rule: R['check-confirmed'], field: `checklist.${item}`, observed: true, yields: item });
    else out.actions.push({ rule: CHECKLIST[item].rule, status: CHECKLIST[item].status });
    return { item, confirmed };
  });
}

export function planCryopreservation(input: CryoInput): Assessment<CryoValue> {
  const out: Out = { basis: [], actions: [], warnings: [] };
  const deadlines = deadlinesInto(input, out);
  const freezeStart = freezeStartInto(input, out);
  const checks = valueChecksInto(input, out);
  microbiologyInto(input, out);
  const curve = curveInto(input, out);
  const checklist = checklistInto(input, out);
  const value: CryoValue = {
    pathway: input.pathway,
    ...deadlines,
    freezeStart,
    checks,
    microbiology: input.microbiology ?? null,
    profile: CRYO_FREEZING_PROFILE.map((s) => ({ ...s })),
    curve,
    checklist,
  };
  return assessed('cryopreservation', value, out.basis, out.actions, out.warnings);
}

function summaryOf(v: CryoValue): Record<string, unknown> {
  const overdue = v.coldStorage.status === 'overdue' || v.cryopreservation.status === 'overdue';
  const params = { coldBy: v.coldStorage.deadline, cryoBy: v.cryopreservation.deadline };
  if (v.pathway === 'fresh-to-manufacturer') return { variant: overdue ? 'fresh-overdue' : 'fresh-on-time', ...params };
  return { variant: overdue ? 'overdue' : 'on-time', ...params };
}

export const cryopreservationInstrument = defineInstrument({
  name: 'cryopreservation',
  kind: 'planner',
  section: '002 §1.4, items 6-10, Table 3',
  input: CryoInput,
  value: CryoValue,
  evaluate: (input) => planCryopreservation(input),
  summary: summaryOf,
});
