import { useCallback, useState } from 'react';
import { api } from '../api/endpoints';
import type { Alert, AlertSheet, User } from '../api/types';
import { labelOf, type Translate, type UiLang } from '../i18n';
import { BasisList, ResultView } from '../ResultView';
import { formatInstant } from '../shell/format';
import { problemText } from '../shell/problem';
import { NotLoaded } from '../shell/PageState';
import { href } from '../shell/route';
import { useResource } from '../shell/useResource';
import { AlertStatusBadge, SeverityBadge } from './SeverityBadge';

function Escalation({ sheet, t, lang }: { sheet: AlertSheet; t: Translate; lang: UiLang }) {
  const { alert, timeZone } = sheet;
  if (alert.escalatedAt !== null) return <span className="escalated">{t('alert.escalated', { time: formatInstant(alert.escalatedAt, lang, timeZone) })}</span>;
  if (sheet.escalatesAt !== null) {
    const time = formatInstant(sheet.escalatesAt, lang, timeZone);
    // Escalation is the server's periodic work: between its runs an alert can be past its time.
    return Date.parse(sheet.escalatesAt) <= Date.parse(sheet.generatedAt) ? <span className="escalated">{t('alert.escalation-due', { time })}</span> : <span>{t('alert.escalates', { time })}</span>;
  }
  return <span>{t('alert.not-escalating')}</span>;
}

function Acknowledge({ sheet, user, t, lang, onDone }: { sheet: AlertSheet; user: User; t: Translate; lang: UiLang; onDone: (alert: Alert) => void }) {
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; alert: Alert } | { ok: false; message: string } | null>(null);
  const { alert, viewer, timeZone } = sheet;

  const acknowledge = async () => {
    setSending(true);
    try {
      const res = await api.acknowledge(alert.id, lang);
      if (res.ok) {
        setOutcome({ ok: true, alert: res.data });
        onDone(res.data);
      } else {
        setOutcome({ ok: false, message: problemText(res.status, res.problem, t, user.role) });
      }
    } finally {
      setSending(false);
    }
  };

  const done = outcome?.ok === true ? outcome.alert : null;
  return (
    <div className="acknowledge">
      {viewer.canAcknowledge && alert.status === 'open' && done === null ? (
        <button type="button" className="primary" disabled={sending} onClick={() => void acknowledge()} data-testid="acknowledge">
          {sending ? t('alert.acknowledging') : t('alert.acknowledge')}
        </button>
      ) : null}
      {!viewer.canAcknowledge && alert.status === 'open' ? (
        <p className="notice" data-testid="cannot-acknowledge">
          {t('alert.cannot-acknowledge', { role: labelOf(t, 'role.', user.role) })}
        </p>
      ) : null}
      {done !== null ? (
        <p className="notice notice-done" role="status" data-testid="acknowledge-result">
          {t('alert.acknowledged-now', { name: done.acknowledgedBy?.displayName ?? user.displayName, time: formatInstant(done.acknowledgedAt, lang, timeZone) })}
        </p>
      ) : null}
      {outcome?.ok === false ? (
        <p className="problem" role="alert" data-testid="acknowledge-error">
          {outcome.message}
        </p>
      ) : null}
    </div>
  );
}

/** One alert: what fired, when, how far it has escalated, and the acknowledgement. */
export function AlertPage({ alertId, user, t, lang }: { alertId: string; user: User; t: Translate; lang: UiLang }) {
  const load = useCallback(() => api.alert(alertId, lang), [alertId, lang]);
  const { data: sheet, failure, reload } = useResource(load);

  if (sheet === null) return <NotLoaded failure={failure} t={t} role={user.role} />;
  const { alert, patient, timeZone } = sheet;
  const level = alert.detail['level'];
  return (
    <article className={`alert-page severity-frame-${alert.severity}`} data-testid="alert-page" data-alert-id={alert.id}>
      <p>
        <a href={href({ page: 'board' })}>{t('alert.back')}</a>
      </p>
      <h2>
        {t('alert.heading')}: <span data-testid="alert-text">{alert.text}</span>
      </h2>
      <p className="patient-line">
        <a href={href({ page: 'patient', patientId: patient.id })}>
          {patient.name}
          {patient.nameLatin ? ` (${patient.nameLatin})` : ''}
        </a>{' '}
        {patient.identifiers.map((i) => (
          <span key={`${i.system}|${i.value}`} className="identifier">
            {labelOf(t, 'identifier.', i.kind)} {i.value}
          </span>
        ))}
      </p>
      <dl className="facts" data-testid="alert-facts">
        <dt>{t('alert.kind')}</dt>
        <dd>{labelOf(t, 'alert-kind.', alert.kind)}</dd>
        <dt>{t('alert.severity')}</dt>
        <dd>
          <SeverityBadge severity={alert.severity} t={t} />
        </dd>
        {typeof level === 'number' ? (
          <>
            <dt>{t('alert.level')}</dt>
            <dd>{level}</dd>
          </>
        ) : null}
        <dt>{t('alert.status')}</dt>
        <dd data-testid="alert-status">
          <AlertStatusBadge status={alert.status} t={t} />
          {alert.acknowledgedBy !== null ? ` ${t('alert.acknowledged-by', { name: alert.acknowledgedBy.displayName, time: formatInstant(alert.acknowledgedAt, lang, timeZone) })}` : ''}
        </dd>
        <dt>{t('alert.raised')}</dt>
        <dd>{formatInstant(alert.raisedAt, lang, timeZone)}</dd>
        {alert.dueAt !== null ? (
          <>
            <dt>{t('alert.due')}</dt>
            <dd>{formatInstant(alert.dueAt, lang, timeZone)}</dd>
          </>
        ) : null}
        <dt>{t('alert.escalation')}</dt>
        <dd data-testid="alert-escalation">
          <Escalation sheet={sheet} t={t} lang={lang} />
        </dd>
      </dl>
      <Acknowledge key={alert.id} sheet={sheet} user={user} t={t} lang={lang} onDone={reload} />
      <section aria-labelledby="criteria-heading" data-testid="alert-criteria">
        <h3 id="criteria-heading">{t('alert.criteria')}</h3>
        {sheet.criteria.length > 0 ? <BasisList basis={sheet.criteria} t={t} /> : <p>{t('alert.no-criteria')}</p>}
      </section>
      {sheet.assessment?.rendered ? (
        <details>
          <summary>{t('alert.assessment')}</summary>
          <ResultView result={sheet.assessment.rendered} t={t} />
        </details>
      ) : null}
    </article>
  );
}
