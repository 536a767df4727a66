// `tickscope backfill`: bars from Binance REST klines into the store, as a delta sync: only the
// buckets missing before the first and after the last stored bar are downloaded, every page is
// written before the next is asked for (so an interrupted run resumes where it stopped), and
// kline rows are checked to be contiguous.
import {
  normalizeInstrumentId,
  parseTimeframe,
  TIMEFRAME_MS,
  type InstrumentId,
  type Timeframe,
} from '../../domain/index.js';
import { binanceEndpoints } from '../../sources/binance/endpoints.js';
import { syncKlines, type KlineDiscontinuity } from '../../sources/binance/kline-backfill.js';
import { BinanceRestClient } from '../../sources/binance/rest-client.js';
import { refreshInstrumentMeta } from '../../ingest/instrument-meta-refresh.js';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/store.js';
import { ConfigError, parseLogLevel } from '../config.js';
import { createLogger } from '../logger.js';
import { ProgressBar } from '../progress-bar.js';

export interface BackfillOptions {
  instruments: InstrumentId[];
  timeframe: Timeframe;
  from: number;
  to: number;
  db: string;
  restUrl?: string;
  futuresRestUrl?: string;
  progress?: boolean;
  logLevel?: string;
}

export interface BackfillResult {
  instrument: InstrumentId;
  bars: number;
  pages: number;
  emptyBuckets: number;
  discontinuities: KlineDiscontinuity[];
}

export function parseDate(value: string, field: string): number {
  const ms = /^\d+$/.test(value)
    ? Number(value)
    : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms))
    throw new ConfigError(`${field} must be a date (2024-01-01, 2024-01-01T12:00:00Z) or epoch ms, got "${value}"`);
  return ms;
}

export function parseBackfillFlags(
  flags: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv = process.env,
): BackfillOptions {
  if (!flags.instruments)
    throw new ConfigError('--instruments is required, e.g. --instruments binance:BTCUSDT,binance:ETHUSDT');
  const instruments = flags.instruments
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  let ids: InstrumentId[];
  try {
    ids = instruments.map((id) => normalizeInstrumentId(id));
  } catch (error) {
    throw new ConfigError(`--instruments: ${(error as Error).message}`);
  }
  const notBinance = ids.find((id) => !id.startsWith('binance:') && !id.startsWith('binance-futures:'));
  if (notBinance)
    throw new ConfigError(`--instruments: ${notBinance} is not a Binance instrument (binance:… or binance-futures:…)`);
  let timeframe: Timeframe;
  try {
    timeframe = parseTimeframe(flags.timeframe ?? '1m');
  } catch (error) {
    throw new ConfigError(`--timeframe: ${(error as Error).message}`);
  }
  if (!flags.from) throw new ConfigError('--from is required, e.g. --from 2024-01-01');
  const from = parseDate(flags.from, '--from');
  const to = flags.to ? parseDate(flags.to, '--to') : Date.now();
  if (from >= to)
    throw new ConfigError(
      `--from (${new Date(from).toISOString()}) must be before --to (${new Date(to).toISOString()})`,
    );
  return {
    instruments: ids,
    timeframe,
    from,
    to,
    db: flags.db ?? env.TICKSCOPE_DB ?? './data/tickscope.duckdb',
    restUrl: flags.binanceRestUrl ?? env.TICKSCOPE_BINANCE_REST_URL,
    futuresRestUrl: flags.binanceFuturesRestUrl ?? env.TICKSCOPE_BINANCE_FUTURES_REST_URL,
    logLevel: flags.logLevel === undefined ? undefined : parseLogLevel(flags.logLevel, '--log-level'),
  };
}

/** The bucket ranges not covered by stored bars: before the first and after the last. */
async function missingRanges(store: Store, instrument: InstrumentId, timeframe: Timeframe, from: number, to: number) {
  const size = TIMEFRAME_MS[timeframe];
  const [first] = await store.readBars({ instrument, timeframe, from: 0, limit: 1 });
  const [last] = await store.readBars({ instrument, timeframe, limit: 1 });
  if (first === undefined) return [{ from, to, lastStoredStart: null }];
  const ranges: Array<{ from: number; to: number; lastStoredStart: number | null }> = [];
  if (from < first.start) ranges.push({ from, to: Math.min(to, first.start), lastStoredStart: null });
  if (to > last.start + size) ranges.push({ from, to, lastStoredStart: last.start });
  return ranges;
}

export async function backfill(options: BackfillOptions): Promise<BackfillResult[]> {
  const logger = createLogger(options.logLevel ?? 'warn');
  const store = await openStore({ path: options.db, logger });
  const clients = new Map<string, BinanceRestClient>();
  const clientFor = (venue: 'binance' | 'binance-futures') => {
    let client = clients.get(venue);
    if (!client) {
      const restUrl = venue === 'binance' ? options.restUrl : options.futuresRestUrl;
      client = new BinanceRestClient({ endpoints: binanceEndpoints(venue, { restUrl }), logger });
      clients.set(venue, client);
    }
    return client;
  };
  const bar = new ProgressBar(options.progress);
  const results: BackfillResult[] = [];
  try {
    for (const [index, instrument] of options.instruments.entries()) {
      const venue = instrument.startsWith('binance-futures:') ? 'binance-futures' : 'binance';
      const result: BackfillResult = { instrument, bars: 0, pages: 0, emptyBuckets: 0, discontinuities: [] };
      await refreshInstrumentMeta(clientFor(venue), venue, [instrument], store, logger);
      for (const range of await missingRanges(store, instrument, options.timeframe, options.from, options.to)) {
        const summary = await syncKlines(
          clientFor(venue),
          { instrument, timeframe: options.timeframe, ...range },
          async (page) => {
            store.upsertBars(page.bars);
            await store.flush();
            result.bars += page.bars.length;
            bar.update((index + page.progress) / options.instruments.length, `${instrument} ${result.bars} bars`);
          },
        );
        result.pages += summary.pages;
        result.emptyBuckets += summary.emptyBuckets;
        result.discontinuities.push(...summary.discontinuities);
      }
      results.push(result);
    }
    bar.done(`${results.reduce((s, r) => s + r.bars, 0)} bars`);
  } finally {
    for (const client of clients.values()) client.close();
    await store.close();
  }
  return results;
}
