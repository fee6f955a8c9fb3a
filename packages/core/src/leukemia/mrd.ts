import * as z from 'zod';
import type { Action, BasisEntry, Threshold, Warning } from '../explain/result.js';
import { above, assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { PublicationKey, RuleSources, SeedReference } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { CalendarDate } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { mrdMessages } from './mrd.messages.js';

registerMessages(mrdMessages);

const cite = (seed: SeedReference[], ...keys: PublicationKey[]): RuleSources => ({ seed, publications: [...new Set(keys)] });

const milestone: SeedReference = { seed: 'mrdAll', section: '§急性淋巴性白血病快速致命 成人復發風險高 微量癌細胞陰性非治癒保證' };
const immunotherapy: SeedReference = { seed: 'mrdAll', section: '§急性淋巴性白血病治療新趨勢 微量癌細胞陰性仍建議透過免疫療法提升預後' };
const notes: SeedReference = { seed: 'mrdAll', section: '§筆記重點整理' };
const overview: SeedReference = { seed: 'amlAll', section: '§AML vs. ALL 一覽' };
const phNegative: SeedReference = { seed: 'amlAll', section: '§Ph- B-ALL : MRD 與 blinatumomab 一線進場' };
const amlAfterCr: SeedReference = { seed: 'amlAll', section: '§CR 後的鞏固' };
const questions: SeedReference = { seed: 'amlAll', section: '§跟主治醫師確認的問題清單' };

const generic = cite([notes, amlAfterCr], 'litzow2024', 'dohner2022');
const allMeaning = cite([milestone, notes], 'berry2017', 'litzow2024');

/** MRD series: per-result status, series status and what it means (seed 001; seed 000 ALL and AML). */
export const MRD_RULES = defineRules('mrd', {
  // The threshold a negative result must reach.
  'threshold-given': generic,
  'threshold-all-e1910': cite([notes, phNegative], 'litzow2024'),
  'threshold-missing': cite([amlAfterCr], 'dohner2022'),
  // One result.
  'result-positive': generic,
  'result-negative': generic,
  'result-insufficient-sensitivity': generic,
  'insufficient-sensitivity-alert': generic,
  'detected-below-threshold': generic,
  'methods-disagree': generic,
  // The series.
  'series-sustained-negative': generic,
  'series-negative': generic,
  'series-persistent-positive': cite([overview, amlAfterCr], 'berry2017', 'dohner2022'),
  'series-converted': cite([overview, amlAfterCr], 'berry2017', 'dohner2022'),
  'series-positive': generic,
  'series-cannot-call': generic,
  'conversion-alert': cite([overview, amlAfterCr, questions], 'berry2017', 'dohner2022'),
  'persistent-alert': cite([overview, amlAfterCr], 'berry2017', 'dohner2022'),
  // What it means in ALL (seed 001, seed 000 overview).
  'all-milestone-not-guarantee': allMeaning,
  'all-consider-immunotherapy-consolidation': cite([immunotherapy, notes, phNegative, { seed: 'amlAll', section: '§T-ALL' }], 'litzow2024'),
  'all-nhi-not-covered': cite([immunotherapy, notes], 'litzow2024'),
  'all-transplant-considerations': cite([milestone], 'litzow2024'),
  'all-shared-decision': cite([milestone, immunotherapy], 'litzow2024'),
  'all-persistent-evaluate-allo-hct': cite([overview], 'berry2017'),
  'all-positive-not-persistent': cite([overview, questions], 'berry2017'),
  // What it means in AML (seed 000, after CR).
  'aml-positive-transplant-or-intensify': cite([amlAfterCr], 'dohner2022'),
  'aml-negative-continue-monitoring': cite([amlAfterCr], 'dohner2022'),
});
const R = MRD_RULES;

/**
 * E1910 (Litzow 2024) defines MRD negativity in B-ALL as fewer than 0.01 % (1e-4) leukemic cells
 * by flow cytometry: used for ALL when no threshold is given. Neither seed nor Döhner 2022 gives
 * one number for every AML method, so AML needs the threshold as input.
 */
export const MRD_THRESHOLDS = Object.freeze({
  allNegativeSensitivityFraction: 1e-4,
  /** Two or more consecutive positive time points: persistent positivity. */
  persistentPositiveCount: 2,
  /** Two or more consecutive negative time points: sustained negativity. */
  sustainedNegativeCount: 2,
});
const T = MRD_THRESHOLDS;

export const MRD_METHODS = ['flow', 'pcr', 'ngs'] as const;
export const MRD_DISEASES = ['ALL', 'AML'] as const;
export type MrdDisease = (typeof MRD_DISEASES)[number];
export const MRD_RESULT_STATUSES = ['positive', 'negative', 'cannot-call-negative'] as const;
export type MrdResultStatus = (typeof MRD_RESULT_STATUSES)[number];
export const MRD_SERIES_STATUSES = [
  'persistent-positive',
  'converted-to-positive',
  'positive',
  'sustained-negative',
  'negative',
  'cannot-call-negative',
] as const;
export type MrdSeriesStatus = (typeof MRD_SERIES_STATUSES)[number];

export const MrdResult = z
  .object({
    date: CalendarDate.describe('Date the sample was taken, YYYY-MM-DD.'),
    method: z.enum(MRD_METHODS).describe('Flow cytometry, PCR (qPCR / RT-qPCR) or next-generation sequencing.'),
    marker: z.string().trim().min(1).max(40).describe("What was followed, e.g. 'IGH', 'BCR::ABL1', 'NPM1', 'LAIP'."),
    sensitivityFraction: z
      .number()
      .finite()
      .describe('Lowest level this assay detects in this sample, as a fraction of cells (e.g. 0.0001 for 1e-4); 0 < s < 1.'),
    valueFraction: z
      .union([z.number().finite(), z.literal('undetectable')])
      .describe("Residual disease as a fraction of cells (0 < v <= 1), or 'undetectable' at this sensitivity."),
  })
  .strict();
export type MrdResult = z.output<typeof MrdResult>;

const seriesShape = {
  results: z.array(MrdResult).min(1).max(200).describe('MRD results in any order; they are sorted by date.'),
  requiredSensitivityFraction: z
    .number()
    .finite()
    .optional()
    .describe('Sensitivity an undetectable result must reach to be called negative (institution). ALL default 1e-4 (E1910); AML: no default.'),
};

interface SeriesFields {
  results: MrdResult[];
  requiredSensitivityFraction?: number | undefined;
}

function refineSeries(input: SeriesFields, ctx: z.RefinementCtx): void {
  const required = input.requiredSensitivityFraction;
  if (required !== undefined && !(required > 0 && required < 1)) refuse(ctx, ['requiredSensitivityFraction'], 'mrd.input.sensitivity-out-of-range');
  const seen = new Set<string>();
  input.results.forEach((r, i) => {
    const s = r.sensitivityFraction;
    const sensible = s > 0 && s < 1;
    if (!sensible) refuse(ctx, ['results', i, 'sensitivityFraction'], 'mrd.input.sensitivity-out-of-range');
    const v = r.valueFraction;
    if (v !== 'undetectable') {
      if (v <= 0) refuse(ctx, ['results', i, 'valueFraction'], 'mrd.input.value-not-positive');
      else if (v > 1) refuse(ctx, ['results', i, 'valueFraction'], 'mrd.input.value-above-one');
      else if (sensible && v < s) refuse(ctx, ['results', i, 'valueFraction'], 'mrd.input.value-below-sensitivity');
    }
    const key = `${r.date}|${r.method}|${r.marker.toUpperCase()}`;
    if (seen.has(key)) refuse(ctx, ['results', i], 'mrd.input.duplicate-result');
    seen.add(key);
  });
}

/** Results sorted by date (stable), each keeping its input index and its field path. */
export interface SortedMrdResult extends MrdResult {
  readonly index: number;
  /** e.g. `results[2]`, or `status.mrd.results[2]` inside a planner. */
  readonly field: string;
  readonly valueField: string;
  readonly sensitivityField: string;
}
export interface PreparedMrdSeries {
  readonly results: readonly SortedMrdResult[];
  readonly requiredSensitivityFraction: number | undefined;
  /** Field paths of the series and of its threshold, computed once by the schema. */
  readonly fields: { readonly results: string; readonly required: string };
}

function prepare(input: SeriesFields, prefix: string): PreparedMrdSeries {
  const results = input.results.map((r, index) => {
    const field = `${prefix}results[${index}]`;
    return { ...r, index, field, valueField: `${field}.valueFraction`, sensitivityField: `${field}.sensitivityFraction` };
  });
  results.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.index - b.index));
  return { results, requiredSensitivityFraction: input.requiredSensitivityFraction, fields: { results: `${prefix}results`, required: `${prefix}requiredSensitivityFraction` } };
}

