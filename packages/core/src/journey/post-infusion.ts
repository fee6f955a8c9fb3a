import * as z from 'zod';
import type { Action, BasisEntry, Warning } from '../explain/result.js';
import { threshold as th, assessed, compared, type Assessment } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { fixedDose, perKg } from '../dosing/weight-based.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { CAR_HEMATOTOX_THRESHOLDS, CarHematotoxValue } from '../toxicity/car-hematotox.js';
import { ICAHT_THRESHOLDS } from '../toxicity/icaht.js';
import { CalendarDate, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { addMonthsToEpochDay, fromEpochDay, toEpochDay } from './calendar.js';
import { postInfusionMessages } from './post-infusion.messages.js';

registerMessages(postInfusionMessages);

const table15 = { seed: 'handbook', section: '§3.1.5, Table 15' } as const;
const figure9 = { seed: 'handbook', section: '§3.1.5, Figure 9 (footnote on antifungal prophylaxis)' } as const;
const figure9Early = { seed: 'handbook', section: '§3.1.5, Figure 9 (early G-CSF in the ICAHT algorithm)' } as const;
const table12 = { seed: 'handbook', section: '§3.1.5, Table 12 (early ICAHT: days 0 to +30)' } as const;
const infection = { seed: 'handbook', section: '§3.2.1 (infection and prophylaxis)' } as const;
const hbvText = { seed: 'handbook', section: '§3.2.1 (HBV prophylaxis after CAR-T)' } as const;
const figure11 = { seed: 'handbook', section: '§3.2.3, Figure 11' } as const;
const igText = { seed: 'handbook', section: '§3.2.3 (keep IgG above 400 mg/dL)' } as const;
const bCell = { seed: 'handbook', section: '§3.3, item 2 (B-cell recovery)' } as const;
const prophylaxis: RuleSources = { seed: [table15, infection], publications: ['hayden2022', 'rejeski2023'] };
const blood: RuleSources = { seed: [table15], publications: ['rejeski2023', 'hayden2022'] };
const hbv: RuleSources = { seed: [hbvText], publications: ['hayden2022'] };
const fungal: RuleSources = { seed: [table15, figure9], publications: ['rejeski2023', 'hayden2022'] };
const gcsf: RuleSources = { seed: [table15], publications: ['rejeski2023'] };
const gcsfWindow: RuleSources = { seed: [table15, figure9Early, table12], publications: ['rejeski2023'] };
// Figure 11 is adapted from Hill 2019; Hayden 2022 carries the same IgG threshold.
const ivig: RuleSources = { seed: [figure11, igText], publications: ['hill2019', 'hayden2022'] };
const recovery: RuleSources = { seed: [bCell], publications: ['hayden2022'] };

/** After infusion: handbook §3.1.5 Table 15 (prophylaxis rows), §3.2.1, §3.2.3 Figure 11, §3.3 item 2. */
export const POST_INFUSION_RULES = defineRules('post-infusion', {
  // Irradiated blood products (Table 15, PRBC/platelet row).
  'irradiation-required': blood,
  'irradiation-not-yet': blood,
  'irradiation-minimum-met': blood,
  'irradiation-leukapheresis-missing': blood,
  'irradiate-blood-products': blood,
  // HBV (§3.2.1).
  'hbv-positive': hbv,
  'hbv-dna-detected': hbv,
  'hbv-negative': hbv,
  'hbv-status-missing': hbv,
  'hbv-minimum-until': hbv,
  'hbv-minimum-met': hbv,
  'hbv-prophylaxis': hbv,
  'hbv-beyond-minimum': hbv,
  // Antiviral (HSV/VZV) and anti-Pneumocystis prophylaxis: start and stop rule.
  'prophylaxis-start': prophylaxis,
  'stop-time-not-met': prophylaxis,
  'stop-time-met': prophylaxis,
  'cd4-above': prophylaxis,
  'cd4-not-above': prophylaxis,
  'cd4-missing': prophylaxis,
  'stop-rule-reading': prophylaxis,
  'prophylaxis-not-started': prophylaxis,
  valaciclovir: prophylaxis,
  'valaciclovir-from-ldc': prophylaxis,
  acyclovir: prophylaxis,
  'antiviral-may-stop': prophylaxis,
  'cotrimoxazole-daily': prophylaxis,
  'cotrimoxazole-daily-from-ldc': prophylaxis,
  'cotrimoxazole-thrice-weekly': prophylaxis,
  'cotrimoxazole-allergy': prophylaxis,
  'cotrimoxazole-refused': prophylaxis,
  'cotrimoxazole-refused-from-ldc': prophylaxis,
  'pentamidine-inhaled': prophylaxis,
  dapsone: prophylaxis,
  atovaquone: prophylaxis,
  'pjp-per-institution': prophylaxis,
  'pjp-delay-myelosuppression': prophylaxis,
  'pjp-may-stop': prophylaxis,
  // Antifungal prophylaxis.
  'antifungal-recommended': fungal,
  'antifungal-consider': fungal,
  'antifungal-not-indicated': fungal,
  'antifungal-cannot-assess': fungal,
  'antifungal-course-until': fungal,
  'antifungal-course-passed': fungal,
  posaconazole: fungal,
  micafungin: fungal,
  // G-CSF by CAR-HEMATOTOX risk, and for ANC < 500/uL.
  'gcsf-high-risk': gcsf,
  'gcsf-prophylactic': gcsf,
  'gcsf-low-risk': gcsf,
  'gcsf-risk-missing': gcsf,
  'gcsf-prophylaxis-window-passed': gcsfWindow,
  'gcsf-therapeutic': gcsf,
  'gcsf-increase-if-no-response': gcsf,
  'gcsf-weight-missing': gcsf,
  'anc-severe': { seed: [table15, figure9], publications: ['rejeski2023'] },
  'anc-not-severe': { seed: [table15, figure9], publications: ['rejeski2023'] },
  'anc-missing': { seed: [table15, figure9], publications: ['rejeski2023'] },
  // IVIG by serial IgG (Figure 11).
  'igg-at-or-below': ivig,
  'igg-above': ivig,
  'igg-missing': ivig,
  'igg-before-infusion-ignored': ivig,
  'ivig-give': ivig,
  'ivig-consider-stop': ivig,
  'ivig-stop-not-yet': ivig,
  'ivig-hold': ivig,
  'igg-recheck': ivig,
  'igg-recheck-capped': ivig,
  'igg-monitoring-until': ivig,
  'igg-window-ended': ivig,
  'igg-low-after-completed-run': ivig,
  'ivig-not-needed': ivig,
  'ivig-resume-infections': ivig,
  'ivig-low-no-infection': ivig,
  'infection-status-missing': ivig,
  'ivig-dose-per-protocol': ivig,
  // B-cell recovery.
  'bcell-wbc-met': recovery,
  'bcell-wbc-not-met': recovery,
  'bcell-lymphocytes-met': recovery,
  'bcell-lymphocytes-not-met': recovery,
  'bcell-recovered': recovery,
  'bcell-not-recovered': recovery,
  'bcell-missing': recovery,
});
const R = POST_INFUSION_RULES;

/** The numbers the rules use, as the handbook prints them. */
export const POST_INFUSION_THRESHOLDS = Object.freeze({
  /** Table 15: irradiated blood products from 7 days before leukapheresis to at least day +90. */
  irradiationDaysBeforeLeukapheresis: 7,
  irradiationUntilDay: 90,
  /** §3.2.1: entecavir / tenofovir (or equivalent) for at least 6 months after CAR-T. */
  hbvMinimumMonths: 6,
  /** Table 15: antiviral and anti-Pneumocystis prophylaxis until 1 year after infusion and/or CD4+ above 0.2x10^9/L. */
  prophylaxisMinimumMonths: 12,
  cd4StopAbovePerUl: 200,
  valaciclovirMg: 500,
  acyclovirMg: 800,
  cotrimoxazoleDailyMg: 480,
  cotrimoxazoleThriceWeeklyMg: 960,
  pentamidineMonthlyMg: 300,
  dapsoneDailyMg: 100,
  atovaquoneDailyMg: 1_500,
  /**
   * Table 15: mold-active prophylaxis for 1-3 months; posaconazole 300 mg PO daily or micafungin 50 mg IV daily.
   * The upper end, counted from infusion, bounds the order for prior allo-HCT or invasive fungal disease.
   */
  moldActiveMonths: Object.freeze([1, 3] as const),
  posaconazoleDailyMg: 300,
  micafunginDailyMg: 50,
  /** Table 15 / Figure 9: severe neutropenia ANC < 500/uL; corticosteroids for more than 72 h. */
  severeNeutropeniaBelowPerUl: 500,
  corticosteroidAboveHours: 72,
  /** Table 15: G-CSF 5 ug/kg once daily; prophylactic from day +2 in high-risk patients (the car-hematotox numbers). */
  gcsfUgPerKg: CAR_HEMATOTOX_THRESHOLDS.gcsfUgPerKg,
  gcsfProphylaxisFromDay: CAR_HEMATOTOX_THRESHOLDS.gcsfFromDay,
  /** Figure 9 places prophylactic G-CSF in early ICAHT, days 0 to +30 (the ICAHT instrument's window). */
  gcsfProphylaxisLastDay: ICAHT_THRESHOLDS.earlyLastDay,
  /** Figure 11: IgG at or below 400 mg/dL -> IVIG; above -> hold and recheck every 4 weeks for 3 months. */
  igGAtOrBelowMgDl: 400,
  ivigConsiderStopAfterMonths: 3,
  igGRecheckDays: 28,
  igGMonitoringMonths: 3,
  /** §3.3 item 2: B-cell recovery at CD19+ >= 1% of WBC or >= 3% of lymphocytes. */
  bCellPercentOfWbc: 1,
  bCellPercentOfLymphocytes: 3,
});
const T = POST_INFUSION_THRESHOLDS;

const SEROLOGY = ['positive', 'negative'] as const;
const IgGResult = z
  .object({ date: CalendarDate.describe('Date of the serum IgG (YYYY-MM-DD).'), igG: quantity('igG').describe('Serum IgG.') })
  .strict();

const PostInfusionRaw = z
  .object({
    infusionDate: CalendarDate.describe('CAR-T infusion date: day 0 (YYYY-MM-DD).'),
    asOfDate: CalendarDate.describe('Date of this plan (YYYY-MM-DD).'),
    leukapheresisDate: CalendarDate.optional().describe('Leukapheresis date: irradiated blood products from 7 days before it.'),
    lymphodepletionStartDate: CalendarDate.optional().describe('First day of lymphodepletion: antiviral and anti-Pneumocystis prophylaxis start then.'),
    hbv: z
      .object({
        hbsAg: z.enum(SEROLOGY).optional(),
        antiHbc: z.enum(SEROLOGY).optional(),
        hbvDna: z.enum(['detected', 'not-detected']).optional(),
      })
      .strict()
      .optional()
      .describe('HBV markers: HBsAg, anti-HBc and HBV DNA.'),
    cd4: z
      .object({ date: CalendarDate, count: quantity('cellCountPerMicroliter').describe('CD4+ T cells (0.2 10*9/L = 200 /uL).') })
      .strict()
      .optional()
      .describe('Latest CD4+ T-cell count, for the stop rule of antiviral and anti-Pneumocystis prophylaxis.'),
    cotrimoxazoleAllergy: z.boolean().optional().describe('Allergy to co-trimoxazole.'),
    prolongedMyelosuppression: z.boolean().optional().describe('Prolonged myelosuppression (the start of anti-Pneumocystis prophylaxis may be delayed).'),
    carHematotoxRisk: CarHematotoxValue.shape.risk.optional().describe('CAR-HEMATOTOX risk group (the car-hematotox result), scored before lymphodepletion.'),
    anc: quantity('cellCountPerMicroliter').optional().describe('Current absolute neutrophil count.'),
    prolongedNeutropenia: z.boolean().optional().describe('Prolonged neutropenia.'),
    weight: quantity('bodyWeight').optional().describe('For the G-CSF dose (5 ug/kg).'),
    priorAlloHct: z.boolean().optional().describe('Prior allogeneic HCT.'),
    priorInvasiveAspergillosis: z.boolean().optional().describe('Prior invasive aspergillosis (invasive fungal disease).'),
    corticosteroidHours: z.number().min(0).max(100_000).optional().describe('Hours of corticosteroid treatment so far.'),
    highDoseCorticosteroids: z.boolean().optional().describe('High-dose corticosteroids given.'),
    igG: z.array(IgGResult).max(500).optional().describe('Serial serum IgG results.'),
    severeOrRecurrentInfections: z.boolean().optional().describe('Severe or recurrent infections since infusion.'),
    cd19PercentOfWbc: quantity('percent').optional().describe('CD19+ cells as % of white cells.'),
    cd19PercentOfLymphocytes: quantity('percent').optional().describe('CD19+ cells as % of lymphocytes.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.leukapheresisDate !== undefined && input.leukapheresisDate > input.infusionDate) {
      refuse(ctx, ['leukapheresisDate'], 'post-infusion.input.leukapheresis-after-infusion');
    }
    if (input.lymphodepletionStartDate !== undefined && input.lymphodepletionStartDate > input.infusionDate) {
      refuse(ctx, ['lymphodepletionStartDate'], 'post-infusion.input.ldc-after-infusion');
    }
    if (input.cd4 !== undefined && input.cd4.date > input.asOfDate) refuse(ctx, ['cd4', 'date'], 'post-infusion.input.result-after-as-of');
    const seen = new Set<string>();
    input.igG?.forEach((r, i) => {
      if (r.date > input.asOfDate) refuse(ctx, ['igG', i, 'date'], 'post-infusion.input.result-after-as-of');
      if (seen.has(r.date)) refuse(ctx, ['igG', i, 'date'], 'post-infusion.input.igg-same-date');
      seen.add(r.date);
    });
    // Lymphocytes are a subset of white cells: CD19+ cannot be a larger share of the white cells.
    if (input.cd19PercentOfWbc !== undefined && input.cd19PercentOfLymphocytes !== undefined && input.cd19PercentOfWbc > input.cd19PercentOfLymphocytes) {
      refuse(ctx, ['cd19PercentOfWbc'], 'post-infusion.input.cd19-wbc-above-lymphocytes');
    }
  });

function prepare(raw: z.output<typeof PostInfusionRaw>) {
  const infusionDay = toEpochDay(raw.infusionDate);
  const igG = (raw.igG ?? []).map((r) => ({ day: toEpochDay(r.date), value: r.igG })).sort((a, b) => a.day - b.day);
  return {
    ...raw,
    infusionDay,
    asOfDay: toEpochDay(raw.asOfDate),
    leukapheresisDay: raw.leukapheresisDate === undefined ? undefined : toEpochDay(raw.leukapheresisDate),
    ldcStartDay: raw.lymphodepletionStartDate === undefined ? undefined : toEpochDay(raw.lymphodepletionStartDate),
    igGSeries: igG.filter((r) => r.day >= infusionDay),
    igGBeforeInfusion: igG.filter((r) => r.day < infusionDay).length,
    igGGiven: raw.igG !== undefined,
  };
}

export const PostInfusionInput = PostInfusionRaw.transform(prepare);
export type PostInfusionInput = z.output<typeof PostInfusionInput>;

export const POST_INFUSION_IVIG_STATUSES = ['give', 'hold', 'resume-if-infections', 'not-needed', 'cannot-assess'] as const;
export type PostInfusionIvigStatus = (typeof POST_INFUSION_IVIG_STATUSES)[number];

const status3 = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values);
const date = z.string().describe('YYYY-MM-DD');

