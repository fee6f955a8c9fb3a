import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueCoi, mod37CheckCharacter, parseCoi } from '../../src/index.js';

describe('issueCoi', () => {
  it('with a facility code: the ISBT 128 Chain of Identity Identifier (data structure 040)', () => {
    const coi = issueCoi({ facilityCode: 'A9999', year: 2026, sequence: 123 });
    expect(coi).toEqual({
      scheme: 'isbt128',
      value: 'CHA999926000123',
      facility: 'A9999',
      year: '26',
      sequence: '000123',
      checkCharacter: mod37CheckCharacter('CHA999926000123'),
      eyeReadable: 'CH A9999 26 000123',
      barcodeData: '&/CHA999926000123',
    });
  });
  it('without one: an institution-local identifier', () => {
    const coi = issueCoi({ facilityCode: null, year: 2026, sequence: 7 });
    expect(coi).toMatchObject({ scheme: 'local', value: 'COI26000007', facility: null, eyeReadable: 'COI 26 000007', barcodeData: 'COI26000007' });
  });
  it('is built only from the facility, year and sequence: no name, no record number, no clock', () => {
    const a = issueCoi({ facilityCode: null, year: 2026, sequence: 42 });
    const b = issueCoi({ facilityCode: null, year: 2026, sequence: 42 });
    expect(a).toEqual(b);
    expect(Object.keys(a).sort()).toEqual(['barcodeData', 'checkCharacter', 'eyeReadable', 'facility', 'scheme', 'sequence', 'value', 'year']);
  });
  it.each([
    [0, '000000'],
    [999_999, '999999'],
  ])('sequence %i is written %s', (sequence, written) => {
    expect(issueCoi({ facilityCode: null, year: 2026, sequence }).sequence).toBe(written);
  });
  it('refuses a sequence above six digits, a negative one, and a facility code that is not a FIN', () => {
    expect(() => issueCoi({ facilityCode: null, year: 2026, sequence: 1_000_000 })).toThrow();
    expect(() => issueCoi({ facilityCode: null, year: 2026, sequence: -1 })).toThrow();
    expect(() => issueCoi({ facilityCode: 'O9999', year: 2026, sequence: 1 })).toThrow();
  });
});

describe('parseCoi', () => {
  const isbt = issueCoi({ facilityCode: 'A9999', year: 2026, sequence: 123 });
  const local = issueCoi({ facilityCode: null, year: 2026, sequence: 123 });
  it.each([isbt.value, isbt.barcodeData, isbt.eyeReadable, `${isbt.value}${isbt.checkCharacter}`, `${isbt.eyeReadable} ${isbt.checkCharacter}`])('reads the ISBT 128 form %s', (text) => {
    expect(parseCoi(text)).toEqual({ ok: true, value: isbt });
  });
  it.each([local.value, local.eyeReadable, `${local.value}${local.checkCharacter}`])('reads the local form %s', (text) => {
    expect(parseCoi(text)).toEqual({ ok: true, value: local });
  });
  it('accepts letters in the ISBT 128 sequence (A-Z, 0-9)', () => {
    expect(parseCoi('CHA999926AB12C3').ok).toBe(true);
  });
  it.each([
    ['CHA99992600012', 'format'],
    ['XXA999926000123', 'format'],
    ['CHO999926000123', 'facility'],
    ['CHA9999AB000123', 'year'],
    ['CHA99992600012a', 'sequence'],
    ['COI2600012A', 'sequence'],
    ['COI2A000123', 'year'],
  ])('%s is refused at its %s', (text, part) => {
    const r = parseCoi(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.refusal.part).toBe(part);
      expect(r.refusal.rule.id).toBe(`coi.${part}`);
    }
  });
  it('refuses a wrong check character, naming the expected one', () => {
    const wrong = isbt.checkCharacter === '0' ? '1' : '0';
    expect(parseCoi(`${isbt.value}${wrong}`)).toMatchObject({ ok: false, refusal: { part: 'check-character', params: { found: wrong, expected: isbt.checkCharacter } } });
  });
  it('round-trips every issued identifier', () => {
    fc.assert(
      fc.property(fc.option(fc.constantFrom('A9999', 'G1517', '1AB23'), { nil: null }), fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 0, max: 999_999 }), (facilityCode, year, sequence) => {
        const coi = issueCoi({ facilityCode, year, sequence });
        const back = parseCoi(`${coi.eyeReadable} ${coi.checkCharacter}`);
        return back.ok && back.value.value === coi.value;
      }),
    );
  });
});
