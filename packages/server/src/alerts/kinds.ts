import { message, registerMessages, type Lang } from '@cartographer/core';

/**
 * The conditions the alert engine watches, each with the handbook section and the publication
 * it rests on (shown as the source of an alert and of a CDS Hooks card).
 */
export const ALERT_KINDS = {
  'crs-grade': { instrument: 'crs', section: '§3.1.2, Table 7, Figure 4', publication: 'lee2019' },
  'icans-grade': { instrument: 'icans', section: '§3.1.3, Table 8, Figure 6', publication: 'lee2019' },
  'iec-hs': { instrument: 'iec-hs', section: '§3.1.4, Tables 9, 10; §3.1.5, Figure 8 (CRS/MAS)', publication: 'hines2023' },
  'icaht-grade': { instrument: 'icaht', section: '§3.1.5, Table 12', publication: 'rejeski2023' },
  'tls-laboratory': { instrument: 'tls', section: '§3.1.1', publication: 'cairo2004' },
  'febrile-neutropenia': { instrument: 'febrile-neutropenia', section: '000 emergency item 2', publication: 'freifeld2011' },
  'tocilizumab-limit': { instrument: 'tocilizumab', section: '§3.1.2 (CRS drugs)', publication: 'hayden2022' },
  'vital-signs-due': { instrument: 'infusion', section: '§2.2.3 (infusion)', publication: 'hayden2022' },
  'custody-clock': { instrument: 'custody', section: '§1.4 item 6, §2.2.3', publication: 'qayed2022' },
  'custody-hard-stop': { instrument: 'custody', section: '§1.4 item 10, §2.2.1-2.2.3', publication: 'hayden2022' },
  'custody-deviation': { instrument: 'custody', section: '§1.4 items 6-9, §2.2.1', publication: 'qayed2022' },
} as const;
export type AlertKind = keyof typeof ALERT_KINDS;
export const ALERT_KIND_NAMES = Object.keys(ALERT_KINDS) as AlertKind[];

/** Conditions that change with the clock alone: the alert worker re-evaluates patients that have one live. */
export const TIME_DRIVEN_KINDS: readonly AlertKind[] = ['vital-signs-due', 'febrile-neutropenia', 'tocilizumab-limit'];

registerMessages({
  en: {
    'alert.crs-grade': 'CRS grade {level} (ASTCT)',
    'alert.icans-grade': 'ICANS grade {level} (ASTCT)',
    'alert.iec-hs': 'IEC-HS criteria met{grade}',
    'alert.iec-hs.provisional': 'Possible IEC-HS: laboratory criteria met, alternative causes not yet excluded',
    'alert.iec-hs.crs-mas': 'CRS with MAS features: ferritin criteria and {count} HLH-like manifestation(s) during active CRS (Figure 8, CRS/MAS line)',
    'alert.icaht-grade': 'ICAHT grade {level}',
    'alert.tls-laboratory': 'Laboratory tumour lysis syndrome ({criteria})',
    'alert.tls-clinical': 'Clinical tumour lysis syndrome ({criteria})',
    'alert.febrile-neutropenia': 'Febrile neutropenia: broad-spectrum IV antibiotics due by {dueAt}',
    'alert.febrile-neutropenia.overdue': 'Febrile neutropenia: antibiotics overdue since {dueAt}, none recorded',
    'alert.febrile-neutropenia.given': 'Febrile neutropenia: antibiotics recorded at {givenAt}',
    'alert.tocilizumab-limit': 'Tocilizumab limit reached ({doses24h} in 24 h, {total} in all); next dose allowed {next}',
    'alert.tocilizumab-limit.exhausted': 'Tocilizumab limit reached: {total} doses given, no further dose',
    'alert.vital-signs-due': 'Vital signs due (every {interval} min {phase} the infusion)',
    'alert.phase.during': 'during',
    'alert.phase.after': 'after',
    'alert.unknown': 'Alert: {kind}',
    'alert.custody-clock.warning': 'Custody deadline near ({coi}): {clock}',
    'alert.custody-clock.expired': 'Custody deadline passed ({coi}): {clock}',
    'alert.custody-hard-stop': 'Custody step stopped ({coi}, {step}): {reason}',
    'alert.custody-deviation': 'Custody deviation ({coi}, {step}): {reason}',
  },
  'zh-TW': {
    'alert.crs-grade': 'CRS 第 {level} 級（ASTCT）',
    'alert.icans-grade': 'ICANS 第 {level} 級（ASTCT）',
    'alert.iec-hs': '符合 IEC-HS 診斷標準{grade}',
    'alert.iec-hs.provisional': '疑似 IEC-HS：檢驗條件已符合，尚未排除其他原因',
    'alert.iec-hs.crs-mas': 'CRS 合併 MAS 表現：CRS 進行中，鐵蛋白條件成立且有 {count} 項類 HLH 表現（圖 8，CRS/MAS 治療路徑）',
    'alert.icaht-grade': 'ICAHT 第 {level} 級',
    'alert.tls-laboratory': '檢驗性腫瘤溶解症候群（{criteria}）',
    'alert.tls-clinical': '臨床性腫瘤溶解症候群（{criteria}）',
    'alert.febrile-neutropenia': '發燒性嗜中性白血球低下：須於 {dueAt} 前給予靜脈廣效抗生素',
    'alert.febrile-neutropenia.overdue': '發燒性嗜中性白血球低下：抗生素自 {dueAt} 起逾時，尚無給藥紀錄',
    'alert.febrile-neutropenia.given': '發燒性嗜中性白血球低下：已於 {givenAt} 記錄給予抗生素',
    'alert.tocilizumab-limit': 'Tocilizumab 已達使用上限（24 小時內 {doses24h} 劑，累計 {total} 劑）；下一劑最早可於 {next} 給予',
    'alert.tocilizumab-limit.exhausted': 'Tocilizumab 已達使用上限：已給 {total} 劑，不可再給',
    'alert.vital-signs-due': '應評估生命徵象（輸注{phase}每 {interval} 分鐘）',
    'alert.phase.during': '期間',
    'alert.phase.after': '後',
    'alert.unknown': '警示：{kind}',
    'alert.custody-clock.warning': '產品監管時限將至（{coi}）：{clock}',
    'alert.custody-clock.expired': '產品監管時限已過（{coi}）：{clock}',
    'alert.custody-hard-stop': '產品監管步驟已被阻止（{coi}，{step}）：{reason}',
    'alert.custody-deviation': '產品監管偏差（{coi}，{step}）：{reason}',
  },
});

