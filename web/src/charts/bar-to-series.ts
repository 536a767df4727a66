// Maps server bars to lightweight-charts points. The chart counts time in UTC seconds.
import type { CandlestickData, HistogramData, UTCTimestamp } from 'lightweight-charts';
import type { Bar } from '../api/types.ts';
import type { ChartPalette } from './chart-theme.ts';

export function chartTime(startMs: number): UTCTimestamp {
  return Math.floor(startMs / 1000) as UTCTimestamp;
}

export function toCandle(bar: Bar): CandlestickData<UTCTimestamp> {
  return { time: chartTime(bar.start), open: bar.open, high: bar.high, low: bar.low, close: bar.close };
}

export function toVolume(bar: Bar, palette: ChartPalette): HistogramData<UTCTimestamp> {
  return {
    time: chartTime(bar.start),
    value: bar.volume,
    color: bar.close >= bar.open ? palette.upVolume : palette.downVolume,
  };
}

/** Index of the bar starting at `startMs` in ascending `bars`, or -1. */
export function indexOfStart(bars: readonly { start: number }[], startMs: number): number {
  let low = 0;
  let high = bars.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const start = bars[mid].start;
    if (start === startMs) return mid;
    if (start < startMs) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}
