// The pairs-trading hedge regression y = alpha + beta·x + e, with the residual spread and the
// three residual standard deviations traders quote.
import { ols } from './ols.js';
import { finiteSeries, requireNotConstant, type Series } from '../linalg/series-input.js';

export interface HedgeRegression {
  /** Intercept of y on x. */
  alpha: number;
  /** Hedge ratio: units of x per unit of y. */
  beta: number;
  alphaSe: number;
  betaSe: number;
  alphaT: number;
  betaT: number;
  alphaPValue: number;
  betaPValue: number;
  rsquared: number;
  rsquaredAdj: number;
  ssr: number;
  /** sqrt(ssr/(n − 2)), the regression standard error. */
  residStd: number;
  /** Population standard deviation of the residuals (ddof 0). */
  residStdDdof0: number;
  /** Sample standard deviation of the residuals (ddof 1). */
  residStdDdof1: number;
  /** Residual spread y − alpha − beta·x. */
  resid: Float64Array;
  nobs: number;
  dfResid: number;
}

/** OLS of y on [1, x] (statsmodels `OLS(y, add_constant(x))`); needs n ≥ 3 and non-constant x. */
export function olsHedge(y: Series, x: Series): HedgeRegression {
  const xv = finiteSeries(x, 'x');
  requireNotConstant(xv, 'x');
  const fit = ols(y, xv, { intercept: true });
  const r = fit.resid;
  let mean = 0;
  for (let i = 0; i < r.length; i++) mean += r[i];
  mean /= r.length;
  let ss = 0;
  for (let i = 0; i < r.length; i++) ss += (r[i] - mean) * (r[i] - mean);
  return {
    alpha: fit.params[0],
    beta: fit.params[1],
    alphaSe: fit.bse[0],
    betaSe: fit.bse[1],
    alphaT: fit.tvalues[0],
    betaT: fit.tvalues[1],
    alphaPValue: fit.pvalues[0],
    betaPValue: fit.pvalues[1],
    rsquared: fit.rsquared,
    rsquaredAdj: fit.rsquaredAdj,
    ssr: fit.ssr,
    residStd: fit.residStd,
    residStdDdof0: Math.sqrt(ss / r.length),
    residStdDdof1: Math.sqrt(ss / (r.length - 1)),
    resid: r,
    nobs: fit.nobs,
    dfResid: fit.df,
  };
}
