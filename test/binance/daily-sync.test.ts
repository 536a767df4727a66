// The daily sync against the fake Binance, on a clock and a scheduler the test drives (no
// sleeping on the wall clock): the start run fills a hole in stored history, a scheduled run
// fires at the cron time and brings the history up to date, a range the exchange has no klines
// for is recorded and never asked for again (requests counted at the fake), and no bar is
// written twice or over a stored one.
import { afterEach, describe, expect, it } from 'vitest';
import { TIMEFRAME_MS, type Bar } from '../../src/domain/index.js';
import type { Logger } from '../../src/domain/logger.js';
import { DailySync, type SyncTarget } from '../../src/ingest/sync/daily-sync.js';
import { SyncCron, type SyncScheduler } from '../../src/ingest/sync/sync-schedule.js';
import { binanceEndpoints } from '../../src/sources/binance/endpoints.js';
import { fetchKlineBars } from '../../src/sources/binance/kline-backfill.js';
import { BinanceRestClient } from '../../src/sources/binance/rest-client.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';

const BTC = 'binance:BTCUSDT';
const MIN = TIMEFRAME_MS['1m'];
/** The sync's clock: 00:05 UTC, the default schedule's time, on a day the fake has klines for. */
const NOW = Date.UTC(2026, 0, 10, 0, 5);
/** Buckets that ended less than 2 minutes ago are not synced: the last one is 00:02, ending at 00:03. */
const SETTLED_END = NOW - 2 * MIN;
const T0 = SETTLED_END - 200 * MIN;

class ManualScheduler implements SyncScheduler {
  readonly pending: Array<{ time: number; run: () => void }> = [];
  at(time: number, run: () => void): () => void {
    const entry = { time, run };
    this.pending.push(entry);
    return () => this.pending.splice(this.pending.indexOf(entry), 1);
  }
  fire(): number {
    const entry = this.pending.shift();
    if (entry === undefined) throw new Error('nothing is scheduled');
    entry.run();
    return entry.time;
  }
}

class RecordingLogger implements Logger {
  readonly lines: Array<{ level: string; details: object; message?: string }> = [];
  debug() {}
  info(details: object, message?: string) {
    this.lines.push({ level: 'info', details, message });
  }
  warn(details: object, message?: string) {
    this.lines.push({ level: 'warn', details, message });
  }
  error(details: object, message?: string) {
    this.lines.push({ level: 'error', details, message });
  }
}

let fake: FakeBinance | undefined;
let store: Store | undefined;
let client: BinanceRestClient | undefined;
let sync: DailySync | undefined;
afterEach(async () => {
  await sync?.stop();
  client?.close();
  await store?.close();
  await fake?.close();
  sync = client = store = fake = undefined;
});

async function setUp() {
  fake = await FakeBinance.start();
  store = await openStore({ path: ':memory:' });
  client = new BinanceRestClient({ endpoints: binanceEndpoints('binance', { restUrl: fake.urls.spotRest }) });
  return { fake, store, client };
}

/** The exchange's 1m bars of [from, to), read the way backfill reads them. */
async function exchangeBars(from: number, to: number): Promise<Bar[]> {
  const bars: Bar[] = [];
  for await (const page of fetchKlineBars(client!, { instrument: BTC, timeframe: '1m', from, to }, { now: () => to }))
    bars.push(...page.bars);
  return bars;
}

const klineRequests = () => fake!.spot.rest.requests.filter((r) => r.path.endsWith('/klines'));

async function openSync(clock: { now: number }, scheduler = new ManualScheduler(), logger = new RecordingLogger()) {
  const targets: SyncTarget[] = [{ instrument: BTC, timeframes: ['1m'], client: client! }];
  sync = await DailySync.open({
    store: store!,
    targets: () => targets,
    logger,
    cron: new SyncCron('5 0 * * *'),
    now: () => clock.now,
    scheduler,
  });
  return { sync, scheduler, logger };
}

