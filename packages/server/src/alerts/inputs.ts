import { localDateOf, TLS_DISEASES, VASOPRESSORS, type Warning } from '@cartographer/core';
import type { ObservationCode } from '../domain/observation-codes.js';
import { ENGINE_RULES } from './rules.js';
import type { ClinicalState, Reading } from './state.js';

/**
 * The inputs of the core instruments, built from a patient's clinical state. Each builder gives
 * the raw JSON input (what is stored with the assessment and validated by the core), or the
 * reasons it cannot be built. Absent readings are left out, never filled with normal values: the
 * core then answers "cannot assess" (conventions §2).
 */
export type Built = { readonly input: Record<string, unknown> } | { readonly cannot: readonly Warning[] };

type Raw = Record<string, unknown>;
const HOUR_MS = 3_600_000;

const quantity = (r: Reading | undefined) => (r === undefined || r.value === null || r.unit === null ? undefined : { value: r.value, unit: r.unit });
const iso = (d: Date) => d.toISOString();

/** Drops undefined members so that the stored input is what the core saw. */
function compact(raw: Raw): Raw {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
}

function latest(state: ClinicalState, code: ObservationCode): Reading | undefined {
  return state.latest.get(code);
}

type LimitSetting = keyof ClinicalState['settings']['laboratoryReferenceLimits'];

/**
 * A reference limit for the latest result of a code: the result's own range (its assay's) first,
 * else the institution's configured limit; none when neither exists (the core then says which
 * limit it needs). The unit is the code's canonical one, which both are stored in.
 */
function referenceLimit(state: ClinicalState, code: ObservationCode, side: 'low' | 'high', setting: LimitSetting, unit: string) {
  const reading = latest(state, code);
  const own = side === 'low' ? reading?.referenceLow : reading?.referenceHigh;
  const value = own ?? state.settings.laboratoryReferenceLimits[setting];
  return value === null || value === undefined ? undefined : { value, unit };
}

function administeredWithin(state: ClinicalState, drugs: readonly string[], hours: number): boolean {
  const from = state.now.getTime() - hours * HOUR_MS;
  return state.administrations.some((a) => drugs.includes(a.drug) && a.at.getTime() >= from);
}

const weight = (state: ClinicalState) => (state.weightKg === null ? undefined : { value: state.weightKg, unit: 'kg' });
const age = (state: ClinicalState) => state.ageYears ?? undefined;

/** Anti-cytokine therapy that masks fever (seed 002 Table 7 note; §3.1.2 drugs): tocilizumab, siltuximab, anakinra, corticosteroids. */
export const ANTI_CYTOKINE_DRUGS = ['tocilizumab', 'siltuximab', 'anakinra', 'dexamethasone', 'methylprednisolone', 'hydrocortisone', 'prednisolone'] as const;
/** Antipyretics (their effect lasts hours, so they count within the bedside window only). */
export const ANTIPYRETIC_DRUGS = ['acetaminophen', 'paracetamol', 'ibuprofen', 'propacetamol'] as const;
/** Vasopressors the CRS grading counts (core VASOPRESSORS without its catch-all 'other'). */
const PRESSORS: readonly string[] = VASOPRESSORS.filter((v) => v !== 'other');

/**
 * ASTCT CRS (seed 002 §3.1.2, Table 7). Hypotension and the oxygen device have no default in the
 * grading: without a recent record of each, CRS cannot be graded.
 */
