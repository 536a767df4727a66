// Ranges of trade ids skipped over and not seen yet. Binance trade ids are consecutive per
// instrument, so a high-water mark plus these ranges tells exactly whether an id is new: an id
// at or below the mark is new only when it falls in one of them (a trade fetched over REST to
// fill a gap), and taking it out of its range makes a second copy a duplicate.

export interface IdRange {
  from: number;
  to: number;
}

/** Gaps kept; the oldest are forgotten beyond this (their ids then count as seen). */
export const MAX_TRACKED_GAPS = 10_000;

export class TradeIdGaps {
  private ranges: IdRange[] = [];

  /** Open ranges, oldest first. */
  list(): readonly IdRange[] {
    return this.ranges;
  }

  get size(): number {
    return this.ranges.length;
  }

  /** Records the ids from..to as missing (newest last). */
  add(from: number, to: number): void {
    this.ranges.push({ from, to });
    if (this.ranges.length > MAX_TRACKED_GAPS) this.ranges.shift();
  }

  /** Records the ids from..to as missing, older than every recorded range. */
  addOldest(from: number, to: number): void {
    this.ranges.unshift({ from, to });
  }

  /** Forgets every id at or below `id` (they count as seen). */
  forgetUpTo(id: number): void {
    this.ranges = this.ranges
      .filter((gap) => gap.to > id)
      .map((gap) => ({ from: Math.max(gap.from, id + 1), to: gap.to }));
  }

  /** True when `id` was missing; it is then no longer missing. */
  take(id: number): boolean {
    const ranges = this.ranges;
    for (let i = ranges.length - 1; i >= 0; i--) {
      const gap = ranges[i];
      if (id < gap.from || id > gap.to) continue;
      if (gap.from === gap.to) ranges.splice(i, 1);
      else if (id === gap.from) gap.from++;
      else if (id === gap.to) gap.to--;
      else ranges.splice(i, 1, { from: gap.from, to: id - 1 }, { from: id + 1, to: gap.to });
      return true;
    }
    return false;
  }
}
