import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en';
import { MESSAGES, UI_LANGS, translator } from '../src/i18n';
import { zhTW } from '../src/i18n/zh-TW';

describe('UI message files', () => {
  it('have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhTW).sort());
  });

  it('translate every string: no zh-TW text equals its English one', () => {
    const untranslated = Object.entries(zhTW).filter(([key, text]) => en[key as keyof typeof en] === text);
    expect(untranslated).toEqual([]);
  });

  it('have no empty text and the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(zhTW)) {
      const english = en[key as keyof typeof en];
      expect(text.trim(), key).not.toBe('');
      expect(english.trim(), key).not.toBe('');
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(params(text), key).toEqual(params(english));
    }
  });

  it('load for every UI language and interpolate', () => {
    for (const lang of UI_LANGS) {
      expect(Object.keys(MESSAGES[lang]).length).toBe(Object.keys(zhTW).length);
      expect(translator(lang)('error.server', { status: 500, message: 'x' })).toContain('500');
    }
    expect(translator('zh-TW')('form.submit')).toBe('評估');
  });
});
