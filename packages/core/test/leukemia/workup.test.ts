import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LEUKEMIA_WORKUP_AML_DEFINING_GENETICS, LEUKEMIA_WORKUP_ELN_ITEMS, LEUKEMIA_WORKUP_ITEMS, LEUKEMIA_WORKUP_THRESHOLDS as T } from '../../src/leukemia/workup.js';
import type { LeukemiaWorkupValue } from '../../src/leukemia/workup.js';
import { actionRules, expectInputError, rulesOf, run } from '../support.js';

const NAME = 'leukemia-workup';
const pct = (value: number) => ({ value, unit: '%' });
const w = (input: Record<string, unknown>, lang: 'en' | 'zh-TW' = 'en') => run<LeukemiaWorkupValue>(NAME, { now: '2026-05-14', ...input }, lang);
const itemOf = (v: LeukemiaWorkupValue, item: string) => v.items.find((i) => i.item === item)!;

describe('leukemia-workup: checklist', () => {
  it('lists every item of seed 000 and asks to send each when nothing is sent', () => {
    const r = w({});
    expect(r.value!.items.map((i) => i.item)).toEqual([...LEUKEMIA_WORKUP_ITEMS]);
    expect(r.value!.notSent).toEqual([...LEUKEMIA_WORKUP_ITEMS]);
    const sends = actionRules(r);
    for (const rule of ['send-cbc-smear', 'send-marrow-aspirate', 'send-marrow-biopsy', 'send-flow-cytometry', 'send-karyotype', 'send-flt3', 'send-npm1', 'send-idh1', 'send-idh2', 'send-tp53', 'send-cebpa', 'send-myelodysplasia-related-genes', 'send-bcr-abl1', 'send-kmt2a']) {
      expect(sends).toContain(`${NAME}.${rule}`);
    }
    expect(sends).toContain(`${NAME}.lumbar-puncture-per-physician`);
    expect(r.value!.teamDecision).toBeNull();
  });

  it.each(LEUKEMIA_WORKUP_ITEMS.map((i) => [i]))('%s: resulted when a result date is given', (item) => {
    const r = w({ items: { [item]: { sentOn: '2026-05-10', resultedOn: '2026-05-12' } } });
    expect(itemOf(r.value!, item).status).toBe('resulted');
    expect(r.value!.notSent).not.toContain(item);
  });

  it('lumbar puncture is required (do) for lymphoid blasts and per physician otherwise', () => {
    const lymphoid = w({ items: { flowCytometry: { sentOn: '2026-05-10', resultedOn: '2026-05-11', lineage: 't-lymphoid' } } });
    expect(lymphoid.actions).toContainEqual(expect.objectContaining({ rule: `${NAME}.lumbar-puncture-all`, status: 'do' }));
    expect(itemOf(lymphoid.value!, 'lumbarPuncture').required).toBe('required');
    const myeloid = w({ items: { flowCytometry: { sentOn: '2026-05-10', resultedOn: '2026-05-11', lineage: 'myeloid' } } });
    expect(myeloid.actions).toContainEqual(expect.objectContaining({ rule: `${NAME}.lumbar-puncture-per-physician`, status: 'consider' }));
    expect(itemOf(myeloid.value!, 'lumbarPuncture').required).toBe('per-physician');
  });
});

