import * as z from 'zod';

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
    facilityCode: z
      .string()
      .regex(/^[A-Z][0-9A-Z]{4}$/, { message: 'settings.facility-code-format' })
      .nullable()
      .default(null)
      .describe('The ICCBBA Facility Identification Number (5 characters) used in ISBT 128 Donation Identification Numbers; null until the institution has one.'),
  })
  .strict();

export type InstitutionSettings = z.output<typeof InstitutionSettingsSchema>;
export const DEFAULT_SETTINGS: InstitutionSettings = InstitutionSettingsSchema.parse({});
