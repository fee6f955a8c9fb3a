import {
  InputError,
  runInstrument,
  type AllPathwayValue,
  type AmlFirstLineValue,
  type BridgingValue,
  type CryoValue,
  type EligibilityValue,
  type FollowUpValue,
  type InfusionValue,
  type InputIssue,
  type Lang,
  type LdcValue,
  type LeukapheresisValue,
  type LeukemiaWorkupValue,
  type PostInfusionValue,
  type RenderedAssessment,
  type WashoutValue,
} from '@cartographer/core';
import { ApiError, requestIssue } from '../errors.js';
import './text.js';

/**
 * When a gating planner says the patient is not ready. Each planner answers in its own shape;
 * this reads that answer and names every failing check, so a refusal says what to fix. A
 * planner that cannot assess (missing data) never opens its gate.
 */
type Issue = (path: string, rule: string, params?: Record<string, string>) => void;
/** A planner's own rule, with the text the planner gave it (in the request's language). */
type RuleIssue = (path: string, rule: string) => void;
type Verdict = (value: never, step: string, add: Issue, addRule: RuleIssue) => void;

const eligibility = (v: EligibilityValue, _step: string, add: Issue, addRule: RuleIssue) => {
  if (v.verdict === 'eligible') return;
  add('gate.verdict', 'journey.gate.eligibility-verdict', { verdict: v.verdict });
  for (const r of v.reasons) if (r.effect === 'contraindication' || r.effect === 'review') addRule(`gateInput.${r.field}`, r.rule);
};

const washout = (v: WashoutValue, _step: string, add: Issue) => {
  if (v.plannedLeukapheresisDate === undefined) return add('gateInput.plannedLeukapheresisDate', 'journey.gate.planned-date-missing', { field: 'plannedLeukapheresisDate' });
  v.drugs.forEach((d, i) => {
    if (d.daysShort !== undefined && d.daysShort > 0) add(`gate.drugs[${i}]`, 'journey.gate.interval-not-met', { item: d.drug, status: `${d.daysShort} d` });
  });
  if (v.plannedDateMeetsWashout !== true && !v.drugs.some((d) => (d.daysShort ?? 0) > 0)) {
    add('gate.plannedDateMeetsWashout', 'journey.gate.interval-not-met', { item: 'washout', status: String(v.plannedDateMeetsWashout) });
  }
};

function readiness(r: { ready: boolean; items: readonly { item: string; status: string }[]; missing: readonly string[] }, add: Issue) {
  if (r.ready) return;
  for (const item of r.items) {
    if (item.status === 'fail' || item.status === 'review' || item.status === 'missing') add(`gate.readiness.${item.item}`, 'journey.gate.item-not-met', { item: item.item, status: item.status });
  }
  for (const field of r.missing) add(`gateInput.${field}`, 'journey.gate.field-missing', { field });
}

const leukapheresis = (v: LeukapheresisValue, _step: string, add: Issue) => {
  readiness({ ready: v.readiness.ready, items: v.readiness.items.filter((i) => i.required), missing: v.readiness.missing }, add);
  if (v.acceptance?.status !== 'accepted') add('gate.acceptance', 'journey.gate.acceptance', { status: v.acceptance?.status ?? 'not-given' });
};

const cryopreservation = (v: CryoValue, _step: string, add: Issue) => {
  if (v.coldStorage.status === 'overdue') add('gate.coldStorage', 'journey.gate.deadline-missed', { deadline: 'cold-storage', status: 'overdue' });
  if (v.cryopreservation.status === 'overdue') add('gate.cryopreservation', 'journey.gate.deadline-missed', { deadline: 'cryopreservation', status: 'overdue' });
  else if (v.cryopreservation.status === 'on-time' && v.cryopreservation.completedAt === null) add('gate.cryopreservation', 'journey.gate.cryopreservation-open');
  for (const c of v.checks) if (c.status === 'out-of-range') add(`gate.checks.${c.check}`, 'journey.gate.item-not-met', { item: c.check, status: c.status });
  if (v.curve?.conformity === 'does-not-conform') add('gate.curve', 'journey.gate.curve-not-conforming');
  for (const c of v.checklist) if (!c.confirmed) add(`gate.checklist.${c.item}`, 'journey.gate.item-not-met', { item: c.item, status: 'not-confirmed' });
};

const bridging = (v: BridgingValue, _step: string, add: Issue) => {
  const intervals = v.intervals;
  if (intervals === null) return; // no bridging therapy was given: nothing to wait out
  intervals.therapies.forEach((t, i) => {
    if (t.status !== 'respects') add(`gate.intervals.therapies[${i}]`, 'journey.gate.interval-not-met', { item: t.therapy, status: t.status });
  });
  if (intervals.plannedLdcStartDate === undefined) add('gateInput.plannedLdcStartDate', 'journey.gate.planned-date-missing', { field: 'plannedLdcStartDate' });
};

