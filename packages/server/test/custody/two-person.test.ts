import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/trail.js';
import { hashRecord } from '../../src/auth/signatures.js';
import { TEST_PASSWORD } from '../support/server.js';
import { accept, body, material, post, reasonRules, startCustodyServer, step, type CustodyServer } from './support.js';

/**
 * Two-person verification at the API: the first person by session, the second by credentials
 * re-entered at the step (never stored), both signing the event's hash; the same user twice,
 * a role the step does not permit, a wrong password, an unknown user or one outside the care
 * team are refused. Request-level refusals write nothing at all.
 */

let c: CustodyServer;
beforeAll(async () => {
  c = await startCustodyServer();
});
afterAll(async () => c.close());

/** Rows of every custody table and the audit trail, to show that a refusal wrote nothing. */
async function footprint(): Promise<Record<string, number>> {
  const tables = ['custody_events', 'custody_deviations', 'custody_items', 'signatures', 'alerts'] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await c.s.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  // Each call logs in first, and a login is audited: everything else counts.
  const audit = await c.s.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '<>', 'login').executeTakeFirstOrThrow();
  counts['audit_log'] = Number(audit.n);
  return counts;
}

describe('two people, both signing', () => {
  it('records the collection with the nurse and a second nurse, each signature bound to the hash of the event record', async () => {
    const chain = await c.chain(c.patientA);
    const m = material(chain, 'TP1');
    const res = await accept(c, chain.id, step.collection(m));
    const event = await c.s.database.db.selectFrom('custody_events').selectAll().where('id', '=', res['eventId'] as string).executeTakeFirstOrThrow();
    expect(event.performed_by).toBe(c.s.users['nurse']);
    const second = await c.s.database.db.selectFrom('users').select('id').where('username', '=', 'nurse-2').executeTakeFirstOrThrow();
    expect(event.verified_by).toBe(second.id);
    const signatures = await c.s.database.db.selectFrom('signatures').selectAll().where('record_type', '=', 'custody-event').where('record_id', '=', event.id).orderBy('meaning').execute();
    expect(signatures.map((s) => [s.meaning, s.user_id])).toEqual([
      ['custody-performed', event.performed_by],
      ['custody-verified', event.verified_by],
    ]);
    for (const s of signatures) expect(s.record_hash).toBe(event.record_hash);
    const content = { id: event.id, chainId: chain.id, coi: chain.coi, outcome: 'accepted', position: 1, event: event.event, recordedAt: event.recorded_at.toISOString() };
    expect(hashRecord(content)).toBe(event.record_hash);
    expect(event.event['performedBy']).toEqual([
      { userId: event.performed_by, role: 'nurse' },
      { userId: event.verified_by, role: 'nurse' },
    ]);
    // Every write of the step is in the audit trail: the event, its lineage, the chain's new state, both signatures.
    const audited = await c.s.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'entity_id', 'after'])
      .where('at', '=', event.recorded_at)
      .where('patient_id', '=', c.patientA)
      .orderBy('seq')
      .execute();
    const mine = audited.filter((r) => r.action !== 'create' || r.entity_type !== 'custody-chain').filter((r) => r.entity_id === event.id || r.entity_id === chain.id || signatures.some((x) => x.id === r.entity_id));
    expect(mine.map((r) => `${r.action} ${r.entity_type}`)).toEqual(['sign signature', 'sign signature', 'create custody-event', 'add custody-lineage', 'update custody-chain']);
    // The clocks of the collection (long expired at this server time) alert at once, in the same transaction.
    const clockAlerts = await c.s.database.db.selectFrom('alerts').select(['key', 'severity']).where('kind', '=', 'custody-clock').where('patient_id', '=', c.patientA).orderBy('key').execute();
    expect(clockAlerts).toEqual([
      { key: `cold-storage:${m.din}`, severity: 'critical' },
      { key: `cryopreservation:${m.din}`, severity: 'critical' },
    ]);
    expect((mine[3]!.after as { eventId: string }).eventId).toBe(event.id);
  });

  it('never stores or logs the re-entered passwords', async () => {
    const found = await c.s.database.asOwner<{ n: string }>(
      `SELECT (SELECT count(*) FROM custody_events WHERE event::text LIKE $1) + (SELECT count(*) FROM audit_log WHERE coalesce(after::text, '') LIKE $1 OR coalesce(before::text, '') LIKE $1) + (SELECT count(*) FROM signatures WHERE signer_name LIKE $1) AS n`,
      [`%${TEST_PASSWORD}%`],
    );
    expect(Number(found.rows[0]!.n)).toBe(0);
  });
});

