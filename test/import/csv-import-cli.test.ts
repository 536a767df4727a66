// `tickscope import FILE --instrument …` runs the OHLCV CSV upload: a file with one bad row in the
// middle stores nothing and the error names that row; the same file fixed imports fully; CSV-only
// flags without --instrument are refused rather than ignored.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error.js';
import { runImportCommand } from '../../src/cli/commands/import-csv.js';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-csv-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Daily bars in a spreadsheet-style export: `;` delimited, `Date` and `Adj Close` columns. */
function dailyCsv(days: number, badLine?: number): string {
  const lines = ['Date;Open;High;Low;Close;Adj Close;Volume'];
  for (let i = 0; i < days; i++) {
    const date = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const close = 100 + i;
    const high = lines.length + 1 === badLine ? '12,5x' : String(close + 2);
    lines.push(`${date};${close - 1};${high};${close - 3};${close};${close - 0.5};${1000 + i}`);
  }
  return `${lines.join('\n')}\n`;
}

async function storedBars(db: string) {
  const store = await openStore({ path: db });
  try {
    return await store.readBars({ instrument: 'csv:DAILY', timeframe: '1d', from: 0, to: Date.now() });
  } finally {
    await store.close();
  }
}

describe('tickscope import --instrument (OHLCV CSV)', () => {
  const db = join(dir, 'cli.duckdb');
  const flags = { instrument: 'csv:DAILY', map: 'close=Adj Close', db };

  it('stores nothing from a file with one bad row and names the line, column and value', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, dailyCsv(200, 101));
    const failure = await runImportCommand([file], flags).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as CliError).message).toMatch(/line 101, column High: "12,5x" is not a number/);
    expect((failure as CliError).exitCode).not.toBe(0);
    expect(await storedBars(db)).toEqual([]);
  });

  it('imports the fixed file fully, the adjusted close as close', async () => {
    const file = join(dir, 'good.csv');
    writeFileSync(file, dailyCsv(200));
    const summary = await runImportCommand([file], flags);
    expect(summary).toMatch(/csv:DAILY 1d: 200 rows/);
    const bars = await storedBars(db);
    expect(bars).toHaveLength(200);
    expect(bars[100]).toMatchObject({ open: 199, high: 202, low: 197, close: 199.5, volume: 1100 });
  });

  it('refuses CSV-only flags without --instrument instead of ignoring them', async () => {
    await expect(runImportCommand([join(dir, 'good.csv')], { map: 'close=Adj Close', db })).rejects.toThrow(
      /--map belong to the OHLCV CSV upload: add --instrument/,
    );
  });
});
