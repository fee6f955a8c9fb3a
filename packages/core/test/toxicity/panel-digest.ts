/**
 * Digests of everything the toxicity panel's instruments answer for a large generated set of
 * inputs. Written against an `Engine` (the functions it needs, passed in) so that the same
 * cases can be digested by the engine of today and by a build of the engine as it was before a
 * rewrite, which is where the expected digests of panel-equivalence.test.ts come from.
 */
import { createHash } from 'node:crypto';
import { makePopulation } from '../../bench/population.js';
import type { Assessment, Rule } from '../../src/index.js';
import type { Lang } from '../../src/i18n/types.js';
import type { InstitutionSettings } from '../../src/institution/settings.js';
import type { Instrument } from '../../src/instruments/registry.js';
import type { RenderedAssessment } from '../../src/explain/rendered.js';
import { crsCase, hematotoxCase, icahtCase, icansCase, seeded, variantOf, type Random } from './panel-cases.js';

export const PANEL_INSTRUMENTS = ['crs', 'icans', 'icaht', 'car-hematotox'] as const;
export type PanelInstrument = (typeof PANEL_INSTRUMENTS)[number];

export interface Engine {
  readonly instruments: Readonly<Record<PanelInstrument, Instrument>>;
  render(assessment: Assessment<unknown>, lang: Lang, summaryParams: Record<string, unknown>): RenderedAssessment<unknown>;
  allRules(): readonly Rule[];
  parseInput(instrument: string, schema: Instrument['input'], input: unknown, lang: Lang): unknown;
  readonly InputError: abstract new (...args: never[]) => { readonly issues: readonly unknown[] };
  /** Institution settings the cases rotate through (defaults, a less experienced center, age limits). */
  readonly settings: readonly InstitutionSettings[];
}

export interface Digest {
  readonly blocks: readonly string[];
  readonly refused: number;
  readonly assessed: number;
  readonly cannotAssess: number;
}

const GENERATED = 4_000;
/** Cases repeated with other measured values (see variantOf), each followed by 2 variants. */
const REPEATED = 800;
const BLOCKS = 6;
// Rendering is checked on a third of the cases in each language; the raw result on every case.
const LANGS: readonly (Lang | undefined)[] = ['en', undefined, undefined, 'zh-TW', undefined, undefined];

const GENERATORS: Readonly<Record<PanelInstrument, (r: Random) => Record<string, unknown>>> = {
  crs: crsCase,
  icans: icansCase,
  icaht: icahtCase,
  'car-hematotox': hematotoxCase,
};
const FROM_POPULATION: Readonly<Record<PanelInstrument, (day: ReturnType<typeof makePopulation>[number]) => Record<string, unknown>>> = {
  crs: (d) => d.crs,
  icans: (d) => d.icans,
  icaht: (d) => d.icaht,
  'car-hematotox': (d) => d.hematotox,
};

interface Case {
  readonly raw: Record<string, unknown>;
  readonly settings: number;
}

/** The benchmark's population, the generated cases, then generated cases each followed by two variants. */
function casesOf(name: PanelInstrument, settingsCount: number): Case[] {
  const cases: Case[] = makePopulation(1_000, 7).map((day, i) => ({ raw: FROM_POPULATION[name](day), settings: i % settingsCount }));
  const random = seeded(20_261_121 + name.length);
  for (let i = 0; i < GENERATED; i++) cases.push({ raw: GENERATORS[name](random), settings: i % settingsCount });
  for (let i = 0; i < REPEATED; i++) {
    const raw = GENERATORS[name](random);
    const settings = i % settingsCount;
    cases.push({ raw, settings }, { raw: variantOf(name, raw, random), settings }, { raw: variantOf(name, raw, random), settings });
  }
  return cases;
}

/**
 * JSON, but stricter: keys whose value is undefined are kept (marked), and -0 and NaN are told
 * apart from 0 and null. Key order counts, as it does in what the server stores. A rule is
 * named by its id (its sources are digested once, by rulesDigest).
 */
function canonical(value: unknown, ruleIds: ReadonlyMap<unknown, string>): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === undefined) return '\u0000undefined';
    if (typeof v === 'object' && v !== null && ruleIds.has(v)) return `\u0000rule:${ruleIds.get(v)}`;
    if (typeof v === 'number' && (Object.is(v, -0) || Number.isNaN(v))) return `\u0000${Object.is(v, -0) ? '-0' : 'NaN'}`;
    return v;
  });
}

/** The raw result, and the rendered one when a language is given; or the input errors. */
function outcome(engine: Engine, instrument: Instrument, raw: unknown, settings: InstitutionSettings, lang: Lang | undefined, ruleIds: ReadonlyMap<unknown, string>): string {
  let input: unknown;
  try {
    input = engine.parseInput(instrument.name, instrument.input, raw, lang ?? 'en');
  } catch (error) {
    if (error instanceof engine.InputError) return `refused ${canonical(error.issues, ruleIds)}`;
    throw error;
  }
  const result = instrument.evaluate(input, settings);
  if (lang === undefined) return canonical(result, ruleIds);
  const rendered = engine.render(result, lang, result.value === null ? {} : instrument.summary(result.value));
  return `${canonical(result, ruleIds)}\n${canonical(rendered, ruleIds)}`;
}

/** Digest of each block of cases, so that a difference points at where it happened. */
export function panelDigest(engine: Engine, name: PanelInstrument): Digest {
  const ruleIds = new Map<unknown, string>(engine.allRules().map((rule) => [rule, rule.id]));
  const instrument = engine.instruments[name];
  const cases = casesOf(name, engine.settings.length);
  const perBlock = Math.ceil(cases.length / BLOCKS);
  const blocks: string[] = [];
  let refused = 0;
  let assessed = 0;
  let cannotAssess = 0;
  for (let b = 0; b < BLOCKS; b++) {
    const hash = createHash('sha256');
    cases.slice(b * perBlock, (b + 1) * perBlock).forEach((c, i) => {
      const index = b * perBlock + i;
      const text = outcome(engine, instrument, c.raw, engine.settings[c.settings]!, LANGS[index % LANGS.length], ruleIds);
      if (text.startsWith('refused')) refused++;
      else if (text.includes('"status":"assessed"')) assessed++;
      else cannotAssess++;
      hash.update(`${index}\u0000${canonical(c.raw, ruleIds)}\u0000${c.settings}\u0000${text}\u0001`);
    });
    blocks.push(hash.digest('hex').slice(0, 24));
  }
  return { blocks, refused, assessed, cannotAssess };
}

/** The rules of the panel's instruments and of the tools and drugs they use, with their sources. */
export function rulesDigest(engine: Engine): string {
  const prefixes = ['crs.', 'icans.', 'ice.', 'capd.', 'icaht.', 'car-hematotox.', 'tocilizumab.'];
  const hash = createHash('sha256');
  const rules = engine.allRules().filter((rule) => prefixes.some((p) => rule.id.startsWith(p)));
  // By id: the registry's order is the order in which modules happened to be loaded.
  for (const rule of [...rules].sort((a, b) => (a.id < b.id ? -1 : 1))) hash.update(`${rule.id}\u0000${JSON.stringify(rule.sources)}\u0001`);
  return hash.digest('hex').slice(0, 24);
}
