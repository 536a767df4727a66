import { describe, expect, it } from 'vitest';
import { coveredShare, gapSegments } from './coverage-strip.ts';

describe('coverage strip', () => {
  it('places each gap at its share of the range', () => {
    expect(gapSegments(0, 1000, [{ from: 100, to: 200 }], 0)).toEqual([
      { x: 0.1, width: 0.1, gap: { from: 100, to: 200 } },
    ]);
  });

  it('widens a tiny gap to the minimum width so it stays visible, inside the strip', () => {
    const [segment] = gapSegments(0, 1_000_000, [{ from: 999_990, to: 1_000_000 }], 0.01);
    expect(segment.width).toBe(0.01);
    expect(segment.x + segment.width).toBeLessThanOrEqual(1);
  });

  it('cuts gaps at the edges of the range and drops those outside it', () => {
    const segments = gapSegments(
      1000,
      2000,
      [
        { from: 0, to: 500 },
        { from: 900, to: 1100 },
        { from: 1900, to: 2500 },
      ],
      0,
    );
    expect(segments.map((segment) => segment.gap)).toEqual([
      { from: 1000, to: 1100 },
      { from: 1900, to: 2000 },
    ]);
  });

  it('merges gaps that touch once widened, whatever order they came in', () => {
    const segments = gapSegments(
      0,
      1000,
      [
        { from: 503, to: 504 },
        { from: 500, to: 501 },
      ],
      0.01,
    );
    expect(segments).toHaveLength(1);
    expect(segments[0].gap).toEqual({ from: 500, to: 504 });
  });

  it('adds up the missing and no-data bars of merged gaps', () => {
    const [merged] = gapSegments(
      0,
      1000,
      [
        { from: 500, to: 501, missingBars: 1, noDataBars: 1 },
        { from: 502, to: 504, missingBars: 2, noDataBars: 0 },
      ],
      0.01,
    );
    expect(merged.gap).toEqual({ from: 500, to: 504, missingBars: 3, noDataBars: 1 });
  });

  it('has nothing to draw for an empty range', () => {
    expect(gapSegments(5, 5, [{ from: 5, to: 6 }])).toEqual([]);
  });

  it('counts overlapping gaps once in the covered share', () => {
    expect(
      coveredShare(0, 100, [
        { from: 10, to: 30 },
        { from: 20, to: 40 },
      ]),
    ).toBeCloseTo(0.7);
  });
});
