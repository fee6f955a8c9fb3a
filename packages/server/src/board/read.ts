import { getInstrument, render, type Lang, type RenderedAssessment } from '@cartographer/core';
import type * as z from 'zod';
import { alertView, type AlertView } from '../alerts/routes.js';
import { assessmentSummary } from '../alerts/routes.js';
import { fromNeutral } from '../alerts/neutral.js';
import { ALERT_SEVERITIES, type AlertSeverity } from '../alerts/store.js';
import type { InstitutionSettings } from '@cartographer/core';
import type { Db } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { isObservationCode, OBSERVATION_CODES } from '../domain/observation-codes.js';
import { listCourses, readCourse } from '../journey/read.js';
import type { CourseView } from '../journey/schemas.js';
import { listPatients, patientView } from '../patients/store.js';
import { courseDay } from './course-day.js';
import type { BoardRowSchema, CourseSheetSchema, CourseSummarySchema, GradeSchema, SheetObservationSchema, StoredAssessmentSchema } from './schemas.js';
import { ruleText, stepTitle } from './texts.js';

type BoardRow = z.infer<typeof BoardRowSchema>;
type CourseSummary = z.infer<typeof CourseSummarySchema>;
type CourseSheet = z.infer<typeof CourseSheetSchema>;
type Grade = z.infer<typeof GradeSchema>;
type StoredAssessment = z.infer<typeof StoredAssessmentSchema>;
type SheetObservation = z.infer<typeof SheetObservationSchema>;

/** The graded toxicities the board shows for every patient (design.md "ward board"), by the names clinicians use. */
export const BOARD_GRADES = { crs: 'CRS', icans: 'ICANS', 'iec-hs': 'IEC-HS', icaht: 'ICAHT' } as const;
const GRADED = Object.keys(BOARD_GRADES) as (keyof typeof BOARD_GRADES)[];
const gradeName = (instrument: string) => (Object.hasOwn(BOARD_GRADES, instrument) ? BOARD_GRADES[instrument as keyof typeof BOARD_GRADES] : instrument);

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const rank = (severity: string) => ALERT_SEVERITIES.indexOf(severity as AlertSeverity);

/** Alerts with the names their view shows: the acknowledger's and the patient's. */
function alertsWithNames(db: Db) {
  return db
    .selectFrom('alerts')
    .leftJoin('users', 'users.id', 'alerts.acknowledged_by')
    .innerJoin('patients', 'patients.id', 'alerts.patient_id')
    .selectAll('alerts')
    .select(['users.display_name as acknowledger_name', 'patients.name as patient_name']);
}

/** Live alerts (open or acknowledged) of some patients, with the acknowledger's and patient's names. */
async function liveAlerts(db: Db, patientIds: readonly string[], lang: Lang, timeZone: string): Promise<AlertView[]> {
  if (patientIds.length === 0) return [];
  const rows = await alertsWithNames(db)
    .where('alerts.status', '<>', 'resolved')
    .where('alerts.patient_id', 'in', patientIds)
    .execute();
  // Most severe first; within a severity the unacknowledged first, then the oldest (waiting longest).
  rows.sort(
    (a, b) =>
      rank(b.severity) - rank(a.severity) ||
      Number(a.status === 'acknowledged') - Number(b.status === 'acknowledged') ||
      a.raised_at.getTime() - b.raised_at.getTime() ||
      a.id.localeCompare(b.id),
  );
  return rows.map((r) => alertView(r, lang, timeZone));
}

/** The latest assessment of each instrument per patient (optionally of some instruments only). */
async function latestAssessments(db: Db, patientIds: readonly string[], instruments?: readonly string[]): Promise<Row<'assessments'>[]> {
  if (patientIds.length === 0) return [];
  let query = db.selectFrom('assessments').selectAll().where('patient_id', 'in', patientIds);
  if (instruments !== undefined) query = query.where('instrument', 'in', instruments);
  return query.distinctOn(['patient_id', 'instrument']).orderBy('patient_id').orderBy('instrument').orderBy('assessed_at', 'desc').orderBy('id', 'desc').execute();
}

