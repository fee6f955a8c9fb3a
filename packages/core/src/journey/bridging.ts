import * as z from 'zod';
import type { Action, BasisEntry, Dose, Threshold, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { mostellerBsa } from '../dosing/bsa.js';
import { fixedDose, perSquareMeter } from '../dosing/weight-based.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { CalendarDate, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { fromEpochDay, toEpochDay } from './calendar.js';
import { LDC_DISEASES } from './lymphodepletion.js';
import { bridgingMessages } from './bridging.messages.js';

registerMessages(bridgingMessages);

const general = { seed: 'handbook', section: '§1.5 (bridging: purpose, choice, cautions)' } as const;
const cycles = { seed: 'handbook', section: '§1.5 (Shahid et al.: intensity and number of bridging cycles)' } as const;
const allStrategy = { seed: 'handbook', section: '§1.5.1 (bridging strategy for ALL, EBMT/EHA)' } as const;
const table4 = { seed: 'handbook', section: '§1.5, Table 4' } as const;
const lymphoma = { seed: 'handbook', section: '§1.5.2 (bridging options for lymphoma)' } as const;
const h = (...seed: { seed: 'handbook'; section: string }[]): RuleSources => ({ seed, publications: ['hayden2022'] });

/** Bridging therapy: handbook §1.5, §1.5.1, §1.5.2 and Table 4 (Hayden 2022, Table 5; expert opinion). */
export const BRIDGING_RULES = defineRules('bridging', {
  // §1.5 text.
  purpose: h(general),
  'may-omit': h(general),
  'individual-choice': h(general),
  'avoid-toxicity': h(general),
  'where-given': h(general),
  'cycles-caution': h(cycles),
  'cycles-two-or-more': h(cycles),
  // §1.5.1: ALL strategy by tempo and burden.
  'all-none': h(allStrategy),
  'all-low': h(allStrategy),
  'all-intermediate': h(allStrategy),
  'all-high': h(allStrategy),
  'all-very-high': h(allStrategy),
  'presentation-missing': h(allStrategy),
  'option-vcr-6mp-mtx': h(allStrategy),
  'option-vcr-dex': h(allStrategy),
  'option-ph-tki': h(allStrategy),
  'option-consolidation': h(allStrategy),
  'option-vcr-dex-bortezomib-asparaginase': h(allStrategy),
  'option-high-dose-cytarabine': h(allStrategy),
  'option-etoposide-cyclophosphamide': h(allStrategy),
  'option-hyper-cvad': h(allStrategy),
  'option-high-dose-methotrexate-cns': h(allStrategy),
  'option-sequential-ldc': h(allStrategy),
  'option-immunotherapy': h(allStrategy),
  'ph-positive': h(allStrategy),
  'ph-negative': h(allStrategy),
  'ph-status-missing': h(allStrategy),
  'ph-tki-named-at-low-only': h(allStrategy),
  'cns-involved': h(allStrategy),
  'cns-not-involved': h(allStrategy),
  'cns-status-missing': h(allStrategy),
  'blinatumomab-cd19-negative': h(allStrategy),
  'inotuzumab-b-cell-depletion': h(allStrategy),
  'doses-not-given': h(allStrategy),
  bsa: { seed: [allStrategy], publications: ['mosteller1987'] },
  // §1.5.2: lymphoma options.
  'lymphoma-chemotherapy': h(lymphoma),
  'lymphoma-radiotherapy': h(lymphoma),
  'lymphoma-steroids': h(lymphoma),
  'lymphoma-ibrutinib': h(lymphoma),
  'lymphoma-lenalidomide': h(lymphoma),
  'lymphoma-anti-cd20': h(lymphoma),
  'lymphoma-pola-br': h(lymphoma),
  'lymphoma-anti-cd19': h(lymphoma),
  // Table 4 (and the §1.5.2 stop dates) : interval from bridging to LDC.
  'interval-high-dose-chemotherapy': h(table4),
  'interval-intrathecal': h(table4),
  'interval-short-acting-cytotoxic': h(table4),
  'interval-radiotherapy': h(table4),
  'interval-radiotherapy-lung': h(table4),
  'interval-tki': h(table4),
  'interval-ibrutinib': h(lymphoma),
  'interval-lenalidomide': h(lymphoma),
  'interval-corticosteroid': h(lymphoma),
  'interval-physician': h(table4, lymphoma),
  'radiotherapy-lymphoma-day-before': h(lymphoma, table4),
  'radiotherapy-site-missing': h(table4),
  'ibrutinib-cytopenia-missing': h(lymphoma),
  'ibrutinib-cytopenia-no-interval': h(lymphoma),
  'other-no-interval': h(table4),
  'interval-convention': h(table4),
  'expert-opinion': h(table4),
  'earliest-overall': h(table4),
  'earliest-from-assessed': h(table4),
  'earliest-with-alternatives': h(table4, lymphoma),
  'planned-ok': h(table4),
  'planned-too-early': h(table4),
  'intervals-cannot-assess': h(table4),
});
const R = BRIDGING_RULES;

/** The numbers the rules use, as the handbook states them (calendar days unless stated). */
export const BRIDGING_THRESHOLDS = Object.freeze({
  /** Table 4: high-dose chemotherapy 3-4 weeks; 21 days is the earliest date, 28 shown as the upper bound. */
  highDoseChemotherapyDays: 21,
  highDoseChemotherapyUpperDays: 28,
  /** Table 4: intrathecal chemotherapy 1 week. */
  intrathecalDays: 7,
  /** Table 4: short-acting cytotoxic / antiproliferative drugs 3 days. */
  shortActingCytotoxicDays: 3,
  /** Table 4: radiotherapy 1 week, 2 weeks when the lung was irradiated. */
  radiotherapyDays: 7,
  radiotherapyLungDays: 14,
  /** Table 4: tyrosine kinase inhibitors 3 days. */
  tkiDays: 3,
  /** §1.5.2: ibrutinib (no drug-related cytopenia) and lymphoma radiotherapy may run to the day before LDC. */
  untilDayBeforeLdcDays: 1,
  /** §1.5.2: lenalidomide stopped 1 week before LDC. */
  lenalidomideDays: 7,
  /** §1.5.2: steroids stopped before LDC (no interval given: the last dose must precede the first LDC day). */
  corticosteroidDays: 1,
  /** §1.5.1: dexamethasone 6 mg/m2 on 2 days a week, with weekly vincristine. */
  dexamethasoneMgPerM2: 6,
  dexamethasoneDaysPerWeek: 2,
  /** §1.5 (Shahid et al.): two or more bridging cycles went with more infection and worse survival. */
  cautionCyclesAtLeast: 2,
  /** §1.5 (Shahid et al.): high-intensity bridging = expected myelosuppression longer than 7 days. */
  highIntensityMyelosuppressionAboveDays: 7,
});
const T = BRIDGING_THRESHOLDS;

export const BRIDGING_DISEASES = LDC_DISEASES;
export type BridgingDisease = (typeof BRIDGING_DISEASES)[number];

/** §1.5.1: the clinician's assessment of ALL tempo and burden, one value per row of the list. */
export const BRIDGING_ALL_PRESENTATIONS = [
  'asymptomatic-smoldering',
  'low-burden-or-slow-progression',
  'burden-or-progressing',
  'aggressive-or-extramedullary',
  'rapidly-progressing',
] as const;
export type BridgingAllPresentation = (typeof BRIDGING_ALL_PRESENTATIONS)[number];
export const BRIDGING_INTENSITIES = ['none', 'low', 'intermediate', 'high', 'very-high'] as const;
export type BridgingIntensity = (typeof BRIDGING_INTENSITIES)[number];

export const BRIDGING_THERAPIES = [
  'high-dose-chemotherapy',
  'intrathecal-chemotherapy',
  'short-acting-cytotoxic',
  'radiotherapy',
  'tki',
  'ibrutinib',
  'lenalidomide',
  'corticosteroid',
  'other',
] as const;
export type BridgingTherapy = (typeof BRIDGING_THERAPIES)[number];

interface OptionSpec {
  readonly option: string;
  readonly rule: Rule;
  readonly drugs: readonly string[];
  readonly condition?: 'ph-positive' | 'cns-involvement';
}
const opt = (option: string, rule: Rule, drugs: readonly string[], condition?: 'ph-positive' | 'cns-involvement'): OptionSpec =>
  Object.freeze(condition === undefined ? { option, rule, drugs: Object.freeze(drugs) } : { option, rule, drugs: Object.freeze(drugs), condition });

interface Tier {
  readonly intensity: BridgingIntensity;
  readonly rule: Rule;
  readonly options: readonly OptionSpec[];
}

/** §1.5.1, row by row: presentation -> intensity and the regimens named for it. */
export const BRIDGING_ALL_STRATEGY: Readonly<Record<BridgingAllPresentation, Tier>> = Object.freeze({
  'asymptomatic-smoldering': { intensity: 'none', rule: R['all-none'], options: [] },
  'low-burden-or-slow-progression': {
    intensity: 'low',
    rule: R['all-low'],
    options: [
      opt('vincristine-mercaptopurine-methotrexate', R['option-vcr-6mp-mtx'], ['vincristine', 'mercaptopurine', 'methotrexate']),
      opt('vincristine-dexamethasone', R['option-vcr-dex'], ['vincristine', 'dexamethasone']),
      opt('tyrosine-kinase-inhibitor', R['option-ph-tki'], ['tyrosine-kinase-inhibitor'], 'ph-positive'),
    ],
  },
  'burden-or-progressing': {
    intensity: 'intermediate',
    rule: R['all-intermediate'],
    options: [
      opt('consolidation', R['option-consolidation'], ['mercaptopurine', 'cytarabine', 'cyclophosphamide']),
      opt('vincristine-dexamethasone-bortezomib-asparaginase', R['option-vcr-dex-bortezomib-asparaginase'], ['vincristine', 'dexamethasone', 'bortezomib', 'asparaginase']),
    ],
  },
  'aggressive-or-extramedullary': {
    intensity: 'high',
    rule: R['all-high'],
    options: [
      opt('high-dose-cytarabine', R['option-high-dose-cytarabine'], ['cytarabine']),
      opt('etoposide-cyclophosphamide', R['option-etoposide-cyclophosphamide'], ['etoposide', 'cyclophosphamide']),
      opt('hyper-cvad', R['option-hyper-cvad'], ['cyclophosphamide', 'vincristine', 'doxorubicin', 'dexamethasone']),
      opt('high-dose-methotrexate', R['option-high-dose-methotrexate-cns'], ['methotrexate'], 'cns-involvement'),
    ],
  },
  'rapidly-progressing': {
    intensity: 'very-high',
    rule: R['all-very-high'],
    options: [
      opt('high-dose-cytarabine-then-ldc', R['option-sequential-ldc'], ['cytarabine']),
      opt('immunotherapy', R['option-immunotherapy'], ['blinatumomab', 'inotuzumab-ozogamicin']),
    ],
  },
});

/** §1.5.2 as structured data: category, what it is, and what the handbook says about stopping it. */
export const BRIDGING_LYMPHOMA_OPTIONS = Object.freeze([
  { option: 'chemotherapy', category: 'chemotherapy', drugs: ['gemcitabine', 'etoposide', 'platinum'], rule: R['lymphoma-chemotherapy'] },
  { option: 'radiotherapy', category: 'radiotherapy', drugs: [], rule: R['lymphoma-radiotherapy'], stopDaysBeforeLdc: T.untilDayBeforeLdcDays },
  { option: 'corticosteroids', category: 'corticosteroids', drugs: ['corticosteroid'], rule: R['lymphoma-steroids'], stopDaysBeforeLdc: T.corticosteroidDays },
  { option: 'ibrutinib', category: 'targeted', drugs: ['ibrutinib'], rule: R['lymphoma-ibrutinib'], stopDaysBeforeLdc: T.untilDayBeforeLdcDays },
  { option: 'lenalidomide', category: 'targeted', drugs: ['lenalidomide'], rule: R['lymphoma-lenalidomide'], stopDaysBeforeLdc: T.lenalidomideDays },
  { option: 'anti-cd20', category: 'targeted', drugs: ['rituximab', 'obinutuzumab'], rule: R['lymphoma-anti-cd20'] },
  { option: 'pola-br', category: 'targeted', drugs: ['polatuzumab vedotin', 'bendamustine', 'rituximab'], rule: R['lymphoma-pola-br'] },
  { option: 'tafasitamab-lenalidomide', category: 'anti-cd19', drugs: ['tafasitamab', 'lenalidomide'], rule: R['lymphoma-anti-cd19'] },
] as const satisfies readonly { option: string; category: string; drugs: readonly string[]; rule: Rule; stopDaysBeforeLdc?: number }[]);

const TherapyGiven = z
  .object({
    therapy: z.enum(BRIDGING_THERAPIES).describe("A row of handbook Table 4, a §1.5.2 lymphoma agent with a stop date, or 'other' (then name it)."),
    name: z.string().trim().min(1).optional().describe("The therapy's name; required for 'other'."),
    lastDoseDate: CalendarDate.describe('Date of the last dose or fraction (YYYY-MM-DD).'),
    lungIrradiated: z.boolean().optional().describe('Radiotherapy only: the field included lung (Table 4: 2 weeks instead of 1).'),
    drugRelatedCytopenia: z.boolean().optional().describe('Ibrutinib only: cytopenia attributed to ibrutinib.'),
    physicianIntervalDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .optional()
      .describe("Interval set by the physician, only where the handbook gives none ('other', ibrutinib with cytopenia)."),
  })
  .strict();

export const BridgingInput = z
  .object({
    disease: z.enum(BRIDGING_DISEASES).describe('B-ALL, large B-cell lymphoma or follicular lymphoma.'),
    presentation: z.enum(BRIDGING_ALL_PRESENTATIONS).optional().describe("B-ALL: the clinician's assessment of disease tempo and burden (§1.5.1)."),
    phPositive: z.boolean().optional().describe('B-ALL: Philadelphia chromosome (BCR::ABL1) positive.'),
    cnsInvolvement: z.boolean().optional().describe('B-ALL: CNS involvement (high-dose methotrexate option).'),
    bridgingCycles: z.number().int().min(0).max(20).optional().describe('Bridging cycles given or planned.'),
    height: quantity('bodyHeight').optional().describe('For the dexamethasone dose in mg (BSA, Mosteller).'),
    weight: quantity('bodyWeight').optional(),
    therapies: z.array(TherapyGiven).optional().describe('Bridging therapies given, each with its last dose, for the interval to LDC.'),
    plannedLdcStartDate: CalendarDate.optional().describe('Planned first LDC day (YYYY-MM-DD), checked against every interval.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    input.therapies?.forEach((t, i) => {
      if (t.therapy === 'other' && t.name === undefined) refuse(ctx, ['therapies', i, 'name'], 'bridging.input.name-required');
      if (t.lungIrradiated !== undefined && t.therapy !== 'radiotherapy') refuse(ctx, ['therapies', i, 'lungIrradiated'], 'bridging.input.radiotherapy-only');
      if (t.drugRelatedCytopenia !== undefined && t.therapy !== 'ibrutinib') refuse(ctx, ['therapies', i, 'drugRelatedCytopenia'], 'bridging.input.ibrutinib-only');
      const open = t.therapy === 'other' || (t.therapy === 'ibrutinib' && t.drugRelatedCytopenia === true);
      if (t.physicianIntervalDays !== undefined && !open) refuse(ctx, ['therapies', i, 'physicianIntervalDays'], 'bridging.input.interval-set-by-handbook');
    });
    if (input.disease !== 'B-ALL') {
      if (input.presentation !== undefined) refuse(ctx, ['presentation'], 'bridging.input.all-only');
      if (input.phPositive !== undefined) refuse(ctx, ['phPositive'], 'bridging.input.all-only');
      if (input.cnsInvolvement !== undefined) refuse(ctx, ['cnsInvolvement'], 'bridging.input.all-only');
    }
  })
  .transform((input) => ({
    ...input,
    plannedDay: input.plannedLdcStartDate === undefined ? undefined : toEpochDay(input.plannedLdcStartDate),
    lastDoseDays: (input.therapies ?? []).map((t) => toEpochDay(t.lastDoseDate)),
  }));
