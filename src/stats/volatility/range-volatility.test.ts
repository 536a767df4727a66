import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runRollingContract } from '../contract/rolling-contract.js';
import { seededRandom } from '../../domain/seeded-random.js';
import type { OhlcBar } from './ohlc.js';
import { RollingRangeVolatility, rangeVolatility, type RangeEstimator } from './range-volatility.js';

const ESTIMATORS: RangeEstimator[] = ['parkinson', 'garmanKlass', 'rogersSatchell', 'yangZhang'];

/** A 24/7 bar series: each bar opens at the previous close. */
function barsFrom(random: () => number, n: number, gap = 0): OhlcBar[] {
  const bars: OhlcBar[] = [];
  let close = 100;
  for (let i = 0; i < n; i++) {
    const open = close * Math.exp(gap * (random() - 0.5));
    close = open * Math.exp(0.02 * (random() - 0.5));
    const high = Math.max(open, close) * Math.exp(0.01 * random());
    const low = Math.min(open, close) * Math.exp(-0.01 * random());
    bars.push({ open, high, low, close });
  }
  return bars;
}

function barAt(random: () => number): OhlcBar {
  return barsFrom(random, 1, 0.01)[0];
}

for (const estimator of ESTIMATORS) {
  const window = 20;
  runRollingContract<OhlcBar | null, number>({
    name: `RollingRangeVolatility(${estimator}, 20)`,
    create: () => new RollingRangeVolatility(estimator, { window, periodsPerYear: 8760 }),
    batch: (bars) => rangeVolatility(bars, estimator, { window, periodsPerYear: 8760 }),
    generate: (random) => barAt(random),
    missing: null,
    invalid: [
      { open: 1, high: 0.5, low: 0.4, close: 0.45 },
      { open: Number.NaN, high: 1, low: 1, close: 1 },
    ],
    warmup: estimator === 'yangZhang' ? window + 1 : window,
    toNumbers: (v) => [v],
    primary: (v) => v,
  });
}

describe('range-based volatility', () => {
  const ln2 = Math.LN2;
  const bar = { open: 100, high: 110, low: 95, close: 105 };
  const hl = Math.log(110 / 95);
  const co = Math.log(105 / 100);

  it('matches the textbook formulas on a hand-computed bar', () => {
    const one = (e: RangeEstimator) => rangeVolatility([bar, bar], e, { window: 2, periodsPerYear: 1 })[1];
    expect(one('parkinson')).toBeCloseTo(Math.sqrt((hl * hl) / (4 * ln2)), 15);
    expect(one('garmanKlass')).toBeCloseTo(Math.sqrt(0.5 * hl * hl - (2 * ln2 - 1) * co * co), 15);
    const rs = Math.log(110 / 105) * Math.log(110 / 100) + Math.log(95 / 105) * Math.log(95 / 100);
    expect(one('rogersSatchell')).toBeCloseTo(Math.sqrt(rs), 15);
  });

  it('Yang-Zhang = overnight var + k·open→close var + (1 − k)·RS (hand-computed, window 2)', () => {
    const bars = [
      { open: 100, high: 102, low: 99, close: 101 },
      { open: 102, high: 104, low: 101, close: 103 },
      { open: 102.5, high: 103, low: 100, close: 100.5 },
    ];
    const o = [Math.log(102 / 101), Math.log(102.5 / 103)];
    const c = [Math.log(103 / 102), Math.log(100.5 / 102.5)];
    const sampleVar = (v: number[]) => (v[0] - v[1]) ** 2 / 2;
    const rs = (b: OhlcBar) =>
      Math.log(b.high / b.close) * Math.log(b.high / b.open) + Math.log(b.low / b.close) * Math.log(b.low / b.open);
    const k = 0.34 / (1.34 + 3 / 1);
    const expected = Math.sqrt(sampleVar(o) + k * sampleVar(c) + (1 - k) * ((rs(bars[1]) + rs(bars[2])) / 2));
    const got = rangeVolatility(bars, 'yangZhang', { window: 2, periodsPerYear: 1 });
    expect(got[0]).toBeNull();
    expect(got[1]).toBeNull();
    expect(got[2]).toBeCloseTo(expected, 15);
  });

  it('Yang-Zhang without gaps reduces to k·open→close var + (1 − k)·Rogers-Satchell', () => {
    const bars = barsFrom(seededRandom(5), 60);
    const window = 30;
    const k = 0.34 / (1.34 + (window + 1) / (window - 1));
    const yz = rangeVolatility(bars, 'yangZhang', { window, periodsPerYear: 1 });
    const rs = rangeVolatility(bars, 'rogersSatchell', { window, periodsPerYear: 1 });
    for (let i = window; i < bars.length; i++) {
      const c = bars.slice(i - window + 1, i + 1).map((b) => Math.log(b.close / b.open));
      const m = c.reduce((a, b) => a + b, 0) / window;
      const varC = c.reduce((a, b) => a + (b - m) ** 2, 0) / (window - 1);
      expect(yz[i]).toBeCloseTo(Math.sqrt(k * varC + (1 - k) * rs[i]! ** 2), 14);
    }
  });

  it('is 0 for bars that never move and scales with √periodsPerYear', () => {
    const flat = Array.from({ length: 5 }, () => ({ open: 7, high: 7, low: 7, close: 7 }));
    for (const e of ESTIMATORS) expect(rangeVolatility(flat, e, { window: 3, periodsPerYear: 365 })[4]).toBe(0);
    const bars = barsFrom(seededRandom(9), 40, 0.004);
    for (const e of ESTIMATORS) {
      const daily = rangeVolatility(bars, e, { window: 10, periodsPerYear: 1 })[39]!;
      expect(rangeVolatility(bars, e, { window: 10, periodsPerYear: 365 })[39]).toBeCloseTo(daily * Math.sqrt(365), 14);
    }
  });

  it('is invariant to the price scale (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 1e-3, max: 1e5, noNaN: true }), (seed, scale) => {
        const bars = barsFrom(seededRandom(seed), 30, 0.005);
        const scaled = bars.map((b) => ({
          open: b.open * scale,
          high: b.high * scale,
          low: b.low * scale,
          close: b.close * scale,
        }));
        return ESTIMATORS.every((e) => {
          const a = rangeVolatility(bars, e, { window: 12, periodsPerYear: 8760 });
          const b = rangeVolatility(scaled, e, { window: 12, periodsPerYear: 8760 });
          return a.every((v, i) => (v === null ? b[i] === null : Math.abs(v - b[i]!) <= 1e-9 * v + 1e-12));
        });
      }),
      { numRuns: 50 },
    );
  });

  it('rejects impossible bars and bad settings with a reason', () => {
    expect(() =>
      rangeVolatility([{ open: 10, high: 9, low: 8, close: 8.5 }], 'parkinson', { window: 1, periodsPerYear: 1 }),
    ).toThrow(/bars\[0\] is not a valid bar/);
    expect(() => rangeVolatility([bar], 'parkinson', { window: 0, periodsPerYear: 1 })).toThrow(/window/);
    expect(() => rangeVolatility([bar], 'yangZhang', { window: 1, periodsPerYear: 1 })).toThrow(
      /Yang-Zhang needs window >= 2/,
    );
    expect(() => rangeVolatility([bar], 'garman' as RangeEstimator, { window: 1, periodsPerYear: 1 })).toThrow(
      /unknown estimator/,
    );
  });
});
