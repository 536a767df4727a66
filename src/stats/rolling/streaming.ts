// The promise every streaming estimator of the library keeps; the shared contract test
// (src/stats/contract/rolling-contract.ts) checks it for each of them.

/**
 * A streaming estimator fed one bar at a time.
 *
 * - `add(...)` appends the value of a new (possibly still open) bar and returns the current
 *   result, or null while the estimator cannot answer (window not full, missing value inside).
 * - `replace(...)` swaps the value of the last added bar (the open bar ticking) and returns the
 *   result exactly as if that value had been added in the first place.
 * - `isStable` is true once enough values have been seen for a result to exist.
 * - `value` is the latest result (null when there is none); `getResult()` returns it or throws
 *   an Error saying why there is none, rather than returning a number that means nothing.
 */
export interface StreamingEstimator<Args extends unknown[], Out> {
  add(...args: Args): Out | null;
  replace(...args: Args): Out | null;
  readonly isStable: boolean;
  readonly value: Out | null;
  getResult(): Out;
}

export function noResultError(name: string, isStable: boolean, seen: number, needed: number): Error {
  if (!isStable) return new Error(`${name} has no result yet: ${seen} of ${needed} values seen`);
  return new Error(`${name} has no result: the window holds a missing value or is degenerate (zero variance)`);
}

export function replaceBeforeAddError(name: string): Error {
  return new Error(`${name}.replace() called before any add(): there is no open bar to replace`);
}
