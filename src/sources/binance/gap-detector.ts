// Puts one instrument's trades in trade-id order (docs/binance-protocol.md#trade-ids-and-gaps):
// Binance ids are consecutive, so an id at or below the last one delivered is a duplicate, the next
// id is delivered at once, and a later id opens a gap. Trades after a gap are held back for a short
// reorder window (the missing ones often arrive a moment later, e.g. during a connection overlap),
// then the gap is reported for a REST fill. If the fill takes too long the held trades are released
// and the gap stays open as a "hole": trades filling it later are still accepted (late), everything
// else is not.
import type { Tick } from '../../domain/index.js';

export interface SequencedTrade {
  id: number;
  /** Exchange time, ms; null when unknown. */
  ts: number | null;
  /** The tick to emit; null for ids that count but never reach bars (USD-M insurance-fund/ADL prints). */
  tick: Tick | null;
}

export interface IdRange {
  fromId: number;
  toId: number;
}

export interface DetectedGap extends IdRange {
  /** Exchange time of the last trade before the gap, if known. */
  fromTs: number | null;
  /** Exchange time of the first trade after the gap, if known. */
  toTs: number | null;
}

export interface SequencerOptions {
  /** How long a missing id may still arrive live before the gap is reported. */
  reorderWindowMs: number;
  /** How long trades after a gap are held back while it is filled. */
  maxHoldMs: number;
  /** Same, while a REST fill is running and making progress. */
  maxHoldWhileFillingMs: number;
  /** Held trades beyond this are released at once (memory bound). */
  maxHeld: number;
  /** Open holes kept; the oldest are given up beyond this. */
  maxHoles: number;
}

export const DEFAULT_SEQUENCER_OPTIONS: SequencerOptions = {
  reorderWindowMs: 300,
  maxHoldMs: 2_000,
  maxHoldWhileFillingMs: 30_000,
  maxHeld: 200_000,
  maxHoles: 10_000,
};

interface Held extends SequencedTrade {
  heldAt: number;
}

export interface SequencerCounts {
  delivered: number;
  duplicates: number;
  /** Trades delivered into a hole, after later trades. */
  late: number;
  /** Ids declared absent (not market trades or not served by REST). */
  skipped: number;
}

export class TradeSequencer {
  readonly counts: SequencerCounts = { delivered: 0, duplicates: 0, late: 0, skipped: 0 };
  private frontier: number | null;
  private frontierTs: number | null = null;
  private held: Held[] = [];
  private heldSince: number | null = null;
  private holes: DetectedGap[] = [];
  private reported: number;
  private readonly options: SequencerOptions;

  /** `lastId`: the last trade already delivered (a restart resumes after it); null starts at the first trade seen. */
  constructor(lastId: number | null, options: Partial<SequencerOptions> = {}) {
    this.options = { ...DEFAULT_SEQUENCER_OPTIONS, ...options };
    this.frontier = lastId;
    this.reported = lastId ?? Number.NEGATIVE_INFINITY;
  }

  /** Highest id such that every id up to it was delivered, declared absent or is an open hole. */
  get lastId(): number | null {
    return this.frontier;
  }

