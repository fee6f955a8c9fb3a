import { InputError, UnknownInstrumentError, type InputIssue, type Lang } from '@cartographer/core';
import * as z from 'zod';

/**
 * The one error vocabulary of the HTTP API. Every failure becomes an ApiProblem whose `error`
 * code is mapped to an HTTP status by `statusOf` and nowhere else.
 */
export const ERROR_CODES = [
  'invalid-input',
  'invalid-request',
  'unknown-instrument',
  'not-found',
  'unauthenticated',
  'forbidden',
  'conflict',
  'precondition-failed',
  'gate-closed',
  'signature-invalid',
  'payload-too-large',
  'unsupported-media-type',
  'internal-error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'invalid-input':
    case 'invalid-request':
      return 400;
    case 'unauthenticated':
    case 'signature-invalid':
      return 401;
    case 'forbidden':
      return 403;
    case 'unknown-instrument':
    case 'not-found':
      return 404;
    case 'conflict':
    case 'gate-closed':
      return 409;
    case 'precondition-failed':
      return 412;
    case 'payload-too-large':
      return 413;
    case 'unsupported-media-type':
      return 415;
    case 'internal-error':
      return 500;
  }
}

export const IssueSchema = z.object({
  path: z.string().describe('Dotted path of the field, e.g. "oxygen.flow" or "tocilizumabAdministrations[0].at"; empty for the whole body.'),
  rule: z.string().describe('Identifier of the rule broken, e.g. "input.unit-required".'),
  message: z.string().describe('What is wrong and what to do, in the requested language.'),
});

export const ApiErrorSchema = z
  .object({
    error: z.enum(ERROR_CODES),
    message: z.string(),
    instrument: z.string().optional(),
    issues: z.array(IssueSchema).optional(),
  })
  .describe('Error: `error` is a code from a fixed vocabulary; `issues` name the field path and the rule broken.');
export type ApiProblem = z.infer<typeof ApiErrorSchema>;

/** Request-level rules (the instruments' own input rules come from the core). */
const TEXT: Record<Lang, Record<string, string>> = {
  en: {
    'invalid-input': 'The input is invalid: see the issues.',
    'invalid-request': 'The request is invalid.',
    'unknown-instrument': 'Unknown instrument "{instrument}".',
    'not-found': 'Not found.',
    'unauthenticated': 'Sign in first (your session may have ended).',
    'forbidden': 'Your role may not do this.',
    'conflict': 'The request conflicts with the record as it is now: see the issues.',
    'precondition-failed': 'The record changed since you read it: reload it and try again.',
    'gate-closed': 'This step cannot be completed yet: see the issues.',
    'signature-invalid': 'The signature was refused: the password is not right.',
    'payload-too-large': 'The request body is too large.',
    'unsupported-media-type': 'Send the body as application/json.',
    'internal-error': 'Internal error; the incident was logged.',
    'request.malformed-json': 'The body is not valid JSON.',
    'request.empty-json-body': 'The body is empty; send the input as a JSON object.',
    'request.lang-unsupported': 'Unsupported language "{lang}"; use zh-TW or en.',
    'request.invalid': 'The request is invalid: {detail}',
    'input.unprocessable': 'The input could not be validated (it holds a value the rules cannot handle, e.g. an unknown unit); check the values and their units.',
  },
  'zh-TW': {
    'invalid-input': '輸入資料有誤，請見各項問題。',
    'invalid-request': '請求格式有誤。',
    'unknown-instrument': '未知的評估工具「{instrument}」。',
    'not-found': '找不到資源。',
    'unauthenticated': '請先登入（工作階段可能已逾時）。',
    'forbidden': '您的角色無權執行此動作。',
    'conflict': '此請求與目前的紀錄衝突，請見各項問題。',
    'precondition-failed': '紀錄在您讀取後已被更改，請重新載入後再試。',
    'gate-closed': '此步驟尚不能完成，請見各項問題。',
    'signature-invalid': '簽章被拒絕：密碼不正確。',
    'payload-too-large': '請求內容過大。',
    'unsupported-media-type': '請以 application/json 傳送內容。',
    'internal-error': '系統內部錯誤，已記錄此事件。',
    'request.malformed-json': '內容不是有效的 JSON。',
    'request.empty-json-body': '內容為空；請以 JSON 物件傳送輸入資料。',
    'request.lang-unsupported': '不支援的語言「{lang}」；請使用 zh-TW 或 en。',
    'request.invalid': '請求格式有誤：{detail}',
    'input.unprocessable': '無法驗證輸入資料（含有規則無法處理的值，例如未知的單位）；請確認數值與單位。',
  },
};

