import * as z from 'zod';
import type { Action, BasisEntry, Threshold, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import { fixedDose } from '../dosing/weight-based.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { amlFirstLineMessages } from './aml-first-line.messages.js';
import {
  ELN2022_CATEGORIES,
  Eln2022Input,
  FindingStatus,
  assessEln2022,
  classifyEln2022,
  type Eln2022Category,
} from './eln2022.js';

registerMessages(amlFirstLineMessages);

const dohner = 'dohner2022';
const stone = 'stone2017';
const lancet = 'lancet2018';
const dinardo = 'dinardo2020';

const triage = { seed: 'amlAll', section: '§AML：依「能不能扛強效化療」與「驅動基因」分流' } as const;
const fitLine = { seed: 'amlAll', section: '§Fit AML 一線：7+3 ± 標靶' } as const;
const unfitLine = { seed: 'amlAll', section: '§Unfit AML 一線：venetoclax + 低強度去甲基化藥物' } as const;
const afterCr = { seed: 'amlAll', section: '§CR 後的鞏固' } as const;
const overview = { seed: 'amlAll', section: '§AML vs. ALL 一覽' } as const;
const sideEffects = { seed: 'amlAll', section: '§AML 主要藥物副作用' } as const;
const cautions = { seed: 'amlAll', section: '§一般禁忌症與謹慎使用' } as const;
const workup = { seed: 'amlAll', section: '§一週內確認分流診斷' } as const;

const fitness = { seed: [triage], publications: [dohner] } as const;
const eln = { seed: [triage], publications: [dohner] } as const;
const ratify = { seed: [fitLine], publications: [stone] } as const;
const cpx = { seed: [fitLine], publications: [lancet] } as const;
const seven = { seed: [fitLine, overview], publications: [dohner] } as const;
const viale = { seed: [unfitLine, overview], publications: [dinardo] } as const;
const idh = { seed: [fitLine], publications: [dohner] } as const;
const consolidation = { seed: [afterCr, overview], publications: [dohner] } as const;
// The seed recommends midostaurin with induction and is silent on consolidation; RATIFY gave it
// with every high-dose cytarabine cycle and Döhner 2022 lists that combination.
const ratifyConsolidation = { seed: [fitLine, afterCr], publications: [stone, dohner] } as const;
// Gemtuzumab ozogamicin is not in the seed: Döhner 2022 (intensive therapy) is the only source.
const gemtuzumab = { seed: [fitLine, afterCr], publications: [dohner] } as const;

/** AML first-line therapy by fitness and genetics (seed 000, AML first-line sections). */
export const AML_FIRST_LINE_RULES = defineRules('aml-first-line', {
  // Fitness.
  'age-75-or-older': fitness,
  'major-comorbidity': fitness,
  'age-under-75': fitness,
  'ecog-0-2': fitness,
  'ecog-above-2': fitness,
  'organ-function-adequate': fitness,
  'organ-function-inadequate': fitness,
  'no-major-comorbidity': fitness,
  'physician-fitness': fitness,
  'fitness-differs-from-criteria': fitness,
  'not-fit-outside-unfit-list': fitness,
  'fitness-input-missing': fitness,
  // ELN 2022 category.
  // One rule per category, so that each language names the category in its own words.
  'eln-category-given-favorable': eln,
  'eln-category-given-intermediate': eln,
  'eln-category-given-adverse': eln,
  'eln-category-computed-favorable': eln,
  'eln-category-computed-intermediate': eln,
  'eln-category-computed-adverse': eln,
  'eln-category-unconfirmed': eln,
  'eln-category-missing': { seed: [afterCr], publications: [dohner] },
  // Genetics that choose the induction.
  'flt3-not-tested': { seed: [fitLine, workup], publications: [stone] },
  'await-genetics': { seed: [workup], publications: [dohner] },
  'therapy-related': cpx,
  'myelodysplasia-related': cpx,
  'idh-not-tested': { seed: [fitLine, workup], publications: [dohner] },
  // Induction branches, each with its trial.
  'fit-standard-7-3': seven,
  'fit-flt3-midostaurin': ratify,
  'fit-secondary-cpx351': cpx,
  'fit-flt3-and-secondary': { seed: [fitLine], publications: [stone, lancet] },
  'unfit-venetoclax-azacitidine': viale,
  'idh1-mutated-fit': idh,
  'idh1-mutated-unfit': idh,
  'idh2-mutated': idh,
  // Gemtuzumab ozogamicin for CD33-positive favorable-risk / core-binding-factor AML.
  'gemtuzumab-candidate-cbf': gemtuzumab,
  'gemtuzumab-candidate-favorable': gemtuzumab,
  'cd33-negative': gemtuzumab,
  'cd33-unknown': gemtuzumab,
  'gemtuzumab-with-midostaurin': { seed: [fitLine], publications: [dohner, stone] },
  'unfit-flt3-not-in-seed': { seed: [fitLine, unfitLine], publications: [stone, dinardo] },
  'unfit-secondary-not-in-seed': { seed: [fitLine, unfitLine], publications: [lancet, dinardo] },
  // Induction actions.
  cytarabine: seven,
  anthracycline: seven,
  midostaurin: ratify,
  'midostaurin-adverse-effects': { seed: [sideEffects], publications: [stone] },
  'cpx-351': cpx,
  'cpx-351-not-interchangeable': { seed: [sideEffects], publications: [lancet] },
  venetoclax: viale,
  azacitidine: viale,
  'venetoclax-ramp-up-tls': { seed: [unfitLine, sideEffects], publications: [dinardo] },
  'hospitalize-tls-infection': { seed: [unfitLine], publications: [dinardo] },
  ivosidenib: idh,
  'gemtuzumab-ozogamicin': gemtuzumab,
  // Consolidation and MRD.
  'consolidation-favorable': consolidation,
  'consolidation-intermediate': consolidation,
  'consolidation-adverse': consolidation,
  'hidac-consolidation': consolidation,
  'midostaurin-consolidation': ratifyConsolidation,
  'flt3-consolidation-before-transplant': ratifyConsolidation,
  'evaluate-allo-hct': consolidation,
  'mrd-monitoring': consolidation,
  'mrd-npm1': consolidation,
  'mrd-runx1-runx1t1': consolidation,
  'mrd-cbfb-myh11': { seed: [afterCr], publications: [dohner] },
  'mrd-positive': consolidation,
  'unfit-consolidation-not-in-seed': { seed: [afterCr, unfitLine], publications: [dohner, dinardo] },
  // General.
  'newly-diagnosed-only': { seed: [triage], publications: [dohner] },
  contraindications: { seed: [cautions], publications: [dohner] },
  // Retired in ruleset 2026.12.0, kept so that results stored under earlier rulesets still render
  // with their explanation: the category rules became one per category, IDH1 one per fitness
  // branch, enasidenib information only, and the intermediate/adverse consolidation two rules.
  'eln-category-given': eln,
  'eln-category-computed': eln,
  'idh1-mutated': idh,
  enasidenib: idh,
  'consolidation-intermediate-adverse': consolidation,
});

/**
 * Seed 000: unfit from age 75, or below 75 with a major comorbidity; fit needs ECOG 0-2.
 * Doses stated by the seed (cytarabine 100-200 mg/m2/day x 7 days) or by the trials it cites
 * (midostaurin 50 mg twice daily, days 8-21: RATIFY; venetoclax 400 mg daily after ramp-up and
 * azacitidine 75 mg/m2 days 1-7 of 28: VIALE-A).
 */
export const AML_FIRST_LINE_THRESHOLDS = Object.freeze({
  unfitAgeAtLeastYears: 75,
  fitEcogAtMost: 2,
  cytarabineMgPerM2PerDay: { from: 100, to: 200 },
  cytarabineDays: 7,
  anthracyclineDays: 3,
  midostaurinMg: 50,
  venetoclaxTargetMg: 400,
  azacitidineMgPerM2: 75,
});

export const MAJOR_COMORBIDITIES = ['severe-heart-failure', 'interstitial-lung-disease', 'cirrhosis', 'disabling-frailty'] as const;
export const FITNESS = ['fit', 'unfit'] as const;
export const INDUCTIONS = ['seven-plus-three', 'seven-plus-three-midostaurin', 'cpx-351', 'cpx-351-or-midostaurin', 'venetoclax-azacitidine'] as const;
export type Induction = (typeof INDUCTIONS)[number];
export const CONSOLIDATIONS = ['hidac', 'evaluate-allo-hct'] as const;

export const AmlFirstLineInput = z
  .object({
    fitness: z
      .enum(FITNESS)
      .optional()
      .describe("The physician's judgment of fitness for intensive induction; when given it decides, and the seed's criteria are checked against it."),
    age: quantity('ageYears').optional().describe('Age (seed: unfit from 75 years).'),
    ecog: z.number().int().min(0).max(4).optional().describe('ECOG performance status (seed: fit needs 0-2).'),
    organFunctionAdequate: z
      .boolean()
      .optional()
      .describe("Heart, liver, kidney and lung function adequate for intensive induction: the physician's judgment (the seed gives no numbers)."),
    majorComorbidities: z
      .array(z.enum(MAJOR_COMORBIDITIES))
      .optional()
      .describe('Major comorbidities named by the seed; [] when none.'),
    eln2022Category: z.enum(ELN2022_CATEGORIES).optional().describe('ELN 2022 genetic risk, when already established.'),
    eln2022: Eln2022Input.optional().describe('The genetic findings, to compute the ELN 2022 category (instrument eln2022).'),
    flt3Itd: FindingStatus.optional().describe('FLT3-ITD; taken from eln2022.molecular.flt3Itd when the findings are given.'),
    flt3Tkd: FindingStatus.describe('FLT3 tyrosine kinase domain (TKD) mutation.'),
    therapyRelated: z.boolean().describe('Therapy-related AML (t-AML).'),
    myelodysplasiaRelated: z.boolean().describe('AML with myelodysplasia-related changes (AML-MRC).'),
    idh1: FindingStatus.describe('IDH1 mutation.'),
    idh2: FindingStatus.describe('IDH2 mutation.'),
    cd33Positive: z
      .boolean()
      .optional()
      .describe('Blasts CD33-positive by flow cytometry; false removes the gemtuzumab ozogamicin option (Döhner 2022; not in the seed).'),
  })
  .strict()
  .superRefine((input, ctx) => {
    const findings = input.eln2022;
    if (findings === undefined && input.flt3Itd === undefined) refuse(ctx, ['flt3Itd'], 'aml-first-line.input.flt3-itd-required');
    if (findings !== undefined && input.flt3Itd !== undefined && findings.molecular.flt3Itd !== input.flt3Itd) {
      refuse(ctx, ['flt3Itd'], 'aml-first-line.input.flt3-itd-contradicts-findings');
    }
    if (findings !== undefined && input.eln2022Category !== undefined && !classifyEln2022(findings).possible.includes(input.eln2022Category)) {
      refuse(ctx, ['eln2022Category'], 'aml-first-line.input.category-contradicts-findings');
    }
    const comorbidities = input.majorComorbidities;
    if (comorbidities !== undefined && new Set(comorbidities).size !== comorbidities.length) {
      refuse(ctx, ['majorComorbidities'], 'aml-first-line.input.duplicate-comorbidity');
    }
  });
export type AmlFirstLineInput = z.output<typeof AmlFirstLineInput>;

export const AmlFirstLineValue = z.object({
  fitness: z.enum(FITNESS),
  induction: z.enum(INDUCTIONS),
  eln2022Category: z.enum(ELN2022_CATEGORIES).nullable(),
  consolidation: z.enum(CONSOLIDATIONS).nullable(),
});
export type AmlFirstLineValue = z.infer<typeof AmlFirstLineValue>;

const R = AML_FIRST_LINE_RULES;
const T = AML_FIRST_LINE_THRESHOLDS;
type Fitness = (typeof FITNESS)[number];

interface Explanation {
  readonly basis: BasisEntry[];
  readonly actions: Action[];
  readonly warnings: Warning[];
}

const AGE_UNFIT: Threshold = Object.freeze({ comparator: '>=', value: T.unfitAgeAtLeastYears, unit: 'a' });
const AGE_FIT: Threshold = Object.freeze({ comparator: '<', value: T.unfitAgeAtLeastYears, unit: 'a' });
const ECOG_FIT: Threshold = Object.freeze({ comparator: '<=', value: T.fitEcogAtMost });
const ECOG_NOT_FIT: Threshold = Object.freeze({ comparator: '>', value: T.fitEcogAtMost });
const ORGAN_OK: BasisEntry = Object.freeze({ rule: R['organ-function-adequate'], field: 'organFunctionAdequate', observed: true });
const ORGAN_BAD: BasisEntry = Object.freeze({ rule: R['organ-function-inadequate'], field: 'organFunctionAdequate', observed: false, yields: 'unfit' });
const NO_COMORBIDITY: BasisEntry = Object.freeze({ rule: R['no-major-comorbidity'], field: 'majorComorbidities', observed: 'none' });
const NOT_FIT_OUTSIDE: Warning = Object.freeze({ rule: R['not-fit-outside-unfit-list'] });
const DIFFERS: Warning = Object.freeze({ rule: R['fitness-differs-from-criteria'], field: 'fitness' });

/** The seed's fitness criteria; null when a missing factor leaves the answer open. */
function fitnessByCriteria(input: AmlFirstLineInput, out: Explanation): { fitness: Fitness | null; missing: string[] } {
  const basis = out.basis;
  const { age, ecog, organFunctionAdequate: organ, majorComorbidities: comorbidities } = input;
  let unfit = false;
  if (age !== undefined && age >= T.unfitAgeAtLeastYears) {
    basis.push({ rule: R['age-75-or-older'], field: 'age', observed: age, unit: 'a', threshold: AGE_UNFIT, yields: 'unfit' });
    unfit = true;
  }
  if (comorbidities !== undefined) {
    comorbidities.forEach((c, i) => basis.push({ rule: R['major-comorbidity'], field: `majorComorbidities[${i}]`, observed: c, yields: 'unfit' }));
    if (comorbidities.length > 0) unfit = true;
  }
  if (unfit) return { fitness: 'unfit', missing: [] };
  let notFit = false;
  if (ecog !== undefined && ecog > T.fitEcogAtMost) {
    basis.push({ rule: R['ecog-above-2'], field: 'ecog', observed: ecog, threshold: ECOG_NOT_FIT, yields: 'unfit' });
    notFit = true;
  }
  if (organ === false) {
    basis.push(ORGAN_BAD);
    notFit = true;
  }
  if (notFit) {
    out.warnings.push(NOT_FIT_OUTSIDE);
    return { fitness: 'unfit', missing: [] };
  }
  const missing: string[] = [];
  if (age === undefined) missing.push('age');
  if (ecog === undefined) missing.push('ecog');
  if (organ === undefined) missing.push('organFunctionAdequate');
  if (comorbidities === undefined) missing.push('majorComorbidities');
  if (missing.length > 0) return { fitness: null, missing };
  basis.push(
    { rule: R['age-under-75'], field: 'age', observed: age!, unit: 'a', threshold: AGE_FIT },
    { rule: R['ecog-0-2'], field: 'ecog', observed: ecog!, threshold: ECOG_FIT },
    ORGAN_OK,
    NO_COMORBIDITY,
  );
  return { fitness: 'fit', missing: [] };
}

const FLT3_OBSERVED: readonly string[] = ['ITD', 'TKD', 'ITD, TKD'];
const AWAIT_GENETICS: Warning = Object.freeze({ rule: R['await-genetics'] });
const NEWLY_DIAGNOSED: Warning = Object.freeze({ rule: R['newly-diagnosed-only'] });
const CONTRAINDICATIONS: Warning = Object.freeze({ rule: R.contraindications });
const ELN_MISSING: Warning = Object.freeze({ rule: R['eln-category-missing'], field: 'eln2022Category' });
const ELN_UNCONFIRMED: Warning = Object.freeze({ rule: R['eln-category-unconfirmed'], field: 'eln2022' });
const UNFIT_FLT3: Warning = Object.freeze({ rule: R['unfit-flt3-not-in-seed'] });
const UNFIT_SECONDARY: Warning = Object.freeze({ rule: R['unfit-secondary-not-in-seed'] });
const UNFIT_CONSOLIDATION: Warning = Object.freeze({ rule: R['unfit-consolidation-not-in-seed'] });
const MIDOSTAURIN_EFFECTS: Warning = Object.freeze({ rule: R['midostaurin-adverse-effects'] });

const action = (a: Action): Action => Object.freeze(a);
const withStatus = (a: Action, status: Action['status']): Action => (a.status === status ? a : Object.freeze({ ...a, status }));
const CYTARABINE = action({
  rule: R.cytarabine,
  status: 'do',
  drug: 'cytarabine',
  dose: fixedDose(T.cytarabineMgPerM2PerDay.from, 'mg/m2', T.cytarabineMgPerM2PerDay.to),
  route: 'IV',
  frequency: 'continuous',
  duration: `P${T.cytarabineDays}D`,
});
const ANTHRACYCLINE = action({ rule: R.anthracycline, status: 'do', drug: 'daunorubicin', route: 'IV', frequency: 'daily', duration: `P${T.anthracyclineDays}D` });
/** Midostaurin 50 mg twice daily on days 8-21 (RATIFY), with induction or with each consolidation cycle. */
const midostaurin = (rule: Rule) =>
  action({ rule, status: 'do', drug: 'midostaurin', dose: fixedDose(T.midostaurinMg), route: 'PO', frequency: 'bid', duration: 'P14D' });
const MIDOSTAURIN = midostaurin(R.midostaurin);
const CPX_351 = action({ rule: R['cpx-351'], status: 'do', drug: 'CPX-351', route: 'IV', limits: [R['cpx-351-not-interchangeable']] });
const VENETOCLAX = action({
  rule: R.venetoclax,
  status: 'do',
  drug: 'venetoclax',
  dose: fixedDose(T.venetoclaxTargetMg),
  route: 'PO',
  frequency: 'daily',
  limits: [R['venetoclax-ramp-up-tls']],
});
const AZACITIDINE = action({
  rule: R.azacitidine,
  status: 'do',
  drug: 'azacitidine',
  dose: fixedDose(T.azacitidineMgPerM2, 'mg/m2'),
  route: 'IV/SC',
  frequency: 'daily',
  duration: 'P7D',
});
const HOSPITALIZE = action({ rule: R['hospitalize-tls-infection'], status: 'do' });
const IVOSIDENIB = action({ rule: R.ivosidenib, status: 'consider', drug: 'ivosidenib', route: 'PO' });
// No dose: the seed is silent and the dose is left to the product label / institutional protocol.
const GEMTUZUMAB = action({ rule: R['gemtuzumab-ozogamicin'], status: 'consider', drug: 'gemtuzumab ozogamicin', route: 'IV' });
const GEMTUZUMAB_WITH_MIDOSTAURIN: Warning = Object.freeze({ rule: R['gemtuzumab-with-midostaurin'] });
const CD33_UNKNOWN: Warning = Object.freeze({ rule: R['cd33-unknown'], field: 'cd33Positive' });
const HIDAC = action({ rule: R['hidac-consolidation'], status: 'do', drug: 'cytarabine', route: 'IV' });
/** RATIFY: the induction's midostaurin schedule again with each high-dose cytarabine cycle. */
const MIDOSTAURIN_CONSOLIDATION = midostaurin(R['midostaurin-consolidation']);
const FLT3_BEFORE_TRANSPLANT: Warning = Object.freeze({ rule: R['flt3-consolidation-before-transplant'] });
const ALLO_HCT = action({ rule: R['evaluate-allo-hct'], status: 'do' });
const MRD_ESCALATION = Object.freeze([Object.freeze({ rule: R['mrd-positive'] })]);
const MRD = action({ rule: R['mrd-monitoring'], status: 'do', escalation: MRD_ESCALATION });
const MRD_NPM1 = action({ rule: R['mrd-npm1'], status: 'do', escalation: MRD_ESCALATION });
const MRD_RUNX1 = action({ rule: R['mrd-runx1-runx1t1'], status: 'do', escalation: MRD_ESCALATION });
const MRD_CBFB = action({ rule: R['mrd-cbfb-myh11'], status: 'do', escalation: MRD_ESCALATION });

const CATEGORY_GIVEN: Readonly<Record<Eln2022Category, Rule>> = Object.freeze({
  favorable: R['eln-category-given-favorable'],
  intermediate: R['eln-category-given-intermediate'],
  adverse: R['eln-category-given-adverse'],
});
const CATEGORY_COMPUTED: Readonly<Record<Eln2022Category, Rule>> = Object.freeze({
  favorable: R['eln-category-computed-favorable'],
  intermediate: R['eln-category-computed-intermediate'],
  adverse: R['eln-category-computed-adverse'],
});

/** ELN 2022 category: given, or computed with the eln2022 instrument from the findings. */
function categoryInto(input: AmlFirstLineInput, out: Explanation): Eln2022Category | null {
  const given = input.eln2022Category;
  if (input.eln2022 !== undefined) {
    const result = assessEln2022(input.eln2022);
    for (const b of result.basis) out.basis.push(b);
    for (const w of result.warnings) out.warnings.push(w);
    if (result.value !== null) {
      out.basis.push({ rule: CATEGORY_COMPUTED[result.value.category], field: 'eln2022', observed: result.value.category, yields: result.value.category });
      return result.value.category;
    }
    if (given !== undefined) {
      // The refinement checked that the findings still allow the given category.
      out.basis.push({ rule: CATEGORY_GIVEN[given], field: 'eln2022Category', observed: given });
      out.warnings.push(ELN_UNCONFIRMED);
      return given;
    }
    out.warnings.push(ELN_MISSING);
    return null;
  }
  if (given !== undefined) {
    out.basis.push({ rule: CATEGORY_GIVEN[given], field: 'eln2022Category', observed: given });
    return given;
  }
  out.warnings.push(ELN_MISSING);
  return null;
}

/**
 * Döhner 2022 places ivosidenib in first-line therapy only for IDH1-mutated AML unfit for
 * intensive chemotherapy, and enasidenib only at relapse; neither is an add-on to 7+3. So IDH1 is
 * a consideration on the unfit branch and information on the fit one; IDH2 is information on both.
 */
function idhInto(input: AmlFirstLineInput, fitness: Fitness, out: Explanation): void {
  if (input.idh1 === 'detected') {
    if (fitness === 'unfit') {
      out.basis.push({ rule: R['idh1-mutated-unfit'], field: 'idh1', observed: 'detected' });
      out.actions.push(IVOSIDENIB);
    } else {
      out.basis.push({ rule: R['idh1-mutated-fit'], field: 'idh1', observed: 'detected' });
    }
  } else if (input.idh1 === 'not-tested') out.warnings.push({ rule: R['idh-not-tested'], field: 'idh1' });
  if (input.idh2 === 'detected') out.basis.push({ rule: R['idh2-mutated'], field: 'idh2', observed: 'detected' });
  else if (input.idh2 === 'not-tested') out.warnings.push({ rule: R['idh-not-tested'], field: 'idh2' });
}

/**
 * Döhner 2022 (not the seed): gemtuzumab ozogamicin added to 7+3 for CD33-positive AML with
 * favorable genetic risk, core-binding-factor AML above all. Only where the induction is 7+3.
 */
function gemtuzumabInto(input: AmlFirstLineInput, induction: Induction, category: Eln2022Category | null, out: Explanation): void {
  if (induction !== 'seven-plus-three' && induction !== 'seven-plus-three-midostaurin') return;
  const cyto = input.eln2022?.cytogenetics;
  const cbf = cyto?.runx1Runx1t1 === 'detected' ? 'runx1Runx1t1' : cyto?.cbfbMyh11 === 'detected' ? 'cbfbMyh11' : null;
  if (cbf !== null) out.basis.push({ rule: R['gemtuzumab-candidate-cbf'], field: `eln2022.cytogenetics.${cbf}`, observed: 'detected' });
  else if (category === 'favorable') out.basis.push({ rule: R['gemtuzumab-candidate-favorable'], field: 'eln2022Category', observed: category });
  else return;
  if (input.cd33Positive === false) {
    out.basis.push({ rule: R['cd33-negative'], field: 'cd33Positive', observed: false });
    return;
  }
  out.actions.push(GEMTUZUMAB);
  if (input.cd33Positive === undefined) out.warnings.push(CD33_UNKNOWN);
  if (induction === 'seven-plus-three-midostaurin') out.warnings.push(GEMTUZUMAB_WITH_MIDOSTAURIN);
}

function mrdInto(input: AmlFirstLineInput, status: Action['status'], out: Explanation): void {
  out.actions.push(withStatus(MRD, status));
  const findings = input.eln2022;
  if (findings === undefined) return;
  if (findings.molecular.npm1 === 'detected') out.actions.push(withStatus(MRD_NPM1, status));
  if (findings.cytogenetics.runx1Runx1t1 === 'detected') out.actions.push(withStatus(MRD_RUNX1, status));
  if (findings.cytogenetics.cbfbMyh11 === 'detected') out.actions.push(withStatus(MRD_CBFB, status));
}

export function assessAmlFirstLine(input: AmlFirstLineInput): Assessment<AmlFirstLineValue> {
  const out: Explanation = { basis: [], actions: [], warnings: [] };
  const criteria = fitnessByCriteria(input, out);
  let fitness = criteria.fitness;
  if (input.fitness !== undefined) {
    out.basis.push({ rule: R['physician-fitness'], field: 'fitness', observed: input.fitness, yields: input.fitness });
    if (criteria.fitness !== null && criteria.fitness !== input.fitness) out.warnings.push(DIFFERS);
    fitness = input.fitness;
  }
  if (fitness === null) {
    for (const field of criteria.missing) out.warnings.push({ rule: R['fitness-input-missing'], field });
    return cannotAssess('aml-first-line', out.warnings, out.basis);
  }

  const category = categoryInto(input, out);
  const itd = input.eln2022?.molecular.flt3Itd ?? input.flt3Itd ?? 'not-tested';
  const tkd = input.flt3Tkd;
  const flt3 = itd === 'detected' ? (tkd === 'detected' ? 2 : 0) : tkd === 'detected' ? 1 : -1;
  const itdField = input.eln2022 === undefined ? 'flt3Itd' : 'eln2022.molecular.flt3Itd';
  const flt3Field = itd === 'detected' ? itdField : 'flt3Tkd';
  const secondary = input.therapyRelated || input.myelodysplasiaRelated;
  if (input.therapyRelated) out.basis.push({ rule: R['therapy-related'], field: 'therapyRelated', observed: true });
  if (input.myelodysplasiaRelated) out.basis.push({ rule: R['myelodysplasia-related'], field: 'myelodysplasiaRelated', observed: true });

  let induction: Induction;
  const actions = out.actions;
  if (fitness === 'fit') {
    if (flt3 < 0 && (itd === 'not-tested' || tkd === 'not-tested')) {
      if (itd === 'not-tested') out.warnings.push({ rule: R['flt3-not-tested'], field: itdField });
      if (tkd === 'not-tested') out.warnings.push({ rule: R['flt3-not-tested'], field: 'flt3Tkd' });
      out.warnings.push(AWAIT_GENETICS);
      return cannotAssess('aml-first-line', out.warnings, out.basis);
    }
    if (flt3 >= 0 && secondary) {
      induction = 'cpx-351-or-midostaurin';
      out.basis.push({ rule: R['fit-flt3-and-secondary'], field: flt3Field, observed: FLT3_OBSERVED[flt3]! });
      actions.push(withStatus(CPX_351, 'consider'), withStatus(CYTARABINE, 'consider'), withStatus(ANTHRACYCLINE, 'consider'), withStatus(MIDOSTAURIN, 'consider'));
      out.warnings.push(MIDOSTAURIN_EFFECTS);
    } else if (flt3 >= 0) {
      induction = 'seven-plus-three-midostaurin';
      out.basis.push({ rule: R['fit-flt3-midostaurin'], field: flt3Field, observed: FLT3_OBSERVED[flt3]! });
      actions.push(CYTARABINE, ANTHRACYCLINE, MIDOSTAURIN);
      out.warnings.push(MIDOSTAURIN_EFFECTS);
    } else if (secondary) {
      induction = 'cpx-351';
      out.basis.push({ rule: R['fit-secondary-cpx351'], field: input.therapyRelated ? 'therapyRelated' : 'myelodysplasiaRelated', observed: true });
      actions.push(CPX_351);
    } else {
      induction = 'seven-plus-three';
      out.basis.push({ rule: R['fit-standard-7-3'], field: 'fitness', observed: 'fit' });
      actions.push(CYTARABINE, ANTHRACYCLINE);
    }
  } else {
    induction = 'venetoclax-azacitidine';
    out.basis.push({ rule: R['unfit-venetoclax-azacitidine'], field: 'fitness', observed: 'unfit' });
    actions.push(VENETOCLAX, AZACITIDINE, HOSPITALIZE);
    if (flt3 >= 0) out.warnings.push(UNFIT_FLT3);
    if (secondary) out.warnings.push(UNFIT_SECONDARY);
  }
  if (fitness === 'fit') gemtuzumabInto(input, induction, category, out);
  idhInto(input, fitness, out);

  let consolidation: AmlFirstLineValue['consolidation'] = null;
  if (fitness === 'fit' && category !== null) {
    if (category === 'favorable') {
      consolidation = 'hidac';
      out.basis.push({ rule: R['consolidation-favorable'], field: 'eln2022Category', observed: category });
      actions.push(HIDAC);
      // RATIFY continued midostaurin through HiDAC consolidation; a consideration where the
      // induction itself was only one of two options.
      if (flt3 >= 0) actions.push(withStatus(MIDOSTAURIN_CONSOLIDATION, induction === 'seven-plus-three-midostaurin' ? 'do' : 'consider'));
    } else {
      consolidation = 'evaluate-allo-hct';
      out.basis.push({ rule: category === 'intermediate' ? R['consolidation-intermediate'] : R['consolidation-adverse'], field: 'eln2022Category', observed: category });
      actions.push(ALLO_HCT);
      // Cycles given while the transplant is arranged carry midostaurin as in RATIFY.
      if (flt3 >= 0) out.warnings.push(FLT3_BEFORE_TRANSPLANT);
    }
  }
  if (fitness === 'unfit') out.warnings.push(UNFIT_CONSOLIDATION);
  mrdInto(input, fitness === 'fit' ? 'do' : 'consider', out);
  out.warnings.push(CONTRAINDICATIONS, NEWLY_DIAGNOSED);
  return assessed('aml-first-line', { fitness, induction, eln2022Category: category, consolidation }, out.basis, actions, out.warnings);
}

export const amlFirstLineInstrument = defineInstrument({
  name: 'aml-first-line',
  kind: 'planner',
  section: '000 §Fit / Unfit AML 一線, §CR 後的鞏固',
  input: AmlFirstLineInput,
  value: AmlFirstLineValue,
  evaluate: (input) => assessAmlFirstLine(input),
  summary: (v) => ({ variant: v.induction }),
});
