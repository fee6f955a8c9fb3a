import type { MessageBundle } from '../i18n/types.js';

export const clockMessages = {
  en: {
    'custody-clock.cold-storage': 'Collection {subject}: every bag frozen or at 2-8 °C within 4 h of the end of collection, by {dueAt}.',
    'custody-clock.cryopreservation': 'Collection {subject}: cryopreservation completed within 24 h of the end of collection, by {dueAt}.',
    'custody-clock.thaw-to-infusion': 'Bag {subject}: infusion complete within 20-30 min of the start of thawing, by {dueAt}.',
    'custody-clock.status.running': 'running',
    'custody-clock.status.warning': 'due soon',
    'custody-clock.status.expired': 'expired',
    'custody-clock.status.met': 'met',
  },
  'zh-TW': {
    'custody-clock.cold-storage': '收集 {subject}：每一袋須於收集結束後 4 小時內（{dueAt} 前）開始冷凍或置於 2-8 °C。',
    'custody-clock.cryopreservation': '收集 {subject}：須於收集結束後 24 小時內（{dueAt} 前）完成超低溫冷凍。',
    'custody-clock.thaw-to-infusion': '血袋 {subject}：須於開始解凍後 20-30 分鐘內（{dueAt} 前）輸注完畢。',
    'custody-clock.status.running': '計時中',
    'custody-clock.status.warning': '即將到期',
    'custody-clock.status.expired': '已逾時',
    'custody-clock.status.met': '已完成',
  },
} as const satisfies MessageBundle;
