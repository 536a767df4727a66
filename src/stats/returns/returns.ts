// Bar-to-bar returns of a price series, as pandas `p.pct_change(fill_method=None)` and
// `np.log(p).diff()`: null at index 0 and next to a missing price (never bridged over a gap).
// Logs come from `referenceLog`, which reproduces numpy's np.log bit for bit (see its header).

import { assertObservations, type Observation } from '../rolling/input-checks.js';
import { referenceLog } from './reference-log.js';

/** Checks a price series: positive finite numbers or null (missing). */
export function assertPrices(prices: ArrayLike<Observation>, name = 'prices'): void {
  assertObservations(prices, name);
  for (let i = 0; i < prices.length; i++) {
    const p = prices[i];
    if (p !== null && p <= 0) throw new Error(`${name}[${i}] must be > 0, got ${p}`);
  }
}

/** Simple returns p_t/p_{t−1} − 1. */
export function simpleReturns(prices: ArrayLike<Observation>): (number | null)[] {
  assertPrices(prices);
  const out = new Array<number | null>(prices.length);
  for (let i = 0; i < prices.length; i++) {
    const p = prices[i];
    const prev = i > 0 ? prices[i - 1] : null;
    out[i] = p === null || prev === null ? null : p / prev - 1;
  }
  return out;
}

/** Log returns ln p_t − ln p_{t−1}. */
export function logReturns(prices: ArrayLike<Observation>): (number | null)[] {
  assertPrices(prices);
  const out = new Array<number | null>(prices.length);
  let prevLog: number | null = null;
  for (let i = 0; i < prices.length; i++) {
    const p = prices[i];
    const log = p === null ? null : referenceLog(p);
    out[i] = log === null || prevLog === null ? null : log - prevLog;
    prevLog = log;
  }
  return out;
}
