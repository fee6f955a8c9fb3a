/**
 * `npm run bench:compare -- <git ref> [panel|crs|icans|icaht|car-hematotox ...]`: is this working
 * tree's engine faster or slower than at <ref>, and by how much?
 *
 * Two runs of `npm run bench` differ by 15% or more on this shared machine, more than most
 * changes are worth. Here the two builds run in one process, in alternating slices of a fraction
 * of a second, and each pair of slices gives one ratio: a drift of the machine moves both sides
 * of a pair. Each build parses its own copy of the population, patient-day by patient-day in
 * turn, so that neither build's inputs lie better in memory. Comparing a build with itself gives
 * a median ratio within a few percent of 1 (`npm run bench:compare -- --self` checks that on the day).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Core from '@cartographer/core';
import { makePopulation } from './population.js';
import { quantile, rate } from './timing.js';

type Engine = typeof Core;
const TARGETS = ['panel', 'crs', 'icans', 'icaht', 'car-hematotox'] as const;
type Target = (typeof TARGETS)[number];

const SIZE = Number(process.env['BENCH_POPULATION'] ?? 20_000);
const PAIRS = Number(process.env['COMPARE_PAIRS'] ?? 60);
const SLICE_MS = Number(process.env['COMPARE_SLICE_MS'] ?? 150);

const root = resolve(import.meta.dirname, '../../..');
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

const WORKING_TREE = resolve(root, 'packages/core/dist');
// Inside the repository's node_modules, so that an old build's imports resolve to today's dependencies.
const CACHE = resolve(root, 'node_modules/.cache/cartographer-compare');

/** The core package as it was at `ref`, compiled once into the cache folder. */
function buildAt(ref: string): string {
  const sha = git('rev-parse', '--verify', `${ref}^{commit}`);
  const folder = resolve(CACHE, sha);
  const dist = resolve(folder, 'packages/core/dist');
  if (existsSync(resolve(dist, 'index.js'))) return dist;
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const archive = resolve(folder, 'source.tar');
  git('archive', `--output=${archive}`, sha, 'tsconfig.base.json', 'packages/core/tsconfig.json', 'packages/core/src');
  execFileSync('tar', ['-x', '-f', archive, '-C', folder]);
  execFileSync(resolve(root, 'node_modules/.bin/tsc'), ['-b', resolve(folder, 'packages/core')], { stdio: 'inherit' });
  return dist;
}

/** A copy of the working tree's build: a second module instance of the same code. */
function copyOfWorkingTree(): string {
  const dist = resolve(CACHE, 'self/packages/core/dist');
  rmSync(dist, { recursive: true, force: true });
  cpSync(WORKING_TREE, dist, { recursive: true });
  return dist;
}

async function load(dist: string): Promise<Engine> {
  return (await import(pathToFileURL(resolve(dist, 'index.js')).href)) as Engine;
}

function parser(engine: Engine) {
  return (raw: ReturnType<typeof makePopulation>[number]) => ({
    crs: engine.CrsInput.parse(raw.crs),
    icans: engine.IcansInput.parse(raw.icans),
    icaht: engine.IcahtInput.parse(raw.icaht),
    hematotox: engine.CarHematotoxInput.parse(raw.hematotox),
  });
}
type Parsed = ReturnType<ReturnType<typeof parser>>;

function workload(engine: Engine, parsed: readonly Parsed[], target: Target): () => number {
  const settings = engine.DEFAULT_SETTINGS;
  switch (target) {
    case 'panel':
      return () => {
        for (const p of parsed) {
          engine.assessCrs(p.crs, settings);
          engine.assessIcans(p.icans, settings);
          engine.assessIcaht(p.icaht);
          engine.assessCarHematotox(p.hematotox);
        }
        return parsed.length;
      };
    case 'crs':
      return () => {
        for (const p of parsed) engine.assessCrs(p.crs, settings);
        return parsed.length;
      };
    case 'icans':
      return () => {
        for (const p of parsed) engine.assessIcans(p.icans, settings);
        return parsed.length;
      };
    case 'icaht':
      return () => {
        for (const p of parsed) engine.assessIcaht(p.icaht);
        return parsed.length;
      };
    case 'car-hematotox':
      return () => {
        for (const p of parsed) engine.assessCarHematotox(p.hematotox);
        return parsed.length;
      };
  }
}

