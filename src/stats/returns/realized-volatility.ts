// Annualised realised volatility from log returns: rolling sample std (ddof 1) of the log
// returns × √periodsPerYear, and the same over the full sample.

import { assertWindow, type Observation } from '../rolling/input-checks.js';
import { rollingStd } from '../rolling/rolling-std.js';
import { assertPeriodsPerYear } from './periods-per-year.js';
import { logReturns } from './returns.js';

export interface RealizedVolatilityOptions {
  /** Log returns per window. */
  window: number;
  /** e.g. periodsPerYear('1h') = 8760 for hourly bars on a 24/7 market. */
  periodsPerYear: number;
}

/** Rolling annualised volatility aligned with `prices` (null until `window` returns exist). */
export function realizedVolatility(
  prices: ArrayLike<Observation>,
  options: RealizedVolatilityOptions,
): (number | null)[] {
  assertWindow(options.window);
  assertPeriodsPerYear(options.periodsPerYear);
  const scale = Math.sqrt(options.periodsPerYear);
  return rollingStd(logReturns(prices), options.window).map((s) => (s === null ? null : s * scale));
}

/** Annualised volatility of all non-missing log returns (ddof 1); throws with fewer than 2. */
export function fullSampleVolatility(prices: ArrayLike<Observation>, periodsPerYear: number): number {
  assertPeriodsPerYear(periodsPerYear);
  const returns = logReturns(prices).filter((r): r is number => r !== null);
  if (returns.length < 2) {
    throw new Error(`full-sample volatility needs at least 2 log returns, got ${returns.length}`);
  }
  let sum = 0;
  for (const r of returns) sum += r;
  const mean = sum / returns.length;
  let squares = 0;
  for (const r of returns) squares += (r - mean) * (r - mean);
  return Math.sqrt(squares / (returns.length - 1)) * Math.sqrt(periodsPerYear);
}
