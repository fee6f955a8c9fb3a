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

const EXPECTED_RULES = '8055a38e2d970b730182157f';
const EXPECTED: Readonly<Record<string, Digest>> = {
  crs: {
    blocks: [
      '940e8f65cae7cd360cd573e0',
      '2be5335083fbb54fbeafdc7b',
      'eff277d38194d2d2f132999a',
      'd3d4548564c84498d03378cf',
      'b1953100cc1d0c053bb593c9',
      'db014890672b6b3bdd961bd5',
    ],
    refused: 381,
    assessed: 6427,
    cannotAssess: 592,
  },
  icans: {
    blocks: [
      '509841c3218c63e95d02a2e0',
      '603f440a72b27411102eabfa',
      '867896c7e18571f25ea7708d',
      'c84f11b7935307ea871e0429',
      '69932e3b748fd64716bb778c',
      '5788a2ca343f5e0a7c50fbf0',
    ],
    refused: 1279,
    assessed: 4036,
    cannotAssess: 2085,
  },
  icaht: {
    blocks: [
      '0beb090fa04d4814e0214921',
      '4b965063fc8602c2df7b21a1',
      '16a7f16d8d78e03a5e2c7eda',
      'c861d41a0d663f1e124fda36',
      '764831cd0e98858c30c288dd',
      'b4ee9719f164ca791a203477',
    ],
    refused: 247,
    assessed: 4326,
    cannotAssess: 2827,
  },
  'car-hematotox': {
    blocks: [
      'ac0217484c1b2040ab424e6b',
      'd6d390306c02ec7988ec5f89',
      'a6ccaaf18b8b3272e78c4af3',
      'cdc2bebcaa0f325569536db3',
      '4f2e565bfbc83e314936d03a',
      'db89ce29075479d9bc6507a0',
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
