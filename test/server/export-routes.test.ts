// Downloads of stored ticks and bars, alert events and gaps over the REST API: `format=csv|parquet`,
// `from`/`to`, `tz`, filenames in content-disposition, and 400s that name the field and what is allowed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/alert-event.js';
import type { Bar, Tick } from '../../src/domain/index.js';
import type { DuckDbStore } from '../../src/store/index.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const BTC = 'binance:BTCUSDT';
const T0 = Date.UTC(2024, 0, 1);

const TICKS: Tick[] = Array.from({ length: 240 }, (_, i) => ({
  instrument: BTC,
  id: 1 + i,
  ts: T0 + i * 1000 + 0.25,
  price: 42_000.1 + i * 0.01,
  qty: 0.001 * (i + 1),
  buyerMaker: i % 2 === 0,
}));

const BARS: Bar[] = Array.from({ length: 4 }, (_, i) => ({
  instrument: BTC,
  timeframe: '1m',
  start: T0 + i * 60_000,
  open: 42_000.1 + i,
  high: 42_001.7 + i,
  low: 41_999.3 + i,
  close: 42_000.9 + i,
  volume: 1.23 + i,
  quoteVolume: (1.23 + i) * 42_000.5,
  trades: 60,
  buyVolume: 0.61,
  vwap: 42_000.5 + i,
}));

const EVENT: AlertEvent = {
  id: 'ev-1',
  ruleId: 'rule-1',
  ruleName: 'BTC, above "42k"',
  severity: 'high',
  target: { instrument: BTC },
  timeframe: '1m',
  metric: 'price',
  operator: '>',
  threshold: 42_000,
  band: 4.2,
  value: 42_000.9,
  previousValue: null,
  barStart: T0,
  firedAt: T0 + 60_000.5,
  delivery: { ws: { subscribers: 2, pushedAt: T0 + 60_001 }, webhook: null },
};

let t: TestApp<'alerts'>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-export-routes-'));
  t = await createTestApp({ engines: 'alerts', venue: 'binance' });
  t.store.appendTicks(TICKS);
  t.store.upsertBars(BARS);
  await (t.store as DuckDbStore).insertAlertEvents([
    {
      id: EVENT.id,
      ruleId: EVENT.ruleId,
      severity: EVENT.severity,
      firedAt: EVENT.firedAt,
      webhookStatus: null,
      event: EVENT,
    },
  ]);
  await t.store.flush();
});

afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** How DuckDB writes a DOUBLE in CSV: shortest round-trip digits, whole numbers with `.0`. */
const double = (value: number) => (Number.isInteger(value) ? `${value}.0` : String(value));

async function readParquet(body: Buffer): Promise<Record<string, unknown>[]> {
  const path = join(dir, `read-${Math.random().toString(36).slice(2)}.parquet`);
  writeFileSync(path, body);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(`SELECT * FROM read_parquet('${path}')`)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('GET /api/v1/ticks and /bars as files', () => {
  it('downloads every tick of a range as CSV, with a local time column and a filename', async () => {
    const from = T0 + 10_000;
    const to = T0 + 200_000;
    const res = await t.get(`/api/v1/ticks?instrument=BTCUSDT&from=${from}&to=${to}&format=csv&tz=Europe/Berlin`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="ticks_binance_BTCUSDT_20240101T000010Z_20240101T000320Z.csv"',
    );
    const lines = (res.body as string).trim().split('\n');
    expect(lines[0]).toBe('id,ts,time,price,qty,buyerMaker,receivedAt');
    const expected = TICKS.filter((tick) => tick.ts >= from && tick.ts < to);
    expect(lines.slice(1)).toEqual(
      expected.map((tick) => {
        const second = String(((tick.ts - T0 - 0.25) / 1000) % 60).padStart(2, '0');
        const minute = String(Math.floor((tick.ts - T0) / 60_000)).padStart(2, '0');
        const time = `2024-01-01T01:${minute}:${second}.000+01:00`;
        return `${tick.id},${tick.ts},${time},${double(tick.price)},${double(tick.qty)},${tick.buyerMaker},`;
      }),
    );
  });

  it('downloads bars as Parquet that reads back equal to the stored rows', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/bars?instrument=BTCUSDT&timeframe=1m&format=parquet',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bars_binance_BTCUSDT_1m.parquet"');
    expect(await readParquet(res.rawPayload)).toEqual(
      BARS.map(({ instrument: _i, timeframe: _t, start, trades, ...values }) => ({
        start: BigInt(start),
        ...values,
        trades: BigInt(trades),
      })),
    );
  });

  it('still answers JSON by default', async () => {
    const res = await t.get('/api/v1/ticks?instrument=BTCUSDT&limit=2');
    expect(res.body).toEqual(TICKS.slice(0, 2).map(({ instrument: _i, ...rest }) => rest));
  });

  it('refuses an unknown format, naming the allowed ones, and an unknown zone', async () => {
    const format = await t.get('/api/v1/bars?instrument=BTCUSDT&timeframe=1m&format=xlsx');
    expect(format.status).toBe(400);
    expect(JSON.stringify(format.body)).toMatch(/json.*csv.*parquet/);
    const tz = await t.get('/api/v1/ticks?instrument=BTCUSDT&format=csv&tz=Mars/Olympus');
    expect(tz.status).toBe(400);
    expect(tz.body.error.message).toBe(
      'tz "Mars/Olympus" is not an IANA time zone; use a name like Europe/Berlin, America/New_York or UTC',
    );
    expect(tz.body.error.details).toEqual({ field: 'tz', value: 'Mars/Olympus' });
  });
});

describe('GET /api/v1/alerts/events and /gaps as files', () => {
  it('flattens alert events into a CSV table with the local time of firing', async () => {
    const res = await t.get('/api/v1/alerts/events?format=csv&tz=UTC');
    expect(res.headers['content-disposition']).toBe('attachment; filename="alert_events.csv"');
    const [header, row] = (res.body as string).trim().split('\n');
    expect(header).toBe(
      'firedAt,time,id,ruleId,ruleName,severity,instrument,pairX,pairY,timeframe,metric,operator,threshold,band,' +
        'value,previousValue,barStart,wsSubscribers,webhookStatus,webhookAttempts,webhookLastError',
    );
    expect(row).toBe(
      `${T0 + 60_000.5},2024-01-01T00:01:00.000+00:00,ev-1,rule-1,"BTC, above ""42k""",high,${BTC},,,1m,price,>,` +
        `42000,4.2,42000.9,,${T0},2,,,`,
    );
  });

  it('serves alert events as Parquet', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/alerts/events?format=parquet' });
    const [row] = await readParquet(res.rawPayload);
    expect(row).toMatchObject({ id: 'ev-1', ruleName: 'BTC, above "42k"', value: 42_000.9, wsSubscribers: 2n });
  });

  it('serves gaps as CSV (a header only when there are none)', async () => {
    const res = await t.get('/api/v1/gaps?format=csv');
    expect(res.status).toBe(200);
    expect(res.body).toBe(
      'detectedAt,instrument,fromId,toId,fromTs,toTs,filled,filledCount,skippedCount,method,filledAt,error\n',
    );
  });
});
