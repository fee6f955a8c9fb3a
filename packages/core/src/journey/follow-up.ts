import * as z from 'zod';
import type { Action, BasisEntry, Warning } from '../explain/result.js';
import { assessed, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { CalendarDate } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { addMonthsToEpochDay, fromEpochDay, toEpochDay } from './calendar.js';
import { followUpMessages } from './follow-up.messages.js';

registerMessages(followUpMessages);

const table17: RuleSources = { seed: [{ seed: 'handbook', section: '§3.3, Table 17' }], publications: ['hayden2022'] };
const table18: RuleSources = { seed: [{ seed: 'handbook', section: '§3.3, Table 18' }], publications: ['hayden2022'] };
const text: RuleSources = { seed: [{ seed: 'handbook', section: '§3.3 (long-term follow-up)' }], publications: ['hayden2022'] };
const disease: RuleSources = { seed: [{ seed: 'handbook', section: '§3.3, item 1 (disease status)' }], publications: ['hayden2022'] };
const lateEffects: RuleSources = { seed: [{ seed: 'handbook', section: '§3.3, item 3 (long-term adverse effects)' }], publications: ['hayden2022'] };

/** Long-term follow-up after CAR-T: handbook §3.3 (item 3), Tables 17 and 18 (Hayden 2022, Tables 14 and 15). */
export const FOLLOW_UP_RULES = defineRules('follow-up', {
  'period-100d-1y': table17,
  'period-1y-2y': table17,
  'period-2y-15y': table17,
  'fifteen-years': text,
  'remission-population': table17,
  majhail: { seed: table17.seed, publications: ['hayden2022', 'majhail2012'] },
  'check-disease-status': table17,
  'check-subsequent-therapy': table17,
  'check-immune-status': table17,
  'check-new-cancers': table17,
  'check-autoimmunity': table17,
  'check-endocrine-reproductive-bone': table17,
  'check-neurologic': table17,
  'check-psychological': table17,
  'check-cardiovascular': table17,
  'check-respiratory': table17,
  'check-gastrointestinal-liver': table17,
  'check-vaccination': table17,
  'check-infections': lateEffects,
  'check-pregnancy-status': lateEffects,
  'test-cbc-chemistry': table18,
  'test-immunoglobulins': table18,
  'test-immunophenotype': table18,
  'test-immunophenotype-stopped': table18,
  'test-car-t': table18,
  'test-car-t-stopped': table18,
  'test-endocrine': table18,
  'test-viral-pcr': table18,
  'disease-assessment': disease,
  'disease-assessment-no-end': disease,
  'next-visit': table17,
  'schedule-complete': table17,
  'visits-overdue': table17,
  'arrange-overdue-visit': table17,
  'attendance-missing': table17,
  'visit-window': table17,
});
const R = FOLLOW_UP_RULES;

/** Table 17 periods and frequencies; §3.3 item 1 disease-assessment months. */
export const FOLLOW_UP_THRESHOLDS = Object.freeze({
  firstVisitDay: 100,
  /** Monthly from day 100 to 1 year: the month-4 to month-12 anniversaries after the day-100 visit. */
  monthlyFromMonth: 4,
  monthlyToMonth: 12,
  /** Every 6 months in years 1-2. */
  sixMonthlyToMonth: 24,
  sixMonthlyEveryMonths: 6,
  /** Yearly in years 2-15. */
  yearlyToMonth: 180,
  yearlyEveryMonths: 12,
  /** Disease status: month 1, every 3 months in year 1, every 6 months from year 2. */
  diseaseFirstMonth: 1,
  diseaseYear1EveryMonths: 3,
  diseaseLaterEveryMonths: 6,
});
const T = FOLLOW_UP_THRESHOLDS;

export const FOLLOW_UP_CHECKS = Object.freeze([
  'disease-status',
  'subsequent-therapy',
  'immune-status',
  'new-cancers',
  'autoimmunity',
  'endocrine-reproductive-bone',
  'neurologic',
  'psychological',
  'cardiovascular',
  'respiratory',
  'gastrointestinal-liver',
  'vaccination',
  // §3.3 item 3 lists these among the late effects to follow; Table 17 has no row of its own for them.
  'infections',
  'pregnancy-status',
] as const);
export type FollowUpCheck = (typeof FOLLOW_UP_CHECKS)[number];
export const FOLLOW_UP_TESTS = ['cbc-chemistry', 'immunoglobulins', 'immunophenotype', 'car-t-persistence', 'endocrine-late-effects'] as const;
export type FollowUpTest = (typeof FOLLOW_UP_TESTS)[number];
export const FOLLOW_UP_PERIODS = ['100d-1y', '1y-2y', '2y-15y'] as const;
export type FollowUpPeriod = (typeof FOLLOW_UP_PERIODS)[number];
export const FOLLOW_UP_VISIT_STATUSES = ['done', 'due', 'overdue', 'upcoming', 'unknown'] as const;
export type FollowUpVisitStatus = (typeof FOLLOW_UP_VISIT_STATUSES)[number];

interface Slot {
  readonly label: string;
  /** Months after infusion; null for the day-100 visit. */
  readonly months: number | null;
  readonly period: FollowUpPeriod;
}
const labelOf = (months: number) => (months % 12 === 0 ? `year-${months / 12}` : `month-${months}`);

/** Table 17 as a fixed list of visits: day 100, months 4-12, 18, 24, then every year to year 15. */
export const FOLLOW_UP_SCHEDULE: readonly Slot[] = Object.freeze(
  (() => {
    const slots: Slot[] = [{ label: `day-${T.firstVisitDay}`, months: null, period: '100d-1y' }];
    for (let m = T.monthlyFromMonth; m <= T.monthlyToMonth; m++) slots.push({ label: labelOf(m), months: m, period: '100d-1y' });
    for (let m = T.monthlyToMonth + T.sixMonthlyEveryMonths; m <= T.sixMonthlyToMonth; m += T.sixMonthlyEveryMonths) slots.push({ label: labelOf(m), months: m, period: '1y-2y' });
    for (let m = T.sixMonthlyToMonth + T.yearlyEveryMonths; m <= T.yearlyToMonth; m += T.yearlyEveryMonths) slots.push({ label: labelOf(m), months: m, period: '2y-15y' });
    return slots.map((s) => Object.freeze(s));
  })(),
);

/** §3.3 item 1: month 1, months 3-12 every 3 months, then every 6 months to year 15 (the end of this calendar). */
export const FOLLOW_UP_DISEASE_MONTHS: readonly number[] = Object.freeze(
  (() => {
    const months: number[] = [T.diseaseFirstMonth];
    for (let m = T.diseaseYear1EveryMonths; m <= 12; m += T.diseaseYear1EveryMonths) months.push(m);
    for (let m = 12 + T.diseaseLaterEveryMonths; m <= T.yearlyToMonth; m += T.diseaseLaterEveryMonths) months.push(m);
    return months;
  })(),
);

const FollowUpRaw = z
  .object({
    infusionDate: CalendarDate.describe('CAR-T infusion date (YYYY-MM-DD): the calendar is anchored on it.'),
    asOfDate: CalendarDate.optional().describe('Date of this plan; marks visits done, due, overdue or upcoming.'),
    attendedDates: z.array(CalendarDate).max(1_000).optional().describe('Dates on which the patient was seen at the CAR-T center.'),
    immunophenotypeNormalizedDate: CalendarDate.optional().describe('Date the CD3/4/8/16+56/19 immunophenotype normalized: not repeated after it.'),
    carTUndetectableTwiceDate: CalendarDate.optional().describe('Date of the second consecutive undetectable CAR-T result: not repeated after it.'),
    subsequentTherapy: z.boolean().optional().describe('Allogeneic HCT, cytotoxic therapy or another IEC therapy after this CAR-T.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    input.attendedDates?.forEach((d, i) => {
      if (d < input.infusionDate) refuse(ctx, ['attendedDates', i], 'follow-up.input.before-infusion');
      else if (input.asOfDate !== undefined && d > input.asOfDate) refuse(ctx, ['attendedDates', i], 'follow-up.input.after-as-of');
    });
    if (input.attendedDates !== undefined && input.asOfDate === undefined) refuse(ctx, ['asOfDate'], 'follow-up.input.attendance-needs-as-of');
    if (input.asOfDate !== undefined && input.asOfDate < input.infusionDate) refuse(ctx, ['asOfDate'], 'follow-up.input.before-infusion');
    for (const key of ['immunophenotypeNormalizedDate', 'carTUndetectableTwiceDate'] as const) {
      const d = input[key];
      if (d !== undefined && d < input.infusionDate) refuse(ctx, [key], 'follow-up.input.before-infusion');
    }
  });

