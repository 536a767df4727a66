import { afterEach, describe, expect, it } from 'vitest';
import type { Bar, Timeframe } from '../../domain/index.js';
import type { Store } from '../store.js';
import { openStore } from './open-store.js';

const BTC = 'binance:BTCUSDT';
const ETH = 'binance:ETHUSDT';
const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;

function bar(instrument: string, timeframe: Timeframe, start: number): Bar {
  return {
    instrument,
    timeframe,
    start,
    open: 1,
    high: 2,
    low: 0.5,
    close: 1.5,
    volume: 3,
    quoteVolume: 4,
    trades: 5,
    buyVolume: 1,
    vwap: 1.3,
  };
}

/** 1m bars at the given minutes after T0. */
const minuteBars = (instrument: string, minutes: number[]) => minutes.map((m) => bar(instrument, '1m', T0 + m * MIN));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

let stores: Store[] = [];
afterEach(async () => {
  for (const store of stores) await store.close();
  stores = [];
});

async function storeWith(bars: Bar[], thread: 'main' | 'worker' = 'main'): Promise<Store> {
  const store = await openStore({ path: ':memory:', thread });
  stores.push(store);
  store.upsertBars(bars);
  await store.flush();
  return store;
}

describe('bar coverage', () => {
  it('gives first, last, count, expected and missing bars of every instrument and timeframe', async () => {
    // BTC 1m: minutes 0-9, 12-19, 25 -> gaps [10,12) and [20,25).
    const store = await storeWith([
      ...minuteBars(BTC, [...range(0, 10), ...range(12, 20), 25]),
      ...minuteBars(ETH, range(0, 3)),
      bar(BTC, '1h', T0),
      bar(BTC, '1h', T0 + 3 * 3_600_000),
    ]);
    expect(await store.barCoverage()).toEqual([
      {
        instrument: BTC,
        timeframe: '1m',
        first: T0,
        last: T0 + 25 * MIN,
        count: 19,
        expected: 26,
        missingBars: 7,
      },
      {
        instrument: BTC,
        timeframe: '1h',
        first: T0,
        last: T0 + 3 * 3_600_000,
        count: 2,
        expected: 4,
        missingBars: 2,
      },
      {
        instrument: ETH,
        timeframe: '1m',
        first: T0,
        last: T0 + 2 * MIN,
        count: 3,
        expected: 3,
        missingBars: 0,
      },
    ]);
    expect((await store.barCoverage({ timeframe: '1h' })).map((c) => c.instrument)).toEqual([BTC]);
  });

  it('lists the largest gaps in time order, bounded, with the totals of all of them', async () => {
    // Gaps of 1, 3, 2 and 3 buckets.
    const store = await storeWith(minuteBars(BTC, [0, 2, 6, 9, 13]));
    const detail = await store.barCoverageDetail(BTC, '1m', 2);
    expect(detail.gapCount).toBe(4);
    expect(detail.missingBars).toBe(9);
    expect(detail.gaps).toEqual([
      { from: T0 + 3 * MIN, to: T0 + 6 * MIN, missingBars: 3, noDataBars: 0 },
      { from: T0 + 10 * MIN, to: T0 + 13 * MIN, missingBars: 3, noDataBars: 0 },
    ]);
    expect((await store.barCoverageDetail(BTC, '1m', 500)).gaps.map((g) => g.missingBars)).toEqual([1, 3, 2, 3]);
    expect(await store.barGaps(BTC, '1m')).toEqual([
      { from: T0 + MIN, to: T0 + 2 * MIN },
      { from: T0 + 3 * MIN, to: T0 + 6 * MIN },
      { from: T0 + 7 * MIN, to: T0 + 9 * MIN },
      { from: T0 + 10 * MIN, to: T0 + 13 * MIN },
    ]);
  });

  it('counts the missing buckets the exchange has no data for, also where a range spans stored bars', async () => {
    const store = await storeWith(minuteBars(BTC, [0, 5, 10]));
    // One range over [2, 8): 3 buckets of the gap [1, 5), the stored bar 5, and 2 of the gap [6, 10).
    await store.markNoKlineData([{ instrument: BTC, timeframe: '1m', from: T0 + 2 * MIN, to: T0 + 8 * MIN }]);
    const detail = await store.barCoverageDetail(BTC, '1m', 10);
    expect(detail.noDataBars).toBe(5);
    expect(detail.gaps.map((g) => [g.missingBars, g.noDataBars])).toEqual([
      [4, 3],
      [4, 2],
    ]);
    expect(await store.noKlineDataRanges(BTC, '1m')).toEqual([{ from: T0 + 2 * MIN, to: T0 + 8 * MIN }]);
    expect(await store.noKlineDataRanges(ETH, '1m')).toEqual([]);
  });

  it('answers an instrument without bars with an empty coverage', async () => {
    const store = await storeWith([]);
    expect(await store.barCoverageDetail(BTC, '5m', 500)).toEqual({
      instrument: BTC,
      timeframe: '5m',
      first: null,
      last: null,
      count: 0,
      expected: 0,
      gapCount: 0,
      missingBars: 0,
      noDataBars: 0,
      gaps: [],
    });
    expect(await store.barCoverage()).toEqual([]);
  });

  it('counts every gap even when none is listed', async () => {
    const store = await storeWith(minuteBars(BTC, [0, 2, 6]));
    expect(await store.barCoverageDetail(BTC, '1m', 0)).toMatchObject({ gapCount: 2, missingBars: 4, gaps: [] });
  });

  it('refuses a no-data range that ends before it starts, recording none of its batch', async () => {
    const store = await storeWith([]);
    await expect(
      store.markNoKlineData([
        { instrument: BTC, timeframe: '1m', from: T0, to: T0 + MIN },
        { instrument: BTC, timeframe: '1m', from: T0 + 5 * MIN, to: T0 + 4 * MIN },
      ]),
    ).rejects.toThrow(/no-data range 1: from \(\d+\) must be before to/);
    expect(await store.noKlineDataRanges(BTC, '1m')).toEqual([]);
  });

  it('answers the same on the store worker', async () => {
    const store = await storeWith(minuteBars(BTC, [0, 3]), 'worker');
    await store.markNoKlineData([{ instrument: BTC, timeframe: '1m', from: T0 + MIN, to: T0 + 2 * MIN }]);
    const detail = await store.barCoverageDetail(BTC, '1m', 5);
    expect(detail.gaps).toEqual([{ from: T0 + MIN, to: T0 + 3 * MIN, missingBars: 2, noDataBars: 1 }]);
    expect(await store.barGaps(BTC, '1m')).toEqual([{ from: T0 + MIN, to: T0 + 3 * MIN }]);
  });
});
