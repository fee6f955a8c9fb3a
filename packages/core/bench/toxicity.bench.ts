/**
 * `npm run bench`: full toxicity panels per second (CRS + ICANS + early ICAHT + CAR-HEMATOTOX,
 * each with its basis, actions, doses and warnings) over a synthetic population of
 * post-infusion patient-days, measured in one process beside
 *   - the same grading as bare functions (numbers only, no explanations), and
 *   - the same CRS + ICANS + CAR-HEMATOTOX logic as json-rules-engine rules.
 * It also checks that the three agree on every grade before it reports any rate.
 */
import type * as z from 'zod';
import {
  assessCarHematotox,
  assessCrs,
  assessIcaht,
  assessIcans,
  CarHematotoxInput,
  CrsInput,
  DEFAULT_SETTINGS,
  IcahtInput,
  IcansInput,
  render,
} from '@cartographer/core';
import { bareCarHematotox, bareCrs, bareEarlyIcaht, bareIcans } from './bare.js';
import { makePeer, type PeerFacts } from './json-rules-peer.js';
import { makePopulation, type PatientDay } from './population.js';
import { collectedHeapBytes, median, rate as rateOver, rateAsync as rateAsyncOver } from './timing.js';

const SIZE = Number(process.env['BENCH_POPULATION'] ?? 20_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 1);
const rate = (work: () => number): number => rateOver(work, SECONDS * 1000);
const rateAsync = (work: () => Promise<number>): Promise<number> => rateAsyncOver(work, SECONDS * 1000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
/**
 * Smaller populations graded after the main measurement, each parsed on its own: the rate of the
 * panel and of the bare functions depends on how much of their input stays in the processor's
 * cache, and this shows by how much on the machine of the run.
 */
const SIZES = (process.env['BENCH_SIZES'] ?? '2000,5000').split(',').filter((s) => s !== '').map(Number);

/** The goal of issue 2: panels per second with explanations, and the two ratios around it. */
const GOAL = Object.freeze({ panelsPerSecond: 1_000_000, timesJsonRulesEngine: 100, withinTimesBare: 5 });
/**
 * The goal's rate was set on a machine where json-rules-engine ran these rules at about 7,000 per
 * second; the machine this runs on has measured anywhere from 2,400 to 7,000 from one session to the next.
 * The same ratio to json-rules-engine on that machine is printed beside the measured rate.
 */
const GOAL_MACHINE_JSON_RULES_ENGINE_RATE = 7_000;
/**
 * On the same machine a bare function computing the four grades ran at about 6-8 million per
 * second: a second scale, from the peer nearest the engine's own work (json-rules-engine does far
 * more work per patient-day and waits on memory far less).
 */
const GOAL_MACHINE_BARE_RATE = Object.freeze({ low: 6_000_000, high: 8_000_000 });

interface Parsed {
  crs: z.output<typeof CrsInput>;
  icans: z.output<typeof IcansInput>;
  icaht: z.output<typeof IcahtInput>;
  hematotox: z.output<typeof CarHematotoxInput>;
}

function required(value: number | undefined): number {
  if (value === undefined) throw new Error('the synthetic population always carries every CAR-HEMATOTOX item');
  return value;
}

function peerFacts(p: Parsed): PeerFacts {
  const crs = p.crs;
  const fever = crs.antipyreticOrAnticytokineGiven || (crs.temperature !== undefined && crs.temperature >= 38 && !crs.feverAttributedToOtherCause);
  const ice = p.icans.ice;
  return {
    feverOrMasked: fever,
    hypotension: crs.hypotension,
    pressorsNonVasopressin: crs.vasopressors.filter((v) => v !== 'vasopressin').length,
    pressorsTotal: crs.vasopressors.length,
    oxygenDevice: crs.oxygen.device,
    oxygenFlow: crs.oxygen.flow ?? 0,
    iceTotal: ice !== undefined && 'total' in ice && typeof ice.total === 'number' ? ice.total : 10,
    consciousness: p.icans.consciousness ?? 'alert',
    seizure: p.icans.seizure ?? 'none',
    motor: p.icans.motor ?? 'none',
    cerebralEdema: p.icans.cerebralEdema ?? 'none',
    platelets: required(p.hematotox.platelets),
    anc: required(p.hematotox.anc),
    hemoglobin: required(p.hematotox.hemoglobin),
    crp: required(p.hematotox.crp),
    ferritin: required(p.hematotox.ferritin),
  };
}

const parse = (raw: PatientDay): Parsed => ({
  crs: CrsInput.parse(raw.crs),
  icans: IcansInput.parse(raw.icans),
  icaht: IcahtInput.parse(raw.icaht),
  hematotox: CarHematotoxInput.parse(raw.hematotox),
});

/** The full panel over a parsed population: panels graded. */
const panelOver = (parsed: readonly Parsed[]) => (): number => {
  for (const p of parsed) {
    assessCrs(p.crs, DEFAULT_SETTINGS);
    assessIcans(p.icans, DEFAULT_SETTINGS);
    assessIcaht(p.icaht);
    assessCarHematotox(p.hematotox);
  }
  return parsed.length;
};

/** The same four grades as bare functions. */
const bareOver = (parsed: readonly Parsed[]) => (): number => {
  let sink = 0;
  for (const p of parsed) sink += (bareCrs(p.crs) ?? 0) + (bareIcans(p.icans) ?? 0) + (bareEarlyIcaht(p.icaht) ?? 0) + (bareCarHematotox(p.hematotox) ?? 0);
  if (sink < 0) console.log(sink);
  return parsed.length;
};

interface SizeRun {
  size: number;
  parsedBytes: number;
  panel: number;
  bare: number;
  bareOverPanel: number;
}

/** Panel and bare functions over a population of `size`, parsed on its own, in alternating rounds of half the main rounds' length. */
function runSize(size: number): SizeRun {
  const population = makePopulation(size);
  const before = collectedHeapBytes();
  const parsed = population.map(parse);
  const parsedBytes = collectedHeapBytes() - before;
  const panel = panelOver(parsed);
  const bare = bareOver(parsed);
  rate(panel);
  rate(bare);
  const panelRates: number[] = [];
  const bareRates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < 3; round++) {
    const e = rateOver(panel, (SECONDS * 1000) / 2);
    const b = rateOver(bare, (SECONDS * 1000) / 2);
    panelRates.push(e);
    bareRates.push(b);
    ratios.push(b / e);
  }
  return { size, parsedBytes, panel: median(panelRates), bare: median(bareRates), bareOverPanel: median(ratios) };
}