export const PostInfusionValue = z.object({
  infusionDate: date,
  asOfDate: date,
  dayAfterInfusion: z.number().int().describe('asOfDate minus infusionDate, in days (day 0 = infusion).'),
  irradiatedBlood: z.object({
    from: date.nullable().describe('7 days before leukapheresis; null when the leukapheresis date is not given.'),
    until: date.describe('Day +90: the minimum end of the window (inclusive).'),
    status: status3(['not-yet', 'required', 'minimum-met', 'unknown']),
  }),
  hbv: z.object({
    status: status3(['indicated', 'not-indicated', 'cannot-assess']),
    minimumUntil: date.nullable(),
    minimumMet: z.boolean().nullable(),
  }),
  antiviralAndPjp: z.object({
    from: date.nullable().describe('First day of lymphodepletion, when given.'),
    minimumUntil: date.describe('1 year after infusion (inclusive).'),
    timeMet: z.boolean(),
    cd4PerUl: z.number().nullable(),
    cd4Met: z.boolean().nullable(),
    stop: status3(['continue', 'may-stop', 'cd4-needed']),
    pjpRegimen: status3(['cotrimoxazole', 'alternative']),
  }),
  antifungal: z.object({
    status: status3(['recommended', 'consider', 'not-indicated', 'cannot-assess']),
    moldActiveMonths: z.object({ min: z.number().int(), max: z.number().int() }),
  }),
  gcsf: z.object({
    prophylaxis: status3(['consider', 'not-necessary', 'cannot-assess']),
    prophylaxisFrom: date,
    therapeutic: z.boolean().nullable().describe('ANC < 500/uL now: therapeutic G-CSF; null without an ANC.'),
  }),
  ivig: z.object({
    status: z.enum(POST_INFUSION_IVIG_STATUSES),
    latestIgGMgDl: z.number().nullable(),
    latestIgGDate: date.nullable(),
    considerStop: z.boolean(),
    nextIgGBy: date.nullable(),
    monitoringUntil: date.nullable(),
  }),
  bCellRecovery: z.object({
    status: status3(['recovered', 'not-recovered', 'cannot-assess']),
    percentOfWbc: z.number().nullable(),
    percentOfLymphocytes: z.number().nullable(),
  }),
});
export type PostInfusionValue = z.infer<typeof PostInfusionValue>;

