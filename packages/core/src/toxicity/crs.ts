import * as z from 'zod';
import type { Action, BasisEntry, Warning } from '../explain/result.js';
import { assessed, cannotAssess, type Assessment } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import { registerMessages } from '../i18n/catalog.js';
import type { InstitutionSettings } from '../institution/settings.js';
import { defineInstrument } from '../instruments/registry.js';
import { Instant, quantity } from '../units/quantity.js';
import { refuse } from '../validation/errors.js';
import { crsMessages } from './crs.messages.js';
import { dexamethasone, methylprednisolonePulse } from './steroids.js';
import { TOCILIZUMAB_RULES, tocilizumabAction } from './tocilizumab.js';

registerMessages(crsMessages);

const table7 = { seed: 'handbook', section: '§3.1.2, Table 7' } as const;
const figure4 = { seed: 'handbook', section: '§3.1.2, Figure 4' } as const;
const drugs = { seed: 'handbook', section: '§3.1.2 (CRS drugs)' } as const;
const grading = { seed: [table7], publications: ['lee2019'] } as const;
const management = { seed: [figure4], publications: ['hayden2022'] } as const;

/** ASTCT CRS grading (Lee 2019, Table 2 = handbook Table 7) and EBMT/EHA management (Figure 4). */
export const CRS_RULES = defineRules('crs', {
  fever: grading,
  'fever-other-cause': grading,
  'no-fever': grading,
  'fever-masked': grading,
  'hypotension-none': grading,
  'hypotension-fluids': grading,
  'hypotension-one-vasopressor': grading,
  'hypotension-multiple-vasopressors': grading,
  'oxygen-none': grading,
  'oxygen-low-flow': grading,
  'oxygen-blow-by': grading,
  'oxygen-high-flow': grading,
  'oxygen-mask': grading,
  'oxygen-positive-pressure': grading,
  'worst-domain': grading,
  'organ-toxicity-separate': grading,
  'hypotension-hypoxia-without-fever': grading,
  'temperature-missing': grading,
  'weight-missing': { seed: [figure4], publications: ['hayden2022'] },
  'age-missing': { seed: [drugs], publications: ['hayden2022'] },
  // Management (Figure 4).
  'supportive-care': management,
  'continuous-monitoring': { seed: [{ seed: 'handbook', section: '§3.1.2 (clinical work-up)' }], publications: ['hayden2022'] },
  'notify-icu': management,
  'transfer-icu': management,
  'transfer-icu-less-experienced': management,
  'tocilizumab-if-no-improvement-3d': management,
  'g1-no-improvement-3d': management,
  'g2-no-improvement-12h': management,
  'g2-worsening': management,
  'g2-dexamethasone-with-tocilizumab': management,
  'dexamethasone-10': management,
  'dexamethasone-20-taper': management,
  'dexamethasone-20': management,
  'g3-worsening': management,
  'g4-no-improvement': management,
  methylprednisolone: management,
  'repeat-tocilizumab-if-no-icans': management,
  'steroids-after-two-tocilizumab': { seed: [drugs], publications: ['hayden2022'] },
  'refractory-siltuximab-anakinra': { seed: [drugs, { seed: 'handbook', section: '§3.1.2, Figure 5' }], publications: ['hayden2022'] },
  'cr1-with-icans-steroids': { seed: [{ seed: 'handbook', section: '§3.1.3, Figure 6' }], publications: ['hayden2022'] },
  'dexamethasone-child-dose': { seed: [drugs], publications: ['hayden2022'] },
  'dexamethasone-child-dose-not-stated': { seed: [drugs], publications: ['hayden2022'] },
  'echocardiogram-severe': { seed: [{ seed: 'handbook', section: '§3.1.2 (clinical work-up)' }], publications: ['hayden2022'] },
  'taper-when-improved': { seed: [drugs], publications: ['hayden2022'] },
});

export const VASOPRESSORS = ['norepinephrine', 'epinephrine', 'dopamine', 'phenylephrine', 'vasopressin', 'other'] as const;
export const OXYGEN_DEVICES = [
  'none',
  'nasal-cannula',
  'blow-by',
  'high-flow-nasal-cannula',
  'face-mask',
  'non-rebreather',
  'venturi',
  'cpap',
  'bipap',
  'mechanical-ventilation',
] as const;

/** ASTCT: fever is a temperature of at least 38 °C; low-flow oxygen is at most 6 L/min. */
export const CRS_THRESHOLDS = { feverCelsius: 38, lowFlowMaxLitersPerMinute: 6 } as const;

