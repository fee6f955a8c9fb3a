import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAudit, SYSTEM_ACTOR } from '../src/audit/trail.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 5; i += 1) {
    await t.db.transaction().execute((tx) => appendAudit(tx, SYSTEM_ACTOR, { action: 'create', entityType: 'thing', entityId: `t${i}`, after: { n: i, nested: { b: 1, a: [1, 2] } } }));
  }
});
afterAll(async () => t.drop());

describe('audit trail', () => {
  it('verifies an untouched chain', async () => {
    const v = await verifyAudit(t.db);
    expect(v).toMatchObject({ records: 5, ok: true, problems: [] });
  });

  it('cannot be updated or deleted by the application role', async () => {
    await expect(t.db.updateTable('audit_log').set({ reason: 'x' }).where('seq', '=', '1').execute()).rejects.toThrow(/permission denied/);
    await expect(t.db.deleteFrom('audit_log').where('seq', '=', '1').execute()).rejects.toThrow(/permission denied/);
  });

  it('refuses updates even from the owner while its trigger is on', async () => {
    await expect(t.asOwner(`UPDATE audit_log SET reason = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
  });

  it('a rolled-back append leaves no gap', async () => {
    await expect(
      t.db.transaction().execute(async (tx) => {
        await appendAudit(tx, SYSTEM_ACTOR, { action: 'create', entityType: 'thing', entityId: 'rolled-back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await t.db.transaction().execute((tx) => appendAudit(tx, SYSTEM_ACTOR, { action: 'create', entityType: 'thing', entityId: 't5' }));
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('detects an edited, a deleted and a reordered record', async () => {
    await t.asOwner('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await t.asOwner(`UPDATE audit_log SET after = '{"n": 99}' WHERE seq = 2`);
    let v = await verifyAudit(t.db);
    expect(v.ok).toBe(false);
    expect(v.problems).toContainEqual(expect.objectContaining({ seq: '2', problem: 'hash-mismatch' }));

    await t.asOwner('DELETE FROM audit_log WHERE seq = 4');
    v = await verifyAudit(t.db);
    expect(v.problems).toContainEqual(expect.objectContaining({ seq: '5', problem: 'sequence-gap' }));
    expect(v.problems).toContainEqual(expect.objectContaining({ seq: '5', problem: 'chain-broken' }));

    // Swap two records' positions: both links break.
    await t.asOwner('UPDATE audit_log SET seq = seq + 1000 WHERE seq IN (5, 6)');
    await t.asOwner('UPDATE audit_log SET seq = 6 WHERE seq = 1005');
    await t.asOwner('UPDATE audit_log SET seq = 5 WHERE seq = 1006');
    v = await verifyAudit(t.db);
    expect(v.problems.filter((p) => p.problem === 'chain-broken').map((p) => p.seq)).toEqual(expect.arrayContaining(['5', '6']));
  });
});
