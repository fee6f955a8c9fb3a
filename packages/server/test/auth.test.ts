import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../src/audit/trail.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from './support/server.js';

let s: TestServer;
let clock = new Date('2026-11-21T08:00:00+08:00');
beforeAll(async () => {
  s = await startTestServer({ now: () => clock });
});
afterAll(async () => s.close());

describe('sign-in and sessions', () => {
  it('sets an httpOnly, SameSite=Strict session cookie and knows the user', async () => {
    const login = await s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nurse', password: TEST_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const token = /cartographer_session=([^;]+)/.exec(cookie)?.[1];
    const me = await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { cartographer_session: token ?? '' } });
    expect(me.json()).toMatchObject({ username: 'nurse', role: 'nurse' });
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const wrong = await s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nurse', password: 'wrong password' } });
    const unknown = await s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'wrong password' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const headers = await s.auth('physician');
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(401);

    const busy = await s.auth('physician');
    for (let i = 0; i < 12 * 3 - 1; i += 1) {
      clock = new Date(clock.getTime() + 20 * 60_000);
      expect((await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: busy })).statusCode).toBe(200);
    }
    clock = new Date(clock.getTime() + 20 * 60_000);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: busy })).statusCode).toBe(401);
  });

  it('logout ends the session', async () => {
    const headers = await s.auth('pharmacist');
    expect((await s.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('audits logins, failures and logouts in a valid chain', async () => {
    const actions = await s.database.db.selectFrom('audit_log').select('action').execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['login', 'login-failed', 'logout']));
    expect((await verifyAudit(s.database.db)).ok).toBe(true);
  });
});
