// An independent, deliberately plain reference for tests: bars by grouping trades on
// floor(ts / size), first/last by input order, as pandas resample does.
import type { Bar, Tick, Timeframe } from '../../src/domain/index.js';
import { TIMEFRAME_MS } from '../../src/domain/index.js';

export function referenceBars(ticks: readonly Tick[], timeframe: Timeframe): Omit<Bar, 'instrument' | 'timeframe'>[] {
  const size = TIMEFRAME_MS[timeframe];
  const groups = new Map<number, Tick[]>();
  for (const t of ticks) {
    const start = Math.floor(t.ts / size) * size;
    if (!groups.has(start)) groups.set(start, []);
    groups.get(start)!.push(t);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, g]) => {
      const volume = g.reduce((s, t) => s + t.qty, 0);
      const quoteVolume = g.reduce((s, t) => s + t.price * t.qty, 0);
      return {
        start,
        open: g[0].price,
        high: Math.max(...g.map((t) => t.price)),
        low: Math.min(...g.map((t) => t.price)),
        close: g[g.length - 1].price,
        volume,
        quoteVolume,
        trades: g.length,
        buyVolume: g.filter((t) => !t.buyerMaker).reduce((s, t) => s + t.qty, 0),
        vwap: quoteVolume / volume,
      };
    });
}
