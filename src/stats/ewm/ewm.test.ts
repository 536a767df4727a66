import { describe, expect, it } from 'vitest';
import { runRollingContract } from '../contract/rolling-contract.js';
import { btcLevel } from '../contract/two-pass.js';
import { Ewm, ewm, ewmMean, type EwmValue } from './ewm.js';
import { centerOfMass, smoothingFactor } from './ewm-options.js';

const toNumbers = (v: EwmValue | null) => (v === null ? [null, null, null] : [v.mean, v.variance, v.std]);

for (const adjust of [true, false]) {
  const alpha = smoothingFactor({ span: 30 });
  // With adjust the weights are (1−α)^i; without, the last weight is (1−α)^i / … — over a
  // trailing span where (1−α)^span < 1e-18 both equal the direct weighted average.
  const span = Math.ceil(Math.log(1e-18) / Math.log(1 - alpha));
  runRollingContract<number | null, EwmValue>({
    name: `Ewm(span 30, adjust ${adjust})`,
    create: () => new Ewm({ span: 30, adjust }),
    batch: (xs) => {
      const r = ewm(xs, { span: 30, adjust });
      return r.mean.map((mean, i) => (mean === null ? null : { mean, variance: r.variance[i], std: r.std[i] }));
    },
    generate: (random, i) => 100 * Math.exp(0.1 * Math.sin(i / 25) + 0.01 * random()),
    missing: null,
    invalid: [Number.NaN, Number.POSITIVE_INFINITY],
    warmup: 1,
    toNumbers,
    primary: (v) => (v === null ? null : v.mean),
    drift: {
      span,
      generate: btcLevel,
      reference: (tail) => {
        let num = 0;
        let den = 0;
        let w = 1;
        for (let i = tail.length - 1; i >= 0; i--) {
          num += w * (tail[i] as number);
          den += w;
          w *= 1 - alpha;
        }
        return num / den;
      },
      rtol: 1e-12,
      atol: 0,
    },
  });
}

describe('ewm', () => {
  it('adjust=false is the recursion m_t = (1−α)·m_{t−1} + α·x_t seeded with x_0', () => {
    const xs = [10, 12, 11, 15];
    const alpha = 0.5;
    let m = xs[0];
    const expected = [m];
    for (let i = 1; i < xs.length; i++) expected.push((m = (1 - alpha) * m + alpha * xs[i]));
    const got = ewmMean(xs, { alpha, adjust: false });
    got.forEach((g, i) => {
      expect(g).toBeCloseTo(expected[i], 14);
    });
  });

  it('adjust=true is the weighted average with weights (1−α)^i', () => {
    const xs = [1, 2, 3];
    const a = 0.25;
    const w = [(1 - a) ** 2, 1 - a, 1];
    const expected = (w[0] * 1 + w[1] * 2 + w[2] * 3) / (w[0] + w[1] + w[2]);
    expect(ewmMean(xs, { alpha: a })[2]).toBeCloseTo(expected, 15);
  });

  it('has no variance at the first observation and carries the mean over missing values', () => {
    const r = ewm([null, 5, null, 7], { span: 3 });
    expect(r.mean).toEqual([null, 5, 5, r.mean[3]]);
    expect(r.variance[1]).toBeNull();
    expect(r.variance[3]).toBeGreaterThan(0);
  });

  it('gives variance exactly 0 on a constant series', () => {
    expect(ewm([3, 3, 3, 3], { halflife: 2 }).std).toEqual([null, 0, 0, 0]);
  });

  it('honours ignoreNa and minPeriods', () => {
    const decayed = ewmMean([1, null, 3], { alpha: 0.5, adjust: false });
    const ignored = ewmMean([1, null, 3], { alpha: 0.5, adjust: false, ignoreNa: true });
    // ignoreNa: the gap does not exist; otherwise the old weight decays twice (0.25 vs α = 0.5).
    expect(ignored[2]).toBe(2);
    expect(decayed[2]).toBeCloseTo((0.25 * 1 + 0.5 * 3) / (0.25 + 0.5), 14);
    expect(ewmMean([1, 2, 3], { span: 2, minPeriods: 2 })[0]).toBeNull();
  });

  it('derives the centre of mass as pandas does', () => {
    expect(centerOfMass({ span: 10 })).toBe(4.5);
    expect(centerOfMass({ com: 2 })).toBe(2);
    expect(centerOfMass({ alpha: 0.2 })).toBeCloseTo(4, 14);
    expect(centerOfMass({ halflife: 5 })).toBe(6.725023958872574);
  });

  it('rejects decay settings that are missing, doubled or out of range', () => {
    expect(() => ewm([1], {})).toThrow(/exactly one of span, halflife, com, alpha; got none/);
    expect(() => ewm([1], { span: 3, alpha: 0.5 })).toThrow(/got span, alpha/);
    expect(() => ewm([1], { span: 0.5 })).toThrow(/span must be >= 1/);
    expect(() => ewm([1], { alpha: 1.5 })).toThrow(/alpha must satisfy 0 < alpha <= 1/);
    expect(() => ewm([1], { halflife: 0 })).toThrow(/halflife must be > 0/);
    expect(() => ewm([1], { com: -1 })).toThrow(/com must be >= 0/);
    expect(() => ewm([1, Number.NaN], { span: 3 })).toThrow(/values\[1\]/);
  });
});
