/**
 * How the benchmarks time work. Every measurement starts from a collected heap, as benchmark
 * harnesses do: the population is built and parsed first, and until a full collection compacts
 * it, its objects lie scattered among the parser's garbage, which slowed the engine and the bare
 * functions alike by a third to a half in some runs and not in others. The npm scripts pass
 * --expose-gc.
 */
import { performance } from 'node:perf_hooks';

const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error('run the benchmarks with node --expose-gc (the npm scripts do): each measurement starts from a collected heap');
const gc = collect;

/** Bytes the heap holds after a full collection, typed-array contents included. */
export function collectedHeapBytes(): number {
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** Items per second: `work` (which returns how many items it did) repeated for `ms` milliseconds. */
export function rate(work: () => number, ms: number): number {
  gc();
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    count += work();
    elapsed = performance.now() - start;
  }
  return count / (elapsed / 1000);
}

export async function rateAsync(work: () => Promise<number>, ms: number): Promise<number> {
  gc();
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    count += await work();
    elapsed = performance.now() - start;
  }
  return count / (elapsed / 1000);
}

/** The q-quantile (0-1) of the values, interpolated between the two nearest. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);
