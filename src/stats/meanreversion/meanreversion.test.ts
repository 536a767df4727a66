import { describe, expect, it } from 'vitest';
import { halfLife } from './half-life.js';
import { hurstExponent } from './hurst.js';
import { seededGaussian } from '../../domain/seeded-random.js';

/** Levels whose increments follow an AR(1) with coefficient `phi` (phi = 0: random walk). */
function integratedAr(n: number, phi: number, seed: number, drift = 0): number[] {
  const noise = seededGaussian(seed);
  const out = [0];
  let step = 0;
  for (let i = 1; i < n; i++) {
    step = phi * step + noise();
    out.push(out[i - 1] + drift + step);
  }
  return out;
}

function ou(n: number, phi: number, seed: number): number[] {
  const noise = seededGaussian(seed);
  const out = [0];
  for (let i = 1; i < n; i++) out.push(phi * out[i - 1] + noise());
  return out;
}

describe('halfLife', () => {
  it('recovers the half-life of an AR(1) spread', () => {
    // AR coefficient 0.9 → half-life ln 2 / −ln 0.9 ≈ 6.6 bars.
    const result = halfLife(ou(5000, 0.9, 1));
    expect(result.arCoef).toBeCloseTo(0.9, 1);
    expect(result.halflifeAr).not.toBeNull();
    expect(result.halflifeAr as number).toBeGreaterThan(5);
    expect(result.halflifeAr as number).toBeLessThan(8.5);
    expect(result.nobs).toBe(4999);
  });

  it('reports a negative half-life and no AR half-life for an explosive spread', () => {
    const explosive = Array.from({ length: 50 }, (_, i) => 1.05 ** i + Math.sin(i) * 0.01);
    const result = halfLife(explosive);
    expect(result.beta).toBeGreaterThan(0);
    expect(result.halflife).toBeLessThan(0);
    expect(result.halflifeAr).toBeNull();
  });

  it('rejects bad input with messages that say what is wrong', () => {
    expect(() => halfLife([1, 2, 3])).toThrow(/spread is too short: 3 values, needs at least 4/);
    expect(() => halfLife([1, 2, Number.NaN, 1, 2])).toThrow('spread[2] is NaN');
    expect(() => halfLife([2, 2, 2, 2, 2])).toThrow(/spread is constant/);
    expect(() => halfLife([1, 2, 3, 4, 5])).toThrow(/changes by the same amount \(1\) every step/);
  });
});

describe('hurstExponent', () => {
  it('is about 0.5 for random walks', () => {
    const estimates = [1, 2, 3, 4, 5].map((seed) => hurstExponent(integratedAr(10_000, 0, seed)));
    const mean = estimates.reduce((a, b) => a + b, 0) / estimates.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('is above 0.5 for trending series (persistent increments or a drift)', () => {
    expect(hurstExponent(integratedAr(10_000, 0.5, 6))).toBeGreaterThan(0.5);
    expect(hurstExponent(integratedAr(10_000, 0.8, 6))).toBeGreaterThan(0.55);
    expect(hurstExponent(integratedAr(10_000, 0, 7, 0.2))).toBeGreaterThan(0.6);
  });

  it('is below 0.5 for mean-reverting series', () => {
    expect(hurstExponent(ou(10_000, 0.9, 8))).toBeLessThan(0.3);
    expect(hurstExponent(integratedAr(10_000, -0.5, 9))).toBeLessThan(0.5);
  });

  it('rejects bad input with messages that say what is wrong', () => {
    expect(() => hurstExponent([1, 2, 3, 4, 5])).toThrow(/x is too short: 5 values, needs at least 16/);
    expect(() => hurstExponent(new Array(50).fill(3))).toThrow(/x is constant/);
    expect(() => hurstExponent([...integratedAr(40, 0, 1).slice(0, 39), Number.POSITIVE_INFINITY])).toThrow(
      'x[39] is Infinity',
    );
    expect(() => hurstExponent(integratedAr(100, 0, 1), { minLag: 5, maxLag: 6 })).toThrow(
      /maxLag must be an integer ≥ minLag \+ 2 = 7/,
    );
    expect(() => hurstExponent(Array.from({ length: 40 }, (_, i) => i % 2))).toThrow(/repeats exactly at lag 2/);
  });
});
