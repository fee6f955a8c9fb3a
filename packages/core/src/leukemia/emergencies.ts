import * as z from 'zod';
import type { Action, BasisEntry, Warning } from '../explain/result.js';
import { assessed, type Assessment } from '../explain/result.js';
import { defineRules } from '../explain/rules.js';
import type { RuleSources, SeedReference } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import type { InstitutionSettings } from '../institution/settings.js';
import { defineInstrument, getInstrument, type Instrument } from '../instruments/registry.js';
// The three instruments register themselves on import; this planner calls them through the registry.
import '../toxicity/tls.js';
import '../toxicity/febrile-neutropenia.js';
import '../toxicity/leukostasis.js';
import type { FebrileNeutropeniaValue } from '../toxicity/febrile-neutropenia.js';
import type { LeukostasisValue } from '../toxicity/leukostasis.js';
import type { TlsInput, TlsValue } from '../toxicity/tls.js';
import { leukemiaEmergenciesMessages } from './emergencies.messages.js';

registerMessages(leukemiaEmergenciesMessages);

const ed: SeedReference = { seed: 'amlAll', section: '§急診早期警訊：TLS、感染、白血球停滯' };
const all3: RuleSources = { seed: [ed], publications: ['freifeld2011', 'cairo2010', 'jones2015'] };
const tlsSrc: RuleSources = { seed: [ed], publications: ['cairo2010', 'jones2015'] };
const fnSrc: RuleSources = { seed: [ed], publications: ['freifeld2011'] };
const lkSrc: RuleSources = { seed: [ed], publications: ['cairo2010'] };

/** Seed 000 §急診早期警訊: the three early emergencies, each assessed by its own instrument. */
export const LEUKEMIA_EMERGENCIES_RULES = defineRules('leukemia-emergencies', {
  'early-warnings': all3,
  'tls-framing': tlsSrc,
  'febrile-neutropenia-framing': fnSrc,
  'leukostasis-framing': lkSrc,
  'tls-not-provided': tlsSrc,
  'febrile-neutropenia-not-provided': fnSrc,
  'leukostasis-not-provided': lkSrc,
  'tls-alert': tlsSrc,
  'febrile-neutropenia-alert': fnSrc,
  'leukostasis-alert': lkSrc,
});
const R = LEUKEMIA_EMERGENCIES_RULES;

function registered(name: string): Instrument {
  const instrument = getInstrument(name);
  if (instrument === undefined) throw new Error(`leukemia-emergencies needs the '${name}' instrument`);
  return instrument;
}
const TLS = registered('tls');
const FN = registered('febrile-neutropenia');
const LK = registered('leukostasis');

/** The emergencies in seed order, the key of each in this planner's input and its instrument. */
export const LEUKEMIA_EMERGENCIES = Object.freeze([
  { key: 'tls', instrument: TLS },
  { key: 'febrileNeutropenia', instrument: FN },
  { key: 'leukostasis', instrument: LK },
] as const);
export type LeukemiaEmergencyKey = (typeof LEUKEMIA_EMERGENCIES)[number]['key'];

export const LeukemiaEmergenciesInput = z
  .object({
    tls: TLS.input.optional().describe("Input of the 'tls' instrument."),
    febrileNeutropenia: FN.input.optional().describe("Input of the 'febrile-neutropenia' instrument."),
    leukostasis: LK.input.optional().describe("Input of the 'leukostasis' instrument."),
  })
  .strict();
export type LeukemiaEmergenciesInput = z.output<typeof LeukemiaEmergenciesInput>;

const SUB_STATUSES = ['assessed', 'cannot-assess', 'not-provided'] as const;
const sub = (value: z.ZodType) => z.object({ status: z.enum(SUB_STATUSES), alert: z.boolean().nullable(), value: value.nullable() });

export const LeukemiaEmergenciesValue = z.object({
  tls: sub(TLS.value),
  febrileNeutropenia: sub(FN.value),
  leukostasis: sub(LK.value),
  alerts: z.array(z.enum(['tls', 'febrileNeutropenia', 'leukostasis'])).describe('Emergencies found, in seed order.'),
});
export type LeukemiaEmergenciesValue = z.infer<typeof LeukemiaEmergenciesValue>;

