import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/duckdb/open-store.js';
import type { Store } from '../store/store.js';
import { dryRunOhlcvCsv, importOhlcvCsv, type ImportProgress } from './ohlcv-csv-import.js';
import { CsvImportError } from './ohlcv-csv-problems.js';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;

/** The text in chunks of `size` bytes, cutting lines and characters anywhere. */
async function* chunks(text: string, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** `count` 1m rows `time;open;high;low;close;volume` (epoch ms), price walking up and down. */
function minuteCsv(count: number, edit: (line: number, fields: string[]) => void = () => {}): string {
  const lines = ['time;open;high;low;close;volume'];
  for (let i = 0; i < count; i++) {
    const close = 100 + ((i * 7) % 13) - 6;
    const fields = [
      String(T0 + i * MIN),
      String(close - 0.5),
      String(close + 1),
      String(close - 1),
      String(close),
      '2',
    ];
    edit(i + 2, fields);
    lines.push(fields.join(';'));
  }
  return `${lines.join('\n')}\n`;
}

async function problemsOf(run: Promise<unknown>): Promise<CsvImportError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CsvImportError);
  return error as CsvImportError;
}

let store: Store;
beforeEach(async () => {
  store = await openStore({ path: ':memory:' });
});
afterEach(async () => {
  await store.close();
});

