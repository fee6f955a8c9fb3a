import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignDin,
  containerFlag,
  containerOfFlag,
  DEFAULT_SETTINGS,
  FIN_PATTERN,
  formatDin,
  InstitutionSettingsSchema,
  MOD37_2_ALPHABET,
  mod37CheckCharacter,
  mod37Checksum,
  parseDin,
  typeThreeFlags,
  DinString,
  InputError,
  parseInput,
} from '../../src/index.js';

/**
 * Published DINs and their check characters. Read in the source itself: ST-001 v6.2.2 Appendix A
 * (G1234 17 654321 -> A, type 3 flags 70) and Figure 2 (A9999 21 123456 -> 3); the UK Red Book,
 * Annex 2 (G123 498 654 321 -> H). Quoted from ICCBBA publications by open-source implementations
 * (IG-033 Figure 1, IN-015 section 4, ICCBBA example label sets).
 */
const PUBLISHED: readonly [string, string, string][] = [
  ['G123417654321', 'A', 'ST-001 v6.2.2 Appendix A.1'],
  ['A999921123456', '3', 'ST-001 v6.2.2 Figure 2'],
  ['G123498654321', 'H', 'UK Red Book Annex 2'],
  ['A999917123456', '9', 'ICCBBA IG-033 Figure 1'],
  ['A999916123456', 'Q', 'ICCBBA IN-015 section 4'],
  ['A999914123456', 'N', 'ICCBBA example label'],
  ['C000307001466', '6', 'ICCBBA example label'],
  ['A999922123459', 'H', 'ICCBBA example label'],
  ['A999922654321', 'S', 'ICCBBA example label'],
  ['A999922123458', 'J', 'ICCBBA example label'],
  ['A999922012346', '*', 'ICCBBA example label'],
  ['A999522123456', '*', 'ICCBBA example label'],
];

describe('ISO/IEC 7064 MOD 37-2 check character', () => {
  it.each(PUBLISHED)('%s -> %s (%s)', (din, check) => {
    expect(mod37CheckCharacter(din)).toBe(check);
  });

  it('follows the Red Book steps: G123498654321 weighs to 148354, 148354 mod 37 = 21, 38 - 21 = 17 = H', () => {
    const values = [...'G123498654321'].map((c) => MOD37_2_ALPHABET.indexOf(c));
    const weighted = values.reduce((sum, v, i) => sum + v * 2 ** (values.length - i), 0);
    expect(weighted).toBe(148354);
    expect((38 - (weighted % 37)) % 37).toBe(17);
    expect(mod37Checksum('G123498654321')).toBe(17);
  });

  it('refuses a character outside 0-9 and A-Z in the data', () => {
    expect(() => mod37Checksum('A99*')).toThrow(RangeError);
    expect(() => mod37Checksum('a999')).toThrow(RangeError);
  });
});

describe('parseDin: the accepted forms', () => {
  it('reads the 13-character DIN and computes K', () => {
    const r = parseDin('A999921123456');
    expect(r).toEqual({ ok: true, value: { din: 'A999921123456', facility: 'A9999', year: '21', sequence: '123456', checkCharacter: '3', flags: null } });
  });
  it('reads the eye-readable groups with K (14 characters once spaces go)', () => {
    expect(parseDin('A9999 21 123456 3')).toMatchObject({ ok: true, value: { din: 'A999921123456', checkCharacter: '3' } });
  });
  it('reads the barcode data content with the data identifier and flags', () => {
    expect(parseDin('=A99992112345601')).toMatchObject({ ok: true, value: { din: 'A999921123456', flags: '01' } });
  });
  it('reads DIN + flags, and DIN + flags + K', () => {
    expect(parseDin('A99992112345601')).toMatchObject({ ok: true, value: { flags: '01' } });
    expect(parseDin('A999921123456013')).toMatchObject({ ok: true, value: { flags: '01', checkCharacter: '3' } });
  });
  it('accepts the type 3 flags of ST-001 Appendix A.2 (G1234 17 654321 -> 70)', () => {
    expect(typeThreeFlags('G123417654321')).toBe('70');
    expect(parseDin('=G12341765432170')).toMatchObject({ ok: true, value: { din: 'G123417654321', flags: '70' } });
  });
  it('accepts a facility starting with a digit and letters in positions 2-3', () => {
    expect(parseDin('1AB2326000001').ok).toBe(true);
  });
});

