// Input checks shared by the robust line fits.

import { assertFiniteSeries, assertSameLength } from '../rolling/input-checks.js';

/** Finite x and y of equal length with at least two distinct x values. */
export function checkLineInputs(x: ArrayLike<number>, y: ArrayLike<number>): void {
  assertFiniteSeries(x, 'x');
  assertFiniteSeries(y, 'y');
  assertSameLength(x, y, 'x', 'y');
  if (x.length < 2) throw new Error(`a line fit needs at least 2 points, got ${x.length}`);
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return;
  throw new Error('all x values are identical: the slope is undefined');
}

/** Sizes of the groups of equal values that have more than one member (scipy _find_repeats). */
export function tieGroupSizes(values: ArrayLike<number>): number[] {
  const sorted = Float64Array.from(values).sort();
  const sizes: number[] = [];
  let run = 1;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]) run++;
    else {
      if (run > 1) sizes.push(run);
      run = 1;
    }
  }
  return sizes;
}

/** numpy's round(): to nearest, halves to even. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
