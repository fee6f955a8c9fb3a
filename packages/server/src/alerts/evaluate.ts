import { checkTocilizumabLimits, INFUSION_THRESHOLDS, TOCILIZUMAB_RULES, type Assessment, type IcahtValue, type IecHsValue, type TlsValue } from '@cartographer/core';
import type { Actor } from '../audit/trail.js';
import { currentSettings, type ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import { evaluateBuilt, runAndStore, type Ran, type RunContext } from './assessments.js';
import { crsInput, febrileNeutropeniaInput, icahtInput, icansInput, iecHsInput, tlsInput, tocilizumabInput } from './inputs.js';
import type { AlertKind } from './kinds.js';
import { criteriaOf } from './neutral.js';
import { loadClinicalState, type ClinicalState } from './state.js';
import { raiseAlert, resolveAlert, type AlertSeverity } from './store.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

interface Scope {
  readonly run: RunContext;
  readonly state: ClinicalState;
}

async function raise(scope: Scope, kind: AlertKind, severity: AlertSeverity, detail: Record<string, unknown>, assessmentId: string | null, dueAt?: Date | null) {
  const { run } = scope;
  return raiseAlert(run.tx, run.actor, { patientId: run.patientId, episodeId: run.episodeId, kind, key: '', severity, detail, assessmentId, ...(dueAt === undefined ? {} : { dueAt }) }, run.now);
}

async function resolve(scope: Scope, kind: AlertKind, reason: string) {
  await resolveAlert(scope.run.tx, scope.run.actor, scope.run.patientId, kind, '', scope.run.now, reason);
}

/**
 * CRS / ICANS (seed 002 Tables 7, 8): grade 1 is a warning, grade 2 or more critical (it calls
 * for tocilizumab or steroids and ICU notification, Figures 4 and 6). Grade 0 resolves the alert;
 * "cannot assess" leaves it as it is (missing data is not recovery).
 */
async function gradeAlert(scope: Scope, kind: 'crs-grade' | 'icans-grade', ran: Ran): Promise<void> {
  const { result, assessmentId } = ran;
  if (result.status !== 'assessed') return;
  const grade = (result.value as { grade: number }).grade;
  if (grade === 0) return resolve(scope, kind, 'grade 0');
  await raise(scope, kind, grade >= 2 ? 'critical' : 'warning', { level: grade, criteria: criteriaOf(result), assessmentId }, assessmentId);
}

/**
 * Febrile neutropenia (seed 000, emergency item 2): critical, due one hour after both criteria
 * were known. The deadline stays that of the first finding while the alert is live; it is overdue
 * (raised again, level 2) when it passes without one of the institution's empiric antibiotics.
 */
async function febrileNeutropeniaAlert(scope: Scope, ran: Ran): Promise<void> {
  const { result, assessmentId } = ran;
  if (result.status !== 'assessed') return;
  const value = result.value as { febrileNeutropenia: boolean; antibioticsDueBy: string | null };
  if (!value.febrileNeutropenia) return resolve(scope, 'febrile-neutropenia', 'criteria no longer met');
  const { run, state } = scope;
  const live = await run.tx
    .selectFrom('alerts')
    .select(['due_at', 'detail'])
    .where('patient_id', '=', run.patientId)
    .where('kind', '=', 'febrile-neutropenia')
    .where('status', '<>', 'resolved')
    .executeTakeFirst();
  const liveDetail: Record<string, unknown> = live?.detail ?? {};
  const dueAt = live?.due_at ?? (value.antibioticsDueBy === null ? null : new Date(value.antibioticsDueBy));
  const onsetAt = typeof liveDetail['onsetAt'] === 'string' ? liveDetail['onsetAt'] : dueAt ? new Date(dueAt.getTime() - HOUR_MS).toISOString() : run.now.toISOString();
  // A course already running (a dose within the bedside window before onset) counts as given.
  const from = Date.parse(onsetAt) - state.settings.bedsideLookBackHours * HOUR_MS;
  const given = state.administrations.find((a) => state.settings.empiricAntibiotics.includes(a.drug) && a.at.getTime() >= from);
  const overdue = !given && dueAt !== null && run.now.getTime() >= dueAt.getTime();
  await raise(
    scope,
    'febrile-neutropenia',
    'critical',
    {
      level: overdue ? 2 : 1,
      overdue,
      onsetAt,
      antibioticsDueBy: dueAt?.toISOString() ?? null,
      antibioticsGivenAt: given?.at.toISOString() ?? null,
      criteria: criteriaOf(result),
      assessmentId,
    },
    assessmentId,
    dueAt,
  );
}

/** Laboratory TLS (Cairo-Bishop; seed 002 §3.1.1): a warning, critical once clinical TLS is present. */
async function tlsAlert(scope: Scope, ran: Ran): Promise<void> {
  const { result, assessmentId } = ran;
  if (result.status !== 'assessed') return;
  const value = result.value as TlsValue;
  if (value.laboratoryTls === false) return resolve(scope, 'tls-laboratory', 'laboratory criteria no longer met');
  if (value.laboratoryTls !== true) return;
  const clinical = value.clinicalTls === true;
  await raise(scope, 'tls-laboratory', clinical ? 'critical' : 'warning', { level: clinical ? 2 : 1, clinical, criteriaMet: value.criteriaMet, criteria: criteriaOf(result), assessmentId }, assessmentId);
}

/**
 * IEC-HS and CRS/MAS (seed 002 §3.1.4, Table 9; §3.1.5, Figure 8). Critical when the IEC-HS
 * criteria are met, and critical when the picture is Figure 8's CRS/MAS branch (ferritin criteria
 * and an HLH-like manifestation during active CRS): each calls for its own treatment line.
 * The IEC-HS criteria include the clinician's confirmation that CRS, infection and progression do
 * not explain the picture; until it is recorded the core cannot assess. When only the clinician's
 * judgments are missing (that confirmation, and whether ferritin is rising rapidly), the engine
 * evaluates once more with the confirmation taken as given and the rising-ferritin criterion as
 * not met (so it adds nothing): criteria met there give a warning that asks for the judgments
 * ("possible IEC-HS"); the CRS/MAS branch, which does not depend on the confirmation, is raised
 * as it is, with the judgments still awaited.
 */
async function iecHsAlert(scope: Scope, ran: Ran, built: ReturnType<typeof iecHsInput>): Promise<void> {
  const { result, assessmentId } = ran;
  if (result.status === 'assessed') return iecHsFinding(scope, result as Assessment<IecHsValue>, assessmentId, []);
  if (!('input' in built) || built.input['alternativeCausesExcluded'] !== undefined) return;
  const onlyJudgmentsMissing = result.warnings.every((w) => w.rule.id !== 'iec-hs.ferritin-missing' && w.rule.id !== 'iec-hs.crs-course-missing' && w.rule.id !== 'iec-hs.common-manifestation-unknown');
  if (!onlyJudgmentsMissing) return;
  const risingUnjudged = built.input['ferritinRisingRapidly'] === undefined;
  const provisionalInput = { ...built.input, alternativeCausesExcluded: true, ...(risingUnjudged ? { ferritinRisingRapidly: false } : {}) };
  const provisional = evaluateBuilt('iec-hs', { input: provisionalInput }, scope.state.settings) as Assessment<IecHsValue>;
  if (provisional.status !== 'assessed') return;
  await iecHsFinding(scope, provisional, assessmentId, ['alternativeCausesExcluded', ...(risingUnjudged ? ['ferritinRisingRapidly'] : [])]);
}

async function iecHsFinding(scope: Scope, result: Assessment<IecHsValue>, assessmentId: string, awaiting: readonly string[]): Promise<void> {
  const value = result.value as IecHsValue;
  const base = { branch: value.branch, criteria: criteriaOf(result), assessmentId, ...(awaiting.length > 0 ? { provisional: true, awaiting } : {}) };
  if (value.criteriaMet && awaiting.length > 0) await raise(scope, 'iec-hs', 'warning', { level: 1, ...base }, assessmentId);
  else if (value.criteriaMet) await raise(scope, 'iec-hs', 'critical', { level: 2, grade: value.grade, ...base }, assessmentId);
  else if (value.branch === 'CRS/MAS') await raise(scope, 'iec-hs', 'critical', { level: 2, manifestations: value.commonManifestations, ...base }, assessmentId);
  else await resolve(scope, 'iec-hs', 'criteria not met');
}

/** ICAHT (seed 002 §3.1.5, Table 12): grade 3-4 is severe hematotoxicity (Rejeski 2023). */
async function icahtAlert(scope: Scope, ran: Ran): Promise<void> {
  const { result, assessmentId } = ran;
  if (result.status !== 'assessed') return;
  const value = result.value as IcahtValue;
  const grade = Math.max(value.early?.grade ?? 0, value.late?.grade ?? 0);
  if (grade < 3) return resolve(scope, 'icaht-grade', 'grade below 3');
  await raise(scope, 'icaht-grade', 'critical', { level: grade, provisional: value.early?.provisional ?? false, criteria: criteriaOf(result), assessmentId }, assessmentId);
}

/**
 * Tocilizumab (seed 002 §3.1.2 drugs: at most 3 doses in 24 h, 4 in all): raised when the next
 * dose would break the 24-hour or the total limit. The 8-hour interval after each dose is the
 * ordinary dosing rhythm, not a limit reached, and raises nothing.
 */
async function tocilizumabAlert(scope: Scope, ran: Ran | null): Promise<void> {
  const { state, run } = scope;
  const history = state.administrations.filter((a) => a.drug === 'tocilizumab' && (state.episode === null || a.at >= state.episode.startedAt)).map((a) => a.at.getTime());
  if (history.length === 0) return resolve(scope, 'tocilizumab-limit', 'no tocilizumab given');
  const check = checkTocilizumabLimits(history, run.now.getTime());
  const limits = check.violations.filter((v) => v.rule === TOCILIZUMAB_RULES['max-per-24h'] || v.rule === TOCILIZUMAB_RULES['max-total']);
  if (limits.length === 0) return resolve(scope, 'tocilizumab-limit', 'a dose would break no limit');
  const detail = {
    level: check.nextAllowedAt === null ? 2 : 1,
    nextAllowedAt: check.nextAllowedAt,
    dosesInLast24h: check.dosesInLast24h,
    totalDoses: check.totalDoses,
    criteria: limits.map((v) => ({ rule: v.rule.id, field: v.field, observed: v.observed })),
    assessmentId: ran?.assessmentId ?? null,
  };
  await raise(scope, 'tocilizumab-limit', 'warning', detail, ran?.assessmentId ?? null);
}

/**
 * Vital signs during and after the infusion (seed 002 §2.2.3, core INFUSION_THRESHOLDS): every
 * 15 min from the infusion start to its end, then every 30 min for the post-infusion watch (the
 * planner's default 2 h). Without a recorded end the infusion is taken to end at the latest time it
 * may (the product is infused within 30 min), so that the schedule never runs on unbounded.
 */
export function vitalSignsDue(state: ClinicalState): { dueAt: Date; phase: 'during' | 'after'; intervalMinutes: number } | null {
  const start = state.episode?.infusionStart;
  if (!start) return null;
  const T = INFUSION_THRESHOLDS;
  const end = state.episode?.infusionEnd ?? new Date(start.getTime() + T.infusionCompleteLimitMinutes * MINUTE_MS);
  const watchEnd = end.getTime() + T.postObservationDefaultHours * HOUR_MS;
  const now = state.now.getTime();
  if (now < start.getTime() || now >= watchEnd) return null;
  const phase = now < end.getTime() ? 'during' : 'after';
  const intervalMinutes = phase === 'during' ? T.vitalsDuringEveryMinutes : T.vitalsAfterEveryMinutes;
  const last = state.lastVitalsAt && state.lastVitalsAt >= start ? state.lastVitalsAt : start;
  const dueAt = new Date(last.getTime() + intervalMinutes * MINUTE_MS);
  return now >= dueAt.getTime() ? { dueAt, phase, intervalMinutes } : null;
}

async function vitalSignsAlert(scope: Scope): Promise<void> {
  const due = vitalSignsDue(scope.state);
  if (!due) return resolve(scope, 'vital-signs-due', 'vital signs recorded or watch over');
  await raise(
    scope,
    'vital-signs-due',
    'warning',
    { level: 1, phase: due.phase, intervalMinutes: due.intervalMinutes, lastVitalsAt: scope.state.lastVitalsAt?.toISOString() ?? null },
    null,
    due.dueAt,
  );
}

/** The IEC-HS input the engine builds from the record now: the CRS course needs the current CRS grade, which needs ICANS. */
export function iecHsBuiltNow(state: ClinicalState): ReturnType<typeof iecHsInput> {
  const crsFirst = evaluateBuilt('crs', crsInput(state), state.settings);
  const crsGradeNow = crsFirst.status === 'assessed' ? (crsFirst.value as { grade: number }).grade : undefined;
  const icans = evaluateBuilt('icans', icansInput(state, crsGradeNow), state.settings);
  const icansGrade = icans.status === 'assessed' ? (icans.value as { grade: number }).grade : undefined;
  return iecHsInput(state, crsGradeNow === undefined ? [] : [...state.crsGrades, crsGradeNow], icansGrade);
}

/**
 * Re-evaluates one patient in the caller's transaction: builds the instruments' inputs from the
 * record, stores each assessment, and raises or resolves the alerts. Evaluations of one patient
 * are serialised by a lock on the patient's row (FOR NO KEY UPDATE, which does not block the
 * inserts that reference the patient), so that two processes never race on the same alerts.
 */
export async function evaluatePatientAs(tx: Tx, patientId: string, actor: Actor, now: Date, trigger: RunContext['trigger']): Promise<void> {
  const locked = await tx.selectFrom('patients').select('id').where('id', '=', patientId).forNoKeyUpdate().executeTakeFirst();
  if (!locked) return;
  const { version, settings } = await currentSettings(tx);
  const state = await loadClinicalState(tx, patientId, now, settings);
  if (!state) return;
  const run: RunContext = { tx, actor, patientId, episodeId: state.episode?.id ?? null, settings, settingsVersion: version, now, trigger };
  const scope: Scope = { run, state };

  const fn = await runAndStore(run, 'febrile-neutropenia', febrileNeutropeniaInput(state));
  await febrileNeutropeniaAlert(scope, fn);
  if (!state.episode) return;

  // CRS and ICANS each inform the other's management: grade CRS first without ICANS, then both.
  const crsFirst = evaluateBuilt('crs', crsInput(state), settings);
  const crsGradeNow = crsFirst.status === 'assessed' ? (crsFirst.value as { grade: number }).grade : undefined;
  const icans = await runAndStore(run, 'icans', icansInput(state, crsGradeNow));
  const icansGrade = icans.result.status === 'assessed' ? (icans.result.value as { grade: number }).grade : undefined;
  const crs = await runAndStore(run, 'crs', crsInput(state, icansGrade));
  await gradeAlert(scope, 'crs-grade', crs);
  await gradeAlert(scope, 'icans-grade', icans);

  const grades = crsGradeNow === undefined ? [] : [...state.crsGrades, crsGradeNow];
  const iecBuilt = iecHsInput(state, grades, icansGrade);
  await iecHsAlert(scope, await runAndStore(run, 'iec-hs', iecBuilt), iecBuilt);

  await tlsAlert(scope, await runAndStore(run, 'tls', tlsInput(state)));

  const icaht = icahtInput(state);
  if (icaht) await icahtAlert(scope, await runAndStore(run, 'icaht', icaht));

  const toci = tocilizumabInput(state);
  await tocilizumabAlert(scope, toci ? await runAndStore(run, 'tocilizumab', toci) : null);

  await vitalSignsAlert(scope);
}

/** The alert engine, in the shape of ServerContext['onPatientDataChanged']. */
export const evaluatePatient: ServerContext['onPatientDataChanged'] = (tx, patientId, actor, now) => evaluatePatientAs(tx, patientId, actor, now, 'data-changed');
