import type { ApiProblem, ApiResult } from './types';

/**
 * The one way the app reaches the server: JSON, the session cookie (sent by the browser, never
 * read by the app), the UI language as Accept-Language so that server texts and errors come in
 * it. A 401 on a call made while signed in means the session ended: the listener takes the app
 * back to the login page.
 */
let onSessionEnded: (() => void) | null = null;

export function setSessionEndedListener(listener: (() => void) | null): void {
  onSessionEnded = listener;
}

function isProblem(payload: unknown): payload is ApiProblem {
  return typeof payload === 'object' && payload !== null && 'error' in payload && 'message' in payload;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST';
  readonly body?: unknown;
  readonly lang?: string;
  /** The login call: its 401 is a wrong password, not an ended session. */
  readonly anonymous?: boolean;
}

export async function request<T>(url: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.lang !== undefined) headers['accept-language'] = options.lang;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch {
    return { ok: false, status: 0, problem: { error: 'network', message: '' } };
  }
  const payload: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: payload as T };
  if (res.status === 401 && !options.anonymous) onSessionEnded?.();
  return { ok: false, status: res.status, problem: isProblem(payload) ? payload : { error: 'http-error', message: res.statusText || String(res.status) } };
}