interface Out {
  readonly basis: BasisEntry[];
  readonly actions: Action[];
  readonly warnings: Warning[];
}

const PER_UL = '/uL';
const MG_DL = 'mg/dL';

function irradiationInto(input: PostInfusionInput, out: Out): PostInfusionValue['irradiatedBlood'] {
  const untilDay = input.infusionDay + T.irradiationUntilDay;
  const until = fromEpochDay(untilDay);
  const fromDay = input.leukapheresisDay === undefined ? undefined : input.leukapheresisDay - T.irradiationDaysBeforeLeukapheresis;
  const from = fromDay === undefined ? null : fromEpochDay(fromDay);
  if (fromDay === undefined) out.warnings.push({ rule: R['irradiation-leukapheresis-missing'], field: 'leukapheresisDate' });
  let status: PostInfusionValue['irradiatedBlood']['status'];
  if (input.asOfDay > untilDay) status = 'minimum-met';
  else if (fromDay !== undefined) status = input.asOfDay >= fromDay ? 'required' : 'not-yet';
  // Without the leukapheresis date the window is known to be open only from infusion on.
  else status = input.asOfDay >= input.infusionDay ? 'required' : 'unknown';
  const window = th('in', `${from ?? '…'} – ${until}`);
  if (status === 'required') {
    out.basis.push({ rule: R['irradiation-required'], field: 'asOfDate', observed: input.asOfDate, threshold: window, yields: until });
    out.actions.push({ rule: R['irradiate-blood-products'], status: 'do' });
  } else if (status === 'not-yet') {
    out.basis.push({ rule: R['irradiation-not-yet'], field: 'asOfDate', observed: input.asOfDate, threshold: th('>=', from!), yields: from! });
  } else if (status === 'minimum-met') {
    out.basis.push({ rule: R['irradiation-minimum-met'], field: 'asOfDate', observed: input.asOfDate, threshold: th('>', until) });
  }
  return { from, until, status };
}