export function crsInput(state: ClinicalState, icansGrade?: number): Built {
  const s = state.settings;
  const hypotension = latest(state, 'hypotension');
  const device = latest(state, 'oxygen-device');
  const cannot: Warning[] = [];
  if (hypotension?.code == null) cannot.push({ rule: ENGINE_RULES['crs-observation-missing'], field: 'hypotension', params: { observation: 'hypotension', hours: s.bedsideLookBackHours } });
  if (device?.code == null) cannot.push({ rule: ENGINE_RULES['crs-observation-missing'], field: 'oxygen.device', params: { observation: 'oxygen-device', hours: s.bedsideLookBackHours } });
  if (cannot.length > 0 || hypotension?.code == null || device?.code == null) return { cannot };
  const hypotensive = hypotension.code === 'yes';
  const flow = latest(state, 'oxygen-flow');
  // A flow reading older than the device reading belongs to an earlier device.
  const flowApplies = device.code !== 'none' && flow !== undefined && flow.at.getTime() >= device.at.getTime();
  const vasopressors = hypotensive
    ? [...new Set(state.administrations.filter((a) => PRESSORS.includes(a.drug) && a.at.getTime() >= state.now.getTime() - s.bedsideLookBackHours * HOUR_MS).map((a) => a.drug))]
    : [];
  const tocilizumab = state.administrations.filter((a) => a.drug === 'tocilizumab' && (state.episode === null || a.at >= state.episode.startedAt));
  return {
    input: compact({
      temperature: quantity(latest(state, 'body-temperature')),
      antipyreticOrAnticytokineGiven: administeredWithin(state, ANTI_CYTOKINE_DRUGS, s.feverMaskingHours) || administeredWithin(state, ANTIPYRETIC_DRUGS, s.bedsideLookBackHours),
      hypotension: hypotensive,
      vasopressors,
      oxygen: compact({ device: device.code, flow: flowApplies ? quantity(flow) : undefined }),
      weight: weight(state),
      ageYears: age(state),
      icansGrade,
      now: iso(state.now),
      tocilizumabAdministrations: tocilizumab.map((a) => ({ at: iso(a.at) })),
    }),
  };
}

const CONSCIOUSNESS: Readonly<Record<string, string>> = {
  none: 'alert',
  'awakens-to-voice': 'awakens-to-voice',
  'awakens-to-touch': 'awakens-to-tactile-only',
  'unarousable-or-stupor-or-coma': 'unarousable',
};
// Table 8: a rapidly resolving clinical seizure and a non-convulsive EEG seizure resolving with intervention are both grade 3.
const SEIZURE: Readonly<Record<string, string>> = {
  none: 'none',
  'focal-or-generalized-resolving': 'rapidly-resolving',
  'non-convulsive-on-eeg': 'rapidly-resolving',
  'prolonged-or-repetitive': 'prolonged-or-repetitive',
};
const EDEMA: Readonly<Record<string, string>> = {
  none: 'none',
  'focal-or-local-on-imaging': 'focal-edema',
  'diffuse-or-posturing-or-cushing-or-papilledema-or-cn-vi': 'diffuse-edema-or-signs',
};

/** ASTCT ICANS (seed 002 §3.1.3, Table 8): the domains recorded in the bedside window. */
export function icansInput(state: ClinicalState, crsGrade?: number): Built {
  const code = (c: ObservationCode, map?: Readonly<Record<string, string>>) => {
    const value = latest(state, c)?.code;
    return value == null ? undefined : map ? map[value] : value;
  };
  const ice = latest(state, 'ice-score');
  const capd = latest(state, 'capd-score');
  const infusion = state.episode?.infusionStart;
  return {
    input: compact({
      ageYears: age(state),
      ice: ice?.value == null ? undefined : { total: ice.value },
      capd: capd?.value == null ? undefined : { total: capd.value },
      consciousness: code('depressed-consciousness', CONSCIOUSNESS),
      seizure: code('seizure', SEIZURE),
      motor: code('motor-findings'),
      cerebralEdema: code('cerebral-edema', EDEMA),
      weight: weight(state),
      crsGrade,
      // The onset is at or before now; hours to now are an upper bound of hours to onset.
      hoursSinceInfusion: infusion && infusion <= state.now ? (state.now.getTime() - infusion.getTime()) / HOUR_MS : undefined,
    }),
  };
}

