/**
 * Approved CAR-T indications as data: one entry per product, each with its indications. The
 * eligibility planner matches a patient against these entries with generic rules, so adding a
 * product (or an indication) is a data change only.
 *
 * Source: handbook §1.2.1 (tisagenlecleucel, the one product approved by the Taiwan FDA when the
 * handbook was written).
 */

/** Diagnoses the planner knows. 'other' never matches an indication. */
export const ELIGIBILITY_DIAGNOSES = ['B-ALL', 'DLBCL', 'FL', 'MCL', 'other'] as const;
export type EligibilityDiagnosis = (typeof ELIGIBILITY_DIAGNOSES)[number];

/**
 * Disease status at assessment. 'refractory' covers primary refractory disease and refractory
 * relapse; whether a relapse followed an allo-HCT is a separate answer.
 */
export const INDICATION_DISEASE_STATUSES = ['refractory', 'first-relapse', 'second-or-later-relapse', 'not-relapsed-or-refractory'] as const;
export type IndicationDiseaseStatus = (typeof INDICATION_DISEASE_STATUSES)[number];

/** What an indication accepts; the patient must satisfy at least one of its criteria. */
export const INDICATION_STATUS_CRITERIA = ['refractory', 'relapse-after-allo-hct', 'second-or-later-relapse', 'any-relapse'] as const;
export type StatusCriterion = (typeof INDICATION_STATUS_CRITERIA)[number];

export interface ApprovedIndication {
  /** Unique id, `<product>.<indication>`. */
  readonly id: string;
  readonly diagnosis: EligibilityDiagnosis;
  /** Inclusive, in completed years (the age at the last birthday). */
  readonly minAgeYears?: number;
  /** Inclusive, in completed years: 25 admits a patient of 25 years and 11 months, not one of 26. */
  readonly maxAgeYears?: number;
  /** Lines of prior systemic therapy, at least. */
  readonly minPriorSystemicLines?: number;
  readonly statusAnyOf: readonly StatusCriterion[];
  /** Approved on response rate and duration; confirmatory trials still required. */
  readonly acceleratedApproval: boolean;
  /** Seed section the entry comes from, for display. */
  readonly section: string;
}

export interface CarTProduct {
  /** Generic name, as given in the input. */
  readonly product: string;
  readonly brand?: string;
  /** The antigen the CAR targets: the disease must express it. */
  readonly targetAntigen: string;
  readonly indications: readonly ApprovedIndication[];
}

/**
 * Tisagenlecleucel (Kymriah) as handbook §1.2.1 states its three indications:
 * B-ALL, refractory, relapsed after transplant, or in second or later relapse, in patients aged
 * 25 years or younger; adult r/r DLBCL after two or more lines of systemic therapy; adult r/r FL
 * after two or more lines (accelerated approval). "Adult" is read as 18 years or older.
 */
export const TISAGENLECLEUCEL: CarTProduct = Object.freeze({
  product: 'tisagenlecleucel',
  brand: 'Kymriah',
  targetAntigen: 'CD19',
  indications: Object.freeze([
    Object.freeze({
      id: 'tisagenlecleucel.b-all',
      diagnosis: 'B-ALL',
      maxAgeYears: 25,
      statusAnyOf: Object.freeze(['refractory', 'relapse-after-allo-hct', 'second-or-later-relapse'] as const),
      acceleratedApproval: false,
      section: '§1.2.1 (indication 1)',
    }),
    Object.freeze({
      id: 'tisagenlecleucel.dlbcl',
      diagnosis: 'DLBCL',
      minAgeYears: 18,
      minPriorSystemicLines: 2,
      statusAnyOf: Object.freeze(['refractory', 'any-relapse'] as const),
      acceleratedApproval: false,
      section: '§1.2.1 (indication 2)',
    }),
    Object.freeze({
      id: 'tisagenlecleucel.fl',
      diagnosis: 'FL',
      minAgeYears: 18,
      minPriorSystemicLines: 2,
      statusAnyOf: Object.freeze(['refractory', 'any-relapse'] as const),
      acceleratedApproval: true,
      section: '§1.2.1 (indication 3)',
    }),
  ]),
});

/** Every product the planner knows. Add a product by adding an entry here. */
export const CAR_T_PRODUCTS: readonly CarTProduct[] = Object.freeze([TISAGENLECLEUCEL]);
