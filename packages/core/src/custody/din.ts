import * as z from 'zod';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { refuse } from '../validation/errors.js';
import { dinMessages } from './din.messages.js';
import { mod37Checksum, mod37CheckCharacter } from './iso7064.js';

registerMessages(dinMessages);

const labels = { seed: 'handbook', section: '§1.4, item 10 (labels and chain-of-identity documents)' } as const;
const isbt: RuleSources = { seed: [labels], publications: ['isbt128', 'qayed2022'] };

/**
 * Why a Donation Identification Number was refused, one rule per part of the number
 * (ICCBBA ISBT 128 Standard Technical Specification ST-001 v6.2.2 §2.4.1, Table 3, Appendix A).
 */
export const DIN_RULES = defineRules('din', {
  length: isbt,
  'data-identifier': isbt,
  facility: isbt,
  year: isbt,
  sequence: isbt,
  flags: isbt,
  'flags-checksum': isbt,
  'check-character': isbt,
});

/**
 * The Facility Identification Number (ST-001 §2.4.1): first character A-N, P-Z or 1-9; next two
 * A-N, P-Z or 0-9 (numeric in current use); last two 0-9. The letter O is never used.
 */
export const FIN_PATTERN = /^[A-NP-Z1-9][A-NP-Z0-9]{2}[0-9]{2}$/;
/** Flag characters (ST-001 §2.4.1): 0-9 and the letters A-H, J-N, P, R-Y. */
const FLAGS_PATTERN = /^[0-9A-HJ-NPR-Y]{2}$/;

/** The parts of a DIN, named in every refusal. */
export const DIN_PARTS = ['length', 'data-identifier', 'facility', 'year', 'sequence', 'flags', 'check-character'] as const;
export type DinPart = (typeof DIN_PARTS)[number];

/** A valid ISBT 128 Donation Identification Number. */
export interface Din {
  /** The 13-character DIN, FIN + year + sequence (the identifier itself). */
  readonly din: string;
  /** Facility Identification Number, 5 characters. */
  readonly facility: string;
  /** Last two digits of the nominal year of assignment. */
  readonly year: string;
  /** Six-digit sequence number within the year for the facility. */
  readonly sequence: string;
  /** Keyboard-entry check character K (Appendix A), 0-9, A-Z or '*'. */
  readonly checkCharacter: string;
  /** Flag characters when the input carried them (barcode data content), else null. */
  readonly flags: string | null;
}

/** The refusal of a DIN: which part is wrong, the rule, and what was found. */
export interface DinRefusal {
  readonly part: DinPart;
  readonly rule: Rule;
  readonly params: Readonly<Record<string, string | number>>;
}

export type DinParseResult = { readonly ok: true; readonly value: Din } | { readonly ok: false; readonly refusal: DinRefusal };

const refusal = (part: DinPart, rule: Rule, params: Record<string, string | number> = {}): DinParseResult => ({ ok: false, refusal: { part, rule, params } });

/** Checks the 13 characters FIN + year + sequence, part by part. */
function checkThirteen(din: string): DinParseResult | undefined {
  const facility = din.slice(0, 5);
  if (!FIN_PATTERN.test(facility)) return refusal('facility', DIN_RULES.facility, { found: facility });
  const year = din.slice(5, 7);
  if (!/^[0-9]{2}$/.test(year)) return refusal('year', DIN_RULES.year, { found: year });
  const sequence = din.slice(7, 13);
  if (!/^[0-9]{6}$/.test(sequence)) return refusal('sequence', DIN_RULES.sequence, { found: sequence });
  return undefined;
}

function flagRefusal(din: string, flags: string): DinParseResult | undefined {
  if (!FLAGS_PATTERN.test(flags)) return refusal('flags', DIN_RULES.flags, { found: flags });
  const numeric = /^[0-9]{2}$/.test(flags) ? Number(flags) : undefined;
  // Type 3 flags (60-96) carry 60 + the MOD 37-2 checksum: a wrong value is a misread number.
  if (numeric !== undefined && numeric >= 60 && numeric <= 96) {
    const expected = String(60 + mod37Checksum(din));
    if (flags !== expected) return refusal('flags', DIN_RULES['flags-checksum'], { found: flags, expected });
  }
  return undefined;
}

/**
 * Reads a DIN as it is scanned or typed. Spaces are ignored (the eye-readable groups); the
 * accepted forms are:
 * - 13 characters: the DIN alone;
 * - 14: the DIN and its check character K, as typed from the label;
 * - 15: the DIN and the flag characters;
 * - 16 starting with '=': the barcode data (data identifier, DIN, flags);
 * - 16 otherwise: the DIN, the flag characters and K.
 * Each refusal names the part that is wrong. Lower-case letters are refused, not guessed.
 */
