import { describe, expect, it } from 'vitest';
import { olsHedge } from '../../stats/regression/index.js';
import { theilSen } from '../../stats/robust/index.js';
import { compareHedges, studentTQuantile } from './hedge-comparison.js';

describe('compareHedges', () => {
  it('inverts the Student-t CDF (scipy t.ppf)', () => {
    // The CDF is accurate to ~1e-12, so the quantile to ~1e-11.
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281388519649385, 9);
    expect(studentTQuantile(0.995, 498)).toBeCloseTo(2.58573761107994, 9);
    expect(studentTQuantile(0.5, 7)).toBeCloseTo(0, 12);
  });

  it('puts OLS with its t interval beside Theil-Sen with Sen’s interval', () => {
    const x = Float64Array.from({ length: 80 }, (_, i) => 100 + i + Math.sin(i));
    const y = Float64Array.from(x, (v, i) => 2 * v + 5 + Math.cos(3 * i));
    y[10] += 50; // an outlier pulls OLS, not Theil-Sen
    const result = compareHedges(x, y, 0.9);
    const fit = olsHedge(y, x);
    expect(result.ols.hedgeRatio).toBe(fit.beta);
    const half = (result.ols.hedgeRatioCi[1] - result.ols.hedgeRatioCi[0]) / 2;
    expect(half / fit.betaSe).toBeCloseTo(studentTQuantile(0.95, 78), 10);
    const robust = theilSen(x, y, { alpha: 0.9 });
    expect(result.theilSen).toEqual({
      hedgeRatio: robust.slope,
      intercept: robust.intercept,
      hedgeRatioCi: [robust.lowSlope, robust.highSlope],
    });
    expect(Math.abs(result.theilSen.hedgeRatio - 2)).toBeLessThan(Math.abs(result.ols.hedgeRatio - 2));
  });
});
