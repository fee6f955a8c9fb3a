import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueJourneyDeadlines, runDueJourneyWork } from '../../src/journey/due.js';
import { accept, at, cabinet, D, material, startCustodyServer, step, upToBedside, type CustodyServer } from './support.js';

/**
 * A custody step carries what it shows to the CAR-T course in the same transaction: the anchors
 * its deadlines count from, and the deadline tasks it shows done, completed by the person who
 * did the step. Nobody records the collection or the infusion twice.
 */

interface CourseJson {
  anchors: { anchor: string; at: string }[];
  deadlines: { rule: string; anchorAt: string | null; dueAt: string | null; taskId: string | null; taskStatus: string | null }[];
}
interface JourneyJson {
  anchors: { anchor: string; at: string }[];
  completedTasks: { taskId: string; rule: string | null }[];
  cancelledTasks: { taskId: string; rule: string | null }[];
}

let c: CustodyServer;
beforeAll(async () => {
  c = await startCustodyServer();
});
afterAll(async () => c.close());

async function episodeOf(chainId: string): Promise<string> {
  const row = await c.s.database.db.selectFrom('custody_chains').select('episode_id').where('id', '=', chainId).executeTakeFirstOrThrow();
  return row.episode_id;
}

async function course(episodeId: string): Promise<CourseJson> {
  const res = await c.s.app.inject({ method: 'GET', url: `/api/v1/courses/${episodeId}`, headers: await c.login('nurse') });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<CourseJson>();
}

const anchorsOf = (view: CourseJson) => Object.fromEntries(view.anchors.map((a) => [a.anchor, Date.parse(a.at)]));
const deadline = (view: CourseJson, rule: string) => view.deadlines.find((d) => d.rule === rule)!;
const journeyOf = (json: Record<string, unknown>) => json['journey'] as JourneyJson;
const ms = (minutes: number) => Date.parse(at(minutes));