/**
 * The series alone, for planners that embed MRD (e.g. all-pathway): validated and sorted;
 * `prefix` is where the series sits in the planner's input, e.g. 'status.mrd.'.
 */
export function mrdSeriesInput(prefix: string) {
  return z.object(seriesShape).strict().superRefine(refineSeries).transform((input) => prepare(input, prefix));
}
export type MrdSeriesInput = PreparedMrdSeries;

export const MrdInput = z
  .object({ disease: z.enum(MRD_DISEASES).describe('ALL or AML.'), ...seriesShape })
  .strict()
  .superRefine(refineSeries)
  .transform((input) => ({ disease: input.disease, ...prepare(input, '') }));
export type MrdInput = z.output<typeof MrdInput>;

const ResultValue = z.object({
  index: z.number().int().describe('Position of the result in the input.'),
  date: z.string(),
  method: z.enum(MRD_METHODS),
  marker: z.string(),
  status: z.enum(MRD_RESULT_STATUSES),
});

export const MrdValue = z.object({
  disease: z.enum(MRD_DISEASES),
  requiredSensitivityFraction: z.number().nullable(),
  thresholdSource: z.enum(['input', 'e1910-default']).nullable(),
  results: z.array(ResultValue).describe('Results in date order, each with its status.'),
  timepoints: z.array(z.object({ date: z.string(), status: z.enum(MRD_RESULT_STATUSES) })).describe('One status per date: positive if any result is positive.'),
  series: z.enum(MRD_SERIES_STATUSES),
  latestDate: z.string(),
  conversions: z.array(z.object({ lastNegativeDate: z.string(), positiveDate: z.string() })).describe('Every change from negative to positive.'),
  persistentPositiveSince: z.string().nullable().describe('First date of the current run of two or more positive time points.'),
});
export type MrdValue = z.infer<typeof MrdValue>;

