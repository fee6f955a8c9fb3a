import type { CourseSheet, Step } from '../api/types';
import { labelOf, type Translate, type UiLang } from '../i18n';
import { formatCourseDay, formatDate, formatInstant } from '../shell/format';

function Deadline({ deadline, t, lang, timeZone }: { deadline: Step['deadlines'][number]; t: Translate; lang: UiLang; timeZone: string }) {
  let when: string;
  if (deadline.dueAt === null && deadline.notBefore === null) when = t('deadline.not-anchored');
  else if (deadline.notBefore !== null && deadline.dueAt !== null) when = t('deadline.window', { from: formatInstant(deadline.notBefore, lang, timeZone), to: formatInstant(deadline.dueAt, lang, timeZone) });
  else when = t('deadline.due', { time: formatInstant(deadline.dueAt ?? deadline.notBefore, lang, timeZone) });
  return (
    <li>
      {deadline.text} <span className="muted">({when}{deadline.taskStatus !== null ? ` · ${labelOf(t, 'deadline.task-', deadline.taskStatus)}` : ''})</span>
    </li>
  );
}

/** A finished step's deadlines that never started counting say nothing more; the rest are shown. */
function shownDeadlines(step: Step): Step['deadlines'] {
  if (step.status === 'pending' || step.status === 'active') return step.deadlines;
  return step.deadlines.filter((d) => d.dueAt !== null || d.notBefore !== null || d.taskStatus !== null);
}

/** Every step of a course in order, with its status in words and its deadlines. */
export function JourneySteps({ course, t, lang, timeZone }: { course: CourseSheet; t: Translate; lang: UiLang; timeZone: string }) {
  return (
    <section className="journey" data-testid="journey" data-episode-id={course.episodeId}>
      <h4>
        {labelOf(t, 'course.', course.kind)} · {course.disease} · {course.kind === 'car-t-course' ? (
          <>
            <span data-testid="patient-day">{formatCourseDay(course.day, t)}</span>{' '}
          </>
        ) : null}
        <span className="muted">
          ({t('course.started', { date: formatInstant(course.startedAt, lang, timeZone) })}
          {course.dayZero !== null ? ` · ${t('course.day-zero', { date: formatDate(course.dayZero) })}` : ''})
        </span>
      </h4>
      <ol className="steps">
        {course.steps.map((s) => (
          <li key={s.step} className={`step step-${s.status}`} data-step={s.step} data-status={s.status} aria-current={s.status === 'active' ? 'step' : undefined}>
            <span className="step-status">{labelOf(t, 'step-status.', s.status)}</span> <strong>{s.title}</strong>{' '}
            <span className="muted">{t('step.owner', { role: labelOf(t, 'role.', s.ownerRole) })}</span>
            {s.completedAt !== null ? <span className="muted"> · {formatInstant(s.completedAt, lang, timeZone)}</span> : null}
            {s.overrideReason !== null ? <p className="muted">{t('step.override-reason', { reason: s.overrideReason })}</p> : null}
            {shownDeadlines(s).length > 0 ? (
              <ul className="deadlines">
                {shownDeadlines(s).map((d) => (
                  <Deadline key={d.rule} deadline={d} t={t} lang={lang} timeZone={timeZone} />
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
