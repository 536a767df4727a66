import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/index.js';
import { LiveSymbol } from './live-symbol.js';
import { SymbolEngine, type SymbolPoint } from './symbol-engine.js';

function bar(i: number, close = 100 + Math.sin(i) * 3): Bar {
  return {
    instrument: 'sim:AAA',
    timeframe: '1s',
    start: i * 1000,
    open: 100,
    high: Math.max(100, close) + 1,
    low: Math.min(100, close) - 1,
    close,
    volume: 2 + (i % 5),
    quoteVolume: 0,
    trades: 4,
    buyVolume: 1,
    vwap: close,
  };
}

function liveSymbol(): { symbol: LiveSymbol; emitted: SymbolPoint[] } {
  const emitted: SymbolPoint[] = [];
  const symbol = new LiveSymbol(
    'sim:AAA',
    '1s',
    { window: 5 },
    {
      historyLimit: 50,
      emit: (_, point) => emitted.push(point),
    },
  );
  symbol.initialize([]);
  return { symbol, emitted };
}

/** The points of a fresh engine fed `bars` in order. */
function pointsOf(bars: readonly Bar[]): SymbolPoint[] {
  const engine = new SymbolEngine('1s', { window: 5 });
  return bars.map((b) => engine.add(b));
}

describe('LiveSymbol', () => {
  it('re-emits only the newest point when a late trade amends the bar that just closed', () => {
    const { symbol, emitted } = liveSymbol();
    const bars = Array.from({ length: 20 }, (_, i) => bar(i));
    for (const b of bars) symbol.onClose(b);
    emitted.length = 0;
    const amended = bar(19, 104.5);
    symbol.onClose(amended);
    expect(emitted).toEqual([pointsOf([...bars.slice(0, 19), amended])[19]]);
    // The next bar continues from the amended one.
    symbol.onClose(bar(20));
    expect(emitted[1]).toEqual(pointsOf([...bars.slice(0, 19), amended, bar(20)])[20]);
  });

  it('rebuilds from the kept bars when an older bar is amended, emitting every point from it on', () => {
    const { symbol, emitted } = liveSymbol();
    const bars = Array.from({ length: 20 }, (_, i) => bar(i));
    for (const b of bars) symbol.onClose(b);
    emitted.length = 0;
    const amended = bar(15, 95.25);
    symbol.onClose(amended);
    const want = pointsOf([...bars.slice(0, 15), amended, ...bars.slice(16)]);
    expect(emitted).toEqual(want.slice(15));
  });

  it('rebuilds instead of replacing when the open bar was peeked at since the last close', () => {
    const { symbol, emitted } = liveSymbol();
    const bars = Array.from({ length: 12 }, (_, i) => bar(i));
    for (const b of bars) symbol.onClose(b);
    symbol.peek(bar(12, 101));
    emitted.length = 0;
    const amended = bar(11, 99.5);
    symbol.onClose(amended);
    expect(emitted).toEqual([pointsOf([...bars.slice(0, 11), amended])[11]]);
  });
});
