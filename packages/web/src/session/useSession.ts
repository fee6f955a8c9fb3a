import { useCallback, useEffect, useState } from 'react';
import { setSessionEndedListener } from '../api/client';
import { api } from '../api/endpoints';
import type { ApiResult, User } from '../api/types';

export type SignedOutReason = 'none' | 'expired' | 'signed-out';

export type Session =
  | { readonly state: 'checking' }
  | { readonly state: 'signed-out'; readonly reason: SignedOutReason }
  | { readonly state: 'signed-in'; readonly user: User };

/**
 * The signed-in user. The session itself is the server's httpOnly cookie: the app never sees the
 * token and keeps no password; it asks the server who is signed in when it starts, and treats a
 * 401 on any later call as the end of the session.
 */
export function useSession(lang: string) {
  const [session, setSession] = useState<Session>({ state: 'checking' });

  useEffect(() => {
    let current = true;
    void api.me(lang).then((res) => {
      if (current) setSession((s) => (s.state === 'checking' ? (res.ok ? { state: 'signed-in', user: res.data } : { state: 'signed-out', reason: 'none' }) : s));
    });
    return () => {
      current = false;
    };
    // Once, at start: a change of language does not change who is signed in.
  }, []);

  useEffect(() => {
    setSessionEndedListener(() => setSession((s) => (s.state === 'signed-in' ? { state: 'signed-out', reason: 'expired' } : s)));
    return () => setSessionEndedListener(null);
  }, []);

  const login = useCallback(
    async (username: string, password: string): Promise<ApiResult<User>> => {
      const res = await api.login({ username, password }, lang);
      if (res.ok) setSession({ state: 'signed-in', user: res.data });
      return res;
    },
    [lang],
  );

  const logout = useCallback(async () => {
    await api.logout(lang);
    // Signed out here whatever the answer: a session the server no longer knows is over too.
    setSession({ state: 'signed-out', reason: 'signed-out' });
  }, [lang]);

  return { session, login, logout };
}
