import * as z from 'zod';
import { IDENTIFIER_KINDS } from '../../domain/patients.js';
import { STORAGE_CONDITIONS } from './captions.js';
import { isTimeZone } from './format.js';

/**
 * Inputs of the print module: plain objects, independent of the custody core's types, so that
 * the routes map whatever they hold onto them. Every text that is printed is one line without
 * control or format characters (a hidden character on a label is a hidden difference).
 */

const ONE_LINE = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]*$/u;
export function oneLine(max: number): z.ZodString {
  return z.string().trim().min(1).max(max).regex(ONE_LINE, 'one line of printable characters');
}

export const Instant = z.iso.datetime({ offset: true });
export const TimeZone = z.string().refine(isTimeZone, 'an IANA time zone, e.g. Asia/Taipei').default('Asia/Taipei');

/** The chain-of-identity identifier: letters, digits, '.', '_' and '-' only (Code 128 set B; no DataMatrix separators). */
export const ChainOfIdentityId = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{2,47}$/, '3-48 letters, digits, ".", "_" or "-"');

/**
 * The course's chain-of-identity identifier as the custody core issues it, e.g. "CHA999926000042"
 * (ISBT 128 data structure 040) or "COI26000042" (institution-local), with its keyboard check
 * character (printed boxed after it) and its barcode data: "&/" + id for the ISBT 128 scheme, the
 * id otherwise. It holds no name or record number.
 */
export const ChainOfIdentitySchema = z
  .object({
    id: ChainOfIdentityId,
    checkCharacter: z.string().regex(/^[0-9A-Z*]$/, 'one ISO 7064 Mod 37-2 character: 0-9, A-Z or *').nullable().default(null),
    barcodeData: z.string().nullable().default(null).describe('What the Code 128 carries; the id when null.'),
  })
  .strict()
  .refine((c) => c.barcodeData === null || c.barcodeData === c.id || c.barcodeData === `&/${c.id}`, {
    message: 'barcodeData is the id, or "&/" + the id (ISBT 128 data structure 040)',
    path: ['barcodeData'],
  });
export type ChainOfIdentity = z.output<typeof ChainOfIdentitySchema>;

/** What a Code 128 of the COI carries. */
export function coiBarcodeData(coi: ChainOfIdentity): string {
  return coi.barcodeData ?? coi.id;
}

/** A product code (e.g. an ISBT 128 product code or the manufacturer's). */
export const ProductCode = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/, '1-32 letters, digits, ".", "_" or "-"');

/**
 * An ISBT 128 Donation Identification Number as printed: the 13 characters (facility identification
 * number, year, sequence), the two flag characters and the ISO 7064 Mod 37-2 check character that
 * the custody core computes. The check character is eye-readable only; the barcode never carries it.
 */
export const DinSchema = z
  .object({
    identifier: z.string().regex(/^[A-NP-Z1-9][A-NP-Z0-9]{2}[0-9]{2}[0-9]{8}$/, 'facility (5), year (2) and sequence (6): e.g. A999926000001'),
    flags: z.string().regex(/^[0-9A-HJ-NPR-Y]{2}$/, 'two flag characters, e.g. 00').default('00'),
    checkCharacter: z.string().regex(/^[0-9A-Z*]$/, 'one ISO 7064 Mod 37-2 character: 0-9, A-Z or *'),
  })
  .strict();
export type DinInput = z.infer<typeof DinSchema>;

export const PatientIdentifierSchema = z.object({ kind: z.enum(IDENTIFIER_KINDS), value: oneLine(40) }).strict();

/** The handbook asks for 2-3 identifiers on every label and check (seed 002 §1.4 ❿ ①). */
export const PrintPatientSchema = z
  .object({
    name: oneLine(80),
    nameLatin: oneLine(80).nullable().default(null),
    birthDate: z.iso.date(),
    identifiers: z.array(PatientIdentifierSchema).min(2).max(3),
  })
  .strict();
export type PrintPatient = z.infer<typeof PrintPatientSchema>;

export const ProductSchema = z.object({ code: ProductCode, name: oneLine(60) }).strict();

/** A UCUM Celsius measurement. */
export const CelsiusSchema = z.object({ value: z.number().finite().min(-273.15).max(100), unit: z.literal('Cel') }).strict();

/** Storage as printed: the condition and its temperature bounds from the product's own instructions. */
export const StorageSchema = z
  .object({
    condition: z.enum(STORAGE_CONDITIONS),
    lowCelsius: z.number().finite().min(-273.15).max(100).nullable(),
    highCelsius: z.number().finite().min(-273.15).max(100).nullable(),
  })
  .strict()
  .refine((s) => s.lowCelsius !== null || s.highCelsius !== null, { message: 'give at least one bound', path: ['highCelsius'] })
  .refine((s) => s.lowCelsius === null || s.highCelsius === null || s.lowCelsius <= s.highCelsius, { message: 'lowCelsius is above highCelsius', path: ['lowCelsius'] });
