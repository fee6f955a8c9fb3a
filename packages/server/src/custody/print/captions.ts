import type { IdentifierKind } from '../../domain/patients.js';

/** A fixed text printed in both languages side by side (labels and reports are bilingual). */
export interface Bilingual {
  readonly 'zh-TW': string;
  readonly en: string;
}

/** The two languages on one line, Chinese first. */
export function bilingual(text: Bilingual): string {
  return `${text['zh-TW']} ${text.en}`;
}

/** Fills `{name}` placeholders; a placeholder without a value stays as written. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export const IDENTIFIER_CAPTIONS: Readonly<Record<IdentifierKind, Bilingual>> = {
  'medical-record-number': { 'zh-TW': '病歷號', en: 'MRN' },
  'national-id': { 'zh-TW': '身分證號', en: 'National ID' },
  'passport': { 'zh-TW': '護照號碼', en: 'Passport' },
  'birth-date-and-name': { 'zh-TW': '姓名＋生日', en: 'Name + DOB' },
  'program-id': { 'zh-TW': '計畫編號', en: 'Programme ID' },
};

export const STORAGE_CAPTIONS = {
  'refrigerated': { 'zh-TW': '冷藏', en: 'Refrigerated' },
  'liquid-nitrogen-vapour': { 'zh-TW': '液態氮氣相', en: 'Liquid nitrogen, vapour phase' },
  'room-temperature': { 'zh-TW': '室溫', en: 'Room temperature' },
} as const satisfies Record<string, Bilingual>;
export type StorageCondition = keyof typeof STORAGE_CAPTIONS;
export const STORAGE_CONDITIONS = Object.keys(STORAGE_CAPTIONS) as [StorageCondition, ...StorageCondition[]];

export const LABEL_CAPTIONS = {
  din: { 'zh-TW': '採集識別碼', en: 'DIN' },
  coi: { 'zh-TW': '身分鏈識別碼', en: 'Chain of identity' },
  bag: { 'zh-TW': '袋號', en: 'Bag' },
  tube: { 'zh-TW': '管號', en: 'Tube' },
  product: { 'zh-TW': '產品代碼', en: 'Product code' },
  manufacturerReference: { 'zh-TW': '製造商識別碼', en: 'Manufacturer reference' },
  patient: { 'zh-TW': '病人識別', en: 'Patient identification' },
  name: { 'zh-TW': '姓名', en: 'Name' },
  birthDate: { 'zh-TW': '出生日期', en: 'Date of birth' },
  collectedAt: { 'zh-TW': '採集時間', en: 'Collected' },
  facility: { 'zh-TW': '採集機構', en: 'Collection facility' },
  storage: { 'zh-TW': '儲存條件', en: 'Storage' },
  printedAt: { 'zh-TW': '列印時間', en: 'Printed' },
  template: { 'zh-TW': '標籤範本', en: 'Label template' },
  autologous: { 'zh-TW': '僅限病人本人自體使用', en: 'For autologous use only' },
  verify: { 'zh-TW': '使用前由兩人核對病人識別', en: 'Two people check the patient identifiers before use' },
  noDin: { 'zh-TW': '未配發', en: 'not assigned' },
  sheet: { 'zh-TW': '標籤', en: 'Labels' },
} as const satisfies Record<string, Bilingual>;

/** Placeholders: {n} the container's number, {total} the number of containers. */
export const COUNT_TEXTS = {
  bag: { 'zh-TW': '第 {n} 袋，共 {total} 袋', en: 'Bag {n} of {total}' },
  tube: { 'zh-TW': '第 {n} 管，共 {total} 管', en: 'Tube {n} of {total}' },
} as const satisfies Record<string, Bilingual>;

export const TEMPLATE_TITLES = {
  'apheresis-bag': { 'zh-TW': '白血球分離術原料', en: 'Apheresis material' },
  'product-bag': { 'zh-TW': 'CAR-T 細胞產品', en: 'CAR-T cell product' },
  'specimen': { 'zh-TW': '檢體', en: 'Specimen' },
} as const satisfies Record<string, Bilingual>;

export const REPORT_CAPTIONS = {
  title: { 'zh-TW': '細胞產品身分鏈與監管鏈報告', en: 'Chain of identity and chain of custody report' },
  continued: { 'zh-TW': '（續）', en: '(continued)' },
  patient: { 'zh-TW': '病人', en: 'Patient' },
  name: { 'zh-TW': '姓名', en: 'Name' },
  birthDate: { 'zh-TW': '出生日期', en: 'Date of birth' },
  coi: { 'zh-TW': '身分鏈識別碼', en: 'Chain of identity' },
  din: { 'zh-TW': '採集識別碼', en: 'DIN' },
  product: { 'zh-TW': '產品', en: 'Product' },
  manufacturerReferences: { 'zh-TW': '製造商識別碼', en: 'Manufacturer references' },
  events: { 'zh-TW': '監管紀錄', en: 'Custody events' },
  noEvents: { 'zh-TW': '尚無紀錄', en: 'No events recorded' },
  time: { 'zh-TW': '時間', en: 'Time' },
  event: { 'zh-TW': '事件', en: 'Event' },
  who: { 'zh-TW': '人員', en: 'By' },
  where: { 'zh-TW': '地點', en: 'Where' },
  scanned: { 'zh-TW': '掃描識別碼', en: 'Scanned identifiers' },
  temperature: { 'zh-TW': '溫度', en: 'Temperature' },
  outcome: { 'zh-TW': '結果', en: 'Outcome' },
  deviation: { 'zh-TW': '偏差', en: 'Deviation' },
  hardStop: { 'zh-TW': '停止', en: 'Stopped' },
  generatedAt: { 'zh-TW': '產生時間', en: 'Generated' },
  contentHash: { 'zh-TW': '內容雜湊', en: 'Content SHA-256' },
  notAssigned: { 'zh-TW': '未配發', en: 'not assigned' },
} as const satisfies Record<string, Bilingual>;

/** Placeholders: {n} this page, {total} the page count. */
export const PAGE_TEXT: Bilingual = { 'zh-TW': '第 {n} 頁，共 {total} 頁', en: 'Page {n} of {total}' };

/** Every fixed text any document prints, for the glyph-coverage test. */
export function allFixedTexts(): Bilingual[] {
  return [
    ...Object.values(IDENTIFIER_CAPTIONS),
    ...Object.values(STORAGE_CAPTIONS),
    ...Object.values(LABEL_CAPTIONS),
    ...Object.values(COUNT_TEXTS),
    ...Object.values(TEMPLATE_TITLES),
    ...Object.values(REPORT_CAPTIONS),
    PAGE_TEXT,
  ];
}
