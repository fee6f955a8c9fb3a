import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/trail.js';
import { createPatient } from '../../src/domain/patients.js';
import { addToCareTeam } from '../../src/domain/users.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';

let s: TestServer;
let patientId = '';
const pdf = Buffer.from('%PDF-1.4\n% synthetic release certificate\n').toString('base64');

beforeAll(async () => {
  s = await startTestServer();
  patientId = await s.database.db.transaction().execute(async (tx) => {
    const p = await createPatient(
      tx,
      SYSTEM_ACTOR,
      { name: '測試', birthDate: '1990-01-01', sex: 'female', identifiers: [{ system: 'urn:t:mrn', value: 'D1', kind: 'medical-record-number' }, { system: 'urn:t:prog', value: 'P1', kind: 'program-id' }] },
      new Date(),
    );
    for (const role of ['physician', 'pharmacist'] as const) await addToCareTeam(tx, SYSTEM_ACTOR, p.row.id, s.users[role], new Date());
    return p.row.id;
  });
});
afterAll(async () => s.close());

describe('documents', () => {
  it('stores a release certificate with its hash and signs it with the password re-entered', async () => {
    const headers = await s.auth('pharmacist');
    const created = await s.app.inject({ method: 'POST', url: `/api/v1/patients/${patientId}/documents`, headers, payload: { kind: 'release-certificate', title: 'Release', contentType: 'application/pdf', contentBase64: pdf } });
    expect(created.statusCode).toBe(201);
    const doc = created.json<{ id: string; sha256: string; signature: null }>();
    expect(doc.signature).toBeNull();

    const wrong = await s.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/sign`, headers, payload: { password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(await s.database.db.selectFrom('signatures').select('id').execute()).toHaveLength(0);

    const signed = await s.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/sign`, headers, payload: { password: TEST_PASSWORD } });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ signature: { signerName: 'Test pharmacist', signerRole: 'pharmacist', meaning: 'product-release' } });
    const again = await s.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/sign`, headers, payload: { password: TEST_PASSWORD } });
    expect(again.statusCode).toBe(409);

    const content = await s.app.inject({ method: 'GET', url: `/api/v1/documents/${doc.id}/content`, headers });
    expect(content.rawPayload.toString()).toContain('synthetic release certificate');
  });

  it('refuses a file that is not what its type says, naming the field', async () => {
    const headers = await s.auth('physician');
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/documents`,
      headers,
      payload: { kind: 'consent-car-t', title: 'Consent', contentType: 'application/pdf', contentBase64: Buffer.from('not a pdf').toString('base64') },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ issues: [{ path: 'contentBase64', rule: 'document.content-type-mismatch' }] });
  });

  it('a user outside the care team sees nothing', async () => {
    const headers = await s.auth('nurse');
    expect((await s.app.inject({ method: 'GET', url: `/api/v1/patients/${patientId}/documents`, headers })).statusCode).toBe(404);
  });
});
