import type { InstrumentId } from './instrument.js';
import type { Timeframe } from './timeframe.js';

/**
 * OHLCV bar labelled by its bucket start (epoch ms UTC). `buyVolume` is the volume where the
 * taker bought (buyerMaker false); vwap = quoteVolume / volume.
 */
export interface Bar {
  instrument: InstrumentId;
  timeframe: Timeframe;
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quoteVolume: number;
  trades: number;
  buyVolume: number;
  vwap: number;
}

/** A copy of `bar` with exactly the fields of a Bar (built field by field: no spread on hot paths). */
export function copyBar(bar: Bar): Bar {
  return {
    instrument: bar.instrument,
    timeframe: bar.timeframe,
    start: bar.start,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
    quoteVolume: bar.quoteVolume,
    trades: bar.trades,
    buyVolume: bar.buyVolume,
    vwap: bar.vwap,
  };
}

/** A bar as served: `closed` is false while its bucket can still receive ticks. */
export interface BarView extends Bar {
  closed: boolean;
}
