import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, InputError, InstitutionSettingsSchema, parseInput } from '@cartographer/core';

function issuesOf(settings: unknown) {
  try {
    parseInput('settings', InstitutionSettingsSchema, settings, 'en');
  } catch (error) {
    if (error instanceof InputError) return error.issues.map((i) => ({ path: i.path, rule: i.rule }));
    throw error;
  }
  return [];
}

describe('the institutionName setting (the collection facility on labels)', () => {
  it('defaults to null: labels then print the collection location', () => {
    expect(DEFAULT_SETTINGS.institutionName).toBeNull();
  });

  it('keeps a name of 1 to 40 characters, trimmed', () => {
    expect(InstitutionSettingsSchema.parse({ institutionName: '  臺大醫院 細胞治療中心 ' }).institutionName).toBe('臺大醫院 細胞治療中心');
    expect(InstitutionSettingsSchema.parse({ institutionName: 'N' }).institutionName).toBe('N');
    expect(InstitutionSettingsSchema.parse({ institutionName: 'x'.repeat(40) }).institutionName).toHaveLength(40);
  });

  it('refuses an empty name and one over 40 characters, naming the field', () => {
    expect(issuesOf({ institutionName: '' })).toEqual([{ path: 'institutionName', rule: 'input.too-small' }]);
    expect(issuesOf({ institutionName: '   ' })).toEqual([{ path: 'institutionName', rule: 'input.too-small' }]);
    expect(issuesOf({ institutionName: 'x'.repeat(41) })).toEqual([{ path: 'institutionName', rule: 'input.too-big' }]);
  });
});
