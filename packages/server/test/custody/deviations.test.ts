import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/trail.js';
import { hashRecord } from '../../src/auth/signatures.js';
import { postgresError } from '../../src/custody/store.js';
import { TEST_PASSWORD } from '../support/server.js';
import { accept, material, post, reading, startCustodyServer, step, type CustodyServer } from './support.js';

/**
 * Deviations: recorded beside an accepted step (warning alert) or for a refused one (critical),
 * investigated with notes, signed off electronically by a permitted role (alert resolved), and
 * reopened with a reason (alert raised again). The life cycle is the core's.
 */

let c: CustodyServer;
let chainId = '';
let hardStopId = '';

beforeAll(async () => {
  c = await startCustodyServer();
  const chain = await c.chain(c.patientA);
  chainId = chain.id;
  const m = material(chain, 'DV');
  await accept(c, chain.id, step.collection(m));
  const refused = await post(c, chain.id, step.thaw(m, 30));
  expect(refused.statusCode).toBe(409);
  hardStopId = (await c.s.database.db.selectFrom('custody_deviations').select('id').where('chain_id', '=', chain.id).where('hard_stop', '=', true).executeTakeFirstOrThrow()).id;
});
afterAll(async () => c.close());

const url = (path: string) => `/api/v1/custody/deviations/${hardStopId}${path}`;

async function alertOf(id: string) {
  return c.s.database.db.selectFrom('alerts').select(['kind', 'severity', 'status']).where('key', '=', id).orderBy('raised_at', 'desc').orderBy('id').execute();
}

describe('a deviation beside an accepted step', () => {
  it('records a temperature excursion at 2-8 °C storage, with a warning alert, and answers 201', async () => {
    const chain = await c.chain(c.patientB);
    const m = material(chain, 'DV2');
    await accept(c, chain.id, step.collection(m));
    const res = await accept(c, chain.id, step.coldStorage(m, 60, { temperatures: [reading(50, 5), reading(60, 9)] }));
    const deviations = res['deviations'] as { id: string; code: string; hardStop: boolean; status: string; params: Record<string, unknown>; text: string }[];
    expect(deviations).toHaveLength(1);
    expect(deviations[0]).toMatchObject({ code: 'temperature-out-of-range', hardStop: false, status: 'open', params: { count: 1, observed: 9 } });
    expect(deviations[0]!.text).toMatch(/[\u4e00-\u9fff]/);
    expect(await alertOf(deviations[0]!.id)).toEqual([{ kind: 'custody-deviation', severity: 'warning', status: 'open' }]);
  });
});

