import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarWindow } from './bar-window.js';
import type { SymbolBar } from './symbol-engine.js';

const bar = (start: number): SymbolBar => ({
  start,
  open: start + 0.5,
  high: start + 2,
  low: start + 0.25,
  close: start + 1,
  volume: start / 7,
});

const contents = (window: BarWindow): SymbolBar[] => Array.from({ length: window.length }, (_, i) => window.at(i));

describe('BarWindow', () => {
  it('keeps at least the last `limit` bars, in order, whatever the number pushed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 8 }), fc.nat(200), (limit, slack, n) => {
        const window = new BarWindow(limit, slack);
        for (let i = 0; i < n; i++) window.push(bar(i * 1000));
        const kept = contents(window);
        expect(kept.length).toBeGreaterThanOrEqual(Math.min(n, limit));
        expect(kept.length).toBeLessThanOrEqual(limit + slack);
        expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => bar((n - kept.length + i) * 1000)));
      }),
    );
  });

  it('replaces a bar in place and inserts a missing one where its start belongs', () => {
    const window = new BarWindow(4, 2);
    for (const start of [0, 1000, 3000]) window.push(bar(start));
    window.replace(1, { ...bar(1000), close: 9 });
    expect(window.insert(2, bar(2000))).toBe(2);
    expect(contents(window).map((b) => b.start)).toEqual([0, 1000, 2000, 3000]);
    expect(window.at(1).close).toBe(9);
    expect(window.lastStart).toBe(3000);
  });

  it('says where an inserted bar went when older bars were dropped to make room', () => {
    const window = new BarWindow(2, 1);
    for (const start of [0, 1000, 3000]) window.push(bar(start));
    const index = window.insert(2, bar(2000));
    expect(window.at(index)).toEqual(bar(2000));
    expect(contents(window).map((b) => b.start)).toEqual([1000, 2000, 3000]);
  });
});
