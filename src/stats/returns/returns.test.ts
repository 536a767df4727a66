import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodsPerYear } from './periods-per-year.js';
import { fullSampleVolatility, realizedVolatility } from './realized-volatility.js';
import { referenceLog } from './reference-log.js';
import { logReturns, simpleReturns } from './returns.js';

describe('returns', () => {
  it('are null at the start and next to a missing price, never bridged over the gap', () => {
    const prices = [100, 110, null, 121, 133.1];
    expect(simpleReturns(prices).map((r) => (r === null ? null : Number(r.toFixed(12))))).toEqual([
      null,
      0.1,
      null,
      null,
      0.1,
    ]);
    const logs = logReturns(prices);
    expect(logs[0]).toBeNull();
    expect(logs[2]).toBeNull();
    expect(logs[3]).toBeNull();
    expect(logs[1]).toBeCloseTo(Math.log(1.1), 15);
  });

  it('reject non-positive or non-finite prices', () => {
    expect(() => logReturns([100, 0])).toThrow(/prices\[1\] must be > 0, got 0/);
    expect(() => simpleReturns([100, -1])).toThrow(/prices\[1\] must be > 0/);
    expect(() => logReturns([100, Number.NaN])).toThrow(/prices\[1\] must be a finite number or null/);
  });
});

describe('realised volatility', () => {
  it('annualises the rolling sample std of log returns', () => {
    // log returns alternate +r, −r: sample std over 2 returns = r·√2
    const r = 0.01;
    const prices = [100, 100 * Math.exp(r), 100, 100 * Math.exp(r)];
    const vol = realizedVolatility(prices, { window: 2, periodsPerYear: 365 });
    expect(vol[0]).toBeNull();
    expect(vol[1]).toBeNull();
    expect(vol[2]).toBeCloseTo(r * Math.SQRT2 * Math.sqrt(365), 12);
    expect(fullSampleVolatility(prices, 365)).toBeCloseTo(fullSampleReference(prices, 365), 12);
  });

  it('needs at least two returns for the full-sample figure', () => {
    expect(() => fullSampleVolatility([100, 101], 365)).toThrow(/at least 2 log returns, got 1/);
    expect(() => realizedVolatility([100, 101], { window: 2, periodsPerYear: 0 })).toThrow(
      /periodsPerYear must be a finite number > 0/,
    );
  });

  it('counts 24/7 bars per year', () => {
    expect(periodsPerYear('1m')).toBe(525_600);
    expect(periodsPerYear('1h')).toBe(8_760);
    expect(periodsPerYear('1d')).toBe(365);
    expect(periodsPerYear('1s')).toBe(31_536_000);
    expect(() => periodsPerYear('2h' as '1h')).toThrow(/unknown timeframe "2h"/);
  });
});

function fullSampleReference(prices: number[], ppy: number): number {
  const r = prices.slice(1).map((p, i) => Math.log(p / prices[i]));
  const m = r.reduce((a, b) => a + b, 0) / r.length;
  return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (r.length - 1)) * Math.sqrt(ppy);
}

describe('referenceLog', () => {
  it('is within one ulp of Math.log over the positive doubles (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (x) => {
        const got = referenceLog(x);
        const libm = Math.log(x);
        return Math.abs(got - libm) <= 2 * Number.EPSILON * Math.max(Math.abs(libm), 2 ** -1022);
      }),
    );
  });

  it('reproduces numpy-on-AVX-512 values that differ from libm in the last bit', () => {
    // From rolling.json rvol-minute: ln(30034.81) as the reference machine computed it.
    expect(referenceLog(30015.03) - referenceLog(30034.81)).toBe(-0.0006587861255056282);
    expect(referenceLog(1)).toBe(0);
    expect(referenceLog(Math.E)).toBeCloseTo(1, 15);
  });
});
