import { message } from '../i18n/catalog.js';
import type { Lang } from '../i18n/types.js';
import type { RenderedAssessment, RenderedCitation } from './rendered.js';
import type { Action, Assessment, BasisEntry, Dose, Threshold, Warning } from './result.js';
import type { Rule } from './rules.js';
import { resolvePublication, resolveSeed } from './sources.js';

function citationsOf(rule: Rule): RenderedCitation[] {
  return [...rule.sources.seed.map(resolveSeed), ...rule.sources.publications.map(resolvePublication)];
}

/**
 * Three decimals, or for fractions below 0.1 three significant digits: an MRD level of 0.0001
 * rounded to three decimals would read as 0. Written out in full, never in exponent form.
 */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = magnitude >= -1 ? 3 : Math.min(20, 2 - magnitude);
  const fixed = value.toFixed(decimals);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

function formatScalar(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) return value.map(formatScalar).join(', ');
  return String(value);
}

const DISPLAY_UNITS: Readonly<Record<string, string>> = { Cel: '°C', 'Cel/min': '°C/min', '/uL': '/µL', m2: 'm²', 'ug/kg': 'µg/kg', a: 'y' };

/** UCUM codes are for machines; people read °C, /µL and m². */
export function displayUnit(unit: string): string {
  return DISPLAY_UNITS[unit] ?? unit;
}

function formatThreshold(threshold: Threshold | undefined): string | undefined {
  if (!threshold) return undefined;
  const unit = threshold.unit ? ` ${displayUnit(threshold.unit)}` : '';
  if (threshold.comparator === 'between' && Array.isArray(threshold.value)) {
    return `${formatScalar(threshold.value[0])}-${formatScalar(threshold.value[1])}${unit}`;
  }
  const op = threshold.comparator === 'in' || threshold.comparator === '=' ? '' : `${threshold.comparator} `;
  return `${op}${formatScalar(threshold.value)}${unit}`;
}

/** Renders ISO 8601 durations such as PT12H, P3D, P2W in the reader's language. */
export function formatDuration(lang: Lang, iso: string): string {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!match) return iso;
  const [, years, months, weeks, days, hours, minutes] = match;
  const parts: string[] = [];
  if (years) parts.push(message(lang, 'unit.years', { n: years }));
  if (months) parts.push(message(lang, 'unit.months', { n: months }));
  if (weeks) parts.push(message(lang, 'unit.weeks', { n: weeks }));
  if (days) parts.push(message(lang, 'unit.days', { n: days }));
  if (hours) parts.push(message(lang, 'unit.hours', { n: hours }));
  if (minutes) parts.push(message(lang, 'unit.minutes', { n: minutes }));
  return parts.join(' ');
}

export function formatDose(lang: Lang, dose: Dose): string {
  const amount = dose.upTo === undefined ? formatNumber(dose.value) : `${formatNumber(dose.value)}-${formatNumber(dose.upTo)}`;
  let text = `${amount} ${dose.unit}`;
  if (dose.perUnit && dose.basedOn) {
    text += ` (${formatNumber(dose.perUnit.value)} ${dose.perUnit.unit} × ${formatNumber(dose.basedOn.value)} ${dose.basedOn.unit}`;
    if (dose.cappedAt) text += message(lang, 'dose.capped', { cap: `${formatNumber(dose.cappedAt.value)} ${dose.cappedAt.unit}` });
    text += ')';
  }
  return text;
}

function basisParams(lang: Lang, entry: BasisEntry): Record<string, unknown> {
  const observed = entry.observed === null ? message(lang, 'value.missing') : formatScalar(entry.observed);
  return {
    observed: entry.unit ? `${observed} ${displayUnit(entry.unit)}` : observed,
    threshold: formatThreshold(entry.threshold),
    yields: entry.yields === undefined ? undefined : formatScalar(entry.yields),
    field: entry.field,
  };
}

function renderBasis(lang: Lang, entry: BasisEntry) {
  return {
    rule: entry.rule.id,
    text: message(lang, entry.rule.id, basisParams(lang, entry)),
    field: entry.field,
    observed: entry.observed,
    ...(entry.unit === undefined ? {} : { unit: entry.unit }),
    ...(entry.threshold === undefined ? {} : { threshold: entry.threshold as { comparator: string; value: never; unit?: string } }),
    ...(entry.yields === undefined ? {} : { yields: entry.yields }),
    citations: citationsOf(entry.rule),
  };
}

