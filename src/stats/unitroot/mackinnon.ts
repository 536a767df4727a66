// MacKinnon's approximate p-values (1994) and finite-sample critical values (2010) for unit-root
// and Engle-Granger cointegration t statistics, as statsmodels.tsa.adfvalues computes them.
import { normalCdf } from '../distributions/normal.js';
import {
  TAU_2010,
  TAU_LARGE_P,
  TAU_MAX,
  TAU_MIN,
  TAU_SMALL_P,
  TAU_STAR,
  type DeterministicTerms,
} from './mackinnon-tables.js';

export type { DeterministicTerms } from './mackinnon-tables.js';

const REGRESSIONS: readonly DeterministicTerms[] = ['n', 'c', 'ct', 'ctt'];

export function checkRegression(regression: unknown, name = 'regression'): DeterministicTerms {
  if (!REGRESSIONS.includes(regression as DeterministicTerms)) {
    throw new RangeError(`${name} must be one of 'n', 'c', 'ct', 'ctt', got ${JSON.stringify(regression)}`);
  }
  return regression as DeterministicTerms;
}

function checkSeriesCount(n: unknown, max: number, regression: DeterministicTerms, what: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new RangeError(`N (number of I(1) series) must be a positive integer, got ${String(n)}`);
  }
  if (n > max)
    throw new RangeError(`no ${what} for regression '${regression}' with N=${n} (tables cover N = 1…${max})`);
  return n;
}

/** Horner evaluation of c[0] + c[1]·x + c[2]·x² + … (numpy.polyval on the reversed list). */
function polynomial(coefficients: readonly number[], x: number): number {
  let y = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) y = y * x + coefficients[i];
  return y;
}

/**
 * MacKinnon (1994) approximate asymptotic p-value of a Dickey-Fuller / Engle-Granger t statistic:
 * 1 above τ_max, 0 below τ_min, otherwise Φ(polynomial(stat)) with the small-p coefficients up
 * to and including τ*, the large-p ones above.
 *
 * @param stat the test statistic (t-value of the lagged level)
 * @param regression deterministic terms of the test regression: 'n', 'c', 'ct' or 'ctt'
 * @param N number of I(1) series (1 for ADF, 2 for Engle-Granger on a pair), 1…6
 */
export function mackinnonp(stat: number, regression: DeterministicTerms = 'c', N = 1): number {
  const reg = checkRegression(regression);
  const n = checkSeriesCount(N, TAU_STAR[reg].length, reg, 'p-value surface');
  if (typeof stat !== 'number' || Number.isNaN(stat))
    throw new RangeError(`stat must be a number, got ${String(stat)}`);
  if (stat > TAU_MAX[reg][n - 1] || stat === Number.POSITIVE_INFINITY) return 1;
  if (stat < TAU_MIN[reg][n - 1]) return 0;
  const coefficients = stat <= TAU_STAR[reg][n - 1] ? TAU_SMALL_P[reg][n - 1] : TAU_LARGE_P[reg][n - 1];
  return normalCdf(polynomial(coefficients, stat));
}

/** Critical values at the 1 %, 5 % and 10 % levels, in that order. */
export type CriticalValueTriple = [number, number, number];

/**
 * MacKinnon (2010) critical values b0 + b1/nobs + b2/nobs² + b3/nobs³ at [1 %, 5 %, 10 %];
 * nobs = Infinity gives the asymptotic b0. Regression 'n' has tables only for N = 1.
 */
export function mackinnoncrit(
  N = 1,
  regression: DeterministicTerms = 'c',
  nobs = Number.POSITIVE_INFINITY,
): CriticalValueTriple {
  const reg = checkRegression(regression);
  const n = checkSeriesCount(N, TAU_2010[reg].length, reg, 'critical values');
  if (typeof nobs !== 'number' || !(nobs > 0))
    throw new RangeError(`nobs must be a positive number or Infinity, got ${String(nobs)}`);
  const table = TAU_2010[reg][n - 1];
  if (nobs === Number.POSITIVE_INFINITY) return [table[0][0], table[1][0], table[2][0]];
  const u = 1 / nobs;
  return [polynomial(table[0], u), polynomial(table[1], u), polynomial(table[2], u)];
}

/** The critical values keyed like statsmodels' dict. */
export function criticalValueRecord(values: CriticalValueTriple): { '1%': number; '5%': number; '10%': number } {
  return { '1%': values[0], '5%': values[1], '10%': values[2] };
}
