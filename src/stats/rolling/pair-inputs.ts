// Shared input handling of the two-series rolling estimators (covariance, correlation, beta).

import {
  assertFiniteObservation,
  assertSameLength,
  assertTypedObservations,
  assertWindow,
  observationsToTyped,
  type Observation,
} from './input-checks.js';
import { PairWindowMoments, type PairStatistic } from './pair-window-moments.js';

export function checkPair([x, y]: [Observation, Observation]): void {
  assertFiniteObservation(x, 'x');
  assertFiniteObservation(y, 'y');
}

export function pushPair(moments: PairWindowMoments, [x, y]: [Observation, Observation]): void {
  moments.push(x === null ? Number.NaN : x, y === null ? Number.NaN : y);
}

/** One statistic over whole series, as a Float64Array aligned with them (NaN = none). */
export function pairBatch(
  x: ArrayLike<Observation> | Float64Array,
  y: ArrayLike<Observation> | Float64Array,
  window: number,
  statistic: PairStatistic,
): Float64Array {
  assertWindow(window);
  const xs = observationsToTyped(x, 'x');
  const ys = observationsToTyped(y, 'y');
  assertSameLength(xs, ys, 'x', 'y');
  const out = new Float64Array(xs.length);
  const moments = new PairWindowMoments(window);
  moments.scan(xs, ys, 0, xs.length, out, statistic);
  if (moments.sawNonFinite) {
    assertTypedObservations(xs, 'x');
    assertTypedObservations(ys, 'y');
  }
  return out;
}
