import type { MessageBundle } from '../i18n/types.js';

export const dinMessages = {
  en: {
    'din.length':
      'A Donation Identification Number has 13 characters (facility 5, year 2, sequence 6), optionally with 2 flag characters and the check character; {found} characters were read.',
    'din.data-identifier': 'The barcode starts with {found}: a Donation Identification Number barcode starts with "=".',
    'din.facility':
      'Facility part "{found}" is not an ICCBBA Facility Identification Number: first character A-N, P-Z or 1-9, then two of A-N, P-Z or 0-9, then two digits (no letter O).',
    'din.year': 'Year part "{found}" must be the last two digits of the year of assignment.',
    'din.sequence': 'Sequence part "{found}" must be six digits.',
    'din.flags': 'Flag characters "{found}" are not valid: two characters from 0-9 and A-H, J-N, P, R-Y.',
    'din.flags-checksum': 'Flag characters {found} are a check value but do not match this number (expected {expected}): the number was misread.',
    'din.check-character': 'Check character {found} does not match this number (expected {expected}): the number was mistyped or misread.',
    'settings.facility-identification-number':
      'The facility code is the 5-character ICCBBA Facility Identification Number: first character A-N, P-Z or 1-9, then two of A-N, P-Z or 0-9, then two digits (no letter O).',
  },
  'zh-TW': {
    'din.length': '捐贈識別碼（DIN）為 13 碼（機構 5 碼、年份 2 碼、流水號 6 碼），可另附 2 碼旗標與檢查碼；此次讀到 {found} 碼。',
    'din.data-identifier': '條碼開頭為 {found}：捐贈識別碼條碼應以「=」開頭。',
    'din.facility': '機構碼「{found}」不是 ICCBBA 機構識別碼：第 1 碼為 A-N、P-Z 或 1-9，第 2-3 碼為 A-N、P-Z 或 0-9，最後 2 碼為數字（不使用字母 O）。',
    'din.year': '年份碼「{found}」應為核發年份的末兩位數字。',
    'din.sequence': '流水號「{found}」應為 6 位數字。',
    'din.flags': '旗標「{found}」無效：應為 0-9 及 A-H、J-N、P、R-Y 中的兩個字元。',
    'din.flags-checksum': '旗標 {found} 為檢查值，但與此號碼不符（應為 {expected}）：號碼讀取錯誤。',
    'din.check-character': '檢查碼 {found} 與此號碼不符（應為 {expected}）：號碼輸入或讀取錯誤。',
    'settings.facility-identification-number':
      '機構代碼為 ICCBBA 核發的 5 碼機構識別碼：第 1 碼為 A-N、P-Z 或 1-9，第 2-3 碼為 A-N、P-Z 或 0-9，最後 2 碼為數字（不使用字母 O）。',
  },
} as const satisfies MessageBundle;
