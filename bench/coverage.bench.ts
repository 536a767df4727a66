// Coverage of stored bars (GET /api/v1/coverage and the daily sync's gap search) on a year of 1m
// bars of one instrument (525,600 buckets, 1% of them missing at random, so about 5,200 gaps), with
// a few recorded no-data ranges. Baseline: a plain count/min/max of the same rows on the same
// connection, the least any coverage query must read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Bar } from '../src/domain/index.js';
import { seededRandom } from '../src/domain/seeded-random.js';
import { readBarCoverage, readBarCoverageDetail, readBarGaps } from '../src/store/duckdb/coverage-queries.js';
import { openStore } from '../src/store/index.js';
import { measure, printComparison } from './lib.js';

const BTC = 'binance:BTCUSDT';
const MIN = 60_000;
const BUCKETS = 365 * 24 * 60;
const T0 = Date.UTC(2025, 0, 1);

const random = seededRandom(7);
const bars: Bar[] = [];
for (let i = 0; i < BUCKETS; i++) {
  if (random() < 0.01) continue;
  bars.push({
    instrument: BTC,
    timeframe: '1m',
    start: T0 + i * MIN,
    open: 100,
    high: 101,
    low: 99,
    close: 100.5,
    volume: 1,
    quoteVolume: 100,
    trades: 3,
    buyVolume: 0.5,
    vwap: 100,
  });
}

const workDir = mkdtempSync(join(tmpdir(), 'tickscope-coverage-bench-'));
try {
  const path = join(workDir, 'coverage.duckdb');
  const store = await openStore({ path });
  // In flushes of 20,000: one flush of the whole year needs more than the default 128MB of DuckDB memory.
  for (let i = 0; i < bars.length; i += 20_000) {
    store.upsertBars(bars.slice(i, i + 20_000));
    await store.flush();
  }
  await store.markNoKlineData(
    Array.from({ length: 50 }, (_, k) => ({
      instrument: BTC,
      timeframe: '1m' as const,
      from: T0 + k * 7 * 24 * 60 * MIN,
      to: T0 + (k * 7 * 24 * 60 + 600) * MIN,
    })),
  );
  await store.close();

  // The limits `start` gives DuckDB by default.
  const instance = await DuckDBInstance.create(path, { memory_limit: '128MB', threads: '2' });
  const connection = await instance.connect();
  const rows = bars.length;
  const baseline = await measure('count, min, max of the bars (baseline)', rows, () =>
    connection.runAndReadAll(
      `SELECT count(*), min(start), max(start) FROM bars WHERE instrument = '${BTC}' AND timeframe = '1m'`,
    ),
  );
  const summary = await measure('coverage summary, every instrument', rows, () => readBarCoverage(connection, {}));
  const detail = await measure('coverage with the 500 largest gaps', rows, () =>
    readBarCoverageDetail(connection, BTC, '1m', 500),
  );
  const gaps = await measure('every gap (the sync)', rows, () => readBarGaps(connection, BTC, '1m'));
  const found = await readBarCoverageDetail(connection, BTC, '1m', 500);
  printComparison(`bar coverage, a year of 1m bars (${rows} bars, ${found.gapCount} gaps)`, baseline, [
    summary,
    detail,
    gaps,
  ]);
  connection.closeSync();
  instance.closeSync();
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