export const FollowUpInput = FollowUpRaw.transform((raw) => ({
  ...raw,
  infusionDay: toEpochDay(raw.infusionDate),
  asOfDay: raw.asOfDate === undefined ? undefined : toEpochDay(raw.asOfDate),
  attendedDays: raw.attendedDates === undefined ? undefined : raw.attendedDates.map(toEpochDay).sort((a, b) => a - b),
  phenotypeStopDay: raw.immunophenotypeNormalizedDate === undefined ? undefined : toEpochDay(raw.immunophenotypeNormalizedDate),
  carTStopDay: raw.carTUndetectableTwiceDate === undefined ? undefined : toEpochDay(raw.carTUndetectableTwiceDate),
}));
export type FollowUpInput = z.output<typeof FollowUpInput>;

export const FollowUpValue = z.object({
  infusionDate: z.string(),
  asOfDate: z.string().nullable(),
  visits: z.array(
    z.object({
      date: z.string(),
      label: z.string().describe('day-100, month-N or year-N after infusion.'),
      monthsAfterInfusion: z.number().int().nullable(),
      daysAfterInfusion: z.number().int(),
      period: z.enum(FOLLOW_UP_PERIODS),
      window: z.object({ from: z.string(), to: z.string() }).describe('Dates that count for this visit: halfway to the neighbouring visits.'),
      checks: z.array(z.enum(FOLLOW_UP_CHECKS)).describe('Table 17 and §3.3 item 3: what each visit reviews.'),
      tests: z.array(z.enum(FOLLOW_UP_TESTS)).describe('Table 18: the tests of this visit.'),
      status: z.enum(FOLLOW_UP_VISIT_STATUSES).nullable().describe('Null without asOfDate.'),
    }),
  ),
  diseaseAssessments: z.array(z.object({ date: z.string(), label: z.string(), monthsAfterInfusion: z.number().int() })),
  nextVisit: z.string().nullable(),
  nextDiseaseAssessment: z.string().nullable(),
  overdue: z.number().int(),
});
export type FollowUpValue = z.infer<typeof FollowUpValue>;
type Visit = FollowUpValue['visits'][number];

