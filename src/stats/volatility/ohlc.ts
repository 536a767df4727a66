// OHLC bars as the range-based volatility estimators see them, and the per-bar variance
// terms (in squared log-return units) each estimator averages over its window.

import type { Bar } from '../../domain/bar.js';

export type OhlcBar = Pick<Bar, 'open' | 'high' | 'low' | 'close'>;

const LN2 = Math.LN2;

/** Throws unless the bar has positive finite prices with low ≤ open, close ≤ high. */
export function assertOhlcBar(bar: OhlcBar, where: string): void {
  if (bar === null || typeof bar !== 'object')
    throw new Error(`${where} must be an OHLC bar or null, got ${String(bar)}`);
  for (const key of ['open', 'high', 'low', 'close'] as const) {
    const v = bar[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new Error(`${where}.${key} must be a finite number > 0, got ${String(v)}`);
    }
  }
  if (bar.high < bar.low || bar.high < bar.open || bar.high < bar.close || bar.low > bar.open || bar.low > bar.close) {
    throw new Error(
      `${where} is not a valid bar: need low <= open, close <= high, got O=${bar.open} H=${bar.high} ` +
        `L=${bar.low} C=${bar.close}`,
    );
  }
}

/** Parkinson (1980): ln(H/L)² / (4 ln 2). */
export function parkinsonTerm(bar: OhlcBar): number {
  const hl = Math.log(bar.high / bar.low);
  return (hl * hl) / (4 * LN2);
}

/** Garman–Klass (1980): ½·ln(H/L)² − (2 ln 2 − 1)·ln(C/O)². */
export function garmanKlassTerm(bar: OhlcBar): number {
  const hl = Math.log(bar.high / bar.low);
  const co = Math.log(bar.close / bar.open);
  return 0.5 * hl * hl - (2 * LN2 - 1) * co * co;
}

/** Rogers–Satchell (1991): ln(H/C)·ln(H/O) + ln(L/C)·ln(L/O); unbiased under drift. */
export function rogersSatchellTerm(bar: OhlcBar): number {
  return (
    Math.log(bar.high / bar.close) * Math.log(bar.high / bar.open) +
    Math.log(bar.low / bar.close) * Math.log(bar.low / bar.open)
  );
}
