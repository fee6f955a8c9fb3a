import type { MessageBundle } from '../i18n/types.js';

export const leukostasisMessages = {
  en: {
    'leukostasis.title': 'Leukostasis (hyperleukocytosis) risk',
    'leukostasis.summary.risk': 'Hyperleukocytosis: leukostasis risk',
    'leukostasis.summary.no-risk': 'WBC not above 100,000/µL: no leukostasis flag',
    'leukostasis.wbc-above': 'WBC {observed} is above 100,000/µL: hyperleukocytosis with risk of leukostasis.',
    'leukostasis.wbc-not-above': 'WBC {observed} is not above 100,000/µL (exactly 100,000 does not count).',
    'leukostasis.complications': 'Leukostasis can cause respiratory failure, cerebral ischaemia and pulmonary haemorrhage: watch breathing and neurological status closely.',
    'leukostasis.aml-higher-risk': 'At the same WBC, leukostasis is more likely in AML than in ALL.',
    'leukostasis.leukapheresis': 'Consider leukapheresis when needed, decided with the haematology team.',
    'leukostasis.tls-risk-input': 'A WBC this high also raises tumour lysis risk: assess TLS risk and prophylaxis (instrument "tls").',
    'leukostasis.wbc-missing': 'WBC is missing: leukostasis risk cannot be assessed.',
  },
  'zh-TW': {
    'leukostasis.title': '白血球停滯（高白血球症）風險',
    'leukostasis.summary.risk': '高白血球症：有白血球停滯風險',
    'leukostasis.summary.no-risk': 'WBC 未超過 100,000/µL：無白血球停滯警示',
    'leukostasis.wbc-above': 'WBC {observed} 超過 100,000/µL：高白血球症，有白血球停滯風險。',
    'leukostasis.wbc-not-above': 'WBC {observed} 未超過 100,000/µL（剛好 100,000 不算）。',
    'leukostasis.complications': '白血球停滯可導致呼吸衰竭、腦部缺血與肺出血：請密切觀察呼吸與神經學狀態。',
    'leukostasis.aml-higher-risk': '相同 WBC 下，AML 發生白血球停滯的風險高於 ALL。',
    'leukostasis.leukapheresis': '必要時與血液科團隊討論，考慮白血球分離術。',
    'leukostasis.tls-risk-input': 'WBC 如此高也會提高腫瘤溶解症候群風險：請評估 TLS 風險與預防（工具「tls」）。',
    'leukostasis.wbc-missing': '缺少 WBC：無法評估白血球停滯風險。',
  },
} as const satisfies MessageBundle;
