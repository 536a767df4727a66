// Export benchmark: 1 M stored ticks to a file, each way against a baseline measured in the same
// run. Baseline: reading the same ticks into JS objects (store.readTicks, what building a file in
// JS would start with, before any formatting). Cases: store.copyToFile to CSV, CSV with a local
// time column, and Parquet, all inside DuckDB. Also printed: the JS heap growth of each case, the
// reason copyToFile exists (a 10 M-tick export must not hold its rows in memory).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tick } from '../src/domain/index.js';
import { openStore } from '../src/store/index.js';
import { printComparison, type Measurement } from './lib.js';

const TICKS = 1_000_000;
const ROUNDS = 3;
const BTC = 'binance:BTCUSDT';
const T0 = Date.UTC(2024, 0, 1);

const dir = mkdtempSync(join(tmpdir(), 'tickscope-export-bench-'));
const store = await openStore({ path: join(dir, 'bench.duckdb') });
const batch: Tick[] = [];
for (let i = 0; i < TICKS; i++) {
  batch.push({
    instrument: BTC,
    id: i + 1,
    ts: T0 + i * 10.5,
    price: 42_000 + (i % 997) * 0.01,
    qty: 0.001 * (1 + (i % 7)),
    buyerMaker: i % 2 === 0,
  });
  if (batch.length === 50_000) store.appendTicks(batch.splice(0));
}
await store.flush();

async function measure(label: string, run: () => Promise<unknown>): Promise<Measurement & { heapMb: number }> {
  let bestMs = Infinity;
  let heapMb = 0;
  for (let round = 0; round < ROUNDS; round++) {
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const kept = await run();
    bestMs = Math.min(bestMs, performance.now() - started);
    heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - heapBefore) / 1e6);
    void kept;
  }
  return { label, ops: TICKS, bestMs, opsPerSec: TICKS / (bestMs / 1000), heapMb };
}

try {
  const query = { table: 'ticks', instrument: BTC } as const;
  const baseline = await measure('readTicks into JS objects (baseline)', () => store.readTicks({ instrument: BTC }));
  const cases = [
    await measure('copyToFile csv', () => store.copyToFile(query, { format: 'csv', path: join(dir, 't.csv') })),
    await measure('copyToFile csv + tz', () =>
      store.copyToFile(query, { format: 'csv', path: join(dir, 'tz.csv'), tz: 'Europe/Berlin' }),
    ),
    await measure('copyToFile parquet', () =>
      store.copyToFile(query, { format: 'parquet', path: join(dir, 't.parquet') }),
    ),
  ];
  printComparison(`export of ${TICKS.toLocaleString('en-US')} ticks (ticks/s)`, baseline, cases);
  for (const row of [baseline, ...cases])
    console.log(`${row.label.padEnd(48)} JS heap growth ${row.heapMb.toFixed(0)} MB`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
