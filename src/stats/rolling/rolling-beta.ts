// Rolling OLS beta (hedge ratio) of y on x: cov(y, x)/var(x) over a trailing window, as pandas
// `y.rolling(w).cov(x) / x.rolling(w).var()` on pairwise-complete data (a null in either leg
// drops the point from both). A window where x is constant has no beta (null).

import { nanToNull, type Observation } from './input-checks.js';
import { checkPair, pushPair, scanPairs } from './pair-inputs.js';
import { PairWindowMoments } from './pair-window-moments.js';
import { WindowEstimator } from './window-estimator.js';

function betaOf(m: PairWindowMoments): number | null {
  const vx = m.varianceX(1);
  if (!(vx > 0)) return null;
  return m.covariance(1) / vx;
}

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
    return betaOf(this.moments);
  }
}

/** Rolling beta of y on x aligned with the inputs; null where pandas gives NaN (or ±inf). */
export function rollingBeta(x: ArrayLike<Observation>, y: ArrayLike<Observation>, window: number): (number | null)[] {
  const out = new Array<number | null>(x.length);
  scanPairs(x, y, window, (m, i) => {
    out[i] = betaOf(m);
  });
  return out;
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
  const n = x.length;
  const result: RollingBetaComponents = { beta: new Array(n), covariance: new Array(n), variance: new Array(n) };
  scanPairs(x, y, window, (m, i) => {
    result.beta[i] = betaOf(m);
    result.covariance[i] = nanToNull(m.covariance(1));
    result.variance[i] = nanToNull(m.varianceX(1));
  });
  return result;
}