const FRAMING = { tls: R['tls-framing'], febrileNeutropenia: R['febrile-neutropenia-framing'], leukostasis: R['leukostasis-framing'] } as const;
const NOT_PROVIDED = { tls: R['tls-not-provided'], febrileNeutropenia: R['febrile-neutropenia-not-provided'], leukostasis: R['leukostasis-not-provided'] } as const;
const ALERT = { tls: R['tls-alert'], febrileNeutropenia: R['febrile-neutropenia-alert'], leukostasis: R['leukostasis-alert'] } as const;

function alertOf(key: LeukemiaEmergencyKey, value: unknown): boolean | null {
  if (value === null) return null;
  if (key === 'tls') {
    const v = value as TlsValue;
    return v.clinicalTls === true || v.laboratoryTls === true ? true : v.clinicalTls === null && v.laboratoryTls === null ? null : false;
  }
  if (key === 'febrileNeutropenia') return (value as FebrileNeutropeniaValue).febrileNeutropenia;
  return (value as LeukostasisValue).leukostasisRisk;
}

/**
 * This planner is about first presentation and induction (seed 000 §急診早期警訊): the TLS
 * instrument runs in its leukemia setting unless the input names a context explicitly.
 */
function inContext(key: LeukemiaEmergencyKey, given: unknown): unknown {
  if (key !== 'tls') return given;
  const tls = given as TlsInput;
  return tls.therapyContext === undefined ? { ...tls, therapyContext: 'leukemia-induction' } : tls;
}

const prefixed = <T extends { field?: string }>(item: T, prefix: string): T => (item.field === undefined ? item : { ...item, field: `${prefix}.${item.field}` });

export function planLeukemiaEmergencies(input: LeukemiaEmergenciesInput, settings: InstitutionSettings): Assessment<LeukemiaEmergenciesValue> {
  const basis: BasisEntry[] = [{ rule: R['early-warnings'], field: '', observed: null }];
  const actions: Action[] = [];
  const warnings: Warning[] = [];
  const alerts: LeukemiaEmergencyKey[] = [];
  const parts = {} as Record<LeukemiaEmergencyKey, LeukemiaEmergenciesValue['tls']>;
  for (const { key, instrument } of LEUKEMIA_EMERGENCIES) {
    const given: unknown = input[key];
    if (given === undefined) {
      warnings.push({ rule: NOT_PROVIDED[key], field: key });
      parts[key] = { status: 'not-provided', alert: null, value: null };
      continue;
    }
    const result = instrument.evaluate(inContext(key, given), settings);
    const alert = alertOf(key, result.value);
    parts[key] = { status: result.status, alert, value: result.value };
    if (alert === true) {
      alerts.push(key);
      basis.push({ rule: ALERT[key], field: key, observed: true, yields: key });
    }
    basis.push({ rule: FRAMING[key], field: key, observed: result.status });
    for (const b of result.basis) basis.push(prefixed(b, key));
    for (const a of result.actions) actions.push(a);
    for (const w of result.warnings) warnings.push(prefixed(w, key));
  }
  const value: LeukemiaEmergenciesValue = { tls: parts.tls, febrileNeutropenia: parts.febrileNeutropenia, leukostasis: parts.leukostasis, alerts };
  return assessed('leukemia-emergencies', value, basis, actions, warnings);
}

function summaryOf(v: LeukemiaEmergenciesValue): Record<string, unknown> {
  if (v.alerts.length > 0) return { variant: 'alerts', count: v.alerts.length };
  const complete = v.tls.status === 'assessed' && v.febrileNeutropenia.status === 'assessed' && v.leukostasis.status === 'assessed';
  return { variant: complete ? 'none' : 'incomplete' };
}

export const leukemiaEmergenciesInstrument = defineInstrument({
  name: 'leukemia-emergencies',
  kind: 'planner',
  section: '000 §急診早期警訊：TLS、感染、白血球停滯',
  input: LeukemiaEmergenciesInput,
  value: LeukemiaEmergenciesValue,
  evaluate: planLeukemiaEmergencies,
  summary: summaryOf,
});
