// The dashboard in headless Chromium against a simulator server:
//  1. first meaningful paint of the live view (candles drawn and the last price shown), cold
//     cache, against a blank page's first paint in the same run;
//  2. the longest main-thread task (PerformanceObserver 'longtask') with 100,000 1s bars loaded
//     and 50 bar updates per second arriving over the WebSocket, against the same page with
//     1,000 bars; plus the frame rate and the long task of loading the 100,000 bars.
// The history is served by intercepting /api/v1/bars (a fresh simulator has no past) and the
// updates are injected into the page's real WebSocket, which stays connected to the server.
import type { Bar as DomainBar } from '../src/domain/index.js';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/e2e/helpers/browser.js';
import { ensureFreshBuild } from '../test/e2e/helpers/repo.js';
import { startServer } from '../test/e2e/helpers/tickscope-server.js';
import { median } from './lib.js';

const INSTRUMENT = 'sim:AAA';
const CHANNEL = `bars:${INSTRUMENT}:1s`;
const PAINT_RUNS = Number(process.env.BENCH_PAINT_RUNS ?? 5);
const UPDATE_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const UPDATES_PER_SEC = 50;
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 5_000);
const WARM_UP_MS = 1_000;
/** Each update case runs this many times in a fresh browser; the worst long task is reported. */
const UPDATE_RUNS = Number(process.env.BENCH_UPDATE_RUNS ?? 3);

/** A bar as the dashboard receives it. */
type Bar = DomainBar & { closed: boolean };

function syntheticHistory(count: number, lastStart: number): Bar[] {
  const bars: Bar[] = [];
  let price = 100;
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < count; i++) {
    const open = price;
    price = Math.max(1, Math.round((price + (random() - 0.5) * 0.1) * 100) / 100);
    const high = Math.max(open, price) + 0.01;
    const low = Math.min(open, price) - 0.01;
    bars.push({
      instrument: INSTRUMENT,
      timeframe: '1s',
      start: lastStart - (count - 1 - i) * 1000,
      open,
      high,
      low,
      close: price,
      volume: 5,
      quoteVolume: 500,
      trades: 10,
      buyVolume: 2,
      vwap: price,
      closed: true,
    });
  }
  return bars;
}

// A string, not a function: tsx would wrap a named inner function in a helper the page lacks.
const START_FRAME_COUNTER = `(() => {
  window.__frames = 0;
  window.__counting = true;
  const tick = () => { if (!window.__counting) return; window.__frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  return performance.now();
})()`;

// Page-side scripts are strings: they run in the page, which has the DOM types this file lacks.
const FIRST_CONTENTFUL_PAINT = `new Promise((resolve) => {
  new PerformanceObserver((list) => {
    const fcp = list.getEntries().find((entry) => entry.name === 'first-contentful-paint');
    if (fcp) resolve(fcp.startTime);
  }).observe({ type: 'paint', buffered: true });
})`;

/** Candles drawn and the last price shown: the time since navigation, or false. */
const MEANINGFUL_PAINT = `(() => {
  const price = document.querySelector('[aria-label="Last price"] .stat-value')?.textContent ?? '';
  const canvas = document.querySelector('[data-testid="price-chart"] canvas');
  return /[0-9]/.test(price) && canvas !== null ? performance.now() : false;
})()`;

const barsLoadedAtLeast = (count: number) => `(() => {
  const text = document.querySelector('[aria-label="Bars loaded"]')?.textContent ?? '';
  return Number(/Bars\\s*([0-9,]+)/.exec(text)?.[1]?.replace(/,/g, '') ?? 0) >= ${count};
})()`;

const stopFrameCounter = (from: number) => `(() => {
  window.__counting = false;
  const elapsed = (performance.now() - ${from}) / 1000;
  const tasks = window.__longTasks.filter((t) => t.start >= ${from});
  return {
    longestMs: Math.max(0, ...tasks.map((t) => t.duration)),
    longTasks: tasks.length,
    fps: window.__frames / elapsed,
    tasks: tasks.map((t) => Math.round(t.start - ${from}) + ':' + Math.round(t.duration)).join(' '),
  };
})()`;

const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  })
    .observe({ type: 'longtask', buffered: true });
