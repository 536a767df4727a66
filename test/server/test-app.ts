// A server wired to a real in-memory DuckDB store and pipeline, fed by hand in tests.
import { AlertFeed } from '../../src/alerts/delivery/alert-feed.js';
import { MemoryBus } from '../../src/bus/memory-bus.js';
import { IngestPipeline } from '../../src/ingest/ingest-pipeline.js';
import { buildServer } from '../../src/server/app.js';
import type { ServerContext } from '../../src/server/context.js';
import { openStore } from '../../src/store/index.js';

export async function createTestApp(overrides: Partial<ServerContext> = {}) {
  const store = await openStore({ path: ':memory:' });
  const bus = new MemoryBus();
  const pipeline = new IngestPipeline({ store, bus, timeframes: ['1s', '1m', '1h'] });
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
    ...overrides,
  };
  const app = await buildServer(ctx);
  return {
    app,
    ctx,
    pipeline,
    store,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