export type BridgingInput = z.output<typeof BridgingInput>;

const DoseValue = z.object({
  value: z.number(),
  unit: z.string(),
  perUnit: z.object({ value: z.number(), unit: z.string() }).optional(),
  basedOn: z.object({ value: z.number(), unit: z.string() }).optional(),
});

const THERAPY_STATUSES = ['respects', 'too-early', 'no-planned-date', 'cannot-assess'] as const;

const TherapyPlan = z.object({
  therapy: z.enum(BRIDGING_THERAPIES),
  name: z.string().optional(),
  lastDoseDate: z.string(),
  rule: z.string().nullable().describe('The rule that set the interval; null when none applies.'),
  intervalDays: z.number().int().nullable(),
  upperIntervalDays: z.number().int().optional(),
  earliestLdcDate: z.string().nullable().describe('lastDoseDate + intervalDays (calendar days).'),
  upperBoundDate: z.string().optional(),
  alternativeDate: z.string().optional().describe('Lymphoma radiotherapy: §1.5.2 allows it up to the day before LDC.'),
  alternativeRule: z.string().optional(),
  status: z.enum(THERAPY_STATUSES),
  daysShort: z.number().int().optional(),
});
type TherapyPlan = z.infer<typeof TherapyPlan>;

export const BridgingValue = z.object({
  disease: z.enum(BRIDGING_DISEASES),
  strategy: z
    .object({
      presentation: z.enum(BRIDGING_ALL_PRESENTATIONS),
      intensity: z.enum(BRIDGING_INTENSITIES),
      options: z.array(
        z.object({
          option: z.string(),
          rule: z.string(),
          drugs: z.array(z.string()),
          condition: z.enum(['ph-positive', 'cns-involvement']).optional(),
          applies: z.boolean().nullable().describe('False when its condition is absent, null when the condition is unknown.'),
        }),
      ),
      dexamethasone: DoseValue.optional().describe('Dexamethasone 6 mg/m2 per day on 2 days a week (with weekly vincristine).'),
    })
    .nullable()
    .describe('B-ALL strategy; null for lymphoma or when the presentation is not given.'),
  lymphomaOptions: z
    .array(z.object({ option: z.string(), category: z.string(), drugs: z.array(z.string()), rule: z.string(), stopDaysBeforeLdc: z.number().int().optional() }))
    .nullable(),
  intervals: z
    .object({
      status: z.enum(['assessed', 'cannot-assess']),
      therapies: z.array(TherapyPlan),
      earliestLdcDate: z.string().nullable().describe('Latest of the per-therapy dates; null when any therapy cannot be assessed.'),
      earliestFromAssessed: z.string().nullable().describe('Latest of the dates that could be assessed.'),
      earliestWithAlternatives: z.string().nullable(),
      plannedLdcStartDate: z.string().optional(),
      plannedDateRespectsIntervals: z.boolean().nullable().optional(),
    })
    .nullable(),
});
export type BridgingValue = z.infer<typeof BridgingValue>;

