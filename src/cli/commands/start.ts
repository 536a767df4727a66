// `tickscope start`: source → pipeline → store, and the server, in one process.
import { MemoryBus } from '../../bus/memory-bus.js';
import type { InstrumentId } from '../../domain/index.js';
import { IngestPipeline } from '../../ingest/ingest-pipeline.js';
import { buildServer } from '../../server/app.js';
import type { ServerContext } from '../../server/context.js';
import { SimSource } from '../../sources/sim/sim-source.js';
import type { SourceKind, TickSource } from '../../sources/source.js';
import { openStore } from '../../store/index.js';
import { resolveStartConfig, type StartConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { webDistDir } from '../paths.js';
import type { Logger } from 'pino';

export interface RunningApp {
  url: string;
  stop(): Promise<void>;
}

function createSource(config: StartConfig, logger: Logger, lastTradeIds: ReadonlyMap<InstrumentId, number>): TickSource | null {
  switch (config.source) {
    case 'none':
      return null;
    case 'sim':
      return new SimSource({ seed: config.seed, tradesPerSecond: config.simRate, lastTradeIds });
    case 'auto':
      logger.warn({ source: 'sim' }, 'SIMULATED DATA: --source auto uses the simulator (sim:AAA, sim:BBB, sim:CCC) until Binance ingestion is available');
      return new SimSource({ seed: config.seed, tradesPerSecond: config.simRate, lastTradeIds });
    case 'binance':
    case 'binance-futures':
      throw new Error(`--source ${config.source} is not available in this build yet; use --source sim or --source none`);
  }
}

export async function startApp(config: StartConfig, logger: Logger = createLogger(config.logLevel)): Promise<RunningApp> {
  const store = await openStore({ path: config.db, logger });
  const bus = new MemoryBus((error, topic) => logger.error({ err: error, topic }, 'bus handler failed'));
  const pipeline = new IngestPipeline({ store, bus, logger });

  const simInstruments = ['sim:AAA', 'sim:BBB', 'sim:CCC'];
  const lastTradeIds = await pipeline.resume(config.source === 'sim' || config.source === 'auto' ? simInstruments : config.instruments);
  const source = createSource(config, logger, lastTradeIds);
  const sourceKind: SourceKind = source?.kind ?? 'none';

  const ctx: ServerContext = {
    store,
    bus,
    pipeline,
    source,
    sourceKind,
    simulated: source?.simulated ?? false,
    startedAt: Date.now(),
    defaultVenue: sourceKind === 'sim' ? 'sim' : sourceKind === 'binance-futures' ? 'binance-futures' : 'binance',
    webRoot: webDistDir,
  };
  const app = await buildServer(ctx, { logger });
  const url = await app.listen({ host: config.host, port: config.port });
  logger.info({ url, source: sourceKind, simulated: ctx.simulated, db: config.db, docs: `${url}/docs` }, 'tickscope is up');

  if (source) {
    await source.start((ticks) => pipeline.ingest(ticks));
    pipeline.startClock();
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () =>
      (stopping ??= (async () => {
        await source?.stop();
        await app.close();
        await pipeline.stop();
        await store.close();
        logger.info('tickscope stopped');
      })()),
  };
}

export async function startCommand(flags: Record<string, unknown>): Promise<void> {
  const config = resolveStartConfig(flags);
  const logger = createLogger(config.logLevel);
  const running = await startApp(config, logger);
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