export const CrsInput = z
  .object({
    temperature: quantity('temperature')
      .optional()
      .describe('Highest temperature since the last assessment.'),
    feverAttributedToOtherCause: z
      .boolean()
      .default(false)
      .describe('True when the fever is explained by another cause (e.g. a documented infection).'),
    antipyreticOrAnticytokineGiven: z
      .boolean()
      .describe('Antipyretics or anti-cytokine therapy (tocilizumab, steroids) given for CRS: fever is then no longer required.'),
    hypotension: z.boolean().describe('Hypotension attributed to CRS.'),
    vasopressors: z.array(z.enum(VASOPRESSORS)).default([]).describe('Vasopressors running now.'),
    oxygen: z
      .object({
        device: z.enum(OXYGEN_DEVICES),
        flow: quantity('oxygenFlow').optional().describe('Oxygen flow; required for a nasal cannula.'),
      })
      .strict(),
    weight: quantity('bodyWeight').optional().describe('For tocilizumab and pediatric doses.'),
    ageYears: z.number().min(0).max(120).optional(),
    icansGrade: z.number().int().min(0).max(4).optional().describe('Current ICANS grade, if assessed.'),
    now: Instant.optional().describe('Time of this assessment; required to check tocilizumab limits.'),
    tocilizumabAdministrations: z.array(z.object({ at: Instant }).strict()).default([]),
  })
  .strict()
  .superRefine((input, ctx) => {
    const { device } = input.oxygen;
    const flow = input.oxygen.flow;
    if (device === 'nasal-cannula' && flow === undefined) refuse(ctx, ['oxygen', 'flow'], 'crs.input.flow-required');
    if (device === 'none' && flow !== undefined && flow > 0) refuse(ctx, ['oxygen', 'flow'], 'crs.input.flow-without-device');
    if (device === 'blow-by' && flow !== undefined && flow > CRS_THRESHOLDS.lowFlowMaxLitersPerMinute) {
      refuse(ctx, ['oxygen', 'flow'], 'crs.input.blow-by-high-flow');
    }
    if (device === 'high-flow-nasal-cannula' && flow !== undefined && flow <= CRS_THRESHOLDS.lowFlowMaxLitersPerMinute) {
      refuse(ctx, ['oxygen', 'flow'], 'crs.input.high-flow-at-low-rate');
    }
    if (!input.hypotension && input.vasopressors.length > 0) refuse(ctx, ['vasopressors'], 'crs.input.vasopressors-without-hypotension');
    if (new Set(input.vasopressors).size !== input.vasopressors.length) refuse(ctx, ['vasopressors'], 'crs.input.duplicate-vasopressor');
    if (input.tocilizumabAdministrations.length > 0 && input.now === undefined) refuse(ctx, ['now'], 'crs.input.now-required');
    if (input.now !== undefined) {
      const now = Date.parse(input.now);
      input.tocilizumabAdministrations.forEach((a, i) => {
        if (Date.parse(a.at) > now) refuse(ctx, ['tocilizumabAdministrations', i, 'at'], 'tocilizumab.input.dose-after-now');
      });
    }
  });
export type CrsInput = z.output<typeof CrsInput>;

export const CrsValue = z.object({ grade: z.number().int().min(0).max(4) });
export type CrsValue = z.infer<typeof CrsValue>;

function hypotensionGrade(input: CrsInput): { grade: number; basis: BasisEntry } {
  if (!input.hypotension) {
    return { grade: 0, basis: { rule: CRS_RULES['hypotension-none'], field: 'hypotension', observed: false, yields: 0 } };
  }
  const nonVasopressin = input.vasopressors.filter((v) => v !== 'vasopressin').length;
  if (nonVasopressin >= 2) {
    return {
      grade: 4,
      basis: {
        rule: CRS_RULES['hypotension-multiple-vasopressors'],
        field: 'vasopressors',
        observed: input.vasopressors.join(', '),
        threshold: { comparator: '>=', value: 2 },
        yields: 4,
      },
    };
  }
  if (input.vasopressors.length >= 1) {
    return {
      grade: 3,
      basis: {
        rule: CRS_RULES['hypotension-one-vasopressor'],
        field: 'vasopressors',
        observed: input.vasopressors.join(', '),
        threshold: { comparator: '=', value: 1 },
        yields: 3,
      },
    };
  }
  return { grade: 2, basis: { rule: CRS_RULES['hypotension-fluids'], field: 'hypotension', observed: true, yields: 2 } };
}

