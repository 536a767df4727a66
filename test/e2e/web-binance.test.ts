// The Status view against the fake Binance: when the exchange connection drops and the exchange
// stays unreachable, the dashboard says so per stream, and it says so again when it comes back.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { launchBrowser, type Browser } from './helpers/browser.js';
import { lastPrice } from './helpers/dashboard.js';
import { ensureFreshBuild } from './helpers/repo.js';
import { expectScreenshotMatches } from './helpers/screenshot-baseline.js';
import { startServer, type RunningServer } from './helpers/tickscope-server.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];

let fake: FakeBinance | null = null;
let server: RunningServer;
let browser: Browser;
let page: Page;

async function startFake(port?: number): Promise<FakeBinance> {
  const started = await FakeBinance.start({ port, symbols: SYMBOLS });
  for (const symbol of SYMBOLS) started.spot.setTradeRate(symbol, 20);
  return started;
}

function connectionOf(instrument: string) {
  return page
    .getByRole('table', { name: 'Streams' })
    .locator(`tr[data-instrument="${instrument}"]`)
    .getByTestId('stream-connection');
}

beforeAll(async () => {
  ensureFreshBuild();
  fake = await startFake();
  server = await startServer({
    source: ['--source', 'binance', '--binance-ws-url', fake.urls.spotWs, '--binance-rest-url', fake.urls.spotRest],
    args: ['--instruments', SYMBOLS.map((symbol) => `binance:${symbol}`).join(',')],
  });
  browser = await launchBrowser();
  page = browser.page;
  await page.goto(`${server.baseUrl}/status`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

describe('status view with Binance', () => {
  it('shows every Binance stream live with its lags and clock skew', async () => {
    for (const symbol of SYMBOLS)
      await expect.poll(() => connectionOf(`binance:${symbol}`).textContent(), { timeout: 20_000 }).toContain('Live');
    const row = page.locator('tr[data-instrument="binance:BTCUSDT"]');
    await expect.poll(() => row.locator('td').nth(7).textContent(), { timeout: 10_000 }).toMatch(/ms$/);
    expect(await page.getByRole('region', { name: 'Source' }).textContent()).toContain('Binance Spot');
    expect(await page.locator('.simulated-badge').count()).toBe(0);
  });

  it('adds a live Binance symbol from the live view and charts it', async () => {
    fake!.spot.setTradeRate('SOLUSDT', 20);
    await page.goto(`${server.baseUrl}/live?timeframe=1s`);
    await page.getByLabel('Add Binance symbol').fill('SOLUSDT');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect
      .poll(() => new URL(page.url()).searchParams.get('instrument'), { timeout: 15_000 })
      .toBe('binance:SOLUSDT');
    await expect
      .poll(() => page.getByLabel('Instrument', { exact: true }).inputValue(), { timeout: 15_000 })
      .toBe('binance:SOLUSDT');
    await expect.poll(() => lastPrice(page), { timeout: 30_000 }).toMatch(/[0-9]/);
    await page.goto(`${server.baseUrl}/status`);
    await expect.poll(() => connectionOf('binance:SOLUSDT').textContent(), { timeout: 20_000 }).toContain('Live');
  });

  it('shows the streams disconnected and reconnecting while the exchange is unreachable', async () => {
    const port = Number(new URL(fake!.urls.spotRest).port);
    fake!.spot.dropConnections();
    await fake!.close();
    fake = null;
    for (const symbol of SYMBOLS) {
      await expect
        .poll(() => connectionOf(`binance:${symbol}`).textContent(), { timeout: 20_000 })
        .toMatch(/Disconnected.*reconnecting/);
    }
    await expect.poll(() => page.getByRole('region', { name: 'Live streams' }).textContent()).toMatch(/0\/\d live/);
    // Rates, lags, trade ids and times depend on when the connection dropped: masked, so that the
    // picture compares what a person reads there: every stream disconnected and reconnecting.
    await expectScreenshotMatches(page, 'status-disconnected', {
      mask: [
        page.locator('.utc-clock'),
        page.getByRole('contentinfo', { name: 'Engine status' }),
        ...['Messages/s', 'Ticks/s', 'Store', 'Uptime'].map((name) => page.getByRole('region', { name })),
        page.getByRole('region', { name: 'Throughput and feed lag' }).locator('canvas'),
        page.locator('tr[data-instrument] td:nth-child(n+4)'),
      ],
    });

    fake = await startFake(port);
    for (const symbol of SYMBOLS)
      await expect.poll(() => connectionOf(`binance:${symbol}`).textContent(), { timeout: 40_000 }).toContain('Live');
  });
});