describe('leukemia-workup: the genes ELN 2022 needs beyond the seed list (CEBPA, myelodysplasia-related panel)', () => {
  const done = { sentOn: '2026-05-01', resultedOn: '2026-05-05' };
  /** Every item of the seed's own list resulted (the list before the ELN items were added). */
  const seedItems = (lineage: string) =>
    Object.fromEntries(
      LEUKEMIA_WORKUP_ITEMS.filter((i) => !(LEUKEMIA_WORKUP_ELN_ITEMS as readonly string[]).includes(i)).map((i) => [i, i === 'flowCytometry' ? { ...done, lineage } : done]),
    );
  it('exports the two items', () => {
    expect(LEUKEMIA_WORKUP_ELN_ITEMS).toEqual(['cebpa', 'myelodysplasiaRelatedGenes']);
  });
  it.each([['myeloid'], ['ambiguous']])('%s blasts, every seed item resulted: still open until CEBPA and the MR panel are back', (lineage) => {
    const r = w({ items: seedItems(lineage) });
    expect(r.value!.notSent).toEqual(['cebpa', 'myelodysplasiaRelatedGenes']);
    expect(itemOf(r.value!, 'cebpa').required).toBe('required');
    expect(itemOf(r.value!, 'myelodysplasiaRelatedGenes').required).toBe('required');
    expect(r.summary).not.toContain('complete');
    expect(r.summary).toBe('Workup open: 2 not sent, 0 pending');
    const send = r.actions.find((a) => a.rule === `${NAME}.send-myelodysplasia-related-genes`)!;
    expect(send.status).toBe('do');
    for (const gene of ['ASXL1', 'BCOR', 'EZH2', 'RUNX1', 'SF3B1', 'SRSF2', 'STAG2', 'U2AF1', 'ZRSR2']) expect(send.text).toContain(gene);
    expect(send.text).toContain('the seed list does not name it');
    expect(send.citations.map((c) => c.doi)).toContain('10.1182/blood.2022016867');
    expect(r.actions.find((a) => a.rule === `${NAME}.send-cebpa`)?.text).toContain('bZIP');
  });
  it('lineage not yet known: the two items are asked for too', () => {
    const r = w({});
    expect(r.value!.notSent).toEqual(expect.arrayContaining(['cebpa', 'myelodysplasiaRelatedGenes']));
  });
  it('myeloid with the two items resulted as well: complete', () => {
    const r = w({ items: { ...seedItems('myeloid'), cebpa: done, myelodysplasiaRelatedGenes: done } });
    expect(r.summary).toBe('Workup complete: every checklist item has a result');
  });
  it.each([['b-lymphoid'], ['t-lymphoid']])('%s blasts: the seed list only, unchanged; complete when it is resulted', (lineage) => {
    const r = w({ items: seedItems(lineage) });
    expect(r.value!.items.map((i) => i.item)).not.toEqual(expect.arrayContaining(['cebpa']));
    expect(r.value!.items.map((i) => i.item)).not.toEqual(expect.arrayContaining(['myelodysplasiaRelatedGenes']));
    expect(r.value!.notSent).toEqual([]);
    expect(r.summary).toBe('Workup complete: every checklist item has a result');
    expect(actionRules(r)).not.toContain(`${NAME}.send-cebpa`);
  });
  it('lymphoid blasts with the panel sent anyway: listed, per physician', () => {
    const r = w({ items: { ...seedItems('b-lymphoid'), myelodysplasiaRelatedGenes: { sentOn: '2026-05-01' } } });
    expect(itemOf(r.value!, 'myelodysplasiaRelatedGenes')).toMatchObject({ status: 'pending', required: 'per-physician' });
  });
  it('no turnaround invented for them: pending, never overdue', () => {
    const r = w({ items: { cebpa: { sentOn: '2026-04-01' } } });
    expect(itemOf(r.value!, 'cebpa')).toMatchObject({ status: 'pending', expectedBy: null });
  });
});

describe('leukemia-workup: turnaround 3-7 days', () => {
  // now 2026-05-14: sent 7 days ago is still pending, 8 days ago is overdue.
  it.each([
    ['2026-05-07', 'pending', 7],
    ['2026-05-06', 'overdue', 8],
    ['2026-05-11', 'pending', 3],
    ['2026-05-14', 'pending', 0],
  ] as const)('karyotype sent %s -> %s', (sentOn, status, days) => {
    const r = w({ items: { karyotype: { sentOn } } });
    const item = itemOf(r.value!, 'karyotype');
    expect(item.status).toBe(status);
    expect(rulesOf(r)).toContain(`${NAME}.item-${status}`);
    expect(r.basis.find((b) => b.field === 'items.karyotype')!.observed).toBe(days);
    expect(r.warnings.map((x) => x.rule)).toContain(`${NAME}.results-guide-treatment`);
  });

  it('dates the expected window from the sent date', () => {
    const item = itemOf(w({ items: { flt3: { sentOn: '2026-05-10' } } }).value!, 'flt3');
    expect([item.expectedFrom, item.expectedBy]).toEqual(['2026-05-13', '2026-05-17']);
  });

  it('crosses a month end', () => {
    const item = itemOf(run<LeukemiaWorkupValue>(NAME, { now: '2026-03-02', items: { npm1: { sentOn: '2026-02-27' } } }).value!, 'npm1');
    expect(item.expectedBy).toBe('2026-03-06');
  });

  it('CBC and lumbar puncture have no turnaround in the seed: pending, never overdue', () => {
    const r = w({ items: { cbcSmear: { sentOn: '2026-04-01' }, lumbarPuncture: { sentOn: '2026-04-01' } } });
    expect(itemOf(r.value!, 'cbcSmear')).toMatchObject({ status: 'pending', expectedBy: null });
    expect(itemOf(r.value!, 'lumbarPuncture').status).toBe('pending');
    expect(rulesOf(r)).toContain(`${NAME}.item-pending-no-turnaround`);
  });

  it('overdue is a warning with the due date', () => {
    const r = w({ items: { tp53: { sentOn: '2026-05-01' } } });
    expect(r.value!.overdue).toEqual(['tp53']);
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: `${NAME}.overdue-chase`, field: 'items.tp53' }));
    expect(r.warnings.find((x) => x.rule === `${NAME}.overdue-chase`)!.text).toContain('2026-05-08');
  });

  it('no results-guide-treatment warning once every triage result is back', () => {
    const items = Object.fromEntries(LEUKEMIA_WORKUP_ITEMS.map((i) => [i, { sentOn: '2026-05-01', resultedOn: '2026-05-05' }]));
    const r = w({ items });
    expect(r.warnings.map((x) => x.rule)).not.toContain(`${NAME}.results-guide-treatment`);
    expect(r.summary).toBe('Workup complete: every checklist item has a result');
  });
});

