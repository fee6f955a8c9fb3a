import type { MessageBundle } from '../i18n/types.js';

export const leukemiaEmergenciesMessages = {
  en: {
    'leukemia-emergencies.title': 'Acute leukemia: early emergencies',
    'leukemia-emergencies.summary.alerts': '{count} early emergency warning(s) present: act now (see actions)',
    'leukemia-emergencies.summary.none': 'No early emergency found in TLS, febrile neutropenia or leukostasis',
    'leukemia-emergencies.summary.incomplete': 'No early emergency found so far; some checks could not be made (see warnings)',
    'leukemia-emergencies.early-warnings':
      'At first presentation and during induction, three complications of acute leukemia kill early: tumor lysis syndrome, febrile neutropenia and leukostasis. Each is checked below.',
    'leukemia-emergencies.tls-framing':
      'TLS (high uric acid, phosphate, potassium, low calcium, acute kidney injury): highest risk when venetoclax starts and with a high white count; prevent with hydration and allopurinol or rasburicase, and check labs often.',
    'leukemia-emergencies.febrile-neutropenia-framing':
      'Febrile neutropenia (ANC below 500/µL with a temperature of 38.3 °C or more): broad-spectrum antibiotics within one hour.',
    'leukemia-emergencies.leukostasis-framing':
      'Leukostasis (WBC above 100,000/µL): risk of respiratory failure, brain ischemia and lung bleeding; more frequent in AML than ALL; leukapheresis when needed.',
    'leukemia-emergencies.tls-not-provided': 'TLS data not given ({field}): not checked.',
    'leukemia-emergencies.febrile-neutropenia-not-provided': 'ANC and temperature not given ({field}): febrile neutropenia not checked.',
    'leukemia-emergencies.leukostasis-not-provided': 'WBC not given ({field}): leukostasis not checked.',
    'leukemia-emergencies.tls-alert': 'Tumor lysis syndrome present (laboratory or clinical).',
    'leukemia-emergencies.febrile-neutropenia-alert': 'Febrile neutropenia present: antibiotics within one hour.',
    'leukemia-emergencies.leukostasis-alert': 'Leukostasis risk: WBC above 100,000/µL.',
  },
  'zh-TW': {
    'leukemia-emergencies.title': '急性白血病：急診早期警訊',
    'leukemia-emergencies.summary.alerts': '出現 {count} 項急診早期警訊：請立即處理（見處置）',
    'leukemia-emergencies.summary.none': 'TLS、發燒性嗜中性白血球低下、白血球停滯均未發現',
    'leukemia-emergencies.summary.incomplete': '目前未發現急診警訊，但部分項目無法評估（見警示）',
    'leukemia-emergencies.early-warnings':
      '急性白血病初次就診與誘導期間，有三種早期高致死併發症：腫瘤溶解症候群、發燒性嗜中性白血球低下、白血球停滯，以下逐項評估。',
    'leukemia-emergencies.tls-framing':
      'TLS（尿酸、磷、鉀升高，鈣降低，急性腎損傷）：venetoclax 起始期與白血球很高時風險最高；以水化及 allopurinol 或 rasburicase 預防，並密集抽血。',
    'leukemia-emergencies.febrile-neutropenia-framing':
      '發燒性嗜中性白血球低下（ANC 低於 500/µL 且體溫 38.3 °C 以上）：一小時內給廣效抗生素。',
    'leukemia-emergencies.leukostasis-framing':
      '白血球停滯（WBC 高於 100,000/µL）：可致呼吸衰竭、腦缺血、肺出血；AML 較 ALL 常見，必要時白血球分離術。',
    'leukemia-emergencies.tls-not-provided': '未提供 TLS 資料（{field}）：未評估。',
    'leukemia-emergencies.febrile-neutropenia-not-provided': '未提供 ANC 與體溫（{field}）：未評估發燒性嗜中性白血球低下。',
    'leukemia-emergencies.leukostasis-not-provided': '未提供 WBC（{field}）：未評估白血球停滯。',
    'leukemia-emergencies.tls-alert': '已出現腫瘤溶解症候群（實驗室或臨床）。',
    'leukemia-emergencies.febrile-neutropenia-alert': '發燒性嗜中性白血球低下：一小時內給抗生素。',
    'leukemia-emergencies.leukostasis-alert': '白血球停滯風險：WBC 高於 100,000/µL。',
  },
} as const satisfies MessageBundle;
