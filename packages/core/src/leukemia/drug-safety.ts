import * as z from 'zod';
import type { BasisEntry, Warning } from '../explain/result.js';
import { assessed, type Assessment } from '../explain/result.js';
import { defineRules, type Rule } from '../explain/rules.js';
import type { PublicationKey, RuleSources, SeedReference } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { defineInstrument } from '../instruments/registry.js';
import { toEpochDay } from '../journey/calendar.js';
import { CalendarDate, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { drugSafetyMessages } from './drug-safety.messages.js';
import { LEUKEMIA_WORKUP_AML_DEFINING_GENETICS, LEUKEMIA_WORKUP_LINEAGES, leukemiaDiagnosticThreshold } from './workup.js';

registerMessages(drugSafetyMessages);

const cite = (seed: SeedReference[], ...keys: PublicationKey[]): RuleSources => ({ seed, publications: [...new Set(keys)] });

const amlEffects: SeedReference = { seed: 'amlAll', section: '§AML 主要藥物副作用' };
const allEffects: SeedReference = { seed: 'amlAll', section: '§ALL 主要藥物副作用' };
const indications: SeedReference = { seed: 'amlAll', section: '§適應症 (已核准或主要試驗群體)' };
const contra: SeedReference = { seed: 'amlAll', section: '§一般禁忌症與謹慎使用' };
const fitSplit: SeedReference = { seed: 'amlAll', section: '§AML：依「能不能扛強效化療」與「驅動基因」分流' };
const fitLine: SeedReference = { seed: 'amlAll', section: '§Fit AML 一線：7+3 ± 標靶' };
const unfitLine: SeedReference = { seed: 'amlAll', section: '§Unfit AML 一線：venetoclax + 低強度去甲基化藥物' };
const phPos: SeedReference = { seed: 'amlAll', section: '§Ph+ ALL (BCR::ABL1 陽性)' };
const rr: SeedReference = { seed: 'amlAll', section: '§復發／難治 (r/r) B-ALL : 免疫治療三選一' };
const tAll: SeedReference = { seed: 'amlAll', section: '§T-ALL' };

const general = cite([contra], 'dohner2022', 'litzow2024');
const cardiac = cite([contra, amlEffects], 'dohner2022', 'lancet2018');
const hepatic = cite([contra], 'dinardo2020', 'kantarjian2016');
const ven = cite([unfitLine, amlEffects], 'dinardo2020');
const ino = cite([allEffects], 'kantarjian2016');
const midoInd = cite([fitLine, indications], 'stone2017');
const cpxInd = cite([fitLine], 'lancet2018');
const amlDx = cite([indications], 'dohner2022');
const allDx = cite([indications], 'litzow2024');
const fitness = cite([fitSplit, fitLine, unfitLine, indications], 'dohner2022', 'dinardo2020');
const tki = cite([indications, phPos], 'jabbour2023');
const cd19 = cite([tAll, rr], 'maude2018', 'kantarjian2016', 'litzow2024');
const eliana = cite([rr], 'maude2018');

/** Drug safety: seed 000 §適應症、禁忌症、副作用要點, checked against the patient's data. */
export const DRUG_SAFETY_RULES = defineRules('drug-safety', {
  // Side-effect summaries, one per regimen.
  'side-effects-seven-plus-three': cite([amlEffects], 'dohner2022'),
  'side-effects-midostaurin': cite([amlEffects], 'stone2017'),
  'side-effects-cpx-351': cite([amlEffects], 'lancet2018'),
  'side-effects-venetoclax-azacitidine': cite([amlEffects], 'dinardo2020'),
  'side-effects-all-chemotherapy': cite([allEffects], 'stock2019'),
  'side-effects-tki': cite([phPos], 'jabbour2023'),
  'side-effects-blinatumomab': cite([allEffects], 'litzow2024', 'kantarjian2017'),
  'side-effects-inotuzumab': ino,
  'side-effects-tisagenlecleucel': cite([allEffects], 'maude2018'),
  'anthracycline-cumulative-dose': cardiac,
  // General contraindications and cautions.
  'infection-ok': general,
  'infection-contraindicated': general,
  'infection-missing': general,
  'pregnancy-ok': general,
  'pregnancy-caution': general,
  'pregnancy-missing': general,
  'psychosis-ok': general,
  'psychosis-caution': general,
  'psychosis-missing': general,
  'frailty-ok': general,
  'frailty-caution': general,
  'frailty-missing': general,
  'cns-bleeding-ok': general,
  'cns-bleeding-contraindicated': cite([contra, allEffects], 'stock2019'),
  'cns-bleeding-caution': general,
  'cns-bleeding-missing': general,
  'cardiac-ok': cardiac,
  'cardiac-contraindicated': cardiac,
  'cardiac-lvef-review': cardiac,
  'cardiac-missing': cardiac,
  'hepatic-ok': hepatic,
  'hepatic-contraindicated': hepatic,
  'hepatic-missing': hepatic,
  // Venetoclax: ramp-up and inpatient TLS monitoring.
  'ramp-up-ok': ven,
  'ramp-up-caution': ven,
  'ramp-up-missing': ven,
  'tls-monitoring-ok': ven,
  'tls-monitoring-caution': ven,
  'tls-monitoring-missing': ven,
  // Inotuzumab: VOD / SOS and the washout before transplant.
  'vod-no-hct': ino,
  'vod-hct-planned': ino,
  'vod-missing': ino,
  'washout-ok': ino,
  'washout-short': ino,
  'washout-missing': ino,
  // Midostaurin.
  'flt3-ok': midoInd,
  'flt3-not-indicated': midoInd,
  'flt3-missing': midoInd,
  'qt-ok': cite([amlEffects], 'stone2017'),
  'qt-caution': cite([amlEffects], 'stone2017'),
  'qt-missing': cite([amlEffects], 'stone2017'),
  // CPX-351.
  'cpx-subtype-ok': cpxInd,
  'cpx-subtype-caution': cpxInd,
  'cpx-subtype-missing': cpxInd,
  // AML diagnosis and fitness.
  'aml-diagnosis-ok': amlDx,
  'aml-diagnosis-not-met': amlDx,
  'aml-diagnosis-lymphoid': amlDx,
  'aml-diagnosis-missing': amlDx,
  'fitness-ok': fitness,
  'fitness-caution-unfit': fitness,
  'fitness-caution-fit': fitness,
  'fitness-missing': fitness,
  // ALL diagnosis, BCR::ABL1, lineage, ELIANA age.
  'all-diagnosis-ok': allDx,
  'all-diagnosis-not-met': allDx,
  'all-diagnosis-myeloid': allDx,
  'all-diagnosis-missing': allDx,
  'bcr-abl1-ok': tki,
  'bcr-abl1-contraindicated': tki,
  'bcr-abl1-missing': tki,
  'b-lineage-ok': cd19,
  'b-lineage-contraindicated': cd19,
  'b-lineage-missing': cd19,
  'eliana-age-ok': eliana,
  'eliana-age-caution': eliana,
  'eliana-age-missing': eliana,
  // Overall.
  overall: general,
});
const R = DRUG_SAFETY_RULES;

export const DRUG_SAFETY_REGIMENS = [
  'seven-plus-three',
  'midostaurin',
  'cpx-351',
  'venetoclax-azacitidine',
  'all-chemotherapy',
  'tki',
  'blinatumomab',
  'inotuzumab',
  'tisagenlecleucel',
] as const;
export type DrugSafetyRegimen = (typeof DRUG_SAFETY_REGIMENS)[number];

/** The numbers the checks use, as seed 000 states them. */
export const DRUG_SAFETY_THRESHOLDS = Object.freeze({
  /** §ALL 主要藥物副作用: washout of at least 60 days between inotuzumab and allo-HCT. */
  inotuzumabWashoutBeforeHctDays: 60,
  /** §復發／難治 (r/r) B-ALL: ELIANA enrolled patients aged 25 years or younger. */
  elianaMaxAgeYears: 25,
  /** §適應症: at least 20% blasts (AML or ALL). */
  blastsAtLeastPercent: 20,
});
const T = DRUG_SAFETY_THRESHOLDS;

interface SideEffect {
  readonly effect: string;
  /** Incidence as the seed gives it: [low, high] %, one number as [n, n]; null when not given. */
  readonly percent: readonly [number, number] | null;
  readonly note?: string;
}
interface RegimenProfile {
  readonly disease: 'AML' | 'ALL';
  readonly anthracycline: boolean;
  readonly hepaticMetabolism: boolean;
  readonly sideEffects: readonly SideEffect[];
}
const fx = (effect: string, percent: readonly [number, number] | null = null, note?: string): SideEffect =>
  Object.freeze(note === undefined ? { effect, percent } : { effect, percent, note });

/** Seed 000 §AML / §ALL 主要藥物副作用 as data; `percent` only where the seed gives a number. */
export const DRUG_SAFETY_PROFILES: Readonly<Record<DrugSafetyRegimen, RegimenProfile>> = Object.freeze({
  'seven-plus-three': {
    disease: 'AML',
    anthracycline: true,
    hepaticMetabolism: false,
    sideEffects: [fx('neutropenia-grade-3-plus', [100, 100], 'nearly all'), fx('infection-or-sepsis', [30, 50]), fx('cardiotoxicity', null, 'cumulative anthracycline dose limit'), fx('mucositis'), fx('liver-test-abnormality')],
  },
  midostaurin: {
    disease: 'AML',
    anthracycline: true,
    hepaticMetabolism: false,
    sideEffects: [fx('nausea'), fx('vomiting'), fx('qt-prolongation'), fx('rash'), fx('seven-plus-three-toxicities', null, 'added on top of 7+3')],
  },
  'cpx-351': {
    disease: 'AML',
    anthracycline: true,
    hepaticMetabolism: false,
    sideEffects: [
      fx('seven-plus-three-toxicities', null, 'similar to 7+3'),
      fx('deeper-myelosuppression', null, 'slower count recovery'),
      fx('administration', null, '90-minute IV infusion; doses not interchangeable with 7+3'),
    ],
  },
  'venetoclax-azacitidine': {
    disease: 'AML',
    anthracycline: false,
    hepaticMetabolism: true,
    sideEffects: [fx('tumor-lysis-syndrome', null, 'dose ramp-up; inpatient monitoring of uric acid, phosphate, potassium, creatinine, LDH'), fx('neutropenia', [42, 42], 'at least'), fx('infection-grade-3-plus', [64, 64], 'about'), fx('nausea'), fx('diarrhea')],
  },
  'all-chemotherapy': {
    disease: 'ALL',
    anthracycline: true,
    hepaticMetabolism: true,
    sideEffects: [fx('neutropenia'), fx('infection'), fx('mucositis'), fx('hepatotoxicity'), fx('asparaginase-coagulopathy'), fx('asparaginase-pancreatitis'), fx('vincristine-neuropathy')],
  },
  tki: { disease: 'ALL', anthracycline: false, hepaticMetabolism: false, sideEffects: [] },
  blinatumomab: {
    disease: 'ALL',
    anthracycline: false,
    hepaticMetabolism: false,
    sideEffects: [fx('cytokine-release-syndrome', null, 'mostly grade 1-2, few grade 3-4'), fx('neurotoxicity', [20, 30], 'during continuous infusion: tremor, speech disorder, seizure'), fx('infection')],
  },
  inotuzumab: {
    disease: 'ALL',
    anthracycline: false,
    hepaticMetabolism: true,
    sideEffects: [fx('veno-occlusive-disease', [11, 11], 'about, especially when allo-HCT follows; washout at least 60 days before HCT'), fx('myelosuppression')],
  },
  tisagenlecleucel: {
    disease: 'ALL',
    anthracycline: false,
    hepaticMetabolism: false,
    sideEffects: [fx('cytokine-release-syndrome-grade-3-plus', [47, 47], 'about'), fx('icans'), fx('b-cell-aplasia'), fx('hypogammaglobulinemia')],
  },
});

const SIDE_EFFECT_RULE: Readonly<Record<DrugSafetyRegimen, Rule>> = Object.freeze({
  'seven-plus-three': R['side-effects-seven-plus-three'],
  midostaurin: R['side-effects-midostaurin'],
  'cpx-351': R['side-effects-cpx-351'],
  'venetoclax-azacitidine': R['side-effects-venetoclax-azacitidine'],
  'all-chemotherapy': R['side-effects-all-chemotherapy'],
  tki: R['side-effects-tki'],
  blinatumomab: R['side-effects-blinatumomab'],
  inotuzumab: R['side-effects-inotuzumab'],
  tisagenlecleucel: R['side-effects-tisagenlecleucel'],
});

export const DRUG_SAFETY_AML_SUBTYPES = ['therapy-related', 'myelodysplasia-related', 'other'] as const;

const Patient = z
  .object({
    severeUncontrolledInfection: z.boolean().optional().describe('Severe infection not yet under control.'),
    pregnant: z.boolean().optional(),
    activePsychosis: z.boolean().optional(),
    disablingFrailty: z.boolean().optional(),
    activeCnsBleeding: z.boolean().optional().describe('Active central nervous system bleeding.'),
    severeCardiacDysfunction: z.boolean().optional().describe("Severe cardiac dysfunction, as the physician judges it (the seed gives no LVEF cut-off)."),
    lvef: quantity('leftVentricularEjectionFraction').optional().describe('Left-ventricular ejection fraction, % (shown for physician review: no threshold in the seed).'),
    severeHepaticImpairment: z.boolean().optional(),
    rampUpPlanned: z.boolean().optional().describe('Venetoclax: dose ramp-up planned.'),
    inpatientTlsMonitoring: z.boolean().optional().describe('Venetoclax: admitted with TLS labs (uric acid, phosphate, potassium, creatinine, LDH) monitored.'),
    plannedAlloHct: z.boolean().optional().describe('Allogeneic stem cell transplant planned after this regimen.'),
    lastInotuzumabDose: CalendarDate.optional().describe('Date of the last inotuzumab dose (YYYY-MM-DD).'),
    plannedHctDate: CalendarDate.optional().describe('Planned transplant date (YYYY-MM-DD).'),
    flt3Mutated: z.boolean().optional().describe('FLT3-ITD or FLT3-TKD mutation found.'),
    qtProlongation: z.boolean().optional().describe('QT prolongation present, as the physician reads the ECG (the seed gives no QTc limit).'),
    amlSubtype: z.enum(DRUG_SAFETY_AML_SUBTYPES).optional().describe('Therapy-related (t-AML), myelodysplasia-related (AML-MRC) or other.'),
    fitness: z.enum(['fit', 'unfit']).optional().describe('Fit or unfit for intensive chemotherapy (see aml-first-line).'),
    lineage: z.enum(LEUKEMIA_WORKUP_LINEAGES).optional().describe('Blast lineage by flow cytometry.'),
    marrowBlastPercent: quantity('percent').optional().describe('Blasts at diagnosis, % (marrow).'),
    amlDefiningGenetics: z.array(z.enum(LEUKEMIA_WORKUP_AML_DEFINING_GENETICS)).max(LEUKEMIA_WORKUP_AML_DEFINING_GENETICS.length).optional(),
    bcrAbl1Detected: z.boolean().optional().describe('Evidence of BCR::ABL1 (Ph+).'),
    ageYears: z.number().int().min(0).max(120).optional().describe('Age in completed years.'),
  })
  .strict();

export const DrugSafetyInput = z
  .object({
    regimen: z.enum(DRUG_SAFETY_REGIMENS),
    patient: Patient.default({}).describe("The patient's data; every item without data is 'cannot-check'."),
  })
  .strict()
  .superRefine((input, ctx) => {
    const p = input.patient;
    if (p.lastInotuzumabDose !== undefined && p.plannedHctDate !== undefined && p.plannedHctDate < p.lastInotuzumabDose) {
      refuse(ctx, ['patient', 'plannedHctDate'], 'drug-safety.input.hct-before-dose');
    }
    if (p.plannedHctDate !== undefined && p.plannedAlloHct === false) refuse(ctx, ['patient', 'plannedAlloHct'], 'drug-safety.input.hct-contradiction');
  })
  .transform((input) => {
    const p = input.patient;
    const washoutDays = p.lastInotuzumabDose !== undefined && p.plannedHctDate !== undefined ? toEpochDay(p.plannedHctDate) - toEpochDay(p.lastInotuzumabDose) : undefined;
    return { ...input, washoutDays };
  });
export type DrugSafetyInput = z.output<typeof DrugSafetyInput>;

export const DRUG_SAFETY_STATUSES = ['ok', 'caution', 'contraindicated', 'cannot-check'] as const;
export type DrugSafetyStatus = (typeof DRUG_SAFETY_STATUSES)[number];
export const DRUG_SAFETY_CHECKS = [
  'infection',
  'pregnancy',
  'psychosis',
  'frailty',
  'cns-bleeding',
  'cardiac',
  'hepatic',
  'ramp-up',
  'tls-monitoring',
  'vod',
  'washout',
  'flt3',
  'qt',
  'cpx-subtype',
  'aml-diagnosis',
  'fitness',
  'all-diagnosis',
  'bcr-abl1',
  'b-lineage',
  'eliana-age',
] as const;
export type DrugSafetyCheck = (typeof DRUG_SAFETY_CHECKS)[number];

export const DrugSafetyValue = z.object({
  regimen: z.enum(DRUG_SAFETY_REGIMENS),
  disease: z.enum(['AML', 'ALL']),
  overall: z.enum(DRUG_SAFETY_STATUSES),
  checks: z.array(z.object({ check: z.enum(DRUG_SAFETY_CHECKS), status: z.enum(DRUG_SAFETY_STATUSES), rule: z.string() })),
  sideEffects: z.array(z.object({ effect: z.string(), percent: z.tuple([z.number(), z.number()]).nullable(), note: z.string().optional() })),
});
export type DrugSafetyValue = z.infer<typeof DrugSafetyValue>;

interface Out {
  readonly basis: BasisEntry[];
  readonly warnings: Warning[];
  readonly checks: DrugSafetyValue['checks'];
}

function add(out: Out, check: DrugSafetyCheck, status: DrugSafetyStatus, rule: Rule, field: string, observed: BasisEntry['observed'], extra: Partial<BasisEntry> = {}): void {
  out.checks.push({ check, status, rule: rule.id });
  if (status === 'cannot-check') out.warnings.push({ rule, field });
  else out.basis.push({ rule, field, observed, yields: status, ...extra });
}

/** A yes/no finding: `badWhen` gives `whenBad`, the other answer ok, absent cannot be checked. */
function flag(
  out: Out,
  check: DrugSafetyCheck,
  value: boolean | undefined,
  field: string,
  whenBad: DrugSafetyStatus,
  rules: { ok: Rule; bad: Rule; missing: Rule },
  badWhen = true,
): void {
  if (value === undefined) add(out, check, 'cannot-check', rules.missing, field, null);
  else if (value === badWhen) add(out, check, whenBad, rules.bad, field, value);
  else add(out, check, 'ok', rules.ok, field, value);
}

const AML_INTENSIVE: ReadonlySet<DrugSafetyRegimen> = new Set(['seven-plus-three', 'midostaurin', 'cpx-351']);
const CD19_CD22: ReadonlySet<DrugSafetyRegimen> = new Set(['blinatumomab', 'inotuzumab', 'tisagenlecleucel']);

export function assessDrugSafety(input: DrugSafetyInput): Assessment<DrugSafetyValue> {
  const regimen = input.regimen;
  const profile = DRUG_SAFETY_PROFILES[regimen];
  const p = input.patient;
  const out: Out = { basis: [], warnings: [], checks: [] };
  out.basis.push({ rule: SIDE_EFFECT_RULE[regimen], field: 'regimen', observed: regimen });

  // General contraindications and cautions (§一般禁忌症與謹慎使用).
  flag(out, 'infection', p.severeUncontrolledInfection, 'patient.severeUncontrolledInfection', 'contraindicated', { ok: R['infection-ok'], bad: R['infection-contraindicated'], missing: R['infection-missing'] });
  flag(out, 'pregnancy', p.pregnant, 'patient.pregnant', 'caution', { ok: R['pregnancy-ok'], bad: R['pregnancy-caution'], missing: R['pregnancy-missing'] });
  flag(out, 'psychosis', p.activePsychosis, 'patient.activePsychosis', 'caution', { ok: R['psychosis-ok'], bad: R['psychosis-caution'], missing: R['psychosis-missing'] });
  flag(out, 'frailty', p.disablingFrailty, 'patient.disablingFrailty', 'caution', { ok: R['frailty-ok'], bad: R['frailty-caution'], missing: R['frailty-missing'] });
  const asparaginase = regimen === 'all-chemotherapy';
  flag(out, 'cns-bleeding', p.activeCnsBleeding, 'patient.activeCnsBleeding', asparaginase ? 'contraindicated' : 'caution', {
    ok: R['cns-bleeding-ok'],
    bad: asparaginase ? R['cns-bleeding-contraindicated'] : R['cns-bleeding-caution'],
    missing: R['cns-bleeding-missing'],
  });

  if (profile.anthracycline) {
    if (p.severeCardiacDysfunction === true) add(out, 'cardiac', 'contraindicated', R['cardiac-contraindicated'], 'patient.severeCardiacDysfunction', true);
    else if (p.lvef !== undefined) add(out, 'cardiac', 'caution', R['cardiac-lvef-review'], 'patient.lvef', p.lvef, { unit: '%' });
    else if (p.severeCardiacDysfunction === false) add(out, 'cardiac', 'ok', R['cardiac-ok'], 'patient.severeCardiacDysfunction', false);
    else add(out, 'cardiac', 'cannot-check', R['cardiac-missing'], 'patient.lvef', null);
    out.warnings.push({ rule: R['anthracycline-cumulative-dose'] });
  }
  if (profile.hepaticMetabolism) {
    flag(out, 'hepatic', p.severeHepaticImpairment, 'patient.severeHepaticImpairment', 'contraindicated', { ok: R['hepatic-ok'], bad: R['hepatic-contraindicated'], missing: R['hepatic-missing'] });
  }

  if (profile.disease === 'AML') amlChecks(input, out);
  else allChecks(input, out);

  let overall: DrugSafetyStatus = 'ok';
  for (const c of out.checks) {
    if (c.status === 'contraindicated') overall = 'contraindicated';
    else if (c.status === 'caution' && overall !== 'contraindicated') overall = 'caution';
    else if (c.status === 'cannot-check' && overall === 'ok') overall = 'cannot-check';
  }
  out.basis.push({ rule: R.overall, field: 'patient', observed: out.checks.length, yields: overall });
  const value: DrugSafetyValue = { regimen, disease: profile.disease, overall, checks: out.checks, sideEffects: profile.sideEffects.map((s) => ({ ...s, percent: s.percent === null ? null : [s.percent[0], s.percent[1]] })) };
  return assessed('drug-safety', value, out.basis, [], out.warnings);
}

function amlChecks(input: DrugSafetyInput, out: Out): void {
  const p = input.patient;
  const regimen = input.regimen;
  // Indication: at least 20% blasts or AML-defining genetics (shared with leukemia-workup).
  const scratch = { basis: [] as BasisEntry[], warnings: [] as Warning[] };
  const dx = leukemiaDiagnosticThreshold(p, p.lineage ?? null, scratch, 'patient.');
  const lymphoid = p.lineage === 'b-lymphoid' || p.lineage === 't-lymphoid';
  if (lymphoid) add(out, 'aml-diagnosis', 'contraindicated', R['aml-diagnosis-lymphoid'], 'patient.lineage', p.lineage!);
  else if (dx.status === 'met') add(out, 'aml-diagnosis', 'ok', R['aml-diagnosis-ok'], 'patient.marrowBlastPercent', p.marrowBlastPercent!, { unit: '%' });
  else if (dx.status === 'not-met') add(out, 'aml-diagnosis', 'contraindicated', R['aml-diagnosis-not-met'], 'patient.marrowBlastPercent', p.marrowBlastPercent!, { unit: '%' });
  else add(out, 'aml-diagnosis', 'cannot-check', R['aml-diagnosis-missing'], p.marrowBlastPercent === undefined ? 'patient.marrowBlastPercent' : 'patient.amlDefiningGenetics', null);

  // Fitness: intensive regimens for fit patients, venetoclax + azacitidine for unfit ones.
  const intensive = AML_INTENSIVE.has(regimen);
  if (p.fitness === undefined) add(out, 'fitness', 'cannot-check', R['fitness-missing'], 'patient.fitness', null);
  else if (intensive && p.fitness === 'unfit') add(out, 'fitness', 'caution', R['fitness-caution-unfit'], 'patient.fitness', p.fitness);
  else if (!intensive && p.fitness === 'fit') add(out, 'fitness', 'caution', R['fitness-caution-fit'], 'patient.fitness', p.fitness);
  else add(out, 'fitness', 'ok', R['fitness-ok'], 'patient.fitness', p.fitness);

  if (regimen === 'midostaurin') {
    flag(out, 'flt3', p.flt3Mutated, 'patient.flt3Mutated', 'contraindicated', { ok: R['flt3-ok'], bad: R['flt3-not-indicated'], missing: R['flt3-missing'] }, false);
    flag(out, 'qt', p.qtProlongation, 'patient.qtProlongation', 'caution', { ok: R['qt-ok'], bad: R['qt-caution'], missing: R['qt-missing'] });
  } else if (regimen === 'cpx-351') {
    if (p.amlSubtype === undefined) add(out, 'cpx-subtype', 'cannot-check', R['cpx-subtype-missing'], 'patient.amlSubtype', null);
    else if (p.amlSubtype === 'other') add(out, 'cpx-subtype', 'caution', R['cpx-subtype-caution'], 'patient.amlSubtype', p.amlSubtype);
    else add(out, 'cpx-subtype', 'ok', R['cpx-subtype-ok'], 'patient.amlSubtype', p.amlSubtype);
  } else if (regimen === 'venetoclax-azacitidine') {
    flag(out, 'ramp-up', p.rampUpPlanned, 'patient.rampUpPlanned', 'caution', { ok: R['ramp-up-ok'], bad: R['ramp-up-caution'], missing: R['ramp-up-missing'] }, false);
    flag(out, 'tls-monitoring', p.inpatientTlsMonitoring, 'patient.inpatientTlsMonitoring', 'caution', {
      ok: R['tls-monitoring-ok'],
      bad: R['tls-monitoring-caution'],
      missing: R['tls-monitoring-missing'],
    }, false);
  }
}

function allChecks(input: DrugSafetyInput, out: Out): void {
  const p = input.patient;
  const regimen = input.regimen;
  // Indication: at least 20% lymphoblasts with immunophenotype support.
  const lymphoid = p.lineage === 'b-lymphoid' || p.lineage === 't-lymphoid';
  const blasts = p.marrowBlastPercent;
  if (p.lineage === 'myeloid') add(out, 'all-diagnosis', 'contraindicated', R['all-diagnosis-myeloid'], 'patient.lineage', p.lineage);
  else if (!lymphoid || blasts === undefined) add(out, 'all-diagnosis', 'cannot-check', R['all-diagnosis-missing'], blasts === undefined ? 'patient.marrowBlastPercent' : 'patient.lineage', null);
  else if (blasts >= T.blastsAtLeastPercent) add(out, 'all-diagnosis', 'ok', R['all-diagnosis-ok'], 'patient.marrowBlastPercent', blasts, { unit: '%', threshold: { comparator: '>=', value: T.blastsAtLeastPercent, unit: '%' } });
  else add(out, 'all-diagnosis', 'contraindicated', R['all-diagnosis-not-met'], 'patient.marrowBlastPercent', blasts, { unit: '%', threshold: { comparator: '<', value: T.blastsAtLeastPercent, unit: '%' } });

  if (regimen === 'tki') {
    flag(out, 'bcr-abl1', p.bcrAbl1Detected, 'patient.bcrAbl1Detected', 'contraindicated', { ok: R['bcr-abl1-ok'], bad: R['bcr-abl1-contraindicated'], missing: R['bcr-abl1-missing'] }, false);
  }
  if (CD19_CD22.has(regimen)) {
    if (p.lineage === 't-lymphoid') add(out, 'b-lineage', 'contraindicated', R['b-lineage-contraindicated'], 'patient.lineage', p.lineage);
    else if (p.lineage === 'b-lymphoid') add(out, 'b-lineage', 'ok', R['b-lineage-ok'], 'patient.lineage', p.lineage);
    else add(out, 'b-lineage', 'cannot-check', R['b-lineage-missing'], 'patient.lineage', null);
  }
  if (regimen === 'inotuzumab') {
    if (p.plannedAlloHct === undefined) add(out, 'vod', 'cannot-check', R['vod-missing'], 'patient.plannedAlloHct', null);
    else if (p.plannedAlloHct) add(out, 'vod', 'caution', R['vod-hct-planned'], 'patient.plannedAlloHct', true);
    else add(out, 'vod', 'ok', R['vod-no-hct'], 'patient.plannedAlloHct', false);
    if (p.plannedAlloHct === true) {
      const days = input.washoutDays;
      const limit = T.inotuzumabWashoutBeforeHctDays;
      if (days === undefined) add(out, 'washout', 'cannot-check', R['washout-missing'], p.lastInotuzumabDose === undefined ? 'patient.lastInotuzumabDose' : 'patient.plannedHctDate', null);
      else if (days >= limit) add(out, 'washout', 'ok', R['washout-ok'], 'patient.plannedHctDate', days, { unit: 'd', threshold: { comparator: '>=', value: limit, unit: 'd' } });
      else add(out, 'washout', 'caution', R['washout-short'], 'patient.plannedHctDate', days, { unit: 'd', threshold: { comparator: '<', value: limit, unit: 'd' } });
    }
  }
  if (regimen === 'tisagenlecleucel') {
    const age = p.ageYears;
    const max = T.elianaMaxAgeYears;
    if (age === undefined) add(out, 'eliana-age', 'cannot-check', R['eliana-age-missing'], 'patient.ageYears', null);
    else if (age <= max) add(out, 'eliana-age', 'ok', R['eliana-age-ok'], 'patient.ageYears', age, { unit: 'a', threshold: { comparator: '<=', value: max, unit: 'a' } });
    else add(out, 'eliana-age', 'caution', R['eliana-age-caution'], 'patient.ageYears', age, { unit: 'a', threshold: { comparator: '>', value: max, unit: 'a' } });
  }
}

export const drugSafetyInstrument = defineInstrument({
  name: 'drug-safety',
  kind: 'instrument',
  section: '000 §適應症、禁忌症、副作用要點',
  input: DrugSafetyInput,
  value: DrugSafetyValue,
  evaluate: (input) => assessDrugSafety(input),
  summary: (v) => ({ variant: v.overall }),
});
