import type { InstrumentId } from './instrument.js';

/**
 * One exchange trade. `ts` is the exchange trade time in epoch ms UTC (fractional where the
 * source has microseconds); `id` is the exchange trade id, strictly increasing per instrument.
 * `buyerMaker` follows Binance: true means the buyer was the maker, i.e. the taker sold.
 */
export interface Tick {
  instrument: InstrumentId;
  id: number;
  ts: number;
  price: number;
  qty: number;
  buyerMaker: boolean;
  /** Local receive time in epoch ms, when the source knows it. */
  receivedAt?: number;
}
