/**
 * A list an evaluation fills entry by entry and then hands out at its exact length.
 *
 * An array grown by push gets room for 16 entries at its first push; a result holds three such
 * lists of a handful of entries each, so most of what they allocate is empty room, and that
 * memory traffic was a large part of what an assessment cost. A ScratchList keeps one buffer
 * that never shrinks and copies out only the entries, so the result's arrays are exactly as long
 * as their content: the same entries in the same order as before.
 *
 * An instrument keeps its lists at module level and clears them when an evaluation starts (so
 * that an evaluation cut short by an exception leaves nothing behind). Evaluation is
 * synchronous and an instrument's own evaluation never calls itself, so two evaluations never
 * share a list. The buffer keeps the last evaluation's entries reachable until they are
 * overwritten: a few dozen small objects at most.
 */
export class ScratchList<T> {
  private readonly items: T[] = [];
  private count = 0;

  push(item: T): void {
    this.items[this.count++] = item;
  }

  get length(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
  }

  /** The entries as a new array of their exact length; the list is empty afterwards. */
  take(): T[] {
    const out = this.items.slice(0, this.count);
    this.count = 0;
    return out;
  }
}

/** Where a builder writes entries: a ScratchList or a plain array. */
export interface Sink<T> {
  push(item: T): void;
}
