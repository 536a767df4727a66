// indicators.json: MACD 12/26/9, RSI 14 (Wilder), Bollinger 20/2 with ddof 0 and 1 (pandas).
// Every case and every expected key is checked with the README tolerances.

import { describe, expect, it } from 'vitest';
import { arrayMismatches, loadGolden, mismatch, type GoldenCase } from '../../../test/golden/golden.js';
import { compareToExpected, type Computed, type Tolerance } from '../contract/golden-walk.js';
import type { Observation } from '../rolling/index.js';
import { bollinger, macd, rsi } from './index.js';

interface IndicatorParams {
  macd: { fast: number; slow: number; signal: number };
  rsi: { period: number };
  bollinger: { window: number; k: number };
}
type IndicatorCase = GoldenCase<IndicatorParams, { close: Observation[] }, Record<string, unknown>>;

const MOMENTUM: Tolerance = { rtol: 1e-10, atol: 1e-10 };
const BANDS: Tolerance = { rtol: 1e-8, atol: 1e-10 };

function toleranceFor(path: string): Tolerance | undefined {
  const family = path.split('.')[0];
  if (family === 'macd' || family === 'rsi') return MOMENTUM;
  if (family === 'bollinger') return BANDS;
  return undefined;
}

function compute(c: IndicatorCase, expected: Record<string, unknown>): Computed {
  const close = c.input.close;
  const p = c.params;
  const m = macd(close, p.macd);
  const r = rsi(close, { period: p.rsi.period });
  const result: Record<string, Computed> = {
    macd: { emaFast: m.emaFast, emaSlow: m.emaSlow, macd: m.macd, signal: m.signal, hist: m.histogram },
  };
  const rsiOut: Record<string, Computed> = { avgGain: r.avgGain, avgLoss: r.avgLoss, rsi: r.rsi };
  // Keys like rsiMinPeriods14 ask for the RSI with ewm min_periods = 14.
  for (const key of Object.keys((expected.rsi as object | undefined) ?? {})) {
    const match = /^rsiMinPeriods(\d+)$/.exec(key);
    if (match) rsiOut[key] = rsi(close, { period: p.rsi.period, minPeriods: Number(match[1]) }).rsi;
  }
  result.rsi = rsiOut;
  const bands: Record<string, Computed> = {};
  for (const ddof of [0, 1] as const) {
    const b = bollinger(close, { window: p.bollinger.window, k: p.bollinger.k, ddof });
    bands.middle = b.middle;
    bands[`ddof${ddof}`] = { std: b.std, upper: b.upper, lower: b.lower };
  }
  result.bollinger = bands;
  return result;
}

const golden = loadGolden<IndicatorCase>('indicators.json');

describe('indicators.json (MACD, RSI, Bollinger)', () => {
  for (const c of golden.cases) {
    it(c.id, () => {
      if ('error' in c.expected) {
        expect(() => compute(c, c.expected)).toThrow();
        return;
      }
      const problems = compareToExpected(
        { mismatch, arrayMismatches },
        c.expected,
        compute(c, c.expected),
        toleranceFor,
      );
      expect(problems).toEqual([]);
    });
  }
});
