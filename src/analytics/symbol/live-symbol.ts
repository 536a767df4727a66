// One instrument × timeframe, live: feeds each closed bar to the symbol engine and holds only the
// engine and its latest point. A late trade in the bar that just closed replaces it in the engine
// in O(1) (the estimators' exact replace); a late trade in an older bar, which is rare, rebuilds
// the engine from the stored bars. Keeping a warm-up's worth of bars (600) per symbol instead cost
// 41 KB each, 29 MB at 100 instruments × 7 timeframes, and rebuilding from them for every late
// trade allocated ~4 GB a minute on a starved machine, where every trade came after its 1s bar
// had closed (issue #15).
import type { Bar, InstrumentId, Timeframe } from '../../domain/index.js';
import type { SymbolParams } from '../params.js';
import { SymbolEngine, type SymbolPoint } from './symbol-engine.js';

export interface LiveSymbolOptions {
  /** Bars a rebuild starts from: enough for the engine to forget where it started (symbolWarmup). */
  historyLimit: number;
  emit: (symbol: LiveSymbol, point: SymbolPoint) => void;
  /**
   * The latest `limit` stored bars with a start before `to`, ascending, with every bar closed or
   * amended so far written (the store flushed first). Absent: an older bar's amendment is ignored.
   */
  readHistory?: (to: number, limit: number) => Promise<readonly Bar[]>;
  /** Told when a rebuild could not read the stored bars; the engine then goes on as it was. */
  onHistoryError?: (error: unknown) => void;
}

export class LiveSymbol {
  private engine: SymbolEngine;
  /** Start of the newest bar fed to the engine. */
  private lastStart = Number.NEGATIVE_INFINITY;
  /** Bars that closed while the engine waits for its history (first warm-up, or a rebuild). */
  private warming: Bar[] | null = [];
  /** Where the points of a rebuild under way are emitted from. */
  private rebuildFrom: number | null = null;
  /** Settles once the rebuild under way has emitted its points; null when none runs. */
  pendingRebuild: Promise<void> | null = null;

  constructor(
    readonly instrument: InstrumentId,
    readonly timeframe: Timeframe,
    readonly params: SymbolParams,
    private readonly options: LiveSymbolOptions,
  ) {
    this.engine = new SymbolEngine(timeframe, params);
  }

  get latest(): SymbolPoint | null {
    return this.engine.latest;
  }

  get isWarming(): boolean {
    return this.warming !== null;
  }

  /**
   * Stored bars (ascending) before the first live one; nothing is emitted for them, except during
   * a rebuild, for the bars from the amended one on.
   */
  initialize(history: readonly Bar[], { dropUnamendable = false } = {}): void {
    const buffered = this.warming ?? [];
    const emitFrom = this.rebuildFrom;
    this.warming = null;
    this.rebuildFrom = null;
    // At the first warm-up the store may already hold the first live bars; a rebuild reads only
    // up to the bars the engine had, and what closed meanwhile follows as it came.
    const firstLive = emitFrom === null && buffered.length > 0 ? buffered[0].start : Number.POSITIVE_INFINITY;
    for (const bar of history) {
      if (bar.start >= firstLive) break;
      this.lastStart = bar.start;
      const point = this.engine.add(bar);
      if (emitFrom !== null && bar.start >= emitFrom) this.options.emit(this, point);
    }
    for (const bar of buffered) {
      // After a rebuild that could not happen, a buffered amendment the engine cannot take is
      // dropped like the one that started it: starting another rebuild for it looped once per
      // buffered bar, and with the store closed at shutdown that was 1,182 failed reads and error
      // lines per 1s symbol, 124 k lines and a 57 s exit in the 100-instrument soak (#15).
      if (dropUnamendable && bar.start <= this.lastStart && !this.engine.canAmendLast(bar.start)) continue;
      this.onClose(bar);
    }
  }

  /** A closed or amended bar. */
  onClose(bar: Bar): void {
    if (this.warming !== null) {
      this.warming.push(bar);
      return;
    }
    if (bar.start > this.lastStart) {
      this.lastStart = bar.start;
      this.options.emit(this, this.engine.add(bar));
    } else if (this.engine.canAmendLast(bar.start)) {
      // The usual late trade: it lands in the bar that just closed.
      this.options.emit(this, this.engine.amendLast(bar));
    } else {
      this.rebuild(bar.start);
    }
  }

  /** The open bar's provisional values; null while warming or when the bar is not newer. */
  peek(open: Bar): SymbolPoint | null {
    if (this.warming !== null) return null;
    return open.start > this.lastStart ? this.engine.peek(open) : null;
  }

  /** Rebuilds the engine from the stored bars up to the newest one, emitting the points from `from` on. */
  private rebuild(from: number): void {
    const { readHistory, historyLimit } = this.options;
    if (readHistory === undefined) return;
    this.warming = [];
    this.rebuildFrom = from;
    const goOnAsBefore = () => {
      this.rebuildFrom = null;
      this.initialize([], { dropUnamendable: true });
    };
    const rebuilt = readHistory(this.lastStart + 1, historyLimit).then(
      (history) => {
        // Older than anything a rebuild starts from: the engine has forgotten that bar already.
        if (history.length >= historyLimit && from < history[0].start) return goOnAsBefore();
        this.engine = new SymbolEngine(this.timeframe, this.params);
        this.lastStart = Number.NEGATIVE_INFINITY;
        this.initialize(history);
      },
      (error: unknown) => {
        this.options.onHistoryError?.(error);
        goOnAsBefore();
      },
    );
    const pending: Promise<void> = rebuilt.then(() => {
      if (this.pendingRebuild === pending) this.pendingRebuild = null;
    });
    this.pendingRebuild = pending;
  }
}