function gradeOf(row: Row<'assessments'>, lang: Lang): Grade {
  const result = row.result as { status?: unknown };
  return {
    assessmentId: row.id,
    instrument: row.instrument,
    name: gradeName(row.instrument),
    status: result.status === 'assessed' ? 'assessed' : 'cannot-assess',
    summary: assessmentSummary(lang, row.instrument, row.result),
    assessedAt: row.assessed_at.toISOString(),
  };
}

/** A stored (language-neutral) result rendered with its explanation in one language. */
export function renderStored(lang: Lang, instrument: string, stored: unknown): RenderedAssessment | null {
  const assessment = fromNeutral(stored);
  if (!assessment) return null;
  const def = getInstrument(instrument);
  return render(assessment, lang, assessment.value === null || !def ? {} : def.summary(assessment.value));
}

export function storedAssessment(row: Row<'assessments'>, lang: Lang): StoredAssessment {
  return {
    id: row.id,
    instrument: row.instrument,
    assessedAt: row.assessed_at.toISOString(),
    trigger: row.trigger,
    settingsVersion: row.settings_version,
    rendered: renderStored(lang, row.instrument, row.result),
  };
}

function nextDeadline(course: CourseView, lang: Lang, now: Date): CourseSummary['nextDeadline'] {
  const open = course.deadlines
    .filter((d): d is typeof d & { dueAt: string } => d.dueAt !== null && (d.taskStatus === null || d.taskStatus === 'open'))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const first = open[0];
  if (!first) return null;
  return { step: first.step, rule: first.rule, text: ruleText(lang, first.rule), dueAt: first.dueAt, overdue: Date.parse(first.dueAt) < now.getTime() };
}

function courseSummary(course: CourseView, lang: Lang, now: Date, timeZone: string): CourseSummary {
  const active = course.steps.find((s) => s.step === course.activeStep) ?? null;
  return {
    episodeId: course.id,
    kind: course.kind,
    disease: course.disease,
    startedAt: course.startedAt,
    ...courseDay(course.anchors, now, timeZone),
    activeStep: active === null ? null : { step: active.step, title: stepTitle(lang, active.step), ownerRole: active.ownerRole, startedAt: active.startedAt },
    nextDeadline: nextDeadline(course, lang, now),
  };
}

/** The ward board of one user: the patients on their care teams, the most urgent first. */
export async function readBoard(db: Db, userId: string, lang: Lang, now: Date, settings: InstitutionSettings): Promise<BoardRow[]> {
  const patients = await listPatients(db, userId);
  const ids = patients.map((p) => p.id);
  const [alerts, grades] = await Promise.all([liveAlerts(db, ids, lang, settings.timeZone), latestAssessments(db, ids, GRADED)]);
  const rows: BoardRow[] = [];
  for (const patient of patients) {
    const episode = patient.activeEpisode;
    const course = episode === null ? null : await readCourse(db, episode.id);
    const own = alerts.filter((a) => a.patientId === patient.id);
    rows.push({
      patient,
      highestSeverity: own[0]?.severity ?? null,
      alerts: own,
      grades: grades
        .filter((g) => g.patient_id === patient.id)
        .sort((a, b) => GRADED.indexOf(a.instrument as (typeof GRADED)[number]) - GRADED.indexOf(b.instrument as (typeof GRADED)[number]))
        .map((g) => gradeOf(g, lang)),
      course: course === null ? null : courseSummary(course, lang, now, settings.timeZone),
    });
  }
  const waiting = (row: BoardRow) => row.alerts.some((a) => a.severity === 'critical' && a.status === 'open');
  const severity = (row: BoardRow) => (row.highestSeverity === null ? -1 : rank(row.highestSeverity));
  // Unacknowledged critical alerts first, then by the most severe live alert. listPatients gives
  // the patients by name and the sort is stable, so the order within a group does not jump about.
  return rows.sort((a, b) => Number(waiting(b)) - Number(waiting(a)) || severity(b) - severity(a));
}

