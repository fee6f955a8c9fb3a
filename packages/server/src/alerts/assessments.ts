import { randomUUID } from 'node:crypto';
import { cannotAssess, getInstrument, InputError, parseInput, type Assessment, type InstitutionSettings } from '@cartographer/core';
import { appendAudit, type Actor } from '../audit/trail.js';
import { canonicalJson } from '../audit/canonical.js';
import type { Tx } from '../db/connect.js';
import type { Built } from './inputs.js';
import { toNeutral } from './neutral.js';
import { ENGINE_RULES } from './rules.js';

export interface RunContext {
  readonly tx: Tx;
  readonly actor: Actor;
  readonly patientId: string;
  readonly episodeId: string | null;
  readonly settings: InstitutionSettings;
  readonly settingsVersion: number;
  readonly now: Date;
  /** Why the engine assessed: `data-changed` (a record was added) or `scheduled` (the clock moved). */
  readonly trigger: 'data-changed' | 'scheduled';
}

export interface Ran<V = unknown> {
  readonly result: Assessment<V>;
  readonly assessmentId: string;
}

/** Evaluates one instrument on a built input; contradictory data become "cannot assess" naming the broken rule. */
export function evaluateBuilt(name: string, built: Built, settings: InstitutionSettings): Assessment<unknown> {
  if ('cannot' in built) return cannotAssess(name, built.cannot);
  const instrument = getInstrument(name);
  if (!instrument) throw new Error(`instrument ${name} is not registered`);
  try {
    const input: unknown = parseInput(name, instrument.input, built.input, 'en');
    return instrument.evaluate(input, settings);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return cannotAssess(
      name,
      err.issues.map((i) => ({ rule: ENGINE_RULES['input-refused'], field: i.path, params: { field: i.path || name, rule: i.rule } })),
    );
  }
}

/** The stored input without the evaluation instant, to tell a new finding from a repeat of the same one. */
function sameness(input: unknown, result: unknown): string {
  const rest = Object.fromEntries(Object.entries((input ?? {}) as Record<string, unknown>).filter(([key]) => key !== 'now'));
  return canonicalJson({ input: rest, result });
}

/**
 * Evaluates and stores one assessment (input, language-neutral result, ruleset and settings
 * versions, trigger), audited. When the input and the result are those of the latest stored
 * assessment of that instrument, nothing new is stored and that assessment is returned.
 */
export async function runAndStore(ctx: RunContext, name: string, built: Built): Promise<Ran> {
  const result = evaluateBuilt(name, built, ctx.settings);
  const neutral = toNeutral(result);
  const input = 'input' in built ? built.input : {};
  const previous = await ctx.tx
    .selectFrom('assessments')
    .select(['id', 'input', 'result'])
    .where('patient_id', '=', ctx.patientId)
    .where('instrument', '=', name)
    .where('created_by', 'is', null)
    .orderBy('assessed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (previous && sameness(previous.input, previous.result) === sameness(input, neutral)) return { result, assessmentId: previous.id };
  const row = await ctx.tx
    .insertInto('assessments')
    .values({
      id: randomUUID(),
      patient_id: ctx.patientId,
      episode_id: ctx.episodeId,
      instrument: name,
      input: JSON.stringify(input),
      result: JSON.stringify(neutral),
      ruleset_version: result.rulesetVersion,
      settings_version: ctx.settingsVersion,
      assessed_at: ctx.now,
      created_by: null,
      trigger: ctx.trigger,
    })
    .returning(['id', 'instrument', 'assessed_at', 'trigger'])
    .executeTakeFirstOrThrow();
  await appendAudit(
    ctx.tx,
    ctx.actor,
    { action: 'assess', entityType: 'assessment', entityId: row.id, patientId: ctx.patientId, after: { ...row, status: result.status, value: result.value } },
    ctx.now,
  );
  return { result, assessmentId: row.id };
}
