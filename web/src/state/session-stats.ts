// The trading session of an instrument is the UTC day (crypto trades around the clock): its
// figures come from the open 1d bar, and the trade rate from how fast that bar's trade count
// grows over the last few seconds.
import type { Bar } from '../api/types.ts';

export interface SessionStats {
  /** Start of the UTC day, epoch ms. */
  sessionStart: number;
  open: number;
  high: number;
  low: number;
  last: number;
  change: number;
  changePct: number;
  volume: number;
  quoteVolume: number;
  trades: number;
  /** Trades per second over the last `RATE_WINDOW_MS`; null until two samples are that far apart. */
  tradesPerSec: number | null;
}

export const RATE_WINDOW_MS = 10_000;

export interface TradeSample {
  at: number;
  sessionStart: number;
  trades: number;
}

/** Keeps the samples of the last window (and one older, to span it) and gives the trade rate. */
export class TradeRateMeter {
  private samples: TradeSample[] = [];

  add(sample: TradeSample): void {
    const last = this.samples.at(-1);
    // A new session restarts the count.
    if (last && (last.sessionStart !== sample.sessionStart || sample.trades < last.trades)) this.samples = [];
    this.samples.push(sample);
    const horizon = sample.at - RATE_WINDOW_MS;
    while (this.samples.length > 2 && this.samples[1].at <= horizon) this.samples.shift();
  }

  reset(): void {
    this.samples = [];
  }

  rate(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 1_000) return null;
    return ((last.trades - first.trades) * 1000) / (last.at - first.at);
  }
}

export function sessionStatsOf(day: Bar, tradesPerSec: number | null): SessionStats {
  const change = day.close - day.open;
  return {
    sessionStart: day.start,
    open: day.open,
    high: day.high,
    low: day.low,
    last: day.close,
    change,
    changePct: day.open === 0 ? 0 : (change / day.open) * 100,
    volume: day.volume,
    quoteVolume: day.quoteVolume,
    trades: day.trades,
    tradesPerSec,
  };
}
