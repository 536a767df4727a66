import { describe, expect, it } from 'vitest';
import type { Bar } from '../api/types.ts';
import { sessionStatsOf } from './session-stats.ts';

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
    expect(sessionStatsOf(day)).toMatchObject({ change: 2, changePct: 2, high: 104, low: 98, trades: 9 });
  });
});
