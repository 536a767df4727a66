// `tickscope import` of a Binance spot trades dump (BENCH_IMPORT_ROWS rows, default 10 M; generated
// here) into ticks and bars of every timeframe (one pass: parse, bars, the store's bulk import), against
// DuckDB's own read_csv loading the same file into a table, in the same run. Target: ≥ 0.5× and
// ≥ 2 M trades/s. `BENCH_IMPORT_ROWS=1000000 npm run bench -- import` for a quick run.
import { DuckDBInstance } from '@duckdb/node-api';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryBus } from '../src/bus/memory-bus.js';
import { importDumpFile } from '../src/ingest/dump-import/dump-import.js';
import { IngestPipeline } from '../src/ingest/ingest-pipeline.js';
import { openStore } from '../src/store/index.js';
import { printComparison, type Measurement } from './lib.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000_000);

async function writeTradesCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const t0 = Date.UTC(2025, 0, 1) * 1000;
  let price = 94_000;
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const wobble = ((i * 48271) % 2147483647) / 2147483647 - 0.5;
    price = Math.max(1, price + wobble * 2);
    const qty = (1 + (i % 9000)) / 100_000;
    const ts = t0 + Math.floor(i * 700); // µs, ~1,400 trades/s
    const side = wobble < 0 ? 'True' : 'False';
    const id = 4_000_000_000 + i;
    lines.push(`${id},${price.toFixed(8)},${qty.toFixed(8)},${(price * qty).toFixed(8)},${ts},${side},True`);
    if (lines.length === 100_000) {
      if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      lines = [];
    }
  }
  out.end(lines.length > 0 ? `${lines.join('\n')}\n` : '');
  await new Promise<void>((r) => out.once('finish', () => r()));
}

async function timed(label: string, fn: () => Promise<unknown>): Promise<Measurement> {
  const t0 = performance.now();
  await fn();
  const bestMs = performance.now() - t0;
  return { label, ops: ROWS, bestMs, opsPerSec: (ROWS / bestMs) * 1000 };
}

const dir = mkdtempSync(join(tmpdir(), 'tickscope-import-bench-'));
try {
  const csv = join(dir, 'BTCUSDT-trades-2025-01-01.csv');
  await writeTradesCsv(csv, ROWS);
  const baseline = await timed(`DuckDB read_csv into a table (${ROWS / 1e6} M rows)`, async () => {
    const instance = await DuckDBInstance.create(join(dir, 'baseline.duckdb'));
    const connection = await instance.connect();
    await connection.run(
      `CREATE TABLE trades AS SELECT * FROM read_csv('${csv}', header = false, columns = {'id': 'BIGINT', ` +
        `'price': 'DOUBLE', 'qty': 'DOUBLE', 'quote_qty': 'DOUBLE', 'time': 'BIGINT', 'is_buyer_maker': 'BOOLEAN', ` +
        `'is_best_match': 'BOOLEAN'})`,
    );
    connection.closeSync();
    instance.closeSync();
  });
  const imported = await timed('tickscope import: ticks + 7 timeframes', async () => {
    const store = await openStore({ path: join(dir, 'import.duckdb') });
    const pipeline = new IngestPipeline({ store, bus: new MemoryBus() });
    await importDumpFile(csv, {}, { store, pipeline });
    await pipeline.finish();
    await store.close();
  });
  printComparison(`import of a ${ROWS.toLocaleString('en')}-row trades CSV`, baseline, [imported]);
  console.log(`target: >= 0.50x and >= 2.00 M/s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
