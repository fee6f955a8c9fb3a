import type { Alert, Severity } from '../api/types';
import type { Translate } from '../i18n';

/** The level in words as well as colour: colour alone does not reach every reader or every screen. */
export function SeverityBadge({ severity, t }: { severity: Severity; t: Translate }) {
  return (
    <span className={`badge-severity severity-${severity}`} data-severity={severity}>
      <span aria-hidden="true">{severity === 'critical' ? '!!' : severity === 'warning' ? '!' : 'i'} </span>
      {t(`severity.${severity}`)}
    </span>
  );
}

export function AlertStatusBadge({ status, t }: { status: Alert['status']; t: Translate }) {
  return (
    <span className={`badge-status status-${status}`} data-status={status}>
      {t(`alert-status.${status}`)}
    </span>
  );
}