describe('refused as a hard stop (recorded, 409)', () => {
  it('refuses the same user as both people, even from a second session', async () => {
    const chain = await c.chain(c.patientA);
    const m = material(chain, 'TP2');
    const secondSession = await c.login('nurse');
    const res = await c.s.app.inject({ method: 'POST', url: `/api/v1/custody/chains/${chain.id}/events`, headers: secondSession, payload: body(step.collection(m), { performer: 'nurse', verifier: 'nurse' }) });
    expect(res.statusCode).toBe(409);
    expect(reasonRules(res.json())).toContain('custody.same-user-twice');
    expect(res.json()).toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ path: 'event.performedBy', rule: 'custody.same-user-twice' })]) as unknown });
    const rows = await c.s.database.db.selectFrom('custody_events').select(['outcome', 'performed_by', 'verified_by', 'performer_signature_id']).where('chain_id', '=', chain.id).execute();
    expect(rows).toEqual([{ outcome: 'refused', performed_by: c.s.users['nurse'], verified_by: c.s.users['nurse'], performer_signature_id: null }]);
    expect((await c.s.database.db.selectFrom('custody_chains').select('accepted_events').where('id', '=', chain.id).executeTakeFirstOrThrow()).accepted_events).toBe(0);
  });

  it('refuses a two-person step done alone', async () => {
    const chain = await c.chain(c.patientA);
    const res = await post(c, chain.id, step.collection(material(chain, 'TP3')), { performer: 'nurse' });
    expect(res.statusCode).toBe(409);
    expect(reasonRules(res.json)).toEqual(['custody.second-person-required']);
  });

  it('refuses a second person whose role the step does not permit, and a performer in a role the step does not permit', async () => {
    const chain = await c.chain(c.patientA);
    const m = material(chain, 'TP4');
    // The core permits a pharmacist at receipt but not at collection.
    const res = await post(c, chain.id, step.collection(m), { performer: 'nurse', verifier: 'pharmacist' });
    expect(res.statusCode).toBe(409);
    expect(res.json['issues']).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'event.performedBy[1].role', rule: 'custody.role-not-permitted' })]));
    // The case manager may read custody but not verify it, although the core lists the role for manufacturing status.
    await accept(c, chain.id, step.collection(m));
    const asCaseManager = await post(c, chain.id, step.coldStorage(m), { performer: 'cell-therapy-technologist', verifier: 'case-manager' });
    expect(asCaseManager.statusCode).toBe(409);
    expect(reasonRules(asCaseManager.json)).toEqual(['custody.role-not-permitted']);
    const pharmacistInfuses = await post(c, chain.id, step.coldStorage(m), { performer: 'pharmacist' });
    expect(reasonRules(pharmacistInfuses.json)).toEqual(['custody.role-not-permitted']);
  });
});

