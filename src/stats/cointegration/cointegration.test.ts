import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engleGranger } from './engle-granger.js';
import { johansen } from './johansen.js';
import { seededGaussian } from '../../domain/seeded-random.js';

/** x a random walk, y = 2 + 1.5·x + AR(0.7) spread. */
function cointegratedPair(n: number, seed: number): { x: number[]; y: number[]; independent: number[] } {
  const noise = seededGaussian(seed);
  const x = [100];
  const independent = [50];
  let spread = 0;
  const y = [2 + 150];
  for (let i = 1; i < n; i++) {
    x.push(x[i - 1] + noise());
    independent.push(independent[i - 1] + noise());
    spread = 0.7 * spread + noise();
    y.push(2 + 1.5 * x[i] + spread);
  }
  return { x, y, independent };
}

describe('engleGranger', () => {
  const { x, y, independent } = cointegratedPair(400, 11);

  it('finds a cointegrated pair and its hedge ratio, and not an independent one', () => {
    const result = engleGranger(y, x);
    expect(result.pvalue).toBeLessThan(0.01);
    expect(Math.abs(result.hedgeRatio - 1.5)).toBeLessThan(0.15);
    expect(result.firstStage.params).toEqual([result.hedgeRatio, result.intercept]);
    expect(result.trendSlope).toBeNull();
    expect(result.spread).toHaveLength(400);
    expect(engleGranger(independent, x).pvalue).toBeGreaterThan(0.05);
  });

  it('reports −Infinity and p = 0 for collinear series, without running the ADF', () => {
    const result = engleGranger(
      x.map((v) => 3 + 2.5 * v),
      x,
    );
    expect(result.collinear).toBe(true);
    expect(result.tstat).toBe(Number.NEGATIVE_INFINITY);
    expect(result.pvalue).toBe(0);
    expect(result.usedlag).toBeNull();
  });

  it('is invariant to the units of y (property)', () => {
    const reference = engleGranger(y, x, { trend: 'ct' });
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (scale) => {
        const scaled = engleGranger(
          y.map((v) => scale * v),
          x,
          { trend: 'ct' },
        );
        return (
          Math.abs(scaled.tstat - reference.tstat) < 1e-8 * Math.abs(reference.tstat) &&
          scaled.usedlag === reference.usedlag
        );
      }),
      { numRuns: 30 },
    );
  });

  it('rejects bad input with messages that say what is wrong', () => {
    expect(() => engleGranger(y.slice(0, 10), x)).toThrow('y and x must have the same length, got 10 and 400');
    expect(() => engleGranger([1, 2, Number.NaN, 4, 5, 6], [1, 2, 3, 4, 5, 7])).toThrow('y[2] is NaN');
    expect(() => engleGranger([1, 2, 3], [3, 1, 2])).toThrow(
      /y is too short: 3 values, needs at least 4 for trend 'c'/,
    );
    expect(() => engleGranger(y, new Array(400).fill(2))).toThrow(/x is constant/);
    expect(() => engleGranger(y, x, { trend: 'ctt' as never })).toThrow(/trend must be 'c' or 'ct'/);
  });
});

describe('johansen', () => {
  const { x, y, independent } = cointegratedPair(500, 21);

  it('finds rank 1 for a cointegrated pair and recovers the cointegrating vector', () => {
    const result = johansen([y, x], { detOrder: 0, kArDiff: 1 });
    expect(result.rankTrace95).toBe(1);
    expect(result.evecNormalized[1][0]).toBeCloseTo(-1.5, 1);
    expect(result.nobsEffective).toBe(500 - 1 - 1);
  });

  it('returns ordered eigenvalues in [0, 1) and consistent statistics', () => {
    const result = johansen([y, x, independent], { detOrder: 1, kArDiff: 2 });
    for (let i = 1; i < result.eig.length; i++) expect(result.eig[i]).toBeLessThanOrEqual(result.eig[i - 1]);
    expect(result.eig.every((l) => l >= 0 && l < 1)).toBe(true);
    const last = result.eig.length - 1;
    expect(result.traceStat[last]).toBeCloseTo(result.maxEigStat[last], 12);
    expect(result.traceStat[0]).toBeCloseTo(
      result.maxEigStat.reduce((a, b) => a + b, 0),
      9,
    );
    expect(result.evec.every((row) => row.length === 3)).toBe(true);
    expect(result.evec[0].every((v) => v >= 0)).toBe(true);
    expect(result.traceCrit[0]).toEqual([32.0645, 35.0116, 41.0815]);
  });

  it('rejects bad input with messages that say what is wrong', () => {
    expect(() => johansen([x])).toThrow(/between 2 and 12 series \(critical-value tables\), got 1/);
    expect(() => johansen([x, y.slice(1)])).toThrow(/series\[0\] has 500 values, series\[1\] has 499/);
    expect(() => johansen([x.slice(0, 6), y.slice(0, 6)])).toThrow(/series is too short: 6 values, needs at least 8/);
    expect(() => johansen([x, new Array(500).fill(1)])).toThrow(/series\[1\] is constant/);
    expect(() => johansen([x, x.map((v) => 2 * v + 1)])).toThrow(/collinear/);
    expect(() => johansen([x, y], { detOrder: 2 as never })).toThrow(/detOrder must be -1, 0 or 1/);
    expect(() => johansen([x, y], { kArDiff: -1 })).toThrow(/kArDiff must be a non-negative integer/);
  });
});
