// The bars a read serves: the stored ones, the bars closed so recently that the store may not
// have written them yet, and the open bar, in one ascending list cut to the query's limit. A bar
// the store has is served in the store's version (a kline repair or an amendment may have
// replaced what memory holds); the open bar always comes from memory.
import type { Bar, BarView } from '../domain/index.js';

export interface BarRange {
  /** Inclusive lower bound on start; without it the latest `limit` bars are served. */
  from?: number;
  /** Exclusive upper bound on start. */
  to?: number;
  limit: number;
}

export interface LiveBars {
  recentClosed: readonly Bar[];
  open?: Bar;
}

/** `stored` is the store's answer to the same range and limit. */
export function mergeStoredAndLiveBars(stored: readonly Bar[], live: LiveBars, range: BarRange): BarView[] {
  const inRange = (bar: Bar) =>
    (range.from === undefined || bar.start >= range.from) && (range.to === undefined || bar.start < range.to);
  const open = live.open !== undefined && inRange(live.open) ? live.open : undefined;
  const byStart = new Map<number, BarView>();
  for (const bar of live.recentClosed) if (inRange(bar)) byStart.set(bar.start, { ...bar, closed: true });
  for (const bar of stored) byStart.set(bar.start, { ...bar, closed: true });
  if (open !== undefined) byStart.delete(open.start);
  const closed = [...byStart.values()].sort((a, b) => a.start - b.start);
  if (range.from === undefined) {
    // The latest bars: the open one is the newest, and the cut is taken from the old end.
    if (open !== undefined) closed.push({ ...open, closed: false });
    return closed.slice(Math.max(0, closed.length - range.limit));
  }
  const bars = closed.slice(0, range.limit);
  if (open !== undefined && bars.length < range.limit) bars.push({ ...open, closed: false });
  return bars;
}
