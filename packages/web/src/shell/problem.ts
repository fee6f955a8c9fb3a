import type { ApiProblem } from '../api/types';
import { labelOf, type Translate } from '../i18n';

/**
 * What to tell the user about a failed call. A refusal names the role it was refused to, so
 * that "not allowed" is never mistaken for a fault; other errors carry the server's own text,
 * which it wrote in the user's language.
 */
export function problemText(status: number, problem: ApiProblem, t: Translate, role?: string): string {
  if (status === 0 || problem.error === 'network') return t('error.network');
  if (status === 403 || problem.error === 'forbidden') return t('error.forbidden', { role: role === undefined ? '—' : labelOf(t, 'role.', role) });
  if (status === 404 || problem.error === 'not-found') return t('error.not-found');
  const details = (problem.issues ?? []).map((i) => i.message).filter((m) => m !== '');
  const message = [problem.message, ...details].filter((m) => m !== '').join(' ');
  return t('error.server', { status, message });
}