describe('the life cycle of a hard stop\'s deviation', () => {
  it('shows the deviation to the care team with its reason in the reader\'s language', async () => {
    const res = await c.s.app.inject({ method: 'GET', url: `${url('')}?lang=en`, headers: await c.login('case-manager') });
    expect(res.statusCode).toBe(200);
    // The bag scanned is not known yet either: every reason is kept, the first is the deviation's code.
    expect(res.json()).toMatchObject({ id: hardStopId, chainId, code: 'product-bag-unknown', hardStop: true, status: 'open', source: 'custody-event', signature: null, eventType: 'thaw' });
    expect(res.json<{ reasons: string[] }>().reasons).toContain('not-received');
    expect(res.json<{ text: string }>().text).toMatch(/bag/i);
    expect(await alertOf(hardStopId)).toEqual([{ kind: 'custody-hard-stop', severity: 'critical', status: 'open' }]);
  });

  it('refuses a sign-off before the investigation, and an empty note', async () => {
    const early = await c.s.app.inject({ method: 'POST', url: url('/sign-off'), headers: await c.login('physician'), payload: { summary: 'Done.', password: TEST_PASSWORD } });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ issues: [{ path: 'action', rule: 'deviation.close-needs-investigation' }] });
    const empty = await c.s.app.inject({ method: 'POST', url: url('/notes'), headers: await c.login('nurse'), payload: { text: '   ' } });
    expect(empty.statusCode).toBe(400);
  });

  it('takes notes and the investigation from the handling roles', async () => {
    const note = await c.s.app.inject({ method: 'POST', url: url('/notes'), headers: await c.login('nurse'), payload: { text: 'The bag was scanned for thawing before the product had arrived.' } });
    expect(note.statusCode).toBe(200);
    expect(note.json()).toMatchObject({ status: 'open', notes: [{ by: c.s.users['nurse'] }] });
    const investigated = await c.s.app.inject({
      method: 'POST',
      url: url('/investigation'),
      headers: await c.login('pharmacist'),
      payload: { rootCause: 'Wrong worklist opened at the bedside.', correctiveAction: 'Worklist filtered to received products.' },
    });
    expect(investigated.statusCode).toBe(200);
    expect(investigated.json()).toMatchObject({ status: 'investigated', investigatedBy: c.s.users['pharmacist'], rootCause: 'Wrong worklist opened at the bedside.' });
    expect((await c.s.app.inject({ method: 'POST', url: url('/notes'), headers: await c.login('case-manager'), payload: { text: 'x' } })).statusCode).toBe(403);
  });

  it('is signed off only by a physician or a cell-therapy technologist, with the right password', async () => {
    const nurse = await c.s.app.inject({ method: 'POST', url: url('/sign-off'), headers: await c.login('nurse'), payload: { summary: 'Closed.', password: TEST_PASSWORD } });
    expect(nurse.statusCode).toBe(403);
    const before = await c.s.database.db.selectFrom('custody_deviations').select(['version', 'status']).where('id', '=', hardStopId).executeTakeFirstOrThrow();
    const wrong = await c.s.app.inject({ method: 'POST', url: url('/sign-off'), headers: await c.login('cell-therapy-technologist'), payload: { summary: 'Closed.', password: 'not it at all' } });
    expect(wrong.statusCode).toBe(401);
    expect(await c.s.database.db.selectFrom('custody_deviations').select(['version', 'status']).where('id', '=', hardStopId).executeTakeFirstOrThrow()).toEqual(before);
    expect(await alertOf(hardStopId)).toEqual([{ kind: 'custody-hard-stop', severity: 'critical', status: 'open' }]);

    const signed = await c.s.app.inject({ method: 'POST', url: url('/sign-off'), headers: await c.login('physician'), payload: { summary: 'Worklist fixed; no product involved.', password: TEST_PASSWORD } });
    expect(signed.statusCode).toBe(200);
    const view = signed.json<{ status: string; closedBy: string; signature: { meaning: string; signerRole: string; recordHash: string } }>();
    expect(view).toMatchObject({ status: 'closed', closedBy: c.s.users['physician'], signature: { meaning: 'deviation-sign-off', signerRole: 'physician' } });
    const row = await c.s.database.db.selectFrom('custody_deviations').select('record').where('id', '=', hardStopId).executeTakeFirstOrThrow();
    expect(view.signature.recordHash).toBe(hashRecord(row.record));
    expect(await alertOf(hardStopId)).toEqual([{ kind: 'custody-hard-stop', severity: 'critical', status: 'resolved' }]);
  });

  it('refuses changes to a closed deviation until it is reopened, which raises its alert again', async () => {
    const note = await c.s.app.inject({ method: 'POST', url: url('/notes'), headers: await c.login('nurse'), payload: { text: 'Late note.' } });
    expect(note.statusCode).toBe(409);
    expect(note.json()).toMatchObject({ issues: [{ rule: 'deviation.closed-until-reopened' }] });
    expect((await c.s.app.inject({ method: 'POST', url: url('/reopen'), headers: await c.login('nurse'), payload: { reason: 'x' } })).statusCode).toBe(403);
    const reopened = await c.s.app.inject({ method: 'POST', url: url('/reopen'), headers: await c.login('cell-therapy-technologist'), payload: { reason: 'The same scan happened again on another ward.' } });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'open', signature: null, closedAt: null });
    expect((await alertOf(hardStopId)).filter((a) => a.status !== 'resolved')).toEqual([{ kind: 'custody-hard-stop', severity: 'critical', status: 'open' }]);
    const again = await c.s.app.inject({ method: 'POST', url: url('/reopen'), headers: await c.login('physician'), payload: { reason: 'again' } });
    expect(again.json()).toMatchObject({ issues: [{ rule: 'deviation.reopen-only-closed' }] });
  });

  it('keeps closed deviations signed in the database itself', async () => {
    const err: unknown = await c.s.database.db
      .updateTable('custody_deviations')
      .set({ status: 'closed', signature_id: null })
      .where('id', '=', hardStopId)
      .execute()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(postgresError(err)?.code).toBe('23514');
  });

  it('hides deviations from users outside the care team, and answers 404 for an unknown one', async () => {
    await c.s.database.db.deleteFrom('care_team').where('patient_id', '=', c.patientA).where('user_id', '=', c.s.users['pharmacist']).execute();
    expect((await c.s.app.inject({ method: 'GET', url: url(''), headers: await c.login('pharmacist') })).statusCode).toBe(404);
    expect((await c.s.app.inject({ method: 'POST', url: url('/notes'), headers: await c.login('pharmacist'), payload: { text: 'x' } })).statusCode).toBe(404);
    expect((await c.s.app.inject({ method: 'GET', url: '/api/v1/custody/deviations/00000000-0000-4000-8000-000000000009', headers: await c.login('nurse') })).statusCode).toBe(404);
  });

  it('audits every change, and the trail verifies', async () => {
    const actions = await c.s.database.db.selectFrom('audit_log').select('reason').where('entity_type', '=', 'custody-deviation').where('entity_id', '=', hardStopId).where('action', '=', 'update').orderBy('seq').execute();
    expect(actions.map((a) => a.reason)).toEqual(['add-note', 'investigate', 'close', 'reopen']);
    expect((await verifyAudit(c.s.database.db)).ok).toBe(true);
  });
});
