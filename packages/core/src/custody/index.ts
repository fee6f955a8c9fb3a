/**
 * Chain of identity and custody for patient-specific cell products (issue 6): ISBT 128 DINs and
 * COI identifiers, the custody reducer, cabinet occupancy, clocks, deviations, lineage and
 * vein-to-vein time. Everything here is pure: the server passes ids, sequences and `now`.
 */
export { MOD37_2_ALPHABET, mod37Value, mod37Checksum, mod37CheckCharacter } from './iso7064.js';
export {
  DIN_RULES,
  FIN_PATTERN,
  DIN_PARTS,
  parseDin,
  formatDin,
  typeThreeFlags,
  containerFlag,
  containerOfFlag,
  DinAssignment,
  assignDin,
  DinString,
  type DinPart,
  type Din,
  type DinRefusal,
  type DinParseResult,
  type FormattedDin,
} from './din.js';
export { COI_RULES, COI_SCHEMES, COI_PARTS, parseCoi, CoiAssignment, issueCoi, type CoiScheme, type CoiPart, type CoiIdentifier, type CoiRefusal, type CoiParseResult } from './coi.js';
export * from './events.js';
export { StorageTemperature, TemperatureReading, STORAGE_TEMPERATURE_RANGE_C, excursions, type TemperatureRange } from './temperature.js';
export * from './state.js';
export { CUSTODY_REASONS, CUSTODY_REASON_CODES, DEVIATION_ONLY_CODES, isHardStopCode, type CustodyReasonCode } from './reasons.js';
export type { CustodyReason, DeviationDraft, CustodyOutcome, CustodyResult, StepIdentity } from './outcome.js';
export { deviationDraft } from './outcome.js';
export { TWO_PERSON_STEPS, CUSTODY_STEP_ROLES, checkPeople } from './two-person.js';
export { earliestOf, refrigerationEnd, type CustodyContext } from './checks.js';
export { CabinetEvent, OpenMaterial, CabinetState, EMPTY_CABINETS, cabinetPatients, applyCabinetEvent, checkCabinetFor, type CabinetOutcome } from './cabinet.js';
export { applyCustodyEvent, replayCustody } from './custody.js';
export { releaseStatusOf } from './steps-product.js';
export * from './clocks.js';
export * from './deviations.js';
export * from './vein-to-vein.js';
export * from './lineage.js';
export * from './journey-facts.js';
