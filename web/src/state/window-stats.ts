// Summary figures of the loaded window that the stats strip shows.
import type { Bar } from '../api/types.ts';

export interface WindowStats {
  lastPrice: number;
  /** Change from the open of the first loaded bar to the last close. */
  change: number;
  changePct: number;
  windowHigh: number;
  windowLow: number;
  firstStart: number;
  current: Bar;
  barCount: number;
}

export function windowStatsOf(bars: readonly Bar[]): WindowStats | null {
  const first = bars[0];
  const current = bars.at(-1);
  if (!first || !current) return null;
  let windowHigh = -Infinity;
  let windowLow = Infinity;
  for (const bar of bars) {
    if (bar.high > windowHigh) windowHigh = bar.high;
    if (bar.low < windowLow) windowLow = bar.low;
  }
  const change = current.close - first.open;
  return {
    lastPrice: current.close,
    change,
    changePct: first.open === 0 ? 0 : (change / first.open) * 100,
    windowHigh,
    windowLow,
    firstStart: first.start,
    current,
    barCount: bars.length,
  };
}
