import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertText } from '../../src/alerts/kinds.js';
import { SYSTEM_ACTOR, verifyAudit } from '../../src/audit/trail.js';
import { openCabinetMaterial, postgresError } from '../../src/custody/store.js';
import { accept, at, cabinet, D, material, post, reasonRules, startCustodyServer, step, upToBedside, type CustodyServer, type Material } from './support.js';

/**
 * Hard stops: the step is refused and nothing of it applied, yet the refusal is committed (the
 * refused event, an open deviation naming the reasons, a critical alert) and answered 409 with
 * each reason's field and rule. A biosafety cabinet holds one patient's material at a time, in
 * the core and, underneath it, in the database.
 */

let c: CustodyServer;
let a: { id: string; coi: string; patientId: string };
let b: { id: string; coi: string; patientId: string };
let ma: Material;
let mb: Material;

beforeAll(async () => {
  c = await startCustodyServer();
  a = await c.chain(c.patientA);
  b = await c.chain(c.patientB);
  ma = material(a, 'HA');
  mb = material(b, 'HB');
  await upToBedside(c, b.id, mb);
});
afterAll(async () => c.close());

async function chainRow(id: string) {
  return c.s.database.db.selectFrom('custody_chains').select(['accepted_events', 'state', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Posts a step that must be a hard stop; checks what was committed and returns the reason rules. */
async function refused(chainId: string, event: { type: string } & Record<string, unknown>, crew?: { performer: string; verifier?: string }): Promise<string[]> {
  const before = await chainRow(chainId);
  const res = await post(c, chainId, event, crew);
  expect(res.statusCode, JSON.stringify(res.json)).toBe(409);
  expect(res.json['error']).toBe('conflict');
  const issues = res.json['issues'] as { path: string; rule: string; message: string }[];
  const recorded = issues.at(-1)!;
  expect(recorded.rule).toBe('custody.deviation-recorded');
  for (const issue of issues.slice(0, -1)) {
    expect(issue.path.startsWith('event')).toBe(true);
    expect(issue.message).not.toBe(issue.rule);
  }
  expect(await chainRow(chainId)).toEqual(before);
  const event_ = await c.s.database.db.selectFrom('custody_events').selectAll().where('chain_id', '=', chainId).orderBy('recorded_at', 'desc').orderBy('id').where('outcome', '=', 'refused').execute();
  const deviation = await c.s.database.db.selectFrom('custody_deviations').selectAll().where('chain_id', '=', chainId).where('custody_event_id', 'in', event_.map((e) => e.id)).orderBy('opened_at', 'desc').execute();
  const newest = deviation.find((d) => recorded.message.includes(d.id))!;
  expect(newest).toMatchObject({ hard_stop: true, status: 'open' });
  expect(event_.find((e) => e.id === newest.custody_event_id)).toMatchObject({ outcome: 'refused', position: null, type: event.type });
  const alert = await c.s.database.db.selectFrom('alerts').selectAll().where('kind', '=', 'custody-hard-stop').where('key', '=', newest.id).executeTakeFirstOrThrow();
  expect(alert).toMatchObject({ severity: 'critical', status: 'open', patient_id: (await c.s.database.db.selectFrom('custody_chains').select('patient_id').where('id', '=', chainId).executeTakeFirstOrThrow()).patient_id });
  expect((alert.detail as { code: string }).code).toBe(newest.code);
  return reasonRules(res.json);
}

describe('identity', () => {
  it('stops a bedside match when the bag scanned is another patient\'s, and when the wristband is', async () => {
    await upToBedside(c, a.id, ma);
    expect(await refused(a.id, step.match(ma, D + 10, mb.productBags[0]))).toEqual(['custody.product-bag-unknown']);
    const alert = await c.s.database.db.selectFrom('alerts').select('detail').where('kind', '=', 'custody-hard-stop').where('patient_id', '=', c.patientA).executeTakeFirstOrThrow();
    expect(alertText('en', 'custody-hard-stop', alert.detail, 'Asia/Taipei')).toBe(`Custody step stopped (${a.coi}, bedside-match): Product bag ${mb.productBags[0]} is not a bag of this patient's product: stop, and do not use it.`);
    const wristband = step.match(ma, D + 11, ma.productBags[0], { scanned: [{ kind: 'patient', value: 'urn:test:mrn|MRN-B' }, { kind: 'product-bag', value: ma.productBags[0] }] });
    expect(await refused(a.id, wristband)).toEqual(['custody.patient-mismatch']);
    const unreadable = step.match(ma, D + 11, ma.productBags[0], { scanned: [{ kind: 'patient', value: 'no such wristband' }, { kind: 'product-bag', value: ma.productBags[0] }] });
    expect(await refused(a.id, unreadable)).toEqual(['custody.patient-mismatch']);
  });

  it('reads the wristband by the patient identifier, with or without its system', async () => {
    const res = await accept(c, a.id, step.match(ma, D + 12, ma.productBags[0], { scanned: [{ kind: 'patient', value: 'MRN-A' }, { kind: 'product-bag', value: ma.productBags[0] }] }));
    const stored = await c.s.database.db.selectFrom('custody_events').select('event').where('id', '=', res['eventId'] as string).executeTakeFirstOrThrow();
    // What is kept is the patient's opaque id, not the record number.
    expect((stored.event['scanned'] as { kind: string; value: string }[])[0]).toEqual({ kind: 'patient', value: c.patientA });
  });

  it('stops a step recorded against another course\'s COI, and a course reusing another course\'s bag numbers', async () => {
    expect(await refused(a.id, step.thaw(ma, D + 13, ma.productBags[0], { coi: b.coi }))).toEqual(['custody.coi-mismatch']);
    const other = await c.chain(c.patientA);
    const copy = { ...material(other, 'HC'), bags: mb.bags };
    expect(await refused(other.id, step.collection(copy))).toEqual(['custody.identifier-already-used', 'custody.identifier-already-used']);
  });

  it('stops the infusion of the other patient\'s bag into this patient', async () => {
    await accept(c, a.id, step.thaw(ma, D + 15, ma.productBags[0]));
    expect(await refused(a.id, step.infusionStart(ma, D + 20, mb.productBags[0]))).toEqual(['custody.product-bag-unknown']);
    expect(await refused(a.id, step.infusionStart(ma, D + 20, ma.productBags[0], { scanned: [{ kind: 'patient', value: c.patientB }, { kind: 'product-bag', value: ma.productBags[0] }] }))).toEqual([
      'custody.patient-mismatch',
    ]);
    await accept(c, a.id, step.infusionStart(ma, D + 21, ma.productBags[0]));
    await accept(c, a.id, step.infusionEnd(ma, D + 35, ma.productBags[0]));
  });
});

describe('order of steps', () => {
  it('stops a thaw before receipt', async () => {
    const chain = await c.chain(c.patientA);
    const m = material(chain, 'HD');
    await accept(c, chain.id, step.collection(m));
    expect(await refused(chain.id, step.thaw(m, 60))).toEqual(expect.arrayContaining(['custody.not-received']));
  });

  it('stops a thaw and an infusion without the bedside match', async () => {
    expect(await refused(a.id, step.thaw(ma, D + 40, ma.productBags[1]))).toEqual(['custody.no-bedside-match']);
    expect(await refused(a.id, step.infusionStart(ma, D + 41, ma.productBags[1]))).toEqual(['custody.bag-not-thawed']);
    await accept(c, a.id, step.match(ma, D + 42, ma.productBags[1]));
    await accept(c, a.id, step.thaw(ma, D + 43, ma.productBags[1]));
    await accept(c, a.id, step.infusionStart(ma, D + 44, ma.productBags[1]));
  });

  it('stops a step dated before the previous one', async () => {
    expect(await refused(a.id, step.infusionEnd(ma, D + 30, ma.productBags[1]))).toEqual(['custody.time-before-previous-event']);
  });
});

describe('one patient at a time in a biosafety cabinet', () => {
  it('refuses a second patient\'s material while the first patient\'s is open, and the processing in that cabinet', async () => {
    const first = await c.chain(c.patientA);
    const second = await c.chain(c.patientB);
    const m1 = material(first, 'CAB1');
    const m2 = material(second, 'CAB2');
    await accept(c, first.id, step.collection(m1));
    await accept(c, second.id, step.collection(m2));
    await accept(c, first.id, step.coldStorage(m1));
    await accept(c, second.id, step.coldStorage(m2));
    expect((await cabinet(c, first.id, 'open', m1.bags[0]!, 70, 'BSC-2')).statusCode).toBe(201);
    expect((await cabinet(c, first.id, 'open', m1.bags[1]!, 71, 'BSC-2')).statusCode).toBe(201);

    const before = await c.s.database.db.selectFrom('custody_cabinet_events').select('id').execute();
    const blocked = await cabinet(c, second.id, 'open', m2.bags[0]!, 72, 'BSC-2');
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json).toMatchObject({ issues: [{ path: 'cabinetId', rule: 'custody.cabinet-occupied' }, { rule: 'custody.deviation-recorded' }] });
    const refusedEvent = await c.s.database.db.selectFrom('custody_cabinet_events').selectAll().where('id', 'not in', before.map((r) => r.id)).executeTakeFirstOrThrow();
    expect(refusedEvent).toMatchObject({ outcome: 'refused', patient_id: c.patientB, cabinet_id: 'BSC-2' });
    const deviation = await c.s.database.db.selectFrom('custody_deviations').selectAll().where('cabinet_event_id', '=', refusedEvent.id).executeTakeFirstOrThrow();
    expect(deviation).toMatchObject({ code: 'cabinet-occupied', hard_stop: true, patient_id: c.patientB });
    expect(await c.s.database.db.selectFrom('alerts').select('severity').where('kind', '=', 'custody-hard-stop').where('key', '=', deviation.id).executeTakeFirstOrThrow()).toEqual({ severity: 'critical' });

    expect(await refused(second.id, step.cryopreservation(m2, 180, { location: { id: 'cell-lab', kind: 'cell-processing', cabinetId: 'BSC-2' } }))).toEqual(['custody.cabinet-occupied']);
    await accept(c, first.id, step.cryopreservation(m1, 180, { location: { id: 'cell-lab', kind: 'cell-processing', cabinetId: 'BSC-2' } }));
    // The cabinet is free once the last of the first patient's bags is closed.
    expect((await cabinet(c, first.id, 'close', m1.bags[0]!, 185, 'BSC-2')).statusCode).toBe(201);
    expect((await cabinet(c, second.id, 'open', m2.bags[0]!, 186, 'BSC-2')).statusCode).toBe(409);
    expect((await cabinet(c, first.id, 'close', m1.bags[1]!, 187, 'BSC-2')).statusCode).toBe(201);
    expect((await cabinet(c, second.id, 'open', m2.bags[0]!, 188, 'BSC-2')).statusCode).toBe(201);
    await accept(c, second.id, step.cryopreservation(m2, 200, { location: { id: 'cell-lab', kind: 'cell-processing', cabinetId: 'BSC-2' } }));
  });

  it('refuses opening another course\'s bag, and closing a bag that is not open', async () => {
    const chain = await c.chain(c.patientA);
    const m = material(chain, 'CAB3');
    await accept(c, chain.id, step.collection(m));
    const foreign = await cabinet(c, chain.id, 'open', mb.bags[0]!, 30, 'BSC-4');
    expect(foreign.statusCode).toBe(409);
    expect(reasonRules(foreign.json)).toEqual(['custody.collection-bag-unknown']);
    const notOpen = await cabinet(c, chain.id, 'close', m.bags[0]!, 31, 'BSC-4');
    expect(reasonRules(notOpen.json)).toEqual(['custody.cabinet-material-not-open']);
  });

  it('holds the rule in the database when the core\'s check is bypassed', async () => {
    const first = await c.chain(c.patientA);
    const second = await c.chain(c.patientB);
    const m1 = material(first, 'CAB5');
    await accept(c, first.id, step.collection(m1));
    const opened = await cabinet(c, first.id, 'open', m1.bags[0]!, 30, 'BSC-5');
    expect(opened.statusCode).toBe(201);
    const openEvent = opened.json['eventId'] as string;
    // Straight to storage, as a defect skipping the core would: the partial unique index refuses it.
    const bypass = c.s.database.db.transaction().execute((tx) =>
      openCabinetMaterial(tx, SYSTEM_ACTOR, { cabinetId: 'BSC-5', chainId: second.id, patientId: c.patientB, materialId: 'ANY-BAG', openedAt: new Date(Date.parse(at(31))), openedBy: c.s.users['cell-therapy-technologist'], openEventId: openEvent }, new Date()),
    );
    const err: unknown = await bypass.then(
      () => null,
      (e: unknown) => e,
    );
    expect(postgresError(err)).toEqual({ code: '23505', constraint: 'custody_cabinet_sessions_open' });
    // Material can only join a session of its own patient: the composite foreign key refuses the mix.
    const session = await c.s.database.db.selectFrom('custody_cabinet_sessions').select('id').where('cabinet_id', '=', 'BSC-5').where('closed_at', 'is', null).executeTakeFirstOrThrow();
    const mixed: unknown = await c.s.database.db
      .insertInto('custody_cabinet_materials')
      .values({ id: randomUUID(), session_id: session.id, chain_id: second.id, patient_id: c.patientB, material_id: 'ANY-BAG', opened_at: new Date(), opened_by: c.s.users['cell-therapy-technologist'], open_event_id: openEvent })
      .execute()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(postgresError(mixed)?.code).toBe('23503');
    expect(await c.s.database.db.selectFrom('custody_cabinet_sessions').select('patient_id').where('cabinet_id', '=', 'BSC-5').execute()).toEqual([{ patient_id: c.patientA }]);
  });

  it('answers a concurrent second patient in the cabinet with 409, never 5xx', async () => {
    const chains = [await c.chain(c.patientA), await c.chain(c.patientB)];
    const ms = chains.map((ch, i) => material(ch, `RACE${i}`));
    for (const [i, ch] of chains.entries()) await accept(c, ch.id, step.collection(ms[i]!));
    const results = await Promise.all(chains.map((ch, i) => cabinet(c, ch.id, 'open', ms[i]!.bags[0]!, 40, 'BSC-6')));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await c.s.database.db.selectFrom('custody_cabinet_sessions').select('id').where('cabinet_id', '=', 'BSC-6').where('closed_at', 'is', null).execute()).toHaveLength(1);
  });
});

describe('guarantees of the stored record', () => {
  it('refuses in the database an accepted two-person step without a second person, and rewriting an event', async () => {
    const row = await c.s.database.db.selectFrom('custody_events').selectAll().where('chain_id', '=', a.id).where('type', '=', 'collection').executeTakeFirstOrThrow();
    const copy = { ...row, id: randomUUID(), position: 999, verified_by: null, verifier_signature_id: null, event: JSON.stringify(row.event), reasons: '[]', context: JSON.stringify(row.context), scanned: '[]', temperatures: '[]' };
    const err: unknown = await c.s.database.db
      .insertInto('custody_events')
      .values(copy)
      .execute()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(postgresError(err)?.code).toBe('23514');
    const update: unknown = await c.s.database.db
      .updateTable('custody_events')
      .set({ outcome: 'accepted' })
      .where('id', '=', row.id)
      .execute()
      .then(
        () => null,
        (e: unknown) => e,
      );
    // 42501: insufficient_privilege (the application role may only insert and read events).
    expect(postgresError(update)?.code).toBe('42501');
  });

  it('keeps the audit trail intact', async () => {
    expect((await verifyAudit(c.s.database.db)).ok).toBe(true);
  });
});
