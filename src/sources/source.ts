// What every live source (simulator, Binance spot/futures) offers the pipeline.
import type { InstrumentId, Tick } from '../domain/index.js';

export type SourceKind = 'sim' | 'binance' | 'binance-futures' | 'replay' | 'none';

export interface SourceCounters {
  /** Raw messages received (including non-trade and unparseable ones). */
  messages: number;
  /** Messages that could not be parsed or were rejected; never fatal. */
  errors: number;
}

export interface StreamStatus {
  instrument: InstrumentId;
  connected: boolean;
  lastTradeId: number | null;
  lastTradeTs: number | null;
  /** Receive time minus exchange time of the last trade, ms. */
  feedLagMs: number | null;
  /**
   * Local epoch ms the last message of this stream arrived (any message, not only a trade):
   * silence is measured from here, as the lateness of the last trade stays 0 when trades stop.
   */
  lastMessageAt?: number | null;
  /** Mean gap between the stream's messages as observed, ms; null until two were seen. */
  expectedGapMs?: number | null;
}

export interface TickSource {
  readonly kind: SourceKind;
  /** True when the data is simulated; shown as SIMULATED everywhere. */
  readonly simulated: boolean;
  instruments(): InstrumentId[];
  /** Starts delivering ticks to `onTicks` (batches in arrival order). */
  start(onTicks: (ticks: Tick[]) => void): Promise<void>;
  stop(): Promise<void>;
  counters(): SourceCounters;
  streams(): StreamStatus[];
}
