// Makes the stored bars of an instrument agree with its stored ticks again after a stop that
// may not have been graceful (kill -9, power loss). Ticks are committed every flush, but an open
// bar is stored only when it closes or at a graceful stop, so after a crash the bars of the last
// buckets are missing or hold fewer trades than the ticks behind them.
//
// Which buckets can be wrong: bars close in order and a closed bar is stored no earlier than its
// ticks (IngestPipeline.ingest hands the ticks to the store before the bars they close), so
// every bucket before the newest stored bar is final. From that bar (it may be an open bar a
// graceful stop stored and a later run continued) or from the bucket of the last stored tick,
// whichever is earlier, up to the last tick, each bucket is aggregated from its ticks in SQL.
//
// A stored bar is replaced only when it is missing or counts fewer trades than its ticks. A
// stale bar can only have fewer (ticks are never stored after the bars they make); a bar with
// more trades than its ticks is the exchange's kline for a bucket whose ticks are incomplete
// (the first live bucket, kline history; docs/storage.md#bars-and-ticks-after-a-crash), and it
// is the better bar, so it stays.
import { bucketStart, type Bar, type InstrumentId, type Timeframe } from '../domain/index.js';
import type { Store, StoredInstrument } from '../store/store.js';

export interface RepairedBars {
  /** Bars written because the stored one was missing or behind its ticks. */
  rewritten: Bar[];
  /** Per timeframe, the stored bar (after the repair) of the bucket holding the last stored tick. */
  lastBuckets: Map<Timeframe, Bar>;
}

/**
 * Rebuilds from the stored ticks every bar of `instrument` that a crash can have left missing
 * or stale, for each timeframe, stores them and waits for the write.
 */
export async function repairBarsFromTicks(
  store: Store,
  instrument: StoredInstrument,
  timeframes: readonly Timeframe[],
): Promise<RepairedBars> {
  const rewritten: Bar[] = [];
  const lastBuckets = new Map<Timeframe, Bar>();
  const { firstTs, lastTs } = instrument;
  if (firstTs === null || lastTs === null) return { rewritten, lastBuckets };
  for (const timeframe of timeframes) {
    const from = await firstUnsettledBucket(store, instrument.id, timeframe, firstTs, lastTs);
    const query = { instrument: instrument.id, timeframe, from };
    const [fromTicks, stored] = await Promise.all([store.barsFromTicks(query), store.readBars(query)]);
    const storedByStart = new Map(stored.map((bar) => [bar.start, bar]));
    const lastBucket = bucketStart(lastTs, timeframe);
    for (const bar of fromTicks) {
      const current = storedByStart.get(bar.start);
      const kept = current === undefined || current.trades < bar.trades ? bar : current;
      if (kept === bar) rewritten.push(bar);
      if (bar.start === lastBucket) lastBuckets.set(timeframe, kept);
    }
  }
  if (rewritten.length > 0) {
    store.upsertBars(rewritten);
    await store.flush();
  }
  return { rewritten, lastBuckets };
}

/** The earliest bucket whose bar a crash can have left missing or stale. */
async function firstUnsettledBucket(
  store: Store,
  instrument: InstrumentId,
  timeframe: Timeframe,
  firstTs: number,
  lastTs: number,
): Promise<number> {
  const [newest] = await store.readBars({ instrument, timeframe, limit: 1 });
  if (newest === undefined) return bucketStart(firstTs, timeframe);
  return Math.min(newest.start, bucketStart(lastTs, timeframe));
}