interface Out {
  readonly basis: BasisEntry[];
  readonly actions: Action[];
  readonly warnings: Warning[];
}

const atLeastDays = (days: number): Threshold => ({ comparator: '>=', value: days, unit: 'd' });
const W = (rule: Rule): Warning => Object.freeze({ rule });
const PURPOSE = W(R.purpose);
const MAY_OMIT = W(R['may-omit']);
const CHOICE = W(R['individual-choice']);
const AVOID = W(R['avoid-toxicity']);
const WHERE = W(R['where-given']);
const CYCLES = W(R['cycles-caution']);
const CONVENTION = W(R['interval-convention']);
const EXPERT = W(R['expert-opinion']);

function strategyInto(input: BridgingInput, out: Out): BridgingValue['strategy'] {
  if (input.presentation === undefined) {
    out.warnings.push({ rule: R['presentation-missing'], field: 'presentation' });
    return null;
  }
  const tier = BRIDGING_ALL_STRATEGY[input.presentation];
  out.basis.push({ rule: tier.rule, field: 'presentation', observed: input.presentation, yields: tier.intensity });
  let dexamethasone: Dose | undefined;
  const options: NonNullable<BridgingValue['strategy']>['options'] = [];
  for (const o of tier.options) {
    let applies: boolean | null = true;
    if (o.condition === 'ph-positive') {
      applies = input.phPositive ?? null;
      if (input.phPositive === undefined) out.warnings.push({ rule: R['ph-status-missing'], field: 'phPositive' });
      else out.basis.push({ rule: input.phPositive ? R['ph-positive'] : R['ph-negative'], field: 'phPositive', observed: input.phPositive });
    } else if (o.condition === 'cns-involvement') {
      applies = input.cnsInvolvement ?? null;
      if (input.cnsInvolvement === undefined) out.warnings.push({ rule: R['cns-status-missing'], field: 'cnsInvolvement' });
      else out.basis.push({ rule: input.cnsInvolvement ? R['cns-involved'] : R['cns-not-involved'], field: 'cnsInvolvement', observed: input.cnsInvolvement });
    }
    options.push({ option: o.option, rule: o.rule.id, drugs: [...o.drugs], ...(o.condition === undefined ? {} : { condition: o.condition }), applies });
    if (applies === false) continue;
    if (o.rule === R['option-vcr-dex']) {
      if (input.height !== undefined && input.weight !== undefined) {
        const bsaM2 = mostellerBsa(input.height, input.weight);
        out.basis.push({ rule: R.bsa, field: 'height', observed: bsaM2, unit: 'm2', yields: bsaM2 });
        dexamethasone = perSquareMeter(T.dexamethasoneMgPerM2, bsaM2);
      } else {
        dexamethasone = fixedDose(T.dexamethasoneMgPerM2, 'mg/m2');
      }
      out.actions.push({ rule: o.rule, status: 'consider', drug: 'dexamethasone', dose: dexamethasone });
    } else {
      out.actions.push({ rule: o.rule, status: 'consider' });
    }
  }
  if (input.phPositive === true && tier.intensity !== 'low') out.warnings.push({ rule: R['ph-tki-named-at-low-only'], field: 'phPositive' });
  if (tier.intensity === 'very-high') {
    out.warnings.push({ rule: R['blinatumomab-cd19-negative'] }, { rule: R['inotuzumab-b-cell-depletion'] });
  }
  if (tier.options.length > 0) out.warnings.push({ rule: R['doses-not-given'] });
  return { presentation: input.presentation, intensity: tier.intensity, options, ...(dexamethasone === undefined ? {} : { dexamethasone }) };
}

