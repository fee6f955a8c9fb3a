import type { MessageBundle } from '../i18n/types.js';

export const tocilizumabMessages = {
  en: {
    'tocilizumab.title': 'Tocilizumab dose and limits',
    'tocilizumab.summary.allowed': 'Dose allowed now: {dose} mg ({count24} dose(s) in the last 24 h, {total} in this episode).',
    'tocilizumab.summary.refused': 'Dose refused now: a limit would be broken ({count24} dose(s) in the last 24 h, {total} in this episode). Earliest allowed: {next}.',
    'tocilizumab.dose-adult': 'Weight {observed} (≥30 kg): 8 mg/kg per dose, at most 800 mg.',
    'tocilizumab.dose-under-30kg': 'Weight {observed} (<30 kg): 12 mg/kg per dose.',
    'tocilizumab.min-interval': 'Repeat doses at least 8 h apart: {observed} since the last dose.',
    'tocilizumab.max-per-24h': 'At most 3 doses in 24 h: {observed} already given in the last 24 h.',
    'tocilizumab.max-total': 'At most 4 doses in total: {observed} already given.',
    'tocilizumab.give': 'Tocilizumab {dose} IV; may repeat every 8 h within the limits.',
    'tocilizumab.weight-missing': 'Body weight is missing: the tocilizumab dose cannot be calculated.',
    'tocilizumab.input.dose-after-now': 'A recorded dose is later than the time of the new dose; check the dates.',
  },
  'zh-TW': {
    'tocilizumab.title': 'Tocilizumab 劑量與限制',
    'tocilizumab.summary.allowed': '現在可給藥：{dose} mg（過去 24 小時已給 {count24} 劑，本次發作共 {total} 劑）。',
    'tocilizumab.summary.refused': '現在不可給藥：將超過限制（過去 24 小時已給 {count24} 劑，本次發作共 {total} 劑）。最早可給藥時間：{next}。',
    'tocilizumab.dose-adult': '體重 {observed}（≥30 kg）：每劑 8 mg/kg，最高 800 mg。',
    'tocilizumab.dose-under-30kg': '體重 {observed}（<30 kg）：每劑 12 mg/kg。',
    'tocilizumab.min-interval': '重複給藥須間隔至少 8 小時：距上一劑 {observed}。',
    'tocilizumab.max-per-24h': '24 小時內最多 3 劑：過去 24 小時已給 {observed} 劑。',
    'tocilizumab.max-total': '總劑數最多 4 劑：已給 {observed} 劑。',
    'tocilizumab.give': 'Tocilizumab {dose} 靜脈注射；在限制內可每 8 小時重複。',
    'tocilizumab.weight-missing': '缺少體重：無法計算 tocilizumab 劑量。',
    'tocilizumab.input.dose-after-now': '紀錄中的給藥時間晚於本次給藥時間；請確認日期。',
  },
} as const satisfies MessageBundle;