describe('leukemia-workup: team decision 24-72 h after diagnosis', () => {
  it.each([
    ['2026-05-14', 'open', '2026-05-15', '2026-05-17'],
    ['2026-05-11', 'open', '2026-05-12', '2026-05-14'],
    ['2026-05-10', 'overdue', '2026-05-11', '2026-05-13'],
  ] as const)('diagnosed %s -> %s', (diagnosisConfirmedOn, status, earliest, latest) => {
    const r = w({ diagnosisConfirmedOn });
    expect(r.value!.teamDecision).toEqual({ earliest, latest, status, decidedOn: null });
    if (status === 'open') expect(r.actions).toContainEqual(expect.objectContaining({ rule: `${NAME}.team-decision-open`, dueBy: latest }));
    else expect(rulesOf(r)).toContain(`${NAME}.team-decision-overdue`);
  });
  it('done when the decision date is given', () => {
    const r = w({ diagnosisConfirmedOn: '2026-05-01', teamDecisionOn: '2026-05-02' });
    expect(r.value!.teamDecision!.status).toBe('done');
  });
  it('missing diagnosis date is a warning', () => {
    expect(w({}).warnings.map((x) => x.rule)).toContain(`${NAME}.diagnosis-date-missing`);
  });
});

describe('leukemia-workup: lineage and diagnostic threshold', () => {
  const flow = (lineage: string) => ({ flowCytometry: { sentOn: '2026-05-10', resultedOn: '2026-05-11', lineage } });

  it.each([
    ['myeloid', 'AML'],
    ['b-lymphoid', 'ALL'],
    ['t-lymphoid', 'ALL'],
    ['ambiguous', null],
  ] as const)('lineage %s at 20%% blasts -> %s', (lineage, disease) => {
    const r = w({ items: flow(lineage), marrowBlastPercent: pct(20) });
    expect(r.value!.lineage).toBe(lineage);
    expect(r.value!.diagnosis).toEqual({ status: 'met', disease, route: 'blasts' });
    expect(rulesOf(r)).toContain(`${NAME}.lineage-${lineage}`);
  });

  it.each([
    [19.9, 'not-met'],
    [20, 'met'],
    [20.1, 'met'],
  ] as const)('myeloid blasts %s%% without AML-defining genetics -> %s', (blasts, status) => {
    const r = w({ items: flow('myeloid'), marrowBlastPercent: pct(blasts), amlDefiningGenetics: [] });
    expect(r.value!.diagnosis.status).toBe(status);
    expect(rulesOf(r)).toContain(blasts >= T.blastsAtLeastPercent ? `${NAME}.blasts-at-least-20` : `${NAME}.blasts-below-20`);
  });

  it.each([
    [9.9, 'not-met'],
    [10, 'met'],
    [19.9, 'met'],
  ] as const)('AML-defining genetics with blasts %s%% -> %s (Döhner 2022: at least 10%%)', (blasts, status) => {
    const r = w({ items: flow('myeloid'), marrowBlastPercent: pct(blasts), amlDefiningGenetics: ['runx1-runx1t1'] });
    expect(r.value!.diagnosis.status).toBe(status);
    if (status === 'met') expect(r.value!.diagnosis).toEqual({ status: 'met', disease: 'AML', route: 'aml-defining-genetics' });
    else expect(rulesOf(r)).toContain(`${NAME}.aml-defining-genetics-below-10`);
  });

  it.each(LEUKEMIA_WORKUP_AML_DEFINING_GENETICS.map((g) => [g]))('%s counts as AML-defining at 15%% blasts', (g) => {
    expect(w({ items: flow('myeloid'), marrowBlastPercent: pct(15), amlDefiningGenetics: [g] }).value!.diagnosis.route).toBe('aml-defining-genetics');
  });

  it('BCR::ABL1 alone below 20% does not make AML', () => {
    const r = w({ items: flow('myeloid'), marrowBlastPercent: pct(15), amlDefiningGenetics: [], bcrAbl1Detected: true });
    expect(r.value!.diagnosis.status).toBe('not-met');
    expect(r.warnings.map((x) => x.rule)).toEqual(expect.arrayContaining([`${NAME}.bcr-abl1-needs-20`, `${NAME}.mds-aml-range`]));
  });

  it('lymphoid blasts below 20% with AML genetics: no genetic route', () => {
    const r = w({ items: flow('b-lymphoid'), marrowBlastPercent: pct(15), amlDefiningGenetics: ['other-kmt2a-rearrangement'] });
    expect(r.value!.diagnosis.status).toBe('not-met');
    expect(r.warnings.map((x) => x.rule)).toContain(`${NAME}.lymphoid-genetics-not-aml-route`);
  });

  it('missing blasts, or missing genetics below 20%: cannot assess', () => {
    expect(w({}).value!.diagnosis.status).toBe('cannot-assess');
    expect(w({}).warnings.map((x) => x.rule)).toContain(`${NAME}.blasts-missing`);
    const r = w({ marrowBlastPercent: pct(12) });
    expect(r.value!.diagnosis.status).toBe('cannot-assess');
    expect(r.warnings.map((x) => x.rule)).toContain(`${NAME}.genetics-missing`);
  });

  it('property: more blasts never turn a met threshold into not met', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), (a, b, genetic) => {
        const [lo, hi] = a <= b ? [a / 10, b / 10] : [b / 10, a / 10];
        const genetics = genetic ? ['npm1-mutation'] : [];
        const at = (x: number) => w({ items: flow('myeloid'), marrowBlastPercent: pct(x), amlDefiningGenetics: genetics }).value!.diagnosis.status;
        return !(at(lo) === 'met' && at(hi) !== 'met');
      }),
      { numRuns: 60 },
    );
  });
});

