import { CrsInput } from '@cartographer/core';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { fieldKeyOf, fieldsFromSchema, initialValues, toBody, type Field, type JsonSchema } from '../src/form/schema-form';

// The same JSON Schema the server serves at GET /api/v1/instruments/crs/schema (input).
const crsSchema = z.toJSONSchema(CrsInput, { io: 'input' }) as JsonSchema;
const fields = fieldsFromSchema(crsSchema);

function summary(list: readonly Field[]): unknown[] {
  return list.map((f) => {
    switch (f.kind) {
      case 'group':
        return { key: f.key, kind: f.kind, required: f.required, fields: summary(f.fields) };
      case 'select':
      case 'multi-select':
        return { key: f.key, kind: f.kind, required: f.required, options: f.options };
      case 'number':
        return { key: f.key, kind: f.kind, required: f.required, integer: f.integer, minimum: f.minimum, maximum: f.maximum };
      case 'checkbox':
        return { key: f.key, kind: f.kind, required: f.required, defaultValue: f.defaultValue };
      case 'text':
        return { key: f.key, kind: f.kind, required: f.required, format: f.format };
      case 'yes-no':
      case 'quantity':
      case 'json':
        return { key: f.key, kind: f.kind, required: f.required };
    }
  });
}

describe('form builder on the CRS input schema', () => {
  it('maps every property to the expected field', () => {
    expect(summary(fields)).toEqual([
      { key: 'temperature', kind: 'quantity', required: false },
      { key: 'feverAttributedToOtherCause', kind: 'checkbox', required: false, defaultValue: false },
      { key: 'antipyreticOrAnticytokineGiven', kind: 'yes-no', required: true },
      { key: 'hypotension', kind: 'yes-no', required: true },
      {
        key: 'vasopressors',
        kind: 'multi-select',
        required: false,
        options: ['norepinephrine', 'epinephrine', 'dopamine', 'phenylephrine', 'vasopressin', 'other'],
      },
      {
        key: 'oxygen',
        kind: 'group',
        required: true,
        fields: [
          {
            key: 'oxygen.device',
            kind: 'select',
            required: true,
            options: ['none', 'nasal-cannula', 'blow-by', 'high-flow-nasal-cannula', 'face-mask', 'non-rebreather', 'venturi', 'cpap', 'bipap', 'mechanical-ventilation'],
          },
          { key: 'oxygen.flow', kind: 'quantity', required: false },
        ],
      },
      { key: 'weight', kind: 'quantity', required: false },
      { key: 'ageYears', kind: 'number', required: false, integer: false, minimum: 0, maximum: 120 },
      { key: 'icansGrade', kind: 'number', required: false, integer: true, minimum: 0, maximum: 4 },
      { key: 'now', kind: 'text', required: false, format: 'date-time' },
      { key: 'tocilizumabAdministrations', kind: 'json', required: false },
    ]);
    expect(fields.find((f) => f.key === 'hypotension')?.description).toBe('Hypotension attributed to CRS.');
  });

  it('turns typed values into the body the server expects, leaving unanswered fields out', () => {
    const values = {
      ...initialValues(fields),
      temperature: { value: '39', unit: 'Cel' },
      antipyreticOrAnticytokineGiven: 'no',
      hypotension: 'yes',
      vasopressors: ['norepinephrine'],
      'oxygen.device': 'none',
      now: '2026-01-02T03:04:05',
      tocilizumabAdministrations: '[{"at": "2026-01-01T08:00:00Z"}]',
    };
    const { body, issues } = toBody(fields, values, (local) => `${local}Z`);
    expect(issues).toEqual([]);
    expect(body).toEqual({
      temperature: { value: 39, unit: 'Cel' },
      feverAttributedToOtherCause: false,
      antipyreticOrAnticytokineGiven: false,
      hypotension: true,
      vasopressors: ['norepinephrine'],
      oxygen: { device: 'none' },
      now: '2026-01-02T03:04:05Z',
      tocilizumabAdministrations: [{ at: '2026-01-01T08:00:00Z' }],
    });
    expect(CrsInput.safeParse(body).success).toBe(true);
  });

  it('never answers a yes/no question the user left blank', () => {
    const { body } = toBody(fields, initialValues(fields));
    expect(body).toEqual({ feverAttributedToOtherCause: false });
  });

  it('reports malformed numbers and JSON before sending', () => {
    const { issues } = toBody(fields, { ...initialValues(fields), temperature: { value: 'abc', unit: 'Cel' }, tocilizumabAdministrations: '[{' });
    expect(issues).toEqual([
      { key: 'temperature', rule: 'form.number-invalid' },
      { key: 'tocilizumabAdministrations', rule: 'form.json-invalid' },
    ]);
  });

  it('places server issue paths on their fields', () => {
    expect(fieldKeyOf(fields, 'temperature')).toBe('temperature');
    expect(fieldKeyOf(fields, 'temperature.unit')).toBe('temperature');
    expect(fieldKeyOf(fields, 'oxygen.flow')).toBe('oxygen.flow');
    expect(fieldKeyOf(fields, 'tocilizumabAdministrations[0].at')).toBe('tocilizumabAdministrations');
    expect(fieldKeyOf(fields, '')).toBeUndefined();
  });

  it('unwraps nullable types and falls back to JSON for what it cannot show', () => {
    const built = fieldsFromSchema({
      type: 'object',
      properties: {
        count: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
        either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      },
      required: ['count'],
    });
    expect(built.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['count', 'number', true],
      ['either', 'json', false],
    ]);
  });
});
