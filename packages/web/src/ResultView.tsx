import type { RenderedAssessment } from '@cartographer/core';
import { useId } from 'react';
import type { Translate } from './i18n';
import { displayUnit } from './units';

type Basis = RenderedAssessment['basis'][number];
type Action = RenderedAssessment['actions'][number];
type Citation = RenderedAssessment['citations'][number];

function scalar(value: unknown): string {
  if (Array.isArray(value)) return value.map(scalar).join(', ');
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return String(value);
  return '—';
}

function Citations({ citations }: { citations: readonly Citation[] }) {
  return (
    <ul className="citations">
      {citations.map((c) => (
        <li key={`${c.kind}:${c.reference}`}>
          {c.reference}
          {c.doi ? (
            <>
              {' '}
              <a href={`https://doi.org/${c.doi}`} target="_blank" rel="noreferrer noopener">
                doi:{c.doi}
              </a>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function BasisItem({ entry, t }: { entry: Basis; t: Translate }) {
  const unit = displayUnit(entry.unit);
  return (
    <li>
      <p>{entry.text}</p>
      <dl className="facts">
        <dt>{t('result.field')}</dt>
        <dd>
          <code>{entry.field}</code>
        </dd>
        <dt>{t('result.observed')}</dt>
        <dd>
          {scalar(entry.observed)}
          {entry.observed !== null && unit ? ` ${unit}` : ''}
        </dd>
        {entry.threshold ? (
          <>
            <dt>{t('result.threshold')}</dt>
            <dd>
              {entry.threshold.comparator} {scalar(entry.threshold.value)}
              {entry.threshold.unit ? ` ${displayUnit(entry.threshold.unit)}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {entry.citations.length > 0 ? (
        <details>
          <summary>{t('result.sources')}</summary>
          <Citations citations={entry.citations} />
        </details>
      ) : null}
    </li>
  );
}

function actionLabel(status: Action['status'], t: Translate): string {
  switch (status) {
    case 'do':
      return t('result.action.do');
    case 'consider':
      return t('result.action.consider');
    case 'refused':
      return t('result.action.refused');
  }
}

function ActionItem({ action, t }: { action: Action; t: Translate }) {
  return (
    <li className={`action action-${action.status}`}>
      <p>
        <span className="status">{actionLabel(action.status, t)}</span> {action.text}
      </p>
      {action.dose || action.route || action.dueBy ? (
        <dl className="facts">
          {action.dose ? (
            <>
              <dt>{t('result.dose')}</dt>
              <dd>{action.dose.text}</dd>
            </>
          ) : null}
          {action.route ? (
            <>
              <dt>{t('result.route')}</dt>
              <dd>{action.route}</dd>
            </>
          ) : null}
          {action.dueBy ? (
            <>
              <dt>{t('result.due-by')}</dt>
              <dd>{action.dueBy}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {action.limits && action.limits.length > 0 ? (
        <>
          <h4>{t('result.limits')}</h4>
          <ul>
            {action.limits.map((l) => (
              <li key={l.rule}>{l.text}</li>
            ))}
          </ul>
        </>
      ) : null}
      {action.refusedBecause && action.refusedBecause.length > 0 ? (
        <>
          <h4>{t('result.refused-because')}</h4>
          <ul>
            {action.refusedBecause.map((b) => (
              <BasisItem key={`${b.rule}:${b.field}`} entry={b} t={t} />
            ))}
          </ul>
        </>
      ) : null}
      {action.escalation && action.escalation.length > 0 ? (
        <>
          <h4>{t('result.escalation')}</h4>
          <ul>
            {action.escalation.map((e) => (
              <li key={`${e.rule}:${e.after ?? ''}`}>{e.text}</li>
            ))}
          </ul>
        </>
      ) : null}
    </li>
  );
}

/** The criteria that fired, each with its observed value, threshold and sources. */
export function BasisList({ basis, t }: { basis: readonly Basis[]; t: Translate }) {
  return (
    <ol className="basis">
      {basis.map((b, i) => (
        <BasisItem key={`${b.rule}:${b.field}:${i}`} entry={b} t={t} />
      ))}
    </ol>
  );
}

/** A result with its whole explanation; `heading` names it where several are shown on one page. */
export function ResultView({ result, t, heading }: { result: RenderedAssessment; t: Translate; heading?: string }) {
  const headingId = useId();
  return (
    <section className={`result result-${result.status}`} aria-labelledby={headingId}>
      <h2 id={headingId}>{heading ?? t('result.heading')}</h2>
      <p className="summary">
        <span className="status">{result.status === 'assessed' ? t('result.status.assessed') : t('result.status.cannot-assess')}</span>{' '}
        <strong>{result.summary}</strong>
      </p>
      {result.warnings.length > 0 ? (
        <section className="warnings">
          <h3>{t('result.warnings')}</h3>
          <ul>
            {result.warnings.map((w) => (
              <li key={`${w.rule}:${w.field ?? ''}`}>{w.text}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <section>
        <h3>{t('result.basis')}</h3>
        {result.basis.length > 0 ? (
          <BasisList basis={result.basis} t={t} />
        ) : (
          <p>{t('result.none')}</p>
        )}
      </section>
      <section>
        <h3>{t('result.actions')}</h3>
        {result.actions.length > 0 ? (
          <ul className="actions">
            {result.actions.map((a, i) => (
              <ActionItem key={`${a.rule}:${i}`} action={a} t={t} />
            ))}
          </ul>
        ) : (
          <p>{t('result.none')}</p>
        )}
      </section>
      <section>
        <h3>{t('result.citations')}</h3>
        <Citations citations={result.citations} />
      </section>
      <p className="ruleset">
        {t('result.ruleset')}: <code>{result.rulesetVersion}</code>
      </p>
    </section>
  );
}
