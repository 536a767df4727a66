// Ornstein-Uhlenbeck half-life of a spread from the discrete regression
// Δs_t = alpha + beta·s_{t−1} + e_t (statsmodels OLS), as traders size holding periods with it.
import { finiteSeries, isConstant, requireLength, requireNotConstant, type Series } from '../linalg/series-input.js';
import { ols } from '../regression/ols.js';

export interface HalfLifeResult {
  /** Intercept of Δs on s_{t−1}. */
  alpha: number;
  /** Slope of Δs on s_{t−1}; negative for a mean-reverting spread. */
  beta: number;
  alphaSe: number;
  betaSe: number;
  alphaT: number;
  betaT: number;
  rsquared: number;
  /** sqrt(ssr/(n − 3)). */
  residStd: number;
  /** Observations of the regression, n − 1. */
  nobs: number;
  /** −ln 2 / beta in bars; negative (or infinite) when beta ≥ 0, i.e. no mean reversion. */
  halflife: number;
  /** Mean-reversion speed −beta. */
  theta: number;
  /** AR(1) coefficient 1 + beta. */
  arCoef: number;
  /** −ln 2 / ln(1 + beta), the exact AR(1) half-life; null unless 0 < 1 + beta < 1. */
  halflifeAr: number | null;
}

/**
 * Half-life of mean reversion of `spread`. Throws on NaN/Infinity, fewer than 4 values, a
 * constant spread or one that moves by the same amount every step.
 */
export function halfLife(spread: Series): HalfLifeResult {
  const s = finiteSeries(spread, 'spread');
  requireLength(s.length, 4, 'spread', 'for the regression of Δs on [1, s₋₁] (3 observations)');
  requireNotConstant(s, 'spread');
  const lagged = s.subarray(0, s.length - 1);
  const change = new Float64Array(s.length - 1);
  for (let i = 1; i < s.length; i++) change[i - 1] = s[i] - s[i - 1];
  if (isConstant(change)) {
    throw new RangeError(
      `spread changes by the same amount (${change[0]}) every step; the mean-reversion regression is undefined`,
    );
  }
  if (isConstant(lagged)) {
    throw new RangeError('spread is constant except for its last value; the mean-reversion regression is undefined');
  }
  const fit = ols(change, lagged);
  const [alpha, beta] = fit.params;
  const arCoef = 1 + beta;
  return {
    alpha,
    beta,
    alphaSe: fit.bse[0],
    betaSe: fit.bse[1],
    alphaT: fit.tvalues[0],
    betaT: fit.tvalues[1],
    rsquared: fit.rsquared,
    residStd: fit.residStd,
    nobs: fit.nobs,
    halflife: -Math.LN2 / beta,
    theta: -beta,
    arCoef,
    halflifeAr: arCoef > 0 && arCoef < 1 ? -Math.LN2 / Math.log(arCoef) : null,
  };
}
