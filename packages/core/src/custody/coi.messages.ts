import type { MessageBundle } from '../i18n/types.js';

export const coiMessages = {
  en: {
    'coi.format': 'Not a chain-of-identity identifier ({found} characters): expected "CH" + facility + year + sequence (15), or "COI" + year + sequence (11), optionally with the check character.',
    'coi.facility': 'Facility part "{found}" is not an ICCBBA Facility Identification Number.',
    'coi.year': 'Year part "{found}" must be two digits.',
    'coi.sequence': 'Sequence part "{found}" must be six characters (digits for a local identifier; digits or capital letters for ISBT 128).',
    'coi.check-character': 'Check character {found} does not match this identifier (expected {expected}): mistyped or misread.',
  },
  'zh-TW': {
    'coi.format': '不是身分鏈結識別碼（{found} 碼）：應為「CH」+ 機構碼 + 年份 + 流水號（15 碼），或「COI」+ 年份 + 流水號（11 碼），可另附檢查碼。',
    'coi.facility': '機構碼「{found}」不是 ICCBBA 機構識別碼。',
    'coi.year': '年份碼「{found}」應為 2 位數字。',
    'coi.sequence': '流水號「{found}」應為 6 個字元（本機識別碼為數字；ISBT 128 為數字或大寫英文字母）。',
    'coi.check-character': '檢查碼 {found} 與此識別碼不符（應為 {expected}）：輸入或讀取錯誤。',
  },
} as const satisfies MessageBundle;
