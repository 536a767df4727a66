// Pending bar upserts, one row per (instrument, timeframe, start): a later upsert of the same
// bar overwrites the buffered copy, so a batch holds only the last version of each bar and the
// database never sees two versions of a key in one statement.
import { copyBar, type Bar, type InstrumentId, type Timeframe } from '../../domain/index.js';

type StartIndex = Map<number, number>;

export class BarBuffer {
  private rows: Bar[] = [];
  private index = new Map<InstrumentId, Map<Timeframe, StartIndex>>();

  get length(): number {
    return this.rows.length;
  }

  upsert(bar: Bar): void {
    let byTimeframe = this.index.get(bar.instrument);
    if (byTimeframe === undefined) {
      byTimeframe = new Map();
      this.index.set(bar.instrument, byTimeframe);
    }
    let byStart = byTimeframe.get(bar.timeframe);
    if (byStart === undefined) {
      byStart = new Map();
      byTimeframe.set(bar.timeframe, byStart);
    }
    const row = byStart.get(bar.start);
    if (row === undefined) {
      byStart.set(bar.start, this.rows.length);
      this.rows.push(copyBar(bar));
    } else {
      // Copied, not referenced: bar builders may keep mutating the object they handed over.
      overwrite(this.rows[row], bar);
    }
  }

  /** Empties the buffer and returns its bars. */
  take(): Bar[] {
    const batch = this.rows;
    this.rows = [];
    this.index = new Map();
    return batch;
  }

  /** Puts a batch whose write failed back; versions buffered since it was taken stay newer. */
  restore(batch: readonly Bar[]): void {
    if (batch.length === 0) return;
    const newer = this.take();
    for (const bar of batch) this.upsert(bar);
    for (const bar of newer) this.upsert(bar);
  }
}

function overwrite(target: Bar, bar: Bar): void {
  target.open = bar.open;
  target.high = bar.high;
  target.low = bar.low;
  target.close = bar.close;
  target.volume = bar.volume;
  target.quoteVolume = bar.quoteVolume;
  target.trades = bar.trades;
  target.buyVolume = bar.buyVolume;
  target.vwap = bar.vwap;
}
