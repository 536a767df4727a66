// Student-t distribution through the regularized incomplete beta function:
// P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, 1/2), which keeps full relative accuracy in the far tail
// (statsmodels' OLS p-values are 2·sf(|t|) with ν = residual degrees of freedom).
import { regularizedIncompleteBeta } from './incomplete-beta.js';
import { normalCdf } from './normal.js';

function checkDf(df: number, fn: string): void {
  if (!(df > 0)) throw new RangeError(`${fn}: degrees of freedom must be > 0, got ${df}`);
}

/** Two-sided tail probability P(|T| ≥ |t|) for ν = df degrees of freedom. */
export function studentTTwoSidedPValue(t: number, df: number): number {
  checkDf(df, 'studentTTwoSidedPValue');
  if (Number.isNaN(t)) throw new RangeError('studentTTwoSidedPValue: t is NaN');
  if (!Number.isFinite(t)) return 0;
  if (df === Number.POSITIVE_INFINITY) return 2 * normalCdf(-Math.abs(t));
  const t2 = t * t;
  const denom = df + t2;
  return regularizedIncompleteBeta(df / 2, 0.5, df / denom, t2 / denom);
}

/** Student-t CDF P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  checkDf(df, 'studentTCdf');
  if (Number.isNaN(t)) throw new RangeError('studentTCdf: t is NaN');
  const tail = 0.5 * studentTTwoSidedPValue(t, df);
  return t < 0 ? tail : 1 - tail;
}

/** Student-t survival function P(T > t), accurate in the upper tail. */
export function studentTSf(t: number, df: number): number {
  return studentTCdf(-t, df);
}
