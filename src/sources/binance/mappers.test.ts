import { describe, expect, it } from 'vitest';
import { aggTradeToTicks, mapAggTradeRow, mapKlineRow, mapRestTrade } from './mappers.js';

describe('REST payload mappers', () => {
  it('maps a kline row of the documented 12 columns', () => {
    const row = [
      1499040000000,
      '0.01634790',
      '0.80000000',
      '0.01575800',
      '0.01577100',
      '148976.11427815',
      1499644799999,
      '2434.19055334',
      308,
      '1756.87402397',
      '28.46694368',
      '0',
    ];
    expect(mapKlineRow(row)).toEqual({
      openTime: 1499040000000,
      open: 0.0163479,
      high: 0.8,
      low: 0.015758,
      close: 0.015771,
      volume: 148976.11427815,
      closeTime: 1499644799999,
      quoteVolume: 2434.19055334,
      trades: 308,
      takerBuyVolume: 1756.87402397,
      takerBuyQuoteVolume: 28.46694368,
    });
  });

  it('says which field of which row is malformed', () => {
    expect(() => mapKlineRow([1, 2, '3'], 4)).toThrow('kline row 4: field (row) must be an array of 12 columns');
    expect(() => mapKlineRow([1, 'x', '1', '1', '1', '1', 2, '1', 3, '1', '1', '0'], 2)).toThrow(
      'kline row 2: field 1 (open) must be a decimal string, got "x"',
    );
    expect(() => mapRestTrade({ id: 1, price: 4, qty: '1', quoteQty: '1', time: 1, isBuyerMaker: true }, 0)).toThrow(
      'trade 0: field price must be a decimal string, got 4',
    );
  });

  it('maps trades and aggTrades from the documented examples', () => {
    expect(
      mapRestTrade({
        id: 28457,
        price: '4.00000100',
        qty: '12.00000000',
        quoteQty: '48.000012',
        time: 1499865549590,
        isBuyerMaker: true,
        isBestMatch: true,
      }),
    ).toEqual({
      id: 28457,
      price: 4.000001,
      qty: 12,
      quoteQty: 48.000012,
      time: 1499865549590,
      isBuyerMaker: true,
    });
    expect(
      mapAggTradeRow({
        a: 26129,
        p: '0.01633102',
        q: '4.70443515',
        f: 27781,
        l: 27781,
        T: 1498793709153,
        m: true,
        M: true,
      }),
    ).toEqual({
      aggId: 26129,
      price: 0.01633102,
      qty: 4.70443515,
      firstTradeId: 27781,
      lastTradeId: 27781,
      time: 1498793709153,
      isBuyerMaker: true,
    });
  });

  it('splits an aggTrade into one tick per trade id with an equal share of the quantity', () => {
    const agg = { aggId: 1, price: 100, qty: 3, firstTradeId: 10, lastTradeId: 12, time: 5, isBuyerMaker: false };
    expect(aggTradeToTicks(agg, 'binance:X', 0, 99)).toEqual(
      [10, 11, 12].map((id) => ({ instrument: 'binance:X', id, ts: 5, price: 100, qty: 1, buyerMaker: false })),
    );
    expect(aggTradeToTicks(agg, 'binance:X', 11, 11).map((t) => t.id)).toEqual([11]);
  });
});
