// Each view of the dashboard compared with its committed baseline picture. To make the pictures
// repeatable the server runs with `--source none` on a store filled with a fixed simulated history,
// the browser's clock is fixed just after that history, and what still moves on its own (uptime,
// the store's file size, the per-second throughput chart) is masked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser } from './helpers/browser.js';
import { barsLoaded, lastPrice, numberIn, stat } from './helpers/dashboard.js';
import { ensureFreshBuild } from './helpers/repo.js';
import { expectScreenshotMatches } from './helpers/screenshot-baseline.js';
import { seedStore } from './helpers/seeded-store.js';
import { type RunningServer, startServer } from './helpers/tickscope-server.js';

const HISTORY = { start: Date.UTC(2024, 0, 2, 8, 0, 0), end: Date.UTC(2024, 0, 2, 10, 0, 0) };
const INSTRUMENTS = ['sim:AAA', 'sim:BBB', 'sim:CCC'];

let dataDir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ensureFreshBuild();
  dataDir = mkdtempSync(join(tmpdir(), 'tickscope-screenshots-'));
  const db = join(dataDir, 'history.duckdb');
  await seedStore(db, HISTORY);
  server = await startServer({ source: ['--source', 'none'], db, args: ['--instruments', INSTRUMENTS.join(',')] });
  browser = await launchBrowser();
  page = browser.page;
  await page.clock.setFixedTime(new Date(HISTORY.end + 5_000));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Everything shown in every view that depends on when the server started. */
function movingParts() {
  return [page.locator('footer .uptime')];
}

// The uptime's text grows with the run (9s, 1m 12s): a fixed box keeps its mask, and so the
// picture, the same size however long the run took to get here.
const FIXED_UPTIME_BOX = 'footer .uptime { display: inline-block; width: 9em; white-space: nowrap; overflow: hidden; }';

async function open(path: string): Promise<void> {
  await page.goto(`${server.baseUrl}${path}`);
  // Pictures taken before the web fonts load would differ in every glyph.
  await page.evaluate('document.fonts.ready.then(() => true)');
}

describe('dashboard views match their baselines', () => {
  it('live view: two instruments side by side on 1m candles', async () => {
    await open('/live?instrument=sim:AAA&compare=sim:BBB&timeframe=1m');
    const panels = page.getByRole('region', { name: /^Candlestick chart / });
    await expect.poll(() => panels.count(), { timeout: 15_000 }).toBe(2);
    for (const panel of [panels.first(), panels.last()]) {
      await expect.poll(() => barsLoaded(panel), { timeout: 15_000 }).toBe(120);
      await expect.poll(() => lastPrice(panel)).toMatch(/^[0-9,]+\.[0-9]+$/);
      await expect.poll(async () => numberIn(await stat(panel, 'Volatility').textContent())).not.toBeNaN();
      // The rate shows `—` until the first health poll, then 0: nothing streams.
      await expect.poll(async () => numberIn(await stat(panel, 'Trades per second').textContent())).toBe(0);
    }
    await expectScreenshotMatches(page, 'live', { mask: movingParts(), style: FIXED_UPTIME_BOX });
  });

  it('pairs view: spread, z-score, tests, hedge ratios, correlation matrix and scanner', async () => {
    await open('/pairs?x=sim:AAA&y=sim:BBB&timeframe=1m&lookback=60&window=20');
    await expect
      .poll(async () => numberIn(await stat(page, 'Z-score').textContent()), { timeout: 30_000 })
      .not.toBeNaN();
    const tests = page.getByRole('table', { name: 'Unit-root and cointegration tests' });
    await expect
      .poll(() => tests.locator('tr', { hasText: 'p-value' }).textContent(), { timeout: 20_000 })
      .toMatch(/[01]\.[0-9]{4}/);
    const rows = (name: string) => page.getByRole('table', { name }).locator('tbody tr').count();
    await expect.poll(() => rows('Hedge ratio by method'), { timeout: 20_000 }).toBe(4);
    await expect.poll(() => rows('Correlation matrix'), { timeout: 20_000 }).toBe(3);
    await expect.poll(() => rows('Pair scanner'), { timeout: 20_000 }).toBe(3);
    await expectScreenshotMatches(page, 'pairs', { mask: movingParts(), style: FIXED_UPTIME_BOX });
  });

  it('alerts view: the form and two rules', async () => {
    for (const [name, threshold, severity] of [
      ['AAA above 101', 101, 'high'],
      ['BBB below 49', 49, 'low'],
    ] as const) {
      const instrument = name.startsWith('AAA') ? 'sim:AAA' : 'sim:BBB';
      const operator = name.includes('above') ? '>' : '<';
      const response = await fetch(`${server.baseUrl}/api/v1/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name,
          target: { instrument },
          timeframe: '1m',
          metric: 'price',
          operator,
          threshold,
          severity,
        }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
    }
    await open('/alerts');
    await expect
      .poll(() => page.getByRole('table', { name: 'Alert rules' }).locator('tbody tr[data-rule]').count(), {
        timeout: 15_000,
      })
      .toBe(2);
    await expectScreenshotMatches(page, 'alerts', { mask: movingParts(), style: FIXED_UPTIME_BOX });
  });

  it('status view: no live source, the stored history, no gaps', async () => {
    await open('/status');
    await expect
      .poll(() => page.getByRole('region', { name: 'Source' }).textContent(), { timeout: 15_000 })
      .toContain('No source');
    await expect.poll(() => page.getByRole('table', { name: 'Trade-id gaps' }).textContent()).toContain('No gaps');
    const cardValue = (name: string) => page.getByRole('region', { name }).locator('.card-value').textContent();
    await expect.poll(() => cardValue('Ticks/s')).toBe('0');
    await expectScreenshotMatches(page, 'status', {
      style: FIXED_UPTIME_BOX,
      mask: [
        ...movingParts(),
        page.getByRole('region', { name: 'Uptime' }),
        page.getByRole('region', { name: 'Store' }),
        page.getByRole('region', { name: 'Throughput and feed lag' }).locator('canvas'),
      ],
    });
  });

  it('data view: the stored history of one series with its strip, the empty import form and no sync', async () => {
    await open('/data?instrument=sim:AAA&timeframe=1m');
    await expect.poll(() => page.locator('tr[data-coverage="sim:AAA 1m"]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('gap-strip').count(), { timeout: 15_000 }).toBe(1);
    await expect
      .poll(() => page.getByRole('table', { name: 'Recent imports' }).textContent(), { timeout: 15_000 })
      .toContain('No file imported');
    await expect
      .poll(() => page.getByRole('region', { name: 'Daily sync' }).textContent(), { timeout: 15_000 })
      .toContain('needs a Binance source');
    await expectScreenshotMatches(page, 'data', { mask: movingParts(), style: FIXED_UPTIME_BOX });
  });
});