describe('leukemia-workup: contradictions', () => {
  it('refuses dates after now, results before sending, lineage without result, decisions out of order, duplicates', () => {
    expectInputError(NAME, { now: '2026-05-14', items: { karyotype: { sentOn: '2026-05-15' } } }, 'items.karyotype.sentOn', `${NAME}.input.date-after-now`);
    expectInputError(NAME, { now: '2026-05-14', items: { karyotype: { sentOn: '2026-05-10', resultedOn: '2026-05-09' } } }, 'items.karyotype.resultedOn', `${NAME}.input.resulted-before-sent`);
    expectInputError(NAME, { now: '2026-05-14', items: { flowCytometry: { sentOn: '2026-05-10', lineage: 'myeloid' } } }, 'items.flowCytometry.resultedOn', `${NAME}.input.lineage-without-result`);
    expectInputError(NAME, { now: '2026-05-14', teamDecisionOn: '2026-05-12' }, 'diagnosisConfirmedOn', `${NAME}.input.decision-without-diagnosis`);
    expectInputError(NAME, { now: '2026-05-14', diagnosisConfirmedOn: '2026-05-12', teamDecisionOn: '2026-05-11' }, 'teamDecisionOn', `${NAME}.input.decision-before-diagnosis`);
    expectInputError(NAME, { now: '2026-05-14', amlDefiningGenetics: ['npm1-mutation', 'npm1-mutation'] }, 'amlDefiningGenetics', `${NAME}.input.duplicate-genetics`);
    expectInputError(NAME, { now: '2026-05-14', marrowBlastPercent: 30 }, 'marrowBlastPercent', 'input.unit-required');
  });
});

describe('leukemia-workup: both languages', () => {
  it('renders every text without falling back to a rule id', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const r = w({ diagnosisConfirmedOn: '2026-05-10', items: { karyotype: { sentOn: '2026-05-01' }, flowCytometry: { sentOn: '2026-05-10', resultedOn: '2026-05-11', lineage: 'myeloid' } }, marrowBlastPercent: pct(15), amlDefiningGenetics: ['npm1-mutation'] }, lang);
      for (const t of [...r.basis, ...r.actions, ...r.warnings]) expect(t.text).not.toBe(t.rule);
      expect(r.summary).not.toContain('summary');
    }
  });
});
