// A store whose writes fail: rows stay buffered up to the bound, an invalidated database is
// reopened, nothing accepted is written twice or lost, and a file that cannot be used fails at open.
import { copyFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Tick } from '../../domain/index.js';
import type { Logger } from '../../domain/logger.js';
import { BarWriter } from './bar-writer.js';
import { UnwrittenRowsError } from './buffered-writer.js';
import { StoreFileError } from './database-file.js';
import type { DuckDbStore, DuckDbStoreOptions } from './duckdb-store.js';
import { openStore } from './open-store.js';
import { TickWriter } from './tick-writer.js';

const BTC = 'binance:BTCUSDT';
const T0 = Date.UTC(2024, 7, 8, 12, 0, 0);
const INVALIDATED =
  'FATAL Error: Failed to create checkpoint because of error: Could not write file "x": No space left on device';

const tick = (id: number): Tick => ({ instrument: BTC, id, ts: T0 + id, price: 100 + id, qty: 1, buyerMaker: false });
const ticks = (from: number, count: number): Tick[] => Array.from({ length: count }, (_, i) => tick(from + i));

function spyLogger() {
  type LogFn = (details: object, message?: string) => void;
  return { debug: vi.fn<LogFn>(), error: vi.fn<LogFn>(), warn: vi.fn<LogFn>(), info: vi.fn<LogFn>() } satisfies Logger;
}

let dir: string;
let stores: DuckDbStore[];

async function open(options: Partial<DuckDbStoreOptions> = {}): Promise<DuckDbStore> {
  const store = await openStore({ path: join(dir, 'failing.duckdb'), flushIntervalMs: 60_000, ...options });
  stores.push(store);
  return store;
}

async function storedIds(store: DuckDbStore): Promise<number[]> {
  return (await store.readTicks({ instrument: BTC })).map((t) => t.id);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-store-failures-'));
  stores = [];
});

