// The hedge regression of y on [1, x] over one window by three estimators side by side, as a
// trader compares them before trusting a hedge ratio: OLS with Student-t confidence intervals,
// Theil-Sen with Sen's interval, Siegel's repeated medians, and where a Kalman filter run over
// the same window ends up.
import { studentTCdf } from '../../stats/distributions/index.js';
import { KalmanHedge } from '../../stats/kalman/index.js';
import { olsHedge } from '../../stats/regression/index.js';
import { siegelSlopes, theilSen } from '../../stats/robust/index.js';
import { DEFAULT_PAIR_PARAMS } from '../params.js';

export interface HedgeComparison {
  nobs: number;
  confidence: number;
  ols: {
    hedgeRatio: number;
    intercept: number;
    hedgeRatioSe: number;
    interceptSe: number;
    hedgeRatioCi: [number, number];
    interceptCi: [number, number];
    hedgeRatioPValue: number;
    rSquared: number;
    residualStd: number;
  };
  theilSen: { hedgeRatio: number; intercept: number; hedgeRatioCi: [number, number] };
  siegel: { hedgeRatio: number; intercept: number };
  kalman: { hedgeRatio: number; intercept: number; delta: number; observationVariance: number };
}

/** Student-t quantile by bisection on the library's CDF (monotone, so 200 halvings reach ulp). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  let lo = -1e3;
  let hi = 1e3;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function compareHedges(x: Float64Array, y: Float64Array, confidence = 0.95): HedgeComparison {
  const fit = olsHedge(y, x);
  const t = studentTQuantile(1 - (1 - confidence) / 2, fit.dfResid);
  const robust = theilSen(x, y, { alpha: confidence });
  const siegel = siegelSlopes(x, y);
  const kalman = new KalmanHedge({
    delta: DEFAULT_PAIR_PARAMS.kalmanDelta,
    observationVariance: DEFAULT_PAIR_PARAMS.kalmanVe,
  });
  for (let i = 0; i < x.length; i++) kalman.add(x[i], y[i]);
  const state = kalman.getResult();
  return {
    nobs: x.length,
    confidence,
    ols: {
      hedgeRatio: fit.beta,
      intercept: fit.alpha,
      hedgeRatioSe: fit.betaSe,
      interceptSe: fit.alphaSe,
      hedgeRatioCi: [fit.beta - t * fit.betaSe, fit.beta + t * fit.betaSe],
      interceptCi: [fit.alpha - t * fit.alphaSe, fit.alpha + t * fit.alphaSe],
      hedgeRatioPValue: fit.betaPValue,
      rSquared: fit.rsquared,
      residualStd: fit.residStd,
    },
    theilSen: {
      hedgeRatio: robust.slope,
      intercept: robust.intercept,
      hedgeRatioCi: [robust.lowSlope, robust.highSlope],
    },
    siegel: { hedgeRatio: siegel.slope, intercept: siegel.intercept },
    kalman: {
      hedgeRatio: state.slope,
      intercept: state.intercept,
      delta: DEFAULT_PAIR_PARAMS.kalmanDelta,
      observationVariance: DEFAULT_PAIR_PARAMS.kalmanVe,
    },
  };
}
