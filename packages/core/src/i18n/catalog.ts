import { commonMessages } from './common.messages.js';
import { LANGUAGES, type Lang, type MessageBundle } from './types.js';

const catalogs: Record<Lang, Map<string, string>> = { 'zh-TW': new Map(), en: new Map() };

/** Adds an instrument's texts to the catalogs; a key defined twice is a programming error. */
export function registerMessages(bundle: MessageBundle): void {
  for (const lang of LANGUAGES) {
    for (const [key, text] of Object.entries(bundle[lang])) {
      if (catalogs[lang].has(key)) throw new Error(`message ${key} (${lang}) is defined twice`);
      catalogs[lang].set(key, text);
    }
  }
}

registerMessages(commonMessages);

export function interpolate(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  });
}

export function lookupMessage(lang: Lang, key: string, params: Readonly<Record<string, unknown>> = {}): string | undefined {
  const template = catalogs[lang].get(key);
  return template === undefined ? undefined : interpolate(template, params);
}

/** The text for a key; a missing text is a defect caught by the catalog test, shown as the key. */
export function message(lang: Lang, key: string, params: Readonly<Record<string, unknown>> = {}): string {
  return lookupMessage(lang, key, params) ?? key;
}

export function catalogKeys(lang: Lang): ReadonlySet<string> {
  return new Set(catalogs[lang].keys());
}

export function rawMessage(lang: Lang, key: string): string | undefined {
  return catalogs[lang].get(key);
}