const lymphodepletion = (v: LdcValue, _step: string, add: Issue) => {
  readiness(v.readiness, add);
  if (v.schedule !== 'within-window') add('gate.schedule', 'journey.gate.ldc-schedule', { schedule: v.schedule });
};

// The infusion planner gates two steps: product receipt, then thaw and infusion.
const infusion = (v: InfusionValue, step: string, add: Issue) => {
  if (step === 'receipt') {
    if (v.receipt.status === 'accepted') return;
    add('gate.receipt', 'journey.gate.receipt', { status: v.receipt.status });
    for (const item of v.receipt.items) if (item.status === 'fail' || item.status === 'missing') add(`gate.receipt.${item.item}`, 'journey.gate.item-not-met', { item: item.item, status: item.status });
    return;
  }
  readiness(v.readyToThaw, add);
  if (v.bags.length === 0) add('gate.bags', 'journey.gate.no-bag-infused');
  for (const bag of v.bags) if (bag.status !== 'on-time') add(`gate.bags[${bag.bag - 1}]`, 'journey.gate.bag', { bag: String(bag.bag), status: bag.status });
};

const postInfusion = (v: PostInfusionValue, _step: string, add: Issue) => {
  if (v.dayAfterInfusion < 0) add('gate.dayAfterInfusion', 'journey.gate.before-infusion', { day: String(v.dayAfterInfusion) });
};

const followUp = (v: FollowUpValue, _step: string, add: Issue) => {
  if (v.overdue > 0) add('gate.overdue', 'journey.gate.follow-up-overdue', { count: String(v.overdue) });
  if (v.nextVisit !== null) add('gate.nextVisit', 'journey.gate.follow-up-visits-left', { next: v.nextVisit });
};

const workup = (v: LeukemiaWorkupValue, _step: string, add: Issue) => {
  if (v.diagnosis.status !== 'met') add('gate.diagnosis', 'journey.gate.diagnosis', { status: v.diagnosis.status });
  for (const item of v.items) if (item.required === 'required' && item.status !== 'resulted') add(`gate.items.${item.item}`, 'journey.gate.item-not-met', { item: item.item, status: item.status });
  if (v.teamDecision?.status !== 'done') add('gate.teamDecision', 'journey.gate.team-decision', { status: v.teamDecision?.status ?? 'not-given' });
};

const allPathway = (v: AllPathwayValue, _step: string, add: Issue) => {
  if (v.phStatus === 'pending') add('gate.phStatus', 'journey.gate.ph-pending');
};

const amlFirstLine = (v: AmlFirstLineValue, _step: string, add: Issue) => {
  if (v.consolidation === null) add('gate.consolidation', 'journey.gate.consolidation-undecided');
};

// eln2022 and mrd: an assessed result is the answer the step records.
const assessedIsEnough = () => undefined;

const VERDICTS: Readonly<Record<string, Verdict>> = {
  eligibility,
  washout,
  leukapheresis,
  cryopreservation,
  bridging,
  lymphodepletion,
  infusion,
  'post-infusion': postInfusion,
  'follow-up': followUp,
  'leukemia-workup': workup,
  'all-pathway': allPathway,
  'aml-first-line': amlFirstLine,
  eln2022: assessedIsEnough,
  mrd: assessedIsEnough,
};

export interface GateOutcome {
  readonly result: RenderedAssessment;
  /** Every failing check; empty when the gate is open. */
  readonly failures: readonly InputIssue[];
}

/** Runs the step's gating planner on the input and reads its answer. */
export function evaluateGate(gate: string, step: string, input: unknown, lang: Lang, settings: unknown): GateOutcome {
  const verdict = VERDICTS[gate];
  // A definition naming a planner this table does not read is a defect, not a client error.
  if (verdict === undefined) throw new Error(`journey: no verdict for gate ${gate}`);
  let result: RenderedAssessment;
  try {
    result = runInstrument(gate, input, { lang, settings });
  } catch (err) {
    if (err instanceof InputError) {
      throw new ApiError('invalid-input', { instrument: gate, issues: err.issues.map((i) => ({ ...i, path: i.path === '' ? 'gateInput' : `gateInput.${i.path}` })) });
    }
    throw err;
  }
  const failures: InputIssue[] = [];
  if (result.status === 'cannot-assess' || result.value === null) {
    for (const w of result.warnings) failures.push({ path: w.field === undefined ? 'gateInput' : `gateInput.${w.field}`, rule: w.rule, message: w.text });
    if (failures.length === 0) failures.push(requestIssue(lang, 'gateInput', 'journey.gate.cannot-assess', { gate }));
    return { result, failures };
  }
  const addRule: RuleIssue = (path, rule) => failures.push({ path, rule, message: result.basis.find((b) => b.rule === rule)?.text ?? rule });
  (verdict as (v: unknown, step: string, add: Issue, addRule: RuleIssue) => void)(
    result.value,
    step,
    (path, rule, params = {}) => failures.push(requestIssue(lang, path, rule, params)),
    addRule,
  );
  return { result, failures };
}
