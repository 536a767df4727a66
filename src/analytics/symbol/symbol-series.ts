// A symbol's analytics recomputed from stored bars with the live engine's class, warmed up on
// enough earlier bars that the result equals the live engine's to rounding.
import type { Bar, InstrumentId, Timeframe } from '../../domain/index.js';
import type { BarHistory } from '../live/ports.js';
import { symbolWarmup, type SeriesRange, type SymbolParams } from '../params.js';
import { SymbolEngine, type SymbolPoint } from './symbol-engine.js';

export interface SymbolSeries {
  series: SymbolPoint[];
  latest: SymbolPoint | null;
  /** The open bar's provisional values, when it was given and is newer than the series. */
  provisional: SymbolPoint | null;
}

export async function computeSymbolSeries(
  store: BarHistory,
  query: { instrument: InstrumentId; timeframe: Timeframe; params: SymbolParams },
  range: SeriesRange,
  open?: Bar,
): Promise<SymbolSeries> {
  await store.flush();
  const { instrument, timeframe, params } = query;
  const warmup = symbolWarmup(params);
  let bars: Bar[];
  let first: number;
  if (range.from === undefined) {
    bars = await store.readBars({ instrument, timeframe, to: range.to, limit: range.limit + warmup });
    first = Math.max(0, bars.length - range.limit);
  } else {
    const before = await store.readBars({ instrument, timeframe, to: range.from, limit: warmup });
    const after = await store.readBars({ instrument, timeframe, from: range.from, to: range.to, limit: range.limit });
    bars = before.concat(after);
    first = before.length;
  }
  const engine = new SymbolEngine(timeframe, params);
  const series: SymbolPoint[] = [];
  bars.forEach((bar, i) => {
    const point = engine.add(bar);
    if (i >= first) series.push(point);
  });
  const latest = series.length > 0 ? series[series.length - 1] : null;
  const lastStart = bars.length > 0 ? bars[bars.length - 1].start : Number.NEGATIVE_INFINITY;
  const openInRange = open !== undefined && open.start > lastStart && (range.to === undefined || open.start < range.to);
  const complete = range.from === undefined || series.length < range.limit;
  return { series, latest, provisional: openInRange && complete ? engine.peek(open) : null };
}