/** Grades that differ between the two builds: a change that grades differently is not the same work. */
function differences(before: Engine, after: Engine, parsedBefore: readonly Parsed[], parsedAfter: readonly Parsed[]): number {
  let count = 0;
  for (let i = 0; i < parsedBefore.length; i++) {
    const b = parsedBefore[i]!;
    const a = parsedAfter[i]!;
    const sb = before.DEFAULT_SETTINGS;
    const sa = after.DEFAULT_SETTINGS;
    if (before.assessCrs(b.crs, sb).value?.grade !== after.assessCrs(a.crs, sa).value?.grade) count++;
    if (before.assessIcans(b.icans, sb).value?.grade !== after.assessIcans(a.icans, sa).value?.grade) count++;
    if (before.assessIcaht(b.icaht).value?.early?.grade !== after.assessIcaht(a.icaht).value?.early?.grade) count++;
    if (before.assessCarHematotox(b.hematotox).value?.score !== after.assessCarHematotox(a.hematotox).value?.score) count++;
  }
  return count;
}

async function main(): Promise<void> {
  const [ref, ...rest] = process.argv.slice(2);
  if (ref === undefined) throw new Error(`usage: npm run bench:compare -- <git ref>|--self [${TARGETS.join('|')} ...]`);
  const targets = rest.length === 0 ? (['panel'] as Target[]) : rest;
  for (const t of targets) if (!(TARGETS as readonly string[]).includes(t)) throw new Error(`unknown target ${t}: one of ${TARGETS.join(', ')}`);

  const self = ref === '--self';
  const before = await load(self ? copyOfWorkingTree() : buildAt(ref));
  const after = await load(WORKING_TREE);

  const population = makePopulation(SIZE);
  const parseBefore = parser(before);
  const parseAfter = parser(after);
  const parsedBefore: Parsed[] = [];
  const parsedAfter: Parsed[] = [];
  for (const raw of population) {
    parsedBefore.push(parseBefore(raw));
    parsedAfter.push(parseAfter(raw));
  }
  const differ = differences(before, after, parsedBefore, parsedAfter);

  const label = self ? 'the working tree against a copy of itself' : `${ref} (before) against the working tree (after)`;
  console.log(`Node ${process.version}, one core, population ${SIZE.toLocaleString('en-US')} patient-days, ${PAIRS} pairs of ${SLICE_MS} ms slices; ${label}.`);
  if (differ > 0) console.log(`note: ${differ} grade(s) differ between the two builds: they do not do the same work.`);
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  for (const target of targets as Target[]) {
    const workBefore = workload(before, parsedBefore, target);
    const workAfter = workload(after, parsedAfter, target);
    for (let i = 0; i < 5; i++) {
      rate(workBefore, SLICE_MS);
      rate(workAfter, SLICE_MS);
    }
    const ratesBefore: number[] = [];
    const ratesAfter: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      // Which side goes first alternates, so that neither always follows the other's garbage.
      let b: number;
      let a: number;
      if (i % 2 === 0) {
        b = rate(workBefore, SLICE_MS);
        a = rate(workAfter, SLICE_MS);
      } else {
        a = rate(workAfter, SLICE_MS);
        b = rate(workBefore, SLICE_MS);
      }
      ratesBefore.push(b);
      ratesAfter.push(a);
      ratios.push(a / b);
    }
    console.log(
      `${target.padEnd(14)} before ${count(quantile(ratesBefore, 0.5)).padStart(10)} /s, after ${count(quantile(ratesAfter, 0.5)).padStart(10)} /s; ` +
        `after/before ${quantile(ratios, 0.5).toFixed(3)} (middle half of the pairs ${quantile(ratios, 0.25).toFixed(3)}-${quantile(ratios, 0.75).toFixed(3)})`,
    );
  }
}

await main();
