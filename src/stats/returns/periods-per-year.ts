// Annualisation for markets that trade around the clock (crypto): 365 days of 24 hours.

import { TIMEFRAME_MS, isTimeframe, type Timeframe } from '../../domain/timeframe.js';

const YEAR_MS_24_7 = 365 * 86_400_000;

/** Bars per year of a timeframe on a 24/7 market, e.g. '1m' → 525,600, '1d' → 365. */
export function periodsPerYear(timeframe: Timeframe): number {
  if (!isTimeframe(timeframe)) throw new Error(`unknown timeframe "${String(timeframe)}"`);
  return YEAR_MS_24_7 / TIMEFRAME_MS[timeframe];
}

export function assertPeriodsPerYear(value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`periodsPerYear must be a finite number > 0, got ${String(value)}`);
  }
}
