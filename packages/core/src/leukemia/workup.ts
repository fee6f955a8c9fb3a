import * as z from 'zod';
import type { Action, BasisEntry, Warning } from '../explain/result.js';
import { assessed, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { PublicationKey, RuleSources, SeedReference } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { addDays, toEpochDay } from '../journey/calendar.js';
import { CalendarDate, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { leukemiaWorkupMessages } from './workup.messages.js';

registerMessages(leukemiaWorkupMessages);

const cite = (seed: SeedReference[], ...keys: PublicationKey[]): RuleSources => ({ seed, publications: [...new Set(keys)] });

const common: SeedReference = { seed: 'amlAll', section: '§共同初步檢查' };
const week: SeedReference = { seed: 'amlAll', section: '§一週內確認分流診斷' };
const indications: SeedReference = { seed: 'amlAll', section: '§適應症 (已核准或主要試驗群體)' };
const origin: SeedReference = { seed: 'amlAll', section: '§為什麼分 AML 跟 ALL? 從細胞起源說起' };
const tAll: SeedReference = { seed: 'amlAll', section: '§T-ALL' };

// Döhner 2022 covers the AML workup and the genetic diagnosis. No entry of PUBLICATIONS is an
// ALL diagnostic guideline: ALL-only rules cite E1910 (Litzow 2024, the seed's ALL reference)
// meanwhile, and the report asks for a real ALL source (see the report).
const aml = cite([common], 'dohner2022');
const shared = cite([common], 'dohner2022', 'litzow2024');
const turnaround = cite([common, week], 'dohner2022');
const threshold = cite([indications], 'dohner2022');
const allThreshold = cite([indications, origin], 'litzow2024');
// Beyond the seed's list: the genes the ELN 2022 risk table needs (Döhner 2022), without which
// the eln2022 classifier cannot settle the category that chooses the AML consolidation.
const eln = cite([common, week, { seed: 'amlAll', section: '§AML：依「能不能扛強效化療」與「驅動基因」分流' }], 'dohner2022');

/** Leukemia workup: seed 000 §共同初步檢查 and §一週內確認分流診斷 (Döhner 2022). */
export const LEUKEMIA_WORKUP_RULES = defineRules('leukemia-workup', {
  // One action per checklist item that is not yet sent.
  'send-cbc-smear': shared,
  'send-marrow-aspirate': shared,
  'send-marrow-biopsy': shared,
  'send-flow-cytometry': shared,
  'send-karyotype': shared,
  'send-flt3': aml,
  'send-npm1': aml,
  'send-idh1': aml,
  'send-idh2': aml,
  'send-tp53': aml,
  'send-cebpa': eln,
  'send-myelodysplasia-related-genes': eln,
  'send-bcr-abl1': shared,
  'send-kmt2a': shared,
  'send-lumbar-puncture': cite([common], 'litzow2024'),
  'lumbar-puncture-all': cite([common], 'litzow2024'),
  'lumbar-puncture-per-physician': shared,
  // Status of each item.
  'item-resulted': shared,
  'item-pending': turnaround,
  'item-overdue': turnaround,
  'item-pending-no-turnaround': shared,
  'overdue-chase': turnaround,
  'results-guide-treatment': turnaround,
  // Team decision within 24-72 h of the diagnosis.
  'team-decision-done': shared,
  'team-decision-open': shared,
  'team-decision-overdue': shared,
  'team-decision-chase': shared,
  'diagnosis-date-missing': shared,
  // Lineage from flow cytometry.
  'lineage-myeloid': cite([common, origin], 'dohner2022'),
  'lineage-b-lymphoid': cite([common, origin], 'litzow2024'),
  'lineage-t-lymphoid': cite([common, origin, tAll], 'litzow2024'),
  'lineage-ambiguous': shared,
  'lineage-pending': shared,
  // Diagnostic threshold.
  'blasts-at-least-20': cite([indications], 'dohner2022', 'litzow2024'),
  'blasts-below-20': cite([indications], 'dohner2022', 'litzow2024'),
  'aml-defining-genetics-met': threshold,
  'aml-defining-genetics-below-10': threshold,
  'bcr-abl1-needs-20': threshold,
  'mds-aml-range': threshold,
  'aml-threshold-met': threshold,
  'all-threshold-met': allThreshold,
  'threshold-not-met': cite([indications], 'dohner2022', 'litzow2024'),
  'blasts-missing': cite([indications], 'dohner2022', 'litzow2024'),
  'genetics-missing': threshold,
  'lymphoid-genetics-not-aml-route': threshold,
});
const R = LEUKEMIA_WORKUP_RULES;

/** The numbers the rules use. */
export const LEUKEMIA_WORKUP_THRESHOLDS = Object.freeze({
  /** Seed 000 §一週內確認分流診斷: marrow, flow, karyotype and molecular results in 3-7 days. */
  turnaroundFromDays: 3,
  turnaroundToDays: 7,
  /** Seed 000 §共同初步檢查: treatment path confirmed with the team 24-72 h after the diagnosis. */
  teamDecisionFromDays: 1,
  teamDecisionToDays: 3,
  /** Seed 000 §適應症: at least 20% blasts (AML and ALL). */
  blastsAtLeastPercent: 20,
  /** Döhner 2022 Table 1: AML-defining recurrent genetic abnormalities need at least 10% blasts (BCR::ABL1: 20%). */
  amlDefiningGeneticsBlastsAtLeastPercent: 10,
});
const T = LEUKEMIA_WORKUP_THRESHOLDS;

/** The checklist, in the order of seed 000 §共同初步檢查 and §一週內確認分流診斷. */
export const LEUKEMIA_WORKUP_ITEMS = [
  'cbcSmear',
  'marrowAspirate',
  'marrowBiopsy',
  'flowCytometry',
  'karyotype',
  'flt3',
  'npm1',
  'idh1',
  'idh2',
  'tp53',
  'cebpa',
  'myelodysplasiaRelatedGenes',
  'bcrAbl1',
  'kmt2a',
  'lumbarPuncture',
] as const;
export type LeukemiaWorkupItem = (typeof LEUKEMIA_WORKUP_ITEMS)[number];

/**
 * Not in the seed's list: CEBPA (bZIP in-frame) and the myelodysplasia-related gene panel (ASXL1,
 * BCOR, EZH2, RUNX1, SF3B1, SRSF2, STAG2, U2AF1, ZRSR2), rows of the ELN 2022 risk table (Döhner
 * 2022). Required for myeloid or not-yet-known lineage; a lymphoid workup lists them only when
 * they were sent anyway, and then per physician.
 */
export const LEUKEMIA_WORKUP_ELN_ITEMS = ['cebpa', 'myelodysplasiaRelatedGenes'] as const satisfies readonly LeukemiaWorkupItem[];
const ELN_ITEMS: ReadonlySet<LeukemiaWorkupItem> = new Set(LEUKEMIA_WORKUP_ELN_ITEMS);

/**
 * Items with the seed's 3-7 day turnaround. CBC/smear and lumbar puncture have none in the seed,
 * nor do the ELN items it does not list (no turnaround is invented for them).
 */
const WITH_TURNAROUND: ReadonlySet<LeukemiaWorkupItem> = new Set(LEUKEMIA_WORKUP_ITEMS.filter((i) => i !== 'cbcSmear' && i !== 'lumbarPuncture' && !ELN_ITEMS.has(i)));

const SEND_RULE: Readonly<Record<LeukemiaWorkupItem, Rule>> = Object.freeze({
  cbcSmear: R['send-cbc-smear'],
  marrowAspirate: R['send-marrow-aspirate'],
  marrowBiopsy: R['send-marrow-biopsy'],
  flowCytometry: R['send-flow-cytometry'],
  karyotype: R['send-karyotype'],
  flt3: R['send-flt3'],
  npm1: R['send-npm1'],
  idh1: R['send-idh1'],
  idh2: R['send-idh2'],
  tp53: R['send-tp53'],
  cebpa: R['send-cebpa'],
  myelodysplasiaRelatedGenes: R['send-myelodysplasia-related-genes'],
  bcrAbl1: R['send-bcr-abl1'],
  kmt2a: R['send-kmt2a'],
  lumbarPuncture: R['send-lumbar-puncture'],
});

export const LEUKEMIA_WORKUP_LINEAGES = ['myeloid', 'b-lymphoid', 't-lymphoid', 'ambiguous'] as const;
export type LeukemiaLineage = (typeof LEUKEMIA_WORKUP_LINEAGES)[number];

/**
 * AML-defining recurrent genetic abnormalities of Döhner 2022 (Table 1, ICC), each diagnostic
 * of AML with at least 10% blasts. BCR::ABL1 is not here: in AML it needs 20%, the general
 * threshold. TP53 and myelodysplasia-related lesions need 20% as well (10-19%: MDS/AML).
 */
export const LEUKEMIA_WORKUP_AML_DEFINING_GENETICS = [
  'pml-rara',
  'other-rara-rearrangement',
  'runx1-runx1t1',
  'cbfb-myh11',
  'mllt3-kmt2a',
  'other-kmt2a-rearrangement',
  'dek-nup214',
  'gata2-mecom',
  'other-mecom-rearrangement',
  'other-rare-recurring-translocation',
  'npm1-mutation',
  'cebpa-bzip-in-frame',
] as const;
export type AmlDefiningGenetics = (typeof LEUKEMIA_WORKUP_AML_DEFINING_GENETICS)[number];

const Item = z
  .object({
    sentOn: CalendarDate.optional().describe('Date the sample was sent (YYYY-MM-DD).'),
    resultedOn: CalendarDate.optional().describe('Date the result came back (YYYY-MM-DD).'),
  })
  .strict();

const FlowItem = Item.extend({
  lineage: z.enum(LEUKEMIA_WORKUP_LINEAGES).optional().describe('Lineage of the blasts by immunophenotype; ambiguous: neither clearly myeloid nor lymphoid.'),
}).strict();

export const LeukemiaWorkupDiagnosticFindings = {
  marrowBlastPercent: quantity('percent').optional().describe('Blasts in marrow (or blood), % of nucleated cells.'),
  amlDefiningGenetics: z
    .array(z.enum(LEUKEMIA_WORKUP_AML_DEFINING_GENETICS))
    .max(LEUKEMIA_WORKUP_AML_DEFINING_GENETICS.length)
    .optional()
    .describe('AML-defining genetic abnormalities found (Döhner 2022 Table 1); an empty list means none found.'),
  bcrAbl1Detected: z.boolean().optional().describe('BCR::ABL1 found (in AML it needs 20% blasts).'),
};

export const LeukemiaWorkupInput = z
  .object({
    now: CalendarDate.describe("Today's date in the institution's time zone (YYYY-MM-DD)."),
    diagnosisConfirmedOn: CalendarDate.optional().describe('Date the acute leukemia diagnosis was confirmed; the team decision is due 24-72 h later.'),
    teamDecisionOn: CalendarDate.optional().describe('Date the treatment path was confirmed with the hematology-oncology team.'),
    items: z
      .object({
        cbcSmear: Item.optional(),
        marrowAspirate: Item.optional(),
        marrowBiopsy: Item.optional(),
        flowCytometry: FlowItem.optional(),
        karyotype: Item.optional(),
        flt3: Item.optional(),
        npm1: Item.optional(),
        idh1: Item.optional(),
        idh2: Item.optional(),
        tp53: Item.optional(),
        cebpa: Item.optional().describe('CEBPA mutation (bZIP in-frame) for ELN 2022; not in the seed list.'),
        myelodysplasiaRelatedGenes: Item.optional().describe('Myelodysplasia-related gene panel (ASXL1, BCOR, EZH2, RUNX1, SF3B1, SRSF2, STAG2, U2AF1, ZRSR2) for ELN 2022; not in the seed list.'),
        bcrAbl1: Item.optional(),
        kmt2a: Item.optional(),
        lumbarPuncture: Item.optional(),
      })
      .strict()
      .default({})
      .describe('Each checklist item with the date sent and the date resulted; absent: not sent.'),
    ...LeukemiaWorkupDiagnosticFindings,
  })
  .strict()
  .superRefine((input, ctx) => {
    for (const key of LEUKEMIA_WORKUP_ITEMS) {
      const item = input.items[key];
      if (item === undefined) continue;
      if (item.sentOn !== undefined && item.sentOn > input.now) refuse(ctx, ['items', key, 'sentOn'], 'leukemia-workup.input.date-after-now');
      if (item.resultedOn !== undefined) {
        if (item.resultedOn > input.now) refuse(ctx, ['items', key, 'resultedOn'], 'leukemia-workup.input.date-after-now');
        if (item.sentOn !== undefined && item.resultedOn < item.sentOn) refuse(ctx, ['items', key, 'resultedOn'], 'leukemia-workup.input.resulted-before-sent');
      }
    }
    const flow = input.items.flowCytometry;
    if (flow?.lineage !== undefined && flow.resultedOn === undefined) refuse(ctx, ['items', 'flowCytometry', 'resultedOn'], 'leukemia-workup.input.lineage-without-result');
    if (input.diagnosisConfirmedOn !== undefined && input.diagnosisConfirmedOn > input.now) refuse(ctx, ['diagnosisConfirmedOn'], 'leukemia-workup.input.date-after-now');
    if (input.teamDecisionOn !== undefined) {
      if (input.teamDecisionOn > input.now) refuse(ctx, ['teamDecisionOn'], 'leukemia-workup.input.date-after-now');
      if (input.diagnosisConfirmedOn === undefined) refuse(ctx, ['diagnosisConfirmedOn'], 'leukemia-workup.input.decision-without-diagnosis');
      else if (input.teamDecisionOn < input.diagnosisConfirmedOn) refuse(ctx, ['teamDecisionOn'], 'leukemia-workup.input.decision-before-diagnosis');
    }
    const genetics = input.amlDefiningGenetics;
    if (genetics !== undefined && new Set(genetics).size !== genetics.length) refuse(ctx, ['amlDefiningGenetics'], 'leukemia-workup.input.duplicate-genetics');
  })
  .transform((input) => {
    // Dates become day numbers and due dates here, once, so evaluate does no date work.
    const nowDay = toEpochDay(input.now);
    const items = LEUKEMIA_WORKUP_ITEMS.map((key) => {
      const item = input.items[key];
      const sentOn = item?.sentOn ?? null;
      const turnaround = WITH_TURNAROUND.has(key) && sentOn !== null;
      return {
        key,
        sentOn,
        resultedOn: item?.resultedOn ?? null,
        expectedFrom: turnaround ? addDays(sentOn, T.turnaroundFromDays) : null,
        expectedBy: turnaround ? addDays(sentOn, T.turnaroundToDays) : null,
        daysSinceSent: sentOn === null ? null : nowDay - toEpochDay(sentOn),
      };
    });
    const confirmed = input.diagnosisConfirmedOn;
    const teamWindow =
      confirmed === undefined
        ? null
        : {
            earliest: addDays(confirmed, T.teamDecisionFromDays),
            latest: addDays(confirmed, T.teamDecisionToDays),
            daysSinceDiagnosis: nowDay - toEpochDay(confirmed),
          };
    return { ...input, prepared: items, teamWindow };
  });
export type LeukemiaWorkupInput = z.output<typeof LeukemiaWorkupInput>;

export const LEUKEMIA_WORKUP_ITEM_STATUSES = ['not-sent', 'pending', 'overdue', 'resulted'] as const;
export type WorkupItemStatus = (typeof LEUKEMIA_WORKUP_ITEM_STATUSES)[number];
export const LEUKEMIA_WORKUP_DIAGNOSTIC_STATUSES = ['met', 'not-met', 'cannot-assess'] as const;
export type DiagnosticStatus = (typeof LEUKEMIA_WORKUP_DIAGNOSTIC_STATUSES)[number];
export const LEUKEMIA_WORKUP_DIAGNOSTIC_ROUTES = ['blasts', 'aml-defining-genetics'] as const;

export const LeukemiaWorkupValue = z.object({
  now: z.string(),
  items: z.array(
    z.object({
      item: z.enum(LEUKEMIA_WORKUP_ITEMS),
      status: z.enum(LEUKEMIA_WORKUP_ITEM_STATUSES),
      required: z.enum(['required', 'per-physician']),
      sentOn: z.string().nullable(),
      resultedOn: z.string().nullable(),
      expectedFrom: z.string().nullable().describe('Sent date + 3 days (seed turnaround 3-7 days).'),
      expectedBy: z.string().nullable().describe('Sent date + 7 days; after it, a pending result is overdue.'),
    }),
  ),
  notSent: z.array(z.enum(LEUKEMIA_WORKUP_ITEMS)),
  pending: z.array(z.enum(LEUKEMIA_WORKUP_ITEMS)),
  overdue: z.array(z.enum(LEUKEMIA_WORKUP_ITEMS)),
  lineage: z.enum(LEUKEMIA_WORKUP_LINEAGES).nullable(),
  diagnosis: z.object({
    status: z.enum(LEUKEMIA_WORKUP_DIAGNOSTIC_STATUSES),
    disease: z.enum(['AML', 'ALL']).nullable(),
    route: z.enum(LEUKEMIA_WORKUP_DIAGNOSTIC_ROUTES).nullable(),
  }),
  teamDecision: z
    .object({
      earliest: z.string(),
      latest: z.string(),
      status: z.enum(['done', 'open', 'overdue']),
      decidedOn: z.string().nullable(),
    })
    .nullable(),
});
export type LeukemiaWorkupValue = z.infer<typeof LeukemiaWorkupValue>;

interface Out {
  readonly basis: BasisEntry[];
  readonly actions: Action[];
  readonly warnings: Warning[];
}

export interface DiagnosticFindingsInput {
  readonly marrowBlastPercent?: number | undefined;
  readonly amlDefiningGenetics?: readonly AmlDefiningGenetics[] | undefined;
  readonly bcrAbl1Detected?: boolean | undefined;
}

const LINEAGE_RULE: Readonly<Record<LeukemiaLineage, Rule>> = Object.freeze({
  myeloid: R['lineage-myeloid'],
  'b-lymphoid': R['lineage-b-lymphoid'],
  't-lymphoid': R['lineage-t-lymphoid'],
  ambiguous: R['lineage-ambiguous'],
});

/**
 * The diagnostic threshold of seed 000 §適應症: at least 20% blasts, or (AML) an AML-defining
 * genetic abnormality of Döhner 2022 with at least 10% blasts. `lineage` from flow decides AML
 * or ALL; the genetic route does not apply to lymphoid blasts. Shared with drug-safety.
 */
export function leukemiaDiagnosticThreshold(
  findings: DiagnosticFindingsInput,
  lineage: LeukemiaLineage | null,
  out: { basis: BasisEntry[]; warnings: Warning[] },
  prefix = '',
): LeukemiaWorkupValue['diagnosis'] {
  const blasts = findings.marrowBlastPercent;
  const blastField = `${prefix}marrowBlastPercent`;
  if (blasts === undefined) {
    out.warnings.push({ rule: R['blasts-missing'], field: blastField });
    return { status: 'cannot-assess', disease: null, route: null };
  }
  const lymphoid = lineage === 'b-lymphoid' || lineage === 't-lymphoid';
  const disease = lineage === 'myeloid' ? 'AML' : lymphoid ? 'ALL' : null;
  if (blasts >= T.blastsAtLeastPercent) {
    out.basis.push({ rule: R['blasts-at-least-20'], field: blastField, observed: blasts, unit: '%', threshold: { comparator: '>=', value: T.blastsAtLeastPercent, unit: '%' } });
    if (disease === 'AML') out.basis.push({ rule: R['aml-threshold-met'], field: blastField, observed: blasts, unit: '%', yields: 'AML' });
    else if (disease === 'ALL') out.basis.push({ rule: R['all-threshold-met'], field: blastField, observed: blasts, unit: '%', yields: 'ALL' });
    return { status: 'met', disease, route: 'blasts' };
  }
  out.basis.push({ rule: R['blasts-below-20'], field: blastField, observed: blasts, unit: '%', threshold: { comparator: '<', value: T.blastsAtLeastPercent, unit: '%' } });
  const geneticsField = `${prefix}amlDefiningGenetics`;
  const genetics = findings.amlDefiningGenetics ?? [];
  if (findings.bcrAbl1Detected === true) out.warnings.push({ rule: R['bcr-abl1-needs-20'], field: `${prefix}bcrAbl1Detected` });
  if (genetics.length > 0) {
    if (lymphoid) {
      out.warnings.push({ rule: R['lymphoid-genetics-not-aml-route'], field: geneticsField });
    } else if (blasts >= T.amlDefiningGeneticsBlastsAtLeastPercent) {
      out.basis.push({
        rule: R['aml-defining-genetics-met'],
        field: geneticsField,
        observed: genetics.join(', '),
        threshold: { comparator: '>=', value: T.amlDefiningGeneticsBlastsAtLeastPercent, unit: '%' },
        yields: 'AML',
      });
      if (lineage !== 'myeloid') out.warnings.push({ rule: R['lineage-pending'], field: `${prefix}items.flowCytometry.lineage` });
      return { status: 'met', disease: 'AML', route: 'aml-defining-genetics' };
    } else {
      out.basis.push({
        rule: R['aml-defining-genetics-below-10'],
        field: blastField,
        observed: blasts,
        unit: '%',
        threshold: { comparator: '<', value: T.amlDefiningGeneticsBlastsAtLeastPercent, unit: '%' },
      });
    }
  } else if (findings.amlDefiningGenetics === undefined) {
    // Genetics not reported: the genetic route cannot be ruled out yet.
    out.warnings.push({ rule: R['genetics-missing'], field: geneticsField });
    return { status: 'cannot-assess', disease: null, route: null };
  }
  if (!lymphoid && blasts >= T.amlDefiningGeneticsBlastsAtLeastPercent && genetics.length === 0) out.warnings.push({ rule: R['mds-aml-range'], field: blastField });
  out.basis.push({ rule: R['threshold-not-met'], field: blastField, observed: blasts, unit: '%', yields: 'not-met' });
  return { status: 'not-met', disease: null, route: null };
}

const RESULTED = R['item-resulted'];

export function planLeukemiaWorkup(input: LeukemiaWorkupInput): Assessment<LeukemiaWorkupValue> {
  const out: Out = { basis: [], actions: [], warnings: [] };
  const flow = input.items.flowCytometry;
  const lineage = flow?.lineage ?? null;
  const lymphoid = lineage === 'b-lymphoid' || lineage === 't-lymphoid';

  const items: LeukemiaWorkupValue['items'] = [];
  const notSent: LeukemiaWorkupItem[] = [];
  const pending: LeukemiaWorkupItem[] = [];
  const overdue: LeukemiaWorkupItem[] = [];
  let triagePending = false;
  for (const p of input.prepared) {
    const field = `items.${p.key}`;
    const isLp = p.key === 'lumbarPuncture';
    const eln = ELN_ITEMS.has(p.key);
    // A lymphoid workup is the seed's list: the ELN genes appear only if they were sent anyway.
    if (eln && lymphoid && p.sentOn === null && p.resultedOn === null) continue;
    const required = (isLp && !lymphoid) || (eln && lymphoid) ? 'per-physician' : 'required';
    let status: WorkupItemStatus;
    if (p.resultedOn !== null) {
      status = 'resulted';
      out.basis.push({ rule: RESULTED, field, observed: p.resultedOn, yields: 'resulted' });
    } else if (p.sentOn === null) {
      status = 'not-sent';
      notSent.push(p.key);
      if (isLp) {
        out.actions.push({ rule: lymphoid ? R['lumbar-puncture-all'] : R['lumbar-puncture-per-physician'], status: lymphoid ? 'do' : 'consider' });
      } else {
        out.actions.push({ rule: SEND_RULE[p.key], status: 'do' });
      }
    } else if (p.expectedBy === null) {
      status = 'pending';
      pending.push(p.key);
      out.basis.push({ rule: R['item-pending-no-turnaround'], field, observed: p.sentOn, yields: 'pending' });
    } else if (p.daysSinceSent! > T.turnaroundToDays) {
      status = 'overdue';
      overdue.push(p.key);
      out.basis.push({ rule: R['item-overdue'], field, observed: p.daysSinceSent!, unit: 'd', threshold: { comparator: '>', value: T.turnaroundToDays, unit: 'd' }, yields: 'overdue' });
      out.warnings.push({ rule: R['overdue-chase'], field, params: { dueBy: p.expectedBy } });
    } else {
      status = 'pending';
      pending.push(p.key);
      out.basis.push({ rule: R['item-pending'], field, observed: p.daysSinceSent!, unit: 'd', threshold: { comparator: '<=', value: T.turnaroundToDays, unit: 'd' }, yields: 'pending' });
    }
    if (WITH_TURNAROUND.has(p.key) && status !== 'resulted') triagePending = true;
    items.push({ item: p.key, status, required, sentOn: p.sentOn, resultedOn: p.resultedOn, expectedFrom: p.expectedFrom, expectedBy: p.expectedBy });
  }
  if (triagePending) out.warnings.push({ rule: R['results-guide-treatment'] });

  const diagnosis = leukemiaDiagnosticThreshold(input, lineage, out);
  if (lineage !== null) out.basis.push({ rule: LINEAGE_RULE[lineage], field: 'items.flowCytometry.lineage', observed: lineage, yields: lineage });
  else if (diagnosis.route !== 'aml-defining-genetics') out.warnings.push({ rule: R['lineage-pending'], field: 'items.flowCytometry.lineage' });

  let teamDecision: LeukemiaWorkupValue['teamDecision'] = null;
  const w = input.teamWindow;
  if (w === null) {
    out.warnings.push({ rule: R['diagnosis-date-missing'], field: 'diagnosisConfirmedOn' });
  } else {
    const decidedOn = input.teamDecisionOn ?? null;
    const status = decidedOn !== null ? 'done' : w.daysSinceDiagnosis > T.teamDecisionToDays ? 'overdue' : 'open';
    teamDecision = { earliest: w.earliest, latest: w.latest, status, decidedOn };
    if (status === 'done') {
      out.basis.push({ rule: R['team-decision-done'], field: 'teamDecisionOn', observed: decidedOn, yields: 'done' });
    } else if (status === 'overdue') {
      out.basis.push({ rule: R['team-decision-overdue'], field: 'diagnosisConfirmedOn', observed: w.daysSinceDiagnosis, unit: 'd', threshold: { comparator: '>', value: T.teamDecisionToDays, unit: 'd' }, yields: 'overdue' });
      out.warnings.push({ rule: R['team-decision-chase'], field: 'teamDecisionOn', params: { dueBy: w.latest } });
    } else {
      out.actions.push({ rule: R['team-decision-open'], status: 'do', dueBy: w.latest });
    }
  }

  const value: LeukemiaWorkupValue = { now: input.now, items, notSent, pending, overdue, lineage, diagnosis, teamDecision };
  return assessed('leukemia-workup', value, out.basis, out.actions, out.warnings);
}

function summaryOf(v: LeukemiaWorkupValue): Record<string, unknown> {
  const outstanding = v.notSent.length + v.pending.length + v.overdue.length;
  if (outstanding === 0) return { variant: 'complete' };
  return { variant: v.overdue.length > 0 ? 'overdue' : 'outstanding', notSent: v.notSent.length, pending: v.pending.length, overdue: v.overdue.length };
}

export const leukemiaWorkupInstrument = defineInstrument({
  name: 'leukemia-workup',
  kind: 'planner',
  section: '000 §共同初步檢查, §一週內確認分流診斷, §適應症',
  input: LeukemiaWorkupInput,
  value: LeukemiaWorkupValue,
  evaluate: (input) => planLeukemiaWorkup(input),
  summary: summaryOf,
});