/** An instant in the institution's time zone, to the minute (e.g. 2026-03-02 14:05). */
export function localTime(iso: unknown, timeZone: string): string {
  if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return '-';
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
    Date.parse(iso),
  );
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The one-line text of an alert in the reader's language, from its language-neutral detail. */
export function alertText(lang: Lang, kind: string, detail: Readonly<Record<string, unknown>>, timeZone: string): string {
  const level = detail['level'];
  switch (kind) {
    case 'crs-grade':
    case 'icans-grade':
    case 'icaht-grade':
      return message(lang, `alert.${kind}`, { level });
    case 'iec-hs':
      if (detail['branch'] === 'CRS/MAS') return message(lang, 'alert.iec-hs.crs-mas', { count: detail['manifestations'] });
      if (detail['provisional'] === true) return message(lang, 'alert.iec-hs.provisional');
      return message(lang, 'alert.iec-hs', { grade: typeof detail['grade'] === 'number' ? ` (${lang === 'en' ? 'grade' : '第'} ${detail['grade']}${lang === 'en' ? '' : ' 級'})` : '' });
    case 'tls-laboratory': {
      const criteria = Array.isArray(detail['criteriaMet']) ? detail['criteriaMet'].join(', ') : '';
      return message(lang, detail['clinical'] === true ? 'alert.tls-clinical' : 'alert.tls-laboratory', { criteria });
    }
    case 'febrile-neutropenia':
      if (typeof detail['antibioticsGivenAt'] === 'string') return message(lang, 'alert.febrile-neutropenia.given', { givenAt: localTime(detail['antibioticsGivenAt'], timeZone) });
      return message(lang, detail['overdue'] === true ? 'alert.febrile-neutropenia.overdue' : 'alert.febrile-neutropenia', { dueAt: localTime(detail['antibioticsDueBy'], timeZone) });
    case 'tocilizumab-limit':
      if (detail['nextAllowedAt'] === null) return message(lang, 'alert.tocilizumab-limit.exhausted', { total: detail['totalDoses'] });
      return message(lang, 'alert.tocilizumab-limit', { doses24h: detail['dosesInLast24h'], total: detail['totalDoses'], next: localTime(detail['nextAllowedAt'], timeZone) });
    case 'vital-signs-due':
      return message(lang, 'alert.vital-signs-due', { interval: detail['intervalMinutes'], phase: message(lang, `alert.phase.${detail['phase'] === 'after' ? 'after' : 'during'}`) });
    case 'custody-clock':
      return message(lang, detail['status'] === 'expired' ? 'alert.custody-clock.expired' : 'alert.custody-clock.warning', {
        coi: detail['coi'],
        clock: message(lang, `custody-clock.${String(detail['clock'])}`, { subject: detail['subject'], dueAt: localTime(detail['dueAt'], timeZone) }),
      });
    case 'custody-hard-stop':
    case 'custody-deviation':
      return message(lang, `alert.${kind}`, {
        coi: detail['coi'],
        step: detail['eventType'],
        reason: message(lang, `custody.${String(detail['code'])}`, (detail['params'] ?? {}) as Record<string, unknown>),
      });
    default:
      return message(lang, 'alert.unknown', { kind });
  }
}
