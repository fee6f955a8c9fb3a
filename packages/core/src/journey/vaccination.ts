import * as z from 'zod';
import type { Action, BasisEntry, Threshold, Warning } from '../explain/result.js';
import { assessed, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { CalendarDate, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { addMonthsToEpochDay, fromEpochDay, toEpochDay } from './calendar.js';
import { vaccinationMessages } from './vaccination.messages.js';

registerMessages(vaccinationMessages);

const row = (name: string): RuleSources => ({ seed: [{ seed: 'handbook', section: `§3.2.2, Table 16 (${name})` }], publications: ['hayden2022'] });
const influenza = row('influenza');
const covid = row('SARS-CoV-2');
const inactivated = row('inactivated vaccines');
const live = row('live-attenuated and non-live adjuvanted vaccines');
const general: RuleSources = { seed: [{ seed: 'handbook', section: '§3.2.2 (vaccination)' }], publications: ['hayden2022'] };

/** Vaccination before and after CAR-T: handbook §3.2.2, Table 16 (Hayden 2022, Table 13). */
export const VACCINATION_RULES = defineRules('vaccination', {
  'influenza-before-ldc': influenza,
  'influenza-pre-car-t': influenza,
  'influenza-after-infusion-met': influenza,
  'influenza-after-infusion-not-met': influenza,
  'influenza-earliest': influenza,
  'influenza-give': influenza,
  'influenza-lower-response': influenza,
  'influenza-booster': influenza,
  'covid-before-car-t': covid,
  'covid-pre-car-t': covid,
  'covid-after-infusion-met': covid,
  'covid-after-infusion-not-met': covid,
  'covid-earliest': covid,
  'covid-give': covid,
  'covid-b-cell-aplasia': covid,
  'covid-monitor-response': covid,
  'inactivated-after-infusion-met': inactivated,
  'inactivated-after-infusion-not-met': inactivated,
  'inactivated-after-immunoglobulin-met': inactivated,
  'inactivated-after-immunoglobulin-not-met': inactivated,
  'inactivated-no-immunoglobulin': inactivated,
  'inactivated-no-immunosuppression-met': inactivated,
  'inactivated-no-immunosuppression-not-met': inactivated,
  'inactivated-earliest': inactivated,
  'inactivated-give': inactivated,
  'inactivated-withheld': inactivated,
  'live-after-infusion-met': live,
  'live-after-infusion-not-met': live,
  'live-cd4-met': live,
  'live-cd4-not-met': live,
  'live-b-cells-met': live,
  'live-b-cells-not-met': live,
  'live-no-immunosuppression-met': live,
  'live-no-immunosuppression-not-met': live,
  'live-no-allo-hct': live,
  'live-after-allo-hct-met': live,
  'live-after-allo-hct-not-met': live,
  'live-no-immunoglobulin': live,
  'live-after-immunoglobulin-met': live,
  'live-after-immunoglobulin-not-met': live,
  'live-earliest': live,
  'live-give': live,
  'live-withheld': live,
  'input-missing': general,
  'both-ages': general,
});
const R = VACCINATION_RULES;

/** The intervals and counts of Table 16. */
export const VACCINATION_THRESHOLDS = Object.freeze({
  /** Influenza: preferably 2 weeks before lymphodepletion; after CAR-T, more than 3 months after infusion. */
  influenzaBeforeLdcDays: 14,
  influenzaAfterMonths: 3,
  /** SARS-CoV-2: more than 3 months after infusion. */
  covidAfterMonths: 3,
  /** Inactivated: more than 6 months after CAR-T and more than 2 months after immunoglobulin replacement. */
  inactivatedAfterMonths: 6,
  inactivatedAfterImmunoglobulinMonths: 2,
  /** Live-attenuated and non-live adjuvanted: 1 year after CAR-T; not within 2 years of allo-HCT or 8 months of immunoglobulin. */
  liveAfterMonths: 12,
  liveAfterAlloHctMonths: 24,
  liveAfterImmunoglobulinMonths: 8,
  /** Full immune recovery: CD4+ T cells and CD19+ or CD20+ B cells above 0.2x10^9/L (200/uL). */
  liveCd4AbovePerUl: 200,
  liveBCellsAbovePerUl: 200,
});
const T = VACCINATION_THRESHOLDS;

export const VACCINATION_VACCINES = ['influenza', 'sars-cov-2', 'inactivated', 'live-or-adjuvanted'] as const;
export type VaccinationVaccine = (typeof VACCINATION_VACCINES)[number];
export const VACCINATION_CONDITIONS = [
  'after-infusion',
  'after-immunoglobulin',
  'no-immunosuppression',
  'cd4',
  'b-cells',
  'after-allo-hct',
] as const;
export type VaccinationCondition = (typeof VACCINATION_CONDITIONS)[number];
export const VACCINATION_STATUSES = ['allowed', 'not-yet', 'contraindicated', 'cannot-assess'] as const;
export type VaccinationStatus = (typeof VACCINATION_STATUSES)[number];

const VaccinationRaw = z
  .object({
    infusionDate: CalendarDate.describe('CAR-T infusion date (YYYY-MM-DD).'),
    asOfDate: CalendarDate.describe('Date of this plan (YYYY-MM-DD).'),
    lymphodepletionStartDate: CalendarDate.optional().describe('First day of lymphodepletion: influenza vaccine preferably 2 weeks before it.'),
    lastImmunoglobulinDate: CalendarDate.nullable()
      .optional()
      .describe('Last dose of immunoglobulin replacement (IVIG/SCIG); null if never given; absent if unknown.'),
    alloHctDate: CalendarDate.nullable().optional().describe('Date of the latest allogeneic HCT; null if never; absent if unknown.'),
    ongoingImmunosuppression: z.boolean().optional().describe('Ongoing immunosuppressive or cytotoxic therapy.'),
    cd4Count: quantity('cellCountPerMicroliter').optional().describe('CD4+ T cells (0.2 10*9/L = 200 /uL).'),
    bCellCount: quantity('cellCountPerMicroliter').optional().describe('CD19+ or CD20+ B cells (0.2 10*9/L = 200 /uL).'),
    bCellRecovered: z.boolean().optional().describe('B-cell recovery reached (post-infusion planner): an influenza booster may be considered.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.lymphodepletionStartDate !== undefined && input.lymphodepletionStartDate > input.infusionDate) {
      refuse(ctx, ['lymphodepletionStartDate'], 'vaccination.input.ldc-after-infusion');
    }
    if (input.lastImmunoglobulinDate != null && input.lastImmunoglobulinDate > input.asOfDate) {
      refuse(ctx, ['lastImmunoglobulinDate'], 'vaccination.input.date-after-as-of');
    }
    if (input.alloHctDate != null && input.alloHctDate > input.asOfDate) refuse(ctx, ['alloHctDate'], 'vaccination.input.date-after-as-of');
  });

export const VaccinationInput = VaccinationRaw.transform((raw) => ({
  ...raw,
  infusionDay: toEpochDay(raw.infusionDate),
  asOfDay: toEpochDay(raw.asOfDate),
  ldcStartDay: raw.lymphodepletionStartDate === undefined ? undefined : toEpochDay(raw.lymphodepletionStartDate),
  immunoglobulinDay: raw.lastImmunoglobulinDate == null ? raw.lastImmunoglobulinDate : toEpochDay(raw.lastImmunoglobulinDate),
  alloHctDay: raw.alloHctDate == null ? raw.alloHctDate : toEpochDay(raw.alloHctDate),
}));
export type VaccinationInput = z.output<typeof VaccinationInput>;

const ConditionValue = z.object({
  condition: z.enum(VACCINATION_CONDITIONS),
  status: z.enum(['met', 'not-met', 'unknown']),
  from: z.string().nullable().describe('For a time condition: the first date on which it holds.'),
});
export const VaccinationValue = z.object({
  infusionDate: z.string(),
  asOfDate: z.string(),
  vaccines: z.array(
    z.object({
      vaccine: z.enum(VACCINATION_VACCINES),
      status: z.enum(VACCINATION_STATUSES).describe('At asOfDate.'),
      earliestDate: z.string().nullable().describe('The first date on which every time condition holds; null when one of them cannot be dated.'),
      beforeCarT: z
        .object({ recommendedBy: z.string().nullable() })
        .nullable()
        .describe('Before CAR-T (influenza, SARS-CoV-2): preferably given by this date (influenza: 2 weeks before lymphodepletion).'),
      conditions: z.array(ConditionValue),
    }),
  ),
});
export type VaccinationValue = z.infer<typeof VaccinationValue>;
type VaccinePlan = VaccinationValue['vaccines'][number];
type ConditionPlan = VaccinePlan['conditions'][number];

interface Out {
  readonly basis: BasisEntry[];
  readonly actions: Action[];
  readonly warnings: Warning[];
}

interface Check {
  readonly plan: ConditionPlan;
  readonly entry: BasisEntry | undefined;
  readonly timed: boolean;
}

/** A time condition: met from `fromDay` on; `null` when it does not apply (never given), undefined when unknown. */
function timed(
  condition: VaccinationCondition,
  fromDay: number | null | undefined,
  asOfDay: number,
  field: string,
  observed: string | null,
  rules: { met: Rule; notMet: Rule; none?: Rule },
): Check {
  if (fromDay === undefined) return { plan: { condition, status: 'unknown', from: null }, entry: undefined, timed: true };
  if (fromDay === null) return { plan: { condition, status: 'met', from: null }, entry: { rule: rules.none ?? rules.met, field, observed: null }, timed: true };
  const from = fromEpochDay(fromDay);
  const ok = asOfDay >= fromDay;
  const threshold: Threshold = { comparator: '>=', value: from };
  return { plan: { condition, status: ok ? 'met' : 'not-met', from }, entry: { rule: ok ? rules.met : rules.notMet, field, observed, threshold, yields: from }, timed: true };
}

/** "More than N months after" a date: met from the day after the N-month anniversary. */
const moreThan = (day: number, months: number) => addMonthsToEpochDay(day, months) + 1;

function countCheck(condition: VaccinationCondition, count: number | undefined, above: number, field: string, met: Rule, notMet: Rule): Check {
  if (count === undefined) return { plan: { condition, status: 'unknown', from: null }, entry: undefined, timed: false };
  const ok = count > above;
  return {
    plan: { condition, status: ok ? 'met' : 'not-met', from: null },
    entry: { rule: ok ? met : notMet, field, observed: count, unit: '/uL', threshold: { comparator: ok ? '>' : '<=', value: above, unit: '/uL' } },
    timed: false,
  };
}

function immunosuppressionCheck(input: VaccinationInput, met: Rule, notMet: Rule): Check {
  const value = input.ongoingImmunosuppression;
  if (value === undefined) return { plan: { condition: 'no-immunosuppression', status: 'unknown', from: null }, entry: undefined, timed: false };
  return {
    plan: { condition: 'no-immunosuppression', status: value ? 'not-met' : 'met', from: null },
    entry: { rule: value ? notMet : met, field: 'ongoingImmunosuppression', observed: value },
    timed: false,
  };
}

const FIELD_OF: Readonly<Record<VaccinationCondition, string>> = {
  'after-infusion': 'infusionDate',
  'after-immunoglobulin': 'lastImmunoglobulinDate',
  'no-immunosuppression': 'ongoingImmunosuppression',
  cd4: 'cd4Count',
  'b-cells': 'bCellCount',
  'after-allo-hct': 'alloHctDate',
};

/** Combines a vaccine's conditions into its status, earliest date, basis and action. */
function decide(
  vaccine: VaccinationVaccine,
  checks: readonly Check[],
  earliestRule: Rule,
  give: { rule: Rule; status: 'do' | 'consider' },
  withheld: Rule | undefined,
  beforeCarT: VaccinePlan['beforeCarT'],
  input: VaccinationInput,
  out: Out,
  missing: Set<string>,
): VaccinePlan {
  let earliestDay: number | null = -Infinity;
  let pending = false;
  let failed = false;
  let unknown = false;
  for (const c of checks) {
    if (c.entry !== undefined) out.basis.push(c.entry);
    if (c.timed) {
      if (c.plan.status === 'unknown') earliestDay = null;
      else if (c.plan.from !== null && earliestDay !== null) earliestDay = Math.max(earliestDay, toEpochDay(c.plan.from));
    }
    if (c.plan.status === 'unknown') {
      unknown = true;
      missing.add(FIELD_OF[c.plan.condition]);
    } else if (c.plan.status === 'not-met') {
      if (c.timed) pending = true;
      else failed = true;
    }
  }
  // A failing non-time condition wins over waiting: "not yet" would imply that time alone is
  // missing, and the earliest date would read as a date to vaccinate while the condition persists.
  const status: VaccinationStatus = failed ? 'contraindicated' : pending ? 'not-yet' : unknown ? 'cannot-assess' : 'allowed';
  const earliestDate = earliestDay === null ? null : fromEpochDay(earliestDay);
  if (earliestDate !== null) out.basis.push({ rule: earliestRule, field: vaccine, observed: input.asOfDate, yields: earliestDate });
  if (status === 'allowed') out.actions.push({ rule: give.rule, status: give.status });
  else if (status === 'contraindicated' && withheld !== undefined) {
    const because = checks.filter((c) => !c.timed && c.plan.status === 'not-met' && c.entry !== undefined).map((c) => c.entry!);
    out.actions.push({ rule: withheld, status: 'refused', refusedBecause: because });
  }
  return { vaccine, status, earliestDate, beforeCarT, conditions: checks.map((c) => c.plan) };
}

export function planVaccination(input: VaccinationInput): Assessment<VaccinationValue> {
  const out: Out = { basis: [], actions: [], warnings: [] };
  const missing = new Set<string>();
  const { asOfDay, infusionDay } = input;
  const beforeInfusion = asOfDay < infusionDay;
  const igDay = input.immunoglobulinDay;

  // Influenza.
  let fluBy: string | null = null;
  if (input.ldcStartDay !== undefined) {
    fluBy = fromEpochDay(input.ldcStartDay - T.influenzaBeforeLdcDays);
    if (beforeInfusion) out.basis.push({ rule: R['influenza-before-ldc'], field: 'lymphodepletionStartDate', observed: input.lymphodepletionStartDate!, yields: fluBy });
  }
  if (beforeInfusion) out.actions.push({ rule: R['influenza-pre-car-t'], status: 'consider' });
  const flu = decide(
    'influenza',
    [timed('after-infusion', moreThan(infusionDay, T.influenzaAfterMonths), asOfDay, 'infusionDate', input.infusionDate, { met: R['influenza-after-infusion-met'], notMet: R['influenza-after-infusion-not-met'] })],
    R['influenza-earliest'],
    { rule: R['influenza-give'], status: 'do' },
    undefined,
    { recommendedBy: fluBy },
    input,
    out,
    missing,
  );
  if (flu.status === 'allowed') {
    out.warnings.push({ rule: R['influenza-lower-response'] });
    if (input.bCellRecovered === true) out.actions.push({ rule: R['influenza-booster'], status: 'consider' });
  }

  // SARS-CoV-2.
  if (beforeInfusion) {
    out.basis.push({ rule: R['covid-before-car-t'], field: 'infusionDate', observed: input.infusionDate });
    out.actions.push({ rule: R['covid-pre-car-t'], status: 'consider' });
  }
  const sarsCov2 = decide(
    'sars-cov-2',
    [timed('after-infusion', moreThan(infusionDay, T.covidAfterMonths), asOfDay, 'infusionDate', input.infusionDate, { met: R['covid-after-infusion-met'], notMet: R['covid-after-infusion-not-met'] })],
    R['covid-earliest'],
    { rule: R['covid-give'], status: 'do' },
    undefined,
    { recommendedBy: null },
    input,
    out,
    missing,
  );
  out.warnings.push({ rule: R['covid-b-cell-aplasia'] });
  if (sarsCov2.status === 'allowed') out.warnings.push({ rule: R['covid-monitor-response'] });

  // Inactivated vaccines. No immunoglobulin ever (null): the interval holds from the start.
  const inact = decide(
    'inactivated',
    [
      timed('after-infusion', moreThan(infusionDay, T.inactivatedAfterMonths), asOfDay, 'infusionDate', input.infusionDate, { met: R['inactivated-after-infusion-met'], notMet: R['inactivated-after-infusion-not-met'] }),
      timed(
        'after-immunoglobulin',
        igDay == null ? igDay : moreThan(igDay, T.inactivatedAfterImmunoglobulinMonths),
        asOfDay,
        'lastImmunoglobulinDate',
        input.lastImmunoglobulinDate ?? null,
        { met: R['inactivated-after-immunoglobulin-met'], notMet: R['inactivated-after-immunoglobulin-not-met'], none: R['inactivated-no-immunoglobulin'] },
      ),
      immunosuppressionCheck(input, R['inactivated-no-immunosuppression-met'], R['inactivated-no-immunosuppression-not-met']),
    ],
    R['inactivated-earliest'],
    { rule: R['inactivated-give'], status: 'consider' },
    R['inactivated-withheld'],
    null,
    input,
    out,
    missing,
  );

  // Live-attenuated and non-live adjuvanted vaccines. "Within 2 years / 8 months" counts the anniversary itself.
  const alloDay = input.alloHctDay;
  const liveOut = decide(
    'live-or-adjuvanted',
    [
      timed('after-infusion', addMonthsToEpochDay(infusionDay, T.liveAfterMonths), asOfDay, 'infusionDate', input.infusionDate, { met: R['live-after-infusion-met'], notMet: R['live-after-infusion-not-met'] }),
      countCheck('cd4', input.cd4Count, T.liveCd4AbovePerUl, 'cd4Count', R['live-cd4-met'], R['live-cd4-not-met']),
      countCheck('b-cells', input.bCellCount, T.liveBCellsAbovePerUl, 'bCellCount', R['live-b-cells-met'], R['live-b-cells-not-met']),
      immunosuppressionCheck(input, R['live-no-immunosuppression-met'], R['live-no-immunosuppression-not-met']),
      timed(
        'after-allo-hct',
        alloDay == null ? alloDay : moreThan(alloDay, T.liveAfterAlloHctMonths),
        asOfDay,
        'alloHctDate',
        input.alloHctDate ?? null,
        { met: R['live-after-allo-hct-met'], notMet: R['live-after-allo-hct-not-met'], none: R['live-no-allo-hct'] },
      ),
      timed(
        'after-immunoglobulin',
        igDay == null ? igDay : moreThan(igDay, T.liveAfterImmunoglobulinMonths),
        asOfDay,
        'lastImmunoglobulinDate',
        input.lastImmunoglobulinDate ?? null,
        { met: R['live-after-immunoglobulin-met'], notMet: R['live-after-immunoglobulin-not-met'], none: R['live-no-immunoglobulin'] },
      ),
    ],
    R['live-earliest'],
    { rule: R['live-give'], status: 'consider' },
    R['live-withheld'],
    null,
    input,
    out,
    missing,
  );

  for (const field of missing) out.warnings.push({ rule: R['input-missing'], field });
  out.warnings.push({ rule: R['both-ages'] });
  return assessed('vaccination', { infusionDate: input.infusionDate, asOfDate: input.asOfDate, vaccines: [flu, sarsCov2, inact, liveOut] }, out.basis, out.actions, out.warnings);
}

export const vaccinationInstrument = defineInstrument({
  name: 'vaccination',
  kind: 'planner',
  section: '002 §3.2.2, Table 16',
  input: VaccinationInput,
  value: VaccinationValue,
  evaluate: (input) => planVaccination(input),
  summary: (v) => ({
    allowed: v.vaccines.filter((x) => x.status === 'allowed').length,
    total: v.vaccines.length,
    date: v.asOfDate,
  }),
});
