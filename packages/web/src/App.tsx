import { useEffect, useMemo, useState } from 'react';
import { AlertPage } from './alerts/AlertPage';
import { BoardPage } from './board/BoardPage';
import { CalculatorPage } from './calculator/CalculatorPage';
import { DEFAULT_UI_LANG, labelOf, translator, UI_LANGS, type UiLang } from './i18n';
import { PatientPage } from './patient/PatientPage';
import { LoginPage } from './session/LoginPage';
import { useSession } from './session/useSession';
import { href, parseRoute, type Route } from './shell/route';

const LANG_KEY = 'cartographer.lang';

function storedLang(): UiLang {
  try {
    const stored = window.localStorage.getItem(LANG_KEY);
    return UI_LANGS.find((l) => l === stored) ?? DEFAULT_UI_LANG;
  } catch {
    return DEFAULT_UI_LANG;
  }
}

/** The bedside app: sign-in, the ward board, patients and alerts, and the calculators. */
export function App() {
  const [lang, setLang] = useState<UiLang>(storedLang);
  const t = useMemo(() => translator(lang), [lang]);
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  const { session, login, logout } = useSession(lang);

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
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const go = (next: Route) => {
    const target = href(next);
    if (window.location.hash !== target) window.history.replaceState(null, '', target);
    setRoute(next);
  };

  const signedIn = session.state === 'signed-in' ? session.user : null;
  const other: UiLang = lang === 'zh-TW' ? 'en' : 'zh-TW';

  let page;
  if (route.page === 'calculator') {
    page = <CalculatorPage lang={lang} t={t} name={route.name} onSelect={(name) => go({ page: 'calculator', name })} />;
  } else if (session.state === 'checking') {
    page = <p>{t('login.checking')}</p>;
  } else if (session.state === 'signed-out') {
    page = <LoginPage t={t} reason={session.reason} onLogin={login} />;
  } else if (route.page === 'patient') {
    page = <PatientPage key={route.patientId} patientId={route.patientId} user={session.user} t={t} lang={lang} />;
  } else if (route.page === 'alert') {
    page = <AlertPage key={route.alertId} alertId={route.alertId} user={session.user} t={t} lang={lang} />;
  } else {
    page = <BoardPage user={session.user} t={t} lang={lang} />;
  }

  return (
    <>
      <header className="top">
        <div>
          <h1>{t('app.title')}</h1>
          <p className="subtitle">{t('app.subtitle')}</p>
        </div>
        <nav aria-label={t('nav.label')} className="main-nav">
          <a href={href({ page: 'board' })} aria-current={route.page === 'board' ? 'page' : undefined} data-testid="nav-board">
            {signedIn ? t('nav.board') : t('nav.sign-in')}
          </a>
          <a href={href({ page: 'calculator', name: null })} aria-current={route.page === 'calculator' ? 'page' : undefined}>
            {t('nav.calculators')}
          </a>
        </nav>
        <div className="user-bar">
          {signedIn ? (
            <>
              <span data-testid="signed-in-user" data-role={signedIn.role}>
                {t('user.signed-in-as', { name: signedIn.displayName, role: labelOf(t, 'role.', signedIn.role) })}
              </span>{' '}
              <button type="button" onClick={() => void logout()} data-testid="logout">
                {t('user.logout')}
              </button>
            </>
          ) : null}{' '}
          <button type="button" className="lang" onClick={() => setLang(other)} title={t('lang.switch-label')} lang={other} data-testid="switch-lang">
            {t('lang.switch')}
          </button>
        </div>
      </header>
      <main>{page}</main>
    </>
  );
}
