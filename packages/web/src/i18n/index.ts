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
