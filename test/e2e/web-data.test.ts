// The Data view as a trader uses it, on a real server and a real Chromium: upload a CSV, read the
// preview, map the column the server cannot guess, see a bad row refused by its line with nothing
// stored, import the fixed file and see it among the recent imports, then open the new instrument on
// the Live view and download its bars. Needs the server's coverage, imports and bar-export routes.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser } from './helpers/browser.js';
import { barsLoaded, pathname, searchParams } from './helpers/dashboard.js';
import { ensureFreshBuild } from './helpers/repo.js';
import { type RunningServer, startServer } from './helpers/tickscope-server.js';

const INSTRUMENT = 'csv:E2EBARS';
const FIRST_BAR = Date.UTC(2024, 2, 4, 10, 0);
/** 30 minutes of 1m bars with two missing in the middle: one gap of two bars. */
const MINUTES = Array.from({ length: 30 }, (_, i) => i).filter((i) => i !== 14 && i !== 15);
const BAD_ROW = 10;

interface CsvBar {
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
  qty: number;
}

const bars: CsvBar[] = MINUTES.map((minute) => {
  const close = 100 + minute * 0.25;
  return {
    time: new Date(FIRST_BAR + minute * 60_000).toISOString(),
    open: close - 0.1,
    high: close + 0.5,
    low: close - 0.5,
    close,
    qty: 10 + minute,
  };
});

/** A CSV whose volume column has a name the server does not know, as other tools export them. */
function csv(badLine: boolean): Buffer {
  const rows = bars.map((bar, index) =>
    [bar.time, bar.open, badLine && index === BAD_ROW ? 'x12' : bar.high, bar.low, bar.close, bar.qty].join(','),
  );
  return Buffer.from(`Date,Open,High,Low,Close,Qty\n${rows.join('\n')}\n`);
}

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ensureFreshBuild();
  server = await startServer();
  browser = await launchBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function storedRows(instrument: string): Promise<unknown[]> {
  const response = await fetch(`${server.baseUrl}/api/v1/coverage`);
  expect(response.status).toBe(200);
  return ((await response.json()) as Array<{ instrument: string }>).filter((row) => row.instrument === instrument);
}

function recentImports() {
  return page.getByRole('table', { name: 'Recent imports' }).locator('tbody tr[data-import]');
}

function chooseFile(content: Buffer) {
  return page.getByLabel('CSV file').setInputFiles({ name: 'e2e-bars.csv', mimeType: 'text/csv', buffer: content });
}

