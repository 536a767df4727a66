import { describe, expect, it } from 'vitest';
import type { Bar } from '../api/types.ts';
import { sessionStatsOf, TradeRateMeter } from './session-stats.ts';

describe('TradeRateMeter', () => {
  it('measures trades per second over the samples of the last ten seconds', () => {
    const meter = new TradeRateMeter();
    expect(meter.rate()).toBeNull();
    meter.add({ at: 0, sessionStart: 0, trades: 100 });
    meter.add({ at: 500, sessionStart: 0, trades: 110 });
    expect(meter.rate()).toBeNull();
    meter.add({ at: 2_000, sessionStart: 0, trades: 140 });
    expect(meter.rate()).toBe(20);
    meter.add({ at: 20_000, sessionStart: 0, trades: 500 });
    // The samples older than the window are dropped except one that spans it.
    expect(meter.rate()).toBe(20);
  });

  it('starts over when the session rolls to a new day', () => {
    const meter = new TradeRateMeter();
    meter.add({ at: 0, sessionStart: 0, trades: 1_000 });
    meter.add({ at: 1_000, sessionStart: 86_400_000, trades: 3 });
    expect(meter.rate()).toBeNull();
  });
});

describe('sessionStatsOf', () => {
  it('measures the change from the session open', () => {
    const day: Bar = {
      instrument: 'sim:AAA',
      timeframe: '1d',
      start: 0,
      open: 100,
      high: 104,
      low: 98,
      close: 102,
      volume: 5,
      quoteVolume: 510,
      trades: 9,
      buyVolume: 2,
      vwap: 102,
      closed: false,
    };
    expect(sessionStatsOf(day, 1.5)).toMatchObject({ change: 2, changePct: 2, high: 104, low: 98, tradesPerSec: 1.5 });
  });
});
