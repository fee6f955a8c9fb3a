import { ApiError, registerText } from '../errors.js';

registerText({
  en: {
    'request.if-match-required': 'Send If-Match with the ETag you read (W/"<version>"), so that no change made since is overwritten.',
    'request.if-match-format': 'If-Match must be the ETag you read, W/"<version>".',
  },
  'zh-TW': {
    'request.if-match-required': '請傳送 If-Match，內容為您讀取時的 ETag（W/"<版本>"），以免覆蓋他人其後的修改。',
    'request.if-match-format': 'If-Match 應為您讀取時的 ETag，格式為 W/"<版本>"。',
  },
});

/** The weak ETag of a versioned row: the same number as FHIR meta.versionId. */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/**
 * The version an update is based on, from If-Match. Required (400, not 428: the error vocabulary
 * maps every malformed request to 400 and names the header and the rule); `*` is refused because
 * it would overwrite whatever is there, which is what the header exists to prevent.
 */
export function expectedVersion(header: string | string[] | undefined): number {
  if (header === undefined || header === '') throw new ApiError('invalid-request', { issues: [{ path: 'headers.if-match', rule: 'request.if-match-required' }] });
  const match = typeof header === 'string' ? /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header) : null;
  if (!match?.[1]) throw new ApiError('invalid-request', { issues: [{ path: 'headers.if-match', rule: 'request.if-match-format' }] });
  return Number(match[1]);
}
