// The dashboard as a person sees it: a real server with the simulator, a real headless Chromium.
// One server for the whole file, so the simulator's 1s history grows while the views are tested
// in turn (the Pairs view needs a minute of it). Set TICKSCOPE_E2E_URL to point at an already
// running server instead of starting one. The views' pictures are compared with their baselines
// in web-screenshots.test.ts, on fixed data, since live simulated prices never draw the same twice.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from './helpers/browser.js';
import { barsLoaded, instrumentIds, lastPrice, numberIn, pathname, searchParams, stat } from './helpers/dashboard.js';
import { ensureFreshBuild } from './helpers/repo.js';
import { startServer, type RunningServer } from './helpers/tickscope-server.js';

const externalUrl = process.env.TICKSCOPE_E2E_URL;

let server: RunningServer | null = null;
let baseUrl: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (externalUrl) {
    baseUrl = externalUrl.replace(/\/$/, '');
  } else {
    ensureFreshBuild();
    server = await startServer();
    baseUrl = server.baseUrl;
  }
  browser = await launchBrowser();
  page = browser.page;
  page.on('pageerror', (error) => {
    pageErrors.push(error.stack ?? error.message);
  });
  await page.goto(`${baseUrl}/`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function panel(instrument: string) {
  return page.getByRole('region', { name: new RegExp(`^Candlestick chart ${instrument} `) });
}

describe('shell', () => {
  it('labels simulated data unmistakably in the header and on the chart', async () => {
    await expect.poll(() => page.locator('.simulated-badge').textContent(), { timeout: 15_000 }).toBe('SIMULATED');
    // The chart carries its own label (and a canvas watermark) so a cropped screenshot cannot pass as real.
    await expect.poll(() => page.locator('.chart-simulated-tag').first().isVisible(), { timeout: 15_000 }).toBe(true);
    await expect
      .poll(() => page.getByRole('status', { name: 'Server connection' }).textContent(), { timeout: 15_000 })
      .toBe('Connected');
    expect(await page.getByLabel('Data source').textContent()).toContain('Simulator');
  });

  it('navigates between the views with links and digit keys, keeping the view in the path', async () => {
    const nav = page.getByRole('navigation', { name: 'Views' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Live',
      'Pairs',
      'Alerts',
      'Status',
      'Data',
      'Sessions',
    ]);
    await nav.getByRole('link', { name: 'Status' }).click();
    await expect.poll(() => pathname(page)).toBe('/status');
    expect(await nav.getByRole('link', { name: 'Status' }).getAttribute('aria-current')).toBe('page');
    await page.locator('body').press('1');
    await expect.poll(() => pathname(page)).toBe('/live');
    await page.locator('body').press('4');
    await expect.poll(() => pathname(page)).toBe('/status');
    await page.goBack();
    await expect.poll(() => pathname(page)).toBe('/live');
    // The links work from the keyboard.
    await nav.getByRole('link', { name: 'Status' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => pathname(page)).toBe('/status');
    await page.goBack();
  });

  it('switches to the light theme and remembers it across reloads', async () => {
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await page.reload();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
  });
});

describe('live view', () => {
  it('draws the chart and fills the stat boxes from the session', async () => {
    await page.goto(`${baseUrl}/live`);
    await expect
      .poll(() => page.locator('[data-testid="price-chart"] canvas').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => lastPrice(page), { timeout: 30_000 }).toMatch(/^[0-9,]+\.[0-9]+$/);
    expect(await stat(page, 'Change over the session').textContent()).toMatch(/[▲▼■]\s*[+−]?[0-9.]+%/);
    expect(await stat(page, 'Session volume').textContent()).toMatch(/[0-9]/);
    await expect
      .poll(async () => numberIn(await stat(page, 'Trades per second').textContent()), { timeout: 15_000 })
      .toBeGreaterThan(0);
    // The URL names what is on screen so the link can be shared.
    const [firstInstrument] = await instrumentIds(baseUrl);
    expect(searchParams(page).get('instrument')).toBe(firstInstrument);
    expect(searchParams(page).get('timeframe')).toBe('1m');
  });

  it('moves with live updates over the WebSocket', async () => {
    await page.getByRole('radio', { name: 'Timeframe 1s' }).click();
    await expect.poll(() => lastPrice(page), { timeout: 30_000 }).toMatch(/[0-9]/);
    const before = await barsLoaded(page);
    // A 1s series gains a bar every second while trades flow.
    await expect.poll(() => barsLoaded(page), { timeout: 30_000 }).toBeGreaterThan(before);
  });

  it('formats prices with the decimals of the tick and shows times in UTC, local time on hover', async () => {
    // sim:AAA trades in 0.001 ticks: three decimals, never more.
    expect(await lastPrice(page)).toMatch(/^[0-9,]+\.[0-9]{3}$/);
    const legend = page.getByTestId('bar-legend').first();
    expect(await legend.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? UTC/);
    // The newest candles sit left of the right offset and the price scale.
    const box = await page.getByTestId('price-chart').first().boundingBox();
    await page.mouse.move(box!.x + box!.width - 200, box!.y + box!.height / 2, { steps: 4 });
    await expect.poll(() => legend.textContent()).toContain('Local:');
  });

  it('switches timeframe from the keyboard and keeps the URL in step', async () => {
    await page.getByRole('radio', { name: 'Timeframe 1s' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Timeframe 5m' }).getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => searchParams(page).get('timeframe')).toBe('5m');
    await expect.poll(() => page.locator('.legend-title').first().textContent()).toContain('5m');
    await expect.poll(() => lastPrice(page), { timeout: 30_000 }).toMatch(/[0-9]/);
    await page.getByRole('radio', { name: 'Timeframe 1m' }).click();
    await expect.poll(() => searchParams(page).get('timeframe')).toBe('1m');
  });

  it('switches instrument from the picker and shows a second one side by side', async () => {
    const [first, second, third] = await instrumentIds(baseUrl);
    await page.getByLabel('Instrument', { exact: true }).selectOption(second);
    await expect.poll(() => searchParams(page).get('instrument')).toBe(second);
    await expect.poll(() => panel(second).count()).toBe(1);
    await expect.poll(() => lastPrice(panel(second)), { timeout: 30_000 }).toMatch(/[0-9]/);

    await page.getByLabel('Compare with').selectOption(third ?? first);
    await expect.poll(() => searchParams(page).get('compare')).toBe(third ?? first);
    await expect.poll(() => page.getByRole('region', { name: /^Candlestick chart / }).count()).toBe(2);
    await expect.poll(() => lastPrice(panel(third ?? first)), { timeout: 30_000 }).toMatch(/[0-9]/);
    await page.getByLabel('Compare with').selectOption('');
    await expect.poll(() => page.getByRole('region', { name: /^Candlestick chart / }).count()).toBe(1);
  });

  it("shows the server's answer when a live Binance symbol cannot be added", async () => {
    await page.getByLabel('Add Binance symbol').fill('solusdt');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const error = page.getByRole('alert').filter({ hasText: 'fixed set of instruments' });
    await expect.poll(() => error.count(), { timeout: 10_000 }).toBe(1);
    expect(await error.textContent()).toContain('sim');
  });

  it('opens a shared link on the instruments and timeframe it names', async () => {
    const ids = await instrumentIds(baseUrl);
    await page.goto(`${baseUrl}/live?instrument=${ids[0]}&compare=${ids[1]}&timeframe=15m`);
    await expect
      .poll(() => page.getByLabel('Instrument', { exact: true }).inputValue(), { timeout: 15_000 })
      .toBe(ids[0]);
    expect(await page.getByLabel('Compare with').inputValue()).toBe(ids[1]);
    expect(await page.getByRole('radio', { name: 'Timeframe 15m' }).getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => lastPrice(panel(ids[1])), { timeout: 30_000 }).toMatch(/[0-9]/);
  });

  it('loads older bars with to= when the chart is scrolled back', async () => {
    const instrument = (await instrumentIds(baseUrl))[0];
    const olderRequests: string[] = [];
    // The simulator starts with no history: serve a long synthetic past for this one chart.
    await page.route('**/api/v1/bars?*', async (route) => {
      const url = new URL(route.request().url());
      if (url.searchParams.get('timeframe') !== '4h') return route.continue();
      const to = Number(url.searchParams.get('to') ?? Math.floor(Date.now() / 14_400_000) * 14_400_000 + 14_400_000);
      if (url.searchParams.has('to')) olderRequests.push(url.search);
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      const bars = Array.from({ length: limit }, (_, i) => {
        const start = to - (limit - i) * 14_400_000;
        const close = 100 + Math.sin(start / 3e8) * 5;
        return {
          instrument,
          timeframe: '4h',
          start,
          open: close,
          high: close + 0.5,
          low: close - 0.5,
          close,
          volume: 10,
          quoteVolume: 1000,
          trades: 10,
          buyVolume: 5,
          vwap: close,
          closed: true,
        };
      });
      await route.fulfill({ json: bars });
    });
    await page.goto(`${baseUrl}/live?instrument=${instrument}&timeframe=4h`);
    await expect.poll(() => barsLoaded(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(1000);
    const box = (await page.getByTestId('price-chart').boundingBox())!;
    // Zoom out with the wheel, then drag the past into view.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 600);
    for (let i = 0; i < 8 && olderRequests.length === 0; i++) {
      await page.mouse.move(box.x + 100, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width - 120, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
    }
    await expect.poll(() => olderRequests.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(olderRequests[0]).toMatch(/to=\d+/);
    await expect.poll(() => barsLoaded(page), { timeout: 10_000 }).toBeGreaterThan(1000);
    await page.unroute('**/api/v1/bars?*');
  });
});

describe('status view', () => {
  it('shows the source, every stream live with its trade rate, and the store', async () => {
    await page.goto(`${baseUrl}/status`);
    const streams = page.getByRole('table', { name: 'Streams' });
    const ids = await instrumentIds(baseUrl);
    await expect.poll(() => streams.locator('tbody tr').count(), { timeout: 15_000 }).toBe(ids.length);
    for (const id of ids) {
      const row = streams.locator(`tr[data-instrument="${id}"]`);
      await expect
        .poll(() => row.getByTestId('stream-connection').textContent(), { timeout: 10_000 })
        .toContain('Live');
    }
    expect(await page.getByRole('region', { name: 'Source' }).textContent()).toContain('Simulator');
    expect(await page.getByRole('region', { name: 'Store' }).textContent()).toContain('in memory');
    await expect
      .poll(
        async () =>
          numberIn((await page.getByRole('region', { name: 'Messages/s' }).locator('.card-value').textContent()) ?? ''),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    expect(await page.getByRole('table', { name: 'Trade-id gaps' }).textContent()).toContain('No gaps');
  });
});

describe('pairs view', () => {
  // Short windows so the simulator's first minute of 1s bars is enough for every statistic.
  const PAIR_URL = '/pairs?x=sim:AAA&y=sim:BBB&timeframe=1s&lookback=30&window=20';

  it('shows the spread, z-score, correlation and hedge ratios with the tests and a verdict', async () => {
    await page.goto(`${baseUrl}${PAIR_URL}`);
    await expect
      .poll(() => page.getByTestId('pair-chart').locator('canvas').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => numberIn(await stat(page, 'Z-score').textContent()), { timeout: 60_000, interval: 1_000 })
      .not.toBeNaN();
    expect(await page.getByTestId('pair-signal').textContent()).toMatch(/Short spread|Long spread|Exit|Hold/);
    expect(numberIn(await stat(page, 'Hedge ratio').textContent())).not.toBeNaN();
    const legend = page.getByTestId('pair-legend');
    await expect.poll(() => legend.textContent()).toMatch(/β OLS [0-9.−]+.*β Kalman [0-9.−]+/);
    const tests = page.getByRole('table', { name: 'Unit-root and cointegration tests' });
    await expect
      .poll(() => tests.locator('tr', { hasText: 'p-value' }).textContent(), { timeout: 20_000 })
      .toMatch(/p-value\s*(<\s*)?[01]\.[0-9]{4}/);
    expect(await tests.locator('tr', { hasText: 'Critical 5%' }).textContent()).toMatch(/−[0-9]\.[0-9]{3}/);
    expect(await page.getByTestId('coint-verdict').textContent()).toMatch(
      /Cointegrated|cointegration|Not cointegrated/,
    );
    await expect
      .poll(() => page.getByRole('table', { name: 'Hedge ratio by method' }).locator('tbody tr').count(), {
        timeout: 20_000,
      })
      .toBe(4);
    expect(await page.locator('.chart-simulated-tag').first().isVisible()).toBe(true);
  });

  it('takes window, hedge and threshold changes into the link, and refuses an invalid window inline', async () => {
    const window = page.getByLabel('Window', { exact: true });
    await window.fill('1');
    await window.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'An integer from 2' }).count()).toBe(1);
    expect(searchParams(page).get('window')).toBe('20');
    await window.fill('25');
    await window.press('Enter');
    await expect.poll(() => searchParams(page).get('window')).toBe('25');
    await page.getByRole('radio', { name: 'Hedge Kalman' }).click();
    await expect.poll(() => searchParams(page).get('hedge')).toBe('kalman');
    await expect
      .poll(async () => numberIn(await stat(page, 'Z-score').textContent()), { timeout: 30_000 })
      .not.toBeNaN();
    await page.getByRole('radio', { name: 'Hedge OLS' }).click();
    await expect.poll(() => searchParams(page).get('hedge')).toBeNull();
  });

  it('draws the correlation matrix as a heatmap and opens a pair from a cell', async () => {
    const matrix = page.getByRole('table', { name: 'Correlation matrix' });
    await expect.poll(() => matrix.locator('tbody tr').count(), { timeout: 30_000 }).toBe(3);
    const cell = matrix.getByRole('button', { name: /^Open sim:CCC against sim:AAA/ });
    expect(await cell.textContent()).toMatch(/^−?[01]\.[0-9]{2}$/);
    await cell.click();
    await expect.poll(() => `${searchParams(page).get('y')}~${searchParams(page).get('x')}`).toBe('sim:CCC~sim:AAA');
  });

  it('ranks pairs in a sortable scanner that opens the chosen pair', async () => {
    const scanner = page.getByRole('table', { name: 'Pair scanner' });
    await expect.poll(() => scanner.locator('tbody tr').count(), { timeout: 30_000 }).toBe(3);
    const header = scanner.getByRole('columnheader', { name: /EG p-value/ });
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const pValues = (await scanner.locator('tbody tr td:nth-child(2)').allTextContents())
      .map(numberIn)
      .filter((v) => !Number.isNaN(v));
    expect(pValues).toEqual([...pValues].sort((a, b) => b - a));
    await scanner.getByRole('row', { name: 'Open sim:BBB against sim:AAA' }).click();
    await expect.poll(() => `${searchParams(page).get('y')}~${searchParams(page).get('x')}`).toBe('sim:BBB~sim:AAA');
  });

  it('reopens the pair from its link with every statistic and table filled', async () => {
    await page.goto(`${baseUrl}${PAIR_URL}`);
    await expect
      .poll(async () => numberIn(await stat(page, 'Z-score').textContent()), { timeout: 30_000 })
      .not.toBeNaN();
    await expect
      .poll(() => page.getByRole('table', { name: 'Pair scanner' }).locator('tbody tr').count(), { timeout: 30_000 })
      .toBe(3);
    await expect
      .poll(() => page.getByRole('table', { name: 'Hedge ratio by method' }).locator('tbody tr').count(), {
        timeout: 20_000,
      })
      .toBe(4);
  });
});

describe('alerts view', () => {
  const rules = () => page.getByRole('table', { name: 'Alert rules' });
  const ruleRow = (name: string) => rules().locator(`tr[data-rule="${name}"]`);

  async function createRule(name: string, severity: string, threshold: string): Promise<void> {
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Instrument').selectOption('sim:AAA');
    await page.getByLabel('Timeframe').selectOption('1s');
    await page.getByLabel('Metric').selectOption('price');
    await page.getByLabel('Operator').selectOption('>');
    await page.getByLabel('Threshold').fill(threshold);
    await page.getByLabel('Cooldown (s)').fill('5');
    await page.getByRole('radio', { name: `Severity ${severity}` }).click();
    await page.getByRole('button', { name: 'Create rule' }).click();
  }

  it('validates the rule form inline before sending it', async () => {
    await page.goto(`${baseUrl}/alerts`);
    await page.getByRole('button', { name: 'Create rule' }).click();
    await expect.poll(() => page.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('form', { name: 'New alert rule' }).textContent()).toContain('Give the rule a name.');
    expect(await page.getByLabel('Threshold').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Cooldown (s)').fill('-3');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await expect.poll(() => page.getByLabel('Cooldown (s)').getAttribute('aria-invalid')).toBe('true');
    expect(await rules().textContent()).toContain('No rules yet');
  });

  it('creates a rule in the page that fires on sim data and shows a toast labelled by severity', async () => {
    await createRule('AAA trades above zero', 'high', '0');
    await expect.poll(() => ruleRow('AAA trades above zero').count(), { timeout: 10_000 }).toBe(1);
    const toast = page.getByTestId('alert-toast').filter({ hasText: 'AAA trades above zero' });
    await expect.poll(() => toast.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await toast.first().getAttribute('data-severity')).toBe('high');
    expect(await toast.first().textContent()).toContain('HIGH');
    expect(await toast.first().getAttribute('role')).toBe('alert');
    const history = page.getByRole('table', { name: 'Alert history' });
    await expect
      .poll(() => history.locator('tbody tr', { hasText: 'AAA trades above zero' }).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => ruleRow('AAA trades above zero').locator('td').nth(6).textContent(), { timeout: 10_000 })
      .not.toBe('0');
  });

  it('shows the toast on whichever view is open', async () => {
    await createRule('AAA critical watch', 'critical', '0');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Live' }).click();
    const toast = page.getByTestId('alert-toast').filter({ hasText: 'AAA critical watch' });
    await expect.poll(() => toast.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await toast.first().textContent()).toContain('CRITICAL');
    await toast
      .first()
      .getByRole('button', { name: /^Dismiss/ })
      .click();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Alerts' }).click();
  });

  it('disables, edits and deletes a rule', async () => {
    const row = ruleRow('AAA critical watch');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.getByRole('switch', { name: 'Enable AAA critical watch' }).click();
    await expect.poll(() => row.getByRole('switch').getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => row.textContent()).toContain('Off');

    await row.getByRole('button', { name: 'Edit AAA critical watch' }).click();
    const form = page.getByRole('form', { name: 'Edit rule AAA critical watch' });
    await form.getByLabel('Threshold').fill('1000000');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('price > 1000000');

    await row.getByRole('button', { name: 'Delete AAA critical watch' }).click();
    await row.getByRole('button', { name: 'Confirm deleting AAA critical watch' }).click();
    await expect.poll(() => ruleRow('AAA critical watch').count(), { timeout: 10_000 }).toBe(0);
  });

  it('keeps adding to the history while rules fire', async () => {
    await createRule('AAA volume watch', 'low', '0');
    await expect
      .poll(() => page.getByRole('table', { name: 'Alert history' }).locator('tbody tr').count(), { timeout: 20_000 })
      .toBeGreaterThan(2);
  });
});

describe('live view, once history has formed', () => {
  it('fills the volatility window once a minute of one-second candles has formed', async () => {
    const [first, second] = await instrumentIds(baseUrl);
    await page.goto(`${baseUrl}/live?instrument=${first}&compare=${second}&timeframe=1s`);
    await expect.poll(() => lastPrice(page), { timeout: 30_000 }).toMatch(/[0-9]/);
    // Run last, so that a minute of one-second candles has formed and the volatility window is full.
    await expect.poll(() => barsLoaded(page), { timeout: 60_000, interval: 1_000 }).toBeGreaterThan(60);
    await expect
      .poll(async () => numberIn(await stat(page, 'Volatility').textContent()), { timeout: 30_000 })
      .not.toBeNaN();
    await expect
      .poll(async () => numberIn(await stat(page, 'Trades per second').textContent()), { timeout: 15_000 })
      .toBeGreaterThan(0);
  });
});

describe('connection', () => {
  it.skipIf(Boolean(externalUrl))('shows a banner while the server is down and recovers on its own', async () => {
    await page.goto(`${baseUrl}/live?timeframe=1s`);
    await expect.poll(() => lastPrice(page), { timeout: 30_000 }).toMatch(/[0-9]/);
    const port = server!.port;
    await server!.stop();
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'Connection to the server lost' }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    expect(await page.getByRole('status', { name: 'Server connection' }).textContent()).toBe('Reconnecting');
    server = await startServer({ port });
    await expect
      .poll(() => page.getByRole('status', { name: 'Server connection' }).textContent(), { timeout: 45_000 })
      .toBe('Connected');
    expect(await page.getByRole('alert').filter({ hasText: 'Connection to the server lost' }).count()).toBe(0);
    // History is reloaded after the reconnect and live updates resume.
    const before = await lastPrice(page);
    await expect.poll(async () => (await lastPrice(page)) !== before, { timeout: 30_000 }).toBe(true);
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
