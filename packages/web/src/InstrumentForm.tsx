import type { FormEvent, ReactNode } from 'react';
import type { Field, FieldValue, FormValues } from './form/schema-form';
import type { Translate } from './i18n';
import { COMMON_UNITS } from './units';

export interface InstrumentFormProps {
  readonly fields: readonly Field[];
  readonly values: FormValues;
  /** Messages to show under each field, by field key. */
  readonly errors: ReadonlyMap<string, readonly string[]>;
  readonly submitting: boolean;
  readonly t: Translate;
  readonly onChange: (key: string, value: FieldValue) => void;
  readonly onSubmit: () => void;
  readonly onReset: () => void;
}

function idOf(key: string): string {
  return `field-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function Help({ id, field, errors }: { id: string; field: Field; errors: readonly string[] | undefined }) {
  return (
    <>
      {field.description ? (
        <p className="help" id={`${id}-desc`}>
          {field.description}
        </p>
      ) : null}
      {errors && errors.length > 0 ? (
        <ul className="field-errors" id={`${id}-err`}>
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function describedBy(id: string, field: Field, errors: readonly string[] | undefined): string | undefined {
  const ids = [field.description ? `${id}-desc` : '', errors && errors.length > 0 ? `${id}-err` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Label({ htmlFor, field, t }: { htmlFor: string; field: Field; t: Translate }) {
  return (
    <label htmlFor={htmlFor}>
      <span className="field-name">{field.name}</span> <span className="badge">{field.required ? t('form.required') : t('form.optional')}</span>
    </label>
  );
}

function Legend({ field, t }: { field: Field; t: Translate }) {
  return (
    <legend>
      <span className="field-name">{field.name}</span> <span className="badge">{field.required ? t('form.required') : t('form.optional')}</span>
    </legend>
  );
}

function FieldView({ field, props }: { field: Field; props: InstrumentFormProps }): ReactNode {
  const { values, errors, t, onChange } = props;
  const id = idOf(field.key);
  const value = values[field.key];
  const fieldErrors = errors.get(field.key);
  const aria = {
    'aria-describedby': describedBy(id, field, fieldErrors),
    'aria-invalid': fieldErrors && fieldErrors.length > 0 ? true : undefined,
  };
  const text = typeof value === 'string' ? value : '';
  switch (field.kind) {
    case 'group':
      return (
        <fieldset className="group">
          <Legend field={field} t={t} />
          <Help id={id} field={field} errors={fieldErrors} />
          {field.fields.map((f) => (
            <FieldView key={f.key} field={f} props={props} />
          ))}
        </fieldset>
      );
    case 'checkbox':
      return (
        <div className="field field-checkbox">
          <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(field.key, e.target.checked)} {...aria} />
          <Label htmlFor={id} field={field} t={t} />
          <Help id={id} field={field} errors={fieldErrors} />
        </div>
      );
    case 'yes-no':
      return (
        <fieldset className="field field-choice" {...aria}>
          <Legend field={field} t={t} />
          {(['', 'yes', 'no'] as const).map((choice) => (
            <label key={choice} className="choice">
              <input type="radio" name={id} value={choice} checked={text === choice} onChange={() => onChange(field.key, choice)} />
              {choice === '' ? t('form.not-given') : t(choice === 'yes' ? 'form.yes' : 'form.no')}
            </label>
          ))}
          <Help id={id} field={field} errors={fieldErrors} />
        </fieldset>
      );
    case 'select':
      return (
        <div className="field">
          <Label htmlFor={id} field={field} t={t} />
          <select id={id} value={text} onChange={(e) => onChange(field.key, e.target.value)} {...aria}>
            <option value="">{field.required ? t('form.select') : t('form.not-given')}</option>
            {field.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          <Help id={id} field={field} errors={fieldErrors} />
        </div>
      );
    case 'multi-select': {
      const chosen = Array.isArray(value) ? (value as readonly string[]) : [];
      return (
        <fieldset className="field field-choice" {...aria}>
          <Legend field={field} t={t} />
          {field.options.map((o) => (
            <label key={o} className="choice">
              <input
                type="checkbox"
                checked={chosen.includes(o)}
                onChange={(e) => onChange(field.key, e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o))}
              />
              {o}
            </label>
          ))}
          <Help id={id} field={field} errors={fieldErrors} />
        </fieldset>
      );
    }
    case 'number':
      return (
        <div className="field">
          <Label htmlFor={id} field={field} t={t} />
          <input
            id={id}
            type="number"
            inputMode={field.integer ? 'numeric' : 'decimal'}
            step={field.integer ? 1 : 'any'}
            min={field.minimum}
            max={field.maximum}
            value={text}
            onChange={(e) => onChange(field.key, e.target.value)}
            {...aria}
          />
          <Help id={id} field={field} errors={fieldErrors} />
        </div>
      );
    case 'quantity': {
      const q = typeof value === 'object' && !Array.isArray(value) ? (value as { value: string; unit: string }) : { value: '', unit: '' };
      return (
        <fieldset className="field field-quantity" {...aria}>
          <Legend field={field} t={t} />
          <label htmlFor={`${id}-value`}>{t('form.value')}</label>
          <input id={`${id}-value`} type="number" inputMode="decimal" step="any" value={q.value} onChange={(e) => onChange(field.key, { ...q, value: e.target.value })} />
          <label htmlFor={`${id}-unit`}>{t('form.unit')}</label>
          <input
            id={`${id}-unit`}
            type="text"
            list="ucum-units"
            placeholder={t('form.unit-placeholder')}
            autoCapitalize="off"
            spellCheck={false}
            value={q.unit}
            onChange={(e) => onChange(field.key, { ...q, unit: e.target.value })}
          />
          <Help id={id} field={field} errors={fieldErrors} />
        </fieldset>
      );
    }
    case 'text':
      if (field.format === 'date-time') {
        return (
          <div className="field">
            <Label htmlFor={id} field={field} t={t} />
            <span className="inline">
              <input id={id} type="datetime-local" step={1} value={text} onChange={(e) => onChange(field.key, e.target.value)} {...aria} />
              <button type="button" onClick={() => onChange(field.key, toLocalInput(new Date()))}>
                {t('form.now')}
              </button>
            </span>
            <Help id={id} field={field} errors={fieldErrors} />
          </div>
        );
      }
      return (
        <div className="field">
          <Label htmlFor={id} field={field} t={t} />
          <input id={id} type={field.format === 'date' ? 'date' : 'text'} value={text} onChange={(e) => onChange(field.key, e.target.value)} {...aria} />
          <Help id={id} field={field} errors={fieldErrors} />
        </div>
      );
    case 'json':
      return (
        <div className="field">
          <Label htmlFor={id} field={field} t={t} />
          <textarea
            id={id}
            rows={3}
            spellCheck={false}
            placeholder={field.example}
            value={text}
            onChange={(e) => onChange(field.key, e.target.value)}
            {...aria}
          />
          <p className="help">{t('form.json-hint', { example: field.example })}</p>
          <Help id={id} field={field} errors={fieldErrors} />
        </div>
      );
  }
}

export function InstrumentForm(props: InstrumentFormProps) {
  const { fields, submitting, t, onSubmit, onReset } = props;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate>
      {fields.map((f) => (
        <FieldView key={f.key} field={f} props={props} />
      ))}
      <datalist id="ucum-units">
        {COMMON_UNITS.map((u) => (
          <option key={u} value={u} />
        ))}
      </datalist>
      <div className="buttons">
        <button type="submit" className="primary" disabled={submitting}>
          {submitting ? t('form.submitting') : t('form.submit')}
        </button>
        <button type="button" onClick={onReset}>
          {t('form.reset')}
        </button>
      </div>
    </form>
  );
}
