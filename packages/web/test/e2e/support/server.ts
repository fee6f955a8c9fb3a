import type { AddressInfo } from 'node:net';
import { evaluatePatient } from '../../../../server/src/alerts/evaluate.js';
import { buildApp } from '../../../../server/src/app.js';
import { loadDemoData } from '../../../../server/src/demo/load.js';
import { DEMO_IDENTIFIER_SYSTEM, DEMO_PASSWORD } from '../../../../server/src/demo/people.js';
import { startTestServer, type TestServer } from '../../../../server/test/support/server.js';
import { WEB_DIST } from './environment.js';

export { DEMO_PASSWORD };

/**
 * The server's clock in the browser tests, frozen at the next 10:00 in Taipei (UTC+8, no daylight
 * saving). Frozen, so that the demo ward (laid out relative to "now") reads the same every run:
 * its day +4 patient, infused 98 hours earlier, is on calendar day +4 only from 02:00. Not in the
 * past, because the browser drops a session cookie whose expiry (server time + 12 h) has passed
 * on its own clock.
 */
export function wardMorningAfter(realNow: number): Date {
  const day = new Date(realNow);
  const morning = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 2);
  return new Date(morning >= realNow ? morning : morning + 24 * 3_600_000);
}
const SERVER_NOW = wardMorningAfter(Date.now()).getTime();

export interface BedsideServer {
  readonly url: string;
  readonly test: TestServer;
  /** The id of a demo patient by medical record number (e.g. DEMO-0004, the day +4 patient with CRS). */
  patientId(mrn: string): Promise<string>;
  /** Acknowledges an alert through the API as a demo user (a colleague at another screen). */
  acknowledgeAs(username: string, alertId: string): Promise<void>;
  /** Ends every session of a user, as the absolute timeout does. */
  expireSessionsOf(username: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real server on a fresh database of the machine's PostgreSQL, with the demo ward loaded
 * through the alert engine (so the day +4 patient has its CRS alert) and the built web app served
 * at /, listening on a free port of 127.0.0.1.
 */
export async function startBedsideServer(): Promise<BedsideServer> {
  // A fixed clock: the demo ward is laid out relative to "now", and its day +4 patient is on
  // calendar day +4 only from 02:00 Taipei time (the infusion was 98 hours earlier).
  const test = await startTestServer({ now: () => new Date(SERVER_NOW), onPatientDataChanged: evaluatePatient });
  let app: ReturnType<typeof buildApp> | null = null;
  try {
    await loadDemoData(test.ctx);
    app = buildApp({ context: test.ctx, webRoot: WEB_DIST });
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    await app?.close();
    await test.close();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  const listening = app;
  const db = test.database.db;
  return {
    url: `http://127.0.0.1:${port}`,
    test,
    async patientId(mrn) {
      const row = await db.selectFrom('patient_identifiers').select('patient_id').where('system', '=', DEMO_IDENTIFIER_SYSTEM).where('value', '=', mrn).executeTakeFirstOrThrow();
      return row.patient_id;
    },
    async acknowledgeAs(username, alertId) {
      const login = await test.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password: DEMO_PASSWORD } });
      const { token } = login.json<{ token: string }>();
      const res = await test.app.inject({ method: 'POST', url: `/api/v1/alerts/${alertId}/acknowledge`, headers: { authorization: `Bearer ${token}` } });
      if (res.statusCode !== 200) throw new Error(`acknowledging ${alertId} as ${username}: ${res.statusCode} ${res.body}`);
    },
    async expireSessionsOf(username) {
      const user = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
      await db.updateTable('sessions').set({ expires_at: new Date(SERVER_NOW - 1000) }).where('user_id', '=', user.id).execute();
    },
    async close() {
      await listening.close();
      await test.close();
    },
  };
}
