import * as z from 'zod';
import type { BasisEntry, Threshold, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { CalendarDate, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { addMonthsToEpochDay, fromEpochDay, toEpochDay } from './calendar.js';
import { washoutMessages } from './washout.messages.js';

registerMessages(washoutMessages);

const figure3 = { seed: 'handbook', section: '§1.3, Figure 3' } as const;
const principle = { seed: 'handbook', section: '§1.3 (five half-lives; physician may adjust)' } as const;
const row: RuleSources = { seed: [figure3], publications: ['qayed2022'] };
const general: RuleSources = { seed: [principle, figure3], publications: ['qayed2022'] };

/** Washout before leukapheresis: handbook §1.3 and Figure 3 (Qayed 2022, Figure 2). */
export const WASHOUT_RULES = defineRules('washout', {
  // Figure 3, one rule per box.
  'antiproliferative-3d': row,
  'short-acting-gcsf-5d': row,
  'nilotinib-5d': row,
  'intrathecal-methotrexate-7d': row,
  'corticosteroids-7d': row,
  'lenalidomide-7d': row,
  'systemic-chemotherapy-14d': row,
  'gvhd-therapy-14d': row,
  'long-acting-gcsf-14d': row,
  'tki-14d': row,
  'blinatumomab-14d': row,
  'high-dose-chemotherapy-3-4w': row,
  'dli-4w': row,
  'pegaspargase-4w': row,
  'clofarabine-8w': row,
  't-cell-lytic-8w': row,
  'allo-hsct-12w': row,
  'bendamustine-fludarabine-12w': row,
  'alemtuzumab-atg-6m': row,
  // Special cases of Figure 3.
  'rituximab-five-half-lives': row,
  'rituximab-no-washout': row,
  'inotuzumab-five-half-lives': row,
  'inotuzumab-two-weeks': row,
  'bispecific-1-2w': row,
  'bispecific-lymphocytes': row,
  'bispecific-cd3': row,
  'bispecific-count-review': row,
  'bispecific-counts-missing': row,
  // §1.3 text.
  'five-half-lives': general,
  'half-life-missing': general,
  'physician-may-adjust': general,
  'calendar-convention': general,
  override: general,
  'override-earlier': general,
  'earliest-overall': general,
  'earliest-with-alternatives': general,
  'planned-ok': general,
  'planned-too-early': general,
});
type WashoutRule = Rule;

/** The numbers of Figure 3 (calendar days after the last dose unless stated). */
export const WASHOUT_THRESHOLDS = Object.freeze({
  antiproliferativeDays: 3,
  shortActingGcsfDays: 5,
  nilotinibDays: 5,
  intrathecalMethotrexateDays: 7,
  corticosteroidDays: 7,
  lenalidomideDays: 7,
  systemicChemotherapyDays: 14,
  gvhdTherapyDays: 14,
  longActingGcsfDays: 14,
  tkiDays: 14,
  blinatumomabDays: 14,
  /** "3-4 weeks": 21 days is the earliest date, 28 the upper bound shown. */
  highDoseChemotherapyDays: 21,
  highDoseChemotherapyUpperDays: 28,
  dliDays: 28,
  pegaspargaseDays: 28,
  clofarabineDays: 56,
  tCellLyticDays: 56,
  alloHsctDays: 84,
  bendamustineFludarabineDays: 84,
  /** Calendar months, not days. */
  alemtuzumabAtgMonths: 6,
  halfLivesToWait: 5,
  rituximabHalfLifeDays: Object.freeze([22, 32] as const),
  inotuzumabHalfLifeDays: 12.3,
  inotuzumabShortenedDays: 14,
  /** "1-2 weeks": 7 days is the earliest date, 14 the upper bound shown. */
  bispecificDays: 7,
  bispecificUpperDays: 14,
});
const T = WASHOUT_THRESHOLDS;

export const WASHOUT_DRUGS = [
  'hydroxyurea',
  'short-acting-antiproliferative',
  'filgrastim',
  'lenograstim',
  'nilotinib',
  'intrathecal-methotrexate',
  'dexamethasone',
  'systemic-corticosteroid',
  'lenalidomide',
  'systemic-chemotherapy',
  'calcineurin-inhibitor',
  'gvhd-therapy',
  'pegfilgrastim',
  'imatinib',
  'dasatinib',
  'ponatinib',
  'tyrosine-kinase-inhibitor',
  'blinatumomab',
  'high-dose-chemotherapy',
  'r-eshap',
  'ice-regimen',
  'high-dose-cytarabine',
  'donor-lymphocyte-infusion',
  'pegaspargase',
  'clofarabine',
  't-cell-lytic-agent',
  'allogeneic-hsct',
  'bendamustine',
  'fludarabine',
  'alemtuzumab',
  'atg',
  'rituximab',
  'inotuzumab-ozogamicin',
  'bispecific-antibody',
  'other',
] as const;
export type WashoutDrug = (typeof WASHOUT_DRUGS)[number];

type FixedDrug = Exclude<WashoutDrug, 'rituximab' | 'inotuzumab-ozogamicin' | 'bispecific-antibody' | 'other'>;

/** A Figure 3 box: its rule, its wait (days or calendar months) and, for ranges, the upper end. */
interface Box {
  readonly rule: WashoutRule;
  readonly days?: number;
  readonly months?: number;
  readonly upperDays?: number;
}
const R = WASHOUT_RULES;
const box = (rule: WashoutRule, days: number, upperDays?: number): Box => Object.freeze(upperDays === undefined ? { rule, days } : { rule, days, upperDays });
const ANTIPROLIFERATIVE = box(R['antiproliferative-3d'], T.antiproliferativeDays);
const SHORT_GCSF = box(R['short-acting-gcsf-5d'], T.shortActingGcsfDays);
const STEROIDS = box(R['corticosteroids-7d'], T.corticosteroidDays);
const GVHD = box(R['gvhd-therapy-14d'], T.gvhdTherapyDays);
const TKI = box(R['tki-14d'], T.tkiDays);
const HIGH_DOSE = box(R['high-dose-chemotherapy-3-4w'], T.highDoseChemotherapyDays, T.highDoseChemotherapyUpperDays);
const T_CELL_LYTIC = box(R['t-cell-lytic-8w'], T.tCellLyticDays);
const BENDA_FLU = box(R['bendamustine-fludarabine-12w'], T.bendamustineFludarabineDays);
const ALEM_ATG: Box = Object.freeze({ rule: R['alemtuzumab-atg-6m'], months: T.alemtuzumabAtgMonths });

/** Which box of Figure 3 each listed drug falls in. */
export const WASHOUT_BOXES: Readonly<Record<FixedDrug, Box>> = Object.freeze({
  hydroxyurea: ANTIPROLIFERATIVE,
  'short-acting-antiproliferative': ANTIPROLIFERATIVE,
  filgrastim: SHORT_GCSF,
  lenograstim: SHORT_GCSF,
  nilotinib: box(R['nilotinib-5d'], T.nilotinibDays),
  'intrathecal-methotrexate': box(R['intrathecal-methotrexate-7d'], T.intrathecalMethotrexateDays),
  dexamethasone: STEROIDS,
  'systemic-corticosteroid': STEROIDS,
  lenalidomide: box(R['lenalidomide-7d'], T.lenalidomideDays),
  'systemic-chemotherapy': box(R['systemic-chemotherapy-14d'], T.systemicChemotherapyDays),
  'calcineurin-inhibitor': GVHD,
  'gvhd-therapy': GVHD,
  pegfilgrastim: box(R['long-acting-gcsf-14d'], T.longActingGcsfDays),
  imatinib: TKI,
  dasatinib: TKI,
  ponatinib: TKI,
  'tyrosine-kinase-inhibitor': TKI,
  blinatumomab: box(R['blinatumomab-14d'], T.blinatumomabDays),
  'high-dose-chemotherapy': HIGH_DOSE,
  'r-eshap': HIGH_DOSE,
  'ice-regimen': HIGH_DOSE,
  'high-dose-cytarabine': HIGH_DOSE,
  'donor-lymphocyte-infusion': box(R['dli-4w'], T.dliDays),
  pegaspargase: box(R['pegaspargase-4w'], T.pegaspargaseDays),
  clofarabine: box(R['clofarabine-8w'], T.clofarabineDays),
  't-cell-lytic-agent': T_CELL_LYTIC,
  'allogeneic-hsct': box(R['allo-hsct-12w'], T.alloHsctDays),
  bendamustine: BENDA_FLU,
  fludarabine: BENDA_FLU,
  alemtuzumab: ALEM_ATG,
  atg: ALEM_ATG,
});

const DrugGiven = z
  .object({
    drug: z.enum(WASHOUT_DRUGS).describe("A drug or class of handbook Figure 3, or 'other' (then name it)."),
    name: z.string().trim().min(1).optional().describe("The drug's name; required for 'other'."),
    lastDoseDate: CalendarDate.describe('Date of the last dose (YYYY-MM-DD); for allogeneic-hsct, the transplant date.'),
    halfLifeDays: z
      .number()
      .positive()
      .max(365)
      .optional()
      .describe("Elimination half-life in days: for 'other', and for any drug harmful to T cells (five half-lives are waited)."),
  })
  .strict();

const Override = z
  .object({
    drug: z.string().min(1).describe("The drug code as given in drugs (for 'other', its name)."),
    earliestDate: CalendarDate.describe("The physician's earliest leukapheresis date for this drug."),
    reason: z.string().optional().describe('Why the physician departs from the recommendation; required.'),
  })
  .strict();

export const WashoutInput = z
  .object({
    drugs: z.array(DrugGiven).min(1).describe('Drugs given before leukapheresis, one entry per drug (its last dose).'),
    plannedLeukapheresisDate: CalendarDate.optional().describe('Planned leukapheresis date, to check against each washout.'),
    lymphocyteCount: quantity('cellCountPerMicroliter').optional().describe('Peripheral-blood lymphocyte count, for bispecific antibodies.'),
    cd3Count: quantity('cellCountPerMicroliter').optional().describe('Peripheral-blood CD3+ count, for bispecific antibodies.'),
    overrides: z.array(Override).default([]).describe("Physician overrides of a drug's earliest date, each with its reason."),
  })
  .strict()
  .superRefine((input, ctx) => {
    input.drugs.forEach((d, i) => {
      if (d.drug === 'other' && d.name === undefined) refuse(ctx, ['drugs', i, 'name'], 'washout.input.name-required');
    });
    const seen = new Set<string>();
    input.overrides.forEach((o, i) => {
      if (o.reason === undefined || o.reason.trim() === '') refuse(ctx, ['overrides', i, 'reason'], 'washout.input.override-reason-required');
      if (seen.has(o.drug)) refuse(ctx, ['overrides', i, 'drug'], 'washout.input.override-duplicate');
      seen.add(o.drug);
      const targets = input.drugs.filter((d) => matches(d, o.drug));
      if (targets.length === 0) refuse(ctx, ['overrides', i, 'drug'], 'washout.input.override-unknown-drug');
      else if (targets.some((d) => o.earliestDate < d.lastDoseDate)) {
        refuse(ctx, ['overrides', i, 'earliestDate'], 'washout.input.override-before-last-dose');
      }
    });
  })
  .transform((input) => ({
    ...input,
    plannedDay: input.plannedLeukapheresisDate === undefined ? undefined : toEpochDay(input.plannedLeukapheresisDate),
    prepared: input.drugs.map((d) => {
      const override = input.overrides.find((o) => matches(d, o.drug));
      return {
        lastDoseDay: toEpochDay(d.lastDoseDate),
        override: override === undefined ? undefined : { day: toEpochDay(override.earliestDate), reason: (override.reason ?? '').trim() },
      };
    }),
  }));
export type WashoutInput = z.output<typeof WashoutInput>;

function matches(d: { drug: WashoutDrug; name?: string | undefined }, key: string): boolean {
  return d.drug === key || (d.drug === 'other' && d.name === key);
}

const DrugPlan = z.object({
  drug: z.enum(WASHOUT_DRUGS),
  name: z.string().optional(),
  lastDoseDate: z.string(),
  rule: z.string().describe('The rule that set the recommended date.'),
  recommendedDate: z.string().describe('Earliest leukapheresis date the recommendation allows for this drug.'),
  upperBoundDate: z.string().optional().describe('Upper end when the source gives a range (3-4 weeks, 1-2 weeks, half-life 22-32 days).'),
  alternativeDate: z.string().optional().describe('Shortened date the source allows when the recommendation cannot be waited.'),
  alternativeRule: z.string().optional(),
  override: z.object({ date: z.string(), reason: z.string() }).optional(),
  effectiveDate: z.string().describe('The override when there is one, else the recommendation.'),
  decidedBy: z.enum(['recommendation', 'override']),
  daysShort: z.number().int().optional().describe('Days by which the planned date falls before effectiveDate.'),
});

export const WashoutValue = z.object({
  earliestDate: z.string().describe('Earliest leukapheresis date: the latest of the per-drug effective dates.'),
  earliestDateWithAlternatives: z.string().describe('The same, taking the shortened alternative wherever the source allows one.'),
  plannedLeukapheresisDate: z.string().optional(),
  plannedDateMeetsWashout: z.boolean().optional(),
  drugs: z.array(DrugPlan),
});
export type WashoutValue = z.infer<typeof WashoutValue>;
type DrugPlan = z.infer<typeof DrugPlan>;

const atLeastDays = (days: number): Threshold => ({ comparator: '>=', value: days, unit: 'd' });
const CONVENTION: Warning = Object.freeze({ rule: R['calendar-convention'] });
const MAY_ADJUST: Warning = Object.freeze({ rule: R['physician-may-adjust'] });
const COUNT_REVIEW: Warning = Object.freeze({ rule: R['bispecific-count-review'] });

interface Out {
  readonly basis: BasisEntry[];
  readonly warnings: Warning[];
}

/** Five half-lives in whole calendar days, rounded up (12.3 days -> 61.5 -> 62). */
function fiveHalfLives(halfLifeDays: number): number {
  return Math.ceil(Math.round(halfLifeDays * T.halfLivesToWait * 1e6) / 1e6);
}

interface Recommendation {
  rule: WashoutRule;
  day: number;
  upperDay?: number;
  alternativeDay?: number;
  alternativeRule?: WashoutRule;
}

function boxRecommendation(b: Box, lastDoseDay: number, lastDoseDate: string, field: string, out: Out): Recommendation {
  if (b.months !== undefined) {
    const day = addMonthsToEpochDay(lastDoseDay, b.months);
    out.basis.push({ rule: b.rule, field, observed: lastDoseDate, threshold: { comparator: '>=', value: b.months, unit: 'mo' }, yields: fromEpochDay(day) });
    return { rule: b.rule, day };
  }
  const days = b.days!;
  const day = lastDoseDay + days;
  if (b.upperDays === undefined) {
    out.basis.push({ rule: b.rule, field, observed: lastDoseDate, threshold: atLeastDays(days), yields: fromEpochDay(day) });
    return { rule: b.rule, day };
  }
  out.basis.push({ rule: b.rule, field, observed: lastDoseDate, threshold: { comparator: 'between', value: [days, b.upperDays], unit: 'd' }, yields: fromEpochDay(day) });
  return { rule: b.rule, day, upperDay: lastDoseDay + b.upperDays };
}

function specialRecommendation(
  drug: 'rituximab' | 'inotuzumab-ozogamicin' | 'bispecific-antibody',
  lastDoseDay: number,
  lastDoseDate: string,
  halfLifeDays: number | undefined,
  i: number,
  out: Out,
): Recommendation {
  const field = `drugs[${i}].lastDoseDate`;
  if (drug === 'rituximab') {
    // Five half-lives of 22-32 days (110-160 days); the given half-life replaces the range.
    const [low, high] = T.rituximabHalfLifeDays;
    const wait = fiveHalfLives(halfLifeDays ?? low);
    const upper = halfLifeDays === undefined ? fiveHalfLives(high) : undefined;
    const day = lastDoseDay + wait;
    out.basis.push({
      rule: R['rituximab-five-half-lives'],
      field,
      observed: lastDoseDate,
      threshold: upper === undefined ? atLeastDays(wait) : { comparator: 'between', value: [wait, upper], unit: 'd' },
      yields: fromEpochDay(day),
    });
    out.basis.push({ rule: R['rituximab-no-washout'], field, observed: lastDoseDate, yields: lastDoseDate });
    return {
      rule: R['rituximab-five-half-lives'],
      day,
      ...(upper === undefined ? {} : { upperDay: lastDoseDay + upper }),
      alternativeDay: lastDoseDay,
      alternativeRule: R['rituximab-no-washout'],
    };
  }
  if (drug === 'inotuzumab-ozogamicin') {
    const wait = fiveHalfLives(halfLifeDays ?? T.inotuzumabHalfLifeDays);
    const day = lastDoseDay + wait;
    const alternativeDay = lastDoseDay + T.inotuzumabShortenedDays;
    out.basis.push({ rule: R['inotuzumab-five-half-lives'], field, observed: lastDoseDate, threshold: atLeastDays(wait), yields: fromEpochDay(day) });
    out.basis.push({
      rule: R['inotuzumab-two-weeks'],
      field,
      observed: lastDoseDate,
      threshold: atLeastDays(T.inotuzumabShortenedDays),
      yields: fromEpochDay(alternativeDay),
    });
    return { rule: R['inotuzumab-five-half-lives'], day, alternativeDay, alternativeRule: R['inotuzumab-two-weeks'] };
  }
  const day = lastDoseDay + T.bispecificDays;
  out.basis.push({
    rule: R['bispecific-1-2w'],
    field,
    observed: lastDoseDate,
    threshold: { comparator: 'between', value: [T.bispecificDays, T.bispecificUpperDays], unit: 'd' },
    yields: fromEpochDay(day),
  });
  return { rule: R['bispecific-1-2w'], day, upperDay: lastDoseDay + T.bispecificUpperDays };
}

/** The later of a recommendation and five half-lives of the given half-life. */
function withHalfLife(rec: Recommendation, lastDoseDay: number, halfLifeDays: number, i: number, out: Out): Recommendation {
  const wait = fiveHalfLives(halfLifeDays);
  const day = lastDoseDay + wait;
  out.basis.push({ rule: R['five-half-lives'], field: `drugs[${i}].halfLifeDays`, observed: halfLifeDays, unit: 'd', threshold: atLeastDays(wait), yields: fromEpochDay(day) });
  return day > rec.day ? { ...rec, rule: R['five-half-lives'], day } : rec;
}

function displayName(d: { drug: WashoutDrug; name?: string | undefined }): string {
  return d.drug === 'other' ? (d.name ?? 'other') : d.name === undefined ? d.drug : `${d.drug} (${d.name})`;
}

export function planWashout(input: WashoutInput): Assessment<WashoutValue> {
  const out: Out = { basis: [], warnings: [] };
  const plans: DrugPlan[] = [];
  let latest = Number.NEGATIVE_INFINITY;
  let latestWithAlternatives = Number.NEGATIVE_INFINITY;
  let missing = false;
  let hasBispecific = false;

  input.drugs.forEach((d, i) => {
    const { lastDoseDay, override } = input.prepared[i]!;
    let rec: Recommendation | undefined;
    if (d.drug === 'other') {
      if (d.halfLifeDays !== undefined) {
        const wait = fiveHalfLives(d.halfLifeDays);
        rec = { rule: R['five-half-lives'], day: lastDoseDay + wait };
        out.basis.push({ rule: R['five-half-lives'], field: `drugs[${i}].halfLifeDays`, observed: d.halfLifeDays, unit: 'd', threshold: atLeastDays(wait), yields: fromEpochDay(rec.day) });
      } else if (override === undefined) {
        out.warnings.push({ rule: R['half-life-missing'], field: `drugs[${i}].halfLifeDays`, params: { drug: displayName(d) } });
        missing = true;
      }
    } else if (d.drug === 'rituximab' || d.drug === 'inotuzumab-ozogamicin' || d.drug === 'bispecific-antibody') {
      // For rituximab and inotuzumab a given half-life is used inside the five half-lives rule itself.
      rec = specialRecommendation(d.drug, lastDoseDay, d.lastDoseDate, d.halfLifeDays, i, out);
      if (d.drug === 'bispecific-antibody') {
        hasBispecific = true;
        if (d.halfLifeDays !== undefined) rec = withHalfLife(rec, lastDoseDay, d.halfLifeDays, i, out);
      }
    } else {
      rec = boxRecommendation(WASHOUT_BOXES[d.drug], lastDoseDay, d.lastDoseDate, `drugs[${i}].lastDoseDate`, out);
      if (d.halfLifeDays !== undefined) rec = withHalfLife(rec, lastDoseDay, d.halfLifeDays, i, out);
    }

    let effective: number;
    if (override !== undefined) {
      out.basis.push({ rule: R.override, field: `drugs[${i}]`, observed: override.reason, yields: fromEpochDay(override.day) });
      if (rec !== undefined && override.day < rec.day) {
        out.warnings.push({ rule: R['override-earlier'], field: `drugs[${i}]`, params: { drug: displayName(d), recommended: fromEpochDay(rec.day), override: fromEpochDay(override.day) } });
      }
      effective = override.day;
    } else if (rec !== undefined) {
      effective = rec.day;
    } else {
      return;
    }
    const shortened = override === undefined && rec?.alternativeDay !== undefined ? rec.alternativeDay : effective;
    if (effective > latest) latest = effective;
    if (shortened > latestWithAlternatives) latestWithAlternatives = shortened;

    const plan: DrugPlan = {
      drug: d.drug,
      ...(d.name === undefined ? {} : { name: d.name }),
      lastDoseDate: d.lastDoseDate,
      rule: (rec?.rule ?? R.override).id,
      recommendedDate: rec === undefined ? fromEpochDay(effective) : fromEpochDay(rec.day),
      ...(rec?.upperDay === undefined ? {} : { upperBoundDate: fromEpochDay(rec.upperDay) }),
      ...(rec?.alternativeDay === undefined ? {} : { alternativeDate: fromEpochDay(rec.alternativeDay), alternativeRule: rec.alternativeRule!.id }),
      ...(override === undefined ? {} : { override: { date: fromEpochDay(override.day), reason: override.reason } }),
      effectiveDate: fromEpochDay(effective),
      decidedBy: override === undefined ? 'recommendation' : 'override',
    };
    if (input.plannedDay !== undefined && input.plannedDay < effective) {
      plan.daysShort = effective - input.plannedDay;
      out.warnings.push({
        rule: R['planned-too-early'],
        field: 'plannedLeukapheresisDate',
        params: { drug: displayName(d), earliest: plan.effectiveDate, short: plan.daysShort },
      });
    }
    plans.push(plan);
  });

  if (hasBispecific) {
    if (input.lymphocyteCount !== undefined) out.basis.push({ rule: R['bispecific-lymphocytes'], field: 'lymphocyteCount', observed: input.lymphocyteCount, unit: '/uL' });
    if (input.cd3Count !== undefined) out.basis.push({ rule: R['bispecific-cd3'], field: 'cd3Count', observed: input.cd3Count, unit: '/uL' });
    if (input.lymphocyteCount === undefined && input.cd3Count === undefined) out.warnings.push({ rule: R['bispecific-counts-missing'], field: 'lymphocyteCount' });
    out.warnings.push(COUNT_REVIEW);
  }
  out.warnings.push(CONVENTION, MAY_ADJUST);
  if (missing) return cannotAssess('washout', out.warnings, out.basis);

  const earliestDate = fromEpochDay(latest);
  out.basis.push({ rule: R['earliest-overall'], field: 'drugs', observed: plans.length, yields: earliestDate });
  if (latestWithAlternatives < latest) {
    out.basis.push({ rule: R['earliest-with-alternatives'], field: 'drugs', observed: plans.length, yields: fromEpochDay(latestWithAlternatives) });
  }
  let meets: boolean | undefined;
  if (input.plannedLeukapheresisDate !== undefined) {
    meets = input.plannedDay! >= latest;
    if (meets) out.basis.push({ rule: R['planned-ok'], field: 'plannedLeukapheresisDate', observed: input.plannedLeukapheresisDate, threshold: { comparator: '>=', value: earliestDate } });
  }
  const value: WashoutValue = {
    earliestDate,
    earliestDateWithAlternatives: fromEpochDay(latestWithAlternatives),
    ...(input.plannedLeukapheresisDate === undefined ? {} : { plannedLeukapheresisDate: input.plannedLeukapheresisDate, plannedDateMeetsWashout: meets! }),
    drugs: plans,
  };
  return assessed('washout', value, out.basis, [], out.warnings);
}

function summaryOf(v: WashoutValue): Record<string, unknown> {
  if (v.plannedLeukapheresisDate === undefined) return { variant: 'earliest', earliest: v.earliestDate };
  if (v.plannedDateMeetsWashout) return { variant: 'planned-ok', earliest: v.earliestDate, planned: v.plannedLeukapheresisDate };
  let short = 0;
  for (const d of v.drugs) if (d.daysShort !== undefined && d.daysShort > short) short = d.daysShort;
  return { variant: 'planned-too-early', earliest: v.earliestDate, planned: v.plannedLeukapheresisDate, short };
}

export const washoutInstrument = defineInstrument({
  name: 'washout',
  kind: 'planner',
  section: '002 §1.3, Figure 3',
  input: WashoutInput,
  value: WashoutValue,
  evaluate: (input) => planWashout(input),
  summary: summaryOf,
});
