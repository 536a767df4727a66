// Drops trades already seen, by exchange trade id: a high-water mark per instrument plus the
// ranges skipped over (TradeIdGaps), so a trade fetched later over REST to fill a gap gets in
// while a replayed duplicate does not.
import { TradeIdGaps, type IdRange, type InstrumentId } from '../domain/index.js';

class InstrumentIds {
  readonly gaps = new TradeIdGaps();
  constructor(public highWater: number) {}

  accept(id: number): boolean {
    if (id > this.highWater) {
      if (id > this.highWater + 1 && this.highWater >= 0) this.gaps.add(this.highWater + 1, id - 1);
      this.highWater = id;
      return true;
    }
    return this.gaps.take(id);
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
    return this.byInstrument.get(instrument)?.gaps.list() ?? [];
  }
}
