import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { TimeBarBuilder } from '../bars/time-bar-builder.js';
import type { Bar, Tick, Timeframe } from '../domain/index.js';
import { TickWriter } from '../store/duckdb/tick-writer.js';
import { openStore } from '../store/index.js';
import { IngestPipeline } from './ingest-pipeline.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const tick = (id: number, offsetMs: number, price: number): Tick => ({
  instrument: 'sim:AAA',
  id,
  ts: T0 + offsetMs,
  price,
  qty: 1,
  buyerMaker: false,
});

async function session(db: string, ticks: Tick[]) {
  const store = await openStore({ path: db });
  const bus = new MemoryBus();
  const closed: number[] = [];
  bus.subscribe('bar', ({ bar }) => bar.timeframe === '1m' && closed.push(bar.trades));
  const pipeline = new IngestPipeline({ store, bus, timeframes: ['1s', '1m'] });
  await pipeline.resume(['sim:AAA']);
  pipeline.ingest(ticks);
  return { store, pipeline, closed };
}

describe('IngestPipeline across a restart', () => {
  it('continues the bars a graceful stop left open, and drops trades it already stored', async () => {
    const db = join(dir, 'restart.duckdb');
    const first = await session(db, [tick(1, 0, 10), tick(2, 1_000, 12), tick(3, 2_000, 11)]);
    await first.pipeline.stop();
    await first.store.close();

    const second = await session(db, [tick(3, 2_000, 11), tick(4, 3_000, 9), tick(5, 61_000, 10)]);
    expect(second.pipeline.counters.duplicates).toBe(1);
    await second.pipeline.finish();
    const bars = await second.store.readBars({ instrument: 'sim:AAA', timeframe: '1m', limit: 10 });
    expect(bars[0]).toMatchObject({ start: T0, open: 10, high: 12, low: 9, close: 9, trades: 4, volume: 4 });
    expect(bars[1]).toMatchObject({ start: T0 + 60_000, trades: 1 });
    await second.store.close();
  });

  it('rebuilds the bars a crash left open from the stored ticks, so the restarted bars count every trade', async () => {
    const db = join(dir, 'crash.duckdb');
    const before = Array.from({ length: 90 }, (_, i) => tick(i + 1, i * 700, 10 + (i % 4)));
    const after = Array.from({ length: 60 }, (_, i) => tick(i + 91, 63_000 + i * 700, 11 - (i % 3)));
    const first = await session(db, before);
    // kill -9: the ticks reach the database, the open bars never do (no pipeline.stop()).
    await first.store.close();

    const second = await session(db, after);
    await second.pipeline.finish();
    for (const timeframe of ['1s', '1m'] as const) {
      const stored = await second.store.readBars({ instrument: 'sim:AAA', timeframe });
      expect(stored).toEqual(barsOf([...before, ...after], timeframe));
    }
    await second.store.close();
  });
});

describe('IngestPipeline late trades', () => {
  it('amends a bar no longer held in memory from the stored ticks', async () => {
    const store = await openStore({ path: ':memory:' });
    const pipeline = new IngestPipeline({ store, bus: new MemoryBus(), timeframes: ['1s'] });
    // 150 one-second buckets: the first has left the closed bars kept in memory.
    pipeline.ingest(Array.from({ length: 150 }, (_, i) => tick(i + 1, i * 1_000, 10)));
    pipeline.ingest([tick(151, 400, 7)]);
    await pipeline.finish();
    const [first] = await store.readBars({ instrument: 'sim:AAA', timeframe: '1s', limit: 1, from: T0 });
    expect(first).toMatchObject({ start: T0, open: 10, low: 7, close: 7, trades: 2, volume: 2 });
    expect(pipeline.counters.lateTicks).toBe(1);
    await store.close();
  });
});

function barsOf(ticks: readonly Tick[], timeframe: Timeframe): Bar[] {
  const bars: Bar[] = [];
  const builder = new TimeBarBuilder({ timeframes: [timeframe], onBar: ({ bar }) => bars.push(bar) });
  for (const t of ticks) builder.add(t);
  builder.closeAll();
  return bars;
}

describe('IngestPipeline over a store whose writes fail', () => {
  it('refuses and counts trades while the store has no room, logging once, and takes them again after', async () => {
    const store = await openStore({ path: join(dir, 'full.duckdb'), maxPendingRows: 3, flushIntervalMs: 60_000 });
    const bus = new MemoryBus();
    const published: number[] = [];
    bus.subscribe('tick', (t) => published.push(t.id));
    type LogFn = (details: object, message?: string) => void;
    const logger = { debug: vi.fn<LogFn>(), info: vi.fn<LogFn>(), warn: vi.fn<LogFn>(), error: vi.fn<LogFn>() };
    const pipeline = new IngestPipeline({ store, bus, logger, timeframes: ['1s'] });
    const move = vi.spyOn(TickWriter.prototype, 'moveStaged').mockRejectedValue(new Error('disk full'));
    try {
      pipeline.ingest([tick(1, 0, 10), tick(2, 10, 10), tick(3, 20, 10)]);
      await expect(store.flush()).rejects.toThrow('disk full');
      pipeline.ingest([tick(4, 30, 10)]);
      pipeline.ingest([tick(5, 40, 10), tick(6, 50, 10)]);
      expect(pipeline.counters.snapshot()).toMatchObject({ ticks: 3, refusedTicks: 3 });
      expect(pipeline.counters.pausedSince).toEqual(expect.any(Number));
      expect(published).toEqual([1, 2, 3]);
      expect(logger.error).toHaveBeenCalledTimes(1);
      move.mockRestore();
      await store.flush();
      pipeline.ingest([tick(7, 60, 10)]);
      expect(published).toEqual([1, 2, 3, 7]);
      expect(pipeline.counters.snapshot()).toMatchObject({ ticks: 4, refusedTicks: 3, pausedSince: null });
      expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ refusedTicks: 3 }), expect.any(String));
      await store.flush();
      expect((await store.readTicks({ instrument: 'sim:AAA' })).map((t) => t.id)).toEqual([1, 2, 3, 7]);
    } finally {
      move.mockRestore();
      await store.close();
    }
  });

  it('makes a bulk job wait for the store to write out its buffer instead of refusing trades', async () => {
    const store = await openStore({ path: join(dir, 'bulk.duckdb'), maxPendingRows: 3, flushIntervalMs: 60_000 });
    const pipeline = new IngestPipeline({ store, bus: new MemoryBus(), timeframes: ['1s'] });
    try {
      for (let id = 1; id <= 10; id++) await pipeline.ingestWhenRoom([tick(id, id * 10, 10)]);
      await store.flush();
      expect(pipeline.counters.snapshot()).toMatchObject({ ticks: 10, refusedTicks: 0 });
      expect((await store.readTicks({ instrument: 'sim:AAA' })).map((t) => t.id)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
      const move = vi.spyOn(TickWriter.prototype, 'moveStaged').mockRejectedValue(new Error('disk full'));
      try {
        for (let id = 11; id <= 13; id++) pipeline.ingest([tick(id, id * 10, 10)]);
        await expect(pipeline.ingestWhenRoom([tick(14, 140, 10)])).rejects.toThrow('disk full');
      } finally {
        move.mockRestore();
      }
    } finally {
      await store.close();
    }
  });
});
