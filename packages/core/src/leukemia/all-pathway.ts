import * as z from 'zod';
import type { Action, BasisEntry, Threshold, Warning } from '../explain/result.js';
import { assessed, type Assessment } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import type { PublicationKey, RuleSources, SeedReference } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import type { InstitutionSettings } from '../institution/settings.js';
import { defineInstrument } from '../instruments/registry.js';
import type { EligibilityInput } from '../journey/eligibility.js';
import type { INDICATION_DISEASE_STATUSES } from '../journey/indications.js';
import { quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { allPathwayMessages } from './all-pathway.messages.js';
import { MRD_RULES, MRD_SERIES_STATUSES, classifyMrd, mrdSeriesInput, type MrdSeriesInput, isMrdNegative, isMrdPositive, type MrdValue } from './mrd.js';

registerMessages(allPathwayMessages);

const cite = (seed: SeedReference[], ...keys: PublicationKey[]): RuleSources => ({ seed, publications: [...new Set(keys)] });

const s = (section: string): SeedReference => ({ seed: 'amlAll', section });
const backbone = s('§ALL：依「Ph+/Ph-」、「B/T」、「MRD」分流');
const overview = s('§AML vs. ALL 一覽');
const phPositive = s('§Ph+ ALL (BCR::ABL1 陽性)');
const phNegative = s('§Ph- B-ALL : MRD 與 blinatumomab 一線進場');
const relapsed = s('§復發／難治 (r/r) B-ALL : 免疫治療三選一');
const tAll = s('§T-ALL');
const children = s('§兒童 ALL 為什麼比成人好？');
const sideEffects = s('§ALL 主要藥物副作用');
const indications = s('§適應症 (已核准或主要試驗群體)');
const workup = s('§一週內確認分流診斷');
const mrdNotes: SeedReference = { seed: 'mrdAll', section: '§筆記重點整理' };
const mrdImmunotherapy: SeedReference = { seed: 'mrdAll', section: '§急性淋巴性白血病治療新趨勢 微量癌細胞陰性仍建議透過免疫療法提升預後' };

const e1910 = cite([phNegative, mrdImmunotherapy, mrdNotes], 'litzow2024');
const ino = cite([relapsed, sideEffects], 'kantarjian2016');
const eliana = cite([relapsed, indications], 'maude2018');
const tki = cite([phPositive, indications], 'jabbour2023');
const nelarabine = cite([tAll], 'dunsmore2020');
const notCd19 = cite([tAll], 'maude2018', 'kantarjian2016', 'litzow2024');
const chemo = cite([backbone, overview], 'stock2019', 'litzow2024');
const reasons = cite([children], 'stock2019', 'berry2017');

/** ALL pathway by lineage, Ph status, MRD and phase (seed 000 ALL sections; seed 001). */
export const ALL_PATHWAY_RULES = defineRules('all-pathway', {
  // Backbone.
  induction: chemo,
  consolidation: chemo,
  'cns-prophylaxis': chemo,
  maintenance: chemo,
  'doses-per-protocol': chemo,
  // Ph status.
  'ph-positive-evidence': tki,
  'ph-positive-no-evidence': tki,
  'ph-pending': cite([indications, workup], 'jabbour2023'),
  'await-genetics': cite([workup], 'jabbour2023', 'litzow2024'),
  'tki-with-chemotherapy': tki,
  'ponatinib-blinatumomab': tki,
  'ph-positive-allo-hct-cr1': cite([phPositive, overview], 'jabbour2023'),
  'ph-positive-deep-mrd-transplant-open': cite([phPositive], 'jabbour2023'),
  'ph-positive-relapse-not-in-seed': cite([phPositive, relapsed], 'jabbour2023', 'kantarjian2016'),
  // Ph-negative B-ALL and MRD (E1910).
  'mrd-after-induction': e1910,
  // T-ALL and Ph-positive ALL: MRD still steers the transplant decision (seed 000 overview and
  // Ph+ section); Berry 2017 covers MRD as a prognostic factor in B- and T-ALL alike.
  'mrd-after-induction-generic': cite([backbone, overview, phPositive], 'berry2017', 'jabbour2023'),
  'e1910-mrd-negative': e1910,
  'blinatumomab-consolidation': e1910,
  'e1910-age-within': e1910,
  'e1910-age-paper-30': e1910,
  'e1910-age-outside': e1910,
  'e1910-not-mrd-negative': e1910,
  'mrd-missing': e1910,
  'mrd-cannot-call': e1910,
  'blinatumomab-adverse-effects': cite([sideEffects], 'litzow2024', 'kantarjian2017'),
  // Relapsed / refractory B-ALL.
  'rr-b-immunotherapy': cite([relapsed], 'kantarjian2017', 'kantarjian2016', 'maude2018'),
  'rr-blinatumomab': cite([relapsed], 'kantarjian2017'),
  'blinatumomab-rr': cite([relapsed, sideEffects], 'kantarjian2017'),
  'rr-inotuzumab': ino,
  inotuzumab: ino,
  'inotuzumab-vod': ino,
  'inotuzumab-before-transplant': ino,
  'inotuzumab-transplant-planned': ino,
  'rr-car-t': eliana,
  'car-t-handoff': eliana,
  'car-t-handoff-missing': eliana,
  'car-t-adult-options': eliana,
  'car-t-adverse-effects': cite([sideEffects], 'maude2018'),
  // T-ALL.
  't-lineage': notCd19,
  nelarabine,
  't-all-no-cd19-cd22': notCd19,
  'blinatumomab-t-all': notCd19,
  'inotuzumab-t-all': notCd19,
  'car-t-t-all': notCd19,
  'car-t-t-all-trials': notCd19,
  // Children and adults.
  'survival-children-adults': cite([overview, { seed: 'mrdAll', section: '§筆記重點整理' }], 'stock2019'),
  'child-reason-cytogenetics': reasons,
  'child-reason-intensity': reasons,
  'child-reason-mrd-adapted': reasons,
  'child-reason-aya-regimen': reasons,
  'aya-age': cite([children], 'stock2019'),
  'aya-pediatric-regimen': cite([children], 'stock2019'),
  'age-missing': cite([children, phNegative], 'litzow2024', 'stock2019'),
});
const R = ALL_PATHWAY_RULES;

/**
 * Numbers as seed 000 prints them: induction 4-6 weeks, maintenance 2-3 years, E1910 ages
 * 25-70 (Litzow 2024 itself enrolled 30-70: flagged), ELIANA up to 25 years, AYA 15-39 years.
 */
export const ALL_PATHWAY_THRESHOLDS = Object.freeze({
  inductionWeeks: Object.freeze({ min: 4, max: 6 }),
  maintenanceYears: Object.freeze({ min: 2, max: 3 }),
  e1910SeedAgeYears: Object.freeze({ min: 25, max: 70 }),
  e1910PaperAgeYears: Object.freeze({ min: 30, max: 70 }),
  elianaMaxAgeYears: 25,
  ayaAgeYears: Object.freeze({ min: 15, max: 39 }),
});
const T = ALL_PATHWAY_THRESHOLDS;

export const ALL_PATHWAY_LINEAGES = ['B', 'T'] as const;
export const ALL_PATHWAY_PH_STATUSES = ['positive', 'negative', 'pending'] as const;
export const ALL_PATHWAY_BCR_ABL1_EVIDENCE = ['karyotype', 'fish', 'rt-pcr'] as const;
export const ALL_PATHWAY_PHASES = ['newly-diagnosed', 'in-cr', 'relapsed-refractory'] as const;
/** The relapsed / refractory statuses of the eligibility planner (indications.ts), for the hand-off. */
export const ALL_PATHWAY_RR_DISEASE_STATUSES = ['refractory', 'first-relapse', 'second-or-later-relapse'] as const satisfies readonly (typeof INDICATION_DISEASE_STATUSES)[number][];
export const ALL_PATHWAY_BRANCHES = [
  'newly-diagnosed-ph-positive',
  'newly-diagnosed-ph-pending',
  'newly-diagnosed-b-ph-negative',
  'newly-diagnosed-t-ph-negative',
  'cr-ph-positive',
  'cr-ph-pending',
  'cr-b-ph-negative-mrd-negative',
  'cr-b-ph-negative-mrd-positive',
  'cr-b-ph-negative-mrd-unknown',
  'cr-t-ph-negative',
  'relapsed-refractory-b',
  'relapsed-refractory-t',
] as const;
export type AllBranch = (typeof ALL_PATHWAY_BRANCHES)[number];
export const ALL_PATHWAY_BACKBONE_PHASES = ['induction', 'consolidation', 'cns-prophylaxis', 'maintenance'] as const;

const Status = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('newly-diagnosed') }).strict(),
  z
    .object({
      phase: z.literal('in-cr'),
      mrd: mrdSeriesInput('status.mrd.').optional().describe('MRD results in complete remission (same shape as the mrd instrument, without disease).'),
    })
    .strict(),
  z
    .object({
      phase: z.literal('relapsed-refractory'),
      diseaseStatus: z.enum(ALL_PATHWAY_RR_DISEASE_STATUSES).optional().describe('For the CAR-T hand-off (eligibility).'),
      relapseAfterAlloHct: z.boolean().optional().describe('The relapse followed an allogeneic HCT (needed in first relapse for the CAR-T indication).'),
      priorCd19DirectedTherapy: z.boolean().optional().describe('Prior blinatumomab, CD19 CAR-T or another CD19 antibody.'),
      alloHctPlanned: z.boolean().optional().describe('Allogeneic HCT planned after salvage (inotuzumab VOD caution).'),
    })
    .strict(),
]);