const CHECK_RULES: Readonly<Record<FollowUpCheck, Rule>> = {
  'disease-status': R['check-disease-status'],
  'subsequent-therapy': R['check-subsequent-therapy'],
  'immune-status': R['check-immune-status'],
  'new-cancers': R['check-new-cancers'],
  autoimmunity: R['check-autoimmunity'],
  'endocrine-reproductive-bone': R['check-endocrine-reproductive-bone'],
  neurologic: R['check-neurologic'],
  psychological: R['check-psychological'],
  cardiovascular: R['check-cardiovascular'],
  respiratory: R['check-respiratory'],
  'gastrointestinal-liver': R['check-gastrointestinal-liver'],
  vaccination: R['check-vaccination'],
  infections: R['check-infections'],
  'pregnancy-status': R['check-pregnancy-status'],
};
const CHECK_BASIS: readonly BasisEntry[] = Object.freeze(
  FOLLOW_UP_CHECKS.map((c) => Object.freeze({ rule: CHECK_RULES[c], field: 'visits.checks', observed: c })),
);
const CHECKS = [...FOLLOW_UP_CHECKS];

function visitStatus(window: { fromDay: number; toDay: number }, dateDay: number, asOfDay: number | undefined, attended: readonly number[] | undefined): FollowUpVisitStatus | null {
  if (asOfDay === undefined) return null;
  if (attended !== undefined && attended.some((d) => d >= window.fromDay && d <= window.toDay)) return 'done';
  if (asOfDay < window.fromDay) return 'upcoming';
  if (asOfDay <= dateDay) return 'due';
  return attended === undefined ? 'unknown' : 'overdue';
}

