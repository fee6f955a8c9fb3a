import type { MessageBundle } from '../i18n/types.js';

export const deviationMessages = {
  en: {
    'deviation.close-needs-investigation': 'A deviation is closed only after its investigation: record the root cause and corrective action first.',
    'deviation.closed-until-reopened': 'This deviation is closed: reopen it (with a reason) before changing it.',
    'deviation.reopen-only-closed': 'Only a closed deviation can be reopened.',
    'deviation.time-before-previous': 'The action is dated before the previous entry of this deviation ({previous}).',
    'deviation.field-required': '{field} is required for this action.',
    'deviation.status.open': 'open',
    'deviation.status.investigated': 'investigated',
    'deviation.status.closed': 'closed',
  },
  'zh-TW': {
    'deviation.close-needs-investigation': '偏差須完成調查後才能結案：請先記錄根本原因與矯正措施。',
    'deviation.closed-until-reopened': '此偏差已結案：須先（附理由）重新開啟才能修改。',
    'deviation.reopen-only-closed': '只有已結案的偏差可以重新開啟。',
    'deviation.time-before-previous': '此動作的時間早於此偏差的前一筆紀錄（{previous}）。',
    'deviation.field-required': '此動作必須填寫 {field}。',
    'deviation.status.open': '未處理',
    'deviation.status.investigated': '已調查',
    'deviation.status.closed': '已結案',
  },
} as const satisfies MessageBundle;
