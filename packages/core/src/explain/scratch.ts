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
    const n = this.count;
    const it = this.items;
    this.count = 0;
    // An array literal is allocated inline by the optimizing compiler, where slice calls into the
    // runtime: for the short lists of a result that halves the cost of handing them out.
    switch (n) {
      case 0:
        return [];
      case 1:
        return [it[0]!];
      case 2:
        return [it[0]!, it[1]!];
      case 3:
        return [it[0]!, it[1]!, it[2]!];
      case 4:
        return [it[0]!, it[1]!, it[2]!, it[3]!];
      case 5:
        return [it[0]!, it[1]!, it[2]!, it[3]!, it[4]!];
      case 6:
        return [it[0]!, it[1]!, it[2]!, it[3]!, it[4]!, it[5]!];
      case 7:
        return [it[0]!, it[1]!, it[2]!, it[3]!, it[4]!, it[5]!, it[6]!];
      case 8:
        return [it[0]!, it[1]!, it[2]!, it[3]!, it[4]!, it[5]!, it[6]!, it[7]!];
      default:
        return it.slice(0, n);
    }
  }
}

/** Where a builder writes entries: a ScratchList or a plain array. */
export interface Sink<T> {
  push(item: T): void;
}
