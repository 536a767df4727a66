// `tickscope start`: every stage in one process, wired by subscription to one in-memory bus:
// live source → ingest pipeline (ticks, bars) → analytics (metric) → alert engine (alert), and the
// server's WebSocket gateway listening to all four topics.
import type { Logger } from 'pino';
import { AlertEngine } from '../../alerts/alert-engine.js';
import { AlertFeed } from '../../alerts/delivery/alert-feed.js';
import { AnalyticsService } from '../../analytics/live/analytics-service.js';
import { defaultPairFor } from '../../analytics/live/default-pairs.js';
import { MemoryBus } from '../../bus/memory-bus.js';
import { normalizeInstrumentId } from '../../domain/index.js';
import { IngestPipeline } from '../../ingest/ingest-pipeline.js';
import { startLiveSource } from '../../ingest/live-source.js';
import { buildServer } from '../../server/app.js';
import type { ServerContext } from '../../server/context.js';
import { openStore } from '../../store/index.js';
import { resolveStartConfig, type StartConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { webDistDir } from '../paths.js';

export interface RunningApp {
  url: string;
  ctx: ServerContext;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  logger?: Logger;
  /** How long `--source auto` waits for Binance (tests shorten it). */
  autoConnectTimeoutMs?: number;
}

export async function startApp(config: StartConfig, options: StartAppOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  // DuckDB on its own thread: a flush never holds up a trade on its way to a client.
  const store = await openStore({
    path: config.db,
    logger,
    thread: 'worker',
    memoryLimit: config.dbMemoryLimit,
    threads: config.dbThreads,
  });
  const bus = new MemoryBus((error, topic) => logger.error({ err: error, topic }, 'bus handler failed'));
  const pipeline = new IngestPipeline({ store, bus, logger });
  const live = await startLiveSource({
    config,
    store,
    bus,
    pipeline,
    logger,
    autoConnectTimeoutMs: options.autoConnectTimeoutMs,
  });
  const sourceKind = live.source?.kind ?? 'none';
  const defaultVenue = sourceKind === 'sim' ? 'sim' : sourceKind === 'binance-futures' ? 'binance-futures' : 'binance';

  const analytics = new AnalyticsService({ store, bus, openBars: pipeline, logger });
  await analytics.start([defaultPairFor(defaultVenue)]);
  const alertFeed = new AlertFeed();
  const alerts = new AlertEngine({
    store,
    bus,
    alertSubscribers: () => alertFeed.size,
    logger,
    resolveInstrument: (id) => normalizeInstrumentId(id, defaultVenue),
    livePairIds: () => analytics.livePairs().map((pair) => pair.id),
    webhook: { allowPrivate: config.alertsAllowPrivateWebhooks ?? false },
    retention: { retentionDays: config.alertsRetentionDays, maxEvents: config.alertsMaxEvents },
  });
  await alerts.start();
  const ctx: ServerContext = {
    store,
    bus,
    pipeline,
    source: live.source,
    sourceKind,
    simulated: live.source?.simulated ?? false,
    startedAt: Date.now(),
    defaultVenue,
    alertFeed,
    webRoot: webDistDir,
    watchlist: live.watchlist,
    gaps: live.gaps,
    analytics,
    alerts,
  };
  if (live.source) pipeline.startClock();
  const app = await buildServer(ctx, { logger, ws: { maxBufferedBytes: config.wsMaxBufferedBytes } });
  const url = await app.listen({ host: config.host, port: config.port });
  logger.info(
    { url, source: sourceKind, simulated: ctx.simulated, db: config.db, docs: `${url}/docs` },
    'tickscope is up',
  );

  let stopping: Promise<void> | undefined;
  return {
    url,
    ctx,
    stop: () =>
      (stopping ??= (async () => {
        await live.stop();
        analytics.stop();
        await app.close();
        await pipeline.stop();
        await alerts.stop();
        await store.close();
        logger.info('tickscope stopped');
      })()),
  };
}

export async function startCommand(flags: Record<string, unknown>): Promise<void> {
  const config = resolveStartConfig(flags);
  const logger = createLogger(config.logLevel);
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
