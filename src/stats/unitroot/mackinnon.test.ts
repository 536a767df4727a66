import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mackinnoncrit, mackinnonp } from './mackinnon.js';

describe('mackinnonp', () => {
  it('clips outside [τ_min, τ_max] and is a probability in between', () => {
    expect(mackinnonp(-19, 'c', 1)).toBe(0);
    expect(mackinnonp(2.75, 'c', 1)).toBe(1);
    expect(mackinnonp(Number.NEGATIVE_INFINITY, 'ct', 2)).toBe(0);
    expect(mackinnonp(Number.POSITIVE_INFINITY, 'n', 1)).toBe(1);
    fc.assert(
      fc.property(
        fc.double({ min: -20, max: 5, noNaN: true }),
        fc.constantFrom('n', 'c', 'ct', 'ctt' as const),
        fc.integer({ min: 1, max: 6 }),
        (stat, reg, n) => {
          const p = mackinnonp(stat, reg, n);
          return p >= 0 && p <= 1;
        },
      ),
    );
  });

  it('gives the textbook 5 % point: p(−2.86) ≈ 0.05 for regression c', () => {
    expect(mackinnonp(-2.8615, 'c', 1)).toBeCloseTo(0.05, 2);
  });

  it('rejects unknown regressions, N out of the tables and NaN statistics', () => {
    expect(() => mackinnonp(-2, 'x' as never, 1)).toThrow(/regression must be one of/);
    expect(() => mackinnonp(-2, 'c', 7)).toThrow(/N=7 \(tables cover N = 1…6\)/);
    expect(() => mackinnonp(-2, 'c', 0)).toThrow(/positive integer/);
    expect(() => mackinnonp(Number.NaN, 'c', 1)).toThrow(/stat must be a number/);
  });
});

describe('mackinnoncrit', () => {
  it('returns the asymptotic values for nobs = Infinity and approaches them as nobs grows', () => {
    expect(mackinnoncrit(1, 'c')).toEqual([-3.43035, -2.86154, -2.56677]);
    const big = mackinnoncrit(1, 'c', 1e9);
    expect(big[1]).toBeCloseTo(-2.86154, 8);
  });

  it('has no tables for regression n beyond N = 1 and rejects bad nobs', () => {
    expect(() => mackinnoncrit(2, 'n', 100)).toThrow(/no critical values for regression 'n' with N=2/);
    expect(() => mackinnoncrit(1, 'c', 0)).toThrow(/nobs must be a positive number/);
  });
});