interface Out {
  readonly basis: BasisEntry[];
  readonly actions: Action[];
  readonly warnings: Warning[];
}

/** Status of one result against the required sensitivity (undefined: no threshold known). */
export function mrdResultStatus(result: Pick<MrdResult, 'sensitivityFraction' | 'valueFraction'>, requiredSensitivityFraction: number | undefined): MrdResultStatus | null {
  if (result.valueFraction !== 'undetectable') return 'positive';
  if (requiredSensitivityFraction === undefined) return null;
  return result.sensitivityFraction <= requiredSensitivityFraction ? 'negative' : 'cannot-call-negative';
}

const atOrBelow = (value: number): Threshold => ({ comparator: '<=', value });

function seriesOf(timepoints: readonly { date: string; status: MrdResultStatus }[]): {
  series: MrdSeriesStatus;
  conversions: MrdValue['conversions'];
  persistentSince: string | null;
  run: number;
} {
  const decisive = timepoints.filter((t) => t.status !== 'cannot-call-negative');
  const conversions: MrdValue['conversions'] = [];
  for (let i = 1; i < decisive.length; i++) {
    if (decisive[i - 1]!.status === 'negative' && decisive[i]!.status === 'positive') {
      conversions.push({ lastNegativeDate: decisive[i - 1]!.date, positiveDate: decisive[i]!.date });
    }
  }
  const n = decisive.length;
  if (n === 0) return { series: 'cannot-call-negative', conversions, persistentSince: null, run: 0 };
  const last = decisive[n - 1]!.status;
  let run = 1;
  while (run < n && decisive[n - 1 - run]!.status === last) run++;
  if (last === 'positive') {
    if (run >= T.persistentPositiveCount) return { series: 'persistent-positive', conversions, persistentSince: decisive[n - run]!.date, run };
    return { series: run < n ? 'converted-to-positive' : 'positive', conversions, persistentSince: null, run };
  }
  return { series: run >= T.sustainedNegativeCount ? 'sustained-negative' : 'negative', conversions, persistentSince: null, run };
}

