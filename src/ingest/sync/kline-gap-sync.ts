// The delta sync of one instrument and timeframe: every bucket without a stored bar, from the
// first stored bar to the last settled bucket, that is not known to have no exchange data, is
// asked for from Binance klines (the same paged, contiguity-checked reader as `backfill`). Only
// bars of missing buckets are written, so a stored bar (live, imported, repaired) is never
// replaced; buckets the exchange answered without a bar are recorded so no later run asks again.
import { TIMEFRAME_MS, type InstrumentId, type Timeframe } from '../../domain/index.js';
import { fetchKlineBars } from '../../sources/binance/kline-backfill.js';
import type { BinanceRestClient } from '../../sources/binance/rest-client.js';
import type { Store, TimeRange } from '../../store/store.js';
import { clipRanges, requestWindows, subtractRanges, unfilledRanges } from './sync-ranges.js';

export interface KlineGapSyncOptions {
  client: BinanceRestClient;
  store: Store;
  instrument: InstrumentId;
  timeframe: Timeframe;
  now: number;
  /**
   * Buckets that ended less than this long ago are left for the next run: the live stream may still
   * write them, and an exchange answer without them may only be late, not final.
   */
  settleMs: number;
  /** Buckets fetched for an instrument with no stored bar (the history `start` loads). */
  initialBars: number;
  /** Awaited before each request (the sync's share of the weight budget). */
  beforeRequest?: () => Promise<void>;
  signal?: AbortSignal;
}

export interface KlineGapSyncResult {
  barsWritten: number;
  /** Missing ranges asked for. */
  rangesRequested: number;
  /** Ranges recorded as having no exchange data. */
  emptyRanges: number;
  requests: number;
}

/** Missing ranges of the stored bars: gaps between them and the tail up to `end`. */
async function missingRanges(options: KlineGapSyncOptions, end: number): Promise<TimeRange[]> {
  const { store, instrument, timeframe, initialBars } = options;
  const size = TIMEFRAME_MS[timeframe];
  const [last] = await store.readBars({ instrument, timeframe, limit: 1 });
  if (last === undefined) return [{ from: end - initialBars * size, to: end }];
  const missing = await store.barGaps(instrument, timeframe);
  if (last.start + size < end) missing.push({ from: last.start + size, to: end });
  return clipRanges(missing, end);
}

function inPieces(start: number, pieces: readonly TimeRange[]): boolean {
  return pieces.some((piece) => start >= piece.from && start < piece.to);
}

export async function syncKlineGaps(options: KlineGapSyncOptions): Promise<KlineGapSyncResult> {
  const { client, store, instrument, timeframe, signal } = options;
  const size = TIMEFRAME_MS[timeframe];
  const end = Math.floor((options.now - options.settleMs) / size) * size;
  const result: KlineGapSyncResult = { barsWritten: 0, rangesRequested: 0, emptyRanges: 0, requests: 0 };
  // Bars still buffered are not in the gaps the store computes.
  await store.flush();
  const recorded = await store.noKlineDataRanges(instrument, timeframe);
  const pieces = subtractRanges(await missingRanges(options, end), recorded);
  result.rangesRequested = pieces.length;
  for (const window of requestWindows(pieces, client.endpoints.pageLimits.klines * size)) {
    signal?.throwIfAborted();
    const filled = new Set<number>();
    for await (const page of fetchKlineBars(
      client,
      { instrument, timeframe, from: window.from, to: window.to },
      {
        now: () => options.now,
        beforeRequest: async () => {
          result.requests++;
          await options.beforeRequest?.();
        },
      },
    )) {
      const missing = page.bars.filter((bar) => inPieces(bar.start, window.pieces));
      for (const bar of missing) filled.add(bar.start);
      if (missing.length > 0) {
        store.upsertBars(missing);
        // Each page is stored before the next is asked for: a stopped run resumes from here.
        await store.flush();
        result.barsWritten += missing.length;
      }
    }
    const empty = unfilledRanges(window, filled, size, recorded);
    await store.markNoKlineData(empty.map((range) => ({ instrument, timeframe, ...range })));
    result.emptyRanges += empty.length;
  }
  return result;
}
