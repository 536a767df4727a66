// Full ingestion pipeline (parse → dedup → 1s…1d bars → DuckDB) over 1,000,000 generated Binance
// trade messages of two instruments, against JSON.parse alone over the same lines; DuckDB on the
// ingesting thread (as `replay` runs it) and on its worker thread (as `start` runs it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryBus } from '../src/bus/memory-bus.js';
import type { Tick } from '../src/domain/index.js';
import { IngestPipeline } from '../src/ingest/ingest-pipeline.js';
import { parseTradeFrame } from '../src/sources/binance/trade-message.js';
import { openStore } from '../src/store/index.js';
import { measure, printComparison } from './lib.js';
import { generateTradeLines } from './trade-lines.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);

async function runPipeline(lines: string[], dbPath: string, thread: 'main' | 'worker' = 'main'): Promise<void> {
  const store = await openStore({ path: dbPath, thread });
  const pipeline = new IngestPipeline({ store, bus: new MemoryBus() });
  let batch: Tick[] = [];
  for (const line of lines) {
    const frame = parseTradeFrame(line, 'binance');
    if (frame.kind !== 'trade') throw new Error(`bench line did not parse: ${line}`);
    batch.push(frame.tick);
    if (batch.length === 1000) {
      pipeline.ingest(batch);
      batch = [];
    }
  }
  pipeline.ingest(batch);
  await pipeline.finish();
  if (pipeline.counters.ticks !== lines.length)
    throw new Error(`pipeline kept ${pipeline.counters.ticks} of ${lines.length} ticks`);
  await store.close();
}

const lines = generateTradeLines(MESSAGES);
const dir = mkdtempSync(join(tmpdir(), 'tickscope-bench-'));
let run = 0;
try {
  const baseline = await measure('JSON.parse alone', MESSAGES, () => {
    let sum = 0;
    for (const line of lines) sum += (JSON.parse(line) as { data: { t: number } }).data.t;
    return sum;
  });
  const parseOnly = await measure('trade-frame parser alone', MESSAGES, () => {
    for (const line of lines) parseTradeFrame(line, 'binance');
  });
  const memory = await measure('pipeline → DuckDB :memory:', MESSAGES, () => runPipeline(lines, ':memory:'), 2);
  const file = await measure(
    'pipeline → DuckDB file',
    MESSAGES,
    () => runPipeline(lines, join(dir, `bench-${run++}.duckdb`)),
    2,
  );
  const worker = await measure(
    'pipeline → DuckDB file on its worker',
    MESSAGES,
    () => runPipeline(lines, join(dir, `bench-${run++}.duckdb`), 'worker'),
    2,
  );
  printComparison(`ingest pipeline, ${MESSAGES.toLocaleString('en-US')} trade messages of 2 instruments`, baseline, [
    parseOnly,
    memory,
    file,
    worker,
  ]);
  console.log('\ntargets: in-memory ≥ 0.60x, file ≥ 0.40x of JSON.parse alone');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
