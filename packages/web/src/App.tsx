import type { RenderedAssessment } from '@cartographer/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { assess, instrumentSchema, listInstruments, type ApiProblem, type InstrumentSummary } from './api';
import { fieldKeyOf, fieldsFromSchema, initialValues, toBody, type Field, type FieldValue, type FormValues } from './form/schema-form';
import { DEFAULT_UI_LANG, UI_LANGS, translator, type UiLang } from './i18n';
import { InstrumentForm } from './InstrumentForm';
import { ResultView } from './ResultView';

const LANG_KEY = 'cartographer.lang';

function storedLang(): UiLang {
  try {
    const stored = window.localStorage.getItem(LANG_KEY);
    return UI_LANGS.find((l) => l === stored) ?? DEFAULT_UI_LANG;
  } catch {
    return DEFAULT_UI_LANG;
  }
}

function hashName(): string {
  return decodeURIComponent(window.location.hash.replace(/^#/, ''));
}

type Load<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; data: T };

export function App() {
  const [lang, setLang] = useState<UiLang>(storedLang);
  const t = useMemo(() => translator(lang), [lang]);
  const [instruments, setInstruments] = useState<Load<InstrumentSummary[]>>({ state: 'loading' });
  const [selected, setSelected] = useState<string>(hashName);
  const [fields, setFields] = useState<Load<Field[]>>({ state: 'loading' });
  const [values, setValues] = useState<FormValues>({});
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<RenderedAssessment | null>(null);
  const [problem, setProblem] = useState<{ status: number; problem: ApiProblem } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<ReadonlyMap<string, readonly string[]>>(new Map());
  const [lastBody, setLastBody] = useState<Record<string, unknown> | null>(null);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
    try {
      window.localStorage.setItem(LANG_KEY, lang);
    } catch {
      // Storage may be disabled; the language then lasts for this page only.
    }
  }, [lang, t]);

  useEffect(() => {
    listInstruments().then(
      (res) => {
        if (!res.ok) return setInstruments({ state: 'failed', message: res.problem.message });
        setInstruments({ state: 'ready', data: res.data });
        setSelected((current) => (res.data.some((i) => i.name === current) ? current : (res.data[0]?.name ?? '')));
      },
      () => setInstruments({ state: 'failed', message: '' }),
    );
  }, []);

  useEffect(() => {
    const onHash = () => {
      const name = hashName();
      if (name !== '') setSelected(name);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (selected === '') return;
    if (hashName() !== selected) window.history.replaceState(null, '', `#${encodeURIComponent(selected)}`);
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
      } catch {
        setResult(null);
        setProblem({ status: 0, problem: { error: 'network', message: t('error.network') } });
      } finally {
        setSubmitting(false);
      }
    },
    [selected, t],
  );

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

  const switchLang = () => {
    const next: UiLang = lang === 'zh-TW' ? 'en' : 'zh-TW';
    setLang(next);
    // Results are rendered by the server in one language: ask again in the new one.
    if (lastBody && fields.state === 'ready') void send(lastBody, next, fields.data);
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
    <>
      <header className="top">
        <div>
          <h1>{t('app.title')}</h1>
          <p className="subtitle">{t('app.subtitle')}</p>
        </div>
        <button type="button" className="lang" onClick={switchLang} title={t('lang.switch-label')} lang={lang === 'zh-TW' ? 'en' : 'zh-TW'}>
          {t('lang.switch')}
        </button>
      </header>
      <main>
        <nav aria-labelledby="instruments-heading" className="instruments">
          <h2 id="instruments-heading">{t('instruments.heading')}</h2>
          {instruments.state === 'loading' ? <p>{t('instruments.loading')}</p> : null}
          {instruments.state === 'failed' ? <p role="alert">{instruments.message || t('error.network')}</p> : null}
          {instruments.state === 'ready' && instruments.data.length === 0 ? <p>{t('instruments.none')}</p> : null}
          {instruments.state === 'ready' ? (
            <ul>
              {instruments.data.map((i) => (
                <li key={i.name}>
                  <a href={`#${encodeURIComponent(i.name)}`} aria-current={i.name === selected ? 'page' : undefined} onClick={() => setSelected(i.name)}>
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
              {problem.problem.error === 'invalid-input' ? <p>{t('form.errors')}</p> : <p>{t('error.server', { status: problem.status, message: problem.problem.message })}</p>}
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
      </main>
    </>
  );
}
