import { describe, expect, it } from 'vitest';
import type { OutputPatient } from '../../src/custody/outputs/chain-record.js';
import { printPatient } from '../../src/custody/outputs/print-patient.js';
import { printable } from '../../src/custody/outputs/report.js';
import { ApiError } from '../../src/errors.js';

/** The pure parts of the outputs: which patient identifiers a label carries, and how recorded text is made printable. */

function patient(identifiers: OutputPatient['identifiers']): OutputPatient {
  return { id: 'p', name: '王小明', nameLatin: null, birthDate: '1980-01-01', identifiers };
}

function refusal(fn: () => unknown): { path: string; rule: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return (err.details.issues ?? []).map((i) => ({ path: i.path, rule: i.rule }));
    throw err;
  }
  throw new Error('not refused');
}

describe('the patient identifiers a label carries', () => {
  it('refuses one printable identifier and prints two', () => {
    const mrn = { system: 'urn:mrn', value: 'M1', kind: 'medical-record-number' };
    const program = { system: 'urn:program', value: 'P1', kind: 'program-id' };
    // A kind the labels do not know is not counted.
    expect(refusal(() => printPatient(patient([mrn, { system: 'urn:x', value: 'X1', kind: 'other' }])))).toEqual([{ path: 'patient.identifiers', rule: 'custody-output.patient-identifiers-too-few' }]);
    expect(printPatient(patient([program, mrn])).identifiers).toEqual([
      { kind: 'medical-record-number', value: 'M1' },
      { kind: 'program-id', value: 'P1' },
    ]);
  });

  it('prints at most three, one per kind, the medical record number first', () => {
    const printed = printPatient(
      patient([
        { system: 'urn:program', value: 'P1', kind: 'program-id' },
        { system: 'urn:passport', value: 'X123', kind: 'passport' },
        { system: 'urn:mrn', value: 'M1', kind: 'medical-record-number' },
        { system: 'urn:mrn-old', value: 'M0', kind: 'medical-record-number' },
        { system: 'urn:nid', value: 'A123456789', kind: 'national-id' },
      ]),
    );
    expect(printed.identifiers).toEqual([
      { kind: 'medical-record-number', value: 'M1' },
      { kind: 'national-id', value: 'A123456789' },
      { kind: 'passport', value: 'X123' },
    ]);
  });
});

describe('recorded text on the report', () => {
  it('keeps text of the cell\'s length and shortens one character more with an ellipsis', () => {
    expect(printable('abcde', 5)).toBe('abcde');
    expect(printable('abcdef', 5)).toBe('abcd…');
    expect(printable('細胞治療中心', 6)).toBe('細胞治療中心');
    expect(printable('細胞治療中心A', 6)).toBe('細胞治療中…');
  });

  it('turns line breaks and invisible characters into single spaces, a glyph the font lacks into "?", and nothing into a dash', () => {
    expect(printable('root\ncause\u200b here\t ok', 100)).toBe('root cause here ok');
    expect(printable('bag 😀 2', 100)).toBe('bag ? 2');
    expect(printable(' \n ', 100)).toBe('—');
  });
});
