import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/index.js';
import { bollinger, macd, rsi } from '../../stats/indicators/index.js';
import { periodsPerYear, realizedVolatility, simpleReturns } from '../../stats/returns/index.js';
import { rollingZScore } from '../../stats/rolling/index.js';
import { yangZhangVolatility } from '../../stats/volatility/index.js';
import { SymbolEngine, type SymbolPoint } from './symbol-engine.js';
import { seededOpenUniform } from '../../domain/seeded-random.js';

function bars(n: number): Bar[] {
  const uniform = seededOpenUniform(11);
  let close = 100;
  return Array.from({ length: n }, (_, i) => {
    const open = close;
    close = Math.round(open * Math.exp(0.002 * (uniform() - 0.5)) * 100) / 100;
    const high = Math.max(open, close) + Math.round(uniform() * 10) / 100;
    const low = Math.min(open, close) - Math.round(uniform() * 10) / 100;
    const volume = 1 + Math.round(uniform() * 1000) / 100;
    return {
      instrument: 'sim:AAA',
      timeframe: '1m',
      start: i * 60_000,
      open,
      high,
      low,
      close,
      volume,
      quoteVolume: volume * close,
      trades: 3,
      buyVolume: volume / 2,
      vwap: close,
    };
  });
}

describe('SymbolEngine', () => {
  it('equals the library batch functions bar by bar', () => {
    const input = bars(300);
    const engine = new SymbolEngine('1m', { window: 30 });
    const points = input.map((b) => engine.add(b));
    const closes = input.map((b) => b.close);
    const ppy = periodsPerYear('1m');
    const expected = {
      return: simpleReturns(closes),
      volatility: realizedVolatility(closes, { window: 30, periodsPerYear: ppy }),
      yangZhang: yangZhangVolatility(input, { window: 30, periodsPerYear: ppy }),
      zscore: rollingZScore(closes, 30),
      volumeZscore: rollingZScore(
        input.map((b) => b.volume),
        30,
      ),
      macd: macd(closes).macd,
      macdSignal: macd(closes).signal,
      rsi: rsi(closes).rsi,
      bollingerUpper: bollinger(closes).upper,
    };
    for (const [key, series] of Object.entries(expected)) {
      points.forEach((p, i) => {
        const got = p[key as keyof SymbolPoint] as number | null;
        const want = series[i];
        if (want === null) expect(got, `${key}[${i}]`).toBeNull();
        else expect(Math.abs(got! - want), `${key}[${i}]`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
      });
    }
  });

  it('peeks at the open bar any number of times without changing what closing it gives', () => {
    const input = bars(120);
    const direct = new SymbolEngine('1m', { window: 20 });
    const peeked = new SymbolEngine('1m', { window: 20 });
    input.forEach((bar, i) => {
      const want = direct.add(bar);
      if (i % 3 === 0) {
        peeked.peek({ ...bar, close: bar.open, high: Math.max(bar.high, bar.open), low: Math.min(bar.low, bar.open) });
        const provisional = peeked.peek(bar);
        expect(provisional).toEqual(want);
      }
      expect(peeked.add(bar)).toEqual(want);
    });
  });

  it('amends the newest bar to exactly what adding the amended version would have given', () => {
    const input = bars(150);
    const direct = new SymbolEngine('1m', { window: 20 });
    const amended = new SymbolEngine('1m', { window: 20 });
    input.forEach((bar, i) => {
      // What a late trade does: the bar first closes without it, then with it.
      const late = {
        ...bar,
        close: bar.close + 0.05,
        high: Math.max(bar.high, bar.close + 0.05),
        volume: bar.volume + 1,
      };
      const want = direct.add(i % 2 === 0 ? late : bar);
      amended.add(bar);
      if (i % 2 === 0) {
        expect(amended.canAmendLast(bar.start)).toBe(true);
        amended.amendLast({ ...bar, volume: bar.volume + 0.5 });
        expect(amended.amendLast(late)).toEqual(want);
      }
    });
    expect(amended.latest).toEqual(direct.latest);
  });

  it('refuses to amend a bar that is not the newest, or after a peek at the open bar', () => {
    const input = bars(40);
    const engine = new SymbolEngine('1m', { window: 20 });
    for (const bar of input.slice(0, 30)) engine.add(bar);
    expect(engine.canAmendLast(input[28].start)).toBe(false);
    expect(() => engine.amendLast(input[28])).toThrow(/newest added bar \(start 1740000\)/);
    engine.peek(input[30]);
    expect(engine.canAmendLast(input[29].start)).toBe(false);
  });
});
