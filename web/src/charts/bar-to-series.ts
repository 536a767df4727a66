// Maps server bars to lightweight-charts points. The chart counts time in UTC seconds.
import type { CandlestickData, HistogramData, UTCTimestamp } from 'lightweight-charts';
import type { Bar } from '../api/types.ts';
import { palette } from './chart-theme.ts';

export function chartTime(startMs: number): UTCTimestamp {
  return Math.floor(startMs / 1000) as UTCTimestamp;
}

export function toCandle(bar: Bar): CandlestickData<UTCTimestamp> {
  return { time: chartTime(bar.start), open: bar.open, high: bar.high, low: bar.low, close: bar.close };
}

export function toVolume(bar: Bar): HistogramData<UTCTimestamp> {
  return {
    time: chartTime(bar.start),
    value: bar.volume,
    color: bar.close >= bar.open ? palette.upVolume : palette.downVolume,
  };
}
