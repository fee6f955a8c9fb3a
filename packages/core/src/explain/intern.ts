/**
 * Explanations whose whole content is fixed by a small whole number (a day count, a day number,
 * a score) are built once and shared, so grading a patient-day allocates only what is new.
 * Shared entries are frozen: a consumer can never change another patient's explanation.
 */
export function internedBy<T extends object>(size: number, build: (n: number) => T): (n: number) => T {
  // Filled up front so that the table stays a flat array (a sparse one is a slower hash table).
  const table: (T | undefined)[] = new Array<T | undefined>(size).fill(undefined);
  return (n) => {
    if (!Number.isInteger(n) || n < 0 || n >= size) return build(n);
    let found = table[n];
    if (found === undefined) {
      found = Object.freeze(build(n));
      table[n] = found;
    }
    return found;
  };
}

/**
 * Explanations fixed by a measurement that is reported on a grid (0.1 °C, 0.1 kg, 0.1 g/dL) are
 * built once per grid value in [min, max] and shared, frozen. A value off the grid (a converted
 * unit, a finer reading) is built each time: the entry always holds the value exactly as given.
 */
export function internedOnGrid<T extends object>(min: number, max: number, stepsPerUnit: number, build: (value: number) => T): (value: number) => T {
  const first = Math.round(min * stepsPerUnit);
  const size = Math.round(max * stepsPerUnit) - first + 1;
  const table: (T | undefined)[] = new Array<T | undefined>(size).fill(undefined);
  return (value) => {
    const steps = Math.round(value * stepsPerUnit);
    const index = steps - first;
    // Only the one number that is exactly this grid point shares the entry.
    if (!(index >= 0 && index < size) || steps / stepsPerUnit !== value || Object.is(value, -0)) return build(value);
    let found = table[index];
    if (found === undefined) {
      found = Object.freeze(build(value));
      table[index] = found;
    }
    return found;
  };
}
