import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runRollingContract } from '../contract/rolling-contract.js';
import { btcLevel, close, twoPassZScore } from '../contract/two-pass.js';
import { RollingZScore, rollingZScore } from './rolling-zscore.js';

runRollingContract<number | null, number>({
  name: 'RollingZScore(60)',
  create: () => new RollingZScore(60),
  batch: (xs) => rollingZScore(xs, 60),
  generate: (random, i) => 30_000 + 200 * Math.sin(i / 40) + 5 * random(),
  missing: null,
  invalid: [Number.NaN, Number.NEGATIVE_INFINITY],
  warmup: 60,
  toNumbers: (v) => [v],
  primary: (v) => v,
  drift: { span: 60, reference: twoPassZScore, generate: btcLevel, rtol: 1e-9, atol: 1e-12 },
});

describe('rollingZScore', () => {
  it('measures the latest value in standard deviations of its window', () => {
    // window [1, 2, 3]: mean 2, sample std 1
    expect(rollingZScore([1, 2, 3], 3)[2]).toBe(1);
  });

  it('is null on a constant window (std exactly 0), never a number made of round-off', () => {
    const xs = [0.1, 0.7, 0.3, 0.3, 0.3, 0.3, 0.3];
    const z = rollingZScore(xs, 4);
    expect(z.slice(5)).toEqual([null, null]);
    const stream = new RollingZScore(4);
    for (const x of xs) stream.add(x);
    expect(stream.value).toBeNull();
    expect(stream.std).toBe(0);
    expect(stream.mean).toBe(0.3);
    expect(() => stream.getResult()).toThrow(/no result/);
  });

  it('is invariant to a·x + b for a > 0 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 120 }),
        fc.integer({ min: 2, max: 30 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (ints, window, a, b) => {
          const xs = ints.map((v) => v / 4);
          const zs = rollingZScore(xs, window);
          const moved = rollingZScore(
            xs.map((x) => a * x + b),
            window,
          );
          return zs.every((z, i) => close(moved[i], z, 1e-7, 1e-7));
        },
      ),
    );
  });
});
