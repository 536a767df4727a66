// One instrument × timeframe, live: feeds each closed bar to the symbol engine, keeps the last
// warm-up's worth of bars (packed), and when a late trade amends one, replaces the newest bar in
// the engine in O(1) or, for an older bar, rebuilds the engine from the kept bars (a few hundred
// O(1) steps: fine now and then, but done for every late trade it allocated ~4 GB a minute at
// 2,000 trades/s on a starved machine, where every trade came after its 1s bar had closed).
// Only the latest point is held: series for charts are computed from the store.
import type { Bar, InstrumentId, Timeframe } from '../../domain/index.js';
import type { SymbolParams } from '../params.js';
import { BarWindow } from './bar-window.js';
import { SymbolEngine, type SymbolPoint } from './symbol-engine.js';

export interface LiveSymbolOptions {
  /** Bars kept for a rebuild: enough for the engine to forget where it started (symbolWarmup). */
  historyLimit: number;
  emit: (symbol: LiveSymbol, point: SymbolPoint) => void;
}

export class LiveSymbol {
  private engine: SymbolEngine;
  private readonly bars: BarWindow;
  private warming: Bar[] | null = [];

  constructor(
    readonly instrument: InstrumentId,
    readonly timeframe: Timeframe,
    readonly params: SymbolParams,
    private readonly options: LiveSymbolOptions,
  ) {
    this.engine = new SymbolEngine(timeframe, params);
    this.bars = new BarWindow(options.historyLimit);
  }

  get latest(): SymbolPoint | null {
    return this.engine.latest;
  }

  get isWarming(): boolean {
    return this.warming !== null;
  }

  /** Stored bars (ascending) before the first live one; warm-up only, nothing is emitted. */
  initialize(history: readonly Bar[]): void {
    const buffered = this.warming ?? [];
    this.warming = null;
    const firstLive = buffered.length > 0 ? buffered[0].start : Number.POSITIVE_INFINITY;
    for (const bar of history) {
      if (bar.start >= firstLive) break;
      this.bars.push(bar);
      this.engine.add(bar);
    }
    for (const bar of buffered) this.onClose(bar);
  }

  /** A closed or amended bar. */
  onClose(bar: Bar): void {
    if (this.warming !== null) {
      this.warming.push(bar);
      return;
    }
    if (bar.start > this.bars.lastStart) {
      this.bars.push(bar);
      this.options.emit(this, this.engine.add(bar));
      return;
    }
    this.amend(bar);
  }

  /** The open bar's provisional values; null while warming or when the bar is not newer. */
  peek(open: Bar): SymbolPoint | null {
    if (this.warming !== null) return null;
    return open.start > this.bars.lastStart ? this.engine.peek(open) : null;
  }

  private amend(bar: Bar): void {
    const bars = this.bars;
    if (bars.length > 0 && bars.lastStart === bar.start && this.engine.canAmendLast(bar.start)) {
      // The usual late trade: it lands in the bar that just closed.
      bars.replace(bars.length - 1, bar);
      this.options.emit(this, this.engine.amendLast(bar));
      return;
    }
    let i = bars.length - 1;
    while (i >= 0 && bars.startAt(i) > bar.start) i--;
    if (i < 0 && bars.length >= this.options.historyLimit) return; // older than anything kept
    let from = i;
    if (i >= 0 && bars.startAt(i) === bar.start) bars.replace(i, bar);
    else from = bars.insert(i + 1, bar);
    this.engine = new SymbolEngine(this.timeframe, this.params);
    for (let k = 0; k < bars.length; k++) {
      const point = this.engine.add(bars.at(k));
      if (k >= from) this.options.emit(this, point);
    }
  }
}
