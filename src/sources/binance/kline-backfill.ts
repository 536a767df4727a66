// History from REST klines (docs/binance-protocol.md#klines) as domain bars: pages of up to 1000
// rows, oldest first, every row checked to follow the previous one by exactly one interval (a
// missing row is reported, never papered over), the still-open bar left out, and a delta-sync start
// computed from the last stored bar so that a second run downloads nothing.
import { parseInstrumentId, TIMEFRAME_MS, type Bar, type InstrumentId, type Timeframe } from '../../domain/index.js';
import type { BinanceRestClient, RestKline } from './rest-client.js';

export interface KlineRange {
  instrument: InstrumentId;
  timeframe: Timeframe;
  /** First bucket wanted (epoch ms; rounded up to a bucket start). */
  from: number;
  /** End, exclusive (epoch ms); default now. */
  to?: number;
}

/** Buckets the exchange did not return between two rows (exchange downtime, or a bad answer). */
export interface KlineDiscontinuity {
  instrument: InstrumentId;
  timeframe: Timeframe;
  expectedStart: number;
  actualStart: number;
  missingBars: number;
}

export interface KlinePage {
  bars: Bar[];
  discontinuities: KlineDiscontinuity[];
  /** Rows with no trades: no bar, as for empty buckets everywhere else. */
  emptyBuckets: number;
  /** The next bucket start to ask for; persist it to resume. */
  nextStart: number;
  /** Share of the range covered so far, 0..1 (for progress bars). */
  progress: number;
}

export interface KlineFetchOptions {
  now?: () => number;
  /** Rows per request (default the venue's page limit, 1000). */
  pageLimit?: number;
  /** Awaited before each request: a caller's own budget on top of the client's weight guard. */
  beforeRequest?: () => Promise<void>;
}

/** The fields of a kline that make a bar: a REST kline, or a row of a kline dump file. */
export type KlineBarFields = Pick<
  RestKline,
  'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'quoteVolume' | 'trades' | 'takerBuyVolume'
>;

/** Domain bar of one kline row. */
export function klineToBar(row: KlineBarFields, instrument: InstrumentId, timeframe: Timeframe): Bar {
  return {
    instrument,
    timeframe,
    start: row.openTime,
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    volume: row.volume,
    quoteVolume: row.quoteVolume,
    trades: row.trades,
    buyVolume: row.takerBuyVolume,
    vwap: row.volume > 0 ? row.quoteVolume / row.volume : row.close,
  };
}

function alignUp(time: number, size: number): number {
  return Math.ceil(time / size) * size;
}

/** Where a delta sync starts: the bucket after the last stored bar, never before `from`. */
export function deltaSyncStart(lastStoredStart: number | null, from: number, timeframe: Timeframe): number {
  const size = TIMEFRAME_MS[timeframe];
  const first = alignUp(from, size);
  return lastStoredStart === null ? first : Math.max(first, lastStoredStart + size);
}

/** Pages of bars for `range`, oldest first. */
export async function* fetchKlineBars(
  client: BinanceRestClient,
  range: KlineRange,
  options: KlineFetchOptions = {},
): AsyncGenerator<KlinePage> {
  const { instrument, timeframe } = range;
  if (!client.endpoints.klineTimeframes.includes(timeframe)) {
    throw new RangeError(
      `timeframe ${timeframe} has no klines on ${client.endpoints.venue}; allowed: ` +
        `${client.endpoints.klineTimeframes.join(', ')}`,
    );
  }
  const { symbol } = parseInstrumentId(instrument, client.endpoints.venue);
  const size = TIMEFRAME_MS[timeframe];
  const now = options.now ?? Date.now;
  const limit = options.pageLimit ?? client.endpoints.pageLimits.klines;
  const first = alignUp(range.from, size);
  // Only closed bars: a bucket is complete once its end has passed.
  const end = Math.min(range.to ?? Number.POSITIVE_INFINITY, Math.floor(now() / size) * size);
  let cursor = first;
  while (cursor < end) {
    await options.beforeRequest?.();
    const rows = await client.klines({ symbol, interval: timeframe, startTime: cursor, endTime: end - 1, limit });
    const page: KlinePage = { bars: [], discontinuities: [], emptyBuckets: 0, nextStart: cursor, progress: 0 };
    let expected = cursor;
    for (const row of rows) {
      if (row.openTime % size !== 0) {
        throw new RangeError(
          `${instrument} ${timeframe} kline at ${row.openTime} is not aligned to a ${timeframe} bucket start`,
        );
      }
      if (row.openTime < expected || row.openTime >= end) continue;
      if (row.openTime > expected) {
        page.discontinuities.push({
          instrument,
          timeframe,
          expectedStart: expected,
          actualStart: row.openTime,
          missingBars: (row.openTime - expected) / size,
        });
      }
      if (row.trades > 0) page.bars.push(klineToBar(row, instrument, timeframe));
      else page.emptyBuckets++;
      expected = row.openTime + size;
    }
    // A short page means the exchange has nothing more in the range.
    const exhausted = rows.length < limit || expected <= cursor;
    if (exhausted && expected < end) {
      page.discontinuities.push({
        instrument,
        timeframe,
        expectedStart: expected,
        actualStart: end,
        missingBars: (end - expected) / size,
      });
      expected = end;
    }
    cursor = expected;
    page.nextStart = cursor;
    page.progress = end > first ? Math.min(1, (cursor - first) / (end - first)) : 1;
    yield page;
  }
}

export interface KlineSyncSummary {
  instrument: InstrumentId;
  timeframe: Timeframe;
  from: number;
  to: number;
  bars: number;
  pages: number;
  emptyBuckets: number;
  discontinuities: KlineDiscontinuity[];
}

/**
 * Delta sync: fetches the bars after `lastStoredStart` (or from `range.from`) and hands each page
 * to `onPage` (store it there: the next run starts after the last stored bar).
 */
export async function syncKlines(
  client: BinanceRestClient,
  range: KlineRange & { lastStoredStart: number | null },
  onPage: (page: KlinePage) => void | Promise<void>,
  options: KlineFetchOptions = {},
): Promise<KlineSyncSummary> {
  const from = deltaSyncStart(range.lastStoredStart, range.from, range.timeframe);
  const summary: KlineSyncSummary = {
    instrument: range.instrument,
    timeframe: range.timeframe,
    from,
    to: from,
    bars: 0,
    pages: 0,
    emptyBuckets: 0,
    discontinuities: [],
  };
  for await (const page of fetchKlineBars(client, { ...range, from }, options)) {
    await onPage(page);
    summary.pages++;
    summary.bars += page.bars.length;
    summary.emptyBuckets += page.emptyBuckets;
    summary.discontinuities.push(...page.discontinuities);
    summary.to = page.nextStart;
  }
  return summary;
}

/** The last `count` closed bars (history for a newly streamed instrument). */
export async function recentKlineBars(
  client: BinanceRestClient,
  instrument: InstrumentId,
  timeframe: Timeframe,
  count = 1000,
  options: KlineFetchOptions = {},
): Promise<Bar[]> {
  const size = TIMEFRAME_MS[timeframe];
  const end = Math.floor((options.now ?? Date.now)() / size) * size;
  const bars: Bar[] = [];
  for await (const page of fetchKlineBars(
    client,
    { instrument, timeframe, from: end - count * size, to: end },
    options,
  ))
    bars.push(...page.bars);
  return bars;
}
