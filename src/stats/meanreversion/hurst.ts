// Hurst exponent from the scaling of lagged differences: E[(x_{t+τ} − x_t)²] ∝ τ^{2H}.
// H is half the OLS slope of ln(mean squared τ-difference) on ln τ over τ = minLag…maxLag.
// Random walk levels give H ≈ 0.5, mean-reverting levels H < 0.5, persistent or trending
// levels H > 0.5. Differences are not demeaned, so a drift counts as trend (H > 0.5).
import { finiteSeries, requireLength, requireNotConstant, type Series } from '../linalg/series-input.js';

export interface HurstOptions {
  /** Smallest lag τ (default 2). */
  minLag?: number;
  /** Largest lag τ (default min(100, floor(n/4))). */
  maxLag?: number;
}

export const HURST_MIN_LENGTH = 16;

/**
 * Hurst exponent of the level series `x` (a price, log price or spread, not its returns) by the
 * variance-of-lagged-differences method. Throws on NaN/Infinity, fewer than 16 values (with the
 * default lags), a constant series, or a lag range with fewer than three lags.
 */
export function hurstExponent(x: Series, options: HurstOptions = {}): number {
  const v = finiteSeries(x, 'x');
  const n = v.length;
  if (options.maxLag === undefined) requireLength(n, HURST_MIN_LENGTH, 'x', 'for the default lags 2…floor(n/4)');
  requireNotConstant(v, 'x');
  const minLag = options.minLag ?? 2;
  const maxLag = options.maxLag ?? Math.min(100, Math.floor(n / 4));
  if (!Number.isInteger(minLag) || minLag < 1)
    throw new RangeError(`options.minLag must be a positive integer, got ${String(minLag)}`);
  if (!Number.isInteger(maxLag) || maxLag < minLag + 2) {
    throw new RangeError(
      `options.maxLag must be an integer ≥ minLag + 2 = ${minLag + 2} (at least three lags), got ${String(maxLag)}`,
    );
  }
  if (maxLag >= n - 1)
    throw new RangeError(`options.maxLag=${maxLag} needs more than ${maxLag + 1} values, x has ${n}`);

  const count = maxLag - minLag + 1;
  const logLag = new Float64Array(count);
  const logMsd = new Float64Array(count);
  for (let tau = minLag; tau <= maxLag; tau++) {
    let sum = 0;
    for (let t = tau; t < n; t++) {
      const d = v[t] - v[t - tau];
      sum += d * d;
    }
    if (sum === 0) throw new RangeError(`x repeats exactly at lag ${tau}; the Hurst exponent is undefined`);
    logLag[tau - minLag] = Math.log(tau);
    logMsd[tau - minLag] = Math.log(sum / (n - tau));
  }
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < count; i++) {
    meanX += logLag[i];
    meanY += logMsd[i];
  }
  meanX /= count;
  meanY /= count;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < count; i++) {
    sxy += (logLag[i] - meanX) * (logMsd[i] - meanY);
    sxx += (logLag[i] - meanX) ** 2;
  }
  return sxy / sxx / 2;
}