function oxygenGrade(input: CrsInput): { grade: number; basis: BasisEntry } {
  const { device, flow } = input.oxygen;
  const observedFlow = flow ?? null;
  switch (device) {
    case 'none':
      return { grade: 0, basis: { rule: CRS_RULES['oxygen-none'], field: 'oxygen.device', observed: device, yields: 0 } };
    case 'blow-by':
      return { grade: 2, basis: { rule: CRS_RULES['oxygen-blow-by'], field: 'oxygen.device', observed: device, yields: 2 } };
    case 'nasal-cannula':
    case 'high-flow-nasal-cannula': {
      const lowFlow = device === 'nasal-cannula' && flow !== undefined && flow <= CRS_THRESHOLDS.lowFlowMaxLitersPerMinute;
      return {
        grade: lowFlow ? 2 : 3,
        basis: {
          rule: lowFlow ? CRS_RULES['oxygen-low-flow'] : CRS_RULES['oxygen-high-flow'],
          field: 'oxygen.flow',
          observed: observedFlow,
          unit: 'L/min',
          threshold: {
            comparator: lowFlow ? '<=' : '>',
            value: CRS_THRESHOLDS.lowFlowMaxLitersPerMinute,
            unit: 'L/min',
          },
          yields: lowFlow ? 2 : 3,
        },
      };
    }
    case 'face-mask':
    case 'non-rebreather':
    case 'venturi':
      return { grade: 3, basis: { rule: CRS_RULES['oxygen-mask'], field: 'oxygen.device', observed: device, yields: 3 } };
    case 'cpap':
    case 'bipap':
    case 'mechanical-ventilation':
      return { grade: 4, basis: { rule: CRS_RULES['oxygen-positive-pressure'], field: 'oxygen.device', observed: device, yields: 4 } };
  }
}

/** ASTCT grade: fever (or masked fever) is required; then the worse of hypotension and hypoxia. */
export function gradeCrs(input: CrsInput): { grade: number | null; basis: BasisEntry[]; warnings: Warning[] } {
  const basis: BasisEntry[] = [];
  const warnings: Warning[] = [];
  const hypotension = hypotensionGrade(input);
  const oxygen = oxygenGrade(input);
  let feverPresent: boolean;
  if (input.antipyreticOrAnticytokineGiven) {
    feverPresent = true;
    basis.push({ rule: CRS_RULES['fever-masked'], field: 'antipyreticOrAnticytokineGiven', observed: true });
  } else if (input.temperature === undefined) {
    return { grade: null, basis, warnings: [{ rule: CRS_RULES['temperature-missing'], field: 'temperature' }] };
  } else if (input.temperature >= CRS_THRESHOLDS.feverCelsius && input.feverAttributedToOtherCause) {
    feverPresent = false;
    basis.push({
      rule: CRS_RULES['fever-other-cause'],
      field: 'feverAttributedToOtherCause',
      observed: input.temperature,
      unit: 'Cel',
      threshold: { comparator: '>=', value: CRS_THRESHOLDS.feverCelsius, unit: 'Cel' },
    });
  } else {
    feverPresent = input.temperature >= CRS_THRESHOLDS.feverCelsius;
    basis.push({
      rule: feverPresent ? CRS_RULES.fever : CRS_RULES['no-fever'],
      field: 'temperature',
      observed: input.temperature,
      unit: 'Cel',
      threshold: { comparator: feverPresent ? '>=' : '<', value: CRS_THRESHOLDS.feverCelsius, unit: 'Cel' },
    });
  }
  if (!feverPresent) {
    if (hypotension.grade > 0 || oxygen.grade > 0) {
      warnings.push({ rule: CRS_RULES['hypotension-hypoxia-without-fever'] });
    }
    return { grade: 0, basis, warnings };
  }
  basis.push(hypotension.basis, oxygen.basis);
  const grade = Math.max(1, hypotension.grade, oxygen.grade);
  if (hypotension.grade > 0 || oxygen.grade > 0) {
    basis.push({ rule: CRS_RULES['worst-domain'], field: 'grade', observed: grade, yields: grade });
  }
  return { grade, basis, warnings };
}

