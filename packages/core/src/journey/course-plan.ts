import * as z from 'zod';
import { render } from '../explain/render.js';
import type { Action, BasisEntry, Warning } from '../explain/result.js';
import { assessed, cannotAssess } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import type { InstitutionSettings } from '../institution/settings.js';
import { defineInstrument, getInstrument, type Instrument } from '../instruments/registry.js';
import { daysBetween, localDateOf } from './calendar.js';
import type { CarTCourseStepId } from './course.js';
import { carTCoursePlanMessages } from './course-plan.messages.js';
// The step planners register themselves on import; the plan calls them through the registry.
import './eligibility.js';
import './washout.js';
import './leukapheresis.js';
import './cryopreservation.js';
import './bridging.js';
import './lymphodepletion.js';
import './infusion.js';
import './post-infusion.js';
import './vaccination.js';
import './follow-up.js';
import type { CryoValue } from './cryopreservation.js';
import type { BridgingValue } from './bridging.js';
import type { LdcValue } from './lymphodepletion.js';
import type { InfusionValue } from './infusion.js';
import type { PostInfusionValue } from './post-infusion.js';
import type { VaccinationValue } from './vaccination.js';
import type { FollowUpValue } from './follow-up.js';
import type { WashoutValue } from './washout.js';

registerMessages(carTCoursePlanMessages);

/** The planners a whole course runs, in course order; each key of the input is a planner name. */
export const CAR_T_COURSE_PLAN_STEPS = [
  'eligibility',
  'washout',
  'leukapheresis',
  'cryopreservation',
  'bridging',
  'lymphodepletion',
  'infusion',
  'post-infusion',
  'vaccination',
  'follow-up',
] as const;
export type CarTCoursePlanStep = (typeof CAR_T_COURSE_PLAN_STEPS)[number];

/** The course step each planner belongs to (its gate, or a related planner of that step). */
export const CAR_T_COURSE_PLAN_STEP_OF: Readonly<Record<CarTCoursePlanStep, CarTCourseStepId>> = Object.freeze({
  eligibility: 'eligibility',
  washout: 'washout',
  leukapheresis: 'leukapheresis',
  cryopreservation: 'cryopreservation-and-shipment',
  bridging: 'bridging',
  lymphodepletion: 'lymphodepletion',
  infusion: 'thaw-and-infusion',
  'post-infusion': 'monitoring',
  vaccination: 'follow-up',
  'follow-up': 'follow-up',
});

function planner(name: CarTCoursePlanStep): Instrument {
  const instrument = getInstrument(name);
  if (instrument === undefined) throw new Error(`car-t-course-plan: planner ${name} is not registered`);
  return instrument;
}

type Seed = { readonly seed: 'handbook'; readonly section: string };
const selection: Seed = { seed: 'handbook', section: '§1.2 (patient selection), §1.2.1 (indications)' };
const washoutSec: Seed = { seed: 'handbook', section: '§1.3, Figure 3' };
const apheresis: Seed = { seed: 'handbook', section: '§1.4, item 2 (assessment before leukapheresis)' };
const processing: Seed = { seed: 'handbook', section: '§1.4, item 7 (cell processing and freezing, Kymriah example)' };
const bridgingSec: Seed = { seed: 'handbook', section: '§1.5, Table 4' };
const ldc: Seed = { seed: 'handbook', section: '§2.1.1 (LDC for ALL, tisagenlecleucel)' };
const ldcLymphoma: Seed = { seed: 'handbook', section: '§2.1.2 (LDC for DLBCL/FL, tisagenlecleucel)' };
const table15: Seed = { seed: 'handbook', section: '§3.1.5, Table 15' };
const vaccinationSec: Seed = { seed: 'handbook', section: '§3.2.2, Table 16' };
const followUpSec: Seed = { seed: 'handbook', section: '§3.3, Table 17' };
const phases: Seed = { seed: 'handbook', section: '§1 (introduction: the three phases of the course, Figure 1)' };
const q = (...seed: Seed[]): RuleSources => ({ seed, publications: ['qayed2022', 'hayden2022'] });
const h = (...seed: Seed[]): RuleSources => ({ seed, publications: ['hayden2022'] });

