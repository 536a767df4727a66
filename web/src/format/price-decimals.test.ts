import { describe, expect, it } from 'vitest';
import type { Instrument } from '../api/types.ts';
import { exchangeTickDecimals } from './price-decimals.ts';

const base: Instrument = {
  id: 'binance:BTCUSDT',
  venue: 'binance',
  symbol: 'BTCUSDT',
  live: true,
  lastPrice: null,
  lastTs: null,
  storedTicks: 0,
  tickSize: 0.01,
  stepSize: 0.00001,
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  status: 'TRADING',
  trading: true,
  priceDecimals: 2,
  metaSource: 'exchange',
};

describe('exchange tick decimals', () => {
  it("uses the exchange's tick size and leaves inferred or unknown precision to the chart", () => {
    const inferred: Instrument = { ...base, id: 'csv:MYDATA', metaSource: 'inferred', priceDecimals: 4 };
    expect(exchangeTickDecimals([base, inferred], 'binance:BTCUSDT')).toBe(2);
    expect(exchangeTickDecimals([base, inferred], 'csv:MYDATA')).toBeUndefined();
    expect(exchangeTickDecimals(null, 'binance:BTCUSDT')).toBeUndefined();
  });
});