function crsActions(grade: number, input: CrsInput, settings: InstitutionSettings): { actions: Action[]; basis: BasisEntry[]; warnings: Warning[] } {
  const actions: Action[] = [];
  const basis: BasisEntry[] = [];
  const warnings: Warning[] = [];
  if (grade === 0) return { actions, basis, warnings };
  const patient = { ageYears: input.ageYears, weightKg: input.weight };
  const nowMs = input.now === undefined ? undefined : Date.parse(input.now);
  const history = input.tocilizumabAdministrations.map((a) => Date.parse(a.at));
  const steroid = (rule: (typeof CRS_RULES)[keyof typeof CRS_RULES], status: 'do' | 'consider', mg: number, duration: string | undefined, escalation?: Action['escalation']) => {
    const made = dexamethasone(rule, status, mg, 'q6h', duration, patient, settings, CRS_RULES['dexamethasone-child-dose'], CRS_RULES['dexamethasone-child-dose-not-stated'], escalation);
    warnings.push(...made.warnings);
    return made.action;
  };
  const tocilizumab = (status: 'do' | 'consider') => {
    const made = tocilizumabAction(status, input.weight, history, nowMs);
    basis.push(...made.basis);
    return made.action;
  };

  actions.push({ rule: CRS_RULES['supportive-care'], status: 'do' });
  const icansAtLeast2 = input.icansGrade !== undefined && input.icansGrade >= 2;

  if (grade === 1) {
    if (icansAtLeast2) {
      basis.push({
        rule: CRS_RULES['cr1-with-icans-steroids'],
        field: 'icansGrade',
        observed: input.icansGrade ?? null,
        threshold: { comparator: '>=', value: 2 },
      });
      actions.push(steroid(CRS_RULES['dexamethasone-10'], 'do', 10, 'P3D'));
    } else {
      // Figure 4: in grade 1, tocilizumab is considered only after 3 days without improvement.
      const action = tocilizumab('consider');
      actions.push(action.status === 'refused' ? action : { ...action, rule: CRS_RULES['tocilizumab-if-no-improvement-3d'], escalation: [{ after: 'P3D', rule: CRS_RULES['g1-no-improvement-3d'] }] });
    }
  } else {
    actions.push({ rule: CRS_RULES['continuous-monitoring'], status: 'do' });
  }
  if (grade === 2) {
    actions.push({ rule: CRS_RULES['notify-icu'], status: 'do' });
    if (settings.lessExperiencedCenter) actions.push({ rule: CRS_RULES['transfer-icu-less-experienced'], status: 'do' });
    actions.push({
      ...tocilizumab('do'),
      escalation: [
        { after: 'PT12H', rule: CRS_RULES['g2-no-improvement-12h'] },
        { rule: CRS_RULES['g2-worsening'] },
      ],
    });
    actions.push(steroid(CRS_RULES['g2-dexamethasone-with-tocilizumab'], 'consider', 10, 'P3D'));
  }
  if (grade === 3) {
    actions.push({ rule: CRS_RULES['transfer-icu'], status: 'do' });
    actions.push(tocilizumab('do'));
    actions.push(steroid(CRS_RULES['dexamethasone-10'], 'do', 10, 'P3D', [{ rule: CRS_RULES['g3-worsening'] }]));
    actions.push(steroid(CRS_RULES['dexamethasone-20-taper'], 'consider', 20, 'P3D'));
  }
  if (grade === 4) {
    actions.push({ rule: CRS_RULES['transfer-icu'], status: 'do' });
    actions.push(tocilizumab('do'));
    actions.push(steroid(CRS_RULES['dexamethasone-20'], 'do', 20, 'P3D', [{ rule: CRS_RULES['g4-no-improvement'] }]));
    actions.push(methylprednisolonePulse(CRS_RULES.methylprednisolone, 'consider'));
    const noIcans = input.icansGrade === 0;
    actions.push({ rule: CRS_RULES['repeat-tocilizumab-if-no-icans'], status: noIcans ? 'consider' : 'refused', drug: 'tocilizumab' });
  }
  if (grade >= 3) {
    actions.push({ rule: CRS_RULES['echocardiogram-severe'], status: 'consider' });
    actions.push({ rule: CRS_RULES['refractory-siltuximab-anakinra'], status: 'consider' });
  }
  if (history.length >= 2) actions.push({ rule: CRS_RULES['steroids-after-two-tocilizumab'], status: 'consider' });
  actions.push({ rule: CRS_RULES['taper-when-improved'], status: 'do' });
  if (input.weight === undefined) warnings.push({ rule: TOCILIZUMAB_RULES['weight-missing'], field: 'weight' });
  if (input.ageYears === undefined) warnings.push({ rule: CRS_RULES['age-missing'], field: 'ageYears' });
  return { actions, basis, warnings };
}

export function assessCrs(input: CrsInput, settings: InstitutionSettings): Assessment<CrsValue> {
  const graded = gradeCrs(input);
  if (graded.grade === null) return cannotAssess('crs', graded.warnings, graded.basis);
  const managed = crsActions(graded.grade, input, settings);
  return assessed(
    'crs',
    { grade: graded.grade },
    [...graded.basis, ...managed.basis],
    managed.actions,
    [...graded.warnings, ...managed.warnings, { rule: CRS_RULES['organ-toxicity-separate'] }],
  );
}

export const crsInstrument = defineInstrument({
  name: 'crs',
  kind: 'instrument',
  section: '002 §3.1.2, Table 7, Figure 4',
  input: CrsInput,
  value: CrsValue,
  evaluate: assessCrs,
  summary: (v) => ({ grade: v.grade }),
});