export const CAR_T_COURSE_PLAN_RULES = defineRules('car-t-course-plan', {
  'step-not-given': h(phases),
  'step-cannot-assess': h(phases),
  'eligibility-before-leukapheresis': q(selection, apheresis),
  'eligibility-before-leukapheresis-failed': q(selection, apheresis),
  'washout-before-leukapheresis': q(washoutSec),
  'washout-before-leukapheresis-failed': q(washoutSec),
  'same-leukapheresis-date': q(washoutSec, table15),
  'same-leukapheresis-date-failed': q(washoutSec, table15),
  'collection-not-before-planned': q(apheresis, processing),
  'collection-not-before-planned-failed': q(apheresis, processing),
  'leukapheresis-before-ldc': h(phases, ldc),
  'leukapheresis-before-ldc-failed': h(phases, ldc),
  'bridging-before-ldc': h(bridgingSec),
  'bridging-before-ldc-failed': h(bridgingSec),
  'same-ldc-start': h(bridgingSec, table15, vaccinationSec),
  'same-ldc-start-failed': h(bridgingSec, table15, vaccinationSec),
  'infusion-in-ldc-window': h(ldc, ldcLymphoma),
  'infusion-in-ldc-window-failed': h(ldc, ldcLymphoma),
  'same-infusion-date': h(ldc, table15, vaccinationSec, followUpSec),
  'same-infusion-date-failed': h(ldc, table15, vaccinationSec, followUpSec),
});
const R = CAR_T_COURSE_PLAN_RULES;

export const CAR_T_COURSE_PLAN_CHECKS = [
  'eligibility-before-leukapheresis',
  'washout-before-leukapheresis',
  'same-leukapheresis-date',
  'collection-not-before-planned',
  'leukapheresis-before-ldc',
  'bridging-before-ldc',
  'same-ldc-start',
  'infusion-in-ldc-window',
  'same-infusion-date',
] as const;
export type CarTCoursePlanCheck = (typeof CAR_T_COURSE_PLAN_CHECKS)[number];
export const CAR_T_COURSE_PLAN_CHECK_STATUSES = ['consistent', 'inconsistent', 'not-checked'] as const;

const shape = {} as Record<CarTCoursePlanStep, z.ZodOptional<z.ZodType>>;
for (const name of CAR_T_COURSE_PLAN_STEPS) {
  shape[name] = planner(name).input.optional().describe(`Input of the ${name} planner, exactly as that planner takes it.`);
}

/** One synthetic patient: each step's input, validated by that step's own planner schema. */
export const CarTCoursePlanInput = z.object(shape).strict();
export type CarTCoursePlanInput = Partial<Record<CarTCoursePlanStep, unknown>>;

const CalendarItem = z.object({
  date: z.string().describe('YYYY-MM-DD, in the institution time zone for instants.'),
  at: z.string().nullable().describe('The ISO 8601 instant, for timed items.'),
  step: z.enum(CAR_T_COURSE_PLAN_STEPS),
  item: z.string(),
  detail: z.string().nullable(),
});
type CalendarItem = z.infer<typeof CalendarItem>;

export const CarTCoursePlanValue = z.object({
  timeline: z.array(
    z.object({
      step: z.enum(CAR_T_COURSE_PLAN_STEPS),
      courseStep: z.string(),
      given: z.boolean(),
      status: z.string().describe("The planner's outcome (its summary variant, e.g. eligible, ready, planned-ok), 'assessed', 'cannot-assess' or 'not-given'."),
      dates: z.array(CalendarItem.omit({ step: true })).describe('Key dates of the step.'),
      summary: z.object({ en: z.string(), 'zh-TW': z.string() }).nullable(),
    }),
  ),
  calendar: z.array(CalendarItem).describe('Every dated item of every step, sorted by date and time.'),
  checks: z.array(
    z.object({
      check: z.enum(CAR_T_COURSE_PLAN_CHECKS),
      status: z.enum(CAR_T_COURSE_PLAN_CHECK_STATUSES),
      observed: z.string().nullable(),
      expected: z.string().nullable(),
    }),
  ),
  consistent: z.boolean().nullable().describe('Null when no check could be made.'),
  lastDate: z.string().nullable(),
});
export type CarTCoursePlanValue = z.infer<typeof CarTCoursePlanValue>;
type Timeline = CarTCoursePlanValue['timeline'][number];

