import { describe, expect, it } from 'vitest';
import { pairEstimator, runRollingContract } from '../contract/rolling-contract.js';
import { twoPassBeta, twoPassCorrelation, twoPassCovariance } from '../contract/two-pass.js';
import { RollingBeta, rollingBeta, rollingBetaComponents } from './rolling-beta.js';
import { RollingCorrelation, rollingCorrelation } from './rolling-correlation.js';
import { RollingCovariance, rollingCovariance } from './rolling-covariance.js';

type Pair = readonly [number | null, number | null];

/** A BTC/ETH-like pair: y ≈ 0.06·x + noise, both at exchange price levels. */
function pairAt(random: () => number, i: number): Pair {
  const x = 60_000 + 15_000 * Math.sin((2 * Math.PI * i) / 150_000) + 40 * (random() - 0.5);
  return [x, 0.06 * x + 300 + 3 * (random() - 0.5)];
}
const split = (pairs: readonly Pair[]) => [pairs.map((p) => p[0]), pairs.map((p) => p[1])] as const;
const invalid: Pair[] = [
  [Number.NaN, 1],
  [1, Number.POSITIVE_INFINITY],
];

runRollingContract<Pair, number>({
  name: 'RollingCovariance(60)',
  create: () => pairEstimator(new RollingCovariance(60)),
  batch: (pairs) => rollingCovariance(...split(pairs), 60),
  generate: pairAt,
  missing: [null, 3],
  invalid,
  warmup: 60,
  toNumbers: (v) => [v],
  primary: (v) => v,
  drift: { span: 60, reference: (t) => twoPassCovariance(...split(t), 1), rtol: 1e-10, atol: 0 },
});

runRollingContract<Pair, number>({
  name: 'RollingCorrelation(60)',
  create: () => pairEstimator(new RollingCorrelation(60)),
  batch: (pairs) => rollingCorrelation(...split(pairs), 60),
  generate: pairAt,
  missing: [2, null],
  invalid,
  warmup: 60,
  toNumbers: (v) => [v],
  primary: (v) => v,
  drift: { span: 60, reference: (t) => twoPassCorrelation(...split(t)), rtol: 1e-10, atol: 1e-12 },
});

runRollingContract<Pair, number>({
  name: 'RollingBeta(60)',
  create: () => pairEstimator(new RollingBeta(60)),
  batch: (pairs) => rollingBeta(...split(pairs), 60),
  generate: pairAt,
  missing: [null, null],
  invalid,
  warmup: 60,
  toNumbers: (v) => [v],
  primary: (v) => v,
  drift: { span: 60, reference: (t) => twoPassBeta(...split(t)), rtol: 1e-10, atol: 1e-12 },
});

describe('rolling correlation, covariance and beta', () => {
  it('give +1 / −1 correlation and the exact slope for lines', () => {
    const x = [1, 2, 4, 8, 16];
    const up = rollingCorrelation(
      x,
      x.map((v) => 3 * v + 1),
      3,
    ).slice(2);
    const down = rollingCorrelation(
      x,
      x.map((v) => -v),
      3,
    ).slice(2);
    const slope = rollingBeta(
      x,
      x.map((v) => 2.5 * v - 7),
      3,
    ).slice(2);
    for (let i = 0; i < 3; i++) {
      expect(up[i]).toBeCloseTo(1, 15);
      expect(down[i]).toBeCloseTo(-1, 15);
      expect(slope[i]).toBeCloseTo(2.5, 14);
    }
  });

  it('drop a point from both legs when either is missing (pairwise-complete)', () => {
    const x = [1, 2, null, 4, 5, 6];
    const y = [2, 1, 3, null, 7, 8];
    expect(rollingCorrelation(x, y, 2)).toEqual([null, -1, null, null, null, 1]);
    const parts = rollingBetaComponents(x, y, 2);
    expect(parts.variance).toEqual([null, 0.5, null, null, null, 0.5]);
    expect(parts.covariance).toEqual([null, -0.5, null, null, null, 0.5]);
  });

  it('have no correlation or beta when a leg is constant, and covariance exactly 0', () => {
    const x = [5, 5, 5, 5];
    const y = [1, 3, 2, 9];
    expect(rollingCorrelation(x, y, 3)).toEqual([null, null, null, null]);
    expect(rollingBeta(x, y, 3)).toEqual([null, null, null, null]);
    expect(rollingCovariance(x, y, 3)).toEqual([null, null, 0, 0]);
    expect(rollingCorrelation(y, x, 3)).toEqual([null, null, null, null]);
  });

  it('reject series of different lengths', () => {
    expect(() => rollingCorrelation([1, 2, 3], [1, 2], 2)).toThrow(/x and y must have the same length, got 3 and 2/);
    expect(() => rollingBeta([1, 2], [1, Number.NaN], 2)).toThrow(/y\[1\]/);
  });
});