const SERIES_RULE: Readonly<Record<MrdSeriesStatus, Rule>> = {
  'persistent-positive': R['series-persistent-positive'],
  'converted-to-positive': R['series-converted'],
  positive: R['series-positive'],
  'sustained-negative': R['series-sustained-negative'],
  negative: R['series-negative'],
  'cannot-call-negative': R['series-cannot-call'],
};

/**
 * Classifies a prepared series: the status of each result, of each date and of the series, with
 * the conversion and persistence alerts. Null value when an undetectable result cannot be judged
 * because no threshold is known (AML without one).
 */
export function classifyMrd(input: PreparedMrdSeries, disease: MrdDisease): { value: MrdValue | null; basis: BasisEntry[]; warnings: Warning[] } {
  const out: Out = { basis: [], actions: [], warnings: [] };
  const given = input.requiredSensitivityFraction;
  const required = given ?? (disease === 'ALL' ? T.allNegativeSensitivityFraction : undefined);
  if (given !== undefined) out.basis.push({ rule: R['threshold-given'], field: input.fields.required, observed: given });
  else if (required !== undefined) out.basis.push({ rule: R['threshold-all-e1910'], field: input.fields.required, observed: null, yields: required });

  const results: MrdValue['results'] = [];
  const timepoints: { date: string; status: MrdResultStatus }[] = [];
  let unjudged = false;
  for (const r of input.results) {
    const field = r.field;
    const status = mrdResultStatus(r, required);
    if (status === null) {
      unjudged = true;
      continue;
    }
    results.push({ index: r.index, date: r.date, method: r.method, marker: r.marker, status });
    if (status === 'positive') {
      const v = r.valueFraction as number;
      out.basis.push({ rule: R['result-positive'], field: r.valueField, observed: v, yields: 'positive' });
      if (required !== undefined && v < required) out.warnings.push({ rule: R['detected-below-threshold'], field: r.valueField, params: { date: r.date, threshold: required } });
    } else if (status === 'negative') {
      out.basis.push({ rule: R['result-negative'], field: r.sensitivityField, observed: r.sensitivityFraction, threshold: atOrBelow(required!), yields: 'negative' });
    } else {
      out.basis.push({ rule: R['result-insufficient-sensitivity'], field: r.sensitivityField, observed: r.sensitivityFraction, threshold: above(required!), yields: 'cannot-call-negative' });
      out.warnings.push({ rule: R['insufficient-sensitivity-alert'], field: r.sensitivityField, params: { date: r.date, threshold: required! } });
    }
    const last = timepoints[timepoints.length - 1];
    if (last !== undefined && last.date === r.date) {
      if (last.status !== status && (last.status === 'positive' || status === 'positive') && (last.status === 'negative' || status === 'negative')) {
        out.warnings.push({ rule: R['methods-disagree'], field, params: { date: r.date } });
      }
      if (status === 'positive' || (status === 'negative' && last.status === 'cannot-call-negative')) last.status = status;
    } else {
      timepoints.push({ date: r.date, status });
    }
  }
  if (unjudged) {
    out.warnings.push({ rule: R['threshold-missing'], field: input.fields.required });
    return { value: null, basis: out.basis, warnings: out.warnings };
  }

  const { series, conversions, persistentSince, run } = seriesOf(timepoints);
  const latestDate = timepoints[timepoints.length - 1]!.date;
  out.basis.push({ rule: SERIES_RULE[series], field: input.fields.results, observed: latestDate, yields: series });
  for (const c of conversions) out.warnings.push({ rule: R['conversion-alert'], field: input.fields.results, params: c });
  if (persistentSince !== null) out.warnings.push({ rule: R['persistent-alert'], field: input.fields.results, params: { since: persistentSince, count: run } });
  return {
    value: {
      disease,
      requiredSensitivityFraction: required ?? null,
      thresholdSource: given !== undefined ? 'input' : required !== undefined ? 'e1910-default' : null,
      results,
      timepoints,
      series,
      latestDate,
      conversions,
      persistentPositiveSince: persistentSince,
    },
    basis: out.basis,
    warnings: out.warnings,
  };
}