function hbvInto(input: PostInfusionInput, out: Out): PostInfusionValue['hbv'] {
  const markers = input.hbv ?? {};
  const untilDay = addMonthsToEpochDay(input.infusionDay, T.hbvMinimumMonths);
  const positive = markers.hbsAg === 'positive' ? 'hbv.hbsAg' : markers.antiHbc === 'positive' ? 'hbv.antiHbc' : undefined;
  if (positive === undefined) {
    if (markers.hbsAg === 'negative' && markers.antiHbc === 'negative') {
      out.basis.push({ rule: R['hbv-negative'], field: 'hbv', observed: 'negative' });
      return { status: 'not-indicated', minimumUntil: null, minimumMet: null };
    }
    if (markers.hbsAg === undefined) out.warnings.push({ rule: R['hbv-status-missing'], field: 'hbv.hbsAg' });
    if (markers.antiHbc === undefined) out.warnings.push({ rule: R['hbv-status-missing'], field: 'hbv.antiHbc' });
    return { status: 'cannot-assess', minimumUntil: null, minimumMet: null };
  }
  out.basis.push({ rule: R['hbv-positive'], field: positive, observed: 'positive' });
  if (markers.hbsAg === 'positive' && markers.hbvDna === 'detected') out.basis.push({ rule: R['hbv-dna-detected'], field: 'hbv.hbvDna', observed: 'detected' });
  const until = fromEpochDay(untilDay);
  const met = input.asOfDay > untilDay;
  if (met) {
    out.basis.push({ rule: R['hbv-minimum-met'], field: 'asOfDate', observed: input.asOfDate, threshold: th('>', until) });
    out.warnings.push({ rule: R['hbv-beyond-minimum'] });
  } else {
    out.basis.push({ rule: R['hbv-minimum-until'], field: 'infusionDate', observed: input.infusionDate, yields: until });
    out.actions.push({ rule: R['hbv-prophylaxis'], status: 'do', drug: 'entecavir / tenofovir', route: 'PO', duration: `P${T.hbvMinimumMonths}M` });
  }
  return { status: 'indicated', minimumUntil: until, minimumMet: met };
}