async function main(): Promise<void> {
  const population = makePopulation(SIZE);
  const parsedBefore = collectedHeapBytes();
  const parsed = population.map(parse);
  const parsedBytes = collectedHeapBytes() - parsedBefore;
  const facts = parsed.map(peerFacts);
  const peer = makePeer();

  // Agreement first: a fast engine that grades differently would be worthless.
  let disagreements = 0;
  for (let i = 0; i < parsed.length; i++) {
    const p = parsed[i]!;
    const crs = assessCrs(p.crs, DEFAULT_SETTINGS).value?.grade;
    const icans = assessIcans(p.icans, DEFAULT_SETTINGS).value?.grade;
    const hematotox = assessCarHematotox(p.hematotox).value?.score;
    const icaht = assessIcaht(p.icaht).value?.early?.grade;
    const rules = await peer(facts[i]!);
    if (crs !== bareCrs(p.crs) || crs !== rules.crs) disagreements++;
    if (icans !== bareIcans(p.icans) || icans !== rules.icans) disagreements++;
    if (hematotox !== bareCarHematotox(p.hematotox) || hematotox !== rules.hematotox) disagreements++;
    if (icaht !== bareEarlyIcaht(p.icaht)) disagreements++;
  }
  if (disagreements > 0) {
    console.error(`${disagreements} grade(s) differ between the engine, the bare functions and json-rules-engine: no rates reported.`);
    process.exit(1);
  }

  const panel = panelOver(parsed);
  const bareFunctions = bareOver(parsed);
  const sample = facts.slice(0, 2_000);
  const rules = async (): Promise<number> => {
    for (const f of sample) await peer(f);
    return sample.length;
  };
  // Warm-up: one untimed round of each, so that the JIT has settled before the first timed one.
  rate(panel);
  rate(bareFunctions);
  await rateAsync(rules);

  // The shared machine's speed drifts by tens of percent within a minute: the three are timed in
  // turn, round after round, and each ratio is taken within a round, so that a drift moves both
  // of its sides.
  const engineRates: number[] = [];
  const bareRates: number[] = [];
  const rulesRates: number[] = [];
  const versusRules: number[] = [];
  const versusBare: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const e = rate(panel);
    const b = rate(bareFunctions);
    const r = await rateAsync(rules);
    engineRates.push(e);
    bareRates.push(b);
    rulesRates.push(r);
    versusRules.push(e / r);
    versusBare.push(b / e);
  }

  const slice = population.slice(0, 2_000);
  const validated = rate(() => {
    for (const raw of slice) {
      const p = parse(raw);
      assessCrs(p.crs, DEFAULT_SETTINGS);
      assessIcans(p.icans, DEFAULT_SETTINGS);
      assessIcaht(p.icaht);
      assessCarHematotox(p.hematotox);
    }
    return slice.length;
  });
  const firstParsed = parsed.slice(0, 2_000);
  const rendered = rate(() => {
    for (const p of firstParsed) {
      render(assessCrs(p.crs, DEFAULT_SETTINGS), 'zh-TW');
      render(assessIcans(p.icans, DEFAULT_SETTINGS), 'zh-TW');
      render(assessIcaht(p.icaht), 'zh-TW');
      render(assessCarHematotox(p.hematotox), 'zh-TW');
    }
    return firstParsed.length;
  });
  const bySize = SIZES.map(runSize);

  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const spread = (values: readonly number[]) => `${count(median(values)).padStart(11)} /s  (${count(Math.min(...values))}-${count(Math.max(...values))})`;
  console.log(
    `Node ${process.version}, one core, population ${SIZE.toLocaleString('en-US')} patient-days; grades agree across all three.\n` +
      `After a warm-up round, ${ROUNDS} rounds of ${SECONDS} s each for the first three: median rate (lowest-highest round).`,
  );
  console.log(`${spread(engineRates)}  cartographer panel (4 instruments, with explanations)`);
  console.log(`${spread(bareRates)}  bare functions (same 4 grades, no explanations)`);
  console.log(`${spread(rulesRates)}  json-rules-engine (CRS + ICANS + CAR-HEMATOTOX only)`);
  console.log(`${count(validated).padStart(11)} /s  cartographer panel incl. zod validation + UCUM conversion (one ${SECONDS} s measurement)`);
  console.log(`${count(rendered).padStart(11)} /s  cartographer panel rendered to zh-TW text with citations (one ${SECONDS} s measurement)`);
  const timesRules = median(versusRules);
  const timesBare = median(versusBare);
  const engineRate = median(engineRates);
  console.log(`engine / json-rules-engine: ${timesRules.toFixed(0)}x faster, median of the rounds (json-rules-engine does 3 of the 4 instruments)`);
  console.log(`bare / engine: ${timesBare.toFixed(1)}x, median of the rounds (the cost of explanations)`);
  const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  console.log(
    `by population size, each parsed on its own (3 alternating rounds of ${SECONDS / 2} s, median; json-rules-engine at its median above, ` +
      `since its rate does not depend on the population's size):`,
  );
  const rulesRate = median(rulesRates);
  console.log(`${'patient-days'.padStart(14)}${'parsed'.padStart(10)}${'panel'.padStart(14)}${'bare'.padStart(14)}  bare / panel  panel / json-rules-engine`);
  const row = (size: number, bytes: number, panelRate: number, bareRate: number, ratio: number, note = '') =>
    console.log(
      `${count(size).padStart(14)}${megabytes(bytes).padStart(10)}${`${count(panelRate)} /s`.padStart(14)}${`${count(bareRate)} /s`.padStart(14)}` +
        `  ${`${ratio.toFixed(1)}x`.padEnd(12)}  ${(panelRate / rulesRate).toFixed(0)}x${note}`,
    );
  for (const r of bySize) row(r.size, r.parsedBytes, r.panel, r.bare, r.bareOverPanel);
  row(SIZE, parsedBytes, engineRate, median(bareRates), timesBare, ' (the rounds above)');
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  const scaled = timesRules * GOAL_MACHINE_JSON_RULES_ENGINE_RATE;
  console.log(
    `the goal's machine ran json-rules-engine at about ${count(GOAL_MACHINE_JSON_RULES_ENGINE_RATE)} /s, this run's machine at ${count(rulesRate)} /s: ` +
      `at this run's ratio the engine would give about ${count(scaled)} panels/s there (an estimate, not a measurement)`,
  );
  console.log(
    `the goal's machine ran a bare function at about ${count(GOAL_MACHINE_BARE_RATE.low)}-${count(GOAL_MACHINE_BARE_RATE.high)} /s, this run's bare functions at ` +
      `${count(median(bareRates))} /s: at this run's bare / engine ratio the engine would give about ` +
      `${count(GOAL_MACHINE_BARE_RATE.low / timesBare)}-${count(GOAL_MACHINE_BARE_RATE.high / timesBare)} panels/s there (an estimate, not a measurement)`,
  );
  console.log(
    `goal: >= ${count(GOAL.panelsPerSecond)} panels/s ${verdict(engineRate >= GOAL.panelsPerSecond)}; ` +
      `> ${GOAL.timesJsonRulesEngine}x json-rules-engine ${verdict(timesRules > GOAL.timesJsonRulesEngine)}; ` +
      `within ${GOAL.withinTimesBare}x of bare ${verdict(timesBare <= GOAL.withinTimesBare)}`,
  );
}

await main();
