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

/** A live symbol whose stored bars are `stored` (kept by start, as the store upserts them). */
function liveSymbol(stored = new Map<number, Bar>()): { symbol: LiveSymbol; emitted: SymbolPoint[]; reads: number[] } {
  const emitted: SymbolPoint[] = [];
  const reads: number[] = [];
  const symbol = new LiveSymbol(
    'sim:AAA',
    '1s',
    { window: 5 },
    {
      historyLimit: 50,
      emit: (_, point) => emitted.push(point),
      readHistory: async (to, limit) => {
        reads.push(to);
        return [...stored.values()]
          .filter((b) => b.start < to)
          .sort((a, b) => a.start - b.start)
          .slice(-limit);
      },
    },
  );
  symbol.initialize([]);
  return { symbol, emitted, reads };
}

/** Closes `bars` one by one, storing each as the pipeline does before the analytics see it. */
function closeAll(symbol: LiveSymbol, stored: Map<number, Bar>, bars: readonly Bar[]): void {
  for (const b of bars) {
    stored.set(b.start, b);
    symbol.onClose(b);
  }
}

/** The points of a fresh engine fed `bars` in order. */
function pointsOf(bars: readonly Bar[]): SymbolPoint[] {
  const engine = new SymbolEngine('1s', { window: 5 });
  return bars.map((b) => engine.add(b));
}

describe('LiveSymbol', () => {
  it('re-emits only the newest point when a late trade amends the bar that just closed', () => {
    const stored = new Map<number, Bar>();
    const { symbol, emitted, reads } = liveSymbol(stored);
    const bars = Array.from({ length: 20 }, (_, i) => bar(i));
    closeAll(symbol, stored, bars);
    emitted.length = 0;
    const amended = bar(19, 104.5);
    closeAll(symbol, stored, [amended]);
    expect(emitted).toEqual([pointsOf([...bars.slice(0, 19), amended])[19]]);
    // The next bar continues from the amended one, and nothing was read from the store.
    closeAll(symbol, stored, [bar(20)]);
    expect(emitted[1]).toEqual(pointsOf([...bars.slice(0, 19), amended, bar(20)])[20]);
    expect(reads).toEqual([]);
  });

  it('rebuilds from the stored bars when an older bar is amended, emitting every point from it on', async () => {
    const stored = new Map<number, Bar>();
    const { symbol, emitted, reads } = liveSymbol(stored);
    const bars = Array.from({ length: 20 }, (_, i) => bar(i));
    closeAll(symbol, stored, bars);
    emitted.length = 0;
    const amended = bar(15, 95.25);
    closeAll(symbol, stored, [amended]);
    // Bars that close while the stored ones are read follow once the engine is rebuilt.
    closeAll(symbol, stored, [bar(20)]);
    expect(symbol.isWarming).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toEqual([19_001]);
    const want = pointsOf([...bars.slice(0, 15), amended, ...bars.slice(16), bar(20)]);
    expect(emitted).toEqual(want.slice(15));
  });

  it('rebuilds instead of replacing when the open bar was peeked at since the last close', async () => {
    const stored = new Map<number, Bar>();
    const { symbol, emitted } = liveSymbol(stored);
    const bars = Array.from({ length: 12 }, (_, i) => bar(i));
    closeAll(symbol, stored, bars);
    symbol.peek(bar(12, 101));
    emitted.length = 0;
    const amended = bar(11, 99.5);
    closeAll(symbol, stored, [amended]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(emitted).toEqual([pointsOf([...bars.slice(0, 11), amended])[11]]);
  });

  it('reads once when a rebuild fails, dropping the older amendments that came meanwhile', async () => {
    const errors: unknown[] = [];
    let reads = 0;
    const emitted: SymbolPoint[] = [];
    const symbol = new LiveSymbol(
      'sim:AAA',
      '1s',
      { window: 5 },
      {
        historyLimit: 50,
        emit: (_, point) => emitted.push(point),
        readHistory: async () => {
          reads++;
          throw new Error('cannot call readBars: the store is not open');
        },
        onHistoryError: (error) => errors.push(error),
      },
    );
    symbol.initialize([]);
    const bars = Array.from({ length: 20 }, (_, i) => bar(i));
    for (const b of bars) symbol.onClose(b);
    // An older amendment starts a rebuild; more older ones and one new bar arrive during its read.
    for (const start of [10, 11, 12, 13, 14]) symbol.onClose(bar(start, 90));
    symbol.onClose(bar(20));
    await symbol.pendingRebuild;
    expect(reads).toBe(1);
    expect(errors).toHaveLength(1);
    expect(symbol.isWarming).toBe(false);
    expect(emitted.at(-1)).toEqual(pointsOf([...bars, bar(20)])[20]);
  });

  it('ignores an amended bar older than anything a rebuild starts from', async () => {
    const stored = new Map<number, Bar>();
    const { symbol, emitted } = liveSymbol(stored);
    const bars = Array.from({ length: 80 }, (_, i) => bar(i));
    closeAll(symbol, stored, bars);
    emitted.length = 0;
    closeAll(symbol, stored, [bar(3, 90)]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(emitted).toEqual([]);
    closeAll(symbol, stored, [bar(80)]);
    expect(emitted).toEqual([pointsOf([...bars, bar(80)])[80]]);
  });
});