function prophylaxisInto(input: PostInfusionInput, out: Out): PostInfusionValue['antiviralAndPjp'] {
  const from = input.lymphodepletionStartDate ?? null;
  out.basis.push({ rule: R['prophylaxis-start'], field: 'lymphodepletionStartDate', observed: from, yields: from ?? 'LDC' });
  const untilDay = addMonthsToEpochDay(input.infusionDay, T.prophylaxisMinimumMonths);
  const until = fromEpochDay(untilDay);
  const timeMet = input.asOfDay > untilDay;
  out.basis.push({
    rule: timeMet ? R['stop-time-met'] : R['stop-time-not-met'],
    field: 'asOfDate',
    observed: input.asOfDate,
    threshold: th('>', until),
  });
  let cd4Met: boolean | null = null;
  if (input.cd4 !== undefined) {
    cd4Met = input.cd4.count > T.cd4StopAbovePerUl;
    out.basis.push({
      rule: cd4Met ? R['cd4-above'] : R['cd4-not-above'],
      field: 'cd4.count',
      observed: input.cd4.count,
      unit: PER_UL,
      threshold: th(cd4Met ? '>' : '<=', T.cd4StopAbovePerUl, PER_UL),
    });
  }
  out.warnings.push({ rule: R['stop-rule-reading'] });
  // "1 year and/or CD4+ > 0.2x10^9/L": read conservatively, both must hold before stopping.
  let stop: PostInfusionValue['antiviralAndPjp']['stop'] = 'continue';
  if (timeMet && cd4Met === true) stop = 'may-stop';
  else if (timeMet && cd4Met === null) {
    stop = 'cd4-needed';
    out.warnings.push({ rule: R['cd4-missing'], field: 'cd4' });
  }
  const allergy = input.cotrimoxazoleAllergy === true;
  // Before lymphodepletion the orders are for its first day: each carries that date, and the
  // leading order of each drug group says so, so that none reads as due on the plan's date.
  const startsOn = from !== null && input.ldcStartDay !== undefined && input.asOfDay < input.ldcStartDay ? from : undefined;
  const notStarted = startsOn !== undefined;
  const due = startsOn === undefined ? {} : { dueBy: startsOn };
  if (startsOn !== undefined) out.basis.push({ rule: R['prophylaxis-not-started'], field: 'asOfDate', observed: input.asOfDate, threshold: th('<', startsOn), yields: startsOn });
  if (stop === 'may-stop') {
    out.actions.push({ rule: R['antiviral-may-stop'], status: 'consider' });
    out.actions.push({ rule: R['pjp-may-stop'], status: 'consider' });
  } else {
    out.actions.push({ rule: notStarted ? R['valaciclovir-from-ldc'] : R.valaciclovir, status: 'do', drug: 'valaciclovir', dose: fixedDose(T.valaciclovirMg), route: 'PO', frequency: 'bid', ...due });
    out.actions.push({ rule: R.acyclovir, status: 'consider', drug: 'acyclovir', dose: fixedDose(T.acyclovirMg), route: 'PO', frequency: 'bid', ...due });
    if (allergy) {
      const because: BasisEntry = { rule: R['cotrimoxazole-allergy'], field: 'cotrimoxazoleAllergy', observed: true };
      out.basis.push(because);
      out.actions.push({ rule: notStarted ? R['cotrimoxazole-refused-from-ldc'] : R['cotrimoxazole-refused'], status: 'refused', drug: 'co-trimoxazole', refusedBecause: [because], ...due });
      out.actions.push({ rule: R['pentamidine-inhaled'], status: 'consider', drug: 'pentamidine', dose: fixedDose(T.pentamidineMonthlyMg), route: 'inhaled', ...due });
      out.actions.push({ rule: R.dapsone, status: 'consider', drug: 'dapsone', dose: fixedDose(T.dapsoneDailyMg), route: 'PO', frequency: 'daily', ...due });
      out.actions.push({ rule: R.atovaquone, status: 'consider', drug: 'atovaquone', dose: fixedDose(T.atovaquoneDailyMg), route: 'PO', frequency: 'daily', ...due });
    } else {
      out.actions.push({ rule: notStarted ? R['cotrimoxazole-daily-from-ldc'] : R['cotrimoxazole-daily'], status: 'do', drug: 'co-trimoxazole', dose: fixedDose(T.cotrimoxazoleDailyMg), route: 'PO', frequency: 'daily', ...due });
      out.actions.push({ rule: R['cotrimoxazole-thrice-weekly'], status: 'consider', drug: 'co-trimoxazole', dose: fixedDose(T.cotrimoxazoleThriceWeeklyMg), route: 'PO', ...due });
    }
    out.warnings.push({ rule: R['pjp-per-institution'] });
    if (input.prolongedMyelosuppression === true) out.actions.push({ rule: R['pjp-delay-myelosuppression'], status: 'consider' });
  }
  return {
    from,
    minimumUntil: until,
    timeMet,
    cd4PerUl: input.cd4?.count ?? null,
    cd4Met,
    stop,
    pjpRegimen: allergy ? 'alternative' : 'cotrimoxazole',
  };
}

/** Severe neutropenia now, from the current ANC (null without one). */
function severeNeutropenia(input: PostInfusionInput, out: Out): boolean | null {
  if (input.anc === undefined) {
    out.warnings.push({ rule: R['anc-missing'], field: 'anc' });
    return null;
  }
  const severe = input.anc < T.severeNeutropeniaBelowPerUl;
  out.basis.push({
    rule: severe ? R['anc-severe'] : R['anc-not-severe'],
    field: 'anc',
    observed: input.anc,
    unit: PER_UL,
    threshold: th(severe ? '<' : '>=', T.severeNeutropeniaBelowPerUl, PER_UL),
  });
  return severe;
}

