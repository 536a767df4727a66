// Bars of a coarser timeframe from finer bars, as pandas `resample` makes them from the finer rows:
// first open, max high, min low, last close, sums of volume, quote volume, trades and taker-buy
// volume; buckets without a bar give none. Used where history arrives as bars (kline dumps), so
// that 1m klines also give 5m…1d without their trades.
import { bucketStart, TIMEFRAME_MS, type Bar, type Timeframe } from '../domain/index.js';

/** Timeframes strictly coarser than `timeframe` that its buckets tile exactly. */
export function coarserTimeframes(timeframe: Timeframe, among: readonly Timeframe[]): Timeframe[] {
  const size = TIMEFRAME_MS[timeframe];
  return among.filter((tf) => TIMEFRAME_MS[tf] > size && TIMEFRAME_MS[tf] % size === 0);
}

/** Streams finer bars of one instrument, ascending by start, into bars of `timeframe`. */
export class BarResampler {
  private current: Bar | null = null;

  constructor(
    readonly timeframe: Timeframe,
    private readonly onBar: (bar: Bar) => void,
  ) {}

  add(bar: Bar): void {
    const start = bucketStart(bar.start, this.timeframe);
    const current = this.current;
    if (current !== null && current.start === start && current.instrument === bar.instrument) {
      if (bar.high > current.high) current.high = bar.high;
      if (bar.low < current.low) current.low = bar.low;
      current.close = bar.close;
      current.volume += bar.volume;
      current.quoteVolume += bar.quoteVolume;
      current.trades += bar.trades;
      current.buyVolume += bar.buyVolume;
      return;
    }
    if (current !== null && start < current.start && current.instrument === bar.instrument) {
      throw new RangeError(
        `bars must come in ascending order: ${bar.timeframe} bar at ${bar.start} after the ${this.timeframe} bucket ` +
          `${current.start}`,
      );
    }
    this.flush();
    this.current = {
      instrument: bar.instrument,
      timeframe: this.timeframe,
      start,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
      quoteVolume: bar.quoteVolume,
      trades: bar.trades,
      buyVolume: bar.buyVolume,
      vwap: 0,
    };
  }

  /** Emits the bucket in progress (end of the input). */
  flush(): void {
    const bar = this.current;
    if (bar === null) return;
    this.current = null;
    bar.vwap = bar.volume > 0 ? bar.quoteVolume / bar.volume : bar.close;
    this.onBar(bar);
  }
}

/** All of `bars` (ascending, one instrument) resampled to `timeframe`. */
export function resampleBars(bars: readonly Bar[], timeframe: Timeframe): Bar[] {
  const out: Bar[] = [];
  const resampler = new BarResampler(timeframe, (bar) => out.push(bar));
  for (const bar of bars) resampler.add(bar);
  resampler.flush();
  return out;
}
