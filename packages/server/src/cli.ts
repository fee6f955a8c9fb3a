#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import * as z from 'zod';
import {
  DEFAULT_LANG,
  InputError,
  LANGUAGES,
  UnknownInstrumentError,
  getInstrument,
  listInstruments,
  message,
  outputSchema,
  runInstrument,
  type Lang,
} from '@cartographer/core';
import { formatText } from './cli-format.js';

/** Exit codes: 0 success, 1 unexpected failure, 2 invalid input or usage. */
const EXIT_INVALID = 2;

function parseLang(value: string): Lang {
  if ((LANGUAGES as readonly string[]).includes(value)) return value as Lang;
  throw new InvalidArgumentError(`language must be one of ${LANGUAGES.join(', ')}`);
}

function parseFormat(value: string): 'json' | 'text' {
  if (value === 'json' || value === 'text') return value;
  throw new InvalidArgumentError('format must be json or text');
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function fail(error: { error: string; [key: string]: unknown }): never {
  printJson(error);
  process.exit(EXIT_INVALID);
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    fail({ error: 'unreadable-file', field: what, path, message: (error as Error).message });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    fail({ error: 'malformed-json', field: what, path, message: (error as Error).message });
  }
}

const program = new Command();
program
  .name('cartographer')
  .description('Care-pathway and clinical decision support for acute leukemia and CAR-T cell therapy')
  .showHelpAfterError()
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : EXIT_INVALID);
  });

program
  .command('list')
  .description('List the instruments and planners')
  .option('--lang <lang>', 'zh-TW or en', parseLang, DEFAULT_LANG)
  .action((options: { lang: Lang }) => {
    printJson(
      listInstruments().map((i) => ({ name: i.name, kind: i.kind, section: i.section, title: message(options.lang, `${i.name}.title`) })),
    );
  });

program
  .command('schema')
  .description('Print the JSON Schema of an instrument\'s input and output')
  .argument('<name>', 'instrument name (see `cartographer list`)')
  .action((name: string) => {
    const instrument = getInstrument(name);
    if (!instrument) fail({ error: 'unknown-instrument', instrument: name, known: listInstruments().map((i) => i.name) });
    printJson({
      instrument: name,
      input: z.toJSONSchema(instrument.input, { io: 'input', unrepresentable: 'any' }),
      output: z.toJSONSchema(outputSchema(instrument), { unrepresentable: 'any' }),
    });
  });

for (const [command, description] of [
  ['assess', 'Assess a case: validate the input, grade, and explain'],
  ['plan', 'Plan a step of the care pathway: validate the input, compute dates and doses, and explain'],
] as const) {
  program
    .command(command)
    .description(description)
    .argument('<name>', 'instrument or planner name (see `cartographer list`)')
    .requiredOption('--input <file>', 'case as JSON (- for standard input)')
    .option('--settings <file>', 'institution settings as JSON')
    .option('--lang <lang>', 'zh-TW or en', parseLang, DEFAULT_LANG)
    .option('--format <format>', 'json or text', parseFormat, 'json')
    .action((name: string, options: { input: string; settings?: string; lang: Lang; format: 'json' | 'text' }) => {
      const input = readJson(options.input, 'input');
      const settings = options.settings === undefined ? undefined : readJson(options.settings, 'settings');
      try {
        const result = runInstrument(name, input, { lang: options.lang, ...(settings === undefined ? {} : { settings }) });
        if (options.format === 'text') process.stdout.write(`${formatText(result, options.lang)}\n`);
        else printJson(result);
      } catch (error) {
        if (error instanceof InputError) fail({ error: 'invalid-input', instrument: name, issues: error.issues });
        if (error instanceof UnknownInstrumentError) {
          fail({ error: 'unknown-instrument', instrument: name, known: listInstruments().map((i) => i.name) });
        }
        throw error;
      }
    });
}

program.parse();
