import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar, Tick } from '../../domain/index.js';
import type { DuckDbStore } from './duckdb-store.js';
import { openStore } from './open-store.js';
import { copyToFileSql, exportSelectSql, localIsoSql } from './table-copy.js';

const BTC = 'binance:BTCUSDT';
const T0 = Date.UTC(2024, 2, 31, 0, 59, 0); // an hour before Berlin moves to summer time

// Values whose shortest decimal form is long, µs trade times, a missing receive time.
const TICKS: Tick[] = Array.from({ length: 500 }, (_, i) => ({
  instrument: BTC,
  id: 9_000_000_000 + i,
  ts: T0 + i * 15_000 + 0.123,
  price: 70_000 + i * 0.1 + 0.2,
  qty: (i + 1) * 1e-8 + 0.1,
  buyerMaker: i % 3 === 0,
  ...(i % 2 === 0 ? { receivedAt: T0 + i * 15_000 + 7.5 } : {}),
}));

const BARS: Bar[] = Array.from({ length: 120 }, (_, i) => ({
  instrument: BTC,
  timeframe: '1m',
  start: T0 + i * 60_000,
  open: 70_000.1 + i,
  high: 70_010.30000000001 + i,
  low: 69_990.7 + i,
  close: 70_001 + i / 3,
  volume: 12.345678901 + i,
  quoteVolume: (12.345678901 + i) * 70_000.3,
  trades: 1000 + i,
  buyVolume: 6.1 + i / 7,
  vwap: 70_000.3 + i / 11,
}));

let dir: string;
let store: DuckDbStore;
let reader: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-copy-'));
  store = await openStore({ path: join(dir, 'store.duckdb') });
  store.appendTicks(TICKS);
  store.upsertBars(BARS);
  await store.flush();
  reader = await DuckDBInstance.create(':memory:');
  connection = await reader.connect();
});

afterAll(async () => {
  await store.close();
  connection.closeSync();
  reader.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

const readBack = (format: 'csv' | 'parquet', path: string) =>
  rows(format === 'csv' ? `SELECT * FROM read_csv('${path}', header = true)` : `SELECT * FROM read_parquet('${path}')`);

describe.each(['csv', 'parquet'] as const)('a %s export read back by DuckDB', (format) => {
  it('equals the stored ticks in every column, exactly', async () => {
    const path = join(dir, `ticks.${format}`);
    const summary = await store.copyToFile({ table: 'ticks', instrument: BTC }, { format, path });
    expect(summary.rows).toBe(TICKS.length);
    const back = await readBack(format, path);
    const stored = await store.readTicks({ instrument: BTC });
    expect(back).toEqual(
      stored.map((t) => ({
        id: BigInt(t.id),
        ts: t.ts,
        price: t.price,
        qty: t.qty,
        buyerMaker: t.buyerMaker,
        receivedAt: t.receivedAt ?? null,
      })),
    );
    expect(stored.map((t) => t.price)).toEqual(TICKS.map((t) => t.price));
  });

  it('equals the stored bars in every column, exactly, within from/to', async () => {
    const path = join(dir, `bars.${format}`);
    const from = BARS[10].start;
    const to = BARS[100].start;
    await store.copyToFile({ table: 'bars', instrument: BTC, timeframe: '1m', from, to }, { format, path });
    const back = await readBack(format, path);
    expect(back).toEqual(
      BARS.slice(10, 100).map(({ instrument: _i, timeframe: _t, start, trades, ...values }) => ({
        start: BigInt(start),
        ...values,
        trades: BigInt(trades),
      })),
    );
  });
});

describe('a JSON export', () => {
  it('is one array of row objects equal to the stored bars', async () => {
    const path = join(dir, 'bars.json');
    await store.copyToFile({ table: 'bars', instrument: BTC, timeframe: '1m' }, { format: 'json', path });
    const back = JSON.parse(readFileSync(path, 'utf8'));
    expect(back).toEqual(BARS.map(({ instrument: _i, timeframe: _t, ...values }) => values));
  });
});

describe('the local time column', () => {
  it('gives ISO 8601 with the offset of the zone on each side of a clock change', async () => {
    const path = join(dir, 'bars-berlin.csv');
    const query = { table: 'bars', instrument: BTC, timeframe: '1m', from: T0, to: T0 + 3 * 60_000 } as const;
    await store.copyToFile(query, { format: 'csv', path, tz: 'Europe/Berlin' });
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('start,time,open,high,low,close,volume,quoteVolume,trades,buyVolume,vwap');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2))).toEqual([
      [String(T0), '2024-03-31T01:59:00.000+01:00'],
      [String(T0 + 60_000), '2024-03-31T03:00:00.000+02:00'],
      [String(T0 + 120_000), '2024-03-31T03:01:00.000+02:00'],
    ]);
  });

  it('writes negative offsets with a minus sign and keeps milliseconds', async () => {
    const [row] = await rows(
      `SELECT ${localIsoSql("TIMESTAMP '2024-01-02 03:04:05.678'", 'America/St_Johns')} AS time`,
    );
    expect(row.time).toBe('2024-01-01T23:34:05.678-03:30');
  });
});

describe('bad export requests', () => {
  it('names an unknown zone, timeframe or format and writes no file', async () => {
    const path = join(dir, 'never.csv');
    await expect(
      store.copyToFile({ table: 'ticks', instrument: BTC }, { format: 'csv', path, tz: 'Mars/Olympus' }),
    ).rejects.toThrow('tz "Mars/Olympus" is not an IANA time zone');
    expect(() => exportSelectSql({ table: 'bars', instrument: BTC, timeframe: '2m' as '1m' })).toThrow(
      'timeframe "2m" is not one of 1s, 1m, 5m, 15m, 1h, 4h, 1d',
    );
    expect(() => copyToFileSql({ table: 'ticks', instrument: BTC }, { format: 'xlsx' as 'csv', path: 'x' })).toThrow(
      'format "xlsx" is not one of csv, parquet, json',
    );
    expect(existsSync(path)).toBe(false);
  });

  it('keeps quotes in an instrument id inside the SQL string', async () => {
    const path = join(dir, 'quoted.csv');
    const summary = await store.copyToFile({ table: 'ticks', instrument: "x:A'B" }, { format: 'csv', path });
    expect(summary.rows).toBe(0);
  });

  it('leaves no partial file when the copy fails', async () => {
    const path = join(dir, 'missing-dir', 'ticks.csv');
    await expect(store.copyToFile({ table: 'ticks', instrument: BTC }, { format: 'csv', path })).rejects.toThrow();
    expect(existsSync(`${path}.partial`)).toBe(false);
  });
});
