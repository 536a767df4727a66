import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundHalfEven, tieGroupSizes } from './robust-inputs.js';
import { median, orderStatistics } from './select.js';
import { siegelSlopes } from './siegel.js';
import { theilSen } from './theil-sen.js';

describe('order statistics', () => {
  it('match a full sort for any ranks (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        (ints, picks) => {
          const values = Float64Array.from(ints, (v) => v / 3);
          const sorted = Float64Array.from(values).sort();
          const ranks = picks.map((p) => p % values.length);
          return orderStatistics(values, ranks).every((v, i) => v === sorted[ranks[i]]);
        },
      ),
    );
  });

  it('take the mean of the two middle values for an even count, as numpy', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(() => median([])).toThrow(/empty/);
  });
});

describe('Theil-Sen', () => {
  it('ignores gross outliers that pull OLS away', () => {
    const x = Array.from({ length: 21 }, (_, i) => i);
    const y = x.map((v) => 2 * v + 1);
    y[20] = 1000;
    y[3] = -500;
    const fit = theilSen(x, y);
    expect(fit.slope).toBe(2);
    expect(fit.intercept).toBe(1);
    expect(theilSen(x, y, { method: 'joint' }).intercept).toBe(1);
    expect(fit.lowSlope).toBeLessThanOrEqual(2);
    expect(fit.highSlope).toBeGreaterThanOrEqual(2);
  });

  it('skips pairs with equal x and rejects all-equal x', () => {
    expect(theilSen([1, 1, 2], [0, 2, 3]).slope).toBe(2); // slopes 3 and 1 → 2
    expect(() => theilSen([3, 3, 3], [1, 2, 3])).toThrow(/all x values are identical/);
    expect(() => siegelSlopes([3, 3], [1, 2])).toThrow(/all x values are identical/);
  });

  it('rejects bad input with a reason', () => {
    expect(() => theilSen([1, 2], [1])).toThrow(/same length/);
    expect(() => theilSen([1, Number.NaN], [1, 2])).toThrow(/x\[1\] must be a finite number/);
    expect(() => theilSen([1], [1])).toThrow(/at least 2 points/);
    expect(() => theilSen([1, 2], [1, 2], { alpha: 1 })).toThrow(/alpha must be in \(0, 1\)/);
  });
});

describe('Siegel repeated medians', () => {
  it('recovers a line through 49 % contaminated data', () => {
    const x = Array.from({ length: 51 }, (_, i) => i);
    const y = x.map((v, i) => (i % 2 === 1 && i < 50 ? 1e3 * Math.sin(i) : 3 - 0.5 * v));
    const fit = siegelSlopes(x, y);
    expect(fit.slope).toBeCloseTo(-0.5, 12);
    expect(fit.intercept).toBeCloseTo(3, 12);
    expect(siegelSlopes(x, y, { method: 'separate' }).intercept).toBeCloseTo(3, 12);
  });
});

describe('helpers', () => {
  it('round halves to even like numpy', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2, 3]);
  });

  it('count tie groups', () => {
    expect(tieGroupSizes([1, 2, 2, 3, 3, 3, 4])).toEqual([2, 3]);
  });
});
