import { describe, expect, it } from 'vitest';
import { parseDumpFileName, venueFromPath } from './dump-file-name.js';

describe('parseDumpFileName', () => {
  it('reads trades, aggTrades and kline names, daily and monthly, zipped or not', () => {
    expect(parseDumpFileName('/tmp/BTCUSDT-trades-2024-08-01.zip')).toEqual({
      symbol: 'BTCUSDT',
      kind: 'trades',
      period: '2024-08-01',
    });
    expect(parseDumpFileName('ETHUSDT-aggTrades-2024-08.csv')).toEqual({
      symbol: 'ETHUSDT',
      kind: 'aggTrades',
      period: '2024-08',
    });
    expect(parseDumpFileName('data/AVAXUSDT-1m-2023-02.csv')).toEqual({
      symbol: 'AVAXUSDT',
      kind: 'klines',
      interval: '1m',
      period: '2023-02',
    });
    expect(parseDumpFileName('BTCUSDT-1mo-2024-08.zip')?.interval).toBe('1mo');
  });

  it('gives null for names Binance does not use', () => {
    expect(parseDumpFileName('my-prices.csv')).toBeNull();
    expect(parseDumpFileName('btcusdt-trades-2024-08-01.zip')).toBeNull();
    expect(parseDumpFileName('BTCUSDT-trades-2024-08-01.zip.CHECKSUM')).toBeNull();
  });
});

describe('venueFromPath', () => {
  it('takes USD-M from a futures/um path and spot from a spot path', () => {
    expect(venueFromPath('data/futures/um/daily/trades/BTCUSDT/BTCUSDT-trades-2024-08-01.zip')).toBe('binance-futures');
    expect(venueFromPath('data/spot/daily/trades/BTCUSDT/BTCUSDT-trades-2024-08-01.zip')).toBe('binance');
    expect(venueFromPath('BTCUSDT-trades-2024-08-01.zip')).toBeNull();
  });
});
