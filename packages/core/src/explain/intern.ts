/**
 * Explanations whose whole content is fixed by a small whole number (a day count, a day number,
 * a score) are built once and shared, so grading a patient-day allocates only what is new.
 * Shared entries are frozen: a consumer can never change another patient's explanation.
 */
export function internedBy<T extends object>(size: number, build: (n: number) => T): (n: number) => T {
  const table: (T | undefined)[] = [];
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
