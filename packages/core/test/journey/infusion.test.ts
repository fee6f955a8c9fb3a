import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INFUSION_EXCLUSIONS, INFUSION_THRESHOLDS as T, type InfusionValue } from '../../src/journey/infusion.js';
import { actionRules, expectInputError, rulesOf, run } from '../support.js';

const RECEIPT = {
  chainOfIdentityVerifiedByTwo: true,
  releaseDocumentsReviewed: true,
  outOfSpecification: false,
  inventoryByBagNumber: true,
  storageCheckDone: true,
} as const;
const PRE_THAW = {
  orderAndIdentityConfirmed: true,
  transportTemperatureMonitored: true,
  activeInfection: false,
  heartFailure: false,
  uncontrolledArrhythmia: false,
  shockRequiringVasopressors: false,
  recentOrganFailure: false,
  ivLinePatent: true,
  monitorConnected: true,
  warmerReady: true,
} as const;
const READY = { receipt: RECEIPT, preThaw: PRE_THAW } as const;

function infusion(extra: Record<string, unknown> = {}, lang: 'en' | 'zh-TW' = 'en') {
  return run<InfusionValue>('infusion', { ...READY, ...extra }, lang);
}
const warningRules = (r: { warnings: { rule: string }[] }) => r.warnings.map((w) => w.rule);
/** An instant in Taipei, minutes after 09:00 on 2026-03-10 (seconds allowed). */
const at = (minutes: number, seconds = 0) => {
  const total = 9 * 3600 + minutes * 60 + seconds;
  const hh = String(Math.floor(total / 3600)).padStart(2, '0');
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const ss = String(total % 60).padStart(2, '0');
  return `2026-03-10T${hh}:${mm}:${ss}+08:00`;
};

