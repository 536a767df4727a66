// Trailing-window arithmetic mean, as pandas `s.rolling(window).mean()` (min_periods = window).

import { assertFiniteObservation, assertObservations, assertWindow, nanToNull, type Observation } from './input-checks.js';
import { WindowEstimator } from './window-estimator.js';
import { WindowMoments } from './window-moments.js';

/** Streaming rolling mean: null until `window` values are in, or while one of them is missing. */
export class RollingMean extends WindowEstimator<[value: Observation], number> {
  private readonly moments: WindowMoments;

  constructor(readonly window: number) {
    const moments = new WindowMoments(window);
    super('RollingMean', moments, window);
    this.moments = moments;
  }

  protected check([value]: [Observation]): void {
    assertFiniteObservation(value, 'value');
  }

  protected push([value]: [Observation]): void {
    this.moments.push(value === null ? Number.NaN : value);
  }

  protected compute(): number | null {
    return nanToNull(this.moments.mean());
  }
}

/** Rolling mean aligned with `values`; null where pandas gives NaN. */
export function rollingMean(values: ArrayLike<Observation>, window: number): (number | null)[] {
  assertWindow(window);
  assertObservations(values, 'values');
  const moments = new WindowMoments(window);
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    moments.push(v === null ? Number.NaN : v);
    out[i] = nanToNull(moments.mean());
  }
  return out;
}
