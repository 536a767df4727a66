// Trailing-window covariance of two series, as pandas `x.rolling(w).cov(y)` (pairwise-complete).

import { assertDdof, nanToNull, typedToNullable, type Observation } from './input-checks.js';
import { checkPair, pairBatch, pushPair } from './pair-inputs.js';
import { PairStatistic, PairWindowMoments } from './pair-window-moments.js';
import type { RollingStdOptions } from './rolling-std.js';
import { WindowEstimator } from './window-estimator.js';

/** Streaming rolling covariance (ddof 1 unless told). */
export class RollingCovariance extends WindowEstimator<[x: Observation, y: Observation], number> {
  readonly ddof: 0 | 1;
  private readonly moments: PairWindowMoments;

  constructor(
    readonly window: number,
    options: RollingStdOptions = {},
  ) {
    const moments = new PairWindowMoments(window);
    super('RollingCovariance', moments, window);
    this.moments = moments;
    this.ddof = options.ddof ?? 1;
    assertDdof(this.ddof);
  }

  protected check(args: [Observation, Observation]): void {
    checkPair(args);
  }

  protected push(args: [Observation, Observation]): void {
    pushPair(this.moments, args);
  }

  protected compute(): number | null {
    return nanToNull(this.moments.read(this.ddof === 0 ? PairStatistic.Covariance0 : PairStatistic.Covariance1));
  }
}

/** Rolling covariance aligned with the inputs; null where pandas gives NaN. */
export function rollingCovariance(
  x: ArrayLike<Observation>,
  y: ArrayLike<Observation>,
  window: number,
  options: RollingStdOptions = {},
): (number | null)[] {
  const ddof = options.ddof ?? 1;
  assertDdof(ddof);
  return typedToNullable(pairBatch(x, y, window, ddof === 0 ? PairStatistic.Covariance0 : PairStatistic.Covariance1));
}