function lymphomaInto(out: Out): NonNullable<BridgingValue['lymphomaOptions']> {
  return BRIDGING_LYMPHOMA_OPTIONS.map((o) => {
    out.actions.push({ rule: o.rule, status: 'consider' });
    return {
      option: o.option,
      category: o.category,
      drugs: [...o.drugs],
      rule: o.rule.id,
      ...('stopDaysBeforeLdc' in o ? { stopDaysBeforeLdc: o.stopDaysBeforeLdc } : {}),
    };
  });
}

interface Interval {
  readonly rule: Rule;
  readonly days: number;
  readonly upperDays?: number;
  readonly alternativeDays?: number;
  readonly alternativeRule?: Rule;
}

/** The interval that applies to one therapy, or null (with a warning) when none can be set. */
function intervalOf(t: NonNullable<BridgingInput['therapies']>[number], disease: BridgingDisease, i: number, out: Out): Interval | null {
  switch (t.therapy) {
    case 'high-dose-chemotherapy':
      return { rule: R['interval-high-dose-chemotherapy'], days: T.highDoseChemotherapyDays, upperDays: T.highDoseChemotherapyUpperDays };
    case 'intrathecal-chemotherapy':
      return { rule: R['interval-intrathecal'], days: T.intrathecalDays };
    case 'short-acting-cytotoxic':
      return { rule: R['interval-short-acting-cytotoxic'], days: T.shortActingCytotoxicDays };
    case 'tki':
      return { rule: R['interval-tki'], days: T.tkiDays };
    case 'lenalidomide':
      return { rule: R['interval-lenalidomide'], days: T.lenalidomideDays };
    case 'corticosteroid':
      return { rule: R['interval-corticosteroid'], days: T.corticosteroidDays };
    case 'radiotherapy': {
      if (t.lungIrradiated === undefined) {
        out.warnings.push({ rule: R['radiotherapy-site-missing'], field: `therapies[${i}].lungIrradiated` });
        return null;
      }
      const base = t.lungIrradiated ? { rule: R['interval-radiotherapy-lung'], days: T.radiotherapyLungDays } : { rule: R['interval-radiotherapy'], days: T.radiotherapyDays };
      return disease === 'B-ALL' ? base : { ...base, alternativeDays: T.untilDayBeforeLdcDays, alternativeRule: R['radiotherapy-lymphoma-day-before'] };
    }
    case 'ibrutinib':
      if (t.drugRelatedCytopenia === undefined) {
        out.warnings.push({ rule: R['ibrutinib-cytopenia-missing'], field: `therapies[${i}].drugRelatedCytopenia` });
        return null;
      }
      if (!t.drugRelatedCytopenia) return { rule: R['interval-ibrutinib'], days: T.untilDayBeforeLdcDays };
      if (t.physicianIntervalDays !== undefined) return { rule: R['interval-physician'], days: t.physicianIntervalDays };
      out.warnings.push({ rule: R['ibrutinib-cytopenia-no-interval'], field: `therapies[${i}].physicianIntervalDays` });
      return null;
    case 'other':
      if (t.physicianIntervalDays !== undefined) return { rule: R['interval-physician'], days: t.physicianIntervalDays };
      out.warnings.push({ rule: R['other-no-interval'], field: `therapies[${i}].physicianIntervalDays`, params: { therapy: t.name ?? 'other' } });
      return null;
  }
}

