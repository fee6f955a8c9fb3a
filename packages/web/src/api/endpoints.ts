import { request } from './client';
import type { AlertSheet, ApiResult, Board, Credentials, Sheet, User, Alert } from './types';

/** The server operations the bedside app calls (each listed in test/contract/api-types.ts). */
export const api = {
  me: (lang: string): Promise<ApiResult<User>> => request('/api/v1/auth/me', { lang, anonymous: true }),
  login: (credentials: Credentials, lang: string): Promise<ApiResult<User>> => request('/api/v1/auth/login', { method: 'POST', body: credentials, lang, anonymous: true }),
  logout: (lang: string): Promise<ApiResult<null>> => request('/api/v1/auth/logout', { method: 'POST', lang, anonymous: true }),
  board: (lang: string): Promise<ApiResult<Board>> => request('/api/v1/board', { lang }),
  patient: (patientId: string, lang: string): Promise<ApiResult<Sheet>> => request(`/api/v1/board/patients/${encodeURIComponent(patientId)}`, { lang }),
  alert: (alertId: string, lang: string): Promise<ApiResult<AlertSheet>> => request(`/api/v1/board/alerts/${encodeURIComponent(alertId)}`, { lang }),
  acknowledge: (alertId: string, lang: string): Promise<ApiResult<Alert>> => request(`/api/v1/alerts/${encodeURIComponent(alertId)}/acknowledge`, { method: 'POST', lang }),
};