type Item = Omit<CalendarItem, 'step'> & { key?: boolean };
const day = (item: string, date: string | null | undefined, detail: string | null = null, key = false): Item[] =>
  date === null || date === undefined ? [] : [{ date, at: null, item, detail, key }];
const instant = (tz: string, item: string, at: string | null | undefined, detail: string | null = null, key = false): Item[] =>
  at === null || at === undefined ? [] : [{ date: localDateOf(at, tz), at, item, detail, key }];

type Raw = Record<string, unknown>;

/** The dated items of one step's result (and of its input where the result repeats no date). */
function itemsOf(step: CarTCoursePlanStep, input: Raw, value: unknown, tz: string): Item[] {
  switch (step) {
    case 'eligibility':
      return day('eligibility-assessment', input['assessmentDate'] as string | undefined, null, true);
    case 'washout': {
      const v = value as WashoutValue | null;
      if (v === null) return [];
      return [...day('earliest-leukapheresis', v.earliestDate, null, true), ...day('earliest-leukapheresis-with-alternatives', v.earliestDateWithAlternatives)];
    }
    case 'leukapheresis':
      return day('leukapheresis', input['plannedCollectionDate'] as string, null, true);
    case 'cryopreservation': {
      const v = value as CryoValue | null;
      const out = instant(tz, 'collection-end', input['collectionEnd'] as string, null, true);
      if (v === null) return out;
      return [
        ...out,
        ...instant(tz, 'cold-storage-due', v.coldStorage.deadline, v.coldStorage.status),
        ...instant(tz, 'cryopreservation-due', v.cryopreservation.deadline, v.cryopreservation.status, true),
        ...instant(tz, 'freeze-start-due', v.freezeStart?.dueBy, v.freezeStart?.status ?? null),
      ];
    }
    case 'bridging': {
      const v = value as BridgingValue | null;
      const iv = v?.intervals ?? null;
      if (iv === null) return [];
      return [...day('earliest-ldc', iv.earliestLdcDate, null, true), ...day('earliest-ldc-with-alternatives', iv.earliestWithAlternatives)];
    }
    case 'lymphodepletion': {
      const v = value as LdcValue | null;
      if (v === null) return day('infusion-planned', input['plannedInfusionDate'] as string, null, true);
      const out: Item[] = [];
      for (const d of v.calendar) {
        if (d.doses.length > 0) out.push(...day('ldc-day', d.date, `day ${d.day}: ${d.doses.map((x) => x.drug).join(', ')}`, d.date === v.ldcStartDate || d.date === v.ldcEndDate));
      }
      out.push(...day('infusion-planned', v.plannedInfusionDate, 'day 0', true), ...day('ldc-valid-until', v.ldcValidUntil));
      return out;
    }
    case 'infusion': {
      const v = value as InfusionValue | null;
      if (v === null) return [];
      const out: Item[] = [...instant(tz, 'premedication-window-opens', v.premedication.windowFrom), ...instant(tz, 'premedication-window-closes', v.premedication.windowTo)];
      for (const b of v.bags) {
        out.push(
          ...instant(tz, 'thaw-start', b.thawStart, `bag ${b.bag}`, b.bag === 1),
          ...instant(tz, 'infusion-due-by', b.dueBy, `bag ${b.bag}`),
          ...instant(tz, 'infusion-end', b.infusionEnd, `bag ${b.bag}: ${b.status}`),
        );
      }
      for (const c of v.vitals.checks) out.push(...instant(tz, `vital-signs-${c.phase}`, c.at, c.status ?? null));
      return out;
    }
    case 'post-infusion': {
      const v = value as PostInfusionValue | null;
      if (v === null) return [];
      return [
        ...day('irradiated-blood-from', v.irradiatedBlood.from),
        ...day('irradiated-blood-until', v.irradiatedBlood.until, null, true),
        ...day('antiviral-pjp-from', v.antiviralAndPjp.from),
        ...day('antiviral-pjp-minimum-until', v.antiviralAndPjp.minimumUntil, null, true),
        ...day('hbv-prophylaxis-minimum-until', v.hbv.minimumUntil),
        ...day('gcsf-prophylaxis-from', v.gcsf.prophylaxis === 'consider' ? v.gcsf.prophylaxisFrom : null),
        ...day('igg-recheck-by', v.ivig.nextIgGBy),
        ...day('igg-monitoring-until', v.ivig.monitoringUntil),
      ];
    }
    case 'vaccination': {
      const v = value as VaccinationValue | null;
      if (v === null) return [];
      const out: Item[] = [];
      for (const x of v.vaccines) {
        out.push(...day(`vaccine-${x.vaccine}-before-car-t`, x.beforeCarT?.recommendedBy), ...day(`vaccine-${x.vaccine}`, x.earliestDate, x.status, true));
      }
      return out;
    }
    case 'follow-up': {
      const v = value as FollowUpValue | null;
      if (v === null) return [];
      const last = v.visits[v.visits.length - 1];
      return [
        ...v.visits.flatMap((x) => day('follow-up-visit', x.date, x.label, x === v.visits[0] || x === last)),
        ...v.diseaseAssessments.flatMap((x) => day('disease-assessment', x.date, x.label)),
      ];
    }
  }
}

