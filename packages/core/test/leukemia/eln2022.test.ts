import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawMessage } from '../../src/i18n/catalog.js';
import { CYTOGENETIC_LESIONS, ELN2022_RULES, ELN2022_THRESHOLDS, Eln2022Input, MR_GENES, classifyEln2022 } from '../../src/leukemia/eln2022.js';
import { expectInputError, rulesOf, run } from '../support.js';

type Status = 'detected' | 'not-detected' | 'not-tested';
type Cyto = Record<string, unknown>;
type Mol = Record<string, unknown>;
type V = { category: 'favorable' | 'intermediate' | 'adverse'; definingLesions: string[] };

const NEGATIVE_CYTO: Cyto = {
  ...Object.fromEntries(CYTOGENETIC_LESIONS.map((k) => [k, 'not-detected'])),
  complexKaryotype: 'not-detected',
  monosomalKaryotype: 'not-detected',
};
const NEGATIVE_MOL: Mol = {
  npm1: 'not-detected',
  flt3Itd: 'not-detected',
  cebpa: 'not-detected',
  ...Object.fromEntries(MR_GENES.map((g) => [g, 'not-detected'])),
  tp53: { status: 'not-detected' },
  kmt2aPtd: 'not-detected',
};

function findings(cyto: Cyto = {}, mol: Mol = {}) {
  return { cytogenetics: { ...NEGATIVE_CYTO, ...cyto }, molecular: { ...NEGATIVE_MOL, ...mol } };
}
const tp53 = (value: number, unit = '%') => ({ tp53: { status: 'detected', vaf: { value, unit } } });
const eln = (cyto: Cyto = {}, mol: Mol = {}) => run<V>('eln2022', findings(cyto, mol));
const category = (cyto: Cyto = {}, mol: Mol = {}) => eln(cyto, mol).value?.category;

