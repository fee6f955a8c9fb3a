import { describe, expect, it } from 'vitest';
import { CAR_T_COURSE, CUSTODY_ANCHORS, CUSTODY_DEADLINE_EVENTS, custodyClocks, custodyJourneyFacts, DEADLINES_WATCHED_BY_CUSTODY_CLOCKS, type CustodyEvent } from '../../src/index.js';
import { at, BAGS, D, fullCourse, PRODUCT_BAGS, stateAfter, step, upToBedside } from './fixtures.js';

const facts = (events: readonly CustodyEvent[], pathway?: 'cryopreserve-on-site' | 'fresh-to-manufacturer') => custodyJourneyFacts(stateAfter(events, pathway));

describe('what the custody record tells the CAR-T course', () => {
  it('names only anchors and deadline events that the course defines', () => {
    const deadlines = CAR_T_COURSE.steps.flatMap((s) => s.deadlines);
    for (const anchor of CUSTODY_ANCHORS) expect(deadlines.some((d) => d.anchor === anchor), anchor).toBe(true);
    for (const event of CUSTODY_DEADLINE_EVENTS) expect(deadlines.some((d) => d.event === event), event).toBe(true);
  });

  it('tells nothing before the collection', () => {
    expect(facts([])).toEqual({ anchors: {}, done: {}, notApplicable: [] });
  });

  it('sets leukapheresis and collection-end from the collection; cold storage is done once every bag is at 2-8 °C', () => {
    expect(facts([step.collection()])).toEqual({ anchors: { leukapheresis: at(-240), 'collection-end': at(0) }, done: {}, notApplicable: [] });
    expect(facts([step.collection(), step.coldStorage(60)]).done).toEqual({ 'cold-storage-or-freezing-started': at(60) });
  });

  it('waits for the last bag: one bag at 2-8 °C is not the collection at 2-8 °C', () => {
    const oneBag = step.coldStorage(60, { scanned: [{ kind: 'collection-bag', value: BAGS[0] }] });
    expect(facts([step.collection(), oneBag]).done).toEqual({});
    const other = step.coldStorage(90, { id: 'e-cold-2', scanned: [{ kind: 'collection-bag', value: BAGS[1] }] });
    expect(facts([step.collection(), oneBag, other]).done).toEqual({ 'cold-storage-or-freezing-started': at(90) });
  });

  it('counts freezing started as made safe, and cryopreservation complete when every bag is frozen', () => {
    const f = facts([step.collection(), step.cryopreservation(180)]);
    expect(f.done).toEqual({ 'cold-storage-or-freezing-started': at(90), 'cryopreservation-complete': at(180) });
    expect(f.notApplicable).toEqual([]);
  });

  it('on the fresh-to-manufacturer pathway, cryopreservation on site does not apply', () => {
    const f = facts([step.collection(), step.coldStorage(60)], 'fresh-to-manufacturer');
    expect(f.done).toEqual({ 'cold-storage-or-freezing-started': at(60) });
    expect(f.notApplicable).toEqual(['cryopreservation-complete']);
    // Shipped fresh without a stop at 2-8 °C: shipping makes the material safe, as the custody clock counts it.
    expect(facts([step.collection(), step.shipment(120)], 'fresh-to-manufacturer').done).toEqual({ 'cold-storage-or-freezing-started': at(120) });
  });

  it('takes the first collection of a two-day collection, whose bags the deadlines are about', () => {
    const day2 = step.collection({
      id: 'e-day2',
      at: at(24 * 60 + 5),
      din: 'A999926000002',
      start: at(24 * 60 - 200),
      end: at(24 * 60),
      bags: [{ bagId: 'B3' }],
      scanned: [{ kind: 'patient', value: 'patient-1' }, { kind: 'collection-bag', value: 'B3' }],
    });
    const f = facts([step.collection(), step.coldStorage(60), day2]);
    expect(f.anchors).toEqual({ leukapheresis: at(-240), 'collection-end': at(0) });
    expect(f.done).toEqual({ 'cold-storage-or-freezing-started': at(60) });
  });

  it('sets thaw-start from the first bag thawed, before any infusion', () => {
    const f = facts([...upToBedside(), step.match(D + 10, PRODUCT_BAGS[0]), step.thaw(D + 15, PRODUCT_BAGS[0])]);
    expect(f.anchors['thaw-start']).toBe(at(D + 15));
    expect(f.anchors['infusion-start']).toBeUndefined();
    expect(f.done['infusion']).toBeUndefined();
  });

  it('sets infusion-start with the first bag, and infusion-end only once no started bag is still running', () => {
    const events = fullCourse();
    const firstStarted = facts(events.slice(0, events.length - 5));
    expect(firstStarted.anchors['infusion-start']).toBe(at(D + 20));
    expect(firstStarted.done).toMatchObject({ infusion: at(D + 20), 'infusion-or-repeat-ldc': at(D + 20) });
    expect(firstStarted.anchors['infusion-end']).toBeUndefined();

    const firstEnded = facts(events.slice(0, events.length - 4));
    expect(firstEnded.anchors['infusion-end']).toBe(at(D + 35));
    expect(firstEnded.done['infusion-complete']).toBe(at(D + 35));

    const secondRunning = facts(events.slice(0, events.length - 1));
    expect(secondRunning.anchors['infusion-end']).toBeUndefined();
    expect(secondRunning.done['infusion-complete']).toBeUndefined();

    const all = facts(events);
    expect(all.anchors).toEqual({
      leukapheresis: at(-240),
      'collection-end': at(0),
      'thaw-start': at(D + 15),
      'infusion-start': at(D + 20),
      'infusion-end': at(D + 65),
    });
    expect(all.done).toEqual({
      'cold-storage-or-freezing-started': at(60),
      'cryopreservation-complete': at(180),
      infusion: at(D + 20),
      'infusion-or-repeat-ldc': at(D + 20),
      'infusion-complete': at(D + 65),
    });
  });
});

describe('the course deadlines the custody clocks watch instead', () => {
  const minutesOf = (iso: string) => {
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(iso);
    if (!m) throw new Error(`not an hour/minute duration: ${iso}`);
    return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
  };

  it('are the same deadlines: each clock runs for as long as its course deadline allows, from the same anchor', () => {
    const state = stateAfter(fullCourse());
    const clocks = custodyClocks(state, at(D + 100));
    const anchorOf = { 'cold-storage': 'collection-end', cryopreservation: 'collection-end', 'thaw-to-infusion': 'thaw-start' } as const;
    for (const [kind, rule] of Object.entries(DEADLINES_WATCHED_BY_CUSTODY_CLOCKS)) {
      const deadline = CAR_T_COURSE.steps.flatMap((s) => s.deadlines).find((d) => d.rule === rule);
      expect(deadline, rule).toBeDefined();
      expect(deadline!.anchor, rule).toBe(anchorOf[kind as keyof typeof anchorOf]);
      const clock = clocks.find((c) => c.clock === kind)!;
      expect((Date.parse(clock.dueAt) - Date.parse(clock.startedAt)) / 60_000, rule).toBe(minutesOf(deadline!.max!));
    }
  });
});
