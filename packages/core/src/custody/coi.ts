import * as z from 'zod';
import { defineRules, type Rule } from '../explain/rules.js';
import type { RuleSources } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { refuse } from '../validation/errors.js';
import { coiMessages } from './coi.messages.js';
import { FIN_PATTERN } from './din.js';
import { mod37CheckCharacter } from './iso7064.js';

registerMessages(coiMessages);

const identity = { seed: 'handbook', section: '§1.4, item 10 (labels and chain-of-identity documents)' } as const;
const sources: RuleSources = { seed: [identity], publications: ['isbt128', 'qayed2022'] };

/**
 * The chain-of-identity (COI) identifier: one per CAR-T course, on every label and document from
 * collection to infusion, and holding no name or medical record number.
 *
 * - With an ICCBBA facility code it is the ISBT 128 Chain of Identity Identifier (ST-001 v6.2.2
 *   §2.4.40, data structure 040): "CH" + facility (5) + year (2) + sequence (6), barcode data
 *   identifier "&/".
 * - Without one it is an institution-local identifier: "COI" + year (2) + sequence (6).
 *
 * Both carry a MOD 37-2 keyboard check character printed beside the eye-readable text, like a
 * DIN's K; it is not part of data structure 040. The server passes the sequence: no clock and no
 * randomness here.
 */
export const COI_RULES = defineRules('coi', {
  format: sources,
  facility: sources,
  year: sources,
  sequence: sources,
  'check-character': sources,
});

export const COI_SCHEMES = ['isbt128', 'local'] as const;
export type CoiScheme = (typeof COI_SCHEMES)[number];
export const COI_PARTS = ['format', 'facility', 'year', 'sequence', 'check-character'] as const;
export type CoiPart = (typeof COI_PARTS)[number];

export interface CoiIdentifier {
  readonly scheme: CoiScheme;
  /** The identifier as stored and compared: "CHA999925000123" or "COI25000123". */
  readonly value: string;
  /** The facility for the ISBT 128 scheme; null for the local one. */
  readonly facility: string | null;
  readonly year: string;
  readonly sequence: string;
  readonly checkCharacter: string;
  /** "CH A9999 25 000123" or "COI 25 000123"; print the check character boxed after it. */
  readonly eyeReadable: string;
  /** Barcode data: "&/" + value for ISBT 128 (data structure 040), the value for the local scheme. */
  readonly barcodeData: string;
}

export interface CoiRefusal {
  readonly part: CoiPart;
  readonly rule: Rule;
  readonly params: Readonly<Record<string, string | number>>;
}

export type CoiParseResult = { readonly ok: true; readonly value: CoiIdentifier } | { readonly ok: false; readonly refusal: CoiRefusal };

const refusal = (part: CoiPart, params: Record<string, string | number> = {}): CoiParseResult => ({ ok: false, refusal: { part, rule: COI_RULES[part], params } });

function build(scheme: CoiScheme, facility: string | null, year: string, sequence: string): CoiIdentifier {
  const value = scheme === 'isbt128' ? `CH${facility}${year}${sequence}` : `COI${year}${sequence}`;
  return {
    scheme,
    value,
    facility,
    year,
    sequence,
    checkCharacter: mod37CheckCharacter(value),
    eyeReadable: scheme === 'isbt128' ? `CH ${facility} ${year} ${sequence}` : `COI ${year} ${sequence}`,
    barcodeData: scheme === 'isbt128' ? `&/${value}` : value,
  };
}

/**
 * Reads a COI identifier as scanned or typed (spaces ignored): "&/CH…" barcode data, "CH…" or
 * "COI…", each optionally followed by its check character. Refusals name the wrong part.
 */
export function parseCoi(text: string): CoiParseResult {
  let compact = text.replace(/\s+/g, '');
  if (compact.startsWith('&/')) compact = compact.slice(2);
  let scheme: CoiScheme;
  let body: string;
  let typedCheck: string | null = null;
  if (compact.startsWith('CH') && (compact.length === 15 || compact.length === 16)) {
    scheme = 'isbt128';
    body = compact.slice(0, 15);
    typedCheck = compact.length === 16 ? compact.slice(15) : null;
  } else if (compact.startsWith('COI') && (compact.length === 11 || compact.length === 12)) {
    scheme = 'local';
    body = compact.slice(0, 11);
    typedCheck = compact.length === 12 ? compact.slice(11) : null;
  } else {
    return refusal('format', { found: compact.length });
  }
  const facility = scheme === 'isbt128' ? body.slice(2, 7) : null;
  const year = scheme === 'isbt128' ? body.slice(7, 9) : body.slice(3, 5);
  const sequence = scheme === 'isbt128' ? body.slice(9, 15) : body.slice(5, 11);
  if (facility !== null && !FIN_PATTERN.test(facility)) return refusal('facility', { found: facility });
  if (!/^[0-9]{2}$/.test(year)) return refusal('year', { found: year });
  // Data structure 040 allows A-Z and 0-9 in the sequence; the local scheme is numeric.
  if (!(scheme === 'isbt128' ? /^[A-Z0-9]{6}$/ : /^[0-9]{6}$/).test(sequence)) return refusal('sequence', { found: sequence });
  const identifier = build(scheme, facility, year, sequence);
  if (typedCheck !== null && typedCheck !== identifier.checkCharacter) return refusal('check-character', { found: typedCheck, expected: identifier.checkCharacter });
  return { ok: true, value: identifier };
}

/** What the server passes to issue a course's COI identifier. */
export const CoiAssignment = z
  .object({
    facilityCode: z
      .string()
      .superRefine((code, ctx) => {
        if (!FIN_PATTERN.test(code)) refuse(ctx, [], 'coi.facility', { found: code });
      })
      .nullable()
      .describe('Setting facilityCode: the ISBT 128 scheme when set, the local scheme when null.'),
    year: z.number().int().min(2000).max(2099).describe('Calendar year of issue.'),
    sequence: z.number().int().min(0).max(999_999).describe('The next sequence number for this scheme, facility and year, kept by the server.'),
  })
  .strict();
export type CoiAssignment = z.input<typeof CoiAssignment>;

/** Issues the COI identifier of a new course. */
export function issueCoi(input: CoiAssignment): CoiIdentifier {
  const { facilityCode, year, sequence } = CoiAssignment.parse(input);
  const yy = String(year % 100).padStart(2, '0');
  const seq = String(sequence).padStart(6, '0');
  return facilityCode === null ? build('local', null, yy, seq) : build('isbt128', facilityCode, yy, seq);
}