export function parseDin(text: string): DinParseResult {
  const compact = text.replace(/\s+/g, '');
  let body = compact;
  let flags: string | null = null;
  let typedCheck: string | null = null;
  if (compact.length === 16 && compact.startsWith('=')) {
    body = compact.slice(1, 14);
    flags = compact.slice(14, 16);
  } else if (compact.length === 16 && compact.startsWith('&')) {
    return refusal('data-identifier', DIN_RULES['data-identifier'], { found: compact.slice(0, 2) });
  } else if (compact.length === 13) {
    body = compact;
  } else if (compact.length === 14) {
    body = compact.slice(0, 13);
    typedCheck = compact.slice(13);
  } else if (compact.length === 15) {
    body = compact.slice(0, 13);
    flags = compact.slice(13, 15);
  } else if (compact.length === 16) {
    body = compact.slice(0, 13);
    flags = compact.slice(13, 15);
    typedCheck = compact.slice(15);
  } else {
    return refusal('length', DIN_RULES.length, { found: compact.length });
  }
  const thirteen = checkThirteen(body);
  if (thirteen !== undefined) return thirteen;
  if (flags !== null) {
    const refused = flagRefusal(body, flags);
    if (refused !== undefined) return refused;
  }
  const checkCharacter = mod37CheckCharacter(body);
  if (typedCheck !== null && typedCheck !== checkCharacter) {
    return refusal('check-character', DIN_RULES['check-character'], { found: typedCheck, expected: checkCharacter });
  }
  return {
    ok: true,
    value: { din: body, facility: body.slice(0, 5), year: body.slice(5, 7), sequence: body.slice(7, 13), checkCharacter, flags },
  };
}

/** How a DIN is printed and encoded. */
export interface FormattedDin {
  /** The 13-character DIN. */
  readonly din: string;
  /** Eye-readable text in the standard's groups: "A9999 21 123456". */
  readonly eyeReadable: string;
  /** K, printed boxed after the number. */
  readonly checkCharacter: string;
  readonly flags: string;
  /** The Code 128 / DataMatrix data content: '=' + DIN + flags (ST-001 §2.4.1). */
  readonly barcodeData: string;
}

/**
 * Formats a valid DIN. Flags default to "00" (not used); pass `typeThreeFlags(din)` for type 3 flags
 * or `containerFlag(n)` for container n of a set.
 */
export function formatDin(din: Pick<Din, 'din'>, flags = '00'): FormattedDin {
  const parsed = parseDin(din.din);
  if (!parsed.ok) throw new RangeError(`not a valid DIN: ${din.din} (${parsed.refusal.part})`);
  if (flagRefusal(din.din, flags) !== undefined) throw new RangeError(`not valid flag characters for ${din.din}: ${flags}`);
  const d = parsed.value;
  return {
    din: d.din,
    eyeReadable: `${d.facility} ${d.year} ${d.sequence}`,
    checkCharacter: d.checkCharacter,
    flags,
    barcodeData: `=${d.din}${flags}`,
  };
}

/** Type 3 flag characters: 60 + the MOD 37-2 checksum of the DIN (ST-001 Appendix A.2). */
export function typeThreeFlags(din: string): string {
  return String(60 + mod37Checksum(din));
}

/** Table 3 [RT004]: "container n of a set" for n = 1-9 is flag 01-04, then 15-19. */
export function containerFlag(container: number): string {
  if (!Number.isInteger(container) || container < 1 || container > 9) throw new RangeError(`container number must be 1-9, got ${container}`);
  return container <= 4 ? `0${container}` : String(container + 10);
}

/** The container number a flag stands for (Table 3), or null when the flag is not a container flag. */
export function containerOfFlag(flags: string): number | null {
  if (/^0[1-4]$/.test(flags)) return Number(flags);
  if (/^1[5-9]$/.test(flags)) return Number(flags) - 10;
  return null;
}

/** What the server passes to assign a new DIN: no clock and no counter in the core. */
export const DinAssignment = z
  .object({
    facilityCode: z
      .string()
      .superRefine((code, ctx) => {
        if (!FIN_PATTERN.test(code)) refuse(ctx, [], 'din.facility', { found: code });
      })
      .describe('The institution\'s ICCBBA Facility Identification Number (setting facilityCode).'),
    year: z.number().int().min(2000).max(2099).describe('Calendar year of assignment (the nominal year, ST-001 §2.4.1).'),
    sequence: z.number().int().min(0).max(999_999).describe('The next sequence number for this facility and year, kept by the server.'),
  })
  .strict();
export type DinAssignment = z.output<typeof DinAssignment>;

/** Builds the DIN for a facility, year and sequence number. */
export function assignDin(input: DinAssignment): Din {
  const { facilityCode, year, sequence } = DinAssignment.parse(input);
  const din = `${facilityCode}${String(year % 100).padStart(2, '0')}${String(sequence).padStart(6, '0')}`;
  const parsed = parseDin(din);
  if (!parsed.ok) throw new RangeError(`assigned DIN ${din} is invalid (${parsed.refusal.part})`);
  return parsed.value;
}

/** A zod schema for a DIN field: accepts the forms `parseDin` accepts, outputs the 13-character DIN. */
export const DinString = z.string().transform((text, ctx) => {
  const parsed = parseDin(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.refusal.rule.id, params: { ...parsed.refusal.params, rule: parsed.refusal.rule.id, part: parsed.refusal.part } });
    return z.NEVER;
  }
  return parsed.value.din;
});