function antifungalInto(input: PostInfusionInput, severe: boolean | null, out: Out): PostInfusionValue['antifungal'] {
  const months = { min: T.moldActiveMonths[0], max: T.moldActiveMonths[1] };
  const steroidsLong = input.corticosteroidHours === undefined ? undefined : input.corticosteroidHours > T.corticosteroidAboveHours;
  // Prior allo-HCT and prior invasive fungal disease never stop being true, so they cannot end the
  // course by themselves: Table 15's 1-3 months does, taken at its upper end from infusion. The
  // criteria that describe the patient now (steroids, neutropenia) hold whatever the date.
  const courseEndDay = addMonthsToEpochDay(input.infusionDay, T.moldActiveMonths[1]);
  const courseOver = input.asOfDay > courseEndDay;
  const fixed: BasisEntry[] = [];
  if (input.priorAlloHct === true) fixed.push({ rule: R['antifungal-recommended'], field: 'priorAlloHct', observed: true });
  if (input.priorInvasiveAspergillosis === true) fixed.push({ rule: R['antifungal-recommended'], field: 'priorInvasiveAspergillosis', observed: true });
  const reasons: BasisEntry[] = courseOver ? [] : [...fixed];
  if (steroidsLong === true) {
    reasons.push({
      rule: R['antifungal-recommended'],
      field: 'corticosteroidHours',
      observed: input.corticosteroidHours!,
      unit: 'h',
      threshold: th('>', T.corticosteroidAboveHours, 'h'),
    });
  }
  if (input.highDoseCorticosteroids === true) reasons.push({ rule: R['antifungal-recommended'], field: 'highDoseCorticosteroids', observed: true });
  let status: PostInfusionValue['antifungal']['status'];
  if (reasons.length > 0) status = 'recommended';
  else {
    const highRisk = input.carHematotoxRisk === undefined ? undefined : input.carHematotoxRisk === 'high';
    if (severe === true && highRisk === true) {
      reasons.push({ rule: R['antifungal-consider'], field: 'carHematotoxRisk', observed: 'high' });
      status = 'consider';
    } else if (input.prolongedNeutropenia === true) {
      reasons.push({ rule: R['antifungal-consider'], field: 'prolongedNeutropenia', observed: true });
      status = 'consider';
    } else {
      const unknown: string[] = [];
      if (!courseOver && input.priorAlloHct === undefined) unknown.push('priorAlloHct');
      if (!courseOver && input.priorInvasiveAspergillosis === undefined) unknown.push('priorInvasiveAspergillosis');
      if (steroidsLong === undefined) unknown.push('corticosteroidHours');
      if (input.highDoseCorticosteroids === undefined) unknown.push('highDoseCorticosteroids');
      if (input.prolongedNeutropenia === undefined) unknown.push('prolongedNeutropenia');
      // ANC >= 500 or a low-risk score each rule out the first "consider" criterion.
      if (severe !== false && highRisk !== false) unknown.push(severe === null ? 'anc' : 'carHematotoxRisk');
      if (unknown.length === 0) {
        // After the course a fixed criterion is still a criterion: its own entry below says why nothing is ordered.
        if (fixed.length === 0) out.basis.push({ rule: R['antifungal-not-indicated'], field: 'antifungal', observed: false });
        status = 'not-indicated';
      } else {
        for (const field of unknown) out.warnings.push({ rule: R['antifungal-cannot-assess'], field });
        status = 'cannot-assess';
      }
    }
  }
  for (const r of reasons) out.basis.push(r);
  const courseEnd = fromEpochDay(courseEndDay);
  if (courseOver) {
    for (const f of fixed) out.basis.push({ rule: R['antifungal-course-passed'], field: 'asOfDate', observed: input.asOfDate, threshold: th('>', courseEnd), yields: f.field });
  } else if (fixed.length > 0) {
    out.basis.push({ rule: R['antifungal-course-until'], field: 'infusionDate', observed: input.infusionDate, yields: courseEnd });
  }
  if (status === 'recommended' || status === 'consider') {
    out.actions.push({ rule: R.posaconazole, status: status === 'recommended' ? 'do' : 'consider', drug: 'posaconazole', dose: fixedDose(T.posaconazoleDailyMg), route: 'PO', frequency: 'daily' });
    out.actions.push({ rule: R.micafungin, status: 'consider', drug: 'micafungin', dose: fixedDose(T.micafunginDailyMg), route: 'IV', frequency: 'daily' });
  }
  return { status, moldActiveMonths: months };
}

