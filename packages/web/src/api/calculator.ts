import type { Lang, RenderedAssessment } from '@cartographer/core';
import type { JsonSchema } from '../form/schema-form';
import { request } from './client';
import type { ApiResult, InstrumentSummary } from './types';

/** The calculators: the instruments the server offers and their evaluation (no login needed). */
export function listInstruments(): Promise<ApiResult<InstrumentSummary[]>> {
  return request('/api/v1/instruments', { anonymous: true });
}

export function instrumentSchema(name: string): Promise<ApiResult<{ input: JsonSchema; output: JsonSchema }>> {
  return request(`/api/v1/instruments/${encodeURIComponent(name)}/schema`, { anonymous: true });
}

export function assess(name: string, body: unknown, lang: Lang): Promise<ApiResult<RenderedAssessment>> {
  return request(`/api/v1/assessments/${encodeURIComponent(name)}?lang=${encodeURIComponent(lang)}`, { method: 'POST', body, anonymous: true });
}