describe('parseDin: each refusal names the wrong part', () => {
  it.each([
    ['A99992112345', 'length', 'din.length'],
    ['A9999211234567890', 'length', 'din.length'],
    ['&A99992112345600', 'data-identifier', 'din.data-identifier'],
    ['O999921123456', 'facility', 'din.facility'],
    ['AO99921123456', 'facility', 'din.facility'],
    ['A99A921123456', 'facility', 'din.facility'],
    ['a999921123456', 'facility', 'din.facility'],
    ['A99992A123456', 'year', 'din.year'],
    ['A99992112345X', 'sequence', 'din.sequence'],
    ['=A999921123456ZZ', 'flags', 'din.flags'],
    ['=A999921123456I0', 'flags', 'din.flags'],
    ['=G12341765432171', 'flags', 'din.flags-checksum'],
    ['A9999211234564', 'check-character', 'din.check-character'],
  ])('%s -> %s (%s)', (text, part, rule) => {
    const r = parseDin(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.refusal.part).toBe(part);
      expect(r.refusal.rule.id).toBe(rule);
    }
  });
  it('type 3 flags are checked only in 60-96: 59 and 97 are other flag kinds', () => {
    expect(parseDin('=G12341765432159').ok).toBe(true);
    expect(parseDin('=G12341765432197').ok).toBe(true);
    expect(parseDin('=G12341765432160').ok).toBe(false);
    expect(parseDin('=G12341765432196').ok).toBe(false);
  });
});

describe('formatDin, flags and assignment', () => {
  it('prints the standard groups, K and the barcode data', () => {
    expect(formatDin({ din: 'A999921123456' }, '01')).toEqual({ din: 'A999921123456', eyeReadable: 'A9999 21 123456', checkCharacter: '3', flags: '01', barcodeData: '=A99992112345601' });
    expect(formatDin({ din: 'G123417654321' }).barcodeData).toBe('=G12341765432100');
  });
  it('refuses to format an invalid DIN or invalid flags', () => {
    expect(() => formatDin({ din: 'O999921123456' })).toThrow(RangeError);
    expect(() => formatDin({ din: 'G123417654321' }, '71')).toThrow(RangeError);
  });
  it.each([
    [1, '01'],
    [4, '04'],
    [5, '15'],
    [9, '19'],
  ])('container %i of a set is flag %s (Table 3)', (n, flag) => {
    expect(containerFlag(n)).toBe(flag);
    expect(containerOfFlag(flag)).toBe(n);
  });
  it('has no container flag below 1 or above 9, and 05-14 are not containers', () => {
    expect(() => containerFlag(0)).toThrow(RangeError);
    expect(() => containerFlag(10)).toThrow(RangeError);
    expect(containerOfFlag('05')).toBeNull();
    expect(containerOfFlag('14')).toBeNull();
    expect(containerOfFlag('00')).toBeNull();
  });
  it('assigns facility + two-digit year + six-digit sequence', () => {
    expect(assignDin({ facilityCode: 'A9999', year: 2026, sequence: 1 })).toMatchObject({ din: 'A999926000001', year: '26', sequence: '000001' });
    expect(assignDin({ facilityCode: 'A9999', year: 2026, sequence: 999_999 }).sequence).toBe('999999');
    expect(() => assignDin({ facilityCode: 'A9999', year: 2026, sequence: 1_000_000 })).toThrow();
    expect(() => assignDin({ facilityCode: 'O9999', year: 2026, sequence: 1 })).toThrow();
  });
  it('a DIN field in a schema outputs the 13 characters and names the rule when wrong', () => {
    expect(DinString.parse('A9999 21 123456 3')).toBe('A999921123456');
    let caught: unknown;
    try {
      parseInput('din', DinString, 'A9999211234564', 'en');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).issues[0]).toMatchObject({ rule: 'din.check-character' });
  });
});

