import { useId, useState, type FormEvent } from 'react';
import type { ApiResult, User } from '../api/types';
import type { Translate } from '../i18n';
import { problemText } from '../shell/problem';
import { href } from '../shell/route';
import type { SignedOutReason } from './useSession';

/**
 * Username and password, sent once to the server. The password lives in this form's state only
 * while it is typed and is cleared as soon as it is sent, whatever the answer.
 */
export function LoginPage({ t, reason, onLogin }: { t: Translate; reason: SignedOutReason; onLogin: (username: string, password: string) => Promise<ApiResult<User>> }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const sent = password;
    setPassword('');
    setSubmitting(true);
    try {
      const res = await onLogin(username.trim(), sent);
      if (!res.ok) setError(res.status === 401 ? t('login.failed') : problemText(res.status, res.problem, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <section className="login" aria-labelledby={`${id}-heading`} data-testid="login-page">
      <h2 id={`${id}-heading`}>{t('login.heading')}</h2>
      {reason === 'expired' ? (
        <p className="notice notice-warning" role="status" data-testid="login-reason">
          {t('login.expired')}
        </p>
      ) : null}
      {reason === 'signed-out' ? (
        <p className="notice" role="status" data-testid="login-reason">
          {t('login.signed-out')}
        </p>
      ) : null}
      <p>{t('login.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate={false}>
        <div className="field">
          <label htmlFor={`${id}-username`}>{t('login.username')}</label>
          <input id={`${id}-username`} name="username" type="text" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('login.password')}</label>
          <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {error !== null ? (
          <p className="problem" role="alert" data-testid="login-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={submitting}>
          {submitting ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p className="help">
        <a href={href({ page: 'calculator', name: null })}>{t('login.calculators')}</a>
      </p>
    </section>
  );
}