describe('ELN 2022 genetic risk (Döhner 2022, Table 6): one row at a time', () => {
  const rows: [string, Cyto, Mol, V['category'], string, string][] = [
    ['t(8;21)/RUNX1::RUNX1T1', { runx1Runx1t1: 'detected' }, {}, 'favorable', 'runx1-runx1t1', 'eln2022.runx1-runx1t1'],
    ['inv(16)/t(16;16)/CBFB::MYH11', { cbfbMyh11: 'detected' }, {}, 'favorable', 'cbfb-myh11', 'eln2022.cbfb-myh11'],
    ['NPM1 without FLT3-ITD', {}, { npm1: 'detected' }, 'favorable', 'npm1-without-flt3-itd', 'eln2022.npm1-without-flt3-itd'],
    ['bZIP in-frame CEBPA', {}, { cebpa: 'bzip-in-frame' }, 'favorable', 'cebpa-bzip', 'eln2022.cebpa-bzip'],
    ['NPM1 with FLT3-ITD', {}, { npm1: 'detected', flt3Itd: 'detected' }, 'intermediate', 'npm1-with-flt3-itd', 'eln2022.npm1-with-flt3-itd'],
    ['wild-type NPM1 with FLT3-ITD', {}, { flt3Itd: 'detected' }, 'intermediate', 'flt3-itd-npm1-wild-type', 'eln2022.flt3-itd-npm1-wild-type'],
    ['t(9;11)/MLLT3::KMT2A', { mllt3Kmt2a: 'detected' }, {}, 'intermediate', 'mllt3-kmt2a', 'eln2022.mllt3-kmt2a'],
    ['normal karyotype, no marker', { abnormalityCount: 0 }, {}, 'intermediate', 'not-classified', 'eln2022.not-classified'],
    ['an abnormality not in the table (e.g. +8)', { abnormalityCount: 1 }, {}, 'intermediate', 'not-classified', 'eln2022.not-classified'],
    ['t(6;9)/DEK::NUP214', { dekNup214: 'detected' }, {}, 'adverse', 'dek-nup214', 'eln2022.dek-nup214'],
    ['t(v;11q23.3)/KMT2A-r', { kmt2aRearranged: 'detected' }, {}, 'adverse', 'kmt2a-rearranged', 'eln2022.kmt2a-rearranged'],
    ['t(9;22)/BCR::ABL1', { bcrAbl1: 'detected' }, {}, 'adverse', 'bcr-abl1', 'eln2022.bcr-abl1'],
    ['t(8;16)/KAT6A::CREBBP', { kat6aCrebbp: 'detected' }, {}, 'adverse', 'kat6a-crebbp', 'eln2022.kat6a-crebbp'],
    ['inv(3)/t(3;3)/GATA2, MECOM', { gata2Mecom: 'detected' }, {}, 'adverse', 'gata2-mecom', 'eln2022.gata2-mecom'],
    ['t(3q26.2;v)/MECOM-r', { mecomRearranged: 'detected' }, {}, 'adverse', 'mecom-rearranged', 'eln2022.mecom-rearranged'],
    ['-5 or del(5q)', { minus5OrDel5q: 'detected' }, {}, 'adverse', 'minus5-del5q', 'eln2022.minus5-del5q'],
    ['-7', { minus7: 'detected' }, {}, 'adverse', 'minus7', 'eln2022.minus7'],
    ['-17/abn(17p)', { minus17OrAbn17p: 'detected' }, {}, 'adverse', 'minus17-abn17p', 'eln2022.minus17-abn17p'],
    ['complex karyotype', { complexKaryotype: 'detected', abnormalityCount: 4 }, {}, 'adverse', 'complex-karyotype', 'eln2022.complex-karyotype'],
    ['monosomal karyotype', { monosomalKaryotype: 'detected', abnormalityCount: 2 }, {}, 'adverse', 'monosomal-karyotype', 'eln2022.monosomal-karyotype'],
    ['TP53 at VAF 25 %', {}, tp53(25), 'adverse', 'tp53', 'eln2022.tp53'],
    ...MR_GENES.map((g): [string, Cyto, Mol, V['category'], string, string] => [`${g.toUpperCase()} mutated`, {}, { [g]: 'detected' }, 'adverse', g, 'eln2022.mr-gene']),
  ];
  it.each(rows)('%s', (_name, cyto, mol, expected, lesion, rule) => {
    const r = eln(cyto, mol);
    expect(r.status).toBe('assessed');
    expect(r.value).toEqual({ category: expected, definingLesions: [lesion] });
    expect(rulesOf(r)).toContain(rule);
    expect(r.summary).toBe(`ELN 2022 genetic risk: ${expected}`);
    expect(r.warnings.map((w) => w.rule)).toEqual(expect.arrayContaining(['eln2022.initial-diagnosis-only', 'eln2022.intensive-therapy-basis']));
  });

  it('MR gene basis names the gene; several adverse lesions are all listed', () => {
    const r = eln({ minus7: 'detected' }, { asxl1: 'detected', runx1: 'detected', ...tp53(40) });
    expect(r.value).toEqual({ category: 'adverse', definingLesions: ['minus7', 'asxl1', 'runx1', 'tp53'] });
    expect(r.basis.filter((b) => b.rule === 'eln2022.mr-gene').map((b) => b.observed)).toEqual(['ASXL1', 'RUNX1']);
  });
  it('exports its thresholds', () => {
    expect(ELN2022_THRESHOLDS).toEqual({ tp53VafAtLeastPercent: 10, complexKaryotypeMinAbnormalities: 3, monosomalKaryotypeMinAbnormalities: 2 });
  });
});

