// Store write throughput: 1,000,000 ticks of two instruments through appendTicks and flush, into
// a DuckDB file and into :memory:, each run on a fresh database (open and close included, so
// the file figure covers the checkpoint into the main file). Ticks arrive in slices of 1,000
// with a turn of the event loop every 10,000, as a live source would give them, so the
// store's own timer and size-triggered flushes overlap with appending.
// Baseline: JSON.stringify of the same ticks. Also printed: main-thread time per tick, the
// share of the pipeline's CPU budget the store takes (DuckDB's own threads do the rest).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Tick } from '../src/domain/index.js';
import { openStore } from '../src/store/index.js';
import { measure, printComparison } from './lib.js';

const TICKS = 1_000_000;
const SLICE = 1_000;
const SLICES_PER_TURN = 10;

function buildTicks(count: number): Tick[] {
  const instruments = ['binance:BTCUSDT', 'binance:ETHUSDT'];
  const prices = [50_000, 3_000];
  const ids = [3_000_000_000, 1_500_000_000];
  const ticks: Tick[] = new Array(count);
  let ts = 1_700_000_000_000;
  for (let i = 0; i < count; i++) {
    const leg = i % 2;
    ts += Math.round(Math.random() * 2_000) / 1_000; // µs resolution, like futures trades
    prices[leg] *= 1 + (Math.random() - 0.5) * 1e-4;
    ticks[i] = {
      instrument: instruments[leg],
      id: ids[leg]++,
      ts,
      price: Math.round(prices[leg] * 100) / 100,
      qty: Math.round(Math.random() * 1e5) / 1e5,
      buyerMaker: Math.random() < 0.5,
      receivedAt: ts + 20 + Math.random() * 10,
    };
  }
  return ticks;
}

const ticks = buildTicks(TICKS);
const slices: Tick[][] = [];
for (let i = 0; i < TICKS; i += SLICE) slices.push(ticks.slice(i, i + SLICE));
const workDir = mkdtempSync(join(tmpdir(), 'tickscope-store-bench-'));
let run = 0;
const mainThreadMs: Record<string, number> = {};

async function writeAll(target: 'file' | 'memory'): Promise<void> {
  const path = target === 'memory' ? ':memory:' : join(workDir, `run-${run++}`, 'ticks.duckdb');
  const elu = performance.eventLoopUtilization();
  const store = await openStore({ path });
  for (let i = 0; i < slices.length; i++) {
    store.appendTicks(slices[i]);
    if ((i + 1) % SLICES_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await store.flush();
  const written = store.stats().writtenTicks;
  await store.close();
  if (written !== TICKS) throw new Error(`expected ${TICKS} ticks written, got ${written}`);
  mainThreadMs[target] = Math.min(mainThreadMs[target] ?? Infinity, performance.eventLoopUtilization(elu).active);
  if (target === 'file') rmSync(path, { force: true });
}

try {
  const baseline = await measure('JSON.stringify 1M ticks (baseline)', TICKS, () => JSON.stringify(ticks));
  const json = JSON.stringify(ticks);
  const parse = await measure('JSON.parse 1M ticks', TICKS, () => JSON.parse(json));
  const file = await measure('appendTicks + flush, DuckDB file', TICKS, () => writeAll('file'));
  const memory = await measure('appendTicks + flush, DuckDB :memory:', TICKS, () => writeAll('memory'));
  printComparison('store writes, 1M ticks of 2 instruments', baseline, [parse, file, memory]);
  for (const target of ['file', 'memory']) {
    const ms = mainThreadMs[target];
    console.log(
      `main thread busy, ${target.padEnd(6)}: ${ms.toFixed(0)} ms, ${((ms / TICKS) * 1e6).toFixed(0)} ns/tick`,
    );
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
