import * as z from 'zod';
import type { Action, BasisEntry, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import { internedBy, internedOnGrid } from '../explain/intern.js';
import { ScratchList } from '../explain/scratch.js';
import { fixedDose, perKg } from '../dosing/weight-based.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { CalendarDate, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { icahtMessages } from './icaht.messages.js';

registerMessages(icahtMessages);

const table12 = { seed: 'handbook', section: '§3.1.5, Table 12' } as const;
const table13 = { seed: 'handbook', section: '§3.1.5, Table 13' } as const;
const table15 = { seed: 'handbook', section: '§3.1.5, Table 15' } as const;
const figure9 = { seed: 'handbook', section: '§3.1.5, Figure 9' } as const;
const boostText = { seed: 'handbook', section: '§3.1.5 (suggested management of cytopenia, item 1)' } as const;
const alloText = { seed: 'handbook', section: '§3.1.5 (suggested management of cytopenia, item 2)' } as const;
const grading = { seed: [table12], publications: ['rejeski2023'] } as const;
const workup = { seed: [table13, figure9], publications: ['rejeski2023'] } as const;
const supportive = { seed: [table15], publications: ['rejeski2023'] } as const;
const algorithm = { seed: [figure9], publications: ['rejeski2023'] } as const;

/** EHA/EBMT ICAHT grading (Rejeski 2023, Table 1 = handbook Table 12) and management (Figure 9, Tables 13, 15). */
export const ICAHT_RULES = defineRules('icaht', {
  // Grading (Table 12).
  'day-zero': grading,
  'pre-infusion-ignored': grading,
  'early-days-500': grading,
  'early-days-100': grading,
  'short-recovery': grading,
  'early-none': grading,
  'early-g1': grading,
  'early-g2': grading,
  'early-g3-500': grading,
  'early-g3-100': grading,
  'early-g4-100': grading,
  'early-g4-never-above-500': grading,
  'early-provisional': grading,
  'early-range': grading,
  'early-gaps-no-change': grading,
  'early-no-data': grading,
  'early-no-recovery-after-nadir': grading,
  'late-rule': grading,
  'late-none': grading,
  'late-g1': grading,
  'late-g2': grading,
  'late-g3': grading,
  'late-g4': grading,
  'late-single-low': grading,
  'late-latest-unconfirmed': grading,
  'late-no-data': grading,
  'late-recovering': { seed: [table12, alloText], publications: ['rejeski2023'] },
  // Work-up (Table 13, Figure 9).
  'tier1-workup': workup,
  'tier2-workup': workup,
  'tier2-workup-if': workup,
  'gcsf-refractory': { seed: [table13, figure9], publications: ['rejeski2023'] },
  'after-day-14': { seed: [figure9, boostText], publications: ['rejeski2023'] },
  // Infection prophylaxis (Figure 9 footnote, Table 15).
  'infection-prophylaxis': { seed: [figure9, table15], publications: ['rejeski2023'] },
  'antibacterial-prophylaxis': supportive,
  'antibacterial-low-risk': supportive,
  'antifungal-posaconazole': supportive,
  'antifungal-micafungin': supportive,
  // G-CSF (Table 15, Figure 9).
  'gcsf-indicated': { seed: [table15, figure9], publications: ['rejeski2023'] },
  'gcsf-therapeutic': { seed: [table15, figure9], publications: ['rejeski2023'] },
  'gcsf-increase-if-no-response': supportive,
  'gcsf-refractory-escalation': workup,
  'gcsf-prophylactic': { seed: [table15, figure9], publications: ['rejeski2023'] },
  'gcsf-weight-missing': supportive,
  'gcsf-not-recorded': { seed: [figure9, boostText], publications: ['rejeski2023'] },
  // Salvage (suggested management, Figure 9).
  'stem-cell-boost': { seed: [boostText, figure9], publications: ['rejeski2023'] },
  'cd34-unknown': { seed: [boostText], publications: ['rejeski2023'] },
  'tpo-agonist': { seed: [boostText, figure9], publications: ['rejeski2023'] },
  'platelets-observed': { seed: [boostText, figure9], publications: ['rejeski2023'] },
  'crs-driven': { seed: [boostText], publications: ['rejeski2023'] },
  'donor-search': algorithm,
  'allo-hct': { seed: [alloText, figure9], publications: ['rejeski2023'] },
  'spontaneous-recovery': { seed: [alloText], publications: ['rejeski2023'] },
  // Transfusion (Table 15).
  'irradiated-products': supportive,
  'transfusion-support': supportive,
});

/** The numbers of Table 12, Table 15 and Figure 9, and of the duration rule of Rejeski 2023. */
export const ICAHT_THRESHOLDS = Object.freeze({
  /** Early ICAHT covers days 0-30 after infusion (day 0 = infusion date). */
  earlyLastDay: 30,
  /** ANC at or below 500/uL (severe) and at or below 100/uL (profound), per day's lowest value. */
  severeAnc: 500,
  profoundAnc: 100,
  /** Days at or below 500/uL: 1-6 grade 1, 7-13 grade 2, 14 or more grade 3. */
  severeDaysGrade2: 7,
  severeDaysGrade3: 14,
  /** Days at or below 100/uL: 7 or more grade 3, 14 or more grade 4. */
  profoundDaysGrade3: 7,
  profoundDaysGrade4: 14,
  /** A recovery shorter than this (days above the threshold between two low stretches) counts as low. */
  stableRecoveryDays: 3,
  /** Late ICAHT (after day 30): ANC at or below 1,500 / 1,000 / 500 / 100 per uL = grade 1 / 2 / 3 / 4. */
  lateGrade1: 1_500,
  lateGrade2: 1_000,
  lateGrade3: 500,
  lateGrade4: 100,
  lateMeasurementsRequired: 2,
  /** Table 15: therapeutic G-CSF when ANC < 500/uL, 5 ug/kg once daily. */
  therapeuticGcsfBelow: 500,
  gcsfUgPerKg: 5,
  gcsfProphylaxisFromDay: 2,
  /** Table 13 / Figure 9: G-CSF refractory = no recovery after at least 5 days of G-CSF. */
  gcsfRefractoryDays: 5,
  /** Figure 9 and the text: tier-2 work-up, stem-cell boost and TPO agonists from day +14. */
  salvageFromDay: 14,
  /** Table 15: expected ANC < 100/uL for 7 days or more justifies antibacterial prophylaxis. */
  prolongedProfoundDays: 7,
  /** Table 15: irradiated blood products until at least day +90. */
  irradiationUntilDay: 90,
} as const);

const T = ICAHT_THRESHOLDS;
const R = ICAHT_RULES;
const DAY_MS = 86_400_000;
const WINDOW = T.earlyLastDay + 1;

const AncMeasurement = z
  .object({
    date: CalendarDate.describe('Date of the count (YYYY-MM-DD).'),
    value: quantity('cellCountPerMicroliter').describe('Absolute neutrophil count.'),
  })
  .strict();

const IcahtRaw = z
  .object({
    infusionDate: CalendarDate.describe('CAR-T infusion date: day 0.'),
    asOfDate: CalendarDate.describe('Date of this assessment.'),
    anc: z
      .array(AncMeasurement)
      .max(2000)
      .describe('ANC counts; several per day are allowed (the day\'s lowest value decides). Counts before day 0 are ignored for grading.'),
    gcsf: z
      .object({
        startedDate: CalendarDate.describe('First day of G-CSF.'),
        daysGiven: z.number().int().min(0).max(400).describe('Days of G-CSF given so far.'),
      })
      .strict()
      .optional()
      .describe('G-CSF given after infusion; needed to judge G-CSF refractoriness.'),
    cd34Backup: z.boolean().optional().describe('Cryopreserved autologous or allogeneic CD34+ cells are available.'),
    platelets: quantity('plateletsPerMicroliter').optional().describe('Latest platelet count (for TPO agonists).'),
    weight: quantity('bodyWeight').optional().describe('For the G-CSF dose (5 ug/kg).'),
    hematotoxRisk: z.enum(['low', 'high']).optional().describe('CAR-HEMATOTOX risk group, if scored before lymphodepletion.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.asOfDate < input.infusionDate) refuse(ctx, ['asOfDate'], 'icaht.input.as-of-before-infusion');
    input.anc.forEach((m, i) => {
      if (m.date > input.asOfDate) refuse(ctx, ['anc', i, 'date'], 'icaht.input.measurement-after-as-of');
    });
    if (input.gcsf !== undefined) {
      if (input.gcsf.startedDate > input.asOfDate) refuse(ctx, ['gcsf', 'startedDate'], 'icaht.input.gcsf-after-as-of');
      else {
        const calendarDays = Math.round((Date.parse(input.asOfDate) - Date.parse(input.gcsf.startedDate)) / DAY_MS) + 1;
        if (input.gcsf.daysGiven > calendarDays) refuse(ctx, ['gcsf', 'daysGiven'], 'icaht.input.gcsf-days-exceed-calendar', { days: calendarDays });
      }
    }
  });

/** The input as evaluate sees it: day numbers relative to infusion, each early day classed against 500 and 100/uL. */
export interface IcahtPrepared {
  readonly asOfDay: number;
  /**
   * Days 0-30 as bit sets, bit d for day d: the days with a count, and the days whose lowest
   * count is at or below 500/uL and at or below 100/uL. Early ICAHT compares each day's lowest
   * count with these two thresholds only, so this is all of the series it reads; three small
   * integers instead of 31 numbers keep every patient-day's input a few cache lines long.
   */
  readonly earlyMeasured: number;
  readonly earlyAtOrBelow500: number;
  readonly earlyAtOrBelow100: number;
  /** Days after day 30 with a count (ascending) and the lowest count of each. */
  readonly lateDays: readonly number[];
  readonly lateMin: readonly number[];
  /** Number of counts dated before day 0 (not used for grading). */
  readonly preInfusionCounts: number;
  /** The most recent day (>= 0) with a count and its lowest count; -1 / NaN when none. */
  readonly latestDay: number;
  readonly latestAnc: number;
  readonly gcsf: { readonly startDay: number; readonly daysGiven: number } | undefined;
  readonly cd34Backup: boolean | undefined;
  readonly platelets: number | undefined;
  readonly weight: number | undefined;
  readonly hematotoxRisk: 'low' | 'high' | undefined;
}

/** Each day's lowest count while an input is prepared (preparing is synchronous and never nests). */
const dayMinima = new Float64Array(WINDOW);

function prepare(raw: z.output<typeof IcahtRaw>): IcahtPrepared {
  const infusionMs = Date.parse(raw.infusionDate);
  const dayOf = (date: string) => Math.round((Date.parse(date) - infusionMs) / DAY_MS);
  const earlyMin = dayMinima.fill(Number.NaN);
  const late = new Map<number, number>();
  let preInfusionCounts = 0;
  let latestDay = -1;
  for (const m of raw.anc) {
    const day = dayOf(m.date);
    if (day < 0) {
      preInfusionCounts++;
      continue;
    }
    if (day > latestDay) latestDay = day;
    if (day < WINDOW) {
      const current = earlyMin[day]!;
      if (Number.isNaN(current) || m.value < current) earlyMin[day] = m.value;
    } else {
      const current = late.get(day);
      if (current === undefined || m.value < current) late.set(day, m.value);
    }
  }
  const lateDays = [...late.keys()].sort((a, b) => a - b);
  const lateMin = lateDays.map((d) => late.get(d)!);
  const latestAnc = latestDay < 0 ? Number.NaN : latestDay < WINDOW ? earlyMin[latestDay]! : late.get(latestDay)!;
  let earlyMeasured = 0;
  let earlyAtOrBelow500 = 0;
  let earlyAtOrBelow100 = 0;
  for (let day = 0; day < WINDOW; day++) {
    const v = earlyMin[day]!;
    if (Number.isNaN(v)) continue;
    const bit = 1 << day;
    earlyMeasured |= bit;
    if (v <= T.severeAnc) earlyAtOrBelow500 |= bit;
    if (v <= T.profoundAnc) earlyAtOrBelow100 |= bit;
  }
  return {
    asOfDay: dayOf(raw.asOfDate),
    earlyMeasured,
    earlyAtOrBelow500,
    earlyAtOrBelow100,
    lateDays,
    lateMin,
    preInfusionCounts,
    latestDay,
    latestAnc,
    gcsf: raw.gcsf === undefined ? undefined : { startDay: dayOf(raw.gcsf.startedDate), daysGiven: raw.gcsf.daysGiven },
    cd34Backup: raw.cd34Backup,
    platelets: raw.platelets,
    weight: raw.weight,
    hematotoxRisk: raw.hematotoxRisk,
  };
}

export const IcahtInput = IcahtRaw.transform(prepare);
export type IcahtInput = z.output<typeof IcahtInput>;

const grade = z.number().int().min(0).max(4);
export const IcahtValue = z.object({
  early: z
    .object({
      grade,
      provisional: z.boolean(),
      daysAtOrBelow500: z.number().int().min(0).max(WINDOW),
      daysAtOrBelow100: z.number().int().min(0).max(WINDOW),
      neverAbove500: z.boolean(),
    })
    .nullable(),
  late: z.object({ grade, measurements: z.number().int().min(1) }).nullable(),
  /** Present when days 0-30 (so far) have days without a count that do not change the early grade. */
  bounds: z.object({ low: grade, high: grade, missingDays: z.array(z.number().int()) }).optional(),
});
export type IcahtValue = z.infer<typeof IcahtValue>;
type EarlyValue = NonNullable<IcahtValue['early']>;
type LateValue = NonNullable<IcahtValue['late']>;

// ---------------------------------------------------------------------------------------------
// Static pieces of the result: built once, shared by every evaluation (results are read-only).

const ANC_500: BasisEntry['threshold'] = Object.freeze({ comparator: '<=', value: T.severeAnc, unit: '/uL' });
const ANC_100: BasisEntry['threshold'] = Object.freeze({ comparator: '<=', value: T.profoundAnc, unit: '/uL' });
const ANC_GCSF: BasisEntry['threshold'] = Object.freeze({ comparator: '<', value: T.therapeuticGcsfBelow, unit: '/uL' });
const SHORT_RECOVERY: BasisEntry['threshold'] = Object.freeze({ comparator: '<', value: T.stableRecoveryDays });
const G1_DAYS: BasisEntry['threshold'] = Object.freeze({ comparator: '<', value: T.severeDaysGrade2 });
const G2_DAYS: BasisEntry['threshold'] = Object.freeze({ comparator: 'between', value: Object.freeze([T.severeDaysGrade2, T.severeDaysGrade3 - 1]) });
const G3_500_DAYS: BasisEntry['threshold'] = Object.freeze({ comparator: '>=', value: T.severeDaysGrade3 });
const G3_100_DAYS: BasisEntry['threshold'] = Object.freeze({ comparator: '>=', value: T.profoundDaysGrade3 });
const G4_100_DAYS: BasisEntry['threshold'] = Object.freeze({ comparator: '>=', value: T.profoundDaysGrade4 });
const LATE_COUNTS: BasisEntry['threshold'] = Object.freeze({ comparator: '>=', value: T.lateMeasurementsRequired });
const REFRACTORY_DAYS: BasisEntry['threshold'] = Object.freeze({ comparator: '>=', value: T.gcsfRefractoryDays });
const SALVAGE_DAY: BasisEntry['threshold'] = Object.freeze({ comparator: '>=', value: T.salvageFromDay });
const LATE_THRESHOLDS: readonly (BasisEntry['threshold'] | undefined)[] = [
  undefined,
  Object.freeze({ comparator: '<=', value: T.lateGrade1, unit: '/uL' }),
  Object.freeze({ comparator: '<=', value: T.lateGrade2, unit: '/uL' }),
  Object.freeze({ comparator: '<=', value: T.lateGrade3, unit: '/uL' }),
  Object.freeze({ comparator: '<=', value: T.lateGrade4, unit: '/uL' }),
];
const LATE_RULES = [R['late-none'], R['late-g1'], R['late-g2'], R['late-g3'], R['late-g4']] as const;
const NEVER_ABOVE: BasisEntry = Object.freeze({ rule: R['early-g4-never-above-500'], field: 'anc', observed: true, threshold: ANC_500, yields: 4 });

const w = (rule: keyof typeof R, field?: string): Warning => Object.freeze(field === undefined ? { rule: R[rule] } : { rule: R[rule], field });
const W = Object.freeze({
  earlyNoData: w('early-no-data', 'anc'),
  noRecovery: w('early-no-recovery-after-nadir', 'anc'),
  lateNoData: w('late-no-data', 'anc'),
  antibacterialLowRisk: w('antibacterial-low-risk', 'hematotoxRisk'),
  gcsfWeight: w('gcsf-weight-missing', 'weight'),
  gcsfNotRecorded: w('gcsf-not-recorded', 'gcsf'),
  cd34Unknown: w('cd34-unknown', 'cd34Backup'),
  crsDriven: w('crs-driven'),
  spontaneousRecovery: w('spontaneous-recovery'),
});

const a = (rule: keyof typeof R, status: 'do' | 'consider'): Action => Object.freeze({ rule: R[rule], status });
const GCSF_ESCALATION = Object.freeze([
  Object.freeze({ rule: R['gcsf-increase-if-no-response'] }),
  Object.freeze({ after: 'P5D', rule: R['gcsf-refractory-escalation'] }),
]);
const A = Object.freeze({
  tier1: a('tier1-workup', 'do'),
  tier2: a('tier2-workup', 'do'),
  tier2If: a('tier2-workup-if', 'consider'),
  prophylaxis: a('infection-prophylaxis', 'consider'),
  antibacterial: a('antibacterial-prophylaxis', 'consider'),
  posaconazole: Object.freeze({ ...a('antifungal-posaconazole', 'consider'), drug: 'posaconazole', dose: Object.freeze(fixedDose(300)), route: 'PO', frequency: 'daily' }),
  micafungin: Object.freeze({ ...a('antifungal-micafungin', 'consider'), drug: 'micafungin', dose: Object.freeze(fixedDose(50)), route: 'IV', frequency: 'daily' }),
  tpo: a('tpo-agonist', 'consider'),
  boost: a('stem-cell-boost', 'consider'),
  donorSearch: a('donor-search', 'do'),
  donorSearchConsider: a('donor-search', 'consider'),
  alloHct: a('allo-hct', 'consider'),
  transfusion: a('transfusion-support', 'consider'),
  irradiated: a('irradiated-products', 'do'),
});
const GCSF_PER_KG = Object.freeze(fixedDose(T.gcsfUgPerKg, 'ug/kg'));

// ---------------------------------------------------------------------------------------------
// Early ICAHT: a pass over at most 31 days (bits of three integers), no allocation.

/** Bits 0-30 set: the whole early window (31 days fit the 31 value bits of a small integer). */
const WHOLE_WINDOW = 2 ** WINDOW - 1;
/** Bits 0..last set: the days of the early window assessed so far. */
const daysThrough = (last: number): number => (last >= T.earlyLastDay ? WHOLE_WINDOW : (1 << (last + 1)) - 1);

/** What the last countDays found: [days at or below 500, of which from short recoveries, days at or below 100]. */
const scratch = new Int32Array(3);

/**
 * Days set in `low500` and in `low100` within days 0..last, in one pass: a stretch not set,
 * shorter than 3 days, between two set days is counted too; a stretch not closed by a later set
 * day (end of data or of the window) is not. Of the days such stretches add at 500/uL, only those
 * in `measured` are reported as short recoveries: a day without a count is no recovery, and the
 * gaps have their own entry. Results in `scratch`.
 */
function countDays(low500: number, low100: number, last: number, measured: number): void {
  let d500 = 0;
  let filled = 0;
  let gap500 = 0;
  let gapMeasured = 0;
  let seen500 = false;
  let d100 = 0;
  let gap100 = 0;
  let seen100 = false;
  for (let d = 0; d <= last; d++) {
    if ((low500 >>> d) & 1) {
      if (seen500 && gap500 > 0 && gap500 < T.stableRecoveryDays) {
        d500 += gap500;
        filled += gapMeasured;
      }
      d500++;
      seen500 = true;
      gap500 = 0;
      gapMeasured = 0;
    } else if (seen500) {
      gap500++;
      gapMeasured += (measured >>> d) & 1;
    }
    if ((low100 >>> d) & 1) {
      if (seen100 && gap100 > 0 && gap100 < T.stableRecoveryDays) d100 += gap100;
      d100++;
      seen100 = true;
      gap100 = 0;
    } else if (seen100) gap100++;
  }
  scratch[0] = d500;
  scratch[1] = filled;
  scratch[2] = d100;
}

/** Every day 0-30 in `low` (only once day 30 is reached). */
const neverAbove = (low: number, last: number): boolean => last >= T.earlyLastDay && (low & WHOLE_WINDOW) === WHOLE_WINDOW;

/** Days 0..last each have a count: no bounds are needed. */
const isComplete = (p: IcahtPrepared, last: number): boolean => (p.earlyMeasured & daysThrough(last)) === daysThrough(last);

function earlyGradeOf(days500: number, days100: number, never: boolean): number {
  if (days100 >= T.profoundDaysGrade4 || never) return 4;
  if (days500 >= T.severeDaysGrade3 || days100 >= T.profoundDaysGrade3) return 3;
  if (days500 >= T.severeDaysGrade2) return 2;
  return days500 > 0 ? 1 : 0;
}

/** The grade with every unmeasured day taken as at or below both thresholds. */
function gradeUnmeasuredLow(p: IcahtPrepared, last: number): number {
  const unmeasured = ~p.earlyMeasured & daysThrough(last);
  const low500 = p.earlyAtOrBelow500 | unmeasured;
  countDays(low500, p.earlyAtOrBelow100 | unmeasured, last, WHOLE_WINDOW);
  return earlyGradeOf(scratch[0]!, scratch[2]!, neverAbove(low500, last));
}

type Bounds = NonNullable<IcahtValue['bounds']>;

/** What the early assessment adds to the result; basis entries and warnings are pushed to `out`. */
interface EarlyResult {
  readonly value: EarlyValue | null;
  readonly bounds: Bounds | undefined;
  /** The panel value when there is no late grade, when it is shared (see completeEarly). */
  readonly panel: IcahtValue | undefined;
  /** Days at or below 100/uL counting unmeasured days as above: the fewest there can be. */
  readonly fewestDays100?: number;
}
const NO_EARLY: EarlyResult = Object.freeze({ value: null, bounds: undefined, panel: undefined });

/** What one assessment fills (see ScratchList). */
interface Out {
  readonly basis: ScratchList<BasisEntry>;
  readonly warnings: ScratchList<Warning>;
  readonly actions: ScratchList<Action>;
}
const OUT: Out = { basis: new ScratchList(), warnings: new ScratchList(), actions: new ScratchList() };
const NO_ACTIONS: readonly Action[] = Object.freeze([]);
const NO_WARNINGS: readonly Warning[] = Object.freeze([]);

// Every early-ICAHT explanation is fixed by a day count of 0-31: built once per count.
const DAYS = 32;
const DAYS_500 = internedBy(DAYS, (n): BasisEntry => ({ rule: R['early-days-500'], field: 'anc', observed: n, threshold: ANC_500 }));
const DAYS_100 = internedBy(DAYS, (n): BasisEntry => ({ rule: R['early-days-100'], field: 'anc', observed: n, threshold: ANC_100 }));
const SHORT = internedBy(DAYS, (n): BasisEntry => ({ rule: R['short-recovery'], field: 'anc', observed: n, threshold: SHORT_RECOVERY }));
const NONE = internedBy(DAYS, (n): BasisEntry => ({ rule: R['early-none'], field: 'anc', observed: n, yields: 0 }));
const G1 = internedBy(DAYS, (n): BasisEntry => ({ rule: R['early-g1'], field: 'anc', observed: n, threshold: G1_DAYS, yields: 1 }));
const G2 = internedBy(DAYS, (n): BasisEntry => ({ rule: R['early-g2'], field: 'anc', observed: n, threshold: G2_DAYS, yields: 2 }));
const G3_500 = internedBy(DAYS, (n): BasisEntry => ({ rule: R['early-g3-500'], field: 'anc', observed: n, threshold: G3_500_DAYS, yields: 3 }));
const G3_100 = internedBy(DAYS, (n): BasisEntry => ({ rule: R['early-g3-100'], field: 'anc', observed: n, threshold: G3_100_DAYS, yields: 3 }));
const G4_100 = internedBy(DAYS, (n): BasisEntry => ({ rule: R['early-g4-100'], field: 'anc', observed: n, threshold: G4_100_DAYS, yields: 4 }));

/** The provisional warning of each grade (0-3) and day (0-29), keyed grade * 32 + day. */
const PROVISIONAL = internedBy(4 * DAYS, (key): Warning => ({
  rule: R['early-provisional'],
  field: 'asOfDate',
  params: Object.freeze({ grade: Math.floor(key / DAYS), day: key % DAYS }),
}));

function pushEarlyBasis(basis: ScratchList<BasisEntry>, value: EarlyValue, filled: number): void {
  const d500 = value.daysAtOrBelow500;
  const d100 = value.daysAtOrBelow100;
  basis.push(DAYS_500(d500));
  basis.push(DAYS_100(d100));
  if (filled > 0) basis.push(SHORT(filled));
  switch (value.grade) {
    case 0:
      basis.push(NONE(d500));
      break;
    case 1:
      basis.push(G1(d500));
      break;
    case 2:
      basis.push(G2(d500));
      break;
    case 3:
      if (d500 >= T.severeDaysGrade3) basis.push(G3_500(d500));
      if (d100 >= T.profoundDaysGrade3) basis.push(G3_100(d100));
      break;
    default:
      if (d100 >= T.profoundDaysGrade4) basis.push(G4_100(d100));
      if (value.neverAbove500) basis.push(NEVER_ABOVE);
  }
}

/** The first day at or below 500 comes after a day above it, and no day from then to day 30 is above it. */
function noRecoveryAfterNadir(p: IcahtPrepared): boolean {
  const low = p.earlyAtOrBelow500 & WHOLE_WINDOW;
  if ((p.earlyMeasured & WHOLE_WINDOW) !== WHOLE_WINDOW || low === 0) return false;
  const first = 31 - Math.clz32(low & -low);
  // From the first low day to day 30, every day is low.
  return first > 0 && low === (WHOLE_WINDOW & ~((1 << first) - 1));
}

function missingDaysOf(measured: number, last: number): number[] {
  const days: number[] = [];
  for (let d = 0; d <= last; d++) if (((measured >>> d) & 1) === 0) days.push(d);
  return days;
}

/**
 * Without gaps, the early value is fixed by the two day counts, "never above 500" and
 * "provisional": each of the 32 x 32 x 2 x 2 combinations is built once, on first use, and shared.
 */
const COMPLETE_EARLY: (EarlyResult | undefined)[] = new Array<EarlyResult | undefined>(DAYS * DAYS * 4).fill(undefined);
function completeEarly(d500: number, d100: number, never: boolean, provisional: boolean, grade: number): EarlyResult & { readonly value: EarlyValue } {
  const key = ((d500 * DAYS + d100) * 2 + (never ? 1 : 0)) * 2 + (provisional ? 1 : 0);
  let found = COMPLETE_EARLY[key];
  if (found === undefined) {
    const value: EarlyValue = Object.freeze({ grade, provisional, daysAtOrBelow500: d500, daysAtOrBelow100: d100, neverAbove500: never });
    found = Object.freeze({ value, bounds: undefined, panel: Object.freeze({ early: value, late: null }) });
    COMPLETE_EARLY[key] = found;
  }
  return found as EarlyResult & { readonly value: EarlyValue };
}

/** Days 0-30 (so far) with a count on every day: no bounds, and shared value objects. */
function assessCompleteEarly(p: IcahtPrepared, last: number, out: Out): EarlyResult {
  countDays(p.earlyAtOrBelow500, p.earlyAtOrBelow100, last, WHOLE_WINDOW);
  const d500 = scratch[0]!;
  const filled = scratch[1]!;
  const d100 = scratch[2]!;
  const never = neverAbove(p.earlyAtOrBelow500, last);
  const grade = earlyGradeOf(d500, d100, never);
  // Before day 30 the grade can still rise, except grade 4, which is final as soon as it is reached.
  const provisional = p.asOfDay < T.earlyLastDay && grade < 4;
  const early = completeEarly(d500, d100, never, provisional, grade);
  pushEarlyBasis(out.basis, early.value, filled);
  if (provisional) out.warnings.push(PROVISIONAL(grade * DAYS + p.asOfDay));
  else if (grade === 3 && noRecoveryAfterNadir(p)) out.warnings.push(W.noRecovery);
  return early;
}

/**
 * Grades days 0-30 (so far). Unmeasured days are taken once as above the thresholds (lower bound)
 * and once as at or below them (upper bound): the grade only rises with more low days, so the
 * two bounds are exact. When they differ, the early grade is undetermined (value null, bounds set).
 */
function assessEarly(p: IcahtPrepared, out: Out): EarlyResult {
  const last = p.asOfDay < T.earlyLastDay ? p.asOfDay : T.earlyLastDay;
  if (isComplete(p, last)) return assessCompleteEarly(p, last, out);
  // From here on at least one day has no count.
  const missingDays = missingDaysOf(p.earlyMeasured, last);
  const missing = missingDays.length;
  if (missing === last + 1 && p.asOfDay > T.earlyLastDay) {
    out.warnings.push(W.earlyNoData);
    return NO_EARLY;
  }
  const high = gradeUnmeasuredLow(p, last);
  countDays(p.earlyAtOrBelow500, p.earlyAtOrBelow100, last, p.earlyMeasured);
  const d500 = scratch[0]!;
  const filled = scratch[1]!;
  const d100 = scratch[2]!;
  const never = neverAbove(p.earlyAtOrBelow500, last);
  const low = earlyGradeOf(d500, d100, never);
  if (high !== low) {
    out.warnings.push({ rule: R['early-range'], field: 'anc', params: { low, high, days: missingDays.map((d) => `+${d}`).join(', ') } });
    return { value: null, bounds: { low, high, missingDays }, panel: undefined, fewestDays100: d100 };
  }
  // Before day 30 the grade can still rise, except grade 4, which is final as soon as it is reached.
  const provisional = p.asOfDay < T.earlyLastDay && low < 4;
  const value: EarlyValue = { grade: low, provisional, daysAtOrBelow500: d500, daysAtOrBelow100: d100, neverAbove500: never };
  pushEarlyBasis(out.basis, value, filled);
  if (provisional) out.warnings.push(PROVISIONAL(low * DAYS + p.asOfDay));
  else if (low === 3 && noRecoveryAfterNadir(p)) out.warnings.push(W.noRecovery);
  out.basis.push({ rule: R['early-gaps-no-change'], field: 'anc', observed: missing, yields: low });
  return { value, bounds: { low, high: low, missingDays }, panel: undefined };
}

// ---------------------------------------------------------------------------------------------
// Late ICAHT: after day 30, a grade needs two consecutive counts; the milder of the pair decides.

export function lateGradeOf(anc: number): number {
  if (anc <= T.lateGrade4) return 4;
  if (anc <= T.lateGrade3) return 3;
  if (anc <= T.lateGrade2) return 2;
  return anc <= T.lateGrade1 ? 1 : 0;
}

function assessLate(p: IcahtPrepared, out: Out): LateValue | null {
  if (p.asOfDay <= T.earlyLastDay) return null;
  const n = p.lateDays.length;
  if (n === 0) {
    out.warnings.push(W.lateNoData);
    return null;
  }
  const mins = p.lateMin;
  out.basis.push({ rule: R['late-rule'], field: 'anc', observed: n, threshold: LATE_COUNTS });
  const lastGrade = lateGradeOf(mins[n - 1]!);
  if (n === 1) {
    if (lastGrade > 0) {
      out.warnings.push({ rule: R['late-single-low'], field: 'anc', params: { grade: lastGrade, day: p.lateDays[0]! } });
      return null;
    }
    out.basis.push({ rule: R['late-none'], field: 'anc', observed: 1, yields: 0 });
    return { grade: 0, measurements: 1 };
  }
  let best = 0;
  let bestValue = 0;
  let previous = lateGradeOf(mins[0]!);
  for (let i = 1; i < n; i++) {
    const v = mins[i]!;
    const g = lateGradeOf(v);
    const pair = g < previous ? g : previous;
    if (pair > best) {
      best = pair;
      // The milder count of the pair sets its grade.
      const before = mins[i - 1]!;
      bestValue = v > before ? v : before;
    }
    previous = g;
  }
  if (best === 0) out.basis.push({ rule: R['late-none'], field: 'anc', observed: n, yields: 0 });
  else out.basis.push({ rule: LATE_RULES[best]!, field: 'anc', observed: bestValue, unit: '/uL', threshold: LATE_THRESHOLDS[best]!, yields: best });
  if (lastGrade > best) out.warnings.push({ rule: R['late-latest-unconfirmed'], field: 'anc', params: { grade: lastGrade, day: p.lateDays[n - 1]! } });
  return { grade: best, measurements: n };
}

// ---------------------------------------------------------------------------------------------
// Management (Figure 9, Tables 13 and 15, suggested management items 1 and 2).

// Without a weight the G-CSF orders are fixed (5 ug/kg): built once.
const GCSF_THERAPEUTIC_PER_KG: Action = Object.freeze({ rule: R['gcsf-therapeutic'], status: 'do', drug: 'G-CSF', dose: GCSF_PER_KG, frequency: 'daily', escalation: GCSF_ESCALATION });
const GCSF_PROPHYLACTIC_PER_KG: Action = Object.freeze({ rule: R['gcsf-prophylactic'], status: 'consider', drug: 'G-CSF', dose: GCSF_PER_KG, frequency: 'daily' });
// G-CSF is indicated below 500/uL, and counts are whole numbers: one entry per count, built once.
const GCSF_INDICATED = internedOnGrid(0, T.therapeuticGcsfBelow - 1, 1, (anc): BasisEntry => ({ rule: R['gcsf-indicated'], field: 'anc', observed: anc, unit: '/uL', threshold: ANC_GCSF }));
const AFTER_DAY_14 = internedBy(400, (day): BasisEntry => ({ rule: R['after-day-14'], field: 'asOfDate', observed: day, threshold: SALVAGE_DAY }));

/**
 * The late grade of the two most recent counts after day 30 (the milder of the pair decides): the
 * late grade reported is the worst pair so far, but the handbook's late measures (allo-HCT while
 * still grade 4) are for neutropenia that persists.
 */
function currentLateGrade(p: IcahtPrepared): number {
  const n = p.lateMin.length;
  if (n < T.lateMeasurementsRequired) return 0;
  const latest = lateGradeOf(p.lateMin[n - 1]!);
  const before = lateGradeOf(p.lateMin[n - 2]!);
  return latest < before ? latest : before;
}

/**
 * Management for an early grade of `earlyGrade` (when the grade is undetermined, its lower bound:
 * the grade is at least that) with `earlyDays100` days at or below 100/uL (at least that many).
 */
function manage(p: IcahtPrepared, earlyGrade: number, earlyDays100: number, late: LateValue | null, out: Out): void {
  const { actions, basis, warnings } = out;
  const lateGrade = late === null ? 0 : late.grade;
  const lateNow = late === null ? 0 : currentLateGrade(p);
  if (lateNow < lateGrade) warnings.push(LATE_RECOVERING(lateGrade * DAYS + lateNow));
  const grade = earlyGrade > lateGrade ? earlyGrade : lateGrade;
  const latest = p.latestAnc;
  const hasLatest = !Number.isNaN(latest);
  // Neutropenia still present: the latest count is at or below 500/uL, or the two latest counts after day 30 are a late grade.
  const ongoing = (hasLatest && latest <= T.severeAnc) || lateNow >= 1;
  const severeNow = hasLatest && latest < T.therapeuticGcsfBelow;
  const afterDay14 = p.asOfDay >= T.salvageFromDay;
  const gcsf = p.gcsf;
  // G-CSF refractory: at least 5 days given and a count taken 5 or more days after the start still at or below 500/uL.
  const refractory =
    gcsf !== undefined && gcsf.daysGiven >= T.gcsfRefractoryDays && hasLatest && latest <= T.severeAnc && p.latestDay >= gcsf.startDay + T.gcsfRefractoryDays;

  if (grade >= 1) {
    actions.push(A.tier1);
    if (refractory) basis.push({ rule: R['gcsf-refractory'], field: 'gcsf.daysGiven', observed: gcsf.daysGiven, threshold: REFRACTORY_DAYS });
    if (afterDay14 && ongoing) basis.push(AFTER_DAY_14(p.asOfDay));
    actions.push(ongoing && (refractory || afterDay14) ? A.tier2 : A.tier2If);
    if (ongoing) {
      actions.push(A.prophylaxis);
      const prolongedProfound = earlyDays100 >= T.prolongedProfoundDays || lateNow === 4;
      // Table 15: not for low risk, unless neutropenia is prolonged and profound (then the action below says why).
      if (p.hematotoxRisk === 'low' && !prolongedProfound) warnings.push(W.antibacterialLowRisk);
      if ((p.hematotoxRisk === 'high' && severeNow) || prolongedProfound) actions.push(A.antibacterial);
      if (severeNow && (p.hematotoxRisk === 'high' || grade >= 3)) {
        actions.push(A.posaconazole);
        actions.push(A.micafungin);
      }
    }
  }
  let gcsfShown = false;
  if (severeNow) {
    basis.push(GCSF_INDICATED(latest));
    actions.push(
      p.weight === undefined
        ? GCSF_THERAPEUTIC_PER_KG
        : { rule: R['gcsf-therapeutic'], status: 'do', drug: 'G-CSF', dose: perKg(T.gcsfUgPerKg, p.weight, 'ug'), frequency: 'daily', escalation: GCSF_ESCALATION },
    );
    gcsfShown = true;
  } else if (p.hematotoxRisk === 'high' && gcsf === undefined && p.asOfDay <= T.earlyLastDay) {
    actions.push(
      p.weight === undefined
        ? GCSF_PROPHYLACTIC_PER_KG
        : { rule: R['gcsf-prophylactic'], status: 'consider', drug: 'G-CSF', dose: perKg(T.gcsfUgPerKg, p.weight, 'ug'), frequency: 'daily' },
    );
    gcsfShown = true;
  }
  if (gcsfShown && p.weight === undefined) warnings.push(W.gcsfWeight);

  if (grade >= 1) {
    if (afterDay14 && refractory) {
      if (p.platelets !== undefined) basis.push({ rule: R['platelets-observed'], field: 'platelets', observed: p.platelets, unit: '/uL' });
      actions.push(A.tpo);
    }
    if (grade >= 3 && afterDay14 && ongoing) {
      if (gcsf === undefined) warnings.push(W.gcsfNotRecorded);
      if (refractory) {
        if (p.cd34Backup === true) actions.push(A.boost);
        else if (p.cd34Backup === undefined) warnings.push(W.cd34Unknown);
      }
    }
    if (ongoing) warnings.push(W.crsDriven);
    if (grade === 4) actions.push(ongoing ? A.donorSearch : A.donorSearchConsider);
    if (lateNow === 4) {
      actions.push(A.alloHct);
      warnings.push(W.spontaneousRecovery);
    }
    actions.push(A.transfusion);
  }
  if (p.asOfDay <= T.irradiationUntilDay) actions.push(A.irradiated);
}

/** Late ICAHT at its worst (grade 1-4) and now (0-3), keyed worst * 32 + now. */
const LATE_RECOVERING = internedBy(5 * DAYS, (key): Warning => ({
  rule: R['late-recovering'],
  field: 'anc',
  params: Object.freeze({ grade: Math.floor(key / DAYS), now: key % DAYS }),
}));

const DAY_ZERO = internedBy(400, (day): BasisEntry => ({ rule: R['day-zero'], field: 'asOfDate', observed: day }));

export function assessIcaht(p: IcahtPrepared): Assessment<IcahtValue> {
  const out = OUT;
  out.basis.clear();
  out.warnings.clear();
  out.actions.clear();
  out.basis.push(DAY_ZERO(p.asOfDay));
  if (p.preInfusionCounts > 0) out.basis.push({ rule: R['pre-infusion-ignored'], field: 'anc', observed: p.preInfusionCounts });
  const early = assessEarly(p, out);
  const late = assessLate(p, out);
  // An undetermined early grade: cannot assess, with the range and any late finding. The grade is
  // at least the lower bound, so what that bound and the latest count call for stands (Table 15:
  // G-CSF at once below 500/uL, whatever the grade).
  if (early.value === null && early.bounds !== undefined) {
    manage(p, early.bounds.low, early.fewestDays100 ?? 0, late, out);
    return cannotAssess('icaht', out.warnings.take(), out.basis.take(), out.actions.take());
  }
  // Nothing to grade at all.
  if (early.value === null && late === null) return cannotAssess('icaht', out.warnings.take(), out.basis.take());
  manage(p, early.value === null ? 0 : early.value.grade, early.value === null ? 0 : early.value.daysAtOrBelow100, late, out);
  const value: IcahtValue =
    early.bounds === undefined
      ? late === null && early.panel !== undefined
        ? early.panel
        : { early: early.value, late }
      : { early: early.value, late, bounds: early.bounds };
  const actions = out.actions.length === 0 ? NO_ACTIONS : out.actions.take();
  const warnings = out.warnings.length === 0 ? NO_WARNINGS : out.warnings.take();
  return assessed('icaht', value, out.basis.take(), actions, warnings);
}

function summary(v: IcahtValue): Record<string, unknown> {
  if (v.early === null) return { variant: 'late', late: v.late?.grade ?? '-' };
  if (v.late !== null) return { variant: 'early-late', early: v.early.grade, late: v.late.grade };
  return { variant: v.early.provisional ? 'provisional' : 'early', early: v.early.grade };
}

export const icahtInstrument = defineInstrument({
  name: 'icaht',
  kind: 'instrument',
  section: '002 §3.1.5, Table 12, Table 13, Table 15, Figure 9',
  input: IcahtInput,
  value: IcahtValue,
  evaluate: (input) => assessIcaht(input),
  summary,
});
