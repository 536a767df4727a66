// The contract every Store backend must pass (test helper, called from each backend's test file
// with a factory of fresh databases), stating what callers rely on:
//   - ticks and bars come back exactly as written (fractional ms, optional receive time);
//   - appending a trade again, in the same flush, a later one or after a restart, stores it once;
//   - a bar upserted again replaces the stored one, and the last of several upserts wins;
//   - range reads: `from` inclusive, `to` exclusive, ascending; limits give the earliest ticks,
//     and the latest bars unless `from` is given; bad bounds are refused naming the field;
//   - the last trade id and the instrument summary follow every flush;
//   - settings (watch list, pairs, gap records) round-trip as JSON;
//   - session rows round-trip with their definitions, and a change to a session's 1m bars makes it stale;
//   - close flushes, is idempotent, refuses later use, and a reopened database has everything.
// A new backend (PostgreSQL) adds one `runStoreContract` call with its own factory.

import { afterEach, describe, expect, it } from 'vitest';
import type { Bar, Tick } from '../../domain/index.js';
import type { Store, StoredSession } from '../store.js';

/** One empty database of a backend, opened as often as a test needs (one store at a time). */
export interface ContractDatabase {
  open(): Promise<Store>;
  /** Deletes the database once its stores are closed. */
  dispose(): Promise<void>;
}

export interface StoreContractSubject {
  name: string;
  /** A new database, empty, that nothing else uses. */
  freshDatabase(): Promise<ContractDatabase>;
}

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

const ids = (rows: readonly Tick[]) => rows.map((t) => t.id);
const minutes = (rows: readonly Bar[]) => rows.map((b) => (b.start - T0) / 60_000);

