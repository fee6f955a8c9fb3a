import type { CustodyStep } from '@cartographer/core';
import { registerText } from '../../errors.js';
import type { Bilingual } from '../print/captions.js';

/**
 * Texts of the custody outputs (labels, report, FHIR). The printed names are bilingual because
 * labels and reports are; the rules and outcome texts follow the requested language.
 */
registerText({
  en: {
    'custody-output.template-needs-collection': 'The {template} label needs the collection: record the collection of this course first.',
    'custody-output.template-needs-receipt': 'The {template} label needs the received product: record the receipt of the product first.',
    'custody-output.collection-unknown': 'This course has {count} collection(s): collection {n} does not exist.',
    'custody-output.bag-out-of-range': 'Container {n} is not between 1 and {total}.',
    'custody-output.tubes-specimen-only': 'The number of tubes is given for the specimen label only; a bag label prints one label per recorded bag.',
    'custody-output.patient-identifiers-too-few': 'The patient has {count} identifier(s) that a label can carry: labels need two to three (medical record number, national ID, passport, programme ID).',
    'custody-output.outcome-ok': 'Recorded.',
    'custody-output.outcome-ok-two-person': 'Recorded; checked and signed by two people.',
    'custody-output.deviation-status': 'Deviation {status}: {text}',
    'custody-output.note': 'Note: {text}',
    'custody-output.investigation': 'Root cause: {rootCause}. Corrective action: {correctiveAction}.',
    'custody-output.closed': 'Closed: {summary}',
    'custody-output.reopened': 'Reopened: {reason}',
    'custody-output.status-changed': 'Status: {status}.',
  },
  'zh-TW': {
    'custody-output.template-needs-collection': '{template} 標籤需要採集資料：請先記錄此療程的採集。',
    'custody-output.template-needs-receipt': '{template} 標籤需要已接收的產品：請先記錄產品接收。',
    'custody-output.collection-unknown': '此療程有 {count} 次採集：沒有第 {n} 次採集。',
    'custody-output.bag-out-of-range': '容器編號 {n} 不在 1 到 {total} 之間。',
    'custody-output.tubes-specimen-only': '管數僅適用於檢體標籤；袋標籤依已記錄的袋數逐袋列印。',
    'custody-output.patient-identifiers-too-few': '病人可印在標籤上的識別碼只有 {count} 個：標籤需要二到三個（病歷號、身分證號、護照號碼、計畫編號）。',
    'custody-output.outcome-ok': '已記錄。',
    'custody-output.outcome-ok-two-person': '已記錄；經兩人核對並簽章。',
    'custody-output.deviation-status': '偏差（{status}）：{text}',
    'custody-output.note': '備註：{text}',
    'custody-output.investigation': '根本原因：{rootCause}。矯正措施：{correctiveAction}。',
    'custody-output.closed': '結案：{summary}',
    'custody-output.reopened': '重新開啟：{reason}',
    'custody-output.status-changed': '狀態：{status}。',
  },
});

export const STEP_NAMES: Readonly<Record<CustodyStep, Bilingual>> = {
  'collection': { 'zh-TW': '白血球分離術採集', en: 'Apheresis collection' },
  'cold-storage': { 'zh-TW': '2–8 °C 暫存', en: 'Storage at 2–8 °C' },
  'cryopreservation': { 'zh-TW': '冷凍保存', en: 'Cryopreservation' },
  'liquid-nitrogen-storage': { 'zh-TW': '液態氮儲存', en: 'Liquid nitrogen storage' },
  'shipment': { 'zh-TW': '出貨至製造商', en: 'Shipment to the manufacturer' },
  'manufacturing-status': { 'zh-TW': '製造狀態', en: 'Manufacturing status' },
  'receipt': { 'zh-TW': '產品接收', en: 'Product receipt' },
  'release-documents': { 'zh-TW': '放行文件', en: 'Release documents' },
  'product-storage': { 'zh-TW': '產品儲存', en: 'Product storage' },
  'transfer-to-bedside': { 'zh-TW': '送至床邊', en: 'Transfer to the bedside' },
  'bedside-match': { 'zh-TW': '床邊雙人核對', en: 'Bedside identity match' },
  'thaw': { 'zh-TW': '解凍', en: 'Thaw' },
  'infusion-start': { 'zh-TW': '開始輸注', en: 'Infusion start' },
  'infusion-end': { 'zh-TW': '輸注結束', en: 'Infusion end' },
};

export const MANUFACTURING_STATUS_NAMES: Readonly<Record<string, Bilingual>> = {
  'received': { 'zh-TW': '製造商已收件', en: 'received' },
  'in-production': { 'zh-TW': '製造中', en: 'in production' },
  'quality-control': { 'zh-TW': '品質管制中', en: 'quality control' },
  'released': { 'zh-TW': '已放行', en: 'released' },
  'shipped': { 'zh-TW': '已出貨', en: 'shipped' },
  'on-hold': { 'zh-TW': '暫停', en: 'on hold' },
  'failed': { 'zh-TW': '製造失敗', en: 'failed' },
};

export const LOCATION_KIND_NAMES: Readonly<Record<string, Bilingual>> = {
  'apheresis-unit': { 'zh-TW': '分離術室', en: 'Apheresis unit' },
  'cell-processing': { 'zh-TW': '細胞處理室', en: 'Cell processing' },
  'refrigerator': { 'zh-TW': '冷藏櫃', en: 'Refrigerator' },
  'freezer': { 'zh-TW': '冷凍櫃', en: 'Freezer' },
  'liquid-nitrogen': { 'zh-TW': '液態氮槽', en: 'Liquid nitrogen' },
  'transport': { 'zh-TW': '運送', en: 'Transport' },
  'manufacturer': { 'zh-TW': '製造商', en: 'Manufacturer' },
  'pharmacy': { 'zh-TW': '藥劑部', en: 'Pharmacy' },
  'ward': { 'zh-TW': '病房', en: 'Ward' },
  'bedside': { 'zh-TW': '病床旁', en: 'Bedside' },
};

export const CABINET_EVENT_NAMES: Readonly<Record<'open' | 'close', Bilingual>> = {
  open: { 'zh-TW': '生物安全櫃開啟材料', en: 'Opened in biosafety cabinet' },
  close: { 'zh-TW': '生物安全櫃關閉材料', en: 'Closed in biosafety cabinet' },
};

export const DEVIATION_EVENT_NAMES: Readonly<Record<'opened' | 'add-note' | 'investigate' | 'close' | 'reopen', Bilingual>> = {
  'opened': { 'zh-TW': '偏差開立', en: 'Deviation opened' },
  'add-note': { 'zh-TW': '偏差備註', en: 'Deviation note' },
  'investigate': { 'zh-TW': '偏差調查', en: 'Deviation investigated' },
  'close': { 'zh-TW': '偏差結案', en: 'Deviation closed' },
  'reopen': { 'zh-TW': '偏差重新開啟', en: 'Deviation reopened' },
};


/** The product's printed name: the manufacturer's trade name is not recorded, and the product code beside it identifies the lot. */
export const PRODUCT_NAME = 'CAR-T 細胞 CAR-T cells';