function intervalsInto(input: BridgingInput, out: Out): BridgingValue['intervals'] {
  const therapies = input.therapies;
  if (therapies === undefined || therapies.length === 0) return null;
  const plans: TherapyPlan[] = [];
  let latest = Number.NEGATIVE_INFINITY;
  let latestAlt = Number.NEGATIVE_INFINITY;
  let unknown = false;
  therapies.forEach((t, i) => {
    const lastDay = input.lastDoseDays[i]!;
    const field = `therapies[${i}].lastDoseDate`;
    const base = { therapy: t.therapy, ...(t.name === undefined ? {} : { name: t.name }), lastDoseDate: t.lastDoseDate };
    const interval = intervalOf(t, input.disease, i, out);
    if (interval === null) {
      unknown = true;
      plans.push({ ...base, rule: null, intervalDays: null, earliestLdcDate: null, status: 'cannot-assess' });
      return;
    }
    const day = lastDay + interval.days;
    const earliest = fromEpochDay(day);
    out.basis.push({
      rule: interval.rule,
      field: interval.rule === R['interval-physician'] ? `therapies[${i}].physicianIntervalDays` : field,
      observed: t.lastDoseDate,
      threshold: interval.upperDays === undefined ? atLeastDays(interval.days) : { comparator: 'between', value: [interval.days, interval.upperDays], unit: 'd' },
      yields: earliest,
    });
    const altDay = interval.alternativeDays === undefined ? day : lastDay + interval.alternativeDays;
    if (interval.alternativeRule !== undefined) out.basis.push({ rule: interval.alternativeRule, field, observed: t.lastDoseDate, threshold: atLeastDays(interval.alternativeDays!), yields: fromEpochDay(altDay) });
    if (day > latest) latest = day;
    if (altDay > latestAlt) latestAlt = altDay;
    let status: TherapyPlan['status'] = 'no-planned-date';
    let daysShort: number | undefined;
    if (input.plannedDay !== undefined) {
      status = input.plannedDay >= day ? 'respects' : 'too-early';
      if (status === 'too-early') {
        daysShort = day - input.plannedDay;
        out.warnings.push({ rule: R['planned-too-early'], field: 'plannedLdcStartDate', params: { therapy: t.name ?? t.therapy, earliest, short: daysShort } });
      }
    }
    plans.push({
      ...base,
      rule: interval.rule.id,
      intervalDays: interval.days,
      ...(interval.upperDays === undefined ? {} : { upperIntervalDays: interval.upperDays, upperBoundDate: fromEpochDay(lastDay + interval.upperDays) }),
      earliestLdcDate: earliest,
      ...(interval.alternativeRule === undefined ? {} : { alternativeDate: fromEpochDay(altDay), alternativeRule: interval.alternativeRule.id }),
      status,
      ...(daysShort === undefined ? {} : { daysShort }),
    });
  });
  out.warnings.push(CONVENTION, EXPERT);
  const assessedAny = latest !== Number.NEGATIVE_INFINITY;
  const fromAssessed = assessedAny ? fromEpochDay(latest) : null;
  const earliest = unknown ? null : fromAssessed;
  if (unknown) {
    out.warnings.push({ rule: R['intervals-cannot-assess'], field: 'therapies' });
    if (fromAssessed !== null) out.basis.push({ rule: R['earliest-from-assessed'], field: 'therapies', observed: plans.filter((p) => p.status !== 'cannot-assess').length, yields: fromAssessed });
  } else {
    out.basis.push({ rule: R['earliest-overall'], field: 'therapies', observed: plans.length, yields: earliest! });
  }
  const withAlt = assessedAny && latestAlt < latest ? fromEpochDay(latestAlt) : fromAssessed;
  if (!unknown && assessedAny && latestAlt < latest) out.basis.push({ rule: R['earliest-with-alternatives'], field: 'therapies', observed: plans.length, yields: withAlt! });

  let respects: boolean | null | undefined;
  if (input.plannedLdcStartDate !== undefined) {
    const anyTooEarly = plans.some((p) => p.status === 'too-early');
    respects = anyTooEarly ? false : unknown ? null : true;
    if (respects === true) out.basis.push({ rule: R['planned-ok'], field: 'plannedLdcStartDate', observed: input.plannedLdcStartDate, threshold: { comparator: '>=', value: earliest! } });
  }
  return {
    status: unknown ? 'cannot-assess' : 'assessed',
    therapies: plans,
    earliestLdcDate: earliest,
    earliestFromAssessed: fromAssessed,
    earliestWithAlternatives: unknown ? null : withAlt,
    ...(input.plannedLdcStartDate === undefined ? {} : { plannedLdcStartDate: input.plannedLdcStartDate, plannedDateRespectsIntervals: respects ?? null }),
  };
}