  get lastTs(): number | null {
    return this.frontierTs;
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Ids up to this have been reported as gaps (or delivered). */
  get reportedUpTo(): number {
    return this.reported;
  }

  openHoles(): readonly DetectedGap[] {
    return this.holes;
  }

  /** Takes one trade; returns the ticks that can be emitted now, in order. */
  accept(trade: SequencedTrade, now: number): Tick[] {
    const out: Tick[] = [];
    if (this.frontier === null) {
      this.frontier = trade.id - 1;
      this.reported = this.frontier;
    }
    if (trade.id <= this.frontier) {
      if (this.takeFromHole(trade.id)) {
        this.counts.late++;
        this.emit(trade, out);
      } else {
        this.counts.duplicates++;
      }
      return out;
    }
    if (trade.id === this.frontier + 1) {
      this.advance(trade, out);
      this.drain(out);
      return out;
    }
    this.hold({ ...trade, heldAt: now });
    return out;
  }

  /** Declares ids that do not exist as trades (REST skipped them); returns ticks this unblocks. */
  skip(fromId: number, toId: number): Tick[] {
    const out: Tick[] = [];
    if (toId < fromId) return out;
    this.removeFromHoles(fromId, toId);
    if (this.frontier !== null && fromId <= this.frontier + 1 && toId > this.frontier) {
      this.counts.skipped += toId - this.frontier;
      this.frontier = toId;
      this.reported = Math.max(this.reported, toId);
      this.drain(out);
    }
    return out;
  }

  /** Missing ranges that have waited out the reorder window and were not reported before. */
  detectGaps(now: number): DetectedGap[] {
    const gaps: DetectedGap[] = [];
    if (this.held.length === 0 || this.frontier === null) return gaps;
    const cutoff = now - this.options.reorderWindowMs;
    let previousId = this.frontier;
    let previousTs = this.frontierTs;
    for (const trade of this.held) {
      if (trade.id > previousId + 1 && trade.id - 1 > this.reported && trade.heldAt <= cutoff) {
        gaps.push({
          fromId: Math.max(previousId + 1, this.reported + 1),
          toId: trade.id - 1,
          fromTs: previousTs,
          toTs: trade.ts,
        });
        this.reported = trade.id - 1;
      }
      previousId = trade.id;
      previousTs = trade.ts ?? previousTs;
    }
    return gaps;
  }

  /** True when held trades have waited long enough (or are too many) to be released out of order. */
  shouldRelease(now: number, filling: boolean): boolean {
    if (this.heldSince === null) return false;
    if (this.held.length > this.options.maxHeld) return true;
    return now - this.heldSince >= (filling ? this.options.maxHoldWhileFillingMs : this.options.maxHoldMs);
  }

  /** Emits every held trade; the ids still missing before them become holes (returned). */
  release(): { ticks: Tick[]; holes: DetectedGap[] } {
    const ticks: Tick[] = [];
    const holes: DetectedGap[] = [];
    if (this.held.length === 0 || this.frontier === null) return { ticks, holes };
    let previousId = this.frontier;
    let previousTs = this.frontierTs;
    for (const trade of this.held) {
      if (trade.id > previousId + 1)
        holes.push({ fromId: previousId + 1, toId: trade.id - 1, fromTs: previousTs, toTs: trade.ts });
      this.advance(trade, ticks);
      previousId = trade.id;
      previousTs = trade.ts ?? previousTs;
    }
    this.held = [];
    this.heldSince = null;
    this.reported = Math.max(this.reported, this.frontier);
    this.holes.push(...holes);
    while (this.holes.length > this.options.maxHoles) this.holes.shift();
    return { ticks, holes };
  }

  /**
   * The lowest range a REST fill should fetch: the oldest hole, else the reported gap in front of
   * the held trades. `openEnded` (restart catch-up) also asks for everything after the last id.
   */
  nextMissing(openEnded = false): { fromId: number; toId: number | null; fromTs: number | null } | null {
    if (this.holes.length > 0) {
      const hole = this.holes[0];
      return { fromId: hole.fromId, toId: hole.toId, fromTs: hole.fromTs };
    }
    if (this.frontier === null) return null;
    if (this.held.length > 0 && this.reported > this.frontier) {
      return { fromId: this.frontier + 1, toId: this.held[this.held.length - 1].id - 1, fromTs: this.frontierTs };
    }
    if (openEnded) return { fromId: this.frontier + 1, toId: null, fromTs: this.frontierTs };
    return null;
  }

  private emit(trade: SequencedTrade, out: Tick[]): void {
    if (trade.tick !== null) {
      out.push(trade.tick);
      this.counts.delivered++;
    }
  }

  private advance(trade: SequencedTrade, out: Tick[]): void {
    this.frontier = trade.id;
    if (trade.ts !== null) this.frontierTs = trade.ts;
    this.emit(trade, out);
  }

  private drain(out: Tick[]): void {
    let taken = 0;
    while (taken < this.held.length) {
      const next = this.held[taken];
      if (next.id <= this.frontier!) this.counts.duplicates++;
      else if (next.id === this.frontier! + 1) this.advance(next, out);
      else break;
      taken++;
    }
    if (taken > 0) this.held.splice(0, taken);
    if (this.held.length === 0) this.heldSince = null;
    if (this.frontier! > this.reported) this.reported = this.frontier!;
  }

  private hold(trade: Held): void {
    const held = this.held;
    if (held.length === 0 || trade.id > held[held.length - 1].id) {
      held.push(trade);
    } else {
      let lo = 0;
      let hi = held.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (held[mid].id < trade.id) lo = mid + 1;
        else hi = mid;
      }
      if (held[lo]?.id === trade.id) {
        this.counts.duplicates++;
        return;
      }
      held.splice(lo, 0, trade);
    }
    if (this.heldSince === null) this.heldSince = trade.heldAt;
  }

  private takeFromHole(id: number): boolean {
    for (let i = 0; i < this.holes.length; i++) {
      const hole = this.holes[i];
      if (id < hole.fromId || id > hole.toId) continue;
      if (hole.fromId === hole.toId) this.holes.splice(i, 1);
      else if (id === hole.fromId) hole.fromId++;
      else if (id === hole.toId) hole.toId--;
      else this.holes.splice(i, 1, { ...hole, toId: id - 1 }, { ...hole, fromId: id + 1 });
      return true;
    }
    return false;
  }

  private removeFromHoles(fromId: number, toId: number): void {
    const kept: DetectedGap[] = [];
    for (const hole of this.holes) {
      if (hole.toId < fromId || hole.fromId > toId) {
        kept.push(hole);
        continue;
      }
      this.counts.skipped += Math.min(hole.toId, toId) - Math.max(hole.fromId, fromId) + 1;
      if (hole.fromId < fromId) kept.push({ ...hole, toId: fromId - 1 });
      if (hole.toId > toId) kept.push({ ...hole, fromId: toId + 1 });
    }
    this.holes = kept;
  }
}
