import { describe, expect, it } from 'vitest';
import { clipRanges, requestWindows, subtractRanges, unfilledRanges } from './sync-ranges.js';

const r = (from: number, to: number) => ({ from, to });

describe('subtractRanges', () => {
  it('removes covered parts, splitting a range around a removed one inside it', () => {
    expect(subtractRanges([r(0, 10), r(20, 30)], [r(2, 4), r(8, 22), r(25, 26)])).toEqual([
      r(0, 2),
      r(4, 8),
      r(22, 25),
      r(26, 30),
    ]);
  });

  it('keeps ranges that nothing covers and drops ranges covered whole', () => {
    expect(subtractRanges([r(0, 5), r(10, 15)], [r(10, 15)])).toEqual([r(0, 5)]);
    expect(subtractRanges([r(0, 5)], [])).toEqual([r(0, 5)]);
    expect(subtractRanges([], [r(0, 5)])).toEqual([]);
  });
});

describe('clipRanges', () => {
  it('cuts ranges at the end and drops those after it', () => {
    expect(clipRanges([r(0, 5), r(8, 12), r(12, 20)], 10)).toEqual([r(0, 5), r(8, 10)]);
  });
});

describe('requestWindows', () => {
  it('packs small pieces into one window up to the span and opens a new one after', () => {
    const windows = requestWindows([r(0, 1), r(3, 4), r(8, 9), r(12, 13)], 10);
    expect(windows.map(({ from, to }) => [from, to])).toEqual([
      [0, 9],
      [12, 13],
    ]);
    expect(windows[0].pieces).toEqual([r(0, 1), r(3, 4), r(8, 9)]);
  });

  it('gives a piece longer than the span a window of its own', () => {
    expect(requestWindows([r(0, 2), r(5, 100), r(101, 102)], 10).map(({ from, to }) => [from, to])).toEqual([
      [0, 2],
      [5, 100],
      [101, 102],
    ]);
  });
});

describe('unfilledRanges', () => {
  const window = { from: 0, to: 10, pieces: [r(0, 3), r(5, 6), r(8, 10)] };

  it('joins the buckets without a bar across stored bars', () => {
    // Buckets 1, 2 (piece 1), 5 (piece 2) and 9 (piece 3) got no bar; 3, 4, 6, 7 are stored.
    expect(unfilledRanges(window, new Set([0, 8]), 1, [])).toEqual([r(1, 10)]);
  });

  it('never joins across a range already recorded, so recorded ranges stay disjoint', () => {
    expect(unfilledRanges(window, new Set([0, 8]), 1, [r(6, 8)])).toEqual([r(1, 6), r(9, 10)]);
  });

  it('records nothing when every bucket got a bar', () => {
    expect(unfilledRanges(window, new Set([0, 1, 2, 5, 8, 9]), 1, [])).toEqual([]);
  });
});