describe('refused before anything is written', () => {
  it('refuses a wrong second password (401), an unknown second user (401), and a second user outside the care team (403)', async () => {
    const chain = await c.chain(c.patientA);
    const m = material(chain, 'TP5');
    const before = await footprint();
    const wrong = await post(c, chain.id, step.collection(m), { performer: 'nurse', verifier: 'nurse-2' }, 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json).toMatchObject({ error: 'signature-invalid', issues: [{ path: 'verifier', rule: 'custody.verifier-credentials-invalid' }] });
    const unknown = await post(c, chain.id, step.collection(m), { performer: 'nurse', verifier: 'nobody-here' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json).toMatchObject({ issues: [{ path: 'verifier', rule: 'custody.verifier-credentials-invalid' }] });
    // A wrong second password also stops a step the core would refuse: nothing is recorded in an unproven name.
    const wrongAndAlone = await post(c, chain.id, step.collection(m, 5, { patientIdentifiersChecked: ['name'] }), { performer: 'nurse', verifier: 'nurse-2' }, 'not the password at all');
    expect(wrongAndAlone.statusCode).toBe(401);
    const nurse2 = (await c.s.database.db.selectFrom('users').select('id').where('username', '=', 'nurse-2').executeTakeFirstOrThrow()).id;
    await c.s.database.db.deleteFrom('care_team').where('patient_id', '=', c.patientA).where('user_id', '=', nurse2).execute();
    const outsider = await post(c, chain.id, step.collection(m), { performer: 'nurse', verifier: 'nurse-2' });
    // Outside the care team with a wrong password: the same answer as an unknown user (no probing of usernames).
    const outsiderWrong = await post(c, chain.id, step.collection(m), { performer: 'nurse', verifier: 'nurse-2' }, 'not the password at all');
    await c.s.database.db.insertInto('care_team').values({ patient_id: c.patientA, user_id: nurse2, added_at: new Date() }).execute();
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json).toMatchObject({ issues: [{ path: 'verifier.username', rule: 'custody.verifier-not-on-care-team' }] });
    expect(outsiderWrong.statusCode).toBe(401);
    expect(outsiderWrong.json).toEqual(unknown.json);
    expect(await footprint()).toEqual(before);
  });

  it('refuses a wrong performer password (401) and a missing one (400)', async () => {
    const chain = await c.chain(c.patientB);
    const m = material(chain, 'TP6');
    const before = await footprint();
    const headers = await c.login('nurse');
    const url = `/api/v1/custody/chains/${chain.id}/events`;
    const wrong = await c.s.app.inject({ method: 'POST', url, headers, payload: { event: step.collection(m), performerPassword: 'wrong password', verifier: { username: 'physician-2', password: TEST_PASSWORD } } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ issues: [{ path: 'performerPassword', rule: 'custody.performer-password-invalid' }] });
    const missing = await c.s.app.inject({ method: 'POST', url, headers, payload: { event: step.collection(m), verifier: { username: 'physician-2', password: TEST_PASSWORD } } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ issues: [{ path: 'performerPassword', rule: 'custody.performer-password-required' }] });
    expect(await footprint()).toEqual(before);
  });

  it('names the field and the core rule of an invalid event, and refuses a step dated in the future', async () => {
    const chain = await c.chain(c.patientB);
    const m = material(chain, 'TP7');
    const before = await footprint();
    const badDin = await post(c, chain.id, step.collection(m, 5, { din: 'A9999260000011' }));
    expect(badDin.statusCode).toBe(400);
    expect(badDin.json).toMatchObject({ error: 'invalid-input', issues: [{ path: 'event.din', rule: 'din.check-character' }] });
    const serverFields = await post(c, chain.id, { ...step.coldStorage(m), id: 'mine', performedBy: [] });
    expect(serverFields.statusCode).toBe(400);
    expect(serverFields.json).toMatchObject({ issues: [{ rule: 'input.unrecognized-keys' }] });
    const wrongUnit = await post(c, chain.id, step.coldStorage(m, 60, { temperatures: [{ at: '2026-03-10T11:00:00+08:00', temperature: { value: 4, unit: 'kg' } }] }));
    expect(wrongUnit.json).toMatchObject({ issues: [{ path: 'event.temperatures[0].temperature.unit', rule: 'input.unit-not-convertible' }] });
    const now = c.s.ctx.now();
    const late = new Date(now.getTime() + 5 * 60_000 + 1000);
    const future = await post(c, chain.id, step.coldStorage(m, 60, { at: late.toISOString() }));
    expect(future.statusCode).toBe(400);
    expect(future.json).toMatchObject({ issues: [{ path: 'event.at', rule: 'custody.at-in-future' }] });
    expect(await footprint()).toEqual(before);
    const skewed = await post(c, chain.id, step.collection(m, 5, { at: new Date(now.getTime() + 5 * 60_000).toISOString() }));
    expect(skewed.statusCode).toBe(201);
  });

  it('answers 404 for an unknown chain and never 5xx on a malformed body', async () => {
    const headers = await c.login('nurse');
    const unknown = await c.s.app.inject({ method: 'POST', url: '/api/v1/custody/chains/00000000-0000-4000-8000-000000000001/events', headers, payload: { event: { type: 'thaw' } } });
    expect(unknown.statusCode).toBe(404);
    const chain = await c.chain(c.patientB);
    for (const payload of [{}, { event: null }, { event: { type: 'nonsense' } }, { event: [] }, { event: step.thaw(material(chain, 'X'), 1), extra: true }, { event: { type: 'thaw', scanned: [{ kind: 'patient', value: 7 }] } }]) {
      const res = await c.s.app.inject({ method: 'POST', url: `/api/v1/custody/chains/${chain.id}/events`, headers, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('keeps the audit trail intact', async () => {
    expect((await verifyAudit(c.s.database.db)).ok).toBe(true);
  });
});
