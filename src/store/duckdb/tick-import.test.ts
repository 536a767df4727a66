import { afterEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/index.js';
import type { TickColumns } from '../store.js';
import type { DuckDbStore } from './duckdb-store.js';
import { openStore } from './open-store.js';
import { BATCH_ROWS } from './tick-import.js';

const BTC = 'binance:BTCUSDT';
const T0 = Date.UTC(2025, 0, 1);
/** More than two batches, so that moves run while rows are still coming. */
const ROWS = 2 * BATCH_ROWS + 1234;

function columns(from: number, count: number): TickColumns {
  const c = {
    id: new Float64Array(count),
    ts: new Float64Array(count),
    price: new Float64Array(count),
    qty: new Float64Array(count),
    buyerMaker: new Uint8Array(count),
  };
  for (let i = 0; i < count; i++) {
    c.id[i] = from + i;
    c.ts[i] = T0 + (from + i) * 0.5;
    c.price[i] = 100 + ((from + i) % 7) / 8;
    c.qty[i] = 0.001 * (1 + ((from + i) % 5));
    c.buyerMaker[i] = (from + i) % 3 === 0 ? 1 : 0;
  }
  return c;
}

const bar: Bar = {
  instrument: BTC,
  timeframe: '1h',
  start: T0,
  open: 100,
  high: 101,
  low: 99,
  close: 100.5,
  volume: 3,
  quoteVolume: 300,
  trades: 3,
  buyVolume: 1,
  vwap: 100,
};

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function feed(rows: number) {
  store = await openStore({ path: ':memory:' });
  const staged = await store.beginTickImport(BTC);
  for (let from = 1; from <= rows; from += 50_000)
    await staged.appendTicks(columns(from, Math.min(50_000, rows - from + 1)), Math.min(50_000, rows - from + 1));
  staged.upsertBars([bar, { ...bar, close: 100.25 }]);
  return { store, staged };
}

describe('bulk tick import', () => {
  it('stores nothing until commit, then every tick, the bars and the summary in one go', async () => {
    const { store, staged } = await feed(ROWS);
    expect(await store.instruments()).toEqual([]);
    expect(await store.readBars({ instrument: BTC, timeframe: '1h', from: 0 })).toEqual([]);
    expect(await staged.commit()).toEqual({ ticks: ROWS, bars: 1 });
    const [summary] = await store.instruments();
    expect(summary).toEqual({ id: BTC, ticks: ROWS, firstTs: T0 + 0.5, lastTs: T0 + ROWS * 0.5, lastTradeId: ROWS });
    const expected = columns(ROWS - 2, 3);
    expect(await store.readTicks({ instrument: BTC, from: T0 + (ROWS - 2) * 0.5 })).toEqual(
      [0, 1, 2].map((i) => ({
        instrument: BTC,
        id: expected.id[i],
        ts: expected.ts[i],
        price: expected.price[i],
        qty: expected.qty[i],
        buyerMaker: expected.buyerMaker[i] === 1,
      })),
    );
    expect(await store.readBars({ instrument: BTC, timeframe: '1h', from: 0 })).toEqual([{ ...bar, close: 100.25 }]);
    // The live write path knows the imported ids: appending them again adds nothing.
    store.appendTicks([{ instrument: BTC, id: ROWS, ts: T0, price: 1, qty: 1, buyerMaker: false }]);
    await store.flush();
    expect((await store.instruments())[0].ticks).toBe(ROWS);
  });

  it('stores nothing when aborted, even after batches have been moved', async () => {
    const { store, staged } = await feed(ROWS);
    await staged.abort();
    expect(await store.instruments()).toEqual([]);
    expect(await store.readTicks({ instrument: BTC })).toEqual([]);
    expect(await store.readBars({ instrument: BTC, timeframe: '1h', from: 0 })).toEqual([]);
    await expect(staged.commit()).rejects.toThrow(/the import of binance:BTCUSDT has ended/);
  });

  it('stores receive times where the columns have them, none where they are NaN or absent', async () => {
    store = await openStore({ path: ':memory:' });
    const staged = await store.beginTickImport(BTC);
    const timed = columns(1, 3);
    timed.receivedAt = Float64Array.of(T0 + 10.25, Number.NaN, T0 + 12);
    await staged.appendTicks(timed, 3);
    await staged.appendTicks(columns(4, 1), 1);
    await staged.commit();
    const ticks = await store.readTicks({ instrument: BTC });
    expect(ticks.map((tick) => tick.receivedAt)).toEqual([T0 + 10.25, undefined, T0 + 12, undefined]);
  });

  it('moves in batches of the rows asked for, and stores every row at commit', async () => {
    store = await openStore({ path: ':memory:' });
    const staged = await store.beginTickImport(BTC, { batchRows: 5_000 });
    for (let from = 1; from <= 12_345; from += 3_000) await staged.appendTicks(columns(from, 3_000), 3_000);
    // Nothing is visible before commit, however many batches were moved.
    expect(await store.instruments()).toEqual([]);
    expect(await staged.commit()).toEqual({ ticks: 15_000, bars: 0 });
    const [summary] = await store.instruments();
    expect(summary).toMatchObject({ ticks: 15_000, lastTradeId: 15_000 });
  });

  it('refuses a bar of another instrument', async () => {
    const { staged } = await feed(10);
    expect(() => staged.upsertBars([{ ...bar, instrument: 'binance:ETHUSDT' }])).toThrow(
      /bulk import of binance:BTCUSDT cannot store a bar of binance:ETHUSDT/,
    );
    await staged.abort();
  });
});
