import { describe, expect, it } from 'vitest';
import { runRollingContract } from '../contract/rolling-contract.js';
import { btcLevel, twoPassMean } from '../contract/two-pass.js';
import { rollingCorrelationF64 } from './rolling-correlation.js';
import { RollingMean, rollingMean, rollingMeanF64 } from './rolling-mean.js';
import { rollingZScoreF64 } from './rolling-zscore.js';

runRollingContract<number | null, number>({
  name: 'RollingMean(60)',
  create: () => new RollingMean(60),
  batch: (xs) => rollingMean(xs, 60),
  generate: (random, i) => 100 + 10 * Math.sin(i / 17) + random(),
  missing: null,
  invalid: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
  warmup: 60,
  toNumbers: (v) => [v],
  primary: (v) => v,
  drift: { span: 60, reference: twoPassMean, generate: btcLevel, rtol: 1e-14, atol: 0 },
});

describe('rollingMean', () => {
  it('averages the trailing window and is null until it is full', () => {
    expect(rollingMean([1, 2, 3, 4, 5], 3)).toEqual([null, null, 2, 3, 4]);
  });

  it('gives null for any window holding a missing value', () => {
    expect(rollingMean([1, null, 3, 4, 5, 6], 2)).toEqual([null, null, null, 3.5, 4.5, 5.5]);
  });

  it('returns exactly the value for a constant window, whatever came before', () => {
    const out = rollingMean([1e9, 0.1, 0.1, 0.1], 3);
    expect(out[3]).toBe(0.1);
  });

  it('gives all nulls when the window is longer than the series (pandas)', () => {
    expect(rollingMean([1, 2], 5)).toEqual([null, null]);
  });

  it('takes Float64Arrays with NaN as missing and returns NaN where there is no value', () => {
    const out = rollingMeanF64(Float64Array.of(1, Number.NaN, 3, 4, 5), 2);
    expect(Array.from(out)).toEqual([Number.NaN, Number.NaN, Number.NaN, 3.5, 4.5]);
  });

  it('rejects ±Infinity in typed input with its index', () => {
    expect(() => rollingZScoreF64(Float64Array.of(1, 2, Number.POSITIVE_INFINITY, 4), 2)).toThrow(
      /values\[2\] must be finite or NaN/,
    );
    expect(() =>
      rollingCorrelationF64(Float64Array.of(1, 2, 3), Float64Array.of(1, Number.NEGATIVE_INFINITY, 3), 2),
    ).toThrow(/y\[1\] must be finite or NaN/);
  });

  it('rejects a bad window or non-finite values with a message that says what is wrong', () => {
    expect(() => rollingMean([1, 2], 0)).toThrow(/window must be an integer >= 1, got 0/);
    expect(() => rollingMean([1, 2], 1.5)).toThrow(/window/);
    expect(() => rollingMean([1, Number.NaN], 1)).toThrow(/values\[1\] must be a finite number or null/);
    expect(() => rollingMean([1, Number.POSITIVE_INFINITY], 1)).toThrow(/Infinity/);
    expect(() => new RollingMean(0)).toThrow(/window/);
  });
});
