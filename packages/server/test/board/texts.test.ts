import { CAR_T_COURSE_STEP_IDS, LEUKEMIA_COURSE_STEP_IDS } from '@cartographer/core';
import { describe, expect, it } from 'vitest';
import { ruleText, stepTitle } from '../../src/board/texts.js';
import { COURSE_DISEASES, COURSE_KINDS, courseDefinition } from '../../src/journey/definitions.js';

const CHINESE = /[\u4e00-\u9fff]/;

describe('the board\'s texts', () => {
  it.each([...new Set([...CAR_T_COURSE_STEP_IDS, ...LEUKEMIA_COURSE_STEP_IDS])])('names step %s in both languages, differently', (step) => {
    const en = stepTitle('en', step);
    const zh = stepTitle('zh-TW', step);
    expect(en).not.toBe(step);
    expect(zh).toMatch(CHINESE);
    expect(zh).not.toBe(en);
  });

  it('shows a step it has no name for by its id (a newer course definition)', () => {
    expect(stepTitle('en', 'a-step-from-the-future')).toBe('a-step-from-the-future');
  });

  it('has a text in both languages for every deadline of every course and disease', () => {
    const missing: string[] = [];
    for (const kind of COURSE_KINDS) {
      for (const disease of COURSE_DISEASES[kind]) {
        for (const step of courseDefinition(kind, disease).steps) {
          for (const d of step.deadlines) {
            if (ruleText('en', d.rule) === d.rule || !CHINESE.test(ruleText('zh-TW', d.rule))) missing.push(`${kind}/${disease}/${d.rule}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