function gcsfInto(input: PostInfusionInput, severe: boolean | null, out: Out): PostInfusionValue['gcsf'] {
  const fromDay = input.infusionDay + T.gcsfProphylaxisFromDay;
  const from = fromEpochDay(fromDay);
  const dose = input.weight === undefined ? fixedDose(T.gcsfUgPerKg, 'ug/kg') : perKg(T.gcsfUgPerKg, input.weight, 'ug');
  let prophylaxis: PostInfusionValue['gcsf']['prophylaxis'];
  const lastDay = input.infusionDay + T.gcsfProphylaxisLastDay;
  if (input.asOfDay > lastDay) {
    // Prophylaxis belongs to early ICAHT; later, only the therapeutic order below can apply.
    prophylaxis = 'not-necessary';
    out.basis.push({ rule: R['gcsf-prophylaxis-window-passed'], field: 'asOfDate', observed: input.asOfDate, threshold: th('>', fromEpochDay(lastDay)) });
  } else if (input.carHematotoxRisk === 'high') {
    prophylaxis = 'consider';
    out.basis.push({ rule: R['gcsf-high-risk'], field: 'carHematotoxRisk', observed: 'high', yields: from });
    // With ANC < 500/uL the therapeutic order below replaces the prophylactic one: one G-CSF order, not two.
    if (severe !== true) out.actions.push({ rule: R['gcsf-prophylactic'], status: 'consider', drug: 'G-CSF', dose, frequency: 'daily' });
  } else if (input.carHematotoxRisk === 'low') {
    prophylaxis = 'not-necessary';
    out.basis.push({ rule: R['gcsf-low-risk'], field: 'carHematotoxRisk', observed: 'low' });
  } else {
    prophylaxis = 'cannot-assess';
    out.warnings.push({ rule: R['gcsf-risk-missing'], field: 'carHematotoxRisk' });
  }
  if (severe === true) {
    out.actions.push({
      rule: R['gcsf-therapeutic'],
      status: 'do',
      drug: 'G-CSF',
      dose,
      frequency: 'daily',
      escalation: [{ rule: R['gcsf-increase-if-no-response'] }],
    });
  }
  if (input.weight === undefined && (prophylaxis === 'consider' || severe === true)) out.warnings.push({ rule: R['gcsf-weight-missing'], field: 'weight' });
  return { prophylaxis, prophylaxisFrom: from, therapeutic: severe };
}

function ivigInto(input: PostInfusionInput, out: Out): PostInfusionValue['ivig'] {
  const series = input.igGSeries;
  const none: PostInfusionValue['ivig'] = { status: 'cannot-assess', latestIgGMgDl: null, latestIgGDate: null, considerStop: false, nextIgGBy: null, monitoringUntil: null };
  if (input.igGBeforeInfusion > 0) out.warnings.push({ rule: R['igg-before-infusion-ignored'], field: 'igG', params: { count: input.igGBeforeInfusion } });
  if (series.length === 0) {
    out.warnings.push({ rule: R['igg-missing'], field: 'igG' });
    return none;
  }
  const last = series.length - 1;
  const latest = series[last]!;
  const low = latest.value <= T.igGAtOrBelowMgDl;
  const latestDate = fromEpochDay(latest.day);
  out.basis.push({
    rule: low ? R['igg-at-or-below'] : R['igg-above'],
    field: `igG[${last}]`,
    observed: latest.value,
    unit: MG_DL,
    threshold: th(low ? '<=' : '>', T.igGAtOrBelowMgDl, MG_DL),
    yields: latestDate,
  });
  // The run of results above 400 mg/dL that ends at (or just before) the latest result.
  let k = low ? last - 1 : last;
  let runStart: number | undefined;
  while (k >= 0 && series[k]!.value > T.igGAtOrBelowMgDl) runStart = series[k--]!.day;
  const value = { ...none, latestIgGMgDl: latest.value, latestIgGDate: latestDate };
  // Rechecks every 4 weeks for 3 months from the first result above 400 mg/dL; 3 calendar months
  // are not a multiple of 28 days, so the last recheck is pulled back to the window's end.
  const untilDay = runStart === undefined ? undefined : addMonthsToEpochDay(runStart, T.igGMonitoringMonths);
  const recheckBy = (endDay: number): string => {
    const due = latest.day + T.igGRecheckDays;
    if (due <= endDay) return fromEpochDay(due);
    out.basis.push({ rule: R['igg-recheck-capped'], field: 'igG', observed: latestDate, yields: fromEpochDay(endDay) });
    return fromEpochDay(endDay);
  };
  if (!low) {
    if (latest.day >= untilDay!) {
      out.basis.push({ rule: R['ivig-not-needed'], field: 'igG', observed: fromEpochDay(runStart!), threshold: th('>=', fromEpochDay(untilDay!)) });
      return { ...value, status: 'not-needed' };
    }
    const until = fromEpochDay(untilDay!);
    out.basis.push({ rule: R['igg-monitoring-until'], field: 'igG', observed: fromEpochDay(runStart!), yields: until });
    const next = recheckBy(untilDay!);
    out.actions.push({ rule: R['ivig-hold'], status: 'do', drug: 'IVIG' });
    out.actions.push({ rule: R['igg-recheck'], status: 'do', duration: `P${T.igGRecheckDays / 7}W` });
    return { ...value, status: 'hold', nextIgGBy: next, monitoringUntil: until };
  }
  // Where the patient is in Figure 11 decides the branch, not the date of the new result: a low
  // result that follows an unfinished run above 400 mg/dL (its last result still inside the
  // window) is the "falls again" branch, even when it comes after the window's end.
  const previous = last > 0 ? series[last - 1]! : undefined;
  if (runStart !== undefined && untilDay !== undefined && previous !== undefined && previous.day < untilDay) {
    const until = fromEpochDay(untilDay);
    out.basis.push({ rule: R['igg-monitoring-until'], field: 'igG', observed: fromEpochDay(runStart), yields: until });
    if (input.severeOrRecurrentInfections === true) {
      out.basis.push({ rule: R['ivig-resume-infections'], field: 'severeOrRecurrentInfections', observed: true });
      out.actions.push({ rule: R['ivig-give'], status: 'do', drug: 'IVIG', route: 'IV' });
      out.warnings.push({ rule: R['ivig-dose-per-protocol'] });
      return { ...value, status: 'give', monitoringUntil: until };
    }
    if (input.severeOrRecurrentInfections === false) out.basis.push({ rule: R['ivig-low-no-infection'], field: 'severeOrRecurrentInfections', observed: false });
    else out.warnings.push({ rule: R['infection-status-missing'], field: 'severeOrRecurrentInfections' });
    if (latest.day >= untilDay) {
      // Figure 11 schedules no IgG after its 3 months: the plan says so rather than invent a cadence.
      out.basis.push({ rule: R['igg-window-ended'], field: 'igG', observed: latestDate, threshold: th('>=', until) });
      return { ...value, status: 'resume-if-infections', monitoringUntil: until };
    }
    const next = recheckBy(untilDay);
    out.actions.push({ rule: R['igg-recheck'], status: 'do', duration: `P${T.igGRecheckDays / 7}W` });
    return { ...value, status: 'resume-if-infections', nextIgGBy: next, monitoringUntil: until };
  }
  // The run above 400 mg/dL was complete before this low result: Figure 11 ends there, so the plan
  // starts it again from the top and says that the handbook does not cover this case.
  if (runStart !== undefined) out.warnings.push({ rule: R['igg-low-after-completed-run'], field: 'igG' });
  // IgG <= 400 mg/dL: IVIG replacement; after 3 months without severe or recurrent infection, consider stopping.
  out.actions.push({ rule: R['ivig-give'], status: 'do', drug: 'IVIG', route: 'IV' });
  out.warnings.push({ rule: R['ivig-dose-per-protocol'] });
  const stopFromDay = addMonthsToEpochDay(input.infusionDay, T.ivigConsiderStopAfterMonths);
  const late = input.asOfDay > stopFromDay;
  let considerStop = false;
  if (!late) {
    out.basis.push({ rule: R['ivig-stop-not-yet'], field: 'asOfDate', observed: input.asOfDate, threshold: th('>', fromEpochDay(stopFromDay)) });
  } else if (input.severeOrRecurrentInfections === false) {
    considerStop = true;
    out.actions.push({ rule: R['ivig-consider-stop'], status: 'consider' });
  } else if (input.severeOrRecurrentInfections === undefined) {
    out.warnings.push({ rule: R['infection-status-missing'], field: 'severeOrRecurrentInfections' });
  }
  return { ...value, status: 'give', considerStop };
}

