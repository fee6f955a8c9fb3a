import type { Translate, UiLang } from '../i18n';

/** When the data was fetched, that it refreshes by itself, and a button to refresh now. */
export function RefreshBar({ t, lang, loading, loadedAt, everyMs, onRefresh }: { t: Translate; lang: UiLang; loading: boolean; loadedAt: Date | null; everyMs?: number; onRefresh: () => void }) {
  const time = loadedAt === null ? null : new Intl.DateTimeFormat(lang === 'zh-TW' ? 'zh-TW' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(loadedAt);
  return (
    <div className="refresh" aria-live="polite">
      <span data-testid="refreshed-at">{loading ? t('load.refreshing') : time !== null ? t('load.updated', { time }) : ''}</span>
      {everyMs !== undefined ? <span className="muted"> · {t('load.auto', { seconds: Math.round(everyMs / 1000) })}</span> : null}{' '}
      <button type="button" onClick={onRefresh} disabled={loading} data-testid="refresh">
        {t('load.refresh')}
      </button>
    </div>
  );
}
