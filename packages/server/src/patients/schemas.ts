import * as z from 'zod';
import { IDENTIFIER_KINDS } from '../domain/patients.js';
import { OBSERVATION_CODE_NAMES, type ObservationCode } from '../domain/observation-codes.js';

/** Request and response shapes of the patient routes; the OpenAPI document is generated from them. */

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
const Instant = z.iso.datetime({ offset: true });

export const PatientParams = z.object({ patientId: z.string().describe('Patient id (UUID).') });
export const CareTeamParams = PatientParams.extend({ userId: z.string().describe('User id (UUID).') });

export const IdentifierSchema = z
  .object({
    system: z.string().min(1).max(200).describe('Namespace of the value, e.g. the hospital\'s medical record number URI.'),
    value: z.string().min(1).max(100),
    kind: z.enum(IDENTIFIER_KINDS),
  })
  .strict();

export const NewPatientSchema = z
  .object({
    name: z.string().trim().min(1).max(200).describe('Name as written on the wristband, e.g. 王小明.'),
    nameLatin: z.string().trim().min(1).max(200).nullable().default(null).describe('Romanised name, e.g. as on the passport.'),
    birthDate: z.iso.date(),
    sex: z.enum(SEXES),
    // The count (2-3, handbook §1.4 item 10 (1)) is checked by createPatient, whose rule names the reason.
    identifiers: z.array(IdentifierSchema).describe('2 or 3 identifiers of different systems (handbook §1.4 item 10 (1)).'),
  })
  .strict();

export const PatientChangesSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    nameLatin: z.string().trim().min(1).max(200).nullable(),
    birthDate: z.iso.date(),
    sex: z.enum(SEXES),
  })
  .partial()
  .strict()
  .describe('The demographic fields to change; send If-Match with the ETag you read.');

export const EpisodeSummarySchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.string(),
  disease: z.string(),
  startedAt: z.iso.datetime(),
});

export const CareTeamMemberSchema = z.object({ userId: z.uuid(), displayName: z.string(), role: z.string(), addedAt: z.iso.datetime() });

export const PatientSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  nameLatin: z.string().nullable(),
  birthDate: z.iso.date(),
  sex: z.enum(SEXES),
  identifiers: z.array(IdentifierSchema),
  activeEpisode: EpisodeSummarySchema.nullable().describe('The course under way (not ended), the latest started; null when none.'),
  version: z.number().int(),
});

export const PatientSchema = PatientSummarySchema.extend({
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  careTeam: z.array(CareTeamMemberSchema),
});

const QuantityValue = z.object({ quantity: z.object({ value: z.number(), unit: z.string().min(1).max(40) }).strict() }).strict();
const CodedValue = z.object({ code: z.string().min(1).max(100) }).strict();
const IntegerValue = z.object({ integer: z.number() }).strict();

export const NewObservationSchema = z
  .object({
    code: z.enum(OBSERVATION_CODE_NAMES as [ObservationCode, ...ObservationCode[]]).describe('What was observed: a server observation code, mapped to LOINC where LOINC has one.'),
    value: z.union([QuantityValue, CodedValue, IntegerValue]).describe('A measurement with its UCUM unit, a coded finding, or a whole-number score, as the code requires.'),
    effectiveAt: Instant.describe('When it was measured or observed (ISO 8601 with offset).'),
    episodeId: z.uuid().nullable().default(null),
    referenceRange: z
      .object({ low: QuantityValue.shape.quantity.optional(), high: QuantityValue.shape.quantity.optional() })
      .strict()
      .nullable()
      .default(null)
      .describe("The measuring laboratory's reference range for this result, in any UCUM unit convertible to the code's; it comes before the institution's configured limits."),
  })
  .strict();

export const ObservationSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  episodeId: z.uuid().nullable(),
  code: z.string(),
  loinc: z.string().nullable(),
  value: z.number().nullable().describe('In the canonical unit (`unit`).'),
  unit: z.string().nullable(),
  valueCode: z.string().nullable(),
  referenceLow: z.number().nullable().describe("The result's own reference range, low limit, in `unit`."),
  referenceHigh: z.number().nullable().describe("The result's own reference range, high limit, in `unit`."),
  entered: z.unknown().describe('The value as it was entered (unit and all).'),
  effectiveAt: z.iso.datetime(),
  recordedAt: z.iso.datetime(),
  source: z.string(),
  status: z.string(),
});

// Loose: other query parameters (e.g. ?lang= for the language of errors) stay on the request.
export const ObservationQuerySchema = z.looseObject({
  code: z.enum(OBSERVATION_CODE_NAMES as [ObservationCode, ...ObservationCode[]]).optional(),
  from: Instant.optional().describe('Observed at or after this instant.'),
  to: Instant.optional().describe('Observed before this instant.'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

export const NewAdministrationSchema = z
  .object({
    drug: z.string().min(1).max(100).describe('Lower-case generic name, e.g. tocilizumab.'),
    dose: z.object({ value: z.number().positive(), unit: z.string().min(1).max(40) }).strict().nullable(),
    route: z.string().min(1).max(40).nullable().default(null).describe('e.g. IV, PO, SC.'),
    administeredAt: Instant,
    episodeId: z.uuid().nullable().default(null),
  })
  .strict();

export const AdministrationSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  episodeId: z.uuid().nullable(),
  drug: z.string(),
  dose: z.object({ value: z.number(), unit: z.string() }).nullable(),
  route: z.string().nullable(),
  administeredAt: z.iso.datetime(),
  recordedAt: z.iso.datetime(),
  source: z.string(),
  status: z.string(),
});

export const AdministrationQuerySchema = z.looseObject({
  drug: z.string().min(1).max(100).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});
