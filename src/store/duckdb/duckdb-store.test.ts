import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bar, Tick } from '../../domain/index.js';
import { type DuckDbStore, StoreClosedError } from './duckdb-store.js';
import { openStore } from './open-store.js';
import type { WorkerStore } from '../worker/worker-store.js';

const BTC = 'binance:BTCUSDT';
const ETH = 'binance:ETHUSDT';
const T0 = Date.UTC(2024, 7, 8, 12, 0, 0);

function tick(id: number, ts: number, extra: Partial<Tick> = {}): Tick {
  return { instrument: BTC, id, ts, price: 61_800.25 + id, qty: 0.00123, buyerMaker: id % 2 === 0, ...extra };
}

function bar(start: number, extra: Partial<Bar> = {}): Bar {
  return {
    instrument: BTC,
    timeframe: '1m',
    start,
    open: 100,
    high: 110.5,
    low: 99.25,
    close: 105,
    volume: 12.5,
    quoteVolume: 1_300.125,
    trades: 42,
    buyVolume: 7.25,
    vwap: 104.01,
    ...extra,
  };
}

type AnyStore = DuckDbStore | WorkerStore;

let dir: string;
let stores: AnyStore[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-store-'));
  stores = [];
});

afterEach(async () => {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

// The same contract holds whether DuckDB runs on the calling thread or on the store's worker.
describe.each(['main', 'worker'] as const)('DuckDB store on the %s thread', (thread) => {
  async function open(path = ':memory:'): Promise<AnyStore> {
    const store = await openStore({ path, thread });
    stores.push(store);
    return store;
  }

  describe('round trips', () => {
    it('returns every tick field, fractional milliseconds and a missing receive time intact', async () => {
      const store = await open();
      const ticks = [
        tick(1, T0 + 0.001, { receivedAt: T0 + 35.123 }),
        tick(2, T0 + 1.5),
        tick(3, T0 + 999.999, {
          instrument: BTC,
          price: 0.00000123,
          qty: 12_345.6789,
          buyerMaker: true,
          receivedAt: T0 + 1_000.5,
        }),
      ];
      store.appendTicks(ticks);
      await store.flush();
      expect(await store.readTicks({ instrument: BTC })).toEqual(ticks);
    });

    it('returns every bar field', async () => {
      const store = await open();
      const bars = [bar(T0), bar(T0 + 60_000, { trades: 1, vwap: 105.5 }), bar(T0, { timeframe: '5m', high: 120 })];
      store.upsertBars(bars);
      await store.flush();
      expect(await store.readBars({ instrument: BTC, timeframe: '1m' })).toEqual([bars[0], bars[1]]);
      expect(await store.readBars({ instrument: BTC, timeframe: '5m' })).toEqual([bars[2]]);
    });

    it('replaces a stored bar when the same bar is upserted again', async () => {
      const store = await open();
      store.upsertBars([bar(T0), bar(T0 + 60_000)]);
      await store.flush();
      const amended = bar(T0, { close: 101, high: 111, volume: 13, trades: 43 });
      store.upsertBars([amended]);
      await store.flush();
      expect(await store.readBars({ instrument: BTC, timeframe: '1m' })).toEqual([amended, bar(T0 + 60_000)]);
    });

    it('keeps the last version of a bar upserted several times before a flush', async () => {
      const store = await open();
      const draft = bar(T0);
      store.upsertBars([draft]);
      draft.close = 106; // builders mutate their open bar; the buffered copy must not follow
      store.upsertBars([bar(T0, { close: 107 }), bar(T0, { close: 108, trades: 44 })]);
      await store.flush();
      expect(await store.readBars({ instrument: BTC, timeframe: '1m' })).toEqual([bar(T0, { close: 108, trades: 44 })]);
    });
  });

  describe('range reads', () => {
    const ticks = [0, 100, 100, 200, 300].map((offset, i) => tick(i + 1, T0 + offset));

    it('reads ticks from inclusive to exclusive, ascending by ts then id', async () => {
      const store = await open();
      // A late trade: higher id, earlier ts. Reads order by ts, not arrival.
      const late = tick(6, T0 + 50);
      store.appendTicks([...ticks, late]);
      await store.flush();
      const ids = (rows: Tick[]) => rows.map((t) => t.id);
      expect(ids(await store.readTicks({ instrument: BTC }))).toEqual([1, 6, 2, 3, 4, 5]);
      expect(ids(await store.readTicks({ instrument: BTC, from: T0 + 100, to: T0 + 300 }))).toEqual([2, 3, 4]);
      expect(ids(await store.readTicks({ instrument: BTC, to: T0 + 100 }))).toEqual([1, 6]);
      expect(ids(await store.readTicks({ instrument: BTC, from: T0 + 300 }))).toEqual([5]);
      expect(await store.readTicks({ instrument: ETH })).toEqual([]);
    });

    it('gives the earliest ticks when limited', async () => {
      const store = await open();
      store.appendTicks(ticks);
      await store.flush();
      expect((await store.readTicks({ instrument: BTC, limit: 2 })).map((t) => t.id)).toEqual([1, 2]);
      expect((await store.readTicks({ instrument: BTC, from: T0 + 100, limit: 2 })).map((t) => t.id)).toEqual([2, 3]);
      expect(await store.readTicks({ instrument: BTC, limit: 0 })).toEqual([]);
    });

    it('reads bars by start, from inclusive to exclusive, ascending', async () => {
      const store = await open();
      store.upsertBars([3, 0, 2, 1].map((i) => bar(T0 + i * 60_000)));
      await store.flush();
      const starts = (rows: Bar[]) => rows.map((b) => (b.start - T0) / 60_000);
      expect(starts(await store.readBars({ instrument: BTC, timeframe: '1m' }))).toEqual([0, 1, 2, 3]);
      expect(
        starts(await store.readBars({ instrument: BTC, timeframe: '1m', from: T0 + 60_000, to: T0 + 180_000 })),
      ).toEqual([1, 2]);
    });

    it('gives the latest bars, ascending, when limited without from, and the earliest after from', async () => {
      const store = await open();
      store.upsertBars([0, 1, 2, 3, 4].map((i) => bar(T0 + i * 60_000)));
      await store.flush();
      const starts = (rows: Bar[]) => rows.map((b) => (b.start - T0) / 60_000);
      expect(starts(await store.readBars({ instrument: BTC, timeframe: '1m', limit: 2 }))).toEqual([3, 4]);
      expect(starts(await store.readBars({ instrument: BTC, timeframe: '1m', to: T0 + 240_000, limit: 2 }))).toEqual([
        2, 3,
      ]);
      expect(starts(await store.readBars({ instrument: BTC, timeframe: '1m', from: T0 + 60_000, limit: 2 }))).toEqual([
        1, 2,
      ]);
    });

    it('refuses a negative or fractional limit and a non-finite bound, naming the field', async () => {
      const store = await open();
      await expect(store.readBars({ instrument: BTC, timeframe: '1m', limit: -1 })).rejects.toThrow(/limit/);
      await expect(store.readTicks({ instrument: BTC, limit: 1.5 })).rejects.toThrow(/limit/);
      await expect(store.readTicks({ instrument: BTC, from: Number.NaN })).rejects.toThrow(/from/);
    });
  });

  describe('catalogue and settings', () => {
    it('lists instruments with tick counts, first and last ts and trade id, and bar-only instruments', async () => {
      const store = await open();
      store.appendTicks([tick(10, T0 + 0.5), tick(11, T0 + 2_000.25), tick(7, T0 + 1_000, { instrument: ETH })]);
      store.upsertBars([bar(T0, { instrument: 'sim:AAA' }), bar(T0)]);
      await store.flush();
      expect(await store.instruments()).toEqual([
        { id: BTC, ticks: 2, firstTs: T0 + 0.5, lastTs: T0 + 2_000.25, lastTradeId: 11 },
        { id: ETH, ticks: 1, firstTs: T0 + 1_000, lastTs: T0 + 1_000, lastTradeId: 7 },
        { id: 'sim:AAA', ticks: 0, firstTs: null, lastTs: null, lastTradeId: null },
      ]);
    });

    it('keeps the instrument list current across flushes, late ids filled in, duplicates dropped', async () => {
      const store = await open();
      store.appendTicks([tick(10, T0 + 10), tick(12, T0 + 12)]);
      await store.flush();
      store.appendTicks([
        tick(11, T0 + 11),
        tick(12, T0 + 12),
        tick(13, T0 + 13),
        tick(3, T0 + 3, { instrument: ETH }),
      ]);
      await store.flush();
      store.appendTicks([tick(4, T0 + 4, { instrument: ETH })]);
      await store.flush();
      expect(await store.instruments()).toEqual([
        { id: BTC, ticks: 4, firstTs: T0 + 10, lastTs: T0 + 13, lastTradeId: 13 },
        { id: ETH, ticks: 2, firstTs: T0 + 3, lastTs: T0 + 4, lastTradeId: 4 },
      ]);
      expect(await store.lastTradeId(BTC)).toBe(13);
    });

    it('round-trips settings as JSON, overwrites them, and deletes one set to undefined', async () => {
      const store = await open();
      const watch = {
        symbols: ['BTCUSDT', 'ETHUSDT'],
        pairs: [{ a: 'BTCUSDT', b: 'ETHUSDT', z: 2.5 }],
        on: true,
        none: null,
      };
      await store.setSetting('watch', watch);
      await store.setSetting('theme', 'dark');
      expect(await store.getSetting('watch')).toEqual(watch);
      expect(await store.getSetting<string>('theme')).toBe('dark');
      expect(await store.getSetting('missing')).toBeUndefined();
      await store.setSetting('theme', 3);
      expect(await store.getSetting('theme')).toBe(3);
      await store.setSetting('theme', undefined);
      expect(await store.getSetting('theme')).toBeUndefined();
    });

    it('keeps data and settings in a file across close and reopen, creating the directory', async () => {
      const path = join(dir, 'nested', 'deeper', 'tickscope.duckdb');
      const first = await openStore({ path, thread });
      first.appendTicks([tick(1, T0 + 0.25)]);
      first.upsertBars([bar(T0)]);
      await first.setSetting('watch', ['BTCUSDT']);
      await first.close();

      const second = await open(path);
      expect(await second.readTicks({ instrument: BTC })).toEqual([tick(1, T0 + 0.25)]);
      expect(await second.readBars({ instrument: BTC, timeframe: '1m' })).toEqual([bar(T0)]);
      expect(await second.getSetting('watch')).toEqual(['BTCUSDT']);
    });

    it('reports buffered and written counts and the file size', async () => {
      const path = join(dir, 'stats.duckdb');
      const store = await open(path);
      store.appendTicks([tick(1, T0), tick(2, T0 + 1)]);
      store.upsertBars([bar(T0)]);
      expect(store.stats()).toMatchObject({
        pendingTicks: 2,
        pendingBars: 1,
        flushes: 0,
        writtenTicks: 0,
        writtenBars: 0,
      });
      await store.flush();
      const stats = store.stats();
      expect(stats).toMatchObject({ pendingTicks: 0, pendingBars: 0, flushes: 1, writtenTicks: 2, writtenBars: 1 });
      expect(stats.fileBytes).toBeGreaterThan(0);
      expect((await open()).stats().fileBytes).toBeNull();
    });

    it('refuses to be used after close, and closes once however often asked', async () => {
      const store = await openStore({ path: ':memory:', thread });
      store.appendTicks([tick(1, T0)]);
      await Promise.all([store.close(), store.close()]);
      await store.close();
      expect(() => store.appendTicks([tick(1, T0)])).toThrow(StoreClosedError);
      await expect(store.readTicks({ instrument: BTC })).rejects.toThrow(StoreClosedError);
    });
  });
});
