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
  })
  .strict();

export type InstitutionSettings = z.output<typeof InstitutionSettingsSchema>;
export const DEFAULT_SETTINGS: InstitutionSettings = InstitutionSettingsSchema.parse({});
