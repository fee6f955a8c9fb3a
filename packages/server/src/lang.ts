import { DEFAULT_LANG, LANGUAGES, type Lang } from '@cartographer/core';
import { ApiError, requestIssue } from './errors.js';

function isLang(value: string): value is Lang {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** Maps one language tag to a supported language: any Chinese tag reads zh-TW, any English tag en. */
function fromTag(tag: string): Lang | undefined {
  const lower = tag.toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-TW';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return undefined;
}

/** The best supported language in an Accept-Language header, by quality; undefined when none fits. */
export function fromAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      const quality = q === undefined ? 1 : Number.parseFloat(q);
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.tag !== '' && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === '*') return DEFAULT_LANG;
    const lang = fromTag(tag);
    if (lang) return lang;
  }
  return undefined;
}

/**
 * The language of a response: `?lang=` when given (and then it must be supported), else the
 * Accept-Language header, else zh-TW.
 */
export function negotiateLang(query: unknown, acceptLanguage: string | undefined): Lang {
  const fallback = fromAcceptLanguage(acceptLanguage) ?? DEFAULT_LANG;
  const requested = typeof query === 'object' && query !== null ? (query as Record<string, unknown>)['lang'] : undefined;
  if (requested === undefined) return fallback;
  if (typeof requested === 'string' && isLang(requested)) return requested;
  const shown = typeof requested === 'string' ? requested : JSON.stringify(requested);
  throw new ApiError('invalid-request', { issues: [requestIssue(fallback, 'lang', 'request.lang-unsupported', { lang: shown })] });
}

/** Like negotiateLang, but never throws: for the language of an error response. */
export function lenientLang(query: unknown, acceptLanguage: string | undefined): Lang {
  try {
    return negotiateLang(query, acceptLanguage);
  } catch {
    return fromAcceptLanguage(acceptLanguage) ?? DEFAULT_LANG;
  }
}
