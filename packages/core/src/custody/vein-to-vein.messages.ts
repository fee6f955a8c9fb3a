import type { MessageBundle } from '../i18n/types.js';

export const veinToVeinMessages = {
  en: {
    'vein-to-vein.definition': 'Vein-to-vein time: from the start of the first leukapheresis collection to the start of the infusion of the first product bag.',
  },
  'zh-TW': {
    'vein-to-vein.definition': '原料採集至輸注時間（vein-to-vein time）：自第一次白血球分離術開始收集，至第一袋產品開始輸注。',
  },
} as const satisfies MessageBundle;
