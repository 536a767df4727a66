// Starts the simulator as the live source of `tickscope start`. On a store without simulated
// trades it first writes a seeded history (default the last 24 h) through the ingest pipeline, so
// every timeframe has bars within seconds, then streams live from where the history ends (same
// price path, next trade ids). On a store that has them it continues after the stored trades, so
// a restart never writes a second history.
import type { Logger } from 'pino';
import type { InstrumentId } from '../domain/index.js';
import { SIM_HISTORY_DEFAULTS, simulatedHistory } from '../sources/sim/sim-history.js';
import type { SimMarket } from '../sources/sim/sim-market.js';
import { SIM_INSTRUMENTS } from '../sources/sim/sim-market.js';
import { SimSource } from '../sources/sim/sim-source.js';
import type { Store } from '../store/store.js';
import type { IngestPipeline } from './ingest-pipeline.js';
import type { SourceStatus } from './source-status.js';

export interface SimStartOptions {
  seed: number;
  /** Live trades per second, all instruments together; the history's last minutes use it too. */
  simRate: number;
  /** How far back the history reaches; 0 for none. */
  historyMs: number;
  store: Store;
  pipeline: IngestPipeline;
  logger: Pick<Logger, 'info' | 'warn'>;
  status?: SourceStatus;
  /** Stops the history between batches (shutdown during start). */
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * Trades per second, all instruments together, before the history's live-rate tail: 20 a minute
 * per instrument make every 1m and slower bar, and a fifth of sim-history's default rate makes
 * the 24 h history about 130 000 trades instead of 470 000 (34 s to store on a loaded 2-core
 * machine at 5/s), so that the views are full within seconds of the fallback.
 */
export const SIM_HISTORY_RATE = 1;

export const SIM_INSTRUMENT_IDS: readonly InstrumentId[] = SIM_INSTRUMENTS.map((s) => `sim:${s.symbol}`);

/** Returns the started source, or null when stopped (signal) before the history was complete. */
export async function startSimulator(options: SimStartOptions): Promise<SimSource | null> {
  const { pipeline } = options;
  const lastTradeIds = await pipeline.resume(SIM_INSTRUMENT_IDS);
  let continueFrom: SimMarket | undefined;
  if (lastTradeIds.size === 0 && options.historyMs > 0) {
    const market = await writeHistory(options);
    if (market === null) return null;
    continueFrom = market;
  }
  const source = new SimSource({
    seed: options.seed,
    tradesPerSecond: options.simRate,
    lastTradeIds,
    continueFrom,
    now: options.now,
  });
  await source.start((ticks) => pipeline.ingest(ticks));
  return source;
}

async function writeHistory(options: SimStartOptions): Promise<SimMarket | null> {
  const { pipeline, store, logger, status } = options;
  const now = options.now ?? Date.now;
  const history = simulatedHistory({
    seed: options.seed,
    to: now(),
    from: now() - options.historyMs,
    rate: Math.min(SIM_HISTORY_RATE, options.simRate),
    // The tail at the live rate, up to the default's: 15 minutes at --sim-rate 2000 would be
    // 1.8 million trades to write before anything streams.
    liveRate: Math.min(options.simRate, SIM_HISTORY_DEFAULTS.liveRate),
  });
  const hours = Math.round((options.historyMs / 3_600_000) * 10) / 10;
  logger.info(
    { instruments: SIM_INSTRUMENT_IDS.join(','), from: new Date(history.from).toISOString() },
    `SIMULATED DATA: writing ${hours} h of simulated history, then streaming live`,
  );
  const startedAt = performance.now();
  const progress = { from: history.from, to: history.to, reachedTs: history.from, ticks: 0, done: false };
  status?.historyProgress(progress);
  for (const batch of history) {
    pipeline.ingest(batch);
    progress.ticks += batch.length;
    progress.reachedTs = batch[batch.length - 1].ts;
    status?.historyProgress(progress);
    // Between batches the server answers requests; awaiting the store's flush here instead would
    // hold every batch up for a DuckDB write (the store writes the buffer in the background).
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) return null;
  }
  await store.flush();
  progress.reachedTs = history.to;
  progress.done = true;
  status?.historyProgress(progress);
  logger.info(
    { ticks: progress.ticks, seconds: Math.round((performance.now() - startedAt) / 100) / 10 },
    'simulated history stored',
  );
  return history.continuation();
}