/**
 * Adds a module's request-level rule texts (both languages, same keys) to the catalog. Each
 * server module registers its own so that the catalog test sees every rule it can raise.
 */
export function registerText(entries: Readonly<Record<Lang, Readonly<Record<string, string>>>>): void {
  for (const lang of Object.keys(TEXT) as Lang[]) Object.assign(TEXT[lang], entries[lang]);
}

/** Every registered rule key per language (for the catalog test). */
export function textKeys(lang: Lang): string[] {
  return Object.keys(TEXT[lang]);
}

export function text(lang: Lang, key: string, params: Readonly<Record<string, string>> = {}): string {
  const template = TEXT[lang][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/**
 * An issue raised by the server in no particular language: its text is looked up (rule key,
 * params) in the language of the request when the problem is sent.
 */
export interface ServerIssue {
  readonly path: string;
  readonly rule: string;
  readonly params?: Readonly<Record<string, string>>;
}

/** Shorthand: a 400 with one issue. */
export function invalid(path: string, rule: string, params: Readonly<Record<string, string>> = {}): ApiError {
  return new ApiError('invalid-input', { issues: [{ path, rule, params }] });
}

/** A failure raised by the server itself, already in the vocabulary. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: { readonly instrument?: string; readonly issues?: readonly (InputIssue | ServerIssue)[] } = {},
  ) {
    super(code);
    this.name = 'ApiError';
  }
}

/** One request-level issue whose text is in the catalog above. */
export function requestIssue(lang: Lang, path: string, rule: string, params: Readonly<Record<string, string>> = {}): InputIssue {
  return { path, rule, message: text(lang, rule, params) };
}

function problem(lang: Lang, code: ErrorCode, details: ApiError['details'] = {}): ApiProblem {
  return {
    error: code,
    message: text(lang, code, details.instrument === undefined ? {} : { instrument: details.instrument }),
    ...(details.instrument === undefined ? {} : { instrument: details.instrument }),
    ...(details.issues === undefined
      ? {}
      : { issues: details.issues.map((i) => ({ path: i.path, rule: i.rule, message: 'message' in i ? i.message : text(lang, i.rule, i.params ?? {}) })) }),
  };
}

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  validation?: unknown;
  validationContext?: unknown;
}

function validationIssues(lang: Lang, err: FastifyLikeError): InputIssue[] {
  const context = typeof err.validationContext === 'string' ? err.validationContext : 'request';
  const items = Array.isArray(err.validation) ? (err.validation as { instancePath?: unknown; keyword?: unknown; message?: unknown }[]) : [];
  return items.map((v) => {
    const pointer = typeof v.instancePath === 'string' ? v.instancePath : '';
    const keyword = typeof v.keyword === 'string' ? v.keyword.replace(/_/g, '-') : 'invalid';
    return {
      path: pointer.replace(/^\//, '').split('/').filter(Boolean).join('.'),
      rule: `request.${context}.${keyword}`,
      message: text(lang, 'request.invalid', { detail: typeof v.message === 'string' ? v.message : keyword }),
    };
  });
}

/**
 * Maps anything thrown while handling a request to the vocabulary. Errors that the client
 * caused are 4xx; only a defect in the server or the core is 5xx.
 */
export function toProblem(err: unknown, lang: Lang): ApiProblem {
  if (err instanceof ApiError) return problem(lang, err.code, err.details);
  if (err instanceof InputError) return problem(lang, 'invalid-input', { issues: err.issues });
  if (err instanceof UnknownInstrumentError) return problem(lang, 'unknown-instrument', { instrument: err.instrument });
  const e: FastifyLikeError = typeof err === 'object' && err !== null ? err : {};
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(lang, 'invalid-request', { issues: [requestIssue(lang, '', 'request.malformed-json')] });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(lang, 'invalid-request', { issues: [requestIssue(lang, '', 'request.empty-json-body')] });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(lang, 'payload-too-large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(lang, 'unsupported-media-type');
    case 'FST_ERR_NOT_FOUND':
      return problem(lang, 'not-found');
    default:
      break;
  }
  if (Array.isArray(e.validation)) return problem(lang, 'invalid-request', { issues: validationIssues(lang, e) });
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const detail = typeof e.message === 'string' ? e.message : String(e.code);
    const rule = typeof e.code === 'string' ? `request.${e.code.toLowerCase().replace(/^fst_err_/, '').replace(/_/g, '-')}` : 'request.invalid';
    return problem(lang, 'invalid-request', { issues: [{ path: '', rule, message: text(lang, 'request.invalid', { detail }) }] });
  }
  return problem(lang, 'internal-error');
}
