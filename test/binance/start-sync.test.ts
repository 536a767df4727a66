// `tickscope start --source binance` with the daily sync, against the fake Binance: the start run
// fills a hole left in stored history (which the recent-history load at start does not reach),
// GET /api/v1/sync, POST /api/v1/sync, the health document's `sync` object and GET /api/v1/coverage
// answer as the Data view reads them; `--no-sync` runs nothing by itself, and a source without
// Binance klines has no sync to show.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/cli/commands/start.js';
import { DEFAULTS, type StartConfig } from '../../src/cli/config.js';
import type { Bar } from '../../src/domain/index.js';
import { binanceEndpoints } from '../../src/sources/binance/endpoints.js';
import { fetchKlineBars } from '../../src/sources/binance/kline-backfill.js';
import { BinanceRestClient } from '../../src/sources/binance/rest-client.js';
import { openStore } from '../../src/store/index.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { waitFor } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-start-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = pino({ level: 'silent' });
const BTC = 'binance:BTCUSDT';
const MIN = 60_000;

let fake: FakeBinance | undefined;
let app: RunningApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await fake?.close();
  fake = undefined;
});

function config(overrides: Partial<StartConfig>): StartConfig {
  return {
    ...DEFAULTS,
    port: 0,
    logLevel: 'silent',
    simHistoryMs: 0,
    source: 'binance',
    instruments: [BTC],
    instrumentsGiven: true,
    binanceWsUrl: fake!.urls.spotWs,
    binanceRestUrl: fake!.urls.spotRest,
    ...overrides,
  };
}

async function api(path: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(`${app!.url}/api/v1${path}`, init);
  return { status: res.status, body: await res.json() };
}

/** A database holding 1m bars of [from, to) from the fake's klines, except those of the hole. */
async function storeHistoryWithHole(db: string, from: number, to: number, hole: [number, number]): Promise<Bar[]> {
  const client = new BinanceRestClient({ endpoints: binanceEndpoints('binance', { restUrl: fake!.urls.spotRest }) });
  const bars: Bar[] = [];
  for await (const page of fetchKlineBars(client, { instrument: BTC, timeframe: '1m', from, to }))
    bars.push(...page.bars);
  client.close();
  const store = await openStore({ path: db });
  store.upsertBars(bars.filter((b) => b.start < hole[0] || b.start >= hole[1]));
  await store.close();
  return bars;
}

describe('start with the daily sync', () => {
  it('fills a hole at start and shows its runs, the coverage and the health of the sync', async () => {
    fake = await FakeBinance.start();
    const db = join(dir, 'hole.duckdb');
    const now = Math.floor(Date.now() / MIN) * MIN;
    const hole: [number, number] = [now - 1_300 * MIN, now - 1_250 * MIN];
    const reference = await storeHistoryWithHole(db, now - 1_400 * MIN, now - 1_200 * MIN, hole);
    app = await startApp(config({ db }), { logger: quiet });
    await app.ready;

    await waitFor('the start sync to finish', () => app!.ctx.sync?.status().runs[0]?.finishedAt != null, 30_000);
    const sync = (await api('/sync')).body;
    expect(sync).toMatchObject({ schedule: '5 0 * * *', running: false });
    expect(sync.nextRunAt).toBeGreaterThan(Date.now());
    expect(new Date(sync.nextRunAt).toISOString()).toMatch(/T00:05:00.000Z$/);
    expect(sync.runs).toHaveLength(1);
    expect(sync.runs[0]).toMatchObject({ id: 1, trigger: 'start', instruments: 1, errors: [] });
    expect(sync.runs[0].barsWritten).toBeGreaterThanOrEqual(50);

    // The hole holds the exchange's bars now.
    const { body: holeBars } = await api(
      `/bars?instrument=${BTC}&timeframe=1m&from=${hole[0]}&to=${hole[1]}&limit=1000`,
    );
    const want = reference.filter((b) => b.start >= hole[0] && b.start < hole[1]);
    expect(holeBars.map((b: Bar) => [b.start, b.close, b.trades])).toEqual(
      want.map((b) => [b.start, b.close, b.trades]),
    );

    const { body: detail } = await api(`/coverage?instrument=${BTC}&timeframe=1m`);
    expect(detail).toMatchObject({ instrument: BTC, timeframe: '1m', first: now - 1_400 * MIN });
    // Settled history has no gap left (the live minutes at the end may still be filling).
    expect(detail.gaps.filter((g: { to: number }) => g.to < now - 5 * MIN)).toEqual([]);
    const { body: summary } = await api('/coverage');
    expect(summary.map((c: { instrument: string; timeframe: string }) => `${c.instrument} ${c.timeframe}`)).toEqual(
      ['1s', '1m', '5m', '15m', '1h', '4h', '1d'].map((tf) => `${BTC} ${tf}`),
    );
    expect(summary[1]).not.toHaveProperty('gaps');

    const { body: health } = await api('/health');
    expect(health.sync).toMatchObject({
      schedule: '5 0 * * *',
      lastRun: { id: 1, trigger: 'start', errors: 0, firstError: null },
    });

    const posted = await api('/sync', { method: 'POST' });
    expect(posted.status).toBe(202);
    expect(posted.body.run).toMatchObject({ id: 2, trigger: 'manual', finishedAt: null });
    await waitFor('the manual run to finish', () => app!.ctx.sync?.status().runs[0]?.finishedAt != null, 30_000);
    expect(app.ctx.sync?.status().runs[0]).toMatchObject({ id: 2, errors: [] });
  }, 60_000);

  it('with --no-sync runs nothing by itself, and still runs on demand', async () => {
    fake = await FakeBinance.start();
    app = await startApp(config({ db: join(dir, 'no-sync.duckdb'), sync: false }), { logger: quiet });
    await app.ready;
    const { body } = await api('/sync');
    expect(body).toEqual({ schedule: null, nextRunAt: null, running: false, runs: [] });
    expect((await api('/health')).body.sync).toEqual({
      schedule: null,
      nextRunAt: null,
      running: false,
      lastRun: null,
    });
    expect((await api('/sync', { method: 'POST' })).status).toBe(202);
  }, 30_000);

  it('answers 409 without a Binance source, and refuses a coverage query that names no timeframe', async () => {
    fake = await FakeBinance.start();
    app = await startApp(config({ db: ':memory:', source: 'none' }), { logger: quiet });
    await app.ready;
    const got = await api('/sync');
    expect(got.status).toBe(409);
    expect(got.body.error.message).toMatch(/the daily sync needs a Binance source; the running source is none/);
    expect((await api('/health')).body.sync).toBeNull();
    const noTimeframe = await api(`/coverage?instrument=${BTC}`);
    expect(noTimeframe.status).toBe(400);
    expect(noTimeframe.body.error.message).toMatch(/timeframe is required with instrument/);
    expect((await api('/coverage?instrument=binance:NOPEUSDT&timeframe=1m')).status).toBe(404);
    expect((await api('/coverage')).body).toEqual([]);
  }, 30_000);
});
