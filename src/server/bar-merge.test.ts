import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/index.js';
import { mergeStoredAndLiveBars } from './bar-merge.js';

const bar = (start: number, trades = 1): Bar => ({
  instrument: 'sim:AAA',
  timeframe: '1s',
  start,
  open: 1,
  high: 1,
  low: 1,
  close: 1,
  volume: trades,
  quoteVolume: trades,
  trades,
  buyVolume: 0,
  vwap: 1,
});

const shape = (bars: Array<Bar & { closed: boolean }>) => bars.map((b) => [b.start, b.closed, b.trades]);

describe('mergeStoredAndLiveBars', () => {
  it('fills the closed bar the store has not written between the stored ones and the open one', () => {
    const merged = mergeStoredAndLiveBars(
      [bar(83_000), bar(84_000)],
      { recentClosed: [bar(84_000), bar(85_000)], open: bar(86_000) },
      { limit: 10 },
    );
    expect(shape(merged)).toEqual([
      [83_000, true, 1],
      [84_000, true, 1],
      [85_000, true, 1],
      [86_000, false, 1],
    ]);
  });

  it('serves the store version of a bar both hold (a kline repair replaced it there)', () => {
    const merged = mergeStoredAndLiveBars([bar(84_000, 9)], { recentClosed: [bar(84_000, 5)] }, { limit: 10 });
    expect(shape(merged)).toEqual([[84_000, true, 9]]);
  });

  it('cuts the latest bars from the old end, and the earliest from the new end when `from` is given', () => {
    const live = { recentClosed: [bar(85_000)], open: bar(86_000) };
    expect(shape(mergeStoredAndLiveBars([bar(83_000), bar(84_000)], live, { limit: 2 }))).toEqual([
      [85_000, true, 1],
      [86_000, false, 1],
    ]);
    expect(shape(mergeStoredAndLiveBars([bar(83_000), bar(84_000)], live, { from: 83_000, limit: 2 }))).toEqual([
      [83_000, true, 1],
      [84_000, true, 1],
    ]);
    expect(shape(mergeStoredAndLiveBars([bar(84_000)], live, { from: 84_000, limit: 3 }))).toEqual([
      [84_000, true, 1],
      [85_000, true, 1],
      [86_000, false, 1],
    ]);
  });

  it('keeps live bars outside the range out', () => {
    const live = { recentClosed: [bar(85_000)], open: bar(86_000) };
    expect(shape(mergeStoredAndLiveBars([bar(84_000)], live, { to: 85_000, limit: 10 }))).toEqual([[84_000, true, 1]]);
    expect(shape(mergeStoredAndLiveBars([], live, { from: 86_000, limit: 10 }))).toEqual([[86_000, false, 1]]);
  });

  it('serves the open bar from memory over a copy a graceful stop stored', () => {
    const merged = mergeStoredAndLiveBars([bar(86_000, 3)], { recentClosed: [], open: bar(86_000, 7) }, { limit: 10 });
    expect(shape(merged)).toEqual([[86_000, false, 7]]);
  });
});
