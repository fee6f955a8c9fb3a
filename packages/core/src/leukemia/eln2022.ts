import * as z from 'zod';
import type { BasisEntry, Threshold, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { QuantityInput } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { eln2022Messages } from './eln2022.messages.js';

registerMessages(eln2022Messages);

const dohner = 'dohner2022';

// Seed 000 names ELN 2022 as the second step of AML triage (after fitness) and lists the
// favorable examples under consolidation; the table itself is Döhner 2022, Table 6.
const triage = { seed: 'amlAll', section: '§AML：依「能不能扛強效化療」與「驅動基因」分流' } as const;
const consolidation = { seed: 'amlAll', section: '§CR 後的鞏固' } as const;
const drivers = { seed: 'amlAll', section: '§AML vs. ALL 一覽 (主要驅動基因)' } as const;
const workup = { seed: 'amlAll', section: '§一週內確認分流診斷' } as const;
const table = { seed: [triage], publications: [dohner] } as const;
const favorable = { seed: [triage, consolidation], publications: [dohner] } as const;
const molecular = { seed: [triage, drivers], publications: [dohner] } as const;

/** ELN 2022 genetic risk at initial diagnosis (Döhner 2022, Table 6 and its footnotes). */
export const ELN2022_RULES = defineRules('eln2022', {
  // Favorable.
  'runx1-runx1t1': favorable,
  'cbfb-myh11': favorable,
  'npm1-without-flt3-itd': favorable,
  'cebpa-bzip': molecular,
  // Intermediate.
  'npm1-with-flt3-itd': molecular,
  'flt3-itd-npm1-wild-type': molecular,
  'mllt3-kmt2a': table,
  'not-classified': table,
  // Adverse.
  'dek-nup214': table,
  'kmt2a-rearranged': table,
  'bcr-abl1': table,
  'kat6a-crebbp': table,
  'gata2-mecom': table,
  'mecom-rearranged': table,
  'minus5-del5q': table,
  minus7: table,
  'minus17-abn17p': table,
  'complex-karyotype': table,
  'monosomal-karyotype': table,
  'mr-gene': molecular,
  tp53: molecular,
  // Footnotes and co-occurrence rules.
  'most-adverse': table,
  'cbf-flt3-no-effect': favorable,
  'npm1-adverse-cytogenetics': molecular,
  'cebpa-other-not-favorable': molecular,
  'mllt3-precedence': table,
  'kmt2a-ptd-not-rearrangement': table,
  'complex-excluded-class-defining': table,
  'hyperdiploid-not-complex': table,
  'monosomal-excluded-cbf': table,
  'mr-genes-with-favorable': molecular,
  'tp53-below-vaf': molecular,
  'flt3-itd-ratio-not-used': molecular,
  // Warnings.
  'initial-diagnosis-only': { seed: [triage, workup], publications: [dohner] },
  'intensive-therapy-basis': table,
  'combination-not-addressed': table,
  'not-tested': { seed: [workup], publications: [dohner] },
  'not-tested-no-effect': { seed: [workup], publications: [dohner] },
  'tp53-vaf-missing': molecular,
  'possible-favorable': table,
  'possible-intermediate': table,
  'possible-adverse': table,
});

/**
 * Numbers of Table 6: TP53 counts at a VAF of at least 10 %; a complex karyotype has at least 3
 * unrelated abnormalities; a monosomal karyotype needs at least 2 abnormalities (two monosomies,
 * or one autosomal monosomy and one structural abnormality).
 */
export const ELN2022_THRESHOLDS = Object.freeze({
  tp53VafAtLeastPercent: 10,
  complexKaryotypeMinAbnormalities: 3,
  monosomalKaryotypeMinAbnormalities: 2,
});

export const ELN2022_CATEGORIES = ['favorable', 'intermediate', 'adverse'] as const;
export type Eln2022Category = (typeof ELN2022_CATEGORIES)[number];

export const FINDING_STATUSES = ['detected', 'not-detected', 'not-tested'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const FindingStatus = z.enum(FINDING_STATUSES);

/** Balanced rearrangements of Table 6, by the category each defines on its own. */
const CBF = ['runx1Runx1t1', 'cbfbMyh11'] as const;
const ADVERSE_REARRANGEMENTS = ['dekNup214', 'kmt2aRearranged', 'bcrAbl1', 'kat6aCrebbp', 'gata2Mecom', 'mecomRearranged'] as const;
const ADVERSE_SIMPLE = ['minus5OrDel5q', 'minus7', 'minus17OrAbn17p'] as const;
/** Every cytogenetic lesion field of Table 6, in table order. */
export const CYTOGENETIC_LESIONS = [...CBF, 'mllt3Kmt2a', ...ADVERSE_REARRANGEMENTS, ...ADVERSE_SIMPLE] as const;
type CytogeneticLesion = (typeof CYTOGENETIC_LESIONS)[number];
/** ELN 2022 myelodysplasia-related genes (adverse unless with a favorable subtype). */
export const MR_GENES = ['asxl1', 'bcor', 'ezh2', 'runx1', 'sf3b1', 'srsf2', 'stag2', 'u2af1', 'zrsr2'] as const;
type MrGene = (typeof MR_GENES)[number];
export const CEBPA_RESULTS = ['bzip-in-frame', 'other', 'not-detected', 'not-tested'] as const;

const LESION_DESCRIPTIONS: Readonly<Record<CytogeneticLesion, string>> = {
  runx1Runx1t1: 't(8;21)(q22;q22.1)/RUNX1::RUNX1T1 (karyotype, FISH or RT-PCR).',
  cbfbMyh11: 'inv(16)(p13.1q22) or t(16;16)(p13.1;q22)/CBFB::MYH11.',
  mllt3Kmt2a: 't(9;11)(p21.3;q23.3)/MLLT3::KMT2A.',
  dekNup214: 't(6;9)(p23.3;q34.1)/DEK::NUP214.',
  kmt2aRearranged: 't(v;11q23.3)/KMT2A rearranged with a partner other than MLLT3 (KMT2A-PTD is not a rearrangement: see molecular.kmt2aPtd).',
  bcrAbl1: 't(9;22)(q34.1;q11.2)/BCR::ABL1.',
  kat6aCrebbp: 't(8;16)(p11.2;p13.3)/KAT6A::CREBBP.',
  gata2Mecom: 'inv(3)(q21.3q26.2) or t(3;3)(q21.3;q26.2)/GATA2, MECOM(EVI1).',
  mecomRearranged: 't(3q26.2;v)/MECOM(EVI1) rearranged with another partner.',
  minus5OrDel5q: '-5 or del(5q).',
  minus7: '-7.',
  minus17OrAbn17p: '-17 or abn(17p).',
};

const lesionShape = Object.fromEntries(CYTOGENETIC_LESIONS.map((k) => [k, FindingStatus.describe(LESION_DESCRIPTIONS[k])])) as Record<
  CytogeneticLesion,
  z.ZodEnum<{ detected: 'detected'; 'not-detected': 'not-detected'; 'not-tested': 'not-tested' }>
>;
const mrShape = Object.fromEntries(MR_GENES.map((g) => [g, FindingStatus.describe(`${g.toUpperCase()} mutation (myelodysplasia-related gene).`)])) as Record<
  MrGene,
  z.ZodEnum<{ detected: 'detected'; 'not-detected': 'not-detected'; 'not-tested': 'not-tested' }>
>;

/**
 * Variant allele fraction as { value, unit } with unit '%' (0-100) or '1' (a fraction, 0-1),
 * converted to percent: a bare 0.12 could be 12 % or 0.12 %, so a bare number is refused.
 */
const VafInput = QuantityInput.superRefine((q, ctx) => {
  if (q.unit !== '%' && q.unit !== '1') refuse(ctx, ['unit'], 'eln2022.input.vaf-unit');
  else if (q.value <= 0 || q.value > (q.unit === '%' ? 100 : 1)) refuse(ctx, ['value'], 'eln2022.input.vaf-range');
})
  .transform((q) => (q.unit === '%' ? q.value : Math.round(q.value * 100 * 1e6) / 1e6))
  .meta({ description: "Variant allele fraction as { value, unit }: unit '%' (0-100] or '1' (fraction, 0-1]; converted to %." });

const CytogeneticsInput = z
  .object({
    ...lesionShape,
    complexKaryotype: FindingStatus.describe(
      'Complex karyotype: at least 3 unrelated abnormalities without a class-defining rearrangement; hyperdiploid karyotypes with only trisomies do not count.',
    ),
    monosomalKaryotype: FindingStatus.describe(
      'Monosomal karyotype: two or more distinct autosomal monosomies, or one autosomal monosomy with at least one structural abnormality.',
    ),
    abnormalityCount: z
      .number()
      .int()
      .min(0)
      .max(60)
      .optional()
      .describe('Number of unrelated clonal chromosome abnormalities in the karyotype (0 = normal karyotype), when a karyotype was obtained.'),
    trisomiesOnly: z
      .boolean()
      .default(false)
      .describe('True when the abnormalities are only trisomies or polysomies (hyperdiploid) without any structural abnormality.'),
  })
  .strict();

const MolecularInput = z
  .object({
    npm1: FindingStatus.describe('NPM1 mutation.'),
    flt3Itd: FindingStatus.describe('FLT3 internal tandem duplication; the allelic ratio is no longer used by ELN 2022.'),
    cebpa: z
      .enum(CEBPA_RESULTS)
      .describe("CEBPA: 'bzip-in-frame' (in-frame bZIP mutation, mono- or biallelic), 'other' (any other CEBPA mutation), 'not-detected', 'not-tested'."),
    ...mrShape,
    tp53: z
      .object({
        status: FindingStatus.describe('TP53 mutation.'),
        vaf: VafInput.optional().describe('Variant allele fraction of the TP53 mutation (highest, if several).'),
      })
      .strict(),
    kmt2aPtd: FindingStatus.describe('KMT2A partial tandem duplication (not a KMT2A rearrangement).'),
  })
  .strict();

const classDefiningDetected = (c: z.output<typeof CytogeneticsInput>): boolean =>
  c.runx1Runx1t1 === 'detected' ||
  c.cbfbMyh11 === 'detected' ||
  c.mllt3Kmt2a === 'detected' ||
  ADVERSE_REARRANGEMENTS.some((k) => c[k] === 'detected');

/** Contradictions within one set of genetic findings; path is where the findings sit in the input. */
function refuseEln2022Contradictions(
  input: { cytogenetics: z.output<typeof CytogeneticsInput>; molecular: z.output<typeof MolecularInput> },
  ctx: z.RefinementCtx,
  at: readonly (string | number)[] = [],
): void {
  const c = input.cytogenetics;
  const cyto = [...at, 'cytogenetics'];
  const count = c.abnormalityCount;
  let detected = 0;
  for (const k of CYTOGENETIC_LESIONS) if (c[k] === 'detected') detected++;
  const T = ELN2022_THRESHOLDS;
  if (count !== undefined) {
    if (detected > count) refuse(ctx, [...cyto, 'abnormalityCount'], 'eln2022.input.abnormality-count-too-low');
    if (c.complexKaryotype === 'detected' && count < T.complexKaryotypeMinAbnormalities) {
      refuse(ctx, [...cyto, 'complexKaryotype'], 'eln2022.input.complex-too-few');
    }
    if (c.complexKaryotype === 'not-detected' && count >= T.complexKaryotypeMinAbnormalities && !c.trisomiesOnly && !classDefiningDetected(c)) {
      refuse(ctx, [...cyto, 'complexKaryotype'], 'eln2022.input.complex-flag-false');
    }
    if (c.monosomalKaryotype === 'detected' && count < T.monosomalKaryotypeMinAbnormalities) {
      refuse(ctx, [...cyto, 'monosomalKaryotype'], 'eln2022.input.monosomal-too-few');
    }
  }
  if (c.trisomiesOnly) {
    if (c.complexKaryotype === 'detected') refuse(ctx, [...cyto, 'complexKaryotype'], 'eln2022.input.complex-trisomies-only');
    if (detected > 0 || c.monosomalKaryotype === 'detected') refuse(ctx, [...cyto, 'trisomiesOnly'], 'eln2022.input.trisomies-only-with-lesion');
  }
  if (c.mllt3Kmt2a === 'detected' && c.kmt2aRearranged === 'detected') refuse(ctx, [...cyto, 'kmt2aRearranged'], 'eln2022.input.kmt2a-two-partners');
  const tp53 = input.molecular.tp53;
  if (tp53.vaf !== undefined && tp53.status !== 'detected') refuse(ctx, [...at, 'molecular', 'tp53', 'vaf'], 'eln2022.input.vaf-without-mutation');
}

const Eln2022Findings = z
  .object({
    cytogenetics: CytogeneticsInput.describe('Each Table 6 cytogenetic lesion: detected, not-detected or not-tested.'),
    molecular: MolecularInput.describe('Each Table 6 gene: detected, not-detected or not-tested.'),
  })
  .strict()
  .superRefine((input, ctx) => refuseEln2022Contradictions(input, ctx));
/** The genetic findings as validated, before the digest is added. */
export type Eln2022Findings = z.output<typeof Eln2022Findings>;

/** What evaluation needs, computed once when the input is parsed. */
export interface Eln2022Digest {
  /** Dimensions known to be present, and dimensions left open by untested findings (bit sets). */
  readonly known: number;
  readonly open: number;
  readonly cytogenetics: readonly CytogeneticLesion[];
  readonly mrGenes: readonly MrGene[];
  readonly untested: readonly string[];
}

export const Eln2022Input = Eln2022Findings.transform((findings) => ({ ...findings, digest: digestOf(findings) }));
export type Eln2022Input = z.output<typeof Eln2022Input>;

/** Codes of the lesions that define a category (rule keys of ELN2022_RULES, MR genes by name). */
export const ELN2022_LESIONS = [
  'runx1-runx1t1',
  'cbfb-myh11',
  'npm1-without-flt3-itd',
  'cebpa-bzip',
  'npm1-with-flt3-itd',
  'flt3-itd-npm1-wild-type',
  'mllt3-kmt2a',
  'not-classified',
  'dek-nup214',
  'kmt2a-rearranged',
  'bcr-abl1',
  'kat6a-crebbp',
  'gata2-mecom',
  'mecom-rearranged',
  'minus5-del5q',
  'minus7',
  'minus17-abn17p',
  'complex-karyotype',
  'monosomal-karyotype',
  ...MR_GENES,
  'tp53',
] as const;
export type Eln2022Lesion = (typeof ELN2022_LESIONS)[number];

export const Eln2022Value = z.object({
  category: z.enum(ELN2022_CATEGORIES),
  definingLesions: z.array(z.enum(ELN2022_LESIONS)),
});
export type Eln2022Value = z.infer<typeof Eln2022Value>;

const R = ELN2022_RULES;

// ---------------------------------------------------------------------------------------------
// The classification itself, on one fully known "world" of booleans. Untested findings are
// handled by classifying every world they allow (see possibleCategories).
// ---------------------------------------------------------------------------------------------

// One fully known combination of the findings that decide the category is a bit set ("world");
// untested findings leave bits open, and every world they allow is classified.
const CBF_BIT = 1 << 0;
const T911_BIT = 1 << 1;
const KMT2A_OTHER_BIT = 1 << 2;
const ADVERSE_REARRANGEMENT_BIT = 1 << 3;
const ADVERSE_SIMPLE_BIT = 1 << 4;
const COMPLEX_BIT = 1 << 5;
const MONOSOMAL_BIT = 1 << 6;
const NPM1_BIT = 1 << 7;
const ITD_BIT = 1 << 8;
const CEBPA_BIT = 1 << 9;
const MR_BIT = 1 << 10;
const TP53_BIT = 1 << 11;
const DIMENSION_COUNT = 12;

const FAVORABLE = 0;
const INTERMEDIATE = 1;
const ADVERSE = 2;
const CATEGORY_OF: readonly Eln2022Category[] = ELN2022_CATEGORIES;

/** Table 6 with its footnotes, on one world; 0 favorable, 1 intermediate, 2 adverse. */
function categoryOf(w: number): number {
  const cbf = (w & CBF_BIT) !== 0;
  const t911 = (w & T911_BIT) !== 0;
  const npm1 = (w & NPM1_BIT) !== 0;
  const itd = (w & ITD_BIT) !== 0;
  const favorableSubtype = cbf || (npm1 && !itd) || (w & CEBPA_BIT) !== 0;
  const classDefining = (w & (CBF_BIT | T911_BIT | KMT2A_OTHER_BIT | ADVERSE_REARRANGEMENT_BIT)) !== 0;
  const adverse =
    (w & (KMT2A_OTHER_BIT | ADVERSE_REARRANGEMENT_BIT | ADVERSE_SIMPLE_BIT)) !== 0 ||
    ((w & COMPLEX_BIT) !== 0 && !classDefining) ||
    ((w & MONOSOMAL_BIT) !== 0 && !cbf) ||
    ((w & MR_BIT) !== 0 && !favorableSubtype && !t911) ||
    ((w & TP53_BIT) !== 0 && !t911);
  if (adverse) return ADVERSE;
  // FLT3-ITD: intermediate with mutated NPM1, and with wild-type NPM1 unless core-binding-factor AML.
  if (t911 || (itd && (npm1 || !cbf))) return INTERMEDIATE;
  return favorableSubtype ? FAVORABLE : INTERMEDIATE;
}

/** Known bits (detected) and open bits (not tested, or not decidable) of the findings. */
interface Dimensions {
  known: number;
  open: number;
}

function dimensionsOf(input: Eln2022Findings): Dimensions {
  const c = input.cytogenetics;
  const m = input.molecular;
  let known = 0;
  let open = 0;
  const add = (s: FindingStatus, bit: number): void => {
    if (s === 'detected') known |= bit;
    else if (s === 'not-tested') open |= bit;
  };
  add(c.runx1Runx1t1, CBF_BIT);
  add(c.cbfbMyh11, CBF_BIT);
  add(c.mllt3Kmt2a, T911_BIT);
  add(c.kmt2aRearranged, KMT2A_OTHER_BIT);
  add(c.dekNup214, ADVERSE_REARRANGEMENT_BIT);
  add(c.bcrAbl1, ADVERSE_REARRANGEMENT_BIT);
  add(c.kat6aCrebbp, ADVERSE_REARRANGEMENT_BIT);
  add(c.gata2Mecom, ADVERSE_REARRANGEMENT_BIT);
  add(c.mecomRearranged, ADVERSE_REARRANGEMENT_BIT);
  add(c.minus5OrDel5q, ADVERSE_SIMPLE_BIT);
  add(c.minus7, ADVERSE_SIMPLE_BIT);
  add(c.minus17OrAbn17p, ADVERSE_SIMPLE_BIT);
  const count = c.abnormalityCount;
  const T = ELN2022_THRESHOLDS;
  if (c.complexKaryotype === 'not-tested' && count !== undefined) {
    if (count >= T.complexKaryotypeMinAbnormalities && !c.trisomiesOnly) known |= COMPLEX_BIT;
  } else add(c.complexKaryotype, COMPLEX_BIT);
  if (!(c.monosomalKaryotype === 'not-tested' && count !== undefined && count < T.monosomalKaryotypeMinAbnormalities)) {
    add(c.monosomalKaryotype, MONOSOMAL_BIT);
  }
  add(m.npm1, NPM1_BIT);
  add(m.flt3Itd, ITD_BIT);
  if (m.cebpa === 'bzip-in-frame') known |= CEBPA_BIT;
  else if (m.cebpa === 'not-tested') open |= CEBPA_BIT;
  for (const g of MR_GENES) add(m[g], MR_BIT);
  const tp53 = m.tp53;
  if (tp53.status === 'detected') {
    if (tp53.vaf === undefined) open |= TP53_BIT;
    else if (tp53.vaf >= T.tp53VafAtLeastPercent) known |= TP53_BIT;
  } else if (tp53.status === 'not-tested') open |= TP53_BIT;
  // A finding detected elsewhere in the same group decides the group.
  return { known, open: open & ~known };
}

/** Bit set of the categories (1 favorable, 2 intermediate, 4 adverse) over every world the findings allow. */
function possibleCategories(dims: Dimensions): number {
  const { known, open } = dims;
  if (open === 0) return 1 << categoryOf(known);
  const bits: number[] = [];
  for (let i = 0; i < DIMENSION_COUNT; i++) if ((open & (1 << i)) !== 0) bits.push(1 << i);
  let seen = 0;
  for (let mask = 0; mask < 1 << bits.length; mask++) {
    let world = known;
    for (let j = 0; j < bits.length; j++) if ((mask & (1 << j)) !== 0) world |= bits[j]!;
    // t(9;11) together with another KMT2A partner is refused as input: not a world.
    if ((world & T911_BIT) !== 0 && (world & KMT2A_OTHER_BIT) !== 0) continue;
    seen |= 1 << categoryOf(world);
    if (seen === 7) break;
  }
  return seen;
}

// ---------------------------------------------------------------------------------------------
// The explanation, on the findings as reported (untested findings count as not detected).
// ---------------------------------------------------------------------------------------------

const CYTO_RULE: Readonly<Record<CytogeneticLesion, { rule: (typeof R)[keyof typeof R]; lesion: Eln2022Lesion; category: number }>> = {
  runx1Runx1t1: { rule: R['runx1-runx1t1'], lesion: 'runx1-runx1t1', category: FAVORABLE },
  cbfbMyh11: { rule: R['cbfb-myh11'], lesion: 'cbfb-myh11', category: FAVORABLE },
  mllt3Kmt2a: { rule: R['mllt3-kmt2a'], lesion: 'mllt3-kmt2a', category: INTERMEDIATE },
  dekNup214: { rule: R['dek-nup214'], lesion: 'dek-nup214', category: ADVERSE },
  kmt2aRearranged: { rule: R['kmt2a-rearranged'], lesion: 'kmt2a-rearranged', category: ADVERSE },
  bcrAbl1: { rule: R['bcr-abl1'], lesion: 'bcr-abl1', category: ADVERSE },
  kat6aCrebbp: { rule: R['kat6a-crebbp'], lesion: 'kat6a-crebbp', category: ADVERSE },
  gata2Mecom: { rule: R['gata2-mecom'], lesion: 'gata2-mecom', category: ADVERSE },
  mecomRearranged: { rule: R['mecom-rearranged'], lesion: 'mecom-rearranged', category: ADVERSE },
  minus5OrDel5q: { rule: R['minus5-del5q'], lesion: 'minus5-del5q', category: ADVERSE },
  minus7: { rule: R.minus7, lesion: 'minus7', category: ADVERSE },
  minus17OrAbn17p: { rule: R['minus17-abn17p'], lesion: 'minus17-abn17p', category: ADVERSE },
};
const CYTO_BASIS: Readonly<Record<CytogeneticLesion, BasisEntry>> = Object.freeze(
  Object.fromEntries(
    CYTOGENETIC_LESIONS.map((k) => [
      k,
      Object.freeze({ rule: CYTO_RULE[k].rule, field: `cytogenetics.${k}`, observed: 'detected', yields: CATEGORY_OF[CYTO_RULE[k].category] }),
    ]),
  ) as Record<CytogeneticLesion, BasisEntry>,
);
const MR_BASIS: Readonly<Record<MrGene, BasisEntry>> = Object.freeze(
  Object.fromEntries(
    MR_GENES.map((g) => [g, Object.freeze({ rule: R['mr-gene'], field: `molecular.${g}`, observed: g.toUpperCase(), yields: 'adverse' })]),
  ) as Record<MrGene, BasisEntry>,
);
const MR_SUPPRESSED: Readonly<Record<MrGene, BasisEntry>> = Object.freeze(
  Object.fromEntries(
    MR_GENES.map((g) => [g, Object.freeze({ rule: R['mr-genes-with-favorable'], field: `molecular.${g}`, observed: g.toUpperCase() })]),
  ) as Record<MrGene, BasisEntry>,
);
const MR_PRECEDENCE: Readonly<Record<MrGene, BasisEntry>> = Object.freeze(
  Object.fromEntries(
    MR_GENES.map((g) => [g, Object.freeze({ rule: R['mllt3-precedence'], field: `molecular.${g}`, observed: g.toUpperCase() })]),
  ) as Record<MrGene, BasisEntry>,
);
const b = (rule: (typeof R)[keyof typeof R], field: string, observed: BasisEntry['observed'], yields?: Eln2022Category): BasisEntry =>
  Object.freeze(yields === undefined ? { rule, field, observed } : { rule, field, observed, yields });
const NPM1_NO_ITD = b(R['npm1-without-flt3-itd'], 'molecular.npm1', 'detected', 'favorable');
const NPM1_ITD = b(R['npm1-with-flt3-itd'], 'molecular.flt3Itd', 'detected', 'intermediate');
const ITD_NPM1_WT = b(R['flt3-itd-npm1-wild-type'], 'molecular.flt3Itd', 'detected', 'intermediate');
const CEBPA_BZIP = b(R['cebpa-bzip'], 'molecular.cebpa', 'bzip-in-frame', 'favorable');
const CEBPA_OTHER = b(R['cebpa-other-not-favorable'], 'molecular.cebpa', 'other');
const COMPLEX = b(R['complex-karyotype'], 'cytogenetics.complexKaryotype', 'detected', 'adverse');
const COMPLEX_EXCLUDED = b(R['complex-excluded-class-defining'], 'cytogenetics.complexKaryotype', 'detected');
const HYPERDIPLOID = b(R['hyperdiploid-not-complex'], 'cytogenetics.trisomiesOnly', true);
const MONOSOMAL = b(R['monosomal-karyotype'], 'cytogenetics.monosomalKaryotype', 'detected', 'adverse');
const MONOSOMAL_EXCLUDED = b(R['monosomal-excluded-cbf'], 'cytogenetics.monosomalKaryotype', 'detected');
const CBF_FLT3 = b(R['cbf-flt3-no-effect'], 'molecular.flt3Itd', 'detected');
const ITD_RATIO = b(R['flt3-itd-ratio-not-used'], 'molecular.flt3Itd', 'detected');
const NPM1_ADVERSE_CYTO = b(R['npm1-adverse-cytogenetics'], 'molecular.npm1', 'detected', 'adverse');
const TP53_PRECEDENCE = b(R['mllt3-precedence'], 'molecular.tp53.vaf', 'TP53');
const KMT2A_PTD = b(R['kmt2a-ptd-not-rearrangement'], 'molecular.kmt2aPtd', 'detected');
const NOT_CLASSIFIED = b(R['not-classified'], 'category', 'intermediate', 'intermediate');
const MOST_ADVERSE: readonly BasisEntry[] = CATEGORY_OF.map((c) => b(R['most-adverse'], 'category', c, c));
const TP53_VAF: Threshold = Object.freeze({ comparator: '>=', value: ELN2022_THRESHOLDS.tp53VafAtLeastPercent, unit: '%' });
const TP53_BELOW: Threshold = Object.freeze({ comparator: '<', value: ELN2022_THRESHOLDS.tp53VafAtLeastPercent, unit: '%' });
const COMPLEX_COUNT: Threshold = Object.freeze({ comparator: '>=', value: ELN2022_THRESHOLDS.complexKaryotypeMinAbnormalities });

const INITIAL_ONLY: Warning = Object.freeze({ rule: R['initial-diagnosis-only'] });
const INTENSIVE: Warning = Object.freeze({ rule: R['intensive-therapy-basis'] });
const NOT_ADDRESSED: Warning = Object.freeze({ rule: R['combination-not-addressed'] });
const TP53_VAF_MISSING: Warning = Object.freeze({ rule: R['tp53-vaf-missing'], field: 'molecular.tp53.vaf' });
const POSSIBLE: readonly Warning[] = [R['possible-favorable'], R['possible-intermediate'], R['possible-adverse']].map((rule) =>
  Object.freeze({ rule }),
);

const fieldWarnings = (rule: (typeof R)[keyof typeof R], fields: readonly string[]): Readonly<Record<string, Warning>> =>
  Object.freeze(Object.fromEntries(fields.map((field) => [field, Object.freeze({ rule, field })])));
const CYTO_FIELDS: Readonly<Record<CytogeneticLesion, string>> = Object.freeze(
  Object.fromEntries(CYTOGENETIC_LESIONS.map((k) => [k, `cytogenetics.${k}`])) as Record<CytogeneticLesion, string>,
);
const MR_FIELDS: Readonly<Record<MrGene, string>> = Object.freeze(Object.fromEntries(MR_GENES.map((g) => [g, `molecular.${g}`])) as Record<MrGene, string>);
const ALL_FIELDS: readonly string[] = [
  ...Object.values(CYTO_FIELDS),
  'cytogenetics.complexKaryotype',
  'cytogenetics.monosomalKaryotype',
  'molecular.npm1',
  'molecular.flt3Itd',
  'molecular.cebpa',
  ...Object.values(MR_FIELDS),
  'molecular.tp53.status',
  'molecular.kmt2aPtd',
];
const NOT_TESTED = fieldWarnings(R['not-tested'], ALL_FIELDS);
const NO_EFFECT = fieldWarnings(R['not-tested-no-effect'], ALL_FIELDS);

/** Every field reported as not tested, in input order. */
function untestedOf(input: Eln2022Findings): string[] {
  const out: string[] = [];
  const c = input.cytogenetics;
  for (const k of CYTOGENETIC_LESIONS) if (c[k] === 'not-tested') out.push(CYTO_FIELDS[k]);
  const count = c.abnormalityCount;
  if (c.complexKaryotype === 'not-tested' && count === undefined) out.push('cytogenetics.complexKaryotype');
  if (c.monosomalKaryotype === 'not-tested' && (count === undefined || count >= ELN2022_THRESHOLDS.monosomalKaryotypeMinAbnormalities)) {
    out.push('cytogenetics.monosomalKaryotype');
  }
  const m = input.molecular;
  if (m.npm1 === 'not-tested') out.push('molecular.npm1');
  if (m.flt3Itd === 'not-tested') out.push('molecular.flt3Itd');
  if (m.cebpa === 'not-tested') out.push('molecular.cebpa');
  for (const g of MR_GENES) if (m[g] === 'not-tested') out.push(MR_FIELDS[g]);
  if (m.tp53.status === 'not-tested') out.push('molecular.tp53.status');
  if (m.kmt2aPtd === 'not-tested') out.push('molecular.kmt2aPtd');
  return out;
}

function digestOf(input: Eln2022Findings): Eln2022Digest {
  const { known, open } = dimensionsOf(input);
  const c = input.cytogenetics;
  const m = input.molecular;
  return Object.freeze({
    known,
    open,
    cytogenetics: Object.freeze(CYTOGENETIC_LESIONS.filter((k) => c[k] === 'detected')),
    mrGenes: Object.freeze(MR_GENES.filter((g) => m[g] === 'detected')),
    untested: Object.freeze(untestedOf(input)),
  });
}

interface Explained {
  category: number;
  defining: Eln2022Lesion[];
  basis: BasisEntry[];
  /** How the lesions combine into the category; shown only when the category is determined. */
  conclusion: BasisEntry[];
  notAddressed: boolean;
}

/** Classifies the findings as reported (untested = not detected) and says why. */
function explain(input: Eln2022Input): Explained {
  const c = input.cytogenetics;
  const m = input.molecular;
  const basis: BasisEntry[] = [];
  const byCategory: Eln2022Lesion[][] = [[], [], []];
  const cbf = c.runx1Runx1t1 === 'detected' || c.cbfbMyh11 === 'detected';
  const t911 = c.mllt3Kmt2a === 'detected';
  const npm1 = m.npm1 === 'detected';
  const itd = m.flt3Itd === 'detected';
  const cebpa = m.cebpa === 'bzip-in-frame';
  const favorableSubtype = cbf || (npm1 && !itd) || cebpa;

  let adverseCyto = false;
  for (const k of input.digest.cytogenetics) {
    basis.push(CYTO_BASIS[k]);
    const spec = CYTO_RULE[k];
    byCategory[spec.category]!.push(spec.lesion);
    if (spec.category === ADVERSE) adverseCyto = true;
  }
  const classDefining = classDefiningDetected(c);
  const count = c.abnormalityCount;
  const complexFlag =
    c.complexKaryotype === 'detected' ||
    (c.complexKaryotype === 'not-tested' && count !== undefined && count >= ELN2022_THRESHOLDS.complexKaryotypeMinAbnormalities && !c.trisomiesOnly);
  if (complexFlag) {
    if (classDefining) basis.push(COMPLEX_EXCLUDED);
    else {
      basis.push(count === undefined ? COMPLEX : { ...COMPLEX, field: 'cytogenetics.abnormalityCount', observed: count, threshold: COMPLEX_COUNT });
      byCategory[ADVERSE]!.push('complex-karyotype');
      adverseCyto = true;
    }
  } else if (c.trisomiesOnly && count !== undefined && count >= ELN2022_THRESHOLDS.complexKaryotypeMinAbnormalities) {
    basis.push({ ...HYPERDIPLOID, observed: count });
  }
  if (c.monosomalKaryotype === 'detected') {
    if (cbf) basis.push(MONOSOMAL_EXCLUDED);
    else {
      basis.push(MONOSOMAL);
      byCategory[ADVERSE]!.push('monosomal-karyotype');
      adverseCyto = true;
    }
  }

  if (npm1) {
    if (itd) {
      basis.push(NPM1_ITD);
      byCategory[INTERMEDIATE]!.push('npm1-with-flt3-itd');
    } else {
      basis.push(NPM1_NO_ITD);
      byCategory[FAVORABLE]!.push('npm1-without-flt3-itd');
    }
  }
  if (itd) {
    if (cbf) basis.push(CBF_FLT3);
    else if (!npm1) {
      basis.push(ITD_NPM1_WT);
      byCategory[INTERMEDIATE]!.push('flt3-itd-npm1-wild-type');
    }
    basis.push(ITD_RATIO);
  }
  if (cebpa) {
    basis.push(CEBPA_BZIP);
    byCategory[FAVORABLE]!.push('cebpa-bzip');
  } else if (m.cebpa === 'other') basis.push(CEBPA_OTHER);

  for (const g of input.digest.mrGenes) {
    if (t911) basis.push(MR_PRECEDENCE[g]);
    else if (favorableSubtype) basis.push(MR_SUPPRESSED[g]);
    else {
      basis.push(MR_BASIS[g]);
      byCategory[ADVERSE]!.push(g);
    }
  }
  let tp53Counted = false;
  const tp53 = m.tp53;
  if (tp53.status === 'detected' && tp53.vaf !== undefined) {
    if (tp53.vaf < ELN2022_THRESHOLDS.tp53VafAtLeastPercent) {
      basis.push({ rule: R['tp53-below-vaf'], field: 'molecular.tp53.vaf', observed: tp53.vaf, unit: '%', threshold: TP53_BELOW });
    } else if (t911) {
      basis.push(TP53_PRECEDENCE);
    } else {
      basis.push({ rule: R.tp53, field: 'molecular.tp53.vaf', observed: tp53.vaf, unit: '%', threshold: TP53_VAF, yields: 'adverse' });
      byCategory[ADVERSE]!.push('tp53');
      tp53Counted = true;
    }
  }
  if (m.kmt2aPtd === 'detected') basis.push(KMT2A_PTD);
  if (npm1 && adverseCyto) basis.push(NPM1_ADVERSE_CYTO);

  const category =
    byCategory[ADVERSE]!.length > 0 ? ADVERSE : byCategory[INTERMEDIATE]!.length > 0 ? INTERMEDIATE : byCategory[FAVORABLE]!.length > 0 ? FAVORABLE : INTERMEDIATE;
  let defining = byCategory[category]!;
  const conclusion: BasisEntry[] = [];
  if (defining.length === 0) {
    conclusion.push(NOT_CLASSIFIED);
    defining = ['not-classified'];
  }
  let fired = 0;
  for (const list of byCategory) if (list.length > 0) fired++;
  if (fired > 1) conclusion.push(MOST_ADVERSE[category]!);
  // A favorable subtype meets a lesion of another category and no footnote settles the combination.
  const notAddressed =
    (category === ADVERSE && (cbf || cebpa || (npm1 && !itd && !adverseCyto && tp53Counted))) || (category === INTERMEDIATE && favorableSubtype);
  return { category, defining, basis, conclusion, notAddressed };
}

/** The classification alone, for other instruments (e.g. aml-first-line). */
export function classifyEln2022(input: Eln2022Findings): { category: Eln2022Category | null; possible: readonly Eln2022Category[] } {
  const possible = possibleCategories(dimensionsOf(input));
  const list = ELN2022_CATEGORIES.filter((_, i) => (possible & (1 << i)) !== 0);
  return { category: list.length === 1 ? list[0]! : null, possible: list };
}

export function assessEln2022(input: Eln2022Input): Assessment<Eln2022Value> {
  const possible = possibleCategories(input.digest);
  const warnings: Warning[] = [];
  const tp53VafMissing = input.molecular.tp53.status === 'detected' && input.molecular.tp53.vaf === undefined;
  const determined = possible === 1 || possible === 2 || possible === 4;
  const explained = explain(input);
  if (!determined) {
    for (const field of input.digest.untested) warnings.push(NOT_TESTED[field]!);
    if (tp53VafMissing) warnings.push(TP53_VAF_MISSING);
    for (let i = 0; i < 3; i++) if ((possible & (1 << i)) !== 0) warnings.push(POSSIBLE[i]!);
    warnings.push(INITIAL_ONLY);
    return cannotAssess('eln2022', warnings, explained.basis);
  }
  for (const field of input.digest.untested) warnings.push(NO_EFFECT[field]!);
  if (tp53VafMissing) warnings.push(TP53_VAF_MISSING);
  if (explained.notAddressed) warnings.push(NOT_ADDRESSED);
  warnings.push(INITIAL_ONLY, INTENSIVE);
  for (const entry of explained.conclusion) explained.basis.push(entry);
  const category = CATEGORY_OF[explained.category]!;
  return assessed('eln2022', { category, definingLesions: explained.defining }, explained.basis, [], warnings);
}

export const eln2022Instrument = defineInstrument({
  name: 'eln2022',
  kind: 'instrument',
  section: '000 §AML 分流 (ELN 2022; Döhner 2022, Table 6)',
  input: Eln2022Input,
  value: Eln2022Value,
  evaluate: (input) => assessEln2022(input),
  summary: (v) => ({ variant: v.category }),
});