describe('§2.2.1 receipt and §2.2.2-2.2.3 pre-thaw checks', () => {
  it('everything recorded and passed: ready to thaw', () => {
    const r = infusion();
    expect(r.value!.receipt.status).toBe('accepted');
    expect(r.value!.readyToThaw).toMatchObject({ ready: true, missing: [], notMet: [] });
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['infusion.receipt-accepted', 'infusion.ready-to-thaw', 'infusion.within-specification']));
    expect(r.summary).toBe('Ready to thaw: receipt and every pre-thaw check passed');
  });

  it.each(INFUSION_EXCLUSIONS)('exclusion %s present: not ready; absent from the record: not ready (missing)', (exclusion) => {
    const present = infusion({ preThaw: { ...PRE_THAW, [exclusion]: true } });
    expect(present.value!.readyToThaw).toMatchObject({ ready: false, notMet: [exclusion], missing: [] });
    expect(present.basis).toContainEqual(expect.objectContaining({ rule: 'infusion.exclusion-present', field: `preThaw.${exclusion}`, observed: true }));
    const copy: Record<string, unknown> = { ...PRE_THAW };
    delete copy[exclusion];
    const missing = infusion({ preThaw: copy });
    expect(missing.value!.readyToThaw).toMatchObject({ ready: false, missing: [exclusion], notMet: [] });
    expect(missing.warnings).toContainEqual(expect.objectContaining({ rule: 'infusion.item-missing', field: `preThaw.${exclusion}` }));
  });

  it.each([
    ['chainOfIdentityVerifiedByTwo', 'chain-of-identity', 'infusion.coi-two-person-not-done'],
    ['releaseDocumentsReviewed', 'release-documents', 'infusion.release-documents-not-reviewed'],
    ['inventoryByBagNumber', 'inventory', 'infusion.inventory-not-done'],
    ['storageCheckDone', 'storage-check', 'infusion.storage-check-not-done'],
  ])('receipt %s false: not accepted, not ready; missing: incomplete', (field, item, rule) => {
    const no = infusion({ receipt: { ...RECEIPT, [field]: false } });
    expect(no.value!.receipt.status).toBe('not-accepted');
    expect(no.value!.receipt.items.find((i) => i.item === item)!.status).toBe('fail');
    expect(no.value!.readyToThaw.notMet).toEqual(['receipt']);
    expect(rulesOf(no)).toContain(rule);
    const copy: Record<string, unknown> = { ...RECEIPT };
    delete copy[field];
    const missing = infusion({ receipt: copy });
    expect(missing.value!.receipt.status).toBe('incomplete');
    expect(missing.value!.readyToThaw).toMatchObject({ ready: false, missing: ['receipt'] });
  });

  it.each([
    ['orderAndIdentityConfirmed', 'order-and-identity'],
    ['transportTemperatureMonitored', 'transport-temperature'],
    ['ivLinePatent', 'iv-line'],
    ['monitorConnected', 'monitor'],
    ['warmerReady', 'warmer'],
  ])('pre-thaw %s false: not ready', (field, item) => {
    expect(infusion({ preThaw: { ...PRE_THAW, [field]: false } }).value!.readyToThaw.notMet).toEqual([item]);
  });

  it('a bag thawed while not ready is flagged', () => {
    expect(warningRules(infusion({ preThaw: { ...PRE_THAW, heartFailure: true }, bags: [{ thawStart: at(0) }] }))).toContain('infusion.thawed-while-not-ready');
    expect(warningRules(infusion({ bags: [{ thawStart: at(0) }] }))).not.toContain('infusion.thawed-while-not-ready');
  });

  it('nothing recorded: not ready, every item missing (never assumed)', () => {
    const r = run<InfusionValue>('infusion', {});
    expect(r.status).toBe('assessed');
    expect(r.value!.readyToThaw.ready).toBe(false);
    expect(r.value!.readyToThaw.missing).toHaveLength(1 + 2 + INFUSION_EXCLUSIONS.length + 3);
    expect(r.summary).toMatch(/^Not ready to thaw: missing receipt, /);
  });

  const OOS_DOCS = { detailsOnReleaseCertificate: true, manufacturerRiskAssessment: true, physicianStatement: true, patientWrittenConsent: true, microbialOrHarmfulContamination: false };
  it('out of specification with every document: usable', () => {
    const r = infusion({ receipt: { ...RECEIPT, outOfSpecification: true, oos: OOS_DOCS } });
    expect(r.value!.receipt.status).toBe('accepted');
    expect(rulesOf(r)).toContain('infusion.oos-documented');
  });
  it.each(['detailsOnReleaseCertificate', 'manufacturerRiskAssessment', 'physicianStatement', 'patientWrittenConsent'])('out of specification without %s: not accepted; unrecorded: incomplete', (doc) => {
    const no = infusion({ receipt: { ...RECEIPT, outOfSpecification: true, oos: { ...OOS_DOCS, [doc]: false } } });
    expect(no.value!.receipt.status).toBe('not-accepted');
    expect(no.basis).toContainEqual(expect.objectContaining({ rule: 'infusion.oos-documentation-incomplete', field: `receipt.oos.${doc}` }));
    const copy: Record<string, unknown> = { ...OOS_DOCS };
    delete copy[doc];
    const missing = infusion({ receipt: { ...RECEIPT, outOfSpecification: true, oos: copy } });
    expect(missing.value!.receipt.status).toBe('incomplete');
    expect(missing.value!.receipt.items.find((i) => i.item === 'specification')).toEqual({ item: 'specification', status: 'missing', missing: [`receipt.oos.${doc}`] });
  });
  it('contamination: never usable, even with every document', () => {
    const r = infusion({ receipt: { ...RECEIPT, outOfSpecification: true, oos: { ...OOS_DOCS, microbialOrHarmfulContamination: true } } });
    expect(r.value!.receipt.status).toBe('not-accepted');
    expect(rulesOf(r)).toContain('infusion.oos-contaminated');
  });
  it('out of specification with contamination status unknown: incomplete', () => {
    const r = infusion({ receipt: { ...RECEIPT, outOfSpecification: true, oos: { ...OOS_DOCS, microbialOrHarmfulContamination: undefined } } });
    expect(r.value!.receipt.status).toBe('incomplete');
  });
});

