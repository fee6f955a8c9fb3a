import { defineRules, registerMessages } from '@cartographer/core';

/**
 * The alert engine's own reasons for "cannot assess": an observation that the instrument needs
 * was not recorded within the institution's look-back window, or the recorded data contradict
 * each other so that the instrument refuses them. Missing data is never read as normal
 * (conventions §2), so each of these makes the assessment "cannot assess", never grade 0.
 */
export const ENGINE_RULES = defineRules('alert-engine', {
  /** ASTCT CRS grading needs hypotension and the oxygen device (seed 002 §3.1.2, Table 7; Lee 2019). */
  'crs-observation-missing': { seed: [{ seed: 'handbook', section: '§3.1.2, Table 7' }], publications: ['lee2019'] },
  /** The recorded data break one of the instrument's input rules (named in the params). */
  'input-refused': { seed: [{ seed: 'handbook', section: '§3.1 (toxicity assessment)' }], publications: ['lee2019', 'hayden2022'] },
});

registerMessages({
  en: {
    'alert-engine.crs-observation-missing': 'No "{observation}" recorded in the last {hours} h: record it to grade CRS.',
    'alert-engine.input-refused': 'The recorded data for "{field}" break rule {rule}: check and correct the record.',
  },
  'zh-TW': {
    'alert-engine.crs-observation-missing': '最近 {hours} 小時內沒有「{observation}」紀錄：請記錄後才能分級 CRS。',
    'alert-engine.input-refused': '「{field}」的紀錄違反規則 {rule}：請檢查並更正紀錄。',
  },
});