function renderAction(lang: Lang, action: Action) {
  const dose = action.dose ? formatDose(lang, action.dose) : undefined;
  const params = {
    drug: action.drug,
    // A dose that could not be calculated (e.g. no weight) reads as such, never as a bare placeholder.
    dose: dose ?? message(lang, 'dose.not-calculated'),
    route: action.route,
    frequency: action.frequency ? message(lang, `frequency.${action.frequency}`) : undefined,
    duration: action.duration ? formatDuration(lang, action.duration) : undefined,
    dueBy: action.dueBy,
  };
  return {
    rule: action.rule.id,
    status: action.status,
    text: message(lang, action.rule.id, params),
    ...(action.drug === undefined ? {} : { drug: action.drug }),
    ...(action.dose === undefined || dose === undefined ? {} : { dose: { ...action.dose, text: dose } }),
    ...(action.route === undefined ? {} : { route: action.route }),
    ...(action.frequency === undefined ? {} : { frequency: action.frequency }),
    ...(action.duration === undefined ? {} : { duration: action.duration }),
    ...(action.limits === undefined ? {} : { limits: action.limits.map((r) => ({ rule: r.id, text: message(lang, r.id) })) }),
    ...(action.escalation === undefined
      ? {}
      : {
          escalation: action.escalation.map((e) => ({
            ...(e.after === undefined ? {} : { after: e.after }),
            rule: e.rule.id,
            text:
              e.after === undefined
                ? message(lang, e.rule.id)
                : `${message(lang, 'label.escalate-after', { after: formatDuration(lang, e.after) })}: ${message(lang, e.rule.id)}`,
          })),
        }),
    ...(action.refusedBecause === undefined ? {} : { refusedBecause: action.refusedBecause.map((b) => renderBasis(lang, b)) }),
    ...(action.dueBy === undefined ? {} : { dueBy: action.dueBy }),
    citations: citationsOf(action.rule),
  };
}

function renderWarning(lang: Lang, warning: Warning) {
  return {
    rule: warning.rule.id,
    text: message(lang, warning.rule.id, { field: warning.field, ...warning.params }),
    ...(warning.field === undefined ? {} : { field: warning.field }),
  };
}

function uniqueCitations(lists: RenderedCitation[][]): RenderedCitation[] {
  const seen = new Map<string, RenderedCitation>();
  for (const list of lists) for (const c of list) if (!seen.has(c.reference)) seen.set(c.reference, c);
  return [...seen.values()];
}

/** The value as one line of text, from the instrument's `summary` message. */
function summarize<V>(lang: Lang, assessment: Assessment<V>, summaryParams: Record<string, unknown>): string {
  if (assessment.status === 'cannot-assess') return message(lang, 'status.cannot-assess');
  const variant = summaryParams['variant'];
  const key = typeof variant === 'string' ? `${assessment.instrument}.summary.${variant}` : `${assessment.instrument}.summary`;
  return message(lang, key, summaryParams);
}

/**
 * Turns an engine result (codes) into the explained result a person reads, in one language.
 * `summaryParams` fills the instrument's summary line (e.g. `{ grade: 2 }`).
 */
export function render<V>(assessment: Assessment<V>, lang: Lang, summaryParams: Record<string, unknown> = {}): RenderedAssessment<V> {
  const basis = assessment.basis.map((b) => renderBasis(lang, b));
  const actions = assessment.actions.map((a) => renderAction(lang, a));
  const warnings = assessment.warnings.map((w) => renderWarning(lang, w));
  const ruleCitations = [
    ...assessment.basis.map((b) => citationsOf(b.rule)),
    ...assessment.actions.map((a) => citationsOf(a.rule)),
    ...assessment.warnings.map((w) => citationsOf(w.rule)),
  ];
  return {
    instrument: assessment.instrument,
    title: message(lang, `${assessment.instrument}.title`),
    lang,
    status: assessment.status,
    value: assessment.value,
    summary: summarize(lang, assessment, summaryParams),
    basis,
    warnings,
    actions,
    citations: uniqueCitations(ruleCitations),
    rulesetVersion: assessment.rulesetVersion,
  };
}