describe('premedication 30-60 minutes before infusion', () => {
  const bags = [{ thawStart: at(0), infusionStart: at(60) }];
  it('the window is counted back from the infusion start, in its offset', () => {
    const r = infusion({ bags });
    expect(r.value!.premedication).toMatchObject({ reference: at(60), windowFrom: at(0), windowTo: at(30), acetaminophen: 'not-recorded', antihistamine: 'not-recorded' });
    const acet = r.actions.find((a) => a.drug === 'acetaminophen')!;
    expect(acet).toMatchObject({ status: 'consider', dueBy: at(30) });
    expect(r.actions.find((a) => a.drug === 'diphenhydramine')).toMatchObject({ status: 'consider', dueBy: at(30) });
  });
  it.each([
    [0, 0, 'in-window'],
    [-1, 59, 'too-early'],
    [30, 0, 'in-window'],
    [30, 1, 'too-late'],
    [75, 0, 'too-late'],
  ])('given at 09:%s:%s (60 min = window start, 30 min = window end) -> %s', (minutes, seconds, status) => {
    const r = infusion({ bags, premedication: { acetaminophenAt: at(minutes, seconds), antihistamineAt: at(minutes, seconds) } });
    expect(r.value!.premedication.acetaminophen).toBe(status);
    expect(r.value!.premedication.antihistamine).toBe(status);
    // Each timing line names the drug it times.
    expect(r.basis.find((e) => e.rule === `infusion.acetaminophen-${status}`)?.text).toMatch(/^Acetaminophen given/);
    expect(r.basis.find((e) => e.rule === `infusion.antihistamine-${status}`)?.text).toMatch(/^Diphenhydramine given/);
  });
  it('the planned start is used before any bag is infused', () => {
    const r = infusion({ plannedInfusionStart: '2026-03-10T10:00:00-05:00' });
    expect(r.value!.premedication).toMatchObject({ windowFrom: '2026-03-10T09:00:00-05:00', windowTo: '2026-03-10T09:30:00-05:00' });
  });
  it('no infusion start: the window cannot be set; a given time cannot be assessed', () => {
    const r = infusion({ premedication: { acetaminophenAt: at(0) } });
    expect(r.value!.premedication).toMatchObject({ windowFrom: null, acetaminophen: 'cannot-assess' });
    expect(warningRules(r)).toContain('infusion.premedication-no-reference');
  });
  it('systemic corticosteroids are always refused, with the reason', () => {
    const plain = infusion();
    const refusal = plain.actions.find((a) => a.rule === 'infusion.systemic-steroids-refused')!;
    expect(refusal.status).toBe('refused');
    expect(refusal.refusedBecause!.map((b) => b.rule)).toEqual(['infusion.systemic-steroids-avoid']);
    const planned = infusion({ premedication: { systemicSteroidPlanned: true } });
    expect(planned.actions.find((a) => a.rule === 'infusion.systemic-steroids-refused')!.refusedBecause!.map((b) => b.rule)).toEqual(['infusion.systemic-steroids-planned']);
    // The reason is about premedication only: steroids for CRS or ICANS are not ruled out (§2.2.3).
    expect(refusal.refusedBecause![0]!.text).toContain('as premedication');
  });
});

