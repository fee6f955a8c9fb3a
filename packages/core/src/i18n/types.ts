export const LANGUAGES = ['zh-TW', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'zh-TW';

/** One instrument's texts: the same keys in every language. */
export interface MessageBundle {
  readonly en: Readonly<Record<string, string>>;
  readonly 'zh-TW': Readonly<Record<string, string>>;
}