export const AllPathwayInput = z
  .object({
    lineage: z.enum(ALL_PATHWAY_LINEAGES).describe('B- or T-lineage ALL.'),
    phStatus: z.enum(ALL_PATHWAY_PH_STATUSES).describe("Philadelphia chromosome / BCR::ABL1: 'pending' while results are awaited (no TKI yet)."),
    bcrAbl1Evidence: z
      .array(z.enum(ALL_PATHWAY_BCR_ABL1_EVIDENCE))
      .default([])
      .describe('How BCR::ABL1 was shown (karyotype t(9;22), FISH, RT-PCR); required before a TKI.'),
    age: quantity('ageYears').optional(),
    status: Status.describe('Phase: newly diagnosed, in complete remission (with MRD), or relapsed/refractory.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.phStatus !== 'positive' && input.bcrAbl1Evidence.length > 0) refuse(ctx, ['bcrAbl1Evidence'], 'all-pathway.input.evidence-contradicts-ph');
    if (new Set(input.bcrAbl1Evidence).size !== input.bcrAbl1Evidence.length) refuse(ctx, ['bcrAbl1Evidence'], 'all-pathway.input.duplicate-evidence');
  });
export type AllPathwayInput = z.output<typeof AllPathwayInput>;

type HandoffInput = Pick<
  z.input<typeof EligibilityInput>,
  'product' | 'diagnosis' | 'ageYears' | 'diseaseStatus' | 'relapseAfterAlloHct' | 'priorCd19DirectedTherapy'
>;

const HandoffValue = z.object({
  planner: z.literal('eligibility'),
  input: z.object({
    product: z.string(),
    diagnosis: z.literal('B-ALL'),
    ageYears: z.number().optional(),
    diseaseStatus: z.enum(ALL_PATHWAY_RR_DISEASE_STATUSES).optional(),
    relapseAfterAlloHct: z.boolean().optional(),
    priorCd19DirectedTherapy: z.boolean().optional(),
  }),
  missing: z.array(z.string()).describe('Fields the eligibility planner needs for the indication check that this plan does not know yet.'),
});

export const AllPathwayValue = z.object({
  lineage: z.enum(ALL_PATHWAY_LINEAGES),
  phStatus: z.enum(ALL_PATHWAY_PH_STATUSES),
  phase: z.enum(ALL_PATHWAY_PHASES),
  branch: z.enum(ALL_PATHWAY_BRANCHES),
  backbone: z.array(
    z.object({
      phase: z.enum(ALL_PATHWAY_BACKBONE_PHASES),
      minDuration: z.string().nullable().describe('ISO 8601, as the seed gives it; null when the seed gives none.'),
      maxDuration: z.string().nullable(),
      throughout: z.boolean().describe('Given throughout the whole course (CNS prophylaxis).'),
    }),
  ),
  tkiAllowed: z.boolean().describe('BCR::ABL1 documented: a TKI may be given.'),
  mrd: z
    .object({ series: z.enum(MRD_SERIES_STATUSES), latestDate: z.string(), conversions: z.array(z.object({ lastNegativeDate: z.string(), positiveDate: z.string() })) })
    .nullable(),
  e1910: z.object({ applies: z.boolean(), ageWithinSeedRange: z.boolean().nullable() }).nullable().describe('Blinatumomab consolidation per E1910 (Ph-negative B-ALL in CR).'),
  ageGroup: z.enum(['child', 'adult']).nullable(),
  handoff: HandoffValue.nullable().describe('CAR-T: the input for the eligibility planner (not called here).'),
});
export type AllPathwayValue = z.infer<typeof AllPathwayValue>;
type BackboneStep = AllPathwayValue['backbone'][number];

interface Out {
  readonly basis: BasisEntry[];
  readonly actions: Action[];
  readonly warnings: Warning[];
}

const BACKBONE: Readonly<Record<(typeof ALL_PATHWAY_BACKBONE_PHASES)[number], BackboneStep>> = Object.freeze({
  induction: Object.freeze({ phase: 'induction', minDuration: `P${T.inductionWeeks.min}W`, maxDuration: `P${T.inductionWeeks.max}W`, throughout: false }),
  consolidation: Object.freeze({ phase: 'consolidation', minDuration: null, maxDuration: null, throughout: false }),
  'cns-prophylaxis': Object.freeze({ phase: 'cns-prophylaxis', minDuration: null, maxDuration: null, throughout: true }),
  maintenance: Object.freeze({ phase: 'maintenance', minDuration: `P${T.maintenanceYears.min}Y`, maxDuration: `P${T.maintenanceYears.max}Y`, throughout: false }),
});
const FULL_BACKBONE = Object.freeze([BACKBONE.induction, BACKBONE.consolidation, BACKBONE['cns-prophylaxis'], BACKBONE.maintenance]);
const POST_REMISSION = Object.freeze([BACKBONE.consolidation, BACKBONE['cns-prophylaxis'], BACKBONE.maintenance]);

const act = (a: Action): Action => Object.freeze(a);
const INDUCTION = act({ rule: R.induction, status: 'do' });
const CONSOLIDATION = act({ rule: R.consolidation, status: 'do' });
const CNS = act({ rule: R['cns-prophylaxis'], status: 'do', route: 'IT', drug: 'methotrexate' });
const MAINTENANCE = act({ rule: R.maintenance, status: 'do' });
const DOSES: Warning = Object.freeze({ rule: R['doses-per-protocol'] });

const EVIDENCE_MISSING: BasisEntry = Object.freeze({ rule: R['ph-positive-no-evidence'], field: 'bcrAbl1Evidence', observed: 'none' });
const PENDING: BasisEntry = Object.freeze({ rule: R['ph-pending'], field: 'phStatus', observed: 'pending' });
const TKI = act({ rule: R['tki-with-chemotherapy'], status: 'do', drug: 'imatinib / dasatinib / ponatinib', route: 'PO' });
const TKI_NO_EVIDENCE = act({ rule: R['tki-with-chemotherapy'], status: 'refused', refusedBecause: [EVIDENCE_MISSING] });
const TKI_PENDING = act({ rule: R['tki-with-chemotherapy'], status: 'refused', refusedBecause: [PENDING] });
const PONATINIB_BLINATUMOMAB = act({ rule: R['ponatinib-blinatumomab'], status: 'consider', drug: 'ponatinib + blinatumomab' });
const PH_ALLO_HCT = act({ rule: R['ph-positive-allo-hct-cr1'], status: 'consider' });
const AWAIT: Warning = Object.freeze({ rule: R['await-genetics'], field: 'phStatus' });

const MRD_AFTER_INDUCTION = act({ rule: R['mrd-after-induction'], status: 'do' });
const MRD_AFTER_INDUCTION_GENERIC = act({ rule: R['mrd-after-induction-generic'], status: 'do' });
const BLINATUMOMAB_CONSOLIDATION = act({ rule: R['blinatumomab-consolidation'], status: 'consider', drug: 'blinatumomab', route: 'IV', frequency: 'continuous' });
const BLINATUMOMAB_AE: Warning = Object.freeze({ rule: R['blinatumomab-adverse-effects'] });

const BLINATUMOMAB_RR = act({ rule: R['blinatumomab-rr'], status: 'consider', drug: 'blinatumomab', route: 'IV', frequency: 'continuous' });
const INOTUZUMAB = act({
  rule: R.inotuzumab,
  status: 'consider',
  drug: 'inotuzumab ozogamicin',
  route: 'IV',
  limits: [R['inotuzumab-vod'], R['inotuzumab-before-transplant']],
});
const CAR_T_AE: Warning = Object.freeze({ rule: R['car-t-adverse-effects'] });

const T_LINEAGE: BasisEntry = Object.freeze({ rule: R['t-all-no-cd19-cd22'], field: 'lineage', observed: 'T' });
const NELARABINE = act({ rule: R.nelarabine, status: 'consider', drug: 'nelarabine', route: 'IV' });
const T_REFUSED = Object.freeze([
  act({ rule: R['blinatumomab-t-all'], status: 'refused', drug: 'blinatumomab', refusedBecause: [T_LINEAGE] }),
  act({ rule: R['inotuzumab-t-all'], status: 'refused', drug: 'inotuzumab ozogamicin', refusedBecause: [T_LINEAGE] }),
  act({ rule: R['car-t-t-all'], status: 'refused', drug: 'CD19 CAR-T', refusedBecause: [T_LINEAGE] }),
]);
const CAR_T_T_TRIALS: Warning = Object.freeze({ rule: R['car-t-t-all-trials'] });

const AGE_MISSING: Warning = Object.freeze({ rule: R['age-missing'], field: 'age' });
const REASONS: readonly BasisEntry[] = Object.freeze(
  (['child-reason-cytogenetics', 'child-reason-intensity', 'child-reason-mrd-adapted', 'child-reason-aya-regimen'] as const).map((k, i) =>
    Object.freeze({ rule: R[k], field: 'age', observed: null, yields: i + 1 }),
  ),
);
const AYA = act({ rule: R['aya-pediatric-regimen'], status: 'consider' });

const between = (range: { min: number; max: number }, unit: string): Threshold => ({ comparator: 'between', value: [range.min, range.max], unit });

function phInto(input: AllPathwayInput, out: Out, withRegimen: boolean): boolean {
  if (input.phStatus === 'pending') {
    out.basis.push(PENDING);
    out.actions.push(TKI_PENDING);
    out.warnings.push(AWAIT);
    return false;
  }
  if (input.phStatus === 'negative') return false;
  if (input.bcrAbl1Evidence.length === 0) {
    out.basis.push(EVIDENCE_MISSING);
    out.actions.push(TKI_NO_EVIDENCE);
    return false;
  }
  out.basis.push({ rule: R['ph-positive-evidence'], field: 'bcrAbl1Evidence', observed: input.bcrAbl1Evidence.join(', ') });
  out.actions.push(TKI);
  if (withRegimen && input.lineage === 'B') out.actions.push(PONATINIB_BLINATUMOMAB);
  out.actions.push(PH_ALLO_HCT);
  return true;
}

function tLineageInto(out: Out): void {
  out.basis.push(Object.freeze({ rule: R['t-lineage'], field: 'lineage', observed: 'T' }));
  out.actions.push(NELARABINE, ...T_REFUSED);
  out.warnings.push(CAR_T_T_TRIALS);
}

/** Completed years, the way trial age ranges read. */
const completedYears = (age: number): number => Math.floor(age);

function e1910Into(input: AllPathwayInput, out: Out): boolean | null {
  out.actions.push(BLINATUMOMAB_CONSOLIDATION);
  out.warnings.push(BLINATUMOMAB_AE);
  if (input.age === undefined) {
    out.warnings.push(AGE_MISSING);
    return null;
  }
  const years = completedYears(input.age);
  const within = years >= T.e1910SeedAgeYears.min && years <= T.e1910SeedAgeYears.max;
  if (within) {
    out.basis.push({ rule: R['e1910-age-within'], field: 'age', observed: input.age, unit: 'a', threshold: between(T.e1910SeedAgeYears, 'a') });
    if (years < T.e1910PaperAgeYears.min) out.warnings.push({ rule: R['e1910-age-paper-30'], field: 'age' });
  } else {
    out.warnings.push({ rule: R['e1910-age-outside'], field: 'age' });
  }
  return within;
}

/** The mrd instrument's own classification (never re-implemented here), with its alerts. */
function mrdInto(mrd: MrdSeriesInput | undefined, out: Out): MrdValue | null {
  if (mrd === undefined) return null;
  const classified = classifyMrd(mrd, 'ALL');
  for (const b of classified.basis) out.basis.push(b);
  for (const w of classified.warnings) out.warnings.push(w);
  const value = classified.value;
  if (value !== null && value.series === 'persistent-positive') out.actions.push(PERSISTENT_ALLO_HCT);
  if (value !== null && isMrdPositive(value.series) && value.series !== 'persistent-positive') out.warnings.push(NOT_PERSISTENT);
  return value;
}
const PERSISTENT_ALLO_HCT = act({ rule: MRD_RULES['all-persistent-evaluate-allo-hct'], status: 'consider' });
const NOT_PERSISTENT: Warning = Object.freeze({ rule: MRD_RULES['all-positive-not-persistent'] });
const MILESTONE: BasisEntry = Object.freeze({ rule: MRD_RULES['all-milestone-not-guarantee'], field: 'status.mrd.results', observed: 'negative' });
const TRANSPLANT_DISCUSSION = act({ rule: MRD_RULES['all-transplant-considerations'], status: 'consider' });
const NHI: Warning = Object.freeze({ rule: MRD_RULES['all-nhi-not-covered'] });
const SHARED: Warning = Object.freeze({ rule: MRD_RULES['all-shared-decision'] });

function handoffOf(input: AllPathwayInput, st: Extract<AllPathwayInput['status'], { phase: 'relapsed-refractory' }>): NonNullable<AllPathwayValue['handoff']> {
  const handoff: HandoffInput & { diagnosis: 'B-ALL'; product: string } = { product: 'tisagenlecleucel', diagnosis: 'B-ALL' };
  const missing: string[] = [];
  if (input.age === undefined) missing.push('ageYears');
  else handoff.ageYears = input.age;
  if (st.diseaseStatus === undefined) missing.push('diseaseStatus');
  else handoff.diseaseStatus = st.diseaseStatus;
  if (st.relapseAfterAlloHct !== undefined) handoff.relapseAfterAlloHct = st.relapseAfterAlloHct;
  else if (st.diseaseStatus === undefined || st.diseaseStatus === 'first-relapse') missing.push('relapseAfterAlloHct');
  if (st.priorCd19DirectedTherapy !== undefined) handoff.priorCd19DirectedTherapy = st.priorCd19DirectedTherapy;
  return { planner: 'eligibility', input: handoff as NonNullable<AllPathwayValue['handoff']>['input'], missing };
}

export function planAllPathway(input: AllPathwayInput, settings: InstitutionSettings): Assessment<AllPathwayValue> {
  const out: Out = { basis: [], actions: [], warnings: [] };
  const st = input.status;
  const ageGroup = input.age === undefined ? null : input.age < settings.pediatricAgeLimitYears ? 'child' : 'adult';
  let branch: AllBranch;
  let backboneSteps: readonly BackboneStep[] = [];
  let tkiAllowed = false;
  let mrd: MrdValue | null = null;
  let e1910: AllPathwayValue['e1910'] = null;
  let handoff: AllPathwayValue['handoff'] = null;

  if (st.phase === 'newly-diagnosed') {
    backboneSteps = FULL_BACKBONE;
    out.actions.push(INDUCTION, CONSOLIDATION, CNS, MAINTENANCE);
    out.warnings.push(DOSES);
    tkiAllowed = phInto(input, out, true);
    if (input.phStatus === 'positive') branch = 'newly-diagnosed-ph-positive';
    else if (input.phStatus === 'pending') branch = 'newly-diagnosed-ph-pending';
    else branch = input.lineage === 'B' ? 'newly-diagnosed-b-ph-negative' : 'newly-diagnosed-t-ph-negative';
    // Every lineage gets the MRD step; the E1910 wording only where E1910 can apply.
    out.actions.push(input.lineage === 'B' && input.phStatus !== 'positive' ? MRD_AFTER_INDUCTION : MRD_AFTER_INDUCTION_GENERIC);
    if (input.lineage === 'T') tLineageInto(out);
    // Why children do better (seed 000), with both seeds' survival figures.
    out.basis.push({ rule: R['survival-children-adults'], field: 'age', observed: ageGroup });
    for (const reason of REASONS) out.basis.push(reason);
    if (input.age === undefined) out.warnings.push(AGE_MISSING);
    else if (ageGroup === 'adult' && input.age >= T.ayaAgeYears.min && completedYears(input.age) <= T.ayaAgeYears.max) {
      out.basis.push({ rule: R['aya-age'], field: 'age', observed: input.age, unit: 'a', threshold: between(T.ayaAgeYears, 'a') });
      out.actions.push(AYA);
    }
  } else if (st.phase === 'in-cr') {
    backboneSteps = POST_REMISSION;
    out.actions.push(CONSOLIDATION, CNS, MAINTENANCE);
    out.warnings.push(DOSES);
    tkiAllowed = phInto(input, out, false);
    mrd = mrdInto(st.mrd, out);
    if (input.phStatus === 'positive') {
      branch = 'cr-ph-positive';
      if (tkiAllowed && mrd !== null && mrd.series === 'sustained-negative') out.warnings.push({ rule: R['ph-positive-deep-mrd-transplant-open'] });
    } else if (input.phStatus === 'pending') {
      branch = 'cr-ph-pending';
    } else if (input.lineage === 'T') {
      branch = 'cr-t-ph-negative';
    } else if (mrd === null) {
      branch = 'cr-b-ph-negative-mrd-unknown';
      out.warnings.push({ rule: R['mrd-missing'], field: 'status.mrd' });
      e1910 = { applies: false, ageWithinSeedRange: null };
    } else if (isMrdNegative(mrd.series)) {
      branch = 'cr-b-ph-negative-mrd-negative';
      out.basis.push({ rule: R['e1910-mrd-negative'], field: 'status.mrd.results', observed: mrd.series });
      out.basis.push(MILESTONE);
      e1910 = { applies: true, ageWithinSeedRange: e1910Into(input, out) };
      out.actions.push(TRANSPLANT_DISCUSSION);
      out.warnings.push(NHI, SHARED);
    } else if (mrd.series === 'cannot-call-negative') {
      branch = 'cr-b-ph-negative-mrd-unknown';
      out.warnings.push({ rule: R['mrd-cannot-call'], field: 'status.mrd' });
      e1910 = { applies: false, ageWithinSeedRange: null };
    } else {
      branch = 'cr-b-ph-negative-mrd-positive';
      out.basis.push({ rule: R['e1910-not-mrd-negative'], field: 'status.mrd.results', observed: mrd.series });
      e1910 = { applies: false, ageWithinSeedRange: null };
    }
    if (input.lineage === 'T') tLineageInto(out);
  } else {
    if (input.phStatus === 'positive') out.warnings.push({ rule: R['ph-positive-relapse-not-in-seed'], field: 'phStatus' });
    if (input.phStatus === 'pending') out.warnings.push(AWAIT);
    if (input.lineage === 'T') {
      branch = 'relapsed-refractory-t';
      tLineageInto(out);
    } else {
      branch = 'relapsed-refractory-b';
      out.basis.push(
        { rule: R['rr-b-immunotherapy'], field: 'status.phase', observed: 'relapsed-refractory' },
        { rule: R['rr-blinatumomab'], field: 'lineage', observed: 'B' },
        { rule: R['rr-inotuzumab'], field: 'lineage', observed: 'B' },
        { rule: R['rr-car-t'], field: 'lineage', observed: 'B' },
      );
      out.actions.push(BLINATUMOMAB_RR, INOTUZUMAB);
      if (st.alloHctPlanned === true) out.warnings.push({ rule: R['inotuzumab-transplant-planned'], field: 'status.alloHctPlanned' });
      handoff = handoffOf(input, st);
      out.actions.push(act({ rule: R['car-t-handoff'], status: 'consider', drug: 'CD19 CAR-T' }));
      for (const field of handoff.missing) out.warnings.push({ rule: R['car-t-handoff-missing'], field });
      if (input.age !== undefined && completedYears(input.age) > T.elianaMaxAgeYears) out.warnings.push({ rule: R['car-t-adult-options'], field: 'age' });
      out.warnings.push(BLINATUMOMAB_AE, CAR_T_AE);
    }
  }

  const value: AllPathwayValue = {
    lineage: input.lineage,
    phStatus: input.phStatus,
    phase: st.phase,
    branch,
    backbone: backboneSteps as BackboneStep[],
    tkiAllowed,
    mrd: mrd === null ? null : { series: mrd.series, latestDate: mrd.latestDate, conversions: mrd.conversions },
    e1910,
    ageGroup,
    handoff,
  };
  return assessed('all-pathway', value, out.basis, out.actions, out.warnings);
}

/**
 * Ph-positive without documented BCR::ABL1: the plan holds no TKI and no Ph-positive transplant
 * step, so the summary must not promise them; it asks for the evidence instead.
 */
function summaryOf(v: AllPathwayValue): Record<string, unknown> {
  const unconfirmed = v.phStatus === 'positive' && !v.tkiAllowed && (v.branch === 'newly-diagnosed-ph-positive' || v.branch === 'cr-ph-positive');
  return { variant: unconfirmed ? `${v.branch}-unconfirmed` : v.branch };
}

export const allPathwayInstrument = defineInstrument({
  name: 'all-pathway',
  kind: 'planner',
  section: '000 §ALL：依「Ph+/Ph-」、「B/T」、「MRD」分流 and its subsections; 001',
  input: AllPathwayInput,
  value: AllPathwayValue,
  evaluate: (input, settings) => planAllPathway(input, settings),
  summary: summaryOf,
});