describe('thaw to end of infusion: within 30 minutes of the start of thawing', () => {
  it('the limits are the handbook numbers', () => {
    expect([T.infusionCompleteFromMinutes, T.infusionCompleteLimitMinutes]).toEqual([20, 30]);
  });
  it.each([
    [20, 0, 'on-time'],
    [29, 59, 'on-time'],
    [30, 0, 'on-time'],
    [30, 1, 'late'],
    [45, 0, 'late'],
  ])('ended %s min %s s after thawing started -> %s', (minutes, seconds, status) => {
    const r = infusion({ bags: [{ thawStart: at(0), infusionStart: at(5), infusionEnd: at(minutes, seconds) }] });
    expect(r.value!.bags[0]).toMatchObject({ bag: 1, completeFrom: at(20), dueBy: at(30), status, order: 'first' });
    expect(rulesOf(r)).toContain(status === 'on-time' ? 'infusion.infusion-on-time' : 'infusion.infusion-late');
    expect(r.summary).toBe(status === 'on-time' ? 'All 1 bag(s) infused within 30 minutes of thawing' : '1 of 1 bag(s) not infused within 30 minutes of thawing');
  });
  it('the due instant keeps the offset of the thaw start', () => {
    const r = infusion({ bags: [{ thawStart: '2026-03-10T23:45:00-05:00' }] });
    expect(r.value!.bags[0]!.dueBy).toBe('2026-03-11T00:15:00-05:00');
    const z = infusion({ bags: [{ thawStart: '2026-03-10T01:00:00Z' }] });
    expect(z.value!.bags[0]!.dueBy).toBe('2026-03-10T01:30:00Z');
  });
  it('end not recorded: pending until the limit, overdue after it (with now)', () => {
    const pending = infusion({ bags: [{ thawStart: at(0) }] });
    expect(pending.value!.bags[0]!.status).toBe('pending');
    expect(pending.actions).toContainEqual(expect.objectContaining({ rule: 'infusion.infusion-due', dueBy: at(30) }));
    expect(pending.summary).toBe(`Infusion in progress (1 bag(s)): complete by ${at(30)}`);
    expect(infusion({ bags: [{ thawStart: at(0) }], now: at(30) }).value!.bags[0]!.status).toBe('pending');
    const overdue = infusion({ bags: [{ thawStart: at(0) }], now: at(30, 1) });
    expect(overdue.value!.bags[0]!.status).toBe('overdue');
    expect(rulesOf(overdue)).toContain('infusion.infusion-overdue');
  });
});

describe('bags one at a time', () => {
  it('second bag thawed after the first ended: in order', () => {
    const r = infusion({
      bags: [
        { thawStart: at(0), infusionStart: at(5), infusionEnd: at(20) },
        { thawStart: at(20), infusionStart: at(25), infusionEnd: at(40) },
      ],
    });
    expect(r.value!.bags.map((b) => [b.order, b.status])).toEqual([
      ['first', 'on-time'],
      ['after-previous-ended', 'on-time'],
    ]);
    expect(actionRules(r)).toContain('infusion.one-bag-at-a-time');
    expect(actionRules(r)).not.toContain('infusion.thaw-next-bag-refused');
  });
  it('second bag thawed one second before the first ended: deviation, refused', () => {
    const r = infusion({
      bags: [
        { thawStart: at(0), infusionStart: at(5), infusionEnd: at(20) },
        { thawStart: at(19, 59), infusionStart: at(25), infusionEnd: at(40) },
      ],
    });
    expect(r.value!.bags[1]!.order).toBe('thawed-before-previous-ended');
    const refused = r.actions.find((a) => a.rule === 'infusion.thaw-next-bag-refused')!;
    expect(refused.status).toBe('refused');
    expect(refused.refusedBecause![0]).toMatchObject({ rule: 'infusion.bag-thawed-early', field: 'bags[1].thawStart', observed: at(19, 59) });
    expect(r.summary).toBe('Deviation: a bag was thawed before the previous bag finished infusing (2 bags)');
  });
  it('first bag end not recorded: the order cannot be verified', () => {
    const r = infusion({ bags: [{ thawStart: at(0) }, { thawStart: at(25) }] });
    expect(r.value!.bags[1]!.order).toBe('cannot-verify');
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'infusion.bag-order-unverifiable', field: 'bags[0].infusionEnd' }));
  });
});