/** Febrile neutropenia (seed 000, emergency item 2): antibiotics are due one hour after both criteria are known. */
export function febrileNeutropeniaInput(state: ClinicalState): Built {
  const anc = latest(state, 'neutrophils');
  const temperature = latest(state, 'body-temperature');
  const observedAt = anc && temperature ? (anc.at > temperature.at ? anc.at : temperature.at) : undefined;
  return { input: compact({ anc: quantity(anc), temperature: quantity(temperature), observedAt: observedAt && iso(observedAt) }) };
}

/** A baseline or limit from the course's details: a number in the canonical unit, or { value, unit }. */
function detailQuantity(source: Readonly<Record<string, unknown>> | undefined, key: string, unit: string) {
  const v = source?.[key];
  if (typeof v === 'number') return { value: v, unit };
  if (typeof v === 'object' && v !== null && typeof (v as Raw)['value'] === 'number' && typeof (v as Raw)['unit'] === 'string') return v;
  return undefined;
}

/** How the CRS evolved in this course, from its graded assessments (the latest is the current one). */
export function crsCourse(grades: readonly number[]): 'none' | 'active' | 'improving' | 'resolved' | 'worsening-after-initial-improvement' | undefined {
  const current = grades[grades.length - 1];
  if (current === undefined) return undefined;
  const peak = Math.max(...grades);
  if (peak === 0) return 'none';
  if (current === 0) return 'resolved';
  const peakAt = grades.indexOf(peak);
  const since = grades.slice(peakAt + 1, -1);
  const trough = since.length === 0 ? undefined : Math.min(...since);
  if (trough !== undefined && trough < peak && current > trough) return 'worsening-after-initial-improvement';
  return current < peak ? 'improving' : 'active';
}

/** Clinician judgments the IEC-HS criteria need and no observation records (Hines 2023, Table 1). */
const IEC_HS_JUDGMENTS = [
  'alternativeCausesExcluded',
  'ferritinRisingRapidly',
  'cytopenia',
  'otherCoagulopathy',
  'directHyperbilirubinemia',
  'newSplenomegaly',
  'severity',
  'intubated',
  'dialysis',
  'bleeding',
] as const;

/** ASTCT IEC-HS (seed 002 §3.1.4, Table 9): laboratory values, baselines, the CRS course and the clinician's judgments. */
export function iecHsInput(state: ClinicalState, crsGrades: readonly number[], icansGrade: number | undefined): Built {
  const details = state.episode?.details;
  const lab = (c: ObservationCode) => quantity(latest(state, c));
  const hemophagocytosis = latest(state, 'hemophagocytosis')?.code;
  const temperature = latest(state, 'body-temperature');
  const judged = state.clinicianIecHs ?? {};
  const judgments = Object.fromEntries(IEC_HS_JUDGMENTS.filter((k) => judged[k] !== undefined).map((k) => [k, judged[k]]));
  return {
    input: compact({
      ferritin: lab('ferritin'),
      ferritinUln: referenceLimit(state, 'ferritin', 'high', 'ferritinUpperNgPerMl', 'ng/mL'),
      ferritinBaseline: detailQuantity(details?.baseline, 'ferritin', 'ng/mL'),
      crsCourse: crsCourse(crsGrades),
      ast: lab('ast'),
      astUln: referenceLimit(state, 'ast', 'high', 'astUpperUPerL', 'U/L'),
      astBaseline: detailQuantity(details?.baseline, 'ast', 'U/L'),
      alt: lab('alt'),
      altUln: referenceLimit(state, 'alt', 'high', 'altUpperUPerL', 'U/L'),
      altBaseline: detailQuantity(details?.baseline, 'alt', 'U/L'),
      fibrinogen: lab('fibrinogen'),
      fibrinogenLln: referenceLimit(state, 'fibrinogen', 'low', 'fibrinogenLowerMgPerDl', 'mg/dL'),
      hemophagocytosis: hemophagocytosis == null ? undefined : hemophagocytosis === 'yes',
      ldh: lab('ldh'),
      ldhUln: referenceLimit(state, 'ldh', 'high', 'ldhUpperUPerL', 'U/L'),
      // Table 9 "fever": the CRS fever threshold (38 °C, Table 7).
      fever: temperature?.value == null ? undefined : temperature.value >= 38,
      neurotoxicity: icansGrade === undefined ? undefined : icansGrade > 0,
      ageYears: age(state),
      weight: weight(state),
      hemoglobin: lab('hemoglobin'),
      platelets: lab('platelets'),
      ...judgments,
    }),
  };
}

