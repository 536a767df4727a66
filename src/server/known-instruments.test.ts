import { describe, expect, it } from 'vitest';
import { closestFirst, editDistance } from './known-instruments.js';

describe('editDistance', () => {
  it.each([
    ['XYZ', 'XYZ', 0],
    ['BTCUSDT', 'BTCUSD', 1],
    ['BTCUSDT', 'BTCUDST', 2],
    ['AAA', 'BBB', 3],
    ['', 'ETH', 3],
  ])('%s → %s is %i', (a, b, want) => {
    expect(editDistance(a, b)).toBe(want);
    expect(editDistance(b, a)).toBe(want);
  });
});

describe('closestFirst', () => {
  it('puts the same symbol on another venue first, then the nearest symbols', () => {
    const known = ['binance:ETHUSDT', 'binance:BTCUSDT', 'binance-futures:BTCUSDC', 'sim:AAA'];
    expect(closestFirst('binance-futures:BTCUSDT', known)).toEqual([
      'binance:BTCUSDT',
      'binance-futures:BTCUSDC',
      'binance:ETHUSDT',
      'sim:AAA',
    ]);
  });

  it('prefers the same venue on a tie, then the alphabet', () => {
    expect(closestFirst('sim:AAB', ['sim:BBB', 'binance:AAC', 'sim:AAC', 'sim:AAA'])).toEqual([
      'sim:AAA',
      'sim:AAC',
      'binance:AAC',
      'sim:BBB',
    ]);
  });
});
