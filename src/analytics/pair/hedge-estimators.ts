// The three hedge regressions of y on [1, x] a pair engine can run, behind one streaming shape:
// rolling OLS over the last `lookback` points (O(1) per point from the library's exact rolling
// moments), a streaming Kalman filter (reported after `lookback` points of burn-in), and
// Theil-Sen over the last `lookback` points (O(lookback²) per point).
import { KalmanHedge } from '../../stats/kalman/index.js';
import { theilSen } from '../../stats/robust/index.js';
import { RollingBeta, RollingMean } from '../../stats/rolling/index.js';
import type { PairParams } from '../params.js';

export interface Hedge {
  beta: number;
  alpha: number;
}

/** Filter state after a point, enough to restart the Kalman filter there. */
export interface KalmanSeed {
  state: [number, number];
  covariance: [[number, number], [number, number]];
  seen: number;
}

export interface HedgeEstimator {
  /** Feeds the next aligned (price-transformed) point; the hedge for the window ending here, or null. */
  add(x: number, y: number): Hedge | null;
  /** Kalman only: the state after the last point. */
  seed?(): KalmanSeed;
}

class RollingOlsHedge implements HedgeEstimator {
  private readonly beta: RollingBeta;
  private readonly meanX: RollingMean;
  private readonly meanY: RollingMean;

  constructor(lookback: number) {
    this.beta = new RollingBeta(lookback);
    this.meanX = new RollingMean(lookback);
    this.meanY = new RollingMean(lookback);
  }

  add(x: number, y: number): Hedge | null {
    const beta = this.beta.add(x, y);
    const mx = this.meanX.add(x);
    const my = this.meanY.add(y);
    if (beta === null || mx === null || my === null) return null;
    // OLS through the means: alpha = ȳ − β·x̄.
    return { beta, alpha: my - beta * mx };
  }
}

class KalmanFilterHedge implements HedgeEstimator {
  private readonly filter: KalmanHedge;
  private seen: number;

  constructor(
    private readonly lookback: number,
    delta: number,
    observationVariance: number,
    start?: KalmanSeed,
  ) {
    this.filter = new KalmanHedge({
      delta,
      observationVariance,
      initialState: start?.state,
      initialCovariance: start?.covariance,
    });
    this.seen = start?.seen ?? 0;
  }

  add(x: number, y: number): Hedge | null {
    const step = this.filter.add(x, y);
    this.seen++;
    if (step === null || this.seen < this.lookback) return null;
    return { beta: step.slope, alpha: step.intercept };
  }

  seed(): KalmanSeed {
    const step = this.filter.getResult();
    return {
      state: [step.intercept, step.slope],
      covariance: [
        [step.P00, step.P01],
        [step.P01, step.P11],
      ],
      seen: this.seen,
    };
  }
}

class TheilSenHedge implements HedgeEstimator {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private count = 0;

  constructor(private readonly lookback: number) {
    this.xs = new Float64Array(lookback);
    this.ys = new Float64Array(lookback);
  }

  add(x: number, y: number): Hedge | null {
    const slot = this.count % this.lookback;
    this.xs[slot] = x;
    this.ys[slot] = y;
    this.count++;
    if (this.count < this.lookback) return null;
    const x0 = this.xs[0];
    if (this.xs.every((v) => v === x0)) return null; // every x equal: no slope, like a constant leg in OLS
    // Pairwise slopes and medians do not depend on the order of the points.
    const fit = theilSen(this.xs, this.ys);
    return { beta: fit.slope, alpha: fit.intercept };
  }
}

export function createHedgeEstimator(params: PairParams, kalmanStart?: KalmanSeed): HedgeEstimator {
  switch (params.hedge) {
    case 'ols':
      return new RollingOlsHedge(params.lookback);
    case 'kalman':
      return new KalmanFilterHedge(params.lookback, params.kalmanDelta, params.kalmanVe, kalmanStart);
    case 'theil-sen':
      return new TheilSenHedge(params.lookback);
  }
}
