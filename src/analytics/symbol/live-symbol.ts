// One instrument × timeframe, live: feeds each closed bar to the symbol engine, keeps a bounded
// history of bars and points, and rebuilds from the kept bars when a late trade amends one
// (the engine is O(1) per bar, so a rebuild of a few thousand bars takes well under a millisecond).
import type { Bar, InstrumentId, Timeframe } from '../../domain/index.js';
import type { SymbolParams } from '../params.js';
import { SymbolEngine, type SymbolPoint } from './symbol-engine.js';

export interface LiveSymbolOptions {
  historyLimit: number;
  emit: (symbol: LiveSymbol, point: SymbolPoint) => void;
}

export class LiveSymbol {
  private engine: SymbolEngine;
  private readonly bars: Bar[] = [];
  private readonly points: SymbolPoint[] = [];
  private warming: Bar[] | null = [];

  constructor(
    readonly instrument: InstrumentId,
    readonly timeframe: Timeframe,
    readonly params: SymbolParams,
    private readonly options: LiveSymbolOptions,
  ) {
    this.engine = new SymbolEngine(timeframe, params);
  }

  get latest(): SymbolPoint | null {
    return this.points.length > 0 ? this.points[this.points.length - 1] : null;
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
      this.points.push(this.engine.add(bar));
    }
    for (const bar of buffered) this.onClose(bar);
  }

  /** A closed or amended bar. */
  onClose(bar: Bar): void {
    if (this.warming !== null) {
      this.warming.push(bar);
      return;
    }
    const last = this.bars.length > 0 ? this.bars[this.bars.length - 1].start : Number.NEGATIVE_INFINITY;
    if (bar.start > last) {
      this.bars.push(bar);
      const point = this.engine.add(bar);
      this.points.push(point);
      this.options.emit(this, point);
      this.trim();
      return;
    }
    this.amend(bar);
  }

  /** The open bar's provisional values; null while warming or when the bar is not newer. */
  peek(open: Bar): SymbolPoint | null {
    if (this.warming !== null) return null;
    const last = this.bars.length > 0 ? this.bars[this.bars.length - 1].start : Number.NEGATIVE_INFINITY;
    return open.start > last ? this.engine.peek(open) : null;
  }

  private amend(bar: Bar): void {
    let i = this.bars.length - 1;
    while (i >= 0 && this.bars[i].start > bar.start) i--;
    if (i < 0 && this.bars.length >= this.options.historyLimit) return; // older than anything kept
    if (i >= 0 && this.bars[i].start === bar.start) this.bars[i] = bar;
    else this.bars.splice(++i, 0, bar);
    const from = Math.max(0, i);
    this.engine = new SymbolEngine(this.timeframe, this.params);
    this.points.length = 0;
    for (const b of this.bars) this.points.push(this.engine.add(b));
    for (let k = from; k < this.points.length; k++) this.options.emit(this, this.points[k]);
  }

  private trim(): void {
    const excess = this.bars.length - this.options.historyLimit;
    if (excess < 256) return;
    this.bars.splice(0, excess);
    this.points.splice(0, excess);
  }
}