describe('the facilityCode setting is an ICCBBA Facility Identification Number', () => {
  it('defaults to null', () => {
    expect(DEFAULT_SETTINGS.facilityCode).toBeNull();
  });
  it.each(['A9999', 'G1517', '1AB23', 'Z0001'])('accepts %s', (code) => {
    expect(InstitutionSettingsSchema.parse({ facilityCode: code }).facilityCode).toBe(code);
  });
  it.each(['O1234', 'A12B4', 'A999', 'a9999', '0A123'])('refuses %s with the setting rule', (code) => {
    let caught: unknown;
    try {
      parseInput('settings', InstitutionSettingsSchema, { facilityCode: code }, 'en');
    } catch (error) {
      caught = error;
    }
    expect((caught as InputError).issues[0]).toMatchObject({ path: 'facilityCode', rule: 'settings.facility-identification-number' });
  });
});

/** Random valid DINs: every FIN shape the standard allows, any year and sequence. */
const finFirst = fc.constantFrom(...'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789');
const finAlnum = fc.constantFrom(...'ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789');
const digit = fc.constantFrom(...'0123456789');
const dinArb = fc
  .tuple(finFirst, finAlnum, finAlnum, fc.array(digit, { minLength: 10, maxLength: 10 }))
  .map(([a, b, c, rest]) => `${a}${b}${c}${rest.join('')}`);
const DATA_CHARS = MOD37_2_ALPHABET.slice(0, 36);

describe('the check character catches every single substitution and adjacent transposition', () => {
  it('the generated DINs are valid', () => {
    fc.assert(fc.property(dinArb, (din) => FIN_PATTERN.test(din.slice(0, 5)) && parseDin(din).ok));
  });

  it('every single-character substitution changes K, and the typed number is refused', () => {
    fc.assert(
      fc.property(dinArb, (din) => {
        const k = mod37CheckCharacter(din);
        for (let i = 0; i < din.length; i++) {
          for (const c of DATA_CHARS) {
            if (c === din[i]) continue;
            const mutated = din.slice(0, i) + c + din.slice(i + 1);
            if (mod37CheckCharacter(mutated) === k || parseDin(mutated + k).ok) return false;
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('every adjacent transposition of different characters changes K, and the typed number is refused', () => {
    fc.assert(
      fc.property(dinArb, (din) => {
        const k = mod37CheckCharacter(din);
        for (let i = 0; i + 1 < din.length; i++) {
          if (din[i] === din[i + 1]) continue;
          const mutated = din.slice(0, i) + din[i + 1] + din[i] + din.slice(i + 2);
          if (mod37CheckCharacter(mutated) === k || parseDin(mutated + k).ok) return false;
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });

  it('MOD 37-2 itself catches them in any string of 0-9 and A-Z, not only through the DIN format', () => {
    const anyData = fc.array(fc.constantFrom(...DATA_CHARS), { minLength: 2, maxLength: 20 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(anyData, fc.nat(), fc.constantFrom(...DATA_CHARS), (s, pos, c) => {
        const i = pos % s.length;
        const substituted = s.slice(0, i) + c + s.slice(i + 1);
        const j = pos % (s.length - 1);
        const transposed = s.slice(0, j) + s[j + 1] + s[j] + s.slice(j + 2);
        const k = mod37Checksum(s);
        return (c === s[i] || mod37Checksum(substituted) !== k) && (s[j] === s[j + 1] || mod37Checksum(transposed) !== k);
      }),
      { numRuns: 5000 },
    );
  });
});
