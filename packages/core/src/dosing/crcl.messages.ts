import type { MessageBundle } from '../i18n/types.js';

export const crclMessages = {
  en: {
    'crcl.title': 'Creatinine clearance (Cockcroft-Gault)',
    'crcl.summary': 'Creatinine clearance {crcl} mL/min',
    'crcl.age': 'Age {observed}: (140 − age).',
    'crcl.weight': 'Weight {observed}: multiplies (140 − age).',
    'crcl.creatinine': 'Serum creatinine {observed}: the divisor is 72 × creatinine (mg/dL).',
    'crcl.sex-female': 'Female: the result is multiplied by 0.85.',
    'crcl.sex-male': 'Male: no sex factor (× 1).',
    'crcl.formula': '((140 − age) × weight) ÷ (72 × creatinine), × 0.85 if female = {observed}, rounded to 1 decimal.',
    'crcl.actual-body-weight': 'Actual body weight is used as given; in obesity or oedema the estimate may be too high, so consider ideal or adjusted weight per institutional practice.',
    'crcl.input.adult-formula': 'Cockcroft-Gault was derived in adults and is not valid under 18 years; use a method validated in children instead.',
  },
  'zh-TW': {
    'crcl.title': '肌酸酐廓清率（Cockcroft-Gault 公式）',
    'crcl.summary': '肌酸酐廓清率 {crcl} mL/min',
    'crcl.age': '年齡 {observed}：(140 − 年齡)。',
    'crcl.weight': '體重 {observed}：乘以 (140 − 年齡)。',
    'crcl.creatinine': '血清肌酸酐 {observed}：分母為 72 × 肌酸酐 (mg/dL)。',
    'crcl.sex-female': '女性：結果乘以 0.85。',
    'crcl.sex-male': '男性：不需性別校正（× 1）。',
    'crcl.formula': '((140 − 年齡) × 體重) ÷ (72 × 肌酸酐)，女性再乘 0.85 = {observed}，取至小數點後 1 位。',
    'crcl.actual-body-weight': '依輸入值使用實際體重；肥胖或水腫時估算值可能偏高，可依院內規範改用理想或校正體重。',
    'crcl.input.adult-formula': 'Cockcroft-Gault 公式以成人資料建立，不適用於未滿 18 歲者；請改用經兒童驗證的方法。',
  },
} as const satisfies MessageBundle;
