import { useCallback } from 'react';
import { custodyOf } from '../api/endpoints';
import type { CustodyChain, CustodyClock, CustodyDeviation, CustodyStepRecord, Role } from '../api/types';
import { labelOf, type Translate, type UiLang } from '../i18n';
import { formatInstant } from '../shell/format';
import { PageProblem } from '../shell/PageState';
import { useResource } from '../shell/useResource';

interface Shared {
  readonly t: Translate;
  readonly lang: UiLang;
  readonly timeZone: string;
}

function Clocks({ clocks, t }: { clocks: readonly CustodyClock[]; t: Translate }) {
  if (clocks.length === 0) return null;
  return (
    <ul className="custody-clocks">
      {clocks.map((c) => (
        <li key={`${c.clock}|${c.subject}`} data-testid="custody-clock" data-clock={c.clock} data-status={c.status} className={`clock-${c.status}`}>
          <strong>{labelOf(t, 'custody-clock.', c.status)}</strong> {c.text}
        </li>
      ))}
    </ul>
  );
}

function Deviations({ deviations, t, lang, timeZone }: { deviations: readonly CustodyDeviation[] } & Shared) {
  // Closed deviations stay in the custody record; the bedside needs what is still open or under investigation.
  const live = deviations.filter((d) => d.status !== 'closed');
  if (live.length === 0) return <p>{t('custody.no-open-deviations')}</p>;
  return (
    <ul className="custody-deviations">
      {live.map((d) => (
        <li key={d.id} data-testid="custody-deviation" data-status={d.status} data-hard-stop={d.hardStop}>
          {d.hardStop ? <strong>{t('custody.hard-stop')} </strong> : null}
          {d.text} <span className="muted">· {labelOf(t, 'custody-deviation.', d.status)} · {formatInstant(d.detectedAt, lang, timeZone)}</span>
        </li>
      ))}
    </ul>
  );
}

function Steps({ events, t, lang, timeZone }: { events: readonly CustodyStepRecord[] } & Shared) {
  if (events.length === 0) return <p>{t('custody.no-steps')}</p>;
  return (
    <table className="custody-steps" data-testid="custody-steps">
      <thead>
        <tr>
          <th scope="col">{t('custody.step')}</th>
          <th scope="col">{t('custody.at')}</th>
          <th scope="col">{t('custody.performed-by')}</th>
          <th scope="col">{t('custody.verified-by')}</th>
          <th scope="col">{t('custody.outcome')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} data-step={e.type} data-outcome={e.outcome} className={e.outcome === 'refused' ? 'refused' : undefined}>
            <td>{labelOf(t, 'custody-step.', e.type)}</td>
            <td>{formatInstant(e.at, lang, timeZone)}</td>
            <td>{e.performedBy.displayName}</td>
            <td>{e.verifiedBy?.displayName ?? '—'}</td>
            <td>{e.outcome === 'refused' ? e.reasons.map((r) => r.text).join('; ') || t('custody.refused') : t('custody.accepted')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Chain({ chain, t, lang, timeZone }: { chain: CustodyChain } & Shared) {
  return (
    <section className="custody-chain" data-testid="custody-chain" data-chain-id={chain.id} aria-label={t('custody.chain', { coi: chain.coi.eyeReadable })}>
      <h4>
        {t('custody.coi')} <code data-testid="custody-coi">{chain.coi.eyeReadable}</code>{' '}
        <span className="muted">· {labelOf(t, 'custody-pathway.', chain.pathway)}</span>
      </h4>
      {chain.veinToVein ? <p data-testid="custody-vein-to-vein">{t('custody.vein-to-vein', { days: chain.veinToVein.days })}</p> : null}
      <Clocks clocks={chain.clocks} t={t} />
      <Deviations deviations={chain.deviations} t={t} lang={lang} timeZone={timeZone} />
      <Steps events={chain.events} t={t} lang={lang} timeZone={timeZone} />
    </section>
  );
}

/**
 * The patient's chains of identity and custody, read-only: what was scanned, by whom and when,
 * the custody clocks (running, due soon, overdue or met), and the deviations not yet closed. Steps are recorded with the
 * scanners of the cell laboratory and the bedside, not here. A role that may not read custody
 * records (psychologists, social workers) does not see the section.
 */
export function CustodyChains({ patientId, role, refreshedAt, t, lang, timeZone }: { patientId: string; role: Role; refreshedAt: Date | null } & Shared) {
  // Loaded again whenever the page itself is refreshed, so that both show the same moment.
  const load = useCallback(() => custodyOf(patientId, lang), [patientId, lang, refreshedAt]);
  const { data, failure } = useResource(load);
  // Nothing until the first answer, so that a role without access never sees the section appear and go.
  if ((data === null && failure === null) || failure?.status === 403) return null;
  return (
    <section aria-labelledby="patient-custody" data-testid="custody">
      <h3 id="patient-custody">{t('patient.custody')}</h3>
      {failure ? <PageProblem failure={failure} t={t} role={role} /> : null}
      {data === null ? null : data.length === 0 ? <p>{t('custody.none')}</p> : data.map((chain) => <Chain key={chain.id} chain={chain} t={t} lang={lang} timeZone={timeZone} />)}
    </section>
  );
}
