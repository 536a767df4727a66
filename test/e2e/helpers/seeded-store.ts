// A DuckDB file holding a fixed simulated history (seeded simulator, fixed start time), for a server
// started with `--source none`: every run shows the dashboard the same bars, statistics and tests.
import { IngestPipeline } from '../../../src/ingest/ingest-pipeline.js';
import { MemoryBus } from '../../../src/bus/memory-bus.js';
import { SimMarket } from '../../../src/sources/sim/sim-market.js';
import { openStore } from '../../../src/store/index.js';

export interface SeededHistory {
  /** First and last trade time (epoch ms) of the history. */
  start: number;
  end: number;
}

export async function seedStore(path: string, history: SeededHistory, tradesPerSecond = 5): Promise<void> {
  const store = await openStore({ path });
  try {
    const pipeline = new IngestPipeline({ store, bus: new MemoryBus() });
    const market = new SimMarket({ seed: 11, tradesPerSecond, startTs: history.start });
    pipeline.ingest(market.generateUntil(history.end));
    await pipeline.finish();
  } finally {
    await store.close();
  }
}
