import { describe, expect, it } from 'vitest';
import { readSelection, selectionSearch } from './url-selection.ts';

describe('url selection', () => {
  it('reads instrument and timeframe from the query string', () => {
    expect(readSelection('?instrument=sim:BBB&timeframe=15m')).toEqual({ instrument: 'sim:BBB', timeframe: '15m' });
  });

  it('falls back to 1m for a missing or unknown timeframe', () => {
    expect(readSelection('?timeframe=2m')).toEqual({ instrument: null, timeframe: '1m' });
  });

  it('writes a readable link and keeps unrelated parameters', () => {
    expect(selectionSearch({ instrument: 'binance:BTCUSDT', timeframe: '4h' }, '?theme=dark')).toBe(
      '?theme=dark&instrument=binance:BTCUSDT&timeframe=4h',
    );
  });
});
