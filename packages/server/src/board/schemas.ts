import { BasisSchema, renderedAssessmentSchema } from '@cartographer/core';
import * as z from 'zod';
import { AlertSchema } from '../alerts/routes.js';
import { ALERT_SEVERITIES } from '../alerts/store.js';
import { COURSE_KINDS } from '../journey/definitions.js';
import { STEP_STATUSES } from '../journey/schemas.js';
import { IdentifierSchema, PatientSchema, PatientSummarySchema } from '../patients/schemas.js';

/**
 * The bedside read models: what the ward board, the patient page and the alert view show, each in
 * one request, with every text already in the reader's language. Built from the same stores as
 * the patient, alert, assessment and journey routes.
 */

const Instant = z.iso.datetime();
const CalendarDate = z.iso.date();

export const BoardQuery = z.object({ lang: z.enum(['zh-TW', 'en']).optional().describe('Response language; Accept-Language otherwise, zh-TW by default.') }).strict();
export const SheetQuery = BoardQuery.extend({
  hours: z.coerce.number().int().min(1).max(720).default(72).describe('Observations of the last this many hours.'),
}).strict();
export const PatientParams = z.object({ patientId: z.string().describe('Patient id (UUID).') });
export const AlertParams = z.object({ alertId: z.string().describe('Alert id (UUID).') });

const Day = {
  dayZero: CalendarDate.nullable().describe('Day 0 (the infusion) in the institution\'s time zone; null while no infusion date is known.'),
  day: z.number().int().nullable().describe('Calendar days from day 0 to today: negative before the infusion, e.g. 4 on day +4.'),
};

export const ViewerSchema = z
  .object({ canAcknowledge: z.boolean().describe('The signed-in user\'s role holds alert.acknowledge.') })
  .describe('What the signed-in user may do here (from the permission table).');

export const GradeSchema = z.object({
  assessmentId: z.uuid(),
  instrument: z.string(),
  name: z.string().describe('The abbreviation clinicians use in every language, e.g. CRS, ICANS, IEC-HS, ICAHT.'),
  status: z.enum(['assessed', 'cannot-assess']),
  summary: z.string().describe('One line in the requested language, e.g. "CRS grade 2".'),
  assessedAt: Instant,
});

export const NextDeadlineSchema = z.object({
  step: z.string(),
  rule: z.string(),
  text: z.string(),
  dueAt: Instant,
  overdue: z.boolean(),
});

export const CourseSummarySchema = z.object({
  episodeId: z.uuid(),
  kind: z.enum(COURSE_KINDS),
  disease: z.string(),
  startedAt: Instant,
  ...Day,
  activeStep: z.object({ step: z.string(), title: z.string(), ownerRole: z.string(), startedAt: Instant.nullable() }).nullable(),
  nextDeadline: NextDeadlineSchema.nullable().describe('The soonest open deadline of the course.'),
});

export const BoardRowSchema = z.object({
  patient: PatientSummarySchema,
  highestSeverity: z.enum(ALERT_SEVERITIES).nullable().describe('Of the live alerts; null when none.'),
  alerts: z.array(AlertSchema).describe('Live (open or acknowledged) alerts, most urgent first.'),
  grades: z.array(GradeSchema).describe('The latest CRS, ICANS, IEC-HS and ICAHT assessments.'),
  course: CourseSummarySchema.nullable().describe('The active course; null when none.'),
});

export const BoardSchema = z
  .object({
    generatedAt: Instant,
    timeZone: z.string().describe('The institution\'s time zone, for showing times.'),
    viewer: ViewerSchema,
    rows: z.array(BoardRowSchema).describe('Patients with an unacknowledged critical alert first, then by their most severe live alert; by name within each group.'),
  })
  .describe('The ward board: the patients on your care teams.');

export const RenderedSchema = renderedAssessmentSchema(z.unknown());

export const StoredAssessmentSchema = z.object({
  id: z.uuid(),
  instrument: z.string(),
  assessedAt: Instant,
  trigger: z.string(),
  settingsVersion: z.number().int(),
  rendered: RenderedSchema.nullable().describe('The result with its explanation in the requested language; null when its ruleset is no longer known.'),
});

const DeadlineSchema = z.object({
  rule: z.string(),
  text: z.string(),
  notBefore: Instant.nullable(),
  dueAt: Instant.nullable(),
  taskStatus: z.string().nullable(),
});

export const TaskSchema = z.object({
  id: z.uuid(),
  step: z.string(),
  stepTitle: z.string(),
  kind: z.enum(['role', 'deadline']),
  role: z.string(),
  text: z.string().describe('For a deadline task the deadline\'s text; for a step task the step\'s name.'),
  dueAt: Instant.nullable(),
});

export const CourseSheetSchema = z.object({
  episodeId: z.uuid(),
  kind: z.enum(COURSE_KINDS),
  disease: z.string(),
  status: z.string(),
  startedAt: Instant,
  endedAt: Instant.nullable(),
  ...Day,
  steps: z.array(
    z.object({
      step: z.string(),
      title: z.string(),
      status: z.enum(STEP_STATUSES),
      ownerRole: z.string(),
      startedAt: Instant.nullable(),
      completedAt: Instant.nullable(),
      overrideReason: z.string().nullable(),
      deadlines: z.array(DeadlineSchema),
    }),
  ),
  openTasks: z.array(TaskSchema),
});

export const SheetObservationSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  category: z.enum(['vital-signs', 'laboratory', 'survey', 'exam', 'other']),
  value: z.number().nullable(),
  unit: z.string().nullable(),
  valueCode: z.string().nullable(),
  effectiveAt: Instant,
});

export const SheetSchema = z
  .object({
    generatedAt: Instant,
    timeZone: z.string(),
    viewer: ViewerSchema,
    patient: PatientSchema,
    alerts: z.array(AlertSchema).describe('Live alerts, most urgent first.'),
    courses: z.array(CourseSheetSchema).describe('Newest first.'),
    observations: z.array(SheetObservationSchema).describe('Of the last `hours` hours, newest first.'),
    assessments: z.array(StoredAssessmentSchema).describe('The latest assessment of each instrument, newest first.'),
  })
  .describe('One patient at the bedside.');

export const AlertSheetSchema = z
  .object({
    generatedAt: Instant,
    timeZone: z.string(),
    viewer: ViewerSchema,
    alert: AlertSchema,
    patient: z.object({ id: z.uuid(), name: z.string(), nameLatin: z.string().nullable(), identifiers: z.array(IdentifierSchema) }),
    criteria: z.array(BasisSchema).describe('The criteria that fired, in the requested language, with the observed values and thresholds.'),
    escalatesAt: Instant.nullable().describe('When an open alert escalates unless acknowledged; null once acknowledged, escalated or resolved.'),
    assessment: StoredAssessmentSchema.nullable().describe('The assessment that raised the alert.'),
  })
  .describe('One alert with the criteria that raised it.');
