// A server with live analytics on a real DuckDB store and pipeline, fed by hand in tests. The
// analytics clock is manual: `advanceClock()` completes buckets of silent legs.
import {
  AnalyticsService,
  type AnalyticsServiceOptions,
  type AnalyticsUpdate,
} from '../../src/analytics/live/analytics-service.js';
import { AlertFeed } from '../../src/alerts/delivery/alert-feed.js';
import { MemoryBus } from '../../src/bus/memory-bus.js';
import type { Tick } from '../../src/domain/index.js';
import { IngestPipeline } from '../../src/ingest/ingest-pipeline.js';
import { buildServer } from '../../src/server/app.js';
import type { ServerContext } from '../../src/server/context.js';
import { SimMarket } from '../../src/sources/sim/sim-market.js';
import { openStore } from '../../src/store/index.js';

export const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

export interface AnalyticsAppOptions {
  path?: string;
  service?: Partial<AnalyticsServiceOptions>;
  listen?: boolean;
}

export async function createAnalyticsApp(options: AnalyticsAppOptions = {}) {
  const store = await openStore({ path: options.path ?? ':memory:' });
  const bus = new MemoryBus((error) => {
    throw error;
  });
  const pipeline = new IngestPipeline({ store, bus, timeframes: ['1s', '1m'] });
  const analytics = new AnalyticsService({ store, bus, openBars: pipeline, clockIntervalMs: 0, ...options.service });
  const updates: AnalyticsUpdate[] = [];
  analytics.onUpdate((u) => updates.push(u));
  await analytics.start([]);
  const ctx: ServerContext = {
    store,
    bus,
    pipeline,
    source: null,
    sourceKind: 'sim',
    simulated: true,
    startedAt: Date.now(),
    defaultVenue: 'sim',
    alertFeed: new AlertFeed(),
    analytics,
  };
  const app = await buildServer(ctx);
  const url = options.listen ? await app.listen({ host: '127.0.0.1', port: 0 }) : '';
  return {
    app,
    ctx,
    store,
    pipeline,
    analytics,
    updates,
    url,
    async get(path: string) {
      const res = await app.inject({ method: 'GET', url: path });
      return {
        status: res.statusCode,
        body: res.headers['content-type']?.toString().startsWith('application/json') ? res.json() : res.body,
        headers: res.headers,
      };
    },
    /** Closes every open bar, completes every bucket and waits for the deferred tests. */
    async settle() {
      await pipeline.finish();
      analytics.advanceClock(Number.MAX_SAFE_INTEGER / 2);
      await analytics.jobs.idle();
    },
    async close() {
      analytics.stop();
      await app.close();
      await store.close();
    },
  };
}

/** Simulated trades of sim:AAA, sim:BBB (cointegrated with AAA) and sim:CCC from T0 on. */
export function simTicks(seconds: number, tradesPerSecond: number, seed = 7): Tick[] {
  const market = new SimMarket({ seed, tradesPerSecond, startTs: T0, spreadHalfLifeSec: 30, spreadStd: 0.002 });
  return market.generateUntil(T0 + seconds * 1000);
}

export function relativeError(got: number, want: number): number {
  return Math.abs(got - want) / Math.max(Math.abs(want), 1e-300);
}

/**
 * Deep equality where numbers may differ by rounding (`rel` relative, absolute below 1): two
 * computations of the same windows that started at different points carry different round-off.
 */
export function expectNearlyEqual(got: unknown, want: unknown, rel = 1e-12, path = '$'): void {
  if (typeof want === 'number' && typeof got === 'number') {
    if (!(Math.abs(got - want) <= rel * Math.max(1, Math.abs(want))))
      throw new Error(`${path}: got ${got}, want ${want}`);
    return;
  }
  if (Array.isArray(want) && Array.isArray(got)) {
    if (got.length !== want.length) throw new Error(`${path}: length ${got.length}, want ${want.length}`);
    want.forEach((w, i) => {
      expectNearlyEqual(got[i], w, rel, `${path}[${i}]`);
    });
    return;
  }
  if (typeof want === 'object' && want !== null && typeof got === 'object' && got !== null) {
    const keys = Object.keys(want);
    if (Object.keys(got).sort().join() !== [...keys].sort().join())
      throw new Error(`${path}: keys ${Object.keys(got)}, want ${keys}`);
    for (const key of keys)
      expectNearlyEqual(
        (got as Record<string, unknown>)[key],
        (want as Record<string, unknown>)[key],
        rel,
        `${path}.${key}`,
      );
    return;
  }
  if (got !== want) throw new Error(`${path}: got ${String(got)}, want ${String(want)}`);
}