describe('importOhlcvCsv', () => {
  it('imports a daily file with a mapped close and derives nothing coarser than 1d', async () => {
    const csv = [
      'Date,Open,High,Low,Close,Adj Close,Volume',
      '2024-01-02,10,12,9,11,10.5,1000',
      '2024-01-03,11,13,10,12,11.5,1500',
      '2024-01-05,12,12.5,11,11.25,11,900',
    ].join('\r\n');
    const report = await importOhlcvCsv(store, chunks(csv), { instrument: 'csv:MYDATA', map: 'close=Adj Close' });
    expect(report).toMatchObject({
      instrument: 'csv:MYDATA',
      timeframe: '1d',
      rows: 3,
      barsWritten: { '1d': 3 },
      first: Date.UTC(2024, 0, 2),
      last: Date.UTC(2024, 0, 5),
      delimiter: ',',
      dryRun: false,
    });
    expect(report.columns).toMatchObject({ time: 'Date', close: 'Adj Close', trades: null });
    const bars = await store.readBars({ instrument: 'csv:MYDATA', timeframe: '1d' });
    expect(bars.map((b) => [b.start, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2024, 0, 2), 10, 12, 9, 10.5, 1000],
      [Date.UTC(2024, 0, 3), 11, 13, 10, 11.5, 1500],
      [Date.UTC(2024, 0, 5), 12, 12.5, 11, 11, 900],
    ]);
    // Without a quote volume the vwap is the typical price.
    expect(bars[0].vwap).toBeCloseTo((12 + 9 + 10.5) / 3, 12);
    expect((await store.instruments()).map((i) => i.id)).toContain('csv:MYDATA');
  });

  it('stores nothing when one row in the middle is bad, after earlier rows were staged, and names it', async () => {
    const bad = minuteCsv(40_000, (line, fields) => {
      if (line === 30_001) fields[2] = '12,5';
    });
    // A comma inside a field of a ;-file: the value, not the delimiter, is wrong.
    const error = await problemsOf(importOhlcvCsv(store, chunks(bad), { instrument: 'csv:MYDATA' }));
    expect(error.problems).toEqual([{ line: 30_001, column: 'high', value: '12,5', message: 'is not a number' }]);
    expect(error.message).toBe('line 30001, column high: "12,5" is not a number; nothing was stored');
    expect(await store.readBars({ instrument: 'csv:MYDATA', timeframe: '1m', limit: 10 })).toEqual([]);
    expect((await store.instruments()).map((i) => i.id)).not.toContain('csv:MYDATA');

    const report = await importOhlcvCsv(store, chunks(minuteCsv(40_000)), { instrument: 'csv:MYDATA' });
    expect(report.barsWritten).toEqual({ '1m': 40_000, '5m': 8_000, '15m': 2_667, '1h': 667, '4h': 167, '1d': 28 });
    expect(await store.readBars({ instrument: 'csv:MYDATA', timeframe: '1m', limit: 100_000 })).toHaveLength(40_000);
  });

  it('derives coarser bars as a resample: first open, max high, min low, last close, summed volume', async () => {
    const csv = minuteCsv(17);
    const report = await importOhlcvCsv(store, chunks(csv, 7), { instrument: 'MYDATA' });
    expect(report).toMatchObject({ instrument: 'csv:MYDATA', timeframe: '1m', delimiter: ';' });
    const minutes = await store.readBars({ instrument: 'csv:MYDATA', timeframe: '1m' });
    const fives = await store.readBars({ instrument: 'csv:MYDATA', timeframe: '5m' });
    expect(fives).toHaveLength(4);
    fives.forEach((five, k) => {
      const part = minutes.slice(k * 5, k * 5 + 5);
      expect(five).toMatchObject({
        start: T0 + k * 5 * MIN,
        open: part[0].open,
        high: Math.max(...part.map((b) => b.high)),
        low: Math.min(...part.map((b) => b.low)),
        close: part[part.length - 1].close,
        volume: part.length * 2,
      });
    });
  });

  it('refuses repeated and descending times naming both lines, unless duplicates are allowed', async () => {
    const repeated = minuteCsv(4, (line, fields) => {
      if (line === 4) fields[0] = String(T0 + MIN);
    });
    const error = await problemsOf(importOhlcvCsv(store, chunks(repeated), { instrument: 'csv:A1' }));
    expect(error.problems[0]).toMatchObject({ line: 4, column: 'time', message: expect.stringMatching(/line 3/) });

    const last = await importOhlcvCsv(store, chunks(repeated), { instrument: 'csv:A1', onDuplicate: 'last' });
    expect(last).toMatchObject({ rows: 4, duplicates: 1, barsWritten: { '1m': 3 } });
    const kept = await store.readBars({ instrument: 'csv:A1', timeframe: '1m' });
    expect(kept[1].close).toBe(100 + ((2 * 7) % 13) - 6);

    const descending = minuteCsv(5, (line, fields) => {
      if (line === 5) fields[0] = String(T0);
    });
    const error2 = await problemsOf(importOhlcvCsv(store, chunks(descending), { instrument: 'csv:A2' }));
    expect(error2.problems[0]).toMatchObject({ line: 5, message: expect.stringMatching(/before the time of line 4/) });
  });

  it('lists the first 20 problems by line and counts all of them', async () => {
    const csv = minuteCsv(100, (line, fields) => {
      if (line % 2 === 0) fields[3] = String(Number(fields[2]) + 1);
    });
    const error = await problemsOf(importOhlcvCsv(store, chunks(csv), { instrument: 'csv:A1' }));
    expect(error.problemCount).toBe(50);
    expect(error.problems).toHaveLength(20);
    expect(error.problems.map((p) => p.line)).toEqual(Array.from({ length: 20 }, (_, i) => 2 + 2 * i));
    expect(error.problems[0]).toMatchObject({ column: 'high', message: expect.stringMatching(/is below low/) });
  });

  it('names a missing column on line 1 with what the header has, and stores nothing', async () => {
    const error = await problemsOf(
      importOhlcvCsv(store, chunks('Date,Open,High,Low,Price,Volume\n2024-01-02,1,2,1,2,3\n'), {
        instrument: 'csv:A1',
      }),
    );
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ line: 1, column: 'close' });
    expect(error.problems[0].message).toContain('"Price"');
  });

  it('refuses a spacing that is no timeframe, and rows off the bar starts of a given one', async () => {
    const half = minuteCsv(6).replace(/\n(\d+)/g, (_, ts: string) => `\n${T0 + (Number(ts) - T0) * 30}`);
    const error = await problemsOf(importOhlcvCsv(store, chunks(half), { instrument: 'csv:A1' }));
    expect(error.problems[0].message).toMatch(/most common spacing between rows is 30m .* not a supported timeframe/);
    const offGrid = await problemsOf(
      importOhlcvCsv(store, chunks(minuteCsv(6)), { instrument: 'csv:A1', timeframe: '5m' }),
    );
    expect(offGrid.problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
  });

  it('reports progress through validating and writing to done, and failed on a bad file', async () => {
    const states: ImportProgress[] = [];
    await importOhlcvCsv(store, chunks(minuteCsv(10)), { instrument: 'csv:A1' }, (p) => states.push(p));
    expect(states[0].state).toBe('validating');
    expect(states.slice(-2).map((s) => s.state)).toEqual(['writing', 'done']);
    expect(states.at(-1)).toMatchObject({ rows: 10, bytes: minuteCsv(10).length });
    const failed: string[] = [];
    await problemsOf(
      importOhlcvCsv(store, chunks('a,b\n1,2\n'), { instrument: 'csv:A2' }, (p) => failed.push(p.state)),
    );
    expect(failed.at(-1)).toBe('failed');
  });

  it('validates in a dry run and stores nothing', async () => {
    const report = await dryRunOhlcvCsv(chunks(minuteCsv(30)), { instrument: 'csv:A1' });
    expect(report).toMatchObject({ dryRun: true, barsWritten: { '1m': 30, '5m': 6, '15m': 2, '1h': 1 } });
    expect(await store.readBars({ instrument: 'csv:A1', timeframe: '1m' })).toEqual([]);
  });

  it('reports broken quoting as a problem of its line', async () => {
    const error = await problemsOf(
      importOhlcvCsv(store, chunks('time,open,high,low,close,volume\n2024-01-02,"1,2,1,2,3\n'), {
        instrument: 'csv:A1',
      }),
    );
    expect(error.problems[0].message).toMatch(/not valid CSV/);
  });
});
