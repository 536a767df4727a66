// The trading session of an instrument is the UTC day (crypto trades around the clock): its
// figures come from the open 1d bar. (The trade rate comes from the server's health: see health-rates.ts.)
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
}

export function sessionStatsOf(day: Bar): SessionStats {
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
  };
}
