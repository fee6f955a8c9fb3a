import type { Task } from '@medplum/fhirtypes';
import { isUuid } from '../../auth/patient-access.js';
import type { Db } from '../../db/connect.js';
import type { Row } from '../../db/schema.js';
import { canSeePatient } from '../access.js';
import { parseStepTaskId, stepToFhirTask, taskToFhirTask, toFhirCarePlan } from '../map/journey.js';
import { singleValue } from '../search-params.js';
import { idParam, patientScope } from './filters.js';
import { EMPTY_PAGE, type ReadableKind } from './kind.js';

async function stepsOf(db: Db, episodeIds: readonly string[]): Promise<Row<'journey_steps'>[]> {
  if (episodeIds.length === 0) return [];
  return db.selectFrom('journey_steps').selectAll().where('episode_id', 'in', episodeIds).orderBy('episode_id').orderBy('position').execute();
}

export const CarePlanKind: ReadableKind = {
  type: 'CarePlan',
  readAction: 'journey.read',
  searchParams: ['_id', 'patient', 'subject'],
  async read(db, access, id) {
    if (!isUuid(id)) return null;
    const episode = await db.selectFrom('episodes').selectAll().where('id', '=', id).executeTakeFirst();
    if (!episode || !(await canSeePatient(db, access, episode.patient_id))) return null;
    return toFhirCarePlan(episode, await stepsOf(db, [episode.id]));
  },
  async search({ db, access, search }) {
    const scope = await patientScope(db, access, search);
    const id = idParam(search);
    if (id === false || scope?.length === 0) return EMPTY_PAGE;
    let q = db.selectFrom('episodes');
    if (scope !== null) q = q.where('patient_id', 'in', scope);
    if (id !== undefined) q = q.where('id', '=', id);
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const episodes = await q.selectAll().orderBy('started_at').orderBy('id').limit(search.count).offset(search.offset).execute();
    const steps = await stepsOf(db, episodes.map((e) => e.id));
    return { resources: episodes.map((e) => toFhirCarePlan(e, steps.filter((s) => s.episode_id === e.id))), total: Number(total.n) };
  },
};

/**
 * Tasks come from two tables (the course's steps and the role-assigned tasks), so a search
 * reads both for the patients in scope and pages the merged list: a patient has tens of them.
 */
export const TaskKind: ReadableKind = {
  type: 'Task',
  readAction: 'journey.read',
  searchParams: ['_id', 'patient', 'subject', 'based-on'],
  async read(db, access, id) {
    const step = parseStepTaskId(id);
    if (step) {
      const row = await db
        .selectFrom('journey_steps')
        .innerJoin('episodes', 'episodes.id', 'journey_steps.episode_id')
        .selectAll('journey_steps')
        .select('episodes.patient_id')
        .where('journey_steps.episode_id', '=', step.episodeId)
        .where('journey_steps.step', '=', step.step)
        .executeTakeFirst();
      if (!row || !(await canSeePatient(db, access, row.patient_id))) return null;
      return stepToFhirTask(row, row.patient_id);
    }
    if (!isUuid(id)) return null;
    const row = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !(await canSeePatient(db, access, row.patient_id))) return null;
    return taskToFhirTask(row);
  },
  async search({ db, access, search }) {
    const scope = await patientScope(db, access, search);
    const rawId = singleValue(search, '_id');
    const basedOn = singleValue(search, 'based-on');
    const episodeId = basedOn === undefined ? undefined : basedOn.replace(/^CarePlan\//, '');
    if (scope?.length === 0 || (episodeId !== undefined && !isUuid(episodeId))) return EMPTY_PAGE;
    if (rawId !== undefined) {
      const one = (await TaskKind.read(db, access, rawId)) as Task | null;
      const inScope = one !== null && (scope === null || scope.includes(one.for?.reference?.slice('Patient/'.length) ?? ''));
      const inPlan = episodeId === undefined || one?.basedOn?.[0]?.reference === `CarePlan/${episodeId}`;
      return one !== null && inScope && inPlan ? { resources: [one], total: 1 } : EMPTY_PAGE;
    }
    let stepsQ = db.selectFrom('journey_steps').innerJoin('episodes', 'episodes.id', 'journey_steps.episode_id').selectAll('journey_steps').select('episodes.patient_id');
    if (scope !== null) stepsQ = stepsQ.where('episodes.patient_id', 'in', scope);
    if (episodeId !== undefined) stepsQ = stepsQ.where('journey_steps.episode_id', '=', episodeId);
    let tasksQ = db.selectFrom('tasks').selectAll();
    if (scope !== null) tasksQ = tasksQ.where('patient_id', 'in', scope);
    if (episodeId !== undefined) tasksQ = tasksQ.where('episode_id', '=', episodeId);
    const steps = await stepsQ.orderBy('episodes.patient_id').orderBy('journey_steps.episode_id').orderBy('journey_steps.position').execute();
    const tasks = await tasksQ.orderBy('episode_id').orderBy('created_at').orderBy('id').execute();
    const all: Task[] = [...steps.map((s) => stepToFhirTask(s, s.patient_id)), ...tasks.map(taskToFhirTask)];
    return { resources: all.slice(search.offset, search.offset + search.count), total: all.length };
  },
};

