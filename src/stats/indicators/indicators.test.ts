import { describe, expect, it } from 'vitest';
import { runRollingContract } from '../contract/rolling-contract.js';
import { Bollinger, bollinger, type BollingerValue } from './bollinger.js';
import { Macd, macd, type MacdValue } from './macd.js';
import { Rsi, rsi } from './rsi.js';

const closes = (random: () => number, i: number) => 100 * Math.exp(0.05 * Math.sin(i / 9) + 0.02 * (random() - 0.5));
const invalid = [Number.NaN, Number.POSITIVE_INFINITY];

runRollingContract<number | null, MacdValue>({
  name: 'Macd(12, 26, 9)',
  create: () => new Macd(),
  batch: (xs) => {
    const m = macd(xs);
    return m.macd.map((v, i) =>
      v === null
        ? null
        : { emaFast: m.emaFast[i]!, emaSlow: m.emaSlow[i]!, macd: v, signal: m.signal[i]!, histogram: m.histogram[i]! },
    );
  },
  generate: closes,
  missing: null,
  invalid,
  warmup: 1,
  toNumbers: (v) => (v === null ? [null] : [v.emaFast, v.emaSlow, v.macd, v.signal, v.histogram]),
  primary: (v) => (v === null ? null : v.macd),
});

runRollingContract<number | null, number>({
  name: 'Rsi(14)',
  create: () => new Rsi(),
  batch: (xs) => rsi(xs).rsi,
  generate: closes,
  missing: null,
  invalid,
  warmup: 2,
  toNumbers: (v) => [v],
  primary: (v) => v,
});

for (const ddof of [0, 1] as const) {
  runRollingContract<number | null, BollingerValue>({
    name: `Bollinger(20, 2, ddof ${ddof})`,
    create: () => new Bollinger({ ddof }),
    batch: (xs) => {
      const b = bollinger(xs, { ddof });
      return b.middle.map((m, i) =>
        m === null ? null : { middle: m, std: b.std[i]!, upper: b.upper[i]!, lower: b.lower[i]! },
      );
    },
    generate: closes,
    missing: null,
    invalid,
    warmup: 20,
    toNumbers: (v) => (v === null ? [null] : [v.middle, v.std, v.upper, v.lower]),
    primary: (v) => (v === null ? null : v.middle),
  });
}

describe('MACD', () => {
  it('starts at 0 on the first bar (EMAs seeded with the first close)', () => {
    const m = macd([100, 101, 102]);
    expect(m.emaFast[0]).toBe(100);
    expect(m.macd[0]).toBe(0);
    expect(m.signal[0]).toBe(0);
    expect(m.emaFast[1]).toBeCloseTo(100 + (2 / 13) * 1, 13);
  });

  it('rejects non-integer periods', () => {
    expect(() => macd([1, 2], { fast: 0 })).toThrow(/fast must be an integer >= 1, got 0/);
  });
});

describe('RSI', () => {
  it('is 100 when prices only rise, null when they never move, null at the first bar', () => {
    expect(rsi([1, 2, 3, 4]).rsi).toEqual([null, 100, 100, 100]);
    expect(rsi([5, 5, 5]).rsi).toEqual([null, null, null]);
    expect(rsi([5, 4, 3]).rsi).toEqual([null, 0, 0]);
  });

  it('uses Wilder smoothing α = 1/period seeded with the first change', () => {
    const r = rsi([10, 11, 10.5], { period: 2 });
    // gains 1, 0; losses 0, 0.5; α = 0.5 → avgGain 0.5, avgLoss 0.25 → RS 2 → RSI 66.67
    expect(r.avgGain[2]).toBe(0.5);
    expect(r.avgLoss[2]).toBe(0.25);
    expect(r.rsi[2]).toBeCloseTo(200 / 3, 12);
  });

  it('holds values back until minPeriods gains exist', () => {
    const xs = Array.from({ length: 20 }, (_, i) => 100 + Math.sin(i));
    const late = rsi(xs, { minPeriods: 14 }).rsi;
    const early = rsi(xs).rsi;
    expect(late.slice(0, 14).every((v) => v === null)).toBe(true);
    expect(late.slice(14)).toEqual(early.slice(14));
    const stream = new Rsi({ minPeriods: 14 });
    xs.slice(0, 14).forEach((x) => {
      stream.add(x);
    });
    expect(stream.isStable).toBe(false);
    expect(stream.add(xs[14])).toBe(early[14]);
    expect(stream.isStable).toBe(true);
  });
});

describe('Bollinger', () => {
  it('is the window mean ± k standard deviations, width 0 on a flat window', () => {
    const b = bollinger([1, 2, 3, 4, 4, 4, 4], { window: 4, k: 2, ddof: 0 });
    expect(b.middle[3]).toBe(2.5);
    expect(b.std[3]).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(b.upper[3]).toBeCloseTo(2.5 + 2 * Math.sqrt(1.25), 14);
    expect(b.std[6]).toBe(0);
    expect(b.upper[6]).toBe(4);
  });

  it('rejects a negative band width', () => {
    expect(() => bollinger([1, 2], { k: -1 })).toThrow(/k must be a finite number >= 0, got -1/);
  });
});
