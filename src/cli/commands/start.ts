// `tickscope start`: every stage in one process, wired by subscription to one in-memory bus:
// live source → ingest pipeline (ticks, bars) → analytics (metric) → alert engine (alert), and the
// server's WebSocket gateway listening to all four topics. The server listens first; the source
// connects (or falls back, or writes the simulator's history) behind it.
import type { Logger } from 'pino';
import { AlertEngine } from '../../alerts/alert-engine.js';
import { AlertFeed } from '../../alerts/delivery/alert-feed.js';
import { AnalyticsService } from '../../analytics/live/analytics-service.js';
import { defaultPairFor } from '../../analytics/live/default-pairs.js';
import { SessionKeeper } from '../../analytics/sessions/session-keeper.js';
import { SessionProfiles } from '../../analytics/sessions/session-profiles.js';
import { MemoryBus } from '../../bus/memory-bus.js';
import { normalizeInstrumentId, type Venue } from '../../domain/index.js';
import { IngestPipeline } from '../../ingest/ingest-pipeline.js';
import { type KlineAccess, type LiveSource, startLiveSource } from '../../ingest/live-source.js';
import { SourceStatus } from '../../ingest/source-status.js';
import { DailySync } from '../../ingest/sync/daily-sync.js';
import { DEFAULT_SYNC_CRON, SyncCron } from '../../ingest/sync/sync-schedule.js';
import { buildServer } from '../../server/app.js';
import type { ServerContext } from '../../server/context.js';
import type { SourceKind } from '../../sources/source.js';
import { openStore, type Store } from '../../store/index.js';
import { resolveStartConfig, type StartConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { webDistDir } from '../paths.js';

export interface RunningApp {
  url: string;
  ctx: ServerContext;
  /** Settles once the live source runs (after Binance answered, or the fallback and its history). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  logger?: Logger;
  /** How long `--source auto` waits for Binance (tests shorten it). */
  autoConnectTimeoutMs?: number;
}

export async function startApp(config: StartConfig, options: StartAppOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(config.logLevel, config.logFormat);
  // DuckDB on its own thread: a flush never holds up a trade on its way to a client.
  const store = await openStore({
    path: config.db,
    logger,
    thread: 'worker',
    memoryLimit: config.dbMemoryLimit,
    threads: config.dbThreads,
    maxPendingRows: config.storeMaxPendingRows,
  });
  const bus = new MemoryBus((error, topic) => logger.error({ err: error, topic }, 'bus handler failed'));
  const pipeline = new IngestPipeline({ store, bus, logger });
  // The server listens before the source is chosen (Binance may take seconds to answer or never
  // answer; the simulator may first write its history): until then it reports where things stand.
  const status = new SourceStatus('connecting');
  const intendedKind: SourceKind = config.source === 'auto' ? 'binance' : config.source;
  let live: LiveSource | null = null;
  let sync: DailySync | undefined;
  const sourceKind = (): SourceKind =>
    live?.source?.kind ?? (status.snapshot().state === 'simulated' ? 'sim' : intendedKind);
  const defaultVenue = (): Venue => {
    const kind = sourceKind();
    return kind === 'sim' ? 'sim' : kind === 'binance-futures' ? 'binance-futures' : 'binance';
  };

  const analytics = new AnalyticsService({ store, bus, openBars: pipeline, logger });
  const alertFeed = new AlertFeed();
  const alerts = new AlertEngine({
    store,
    bus,
    alertSubscribers: () => alertFeed.size,
    logger,
    resolveInstrument: (id) => normalizeInstrumentId(id, defaultVenue()),
    livePairIds: () => analytics.livePairs().map((pair) => pair.id),
    webhook: { allowPrivate: config.alertsAllowPrivateWebhooks ?? false },
    retention: { retentionDays: config.alertsRetentionDays, maxEvents: config.alertsMaxEvents },
  });
  await alerts.start();
  const sessionProfiles = new SessionProfiles(config.sessionProfiles);
  await sessionProfiles.load(store);
  // Stored session rows are brought up to date in the background: a year per profile to recompute
  // after a definitions change must not hold up the server or the source.
  const sessions = new SessionKeeper({ store, profiles: sessionProfiles, feed: bus, logger });
  const ctx: ServerContext = {
    store,
    bus,
    pipeline,
    get source() {
      return live?.source ?? null;
    },
    get sourceKind() {
      return sourceKind();
    },
    get simulated() {
      return sourceKind() === 'sim';
    },
    sourceStatus: status,
    startedAt: Date.now(),
    get defaultVenue() {
      return defaultVenue();
    },
    alertFeed,
    webRoot: webDistDir,
    get watchlist() {
      return live?.watchlist;
    },
    get gaps() {
      return live?.gaps;
    },
    analytics,
    alerts,
    get sync() {
      return sync;
    },
    sessionProfiles,
    sessions,
  };
  const app = await buildServer(ctx, {
    logger,
    ws: { maxBufferedBytes: config.wsMaxBufferedBytes },
    importMaxBytes: config.importMaxBytes,
  });
  const url = await app.listen({ host: config.host, port: config.port });
  logger.info({ url, source: config.source, db: config.db, docs: `${url}/docs` }, `tickscope is up at ${url}`);

  void sessions
    .start()
    .catch((error: unknown) => logger.error({ err: error }, 'session rows could not be brought up to date'));

  const stopping = new AbortController();
  const sourceReady = (async () => {
    const started = await startLiveSource({
      config,
      store,
      bus,
      pipeline,
      logger,
      autoConnectTimeoutMs: options.autoConnectTimeoutMs,
      status,
      signal: stopping.signal,
    });
    live = started;
    if (stopping.signal.aborted) return;
    if (started.source) pipeline.startClock();
    if (started.klines) sync = await startDailySync(config, started.klines, store, logger, stopping.signal);
    // After the source (and the simulator's history): the live pairs warm up from the stored bars.
    await analytics.start([defaultPairFor(defaultVenue())]);
    logger.info({ source: sourceKind(), simulated: ctx.simulated }, `streaming from ${sourceLabel(sourceKind())}`);
  })().catch((error: unknown) =>
    logger.error({ err: error, source: config.source }, 'the live source failed to start'),
  );

  let stopped: Promise<void> | undefined;
  return {
    url,
    ctx,
    ready: sourceReady,
    stop: () =>
      (stopped ??= (async () => {
        stopping.abort();
        await sourceReady;
        // Before the source: its REST client is the one the sync asks.
        await sync?.stop();
        await live?.stop();
        analytics.stop();
        await app.close();
        await sessions.stop();
        // A failing store rejects the pipeline's final flush; closing the store retries it and
        // then says how many rows it could not write, so go on to it.
        await pipeline
          .stop()
          .catch((error: unknown) => logger.warn({ err: error }, 'final flush failed; closing the store retries it'));
        await alerts.stop();
        await store.close();
        logger.info('tickscope stopped');
      })()),
  };
}

/**
 * The daily sync of a Binance source's watched instruments: its start run waits for the kline
 * history `start` loads (both would otherwise ask for the same recent buckets).
 */
async function startDailySync(
  config: StartConfig,
  klines: KlineAccess,
  store: Store,
  logger: Logger,
  signal: AbortSignal,
): Promise<DailySync> {
  const sync = await DailySync.open({
    store,
    logger,
    cron: config.sync === false ? null : new SyncCron(config.syncCron ?? DEFAULT_SYNC_CRON),
    targets: () =>
      klines.instruments().map((instrument) => ({ instrument, timeframes: klines.timeframes, client: klines.client })),
  });
  void klines.historyLoaded.then(() => {
    if (!signal.aborted) void sync.start();
  });
  return sync;
}

function sourceLabel(kind: SourceKind): string {
  return kind === 'sim' ? 'the simulator (SIMULATED DATA)' : kind === 'none' ? 'no source' : kind;
}

export async function startCommand(flags: Record<string, unknown>): Promise<void> {
  const config = resolveStartConfig(flags);
  const logger = createLogger(config.logLevel, config.logFormat);
  const running = await startApp(config, { logger });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
