import type { Translate } from '../i18n';
import { problemText } from './problem';
import type { Resource } from './useResource';

type Failure = NonNullable<Resource<unknown>['failure']>;

/** A page's failed call, said for this user (a refusal names their role). */
export function PageProblem({ failure, t, role }: { failure: Failure; t: Translate; role: string }) {
  return (
    <p className="problem" role="alert" data-testid="page-error">
      {problemText(failure.status, failure.problem, t, role)}
    </p>
  );
}

/** What a page shows while it has no data: its failure, or that it is loading. */
export function NotLoaded({ failure, t, role }: { failure: Failure | null; t: Translate; role: string }) {
  return failure ? <PageProblem failure={failure} t={t} role={role} /> : <p>{t('load.loading')}</p>;
}
