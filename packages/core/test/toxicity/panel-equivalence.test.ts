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
 * Ruleset 2026.13.0 changed every digest (IEC-HS, outside the panel, raises its grade by the
 * transfusions it orders); ICANS also: ICE 0 without the level of consciousness no longer says
 * that the patient can be woken.
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
      '41db6e5e8f60072678c613cb',
      'cc6bd0f4bb080b9eeae104f3',
      'df27037378fbdebd3e78000a',
      'e6ca19456f447eb73b6dde11',
      '0e87e41046415b3367bd368b',
      '9aa6e74904b5e8a618f9cec5',
    ],
    refused: 381,
    assessed: 6427,
    cannotAssess: 592,
  },
  icans: {
    blocks: [
      'ef203c39b9369cab5db06764',
      'a5754028c6a52f60705746f6',
      'c6627f434f127d933ead1ecc',
      'ca5073e783f8d0dfd08be00a',
      '5ae2bbcd480cf3f2cf089ac9',
      'a94c5064b68c65e2e5491f9c',
    ],
    refused: 1279,
    assessed: 4036,
    cannotAssess: 2085,
  },
  icaht: {
    blocks: [
      'a2d033068d57ed2b5a1c43ce',
      '620c4970a9c788dbaf3fd9e8',
      '157f6c4ca23cfb72c8d9f8aa',
      'd916fbffeb6f8efb9d5739c5',
      '9edd5552dc67f1fb7e4f1d61',
      'a5217829136b86524344784c',
    ],
    refused: 247,
    assessed: 4326,
    cannotAssess: 2827,
  },
  'car-hematotox': {
    blocks: [
      '4ee90801ce36061722ab794c',
      '8310458068ebcb9b483cbe1a',
      '8a9b6730b6046a3293924210',
      '2f140ada6a62f4cd66cdd9a4',
      'f99dcc627a169190e73fddd0',
      'ef745be2d637626c93dc2e13',
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
