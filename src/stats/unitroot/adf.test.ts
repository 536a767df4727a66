import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adf, defaultMaxlag } from './adf.js';
import { seededGaussian } from '../../domain/seeded-random.js';

function randomWalk(n: number, seed: number): number[] {
  const noise = seededGaussian(seed);
  const out = [100];
  for (let i = 1; i < n; i++) out.push(out[i - 1] + noise());
  return out;
}

function ar1(n: number, phi: number, seed: number): number[] {
  const noise = seededGaussian(seed);
  const out = [0];
  for (let i = 1; i < n; i++) out.push(phi * out[i - 1] + noise());
  return out;
}

describe('adf', () => {
  it('rejects a unit root for a fast mean-reverting series and not for a random walk', () => {
    expect(adf(ar1(500, 0.5, 1)).pvalue).toBeLessThan(0.01);
    expect(adf(randomWalk(500, 2)).pvalue).toBeGreaterThan(0.05);
  });

  it('uses n − 1 − usedlag rows and reports the search path for p = 0…maxlag', () => {
    const result = adf(randomWalk(300, 3), { regression: 'ct', autolag: 'BIC' });
    expect(result.nobs).toBe(300 - 1 - result.usedlag);
    expect(result.maxlag).toBe(defaultMaxlag(300, 'ct'));
    expect(result.icPath).toHaveLength(result.maxlag + 1);
    expect(result.icbest).toBe(Math.min(...(result.icPath ?? [])));
  });

  it('fits exactly maxlag lags without autolag', () => {
    const result = adf(randomWalk(100, 4), { autolag: null, maxlag: 3 });
    expect(result.usedlag).toBe(3);
    expect(result.icbest).toBeNull();
    expect(result.icPath).toBeNull();
  });

  it('gives the same statistic for any positive affine transform of the series (property)', () => {
    const x = randomWalk(120, 5);
    const reference = adf(x, { regression: 'c' });
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        (scale, shift) => {
          const result = adf(
            x.map((v) => shift + scale * v),
            { regression: 'c' },
          );
          return (
            result.usedlag === reference.usedlag &&
            Math.abs(result.adfstat - reference.adfstat) < 1e-8 * Math.abs(reference.adfstat)
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('accepts lower-case autolag names like statsmodels coint', () => {
    const x = randomWalk(80, 6);
    expect(adf(x, { autolag: 'aic' })).toEqual(adf(x, { autolag: 'AIC' }));
  });

  it('rejects bad input with messages that say what is wrong', () => {
    expect(() => adf([1, 2, Number.NaN, 4, 5])).toThrow('x[2] is NaN');
    expect(() => adf([1, 2, Number.POSITIVE_INFINITY, 4, 5])).toThrow('x[2] is Infinity');
    expect(() => adf([5, 5, 5, 5, 5, 5])).toThrow(/x is constant/);
    expect(() => adf([1, 2, 4])).toThrow(/x is too short: 3 values, needs at least 4 for regression 'c'/);
    expect(() => adf([1, 3, 2, 4, 3], { regression: 'ct' })).toThrow(/needs at least 6 for regression 'ct'/);
    expect(() => adf([1, 3, 2, 4, 3, 5, 4], { regression: 'ctt' })).toThrow(/needs at least 8 for regression 'ctt'/);
    expect(() => adf([1])).toThrow(/x is too short: 1 values/);
    expect(() => adf(randomWalk(50, 7), { maxlag: 30 })).toThrow(
      /maxlag=30 is too large for 50 values.*at most n\/\/2 − ntrend − 1 = 23/,
    );
    expect(() => adf(randomWalk(50, 7), { regression: 'x' as never })).toThrow(
      /regression must be one of 'n', 'c', 'ct', 'ctt'/,
    );
    expect(() => adf(randomWalk(50, 7), { autolag: 'HQIC' as never })).toThrow(
      /autolag must be 'AIC', 'BIC', 't-stat' or null/,
    );
    expect(() => adf(randomWalk(50, 7), { maxlag: -1 })).toThrow(/maxlag must be a non-negative integer/);
  });

  it('rejects a regression without residual degrees of freedom instead of returning noise', () => {
    // n = 20 with regression 'n': the default maxlag 9 leaves 10 rows for 10 regressors.
    expect(() => adf(randomWalk(20, 8), { regression: 'n' })).toThrow(
      /no residual degrees of freedom.*pass a smaller maxlag/,
    );
    expect(adf(randomWalk(20, 8), { regression: 'n', maxlag: 8 }).maxlag).toBe(8);
    expect(() => adf([1, 2], { regression: 'n' })).toThrow(/x is too short: 2 values .* needs at least 3/);
    expect(adf([1, 3, 2], { regression: 'n' }).nobs).toBe(2);
  });

  it('rejects an exact linear trend, whose differences are collinear with the constant', () => {
    expect(() => adf(Array.from({ length: 40 }, (_, i) => 2 * i + 1))).toThrow(/singular/);
  });
});
