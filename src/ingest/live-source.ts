// Chooses and builds the live source for `tickscope start`: Binance spot or USD-M futures, the
// simulator, or none; `auto` tries Binance and falls back to the simulator, loudly, when Binance
// cannot be reached at start. It runs while the server already answers, and says where it stands
// in a SourceStatus (connecting, the fallback countdown, the simulated history's progress).
import type { Logger } from 'pino';
import type { Bus } from '../bus/bus.js';
import { normalizeInstrumentId, type InstrumentId, type Timeframe } from '../domain/index.js';
import { BinanceLiveSource } from '../sources/binance/binance-live-source.js';
import type { BinanceVenue } from '../sources/binance/endpoints.js';
import type { BinanceRestClient } from '../sources/binance/rest-client.js';
import type { TickSource } from '../sources/source.js';
import type { Store } from '../store/store.js';
import { GapRecords, type GapLedger } from './gap-records.js';
import { refreshInstrumentMeta } from './instrument-meta-refresh.js';
import type { IngestPipeline } from './ingest-pipeline.js';
import { backfillRecentHistory, historyTimeframes, repairFirstLiveBars } from './kline-history.js';
import { startSimulator } from './sim-start.js';
import type { SourceStatus } from './source-status.js';
import { loadWatchlist, saveWatchlist, type WatchlistControl } from './watchlist.js';

/** The choices of `start --source`. */
export const LIVE_SOURCE_CHOICES = ['auto', 'binance', 'binance-futures', 'sim', 'none'] as const;
export type LiveSourceChoice = (typeof LIVE_SOURCE_CHOICES)[number];

/** What the live source is built from (the part of `start`'s configuration it reads). */
export interface LiveSourceConfig {
  source: LiveSourceChoice;
  /** Binance instruments to stream; with `instrumentsGiven` false, only the default when none are stored. */
  instruments: readonly InstrumentId[];
  instrumentsGiven?: boolean;
  /** Simulator seed and trades per second. */
  seed: number;
  simRate: number;
  /** Simulated history written when the simulator starts on a store without its trades; 0 or absent: none. */
  simHistoryMs?: number;
  binanceWsUrl?: string;
  binanceRestUrl?: string;
  binanceFuturesWsUrl?: string;
  binanceFuturesRestUrl?: string;
}

/** How long `--source auto` waits for Binance before it falls back to the simulator. */
export const AUTO_CONNECT_TIMEOUT_MS = 15_000;
/** Closed bars per timeframe loaded from klines when an instrument starts streaming. */
export const HISTORY_BARS = 1_000;
/**
 * Instruments whose kline history loads at the same time. All at once, 100 instruments held
 * 100 pages of 1,000 klines (JSON, rows and bars) in the heap together at start, and the heap
 * that grew for them stayed in the RSS (issue #15).
 */
export const HISTORY_CONCURRENCY = 4;

export interface LiveSource {
  source: TickSource | null;
  watchlist?: WatchlistControl;
  gaps?: GapLedger;
  /** A Binance source's REST klines, for the daily sync of its watched instruments. */
  klines?: KlineAccess;
  /** Stops the source and everything started with it. */
  stop(): Promise<void>;
}

export interface KlineAccess {
  client: BinanceRestClient;
  timeframes: readonly Timeframe[];
  /** The watched instruments now (the watch list changes at runtime). */
  instruments(): InstrumentId[];
  /** Settles once the kline history of the instruments streamed at start is loaded (or failed). */
  historyLoaded: Promise<void>;
}

interface Deps {
  config: LiveSourceConfig;
  store: Store;
  bus: Bus;
  pipeline: IngestPipeline;
  logger: Logger;
  /** Overrides AUTO_CONNECT_TIMEOUT_MS (tests). */
  autoConnectTimeoutMs?: number;
  /** Told what is happening while the source starts. */
  status?: SourceStatus;
  /** Shutdown while the source is still starting: stop waiting, start nothing more. */
  signal?: AbortSignal;
}

const NO_SOURCE: LiveSource = { source: null, stop: async () => {} };

async function startSim({ config, store, pipeline, logger, status, signal }: Deps): Promise<LiveSource> {
  status?.enter('simulated');
  const source = await startSimulator({
    seed: config.seed,
    simRate: config.simRate,
    historyMs: config.simHistoryMs ?? 0,
    store,
    pipeline,
    logger,
    status,
    signal,
  });
  if (source === null) return NO_SOURCE;
  return { source, stop: () => source.stop() };
}

/** Resolves false when the signal aborts first. */
function unlessAborted(connected: Promise<boolean>, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal === undefined) return connected;
  if (signal.aborted) return Promise.resolve(false);
  return Promise.race([
    connected,
    new Promise<boolean>((resolve) => signal.addEventListener('abort', () => resolve(false), { once: true })),
  ]);
}

