// The recent closed bars of one live symbol, as the symbol engine reads them (start, OHLC,
// volume), packed in one Float64Array: 48 bytes a bar instead of about 250 for a Bar object.
// A symbol keeps them only to rebuild its engine when a late trade amends one; with 100
// instruments × 7 timeframes live, objects cost about 2 MB per instrument (issue #15).
import type { SymbolBar } from './symbol-engine.js';

const WIDTH = 6;

export class BarWindow {
  private rows: Float64Array;
  private count = 0;

  /** Holds at least `limit` bars; older ones are dropped in chunks of `slack` as newer arrive. */
  constructor(
    readonly limit: number,
    private readonly slack = 256,
  ) {
    this.rows = new Float64Array((limit + slack) * WIDTH);
  }

  get length(): number {
    return this.count;
  }

  startAt(index: number): number {
    return this.rows[index * WIDTH];
  }

  /** The newest bar's start; -Infinity when empty. */
  get lastStart(): number {
    return this.count === 0 ? Number.NEGATIVE_INFINITY : this.startAt(this.count - 1);
  }

  /** A copy of the bar at `index` (0 is the oldest kept). */
  at(index: number): SymbolBar {
    const r = this.rows;
    const at = index * WIDTH;
    return { start: r[at], open: r[at + 1], high: r[at + 2], low: r[at + 3], close: r[at + 4], volume: r[at + 5] };
  }

  /** Appends a bar newer than every kept one. */
  push(bar: SymbolBar): void {
    if (this.count * WIDTH === this.rows.length) this.dropOldest(this.count - this.limit);
    this.write(this.count++, bar);
  }

  /** Overwrites the bar at `index` (same start). */
  replace(index: number, bar: SymbolBar): void {
    this.write(index, bar);
  }

  /** Inserts a bar before `index`, keeping starts ascending; returns where it went (older bars may be dropped). */
  insert(index: number, bar: SymbolBar): number {
    if (this.count * WIDTH === this.rows.length) {
      const dropped = Math.min(index, this.count - this.limit);
      this.dropOldest(dropped);
      index -= dropped;
    }
    this.rows.copyWithin((index + 1) * WIDTH, index * WIDTH, this.count * WIDTH);
    this.count++;
    this.write(index, bar);
    return index;
  }

  private dropOldest(n: number): void {
    if (n <= 0) {
      // Every kept bar is needed: grow instead.
      const grown = new Float64Array(this.rows.length + this.slack * WIDTH);
      grown.set(this.rows);
      this.rows = grown;
      return;
    }
    this.rows.copyWithin(0, n * WIDTH, this.count * WIDTH);
    this.count -= n;
  }

  private write(index: number, bar: SymbolBar): void {
    const r = this.rows;
    const at = index * WIDTH;
    r[at] = bar.start;
    r[at + 1] = bar.open;
    r[at + 2] = bar.high;
    r[at + 3] = bar.low;
    r[at + 4] = bar.close;
    r[at + 5] = bar.volume;
  }
}
