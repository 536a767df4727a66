// The Sessions view on real history: February 2023 USD-M 1m klines of LINKUSDT imported with
// `tickscope import --venue binance-futures` into a fresh store, served by `tickscope start
// --source none`. The view shows the report's heatmaps and the selected session's IB lines, a
// click on a session row moves the lines to that session, and its pictures in both themes match
// their baselines (test/e2e/baselines/sessions-dark.png, sessions-light.png).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser } from './helpers/browser.js';
import { ensureFreshBuild, repoPath, repoRoot } from './helpers/repo.js';
import { expectScreenshotMatches } from './helpers/screenshot-baseline.js';
import { type RunningServer, startServer } from './helpers/tickscope-server.js';

const KLINES = '/work/shared/data/binance/isda-um-klines/LINKUSDT-1m-2023-02.csv';
const INSTRUMENT = 'binance-futures:LINKUSDT';

interface SessionsJson {
  sessions: Array<{ date: string; ibHigh: number; ibLow: number }>;
  report: { all: { n: number; highHourHist: number[] } };
}

let dataDir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
let expected: SessionsJson;
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureFreshBuild();
  dataDir = mkdtempSync(join(tmpdir(), 'tickscope-sessions-view-'));
  const db = join(dataDir, 'klines.duckdb');
  const imported = spawnSync(
    process.execPath,
    [repoPath('bin/tickscope.js'), 'import', '--venue', 'binance-futures', '--db', db, KLINES],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  expect(imported.status, `${imported.stdout}\n${imported.stderr}`).toBe(0);
  server = await startServer({ source: ['--source', 'none'], db });
  const response = await fetch(
    `${server.baseUrl}/api/v1/sessions?instrument=${INSTRUMENT}&profile=utc&from=2023-02-01&to=2023-03-01`,
  );
  expect(response.status, await response.clone().text()).toBe(200);
  expected = (await response.json()) as SessionsJson;
  browser = await launchBrowser();
  page = browser.page;
  page.on('pageerror', (error) => {
    pageErrors.push(error.stack ?? error.message);
  });
  // The newest bar is weeks in the past; a fixed clock keeps every relative time of the page still.
  await page.clock.setFixedTime(new Date(Date.UTC(2023, 2, 1, 0, 5)));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const levelPrice = (title: string) =>
  page
    .getByRole('list', { name: 'Session levels' })
    .getByRole('listitem')
    .filter({ hasText: new RegExp(`^${title}`) })
    .locator('.num')
    .textContent();

async function heatmapTotal(name: string): Promise<number> {
  const cells = await page.getByRole('table', { name }).locator('tbody td.hour-cell').allTextContents();
  return cells.reduce((sum, text) => sum + (text === '' ? 0 : Number(text)), 0);
}

describe('sessions view on imported February 2023 klines', () => {
  it('is in the navigation and shows the heatmaps of the report', async () => {
    await page.goto(`${server.baseUrl}/live`);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Sessions' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sessions');
    await expect.poll(() => new URL(page.url()).searchParams.get('instrument'), { timeout: 15_000 }).toBe(INSTRUMENT);
    const n = expected.report.all.n;
    expect(n).toBeGreaterThan(20);
    for (const name of ['Hour of the session high', 'Hour of the session low']) {
      await expect.poll(() => heatmapTotal(name), { timeout: 30_000 }).toBe(n);
      expect(await page.getByRole('table', { name }).locator('tbody tr').count()).toBe(7);
    }
    const firstBreakTotal = await heatmapTotal('Hour of the first IB break');
    expect(firstBreakTotal).toBeGreaterThan(0);
    expect(firstBreakTotal).toBeLessThanOrEqual(n);
    const cards = page.getByRole('region', { name: 'Sessions', exact: true });
    expect(await cards.locator('.card-value').textContent()).toBe(String(n));
  });

  it('draws the IB lines of the newest session, and of a session clicked in the table', async () => {
    const newest = expected.sessions.at(-1);
    if (!newest) throw new Error('no session in February 2023');
    await expect.poll(() => levelPrice('IB high'), { timeout: 15_000 }).toBe(newest.ibHigh.toFixed(3));
    expect(await levelPrice('IB low')).toBe(newest.ibLow.toFixed(3));
    const chart = page.getByRole('region', { name: `Session chart ${INSTRUMENT} ${newest.date}` });
    await expect.poll(() => chart.getByTestId('session-chart').getAttribute('data-bars')).toBe('1440');

    const other = expected.sessions[3];
    await page.getByRole('table', { name: 'Sessions', exact: true }).getByRole('button', { name: other.date }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('session')).toBe(other.date);
    await expect.poll(() => levelPrice('IB high')).toBe(other.ibHigh.toFixed(3));
    expect(await levelPrice('IB low')).toBe(other.ibLow.toFixed(3));
    await expect
      .poll(() =>
        page
          .getByRole('region', { name: `Session chart ${INSTRUMENT} ${other.date}` })
          .getByTestId('session-chart')
          .getAttribute('data-bars'),
      )
      .toBe('1440');
    expect(pageErrors).toEqual([]);
  });

  it('matches its baselines in both themes', async () => {
    for (const theme of ['dark', 'light'] as const) {
      await page.evaluate(`localStorage.setItem('tickscope.theme', '${theme}')`);
      await page.goto(`${server.baseUrl}/sessions?instrument=${INSTRUMENT}&profile=utc&session=2023-02-14`);
      await page.evaluate('document.fonts.ready.then(() => true)');
      await expect
        .poll(() => heatmapTotal('Hour of the session high'), { timeout: 30_000 })
        .toBe(expected.report.all.n);
      await expect
        .poll(() => page.getByTestId('session-chart').getAttribute('data-bars'), { timeout: 15_000 })
        .toBe('1440');
      await expectScreenshotMatches(page, `sessions-${theme}`, {
        mask: [page.locator('footer .uptime')],
        style: 'footer .uptime { display: inline-block; width: 9em; white-space: nowrap; overflow: hidden; }',
      });
    }
  });
});
