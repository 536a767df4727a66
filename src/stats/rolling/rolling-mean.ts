// Trailing-window arithmetic mean, as pandas `s.rolling(window).mean()` (min_periods = window).

import { assertFiniteObservation, nanToNull, typedToNullable, type Observation } from './input-checks.js';
import { windowBatch } from './window-batch.js';
import { WindowEstimator } from './window-estimator.js';
import { WindowMoments, WindowStatistic } from './window-moments.js';

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
  return typedToNullable(rollingMeanF64(values, window));
}

/** Rolling mean as a Float64Array (NaN = missing in and out), for long series. */
export function rollingMeanF64(values: ArrayLike<Observation> | Float64Array, window: number): Float64Array {
  return windowBatch(values, window, WindowStatistic.Mean);
}