function ms(at: string | null): number {
  return at === null ? Number.NEGATIVE_INFINITY : Date.parse(at);
}

interface CheckOut {
  check: CarTCoursePlanCheck;
  status: (typeof CAR_T_COURSE_PLAN_CHECK_STATUSES)[number];
  observed: string | null;
  expected: string | null;
}

export function planCarTCoursePatient(input: CarTCoursePlanInput, settings: InstitutionSettings) {
  const tz = settings.timeZone;
  const basis: BasisEntry[] = [];
  const warnings: Warning[] = [];
  const actions: Action[] = [];
  const timeline: Timeline[] = [];
  const calendar: CalendarItem[] = [];
  const values: Partial<Record<CarTCoursePlanStep, unknown>> = {};
  const raws: Partial<Record<CarTCoursePlanStep, Raw>> = {};
  for (const step of CAR_T_COURSE_PLAN_STEPS) {
    const courseStep = CAR_T_COURSE_PLAN_STEP_OF[step];
    const stepInput = input[step];
    if (stepInput === undefined) {
      warnings.push({ rule: R['step-not-given'], field: step });
      timeline.push({ step, courseStep, given: false, status: 'not-given', dates: [], summary: null });
      continue;
    }
    const instrument = planner(step);
    const result = instrument.evaluate(stepInput, settings);
    raws[step] = stepInput as Raw;
    values[step] = result.value;
    const params = result.value === null ? {} : instrument.summary(result.value);
    const variant = params['variant'];
    const status = result.status === 'cannot-assess' ? 'cannot-assess' : typeof variant === 'string' ? variant : 'assessed';
    if (result.status === 'cannot-assess') warnings.push({ rule: R['step-cannot-assess'], field: step });
    for (const b of result.basis) basis.push({ ...b, field: b.field === '' ? step : `${step}.${b.field}` });
    for (const w of result.warnings) warnings.push({ ...w, field: w.field === undefined ? step : `${step}.${w.field}` });
    for (const a of result.actions) actions.push(a);
    const items = itemsOf(step, stepInput as Raw, result.value, tz);
    for (const it of items) calendar.push({ date: it.date, at: it.at, step, item: it.item, detail: it.detail });
    timeline.push({
      step,
      courseStep,
      given: true,
      status,
      dates: items.filter((i) => i.key === true).map((it) => ({ date: it.date, at: it.at, item: it.item, detail: it.detail })),
      summary: { en: render(result, 'en', params).summary, 'zh-TW': render(result, 'zh-TW', params).summary },
    });
  }
  if (timeline.every((t) => !t.given)) return cannotAssess<CarTCoursePlanValue>('car-t-course-plan', warnings);

  const order = (s: CarTCoursePlanStep) => CAR_T_COURSE_PLAN_STEPS.indexOf(s);
  calendar.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : ms(a.at) - ms(b.at) || order(a.step) - order(b.step)));

  const checks = checksOf(raws, values, tz, basis);
  const made = checks.filter((c) => c.status !== 'not-checked');
  const value: CarTCoursePlanValue = {
    timeline,
    calendar,
    checks,
    consistent: made.length === 0 ? null : made.every((c) => c.status === 'consistent'),
    lastDate: calendar.length === 0 ? null : calendar[calendar.length - 1]!.date,
  };
  return assessed('car-t-course-plan', value, basis, actions, warnings);
}

