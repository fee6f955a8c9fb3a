import * as z from 'zod';
import type { Action, BasisEntry, Threshold, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { internedBy, internedOnGrid } from '../explain/intern.js';
import { ScratchList } from '../explain/scratch.js';
import { defineRules } from '../explain/rules.js';
import { registerMessages } from '../i18n/catalog.js';
import type { InstitutionSettings } from '../institution/settings.js';
import { defineInstrument } from '../instruments/registry.js';
import { offsetMinutesOf } from '../units/instant.js';
import { Instant, QUANTITY_KINDS, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { crsMessages } from './crs.messages.js';
import { dexamethasoneInto, dexamethasoneStep, isChild, methylprednisolonePulse, type DexamethasoneStep } from './steroids.js';
import { checkTocilizumabLimits, TOCILIZUMAB, TOCILIZUMAB_RULES, tocilizumabStep, tocilizumabStepInto, type TocilizumabStep } from './tocilizumab.js';

const HOUR_MS = 3_600_000;

registerMessages(crsMessages);

const table7 = { seed: 'handbook', section: '§3.1.2, Table 7' } as const;
const figure4 = { seed: 'handbook', section: '§3.1.2, Figure 4' } as const;
const drugs = { seed: 'handbook', section: '§3.1.2 (CRS drugs)' } as const;
const figure6 = { seed: 'handbook', section: '§3.1.3, Figure 6' } as const;
const icansTreatment = { seed: 'handbook', section: '§3.1.3 (clinical management)' } as const;
const grading = { seed: [table7], publications: ['lee2019'] } as const;
const management = { seed: [figure4], publications: ['hayden2022'] } as const;

/** ASTCT CRS grading (Lee 2019, Table 2 = handbook Table 7) and EBMT/EHA management (Figure 4). */
export const CRS_RULES = defineRules('crs', {
  fever: grading,
  'fever-other-cause': grading,
  'no-fever': grading,
  'fever-masked': grading,
  'hypotension-none': grading,
  'hypotension-fluids': grading,
  'hypotension-one-vasopressor': grading,
  'hypotension-multiple-vasopressors': grading,
  'oxygen-none': grading,
  'oxygen-low-flow': grading,
  'oxygen-blow-by': grading,
  'oxygen-high-flow': grading,
  'oxygen-high-flow-device': grading,
  'oxygen-mask': grading,
  'oxygen-positive-pressure': grading,
  'worst-domain': grading,
  'organ-toxicity-separate': grading,
  'hypotension-hypoxia-without-fever': grading,
  'temperature-missing': grading,
  'weight-missing': { seed: [figure4], publications: ['hayden2022'] },
  'age-missing': { seed: [drugs], publications: ['hayden2022'] },
  // Management (Figure 4).
  'supportive-care': management,
  'continuous-monitoring': { seed: [{ seed: 'handbook', section: '§3.1.2 (clinical work-up)' }], publications: ['hayden2022'] },
  'notify-icu': management,
  'transfer-icu': management,
  'transfer-icu-less-experienced': management,
  'tocilizumab-if-no-improvement-3d': management,
  'g1-no-improvement-3d': management,
  'g2-no-improvement-12h': management,
  'g2-worsening': management,
  'g2-dexamethasone-with-tocilizumab': management,
  'dexamethasone-10': management,
  'dexamethasone-20-taper': management,
  'dexamethasone-20': management,
  'g3-worsening': management,
  'g4-no-improvement': management,
  methylprednisolone: management,
  'methylprednisolone-child': management,
  'methylprednisolone-child-dose-not-stated': { seed: [figure4, drugs], publications: ['hayden2022'] },
  'repeat-tocilizumab-if-no-icans': management,
  'repeat-tocilizumab-over-limit': { seed: [figure4, drugs], publications: ['hayden2022'] },
  'steroids-after-two-tocilizumab': { seed: [drugs], publications: ['hayden2022'] },
  'steroids-after-two-tocilizumab-plan': { seed: [drugs], publications: ['hayden2022'] },
  'refractory-siltuximab-anakinra': { seed: [drugs, { seed: 'handbook', section: '§3.1.2, Figure 5' }], publications: ['hayden2022'] },
  'cr1-with-icans-steroids': { seed: [figure6], publications: ['hayden2022'] },
  'steroids-per-icans-plan': { seed: [figure6, figure4], publications: ['hayden2022'] },
  'dexamethasone-child-dose': { seed: [drugs], publications: ['hayden2022'] },
  'dexamethasone-child-dose-not-stated': { seed: [drugs], publications: ['hayden2022'] },
  'dexamethasone-child-above-adult': { seed: [drugs], publications: ['hayden2022'] },
  'antifungal-prophylaxis': { seed: [icansTreatment], publications: ['hayden2022'] },
  'echocardiogram-severe': { seed: [{ seed: 'handbook', section: '§3.1.2 (clinical work-up)' }], publications: ['hayden2022'] },
  'taper-when-improved': { seed: [drugs], publications: ['hayden2022'] },
});

export const VASOPRESSORS = ['norepinephrine', 'epinephrine', 'dopamine', 'phenylephrine', 'vasopressin', 'other'] as const;
export const OXYGEN_DEVICES = [
  'none',
  'nasal-cannula',
  'blow-by',
  'high-flow-nasal-cannula',
  'face-mask',
  'non-rebreather',
  'venturi',
  'cpap',
  'bipap',
  'mechanical-ventilation',
] as const;

/** ASTCT: fever is a temperature of at least 38 °C; low-flow oxygen is at most 6 L/min. */
export const CRS_THRESHOLDS = { feverCelsius: 38, lowFlowMaxLitersPerMinute: 6 } as const;

export const CrsInput = z
  .object({
    temperature: quantity('temperature')
      .optional()
      .describe('Highest temperature since the last assessment.'),
    feverAttributedToOtherCause: z
      .boolean()
      .default(false)
      .describe('True when the fever is explained by another cause (e.g. a documented infection).'),
    antipyreticOrAnticytokineGiven: z
      .boolean()
      .describe('Antipyretics or anti-cytokine therapy (tocilizumab, steroids) given for CRS: fever is then no longer required.'),
    hypotension: z.boolean().describe('Hypotension attributed to CRS.'),
    vasopressors: z.array(z.enum(VASOPRESSORS)).default([]).describe('Vasopressors running now.'),
    oxygen: z
      .object({
        device: z.enum(OXYGEN_DEVICES),
        flow: quantity('oxygenFlow').optional().describe('Oxygen flow; required for a nasal cannula.'),
      })
      .strict(),
    weight: quantity('bodyWeight').optional().describe('For tocilizumab and pediatric doses.'),
    ageYears: z.number().min(0).max(120).optional(),
    icansGrade: z.number().int().min(0).max(4).optional().describe('Current ICANS grade, if assessed.'),
    now: Instant.optional().describe('Time of this assessment; required to check tocilizumab limits.'),
    tocilizumabAdministrations: z.array(z.object({ at: Instant }).strict()).default([]),
  })
  .strict()
  .superRefine((input, ctx) => {
    const { device } = input.oxygen;
    const flow = input.oxygen.flow;
    if (device === 'nasal-cannula' && flow === undefined) refuse(ctx, ['oxygen', 'flow'], 'crs.input.flow-required');
    if (device === 'none' && flow !== undefined && flow > 0) refuse(ctx, ['oxygen', 'flow'], 'crs.input.flow-without-device');
    if (device === 'blow-by' && flow !== undefined && flow > CRS_THRESHOLDS.lowFlowMaxLitersPerMinute) {
      refuse(ctx, ['oxygen', 'flow'], 'crs.input.blow-by-high-flow');
    }
    if (device === 'high-flow-nasal-cannula' && flow !== undefined && flow <= CRS_THRESHOLDS.lowFlowMaxLitersPerMinute) {
      refuse(ctx, ['oxygen', 'flow'], 'crs.input.high-flow-at-low-rate');
    }
    if (!input.hypotension && input.vasopressors.length > 0) refuse(ctx, ['vasopressors'], 'crs.input.vasopressors-without-hypotension');
    if (new Set(input.vasopressors).size !== input.vasopressors.length) refuse(ctx, ['vasopressors'], 'crs.input.duplicate-vasopressor');
    if (input.tocilizumabAdministrations.length > 0 && input.now === undefined) refuse(ctx, ['now'], 'crs.input.now-required');
    if (input.now !== undefined) {
      const now = Date.parse(input.now);
      input.tocilizumabAdministrations.forEach((a, i) => {
        if (Date.parse(a.at) > now) refuse(ctx, ['tocilizumabAdministrations', i, 'at'], 'tocilizumab.input.dose-after-now');
      });
    }
  });
export type CrsInput = z.output<typeof CrsInput>;

export const CrsValue = z.object({ grade: z.number().int().min(0).max(4) });
export type CrsValue = z.infer<typeof CrsValue>;

type CrsRule = (typeof CRS_RULES)[keyof typeof CRS_RULES];

/** What one assessment accumulates; filled in place so that no step copies another's arrays. */
interface Explanation {
  readonly basis: ScratchList<BasisEntry>;
  readonly actions: ScratchList<Action>;
  readonly warnings: ScratchList<Warning>;
}
const newExplanation = (): Explanation => ({ basis: new ScratchList(), actions: new ScratchList(), warnings: new ScratchList() });
/** The lists assessCrs fills (see ScratchList). */
const OUT = newExplanation();

const FEVER_AT_OR_ABOVE: Threshold = Object.freeze({ comparator: '>=', value: CRS_THRESHOLDS.feverCelsius, unit: 'Cel' });
const FEVER_BELOW: Threshold = Object.freeze({ comparator: '<', value: CRS_THRESHOLDS.feverCelsius, unit: 'Cel' });
const LOW_FLOW: Threshold = Object.freeze({ comparator: '<=', value: CRS_THRESHOLDS.lowFlowMaxLitersPerMinute, unit: 'L/min' });
const HIGH_FLOW: Threshold = Object.freeze({ comparator: '>', value: CRS_THRESHOLDS.lowFlowMaxLitersPerMinute, unit: 'L/min' });
const TWO_OR_MORE: Threshold = Object.freeze({ comparator: '>=', value: 2 });
const EXACTLY_ONE: Threshold = Object.freeze({ comparator: '=', value: 1 });

// Entries whose content is fixed per branch are built once.
const FEVER_MASKED: BasisEntry = Object.freeze({ rule: CRS_RULES['fever-masked'], field: 'antipyreticOrAnticytokineGiven', observed: true });
const NO_HYPOTENSION: BasisEntry = Object.freeze({ rule: CRS_RULES['hypotension-none'], field: 'hypotension', observed: false, yields: 0 });
const FLUIDS_ONLY: BasisEntry = Object.freeze({ rule: CRS_RULES['hypotension-fluids'], field: 'hypotension', observed: true, yields: 2 });
const DEVICE_BASIS: Readonly<Record<Exclude<(typeof OXYGEN_DEVICES)[number], 'nasal-cannula' | 'high-flow-nasal-cannula'>, { grade: number; basis: BasisEntry }>> = Object.freeze({
  none: { grade: 0, basis: Object.freeze({ rule: CRS_RULES['oxygen-none'], field: 'oxygen.device', observed: 'none', yields: 0 }) },
  'blow-by': { grade: 2, basis: Object.freeze({ rule: CRS_RULES['oxygen-blow-by'], field: 'oxygen.device', observed: 'blow-by', yields: 2 }) },
  'face-mask': { grade: 3, basis: Object.freeze({ rule: CRS_RULES['oxygen-mask'], field: 'oxygen.device', observed: 'face-mask', yields: 3 }) },
  'non-rebreather': { grade: 3, basis: Object.freeze({ rule: CRS_RULES['oxygen-mask'], field: 'oxygen.device', observed: 'non-rebreather', yields: 3 }) },
  venturi: { grade: 3, basis: Object.freeze({ rule: CRS_RULES['oxygen-mask'], field: 'oxygen.device', observed: 'venturi', yields: 3 }) },
  cpap: { grade: 4, basis: Object.freeze({ rule: CRS_RULES['oxygen-positive-pressure'], field: 'oxygen.device', observed: 'cpap', yields: 4 }) },
  bipap: { grade: 4, basis: Object.freeze({ rule: CRS_RULES['oxygen-positive-pressure'], field: 'oxygen.device', observed: 'bipap', yields: 4 }) },
  'mechanical-ventilation': {
    grade: 4,
    basis: Object.freeze({ rule: CRS_RULES['oxygen-positive-pressure'], field: 'oxygen.device', observed: 'mechanical-ventilation', yields: 4 }),
  },
});
// A high-flow cannula charted without its flow is graded by the device (the input already refuses
// one at 6 L/min or less); the entry names the device, so no missing flow is printed as a value.
const HIGH_FLOW_DEVICE: BasisEntry = Object.freeze({
  rule: CRS_RULES['oxygen-high-flow-device'],
  field: 'oxygen.device',
  observed: 'high-flow-nasal-cannula',
  threshold: HIGH_FLOW,
  yields: 3,
});

function hypotensionGrade(hypotensive: boolean, pressors: CrsInput['vasopressors'], basis: ScratchList<BasisEntry>): number {
  if (!hypotensive) {
    basis.push(NO_HYPOTENSION);
    return 0;
  }
  if (pressors.length === 0) {
    basis.push(FLUIDS_ONLY);
    return 2;
  }
  const entry = pressorEntry(pressors);
  basis.push(entry);
  return entry.yields as number;
}

function pressorBasis(pressors: readonly string[]): BasisEntry {
  let nonVasopressin = 0;
  for (const v of pressors) if (v !== 'vasopressin') nonVasopressin++;
  const grade = nonVasopressin >= 2 ? 4 : 3;
  return {
    rule: grade === 4 ? CRS_RULES['hypotension-multiple-vasopressors'] : CRS_RULES['hypotension-one-vasopressor'],
    field: 'vasopressors',
    observed: pressors.join(', '),
    threshold: grade === 4 ? TWO_OR_MORE : EXACTLY_ONE,
    yields: grade,
  };
}

// One or two vasopressors (in the order given): each list's entry is built once.
const PRESSOR_COUNT = VASOPRESSORS.length + 1;
const PRESSOR_BASIS = internedBy(PRESSOR_COUNT * PRESSOR_COUNT, (key) => {
  const first = VASOPRESSORS[Math.floor(key / PRESSOR_COUNT) - 1]!;
  const second = VASOPRESSORS[(key % PRESSOR_COUNT) - 1];
  return pressorBasis(second === undefined ? [first] : [first, second]);
});

function pressorEntry(pressors: readonly (typeof VASOPRESSORS)[number][]): BasisEntry {
  if (pressors.length > 2) return pressorBasis(pressors);
  const first = VASOPRESSORS.indexOf(pressors[0]!);
  const second = pressors.length === 2 ? VASOPRESSORS.indexOf(pressors[1]!) : -1;
  if (first < 0 || (pressors.length === 2 && second < 0)) return pressorBasis(pressors);
  return PRESSOR_BASIS((first + 1) * PRESSOR_COUNT + second + 1);
}

function oxygenGrade(device: CrsInput['oxygen']['device'], flow: number | undefined, basis: ScratchList<BasisEntry>): number {
  if (device !== 'nasal-cannula' && device !== 'high-flow-nasal-cannula') {
    const fixed = DEVICE_BASIS[device];
    basis.push(fixed.basis);
    return fixed.grade;
  }
  if (flow === undefined && device === 'high-flow-nasal-cannula') {
    basis.push(HIGH_FLOW_DEVICE);
    return 3;
  }
  const lowFlow = device === 'nasal-cannula' && flow !== undefined && flow <= CRS_THRESHOLDS.lowFlowMaxLitersPerMinute;
  const grade = lowFlow ? 2 : 3;
  basis.push({
    rule: lowFlow ? CRS_RULES['oxygen-low-flow'] : CRS_RULES['oxygen-high-flow'],
    field: 'oxygen.flow',
    observed: flow ?? null,
    unit: 'L/min',
    threshold: lowFlow ? LOW_FLOW : HIGH_FLOW,
    yields: grade,
  });
  return grade;
}

/** Fever or no fever, read from the temperature alone. */
function temperatureEntry(temperature: number): BasisEntry {
  const hot = temperature >= CRS_THRESHOLDS.feverCelsius;
  return { rule: hot ? CRS_RULES.fever : CRS_RULES['no-fever'], field: 'temperature', observed: temperature, unit: 'Cel', threshold: hot ? FEVER_AT_OR_ABOVE : FEVER_BELOW };
}
// Temperatures are charted to 0.1 °C: each reading's entry of each branch is built once.
const celsiusGrid = (build: (temperature: number) => BasisEntry) =>
  internedOnGrid(QUANTITY_KINDS.temperature.min, QUANTITY_KINDS.temperature.max, 10, build);
const TEMPERATURE_ENTRY = celsiusGrid(temperatureEntry);
const FEVER_OTHER_CAUSE_ENTRY = celsiusGrid((temperature) => ({
  rule: CRS_RULES['fever-other-cause'],
  field: 'feverAttributedToOtherCause',
  observed: temperature,
  unit: 'Cel',
  threshold: FEVER_AT_OR_ABOVE,
}));

const WORST_DOMAIN = internedBy(5, (grade): BasisEntry => ({ rule: CRS_RULES['worst-domain'], field: 'grade', observed: grade, yields: grade }));
const TEMPERATURE_MISSING: Warning = Object.freeze({ rule: CRS_RULES['temperature-missing'], field: 'temperature' });
const WITHOUT_FEVER: Warning = Object.freeze({ rule: CRS_RULES['hypotension-hypoxia-without-fever'] });

/**
 * ASTCT grade: fever (or fever masked by treatment) is required; then the worse of hypotension
 * and hypoxia. Null when the temperature that decides it is missing.
 */
function gradeInto(input: CrsInput, out: Explanation): number | null {
  // Every field the grade may need is read first, before anything is written: the reads that
  // miss the cache (the oxygen object, the temperature, the vasopressor list) then overlap.
  const masked = input.antipyreticOrAnticytokineGiven;
  const temperature = input.temperature;
  const hypotensive = input.hypotension;
  const { device, flow } = input.oxygen;
  const pressors = input.vasopressors;
  const basis = out.basis;
  let feverPresent: boolean;
  if (masked) {
    feverPresent = true;
    basis.push(FEVER_MASKED);
  } else if (temperature === undefined) {
    out.warnings.push(TEMPERATURE_MISSING);
    return null;
  } else {
    const hot = temperature >= CRS_THRESHOLDS.feverCelsius;
    feverPresent = hot && !input.feverAttributedToOtherCause;
    basis.push(hot && !feverPresent ? FEVER_OTHER_CAUSE_ENTRY(temperature) : TEMPERATURE_ENTRY(temperature));
  }
  if (!feverPresent) {
    if (hypotensive || device !== 'none') out.warnings.push(WITHOUT_FEVER);
    return 0;
  }
  const hypotension = hypotensionGrade(hypotensive, pressors, basis);
  const oxygen = oxygenGrade(device, flow, basis);
  const grade = hypotension > oxygen ? hypotension : oxygen > 1 ? oxygen : 1;
  if (hypotension > 0 || oxygen > 0) basis.push(WORST_DOMAIN(grade));
  return grade;
}

/** The grade alone, for callers that need no management (e.g. other instruments' checks). */
export function gradeCrs(input: CrsInput): { grade: number | null; basis: BasisEntry[]; warnings: Warning[] } {
  const out = newExplanation();
  const grade = gradeInto(input, out);
  return { grade, basis: out.basis.take(), warnings: out.warnings.take() };
}

const act = (rule: CrsRule, status: Action['status']): Action => Object.freeze({ rule, status });
const SUPPORTIVE = act(CRS_RULES['supportive-care'], 'do');
const MONITORING = act(CRS_RULES['continuous-monitoring'], 'do');
const NOTIFY_ICU = act(CRS_RULES['notify-icu'], 'do');
const TRANSFER_ICU = act(CRS_RULES['transfer-icu'], 'do');
const TRANSFER_ICU_LESS_EXPERIENCED = act(CRS_RULES['transfer-icu-less-experienced'], 'do');
const ECHOCARDIOGRAM = act(CRS_RULES['echocardiogram-severe'], 'consider');
const REFRACTORY = act(CRS_RULES['refractory-siltuximab-anakinra'], 'consider');
const STEROIDS_AFTER_TWO = act(CRS_RULES['steroids-after-two-tocilizumab'], 'consider');
// When the plan already holds a steroid step, the reminder names no dose: the step's own dose
// (20 mg at grade 4, the ICANS grade's at grade 1 with ICANS) is the one to give.
const STEROIDS_AFTER_TWO_PLAN = act(CRS_RULES['steroids-after-two-tocilizumab-plan'], 'consider');
// Figure 4 gives grade 1 no steroid; Figure 6's note places this case's steroids in the ICANS
// algorithm, so the ICANS grade's steroid step is the one order and this side adds no course.
const STEROIDS_PER_ICANS = act(CRS_RULES['steroids-per-icans-plan'], 'do');
const ANTIFUNGAL = act(CRS_RULES['antifungal-prophylaxis'], 'do');
const TAPER = act(CRS_RULES['taper-when-improved'], 'do');
const METHYLPREDNISOLONE = Object.freeze(methylprednisolonePulse(CRS_RULES.methylprednisolone, 'consider'));
// Figure 4 and the CRS drugs paragraph give the pulse in adult milligrams only. §3.1.3's 30 mg/kg
// is the ICANS dose and is not carried over: a child's order has no dose and says why.
const METHYLPREDNISOLONE_CHILD: Action = Object.freeze({
  rule: CRS_RULES['methylprednisolone-child'],
  status: 'consider',
  drug: 'methylprednisolone',
  route: 'IV',
  frequency: 'daily',
  duration: 'P3D',
});
const METHYLPREDNISOLONE_CHILD_DOSE_NOT_STATED: Warning = Object.freeze({ rule: CRS_RULES['methylprednisolone-child-dose-not-stated'], field: 'ageYears' });
const REPEAT_TOCILIZUMAB_CONSIDER: Action = Object.freeze({ rule: CRS_RULES['repeat-tocilizumab-if-no-icans'], status: 'consider', drug: 'tocilizumab' });
const REPEAT_TOCILIZUMAB_REFUSED: Action = Object.freeze({ rule: CRS_RULES['repeat-tocilizumab-if-no-icans'], status: 'refused', drug: 'tocilizumab' });
const G1_ESCALATION = Object.freeze([Object.freeze({ after: 'P3D', rule: CRS_RULES['g1-no-improvement-3d'] })]);
const G2_ESCALATION = Object.freeze([
  Object.freeze({ after: 'PT12H', rule: CRS_RULES['g2-no-improvement-12h'] }),
  Object.freeze({ rule: CRS_RULES['g2-worsening'] }),
]);
const G3_ESCALATION = Object.freeze([Object.freeze({ rule: CRS_RULES['g3-worsening'] })]);
const G4_ESCALATION = Object.freeze([Object.freeze({ rule: CRS_RULES['g4-no-improvement'] })]);
const NO_HISTORY: readonly number[] = Object.freeze([]);
const ICANS_AT_LEAST_2: Threshold = Object.freeze({ comparator: '>=', value: 2 });
const ORGAN_TOXICITY: Warning = Object.freeze({ rule: CRS_RULES['organ-toxicity-separate'] });
const WEIGHT_MISSING: Warning = Object.freeze({ rule: TOCILIZUMAB_RULES['weight-missing'], field: 'weight' });
const AGE_MISSING: Warning = Object.freeze({ rule: CRS_RULES['age-missing'], field: 'ageYears' });

// The dexamethasone steps of Figure 4, prepared once. Figure 4 gives "1-3 days" for the 10 mg and
// 20 mg courses: ISO 8601 has no range, so, as for other ranged courses in the engine (TLS
// rasburicase, IEC-HS anakinra), the field is left out and the text states the range. Only the
// 20 mg step before the taper is a fixed 3 days.
const dexamethasoneFor = (rule: CrsRule, status: 'do' | 'consider', mg: number, duration: string | undefined, escalation?: Action['escalation']) =>
  dexamethasoneStep(
    rule,
    status,
    mg,
    'q6h',
    duration,
    CRS_RULES['dexamethasone-child-dose'],
    CRS_RULES['dexamethasone-child-dose-not-stated'],
    escalation,
    CRS_RULES['dexamethasone-child-above-adult'],
  );
const DEXAMETHASONE_G2 = dexamethasoneFor(CRS_RULES['g2-dexamethasone-with-tocilizumab'], 'consider', 10, undefined);
const DEXAMETHASONE_G3 = dexamethasoneFor(CRS_RULES['dexamethasone-10'], 'do', 10, undefined, G3_ESCALATION);
const DEXAMETHASONE_G3_TAPER = dexamethasoneFor(CRS_RULES['dexamethasone-20-taper'], 'consider', 20, 'P3D');
const DEXAMETHASONE_G4 = dexamethasoneFor(CRS_RULES['dexamethasone-20'], 'do', 20, undefined, G4_ESCALATION);

function steroidInto(out: Explanation, step: DexamethasoneStep, input: CrsInput, settings: InstitutionSettings): void {
  dexamethasoneInto(step, input.ageYears, input.weight, settings, out.actions, out.warnings);
}

/** Grade 4's pulse: the adult order (shared), or for a child the order without a dose. */
function methylprednisoloneInto(out: Explanation, input: CrsInput, settings: InstitutionSettings): void {
  if (isChild(input, settings) === true) {
    out.actions.push(METHYLPREDNISOLONE_CHILD);
    out.warnings.push(METHYLPREDNISOLONE_CHILD_DOSE_NOT_STATED);
  } else {
    out.actions.push(METHYLPREDNISOLONE);
  }
}

// The tocilizumab steps of Figure 4, prepared once.
const TOCILIZUMAB_G1 = tocilizumabStep(CRS_RULES['tocilizumab-if-no-improvement-3d'], 'consider', G1_ESCALATION);
const TOCILIZUMAB_G2 = tocilizumabStep(TOCILIZUMAB_RULES.give, 'do', G2_ESCALATION);
const TOCILIZUMAB_G3_G4 = tocilizumabStep(TOCILIZUMAB_RULES.give, 'do');

function tocilizumabInto(out: Explanation, step: TocilizumabStep, input: CrsInput, history: readonly number[], nowMs: number | undefined): Action {
  const offset = input.now === undefined ? 0 : offsetMinutesOf(input.now);
  return tocilizumabStepInto(step, out.basis, input.weight, history, nowMs, offset);
}

/**
 * Grade 4 without ICANS: the one extra dose Figure 4 allows is still a tocilizumab dose, so the
 * §3.1.2 limits decide whether it may be considered. When the grade's own dose is refused, its
 * verdict is this dose's too. Otherwise the extra dose can only follow the grade's own one, at
 * the earliest one interval later: the same limits are checked for it there, with that dose given.
 */
function repeatTocilizumab(order: Action, history: readonly number[], nowMs: number | undefined, offsetMinutes: number): Action {
  let refusedBecause = order.refusedBecause;
  let dueBy = order.dueBy;
  if (order.status !== 'refused') {
    // No time given means no dose was recorded (the input requires one with a history): the extra is the second.
    if (nowMs === undefined) return REPEAT_TOCILIZUMAB_CONSIDER;
    const check = checkTocilizumabLimits([...history, nowMs], nowMs + TOCILIZUMAB.minIntervalHours * HOUR_MS, offsetMinutes);
    if (check.allowed) return REPEAT_TOCILIZUMAB_CONSIDER;
    refusedBecause = check.violations;
    dueBy = check.nextAllowedAt ?? undefined;
  }
  return {
    rule: CRS_RULES['repeat-tocilizumab-over-limit'],
    status: 'refused',
    drug: 'tocilizumab',
    route: 'IV',
    limits: order.limits,
    refusedBecause,
    dueBy,
  };
}

/** Management of handbook Figure 4 (Hayden 2022, Figure 1) for the grade. */
function manageInto(grade: number, input: CrsInput, settings: InstitutionSettings, out: Explanation): void {
  if (grade === 0) return;
  const actions = out.actions;
  const administrations = input.tocilizumabAdministrations;
  const history = administrations.length === 0 ? NO_HISTORY : administrations.map((a) => Date.parse(a.at));
  const nowMs = input.now === undefined ? undefined : Date.parse(input.now);
  // Whether the plan holds a steroid step: it then names no dose of its own after two tocilizumab
  // doses, and §3.1.3 asks for antifungal prophylaxis with steroids given for CRS.
  let steroidStep = grade >= 2;
  actions.push(SUPPORTIVE);
  if (grade === 1) {
    if (input.icansGrade !== undefined && input.icansGrade >= 2) {
      out.basis.push({ rule: CRS_RULES['cr1-with-icans-steroids'], field: 'icansGrade', observed: input.icansGrade, threshold: ICANS_AT_LEAST_2 });
      actions.push(STEROIDS_PER_ICANS);
      steroidStep = true;
    } else {
      // Figure 4: in grade 1, tocilizumab is considered only after 3 days without improvement.
      actions.push(tocilizumabInto(out, TOCILIZUMAB_G1, input, history, nowMs));
    }
  } else {
    actions.push(MONITORING);
  }
  if (grade === 2) {
    actions.push(NOTIFY_ICU);
    if (settings.lessExperiencedCenter) actions.push(TRANSFER_ICU_LESS_EXPERIENCED);
    actions.push(tocilizumabInto(out, TOCILIZUMAB_G2, input, history, nowMs));
    steroidInto(out, DEXAMETHASONE_G2, input, settings);
  } else if (grade === 3) {
    actions.push(TRANSFER_ICU);
    actions.push(tocilizumabInto(out, TOCILIZUMAB_G3_G4, input, history, nowMs));
    steroidInto(out, DEXAMETHASONE_G3, input, settings);
    steroidInto(out, DEXAMETHASONE_G3_TAPER, input, settings);
  } else if (grade === 4) {
    actions.push(TRANSFER_ICU);
    const tocilizumab = tocilizumabInto(out, TOCILIZUMAB_G3_G4, input, history, nowMs);
    actions.push(tocilizumab);
    steroidInto(out, DEXAMETHASONE_G4, input, settings);
    methylprednisoloneInto(out, input, settings);
    const offset = input.now === undefined ? 0 : offsetMinutesOf(input.now);
    actions.push(input.icansGrade === 0 ? repeatTocilizumab(tocilizumab, history, nowMs, offset) : REPEAT_TOCILIZUMAB_REFUSED);
  }
  if (grade >= 3) {
    actions.push(ECHOCARDIOGRAM);
    actions.push(REFRACTORY);
  }
  const afterTwo = history.length >= 2;
  if (afterTwo) actions.push(steroidStep ? STEROIDS_AFTER_TWO_PLAN : STEROIDS_AFTER_TWO);
  if (steroidStep || afterTwo) actions.push(ANTIFUNGAL);
  actions.push(TAPER);
  if (input.weight === undefined) out.warnings.push(WEIGHT_MISSING);
  if (input.ageYears === undefined) out.warnings.push(AGE_MISSING);
}

/** The value is the grade alone: one shared (frozen) object per grade. */
const VALUES: readonly CrsValue[] = Object.freeze([0, 1, 2, 3, 4].map((grade) => Object.freeze({ grade })));
const NO_ACTIONS: readonly Action[] = Object.freeze([]);
const ORGAN_TOXICITY_ONLY: readonly Warning[] = Object.freeze([ORGAN_TOXICITY]);

export function assessCrs(input: CrsInput, settings: InstitutionSettings): Assessment<CrsValue> {
  const out = OUT;
  out.basis.clear();
  out.actions.clear();
  out.warnings.clear();
  const grade = gradeInto(input, out);
  if (grade === null) return cannotAssess('crs', out.warnings.take(), out.basis.take());
  manageInto(grade, input, settings, out);
  let warnings: readonly Warning[];
  // The common case, no other warning, shares one list.
  if (out.warnings.length === 0) warnings = ORGAN_TOXICITY_ONLY;
  else {
    out.warnings.push(ORGAN_TOXICITY);
    warnings = out.warnings.take();
  }
  const actions = out.actions.length === 0 ? NO_ACTIONS : out.actions.take();
  return assessed('crs', VALUES[grade]!, out.basis.take(), actions, warnings);
}

export const crsInstrument = defineInstrument({
  name: 'crs',
  kind: 'instrument',
  section: '002 §3.1.2, Table 7, Figure 4',
  input: CrsInput,
  value: CrsValue,
  evaluate: assessCrs,
  summary: (v) => ({ grade: v.grade }),
});
