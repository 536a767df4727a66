import { describe, expect, it } from 'vitest';
import type { PairPoint } from '../api/analytics-types.ts';
import { PairSeries } from './pair-series.ts';

function point(start: number, zscore: number | null = 0): PairPoint {
  return {
    start,
    x: 1,
    y: 2,
    carriedX: false,
    carriedY: false,
    hedgeRatio: 1,
    intercept: 0,
    spread: 1,
    zscore,
    correlation: 0.5,
    signal: 'hold',
  };
}

describe('PairSeries', () => {
  it('appends newer points and replaces the recomputed newest one', () => {
    const series = new PairSeries();
    series.reset([point(0), point(1)]);
    const merge = series.merge([point(1, 0.5), point(2), point(3)]);
    expect(merge).toEqual({ kind: 'tail', changed: [point(1, 0.5), point(2), point(3)] });
    expect(series.all.map((p) => p.start)).toEqual([0, 1, 2, 3]);
  });

  it('asks for a redraw when an older point changed, and not when it is the same', () => {
    const series = new PairSeries();
    series.reset([point(0), point(1), point(2)]);
    expect(series.merge([point(1)])).toEqual({ kind: 'none' });
    expect(series.merge([point(1, 3)])).toEqual({ kind: 'reset' });
    expect(series.all[1].zscore).toBe(3);
  });

  it('keeps at most the newest maxPoints', () => {
    const series = new PairSeries(10);
    series.reset(Array.from({ length: 20 }, (_, i) => point(i)));
    expect(series.all.length).toBe(10);
    // A tenth of slack, so the chart is not redrawn on every new point.
    expect(series.merge([point(20)]).kind).toBe('tail');
    expect(series.merge([point(21)]).kind).toBe('reset');
    expect(series.all.map((p) => p.start)).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
  });
});
