/**
 * The toxicity panel's results must not change when its evaluation is made faster. This test
 * grades about 7,400 inputs per instrument (the benchmark's population, generated cases that
 * walk every branch, and generated cases each followed by two variants that differ only in
 * measured values, so that shared explanations are met again) and compares a digest of every
 * answer with the digest of the engine as it was before its hot paths were rewritten: the raw
 * assessment (value, status, basis, actions, warnings, rules, key order, keys whose value is
 * undefined), its rendering in both languages, and the input errors of refused cases.
 *
 * The expected digests below were computed by running panel-digest.ts against a build of the
 * engine before the rewrite (commit 956c166); the rewritten engine reproduces them. A deliberate
 * clinical change to CRS, ICANS, ICAHT or CAR-HEMATOTOX changes them: then run
 * `PRINT_PANEL_DIGESTS=1 npx vitest run packages/core/test/toxicity/panel-equivalence.test.ts`,
 * copy the printed digests here and say in the commit why the results changed.
 *
 * Changed since: ruleset 2026.12.0 (the ruleset version is in every digested result), with the
 * clinical audit's corrections to CRS (repeat tocilizumab within the dose limits, a child's
 * methylprednisolone pulse, antifungal prophylaxis with steroids, grade 1 with ICANS deferring to
 * the ICANS steroid plan, ranged courses without a fixed duration, high flow without a flow), ICANS
 * (a child's dexamethasone above the adult dose; no adult amount on a child's order where the
 * handbook states no child dose), ICAHT (late measures follow the two latest
 * counts, an undetermined grade keeps its management) and CAR-HEMATOTOX (outcome wording; values
 * below 0.1 rendered with three significant digits instead of three decimals); tocilizumab's
 * next allowed time after the 24 h limit is the first whole second past it; CRS grade 4's extra
 * dose checked with every limit after the grade's own dose. The
 * bit-set form of the ICAHT input, a change of speed only, reproduced the earlier digests.
 */
import { describe, expect, it } from 'vitest';
import { render } from '../../src/explain/render.js';
import type { Assessment } from '../../src/explain/result.js';
import { allRules } from '../../src/explain/rules.js';
import { DEFAULT_SETTINGS, InstitutionSettingsSchema } from '../../src/institution/settings.js';
import { carHematotoxInstrument } from '../../src/toxicity/car-hematotox.js';
import { crsInstrument } from '../../src/toxicity/crs.js';
import { icahtInstrument } from '../../src/toxicity/icaht.js';
import { icansInstrument } from '../../src/toxicity/icans.js';
import { InputError, parseInput } from '../../src/validation/errors.js';
import { PANEL_INSTRUMENTS, panelDigest, rulesDigest, type Digest, type Engine } from './panel-digest.js';

const ENGINE: Engine = {
  instruments: {
    crs: crsInstrument,
    icans: icansInstrument,
    icaht: icahtInstrument,
    'car-hematotox': carHematotoxInstrument,
  },
  render: (assessment: Assessment<unknown>, lang, summaryParams) => render(assessment, lang, summaryParams),
  allRules,
  parseInput,
  InputError,
  settings: [
    DEFAULT_SETTINGS,
    InstitutionSettingsSchema.parse({ lessExperiencedCenter: true }),
    InstitutionSettingsSchema.parse({ pediatricAgeLimitYears: 12 }),
    InstitutionSettingsSchema.parse({ pediatricAgeLimitYears: 21, lessExperiencedCenter: true }),
  ],
};

const EXPECTED_RULES = '255ea97491d47978bbaaab90';
const EXPECTED: Readonly<Record<string, Digest>> = {
  crs: {
    blocks: [
      'add2c92ccd06ca85df0b1b15',
      '2c2b72f35a2f11145352c700',
      'b4f5e5f629cce39c53f772a0',
      '0b869c49e73426c23bfc2807',
      'a65310253d90f7af5034cb2a',
      'a0728f04cd66bdb529fe6519',
    ],
    refused: 381,
    assessed: 6427,
    cannotAssess: 592,
  },
  icans: {
    blocks: [
      '338eff5246d5b63bd910e8cc',
      '560a3e584b2309aee2cf3265',
      '027e35e7b0c21492647d7fbc',
      '48d6118bec3063ff03cdfa48',
      'a341f8eabdbc5cdf788f8f0c',
      'd69472a222a4eee9159c525a',
    ],
    refused: 1279,
    assessed: 4036,
    cannotAssess: 2085,
  },
  icaht: {
    blocks: [
      'b0a1bbffc8fe6ac44585f2a2',
      '6857cb7be1aa82d30afb2fea',
      'b4bfdeb140b744328dbad21a',
      '4894af18ab14a103a51771f0',
      '60d9d2e8fe303505b9e1572f',
      '402d2fbfd1baf7d5bff515e8',
    ],
    refused: 247,
    assessed: 4326,
    cannotAssess: 2827,
  },
  'car-hematotox': {
    blocks: [
      'f280651ddf4940acd05fc5d9',
      'bfa0a9d8ebf703f6dd48d4a3',
      '16aea9ba4e29a5e4aa1313cb',
      'ac436b90e298e8e25fd027ca',
      'd3c4e1fa412986f2a4f9d7ab',
      '780ae7dc370c9af38b52e4d9',
    ],
    refused: 52,
    assessed: 5172,
    cannotAssess: 2176,
  },
};

const print = process.env['PRINT_PANEL_DIGESTS'] === '1';

describe('the toxicity panel gives the same results as before its hot paths were rewritten', () => {
  it('cites the same rules with the same sources', () => {
    const actual = rulesDigest(ENGINE);
    if (print) console.log(JSON.stringify({ rules: actual }));
    expect(actual).toBe(EXPECTED_RULES);
  });

  it.each(PANEL_INSTRUMENTS)('%s: every generated case, digest for digest', (name) => {
    const actual = panelDigest(ENGINE, name);
    if (print) console.log(JSON.stringify({ [name]: actual }));
    // The cases must reach every outcome, or the comparison proves little.
    expect(actual.refused).toBeGreaterThan(20);
    expect(actual.assessed).toBeGreaterThan(1_000);
    expect(actual.cannotAssess).toBeGreaterThan(50);
    expect(actual).toEqual(EXPECTED[name]);
  });
});