afterEach(async () => {
  vi.restoreAllMocks();
  for (const store of stores) await store.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe('DuckDbStore while writes fail', () => {
  it('has no room once the unwritten rows reach maxPendingRows, and room again once they are written', async () => {
    const store = await open({ maxPendingRows: 100 });
    const move = vi.spyOn(TickWriter.prototype, 'moveStaged').mockRejectedValue(new Error('disk full'));
    store.appendTicks(ticks(1, 99));
    expect(store.hasRoom()).toBe(true);
    const bar = { open: 1, high: 1, low: 1, close: 1, volume: 1, quoteVolume: 1, trades: 1, buyVolume: 1, vwap: 1 };
    store.upsertBars([{ instrument: BTC, timeframe: '1m', start: T0, ...bar }]);
    await expect(store.flush()).rejects.toThrow('disk full');
    expect(store.hasRoom()).toBe(false);
    expect(store.stats()).toMatchObject({ pendingTicks: 99, pendingBars: 1, maxPendingRows: 100, failedFlushes: 1 });
    expect(store.stats().failingSince).toEqual(expect.any(Number));
    expect(store.stats().lastError).toBe('disk full');
    move.mockRestore();
    await store.flush();
    expect(store.hasRoom()).toBe(true);
    expect(store.stats()).toMatchObject({ pendingTicks: 0, failingSince: null, oldestPendingAt: null });
  });

  it('logs one error for a run of failed flushes and one line when writing resumes', async () => {
    const logger = spyLogger();
    const store = await open({ logger });
    const move = vi.spyOn(TickWriter.prototype, 'moveStaged').mockRejectedValue(new Error('disk full'));
    store.appendTicks(ticks(1, 10));
    for (let i = 0; i < 5; i++) await expect(store.flush()).rejects.toThrow('disk full');
    expect(logger.error).toHaveBeenCalledTimes(1);
    move.mockRestore();
    await store.flush();
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ failuresInRun: 5 }),
      'store writes resumed; every buffered row was written',
    );
  });

  it('reports the age of the oldest unwritten row while it waits', async () => {
    let now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const store = await open();
    vi.spyOn(TickWriter.prototype, 'moveStaged').mockRejectedValue(new Error('disk full'));
    store.appendTicks(ticks(1, 3));
    now += 5_000;
    store.appendTicks(ticks(4, 3));
    await expect(store.flush()).rejects.toThrow();
    expect(store.stats().oldestPendingAt).toBe(1_000_000);
  });

  it('reopens a database DuckDB invalidated and writes the staged ticks exactly once', async () => {
    const logger = spyLogger();
    const store = await open({ logger });
    store.appendTicks(ticks(1, 5));
    await store.flush();
    const move = vi.spyOn(TickWriter.prototype, 'moveStaged').mockRejectedValue(new Error(INVALIDATED));
    store.appendTicks(ticks(6, 5));
    await expect(store.flush()).rejects.toThrow('FATAL');
    store.appendTicks(ticks(11, 5));
    await expect(store.flush()).rejects.toThrow('FATAL');
    expect(store.stats()).toMatchObject({ reopens: 1, pendingTicks: 10 });
    move.mockRestore();
    await store.flush();
    expect(await storedIds(store)).toEqual(ticks(1, 15).map((t) => t.id));
    // Each failed flush invalidated it again, so each retry reopened it.
    expect(store.stats()).toMatchObject({ pendingTicks: 0, writtenTicks: 15, reopens: 2 });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ stagedCommitted: false }),
      'store database reopened after DuckDB invalidated it',
    );
  });

  it('does not write again the ticks of a commit that reached the file before DuckDB invalidated it', async () => {
    const store = await open();
    store.appendTicks(ticks(1, 5));
    await store.flush();
    // The failure comes after COMMIT: the rows are in the database though the flush failed.
    const committed = vi.spyOn(BarWriter.prototype, 'committed').mockImplementationOnce(() => {
      throw new Error(INVALIDATED);
    });
    store.appendTicks(ticks(6, 5));
    await expect(store.flush()).rejects.toThrow('FATAL');
    committed.mockRestore();
    store.appendTicks(ticks(11, 2));
    await store.flush();
    expect(await storedIds(store)).toEqual(ticks(1, 12).map((t) => t.id));
    expect(store.stats()).toMatchObject({ pendingTicks: 0, writtenTicks: 12, reopens: 1 });
  });

  it('retries at close for closeRetryMs, then says exactly how many rows it could not write', async () => {
    const store = await open({ closeRetryMs: 300 });
    vi.spyOn(TickWriter.prototype, 'moveStaged').mockRejectedValue(new Error('disk full'));
    store.appendTicks(ticks(1, 7));
    const closed = store.close();
    await expect(closed).rejects.toThrow(UnwrittenRowsError);
    await expect(closed).rejects.toThrow(/^7 ticks and 0 bars could not be written to .*failing\.duckdb/);
  });

  it('writes everything at close when the store recovers while it retries', async () => {
    const path = join(dir, 'failing.duckdb');
    const store = await open({ closeRetryMs: 10_000 });
    vi.spyOn(TickWriter.prototype, 'moveStaged').mockRejectedValueOnce(new Error('disk full'));
    store.appendTicks(ticks(1, 7));
    await store.close();
    const reopened = await openStore({ path });
    stores.push(reopened);
    expect(await storedIds(reopened)).toEqual(ticks(1, 7).map((t) => t.id));
  });
});

describe('opening a database file that cannot be used', () => {
  async function storedFile(): Promise<string> {
    const path = join(dir, 'good.duckdb');
    const store = await openStore({ path });
    store.appendTicks(ticks(1, 1000));
    await store.close();
    return path;
  }

  it('refuses a truncated file, naming it and what to do', async () => {
    const good = await storedFile();
    const path = join(dir, 'truncated.duckdb');
    copyFileSync(good, path);
    truncateSync(path, 300_000);
    const opening = openStore({ path });
    await expect(opening).rejects.toThrow(StoreFileError);
    await expect(opening).rejects.toThrow(
      new RegExp(`^the database file ${path} cannot be used: it is truncated \\(300000 bytes.*move it away`),
    );
  });

  it('refuses a file that is not a DuckDB database', async () => {
    const path = join(dir, 'garbage.duckdb');
    writeFileSync(path, 'not a database at all');
    await expect(openStore({ path })).rejects.toThrow(StoreFileError);
    await expect(openStore({ path })).rejects.toThrow(`the database file ${path} cannot be used`);
  });
});
