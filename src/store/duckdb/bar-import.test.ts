import { afterEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/index.js';
import { IMPORT_BAR_FIELDS, type Store } from '../store.js';
import { openStore } from './open-store.js';

const CSV = 'csv:MYDATA';
const T0 = Date.UTC(2024, 0, 2, 0, 0, 0);
const MIN = 60_000;

type Row = Omit<Bar, 'instrument' | 'timeframe' | 'vwap'>;

function row(minute: number, close: number, extra: Partial<Row> = {}): Row {
  return {
    start: T0 + minute * MIN,
    open: close - 1,
    high: close + 2,
    low: close - 3,
    close,
    volume: 2,
    quoteVolume: 2 * close,
    trades: 3,
    buyVolume: 1,
    ...extra,
  };
}

function pack(rows: readonly Row[]): Float64Array {
  const packed = new Float64Array(rows.length * IMPORT_BAR_FIELDS.length);
  rows.forEach((r, i) => {
    IMPORT_BAR_FIELDS.forEach((field, j) => {
      packed[i * IMPORT_BAR_FIELDS.length + j] = r[field];
    });
  });
  return packed;
}

let stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
  stores = [];
});

async function open(thread: 'main' | 'worker' = 'main'): Promise<Store> {
  const store = await openStore({ path: ':memory:', thread });
  stores.push(store);
  return store;
}

const minutes = Array.from({ length: 12 }, (_, m) => row(m, 100 + m));

describe('atomic bar import', () => {
  it('shows nothing until commit, then the bars, the derived 5m bars and the instrument', async () => {
    const store = await open();
    const handle = await store.beginBarImport({ instrument: CSV, timeframe: '1m', derive: ['5m', '1h'] });
    await store.stageImportBars(handle, pack(minutes.slice(0, 7)));
    await store.stageImportBars(handle, pack(minutes.slice(7)));
    expect(await store.readBars({ instrument: CSV, timeframe: '1m' })).toEqual([]);
    expect((await store.instruments()).map((i) => i.id)).not.toContain(CSV);

    await store.commitBarImport(handle);
    const oneMinute = await store.readBars({ instrument: CSV, timeframe: '1m' });
    expect(oneMinute).toHaveLength(12);
    expect(oneMinute[3]).toMatchObject({ ...minutes[3], vwap: 103, timeframe: '1m', instrument: CSV });
    const fiveMinute = await store.readBars({ instrument: CSV, timeframe: '5m' });
    expect(fiveMinute.map((b) => [b.start, b.open, b.high, b.low, b.close, b.volume, b.trades])).toEqual([
      [T0, 99, 106, 97, 104, 10, 15],
      [T0 + 5 * MIN, 104, 111, 102, 109, 10, 15],
      [T0 + 10 * MIN, 109, 113, 107, 111, 4, 6],
    ]);
    const hour = await store.readBars({ instrument: CSV, timeframe: '1h' });
    expect(hour).toHaveLength(1);
    expect(hour[0].vwap).toBeCloseTo(minutes.reduce((s, r) => s + r.quoteVolume, 0) / 24, 9);
    expect((await store.instruments()).map((i) => i.id)).toContain(CSV);
  });

  it('leaves the stored data as it was when aborted', async () => {
    const store = await open();
    const handle = await store.beginBarImport({ instrument: CSV, timeframe: '1m', derive: [] });
    await store.stageImportBars(handle, pack(minutes));
    await store.abortBarImport(handle);
    expect(await store.readBars({ instrument: CSV, timeframe: '1m' })).toEqual([]);
    await expect(store.commitBarImport(handle)).rejects.toThrow(/no bar import/);
  });

  it('rolls back the whole commit when a statement fails and keeps what was stored before', async () => {
    const store = await open();
    const first = await store.beginBarImport({ instrument: CSV, timeframe: '1m', derive: ['5m'] });
    await store.stageImportBars(first, pack(minutes.slice(0, 2)));
    await store.commitBarImport(first);
    const before = await store.readBars({ instrument: CSV, timeframe: '5m' });

    const second = await store.beginBarImport({ instrument: CSV, timeframe: '1m', derive: ['5m'] });
    // A trade count no BIGINT holds fails the move into bars, after the transaction has begun.
    await store.stageImportBars(second, pack([row(2, 500), row(3, 600, { trades: Number.NaN })]));
    await expect(store.commitBarImport(second)).rejects.toThrow();
    expect(await store.readBars({ instrument: CSV, timeframe: '1m' })).toHaveLength(2);
    expect(await store.readBars({ instrument: CSV, timeframe: '5m' })).toEqual(before);
  });

  it('rebuilds a coarser bar from the stored bars beside the imported range', async () => {
    const store = await open();
    const first = await store.beginBarImport({ instrument: CSV, timeframe: '1m', derive: ['5m'] });
    await store.stageImportBars(first, pack(minutes.slice(0, 2)));
    await store.commitBarImport(first);
    const second = await store.beginBarImport({ instrument: CSV, timeframe: '1m', derive: ['5m'] });
    await store.stageImportBars(second, pack(minutes.slice(2, 5)));
    await store.commitBarImport(second);
    const [bucket] = await store.readBars({ instrument: CSV, timeframe: '5m' });
    expect([bucket.open, bucket.close, bucket.volume]).toEqual([99, 104, 10]);
  });

  it('refuses batches that are not strictly ascending across the import', async () => {
    const store = await open();
    const handle = await store.beginBarImport({ instrument: CSV, timeframe: '1m', derive: [] });
    await store.stageImportBars(handle, pack(minutes.slice(3, 5)));
    await expect(store.stageImportBars(handle, pack(minutes.slice(4, 6)))).rejects.toThrow(/strictly ascending/);
    await expect(store.beginBarImport({ instrument: CSV, timeframe: '1h', derive: ['1m'] })).rejects.toThrow(
      /cannot derive 1m bars from 1h/,
    );
  });

  it('works the same through the store worker', async () => {
    const store = await open('worker');
    const handle = await store.beginBarImport({ instrument: CSV, timeframe: '1m', derive: ['15m'] });
    await store.stageImportBars(handle, pack(minutes));
    expect(await store.readBars({ instrument: CSV, timeframe: '15m' })).toEqual([]);
    await store.commitBarImport(handle);
    expect(await store.readBars({ instrument: CSV, timeframe: '1m' })).toHaveLength(12);
    expect(await store.readBars({ instrument: CSV, timeframe: '15m' })).toHaveLength(1);
  });
});
