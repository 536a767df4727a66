// Augmented Dickey-Fuller unit-root test, numerically identical to statsmodels 0.13.5
// `adfuller` (lag search on a common sample, re-fit of the chosen order on its largest sample,
// MacKinnon p-value and critical values).
import { CollinearityError, type LeastSquaresFit, leastSquares } from '../linalg/least-squares.js';
import { finiteSeries, optionalNonNegativeInteger, requireNotConstant, type Series } from '../linalg/series-input.js';
import { buildAdfDesign, trendTermCount } from './adf-design.js';
import { collinearDesignError, searchLag, type AutolagMethod } from './lag-search.js';
import { checkRegression, criticalValueRecord, mackinnoncrit, mackinnonp } from './mackinnon.js';
import type { DeterministicTerms } from './mackinnon-tables.js';

export type { AutolagMethod } from './lag-search.js';

export interface AdfOptions {
  /** Deterministic terms: 'n' none, 'c' constant (default), 'ct' + trend, 'ctt' + quadratic trend. */
  regression?: DeterministicTerms;
  /** Largest lag order; default min(n//2 − ntrend − 1, ceil(12·(n/100)^¼)). */
  maxlag?: number | null;
  /** Lag selection: 'AIC' (default), 'BIC', 't-stat', or null for exactly maxlag lags. */
  autolag?: AutolagMethod | 'aic' | 'bic' | null;
}

export interface CriticalValues {
  '1%': number;
  '5%': number;
  '10%': number;
}

export interface AdfResult {
  /** t-value of γ in Δx_t = … + γ·x_{t−1} + …; more negative = stronger evidence against a unit root. */
  adfstat: number;
  /** MacKinnon (1994) approximate p-value. */
  pvalue: number;
  /** Lag order p of the final regression. */
  usedlag: number;
  /** Rows of the final regression, n − 1 − usedlag. */
  nobs: number;
  /** Largest lag order considered. */
  maxlag: number;
  /** MacKinnon (2010) critical values for nobs. */
  critical: CriticalValues;
  /** Criterion of the chosen order (|t| for 't-stat'); null without autolag. */
  icbest: number | null;
  /** Criterion for p = 0…maxlag on the common sample; null without autolag. */
  icPath: number[] | null;
  /** Coefficient of the lagged level in the final regression. */
  gamma: number;
  /** Standard error of gamma. */
  gammaSe: number;
  regression: DeterministicTerms;
  autolag: AutolagMethod | null;
}

const MIN_LENGTH: Record<DeterministicTerms, number> = { n: 2, c: 4, ct: 6, ctt: 8 };

/**
 * Augmented Dickey-Fuller test of H0: x has a unit root.
 *
 * Throws when x has NaN/Infinity, is constant, is shorter than 2/4/6/8 values (regression
 * 'n'/'c'/'ct'/'ctt'), when maxlag exceeds n//2 − ntrend − 1, or when the regression would have
 * no residual degrees of freedom.
 */
export function adf(x: Series, options: AdfOptions = {}): AdfResult {
  const regression = checkRegression(options.regression ?? 'c', 'options.regression');
  const autolag = normalizeAutolag(options.autolag === undefined ? 'AIC' : options.autolag);
  const maxlagOption = optionalNonNegativeInteger(options.maxlag, 'options.maxlag');
  const values = finiteSeries(x, 'x');
  return adfOnValidated(values, regression, maxlagOption, autolag);
}

export function normalizeAutolag(value: unknown): AutolagMethod | null {
  if (value === null) return null;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'aic') return 'AIC';
    if (lower === 'bic') return 'BIC';
    if (lower === 't-stat') return 't-stat';
  }
  throw new RangeError(`autolag must be 'AIC', 'BIC', 't-stat' or null, got ${JSON.stringify(value)}`);
}

/** Default maxlag of statsmodels (Schwert's rule capped by the sample), possibly negative. */
export function defaultMaxlag(n: number, regression: DeterministicTerms): number {
  const schwert = Math.ceil(12 * (n / 100) ** (1 / 4));
  return Math.min(Math.floor(n / 2) - trendTermCount(regression) - 1, schwert);
}

/** ADF on a series already checked for NaN/Infinity (shared with Engle-Granger). */
export function adfOnValidated(
  x: Float64Array,
  regression: DeterministicTerms,
  maxlagOption: number | null,
  autolag: AutolagMethod | null,
  name = 'x',
): AdfResult {
  const n = x.length;
  const ntrend = trendTermCount(regression);
  const upper = Math.floor(n / 2) - ntrend - 1;
  let maxlag: number;
  if (maxlagOption === null) {
    maxlag = defaultMaxlag(n, regression);
    if (maxlag < 0) {
      throw new RangeError(
        `${name} is too short: ${n} values, needs at least ${MIN_LENGTH[regression]} for regression ` +
          `'${regression}' (sample size is too short to use selected regression component)`,
      );
    }
  } else {
    maxlag = maxlagOption;
    if (maxlag > upper) {
      throw new RangeError(
        `maxlag=${maxlag} is too large for ${n} values with regression '${regression}': it must be at most ` +
          `n//2 − ntrend − 1 = ${upper}`,
      );
    }
  }
  requireNotConstant(x, name);
  // Rows minus regressors of the largest model: zero for regression 'n' on short even series.
  const dfLargest = n - 1 - maxlag - (ntrend + 1 + maxlag);
  if (dfLargest < 1 && maxlag === 0) {
    throw new RangeError(
      `${name} is too short: ${n} values leave the ADF regression '${regression}' no residual degrees of ` +
        `freedom; it needs at least ${n + 1 - dfLargest}`,
    );
  }
  if (dfLargest < 1) {
    throw new RangeError(
      `${name} is too short for maxlag=${maxlag} with regression '${regression}': the ADF regression would ` +
        `have no residual degrees of freedom (${n} values); pass a smaller maxlag`,
    );
  }

  const diff = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) diff[i] = x[i + 1] - x[i];

  let usedlag = maxlag;
  let icbest: number | null = null;
  let icPath: number[] | null = null;
  if (autolag !== null) {
    const search = searchLag(x, diff, regression, maxlag, autolag, name);
    usedlag = search.bestLag;
    icbest = search.icbest;
    icPath = search.icPath;
  }

  const { design, response, rows, cols, levelColumn } = buildAdfDesign(x, diff, regression, usedlag);
  let fit: LeastSquaresFit;
  try {
    fit = leastSquares(design, rows, cols, response);
  } catch (error) {
    if (error instanceof CollinearityError) throw collinearDesignError(regression, name);
    throw error;
  }
  const gamma = fit.params[levelColumn];
  const gammaSe = Math.sqrt((fit.ssr / (rows - cols)) * fit.inverseGramDiagonal[levelColumn]);
  const adfstat = gamma / gammaSe;
  if (Number.isNaN(adfstat)) {
    throw new RangeError(
      `the ADF regression fits ${name} exactly (zero residuals and zero coefficient): the t statistic is undefined`,
    );
  }
  return {
    adfstat,
    pvalue: mackinnonp(adfstat, regression, 1),
    usedlag,
    nobs: rows,
    maxlag,
    critical: criticalValueRecord(mackinnoncrit(1, regression, rows)),
    icbest,
    icPath,
    gamma,
    gammaSe,
    regression,
    autolag,
  };
}
