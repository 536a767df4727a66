// The Status view against the fake Binance: when the exchange connection drops and the exchange
// stays unreachable, the dashboard says so per stream, and it says so again when it comes back.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { launchBrowser, type Browser } from './helpers/browser.js';
import { saveScreenshot } from './helpers/dashboard.js';
import { ensureFreshBuild } from './helpers/repo.js';
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
  return page.getByRole('table', { name: 'Streams' }).locator(`tr[data-instrument="${instrument}"]`).getByTestId('stream-connection');
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
    for (const symbol of SYMBOLS) await expect.poll(() => connectionOf(`binance:${symbol}`).textContent(), { timeout: 20_000 }).toContain('Live');
    const row = page.locator('tr[data-instrument="binance:BTCUSDT"]');
    await expect.poll(() => row.locator('td').nth(7).textContent(), { timeout: 10_000 }).toMatch(/ms$/);
    expect(await page.getByRole('region', { name: 'Source' }).textContent()).toContain('Binance Spot');
    expect(await page.locator('.simulated-badge').count()).toBe(0);
  });

  it('shows the streams disconnected and reconnecting while the exchange is unreachable', async () => {
    const port = Number(new URL(fake!.urls.spotRest).port);
    fake!.spot.dropConnections();
    await fake!.close();
    fake = null;
    for (const symbol of SYMBOLS) {
      await expect.poll(() => connectionOf(`binance:${symbol}`).textContent(), { timeout: 20_000 }).toMatch(/Disconnected.*reconnecting/);
    }
    await expect.poll(() => page.getByRole('region', { name: 'Live streams' }).textContent()).toContain('0/2 live');
    await saveScreenshot(page, 'status-disconnected');

    fake = await startFake(port);
    for (const symbol of SYMBOLS) await expect.poll(() => connectionOf(`binance:${symbol}`).textContent(), { timeout: 40_000 }).toContain('Live');
  });
});
