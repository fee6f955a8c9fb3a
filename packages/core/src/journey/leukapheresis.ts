import * as z from 'zod';
import type { Action, BasisEntry, Warning } from '../explain/result.js';
import { atMost, atLeast, below, above, assessed, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { cockcroftGault, CRCL_CONSTANTS, SEXES } from '../dosing/crcl.js';
import { registerMessages } from '../i18n/catalog.js';
import type { InstitutionSettings } from '../institution/settings.js';
import { defineInstrument } from '../instruments/registry.js';
import { CalendarDate, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { toEpochDay } from './calendar.js';
import { leukapheresisMessages } from './leukapheresis.messages.js';

registerMessages(leukapheresisMessages);

const assess = { seed: 'handbook', section: '§1.4, item 2 (assessment before leukapheresis)' } as const;
const table1 = { seed: 'handbook', section: '§1.2, Table 1 (viral infection, latent HBV/HCV/HIV)' } as const;
const volumeTable = { seed: 'handbook', section: '§1.4, item 3 (blood volume to process, Kymriah example)' } as const;
const perform = { seed: 'handbook', section: '§1.4, item 4 (performing leukapheresis)' } as const;
const recordSec = { seed: 'handbook', section: '§1.4, item 5 (records and product sampling)' } as const;
const identity = { seed: 'handbook', section: '§1.4, item 10 (patient identity, chain of identity)' } as const;
const readinessSrc: RuleSources = { seed: [assess], publications: ['qayed2022', 'hayden2022'] };
const viral: RuleSources = { seed: [assess, table1], publications: ['qayed2022', 'hayden2022'] };
const renal: RuleSources = { seed: [assess], publications: ['qayed2022', 'cockcroft1976'] };
const q22 = (...seed: { seed: 'handbook'; section: string }[]): RuleSources => ({ seed, publications: ['qayed2022'] });

/** Leukapheresis: handbook §1.4 items 2-5 and 10 (Qayed 2022; readiness also Hayden 2022). */
export const LEUKAPHERESIS_RULES = defineRules('leukapheresis', {
  // Item 2: readiness, row by row.
  'ecog-pass': readinessSrc,
  'ecog-fail': readinessSrc,
  'karnofsky-pass': readinessSrc,
  'karnofsky-fail': readinessSrc,
  'saturation-pass': readinessSrc,
  'saturation-fail': readinessSrc,
  'oxygen-required': readinessSrc,
  'pregnancy-not-applicable': readinessSrc,
  'pregnancy-test-negative': readinessSrc,
  'pregnancy-test-positive': readinessSrc,
  'pregnancy-test-outdated': readinessSrc,
  'serology-current': readinessSrc,
  'serology-outdated': readinessSrc,
  'serology-per-manufacturer': readinessSrc,
  'viral-load-required': readinessSrc,
  'viral-load-undetected': viral,
  'viral-load-detected': viral,
  'hiv-positive-review': viral,
  'hemoglobin-pass': readinessSrc,
  'hemoglobin-fail': readinessSrc,
  'hematocrit-pass': readinessSrc,
  'hematocrit-fail': readinessSrc,
  'platelets-pass': readinessSrc,
  'platelets-fail': readinessSrc,
  'platelet-loss': readinessSrc,
  'platelet-transfusion': readinessSrc,
  'lymphocytes-pass': readinessSrc,
  'lymphocytes-low': readinessSrc,
  'lymphocytes-optional': readinessSrc,
  'bilirubin-pass': readinessSrc,
  'bilirubin-fail': readinessSrc,
  'liver-enzymes-pass': readinessSrc,
  'liver-enzymes-fail': readinessSrc,
  'crcl-measured': renal,
  'crcl-cockcroft-gault': renal,
  'crcl-child-measured': renal,
  'crcl-pass': renal,
  'crcl-fail': renal,
  'lvef-pass': readinessSrc,
  'lvef-fail': readinessSrc,
  'ecg-done': readinessSrc,
  'ecg-not-done': readinessSrc,
  'cardiac-biomarkers-done': readinessSrc,
  'cardiac-biomarkers-not-done': readinessSrc,
  'calcium-in-range': readinessSrc,
  'calcium-out-of-range': readinessSrc,
  'magnesium-in-range': readinessSrc,
  'magnesium-out-of-range': readinessSrc,
  'readiness-missing': readinessSrc,
  'physician-may-adjust': readinessSrc,
  ready: readinessSrc,
  'not-ready': readinessSrc,
  // Item 3: blood volume to process.
  'volume-two-days': q22(volumeTable),
  'two-day-collection': q22(volumeTable),
  'volume-3-4': q22(volumeTable),
  'volume-2-3': q22(volumeTable),
  'volume-boundary': q22(volumeTable),
  'volume-markedly-higher': q22(volumeTable),
  'volume-counts-missing': q22(volumeTable),
  'volume-to-process': q22(volumeTable),
  'volume-tbv-missing': q22(volumeTable),
  'cd3-exceeds-alc': q22(volumeTable),
  // Item 4: performing the collection.
  'vascular-access': q22(perform),
  'collect-rate': q22(perform),
  'collect-rate-reduced': q22(perform, volumeTable),
  'collect-preference': q22(perform),
  'anticoagulant-acd-a': q22(perform),
  'anticoagulant-ratio-not-given': q22(perform),
  'heparin-with-acd-a': q22(perform),
  'heparin-alone-not-recommended': q22(perform),
  'calcium-monitoring': q22(perform),
  'prime-fraction': q22(perform),
  'prime-with-rbc': q22(perform),
  'prime-not-needed': q22(perform),
  'prime-volume-missing': q22(perform),
  'pediatric-picu': q22(perform),
  // Item 5 and item 10: the record to keep.
  'record-vital-signs': q22(recordSec),
  'record-blood-volume-processed': q22(recordSec),
  'record-product-volume': q22(recordSec),
  'record-collection-time': q22(recordSec),
  'record-lot-expiry': q22(recordSec),
  'record-product-sampling': q22(recordSec),
  'record-patient-identity': q22(identity),
  'record-chain-of-identity': q22(identity),
  'record-confirmed': q22(recordSec, identity),
  // Item 5: product acceptance (Kymriah example).
  'tnc-pass': q22(recordSec),
  'tnc-fail': q22(recordSec),
  'cd3-product-pass': q22(recordSec),
  'cd3-product-fail': q22(recordSec),
  't-cell-percent-pass': q22(recordSec),
  't-cell-percent-fail': q22(recordSec),
  't-cell-percent-derived': q22(recordSec),
  'viability-pass': q22(recordSec),
  'viability-fail': q22(recordSec),
  'viability-no-threshold': q22(recordSec),
  'acceptance-value-missing': q22(recordSec),
  'product-accepted': q22(recordSec),
  'product-not-accepted': q22(recordSec),
  'product-cannot-assess': q22(recordSec),
  'contact-manufacturer': q22(recordSec, { seed: 'handbook', section: '§1.4, item 7 (notify the manufacturer)' }),
  'further-collection': q22(recordSec, volumeTable),
  'next-steps-not-given': q22(recordSec),
});
const R = LEUKAPHERESIS_RULES;

/** The numbers the rules use, as handbook §1.4 states them. */
export const LEUKAPHERESIS_THRESHOLDS = Object.freeze({
  /** Item 2: ECOG below 2; Karnofsky above 60%. */
  ecogBelow: 2,
  karnofskyAbovePercent: 60,
  /** Item 2: SaO2 above 92% without supplemental oxygen. */
  saturationAbovePercent: 92,
  /** Item 2: a negative pregnancy test within 7 calendar days of collection. */
  pregnancyTestWithinDays: 7,
  /** Item 2: HBsAg, HBcAb, HBsAb, anti-HCV and anti-HIV within 30 calendar days of collection. */
  serologyWithinDays: 30,
  hemoglobinAboveGdl: 8.0,
  hematocritAbovePercent: 24,
  plateletsAbovePerUl: 30_000,
  /** Item 2 note: apheresis may remove about 30% of circulating platelets. */
  plateletLossFraction: 0.3,
  /** Item 2: lymphocytes above 200/uL, an optional criterion. */
  lymphocytesAbovePerUl: 200,
  bilirubinBelowMgDl: 1.98,
  liverEnzymeBelowTimesUln: 4,
  crclAboveMlMin: 30,
  lvefAbovePercent: 40,
  /** Item 3 (Kymriah): ALC / CD3+ below 100/uL: consider two days. */
  alcVeryLowBelowPerUl: 100,
  cd3VeryLowBelowPerUl: 100,
  /** Item 3: ALC below 300/uL and CD3+ below 150/uL: 3-4 total blood volumes; above both: 2-3. */
  alcLowBelowPerUl: 300,
  cd3LowBelowPerUl: 150,
  tbvMultipleLow: Object.freeze([3, 4] as const),
  tbvMultipleAdequate: Object.freeze([2, 3] as const),
  /** Item 4: collect rate 1.0 mL/min, 0.8 mL/min when lymphocytes or CD3+ are low. */
  collectRateMlPerMin: 1.0,
  reducedCollectRateMlPerMin: 0.8,
  /** Item 4: the Spectra Optia circuit takes about 200 mL of blood (other sets differ). */
  spectraOptiaFillMl: 200,
  /** Item 4: prime with leukocyte-reduced RBC when the circuit takes more than 15% of blood volume. */
  primeAbovePercentOfBloodVolume: 15,
  /** Item 5 (Kymriah): viable TNC at least 2x10^9, viable CD3+ at least 1x10^9, T cells above 3% of TNC. */
  productMinViableTnc1e9: 2,
  productMinViableCd3_1e9: 1,
  productTCellAbovePercentOfTnc: 3,
});
const T = LEUKAPHERESIS_THRESHOLDS;

const SEROLOGY_TESTS = ['hbsAg', 'hbcAb', 'hbsAb', 'antiHcv', 'antiHiv'] as const;
type SerologyTest = (typeof SEROLOGY_TESTS)[number];

const TestResult = z
  .object({ date: CalendarDate.describe('Date of the result (YYYY-MM-DD).'), result: z.enum(['negative', 'positive']) })
  .strict();
const ViralLoad = z
  .object({ date: CalendarDate, detected: z.boolean().describe('Virus detected (viral load above the assay limit).') })
  .strict();
const LabWithRange = <S extends z.ZodType<number>>(value: S) =>
  z
    .object({ value, lowerLimit: value, upperLimit: value })
    .strict()
    .describe("The result with the laboratory's own reference range (the handbook asks for a value within the normal range).");

export const LEUKAPHERESIS_RECORD_ITEMS = [
  'vital-signs',
  'blood-volume-processed',
  'product-volume',
  'collection-time',
  'lot-expiry',
  'product-sampling',
  'patient-identity',
  'chain-of-identity',
] as const;
export type LeukapheresisRecordItem = (typeof LEUKAPHERESIS_RECORD_ITEMS)[number];
const RECORD_RULES: Readonly<Record<LeukapheresisRecordItem, Rule>> = Object.freeze({
  'vital-signs': R['record-vital-signs'],
  'blood-volume-processed': R['record-blood-volume-processed'],
  'product-volume': R['record-product-volume'],
  'collection-time': R['record-collection-time'],
  'lot-expiry': R['record-lot-expiry'],
  'product-sampling': R['record-product-sampling'],
  'patient-identity': R['record-patient-identity'],
  'chain-of-identity': R['record-chain-of-identity'],
});

export const ANTICOAGULANT_PLANS = ['acd-a', 'acd-a-with-heparin', 'heparin-alone'] as const;

const CollectionResults = z
  .object({
    viableTnc: quantity('cellCount').optional().describe('Viable total nucleated cells in the apheresis material (10*9 cells).'),
    viableCd3: quantity('cellCount').optional().describe('Viable CD3+ cells in the apheresis material (10*9 cells).'),
    tCellPercentOfTnc: quantity('percent').optional().describe('T cells as % of TNC; derived from viable CD3+ / viable TNC when not given.'),
    viabilityPercent: quantity('percent').optional().describe('Total cell viability, %.'),
    viabilityThresholdPercent: quantity('percent')
      .optional()
      .describe('Minimum viability set by the institution or manufacturer: the handbook gives none (no default).'),
  })
  .strict();

export const LeukapheresisInput = z
  .object({
    plannedCollectionDate: CalendarDate.describe('Planned leukapheresis date (YYYY-MM-DD); test windows count calendar days back from it.'),
    ecog: z.number().int().min(0).max(5).optional().describe('ECOG performance status.'),
    karnofsky: z.number().int().min(0).max(100).multipleOf(10).optional().describe('Karnofsky performance status, %.'),
    roomAirSaturation: quantity('oxygenSaturation').optional().describe('Oxygen saturation without supplemental oxygen, %.'),
    requiresSupplementalOxygen: z.boolean().optional().describe('The patient cannot do without supplemental oxygen.'),
    canBecomePregnant: z.boolean().optional().describe('The patient can become pregnant (then a pregnancy test is required).'),
    pregnancyTest: TestResult.optional().describe('Blood or urine pregnancy test.'),
    serology: z
      .object({
        hbsAg: TestResult.optional(),
        hbcAb: TestResult.optional(),
        hbsAb: TestResult.optional(),
        antiHcv: TestResult.optional(),
        antiHiv: TestResult.optional(),
      })
      .strict()
      .optional()
      .describe('Infectious-disease markers, each with its date.'),
    viralLoad: z.object({ hbv: ViralLoad.optional(), hcv: ViralLoad.optional() }).strict().optional().describe('HBV DNA / HCV RNA, needed when HBsAg or anti-HCV is positive.'),
    hemoglobin: quantity('hemoglobin').optional(),
    hematocrit: quantity('hematocrit').optional(),
    platelets: quantity('plateletsPerMicroliter').optional(),
    lymphocytes: quantity('cellCountPerMicroliter').optional().describe('Absolute lymphocyte count (ALC).'),
    cd3: quantity('cellCountPerMicroliter').optional().describe('Peripheral-blood CD3+ count.'),
    bilirubin: quantity('bilirubin').optional().describe('Total bilirubin.'),
    alt: quantity('enzymeActivity').optional(),
    altUpperLimitOfNormal: quantity('enzymeActivity').optional(),
    ast: quantity('enzymeActivity').optional(),
    astUpperLimitOfNormal: quantity('enzymeActivity').optional(),
    measuredCrcl: quantity('creatinineClearance').optional().describe('Measured creatinine clearance; used in place of Cockcroft-Gault.'),
    creatinine: quantity('creatinine').optional().describe('Serum creatinine, for Cockcroft-Gault in adults.'),
    ageYears: z.number().min(0).max(120).optional(),
    sex: z.enum(SEXES).optional(),
    weight: quantity('bodyWeight').optional(),
    lvef: quantity('leftVentricularEjectionFraction').optional().describe('Left-ventricular ejection fraction, %.'),
    baselineEcgDone: z.boolean().optional(),
    baselineTroponinDone: z.boolean().optional(),
    baselineNtProBnpDone: z.boolean().optional(),
    calcium: LabWithRange(quantity('calcium')).optional(),
    magnesium: LabWithRange(quantity('magnesium')).optional(),
    totalBloodVolume: quantity('volume').optional().describe("The patient's total blood volume (mL), estimated by the institution's method: the handbook gives no formula."),
    extracorporealVolume: quantity('volume').optional().describe('Fill volume of the apheresis set (mL); about 200 mL on Spectra Optia, other sets differ.'),
    plannedAnticoagulant: z.enum(ANTICOAGULANT_PLANS).optional(),
    recordConfirmed: z.partialRecord(z.enum(LEUKAPHERESIS_RECORD_ITEMS), z.boolean()).optional().describe('Record items already confirmed.'),
    collectionResults: CollectionResults.optional().describe('Results of the apheresis material, once collected.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    const after = (date: string | undefined, path: (string | number)[]) => {
      if (date !== undefined && date > input.plannedCollectionDate) refuse(ctx, path, 'leukapheresis.input.test-after-collection');
    };
    after(input.pregnancyTest?.date, ['pregnancyTest', 'date']);
    for (const key of SEROLOGY_TESTS) after(input.serology?.[key]?.date, ['serology', key, 'date']);
    after(input.viralLoad?.hbv?.date, ['viralLoad', 'hbv', 'date']);
    after(input.viralLoad?.hcv?.date, ['viralLoad', 'hcv', 'date']);
    if (input.canBecomePregnant === false && input.pregnancyTest?.result === 'positive') refuse(ctx, ['pregnancyTest', 'result'], 'leukapheresis.input.pregnancy-contradiction');
    if (input.requiresSupplementalOxygen === true && input.roomAirSaturation !== undefined) {
      refuse(ctx, ['roomAirSaturation'], 'leukapheresis.input.room-air-contradiction');
    }
    if (input.astUpperLimitOfNormal === 0) refuse(ctx, ['astUpperLimitOfNormal'], 'leukapheresis.input.uln-positive');
    if (input.altUpperLimitOfNormal === 0) refuse(ctx, ['altUpperLimitOfNormal'], 'leukapheresis.input.uln-positive');
    for (const key of ['calcium', 'magnesium'] as const) {
      const lab = input[key];
      if (lab !== undefined && lab.lowerLimit > lab.upperLimit) refuse(ctx, [key, 'lowerLimit'], 'leukapheresis.input.range-inverted');
    }
    const results = input.collectionResults;
    if (results?.viableTnc !== undefined && results.viableCd3 !== undefined && results.viableCd3 > results.viableTnc) {
      refuse(ctx, ['collectionResults', 'viableCd3'], 'leukapheresis.input.cd3-above-tnc');
    }
  })
  .transform((input) => {
    const day = toEpochDay(input.plannedCollectionDate);
    const ageOf = (date: string | undefined) => (date === undefined ? undefined : day - toEpochDay(date));
    const serologyAges: Partial<Record<SerologyTest, number>> = {};
    for (const key of SEROLOGY_TESTS) {
      const age = ageOf(input.serology?.[key]?.date);
      if (age !== undefined) serologyAges[key] = age;
    }
    return { ...input, pregnancyTestAgeDays: ageOf(input.pregnancyTest?.date), serologyAges };
  });
export type LeukapheresisInput = z.output<typeof LeukapheresisInput>;

export const LEUKAPHERESIS_READINESS_ITEMS = [
  'performance-status',
  'oxygen-saturation',
  'pregnancy',
  'serology',
  'hemoglobin',
  'hematocrit',
  'platelets',
  'lymphocytes',
  'bilirubin',
  'liver-enzymes',
  'crcl',
  'lvef',
  'ecg',
  'cardiac-biomarkers',
  'calcium',
  'magnesium',
] as const;
export type LeukapheresisReadinessItem = (typeof LEUKAPHERESIS_READINESS_ITEMS)[number];
export const LEUKAPHERESIS_ITEM_STATUSES = ['pass', 'fail', 'missing', 'not-applicable', 'review'] as const;
type ItemStatus = (typeof LEUKAPHERESIS_ITEM_STATUSES)[number];
/** Item 2 marks the lymphocyte criterion "(optional)": it is shown but never blocks readiness. */
const OPTIONAL_ITEMS: ReadonlySet<LeukapheresisReadinessItem> = new Set(['lymphocytes']);

const VOLUME_BANDS = ['very-low', 'low', 'adequate'] as const;
type VolumeBand = (typeof VOLUME_BANDS)[number];
const ACCEPTANCE_CHECKS = ['viable-tnc', 'viable-cd3', 't-cell-percent', 'viability'] as const;
const CHECK_STATUSES = ['pass', 'fail', 'cannot-assess'] as const;
const ACCEPTANCE_STATUSES = ['accepted', 'not-accepted', 'cannot-assess'] as const;
type AcceptanceStatus = (typeof ACCEPTANCE_STATUSES)[number];
const Range = z.object({ min: z.number(), max: z.number() });

export const LeukapheresisValue = z.object({
  plannedCollectionDate: z.string(),
  readiness: z.object({
    ready: z.boolean(),
    items: z.array(z.object({ item: z.enum(LEUKAPHERESIS_READINESS_ITEMS), status: z.enum(LEUKAPHERESIS_ITEM_STATUSES), required: z.boolean() })),
    missing: z.array(z.string()).describe('Input fields still needed.'),
    notMet: z.array(z.string()).describe('Required items that failed or need physician review.'),
  }),
  bloodVolume: z.object({
    band: z.enum(VOLUME_BANDS).nullable().describe('Row of the handbook table the counts fall in (the lower of ALC and CD3+ decides).'),
    considerTwoDayCollection: z.boolean(),
    totalBloodVolumesToProcess: Range.nullable(),
    totalBloodVolumeMl: z.number().nullable(),
    volumeToProcessMl: Range.nullable(),
  }),
  collection: z.object({
    collectRateMlPerMin: z.number(),
    reducedCollectRateMlPerMin: z.number().nullable().describe('0.8 mL/min, offered when the counts fall in a low row of the table.'),
    anticoagulant: z.literal('ACD-A'),
    anticoagulantRatio: z.null().describe('The handbook gives no ratio: per institution and device.'),
    extracorporealPercentOfBloodVolume: z.number().nullable(),
    primeWithLeukocyteReducedRbc: z.boolean().nullable(),
  }),
  record: z.array(z.object({ item: z.enum(LEUKAPHERESIS_RECORD_ITEMS), confirmed: z.boolean() })),
  acceptance: z
    .object({
      status: z.enum(ACCEPTANCE_STATUSES),
      checks: z.array(z.object({ check: z.enum(ACCEPTANCE_CHECKS), status: z.enum(CHECK_STATUSES), observed: z.number().nullable() })),
      contactManufacturer: z.boolean(),
    })
    .nullable()
    .describe('Product acceptance, when collection results are given.'),
});
export type LeukapheresisValue = z.infer<typeof LeukapheresisValue>;

interface Out {
  readonly basis: BasisEntry[];
  readonly actions: Action[];
  readonly warnings: Warning[];
}
interface Readiness {
  items: { item: LeukapheresisReadinessItem; status: ItemStatus; required: boolean }[];
  missing: string[];
  notMet: string[];
}


function record(r: Readiness, item: LeukapheresisReadinessItem, status: ItemStatus, out: Out, missingFields: readonly string[] = []): void {
  const required = !OPTIONAL_ITEMS.has(item);
  r.items.push({ item, status, required });
  if (status === 'missing') {
    if (!required) return;
    for (const field of missingFields) {
      r.missing.push(field);
      out.warnings.push({ rule: R['readiness-missing'], field });
    }
  } else if ((status === 'fail' || status === 'review') && required) {
    r.notMet.push(item);
  }
}

/** A value that must lie strictly above (or below) a threshold. */
function strict(r: Readiness, item: LeukapheresisReadinessItem, field: string, value: number | undefined, limit: number, unit: string, direction: 'above' | 'below', pass: Rule, fail: Rule, out: Out): void {
  if (value === undefined) return record(r, item, 'missing', out, [field]);
  const ok = direction === 'above' ? value > limit : value < limit;
  const threshold = direction === 'above' ? (ok ? above(limit, unit) : atMost(limit, unit)) : ok ? below(limit, unit) : atLeast(limit, unit);
  out.basis.push({ rule: ok ? pass : fail, field, observed: value, unit, threshold });
  record(r, item, ok ? 'pass' : 'fail', out);
}

function performanceInto(input: LeukapheresisInput, r: Readiness, out: Out): void {
  if (input.ecog === undefined && input.karnofsky === undefined) return record(r, 'performance-status', 'missing', out, ['ecog']);
  let ok = true;
  if (input.ecog !== undefined) {
    const pass = input.ecog < T.ecogBelow;
    ok &&= pass;
    out.basis.push({ rule: pass ? R['ecog-pass'] : R['ecog-fail'], field: 'ecog', observed: input.ecog, threshold: pass ? below(T.ecogBelow) : atLeast(T.ecogBelow) });
  }
  if (input.karnofsky !== undefined) {
    const pass = input.karnofsky > T.karnofskyAbovePercent;
    ok &&= pass;
    out.basis.push({
      rule: pass ? R['karnofsky-pass'] : R['karnofsky-fail'],
      field: 'karnofsky',
      observed: input.karnofsky,
      unit: '%',
      threshold: pass ? above(T.karnofskyAbovePercent, '%') : atMost(T.karnofskyAbovePercent, '%'),
    });
  }
  record(r, 'performance-status', ok ? 'pass' : 'fail', out);
}

function oxygenInto(input: LeukapheresisInput, r: Readiness, out: Out): void {
  if (input.requiresSupplementalOxygen === true) {
    out.basis.push({ rule: R['oxygen-required'], field: 'requiresSupplementalOxygen', observed: true });
    return record(r, 'oxygen-saturation', 'fail', out);
  }
  strict(r, 'oxygen-saturation', 'roomAirSaturation', input.roomAirSaturation, T.saturationAbovePercent, '%', 'above', R['saturation-pass'], R['saturation-fail'], out);
}

function pregnancyInto(input: LeukapheresisInput, r: Readiness, out: Out): void {
  if (input.canBecomePregnant === undefined) return record(r, 'pregnancy', 'missing', out, ['canBecomePregnant']);
  if (!input.canBecomePregnant) {
    out.basis.push({ rule: R['pregnancy-not-applicable'], field: 'canBecomePregnant', observed: false });
    return record(r, 'pregnancy', 'not-applicable', out);
  }
  const test = input.pregnancyTest;
  if (test === undefined) return record(r, 'pregnancy', 'missing', out, ['pregnancyTest']);
  const age = input.pregnancyTestAgeDays!;
  if (test.result === 'positive') {
    out.basis.push({ rule: R['pregnancy-test-positive'], field: 'pregnancyTest.result', observed: 'positive' });
    return record(r, 'pregnancy', 'fail', out);
  }
  if (age > T.pregnancyTestWithinDays) {
    out.basis.push({ rule: R['pregnancy-test-outdated'], field: 'pregnancyTest.date', observed: age, unit: 'd', threshold: atMost(T.pregnancyTestWithinDays, 'd') });
    return record(r, 'pregnancy', 'fail', out);
  }
  out.basis.push({ rule: R['pregnancy-test-negative'], field: 'pregnancyTest.date', observed: age, unit: 'd', threshold: atMost(T.pregnancyTestWithinDays, 'd') });
  record(r, 'pregnancy', 'pass', out);
}

function serologyInto(input: LeukapheresisInput, r: Readiness, out: Out): void {
  const missing: string[] = [];
  let outdated = false;
  let review = false;
  for (const key of SEROLOGY_TESTS) {
    const test = input.serology?.[key];
    if (test === undefined) {
      missing.push(`serology.${key}`);
      continue;
    }
    const age = input.serologyAges[key]!;
    const current = age <= T.serologyWithinDays;
    if (!current) outdated = true;
    out.basis.push({
      rule: current ? R['serology-current'] : R['serology-outdated'],
      field: `serology.${key}`,
      observed: age,
      unit: 'd',
      threshold: current ? atMost(T.serologyWithinDays, 'd') : above(T.serologyWithinDays, 'd'),
      yields: test.result,
    });
  }
  const viralLoads = [
    ['hbv', input.serology?.hbsAg, input.viralLoad?.hbv],
    ['hcv', input.serology?.antiHcv, input.viralLoad?.hcv],
  ] as const;
  for (const [virus, marker, load] of viralLoads) {
    if (marker?.result !== 'positive') continue;
    out.basis.push({ rule: R['viral-load-required'], field: `viralLoad.${virus}`, observed: load === undefined ? null : load.detected ? 'detected' : 'not detected' });
    if (load === undefined) missing.push(`viralLoad.${virus}`);
    else if (load.detected) {
      review = true;
      out.basis.push({ rule: R['viral-load-detected'], field: `viralLoad.${virus}`, observed: load.date });
    } else out.basis.push({ rule: R['viral-load-undetected'], field: `viralLoad.${virus}`, observed: load.date });
  }
  if (input.serology?.antiHiv?.result === 'positive') {
    review = true;
    out.basis.push({ rule: R['hiv-positive-review'], field: 'serology.antiHiv', observed: 'positive' });
  }
  out.warnings.push({ rule: R['serology-per-manufacturer'], field: 'serology' });
  const status: ItemStatus = outdated ? 'fail' : review ? 'review' : missing.length > 0 ? 'missing' : 'pass';
  if (status === 'missing') return record(r, 'serology', status, out, missing);
  // Missing fields are still named when another part of the item failed.
  for (const field of missing) {
    r.missing.push(field);
    out.warnings.push({ rule: R['readiness-missing'], field });
  }
  record(r, 'serology', status, out);
}

function plateletsInto(input: LeukapheresisInput, r: Readiness, out: Out): void {
  strict(r, 'platelets', 'platelets', input.platelets, T.plateletsAbovePerUl, '/uL', 'above', R['platelets-pass'], R['platelets-fail'], out);
  if (input.platelets === undefined) return;
  const after = Math.round(input.platelets * (1 - T.plateletLossFraction));
  out.basis.push({ rule: R['platelet-loss'], field: 'platelets', observed: input.platelets, unit: '/uL', yields: after });
  if (input.platelets <= T.plateletsAbovePerUl) out.actions.push({ rule: R['platelet-transfusion'], status: 'consider' });
}

function lymphocytesInto(input: LeukapheresisInput, r: Readiness, out: Out): void {
  if (input.lymphocytes === undefined) {
    out.warnings.push({ rule: R['lymphocytes-optional'], field: 'lymphocytes' });
    return record(r, 'lymphocytes', 'missing', out);
  }
  const pass = input.lymphocytes > T.lymphocytesAbovePerUl;
  out.basis.push({
    rule: pass ? R['lymphocytes-pass'] : R['lymphocytes-low'],
    field: 'lymphocytes',
    observed: input.lymphocytes,
    unit: '/uL',
    threshold: pass ? above(T.lymphocytesAbovePerUl, '/uL') : atMost(T.lymphocytesAbovePerUl, '/uL'),
  });
  record(r, 'lymphocytes', pass ? 'pass' : 'fail', out);
}

function liverInto(input: LeukapheresisInput, r: Readiness, out: Out): void {
  const pairs = [
    ['alt', input.alt, 'altUpperLimitOfNormal', input.altUpperLimitOfNormal],
    ['ast', input.ast, 'astUpperLimitOfNormal', input.astUpperLimitOfNormal],
  ] as const;
  const missing: string[] = [];
  let failed = false;
  for (const [field, value, ulnField, uln] of pairs) {
    if (value === undefined) missing.push(field);
    if (uln === undefined) missing.push(ulnField);
    if (value === undefined || uln === undefined) continue;
    // value < 4 x ULN, compared without dividing so that exactly 4 x ULN is never a rounding case.
    const pass = value < T.liverEnzymeBelowTimesUln * uln;
    if (!pass) failed = true;
    out.basis.push({
      rule: pass ? R['liver-enzymes-pass'] : R['liver-enzymes-fail'],
      field,
      observed: Math.round((value / uln) * 100) / 100,
      unit: '× ULN',
      threshold: pass ? below(T.liverEnzymeBelowTimesUln, '× ULN') : atLeast(T.liverEnzymeBelowTimesUln, '× ULN'),
    });
  }
  if (failed) {
    for (const field of missing) {
      r.missing.push(field);
      out.warnings.push({ rule: R['readiness-missing'], field });
    }
    record(r, 'liver-enzymes', 'fail', out);
  } else if (missing.length > 0) record(r, 'liver-enzymes', 'missing', out, missing);
  else record(r, 'liver-enzymes', 'pass', out);
}

function crclInto(input: LeukapheresisInput, r: Readiness, out: Out): void {
  let crcl: number;
  let field: string;
  if (input.measuredCrcl !== undefined) {
    crcl = input.measuredCrcl;
    field = 'measuredCrcl';
    out.basis.push({ rule: R['crcl-measured'], field, observed: crcl, unit: 'mL/min' });
  } else if (input.ageYears !== undefined && input.ageYears < CRCL_CONSTANTS.minimumAgeYears) {
    // Cockcroft-Gault is an adult formula: a child needs a measured clearance.
    out.warnings.push({ rule: R['crcl-child-measured'], field: 'measuredCrcl' });
    return record(r, 'crcl', 'missing', out, ['measuredCrcl']);
  } else {
    const missing: string[] = [];
    if (input.creatinine === undefined) missing.push('creatinine');
    if (input.ageYears === undefined) missing.push('ageYears');
    if (input.sex === undefined) missing.push('sex');
    if (input.weight === undefined) missing.push('weight');
    if (missing.length > 0) return record(r, 'crcl', 'missing', out, missing);
    crcl = cockcroftGault({ ageYears: input.ageYears!, sex: input.sex!, weightKg: input.weight!, creatinineMgDl: input.creatinine! });
    field = 'creatinine';
    out.basis.push({ rule: R['crcl-cockcroft-gault'], field, observed: crcl, unit: 'mL/min', yields: crcl });
  }
  const pass = crcl > T.crclAboveMlMin;
  out.basis.push({ rule: pass ? R['crcl-pass'] : R['crcl-fail'], field, observed: crcl, unit: 'mL/min', threshold: pass ? above(T.crclAboveMlMin, 'mL/min') : atMost(T.crclAboveMlMin, 'mL/min') });
  record(r, 'crcl', pass ? 'pass' : 'fail', out);
}

function doneInto(r: Readiness, item: LeukapheresisReadinessItem, fields: readonly [string, boolean | undefined][], pass: Rule, fail: Rule, out: Out): void {
  const missing = fields.filter(([, v]) => v === undefined).map(([f]) => f);
  const notDone = fields.filter(([, v]) => v === false);
  for (const [field, value] of fields) if (value !== undefined) out.basis.push({ rule: value ? pass : fail, field, observed: value });
  if (notDone.length > 0) {
    for (const field of missing) {
      r.missing.push(field);
      out.warnings.push({ rule: R['readiness-missing'], field });
    }
    return record(r, item, 'fail', out);
  }
  if (missing.length > 0) return record(r, item, 'missing', out, missing);
  record(r, item, 'pass', out);
}

function inRangeInto(
  r: Readiness,
  item: 'calcium' | 'magnesium',
  lab: { value: number; lowerLimit: number; upperLimit: number } | undefined,
  unit: string,
  pass: Rule,
  fail: Rule,
  out: Out,
): void {
  if (lab === undefined) return record(r, item, 'missing', out, [item]);
  const ok = lab.value >= lab.lowerLimit && lab.value <= lab.upperLimit;
  out.basis.push({ rule: ok ? pass : fail, field: `${item}.value`, observed: lab.value, unit, threshold: { comparator: 'between', value: [lab.lowerLimit, lab.upperLimit], unit } });
  record(r, item, ok ? 'pass' : 'fail', out);
}

/** Item 2, row by row. */
function readinessInto(input: LeukapheresisInput, out: Out): Readiness {
  const r: Readiness = { items: [], missing: [], notMet: [] };
  performanceInto(input, r, out);
  oxygenInto(input, r, out);
  pregnancyInto(input, r, out);
  serologyInto(input, r, out);
  strict(r, 'hemoglobin', 'hemoglobin', input.hemoglobin, T.hemoglobinAboveGdl, 'g/dL', 'above', R['hemoglobin-pass'], R['hemoglobin-fail'], out);
  strict(r, 'hematocrit', 'hematocrit', input.hematocrit, T.hematocritAbovePercent, '%', 'above', R['hematocrit-pass'], R['hematocrit-fail'], out);
  plateletsInto(input, r, out);
  lymphocytesInto(input, r, out);
  strict(r, 'bilirubin', 'bilirubin', input.bilirubin, T.bilirubinBelowMgDl, 'mg/dL', 'below', R['bilirubin-pass'], R['bilirubin-fail'], out);
  liverInto(input, r, out);
  crclInto(input, r, out);
  strict(r, 'lvef', 'lvef', input.lvef, T.lvefAbovePercent, '%', 'above', R['lvef-pass'], R['lvef-fail'], out);
  doneInto(r, 'ecg', [['baselineEcgDone', input.baselineEcgDone]], R['ecg-done'], R['ecg-not-done'], out);
  doneInto(
    r,
    'cardiac-biomarkers',
    [
      ['baselineTroponinDone', input.baselineTroponinDone],
      ['baselineNtProBnpDone', input.baselineNtProBnpDone],
    ],
    R['cardiac-biomarkers-done'],
    R['cardiac-biomarkers-not-done'],
    out,
  );
  inRangeInto(r, 'calcium', input.calcium, 'mg/dL', R['calcium-in-range'], R['calcium-out-of-range'], out);
  inRangeInto(r, 'magnesium', input.magnesium, 'mg/dL', R['magnesium-in-range'], R['magnesium-out-of-range'], out);
  out.warnings.push({ rule: R['physician-may-adjust'] });
  return r;
}

const BAND_ORDER: Readonly<Record<VolumeBand, number>> = { 'very-low': 0, low: 1, adequate: 2 };

/** One count's row of the item 3 table; a count exactly on a boundary falls in the lower row. */
function bandOf(count: number, veryLowBelow: number, lowBelow: number, field: string, out: Out): VolumeBand {
  if (count < veryLowBelow) return 'very-low';
  if (count < lowBelow) return 'low';
  if (count === lowBelow) {
    out.warnings.push({ rule: R['volume-boundary'], field, params: { boundary: lowBelow } });
    return 'low';
  }
  return 'adequate';
}

function bloodVolumeInto(input: LeukapheresisInput, out: Out): LeukapheresisValue['bloodVolume'] {
  const tbv = input.totalBloodVolume ?? null;
  const empty = { band: null, considerTwoDayCollection: false, totalBloodVolumesToProcess: null, totalBloodVolumeMl: tbv, volumeToProcessMl: null };
  if (input.lymphocytes === undefined || input.cd3 === undefined) {
    if (input.lymphocytes === undefined) out.warnings.push({ rule: R['volume-counts-missing'], field: 'lymphocytes' });
    if (input.cd3 === undefined) out.warnings.push({ rule: R['volume-counts-missing'], field: 'cd3' });
    return empty;
  }
  if (input.cd3 > input.lymphocytes) out.warnings.push({ rule: R['cd3-exceeds-alc'], field: 'cd3' });
  const alcBand = bandOf(input.lymphocytes, T.alcVeryLowBelowPerUl, T.alcLowBelowPerUl, 'lymphocytes', out);
  const cd3Band = bandOf(input.cd3, T.cd3VeryLowBelowPerUl, T.cd3LowBelowPerUl, 'cd3', out);
  const band = BAND_ORDER[alcBand] <= BAND_ORDER[cd3Band] ? alcBand : cd3Band;
  const decidedBy = band === alcBand ? 'lymphocytes' : 'cd3';
  const observed = decidedBy === 'lymphocytes' ? input.lymphocytes : input.cd3;
  if (band === 'very-low') {
    out.basis.push({
      rule: R['volume-two-days'],
      field: decidedBy,
      observed,
      unit: '/uL',
      threshold: below(decidedBy === 'lymphocytes' ? T.alcVeryLowBelowPerUl : T.cd3VeryLowBelowPerUl, '/uL'),
    });
    out.actions.push({ rule: R['two-day-collection'], status: 'consider' });
    return { ...empty, band, considerTwoDayCollection: true };
  }
  const [min, max] = band === 'low' ? T.tbvMultipleLow : T.tbvMultipleAdequate;
  const limit = decidedBy === 'lymphocytes' ? T.alcLowBelowPerUl : T.cd3LowBelowPerUl;
  out.basis.push({
    rule: band === 'low' ? R['volume-3-4'] : R['volume-2-3'],
    field: decidedBy,
    observed,
    unit: '/uL',
    threshold: band === 'low' ? atMost(limit, '/uL') : above(limit, '/uL'),
    yields: `${min}-${max}`,
  });
  if (band === 'adequate') out.warnings.push({ rule: R['volume-markedly-higher'] });
  if (tbv === null) {
    out.warnings.push({ rule: R['volume-tbv-missing'], field: 'totalBloodVolume' });
    return { ...empty, band, totalBloodVolumesToProcess: { min, max } };
  }
  const volume = { min: Math.round(tbv * min), max: Math.round(tbv * max) };
  out.basis.push({ rule: R['volume-to-process'], field: 'totalBloodVolume', observed: tbv, unit: 'mL', yields: `${volume.min}-${volume.max} mL` });
  return { ...empty, band, totalBloodVolumesToProcess: { min, max }, volumeToProcessMl: volume };
}

function collectionInto(input: LeukapheresisInput, band: VolumeBand | null, settings: InstitutionSettings, out: Out): LeukapheresisValue['collection'] {
  out.actions.push({ rule: R['vascular-access'], status: 'do' });
  out.actions.push({ rule: R['collect-rate'], status: 'do' });
  const low = band === 'low' || band === 'very-low';
  if (low) out.actions.push({ rule: R['collect-rate-reduced'], status: 'consider' });
  out.actions.push({ rule: R['collect-preference'], status: 'consider' });
  out.actions.push({ rule: R['anticoagulant-acd-a'], status: 'do', drug: 'ACD-A' });
  out.warnings.push({ rule: R['anticoagulant-ratio-not-given'] });
  if (input.plannedAnticoagulant === 'acd-a-with-heparin') out.basis.push({ rule: R['heparin-with-acd-a'], field: 'plannedAnticoagulant', observed: input.plannedAnticoagulant });
  if (input.plannedAnticoagulant === 'heparin-alone') out.warnings.push({ rule: R['heparin-alone-not-recommended'], field: 'plannedAnticoagulant' });
  out.actions.push({ rule: R['calcium-monitoring'], status: 'do' });

  let percent: number | null = null;
  let prime: boolean | null = null;
  if (input.totalBloodVolume === undefined || input.extracorporealVolume === undefined || input.totalBloodVolume === 0) {
    out.warnings.push({
      rule: R['prime-volume-missing'],
      field: input.extracorporealVolume === undefined ? 'extracorporealVolume' : 'totalBloodVolume',
    });
  } else {
    // Compared as ECV x 100 > 15 x TBV so that exactly 15% is never a rounding case.
    prime = input.extracorporealVolume * 100 > T.primeAbovePercentOfBloodVolume * input.totalBloodVolume;
    percent = Math.round((input.extracorporealVolume / input.totalBloodVolume) * 1000) / 10;
    out.basis.push({
      rule: R['prime-fraction'],
      field: 'extracorporealVolume',
      observed: percent,
      unit: '%',
      threshold: prime ? above(T.primeAbovePercentOfBloodVolume, '%') : atMost(T.primeAbovePercentOfBloodVolume, '%'),
    });
    if (prime) out.actions.push({ rule: R['prime-with-rbc'], status: 'do' });
    else out.basis.push({ rule: R['prime-not-needed'], field: 'extracorporealVolume', observed: percent, unit: '%' });
  }
  if (input.ageYears !== undefined && input.ageYears < settings.pediatricAgeLimitYears) out.warnings.push({ rule: R['pediatric-picu'], field: 'ageYears' });
  return {
    collectRateMlPerMin: T.collectRateMlPerMin,
    reducedCollectRateMlPerMin: low ? T.reducedCollectRateMlPerMin : null,
    anticoagulant: 'ACD-A',
    anticoagulantRatio: null,
    extracorporealPercentOfBloodVolume: percent,
    primeWithLeukocyteReducedRbc: prime,
  };
}

function recordInto(input: LeukapheresisInput, out: Out): LeukapheresisValue['record'] {
  return LEUKAPHERESIS_RECORD_ITEMS.map((item) => {
    const confirmed = input.recordConfirmed?.[item] === true;
    if (confirmed) out.basis.push({ rule: R['record-confirmed'], field: `recordConfirmed.${item}`, observed: true, yields: item });
    else out.actions.push({ rule: RECORD_RULES[item], status: 'do' });
    return { item, confirmed };
  });
}

function acceptanceInto(input: LeukapheresisInput, out: Out): LeukapheresisValue['acceptance'] {
  const results = input.collectionResults;
  if (results === undefined) return null;
  const checks: NonNullable<LeukapheresisValue['acceptance']>['checks'] = [];
  const atLeastCheck = (check: 'viable-tnc' | 'viable-cd3', field: string, value: number | undefined, min: number, pass: Rule, fail: Rule) => {
    if (value === undefined) {
      out.warnings.push({ rule: R['acceptance-value-missing'], field });
      return checks.push({ check, status: 'cannot-assess', observed: null });
    }
    const ok = value >= min;
    out.basis.push({ rule: ok ? pass : fail, field, observed: value, unit: '10*9', threshold: ok ? atLeast(min, '10*9') : below(min, '10*9') });
    checks.push({ check, status: ok ? 'pass' : 'fail', observed: value });
  };
  atLeastCheck('viable-tnc', 'collectionResults.viableTnc', results.viableTnc, T.productMinViableTnc1e9, R['tnc-pass'], R['tnc-fail']);
  atLeastCheck('viable-cd3', 'collectionResults.viableCd3', results.viableCd3, T.productMinViableCd3_1e9, R['cd3-product-pass'], R['cd3-product-fail']);

  // T cells as % of TNC: as given, else viable CD3+ / viable TNC.
  let percent = results.tCellPercentOfTnc;
  if (percent === undefined && results.viableCd3 !== undefined && results.viableTnc !== undefined && results.viableTnc > 0) {
    percent = Math.round((results.viableCd3 / results.viableTnc) * 10_000) / 100;
    out.basis.push({ rule: R['t-cell-percent-derived'], field: 'collectionResults.viableCd3', observed: percent, unit: '%', yields: percent });
  }
  if (percent === undefined) {
    out.warnings.push({ rule: R['acceptance-value-missing'], field: 'collectionResults.tCellPercentOfTnc' });
    checks.push({ check: 't-cell-percent', status: 'cannot-assess', observed: null });
  } else {
    const ok = percent > T.productTCellAbovePercentOfTnc;
    out.basis.push({
      rule: ok ? R['t-cell-percent-pass'] : R['t-cell-percent-fail'],
      field: 'collectionResults.tCellPercentOfTnc',
      observed: percent,
      unit: '%',
      threshold: ok ? above(T.productTCellAbovePercentOfTnc, '%') : atMost(T.productTCellAbovePercentOfTnc, '%'),
    });
    checks.push({ check: 't-cell-percent', status: ok ? 'pass' : 'fail', observed: percent });
  }

  // Viability: the handbook lists it but sets no threshold.
  const viability = results.viabilityPercent;
  const min = results.viabilityThresholdPercent;
  if (viability === undefined) {
    out.warnings.push({ rule: R['acceptance-value-missing'], field: 'collectionResults.viabilityPercent' });
    checks.push({ check: 'viability', status: 'cannot-assess', observed: null });
  } else if (min === undefined) {
    out.warnings.push({ rule: R['viability-no-threshold'], field: 'collectionResults.viabilityThresholdPercent' });
    checks.push({ check: 'viability', status: 'cannot-assess', observed: viability });
  } else {
    const ok = viability >= min;
    out.basis.push({ rule: ok ? R['viability-pass'] : R['viability-fail'], field: 'collectionResults.viabilityPercent', observed: viability, unit: '%', threshold: ok ? atLeast(min, '%') : below(min, '%') });
    checks.push({ check: 'viability', status: ok ? 'pass' : 'fail', observed: viability });
  }

  const failed = checks.some((c) => c.status === 'fail');
  const unknown = checks.some((c) => c.status === 'cannot-assess');
  const status: AcceptanceStatus = failed ? 'not-accepted' : unknown ? 'cannot-assess' : 'accepted';
  const rule = status === 'accepted' ? R['product-accepted'] : status === 'not-accepted' ? R['product-not-accepted'] : R['product-cannot-assess'];
  out.basis.push({ rule, field: 'collectionResults', observed: checks.filter((c) => c.status === 'pass').length, yields: status });
  if (failed) {
    out.actions.push({ rule: R['contact-manufacturer'], status: 'do' });
    out.actions.push({ rule: R['further-collection'], status: 'consider' });
    out.warnings.push({ rule: R['next-steps-not-given'] });
  }
  return { status, checks, contactManufacturer: failed };
}

export function planLeukapheresis(input: LeukapheresisInput, settings: InstitutionSettings): Assessment<LeukapheresisValue> {
  const out: Out = { basis: [], actions: [], warnings: [] };
  const r = readinessInto(input, out);
  const ready = r.missing.length === 0 && r.notMet.length === 0;
  out.basis.push({ rule: ready ? R.ready : R['not-ready'], field: 'readiness', observed: ready, yields: ready ? 'ready' : 'not-ready' });
  const bloodVolume = bloodVolumeInto(input, out);
  const collection = collectionInto(input, bloodVolume.band, settings, out);
  const recordList = recordInto(input, out);
  const acceptance = acceptanceInto(input, out);
  const value: LeukapheresisValue = {
    plannedCollectionDate: input.plannedCollectionDate,
    readiness: { ready, items: r.items, missing: r.missing, notMet: r.notMet },
    bloodVolume,
    collection,
    record: recordList,
    acceptance,
  };
  return assessed('leukapheresis', value, out.basis, out.actions, out.warnings);
}

function summaryOf(v: LeukapheresisValue): Record<string, unknown> {
  const date = v.plannedCollectionDate;
  if (v.acceptance !== null) return { variant: `product-${v.acceptance.status}`, date };
  const { missing, notMet } = v.readiness;
  if (v.readiness.ready) return { variant: 'ready', date };
  if (notMet.length === 0) return { variant: 'not-ready-missing', date, missing: missing.join(', ') };
  if (missing.length === 0) return { variant: 'not-ready-not-met', date, notMet: notMet.join(', ') };
  return { variant: 'not-ready', date, missing: missing.join(', '), notMet: notMet.join(', ') };
}

export const leukapheresisInstrument = defineInstrument({
  name: 'leukapheresis',
  kind: 'planner',
  section: '002 §1.4, items 2-5 and 10',
  input: LeukapheresisInput,
  value: LeukapheresisValue,
  evaluate: (input, settings) => planLeukapheresis(input, settings),
  summary: summaryOf,
});
