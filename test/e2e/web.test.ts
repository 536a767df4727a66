// The dashboard as a person sees it: a real server with the simulator, a real headless Chromium.
// Set TICKSCOPE_E2E_URL to point at an already running server instead of starting one.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from './helpers/browser.js';
import { ensureBuilt, repoPath } from './helpers/repo.js';
import { startServer, type RunningServer } from './helpers/tickscope-server.js';

const externalUrl = process.env.TICKSCOPE_E2E_URL;
const SCREENSHOT = repoPath('test-results/screenshots/live.png');

let server: RunningServer | null = null;
let baseUrl: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

interface InstrumentJson {
  id: string;
}

async function instrumentIds(): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/v1/instruments`);
  return ((await response.json()) as InstrumentJson[]).map((instrument) => instrument.id);
}

function stat(name: string) {
  return page.getByRole('group', { name }).locator('.stat-value');
}

async function lastPrice(): Promise<string> {
  return (await stat('Last price').textContent())?.replace(/[▲▼■\s]/g, '') ?? '';
}

async function barsLoaded(): Promise<number> {
  const text = (await page.getByLabel('Bars loaded').textContent()) ?? '';
  const digits = text.replace(/[^0-9]/g, '');
  return digits ? Number(digits) : 0;
}

function searchParams(): URLSearchParams {
  return new URL(page.url()).searchParams;
}

beforeAll(async () => {
  if (externalUrl) {
    baseUrl = externalUrl.replace(/\/$/, '');
  } else {
    ensureBuilt('build', ['web/dist/index.html', 'dist/cli/main.js']);
    server = await startServer();
    baseUrl = server.baseUrl;
  }
  browser = await launchBrowser();
  page = browser.page;
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${baseUrl}/`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('live dashboard', () => {
  it('labels simulated data unmistakably in the header and on the chart', async () => {
    await expect.poll(() => page.locator('.simulated-badge').textContent(), { timeout: 15_000 }).toBe('SIMULATED');
    expect(await page.locator('.simulated-badge').isVisible()).toBe(true);
    // The chart carries its own label (and a canvas watermark) so a cropped screenshot cannot pass as real.
    await expect.poll(() => page.locator('.chart-simulated-tag').isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByRole('status', { name: 'Server connection' }).textContent(), { timeout: 15_000 }).toBe('Connected');
    expect(await page.getByLabel('Data source').textContent()).toContain('Simulator');
  });

  it('draws the chart on a canvas and fills the stats strip from the bars', async () => {
    await expect.poll(() => page.locator('[data-testid="price-chart"] canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(lastPrice, { timeout: 30_000 }).toMatch(/^[0-9,]+(\.[0-9]+)?$/);
    expect(await stat('Change over loaded window').textContent()).toMatch(/[▲▼■]/);
    expect(await stat('Trades of current bar').textContent()).toMatch(/^[0-9,]+$/);
    expect(await stat('Ingest ticks per second').textContent()).toMatch(/\/s$/);
    // The URL names what is on screen so the link can be shared.
    const [firstInstrument] = await instrumentIds();
    expect(searchParams().get('instrument')).toBe(firstInstrument);
    expect(searchParams().get('timeframe')).toBe('1m');
  });

  it('moves with live updates over the WebSocket', async () => {
    await page.getByRole('radio', { name: 'Timeframe 1s' }).click();
    await expect.poll(lastPrice, { timeout: 30_000 }).toMatch(/[0-9]/);
    const before = { price: await lastPrice(), bars: await barsLoaded() };
    await expect
      .poll(async () => (await lastPrice()) !== before.price || (await barsLoaded()) > before.bars, { timeout: 30_000 })
      .toBe(true);
    // A 1s series gains a bar every second while trades flow.
    await expect.poll(barsLoaded, { timeout: 30_000 }).toBeGreaterThan(before.bars);
  });

  it('switches timeframe from the keyboard and keeps the URL in step', async () => {
    await page.getByRole('radio', { name: 'Timeframe 1s' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Timeframe 5m' }).getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => searchParams().get('timeframe')).toBe('5m');
    await expect.poll(() => page.locator('.legend-title').textContent()).toContain('5m');
    await expect.poll(lastPrice, { timeout: 30_000 }).toMatch(/[0-9]/);

    await page.getByRole('radio', { name: 'Timeframe 1m' }).click();
    await expect.poll(() => searchParams().get('timeframe')).toBe('1m');
  });

  it('switches instrument from the picker', async () => {
    const ids = await instrumentIds();
    expect(ids.length).toBeGreaterThan(1);
    const other = ids[1];
    await page.getByLabel('Instrument', { exact: true }).selectOption(other);
    await expect.poll(() => searchParams().get('instrument')).toBe(other);
    await expect.poll(() => page.locator('.legend-title').textContent()).toContain(other);
    await expect.poll(() => page.getByRole('region', { name: `Candlestick chart ${other} 1m` }).count()).toBe(1);
    await expect.poll(lastPrice, { timeout: 30_000 }).toMatch(/[0-9]/);
  });

  it('opens a shared link on the instrument and timeframe it names', async () => {
    const ids = await instrumentIds();
    const target = ids.at(-1)!;
    await page.goto(`${baseUrl}/?instrument=${target}&timeframe=15m`);
    await expect.poll(() => page.getByLabel('Instrument', { exact: true }).inputValue(), { timeout: 15_000 }).toBe(target);
    expect(await page.getByRole('radio', { name: 'Timeframe 15m' }).getAttribute('aria-checked')).toBe('true');
    await expect.poll(lastPrice, { timeout: 30_000 }).toMatch(/[0-9]/);
  });

  it('saves a screenshot of the live view', async () => {
    const [first] = await instrumentIds();
    await page.goto(`${baseUrl}/?instrument=${first}&timeframe=1s`);
    await expect.poll(lastPrice, { timeout: 30_000 }).toMatch(/[0-9]/);
    // Let a few dozen one-second candles form so the picture shows a market, not a dot.
    await expect.poll(barsLoaded, { timeout: 60_000, interval: 1_000 }).toBeGreaterThan(40);
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it.skipIf(Boolean(externalUrl))('shows a banner while the server is down and recovers on its own', async () => {
    const port = server!.port;
    await server!.stop();
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'Connection to the server lost' }).count(), { timeout: 20_000 })
      .toBe(1);
    expect(await page.getByRole('status', { name: 'Server connection' }).textContent()).toBe('Reconnecting');
    server = await startServer({ port });
    await expect
      .poll(() => page.getByRole('status', { name: 'Server connection' }).textContent(), { timeout: 45_000 })
      .toBe('Connected');
    expect(await page.getByRole('alert').filter({ hasText: 'Connection to the server lost' }).count()).toBe(0);
    // History is reloaded after the reconnect and live updates resume.
    const before = await lastPrice();
    await expect.poll(async () => (await lastPrice()) !== before, { timeout: 30_000 }).toBe(true);
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
