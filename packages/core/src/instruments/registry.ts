import type * as z from 'zod';
import { render } from '../explain/render.js';
import { renderedAssessmentSchema, type RenderedAssessment } from '../explain/rendered.js';
import type { Assessment } from '../explain/result.js';
import type { Lang } from '../i18n/types.js';
import { DEFAULT_SETTINGS, InstitutionSettingsSchema, type InstitutionSettings } from '../institution/settings.js';
import { parseInput } from '../validation/errors.js';

/** What the engine needs to know about one instrument or planner. */
export interface Instrument<S extends z.ZodType = z.ZodType, V = unknown> {
  readonly name: string;
  readonly kind: 'instrument' | 'planner';
  /** Seed section in short, e.g. "002 §3.1.2". */
  readonly section: string;
  readonly input: S;
  readonly value: z.ZodType<V>;
  evaluate(input: z.output<S>, settings: InstitutionSettings): Assessment<V>;
  /** Parameters for the one-line summary message `<name>.summary`. */
  summary(value: V): Record<string, unknown>;
}

const instruments = new Map<string, Instrument>();

export function defineInstrument<S extends z.ZodType, V>(def: Instrument<S, V>): Instrument<S, V> {
  if (instruments.has(def.name)) throw new Error(`instrument ${def.name} is defined twice`);
  instruments.set(def.name, def);
  return def;
}

export function listInstruments(): readonly Instrument[] {
  return [...instruments.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function getInstrument(name: string): Instrument | undefined {
  return instruments.get(name);
}

export function outputSchema(instrument: Instrument) {
  return renderedAssessmentSchema(instrument.value);
}

export class UnknownInstrumentError extends Error {
  constructor(readonly instrument: string) {
    super(`unknown instrument: ${instrument}`);
    this.name = 'UnknownInstrumentError';
  }
}

/**
 * Validates raw input (JSON), evaluates and renders in one language. Throws InputError with
 * the field path and rule of every problem.
 */
export function runInstrument(
  name: string,
  rawInput: unknown,
  options: { lang: Lang; settings?: unknown },
): RenderedAssessment {
  const instrument = instruments.get(name);
  if (!instrument) throw new UnknownInstrumentError(name);
  const settings =
    options.settings === undefined ? DEFAULT_SETTINGS : parseInput('settings', InstitutionSettingsSchema, options.settings, options.lang);
  const input: unknown = parseInput(name, instrument.input, rawInput, options.lang);
  const result = instrument.evaluate(input, settings);
  return render(result, options.lang, result.value === null ? {} : instrument.summary(result.value));
}
