import { describe, expect, it } from 'vitest';
import { runRollingContract } from '../contract/rolling-contract.js';
import { btcLevel, twoPassVariance } from '../contract/two-pass.js';
import { RollingStd, rollingStd, rollingVariance } from './rolling-std.js';

for (const ddof of [0, 1] as const) {
  runRollingContract<number | null, number>({
    name: `RollingStd(30, ddof ${ddof})`,
    create: () => new RollingStd(30, { ddof }),
    batch: (xs) => rollingStd(xs, 30, { ddof }),
    generate: (random, i) => (i % 50 < 35 ? 100 + random() : 100.5),
    missing: null,
    invalid: [Number.NaN, Number.POSITIVE_INFINITY],
    warmup: 30,
    toNumbers: (v) => [v],
    primary: (v) => v,
    drift: {
      span: 30,
      reference: (xs) => Math.sqrt(twoPassVariance(xs, ddof) as number),
      generate: btcLevel,
      rtol: 1e-10,
      atol: 0,
    },
  });
}

describe('rollingStd', () => {
  it('is the sample std by default and the population std with ddof 0', () => {
    expect(rollingStd([1, 2, 3, 4], 4)[3]).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(rollingStd([1, 2, 3, 4], 4, { ddof: 0 })[3]).toBeCloseTo(Math.sqrt(5 / 4), 15);
    expect(rollingVariance([1, 2, 3, 4], 4)[3]).toBeCloseTo(5 / 3, 15);
  });

  it('is exactly 0 on a constant window even after large values left it', () => {
    const out = rollingStd([60_123.45, 1e7, 0.3, 0.3, 0.3, 0.3], 4);
    expect(out[5]).toBe(0);
    expect(out[4]).toBeGreaterThan(0);
  });

  it('is null with ddof 1 on a one-value window, 0 with ddof 0 (pandas)', () => {
    expect(rollingStd([5, 6], 1)).toEqual([null, null]);
    expect(rollingStd([5, 6], 1, { ddof: 0 })).toEqual([0, 0]);
  });

  it('rejects a ddof other than 0 or 1', () => {
    expect(() => rollingStd([1, 2, 3], 2, { ddof: 2 as 0 })).toThrow(/ddof must be 0 or 1, got 2/);
  });
});