describe('vital signs: every 15 minutes during, every 30 minutes after', () => {
  const bags = [{ thawStart: at(0), infusionStart: at(10), infusionEnd: at(50) }];
  it('default 2 hours after the infusion', () => {
    const r = infusion({ bags });
    expect(r.value!.vitals.postObservationHours).toBe(2);
    expect(r.value!.vitals.checks.map((c) => [c.at, c.phase])).toEqual([
      [at(10), 'during'],
      [at(25), 'during'],
      [at(40), 'during'],
      [at(80), 'after'],
      [at(110), 'after'],
      [at(140), 'after'],
      [at(170), 'after'],
    ]);
    expect(warningRules(r)).toContain('infusion.vitals-observation-default');
    expect(r.actions.find((a) => a.rule === 'infusion.vitals-after')).toMatchObject({ duration: 'PT2H' });
  });
  it('the handbook minimum of 1 hour is allowed; below it is refused', () => {
    const r = infusion({ bags, postInfusionObservationHours: 1 });
    expect(r.value!.vitals.checks.filter((c) => c.phase === 'after').map((c) => c.at)).toEqual([at(80), at(110)]);
    expect(warningRules(r)).not.toContain('infusion.vitals-observation-default');
    expect(infusion({ bags, postInfusionObservationHours: 1.5 }).actions.find((a) => a.rule === 'infusion.vitals-after')!.duration).toBe('PT1H30M');
    expectInputError('infusion', { bags, postInfusionObservationHours: 0.99 }, 'postInfusionObservationHours', 'infusion.input.observation-below-minimum');
  });
  it('two bags: every 15 minutes from the first start to the last end, then every 30 minutes', () => {
    const r = infusion({
      bags: [
        { thawStart: at(0), infusionStart: at(5), infusionEnd: at(20) },
        { thawStart: at(20), infusionStart: at(25), infusionEnd: at(45) },
      ],
      postInfusionObservationHours: 1,
    });
    expect(r.value!.vitals.checks.map((c) => c.at)).toEqual([at(5), at(20), at(35), at(75), at(105)]);
  });
  it('no infusion start: no schedule; no end: no post-infusion checks yet', () => {
    const none = infusion({ bags: [{ thawStart: at(0) }] });
    expect(none.value!.vitals.checks).toEqual([]);
    expect(warningRules(none)).toContain('infusion.vitals-start-missing');
    const open = infusion({ bags: [{ thawStart: at(0), infusionStart: at(5) }] });
    expect(open.value!.vitals.postScheduled).toBe(false);
    expect(open.value!.vitals.checks.map((c) => c.at)).toEqual([at(5), at(20)]);
    expect(warningRules(open)).toContain('infusion.vitals-end-missing');
  });
  it('with now and recordings: done, overdue, due, upcoming', () => {
    const r = infusion({ bags, now: at(82), vitalSignsRecordedAt: [at(10), at(41)] });
    expect(r.value!.vitals.checks.map((c) => c.status)).toEqual(['done', 'overdue', 'done', 'due', 'upcoming', 'upcoming', 'upcoming']);
    expect(r.actions).toContainEqual(expect.objectContaining({ rule: 'infusion.vitals-due', dueBy: at(80) }));
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'infusion.vitals-overdue' }));
  });
  it('with now but no recordings: past checks are unverified, never assumed done', () => {
    const r = infusion({ bags, now: at(80) });
    expect(r.value!.vitals.checks.map((c) => c.status)).toEqual(['unverified', 'unverified', 'unverified', 'due', 'upcoming', 'upcoming', 'upcoming']);
    expect(warningRules(r)).toContain('infusion.vitals-unverified');
    expect(r.value!.vitals.checks[4]).not.toHaveProperty('status', 'due');
  });
  it('the reactions to watch, as listed', () => {
    const r = infusion();
    expect(r.value!.reactionsToWatch).toEqual({
      common: ['nausea', 'vomiting', 'abdominal-pain', 'garlic-odor'],
      severe: ['hypotension', 'hypertension', 'bradycardia', 'cardiac-arrest', 'chest-tightness', 'rash', 'anaphylaxis'],
    });
    expect(warningRules(r)).toEqual(expect.arrayContaining(['infusion.reactions-common', 'infusion.reactions-severe']));
    expect(actionRules(r)).toEqual(expect.arrayContaining(['infusion.bedside-two-person-check', 'infusion.no-leukocyte-filter', 'infusion.record-infusion']));
  });
});