describe('data view', () => {
  it('is in the navigation and reachable from the keyboard', async () => {
    await page.goto(`${server.baseUrl}/live`);
    const nav = page.getByRole('navigation', { name: 'Views' });
    await nav.getByRole('link', { name: 'Data' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => pathname(page)).toBe('/data');
    await expect.poll(() => page.getByRole('heading', { name: 'Stored history' }).count()).toBe(1);
    // The daily sync keeps Binance history: on the simulator the view says so instead of failing.
    const sync = page.getByRole('region', { name: 'Daily sync' });
    await expect
      .poll(() => sync.getByRole('status').textContent(), { timeout: 15_000 })
      .toContain('needs a Binance source');
  });

  it('previews the file, asks for the column it cannot guess, and validates only then', async () => {
    await chooseFile(csv(true));
    const preview = page.getByRole('table', { name: 'File preview' });
    await expect.poll(() => preview.locator('tbody tr').count()).toBe(8);
    expect(await preview.locator('thead').textContent()).toContain('Qty');
    expect(await preview.locator('tbody tr').first().textContent()).toContain(bars[0].time);
    expect(await page.getByLabel('Column for close').inputValue()).toBe('Close');
    expect(await page.getByLabel('Column for volume').inputValue()).toBe('');
    const validate = page.getByRole('button', { name: 'Validate', exact: true });
    expect(await validate.isDisabled()).toBe(true);
    expect(await page.getByRole('list', { name: 'Before validating' }).textContent()).toContain('volume');

    await page.getByLabel('Column for volume').selectOption('Qty');
    await expect.poll(() => preview.locator('thead').textContent()).toContain('→ volume');
    await page.getByLabel('Instrument', { exact: true }).fill(INSTRUMENT);
    expect(await validate.isEnabled()).toBe(true);
  });

  it('names the bad row by its line and stores nothing', async () => {
    await page.getByRole('button', { name: 'Validate', exact: true }).click();
    const problems = page.getByRole('table', { name: 'Problems in the file' });
    await expect.poll(() => problems.count(), { timeout: 30_000 }).toBe(1);
    // Line 1 is the header: row BAD_ROW (from 0) is on line BAD_ROW + 2.
    const row = problems.locator('tbody tr').first();
    expect((await row.locator('td').allTextContents()).slice(0, 3)).toEqual([String(BAD_ROW + 2), 'High', '"x12"']);
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    expect(await storedRows(INSTRUMENT)).toEqual([]);
    // The refused check is listed with the server's reason (GET /api/v1/imports).
    const refused = recentImports().filter({ hasText: 'refused' });
    await expect.poll(() => refused.count(), { timeout: 15_000 }).toBe(1);
    expect(await refused.textContent()).toMatch(new RegExp(`Check.*line ${BAD_ROW + 2}.*x12`));
  });

  it('imports the fixed file after it validates, keeping the mapping', async () => {
    await chooseFile(csv(false));
    expect(await page.getByLabel('Column for volume').inputValue()).toBe('Qty');
    await page.getByRole('button', { name: 'Validate', exact: true }).click();
    const valid = page.getByRole('status').filter({ hasText: 'Valid:' });
    await expect.poll(() => valid.count(), { timeout: 30_000 }).toBe(1);
    expect(await valid.textContent()).toContain(`${bars.length} rows of 1m bars`);
    expect(await storedRows(INSTRUMENT)).toEqual([]);

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const imported = page.getByRole('status').filter({ hasText: 'Imported' });
    await expect.poll(() => imported.count(), { timeout: 30_000 }).toBe(1);
    expect(await imported.textContent()).toContain(`Imported ${bars.length} 1m bars into ${INSTRUMENT}`);
    // By its state alone: a refused file's message says "nothing was stored".
    const stored = recentImports().filter({ has: page.getByText('stored', { exact: true }) });
    await expect.poll(() => stored.count(), { timeout: 15_000 }).toBe(1);
    const cells = await stored.first().locator('td').allTextContents();
    expect(cells.slice(1)).toEqual([
      'e2e-bars.csv',
      INSTRUMENT,
      'Import',
      String(bars.length),
      'stored',
      // The 1m file also fills every coarser timeframe.
      expect.stringMatching(new RegExp(`^${bars.length} 1m bars \\(\\+ \\d+ coarser timeframes\\)$`)),
    ]);
    // Newest first: the import above the check that validated it, above the refused check.
    expect(await recentImports().count()).toBe(3);
  });

  it('shows the new series in the stored coverage with its gap on the strip', async () => {
    const row = page.locator(`tr[data-coverage="${INSTRUMENT} 1m"]`);
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.locator('td').allTextContents()).toEqual(
      // Stored, expected, and the two bars missing in the middle.
      expect.arrayContaining(['1m', '2024-03-04 10:00:00', '2024-03-04 10:29:00', String(bars.length), '30', '2']),
    );
    expect(searchParams(page).get('instrument')).toBe(INSTRUMENT);
    const strip = page.getByTestId('gap-strip');
    await expect.poll(() => strip.getAttribute('data-gaps'), { timeout: 15_000 }).toBe('1');
    expect(await strip.locator('rect.strip-gap').count()).toBe(1);
  });

  it('opens the instrument on the Live view and exports its bars as CSV and Parquet', async () => {
    await page.getByRole('link', { name: `Open ${INSTRUMENT} in the Live view` }).click();
    await expect.poll(() => pathname(page)).toBe('/live');
    expect(searchParams(page).get('instrument')).toBe(INSTRUMENT);
    const panel = page.getByRole('region', { name: `Candlestick chart ${INSTRUMENT} 1m` });
    await expect.poll(() => barsLoaded(panel), { timeout: 15_000 }).toBe(bars.length);

    const exports = panel.getByRole('group', { name: `Export the ${INSTRUMENT} 1m bars in view` });
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      exports.getByRole('button', { name: 'CSV' }).click(),
    ]);
    const text = await readFile((await csvDownload.path())!, 'utf8');
    const [header, ...lines] = text.trim().split(/\r?\n/);
    const columns = header.split(',').map((column) => column.replace(/"/g, ''));
    expect(lines).toHaveLength(bars.length);
    const closeAt = columns.indexOf('close');
    const volumeAt = columns.indexOf('volume');
    expect(closeAt).toBeGreaterThanOrEqual(0);
    expect(lines.map((line) => Number(line.split(',')[closeAt]))).toEqual(bars.map((bar) => bar.close));
    expect(lines.map((line) => Number(line.split(',')[volumeAt]))).toEqual(bars.map((bar) => bar.qty));

    const [parquetDownload] = await Promise.all([
      page.waitForEvent('download'),
      exports.getByRole('button', { name: 'Parquet' }).click(),
    ]);
    const parquet = await readFile((await parquetDownload.path())!);
    expect(parquet.subarray(0, 4).toString()).toBe('PAR1');
    expect(parquetDownload.suggestedFilename()).toMatch(/\.parquet$/);
  });
});
