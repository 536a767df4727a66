// Trailing-window Pearson correlation, as pandas `x.rolling(w).corr(y)` (pairwise-complete).
// A window where either series is constant has no correlation (null): pandas divides by a zero
// std there and returns NaN or ±inf depending on round-off.

import type { Observation } from './input-checks.js';
import { checkPair, pushPair, scanPairs } from './pair-inputs.js';
import { PairWindowMoments } from './pair-window-moments.js';
import { WindowEstimator } from './window-estimator.js';

function correlationOf(m: PairWindowMoments): number | null {
  const vx = m.varianceX(1);
  const vy = m.varianceY(1);
  if (!(vx > 0 && vy > 0)) return null;
  const r = m.covariance(1) / Math.sqrt(vx * vy);
  // Round-off must not push |r| past 1.
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

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
    return correlationOf(this.moments);
  }
}

/** Rolling correlation aligned with the inputs; null where pandas gives NaN. */
export function rollingCorrelation(x: ArrayLike<Observation>, y: ArrayLike<Observation>, window: number): (number | null)[] {
  const out = new Array<number | null>(x.length);
  scanPairs(x, y, window, (m, i) => {
    out[i] = correlationOf(m);
  });
  return out;
}
