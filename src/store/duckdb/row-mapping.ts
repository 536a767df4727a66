// The boundary between DuckDB values and domain objects. Timestamps leave SQL as epoch-ms
// DOUBLEs (µs precision kept) and BIGINTs as DOUBLEs, so no BigInt reaches the domain.
import { DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api';
import type { Bar, InstrumentId, Tick, Timeframe } from '../../domain/index.js';

export const TICK_SELECT =
  'id::DOUBLE, epoch_us(ts)::DOUBLE / 1000, price, qty, buyer_maker, epoch_us(received_at)::DOUBLE / 1000';

export const BAR_SELECT =
  'epoch_us(start)::DOUBLE / 1000, open, high, low, close, volume, quote_volume, trades::DOUBLE, buy_volume, vwap';

/** An epoch-ms bound as a TIMESTAMP parameter, rounded to µs the same way stored ts are. */
export function timestampParam(epochMs: number): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(Math.round(epochMs * 1000)));
}

export function ticksFromColumns(instrument: InstrumentId, columns: DuckDBValue[][]): Tick[] {
  const [id, ts, price, qty, buyerMaker, receivedAt] = columns as [
    number[],
    number[],
    number[],
    number[],
    boolean[],
    (number | null)[],
  ];
  const ticks: Tick[] = new Array(id?.length ?? 0);
  for (let row = 0; row < ticks.length; row++) {
    const tick: Tick = {
      instrument,
      id: id[row],
      ts: ts[row],
      price: price[row],
      qty: qty[row],
      buyerMaker: buyerMaker[row],
    };
    const received = receivedAt[row];
    if (received !== null) tick.receivedAt = received;
    ticks[row] = tick;
  }
  return ticks;
}

export function barsFromColumns(instrument: InstrumentId, timeframe: Timeframe, columns: DuckDBValue[][]): Bar[] {
  const [start, open, high, low, close, volume, quoteVolume, trades, buyVolume, vwap] = columns as number[][];
  const bars: Bar[] = new Array(start?.length ?? 0);
  for (let row = 0; row < bars.length; row++) {
    bars[row] = {
      instrument,
      timeframe,
      start: start[row],
      open: open[row],
      high: high[row],
      low: low[row],
      close: close[row],
      volume: volume[row],
      quoteVolume: quoteVolume[row],
      trades: trades[row],
      buyVolume: buyVolume[row],
      vwap: vwap[row],
    };
  }
  return bars;
}