describe('daily sync', () => {
  it('fills a hole in stored history at start, writing only the missing bars, and logs one line', async () => {
    await setUp();
    const reference = await exchangeBars(T0, SETTLED_END);
    // Stored: the first 100 minutes and minutes 150-179; missing: 100-149 (a hole) and 180-199 (the tail).
    const stored = reference.filter(
      (b) => b.start < T0 + 100 * MIN || (b.start >= T0 + 150 * MIN && b.start < T0 + 180 * MIN),
    );
    // A stored bar that differs from the exchange's (a live one) must stay as it is.
    stored[0] = { ...stored[0], trades: 999_999 };
    store!.upsertBars(stored);
    await store!.flush();
    const before = klineRequests().length;

    const { sync, logger } = await openSync({ now: NOW });
    const run = await sync.start();

    expect(run).toMatchObject({ trigger: 'start', instruments: 1, barsWritten: 70, rangesRequested: 2, errors: [] });
    const bars = await store!.readBars({ instrument: BTC, timeframe: '1m', from: 0 });
    expect(bars).toEqual([stored[0], ...reference.slice(1)]);
    // One window holds both missing ranges: one request.
    expect(klineRequests().length - before).toBe(1);
    expect(logger.lines.filter((l) => /^sync run 1 \(start\)/.test(l.message ?? ''))).toHaveLength(1);
    expect(sync.status()).toMatchObject({
      schedule: '5 0 * * *',
      nextRunAt: Date.UTC(2026, 0, 11, 0, 5),
      running: false,
      runs: [{ id: 1, trigger: 'start', startedAt: NOW, finishedAt: NOW, barsWritten: 70 }],
    });
  });

  it('runs at the scheduled time and brings the history up to that time', async () => {
    await setUp();
    store!.upsertBars(await exchangeBars(T0, SETTLED_END));
    await store!.flush();
    const clock = { now: NOW };
    const { sync, scheduler } = await openSync(clock);
    expect((await sync.start())?.barsWritten).toBe(0);

    expect(scheduler.pending.map((p) => p.time)).toEqual([Date.UTC(2026, 0, 11, 0, 5)]);
    clock.now = Date.UTC(2026, 0, 11, 0, 5);
    scheduler.fire();
    await waitForRun(sync, 2);

    const [scheduled] = sync.status().runs;
    // A day of minutes, ending at 00:02 of the new day.
    expect(scheduled).toMatchObject({ trigger: 'schedule', barsWritten: 24 * 60, errors: [] });
    const [last] = await store!.readBars({ instrument: BTC, timeframe: '1m', limit: 1 });
    expect(last.start).toBe(clock.now - 3 * MIN);
    expect(sync.status().nextRunAt).toBe(Date.UTC(2026, 0, 12, 0, 5));
    expect(scheduler.pending.map((p) => p.time)).toEqual([Date.UTC(2026, 0, 12, 0, 5)]);
  });

  it('records a range the exchange has no klines for and never asks for it again', async () => {
    await setUp();
    const reference = await exchangeBars(T0, SETTLED_END);
    // A maintenance window: the exchange has no rows for minutes 60-69.
    for (let m = 60; m < 70; m++) fake!.spot.omitKline('BTCUSDT', MIN, T0 + m * MIN);
    // Stored: everything but minutes 50-89.
    store!.upsertBars(reference.filter((b) => b.start < T0 + 50 * MIN || b.start >= T0 + 90 * MIN));
    await store!.flush();
    const { sync } = await openSync({ now: NOW });

    const first = await sync.run('manual');
    expect(first).toMatchObject({ barsWritten: 30, rangesRequested: 1, emptyRanges: 1, errors: [] });
    expect(await store!.noKlineDataRanges(BTC, '1m')).toEqual([{ from: T0 + 60 * MIN, to: T0 + 70 * MIN }]);
    const coverage = await store!.barCoverageDetail(BTC, '1m', 10);
    expect(coverage.gaps).toEqual([{ from: T0 + 60 * MIN, to: T0 + 70 * MIN, missingBars: 10, noDataBars: 10 }]);

    const before = klineRequests().length;
    const second = await sync.run('manual');
    expect(second).toMatchObject({ barsWritten: 0, rangesRequested: 0, emptyRanges: 0, requests: 0 });
    expect(klineRequests().length).toBe(before);
  });

  it('refuses a second run while one is going on, and reports a failing instrument in the run', async () => {
    await setUp();
    fake!.spot.rest.failures.push({ status: 400, remaining: 1, pathSuffix: 'klines' });
    const { sync, logger } = await openSync({ now: NOW });
    const running = sync.run('manual');
    await expect(sync.run('manual')).rejects.toThrow(/sync run 1 \(manual\) is still running/);
    const run = await running;
    expect(run.errors).toEqual([{ instrument: BTC, timeframe: '1m', message: expect.stringContaining('400') }]);
    expect(logger.lines.at(-1)).toMatchObject({ level: 'warn', details: { run: 1, errors: 1 } });
    // Nothing was recorded as without data: the exchange did not answer.
    expect(await store!.noKlineDataRanges(BTC, '1m')).toEqual([]);
  });

  it('keeps its runs across a restart', async () => {
    await setUp();
    const first = await openSync({ now: NOW });
    await first.sync.run('manual');
    await first.sync.stop();
    const { sync: reopened } = await openSync({ now: NOW + MIN });
    expect(reopened.status().runs.map((r) => [r.id, r.trigger])).toEqual([[1, 'manual']]);
    expect((await reopened.run('manual')).id).toBe(2);
  });
});

async function waitForRun(sync: DailySync, id: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const run = sync.status().runs.find((r) => r.id === id);
    if (run?.finishedAt != null) return;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`sync run ${id} did not finish: ${JSON.stringify(sync.status())}`);
}
