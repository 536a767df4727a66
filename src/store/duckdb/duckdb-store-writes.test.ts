import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bar, Tick } from '../../domain/index.js';
import { BarWriter } from './bar-writer.js';
import type { DuckDbStore, DuckDbStoreOptions } from './duckdb-store.js';
import type { Logger } from '../../domain/logger.js';
import { openStore } from './open-store.js';
import { TickWriter } from './tick-writer.js';

const BTC = 'binance:BTCUSDT';
const ETH = 'binance:ETHUSDT';
const T0 = Date.UTC(2024, 7, 8, 12, 0, 0);

function tick(id: number, instrument = BTC): Tick {
  return { instrument, id, ts: T0 + id * 10.5, price: 100 + id, qty: 1, buyerMaker: false };
}

function ticks(ids: number[], instrument = BTC): Tick[] {
  return ids.map((id) => tick(id, instrument));
}

function bar(start: number, close = 100): Bar {
  return {
    instrument: BTC,
    timeframe: '1m',
    start,
    open: 100,
    high: 100,
    low: 100,
    close,
    volume: 1,
    quoteVolume: 100,
    trades: 1,
    buyVolume: 1,
    vwap: 100,
  };
}

function spyLogger() {
  type LogFn = (details: object, message?: string) => void;
  return { debug: vi.fn<LogFn>(), error: vi.fn<LogFn>(), warn: vi.fn<LogFn>(), info: vi.fn<LogFn>() } satisfies Logger;
}

const storedIds = async (store: DuckDbStore, instrument = BTC) =>
  (await store.readTicks({ instrument })).map((t) => t.id);

let dir: string;
let stores: DuckDbStore[];

async function open(options: Partial<DuckDbStoreOptions> = {}): Promise<DuckDbStore> {
  const store = await openStore({ path: ':memory:', ...options });
  stores.push(store);
  return store;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-store-writes-'));
  stores = [];
});

