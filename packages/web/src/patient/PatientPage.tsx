import { useCallback } from 'react';
import { api } from '../api/endpoints';
import type { Sheet, User } from '../api/types';
import { AlertStatusBadge, SeverityBadge } from '../alerts/SeverityBadge';
import { labelOf, type Translate, type UiLang } from '../i18n';
import { ResultView } from '../ResultView';
import { formatDate, formatInstant } from '../shell/format';
import { RefreshBar } from '../shell/RefreshBar';
import { NotLoaded, PageProblem } from '../shell/PageState';
import { href } from '../shell/route';
import { useResource } from '../shell/useResource';
import { CustodyChains } from './CustodyChains';
import { JourneySteps } from './JourneySteps';
import { OBSERVATION_CATEGORIES, ObservationTable } from './ObservationTable';
import { OpenTasks } from './OpenTasks';

/** How far back the page shows observations (the server's default). */
const OBSERVATION_HOURS = 72;

function Identity({ sheet, t }: { sheet: Sheet; t: Translate }) {
  const { patient } = sheet;
  return (
    <dl className="facts identity" data-testid="patient-identity">
      <dt>{t('patient.birth-date')}</dt>
      <dd>{formatDate(patient.birthDate)}</dd>
      <dt>{t('patient.sex')}</dt>
      <dd>{labelOf(t, 'sex.', patient.sex)}</dd>
      {patient.identifiers.map((i) => (
        <div key={`${i.system}|${i.value}`} className="fact">
          <dt>{labelOf(t, 'identifier.', i.kind)}</dt>
          <dd>
            <span data-testid="patient-identifier">{i.value}</span> <span className="muted">{i.system}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One patient at the bedside: identity, alerts, the course, tasks, readings and explained assessments. */
export function PatientPage({ patientId, user, t, lang }: { patientId: string; user: User; t: Translate; lang: UiLang }) {
  const load = useCallback(() => api.patient(patientId, lang), [patientId, lang]);
  const { data: sheet, failure, loading, loadedAt, reload } = useResource(load);

  if (sheet === null) return <NotLoaded failure={failure} t={t} role={user.role} />;
  const { patient, timeZone } = sheet;
  const tasks = sheet.courses.flatMap((c) => c.openTasks);
  return (
    <article className="patient-page" data-testid="patient-page" data-patient-id={patient.id}>
      <div className="page-head">
        <h2>
          {patient.name}
          {patient.nameLatin ? <span className="latin"> {patient.nameLatin}</span> : null}
        </h2>
        <RefreshBar t={t} lang={lang} loading={loading} loadedAt={loadedAt} onRefresh={reload} />
      </div>
      {failure ? <PageProblem failure={failure} t={t} role={user.role} /> : null}
      <Identity sheet={sheet} t={t} />

      <section aria-labelledby="patient-alerts">
        <h3 id="patient-alerts">{t('patient.alerts')}</h3>
        {sheet.alerts.length === 0 ? (
          <p>{t('board.no-alerts')}</p>
        ) : (
          <ul className="alert-list">
            {sheet.alerts.map((a) => (
              <li key={a.id}>
                <a href={href({ page: 'alert', alertId: a.id })} className={`alert-chip severity-${a.severity}`} data-testid="patient-alert" data-kind={a.kind} data-status={a.status}>
                  <SeverityBadge severity={a.severity} t={t} /> {a.text} <AlertStatusBadge status={a.status} t={t} />
                </a>{' '}
                <span className="muted">{formatInstant(a.raisedAt, lang, timeZone)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="patient-journey">
        <h3 id="patient-journey">{t('patient.journey')}</h3>
        {sheet.courses.length === 0 ? <p>{t('board.no-course')}</p> : null}
        {sheet.courses.map((c) => (
          <JourneySteps key={c.episodeId} course={c} t={t} lang={lang} timeZone={timeZone} />
        ))}
      </section>

      <CustodyChains patientId={patient.id} role={user.role} refreshedAt={loadedAt} t={t} lang={lang} timeZone={timeZone} />

      <section aria-labelledby="patient-tasks">
        <h3 id="patient-tasks">{t('patient.tasks')}</h3>
        <OpenTasks tasks={tasks} t={t} lang={lang} timeZone={timeZone} />
      </section>

      <section aria-labelledby="patient-observations">
        <h3 id="patient-observations">{t('patient.observations', { hours: OBSERVATION_HOURS })}</h3>
        {sheet.observations.length === 0 ? <p>{t('patient.no-observations')}</p> : null}
        {OBSERVATION_CATEGORIES.map((category) => {
          const rows = sheet.observations.filter((o) => o.category === category);
          return rows.length === 0 ? null : <ObservationTable key={category} category={category} observations={rows} t={t} lang={lang} timeZone={timeZone} />;
        })}
      </section>

      <section aria-labelledby="patient-assessments">
        <h3 id="patient-assessments">{t('patient.assessments')}</h3>
        {sheet.assessments.length === 0 ? <p>{t('patient.no-assessments')}</p> : null}
        {sheet.assessments.map((a) => (
          <details key={a.id} className="stored-assessment" data-testid="patient-assessment" data-instrument={a.instrument}>
            <summary>
              <strong>{a.rendered?.title ?? a.instrument}</strong> {a.rendered?.summary ?? ''} <span className="muted">· {t('patient.assessed-at', { time: formatInstant(a.assessedAt, lang, timeZone) })}</span>
            </summary>
            {a.rendered ? <ResultView result={a.rendered} t={t} heading={a.rendered.title} /> : <p>{t('patient.ruleset-unknown')}</p>}
          </details>
        ))}
      </section>
    </article>
  );
}
