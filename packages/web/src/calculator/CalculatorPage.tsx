import type { RenderedAssessment } from '@cartographer/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { assess, instrumentSchema, listInstruments } from '../api/calculator';
import type { ApiProblem, InstrumentSummary } from '../api/types';
import { fieldKeyOf, fieldsFromSchema, initialValues, toBody, type Field, type FieldValue, type FormValues } from '../form/schema-form';
import type { Translate, UiLang } from '../i18n';
import { InstrumentForm } from '../InstrumentForm';
import { ResultView } from '../ResultView';
import { href } from '../shell/route';

type Load<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; data: T };

/** The instruments as calculators: no patient data, no login. */
export function CalculatorPage({ lang, t, name, onSelect }: { lang: UiLang; t: Translate; name: string | null; onSelect: (name: string) => void }) {
  const [instruments, setInstruments] = useState<Load<InstrumentSummary[]>>({ state: 'loading' });
  const selected = name ?? (instruments.state === 'ready' ? (instruments.data[0]?.name ?? '') : '');
  const [fields, setFields] = useState<Load<Field[]>>({ state: 'loading' });
  const [values, setValues] = useState<FormValues>({});
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<RenderedAssessment | null>(null);
  const [problem, setProblem] = useState<{ status: number; problem: ApiProblem } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<ReadonlyMap<string, readonly string[]>>(new Map());
  const [lastBody, setLastBody] = useState<Record<string, unknown> | null>(null);

  useEffect(() => {
    listInstruments().then(
      (res) => {
        if (!res.ok) return setInstruments({ state: 'failed', message: res.problem.message });
        setInstruments({ state: 'ready', data: res.data });
      },
      () => setInstruments({ state: 'failed', message: '' }),
    );
  }, []);

  useEffect(() => {
    if (selected === '') return;
    setFields({ state: 'loading' });
    setResult(null);
    setProblem(null);
    setFieldErrors(new Map());
    setLastBody(null);
    let current = true;
    instrumentSchema(selected).then(
      (res) => {
        if (!current) return;
        if (!res.ok) return setFields({ state: 'failed', message: res.problem.message });
        const built = fieldsFromSchema(res.data.input);
        setFields({ state: 'ready', data: built });
        setValues(initialValues(built));
      },
      () => current && setFields({ state: 'failed', message: '' }),
    );
    return () => {
      current = false;
    };
  }, [selected]);

  const send = useCallback(
    async (body: Record<string, unknown>, inLang: UiLang, formFields: readonly Field[]) => {
      setSubmitting(true);
      try {
        const res = await assess(selected, body, inLang);
        setLastBody(body);
        if (res.ok) {
          setResult(res.data);
          setProblem(null);
          setFieldErrors(new Map());
          return;
        }
        setResult(null);
        setProblem({ status: res.status, problem: res.problem });
        const byField = new Map<string, string[]>();
        for (const issue of res.problem.issues ?? []) {
          const key = fieldKeyOf(formFields, issue.path);
          if (key !== undefined) byField.set(key, [...(byField.get(key) ?? []), issue.message]);
        }
        setFieldErrors(byField);
      } finally {
        setSubmitting(false);
      }
    },
    [selected],
  );

  // Results are rendered by the server in one language: ask again in the new one.
  const shownLang = useRef(lang);
  useEffect(() => {
    if (shownLang.current === lang) return;
    shownLang.current = lang;
    if (lastBody && fields.state === 'ready') void send(lastBody, lang, fields.data);
  }, [lang, lastBody, fields, send]);

  const submit = () => {
    if (fields.state !== 'ready') return;
    const { body, issues } = toBody(fields.data, values);
    if (issues.length > 0) {
      setFieldErrors(new Map(issues.map((i) => [i.key, [t(i.rule)]])));
      setProblem(null);
      return;
    }
    void send(body, lang, fields.data);
  };

  const onChange = (key: string, value: FieldValue) => setValues((v) => ({ ...v, [key]: value }));
  const reset = () => {
    if (fields.state === 'ready') setValues(initialValues(fields.data));
    setResult(null);
    setProblem(null);
    setFieldErrors(new Map());
    setLastBody(null);
  };

  const unplaced = (problem?.problem.issues ?? []).filter((i) => fields.state !== 'ready' || fieldKeyOf(fields.data, i.path) === undefined);
  const current = instruments.state === 'ready' ? instruments.data.find((i) => i.name === selected) : undefined;

  return (
    <div className="calculator">
      <nav aria-labelledby="instruments-heading" className="instruments">
        <h2 id="instruments-heading">{t('instruments.heading')}</h2>
        {instruments.state === 'loading' ? <p>{t('instruments.loading')}</p> : null}
        {instruments.state === 'failed' ? <p role="alert">{instruments.message || t('error.network')}</p> : null}
        {instruments.state === 'ready' && instruments.data.length === 0 ? <p>{t('instruments.none')}</p> : null}
        {instruments.state === 'ready' ? (
          <ul>
            {instruments.data.map((i) => (
              <li key={i.name}>
                <a href={href({ page: 'calculator', name: i.name })} aria-current={i.name === selected ? 'page' : undefined} onClick={() => onSelect(i.name)}>
                  {i.title[lang]}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </nav>
      <section className="assessment" aria-labelledby="form-heading">
        <h2 id="form-heading">
          {current ? current.title[lang] : t('form.heading')}
          {current ? <span className="section"> {current.section}</span> : null}
        </h2>
        {fields.state === 'loading' && selected !== '' ? <p>{t('form.loading')}</p> : null}
        {fields.state === 'failed' ? <p role="alert">{fields.message || t('error.network')}</p> : null}
        {fields.state === 'ready' ? (
          <InstrumentForm fields={fields.data} values={values} errors={fieldErrors} submitting={submitting} t={t} onChange={onChange} onSubmit={submit} onReset={reset} />
        ) : null}
      </section>
      <div className="outcome" aria-live="polite">
        {problem ? (
          <section className="problem" role="alert">
            {problem.problem.error === 'invalid-input' ? (
              <p>{t('form.errors')}</p>
            ) : problem.status === 0 ? (
              <p>{t('error.network')}</p>
            ) : (
              <p>{t('error.server', { status: problem.status, message: problem.problem.message })}</p>
            )}
            {unplaced.length > 0 ? (
              <ul>
                {unplaced.map((i) => (
                  <li key={`${i.path}:${i.rule}`}>
                    {i.path ? <code>{i.path}</code> : null} {i.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        ) : null}
        {result ? <ResultView result={result} t={t} /> : null}
      </div>
    </div>
  );
}