describe('Table 6 footnotes and co-occurrence', () => {
  it('myelodysplasia-related mutations are not adverse with favorable subtypes (the common tool error): NPM1 + ASXL1 stays favorable', () => {
    const r = eln({}, { npm1: 'detected', asxl1: 'detected' });
    expect(r.value).toEqual({ category: 'favorable', definingLesions: ['npm1-without-flt3-itd'] });
    expect(rulesOf(r)).toContain('eln2022.mr-genes-with-favorable');
    expect(rulesOf(r)).not.toContain('eln2022.mr-gene');
  });
  it.each([
    ['t(8;21)', { runx1Runx1t1: 'detected' }, {}],
    ['inv(16)', { cbfbMyh11: 'detected' }, {}],
    ['NPM1 without FLT3-ITD', {}, { npm1: 'detected' }],
    ['bZIP CEBPA', {}, { cebpa: 'bzip-in-frame' }],
  ] as [string, Cyto, Mol][])('every MR gene together with %s: favorable', (_n, cyto, mol) => {
    const all = Object.fromEntries(MR_GENES.map((g) => [g, 'detected']));
    const r = eln(cyto, { ...mol, ...all });
    expect(r.value?.category).toBe('favorable');
    expect(rulesOf(r).filter((x) => x === 'eln2022.mr-genes-with-favorable')).toHaveLength(MR_GENES.length);
  });
  it('NPM1 with FLT3-ITD is not a favorable subtype: an MR mutation makes it adverse', () => {
    const r = eln({}, { npm1: 'detected', flt3Itd: 'detected', srsf2: 'detected' });
    expect(r.value).toEqual({ category: 'adverse', definingLesions: ['srsf2'] });
    expect(rulesOf(r)).toContain('eln2022.most-adverse');
  });
  it('FLT3-ITD with wild-type NPM1 and an adverse lesion is adverse', () => {
    expect(category({}, { flt3Itd: 'detected', runx1: 'detected' })).toBe('adverse');
  });
  it('FLT3 (or KIT) mutation does not change core-binding-factor AML', () => {
    const r = eln({ runx1Runx1t1: 'detected' }, { flt3Itd: 'detected' });
    expect(r.value).toEqual({ category: 'favorable', definingLesions: ['runx1-runx1t1'] });
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['eln2022.cbf-flt3-no-effect', 'eln2022.flt3-itd-ratio-not-used']));
  });
  it('NPM1 with adverse cytogenetics is adverse (-7, complex karyotype)', () => {
    const r = eln({ minus7: 'detected', abnormalityCount: 1 }, { npm1: 'detected' });
    expect(r.value).toEqual({ category: 'adverse', definingLesions: ['minus7'] });
    expect(rulesOf(r)).toContain('eln2022.npm1-adverse-cytogenetics');
    expect(r.warnings.map((w) => w.rule)).not.toContain('eln2022.combination-not-addressed');
    expect(category({ complexKaryotype: 'detected', abnormalityCount: 3 }, { npm1: 'detected' })).toBe('adverse');
  });
  it('CEBPA mutation outside bZIP / not in frame is not favorable', () => {
    const r = eln({}, { cebpa: 'other' });
    expect(r.value).toEqual({ category: 'intermediate', definingLesions: ['not-classified'] });
    expect(rulesOf(r)).toContain('eln2022.cebpa-other-not-favorable');
  });
  it('t(9;11) takes precedence over concurrent adverse gene mutations (MR genes, TP53)', () => {
    const r = eln({ mllt3Kmt2a: 'detected' }, { asxl1: 'detected', ...tp53(30) });
    expect(r.value).toEqual({ category: 'intermediate', definingLesions: ['mllt3-kmt2a'] });
    expect(rulesOf(r).filter((x) => x === 'eln2022.mllt3-precedence')).toHaveLength(2);
  });
  it('KMT2A-PTD is not a KMT2A rearrangement; a KMT2A rearrangement is adverse', () => {
    const ptd = eln({}, { kmt2aPtd: 'detected' });
    expect(ptd.value).toEqual({ category: 'intermediate', definingLesions: ['not-classified'] });
    expect(rulesOf(ptd)).toContain('eln2022.kmt2a-ptd-not-rearrangement');
    expect(category({ kmt2aRearranged: 'detected' })).toBe('adverse');
    expect(category({ mllt3Kmt2a: 'detected' })).toBe('intermediate');
  });
  it('complex karyotype with a class-defining rearrangement does not count', () => {
    const r = eln({ mllt3Kmt2a: 'detected', complexKaryotype: 'detected', abnormalityCount: 4 });
    expect(r.value).toEqual({ category: 'intermediate', definingLesions: ['mllt3-kmt2a'] });
    expect(rulesOf(r)).toContain('eln2022.complex-excluded-class-defining');
    expect(category({ runx1Runx1t1: 'detected', complexKaryotype: 'detected', abnormalityCount: 3 })).toBe('favorable');
  });
  it('hyperdiploid karyotype with 3 or more trisomies only is not complex', () => {
    const r = eln({ abnormalityCount: 3, trisomiesOnly: true });
    expect(r.value?.category).toBe('intermediate');
    expect(rulesOf(r)).toContain('eln2022.hyperdiploid-not-complex');
  });
  it('complex karyotype can be derived from the count when the flag is not given', () => {
    const r = eln({ complexKaryotype: 'not-tested', abnormalityCount: 3 });
    expect(r.value).toEqual({ category: 'adverse', definingLesions: ['complex-karyotype'] });
    expect(r.basis.find((b) => b.rule === 'eln2022.complex-karyotype')).toMatchObject({ observed: 3, threshold: { comparator: '>=', value: 3 } });
    expect(category({ complexKaryotype: 'not-tested', abnormalityCount: 2 })).toBe('intermediate');
  });
  it('monosomal karyotype in core-binding-factor AML does not count', () => {
    const r = eln({ cbfbMyh11: 'detected', monosomalKaryotype: 'detected', abnormalityCount: 3 });
    expect(r.value?.category).toBe('favorable');
    expect(rulesOf(r)).toContain('eln2022.monosomal-excluded-cbf');
  });
  it('combinations the table does not settle: the more adverse category, with a warning', () => {
    const cbfTp53 = eln({ runx1Runx1t1: 'detected' }, tp53(20));
    expect(cbfTp53.value?.category).toBe('adverse');
    expect(cbfTp53.warnings.map((w) => w.rule)).toContain('eln2022.combination-not-addressed');
    const cebpaItd = eln({}, { cebpa: 'bzip-in-frame', flt3Itd: 'detected' });
    expect(cebpaItd.value?.category).toBe('intermediate');
    expect(cebpaItd.warnings.map((w) => w.rule)).toContain('eln2022.combination-not-addressed');
    expect(eln({}, { npm1: 'detected' }).warnings.map((w) => w.rule)).not.toContain('eln2022.combination-not-addressed');
  });
});

