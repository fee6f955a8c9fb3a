import { useCallback } from 'react';
import { api } from '../api/endpoints';
import type { BoardRow, User } from '../api/types';
import { labelOf, type Translate, type UiLang } from '../i18n';
import { AlertStatusBadge, SeverityBadge } from '../alerts/SeverityBadge';
import { formatCourseDay, formatInstant } from '../shell/format';
import { PageProblem } from '../shell/PageState';
import { RefreshBar } from '../shell/RefreshBar';
import { href } from '../shell/route';
import { useResource } from '../shell/useResource';

/** The board refreshes itself this often; alerts are raised by the server as data arrives. */
export const BOARD_REFRESH_MS = 60_000;

function mrn(row: BoardRow): string | undefined {
  return (row.patient.identifiers.find((i) => i.kind === 'medical-record-number') ?? row.patient.identifiers[0])?.value;
}

function Row({ row, t, lang, timeZone }: { row: BoardRow; t: Translate; lang: UiLang; timeZone: string }) {
  const { patient, course } = row;
  const waiting = row.alerts.filter((a) => a.severity === 'critical' && a.status === 'open').length;
  return (
    <tr className={`board-row${row.highestSeverity ? ` row-${row.highestSeverity}` : ''}`} data-testid="board-row" data-patient-id={patient.id} data-severity={row.highestSeverity ?? 'none'}>
      <th scope="row">
        <a href={href({ page: 'patient', patientId: patient.id })} data-testid="board-patient">
          {patient.name}
        </a>
        {patient.nameLatin ? <span className="latin"> {patient.nameLatin}</span> : null}
        <br />
        <span className="identifier">{mrn(row)}</span>
        {waiting > 0 ? (
          <>
            <br />
            <strong className="waiting">{t('board.critical-count', { count: waiting })}</strong>
          </>
        ) : null}
      </th>
      <td data-testid="board-day">
        {course ? (
          <>
            {course.kind === 'car-t-course' ? <span className="day">{formatCourseDay(course.day, t)}</span> : <span>{t('course.started', { date: formatInstant(course.startedAt, lang, timeZone) })}</span>}
            <br />
            <span className="muted">
              {labelOf(t, 'course.', course.kind)} · {course.disease}
            </span>
          </>
        ) : (
          <span className="muted">{t('board.no-course')}</span>
        )}
      </td>
      <td>
        {row.alerts.length === 0 ? (
          <span className="muted">{t('board.no-alerts')}</span>
        ) : (
          <ul className="alert-list">
            {row.alerts.map((a) => (
              <li key={a.id}>
                <a href={href({ page: 'alert', alertId: a.id })} className={`alert-chip severity-${a.severity}`} data-testid="board-alert" data-kind={a.kind} data-status={a.status} data-severity={a.severity}>
                  <SeverityBadge severity={a.severity} t={t} /> <span className="alert-text">{a.text}</span> <AlertStatusBadge status={a.status} t={t} />
                </a>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {row.grades.length === 0 ? (
          <span className="muted">{t('board.no-grades')}</span>
        ) : (
          <ul className="grade-list">
            {row.grades.map((g) => (
              <li key={g.assessmentId} data-instrument={g.instrument}>
                {g.status === 'assessed' ? g.summary : t('board.grade-cannot-assess', { name: g.name })}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td data-testid="board-next">
        {course?.activeStep ? <strong>{course.activeStep.title}</strong> : <span className="muted">—</span>}
        {course?.nextDeadline ? (
          <>
            <br />
            <span className={course.nextDeadline.overdue ? 'overdue' : undefined}>
              {course.nextDeadline.text}{' '}
              {course.nextDeadline.overdue
                ? t('board.overdue', { time: formatInstant(course.nextDeadline.dueAt, lang, timeZone) })
                : t('board.due', { time: formatInstant(course.nextDeadline.dueAt, lang, timeZone) })}
            </span>
          </>
        ) : null}
      </td>
    </tr>
  );
}

/** The patients on my care teams, the most urgent first, refreshed on an interval and on demand. */
export function BoardPage({ user, t, lang }: { user: User; t: Translate; lang: UiLang }) {
  const load = useCallback(() => api.board(lang), [lang]);
  const { data, failure, loading, loadedAt, reload } = useResource(load, BOARD_REFRESH_MS);
  return (
    <section className="board" aria-labelledby="board-heading" data-testid="board-page">
      <div className="page-head">
        <h2 id="board-heading">{t('board.heading')}</h2>
        <RefreshBar t={t} lang={lang} loading={loading} loadedAt={loadedAt} everyMs={BOARD_REFRESH_MS} onRefresh={reload} />
      </div>
      {failure ? <PageProblem failure={failure} t={t} role={user.role} /> : null}
      {data === null && failure === null ? <p>{t('load.loading')}</p> : null}
      {data !== null && data.rows.length === 0 ? <p>{t('board.empty')}</p> : null}
      {data !== null && data.rows.length > 0 ? (
        <table className="board-table">
          <thead>
            <tr>
              <th scope="col">{t('board.patient')}</th>
              <th scope="col">{t('board.day')}</th>
              <th scope="col">{t('board.alerts')}</th>
              <th scope="col">{t('board.grades')}</th>
              <th scope="col">{t('board.next')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <Row key={row.patient.id} row={row} t={t} lang={lang} timeZone={data.timeZone} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
