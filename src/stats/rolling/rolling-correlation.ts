// Trailing-window Pearson correlation, as pandas `x.rolling(w).corr(y)` (pairwise-complete).
// A window where either series is constant has no correlation (null): pandas divides by a zero
// std there and returns NaN or ±inf depending on round-off.

import { nanToNull, typedToNullable, type Observation } from './input-checks.js';
import { checkPair, pairBatch, pushPair } from './pair-inputs.js';
import { PairStatistic, PairWindowMoments } from './pair-window-moments.js';
import { WindowEstimator } from './window-estimator.js';

/** Streaming rolling correlation. */
export class RollingCorrelation extends WindowEstimator<[x: Observation, y: Observation], number> {
  private readonly moments: PairWindowMoments;

  constructor(readonly window: number) {
    const moments = new PairWindowMoments(window);
    super('RollingCorrelation', moments, window);
    this.moments = moments;
  }

  protected check(args: [Observation, Observation]): void {
    checkPair(args);
  }

  protected push(args: [Observation, Observation]): void {
    pushPair(this.moments, args);
  }

  protected compute(): number | null {
    return nanToNull(this.moments.read(PairStatistic.Correlation));
  }
}

/** Rolling correlation aligned with the inputs; null where pandas gives NaN. */
export function rollingCorrelation(
  x: ArrayLike<Observation>,
  y: ArrayLike<Observation>,
  window: number,
): (number | null)[] {
  return typedToNullable(rollingCorrelationF64(x, y, window));
}

/** Rolling correlation as a Float64Array (NaN = missing in and out), for long series. */
export function rollingCorrelationF64(
  x: ArrayLike<Observation> | Float64Array,
  y: ArrayLike<Observation> | Float64Array,
  window: number,
): Float64Array {
  return pairBatch(x, y, window, PairStatistic.Correlation);
}