describe('TP53 variant allele fraction (adverse at >= 10 %)', () => {
  it.each([
    [9.9, '%', 'intermediate', 'eln2022.tp53-below-vaf'],
    [10, '%', 'adverse', 'eln2022.tp53'],
    [10.1, '%', 'adverse', 'eln2022.tp53'],
    [0.099, '1', 'intermediate', 'eln2022.tp53-below-vaf'],
    [0.1, '1', 'adverse', 'eln2022.tp53'],
    [0.101, '1', 'adverse', 'eln2022.tp53'],
  ] as const)('VAF %s %s: %s', (value, unit, expected, rule) => {
    const r = eln({}, tp53(value, unit));
    expect(r.value?.category).toBe(expected);
    expect(rulesOf(r)).toContain(rule);
    const entry = r.basis.find((b) => b.rule === rule);
    expect(entry?.unit).toBe('%');
    expect(entry?.observed).toBeCloseTo(unit === '%' ? value : value * 100, 9);
  });
  it('refuses a bare number, a foreign unit and an impossible fraction', () => {
    expectInputError('eln2022', findings({}, { tp53: { status: 'detected', vaf: 12 } }), 'molecular.tp53.vaf', 'input.unit-required');
    expectInputError('eln2022', findings({}, { tp53: { status: 'detected', vaf: { value: 12, unit: 'mg' } } }), 'molecular.tp53.vaf.unit', 'eln2022.input.vaf-unit');
    expectInputError('eln2022', findings({}, { tp53: { status: 'detected', vaf: { value: 12, unit: '1' } } }), 'molecular.tp53.vaf.value', 'eln2022.input.vaf-range');
    expectInputError('eln2022', findings({}, { tp53: { status: 'detected', vaf: { value: 0, unit: '%' } } }), 'molecular.tp53.vaf.value', 'eln2022.input.vaf-range');
  });
});

