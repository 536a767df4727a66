// Runs a window statistic over a whole series: the batch side of WindowMoments.

import { assertTypedObservations, assertWindow, observationsToTyped, type Observation } from './input-checks.js';
import { WindowMoments, type WindowStatistic } from './window-moments.js';

/** The statistic after every value, as a Float64Array aligned with `values` (NaN = none). */
export function windowBatch(
  values: ArrayLike<Observation> | Float64Array,
  window: number,
  statistic: WindowStatistic,
): Float64Array {
  assertWindow(window);
  const input = observationsToTyped(values, 'values');
  const out = new Float64Array(input.length);
  const moments = new WindowMoments(window);
  moments.scan(input, 0, input.length, out, statistic);
  if (moments.sawNonFinite) assertTypedObservations(input, 'values');
  return out;
}