const NEGATIVE_SERIES: ReadonlySet<MrdSeriesStatus> = new Set(['negative', 'sustained-negative']);
export const isMrdNegative = (series: MrdSeriesStatus): boolean => NEGATIVE_SERIES.has(series);
export const isMrdPositive = (series: MrdSeriesStatus): boolean => series === 'positive' || series === 'converted-to-positive' || series === 'persistent-positive';

const MILESTONE: BasisEntry = Object.freeze({ rule: R['all-milestone-not-guarantee'], field: 'results', observed: 'negative' });
// No drug on this action: this instrument does not know the lineage or Ph status, and the drug
// seed 000 names (blinatumomab, E1910) belongs to Ph-negative B-ALL only, never to T-ALL; the
// text names it for that setting and defers the choice to all-pathway.
const IMMUNOTHERAPY: Action = Object.freeze({ rule: R['all-consider-immunotherapy-consolidation'], status: 'consider' });
const TRANSPLANT: Action = Object.freeze({ rule: R['all-transplant-considerations'], status: 'consider' });
const ALL_ALLO_HCT: Action = Object.freeze({ rule: R['all-persistent-evaluate-allo-hct'], status: 'consider' });
const AML_TRANSPLANT: Action = Object.freeze({ rule: R['aml-positive-transplant-or-intensify'], status: 'consider' });
const NHI: Warning = Object.freeze({ rule: R['all-nhi-not-covered'] });
const SHARED: Warning = Object.freeze({ rule: R['all-shared-decision'] });
const ALL_NOT_PERSISTENT: Warning = Object.freeze({ rule: R['all-positive-not-persistent'] });

/** What the series means, as the seeds explain it; explanation and proposals, never orders. */
function meaningInto(value: MrdValue, out: Out): void {
  const series = value.series;
  if (value.disease === 'ALL') {
    if (isMrdNegative(series)) {
      out.basis.push(MILESTONE);
      out.actions.push(IMMUNOTHERAPY, TRANSPLANT);
      out.warnings.push(NHI, SHARED);
    } else if (series === 'persistent-positive') {
      out.actions.push(ALL_ALLO_HCT);
      out.warnings.push(SHARED);
    } else if (isMrdPositive(series)) {
      out.warnings.push(ALL_NOT_PERSISTENT, SHARED);
    }
    return;
  }
  if (series === 'persistent-positive' || series === 'converted-to-positive') out.actions.push(AML_TRANSPLANT);
  else if (isMrdNegative(series)) out.basis.push({ rule: R['aml-negative-continue-monitoring'], field: 'results', observed: series });
}

export function assessMrd(input: MrdInput): Assessment<MrdValue> {
  const classified = classifyMrd(input, input.disease);
  const out: Out = { basis: classified.basis, actions: [], warnings: classified.warnings };
  if (classified.value === null) return cannotAssess('mrd', out.warnings, out.basis);
  meaningInto(classified.value, out);
  return assessed('mrd', classified.value, out.basis, out.actions, out.warnings);
}

export const mrdInstrument = defineInstrument({
  name: 'mrd',
  kind: 'instrument',
  section: '001 §筆記重點整理; 000 §AML vs. ALL 一覽, §CR 後的鞏固',
  input: MrdInput,
  value: MrdValue,
  evaluate: (input) => assessMrd(input),
  summary: (v) => ({ variant: v.series, date: v.latestDate }),
});
