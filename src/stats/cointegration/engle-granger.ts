// Engle-Granger two-step cointegration test, numerically identical to statsmodels 0.13.5
// `coint(y, x, trend, method='aeg')`: OLS of y on [x, 1, (t)], then ADF without deterministic
// terms on the residual spread, MacKinnon p-value and critical values for N = 2 series.
import { CollinearityError, type LeastSquaresFit, leastSquares } from '../linalg/least-squares.js';
import {
  finiteSeries,
  optionalNonNegativeInteger,
  requireLength,
  requireNotConstant,
  requireSameLength,
  type Series,
} from '../linalg/series-input.js';
import { adfOnValidated, normalizeAutolag, type AutolagMethod, type CriticalValues } from '../unitroot/adf.js';
import { criticalValueRecord, mackinnoncrit, mackinnonp } from '../unitroot/mackinnon.js';

export interface EngleGrangerOptions {
  /** Deterministic terms of the cointegrating regression: 'c' constant (default) or 'ct' constant + trend. */
  trend?: 'c' | 'ct';
  /** Largest lag of the residual ADF; default min(n//2 − 1, ceil(12·(n/100)^¼)). */
  maxlag?: number | null;
  /** Lag selection of the residual ADF: 'AIC' (default), 'BIC', 't-stat', or null for exactly maxlag lags. */
  autolag?: AutolagMethod | 'aic' | 'bic' | null;
}

export interface EngleGrangerResult {
  /** ADF t-statistic of the residual spread; −Infinity when y and x are (almost) perfectly collinear. */
  tstat: number;
  /** MacKinnon p-value with N = 2 (0 when collinear). Small = cointegrated. */
  pvalue: number;
  /** MacKinnon (2010) critical values for N = 2 and nobs = n − 1. */
  critical: CriticalValues;
  /** Units of x per unit of y in the cointegrating regression. */
  hedgeRatio: number;
  intercept: number;
  /** Coefficient of t = 1…n for trend 'ct', otherwise null. */
  trendSlope: number | null;
  /** Step-1 coefficients in statsmodels' column order [x, const, (t)] and its R². */
  firstStage: { params: number[]; rsquared: number };
  /** Step-1 residuals y − intercept − hedgeRatio·x (− trendSlope·t). */
  spread: Float64Array;
  /** True when the step-1 R² ≥ 1 − 100·√ε and the ADF step was skipped. */
  collinear: boolean;
  /** Lag order, rows and maxlag of the residual ADF (null when collinear). */
  usedlag: number | null;
  nobs: number | null;
  maxlag: number | null;
  trend: 'c' | 'ct';
}

/** R² threshold at which statsmodels treats y and x as collinear: 1 − 100·sqrt(machine epsilon). */
export const COLLINEAR_RSQUARED = 1 - 100 * Math.sqrt(Number.EPSILON);

/**
 * Engle-Granger test of H0: y and x are not cointegrated.
 * Throws on NaN/Infinity, mismatched lengths, constant series, or a series too short for the
 * residual ADF (see `adf`).
 */
export function engleGranger(y: Series, x: Series, options: EngleGrangerOptions = {}): EngleGrangerResult {
  const trend = options.trend ?? 'c';
  if (trend !== 'c' && trend !== 'ct')
    throw new RangeError(`options.trend must be 'c' or 'ct', got ${JSON.stringify(trend)}`);
  const autolag = normalizeAutolag(options.autolag === undefined ? 'AIC' : options.autolag);
  const maxlag = optionalNonNegativeInteger(options.maxlag, 'options.maxlag');
  const yv = finiteSeries(y, 'y');
  const xv = finiteSeries(x, 'x');
  requireSameLength(yv.length, xv.length, 'y', 'x');
  const n = yv.length;
  const k = trend === 'c' ? 2 : 3;
  requireLength(
    n,
    k + 2,
    'y',
    `for trend '${trend}' (the cointegrating regression and the residual ADF each need degrees of freedom)`,
  );
  requireNotConstant(yv, 'y');
  requireNotConstant(xv, 'x');

  const design = new Float64Array(n * k);
  design.set(xv, 0);
  design.fill(1, n, 2 * n);
  if (trend === 'ct') for (let i = 0; i < n; i++) design[2 * n + i] = i + 1;
  let fit: LeastSquaresFit;
  try {
    fit = leastSquares(design, n, k, yv);
  } catch (error) {
    if (error instanceof CollinearityError) {
      throw new RangeError(
        `x is collinear with the deterministic terms of trend '${trend}' (e.g. x is an exact linear trend)`,
      );
    }
    throw error;
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yv[i];
  mean /= n;
  let tss = 0;
  for (let i = 0; i < n; i++) tss += (yv[i] - mean) * (yv[i] - mean);
  const rsquared = 1 - fit.ssr / tss;
  const params = Array.from(fit.params);
  const base = {
    critical: criticalValueRecord(mackinnoncrit(2, trend, n - 1)),
    hedgeRatio: params[0],
    intercept: params[1],
    trendSlope: trend === 'ct' ? params[2] : null,
    firstStage: { params, rsquared },
    spread: fit.residuals,
    trend,
  };
  if (!(rsquared < COLLINEAR_RSQUARED)) {
    return {
      ...base,
      tstat: Number.NEGATIVE_INFINITY,
      pvalue: 0,
      collinear: true,
      usedlag: null,
      nobs: null,
      maxlag: null,
    };
  }
  const residualAdf = adfOnValidated(fit.residuals, 'n', maxlag, autolag, 'the residual spread of y on x');
  return {
    ...base,
    tstat: residualAdf.adfstat,
    pvalue: mackinnonp(residualAdf.adfstat, trend, 2),
    collinear: false,
    usedlag: residualAdf.usedlag,
    nobs: residualAdf.nobs,
    maxlag: residualAdf.maxlag,
  };
}