async function createBinance(
  venue: BinanceVenue,
  deps: Deps,
): Promise<{ source: BinanceLiveSource; gaps: GapRecords; instruments: InstrumentId[] }> {
  const { config, store, pipeline, logger } = deps;
  const instruments = await loadWatchlist(
    store,
    venue,
    config.instrumentsGiven ? config.instruments : null,
    config.instruments,
  );
  const resumeFrom = await pipeline.resume(instruments);
  const gaps = await GapRecords.open(store);
  const source = new BinanceLiveSource({
    venue,
    instruments,
    resumeFrom,
    endpoints:
      venue === 'binance'
        ? { wsUrl: config.binanceWsUrl, restUrl: config.binanceRestUrl }
        : // A test server or gateway given only as --binance-*-url serves futures too.
          {
            wsUrl: config.binanceFuturesWsUrl ?? config.binanceWsUrl,
            restUrl: config.binanceFuturesRestUrl ?? config.binanceRestUrl,
          },
    logger: logger.child({ source: venue }),
    onGap: (record) => gaps.update(record),
  });
  return { source, gaps, instruments };
}

async function runBinance(
  venue: BinanceVenue,
  deps: Deps,
  created: Awaited<ReturnType<typeof createBinance>>,
): Promise<LiveSource> {
  const { store, bus, pipeline, logger } = deps;
  const { source, gaps, instruments } = created;
  const timeframes = historyTimeframes(venue);
  const stopRepair = repairFirstLiveBars(source.rest, store, bus, timeframes, logger);
  const loadHistory = (id: InstrumentId) =>
    backfillRecentHistory(source.rest, store, id, timeframes, HISTORY_BARS, logger).then(
      (bars) => logger.info({ instrument: id, bars }, 'kline history loaded'),
      (error: unknown) => logger.warn({ err: error, instrument: id }, 'kline history could not be stored'),
    );
  const history = forEachConcurrently(instruments, HISTORY_CONCURRENCY, loadHistory);
  const metadata = refreshInstrumentMeta(source.rest, venue, instruments, store, logger);

  const watchlist: WatchlistControl = {
    add: async (input) => {
      const normalized = normalizeInstrumentId(input, venue);
      const id = await source.addInstrument(normalized, (await pipeline.resume([normalized])).get(normalized) ?? null);
      await saveWatchlist(store, venue, source.instruments());
      void loadHistory(id);
      void refreshInstrumentMeta(source.rest, venue, [id], store, logger);
      return id;
    },
    remove: async (input) => {
      const removed = await source.removeInstrument(input);
      if (removed) await saveWatchlist(store, venue, source.instruments());
      return removed;
    },
  };
  return {
    source,
    watchlist,
    gaps,
    klines: {
      client: source.rest,
      timeframes,
      instruments: () => source.instruments(),
      historyLoaded: history.then(
        () => undefined,
        () => undefined,
      ),
    },
    stop: async () => {
      stopRepair();
      await source.stop();
      await history.catch(() => undefined);
      await metadata;
      await gaps.close();
    },
  };
}

/** Runs `task` over `items`, at most `limit` at a time. */
async function forEachConcurrently<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export async function startLiveSource(deps: Deps): Promise<LiveSource> {
  const { config, pipeline, logger, status } = deps;
  switch (config.source) {
    case 'none':
      status?.enter('none');
      return NO_SOURCE;
    case 'sim':
      return startSim(deps);
    case 'binance':
    case 'binance-futures': {
      status?.connecting(null);
      const created = await createBinance(config.source, deps);
      await created.source.start((ticks) => pipeline.ingest(ticks));
      status?.enter('live');
      return runBinance(config.source, deps, created);
    }
    case 'auto': {
      const waitMs = deps.autoConnectTimeoutMs ?? AUTO_CONNECT_TIMEOUT_MS;
      status?.connecting(Date.now() + waitMs);
      const created = await createBinance('binance', deps);
      logger.info(
        { url: created.source.endpoints.wsUrl, fallbackInSec: Math.round(waitMs / 1000) },
        'connecting to Binance; --source auto falls back to the simulator if it cannot be reached',
      );
      await created.source.start((ticks) => pipeline.ingest(ticks));
      if (await unlessAborted(created.source.whenConnected(waitMs), deps.signal)) {
        status?.enter('live');
        return runBinance('binance', deps, created);
      }
      await created.source.stop();
      await created.gaps.close();
      if (deps.signal?.aborted) return NO_SOURCE;
      logger.warn(
        { source: 'sim', waitedMs: waitMs, url: created.source.endpoints.wsUrl },
        'SIMULATED DATA: Binance could not be reached, so --source auto falls back to the simulator (sim:AAA,' +
          ' sim:BBB, sim:CCC). Use --source binance to never fall back.',
      );
      return startSim(deps);
    }
  }
}
