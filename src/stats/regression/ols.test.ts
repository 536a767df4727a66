import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ols } from './ols.js';
import { olsHedge } from './ols-hedge.js';

const x1 = Array.from({ length: 30 }, (_, i) => Math.sin(i) * 5 + i / 3);
const x2 = Array.from({ length: 30 }, (_, i) => Math.cos(1.7 * i) * 2);

describe('ols', () => {
  it('recovers known coefficients on noiseless data (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e6, max: 1e6 }).map((v) => v / 1000),
        fc.integer({ min: -5e4, max: 5e4 }).map((v) => v / 1000),
        fc.integer({ min: -5e4, max: 5e4 }).map((v) => v / 1000),
        (a, b1, b2) => {
          fc.pre(b1 !== 0 || b2 !== 0);
          const y = x1.map((v, i) => a + b1 * v + b2 * x2[i]);
          const fit = ols(y, [x1, x2]);
          const scale = Math.abs(a) + Math.abs(b1) + Math.abs(b2) + 1;
          return [a, b1, b2].every((b, j) => Math.abs(fit.params[j] - b) <= 1e-10 * scale);
        },
      ),
    );
  });

  it('matches statsmodels on a small hand-checked case', () => {
    // statsmodels: OLS([1, 3, 2, 5, 4], add_constant([1, 2, 3, 4, 5])).fit()
    const fit = ols([1, 3, 2, 5, 4], [1, 2, 3, 4, 5]);
    expect(fit.params[0]).toBeCloseTo(0.6, 13);
    expect(fit.params[1]).toBeCloseTo(0.8, 13);
    expect(fit.ssr).toBeCloseTo(3.6, 12);
    expect(fit.rsquared).toBeCloseTo(0.64, 13);
    expect(fit.bse[1]).toBeCloseTo(Math.sqrt(1.2 / 10), 13);
    expect(Math.abs(fit.pvalues[1] - 0.10408803866182766)).toBeLessThan(1e-15);
    expect(fit.df).toBe(3);
    expect(fit.resid).toHaveLength(5);
  });

  it('uses the uncentered R² without an intercept', () => {
    const fit = ols([2, 4, 6.5], [1, 2, 3], { intercept: false });
    expect(fit.params).toHaveLength(1);
    expect(fit.rsquared).toBeCloseTo(1 - fit.ssr / (4 + 16 + 42.25), 14);
  });

  it('rejects bad input with messages that say what is wrong', () => {
    expect(() => ols([1, 2, 3], [1, 2])).toThrow('y and x[0] must have the same length, got 3 and 2');
    expect(() => ols([1, Number.NaN, 3, 4], [1, 2, 3, 4])).toThrow('y[1] is NaN');
    expect(() => ols([1, 2], [1, 2])).toThrow(/y is too short: 2 values, needs at least 3/);
    expect(() => ols([1, 2, 3, 5], [7, 7, 7, 7])).toThrow(/collinear: x\[0\].*duplicates the intercept/);
    expect(() => ols([1, 1, 1, 1], [1, 2, 3, 4])).toThrow(/y is constant/);
    expect(() =>
      ols(
        [1, 2, 3, 4],
        [
          [1, 2, 3, 4],
          [2, 4, 6, 8],
        ],
      ),
    ).toThrow(/x\[1\] is a linear combination/);
  });
});

describe('olsHedge', () => {
  it('returns alpha, beta and the residual spread with the three standard deviations', () => {
    const x = Array.from({ length: 50 }, (_, i) => 100 + i + Math.sin(i));
    const y = x.map((v, i) => 5 + 1.5 * v + Math.cos(2 * i));
    const h = olsHedge(y, x);
    expect(h.beta).toBeCloseTo(1.5, 1);
    expect(h.resid.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 10);
    expect(h.residStdDdof1).toBeCloseTo(h.residStdDdof0 * Math.sqrt(50 / 49), 14);
    expect(h.residStd).toBeCloseTo(Math.sqrt(h.ssr / 48), 14);
    expect(h.dfResid).toBe(48);
  });
});

describe('edge cases', () => {
  it('fits an intercept-only model when given no regressors', () => {
    const fit = ols([1, 2, 3, 6], []);
    expect(fit.params).toEqual([3]);
    expect(fit.df).toBe(3);
  });

  it('names a constant hedge leg instead of reporting collinearity', () => {
    expect(() => olsHedge([1, 2, 3, 4], [5, 5, 5, 5])).toThrow(/x is constant/);
  });
});

describe('design matrix layouts', () => {
  it('reads an n×k matrix of rows like statsmodels exog', () => {
    const y = x1.map((v, i) => 1 + 2 * v - 3 * x2[i] + Math.sin(5 * i) * 0.1);
    const byColumns = ols(y, [x1, x2]);
    const byRows = ols(
      y,
      x1.map((v, i) => [v, x2[i]]),
    );
    expect(byRows.params).toEqual(byColumns.params);
    expect(() =>
      ols(
        y,
        x1.map((v, i) => (i === 3 ? [v] : [v, x2[i]])),
      ),
    ).toThrow('x row 3 must have 2 values like row 0, got 1');
  });
});
