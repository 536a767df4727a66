import { describe, expect, it } from 'vitest';
import type { Bar } from '../api/types.ts';
import { BarBook } from './bar-book.ts';

function bar(start: number, close: number, trades = 1, closed = false): Bar {
  return {
    instrument: 'sim:AAA',
    timeframe: '1m',
    start,
    open: close,
    high: close,
    low: close,
    close,
    volume: trades,
    quoteVolume: close * trades,
    trades,
    buyVolume: 0,
    vwap: close,
    closed,
  };
}

describe('BarBook', () => {
  it('sorts history and keeps the last copy of a duplicated bucket', () => {
    const book = new BarBook();
    book.reset([bar(120, 3), bar(0, 1), bar(60, 2), bar(60, 2.5, 2)]);
    expect(book.all.map((b) => [b.start, b.close])).toEqual([
      [0, 1],
      [60, 2.5],
      [120, 3],
    ]);
  });

  it('appends a newer bucket and replaces the open one in place', () => {
    const book = new BarBook();
    book.reset([bar(0, 1, 1, true)]);
    expect(book.apply(bar(60, 2))?.kind).toBe('append');
    expect(book.apply(bar(60, 2.1, 2))?.kind).toBe('replace-last');
    expect(book.all.at(-1)?.close).toBe(2.1);
    expect(book.size).toBe(2);
  });

  it('amends a closed bar that a late tick changed, and inserts a missing one', () => {
    const book = new BarBook();
    book.reset([bar(0, 1, 1, true), bar(120, 3, 1, true), bar(180, 4)]);
    expect(book.apply(bar(0, 1.5, 2, true))?.kind).toBe('amend');
    expect(book.apply(bar(60, 2, 1, true))?.kind).toBe('insert');
    expect(book.all.map((b) => b.start)).toEqual([0, 60, 120, 180]);
  });

  it('ignores a stale snapshot of a bucket (fewer trades, or open after closed)', () => {
    const book = new BarBook();
    book.reset([bar(0, 1, 5, true), bar(60, 2, 3)]);
    expect(book.apply(bar(60, 1.9, 2))).toBeNull();
    expect(book.apply(bar(0, 1, 5, false))).toBeNull();
    expect(book.all.map((b) => b.close)).toEqual([1, 2]);
  });

  it('trims to the newest bars', () => {
    const book = new BarBook();
    book.reset([bar(0, 1), bar(60, 2), bar(120, 3)]);
    expect(book.trimTo(2)).toBe(true);
    expect(book.all.map((b) => b.start)).toEqual([60, 120]);
    expect(book.trimTo(2)).toBe(false);
  });

  it('prepends an older page in order and ignores bars it already has', () => {
    const book = new BarBook();
    book.reset([bar(120, 3), bar(180, 4)]);
    expect(book.prepend([bar(60, 2), bar(0, 1), bar(120, 9)])).toBe(2);
    expect(book.all.map((b) => [b.start, b.close])).toEqual([
      [0, 1],
      [60, 2],
      [120, 3],
      [180, 4],
    ]);
    expect(book.prepend([])).toBe(0);
  });
});