export function planBridging(input: BridgingInput): Assessment<BridgingValue> {
  const out: Out = { basis: [], actions: [], warnings: [] };
  const all = input.disease === 'B-ALL';
  const strategy = all ? strategyInto(input, out) : null;
  const lymphomaOptions = all ? null : lymphomaInto(out);
  const intervals = intervalsInto(input, out);
  if (input.bridgingCycles !== undefined && input.bridgingCycles >= T.cautionCyclesAtLeast) {
    out.basis.push({ rule: R['cycles-two-or-more'], field: 'bridgingCycles', observed: input.bridgingCycles, threshold: { comparator: '>=', value: T.cautionCyclesAtLeast } });
  }
  out.warnings.push(PURPOSE, MAY_OMIT, CHOICE, AVOID, CYCLES, WHERE);
  if (strategy === null && lymphomaOptions === null && intervals === null) return cannotAssess('bridging', out.warnings, out.basis);
  return assessed('bridging', { disease: input.disease, strategy, lymphomaOptions, intervals }, out.basis, out.actions, out.warnings);
}

function summaryOf(v: BridgingValue): Record<string, unknown> {
  const iv = v.intervals;
  const earliest = iv?.earliestLdcDate ?? null;
  const head = v.strategy !== null ? `intensity-${v.strategy.intensity}` : v.lymphomaOptions !== null ? 'lymphoma' : 'intervals';
  if (iv === null) return { variant: head };
  if (iv.status === 'cannot-assess') return { variant: `${head}-intervals-cannot-assess` };
  if (iv.plannedLdcStartDate === undefined) return { variant: `${head}-earliest`, earliest };
  return { variant: iv.plannedDateRespectsIntervals ? `${head}-planned-ok` : `${head}-planned-too-early`, earliest, planned: iv.plannedLdcStartDate };
}

export const bridgingInstrument = defineInstrument({
  name: 'bridging',
  kind: 'planner',
  section: '002 §1.5, §1.5.1-1.5.2, Table 4',
  input: BridgingInput,
  value: BridgingValue,
  evaluate: (input) => planBridging(input),
  summary: summaryOf,
});
