// The mutable aggregate of one bucket. Open and close are the earliest and latest trade by
// (exchange time, trade id), which is input order for an in-order feed (as pandas takes it)
// and stays right when a late trade lands in a bucket that already has later ones.
import type { Bar, InstrumentId, Tick, Timeframe } from '../domain/index.js';

export class BarState {
  open: number;
  high: number;
  low: number;
  close: number;
  volume = 0;
  quoteVolume = 0;
  trades = 0;
  buyVolume = 0;
  private openTs: number;
  private openId: number;
  private closeTs: number;
  private closeId: number;

  constructor(
    readonly instrument: InstrumentId,
    readonly timeframe: Timeframe,
    readonly start: number,
    first: Tick,
  ) {
    this.open = this.high = this.low = this.close = first.price;
    this.openTs = this.closeTs = first.ts;
    this.openId = this.closeId = first.id;
    this.addVolume(first);
  }

  /**
   * Continues a stored bar (the open bar of a process that stopped): `lastTs`/`lastId` are its
   * latest trade; the first trade's position is unknown and taken as the bucket start.
   */
  static fromBar(bar: Bar, lastTs: number, lastId: number): BarState {
    const state = new BarState(bar.instrument, bar.timeframe, bar.start, {
      instrument: bar.instrument,
      id: Number.NEGATIVE_INFINITY,
      ts: bar.start,
      price: bar.open,
      qty: 0,
      buyerMaker: true,
    });
    state.high = bar.high;
    state.low = bar.low;
    state.close = bar.close;
    state.volume = bar.volume;
    state.quoteVolume = bar.quoteVolume;
    state.trades = bar.trades;
    state.buyVolume = bar.buyVolume;
    state.closeTs = lastTs;
    state.closeId = lastId;
    return state;
  }

  /** Adds a trade that arrived in order (not earlier than the current close). */
  addInOrder(tick: Tick): void {
    const price = tick.price;
    if (price > this.high) this.high = price;
    if (price < this.low) this.low = price;
    this.close = price;
    this.closeTs = tick.ts;
    this.closeId = tick.id;
    this.addVolume(tick);
  }

  /** Adds a trade in any order, placing it before the open or after the close where it belongs. */
  addAnyOrder(tick: Tick): void {
    if (tick.ts > this.closeTs || (tick.ts === this.closeTs && tick.id > this.closeId)) {
      this.addInOrder(tick);
      return;
    }
    if (tick.price > this.high) this.high = tick.price;
    if (tick.price < this.low) this.low = tick.price;
    if (tick.ts < this.openTs || (tick.ts === this.openTs && tick.id < this.openId)) {
      this.open = tick.price;
      this.openTs = tick.ts;
      this.openId = tick.id;
    }
    this.addVolume(tick);
  }

  /** True when `tick` is not earlier than the current close, i.e. it can take the fast path. */
  isInOrder(tick: Tick): boolean {
    return tick.ts > this.closeTs || (tick.ts === this.closeTs && tick.id > this.closeId);
  }

  private addVolume(tick: Tick): void {
    this.volume += tick.qty;
    this.quoteVolume += tick.price * tick.qty;
    this.trades += 1;
    if (!tick.buyerMaker) this.buyVolume += tick.qty;
  }

  toBar(): Bar {
    return {
      instrument: this.instrument,
      timeframe: this.timeframe,
      start: this.start,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: this.volume,
      quoteVolume: this.quoteVolume,
      trades: this.trades,
      buyVolume: this.buyVolume,
      vwap: this.volume > 0 ? this.quoteVolume / this.volume : this.close,
    };
  }
}