describe('findings not tested', () => {
  it('NPM1 not tested in an otherwise negative work-up: cannot assess, favorable or intermediate still possible', () => {
    const r = eln({}, { npm1: 'not-tested' });
    expect(r.status).toBe('cannot-assess');
    expect(r.value).toBeNull();
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'eln2022.not-tested', field: 'molecular.npm1' }),
        expect.objectContaining({ rule: 'eln2022.possible-favorable' }),
        expect.objectContaining({ rule: 'eln2022.possible-intermediate' }),
      ]),
    );
    expect(r.warnings.map((w) => w.rule)).not.toContain('eln2022.possible-adverse');
  });
  it('ASXL1 mutated with NPM1 not tested: favorable and adverse both possible', () => {
    const r = eln({}, { asxl1: 'detected', npm1: 'not-tested' });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings.map((w) => w.rule)).toEqual(expect.arrayContaining(['eln2022.possible-favorable', 'eln2022.possible-adverse']));
    expect(rulesOf(r)).toContain('eln2022.mr-gene');
  });
  it('BCR::ABL1 is adverse whatever the untested genes show', () => {
    const r = eln({ bcrAbl1: 'detected' }, { npm1: 'not-tested', tp53: { status: 'not-tested' }, kmt2aPtd: 'not-tested' });
    expect(r.value?.category).toBe('adverse');
    expect(r.warnings.filter((w) => w.rule === 'eln2022.not-tested-no-effect').map((w) => w.field)).toEqual([
      'molecular.npm1',
      'molecular.tp53.status',
      'molecular.kmt2aPtd',
    ]);
  });
  it('a TP53 mutation without VAF decides nothing when it could matter', () => {
    const r = eln({}, { tp53: { status: 'detected' } });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings.map((w) => w.rule)).toEqual(
      expect.arrayContaining(['eln2022.tp53-vaf-missing', 'eln2022.possible-intermediate', 'eln2022.possible-adverse']),
    );
  });
  it('no karyotype at all: cannot assess', () => {
    const cyto = Object.fromEntries(Object.keys(NEGATIVE_CYTO).map((k) => [k, 'not-tested']));
    const r = eln(cyto, { npm1: 'detected' });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings.filter((w) => w.rule === 'eln2022.not-tested')).toHaveLength(Object.keys(NEGATIVE_CYTO).length);
  });
  it('FLT3-ITD with NPM1 not tested: intermediate either way, so assessed', () => {
    const r = eln({}, { flt3Itd: 'detected', npm1: 'not-tested' });
    expect(r.value?.category).toBe('intermediate');
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'eln2022.not-tested-no-effect', field: 'molecular.npm1' }));
  });
  it('NPM1 mutated with FLT3-ITD not tested: cannot assess (favorable or intermediate)', () => {
    const r = eln({}, { npm1: 'detected', flt3Itd: 'not-tested' });
    expect(r.status).toBe('cannot-assess');
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'eln2022.not-tested', field: 'molecular.flt3Itd' }));
  });
  it('KMT2A-PTD not tested never matters', () => {
    expect(eln({}, { npm1: 'detected', kmt2aPtd: 'not-tested' }).value?.category).toBe('favorable');
  });
  it('an absent finding is refused: each must be detected, not-detected or not-tested', () => {
    const input = findings();
    delete (input.molecular as Record<string, unknown>)['npm1'];
    expectInputError('eln2022', input, 'molecular.npm1', 'input.invalid-value');
  });
});

describe('contradictory findings are refused', () => {
  it.each([
    ['complex flag false with 3 abnormalities', { abnormalityCount: 3 }, {}, 'cytogenetics.complexKaryotype', 'eln2022.input.complex-flag-false'],
    ['complex flag true with 2 abnormalities', { complexKaryotype: 'detected', abnormalityCount: 2 }, {}, 'cytogenetics.complexKaryotype', 'eln2022.input.complex-too-few'],
    ['complex flag true with trisomies only', { complexKaryotype: 'detected', abnormalityCount: 3, trisomiesOnly: true }, {}, 'cytogenetics.complexKaryotype', 'eln2022.input.complex-trisomies-only'],
    ['more lesions than abnormalities', { minus7: 'detected', minus5OrDel5q: 'detected', abnormalityCount: 1 }, {}, 'cytogenetics.abnormalityCount', 'eln2022.input.abnormality-count-too-low'],
    ['monosomal with 1 abnormality', { monosomalKaryotype: 'detected', abnormalityCount: 1 }, {}, 'cytogenetics.monosomalKaryotype', 'eln2022.input.monosomal-too-few'],
    ['trisomies only with -7', { minus7: 'detected', abnormalityCount: 3, trisomiesOnly: true }, {}, 'cytogenetics.trisomiesOnly', 'eln2022.input.trisomies-only-with-lesion'],
    ['t(9;11) and another KMT2A partner', { mllt3Kmt2a: 'detected', kmt2aRearranged: 'detected' }, {}, 'cytogenetics.kmt2aRearranged', 'eln2022.input.kmt2a-two-partners'],
    ['TP53 not tested but a VAF given', {}, { tp53: { status: 'not-tested', vaf: { value: 30, unit: '%' } } }, 'molecular.tp53.vaf', 'eln2022.input.vaf-without-mutation'],
    ['TP53 not detected but a VAF given', {}, { tp53: { status: 'not-detected', vaf: { value: 30, unit: '%' } } }, 'molecular.tp53.vaf', 'eln2022.input.vaf-without-mutation'],
  ] as [string, Cyto, Mol, string, string][])('%s', (_n, cyto, mol, path, rule) => {
    expectInputError('eln2022', findings(cyto, mol), path, rule);
  });
  it('3 abnormalities with a class-defining rearrangement need no complex flag', () => {
    expect(category({ runx1Runx1t1: 'detected', abnormalityCount: 3 })).toBe('favorable');
  });
});

