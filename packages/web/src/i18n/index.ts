import { en } from './en';
import { zhTW, type MessageKey, type Messages } from './zh-TW';

export const UI_LANGS = ['zh-TW', 'en'] as const;
export type UiLang = (typeof UI_LANGS)[number];
export const DEFAULT_UI_LANG: UiLang = 'zh-TW';

export const MESSAGES: Readonly<Record<UiLang, Messages>> = { 'zh-TW': zhTW, en };

export type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

export function translator(lang: UiLang): Translate {
  const messages = MESSAGES[lang];
  return (key, params = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : String(value);
    });
}

export type { MessageKey, Messages };

/** Whether a key built at run time (e.g. `obs.${code}`) names a message: codes the app has no text for are shown as they are. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES[DEFAULT_UI_LANG], key);
}

/** The text of `${prefix}${code}`, or the code itself when the app has no text for it (a code newer than the app). */
export function labelOf(t: Translate, prefix: string, code: string): string {
  const key = `${prefix}${code}`;
  return isMessageKey(key) ? t(key) : code;
}
