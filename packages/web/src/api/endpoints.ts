import { request } from './client';
import type { AlertSheet, ApiResult, Board, Credentials, CustodyChain, CustodyChainSummary, Sheet, User, Alert } from './types';

/** The server operations the bedside app calls (each listed in test/contract/api-types.ts). */
export const api = {
  me: (lang: string): Promise<ApiResult<User>> => request('/api/v1/auth/me', { lang, anonymous: true }),
  login: (credentials: Credentials, lang: string): Promise<ApiResult<User>> => request('/api/v1/auth/login', { method: 'POST', body: credentials, lang, anonymous: true }),
  logout: (lang: string): Promise<ApiResult<null>> => request('/api/v1/auth/logout', { method: 'POST', lang, anonymous: true }),
  board: (lang: string): Promise<ApiResult<Board>> => request('/api/v1/board', { lang }),
  patient: (patientId: string, lang: string): Promise<ApiResult<Sheet>> => request(`/api/v1/board/patients/${encodeURIComponent(patientId)}`, { lang }),
  alert: (alertId: string, lang: string): Promise<ApiResult<AlertSheet>> => request(`/api/v1/board/alerts/${encodeURIComponent(alertId)}`, { lang }),
  acknowledge: (alertId: string, lang: string): Promise<ApiResult<Alert>> => request(`/api/v1/alerts/${encodeURIComponent(alertId)}/acknowledge`, { method: 'POST', lang }),
  custodyChains: (patientId: string, lang: string): Promise<ApiResult<CustodyChainSummary[]>> => request(`/api/v1/patients/${encodeURIComponent(patientId)}/custody/chains`, { lang }),
  custodyChain: (chainId: string, lang: string): Promise<ApiResult<CustodyChain>> => request(`/api/v1/custody/chains/${encodeURIComponent(chainId)}`, { lang }),
};

/** Every chain of custody of a patient, each with its steps, clocks and deviations; the first failure answers for all. */
export async function custodyOf(patientId: string, lang: string): Promise<ApiResult<CustodyChain[]>> {
  const list = await api.custodyChains(patientId, lang);
  if (!list.ok) return list;
  const views = await Promise.all(list.data.map((c) => api.custodyChain(c.id, lang)));
  const chains: CustodyChain[] = [];
  for (const view of views) {
    if (!view.ok) return view;
    chains.push(view.data);
  }
  return { ok: true, data: chains };
}