/** Laboratory TLS (seed 002 §3.1.1; Cairo-Bishop 2004): the latest electrolytes against the course's baseline. */
export function tlsInput(state: ClinicalState): Built {
  const details = state.episode?.details;
  const lab = (c: ObservationCode) => quantity(latest(state, c));
  const base = details?.baseline;
  const diseaseName = details?.disease ?? state.episode?.disease;
  const disease = (TLS_DISEASES as readonly string[]).includes(diseaseName ?? '') ? diseaseName : undefined;
  const tz = state.settings.timeZone;
  const ldc = state.episode?.ldcStart;
  const days = ldc
    ? Math.round((Date.parse(localDateOf(iso(state.now), tz)) - Date.parse(localDateOf(iso(ldc), tz))) / (24 * HOUR_MS))
    : undefined;
  return {
    input: compact({
      disease,
      current: compact({ uricAcid: lab('uric-acid'), potassium: lab('potassium'), phosphate: lab('phosphate'), calcium: lab('calcium') }),
      baseline: compact({
        uricAcid: detailQuantity(base, 'uricAcid', 'mg/dL'),
        potassium: detailQuantity(base, 'potassium', 'mmol/L'),
        phosphate: detailQuantity(base, 'phosphate', 'mg/dL'),
        calcium: detailQuantity(base, 'calcium', 'mg/dL'),
      }),
      ageYears: age(state),
      creatinine: lab('creatinine'),
      creatinineUpperLimit: referenceLimit(state, 'creatinine', 'high', 'creatinineUpperMgPerDl', 'mg/dL'),
      daysFromTherapyStart: days !== undefined && days >= -365 && days <= 365 ? days : undefined,
      weight: weight(state),
    }),
  };
}

const GCSF = ['filgrastim', 'lenograstim', 'pegfilgrastim'];

/** ICAHT (seed 002 §3.1.5, Table 12): the ANC series from day 0; null without an infusion. */
export function icahtInput(state: ClinicalState): Built | null {
  const infusion = state.episode?.infusionStart;
  if (!infusion || infusion > state.now) return null;
  const tz = state.settings.timeZone;
  const gcsf = state.administrations.filter((a) => GCSF.includes(a.drug) && a.at >= infusion);
  const gcsfDays = [...new Set(gcsf.map((a) => localDateOf(iso(a.at), tz)))].sort();
  const hematotox = state.episode?.details.hematotoxRisk;
  return {
    input: compact({
      infusionDate: localDateOf(iso(infusion), tz),
      asOfDate: localDateOf(iso(state.now), tz),
      anc: state.ancSeries.flatMap((r) => {
        const value = quantity(r);
        return value ? [{ date: localDateOf(iso(r.at), tz), value }] : [];
      }),
      gcsf: gcsfDays[0] === undefined ? undefined : { startedDate: gcsfDays[0], daysGiven: gcsfDays.length },
      platelets: quantity(latest(state, 'platelets')),
      weight: weight(state),
      hematotoxRisk: hematotox === 'low' || hematotox === 'high' ? hematotox : undefined,
    }),
  };
}

/** Tocilizumab limits (seed 002 §3.1.2 drugs): only once a dose was given in this course, and with a weight for the dose. */
export function tocilizumabInput(state: ClinicalState): Built | null {
  const given = state.administrations.filter((a) => a.drug === 'tocilizumab' && (state.episode === null || a.at >= state.episode.startedAt));
  if (given.length === 0 || state.weightKg === null) return null;
  return { input: { weight: { value: state.weightKg, unit: 'kg' }, now: iso(state.now), administrations: given.map((a) => ({ at: iso(a.at) })) } };
}
