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
import { PasswordInputError, promptNewPassword, readPasswordFromStdin } from './admin/password-input.js';
import { ROLES } from './auth/roles.js';
import { formatText } from './cli-format.js';
import { statusOf, toProblem } from './errors.js';

/** Exit codes: 0 success, 1 unexpected failure (or a tampered audit trail), 2 invalid input or usage. */
const EXIT_INVALID = 2;
const EXIT_FAILURE = 1;

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

// The database commands load the server only when run, so that the calculators start fast.
const commands = () => import('./admin/commands.js');

const DATABASE_HELP = 'The database: DATABASE_URL, or else the embedded PostgreSQL in EMBEDDED_POSTGRES_DIR (default ./data/postgres).';

/** A refused request (bad input, a taken username) exits 2 with the API's error shape; anything else exits 1. */
function failWith(error: unknown, lang: Lang): never {
  if (error instanceof PasswordInputError) fail({ error: 'password-unreadable', message: error.message });
  const problem = toProblem(error, lang);
  if (statusOf(problem.error) < 500) fail(problem);
  process.stderr.write(`cartographer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT_FAILURE);
}

program
  .command('start')
  .description('Start the server (HOST/PORT, default 127.0.0.1:8080) until SIGINT or SIGTERM')
  .addHelpText('after', `\n${DATABASE_HELP}\nSee packages/server/src/start.ts for every environment variable.`)
  .action(async () => {
    await import('./main.js');
  });

program
  .command('migrate')
  .description('Apply the pending database migrations and print them')
  .addHelpText('after', `\n${DATABASE_HELP}`)
  .action(async () => {
    try {
      const { runMigrations } = await commands();
      printJson(await runMigrations());
    } catch (error) {
      failWith(error, 'en');
    }
  });

function parseRole(value: string): (typeof ROLES)[number] {
  if ((ROLES as readonly string[]).includes(value)) return value as (typeof ROLES)[number];
  throw new InvalidArgumentError(`role must be one of ${ROLES.join(', ')}`);
}

const user = program.command('user').description('Manage users');
user
  .command('add')
  .description('Create a user; the password is asked at the terminal (twice) or read from standard input, never taken from the command line')
  .requiredOption('--username <username>', '3-64 characters: a-z 0-9 . - _')
  .requiredOption('--name <name>', 'display name, e.g. "陳醫師 Dr. Chen"')
  .requiredOption('--role <role>', ROLES.join(' | '), parseRole)
  .option('--password-stdin', 'read the password from standard input')
  .option('--lang <lang>', 'zh-TW or en (for error messages)', parseLang, DEFAULT_LANG)
  .addHelpText('after', `\n${DATABASE_HELP}`)
  .action(async (options: { username: string; name: string; role: string; passwordStdin?: boolean; lang: Lang }) => {
    try {
      const password = options.passwordStdin ? await readPasswordFromStdin() : await promptNewPassword();
      const { addUser } = await commands();
      printJson(await addUser({ username: options.username, displayName: options.name, role: options.role, password }));
    } catch (error) {
      failWith(error, options.lang);
    }
  });

program
  .command('import')
  .description('Import a FHIR R4 transaction Bundle (JSON file, or - for standard input): all entries or none; a replay adds nothing')
  .argument('<bundle>', 'path of the Bundle JSON file, or -')
  .addHelpText('after', `\n${DATABASE_HELP}`)
  .action(async (path: string) => {
    try {
      const text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
      let bundle: unknown;
      try {
        bundle = JSON.parse(text) as unknown;
      } catch {
        fail({ error: 'invalid-request', message: `${path} is not valid JSON`, issues: [{ path: '', rule: 'request.malformed-json', message: `${path} is not valid JSON` }] });
      }
      const { importBundle } = await commands();
      printJson(await importBundle(bundle));
    } catch (error) {
      failWith(error, 'en');
    }
  });

const audit = program.command('audit').description('The audit trail');
audit
  .command('verify')
  .description('Re-compute the audit trail\'s hash chain; exit 0 when intact, 1 when a record was edited, deleted or reordered')
  .addHelpText('after', `\n${DATABASE_HELP}`)
  .action(async () => {
    try {
      const { verifyAuditTrail } = await commands();
      const v = await verifyAuditTrail();
      printJson({ records: v.records, ok: v.ok, problems: v.problems, headHash: v.lastHash });
      if (!v.ok) process.exitCode = EXIT_FAILURE;
    } catch (error) {
      failWith(error, 'en');
    }
  });

await program.parseAsync();
