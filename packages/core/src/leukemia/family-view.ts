import * as z from 'zod';
import type { Action, BasisEntry, Warning } from '../explain/result.js';
import { assessed, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { PublicationKey, RuleSources, SeedReference } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { refuse } from '../validation/errors.js';
import { familyViewMessages } from './family-view.messages.js';
import { classifyMrd, isMrdNegative, isMrdPositive, MRD_DISEASES, MRD_SERIES_STATUSES, mrdSeriesInput } from './mrd.js';

registerMessages(familyViewMessages);

const cite = (seed: SeedReference[], ...keys: PublicationKey[]): RuleSources => ({ seed, publications: [...new Set(keys)] });

const readers: SeedReference = { seed: 'amlAll', section: '§閱讀對象' };
const origin: SeedReference = { seed: 'amlAll', section: '§為什麼分 AML 跟 ALL? 從細胞起源說起' };
const common: SeedReference = { seed: 'amlAll', section: '§共同初步檢查' };
const week: SeedReference = { seed: 'amlAll', section: '§一週內確認分流診斷' };
const questions: SeedReference = { seed: 'amlAll', section: '§跟主治醫師確認的問題清單' };
const care: SeedReference = { seed: 'amlAll', section: '§治療前的支持性照護' };
const amlAfterCr: SeedReference = { seed: 'amlAll', section: '§CR 後的鞏固' };
const ed: SeedReference = { seed: 'amlAll', section: '§急診早期警訊：TLS、感染、白血球停滯' };
const rr: SeedReference = { seed: 'amlAll', section: '§復發／難治 (r/r) B-ALL : 免疫治療三選一' };
const milestone: SeedReference = { seed: 'mrdAll', section: '§急性淋巴性白血病快速致命 成人復發風險高 微量癌細胞陰性非治癒保證' };
const notes: SeedReference = { seed: 'mrdAll', section: '§筆記重點整理' };

const where = cite([readers, common], 'dohner2022', 'litzow2024');
const carT = cite([readers, rr], 'maude2018');
const mrd = cite([milestone, notes, amlAfterCr], 'berry2017', 'litzow2024', 'dohner2022');
const ask = cite([questions], 'dohner2022', 'litzow2024');
const support = cite([care], 'dohner2022', 'freifeld2011');
const glossary = cite([readers, origin], 'dohner2022', 'litzow2024');

/** Family view: plain-language summaries (seed 000 for readers who are patients and families; seed 001 on MRD). */
export const FAMILY_VIEW_RULES = defineRules('family-view', {
  // Where the patient is.
  'where-diagnosis': where,
  'where-treatment': where,
  'where-remission': cite([readers, amlAfterCr], 'dohner2022', 'litzow2024'),
  'where-car-t-evaluation': carT,
  'where-car-t-leukapheresis': carT,
  'where-car-t-bridging': carT,
  'where-car-t-lymphodepletion': carT,
  'where-car-t-infusion': carT,
  'where-car-t-follow-up': carT,
  // What comes next.
  'next-diagnosis': cite([common, week], 'dohner2022'),
  'next-treatment': cite([readers, ed], 'freifeld2011'),
  'next-remission-negative': mrd,
  'next-remission-positive': mrd,
  'next-remission-unknown': mrd,
  'next-car-t': carT,
  // MRD, in plain words (seed 001).
  'mrd-explained': mrd,
  'mrd-negative': mrd,
  'mrd-milestone-not-guarantee': mrd,
  'mrd-positive': mrd,
  'mrd-unclear': mrd,
  'mrd-not-yet': mrd,
  // The seven questions for the attending physician.
  'question-type-and-risk': ask,
  'question-gene-changes': ask,
  'question-treatment-strength': ask,
  'question-transplant': ask,
  'question-mrd-follow-up': ask,
  'question-immune-treatments': cite([questions, rr], 'maude2018', 'kantarjian2016', 'litzow2024'),
  'question-emergencies': cite([questions, ed], 'freifeld2011'),
  // Supportive care before treatment.
  'care-dental': support,
  'care-fertility': support,
  'care-central-line': support,
  'care-prophylaxis': support,
  'care-family-support': support,
  // Glossary: every abbreviation a family-view text uses, explained.
  'glossary-aml': glossary,
  'glossary-all': glossary,
  'glossary-cr': cite([amlAfterCr], 'dohner2022'),
  'glossary-mrd': mrd,
  'glossary-hct': cite([amlAfterCr, milestone], 'dohner2022', 'litzow2024'),
  'glossary-car-t': carT,
  'glossary-genes': cite([origin, questions], 'dohner2022'),
});
const R = FAMILY_VIEW_RULES;

/** Each glossary entry with the abbreviations it explains: every family-view text may use only these. */
export const FAMILY_VIEW_GLOSSARY: readonly { readonly rule: Rule; readonly terms: readonly string[] }[] = Object.freeze([
  { rule: R['glossary-aml'], terms: ['AML'] },
  { rule: R['glossary-all'], terms: ['ALL'] },
  { rule: R['glossary-cr'], terms: ['CR'] },
  { rule: R['glossary-mrd'], terms: ['MRD'] },
  { rule: R['glossary-hct'], terms: ['HCT'] },
  { rule: R['glossary-car-t'], terms: ['CAR-T'] },
  { rule: R['glossary-genes'], terms: ['FLT3', 'NPM1', 'IDH', 'TP53', 'BCR::ABL1', 'KMT2A'] },
]);

export const FAMILY_VIEW_STAGES = ['diagnosis', 'treatment', 'remission', 'car-t'] as const;
export type FamilyViewStage = (typeof FAMILY_VIEW_STAGES)[number];
export const FAMILY_VIEW_CAR_T_STEPS = ['evaluation', 'leukapheresis', 'bridging', 'lymphodepletion', 'infusion', 'follow-up'] as const;
export type FamilyViewCarTStep = (typeof FAMILY_VIEW_CAR_T_STEPS)[number];
export const FAMILY_VIEW_CARE_ITEMS = ['dental', 'fertility', 'centralLine', 'prophylaxis', 'familySupport'] as const;
export type FamilyViewCareItem = (typeof FAMILY_VIEW_CARE_ITEMS)[number];

const CAR_T_RULE: Readonly<Record<FamilyViewCarTStep, Rule>> = Object.freeze({
  evaluation: R['where-car-t-evaluation'],
  leukapheresis: R['where-car-t-leukapheresis'],
  bridging: R['where-car-t-bridging'],
  lymphodepletion: R['where-car-t-lymphodepletion'],
  infusion: R['where-car-t-infusion'],
  'follow-up': R['where-car-t-follow-up'],
});
const CARE_RULE: Readonly<Record<FamilyViewCareItem, Rule>> = Object.freeze({
  dental: R['care-dental'],
  fertility: R['care-fertility'],
  centralLine: R['care-central-line'],
  prophylaxis: R['care-prophylaxis'],
  familySupport: R['care-family-support'],
});
/** The seven questions of seed 000 §跟主治醫師確認的問題清單, in its order (our own wording). */
export const FAMILY_VIEW_QUESTIONS: readonly Rule[] = Object.freeze([
  R['question-type-and-risk'],
  R['question-gene-changes'],
  R['question-treatment-strength'],
  R['question-transplant'],
  R['question-mrd-follow-up'],
  R['question-immune-treatments'],
  R['question-emergencies'],
]);

export const FamilyViewInput = z
  .object({
    stage: z.enum(FAMILY_VIEW_STAGES).describe('Where the patient is: diagnosis, treatment, remission (CR) or the CAR-T journey.'),
    disease: z.enum(MRD_DISEASES).optional().describe('AML or ALL, once known.'),
    carTStep: z.enum(FAMILY_VIEW_CAR_T_STEPS).optional().describe('CAR-T step (stage car-t only).'),
    mrd: mrdSeriesInput('mrd.').optional().describe('MRD results (stage remission only); classified with the mrd instrument rules.'),
    supportiveCare: z.partialRecord(z.enum(FAMILY_VIEW_CARE_ITEMS), z.boolean()).optional().describe('Supportive-care items already done (true) or not yet (false).'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.mrd !== undefined && input.stage !== 'remission') refuse(ctx, ['mrd'], 'family-view.input.mrd-outside-remission');
    if (input.mrd !== undefined && input.disease === undefined) refuse(ctx, ['disease'], 'family-view.input.mrd-without-disease');
    if (input.carTStep !== undefined && input.stage !== 'car-t') refuse(ctx, ['carTStep'], 'family-view.input.car-t-step-outside-car-t');
  });
export type FamilyViewInput = z.output<typeof FamilyViewInput>;

export const FAMILY_VIEW_MRD_STATUSES = ['negative', 'positive', 'unclear', 'not-yet'] as const;

export const FamilyViewValue = z.object({
  stage: z.enum(FAMILY_VIEW_STAGES),
  carTStep: z.enum(FAMILY_VIEW_CAR_T_STEPS).nullable(),
  mrd: z.enum(FAMILY_VIEW_MRD_STATUSES).nullable().describe('Plain MRD status in remission; null outside remission.'),
  mrdSeries: z.enum(MRD_SERIES_STATUSES).nullable().describe('The mrd classification behind it.'),
  questions: z.array(z.string()).describe('Rule ids of the seven questions, in order.'),
  careToDo: z.array(z.enum(FAMILY_VIEW_CARE_ITEMS)),
  careDone: z.array(z.enum(FAMILY_VIEW_CARE_ITEMS)),
  glossary: z.array(z.string()).describe('Glossary rule ids included in the output.'),
});
export type FamilyViewValue = z.infer<typeof FamilyViewValue>;

const QUESTION_ACTIONS: readonly Action[] = Object.freeze(FAMILY_VIEW_QUESTIONS.map((rule) => Object.freeze({ rule, status: 'consider' as const })));
const GLOSSARY_BASIS: readonly BasisEntry[] = Object.freeze(FAMILY_VIEW_GLOSSARY.map((g) => Object.freeze({ rule: g.rule, field: 'glossary', observed: g.terms.join(', ') })));

export function planFamilyView(input: FamilyViewInput): Assessment<FamilyViewValue> {
  const basis: BasisEntry[] = [];
  const actions: Action[] = [];
  const warnings: Warning[] = [];
  let mrdStatus: FamilyViewValue['mrd'] = null;
  let mrdSeries: FamilyViewValue['mrdSeries'] = null;
  const step = input.stage === 'car-t' ? (input.carTStep ?? 'evaluation') : null;

  switch (input.stage) {
    case 'diagnosis':
      basis.push({ rule: R['where-diagnosis'], field: 'stage', observed: input.stage }, { rule: R['next-diagnosis'], field: 'stage', observed: input.stage });
      break;
    case 'treatment':
      basis.push({ rule: R['where-treatment'], field: 'stage', observed: input.stage }, { rule: R['next-treatment'], field: 'stage', observed: input.stage });
      break;
    case 'car-t':
      basis.push({ rule: CAR_T_RULE[step!], field: 'carTStep', observed: step }, { rule: R['next-car-t'], field: 'carTStep', observed: step });
      break;
    case 'remission': {
      basis.push({ rule: R['where-remission'], field: 'stage', observed: input.stage }, { rule: R['mrd-explained'], field: 'mrd', observed: null });
      if (input.mrd === undefined) {
        mrdStatus = 'not-yet';
      } else {
        // Reuse the mrd classification; only its outcome reaches the family text.
        const classified = classifyMrd(input.mrd, input.disease!);
        const series = classified.value?.series ?? null;
        mrdSeries = series;
        mrdStatus = series === null ? 'unclear' : isMrdNegative(series) ? 'negative' : isMrdPositive(series) ? 'positive' : 'unclear';
      }
      const observed = mrdSeries ?? mrdStatus;
      if (mrdStatus === 'negative') {
        basis.push({ rule: R['mrd-negative'], field: 'mrd', observed }, { rule: R['mrd-milestone-not-guarantee'], field: 'mrd', observed });
        basis.push({ rule: R['next-remission-negative'], field: 'mrd', observed });
      } else if (mrdStatus === 'positive') {
        basis.push({ rule: R['mrd-positive'], field: 'mrd', observed }, { rule: R['next-remission-positive'], field: 'mrd', observed });
      } else {
        basis.push({ rule: mrdStatus === 'not-yet' ? R['mrd-not-yet'] : R['mrd-unclear'], field: 'mrd', observed }, { rule: R['next-remission-unknown'], field: 'mrd', observed });
      }
      break;
    }
  }

  actions.push(...QUESTION_ACTIONS);
  const careToDo: FamilyViewCareItem[] = [];
  const careDone: FamilyViewCareItem[] = [];
  for (const item of FAMILY_VIEW_CARE_ITEMS) {
    if (input.supportiveCare?.[item] === true) {
      careDone.push(item);
      basis.push({ rule: CARE_RULE[item], field: `supportiveCare.${item}`, observed: true, yields: 'done' });
    } else {
      careToDo.push(item);
      actions.push({ rule: CARE_RULE[item], status: 'do' });
    }
  }
  basis.push(...GLOSSARY_BASIS);

  const value: FamilyViewValue = {
    stage: input.stage,
    carTStep: step,
    mrd: mrdStatus,
    mrdSeries,
    questions: FAMILY_VIEW_QUESTIONS.map((r) => r.id),
    careToDo,
    careDone,
    glossary: FAMILY_VIEW_GLOSSARY.map((g) => g.rule.id),
  };
  return assessed('family-view', value, basis, actions, warnings);
}

function summaryOf(v: FamilyViewValue): Record<string, unknown> {
  if (v.stage === 'remission') return { variant: `remission-mrd-${v.mrd ?? 'not-yet'}` };
  return { variant: v.stage };
}

export const familyViewInstrument = defineInstrument({
  name: 'family-view',
  kind: 'planner',
  section: '000 §閱讀對象, §跟主治醫師確認的問題清單, §治療前的支持性照護; 001 §筆記重點整理',
  input: FamilyViewInput,
  value: FamilyViewValue,
  evaluate: (input) => planFamilyView(input),
  summary: summaryOf,
});
