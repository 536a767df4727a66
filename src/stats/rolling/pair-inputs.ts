// Shared input handling of the two-series rolling estimators (covariance, correlation, beta).

import { assertFiniteObservation, assertObservations, assertSameLength, assertWindow, type Observation } from './input-checks.js';
import { PairWindowMoments } from './pair-window-moments.js';

export function checkPair([x, y]: [Observation, Observation]): void {
  assertFiniteObservation(x, 'x');
  assertFiniteObservation(y, 'y');
}

export function pushPair(moments: PairWindowMoments, [x, y]: [Observation, Observation]): void {
  moments.push(x === null ? Number.NaN : x, y === null ? Number.NaN : y);
}

/** Runs `read` after every pair of a batch; the output is aligned with the inputs. */
export function scanPairs(
  x: ArrayLike<Observation>,
  y: ArrayLike<Observation>,
  window: number,
  read: (moments: PairWindowMoments, i: number) => void,
): void {
  assertWindow(window);
  assertObservations(x, 'x');
  assertObservations(y, 'y');
  assertSameLength(x, y, 'x', 'y');
  const moments = new PairWindowMoments(window);
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    moments.push(a === null ? Number.NaN : a, b === null ? Number.NaN : b);
    read(moments, i);
  }
}
