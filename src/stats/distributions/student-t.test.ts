import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma } from './gamma.js';
import { regularizedIncompleteBeta } from './incomplete-beta.js';
import { normalCdf } from './normal.js';
import { studentTCdf, studentTSf, studentTTwoSidedPValue } from './student-t.js';

const relClose = (got: number, expected: number, rtol: number) => Math.abs(got - expected) <= rtol * Math.abs(expected);

describe('studentTTwoSidedPValue', () => {
  it('equals the closed forms for 1 and 2 degrees of freedom', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), (t) => {
        const cauchy = 1 - (2 / Math.PI) * Math.atan(t);
        const df2 = 1 - t / Math.sqrt(2 + t * t);
        return (
          Math.abs(studentTTwoSidedPValue(t, 1) - cauchy) < 1e-14 &&
          Math.abs(studentTTwoSidedPValue(t, 2) - df2) < 1e-14
        );
      }),
    );
  });

  it('keeps relative accuracy in the far tail (scipy t.sf values)', () => {
    // 2·scipy.stats.t.sf(t, df)
    expect(relClose(studentTTwoSidedPValue(31.307619273412232, 48), 1.346718015876454e-33, 1e-12)).toBe(true);
    expect(relClose(studentTTwoSidedPValue(0.24299703202954706, 48), 0.809043130037696, 1e-14)).toBe(true);
  });

  it('approaches the normal distribution for large df', () => {
    expect(Math.abs(studentTTwoSidedPValue(1.96, 1e7) - 2 * normalCdf(-1.96))).toBeLessThan(1e-7);
    expect(studentTTwoSidedPValue(1.96, Number.POSITIVE_INFINITY)).toBe(2 * normalCdf(-1.96));
  });

  it('is 1 at t = 0 and 0 at infinity', () => {
    expect(studentTTwoSidedPValue(0, 10)).toBe(1);
    expect(studentTTwoSidedPValue(Number.POSITIVE_INFINITY, 10)).toBe(0);
  });

  it('rejects a non-positive df and a NaN t', () => {
    expect(() => studentTTwoSidedPValue(1, 0)).toThrow(/degrees of freedom must be > 0, got 0/);
    expect(() => studentTTwoSidedPValue(Number.NaN, 3)).toThrow(/t is NaN/);
  });
});

describe('studentTCdf', () => {
  it('is a CDF: cdf(t) + sf(t) = 1 and cdf(−t) = sf(t)', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), fc.integer({ min: 1, max: 500 }), (t, df) => {
        return (
          Math.abs(studentTCdf(t, df) + studentTSf(t, df) - 1) < 1e-14 && studentTCdf(-t, df) === studentTSf(t, df)
        );
      }),
    );
  });
});

describe('special functions', () => {
  it('logGamma matches ln((n − 1)!) and ln √π', () => {
    let factorial = 1;
    for (let n = 1; n <= 30; n++) {
      expect(Math.abs(logGamma(n) - Math.log(factorial))).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.log(factorial)));
      factorial *= n;
    }
    expect(relClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-15)).toBe(true);
    expect(() => logGamma(0)).toThrow(/positive finite/);
  });

  it('regularizedIncompleteBeta satisfies I_x(a, b) = 1 − I_{1−x}(b, a)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 200, noNaN: true }),
        fc.double({ min: 0.1, max: 200, noNaN: true }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (a, b, x) =>
          Math.abs(regularizedIncompleteBeta(a, b, x) - (1 - regularizedIncompleteBeta(b, a, 1 - x))) < 1e-12,
      ),
    );
  });
});
