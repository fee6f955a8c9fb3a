import type { QuantityKind } from '@cartographer/core';

/**
 * What the server accepts as an observation: each code names its LOINC code (where LOINC has
 * one), the quantity kind the core converts it with (UCUM), or the coded values it may take.
 * Values are stored in the kind's canonical unit beside what was entered, so nothing entered is
 * lost and every reading is compared in one unit.
 */
export const LOINC_SYSTEM = 'http://loinc.org';
/** Local codes for bedside findings that LOINC does not code the way the grading needs them. */
export const LOCAL_OBSERVATION_SYSTEM = 'urn:cartographer:observation';

interface QuantityCode {
  readonly type: 'quantity';
  readonly loinc: string | null;
  readonly kind: QuantityKind;
  readonly category: 'vital-signs' | 'laboratory' | 'survey' | 'exam';
}
interface CodedCode {
  readonly type: 'code';
  readonly loinc: string | null;
  readonly values: readonly string[];
  readonly category: 'vital-signs' | 'laboratory' | 'survey' | 'exam';
}
interface IntegerCode {
  readonly type: 'integer';
  readonly loinc: string | null;
  readonly min: number;
  readonly max: number;
  readonly category: 'vital-signs' | 'laboratory' | 'survey' | 'exam';
}
export type ObservationCodeDefinition = QuantityCode | CodedCode | IntegerCode;

const q = (loinc: string | null, kind: QuantityKind, category: QuantityCode['category']): QuantityCode => ({ type: 'quantity', loinc, kind, category });
const c = (loinc: string | null, values: readonly string[], category: CodedCode['category']): CodedCode => ({ type: 'code', loinc, values, category });
const n = (loinc: string | null, min: number, max: number, category: IntegerCode['category']): IntegerCode => ({ type: 'integer', loinc, min, max, category });

const YES_NO = ['yes', 'no'] as const;

export const OBSERVATION_CODES = {
  'body-temperature': q('8310-5', 'temperature', 'vital-signs'),
  'heart-rate': q('8867-4', 'heartRate', 'vital-signs'),
  'systolic-blood-pressure': q('8480-6', 'bloodPressure', 'vital-signs'),
  'respiratory-rate': q('9279-1', 'respiratoryRate', 'vital-signs'),
  'oxygen-saturation': q('59408-5', 'oxygenSaturation', 'vital-signs'),
  'oxygen-flow': q('3151-8', 'oxygenFlow', 'vital-signs'),
  'body-weight': q('29463-7', 'bodyWeight', 'vital-signs'),
  'body-height': q('8302-2', 'bodyHeight', 'vital-signs'),
  /** Oxygen delivery device, in the categories of ASTCT CRS grading (seed 002 Table 7). */
  'oxygen-device': c(null, ['none', 'nasal-cannula', 'blow-by', 'high-flow-nasal-cannula', 'face-mask', 'non-rebreather', 'venturi', 'cpap', 'bipap', 'mechanical-ventilation'], 'vital-signs'),
  /** Hypotension needing treatment, as the bedside nurse records it (seed 002 Table 7). */
  'hypotension': c(null, YES_NO, 'vital-signs'),
  'neutrophils': q('751-8', 'cellCountPerMicroliter', 'laboratory'),
  'leukocytes': q('6690-2', 'cellCountPerMicroliter', 'laboratory'),
  'platelets': q('777-3', 'plateletsPerMicroliter', 'laboratory'),
  'hemoglobin': q('718-7', 'hemoglobin', 'laboratory'),
  'ferritin': q('2276-4', 'ferritin', 'laboratory'),
  'crp': q('1988-5', 'crp', 'laboratory'),
  'fibrinogen': q('3255-7', 'fibrinogen', 'laboratory'),
  'ast': q('1920-8', 'enzymeActivity', 'laboratory'),
  'alt': q('1742-6', 'enzymeActivity', 'laboratory'),
  'bilirubin': q('1975-2', 'bilirubin', 'laboratory'),
  'creatinine': q('2160-0', 'creatinine', 'laboratory'),
  'potassium': q('2823-3', 'potassium', 'laboratory'),
  'phosphate': q('2777-1', 'phosphate', 'laboratory'),
  'calcium': q('17861-6', 'calcium', 'laboratory'),
  'uric-acid': q('3084-1', 'uricAcid', 'laboratory'),
  'ldh': q('2532-0', 'ldh', 'laboratory'),
  'triglycerides': q('2571-8', 'triglycerides', 'laboratory'),
  /** ICE (seed 002 Table 8): total 0-10. */
  'ice-score': n(null, 0, 10, 'survey'),
  /** CAPD (seed 002 Table 8, children under 12): total 0-32. */
  'capd-score': n(null, 0, 32, 'survey'),
  'depressed-consciousness': c(null, ['none', 'awakens-to-voice', 'awakens-to-touch', 'unarousable-or-stupor-or-coma'], 'exam'),
  'seizure': c(null, ['none', 'focal-or-generalized-resolving', 'non-convulsive-on-eeg', 'prolonged-or-repetitive'], 'exam'),
  'motor-findings': c(null, ['none', 'deep-focal-weakness'], 'exam'),
  'cerebral-edema': c(null, ['none', 'focal-or-local-on-imaging', 'diffuse-or-posturing-or-cushing-or-papilledema-or-cn-vi'], 'exam'),
  'hemophagocytosis': c(null, YES_NO, 'laboratory'),
} as const satisfies Record<string, ObservationCodeDefinition>;

export type ObservationCode = keyof typeof OBSERVATION_CODES;
export const OBSERVATION_CODE_NAMES = Object.keys(OBSERVATION_CODES) as ObservationCode[];

const byLoinc = new Map<string, ObservationCode>(
  OBSERVATION_CODE_NAMES.flatMap((code) => {
    const loinc = OBSERVATION_CODES[code].loinc;
    return loinc === null ? [] : [[loinc, code] as const];
  }),
);

/** The observation code for a FHIR coding (LOINC or the local system); undefined when unknown. */
export function codeFromCoding(system: string | undefined, code: string | undefined): ObservationCode | undefined {
  if (code === undefined) return undefined;
  if (system === LOINC_SYSTEM) return byLoinc.get(code);
  if (system === LOCAL_OBSERVATION_SYSTEM && Object.hasOwn(OBSERVATION_CODES, code)) return code as ObservationCode;
  return undefined;
}

export function isObservationCode(code: string): code is ObservationCode {
  return Object.hasOwn(OBSERVATION_CODES, code);
}