function courseSheet(course: CourseView, lang: Lang, now: Date, timeZone: string): CourseSheet {
  return {
    episodeId: course.id,
    kind: course.kind,
    disease: course.disease,
    status: course.status,
    startedAt: course.startedAt,
    endedAt: course.endedAt,
    ...courseDay(course.anchors, now, timeZone),
    steps: course.steps.map((s) => ({
      step: s.step,
      title: stepTitle(lang, s.step),
      status: s.status,
      ownerRole: s.ownerRole,
      startedAt: s.startedAt,
      completedAt: s.completedAt,
      overrideReason: s.overrideReason,
      deadlines: course.deadlines
        .filter((d) => d.step === s.step)
        .map((d) => ({ rule: d.rule, text: ruleText(lang, d.rule), notBefore: d.notBefore, dueAt: d.dueAt, taskStatus: d.taskStatus })),
    })),
    openTasks: course.tasks
      .filter((t) => t.status === 'open')
      .map((t) => ({
        id: t.id,
        step: t.step,
        stepTitle: stepTitle(lang, t.step),
        kind: t.code.startsWith('deadline:') ? ('deadline' as const) : ('role' as const),
        role: t.role,
        text: t.code.startsWith('deadline:') && t.rule !== null ? ruleText(lang, t.rule) : stepTitle(lang, t.step),
        dueAt: t.dueAt,
      }))
      .sort((a, b) => (a.dueAt === null ? 1 : 0) - (b.dueAt === null ? 1 : 0) || (a.dueAt ?? '').localeCompare(b.dueAt ?? '')),
  };
}

function sheetObservation(row: Row<'observations'>): SheetObservation {
  return {
    id: row.id,
    code: row.code,
    category: isObservationCode(row.code) ? OBSERVATION_CODES[row.code].category : 'other',
    value: row.value_number,
    unit: row.unit,
    valueCode: row.value_code,
    effectiveAt: row.effective_at.toISOString(),
  };
}

/** One patient's bedside sheet; null when the patient does not exist (access is the caller's check). */
export async function readSheet(db: Db, patientId: string, lang: Lang, now: Date, hours: number, settings: InstitutionSettings) {
  const patient = await patientView(db, patientId);
  if (!patient) return null;
  const [alerts, courses, observations, assessments] = await Promise.all([
    liveAlerts(db, [patientId], lang, settings.timeZone),
    listCourses(db, patientId),
    db
      .selectFrom('observations')
      .selectAll()
      .where('patient_id', '=', patientId)
      .where('effective_at', '>=', new Date(now.getTime() - hours * HOUR_MS))
      .orderBy('effective_at', 'desc')
      .orderBy('id')
      .limit(1000)
      .execute(),
    latestAssessments(db, [patientId]),
  ]);
  return {
    patient,
    alerts,
    courses: courses.map((c) => courseSheet(c, lang, now, settings.timeZone)),
    observations: observations.map(sheetObservation),
    assessments: assessments.sort((a, b) => b.assessed_at.getTime() - a.assessed_at.getTime() || a.instrument.localeCompare(b.instrument)).map((a) => storedAssessment(a, lang)),
  };
}

/** When an open alert escalates unless acknowledged (alerts/escalation.ts uses the same settings). */
export function escalatesAt(alert: AlertView, settings: InstitutionSettings): string | null {
  if (alert.status !== 'open' || alert.escalatedAt !== null) return null;
  const minutes = alert.severity === 'critical' ? settings.criticalAlertEscalationMinutes : alert.severity === 'warning' ? settings.warningAlertEscalationMinutes : null;
  return minutes === null ? null : new Date(Date.parse(alert.raisedAt) + minutes * MINUTE_MS).toISOString();
}

/** One alert (any status) with its patient and the assessment that raised it; null when there is no such alert. */
export async function readAlertRow(db: Db, alertId: string, lang: Lang, timeZone: string) {
  const row = await alertsWithNames(db)
    .where('alerts.id', '=', alertId)
    .executeTakeFirst();
  if (!row) return null;
  const [patient, assessment] = await Promise.all([
    patientView(db, row.patient_id),
    row.assessment_id === null ? null : db.selectFrom('assessments').selectAll().where('id', '=', row.assessment_id).executeTakeFirst(),
  ]);
  if (!patient) return null;
  return {
    alert: alertView(row, lang, timeZone),
    patient: { id: patient.id, name: patient.name, nameLatin: patient.nameLatin, identifiers: patient.identifiers },
    assessment: assessment ?? null,
  };
}
