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

/** A bar as served: `closed` is false while its bucket can still receive ticks. */
export interface BarView extends Bar {
  closed: boolean;
}
