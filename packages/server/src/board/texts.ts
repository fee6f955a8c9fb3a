import { registerMessages, lookupMessage, message, type Lang } from '@cartographer/core';

/** Short names of the course steps, for the ward board and the patient's journey (both courses). */
registerMessages({
  en: {
    'board.step.referral': 'Referral',
    'board.step.eligibility': 'Eligibility',
    'board.step.washout': 'Washout',
    'board.step.leukapheresis': 'Leukapheresis',
    'board.step.cryopreservation-and-shipment': 'Cryopreservation and shipment',
    'board.step.manufacturing': 'Manufacturing',
    'board.step.bridging': 'Bridging therapy',
    'board.step.lymphodepletion': 'Lymphodepletion (LDC)',
    'board.step.receipt': 'Product receipt',
    'board.step.thaw-and-infusion': 'Thaw and infusion',
    'board.step.monitoring': 'Day 0-30 monitoring',
    'board.step.discharge': 'Discharge',
    'board.step.follow-up': 'Long-term follow-up',
    'board.step.diagnosis-workup': 'Diagnostic work-up',
    'board.step.risk-classification': 'Risk classification',
    'board.step.induction': 'Induction',
    'board.step.response-assessment': 'Response assessment',
    'board.step.consolidation': 'Consolidation',
    'board.step.transplant-decision': 'Transplant decision',
  },
  'zh-TW': {
    'board.step.referral': '轉介',
    'board.step.eligibility': '適應症評估',
    'board.step.washout': '藥物洗除期',
    'board.step.leukapheresis': '白血球分離術',
    'board.step.cryopreservation-and-shipment': '冷凍保存與運送',
    'board.step.manufacturing': '細胞製備',
    'board.step.bridging': '橋接治療',
    'board.step.lymphodepletion': '淋巴細胞清除化療（LDC）',
    'board.step.receipt': '產品接收',
    'board.step.thaw-and-infusion': '解凍與輸注',
    'board.step.monitoring': '第 0-30 天監測',
    'board.step.discharge': '出院',
    'board.step.follow-up': '長期追蹤',
    'board.step.diagnosis-workup': '診斷檢查',
    'board.step.risk-classification': '風險分級',
    'board.step.induction': '誘導治療',
    'board.step.response-assessment': '治療反應評估',
    'board.step.consolidation': '鞏固治療',
    'board.step.transplant-decision': '移植決策',
  },
});

/** A step's short name; the step id itself for a step this module does not name (a newer course definition). */
export function stepTitle(lang: Lang, step: string): string {
  return lookupMessage(lang, `board.step.${step}`) ?? step;
}

/** A deadline's text: its rule's text in the course's catalog (e.g. car-t-course.cryopreserve-within). */
export function ruleText(lang: Lang, rule: string): string {
  return message(lang, rule);
}
