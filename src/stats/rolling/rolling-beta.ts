// Rolling OLS beta (hedge ratio) of y on x: cov(y, x)/var(x) over a trailing window, as pandas
// `y.rolling(w).cov(x) / x.rolling(w).var()` on pairwise-complete data (a null in either leg
// drops the point from both). A window where x is constant has no beta (null).

import { nanToNull, typedToNullable, type Observation } from './input-checks.js';
import { checkPair, pairBatch, pushPair } from './pair-inputs.js';
import { PairStatistic, PairWindowMoments } from './pair-window-moments.js';
import { WindowEstimator } from './window-estimator.js';

/** Streaming rolling beta; `add(x, y)` with x the regressor (the hedge leg). */
export class RollingBeta extends WindowEstimator<[x: Observation, y: Observation], number> {
  private readonly moments: PairWindowMoments;

  constructor(readonly window: number) {
    const moments = new PairWindowMoments(window);
    super('RollingBeta', moments, window);
    this.moments = moments;
  }

  protected check(args: [Observation, Observation]): void {
    checkPair(args);
  }

  protected push(args: [Observation, Observation]): void {
    pushPair(this.moments, args);
  }

  protected compute(): number | null {
    return nanToNull(this.moments.read(PairStatistic.Beta));
  }
}

/** Rolling beta of y on x aligned with the inputs; null where pandas gives NaN (or ±inf). */
export function rollingBeta(x: ArrayLike<Observation>, y: ArrayLike<Observation>, window: number): (number | null)[] {
  return typedToNullable(pairBatch(x, y, window, PairStatistic.Beta));
}

export interface RollingBetaComponents {
  beta: (number | null)[];
  /** cov(y, x), ddof 1. */
  covariance: (number | null)[];
  /** var(x), ddof 1, over the same pairwise-complete points. */
  variance: (number | null)[];
}

/** Beta with the covariance and variance it is made of, aligned with the inputs. */
export function rollingBetaComponents(
  x: ArrayLike<Observation>,
  y: ArrayLike<Observation>,
  window: number,
): RollingBetaComponents {
  return {
    beta: typedToNullable(pairBatch(x, y, window, PairStatistic.Beta)),
    covariance: typedToNullable(pairBatch(x, y, window, PairStatistic.Covariance1)),
    variance: typedToNullable(pairBatch(x, y, window, PairStatistic.VarianceX1)),
  };
}
