import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairEstimator, runRollingContract } from '../contract/rolling-contract.js';
import { seededRandom } from '../../domain/seeded-random.js';
import { KalmanHedge, kalmanHedge, type KalmanStep } from './kalman-hedge.js';

type Pair = readonly [number | null, number | null];
const options = { delta: 1e-4, observationVariance: 1e-3 };

function pairAt(random: () => number, i: number): Pair {
  const x = 50 + 5 * Math.sin(i / 30) + random();
  return [x, 2 + 0.8 * x + 0.05 * (random() - 0.5)];
}

runRollingContract<Pair, KalmanStep>({
  name: 'KalmanHedge',
  create: () => pairEstimator(new KalmanHedge(options)),
  batch: (pairs) => {
    const r = kalmanHedge(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
      options,
    );
    return r.slope.map((slope, i) => ({
      intercept: r.intercept[i],
      slope,
      P00: r.P00[i],
      P01: r.P01[i],
      P11: r.P11[i],
      yhat: r.yhat[i],
      e: r.e[i],
      Q: r.Q[i],
      sqrtQ: r.sqrtQ[i],
    }));
  },
  generate: pairAt,
  missing: [null, 1],
  invalid: [
    [Number.NaN, 1],
    [1, Number.NEGATIVE_INFINITY],
  ],
  warmup: 1,
  toNumbers: (v) => (v === null ? [null] : [v.intercept, v.slope, v.P00, v.P01, v.P11, v.yhat, v.e, v.Q, v.sqrtQ]),
  primary: (v) => (v === null ? null : v.slope),
});

/** OLS of y on [1, x] by centred sums. */
function ols(x: number[], y: number[]): [number, number] {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const beta = sxy / sxx;
  return [my - beta * mx, beta];
}

describe('KalmanHedge', () => {
  it('applies the prediction step at t = 0: R_0 = Vw, so the first gain is not zero', () => {
    const r = kalmanHedge([2], [3], { delta: 0.5, observationVariance: 1 });
    // Vw = 1, R = I, Q = 1 + 4 + 1 = 6, K = [1, 2]/6, θ = K·3
    expect(r.yhat[0]).toBe(0);
    expect(r.Q[0]).toBe(6);
    expect(r.intercept[0]).toBeCloseTo(0.5, 15);
    expect(r.slope[0]).toBeCloseTo(1, 15);
    expect(r.P00[0]).toBeCloseTo(1 - 1 / 6, 15);
  });

  it('converges to the OLS fit as the process noise goes to 0 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        fc.constantFrom(0, 1e-15, 1e-13),
        (seed, alpha, beta, delta) => {
          const random = seededRandom(seed);
          const x: number[] = [];
          const y: number[] = [];
          let level = 100;
          for (let i = 0; i < 3000; i++) {
            level += random() - 0.5;
            x.push(level);
            y.push(alpha + beta * level + 0.5 * (random() - 0.5));
          }
          // A diffuse prior turns the filter into recursive least squares.
          const r = kalmanHedge(x, y, {
            delta,
            observationVariance: 1,
            initialCovariance: [
              [1e8, 0],
              [0, 1e8],
            ],
          });
          const [a, b] = ols(x, y);
          const n = x.length - 1;
          return (
            Math.abs(r.slope[n] - b) <= 1e-5 * Math.abs(b) + 1e-6 &&
            Math.abs(r.intercept[n] - a) <= 1e-3 * (1 + Math.abs(a))
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('only predicts on a bar with a missing leg: state kept, uncertainty grows', () => {
    const r = kalmanHedge([1, 2, null, 4], [2, 4, 6, 8], options);
    expect(r.slope[2]).toBe(r.slope[1]);
    expect(r.P11[2]).toBeGreaterThan(r.P11[1]);
    expect(r.yhat[2]).toBeNull();
    expect(r.e[2]).toBeNull();
  });

  it('rejects bad settings and inputs with a reason', () => {
    expect(() => kalmanHedge([1], [1], { delta: 1, observationVariance: 1 })).toThrow(
      /delta must satisfy 0 <= delta < 1, got 1/,
    );
    expect(() => kalmanHedge([1], [1], { delta: 0.1, observationVariance: 0 })).toThrow(
      /observationVariance must be > 0/,
    );
    expect(() => kalmanHedge([1, 2], [1], options)).toThrow(/same length/);
    expect(() => new KalmanHedge({ ...options, initialState: [0, Number.NaN] })).toThrow(/initialState\[1\]/);
  });
});
