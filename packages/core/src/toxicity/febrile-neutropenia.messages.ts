import type { MessageBundle } from '../i18n/types.js';

export const febrileNeutropeniaMessages = {
  en: {
    'febrile-neutropenia.title': 'Febrile neutropenia',
    'febrile-neutropenia.summary.present': 'Febrile neutropenia: antibiotics due by {dueBy}',
    'febrile-neutropenia.summary.present-now': 'Febrile neutropenia: antibiotics now (time of fever not given)',
    'febrile-neutropenia.summary.absent': 'No febrile neutropenia',
    'febrile-neutropenia.anc-below': 'ANC {observed} is below 500/µL: neutropenia.',
    'febrile-neutropenia.anc-not-below': 'ANC {observed} is not below 500/µL (500 itself does not count).',
    'febrile-neutropenia.fever': 'Temperature {observed} is at least 38.3 °C.',
    'febrile-neutropenia.no-fever': 'Temperature {observed} is below 38.3 °C.',
    'febrile-neutropenia.present': 'ANC below 500/µL with a temperature of 38.3 °C or more: febrile neutropenia.',
    'febrile-neutropenia.antibiotics-within-1h': 'Start empirical broad-spectrum IV antibiotics within 1 hour of the fever (by {dueBy}); choice of agent per institutional protocol.',
    'febrile-neutropenia.antibiotics-now':
      'Start empirical broad-spectrum IV antibiotics now: they are due within 1 hour of the fever, whose time was not given; choice of agent per institutional protocol.',
    'febrile-neutropenia.anc-missing': 'ANC is missing: febrile neutropenia cannot be assessed.',
    'febrile-neutropenia.temperature-missing': 'Temperature is missing: febrile neutropenia cannot be assessed.',
    'febrile-neutropenia.observed-at-missing': 'The time of the fever is missing, so the 1-hour deadline cannot be computed: give antibiotics now.',
  },
  'zh-TW': {
    'febrile-neutropenia.title': '發燒性嗜中性白血球低下',
    'febrile-neutropenia.summary.present': '發燒性嗜中性白血球低下：抗生素最遲於 {dueBy} 前給予',
    'febrile-neutropenia.summary.present-now': '發燒性嗜中性白血球低下：請立即給予抗生素（未提供發燒時間）',
    'febrile-neutropenia.summary.absent': '不符合發燒性嗜中性白血球低下',
    'febrile-neutropenia.anc-below': 'ANC {observed} 低於 500/µL：嗜中性白血球低下。',
    'febrile-neutropenia.anc-not-below': 'ANC {observed} 未低於 500/µL（剛好 500 不算）。',
    'febrile-neutropenia.fever': '體溫 {observed} 已達 38.3 °C 以上。',
    'febrile-neutropenia.no-fever': '體溫 {observed} 低於 38.3 °C。',
    'febrile-neutropenia.present': 'ANC 低於 500/µL 且體溫達 38.3 °C 以上：屬發燒性嗜中性白血球低下。',
    'febrile-neutropenia.antibiotics-within-1h': '發燒後 1 小時內開始經驗性廣效靜脈抗生素（最遲 {dueBy}）；藥物選擇依院內規範。',
    'febrile-neutropenia.antibiotics-now': '立即開始經驗性廣效靜脈抗生素：抗生素須於發燒後 1 小時內給予，而發燒時間未提供；藥物選擇依院內規範。',
    'febrile-neutropenia.anc-missing': '缺少 ANC：無法評估是否為發燒性嗜中性白血球低下。',
    'febrile-neutropenia.temperature-missing': '缺少體溫：無法評估是否為發燒性嗜中性白血球低下。',
    'febrile-neutropenia.observed-at-missing': '缺少發燒的測量時間，無法計算 1 小時期限：請立即給予抗生素。',
  },
} as const satisfies MessageBundle;
