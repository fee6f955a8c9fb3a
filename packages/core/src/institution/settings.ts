import * as z from 'zod';
import { FIN_PATTERN } from '../custody/din.js';

/** A laboratory reference limit in the analyte's canonical unit; null while the institution has not set it. */
const limit = (description: string) => z.number().positive().finite().nullable().default(null).describe(description);

/**
 * What the handbook leaves to institutional protocol. Each setting states its default and
 * why; the server stores versions of these and records the version used by each assessment.
 */
export const InstitutionSettingsSchema = z
  .object({
    lessExperiencedCenter: z
      .boolean()
      .default(false)
      .describe(
        'Handbook Figure 4 note b and Figure 6 note a (Hayden 2022): less experienced centers transfer grade 2 CRS to the ICU and alert neurology for grade 2 ICANS. Default: false.',
      ),
    pediatricAgeLimitYears: z
      .number()
      .int()
      .min(12)
      .max(21)
      .default(18)
      .describe(
        'Age below which the handbook\'s "children" doses (e.g. dexamethasone 0.5 mg/kg) apply. The handbook does not define the age; default: 18 years (legal adulthood in Taiwan).',
      ),
    timeZone: z
      .string()
      .default('Asia/Taipei')
      .refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC', { message: 'settings.time-zone-unknown' })
      .describe('IANA time zone in which calendar days (day 0, day +30, due dates) are counted. Default: Asia/Taipei.'),
    criticalAlertEscalationMinutes: z
      .number()
      .int()
      .min(1)
      .max(240)
      .default(15)
      .describe(
        'Minutes after which an unacknowledged critical alert (e.g. CRS grade >= 2, febrile neutropenia) is escalated to the physician in charge. The handbook leaves alerting to institutional protocol; default: 15 minutes, a quarter of the one-hour antibiotic deadline for febrile neutropenia (seed 000).',
      ),
    warningAlertEscalationMinutes: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .default(60)
      .describe('Minutes after which an unacknowledged warning alert is escalated. Institutional protocol; default: 60 minutes.'),
    deadlineAlertLeadMinutes: z
      .number()
      .int()
      .min(0)
      .max(10080)
      .default(1440)
      .describe(
        'Minutes before a journey deadline (cryopreservation within 24 h, infusion within 14 days of LDC...) at which its alert is raised; the handbook leaves alerting to institutional protocol. Default: 1440 minutes (24 h), the longest hour-counted deadline in the handbook (cryopreservation within 24 h of collection end, §1.4 item 7), so every hour-counted deadline is watched from its start and a day-counted one on its last day.',
      ),
    facilityCode: z
      .string()
      .regex(FIN_PATTERN, { message: 'settings.facility-identification-number' })
      .nullable()
      .default(null)
      .describe('The ICCBBA Facility Identification Number (5 characters) used in ISBT 128 Donation Identification Numbers; null until the institution has one.'),
    institutionName: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .nullable()
      .default(null)
      .describe(
        'The institution\'s name as labels print it for the collection facility (after the Facility Identification Number, when one is set). Null (the default): labels print the collection location\'s identifier instead. At most 40 characters; a name that a label\'s facility line cannot hold even at its smallest print size is refused when the settings are saved.',
      ),
    liquidNitrogenMaxCelsius: z
      .number()
      .min(-196)
      .max(-60)
      .default(-150)
      .describe(
        'Warmest acceptable temperature, °C, for cryopreserved material and product in liquid-nitrogen storage, in the dry shipper and on the way to the bedside; a reading above it is a custody deviation. The handbook leaves the figure to the manufacturer (§1.4 item 9, §2.2.1); default: -150 °C, vapour-phase liquid nitrogen; set it to the product label.',
      ),
    coldStorageClockLeadMinutes: z
      .number()
      .int()
      .min(0)
      .max(240)
      .default(60)
      .describe(
        'Minutes before the 4-hour deadline (apheresis material frozen or at 2-8 °C within 4 h of the end of collection, handbook §1.4 item 6) at which the custody clock turns to warning. The handbook gives no warning time; default: 60 minutes, the last quarter of the window.',
      ),
    cryopreservationClockLeadMinutes: z
      .number()
      .int()
      .min(0)
      .max(1440)
      .default(360)
      .describe(
        'Minutes before the 24-hour deadline (cryopreservation completed within 24 h of the end of collection, handbook §1.4 item 6) at which the custody clock turns to warning. The handbook gives no warning time; default: 360 minutes (6 h), the last quarter of the window.',
      ),
    bedsideLookBackHours: z
      .number()
      .min(1)
      .max(48)
      .default(12)
      .describe(
        'How old a bedside finding (temperature, blood pressure, hypotension, oxygen device and flow, ICE / CAPD, neurological examination, antipyretic) may be and still describe the patient now, for the alert engine. The handbook sets no age; default: 12 hours, one nursing shift (an older finding is "not recorded", so the instrument says it cannot assess rather than grade a stale value).',
      ),
    laboratoryLookBackHours: z
      .number()
      .min(6)
      .max(168)
      .default(36)
      .describe(
        'How old a laboratory value (ANC, ferritin, fibrinogen, electrolytes, creatinine...) may be for the alert engine. Laboratory monitoring after CAR-T is daily (handbook §3.1.4, monitoring of IEC-HS; §3.1.1 TLS); default: 36 hours, one daily draw plus a 12-hour margin for a late sample.',
      ),
    feverMaskingHours: z
      .number()
      .min(6)
      .max(336)
      .default(72)
      .describe(
        'For how long after tocilizumab or a corticosteroid a normal temperature is read as possibly masked (ASTCT CRS grading, handbook Table 7 note: fever is then no longer required). The handbook gives no duration; default: 72 hours, the order of tocilizumab\'s elimination half-life, erring towards not missing CRS.',
      ),
    laboratoryReferenceLimits: z
      .object({
        ferritinUpperNgPerMl: limit('Ferritin upper limit of normal, ng/mL (IEC-HS, Table 9).'),
        astUpperUPerL: limit('AST upper limit of normal, U/L (IEC-HS, Table 9).'),
        altUpperUPerL: limit('ALT upper limit of normal, U/L (IEC-HS, Table 9).'),
        ldhUpperUPerL: limit('LDH upper limit of normal, U/L (IEC-HS, Table 9).'),
        fibrinogenLowerMgPerDl: limit('Fibrinogen lower limit of normal, mg/dL (IEC-HS, Table 9).'),
        creatinineUpperMgPerDl: limit('Creatinine upper limit of normal, mg/dL (clinical TLS, Cairo-Bishop).'),
      })
      .strict()
      .default({ ferritinUpperNgPerMl: null, astUpperUPerL: null, altUpperUPerL: null, ldhUpperUPerL: null, fibrinogenLowerMgPerDl: null, creatinineUpperMgPerDl: null })
      .describe(
        "Reference limits of the institution's laboratory, used for a result that arrives without its own reference range (a result's own range, e.g. FHIR Observation.referenceRange, always comes first, since the limits belong to the assay that measured it). Reference ranges are assay-specific and the handbook gives none: default null (not configured), so a criterion that needs a missing limit is reported as not assessable rather than judged against an invented one.",
      ),
    empiricAntibiotics: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*$/))
      .min(1)
      .default(['cefepime', 'ceftazidime', 'piperacillin-tazobactam', 'meropenem', 'imipenem-cilastatin'])
      .describe(
        'Broad-spectrum antibiotics (lower-case generic names) whose administration meets the one-hour deadline of febrile neutropenia (seed 000, emergency item 2). Default: the anti-pseudomonal beta-lactams of the IDSA 2010 guideline (Freifeld 2011, doi 10.1093/cid/cir073); the formulary is institutional.',
      ),
  })
  .strict();

export type InstitutionSettings = z.output<typeof InstitutionSettingsSchema>;
export const DEFAULT_SETTINGS: InstitutionSettings = InstitutionSettingsSchema.parse({});