describe('properties', () => {
  const statusArb = fc.constantFrom<Status>('detected', 'not-detected');
  const favorableSubtype = fc.constantFrom<[Cyto, Mol]>(
    [{ runx1Runx1t1: 'detected' }, {}],
    [{ cbfbMyh11: 'detected' }, {}],
    [{}, { npm1: 'detected' }],
    [{}, { cebpa: 'bzip-in-frame' }],
    [{ runx1Runx1t1: 'detected' }, { flt3Itd: 'detected' }],
  );
  it('adding myelodysplasia-related mutations to a favorable subtype never makes it adverse', () => {
    fc.assert(
      fc.property(favorableSubtype, fc.subarray([...MR_GENES], { minLength: 1 }), ([cyto, mol], genes) => {
        const before = category(cyto, mol);
        const after = category(cyto, { ...mol, ...Object.fromEntries(genes.map((g) => [g, 'detected'])) });
        expect(before).toBe('favorable');
        expect(after).toBe('favorable');
      }),
      { numRuns: 150 },
    );
  });
  const fullyTested = fc.record({
    cyto: fc.record({
      runx1Runx1t1: statusArb,
      cbfbMyh11: statusArb,
      mllt3Kmt2a: statusArb,
      minus7: statusArb,
      complexKaryotype: statusArb,
      monosomalKaryotype: statusArb,
    }),
    mol: fc.record({
      npm1: statusArb,
      flt3Itd: statusArb,
      cebpa: fc.constantFrom('bzip-in-frame', 'other', 'not-detected'),
      asxl1: statusArb,
      stag2: statusArb,
      kmt2aPtd: statusArb,
      vaf: fc.option(fc.double({ min: 0.1, max: 100, noNaN: true }), { nil: undefined }),
    }),
  });
  const toInput = ({ cyto, mol }: { cyto: Cyto; mol: Mol & { vaf?: number } }) => {
    const { vaf, ...rest } = mol;
    return findings(cyto, { ...rest, tp53: vaf === undefined ? { status: 'not-detected' } : { status: 'detected', vaf: { value: vaf, unit: '%' } } });
  };
  it('fully tested findings are always assessed, and the instrument agrees with classifyEln2022', () => {
    fc.assert(
      fc.property(fullyTested, (f) => {
        const input = toInput(f);
        const r = run<V>('eln2022', input);
        expect(r.status).toBe('assessed');
        expect(classifyEln2022(Eln2022Input.parse(input)).category).toBe(r.value?.category);
      }),
      { numRuns: 200 },
    );
  });
  it('a worse input never lowers the category: an adverse cytogenetic lesion always makes it adverse', () => {
    const adverse = fc.constantFrom('dekNup214', 'bcrAbl1', 'kat6aCrebbp', 'gata2Mecom', 'mecomRearranged', 'minus5OrDel5q', 'minus7', 'minus17OrAbn17p');
    fc.assert(
      fc.property(fullyTested, adverse, (f, lesion) => {
        const input = toInput(f);
        input.cytogenetics[lesion] = 'detected';
        expect(run<V>('eln2022', input).value?.category).toBe('adverse');
      }),
      { numRuns: 200 },
    );
  });
});

describe('languages', () => {
  it('every rule has text in both languages', () => {
    const ids = [
      ...Object.values(ELN2022_RULES).map((r) => r.id),
      'eln2022.title',
      'eln2022.summary.favorable',
      'eln2022.summary.intermediate',
      'eln2022.summary.adverse',
    ];
    for (const id of ids) {
      expect(rawMessage('en', id), id).toBeDefined();
      expect(rawMessage('zh-TW', id), id).toBeDefined();
    }
  });
  it('zh-TW renders text, never a rule id', () => {
    for (const input of [findings({}, { npm1: 'detected', asxl1: 'detected' }), findings({ mllt3Kmt2a: 'detected' }, tp53(30)), findings({}, { npm1: 'not-tested' })]) {
      const r = run('eln2022', input, 'zh-TW');
      expect(r.title).toBe('AML 診斷時遺傳風險分層 (ELN 2022)');
      for (const t of [...r.basis, ...r.actions, ...r.warnings]) expect(t.text).not.toBe(t.rule);
    }
    expect(run('eln2022', findings({ bcrAbl1: 'detected' }), 'zh-TW').summary).toBe('ELN 2022 遺傳風險：不良 (adverse)');
  });
});
