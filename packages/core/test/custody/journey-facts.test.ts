import { describe, expect, it } from 'vitest';
import { CAR_T_COURSE, CUSTODY_ANCHORS, CustodyState, CUSTODY_DEADLINE_EVENTS, custodyClocks, custodyJourneyFacts, DEADLINES_WATCHED_BY_CUSTODY_CLOCKS, type CustodyEvent } from '../../src/index.js';
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
    expect(f.done).toEqual({ 'cold-storage-or-freezing-started': at(90), 'freezing-started': at(90), 'cryopreservation-complete': at(180) });
    expect(f.notApplicable).toEqual([]);
  });

  it('sets cryoprotectant-added and freezing started from the freezing record (the 20 minutes of item 8)', () => {
    const f = facts([step.collection(), step.cryopreservation(180)]);
    expect(f.anchors['cryoprotectant-added']).toBe(at(80));
    expect(f.done['freezing-started']).toBe(at(90));
  });

  it('tells nothing of the 20 minutes when the freezing record has no start of freezing', () => {
    const record = { events: [{ event: 'cryoprotectant-added', at: at(80) }, { event: 'freezing-completed', at: at(180) }] };
    const f = facts([step.collection(), step.cryopreservation(180, { record })]);
    expect(f.anchors['cryoprotectant-added']).toBeUndefined();
    expect(f.done['freezing-started']).toBeUndefined();
    // The completion still makes the material safe and completes cryopreservation.
    expect(f.done).toEqual({ 'cold-storage-or-freezing-started': at(180), 'cryopreservation-complete': at(180) });
  });

  it('frozen in two batches: waits for the second, then takes the batch that waited longest, not the first addition to the last start', () => {
    const batch = (id: string, bag: string, added: number, started: number) =>
      step.cryopreservation(started + 60, {
        id,
        scanned: [{ kind: 'collection-bag', value: bag }],
        record: {
          events: [
            { event: 'cryoprotectant-added', at: at(added) },
            { event: 'freezing-started', at: at(started) },
            { event: 'freezing-completed', at: at(started + 60) },
          ],
        },
      });
    const first = batch('e-cryo-1', BAGS[0]!, 60, 75);
    expect(facts([step.collection(), first]).anchors['cryoprotectant-added']).toBeUndefined();
    // 15 min for the first bag, 25 min for the second: the second is the one item 8 is about.
    const both = facts([step.collection(), first, batch('e-cryo-2', BAGS[1]!, 100, 125)]);
    expect(both.anchors['cryoprotectant-added']).toBe(at(100));
    expect(both.done['freezing-started']).toBe(at(125));
    // The same wait in both batches: the earlier one.
    const same = facts([step.collection(), first, batch('e-cryo-2', BAGS[1]!, 100, 115)]);
    expect(same.anchors['cryoprotectant-added']).toBe(at(60));
    expect(same.done['freezing-started']).toBe(at(75));
  });

  it('reads a custody state stored before the cryoprotectant time was kept: neither time, nothing told of the 20 minutes', () => {
    const stored = JSON.parse(JSON.stringify(stateAfter([step.collection(), step.cryopreservation(180)]))) as { collectionBags: Record<string, unknown>[] };
    for (const bag of stored.collectionBags) {
      delete bag['cryoprotectantAddedAt'];
      delete bag['freezingStartRecorded'];
    }
    const state = CustodyState.parse(stored);
    expect(state.collectionBags.every((b) => b.cryoprotectantAddedAt === null && !b.freezingStartRecorded)).toBe(true);
    const f = custodyJourneyFacts(state);
    expect(f.anchors['cryoprotectant-added']).toBeUndefined();
    expect(f.done['cryopreservation-complete']).toBe(at(180));
  });

  it('on the fresh-to-manufacturer pathway, cryopreservation on site does not apply', () => {
    const f = facts([step.collection(), step.coldStorage(60)], 'fresh-to-manufacturer');
    expect(f.done).toEqual({ 'cold-storage-or-freezing-started': at(60) });
    expect(f.notApplicable).toEqual(['freezing-started', 'cryopreservation-complete']);
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
      'cryoprotectant-added': at(80),
      'thaw-start': at(D + 15),
      'infusion-start': at(D + 20),
      'infusion-end': at(D + 65),
    });
    expect(all.done).toEqual({
      'cold-storage-or-freezing-started': at(60),
      'freezing-started': at(90),
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