afterEach(async () => {
  vi.restoreAllMocks();
  for (const store of stores) await store.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe('DuckDbStore buffered writes', () => {
  it('writes buffered ticks and bars on its own within the flush interval', async () => {
    const store = await open();
    store.appendTicks(ticks([1, 2]));
    store.upsertBars([bar(T0)]);
    expect(await storedIds(store)).toEqual([]);
    await vi.waitFor(async () => expect(await storedIds(store)).toEqual([1, 2]), { timeout: 3_000, interval: 50 });
    expect(await store.readBars({ instrument: BTC, timeframe: '1m' })).toEqual([bar(T0)]);
  });

  it('flushes once the buffer reaches its size threshold', async () => {
    const store = await open({ maxPendingTicks: 3, flushIntervalMs: 60_000 });
    store.appendTicks(ticks([1, 2, 3]));
    await vi.waitFor(async () => expect(await storedIds(store)).toEqual([1, 2, 3]), { timeout: 3_000, interval: 20 });
  });

  it('keeps ticks appended while a flush is running for the next one', async () => {
    const store = await open();
    store.appendTicks(ticks([1, 2]));
    const running = store.flush();
    store.appendTicks(ticks([3]));
    await running;
    await store.flush();
    expect(await storedIds(store)).toEqual([1, 2, 3]);
    expect(store.stats()).toMatchObject({ pendingTicks: 0, writtenTicks: 3 });
  });

  it('writes what was buffered when closed without a flush', async () => {
    const path = join(dir, 'close.duckdb');
    const first = await openStore({ path, flushIntervalMs: 60_000 });
    first.appendTicks(ticks([1, 2, 3]));
    first.upsertBars([bar(T0)]);
    await first.close();
    const second = await open({ path });
    expect(await storedIds(second)).toEqual([1, 2, 3]);
    expect(await second.readBars({ instrument: BTC, timeframe: '1m' })).toHaveLength(1);
  });

  it('stages a burst that outgrows the buffer before any flush can run, and writes it once', async () => {
    const store = await open({ maxPendingTicks: 1_000_000, flushIntervalMs: 60_000 });
    await store.lastTradeId(BTC); // the stored mark is known, so ticks can be staged ahead
    const stage = vi.spyOn(TickWriter.prototype, 'stage');
    const ids = Array.from({ length: 300_000 }, (_, i) => i + 1);
    for (let i = 0; i < ids.length; i += 10_000) store.appendTicks(ticks(ids.slice(i, i + 10_000)));
    expect(stage).toHaveBeenCalled();
    expect(store.stats().pendingTicks).toBe(300_000);
    await store.flush();
    expect(await store.instruments()).toEqual([
      expect.objectContaining({ id: BTC, ticks: 300_000, lastTradeId: 300_000 }),
    ]);
  });

  it('writes 100,000 ticks of two instruments exactly once', async () => {
    const store = await open({ maxPendingTicks: 30_000 });
    const ids = Array.from({ length: 50_000 }, (_, i) => 1_000_000 + i);
    for (let i = 0; i < ids.length; i += 1_000) {
      store.appendTicks(ticks(ids.slice(i, i + 1_000)));
      store.appendTicks(ticks(ids.slice(i, i + 1_000), ETH));
    }
    await store.flush();
    const listed = await store.instruments();
    expect(listed.map((i) => [i.id, i.ticks, i.lastTradeId])).toEqual([
      [BTC, 50_000, 1_049_999],
      [ETH, 50_000, 1_049_999],
    ]);
    expect(store.stats().writtenTicks).toBe(100_000);
  });
});

describe('DuckDbStore trade-id dedup', () => {
  it('ignores a repeated or lower trade id of the same instrument, not of another', async () => {
    const store = await open();
    store.appendTicks([...ticks([1, 2, 3]), tick(2), tick(3, ETH)]);
    await store.flush();
    store.appendTicks(ticks([3, 1, 4]));
    await store.flush();
    expect(await storedIds(store)).toEqual([1, 2, 3, 4]);
    expect(await storedIds(store, ETH)).toEqual([3]);
  });

  it('accepts a trade that fills a gap in the ids exactly once', async () => {
    const store = await open();
    store.appendTicks(ticks([1, 2, 5, 6]));
    await store.flush();
    store.appendTicks(ticks([4, 3, 4, 2, 7]));
    await store.flush();
    expect((await storedIds(store)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('drops trades already stored by an earlier run, after reopening the file', async () => {
    const path = join(dir, 'dedup.duckdb');
    const first = await openStore({ path });
    first.appendTicks(ticks([1, 2, 3, 4, 5]));
    await first.close();

    const second = await open({ path });
    // Appended before the stored mark has been read: the flush must still find the overlap.
    second.appendTicks(ticks([3, 4, 5, 6, 7]));
    await second.flush();
    expect(await storedIds(second)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await second.lastTradeId(BTC)).toBe(7);
    second.appendTicks(ticks([7, 8]));
    await second.flush();
    expect(await storedIds(second)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('drops stored trades from a burst appended before the stored mark is read', async () => {
    const path = join(dir, 'burst.duckdb');
    const first = await openStore({ path });
    first.appendTicks(ticks([1, 2, 3]));
    await first.close();
    const second = await open({ path, maxPendingTicks: 1_000_000 });
    const ids = Array.from({ length: 200_000 }, (_, i) => i + 2);
    for (let i = 0; i < ids.length; i += 10_000) second.appendTicks(ticks(ids.slice(i, i + 10_000)));
    await second.flush();
    expect(await second.instruments()).toEqual([expect.objectContaining({ ticks: 200_001, lastTradeId: 200_001 })]);
  });

  it('accepts trades between the stored ones and the first after a restart, as a gap', async () => {
    const path = join(dir, 'resume.duckdb');
    const first = await openStore({ path });
    first.appendTicks(ticks([1, 2]));
    await first.close();
    const second = await open({ path });
    second.appendTicks(ticks([6, 7]));
    await second.flush();
    second.appendTicks(ticks([2, 3, 4, 5]));
    await second.flush();
    expect((await storedIds(second)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('reports the last stored trade id, null for an unknown instrument', async () => {
    const store = await open();
    expect(await store.lastTradeId(BTC)).toBeNull();
    store.appendTicks(ticks([41, 42]));
    await store.flush();
    expect(await store.lastTradeId(BTC)).toBe(42);
    expect(await store.lastTradeId(ETH)).toBeNull();
  });

  it('drops and reports ticks the database would refuse', async () => {
    const logger = spyLogger();
    const store = await open({ logger });
    store.appendTicks([tick(1), { ...tick(2), ts: Number.NaN }, { ...tick(3), id: 3.5 }, tick(4)]);
    await store.flush();
    expect(await storedIds(store)).toEqual([1, 4]);
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ count: 2 }), expect.any(String));
  });
});

describe('DuckDbStore failed flushes', () => {
  it('logs a failed flush and writes the same rows on the next one', async () => {
    const logger = spyLogger();
    const store = await open({ logger, flushIntervalMs: 60_000 });
    vi.spyOn(TickWriter.prototype, 'moveStaged').mockRejectedValueOnce(new Error('disk full'));
    store.appendTicks(ticks([1, 2]));
    store.upsertBars([bar(T0)]);
    await expect(store.flush()).rejects.toThrow('disk full');
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ pendingTicks: 2, pendingBars: 1 }),
      expect.any(String),
    );
    expect(store.stats()).toMatchObject({ pendingTicks: 2, pendingBars: 1, writtenTicks: 0 });

    store.appendTicks(ticks([3]));
    store.upsertBars([bar(T0, 101)]);
    await store.flush();
    expect(await storedIds(store)).toEqual([1, 2, 3]);
    expect(await store.readBars({ instrument: BTC, timeframe: '1m' })).toEqual([bar(T0, 101)]);
    expect(store.stats()).toMatchObject({ pendingTicks: 0, pendingBars: 0, writtenTicks: 3 });
  });

  it('keeps ticks whose staging failed and writes them once on the next flush', async () => {
    const store = await open({ logger: spyLogger(), flushIntervalMs: 60_000 });
    vi.spyOn(TickWriter.prototype, 'stage').mockImplementationOnce(() => {
      throw new Error('out of memory');
    });
    store.appendTicks(ticks([1, 2]));
    await expect(store.flush()).rejects.toThrow('out of memory');
    store.appendTicks(ticks([3]));
    await store.flush();
    expect(await storedIds(store)).toEqual([1, 2, 3]);
  });

  it('rolls back the ticks of a flush whose bars failed, so the retry writes them once', async () => {
    const store = await open({ logger: spyLogger(), flushIntervalMs: 60_000 });
    vi.spyOn(BarWriter.prototype, 'write').mockRejectedValueOnce(new Error('constraint'));
    store.appendTicks(ticks([1, 2]));
    store.upsertBars([bar(T0)]);
    await expect(store.flush()).rejects.toThrow('constraint');
    expect(await storedIds(store)).toEqual([]);
    await store.flush();
    expect(await storedIds(store)).toEqual([1, 2]);
    expect(await store.readBars({ instrument: BTC, timeframe: '1m' })).toEqual([bar(T0)]);
  });

  it('lists a bar-only instrument once a flush commits its bars, after a rolled-back flush marked it', async () => {
    const store = await open({ logger: spyLogger(), flushIntervalMs: 60_000 });
    const write = BarWriter.prototype.write;
    vi.spyOn(BarWriter.prototype, 'write').mockImplementationOnce(async function (this: BarWriter, batch) {
      await write.call(this, batch);
      throw new Error('commit lost');
    });
    store.upsertBars([bar(T0)]);
    await expect(store.flush()).rejects.toThrow('commit lost');
    expect(await store.instruments()).toEqual([]);
    await store.flush();
    store.upsertBars([bar(T0 + 60_000)]);
    await store.flush();
    expect(await store.instruments()).toEqual([{ id: BTC, ticks: 0, firstTs: null, lastTs: null, lastTradeId: null }]);
    expect(await store.readBars({ instrument: BTC, timeframe: '1m' })).toEqual([bar(T0), bar(T0 + 60_000)]);
  });

  it('retries a failed timer flush on its own', async () => {
    const logger = spyLogger();
    const store = await open({ logger, flushIntervalMs: 20 });
    vi.spyOn(TickWriter.prototype, 'moveStaged').mockRejectedValueOnce(new Error('busy'));
    store.appendTicks(ticks([1]));
    await vi.waitFor(async () => expect(await storedIds(store)).toEqual([1]), { timeout: 3_000, interval: 20 });
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it('waits for the timer to retry rather than retrying on every append past the threshold', async () => {
    const store = await open({ logger: spyLogger(), maxPendingTicks: 1, flushIntervalMs: 60_000 });
    const move = vi.spyOn(TickWriter.prototype, 'moveStaged').mockRejectedValue(new Error('disk full'));
    for (let id = 1; id <= 20; id++) {
      store.appendTicks(ticks([id]));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(move.mock.calls.length).toBeLessThan(3);
    move.mockRestore();
    await store.flush();
    expect(await storedIds(store)).toHaveLength(20);
  });

  it('accepts a pino logger', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _encoding, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const store = await open({ logger: pino(sink), flushIntervalMs: 60_000 });
    vi.spyOn(TickWriter.prototype, 'moveStaged').mockRejectedValueOnce(new Error('disk full'));
    store.appendTicks(ticks([1]));
    await expect(store.flush()).rejects.toThrow();
    expect(lines.join('')).toContain('disk full');
  });
});