/** Consistency across steps: each check compares dates that two or more steps must agree on. */
function checksOf(raws: Partial<Record<CarTCoursePlanStep, Raw>>, values: Partial<Record<CarTCoursePlanStep, unknown>>, tz: string, basis: BasisEntry[]): CheckOut[] {
  const str = (step: CarTCoursePlanStep, key: string): string | undefined => {
    const v = raws[step]?.[key];
    return typeof v === 'string' ? v : undefined;
  };
  const washout = values.washout as WashoutValue | null | undefined;
  const bridging = values.bridging as BridgingValue | null | undefined;
  const ldcValue = values.lymphodepletion as LdcValue | null | undefined;
  const infusionRaw = raws.infusion as { bags?: { thawStart: string; infusionStart?: string }[]; plannedInfusionStart?: string } | undefined;

  const leukDate = str('leukapheresis', 'plannedCollectionDate');
  const ldcStart = ldcValue?.ldcStartDate ?? str('lymphodepletion', 'ldcStartDate');
  const firstBag = infusionRaw?.bags?.[0];
  const infusionAt = firstBag?.infusionStart ?? firstBag?.thawStart ?? infusionRaw?.plannedInfusionStart;
  const infusionFromInfusion = infusionAt === undefined ? undefined : localDateOf(infusionAt, tz);
  const infusionDates: [string, string][] = [];
  const addDate = (field: string, date: string | undefined) => {
    if (date !== undefined) infusionDates.push([field, date]);
  };
  addDate('lymphodepletion.plannedInfusionDate', str('lymphodepletion', 'plannedInfusionDate'));
  addDate('infusion.bags[0].infusionStart', infusionFromInfusion);
  addDate('post-infusion.infusionDate', str('post-infusion', 'infusionDate'));
  addDate('vaccination.infusionDate', str('vaccination', 'infusionDate'));
  addDate('follow-up.infusionDate', str('follow-up', 'infusionDate'));
  const infusionDay = infusionFromInfusion ?? infusionDates.find(([f]) => f !== 'lymphodepletion.plannedInfusionDate')?.[1] ?? infusionDates[0]?.[1];

  const out: CheckOut[] = [];
  const record = (check: CarTCoursePlanCheck, field: string, observed: string | undefined, expected: string | undefined, ok: (o: string, e: string) => boolean, comparator: '<=' | '<' | '>=' | '=' | 'between', thresholdValue?: [number, number]) => {
    if (observed === undefined || expected === undefined) {
      out.push({ check, status: 'not-checked', observed: observed ?? null, expected: expected ?? null });
      return;
    }
    const pass = ok(observed, expected);
    const rule: Rule = pass ? R[check] : R[`${check}-failed`];
    basis.push({
      rule,
      field,
      observed,
      threshold: thresholdValue === undefined ? { comparator, value: expected } : { comparator: 'between', value: thresholdValue },
      yields: pass ? 'consistent' : 'inconsistent',
    });
    out.push({ check, status: pass ? 'consistent' : 'inconsistent', observed, expected });
  };
  const notAfter = (o: string, e: string) => o <= e;
  const same = (o: string, e: string) => o === e;

  record('eligibility-before-leukapheresis', 'eligibility.assessmentDate', str('eligibility', 'assessmentDate'), leukDate, notAfter, '<=');
  record('washout-before-leukapheresis', 'washout.earliestDate', washout?.earliestDate, leukDate, notAfter, '<=');
  // Every other mention of the leukapheresis date must be the planned collection date.
  const leukMentions: [string, string | undefined][] = [
    ['washout.plannedLeukapheresisDate', str('washout', 'plannedLeukapheresisDate')],
    ['post-infusion.leukapheresisDate', str('post-infusion', 'leukapheresisDate')],
  ];
  const leukOff = leukMentions.find(([, d]) => d !== undefined && d !== leukDate);
  const leukAny = leukMentions.find(([, d]) => d !== undefined);
  record('same-leukapheresis-date', (leukOff ?? leukAny)?.[0] ?? 'leukapheresis.plannedCollectionDate', (leukOff ?? leukAny)?.[1], leukDate, same, '=');
  const collectionEnd = str('cryopreservation', 'collectionEnd');
  record('collection-not-before-planned', 'cryopreservation.collectionEnd', collectionEnd === undefined ? undefined : localDateOf(collectionEnd, tz), leukDate, (o, e) => o >= e, '>=');
  record('leukapheresis-before-ldc', 'leukapheresis.plannedCollectionDate', leukDate, ldcStart, (o, e) => o < e, '<');
  record('bridging-before-ldc', 'bridging.intervals.earliestLdcDate', bridging?.intervals?.earliestLdcDate ?? undefined, ldcStart, notAfter, '<=');
  const ldcMentions: [string, string | undefined][] = [
    ['bridging.plannedLdcStartDate', str('bridging', 'plannedLdcStartDate')],
    ['post-infusion.lymphodepletionStartDate', str('post-infusion', 'lymphodepletionStartDate')],
    ['vaccination.lymphodepletionStartDate', str('vaccination', 'lymphodepletionStartDate')],
  ];
  const ldcOff = ldcMentions.find(([, d]) => d !== undefined && d !== ldcStart);
  const ldcAny = ldcMentions.find(([, d]) => d !== undefined);
  record('same-ldc-start', (ldcOff ?? ldcAny)?.[0] ?? 'lymphodepletion.ldcStartDate', (ldcOff ?? ldcAny)?.[1], ldcStart, same, '=');
  if (ldcValue === null || ldcValue === undefined || infusionDay === undefined) {
    out.push({ check: 'infusion-in-ldc-window', status: 'not-checked', observed: infusionDay ?? null, expected: ldcValue?.ldcEndDate ?? null });
  } else {
    const w = ldcValue.infusionWindowDays;
    record(
      'infusion-in-ldc-window',
      infusionFromInfusion === undefined ? 'lymphodepletion.plannedInfusionDate' : 'infusion.bags[0].infusionStart',
      infusionDay,
      ldcValue.ldcEndDate,
      (o, e) => {
        const gap = daysBetween(e, o);
        return gap >= w.min && gap <= w.max;
      },
      'between',
      [w.min, w.max],
    );
  }
  const reference = infusionDates[0];
  const off = infusionDates.find(([, d]) => d !== reference?.[1]);
  if (infusionDates.length < 2) out.push({ check: 'same-infusion-date', status: 'not-checked', observed: reference?.[1] ?? null, expected: null });
  else record('same-infusion-date', (off ?? infusionDates[1]!)[0], (off ?? infusionDates[1]!)[1], reference![1], same, '=');
  return out;
}

function summaryOf(v: CarTCoursePlanValue): Record<string, unknown> {
  const given = v.timeline.filter((t) => t.given).length;
  const base = { given, total: v.timeline.length, last: v.lastDate ?? '-' };
  if (v.consistent === null) return { variant: 'unchecked', ...base };
  if (v.consistent) return { variant: 'consistent', ...base };
  return { variant: 'inconsistent', ...base, checks: v.checks.filter((c) => c.status === 'inconsistent').map((c) => c.check).join(', ') };
}

export const carTCoursePlanInstrument = defineInstrument({
  name: 'car-t-course-plan',
  kind: 'planner',
  section: '002 §1.2-§3.3 (the whole course for one patient)',
  input: CarTCoursePlanInput,
  value: CarTCoursePlanValue,
  evaluate: (input, settings) => planCarTCoursePatient(input, settings),
  summary: summaryOf,
});
