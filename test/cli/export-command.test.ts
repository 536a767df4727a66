// `tickscope export` against a database file and against a running server: files equal to the
// stored rows, the gaps and alert tables, and the message a person gets when `start` holds the file.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportData } from '../../src/cli/commands/export.js';
import { parseExportFlags, type ExportFlags } from '../../src/cli/commands/export-flags.js';
import type { Bar, Tick } from '../../src/domain/index.js';
import type { GapRecord } from '../../src/sources/binance/gap-log.js';
import { openStore } from '../../src/store/index.js';
import { createTestApp } from '../support/test-app.js';

const root = resolve(import.meta.dirname, '../..');
const BTC = 'binance:BTCUSDT';
const T0 = Date.UTC(2024, 5, 1);
const TICKS: Tick[] = Array.from({ length: 3000 }, (_, i) => ({
  instrument: BTC,
  id: 100 + i,
  ts: T0 + i * 100 + 0.5,
  price: 67_000 + ((i * 7919) % 1000) / 100,
  qty: 0.00001 * (1 + (i % 13)),
  buyerMaker: i % 5 === 0,
}));
const BARS: Bar[] = Array.from({ length: 5 }, (_, i) => ({
  instrument: BTC,
  timeframe: '1m',
  start: T0 + i * 60_000,
  open: 67_000.5,
  high: 67_009.99,
  low: 67_000.01,
  close: 67_004.2 + i,
  volume: 0.123 + i,
  quoteVolume: (0.123 + i) * 67_004.1,
  trades: 600,
  buyVolume: 0.05,
  vwap: 67_004.1,
}));
const GAP: GapRecord = {
  instrument: BTC,
  fromId: 5000,
  toId: 5009,
  fromTs: T0 + 1000,
  toTs: T0 + 2000,
  filled: true,
  filledCount: 10,
  skippedCount: 0,
  method: 'historicalTrades',
  detectedAt: T0 + 3000,
  filledAt: T0 + 4000,
  error: null,
};

let dir: string;
let db: string;
let reader: DuckDBInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-export-cli-'));
  db = join(dir, 'store.duckdb');
  const store = await openStore({ path: db });
  store.appendTicks(TICKS);
  store.upsertBars(BARS);
  await store.setSetting('gaps', [GAP]);
  await store.close();
  reader = await DuckDBInstance.create(':memory:');
});

afterAll(() => {
  reader.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

async function readBack(path: string): Promise<Record<string, unknown>[]> {
  const connection = await reader.connect();
  try {
    const from = path.endsWith('.parquet') ? `read_parquet('${path}')` : `read_csv('${path}', header = true)`;
    return (await connection.runAndReadAll(`SELECT * FROM ${from}`)).getRowObjectsJS();
  } finally {
    connection.closeSync();
  }
}

const run = (flags: ExportFlags) => exportData(parseExportFlags({ db, ...flags }));

const storedTicks = (from = -Infinity, to = Infinity) =>
  TICKS.filter((t) => t.ts >= from && t.ts < to).map(({ instrument: _i, id, ...rest }) => ({
    id: BigInt(id),
    ...rest,
    receivedAt: null,
  }));

describe('tickscope export from the database file', () => {
  it('writes the ticks of a range to Parquet equal to the stored rows', async () => {
    const out = join(dir, 'ticks.parquet');
    const from = T0 + 10_000;
    const to = T0 + 200_000;
    const summary = await run({ instrument: 'BTCUSDT', ticks: true, from: String(from), to: String(to), out });
    expect(summary).toMatchObject({ rows: storedTicks(from, to).length, via: 'database', out });
    expect(await readBack(out)).toEqual(storedTicks(from, to));
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('writes bars to CSV with a local time column', async () => {
    const out = join(dir, 'bars.csv');
    await run({ instrument: BTC, timeframe: '1m', out, tz: 'Asia/Kolkata' });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.map((line) => line.split(',').slice(0, 2))).toEqual([
      ['start', 'time'],
      ...BARS.map((b, i) => [String(b.start), `2024-06-01T05:3${i}:00.000+05:30`]),
    ]);
    // A reader that knows ISO 8601 takes the local time back to the same instant.
    const back = await readBack(out);
    expect(back.map((row) => (row.time as Date).getTime())).toEqual(BARS.map((b) => b.start));
  });

  it('writes the gap records, and JSON when the file name says so', async () => {
    const out = join(dir, 'gaps.json');
    const summary = await run({ table: 'gaps', out });
    expect(summary.rows).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([GAP]);
  });

  it('says so when there is no database file instead of creating one', async () => {
    const missing = join(dir, 'nothing-here.duckdb');
    await expect(run({ db: missing, table: 'gaps', out: join(dir, 'x.csv') })).rejects.toThrow(
      `no database at ${missing}; name it with --db or TICKSCOPE_DB`,
    );
    expect(existsSync(missing)).toBe(false);
  });
});

describe('tickscope export while another process holds the database', () => {
  it('reads through the running server with --server', async () => {
    const serverDb = join(dir, 'server.duckdb');
    const app = await createTestApp({ path: serverDb, venue: 'binance', listen: true });
    try {
      app.store.appendTicks(TICKS);
      await app.store.flush();
      const out = join(dir, 'via-server.parquet');
      const summary = await exportData(
        parseExportFlags({ db: serverDb, server: `${app.url}/`, instrument: BTC, ticks: true, out }),
      );
      expect(summary).toMatchObject({ rows: TICKS.length, via: 'server' });
      expect(await readBack(out)).toEqual(storedTicks());
    } finally {
      await app.close();
    }
  });

  it('names the lock and the REST route to use instead', async () => {
    const lockedDb = join(dir, 'locked.duckdb');
    const holder = await openStore({ path: lockedDb });
    try {
      const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(
          process.execPath,
          [
            join(root, 'node_modules/tsx/dist/cli.mjs'),
            'src/cli/main.ts',
            'export',
            '--db',
            lockedDb,
            '--instrument',
            BTC,
            '--timeframe',
            '1m',
            '--out',
            join(dir, 'never.parquet'),
          ],
          { cwd: root, env: { ...process.env, TICKSCOPE_LOG_LEVEL: '' }, stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('exit', (code) => done({ code, stderr }));
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `tickscope: ${lockedDb} is in use by another process (a running tickscope start?)`,
      );
      expect(result.stderr).toContain(
        `curl -o ${join(dir, 'never.parquet')} "http://127.0.0.1:8000/api/v1/bars?instrument=binance%3ABTCUSDT&` +
          'timeframe=1m&format=parquet"',
      );
      expect(existsSync(join(dir, 'never.parquet'))).toBe(false);
    } finally {
      await holder.close();
    }
  });
});
