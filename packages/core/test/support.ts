import { expect } from 'vitest';
import { InputError } from '../src/validation/errors.js';
import { runInstrument } from '../src/instruments/registry.js';
import type { Lang } from '../src/i18n/types.js';
import type { RenderedAssessment } from '../src/explain/rendered.js';

/** Runs an instrument on raw JSON input, in English unless told otherwise. */
export function run<V = Record<string, unknown>>(name: string, input: unknown, lang: Lang = 'en', settings?: unknown): RenderedAssessment<V> {
  return runInstrument(name, input, { lang, ...(settings === undefined ? {} : { settings }) }) as RenderedAssessment<V>;
}

/** Asserts that the input is refused, naming this field path and this rule. */
export function expectInputError(name: string, input: unknown, path: string, rule: string): void {
  let caught: unknown;
  try {
    runInstrument(name, input, { lang: 'en' });
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${name} to refuse the input`).toBeInstanceOf(InputError);
  const issues = (caught as InputError).issues;
  expect(issues).toContainEqual(expect.objectContaining({ path, rule }));
}

export function rulesOf(result: RenderedAssessment<unknown>): string[] {
  return result.basis.map((b) => b.rule);
}

export function actionRules(result: RenderedAssessment<unknown>): string[] {
  return result.actions.map((a) => a.rule);
}

export function q(value: number, unit: string): { value: number; unit: string } {
  return { value, unit };
}
