import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/index.js';
import { coarserTimeframes, resampleBars } from './bar-resampler.js';

function minuteBar(start: number, open: number, high: number, low: number, close: number, volume: number): Bar {
  return {
    instrument: 'binance:BTCUSDT',
    timeframe: '1m',
    start,
    open,
    high,
    low,
    close,
    volume,
    quoteVolume: volume * close,
    trades: 2,
    buyVolume: volume / 2,
    vwap: close,
  };
}

describe('resampleBars', () => {
  it('takes the first open, max high, min low, last close and sums, per bucket, skipping empty ones', () => {
    const m = 60_000;
    const bars = [
      minuteBar(0, 10, 12, 9, 11, 1),
      minuteBar(2 * m, 11, 15, 10, 14, 3),
      minuteBar(4 * m, 14, 14, 8, 9, 2),
      minuteBar(11 * m, 9, 10, 9, 10, 4),
    ];
    const fives = resampleBars(bars, '5m');
    expect(fives.map((b) => b.start)).toEqual([0, 10 * m]);
    expect(fives[0]).toMatchObject({ timeframe: '5m', open: 10, high: 15, low: 8, close: 9, volume: 6, trades: 6 });
    expect(fives[0].quoteVolume).toBeCloseTo(11 + 42 + 18, 12);
    expect(fives[0].buyVolume).toBe(3);
    expect(fives[0].vwap).toBeCloseTo(71 / 6, 12);
    expect(fives[1]).toMatchObject({ open: 9, high: 10, low: 9, close: 10, volume: 4 });
  });

  it('refuses bars out of order instead of splitting a bucket in two', () => {
    const bars = [minuteBar(600_000, 1, 1, 1, 1, 1), minuteBar(0, 1, 1, 1, 1, 1)];
    expect(() => resampleBars(bars, '5m')).toThrow(/ascending/);
  });

  it('lists the coarser timeframes a timeframe tiles', () => {
    expect(coarserTimeframes('1m', ['1s', '1m', '5m', '15m', '1h', '4h', '1d'])).toEqual([
      '5m',
      '15m',
      '1h',
      '4h',
      '1d',
    ]);
    expect(coarserTimeframes('1d', ['1s', '1m', '1d'])).toEqual([]);
  });
});
