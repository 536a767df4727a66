// The ordered bars of one instrument and timeframe as the dashboard knows them: REST history
// merged with live WebSocket updates. Says for every update how it changed the series, so the
// chart can apply the cheapest matching operation.
import type { Bar } from '../api/types.ts';

export type BarChangeKind =
  /** A newer bucket than any seen: appended at the end. */
  | 'append'
  /** The newest bucket again (the open bar ticked, or it closed). */
  | 'replace-last'
  /** An older bucket that already exists: a late tick amended a closed bar. */
  | 'amend'
  /** An older bucket that did not exist: the series has to be redrawn. */
  | 'insert';

export interface BarChange {
  kind: BarChangeKind;
  bar: Bar;
}

export class BarBook {
  private bars: Bar[] = [];

  /** Replaces everything with `history`, sorted by start with the last copy of a bucket winning. */
  reset(history: readonly Bar[]): void {
    const byStart = new Map<number, Bar>();
    for (const bar of history) byStart.set(bar.start, bar);
    this.bars = [...byStart.values()].sort((a, b) => a.start - b.start);
  }

  /** Merges `bar`; returns null when it is older than what is already known for its bucket. */
  apply(bar: Bar): BarChange | null {
    const last = this.bars.at(-1);
    if (!last || bar.start > last.start) {
      this.bars.push(bar);
      return { kind: 'append', bar };
    }
    if (bar.start === last.start) {
      if (isOlderVersion(bar, last)) return null;
      this.bars[this.bars.length - 1] = bar;
      return { kind: 'replace-last', bar };
    }
    const index = this.lowerBound(bar.start);
    const existing = this.bars[index];
    if (existing?.start === bar.start) {
      if (isOlderVersion(bar, existing)) return null;
      this.bars[index] = bar;
      return { kind: 'amend', bar };
    }
    this.bars.splice(index, 0, bar);
    return { kind: 'insert', bar };
  }

  /**
   * Adds bars older than the oldest known one (a scroll-back page); returns how many were new.
   * Bars at or after the current oldest start are ignored: the live copy is newer.
   */
  prepend(older: readonly Bar[]): number {
    const oldest = this.bars[0]?.start ?? Number.POSITIVE_INFINITY;
    const byStart = new Map<number, Bar>();
    for (const bar of older) if (bar.start < oldest) byStart.set(bar.start, bar);
    if (byStart.size === 0) return 0;
    const sorted = [...byStart.values()].sort((a, b) => a.start - b.start);
    this.bars = sorted.concat(this.bars);
    return sorted.length;
  }

  /** Keeps the newest `count` bars; returns true when something was dropped. */
  trimTo(count: number): boolean {
    if (this.bars.length <= count) return false;
    this.bars = this.bars.slice(-count);
    return true;
  }

  get all(): readonly Bar[] {
    return this.bars;
  }

  get size(): number {
    return this.bars.length;
  }

  private lowerBound(start: number): number {
    let low = 0;
    let high = this.bars.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.bars[mid].start < start) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/**
 * Within one bucket, trades only ever accumulate, so a copy with fewer trades (or the same trades
 * but still open when the known copy is closed) is an older snapshot: e.g. a WebSocket update
 * that was buffered while the REST history, which already includes it, was in flight.
 */
function isOlderVersion(incoming: Bar, known: Bar): boolean {
  if (incoming.trades !== known.trades) return incoming.trades < known.trades;
  return known.closed && !incoming.closed;
}
