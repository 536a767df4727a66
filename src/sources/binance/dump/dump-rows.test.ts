import { describe, expect, it } from 'vitest';
import {
  detectLayout,
  dumpTimeToMs,
  parseAggTradeRow,
  parseKlineRow,
  parseTradeRow,
  type TradeRow,
} from './dump-rows.js';

const row = (): TradeRow => ({ id: 0, ts: 0, price: 0, qty: 0, buyerMaker: false });

describe('dump rows', () => {
  it('tells spot (no header, 7 columns) from USD-M (header, 6 columns) trades', () => {
    expect(detectLayout('trades', '1,2,3,4,5,True,True')).toMatchObject({ hasHeader: false, venue: 'binance' });
    expect(detectLayout('trades', 'id,price,qty,quote_qty,time,is_buyer_maker')).toMatchObject({
      hasHeader: true,
      venue: 'binance-futures',
    });
    expect(detectLayout('klines', '1,2,3,4,5,6,7,8,9,10,11,0').venue).toBeNull();
    expect(() => detectLayout('aggTrades', '1,2,3')).toThrow(/has 3 columns; a aggTrades file has 8 or 7/);
  });

  it('reads True/False and true/false, and microseconds per value', () => {
    const spot = detectLayout('trades', '1,2,3,4,5,True,True');
    expect(parseTradeRow('7,100.5,0.1,10.05,1735689600123456,True,True', 1, spot, row())).toEqual({
      id: 7,
      price: 100.5,
      qty: 0.1,
      ts: 1735689600123.456,
      buyerMaker: true,
    });
    const futures = detectLayout('trades', 'id,price,qty,quote_qty,time,is_buyer_maker');
    expect(parseTradeRow('8,100,1,100,1722470400000,false', 2, futures, row()).buyerMaker).toBe(false);
    expect(dumpTimeToMs(1722470400000)).toBe(1722470400000);
  });

  it('names the line, column and value of a bad field', () => {
    const spot = detectLayout('trades', '1,2,3,4,5,True,True');
    expect(() => parseTradeRow('7,100,0.1,10,1735689600123,yes,True', 9, spot, row())).toThrow(
      'line 9, column is_buyer_maker: "yes" is not true or false',
    );
    const agg = detectLayout('aggTrades', '1,2,3,4,5,6,True,True');
    expect(() =>
      parseAggTradeRow('1,100,1,10,9,1735689600123,True,True', 3, agg, { ...row(), firstTradeId: 0, lastTradeId: 0 }),
    ).toThrow('line 3, column last_trade_id: "9" is below first_trade_id (10)');
    const klines = detectLayout('klines', '1,2,3,4,5,6,7,8,9,10,11,0');
    expect(() => parseKlineRow('60000,10,9,11,10,1,119999,10,1,0,0,0', 4, klines)).toThrow(
      'line 4, column high: "9" is below low (11)',
    );
  });
});