describe('contradictory input is refused', () => {
  it.each([
    ['bags not in thaw order', { bags: [{ thawStart: at(30) }, { thawStart: at(0) }] }, 'bags[1].thawStart', 'infusion.input.bags-out-of-order'],
    ['infusion before thaw', { bags: [{ thawStart: at(10), infusionStart: at(5) }] }, 'bags[0].infusionStart', 'infusion.input.infusion-before-thaw'],
    ['end before start', { bags: [{ thawStart: at(0), infusionStart: at(10), infusionEnd: at(9) }] }, 'bags[0].infusionEnd', 'infusion.input.end-before-start'],
    ['end before thaw', { bags: [{ thawStart: at(10), infusionEnd: at(5) }] }, 'bags[0].infusionEnd', 'infusion.input.end-before-start'],
    ['OOS details on an in-spec product', { receipt: { outOfSpecification: false, oos: { physicianStatement: true } } }, 'receipt.oos', 'infusion.input.oos-details-without-oos'],
  ])('%s', (_label, input, path, rule) => {
    expectInputError('infusion', input, path, rule);
  });
  it('refuses a local time without offset', () => {
    expectInputError('infusion', { bags: [{ thawStart: '2026-03-10T09:00:00' }] }, 'bags[0].thawStart', 'input.invalid-format');
  });
});

describe('properties', () => {
  it('a later infusion end never turns a late infusion into an on-time one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7200 }), fc.integer({ min: 0, max: 3600 }), (endSeconds, later) => {
        const end = (s: number) => new Date(Date.parse('2026-03-10T01:00:00Z') + s * 1000).toISOString();
        const a = infusion({ bags: [{ thawStart: '2026-03-10T01:00:00Z', infusionEnd: end(endSeconds) }] }).value!.bags[0]!.status;
        const b = infusion({ bags: [{ thawStart: '2026-03-10T01:00:00Z', infusionEnd: end(endSeconds + later) }] }).value!.bags[0]!.status;
        if (a === 'late') expect(b).toBe('late');
        expect(a).toBe(endSeconds <= 1800 ? 'on-time' : 'late');
      }),
    );
  });

  it('adding an exclusion never makes a not-ready thaw ready', () => {
    const flag = fc.constantFrom(true, false, undefined);
    const preThaw = fc.record(Object.fromEntries(Object.keys(PRE_THAW).map((k) => [k, flag])));
    fc.assert(
      fc.property(preThaw, fc.constantFrom(...INFUSION_EXCLUSIONS), (p, exclusion) => {
        const clean = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
        const before = infusion({ preThaw: clean }).value!.readyToThaw.ready;
        const after = infusion({ preThaw: { ...clean, [exclusion]: true } }).value!.readyToThaw.ready;
        expect(after).toBe(false);
        if (!before) expect(after).toBe(false);
      }),
    );
  });
});

describe('both languages', () => {
  it.each(['en', 'zh-TW'] as const)('%s renders every text without falling back to a key', (lang) => {
    for (const input of [
      {},
      {
        receipt: { ...RECEIPT, outOfSpecification: true, oos: { detailsOnReleaseCertificate: false } },
        preThaw: { ...PRE_THAW, activeInfection: true },
        premedication: { acetaminophenAt: at(-50), antihistamineAt: at(0), systemicSteroidPlanned: true },
        bags: [
          { thawStart: at(0), infusionStart: at(10), infusionEnd: at(35) },
          { thawStart: at(30), infusionStart: at(40) },
        ],
        now: at(120),
        vitalSignsRecordedAt: [at(10)],
      },
    ]) {
      const r = infusion(input, lang);
      expect(r.summary).not.toMatch(/^infusion\./);
      for (const t of [...r.basis, ...r.warnings, ...r.actions]) {
        expect(t.text).not.toBe(t.rule);
        expect(t.text).not.toMatch(/\{\w+\}/);
      }
    }
  });
});
