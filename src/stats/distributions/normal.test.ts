import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, normalQuantile, normalSf } from './normal.js';

const close = (got: number, expected: number, rtol: number) => Math.abs(got - expected) <= rtol * Math.abs(expected);

describe('normalCdf', () => {
  it('matches reference values to ~1e-15 relative, including the far lower tail', () => {
    // Values from scipy.special.ndtr (mpmath agrees to all printed digits).
    const cases: [number, number][] = [
      [0, 0.5],
      [-1.959963984540054, 0.025],
      [-1, 0.15865525393145707],
      [1, 0.8413447460685429],
      [-5, 2.866515718791939e-7],
      [-10, 7.619853024160527e-24],
      [-20, 2.7536241186062337e-89],
      [-37, 5.725571222524e-300],
    ];
    for (const [x, p] of cases)
      expect(close(normalCdf(x), p, 1e-13), `Φ(${x}) = ${normalCdf(x)}, expected ${p}`).toBe(true);
  });

  it('is symmetric: Φ(x) + Φ(−x) = 1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -8, max: 8, noNaN: true }),
        (x) => Math.abs(normalCdf(x) + normalCdf(-x) - 1) < 1e-15,
      ),
    );
  });

  it('is monotone non-decreasing', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -30, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, dx) => normalCdf(x + dx) >= normalCdf(x),
      ),
    );
  });

  it('reaches exactly 0 and 1 at the infinities and propagates NaN', () => {
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
    // Far in the upper tail the survival function keeps its relative precision (no 1 − Φ cancellation)
    // until the true value falls below the smallest double (Q(40) ≈ 3.7e-350), where it is exactly 0.
    expect(close(normalSf(30), 4.906713927148e-198, 1e-10), `Q(30) = ${normalSf(30)}`).toBe(true);
    expect(close(normalSf(37), 5.725571222524e-300, 1e-10), `Q(37) = ${normalSf(37)}`).toBe(true);
    expect(normalSf(40)).toBe(0);
  });
});

describe('erf / erfc', () => {
  it('match reference values', () => {
    expect(close(erf(0.5), 0.5204998778130465, 1e-15)).toBe(true);
    expect(close(erfc(3), 2.209049699858544e-5, 1e-14)).toBe(true);
    expect(close(erfc(-1.5), 1.9661051464753108, 1e-15)).toBe(true);
    expect(erf(-0.3)).toBe(-erf(0.3));
  });
});

describe('normalQuantile', () => {
  it('inverts normalCdf to ~1e-14 relative on (0, 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1 - 1e-12, noNaN: true }), (p) => {
        const x = normalQuantile(p);
        return Math.abs(normalCdf(x) - p) <= 1e-13 * p + 1e-16;
      }),
    );
  });

  it('gives ±Infinity at the ends and the familiar 97.5 % point', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(close(normalQuantile(0.975), 1.959963984540054, 1e-15)).toBe(true);
  });

  it('rejects probabilities outside [0, 1] with a message naming the value', () => {
    expect(() => normalQuantile(1.5)).toThrow(/p must be in \[0, 1\], got 1.5/);
    expect(() => normalQuantile(Number.NaN)).toThrow(/got NaN/);
  });
});