function bCellInto(input: PostInfusionInput, out: Out): PostInfusionValue['bCellRecovery'] {
  const wbc = input.cd19PercentOfWbc;
  const lymph = input.cd19PercentOfLymphocytes;
  let wbcMet: boolean | undefined;
  let lymphMet: boolean | undefined;
  if (wbc === undefined) out.warnings.push({ rule: R['bcell-missing'], field: 'cd19PercentOfWbc' });
  else {
    const result = compared({ met: R['bcell-wbc-met'], notMet: R['bcell-wbc-not-met'] }, 'cd19PercentOfWbc', wbc, '>=', T.bCellPercentOfWbc, '%');
    wbcMet = result.met;
    out.basis.push(result.entry);
  }
  if (lymph === undefined) out.warnings.push({ rule: R['bcell-missing'], field: 'cd19PercentOfLymphocytes' });
  else {
    const result = compared({ met: R['bcell-lymphocytes-met'], notMet: R['bcell-lymphocytes-not-met'] }, 'cd19PercentOfLymphocytes', lymph, '>=', T.bCellPercentOfLymphocytes, '%');
    lymphMet = result.met;
    out.basis.push(result.entry);
  }
  let status: PostInfusionValue['bCellRecovery']['status'] = 'cannot-assess';
  if (wbcMet === true || lymphMet === true) status = 'recovered';
  else if (wbcMet === false && lymphMet === false) status = 'not-recovered';
  if (status !== 'cannot-assess') {
    out.basis.push({ rule: status === 'recovered' ? R['bcell-recovered'] : R['bcell-not-recovered'], field: 'bCellRecovery', observed: status === 'recovered', yields: status });
  }
  return { status, percentOfWbc: wbc ?? null, percentOfLymphocytes: lymph ?? null };
}

export function planPostInfusion(input: PostInfusionInput): Assessment<PostInfusionValue> {
  const out: Out = { basis: [], actions: [], warnings: [] };
  const irradiatedBlood = irradiationInto(input, out);
  const hbvPlan = hbvInto(input, out);
  const antiviralAndPjp = prophylaxisInto(input, out);
  const severe = severeNeutropenia(input, out);
  const antifungal = antifungalInto(input, severe, out);
  const gcsfPlan = gcsfInto(input, severe, out);
  const ivigPlan = ivigInto(input, out);
  const bCellRecovery = bCellInto(input, out);
  const value: PostInfusionValue = {
    infusionDate: input.infusionDate,
    asOfDate: input.asOfDate,
    dayAfterInfusion: input.asOfDay - input.infusionDay,
    irradiatedBlood,
    hbv: hbvPlan,
    antiviralAndPjp,
    antifungal,
    gcsf: gcsfPlan,
    ivig: ivigPlan,
    bCellRecovery,
  };
  return assessed('post-infusion', value, out.basis, out.actions, out.warnings);
}

export const postInfusionInstrument = defineInstrument({
  name: 'post-infusion',
  kind: 'planner',
  section: '002 §3.1.5 Table 15, §3.2.1, §3.2.3 Figure 11, §3.3',
  input: PostInfusionInput,
  value: PostInfusionValue,
  evaluate: (input) => planPostInfusion(input),
  // The before-infusion text already says "before": the count is given without its sign.
  summary: (v) => ({ variant: v.dayAfterInfusion < 0 ? 'before-infusion' : 'after-infusion', day: Math.abs(v.dayAfterInfusion), date: v.asOfDate }),
});
