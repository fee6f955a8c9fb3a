import * as z from 'zod';
import type { Action, BasisEntry, Dose, Threshold, Warning } from '../explain/result.js';
import { atMost, below, atLeast, above, assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { mostellerBsa } from '../dosing/bsa.js';
import { cockcroftGault, CRCL_CONSTANTS, SEXES } from '../dosing/crcl.js';
import { perSquareMeter } from '../dosing/weight-based.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { CalendarDate, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { fromEpochDay, toEpochDay } from './calendar.js';
import { lymphodepletionMessages } from './lymphodepletion.messages.js';

registerMessages(lymphodepletionMessages);

const ldc = { seed: 'handbook', section: '§2.1 (LDC: drugs, toxicities, organ dysfunction)' } as const;
const all = { seed: 'handbook', section: '§2.1.1 (LDC for ALL, tisagenlecleucel)' } as const;
const allTable = { seed: 'handbook', section: '§2.1.1 (LDC calendar table, days -6 to 0)' } as const;
const lymphoma = { seed: 'handbook', section: '§2.1.2 (LDC for DLBCL/FL, tisagenlecleucel)' } as const;
const table6 = { seed: 'handbook', section: '§2.1.1, Table 6' } as const;
const selection = { seed: 'handbook', section: '§1.2 (creatinine clearance of at least 30 mL/min for fludarabine)' } as const;
const h = (...seed: { seed: 'handbook'; section: string }[]): RuleSources => ({ seed, publications: ['hayden2022'] });
const renal: RuleSources = { seed: [table6, selection], publications: ['hayden2022', 'cockcroft1976'] };

/** Lymphodepleting chemotherapy: handbook §2.1, Tables 5-6 (Hayden 2022, Table 7). */
export const LDC_RULES = defineRules('lymphodepletion', {
  // Regimen choice and doses (tisagenlecleucel, as the handbook states them).
  'regimen-flu-cy-all': h(all),
  'regimen-cytarabine-etoposide': h(all),
  'regimen-flu-cy-lymphoma': h(lymphoma),
  'regimen-bendamustine': h(lymphoma),
  'fludarabine-all': h(all),
  'cyclophosphamide-all': h(all),
  'cytarabine-all': h(all),
  'etoposide-all': h(all),
  'fludarabine-lymphoma': h(lymphoma),
  'cyclophosphamide-lymphoma': h(lymphoma),
  'bendamustine-lymphoma': h(lymphoma),
  bsa: { seed: [all, lymphoma], publications: ['mosteller1987'] },
  'specific-toxicities': h(ldc),
  // Calendar and timing.
  'calendar-table': h(allTable),
  'calendar-by-analogy': h(allTable, all, lymphoma),
  'calendar-from-start': h(all, lymphoma),
  'infusion-window': h(all, lymphoma),
  'infusion-too-soon': h(all, lymphoma),
  'infusion-outside-window': h(all, lymphoma),
  'ldc-valid-until': h(all, lymphoma),
  'ldc-expired': h(all, lymphoma),
  'ldc-expired-low-wbc': h(lymphoma),
  'repeat-ldc': h(all, lymphoma),
  // Renal function.
  'crcl-measured': renal,
  'crcl-cockcroft-gault': renal,
  'crcl-pediatric-review': renal,
  'crcl-reduce-below-60': renal,
  'crcl-fludarabine-contraindicated': renal,
  'crcl-boundary-30': renal,
  'crcl-unknown-dose': renal,
  'dose-reduction-per-protocol': renal,
  'fludarabine-refused': renal,
  'regimen-per-protocol': renal,
  // WBC / ALC (Table 6 row "white cell count" and §2.1.1-2.1.2 text).
  'ldc-all-patients': h(table6, { seed: 'handbook', section: '§2.1, Table 5 (why LDC matters)' }),
  'wbc-label-exception': h(table6, lymphoma),
  'omit-ldc-low-wbc': h(table6, lymphoma),
  'wbc-not-in-week': h(table6, lymphoma),
  'alc-some-skip': h(all, table6),
  // Table 6 readiness items.
  'product-received': h(table6),
  'product-release-confirmed': h(table6),
  'product-pending': h(table6),
  'infection-none': h(table6),
  'infection-active': h(table6),
  'spo2-pass': h(table6),
  'spo2-fail': h(table6),
  'inflammatory-markers-done': h(table6),
  'inflammatory-markers-not-done': h(table6),
  'bilirubin-pass': h(table6),
  'bilirubin-fail': h(table6),
  'bilirubin-gilbert-review': h(table6),
  'liver-enzymes-pass': h(table6),
  'liver-enzymes-fail': h(table6),
  'crcl-pass': renal,
  'crcl-fail': renal,
  'cardiac-not-indicated': h(table6),
  'cardiac-done': h(table6),
  'cardiac-not-done': h(table6),
  'tumor-burden-done': h(table6),
  'tumor-burden-not-done': h(table6),
  'readiness-missing': h(table6),
  ready: h(table6),
  'not-ready': h(table6),
  'height-missing': { seed: [all, lymphoma], publications: ['mosteller1987'] },
  'weight-missing': { seed: [all, lymphoma], publications: ['mosteller1987'] },
});
const R = LDC_RULES;

/** The numbers the rules use, as the handbook states them. */
export const LDC_THRESHOLDS = Object.freeze({
  /** Table 6: SpO2 at least 92%. */
  spo2MinPercent: 92,
  /** Table 6: total bilirubin below 2 mg/dL (Gilbert's syndrome: a higher limit, see rule). */
  bilirubinBelowMgDl: 2,
  /** Table 6: AST and ALT at most 4 x ULN. */
  liverEnzymeMaxTimesUln: 4,
  /** Table 6: creatinine clearance above 30 mL/min. */
  crclAboveMlMin: 30,
  /** §1.2: fludarabine needs a clearance of at least 30 mL/min; below it, fludarabine is refused. */
  fludarabineMinCrclMlMin: 30,
  /** Table 6: below 60 mL/min, consider reducing fludarabine and cyclophosphamide. */
  crclReduceBelowMlMin: 60,
  /** Table 6 (tisagenlecleucel label) and §2.1.2: WBC below 1x10^9/L in the week before infusion. */
  wbcLowBelowPerUl: 1_000,
  wbcWindowDays: 7,
  /** §2.1.1 text: some authors skip LDC when lymphocytes are below 200/uL. */
  alcSkipBelowPerUl: 200,
  /** Infusion 2-14 days after LDC ends (ALL, DLBCL); 2-6 days for FL. */
  infusionMinDaysAfterLdc: 2,
  infusionMaxDaysAfterLdc: 14,
  infusionMaxDaysAfterLdcFl: 6,
  /** LDC stays valid 4 weeks after it ends. */
  ldcValidDays: 28,
  /** The handbook's table ends LDC on day -3 (fludarabine days -6..-3, infusion day 0). */
  ldcLastDay: -3,
});
const T = LDC_THRESHOLDS;

export const LDC_DISEASES = ['B-ALL', 'LBCL', 'FL'] as const;
export type LdcDisease = (typeof LDC_DISEASES)[number];
export const LDC_PRODUCTS = ['tisagenlecleucel'] as const;
export const LDC_REGIMENS = ['fludarabine-cyclophosphamide-all', 'cytarabine-etoposide', 'fludarabine-cyclophosphamide-lymphoma', 'bendamustine'] as const;
export type LdcRegimen = (typeof LDC_REGIMENS)[number];
export const LDC_DRUGS = ['fludarabine', 'cyclophosphamide', 'cytarabine', 'etoposide', 'bendamustine'] as const;
type LdcDrug = (typeof LDC_DRUGS)[number];

interface RegimenDrug {
  readonly drug: LdcDrug;
  readonly mgPerM2: number;
  readonly days: number;
  readonly rule: Rule;
}
interface Regimen {
  readonly rule: Rule;
  readonly drugs: readonly RegimenDrug[];
  /** Days from the first to the last LDC day, inclusive. */
  readonly length: number;
}

/** Tisagenlecleucel LDC as the handbook gives it; every drug starts on LDC day 1. */
export const LDC_REGIMEN_DOSES: Readonly<Record<LdcRegimen, Regimen>> = Object.freeze({
  'fludarabine-cyclophosphamide-all': {
    rule: R['regimen-flu-cy-all'],
    drugs: [
      { drug: 'fludarabine', mgPerM2: 30, days: 4, rule: R['fludarabine-all'] },
      { drug: 'cyclophosphamide', mgPerM2: 500, days: 2, rule: R['cyclophosphamide-all'] },
    ],
    length: 4,
  },
  'cytarabine-etoposide': {
    rule: R['regimen-cytarabine-etoposide'],
    drugs: [
      { drug: 'cytarabine', mgPerM2: 500, days: 2, rule: R['cytarabine-all'] },
      { drug: 'etoposide', mgPerM2: 150, days: 3, rule: R['etoposide-all'] },
    ],
    length: 3,
  },
  'fludarabine-cyclophosphamide-lymphoma': {
    rule: R['regimen-flu-cy-lymphoma'],
    drugs: [
      { drug: 'fludarabine', mgPerM2: 25, days: 3, rule: R['fludarabine-lymphoma'] },
      { drug: 'cyclophosphamide', mgPerM2: 250, days: 3, rule: R['cyclophosphamide-lymphoma'] },
    ],
    length: 3,
  },
  bendamustine: {
    rule: R['regimen-bendamustine'],
    drugs: [{ drug: 'bendamustine', mgPerM2: 90, days: 2, rule: R['bendamustine-lymphoma'] }],
    length: 2,
  },
});

export const PRODUCT_STATUSES = ['received', 'release-confirmed', 'pending'] as const;

export const LdcInput = z
  .object({
    disease: z.enum(LDC_DISEASES).describe('B-ALL, large B-cell lymphoma (handbook: DLBCL) or follicular lymphoma.'),
    product: z.enum(LDC_PRODUCTS).default('tisagenlecleucel').describe('CAR-T product; the handbook gives tisagenlecleucel (Kymriah) as its example.'),
    history: z
      .object({
        grade4HemorrhagicCystitisWithCyclophosphamide: z.boolean().default(false).describe('Grade 4 hemorrhagic cystitis with cyclophosphamide shortly before LDC.'),
        cyclophosphamideRefractory: z.boolean().default(false).describe('Disease shown refractory to a cyclophosphamide-containing regimen.'),
      })
      .strict()
      .default({ grade4HemorrhagicCystitisWithCyclophosphamide: false, cyclophosphamideRefractory: false }),
    height: quantity('bodyHeight').optional(),
    weight: quantity('bodyWeight').optional().describe('Actual body weight (BSA and Cockcroft-Gault).'),
    ageYears: z.number().min(0).max(120).optional(),
    sex: z.enum(SEXES).optional(),
    creatinine: quantity('creatinine').optional().describe('Serum creatinine, for Cockcroft-Gault in adults.'),
    measuredCrcl: quantity('creatinineClearance').optional().describe('Measured creatinine clearance (mL/min); used in place of Cockcroft-Gault.'),
    plannedInfusionDate: CalendarDate.describe('Planned CAR-T infusion date (day 0), YYYY-MM-DD.'),
    ldcStartDate: CalendarDate.optional().describe('First LDC day if already set; otherwise the planner places LDC so that it ends on day -3.'),
    productStatus: z.enum(PRODUCT_STATUSES).optional().describe('CAR-T product received, or manufacture/release confirmed but not yet received, or pending.'),
    activeInfection: z.boolean().optional().describe('Active (uncontrolled) infection present.'),
    spo2: quantity('oxygenSaturation').optional().describe('Oxygen saturation, %.'),
    baselineInflammatoryMarkersDone: z.boolean().optional().describe('CRP, ferritin, LDH, metabolic profile and fibrinogen obtained before LDC.'),
    bilirubin: quantity('bilirubin').optional().describe('Total bilirubin.'),
    gilbertSyndrome: z.boolean().default(false),
    ast: quantity('enzymeActivity').optional(),
    astUpperLimitOfNormal: quantity('enzymeActivity').optional(),
    alt: quantity('enzymeActivity').optional(),
    altUpperLimitOfNormal: quantity('enzymeActivity').optional(),
    cardiacReassessmentIndicated: z.boolean().optional().describe('Heart failure, or cardiotoxicity during bridging: cardiac tests must be repeated before LDC.'),
    cardiacReassessmentDone: z.boolean().optional().describe('Cardiac reassessment (echocardiogram, ECG, troponin, NT-proBNP) done.'),
    baselineTumorAssessmentDone: z.boolean().optional().describe('Baseline tumor burden documented (PET-CT or other imaging, marrow, LP if needed).'),
    wbc: z
      .object({ count: quantity('cellCountPerMicroliter'), date: CalendarDate })
      .strict()
      .optional()
      .describe('White cell count and its date, in the week before infusion.'),
    lymphocyteCount: quantity('cellCountPerMicroliter').optional().describe('Absolute lymphocyte count before LDC.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.ldcStartDate !== undefined && input.ldcStartDate >= input.plannedInfusionDate) {
      refuse(ctx, ['ldcStartDate'], 'lymphodepletion.input.ldc-after-infusion');
    }
    if (input.wbc !== undefined && input.wbc.date > input.plannedInfusionDate) refuse(ctx, ['wbc', 'date'], 'lymphodepletion.input.wbc-after-infusion');
    if (input.astUpperLimitOfNormal === 0) refuse(ctx, ['astUpperLimitOfNormal'], 'lymphodepletion.input.uln-positive');
    if (input.altUpperLimitOfNormal === 0) refuse(ctx, ['altUpperLimitOfNormal'], 'lymphodepletion.input.uln-positive');
  })
  .transform((input) => ({
    ...input,
    infusionDay: toEpochDay(input.plannedInfusionDate),
    ldcStartDay: input.ldcStartDate === undefined ? undefined : toEpochDay(input.ldcStartDate),
    wbcDay: input.wbc === undefined ? undefined : toEpochDay(input.wbc.date),
  }));
export type LdcInput = z.output<typeof LdcInput>;

export const READINESS_ITEMS = ['product', 'infection', 'spo2', 'inflammatory-markers', 'bilirubin', 'liver-enzymes', 'crcl', 'cardiac', 'tumor-burden'] as const;
export type ReadinessItem = (typeof READINESS_ITEMS)[number];
export const READINESS_STATUSES = ['pass', 'fail', 'missing', 'review'] as const;
type ReadinessStatus = (typeof READINESS_STATUSES)[number];
const SCHEDULES = ['within-window', 'too-soon', 'outside-window', 'expired'] as const;
type Schedule = (typeof SCHEDULES)[number];

const DoseValue = z.object({
  value: z.number(),
  unit: z.string(),
  perUnit: z.object({ value: z.number(), unit: z.string() }).optional(),
  basedOn: z.object({ value: z.number(), unit: z.string() }).optional(),
});

export const LdcValue = z.object({
  regimen: z.enum(LDC_REGIMENS),
  bsaM2: z.number(),
  crclMlPerMin: z.number().nullable(),
  crclSource: z.enum(['measured', 'cockcroft-gault']).nullable(),
  plannedInfusionDate: z.string(),
  ldcStartDate: z.string(),
  ldcEndDate: z.string(),
  daysFromLdcEndToInfusion: z.number().int(),
  infusionWindowDays: z.object({ min: z.number().int(), max: z.number().int() }),
  schedule: z.enum(SCHEDULES),
  ldcValidUntil: z.string().describe('Last date on which infusion may follow this LDC course (LDC end + 4 weeks).'),
  repeatLdc: z.boolean().describe('The given LDC course expired: the calendar shows the repeat course.'),
  calendar: z.array(
    z.object({
      date: z.string(),
      day: z.number().int().describe('Day relative to infusion (day 0).'),
      infusion: z.boolean(),
      doses: z.array(z.object({ drug: z.enum(LDC_DRUGS), status: z.enum(['do', 'consider', 'refused']), dose: DoseValue.optional() })),
    }),
  ),
  readiness: z.object({
    ready: z.boolean(),
    items: z.array(z.object({ item: z.enum(READINESS_ITEMS), status: z.enum(READINESS_STATUSES) })),
    missing: z.array(z.string()).describe('Input fields still needed.'),
    notMet: z.array(z.string()).describe('Items that failed or need physician review, and the schedule when it is off.'),
  }),
  wbcLabelExceptionApplies: z.boolean(),
});
export type LdcValue = z.infer<typeof LdcValue>;
type CalendarDay = LdcValue['calendar'][number];

interface Out {
  readonly basis: BasisEntry[];
  readonly actions: Action[];
  readonly warnings: Warning[];
}

function regimenOf(input: LdcInput): LdcRegimen {
  const alternative = input.history.grade4HemorrhagicCystitisWithCyclophosphamide || input.history.cyclophosphamideRefractory;
  if (input.disease === 'B-ALL') return alternative ? 'cytarabine-etoposide' : 'fludarabine-cyclophosphamide-all';
  return alternative ? 'bendamustine' : 'fludarabine-cyclophosphamide-lymphoma';
}


interface Renal {
  crcl: number | null;
  source: 'measured' | 'cockcroft-gault' | null;
  status: ReadinessStatus;
  missing: string[];
}

function renalInto(input: LdcInput, out: Out): Renal {
  const child = input.ageYears !== undefined && input.ageYears < CRCL_CONSTANTS.minimumAgeYears;
  if (child) out.warnings.push({ rule: R['crcl-pediatric-review'], field: 'ageYears' });
  let crcl: number | null = null;
  let source: Renal['source'] = null;
  if (input.measuredCrcl !== undefined) {
    crcl = input.measuredCrcl;
    source = 'measured';
    out.basis.push({ rule: R['crcl-measured'], field: 'measuredCrcl', observed: crcl, unit: 'mL/min' });
  } else if (!child) {
    const missing: string[] = [];
    if (input.creatinine === undefined) missing.push('creatinine');
    if (input.ageYears === undefined) missing.push('ageYears');
    if (input.sex === undefined) missing.push('sex');
    if (missing.length > 0) return { crcl: null, source: null, status: 'missing', missing };
    crcl = cockcroftGault({ ageYears: input.ageYears!, sex: input.sex!, weightKg: input.weight!, creatinineMgDl: input.creatinine! });
    source = 'cockcroft-gault';
    out.basis.push({ rule: R['crcl-cockcroft-gault'], field: 'creatinine', observed: crcl, unit: 'mL/min', yields: crcl });
  } else {
    // A child without a measured clearance: the handbook's thresholds are adult Cockcroft-Gault values.
    return { crcl: null, source: null, status: 'review', missing: [] };
  }
  const pass = crcl > T.crclAboveMlMin;
  out.basis.push({
    rule: pass ? R['crcl-pass'] : R['crcl-fail'],
    field: source === 'measured' ? 'measuredCrcl' : 'creatinine',
    observed: crcl,
    unit: 'mL/min',
    threshold: pass ? above(T.crclAboveMlMin, 'mL/min') : atMost(T.crclAboveMlMin, 'mL/min'),
  });
  if (crcl === T.crclAboveMlMin) out.warnings.push({ rule: R['crcl-boundary-30'], field: source === 'measured' ? 'measuredCrcl' : 'creatinine' });
  return { crcl, source, status: pass ? 'pass' : 'fail', missing: [] };
}

interface Readiness {
  items: { item: ReadinessItem; status: ReadinessStatus }[];
  missing: string[];
  notMet: string[];
}

function record(r: Readiness, item: ReadinessItem, status: ReadinessStatus, out: Out, missingFields: readonly string[] = []): void {
  r.items.push({ item, status });
  if (status === 'missing') {
    for (const field of missingFields) {
      r.missing.push(field);
      out.warnings.push({ rule: R['readiness-missing'], field });
    }
  } else if (status !== 'pass') {
    r.notMet.push(item);
  }
}

function flag(r: Readiness, item: ReadinessItem, field: string, value: boolean | undefined, passRule: Rule, failRule: Rule, passWhen: boolean, out: Out): void {
  if (value === undefined) return record(r, item, 'missing', out, [field]);
  const pass = value === passWhen;
  out.basis.push({ rule: pass ? passRule : failRule, field, observed: value });
  record(r, item, pass ? 'pass' : 'fail', out);
}

/** Table 6, row by row (the WBC row is the LDC-for-all rule, not an item). */
function readinessInto(input: LdcInput, renal: Renal, out: Out): Readiness {
  const r: Readiness = { items: [], missing: [], notMet: [] };
  // CAR-T product.
  if (input.productStatus === undefined) record(r, 'product', 'missing', out, ['productStatus']);
  else {
    const rule = input.productStatus === 'received' ? R['product-received'] : input.productStatus === 'release-confirmed' ? R['product-release-confirmed'] : R['product-pending'];
    out.basis.push({ rule, field: 'productStatus', observed: input.productStatus });
    // Table 6: LDC starts once the product is received; before receipt only in exceptional cases, so a physician decides.
    record(r, 'product', input.productStatus === 'received' ? 'pass' : input.productStatus === 'pending' ? 'fail' : 'review', out);
  }
  // Clinical condition: no active infection.
  flag(r, 'infection', 'activeInfection', input.activeInfection, R['infection-none'], R['infection-active'], false, out);
  // Oxygen saturation.
  if (input.spo2 === undefined) record(r, 'spo2', 'missing', out, ['spo2']);
  else {
    const pass = input.spo2 >= T.spo2MinPercent;
    out.basis.push({
      rule: pass ? R['spo2-pass'] : R['spo2-fail'],
      field: 'spo2',
      observed: input.spo2,
      unit: '%',
      threshold: pass ? atLeast(T.spo2MinPercent, '%') : below(T.spo2MinPercent, '%'),
    });
    record(r, 'spo2', pass ? 'pass' : 'fail', out);
  }
  // CRP, ferritin, LDH, metabolic profile, fibrinogen.
  flag(r, 'inflammatory-markers', 'baselineInflammatoryMarkersDone', input.baselineInflammatoryMarkersDone, R['inflammatory-markers-done'], R['inflammatory-markers-not-done'], true, out);
  // Bilirubin.
  if (input.bilirubin === undefined) record(r, 'bilirubin', 'missing', out, ['bilirubin']);
  else {
    const pass = input.bilirubin < T.bilirubinBelowMgDl;
    const status: ReadinessStatus = pass ? 'pass' : input.gilbertSyndrome ? 'review' : 'fail';
    out.basis.push({
      rule: pass ? R['bilirubin-pass'] : input.gilbertSyndrome ? R['bilirubin-gilbert-review'] : R['bilirubin-fail'],
      field: 'bilirubin',
      observed: input.bilirubin,
      unit: 'mg/dL',
      threshold: pass ? below(T.bilirubinBelowMgDl, 'mg/dL') : atLeast(T.bilirubinBelowMgDl, 'mg/dL'),
    });
    record(r, 'bilirubin', status, out);
  }
  // AST/ALT at most 4 x ULN.
  liverInto(input, r, out);
  // Creatinine clearance.
  if (renal.status === 'review') {
    out.basis.push({ rule: R['crcl-pediatric-review'], field: 'ageYears', observed: input.ageYears ?? null, unit: 'a' });
  }
  record(r, 'crcl', renal.status, out, renal.missing);
  // Cardiac function.
  if (input.cardiacReassessmentIndicated === undefined) record(r, 'cardiac', 'missing', out, ['cardiacReassessmentIndicated']);
  else if (!input.cardiacReassessmentIndicated) {
    out.basis.push({ rule: R['cardiac-not-indicated'], field: 'cardiacReassessmentIndicated', observed: false });
    record(r, 'cardiac', 'pass', out);
  } else flag(r, 'cardiac', 'cardiacReassessmentDone', input.cardiacReassessmentDone, R['cardiac-done'], R['cardiac-not-done'], true, out);
  // Tumor burden.
  flag(r, 'tumor-burden', 'baselineTumorAssessmentDone', input.baselineTumorAssessmentDone, R['tumor-burden-done'], R['tumor-burden-not-done'], true, out);
  return r;
}

function liverInto(input: LdcInput, r: Readiness, out: Out): void {
  const pairs = [
    ['ast', input.ast, 'astUpperLimitOfNormal', input.astUpperLimitOfNormal],
    ['alt', input.alt, 'altUpperLimitOfNormal', input.altUpperLimitOfNormal],
  ] as const;
  const missing: string[] = [];
  let failed = false;
  const entries: BasisEntry[] = [];
  for (const [field, value, ulnField, uln] of pairs) {
    if (value === undefined) missing.push(field);
    if (uln === undefined) missing.push(ulnField);
    if (value === undefined || uln === undefined) continue;
    const limit = T.liverEnzymeMaxTimesUln * uln;
    const pass = value <= limit;
    if (!pass) failed = true;
    const ratio = Math.round((value / uln) * 100) / 100;
    entries.push({
      rule: pass ? R['liver-enzymes-pass'] : R['liver-enzymes-fail'],
      field,
      observed: ratio,
      unit: '× ULN',
      threshold: pass ? atMost(T.liverEnzymeMaxTimesUln, '× ULN') : above(T.liverEnzymeMaxTimesUln, '× ULN'),
    });
  }
  for (const e of entries) out.basis.push(e);
  if (failed) record(r, 'liver-enzymes', 'fail', out);
  else if (missing.length > 0) record(r, 'liver-enzymes', 'missing', out, missing);
  else record(r, 'liver-enzymes', 'pass', out);
}

function doseStatus(drug: LdcDrug, renal: Renal): { status: 'do' | 'consider' | 'refused'; limit?: Rule } {
  if (drug !== 'fludarabine' && drug !== 'cyclophosphamide') return { status: 'do' };
  if (renal.crcl === null) return { status: 'consider', limit: R['crcl-unknown-dose'] };
  if (drug === 'fludarabine' && renal.crcl < T.fludarabineMinCrclMlMin) return { status: 'refused' };
  if (renal.crcl < T.crclReduceBelowMlMin) return { status: 'consider', limit: R['dose-reduction-per-protocol'] };
  return { status: 'do' };
}

export function planLymphodepletion(input: LdcInput): Assessment<LdcValue> {
  const out: Out = { basis: [], actions: [], warnings: [] };
  if (input.height === undefined || input.weight === undefined) {
    if (input.height === undefined) out.warnings.push({ rule: R['height-missing'], field: 'height' });
    if (input.weight === undefined) out.warnings.push({ rule: R['weight-missing'], field: 'weight' });
    return cannotAssess('lymphodepletion', out.warnings);
  }
  const regimenKey = regimenOf(input);
  const regimen = LDC_REGIMEN_DOSES[regimenKey];
  out.basis.push({ rule: regimen.rule, field: 'disease', observed: input.disease, yields: regimenKey });
  const bsaM2 = mostellerBsa(input.height, input.weight);
  out.basis.push({ rule: R.bsa, field: 'height', observed: bsaM2, unit: 'm2', yields: bsaM2 });

  // Renal function: fludarabine and cyclophosphamide doses depend on it.
  const renal = renalInto(input, out);
  const fluRegimen = regimen.drugs.some((d) => d.drug === 'fludarabine');
  if (fluRegimen && renal.crcl !== null && renal.crcl < T.crclReduceBelowMlMin) {
    out.basis.push({ rule: R['crcl-reduce-below-60'], field: renal.source === 'measured' ? 'measuredCrcl' : 'creatinine', observed: renal.crcl, unit: 'mL/min', threshold: below(T.crclReduceBelowMlMin, 'mL/min') });
  }

  // Timing: the given start, or LDC placed to end on day -3 as in the handbook's table.
  const window = { min: T.infusionMinDaysAfterLdc, max: input.disease === 'FL' ? T.infusionMaxDaysAfterLdcFl : T.infusionMaxDaysAfterLdc };
  const windowThreshold: Threshold = { comparator: 'between', value: [window.min, window.max] };
  const anchoredStart = input.infusionDay + T.ldcLastDay - (regimen.length - 1);
  let startDay = input.ldcStartDay ?? anchoredStart;
  let gap = input.infusionDay - (startDay + regimen.length - 1);
  let schedule: Schedule;
  let repeat = false;
  if (input.ldcStartDay === undefined) {
    if (regimenKey === 'fludarabine-cyclophosphamide-all') out.basis.push({ rule: R['calendar-table'], field: 'plannedInfusionDate', observed: input.plannedInfusionDate, yields: fromEpochDay(startDay) });
    else out.warnings.push({ rule: R['calendar-by-analogy'], field: 'ldcStartDate' });
  } else {
    out.basis.push({ rule: R['calendar-from-start'], field: 'ldcStartDate', observed: input.ldcStartDate!, yields: fromEpochDay(startDay + regimen.length - 1) });
  }
  const lowWbc = input.wbc !== undefined && input.wbc.count < T.wbcLowBelowPerUl;
  if (gap < window.min) {
    schedule = 'too-soon';
    out.basis.push({ rule: R['infusion-too-soon'], field: 'ldcStartDate', observed: gap, threshold: { comparator: '>=', value: window.min } });
  } else if (gap <= window.max) {
    schedule = 'within-window';
    out.basis.push({ rule: R['infusion-window'], field: 'ldcStartDate', observed: gap, threshold: windowThreshold });
  } else if (gap <= T.ldcValidDays) {
    schedule = 'outside-window';
    out.basis.push({ rule: R['infusion-outside-window'], field: 'ldcStartDate', observed: gap, threshold: windowThreshold });
  } else {
    schedule = 'expired';
    repeat = true;
    startDay = anchoredStart;
    out.basis.push({ rule: R['ldc-expired'], field: 'ldcStartDate', observed: gap, threshold: atMost(T.ldcValidDays), yields: fromEpochDay(startDay) });
    gap = input.infusionDay - (startDay + regimen.length - 1);
    // §2.1.2: in lymphoma the repeat is tied to a WBC above 1,000/uL.
    const lymphomaLowWbc = input.disease !== 'B-ALL' && input.wbc !== undefined && input.wbc.count <= T.wbcLowBelowPerUl;
    if (lymphomaLowWbc) out.basis.push({ rule: R['ldc-expired-low-wbc'], field: 'wbc.count', observed: input.wbc!.count, unit: '/uL', threshold: atMost(T.wbcLowBelowPerUl, '/uL') });
    out.actions.push({ rule: R['repeat-ldc'], status: lymphomaLowWbc ? 'consider' : 'do' });
  }
  const endDay = startDay + regimen.length - 1;
  out.basis.push({ rule: R['ldc-valid-until'], field: 'ldcStartDate', observed: fromEpochDay(endDay), yields: fromEpochDay(endDay + T.ldcValidDays) });

  // Doses and the day-by-day calendar.
  const calendar: CalendarDay[] = [];
  // LDC given too late may run past the infusion date: the calendar then covers it too.
  const lastCalendarDay = endDay > input.infusionDay ? endDay : input.infusionDay;
  for (let d = startDay; d <= lastCalendarDay; d++) {
    calendar.push({ date: fromEpochDay(d), day: d - input.infusionDay, infusion: d === input.infusionDay, doses: [] });
  }
  let fludarabineRefused = false;
  for (const drug of regimen.drugs) {
    const { status, limit } = doseStatus(drug.drug, renal);
    const dose: Dose | undefined = status === 'refused' ? undefined : perSquareMeter(drug.mgPerM2, bsaM2);
    for (let k = 0; k < drug.days; k++) {
      calendar[k]!.doses.push(dose === undefined ? { drug: drug.drug, status } : { drug: drug.drug, status, dose });
    }
    if (status === 'refused') {
      fludarabineRefused = true;
      const because: BasisEntry = {
        rule: R['crcl-fludarabine-contraindicated'],
        field: renal.source === 'measured' ? 'measuredCrcl' : 'creatinine',
        observed: renal.crcl,
        unit: 'mL/min',
        threshold: below(T.fludarabineMinCrclMlMin, 'mL/min'),
      };
      out.actions.push({ rule: R['fludarabine-refused'], status, drug: drug.drug, route: 'IV', refusedBecause: [because] });
    } else {
      out.actions.push({
        rule: drug.rule,
        status,
        drug: drug.drug,
        dose: dose!,
        route: 'IV',
        frequency: 'daily',
        duration: `P${drug.days}D`,
        ...(limit === undefined ? {} : { limits: [limit] }),
      });
    }
  }
  if (fludarabineRefused) out.actions.push({ rule: R['regimen-per-protocol'], status: 'consider' });
  if (fluRegimen) out.warnings.push({ rule: R['specific-toxicities'] });

  // WBC / ALC: Table 6 gives LDC to every patient; the label exception is shown, never applied.
  out.basis.push(input.wbc === undefined ? { rule: R['ldc-all-patients'], field: 'wbc', observed: null } : { rule: R['ldc-all-patients'], field: 'wbc', observed: input.wbc.count, unit: '/uL' });
  let labelException = false;
  if (input.wbc !== undefined) {
    const inWeek = input.infusionDay - input.wbcDay! <= T.wbcWindowDays;
    if (!inWeek) out.warnings.push({ rule: R['wbc-not-in-week'], field: 'wbc.date' });
    else if (lowWbc) {
      labelException = true;
      out.basis.push({ rule: R['wbc-label-exception'], field: 'wbc.count', observed: input.wbc.count, unit: '/uL', threshold: below(T.wbcLowBelowPerUl, '/uL') });
      out.actions.push({ rule: R['omit-ldc-low-wbc'], status: 'consider' });
    }
  }
  if (input.lymphocyteCount !== undefined && input.lymphocyteCount < T.alcSkipBelowPerUl) {
    out.warnings.push({ rule: R['alc-some-skip'], field: 'lymphocyteCount' });
  }

  // Table 6 readiness, and the schedule.
  const readiness = readinessInto(input, renal, out);
  if (schedule === 'too-soon' || schedule === 'outside-window') readiness.notMet.push('schedule');
  const ready = readiness.missing.length === 0 && readiness.notMet.length === 0;
  out.basis.push({ rule: ready ? R.ready : R['not-ready'], field: 'readiness', observed: ready, yields: ready ? 'ready' : 'not-ready' });

  const value: LdcValue = {
    regimen: regimenKey,
    bsaM2,
    crclMlPerMin: renal.crcl,
    crclSource: renal.source,
    plannedInfusionDate: input.plannedInfusionDate,
    ldcStartDate: fromEpochDay(startDay),
    ldcEndDate: fromEpochDay(endDay),
    daysFromLdcEndToInfusion: gap,
    infusionWindowDays: window,
    schedule,
    ldcValidUntil: fromEpochDay(endDay + T.ldcValidDays),
    repeatLdc: repeat,
    calendar,
    readiness: { ready, items: readiness.items, missing: readiness.missing, notMet: readiness.notMet },
    wbcLabelExceptionApplies: labelException,
  };
  return assessed('lymphodepletion', value, out.basis, out.actions, out.warnings);
}

function summaryOf(v: LdcValue): Record<string, unknown> {
  const base = { start: v.ldcStartDate, end: v.ldcEndDate, infusion: v.plannedInfusionDate };
  const { missing, notMet } = v.readiness;
  if (v.readiness.ready) return { variant: 'ready', ...base };
  if (notMet.length === 0) return { variant: 'not-ready-missing', ...base, missing: missing.join(', ') };
  if (missing.length === 0) return { variant: 'not-ready-not-met', ...base, notMet: notMet.join(', ') };
  return { variant: 'not-ready', ...base, missing: missing.join(', '), notMet: notMet.join(', ') };
}

export const lymphodepletionInstrument = defineInstrument({
  name: 'lymphodepletion',
  kind: 'planner',
  section: '002 §2.1, Tables 5-6',
  input: LdcInput,
  value: LdcValue,
  evaluate: (input) => planLymphodepletion(input),
  summary: summaryOf,
});
