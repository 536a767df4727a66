import { describe, expect, it } from 'vitest';
import { kalmanHedge } from '../../stats/kalman/index.js';
import { theilSen } from '../../stats/robust/index.js';
import { resolvePairParams, type PairParams } from '../params.js';
import { PairEngine, type PairInput, type PairPoint } from './pair-engine.js';
import { signalOf } from './signal.js';
import { gaussianFrom, seededOpenUniform } from '../../domain/seeded-random.js';

/** BTC/ETH-like levels: a random walk x and y = 0.04·x + 100 + AR(1) noise, seeded. */
function cointegratedInputs(n: number, seed = 2): PairInput[] {
  const uniform = seededOpenUniform(seed);
  const normal = gaussianFrom(uniform);
  let x = 60_000;
  let noise = 0;
  return Array.from({ length: n }, (_, i) => {
    x += 15 * normal();
    noise = 0.9 * noise + 2 * normal();
    return {
      start: i * 1000,
      x: Math.round(x * 100) / 100,
      y: Math.round((0.04 * x + 100 + noise) * 100) / 100,
      carriedX: false,
      carriedY: false,
    };
  });
}

/** The definitions, recomputed plainly for each point from its own windows. */
function reference(inputs: PairInput[], p: PairParams) {
  const f = p.price === 'log' ? Math.log : (v: number) => v;
  const beta: (number | null)[] = [];
  const spread: (number | null)[] = [];
  for (let t = 0; t < inputs.length; t++) {
    if (t + 1 < p.lookback) {
      beta.push(null);
      spread.push(null);
      continue;
    }
    const w = inputs.slice(t + 1 - p.lookback, t + 1);
    const xs = w.map((q) => f(q.x));
    const ys = w.map((q) => f(q.y));
    const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
    const my = ys.reduce((s, v) => s + v, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < xs.length; i++) {
      sxy += (xs[i] - mx) * (ys[i] - my);
      sxx += (xs[i] - mx) ** 2;
    }
    beta.push(sxy / sxx);
    spread.push(f(inputs[t].y) - (sxy / sxx) * f(inputs[t].x));
  }
  const zscore = spread.map((_, t) => {
    if (t + 1 < p.window) return null;
    const w = spread.slice(t + 1 - p.window, t + 1);
    if (w.some((v) => v === null)) return null;
    const m = (w as number[]).reduce((s, v) => s + v, 0) / p.window;
    const sd = Math.sqrt((w as number[]).reduce((s, v) => s + (v - m) ** 2, 0) / (p.window - 1));
    return (spread[t]! - m) / sd;
  });
  const returns = inputs.map((q, t) => (t === 0 ? null : [q.x / inputs[t - 1].x - 1, q.y / inputs[t - 1].y - 1]));
  const correlation = inputs.map((_, t) => {
    if (t < p.window) return null;
    const w = returns.slice(t + 1 - p.window, t + 1) as number[][];
    const ma = w.reduce((s, r) => s + r[0], 0) / p.window;
    const mb = w.reduce((s, r) => s + r[1], 0) / p.window;
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (const [a, b] of w) {
      sab += (a - ma) * (b - mb);
      saa += (a - ma) ** 2;
      sbb += (b - mb) ** 2;
    }
    return sab / Math.sqrt(saa * sbb);
  });
  return { beta, spread, zscore, correlation };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function run(inputs: PairInput[], params: PairParams): PairPoint[] {
  const engine = new PairEngine(params);
  return inputs.map((input) => engine.push(input));
}

describe('PairEngine', () => {
  for (const price of ['raw', 'log'] as const) {
    it(`OLS, spread, z-score and correlation are within 1e-8 of recomputation on 5,000 closes (${price})`, () => {
      const params = resolvePairParams({ lookback: 200, window: 30, price });
      const inputs = cointegratedInputs(5_000);
      const points = run(inputs, params);
      const want = reference(inputs, params);
      let worst = 0;
      points.forEach((p, t) => {
        for (const [got, exp] of [
          [p.hedgeRatio, want.beta[t]],
          [p.spread, want.spread[t]],
          [p.zscore, want.zscore[t]],
          [p.correlation, want.correlation[t]],
        ] as const) {
          expect(got === null, `null pattern at ${t}`).toBe(exp === null);
          if (got !== null && exp !== null) worst = Math.max(worst, rel(got, exp));
        }
      });
      expect(worst).toBeLessThan(1e-8);
    });
  }

  it('gives null until each window is full, never a value from fewer points', () => {
    const params = resolvePairParams({ lookback: 50, window: 20 });
    const points = run(cointegratedInputs(200), params);
    expect(points.findIndex((p) => p.hedgeRatio !== null)).toBe(49);
    expect(points.findIndex((p) => p.zscore !== null)).toBe(49 + 19);
    expect(points.findIndex((p) => p.correlation !== null)).toBe(20);
    expect(points.findIndex((p) => p.signal !== null)).toBe(68);
  });

  it('hedge=kalman follows the streaming filter and reports it after lookback points of burn-in', () => {
    const params = resolvePairParams({ lookback: 30, window: 10, hedge: 'kalman', price: 'log' });
    const inputs = cointegratedInputs(120);
    const points = run(inputs, params);
    const filter = kalmanHedge(
      inputs.map((p) => Math.log(p.x)),
      inputs.map((p) => Math.log(p.y)),
      { delta: params.kalmanDelta, observationVariance: params.kalmanVe },
    );
    points.forEach((p, t) => {
      if (t < 29) expect(p.hedgeRatio).toBeNull();
      else {
        expect(rel(p.hedgeRatio!, filter.slope[t])).toBeLessThan(1e-6);
        expect(rel(p.intercept!, filter.intercept[t])).toBeLessThan(1e-6);
      }
    });
  });

  it('hedge=theil-sen is the Theil-Sen fit of the last lookback points', () => {
    const params = resolvePairParams({ lookback: 40, window: 10, hedge: 'theil-sen' });
    const inputs = cointegratedInputs(90);
    const points = run(inputs, params);
    for (const t of [39, 60, 89]) {
      const w = inputs.slice(t - 39, t + 1);
      const fit = theilSen(
        w.map((p) => p.x),
        w.map((p) => p.y),
      );
      expect(points[t].hedgeRatio).toBe(fit.slope);
      expect(points[t].intercept).toBe(fit.intercept);
    }
  });

  it('hands the lookback window and latest hedge ratio to the heavy tests', () => {
    const params = resolvePairParams({ lookback: 25, window: 5 });
    const inputs = cointegratedInputs(60);
    const engine = new PairEngine(params);
    inputs.slice(0, 24).forEach((p) => {
      engine.push(p);
    });
    expect(engine.testInputs()).toBeNull();
    let last: PairPoint | undefined;
    for (const p of inputs.slice(24)) last = engine.push(p);
    const window = engine.testInputs()!;
    expect(window.start).toBe(inputs[59].start);
    expect(Array.from(window.x)).toEqual(inputs.slice(35).map((p) => p.x));
    expect(window.hedgeRatio).toBe(last!.hedgeRatio);
  });
});

describe('signalOf', () => {
  it('maps the z-score to short_spread, long_spread, exit and hold', () => {
    expect([2, 3, -2, -2.5, 0.5, -0.3, 1, -1.9, null].map((z) => signalOf(z, 2, 0.5))).toEqual([
      'short_spread',
      'short_spread',
      'long_spread',
      'long_spread',
      'exit',
      'exit',
      'hold',
      'hold',
      null,
    ]);
  });
});