export function planFollowUp(input: FollowUpInput): Assessment<FollowUpValue> {
  const basis: BasisEntry[] = [];
  const actions: Action[] = [];
  const warnings: Warning[] = [{ rule: R['remission-population'] }];
  const { infusionDay, asOfDay } = input;
  const days = FOLLOW_UP_SCHEDULE.map((s) => (s.months === null ? infusionDay + T.firstVisitDay : addMonthsToEpochDay(infusionDay, s.months)));
  const visits: Visit[] = [];
  let overdue = 0;
  let firstOverdue: Visit | undefined;
  let nextVisit: string | null = null;
  for (let i = 0; i < FOLLOW_UP_SCHEDULE.length; i++) {
    const slot = FOLLOW_UP_SCHEDULE[i]!;
    const day = days[i]!;
    const prevGap = i > 0 ? day - days[i - 1]! : days[i + 1]! - day;
    const nextGap = i + 1 < days.length ? days[i + 1]! - day : prevGap;
    const window = { fromDay: day - Math.floor(prevGap / 2), toDay: day + Math.ceil(nextGap / 2) - 1 };
    const tests: FollowUpTest[] = ['cbc-chemistry', 'immunoglobulins'];
    if (i % 2 === 0 && (input.phenotypeStopDay === undefined || day <= input.phenotypeStopDay)) tests.push('immunophenotype');
    if (input.carTStopDay === undefined || day <= input.carTStopDay) tests.push('car-t-persistence');
    if (slot.months !== null && slot.months % 12 === 0) tests.push('endocrine-late-effects');
    const status = visitStatus(window, day, asOfDay, input.attendedDays);
    const visit: Visit = {
      date: fromEpochDay(day),
      label: slot.label,
      monthsAfterInfusion: slot.months,
      daysAfterInfusion: day - infusionDay,
      period: slot.period,
      window: { from: fromEpochDay(window.fromDay), to: fromEpochDay(window.toDay) },
      checks: CHECKS,
      tests,
      status,
    };
    if (status === 'overdue') {
      overdue++;
      firstOverdue ??= visit;
    }
    if (nextVisit === null && (status === 'due' || status === 'upcoming')) nextVisit = visit.date;
    visits.push(visit);
  }
  const last = visits[visits.length - 1]!;
  basis.push({ rule: R['period-100d-1y'], field: 'infusionDate', observed: input.infusionDate, yields: visits[0]!.date });
  basis.push({ rule: R['period-1y-2y'], field: 'infusionDate', observed: input.infusionDate, yields: fromEpochDay(days[FOLLOW_UP_SCHEDULE.findIndex((s) => s.period === '1y-2y')]!) });
  basis.push({ rule: R['period-2y-15y'], field: 'infusionDate', observed: input.infusionDate, yields: last.date });
  basis.push({ rule: R['fifteen-years'], field: 'infusionDate', observed: input.infusionDate, yields: last.date });
  basis.push(...CHECK_BASIS);
  basis.push({ rule: R['test-cbc-chemistry'], field: 'visits.tests', observed: 'cbc-chemistry' });
  basis.push({ rule: R['test-immunoglobulins'], field: 'visits.tests', observed: 'immunoglobulins' });
  if (input.immunophenotypeNormalizedDate === undefined) basis.push({ rule: R['test-immunophenotype'], field: 'visits.tests', observed: 'immunophenotype' });
  else basis.push({ rule: R['test-immunophenotype-stopped'], field: 'immunophenotypeNormalizedDate', observed: input.immunophenotypeNormalizedDate });
  if (input.carTUndetectableTwiceDate === undefined) basis.push({ rule: R['test-car-t'], field: 'visits.tests', observed: 'car-t-persistence' });
  else basis.push({ rule: R['test-car-t-stopped'], field: 'carTUndetectableTwiceDate', observed: input.carTUndetectableTwiceDate });
  basis.push({ rule: R['test-endocrine'], field: 'visits.tests', observed: 'endocrine-late-effects' });
  warnings.push({ rule: R['test-viral-pcr'] });
  warnings.push({ rule: R['visit-window'] });
  if (input.subsequentTherapy === true) warnings.push({ rule: R.majhail, field: 'subsequentTherapy' });

  const diseaseAssessments = FOLLOW_UP_DISEASE_MONTHS.map((m) => ({ date: fromEpochDay(addMonthsToEpochDay(infusionDay, m)), label: labelOf(m), monthsAfterInfusion: m }));
  basis.push({ rule: R['disease-assessment'], field: 'infusionDate', observed: input.infusionDate, yields: diseaseAssessments[0]!.date });
  warnings.push({ rule: R['disease-assessment-no-end'] });
  let nextDisease: string | null = null;
  if (asOfDay !== undefined) {
    nextDisease = diseaseAssessments.find((d) => d.date >= input.asOfDate!)?.date ?? null;
    if (input.attendedDays === undefined) warnings.push({ rule: R['attendance-missing'], field: 'attendedDates' });
    if (nextVisit !== null) basis.push({ rule: R['next-visit'], field: 'asOfDate', observed: input.asOfDate!, yields: nextVisit });
    else basis.push({ rule: R['schedule-complete'], field: 'asOfDate', observed: input.asOfDate!, yields: last.date });
    if (firstOverdue !== undefined) {
      warnings.push({ rule: R['visits-overdue'], field: 'attendedDates', params: { count: overdue, date: firstOverdue.date } });
      actions.push({ rule: R['arrange-overdue-visit'], status: 'do' });
    }
  }
  const value: FollowUpValue = {
    infusionDate: input.infusionDate,
    asOfDate: input.asOfDate ?? null,
    visits,
    diseaseAssessments,
    nextVisit,
    nextDiseaseAssessment: nextDisease,
    overdue,
  };
  return assessed('follow-up', value, basis, actions, warnings);
}

function summaryOf(v: FollowUpValue): Record<string, unknown> {
  const last = v.visits[v.visits.length - 1]!.date;
  if (v.asOfDate === null) return { variant: 'calendar', count: v.visits.length, last };
  if (v.overdue > 0) return { variant: 'overdue', overdue: v.overdue, first: v.visits.find((x) => x.status === 'overdue')!.date };
  if (v.nextVisit === null) return { variant: 'complete', last };
  return { variant: 'next', next: v.nextVisit };
}

export const followUpInstrument = defineInstrument({
  name: 'follow-up',
  kind: 'planner',
  section: '002 §3.3, Tables 17-18',
  input: FollowUpInput,
  value: FollowUpValue,
  evaluate: (input) => planFollowUp(input),
  summary: summaryOf,
});
