import type { MessageBundle } from '../i18n/types.js';

export const bsaMessages = {
  en: {
    'bsa.title': 'Body-surface area (BSA)',
    'bsa.summary.mosteller': 'BSA {bsa} m² (Mosteller)',
    'bsa.summary.dubois': 'BSA {bsa} m² (DuBois)',
    'bsa.height': 'Height {observed}.',
    'bsa.weight': 'Weight {observed}.',
    'bsa.mosteller': 'Mosteller: square root of (height in cm × weight in kg ÷ 3600) = {observed}.',
    'bsa.dubois': 'DuBois: 0.007184 × weight in kg^0.425 × height in cm^0.725 = {observed}.',
    'bsa.rounding': 'BSA is rounded to 2 decimals ({observed}); mg/m² doses use this rounded value.',
  },
  'zh-TW': {
    'bsa.title': '體表面積 (BSA)',
    'bsa.summary.mosteller': 'BSA {bsa} m²（Mosteller 公式）',
    'bsa.summary.dubois': 'BSA {bsa} m²（DuBois 公式）',
    'bsa.height': '身高 {observed}。',
    'bsa.weight': '體重 {observed}。',
    'bsa.mosteller': 'Mosteller 公式：(身高 cm × 體重 kg ÷ 3600) 開平方根 = {observed}。',
    'bsa.dubois': 'DuBois 公式：0.007184 × 體重 kg 的 0.425 次方 × 身高 cm 的 0.725 次方 = {observed}。',
    'bsa.rounding': 'BSA 取至小數點後 2 位（{observed}）；以 mg/m² 計算的劑量皆採用此數值。',
  },
} as const satisfies MessageBundle;