export function runStoreContract(subject: StoreContractSubject): void {
  describe(`${subject.name} honours the Store contract`, () => {
    let databases: ContractDatabase[] = [];
    let stores: Store[] = [];

    afterEach(async () => {
      for (const store of stores) await store.close().catch(() => {});
      for (const database of databases) await database.dispose();
      stores = [];
      databases = [];
    });

    async function fresh(): Promise<ContractDatabase> {
      const database = await subject.freshDatabase();
      databases.push(database);
      return database;
    }

    async function open(database?: ContractDatabase): Promise<Store> {
      const store = await (database ?? (await fresh())).open();
      stores.push(store);
      return store;
    }

    async function reopen(database: ContractDatabase, store: Store): Promise<Store> {
      await store.close();
      return open(database);
    }

    describe('round trips', () => {
      it('returns every tick field exactly: fractional milliseconds, tiny prices, a missing receive time', async () => {
        const store = await open();
        const ticks = [
          tick(1, T0 + 0.001, { receivedAt: T0 + 35.123 }),
          tick(2, T0 + 1.5),
          tick(3, T0 + 999.999, { price: 0.00000123, qty: 12_345.6789, buyerMaker: true, receivedAt: T0 + 1_000.5 }),
        ];
        store.appendTicks(ticks);
        await store.flush();
        expect(await store.readTicks({ instrument: BTC })).toEqual(ticks);
      });

      it('returns every bar field exactly, per timeframe', async () => {
        const store = await open();
        const bars = [bar(T0), bar(T0 + 60_000, { trades: 1, vwap: 105.5 }), bar(T0, { timeframe: '5m', high: 120 })];
        store.upsertBars(bars);
        await store.flush();
        expect(await store.readBars({ instrument: BTC, timeframe: '1m' })).toEqual([bars[0], bars[1]]);
        expect(await store.readBars({ instrument: BTC, timeframe: '5m' })).toEqual([bars[2]]);
      });

      it('writes what is buffered when closed without a flush, and a reopened database has it all', async () => {
        const database = await fresh();
        const first = await open(database);
        first.appendTicks([tick(1, T0 + 0.25), tick(7, T0 + 1, { instrument: ETH })]);
        first.upsertBars([bar(T0)]);
        await first.setSetting('watch', ['BTCUSDT']);
        const second = await reopen(database, first);
        expect(await second.readTicks({ instrument: BTC })).toEqual([tick(1, T0 + 0.25)]);
        expect(await second.readBars({ instrument: BTC, timeframe: '1m' })).toEqual([bar(T0)]);
        expect(await second.getSetting('watch')).toEqual(['BTCUSDT']);
        expect(await second.lastTradeId(ETH)).toBe(7);
      });
    });

    describe('trades are stored once', () => {
      it('ignores a repeated trade id within a batch, across flushes, and of no other instrument', async () => {
        const store = await open();
        store.appendTicks([tick(1, T0 + 1), tick(2, T0 + 2), tick(2, T0 + 2), tick(2, T0 + 2, { instrument: ETH })]);
        await store.flush();
        store.appendTicks([tick(1, T0 + 1), tick(2, T0 + 2), tick(3, T0 + 3)]);
        await store.flush();
        expect(ids(await store.readTicks({ instrument: BTC }))).toEqual([1, 2, 3]);
        expect(ids(await store.readTicks({ instrument: ETH }))).toEqual([2]);
      });

      it('accepts a late trade that fills a gap in the ids, once', async () => {
        const store = await open();
        store.appendTicks([1, 2, 5].map((id) => tick(id, T0 + id)));
        await store.flush();
        store.appendTicks([4, 3, 4].map((id) => tick(id, T0 + id)));
        await store.flush();
        expect(ids(await store.readTicks({ instrument: BTC }))).toEqual([1, 2, 3, 4, 5]);
      });

      it('drops trades an earlier run stored when they are appended again after a reopen', async () => {
        const database = await fresh();
        const first = await open(database);
        first.appendTicks([1, 2, 3].map((id) => tick(id, T0 + id)));
        const second = await reopen(database, first);
        second.appendTicks([2, 3, 4].map((id) => tick(id, T0 + id)));
        await second.flush();
        expect(ids(await second.readTicks({ instrument: BTC }))).toEqual([1, 2, 3, 4]);
        expect(await second.instruments()).toEqual([expect.objectContaining({ id: BTC, ticks: 4 })]);
      });
    });

    describe('bars are upserted', () => {
      it('replaces a stored bar upserted again (an amended bar), leaving the others', async () => {
        const store = await open();
        store.upsertBars([bar(T0), bar(T0 + 60_000)]);
        await store.flush();
        const amended = bar(T0, { close: 101, high: 111, volume: 13, trades: 43 });
        store.upsertBars([amended]);
        await store.flush();
        expect(await store.readBars({ instrument: BTC, timeframe: '1m' })).toEqual([amended, bar(T0 + 60_000)]);
      });

      it('keeps the last of several upserts before a flush, not a later mutation of the caller’s object', async () => {
        const store = await open();
        const draft = bar(T0);
        store.upsertBars([draft]);
        draft.close = 106; // builders mutate their open bar; the buffered copy must not follow
        store.upsertBars([bar(T0, { close: 107 }), bar(T0, { close: 108, trades: 44 })]);
        await store.flush();
        expect(await store.readBars({ instrument: BTC, timeframe: '1m' })).toEqual([
          bar(T0, { close: 108, trades: 44 }),
        ]);
      });
    });

    describe('range reads', () => {
      const spaced = [0, 100, 100, 200, 300].map((offset, i) => tick(i + 1, T0 + offset));

      it('reads ticks from inclusive to exclusive, ascending by ts then id', async () => {
        const store = await open();
        store.appendTicks([...spaced, tick(6, T0 + 50)]); // a late trade: higher id, earlier ts
        await store.flush();
        expect(ids(await store.readTicks({ instrument: BTC }))).toEqual([1, 6, 2, 3, 4, 5]);
        expect(ids(await store.readTicks({ instrument: BTC, from: T0 + 100, to: T0 + 300 }))).toEqual([2, 3, 4]);
        expect(ids(await store.readTicks({ instrument: BTC, to: T0 + 100 }))).toEqual([1, 6]);
        expect(ids(await store.readTicks({ instrument: BTC, from: T0 + 300 }))).toEqual([5]);
        expect(await store.readTicks({ instrument: ETH })).toEqual([]);
      });

      it('gives the earliest ticks when limited', async () => {
        const store = await open();
        store.appendTicks(spaced);
        await store.flush();
        expect(ids(await store.readTicks({ instrument: BTC, limit: 2 }))).toEqual([1, 2]);
        expect(ids(await store.readTicks({ instrument: BTC, from: T0 + 100, limit: 2 }))).toEqual([2, 3]);
        expect(await store.readTicks({ instrument: BTC, limit: 0 })).toEqual([]);
      });

      it('reads bars by start, from inclusive to exclusive, ascending whatever the write order', async () => {
        const store = await open();
        store.upsertBars([3, 0, 2, 1].map((i) => bar(T0 + i * 60_000)));
        await store.flush();
        expect(minutes(await store.readBars({ instrument: BTC, timeframe: '1m' }))).toEqual([0, 1, 2, 3]);
        const ranged = await store.readBars({ instrument: BTC, timeframe: '1m', from: T0 + 60_000, to: T0 + 180_000 });
        expect(minutes(ranged)).toEqual([1, 2]);
      });

      it('gives the latest bars, ascending, when limited without from, and the earliest after from', async () => {
        const store = await open();
        store.upsertBars([0, 1, 2, 3, 4].map((i) => bar(T0 + i * 60_000)));
        await store.flush();
        const read = (query: { from?: number; to?: number; limit?: number }) =>
          store.readBars({ instrument: BTC, timeframe: '1m', ...query }).then(minutes);
        expect(await read({ limit: 2 })).toEqual([3, 4]);
        expect(await read({ to: T0 + 240_000, limit: 2 })).toEqual([2, 3]);
        expect(await read({ from: T0 + 60_000, limit: 2 })).toEqual([1, 2]);
      });

      it('refuses a negative or fractional limit and a non-finite bound, naming the field', async () => {
        const store = await open();
        await expect(store.readBars({ instrument: BTC, timeframe: '1m', limit: -1 })).rejects.toThrow(/limit/);
        await expect(store.readTicks({ instrument: BTC, limit: 1.5 })).rejects.toThrow(/limit/);
        await expect(store.readTicks({ instrument: BTC, from: Number.NaN })).rejects.toThrow(/from/);
      });
    });

    describe('catalogue and settings', () => {
      it('reports the last stored trade id per instrument, null for one without trades', async () => {
        const store = await open();
        expect(await store.lastTradeId(BTC)).toBeNull();
        store.appendTicks([tick(41, T0 + 1), tick(42, T0 + 2), tick(40, T0 + 3)]);
        await store.flush();
        expect(await store.lastTradeId(BTC)).toBe(42);
        expect(await store.lastTradeId(ETH)).toBeNull();
      });

      it('lists instruments with tick counts, first and last ts and trade id, bar-only ones too', async () => {
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

      it('keeps the instrument list current across flushes, late trade ids counted and duplicates not', async () => {
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
        expect(await store.instruments()).toEqual([
          { id: BTC, ticks: 4, firstTs: T0 + 10, lastTs: T0 + 13, lastTradeId: 13 },
          { id: ETH, ticks: 1, firstTs: T0 + 3, lastTs: T0 + 3, lastTradeId: 3 },
        ]);
      });

      it('round-trips settings as JSON, overwrites them, and deletes one set to undefined', async () => {
        const store = await open();
        const watch = { symbols: ['BTCUSDT', 'ETHUSDT'], pairs: [{ a: 'BTCUSDT', b: 'ETHUSDT', z: 2.5 }], none: null };
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

      it('keeps gap records (the `gaps` setting) across a reopen', async () => {
        const database = await fresh();
        const first = await open(database);
        const gaps = [{ instrument: BTC, fromId: 5, toId: 9, detectedAt: T0, filled: false, note: 'ü "quoted"' }];
        await first.setSetting('gaps', gaps);
        const second = await reopen(database, first);
        expect(await second.getSetting('gaps')).toEqual(gaps);
      });
    });

    describe('session rows', () => {
      const HOUR = 3_600_000;
      const session = (start: number, extra: Partial<StoredSession> = {}): StoredSession => ({
        start,
        end: start + HOUR,
        date: new Date(start).toISOString().slice(0, 10),
        definitionsVersion: 1,
        definition: '{"tz":"UTC"}',
        skipReason: null,
        row: { ibHigh: 110.5, extUp: null, firstBreak: 'up' },
        ...extra,
      });
      const bounds = (...starts: number[]) => starts.map((start) => ({ start, end: start + HOUR }));

      it('round-trips rows and skipped sessions per profile, replacing by start, across a reopen', async () => {
        const database = await fresh();
        const first = await open(database);
        const rows = [session(T0), session(T0 + HOUR, { skipReason: 'coverage', row: null })];
        await first.writeSessionRows({ instrument: BTC, profile: 'utc', sessions: rows });
        await first.writeSessionRows({ instrument: BTC, profile: 'ny', sessions: [session(T0, { row: { n: 2 } })] });
        await first.writeSessionRows({
          instrument: BTC,
          profile: 'utc',
          sessions: [session(T0, { definitionsVersion: 2 })],
        });
        const second = await reopen(database, first);
        expect(await second.readSessionRows({ instrument: BTC, profile: 'utc' })).toEqual([
          session(T0, { definitionsVersion: 2 }),
          rows[1],
        ]);
        expect(
          await second.readSessionRows({ instrument: BTC, profile: 'utc', from: T0 + 1, to: T0 + 2 * HOUR }),
        ).toEqual([rows[1]]);
        expect(await second.sessionRowSummary()).toEqual([
          { instrument: BTC, profile: 'ny', definitionsVersion: 1, definition: '{"tz":"UTC"}', sessions: 1 },
          { instrument: BTC, profile: 'utc', definitionsVersion: 1, definition: '{"tz":"UTC"}', sessions: 1 },
          { instrument: BTC, profile: 'utc', definitionsVersion: 2, definition: '{"tz":"UTC"}', sessions: 1 },
        ]);
        expect(await second.deleteSessionRows('ny')).toBe(1);
        expect(await second.readSessionRows({ instrument: BTC, profile: 'ny' })).toEqual([]);
      });

      it('finds the sessions whose 1m bars changed since their row was written, and new ones with bars', async () => {
        const store = await open();
        store.upsertBars([bar(T0), bar(T0 + 60_000), bar(T0 + HOUR), bar(T0 + 2 * HOUR, { timeframe: '5m' })]);
        await store.flush();
        const all = bounds(T0, T0 + HOUR, T0 + 2 * HOUR);
        expect(await store.staleSessions({ instrument: BTC, profile: 'utc', sessions: all })).toEqual([T0, T0 + HOUR]);
        await store.writeSessionRows({ instrument: BTC, profile: 'utc', sessions: [session(T0), session(T0 + HOUR)] });
        expect(await store.staleSessions({ instrument: BTC, profile: 'utc', sessions: all })).toEqual([]);
        store.upsertBars([bar(T0 + 60_000, { high: 111 }), bar(T0 + 2 * HOUR + 60_000, { instrument: ETH })]);
        await store.flush();
        expect(await store.staleSessions({ instrument: BTC, profile: 'utc', sessions: all })).toEqual([T0]);
        expect(await store.staleSessions({ instrument: BTC, profile: 'ny', sessions: all })).toEqual([T0, T0 + HOUR]);
      });

      it('refuses a session whose end is not after its start, naming it, and writes none of the batch', async () => {
        const store = await open();
        const bad = [session(T0), session(T0 + HOUR, { end: T0 + HOUR })];
        await expect(store.writeSessionRows({ instrument: BTC, profile: 'utc', sessions: bad })).rejects.toThrow(
          /sessions\[1\]/,
        );
        expect(await store.readSessionRows({ instrument: BTC, profile: 'utc' })).toEqual([]);
      });
    });

    describe('lifecycle', () => {
      it('counts buffered and written rows', async () => {
        const store = await open();
        store.appendTicks([tick(1, T0), tick(2, T0 + 1)]);
        store.upsertBars([bar(T0)]);
        expect(store.stats()).toMatchObject({ pendingTicks: 2, pendingBars: 1, writtenTicks: 0, writtenBars: 0 });
        await store.flush();
        expect(store.stats()).toMatchObject({ pendingTicks: 0, pendingBars: 0, writtenTicks: 2, writtenBars: 1 });
      });

      it('closes once however often asked, then refuses appends and reads', async () => {
        const store = await open();
        store.appendTicks([tick(1, T0)]);
        await Promise.all([store.close(), store.close()]);
        await store.close();
        expect(() => store.appendTicks([tick(2, T0)])).toThrow(/not open/);
        await expect(store.readTicks({ instrument: BTC })).rejects.toThrow(/not open/);
      });
    });
  });
}
