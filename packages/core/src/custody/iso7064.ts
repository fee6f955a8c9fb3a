/**
 * ISO/IEC 7064 MOD 37-2: the pure check-character system ISBT 128 uses for the Donation
 * Identification Number's keyboard-entry check character K and its type 3 flag characters
 * (ICCBBA ISBT 128 Standard Technical Specification ST-001 v6.2.2, Appendix A and Table 3
 * [RT004]; worked example in the UK Red Book, Annex 2).
 *
 * Character values: 0-9 are 0-9, A-Z are 10-35, and '*' (36) appears only as a check character.
 */
export const MOD37_2_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*';
const MODULUS = 37;

/** The value 0-35 of a data character, or undefined for anything outside 0-9 A-Z. */
export function mod37Value(character: string): number | undefined {
  if (character.length !== 1 || character === '*') return undefined;
  const value = MOD37_2_ALPHABET.indexOf(character);
  return value < 0 ? undefined : value;
}

/**
 * The MOD 37-2 checksum (0-36) of a string of 0-9 and A-Z. Computed with Horner's rule, which
 * equals the Red Book's "sum of value x 2^n from the right, mod 37, subtracted from 38, mod 37"
 * without the large powers. Throws on any other character: callers validate first.
 */
export function mod37Checksum(data: string): number {
  let sum = 0;
  for (const character of data) {
    const value = mod37Value(character);
    if (value === undefined) throw new RangeError(`not a MOD 37-2 data character: ${JSON.stringify(character)}`);
    sum = ((sum + value) * 2) % MODULUS;
  }
  return (MODULUS + 1 - sum) % MODULUS;
}

/** The check character (0-9, A-Z or '*') of a string of 0-9 and A-Z. */
export function mod37CheckCharacter(data: string): string {
  return MOD37_2_ALPHABET[mod37Checksum(data)]!;
}
