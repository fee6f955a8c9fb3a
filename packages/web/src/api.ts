import type { InputIssue, Lang, RenderedAssessment } from '@cartographer/core';
import type { JsonSchema } from './form/schema-form';

/** The page talks only to the server's HTTP API; these are the shapes it reads. */
export interface InstrumentSummary {
  readonly name: string;
  readonly kind: 'instrument' | 'planner';
  readonly section: string;
  readonly title: Readonly<Record<Lang, string>>;
}

export interface ApiProblem {
  readonly error: string;
  readonly message: string;
  readonly instrument?: string;
  readonly issues?: readonly InputIssue[];
}

export type ApiResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly status: number; readonly problem: ApiProblem };

async function call<T>(url: string, init?: RequestInit): Promise<ApiResult<T>> {
  const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  const payload: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: payload as T };
  const problem =
    typeof payload === 'object' && payload !== null && 'error' in payload
      ? (payload as ApiProblem)
      : { error: 'http-error', message: res.statusText || String(res.status) };
  return { ok: false, status: res.status, problem };
}

export function listInstruments(): Promise<ApiResult<InstrumentSummary[]>> {
  return call('/api/v1/instruments');
}

export function instrumentSchema(name: string): Promise<ApiResult<{ input: JsonSchema; output: JsonSchema }>> {
  return call(`/api/v1/instruments/${encodeURIComponent(name)}/schema`);
}

export function assess(name: string, body: unknown, lang: Lang): Promise<ApiResult<RenderedAssessment>> {
  return call(`/api/v1/assessments/${encodeURIComponent(name)}?lang=${encodeURIComponent(lang)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