`;

async function blankPaint(page: Page, baseUrl: string): Promise<number> {
  await page.route(`${baseUrl}/__blank`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title><p>blank page</p>' }),
  );
  await page.goto(`${baseUrl}/__blank`);
  return (await page.evaluate(FIRST_CONTENTFUL_PAINT)) as number;
}

async function dashboardPaint(page: Page, baseUrl: string): Promise<{ meaningful: number; contentful: number }> {
  // The address a trader types: no parameters, so the instrument list is on the critical path too.
  await page.goto(`${baseUrl}/`);
  const meaningful = await page.waitForFunction(MEANINGFUL_PAINT, undefined, { polling: 'raf', timeout: 30_000 });
  const contentful = (await page.evaluate(FIRST_CONTENTFUL_PAINT)) as number;
  return { meaningful: (await meaningful.jsonValue()) as number, contentful };
}

interface UpdateRun {
  label: string;
  bars: number;
  loadLongestMs: number;
  /** Longest task in the first second of updates, before the measurement. */
  warmUpLongestMs: number;
  longestMs: number;
  longTasks: number;
  fps: number;
  updatesSent: number;
  tasks: string;
}

async function updatesRun(baseUrl: string, bars: number): Promise<UpdateRun> {
  const browser = await launchBrowser({ width: 1440, height: 860 });
  const { page } = browser;
  try {
    await page.addInitScript(OBSERVE_LONG_TASKS);
    const lastClosed = Math.floor(Date.now() / 1000) * 1000 - 1000;
    const history = JSON.stringify(syntheticHistory(bars, lastClosed));
    await page.route('**/api/v1/bars?*', async (route) => {
      const url = new URL(route.request().url());
      if (url.searchParams.get('instrument') !== INSTRUMENT || url.searchParams.get('timeframe') !== '1s')
        return route.continue();
      // Scroll-back pages: nothing older than the synthetic history.
      await route.fulfill({ contentType: 'application/json', body: url.searchParams.has('to') ? '[]' : history });
    });
    let inject: ((message: string) => void) | null = null;
    await page.routeWebSocket('**/ws', (ws) => {
      const server = ws.connectToServer();
      // The simulator's own updates of this channel would fight the synthetic series: drop them.
      server.onMessage((message) => {
        if (typeof message === 'string' && message.startsWith(`{"channel":"${CHANNEL}"`)) return;
        ws.send(message);
      });
      inject = (message) => ws.send(message);
    });
    await page.goto(`${baseUrl}/live?instrument=${INSTRUMENT}&timeframe=1s`);
    await page.waitForFunction(barsLoadedAtLeast(bars), undefined, { timeout: 60_000 });
    // Let the load settle (the history's JSON is garbage to collect) before measuring the steady state.
    await page.waitForTimeout(SETTLE_MS);
    const loadLongestMs = (await page.evaluate('Math.max(0, ...window.__longTasks.map((t) => t.duration))')) as number;

    // 50 updates/s: the open bar of the current second ticks, a new bar every second. The first
    // second warms the update path up (V8 compiles it on first use) and is reported apart.
    let price = 100;
    let trades = 0;
    let bucket = 0;
    let sent = 0;
    const sendDue = (elapsedMs: number) => {
      const due = Math.floor((elapsedMs * UPDATES_PER_SEC) / 1000) - sent;
      for (let i = 0; i < due; i++) {
        const start = Math.floor(Date.now() / 1000) * 1000;
        if (start !== bucket) {
          bucket = start;
          trades = 0;
        }
        trades++;
        price = Math.round((price + (Math.random() - 0.5) * 0.04) * 100) / 100;
        const bar = {
          instrument: INSTRUMENT,
          timeframe: '1s',
          start,
          open: price,
          high: price + 0.02,
          low: price - 0.02,
          close: price,
          volume: trades,
          quoteVolume: trades * price,
          trades,
          buyVolume: 0,
          vwap: price,
          closed: false,
        };
        inject?.(JSON.stringify({ channel: CHANNEL, data: bar }));
        sent++;
      }
    };
    const started = Date.now();
    const pump = (untilMs: number) =>
      new Promise<void>((done) => {
        const timer = setInterval(() => {
          const elapsed = Date.now() - started;
          sendDue(Math.min(elapsed, untilMs));
          if (elapsed >= untilMs) {
            clearInterval(timer);
            done();
          }
        }, 5);
      });
    const warmFrom = (await page.evaluate('performance.now()')) as number;
    await pump(WARM_UP_MS);
    const warmUpLongestMs = (await page.evaluate(
      `Math.max(0, ...window.__longTasks.filter((t) => t.start >= ${warmFrom}).map((t) => t.duration))`,
    )) as number;
    const measureFrom = (await page.evaluate(START_FRAME_COUNTER)) as number;
    await pump(WARM_UP_MS + UPDATE_SECONDS * 1000);
    const result = (await page.evaluate(stopFrameCounter(measureFrom))) as {
      longestMs: number;
      longTasks: number;
      fps: number;
      tasks: string;
    };
    return {
      label: `${bars.toLocaleString('en-US')} bars, ${UPDATES_PER_SEC} updates/s`,
      bars,
      loadLongestMs,
      warmUpLongestMs,
      ...result,
      updatesSent: sent,
    };
  } finally {
    await browser.close();
  }
}

ensureFreshBuild();
const server = await startServer();
try {
  // Let the simulator produce a few bars so the live view has something to draw.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const blank: number[] = [];
  const meaningful: number[] = [];
  const contentful: number[] = [];
  for (let run = 0; run < PAINT_RUNS; run++) {
    // A new profile per run: nothing cached, as on a first visit.
    const browser = await launchBrowser({ width: 1440, height: 860 });
    try {
      blank.push(await blankPaint(browser.page, server.baseUrl));
      const page = await browser.context.newPage();
      const paint = await dashboardPaint(page, server.baseUrl);
      meaningful.push(paint.meaningful);
      contentful.push(paint.contentful);
    } finally {
      await browser.close();
    }
  }
  console.log(`\n## first paint on localhost, median of ${PAINT_RUNS} cold loads (1440×860)`);
  console.log(`${'page'.padEnd(58)} ${'median'.padStart(9)} ${'vs baseline'.padStart(12)}`);
  const row = (label: string, value: number) =>
    console.log(
      `${label.padEnd(58)} ${`${value.toFixed(0)} ms`.padStart(9)} ` +
        `${(value === median(blank) ? 'baseline' : `${(value / median(blank)).toFixed(1)}x`).padStart(12)}`,
    );
  row('baseline: blank page, first contentful paint', median(blank));
  row('dashboard: first contentful paint', median(contentful));
  row('dashboard: first meaningful paint (candles + last price)', median(meaningful));
  console.log('goal: first meaningful paint < 1500 ms');

  const repeat = async (bars: number): Promise<UpdateRun> => {
    const runs: UpdateRun[] = [];
    for (let i = 0; i < UPDATE_RUNS; i++) runs.push(await updatesRun(server.baseUrl, bars));
    return {
      ...runs[0],
      loadLongestMs: Math.max(...runs.map((run) => run.loadLongestMs)),
      warmUpLongestMs: Math.max(...runs.map((run) => run.warmUpLongestMs)),
      longestMs: Math.max(...runs.map((run) => run.longestMs)),
      longTasks: runs.reduce((sum, run) => sum + run.longTasks, 0),
      fps: median(runs.map((run) => run.fps)),
      updatesSent: runs.reduce((sum, run) => sum + run.updatesSent, 0),
      tasks: runs.map((run) => run.tasks || '-').join(' | '),
    };
  };
  const baseline = await repeat(1_000);
  const heavy = await repeat(100_000);
  console.log(
    `\n## main thread with live updates: ${UPDATE_RUNS} runs × ${UPDATE_SECONDS} s at ${UPDATES_PER_SEC} ` +
      'updates/s over the WebSocket (worst run; fps median)',
  );
  console.log(
    `${'case'.padEnd(32)} ${'page load'.padStart(13)} ${'first 1 s'.padStart(10)} ` +
      `${'longest task'.padStart(13)} ${'long tasks'.padStart(11)} ${'fps'.padStart(6)} ` +
      `${'updates'.padStart(8)}`,
  );
  if (process.env.BENCH_VERBOSE)
    console.log(`long tasks (ms after start:duration): baseline ${baseline.tasks} | heavy ${heavy.tasks}`);
  for (const run of [baseline, heavy]) {
    console.log(
      `${(run === baseline ? `baseline: ${run.label}` : run.label).padEnd(32)} ` +
        `${`${run.loadLongestMs.toFixed(0)} ms`.padStart(13)} ` +
        `${`${run.warmUpLongestMs.toFixed(0)} ms`.padStart(10)} ` +
        `${`${run.longestMs.toFixed(0)} ms`.padStart(13)} ${String(run.longTasks).padStart(11)} ` +
        `${run.fps.toFixed(0).padStart(6)} ${String(run.updatesSent).padStart(8)}`,
    );
  }
  const verdict = (run: UpdateRun) =>
    run.longestMs === 0
      ? 'no long task (≥ 50 ms)'
      : `longest ${run.longestMs.toFixed(0)} ms, ${run.longTasks} long task(s) in ${UPDATE_RUNS * UPDATE_SECONDS} s`;
  console.log(`100,000 bars: ${verdict(heavy)}; baseline 1,000 bars: ${verdict(baseline)}`);
  console.log(
    'goal: no long task over 50 ms while updating (the page load with its history and the first second ' +
      'of updates are shown apart)',
  );
  console.log('(a long task is one of 50 ms or more; "0 ms" means none)');
} finally {
  await server.stop();
}
