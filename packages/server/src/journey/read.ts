import type { Db, Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import { deadlineWindow } from './deadlines.js';
import { deadlineTaskCode } from './deadlines.js';
import { courseDefinition, isCourseKind } from './definitions.js';
import { currentSettings } from '../context.js';
import { stepRecordId } from './engine.js';
import type { CourseView, DeadlineView, TaskView } from './schemas.js';
import type { EPISODE_STATUSES, STEP_STATUSES, TASK_STATUSES } from './schemas.js';

type EpisodeStatus = (typeof EPISODE_STATUSES)[number];
type StepStatus = (typeof STEP_STATUSES)[number];
type TaskStatus = (typeof TASK_STATUSES)[number];


const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function taskView(t: Row<'tasks'>): TaskView {
  return {
    id: t.id,
    patientId: t.patient_id,
    episodeId: t.episode_id,
    step: t.step,
    code: t.code,
    role: t.role,
    rule: t.rule,
    dueAt: iso(t.due_at),
    status: t.status as TaskStatus,
    createdAt: t.created_at.toISOString(),
    completedAt: iso(t.completed_at),
    completedBy: t.completed_by,
  };
}

/** One course as its readers see it; null when there is no such course. */
export async function readCourse(db: Db | Tx, episodeId: string): Promise<CourseView | null> {
  const episode = await db.selectFrom('episodes').selectAll().where('id', '=', episodeId).executeTakeFirst();
  if (!episode || !isCourseKind(episode.kind)) return null;
  const def = courseDefinition(episode.kind, episode.disease);
  const [steps, anchors, tasks, signatures, { settings }] = await Promise.all([
    db.selectFrom('journey_steps').selectAll().where('episode_id', '=', episode.id).orderBy('position').execute(),
    db.selectFrom('journey_anchors').selectAll().where('episode_id', '=', episode.id).orderBy('at').execute(),
    db.selectFrom('tasks').selectAll().where('episode_id', '=', episode.id).orderBy('created_at').orderBy('step').orderBy('code').execute(),
    db.selectFrom('signatures').selectAll().where('record_type', '=', 'journey-step').where('record_id', 'like', `${episode.id}/%`).orderBy('signed_at').execute(),
    currentSettings(db),
  ]);
  const anchorAt = new Map(anchors.map((a) => [a.anchor, a.at]));
  const taskOf = new Map(tasks.map((t) => [`${t.step}|${t.code}`, t]));
  const deadlines: DeadlineView[] = def.steps.flatMap((s) =>
    s.deadlines.map((d) => {
      const at = anchorAt.get(d.anchor) ?? null;
      const window = at === null ? { notBefore: null, dueAt: null } : deadlineWindow(d, at, settings.timeZone);
      const task = taskOf.get(`${s.id}|${deadlineTaskCode(d.rule)}`) ?? null;
      return {
        step: s.id,
        ...d,
        anchorAt: iso(at),
        notBefore: iso(window.notBefore),
        dueAt: iso(window.dueAt),
        taskId: task?.id ?? null,
        taskStatus: task?.status ?? null,
      };
    }),
  );
  return {
    id: episode.id,
    patientId: episode.patient_id,
    kind: episode.kind,
    disease: episode.disease,
    status: episode.status as EpisodeStatus,
    startedAt: episode.started_at.toISOString(),
    endedAt: iso(episode.ended_at),
    details: episode.details,
    activeStep: steps.find((s) => s.status === 'active')?.step ?? null,
    steps: steps.map((s) => ({
      step: s.step,
      position: s.position,
      status: s.status as StepStatus,
      ownerRole: s.owner_role,
      gate: s.gate,
      gateResult: s.gate_result,
      startedAt: iso(s.started_at),
      completedAt: iso(s.completed_at),
      completedBy: s.completed_by,
      overrideReason: s.override_reason,
      signatures: signatures
        .filter((g) => g.record_id === stepRecordId(episode.id, s.step))
        .map((g) => ({ id: g.id, signerName: g.signer_name, signerRole: g.signer_role, meaning: g.meaning, signedAt: g.signed_at.toISOString(), recordHash: g.record_hash })),
    })),
    anchors: anchors.map((a) => ({ anchor: a.anchor, at: a.at.toISOString(), recordedAt: a.recorded_at.toISOString() })),
    tasks: tasks.map(taskView),
    deadlines,
  };
}

export async function listCourses(db: Db | Tx, patientId: string): Promise<CourseView[]> {
  const rows = await db.selectFrom('episodes').select('id').where('patient_id', '=', patientId).where('kind', 'in', ['car-t-course', 'leukemia-course']).orderBy('started_at', 'desc').execute();
  const out: CourseView[] = [];
  for (const row of rows) {
    const view = await readCourse(db, row.id);
    if (view) out.push(view);
  }
  return out;
}

/** Open tasks of one role over the given patients, soonest due first. */
export async function openTasks(db: Db | Tx, role: string, patientIds: readonly string[]): Promise<TaskView[]> {
  if (patientIds.length === 0) return [];
  const rows = await db
    .selectFrom('tasks')
    .selectAll()
    .where('role', '=', role)
    .where('status', '=', 'open')
    .where('patient_id', 'in', patientIds)
    .orderBy('due_at', (ob) => ob.asc().nullsLast())
    .orderBy('created_at')
    .execute();
  return rows.map(taskView);
}
