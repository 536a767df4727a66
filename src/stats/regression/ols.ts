// Ordinary least squares with the statistics statsmodels' OLS reports (params, standard errors,
// t and two-sided Student-t p-values, R², log-likelihood), solved by Householder QR.
import { studentTTwoSidedPValue } from '../distributions/student-t.js';
import { CollinearityError, leastSquares } from '../linalg/least-squares.js';
import { finiteSeries, isConstant, requireLength, requireSameLength, type Series } from '../linalg/series-input.js';

export interface OlsOptions {
  /** Prepend a constant column (default true); its coefficient is params[0]. */
  intercept?: boolean;
}

export interface OlsResult {
  /** Coefficients: [intercept, b1, b2, …] with an intercept, [b1, b2, …] without. */
  params: number[];
  /** Standard errors sqrt(σ̂²·diag((XᵀX)⁻¹)) with σ̂² = ssr/df. */
  bse: number[];
  tvalues: number[];
  /** Two-sided p-values from Student-t with df degrees of freedom. */
  pvalues: number[];
  /** Centered R² with an intercept, uncentered R² without (statsmodels convention). */
  rsquared: number;
  rsquaredAdj: number;
  /** Sum of squared residuals. */
  ssr: number;
  /** Residual standard error sqrt(ssr/df). */
  residStd: number;
  /** y − X·params, aligned with y. */
  resid: Float64Array;
  /** Gaussian log-likelihood −n/2·(ln 2π + ln(ssr/n) + 1). */
  llf: number;
  /** −2·llf + 2k. */
  aic: number;
  /** −2·llf + ln(n)·k. */
  bic: number;
  /** Observations n. */
  nobs: number;
  /** Residual degrees of freedom n − k. */
  df: number;
  /** Regressors k, including the intercept. */
  k: number;
}

/**
 * OLS of `y` on one regressor series, a list of regressor series (each aligned with `y`), or an
 * n×k design matrix given as rows (statsmodels' `exog` layout), with an intercept unless
 * `options.intercept` is false. A list of arrays is read as series when every array has n
 * values and as rows otherwise (the two cannot be confused in a fit with residual degrees of
 * freedom). Needs n > k observations and regressors that are not collinear (a constant
 * regressor next to the intercept is collinear).
 *
 * @example ols(y, x) // y = a + b·x + e → params [a, b]
 * @example ols(y, [x1, x2], { intercept: false })
 * @example ols(y, [[1.2, 0.3], [1.5, 0.1], …]) // rows [x1_t, x2_t]
 */
export function ols(
  y: Series,
  regressors: Series | readonly Series[] | readonly (readonly number[])[],
  options: OlsOptions = {},
): OlsResult {
  const intercept = options.intercept ?? true;
  const yv = finiteSeries(y, 'y');
  const columns = regressorColumns(regressors, yv.length).map((column, j) => {
    const v = finiteSeries(column, `x[${j}]`);
    requireSameLength(yv.length, v.length, 'y', `x[${j}]`);
    return v;
  });
  const n = yv.length;
  const k = columns.length + (intercept ? 1 : 0);
  if (k === 0) throw new RangeError('ols needs at least one regressor or an intercept');
  requireLength(n, k + 1, 'y', `for ${k} regressor(s) (one more observation than regressors)`);
  if (intercept && isConstant(yv))
    throw new RangeError(`y is constant (every value is ${yv[0]}); R² and the t statistics are undefined`);
  if (!intercept && yv.every((v) => v === 0))
    throw new RangeError('y is all zeros; R² and the t statistics are undefined');

  const design = new Float64Array(n * k);
  let col = 0;
  if (intercept) {
    design.fill(1, 0, n);
    col++;
  }
  for (const column of columns) design.set(column, n * col++);
  try {
    return summarizeFit(yv, design, n, k, intercept);
  } catch (error) {
    if (error instanceof CollinearityError) {
      const name = intercept ? (error.column === 0 ? 'the intercept' : `x[${error.column - 1}]`) : `x[${error.column}]`;
      throw new RangeError(
        `regressors are collinear: ${name} is a linear combination of the regressors before ` +
          `it${intercept ? ' (a constant regressor duplicates the intercept)' : ''}`,
      );
    }
    throw error;
  }
}

function regressorColumns(regressors: unknown, n: number): readonly Series[] {
  if (regressors === null || typeof regressors !== 'object') {
    throw new TypeError(`x must be a series, an array of series or an array of rows, got ${String(regressors)}`);
  }
  const list = regressors as ArrayLike<unknown>;
  if (Array.isArray(list) && list.length === 0) return [];
  if (!(list.length > 0 && typeof list[0] === 'object' && list[0] !== null)) return [regressors as Series];
  const nested = regressors as readonly Series[];
  const allSeries = nested.every((s) => s !== null && typeof s === 'object' && s.length === n);
  if (allSeries || nested.length !== n) return nested;
  // An n×k matrix of rows: transpose into k columns.
  const k = nested[0]?.length ?? 0;
  return Array.from({ length: k }, (_, j) =>
    nested.map((row, i) => {
      if (row === null || typeof row !== 'object' || row.length !== k) {
        throw new RangeError(
          `x row ${i} must have ${k} values like row 0, got ` +
            `${row === null || typeof row !== 'object' ? String(row) : row.length}`,
        );
      }
      return row[j];
    }),
  );
}

/** Fits y on the column-major design and derives every reported statistic. */
export function summarizeFit(
  y: Float64Array,
  design: Float64Array,
  n: number,
  k: number,
  hasConstant: boolean,
): OlsResult {
  const fit = leastSquares(design, n, k, y);
  const df = n - k;
  const sigma2 = fit.ssr / df;
  const params = Array.from(fit.params);
  const bse = Array.from(fit.inverseGramDiagonal, (g) => Math.sqrt(sigma2 * g));
  const tvalues = params.map((b, j) => (bse[j] === 0 && b === 0 ? 0 : b / bse[j]));
  const pvalues = tvalues.map((t) => studentTTwoSidedPValue(t, df));
  const tss = totalSumOfSquares(y, hasConstant);
  const rsquared = 1 - fit.ssr / tss;
  const rsquaredAdj = 1 - ((n - (hasConstant ? 1 : 0)) / df) * (1 - rsquared);
  const llf = -0.5 * n * (Math.log(2 * Math.PI) + Math.log(fit.ssr / n) + 1);
  return {
    params,
    bse,
    tvalues,
    pvalues,
    rsquared,
    rsquaredAdj,
    ssr: fit.ssr,
    residStd: Math.sqrt(sigma2),
    resid: fit.residuals,
    llf,
    aic: -2 * llf + 2 * k,
    bic: -2 * llf + Math.log(n) * k,
    nobs: n,
    df,
    k,
  };
}

function totalSumOfSquares(y: Float64Array, centered: boolean): number {
  let mean = 0;
  if (centered) {
    for (let i = 0; i < y.length; i++) mean += y[i];
    mean /= y.length;
  }
  let tss = 0;
  for (let i = 0; i < y.length; i++) tss += (y[i] - mean) * (y[i] - mean);
  return tss;
}