describe('custody steps carried to the CAR-T course', () => {
  it('records the collection as leukapheresis and collection-end, which open the 4-hour and 24-hour deadline tasks', async () => {
    const chain = await c.chain(c.patientA);
    const m = material(chain, 'JS1');
    const episodeId = await episodeOf(chain.id);
    const collected = journeyOf(await accept(c, chain.id, step.collection(m)));
    expect(collected.anchors.map((a) => [a.anchor, Date.parse(a.at)])).toEqual([
      ['leukapheresis', ms(-240)],
      ['collection-end', ms(0)],
    ]);
    const view = await course(episodeId);
    expect(anchorsOf(view)).toMatchObject({ leukapheresis: ms(-240), 'collection-end': ms(0) });
    expect(deadline(view, 'car-t-course.cold-storage-within')).toMatchObject({ taskStatus: 'open', dueAt: new Date(ms(4 * 60)).toISOString() });
    expect(deadline(view, 'car-t-course.cryopreserve-within')).toMatchObject({ taskStatus: 'open', dueAt: new Date(ms(24 * 60)).toISOString() });

    const cold = journeyOf(await accept(c, chain.id, step.coldStorage(m)));
    expect(cold.anchors).toEqual([]);
    const coldTask = deadline(await course(episodeId), 'car-t-course.cold-storage-within');
    expect(cold.completedTasks).toEqual([{ taskId: coldTask.taskId, rule: 'car-t-course.cold-storage-within' }]);
    expect(coldTask.taskStatus).toBe('done');

    // Done by the technologist who put the bags at 2-8 °C, with the custody event as the audited reason.
    const task = await c.s.database.db.selectFrom('tasks').selectAll().where('id', '=', coldTask.taskId!).executeTakeFirstOrThrow();
    const technologist = await c.s.database.db.selectFrom('users').select('id').where('username', '=', 'cell-therapy-technologist').executeTakeFirstOrThrow();
    expect(task.completed_by).toBe(technologist.id);
    const audit = await c.s.database.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_type', '=', 'task').where('entity_id', '=', task.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.action).toBe('complete');
    expect(audit.reason).toMatch(new RegExp(`^custody event [0-9a-f-]{36}: done at ${at(60).replace('+', '\\+')}$`));

    expect((await cabinet(c, chain.id, 'open', m.bags[0]!, 70)).statusCode).toBe(201);
    const frozen = journeyOf(await accept(c, chain.id, step.cryopreservation(m)));
    // The freezing record also gives the cryoprotectant time: its 20-minute task opens and is done at once.
    expect(frozen.anchors.map((a) => [a.anchor, Date.parse(a.at)])).toEqual([['cryoprotectant-added', ms(80)]]);
    expect(frozen.completedTasks.map((t) => t.rule).sort()).toEqual(['car-t-course.cryopreserve-within', 'car-t-course.freeze-after-cryoprotectant']);
    const afterFreezing = await course(episodeId);
    expect(deadline(afterFreezing, 'car-t-course.cryopreserve-within').taskStatus).toBe('done');
    expect(deadline(afterFreezing, 'car-t-course.freeze-after-cryoprotectant')).toMatchObject({ taskStatus: 'done', dueAt: new Date(ms(100)).toISOString() });
  });

  it('a freezing start 35 minutes after the cryoprotectant: the custody record keeps the deviation, the 20-minute task is done and leaves no alert', async () => {
    const chain = await c.chain(c.patientA);
    const m = material(chain, 'JS7');
    const episodeId = await episodeOf(chain.id);
    await accept(c, chain.id, step.collection(m));
    await accept(c, chain.id, step.coldStorage(m));
    expect((await cabinet(c, chain.id, 'open', m.bags[0]!, 70)).statusCode).toBe(201);
    const record = {
      events: [
        { event: 'cryoprotectant-added', at: at(80) },
        { event: 'freezing-started', at: at(115) },
        { event: 'freezing-completed', at: at(180) },
      ],
    };
    const frozen = await accept(c, chain.id, step.cryopreservation(m, 180, { record }));
    expect((frozen['deviations'] as { code: string }[]).map((d) => d.code)).toContain('freeze-start-late');
    expect(journeyOf(frozen).completedTasks.map((t) => t.rule)).toContain('car-t-course.freeze-after-cryoprotectant');
    expect(deadline(await course(episodeId), 'car-t-course.freeze-after-cryoprotectant')).toMatchObject({ taskStatus: 'done', dueAt: new Date(ms(100)).toISOString() });
    await runDueJourneyWork(c.s.database.db, new Date(ms(5 * 60)));
    const open = await c.s.database.db
      .selectFrom('alerts')
      .select('key')
      .where('patient_id', '=', c.patientA)
      .where('kind', '=', 'journey-deadline')
      .where('key', '=', 'car-t-course.freeze-after-cryoprotectant')
      .where('status', '=', 'open')
      .execute();
    expect(open).toEqual([]);
  });

  it('records thaw, infusion start and, once no started bag is running, infusion end, which completes the infusion-within-thaw deadline', async () => {
    const chain = await c.chain(c.patientA);
    const m = material(chain, 'JS2');
    const episodeId = await episodeOf(chain.id);
    await upToBedside(c, chain.id, m);
    await accept(c, chain.id, step.match(m, D + 10));
    const thawed = journeyOf(await accept(c, chain.id, step.thaw(m, D + 15)));
    expect(thawed.anchors.map((a) => a.anchor)).toEqual(['thaw-start']);
    expect(deadline(await course(episodeId), 'car-t-course.infusion-within-thaw').taskStatus).toBe('open');

    const started = journeyOf(await accept(c, chain.id, step.infusionStart(m, D + 20)));
    expect(started.anchors.map((a) => [a.anchor, Date.parse(a.at)])).toEqual([['infusion-start', ms(D + 20)]]);

    const firstEnded = journeyOf(await accept(c, chain.id, step.infusionEnd(m, D + 35)));
    expect(firstEnded.anchors.map((a) => [a.anchor, Date.parse(a.at)])).toEqual([['infusion-end', ms(D + 35)]]);
    expect(firstEnded.completedTasks.map((t) => t.rule)).toEqual(['car-t-course.infusion-within-thaw']);

    // The second bag: its start leaves the anchors alone, its end moves infusion-end to the last bag.
    const second = m.productBags[1]!;
    await accept(c, chain.id, step.match(m, D + 40, second));
    expect(journeyOf(await accept(c, chain.id, step.thaw(m, D + 45, second))).anchors).toEqual([]);
    expect(journeyOf(await accept(c, chain.id, step.infusionStart(m, D + 50, second))).anchors).toEqual([]);
    const last = journeyOf(await accept(c, chain.id, step.infusionEnd(m, D + 65, second)));
    expect(last.anchors.map((a) => [a.anchor, Date.parse(a.at)])).toEqual([['infusion-end', ms(D + 65)]]);
    expect(last.completedTasks).toEqual([]);
    expect(anchorsOf(await course(episodeId))).toMatchObject({ 'thaw-start': ms(D + 15), 'infusion-start': ms(D + 20), 'infusion-end': ms(D + 65) });
  });

  it('closes at once a task that an anchor recorded later opens for a step the custody record already shows (LDC end charted after the infusion)', async () => {
    const chain = await c.chain(c.patientA);
    const m = material(chain, 'JS7');
    const episodeId = await episodeOf(chain.id);
    await upToBedside(c, chain.id, m);
    await accept(c, chain.id, step.match(m, D + 10));
    await accept(c, chain.id, step.thaw(m, D + 15));
    await accept(c, chain.id, step.infusionStart(m, D + 20));
    const res = await c.s.app.inject({ method: 'POST', url: `/api/v1/courses/${episodeId}/anchors`, headers: await c.login('nurse'), payload: { anchor: 'ldc-end', at: at(D - 3 * 24 * 60) } });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<CourseJson>();
    for (const rule of ['car-t-course.infusion-after-ldc', 'car-t-course.ldc-valid']) expect(deadline(view, rule).taskStatus, rule).toBe('done');
    const task = await c.s.database.db.selectFrom('tasks').select(['id', 'completed_by']).where('id', '=', deadline(view, 'car-t-course.ldc-valid').taskId!).executeTakeFirstOrThrow();
    const nurse = await c.s.database.db.selectFrom('users').select('id').where('username', '=', 'nurse').executeTakeFirstOrThrow();
    expect(task.completed_by).toBe(nurse.id);
    const audit = await c.s.database.db.selectFrom('audit_log').select('reason').where('entity_type', '=', 'task').where('entity_id', '=', task.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.reason).toBe(`anchor ldc-end recorded: done at ${at(D + 20)}`);
  });

  it('keeps an anchor a user corrected on the journey until the custody record itself changes it', async () => {
    const chain = await c.chain(c.patientB);
    const m = material(chain, 'JS3');
    const episodeId = await episodeOf(chain.id);
    await accept(c, chain.id, step.collection(m));
    const corrected = new Date(ms(-30)).toISOString();
    const res = await c.s.app.inject({ method: 'POST', url: `/api/v1/courses/${episodeId}/anchors`, headers: await c.login('nurse'), payload: { anchor: 'collection-end', at: corrected } });
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect(journeyOf(await accept(c, chain.id, step.coldStorage(m))).anchors).toEqual([]);
    expect(anchorsOf(await course(episodeId))['collection-end']).toBe(Date.parse(corrected));
  });

  it('cancels the 24-hour cryopreservation task on the fresh-to-manufacturer pathway, where it does not apply', async () => {
    const episodeId = await c.episode(c.patientB);
    const created = await c.s.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${c.patientB}/custody/chains`,
      headers: await c.login('cell-therapy-technologist'),
      payload: { episodeId, pathway: 'fresh-to-manufacturer' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const chain = { id: created.json<{ id: string }>().id, coi: created.json<{ coi: { value: string } }>().coi.value, patientId: c.patientB };
    const journey = journeyOf(await accept(c, chain.id, step.collection(material(chain, 'JS4'))));
    expect(journey.cancelledTasks.map((t) => t.rule)).toEqual(['car-t-course.cryopreserve-within']);
    const view = await course(episodeId);
    expect(deadline(view, 'car-t-course.cryopreserve-within').taskStatus).toBe('cancelled');
    expect(deadline(view, 'car-t-course.cold-storage-within').taskStatus).toBe('open');
  });

  it('leaves a course that is no longer active as it ended', async () => {
    const chain = await c.chain(c.patientB);
    const episodeId = await episodeOf(chain.id);
    await c.s.database.db.updateTable('episodes').set({ status: 'completed' }).where('id', '=', episodeId).execute();
    const journey = journeyOf(await accept(c, chain.id, step.collection(material(chain, 'JS5'))));
    expect(journey).toEqual({ anchors: [], completedTasks: [], cancelledTasks: [] });
    expect((await course(episodeId)).anchors).toEqual([]);
  });

  it('leaves the 4-hour, 24-hour and thaw deadlines of a course with a custody chain to the custody clocks: the journey raises no second alert', async () => {
    const chain = await c.chain(c.patientA);
    const withChain = await episodeOf(chain.id);
    await accept(c, chain.id, step.collection(material(chain, 'JS6')));
    const without = await c.episode(c.patientA);
    const res = await c.s.app.inject({ method: 'POST', url: `/api/v1/courses/${without}/anchors`, headers: await c.login('nurse'), payload: { anchor: 'collection-end', at: at(0) } });
    expect(res.statusCode, res.body).toBeLessThan(300);

    const due = await dueJourneyDeadlines(c.s.database.db, new Date(ms(5 * 60)));
    const rulesOf = (episodeId: string) => due.filter((d) => d.task.episode_id === episodeId).map((d) => d.task.rule).sort();
    // The course without custody is alerted on its 4-hour and 24-hour deadlines; the one with a chain only on the others (its leukapheresis windows).
    expect(rulesOf(without)).toEqual(['car-t-course.cold-storage-within', 'car-t-course.cryopreserve-within']);
    expect(rulesOf(withChain)).toEqual(['car-t-course.pregnancy-test-window', 'car-t-course.serology-window']);
    await runDueJourneyWork(c.s.database.db, new Date(ms(5 * 60)));
    const alerted = await c.s.database.db.selectFrom('alerts').select(['key', 'episode_id']).where('patient_id', '=', c.patientA).where('kind', '=', 'journey-deadline').where('key', '=', 'car-t-course.cold-storage-within').execute();
    expect(alerted).toEqual([{ key: 'car-t-course.cold-storage-within', episode_id: without }]);
  });
});
