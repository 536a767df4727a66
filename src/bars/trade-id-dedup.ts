// Drops trades already seen, by exchange trade id. Binance ids are consecutive per instrument, so
// a high-water mark plus the list of id ranges skipped over (gaps) identifies every trade
// exactly: an id at or below the mark is new only if it falls in a known gap, which is how a
// trade fetched later over REST to fill the gap gets in while a replayed duplicate does not.
import type { InstrumentId } from '../domain/index.js';

interface IdRange {
  from: number;
  to: number;
}

/** Open gaps kept per instrument; the oldest are forgotten beyond this (their ids then count as seen). */
const MAX_GAPS_PER_INSTRUMENT = 10_000;

class InstrumentIds {
  constructor(public highWater: number) {}
  gaps: IdRange[] = [];

  accept(id: number): boolean {
    if (id > this.highWater) {
      if (id > this.highWater + 1 && this.highWater >= 0) {
        this.gaps.push({ from: this.highWater + 1, to: id - 1 });
        if (this.gaps.length > MAX_GAPS_PER_INSTRUMENT) this.gaps.shift();
      }
      this.highWater = id;
      return true;
    }
    return this.takeFromGap(id);
  }

  private takeFromGap(id: number): boolean {
    for (let i = this.gaps.length - 1; i >= 0; i--) {
      const gap = this.gaps[i];
      if (id < gap.from || id > gap.to) continue;
      if (gap.from === gap.to) this.gaps.splice(i, 1);
      else if (id === gap.from) gap.from++;
      else if (id === gap.to) gap.to--;
      else this.gaps.splice(i, 1, { from: gap.from, to: id - 1 }, { from: id + 1, to: gap.to });
      return true;
    }
    return false;
  }
}

export class TradeIdDedup {
  private readonly byInstrument = new Map<InstrumentId, InstrumentIds>();

  /** Starts an instrument after a stored id (a restart resumes there; older ids are duplicates). */
  resumeAfter(instrument: InstrumentId, lastTradeId: number): void {
    this.byInstrument.set(instrument, new InstrumentIds(lastTradeId));
  }

  /** True when the trade is new (and records it), false when it is a duplicate. */
  accept(instrument: InstrumentId, id: number): boolean {
    let ids = this.byInstrument.get(instrument);
    if (ids === undefined) {
      ids = new InstrumentIds(-1);
      this.byInstrument.set(instrument, ids);
    }
    return ids.accept(id);
  }

  lastTradeId(instrument: InstrumentId): number | null {
    const ids = this.byInstrument.get(instrument);
    return ids === undefined || ids.highWater < 0 ? null : ids.highWater;
  }

  /** Id ranges skipped over and not yet filled, oldest first. */
  openGaps(instrument: InstrumentId): readonly IdRange[] {
    return this.byInstrument.get(instrument)?.gaps ?? [];
  }
}
