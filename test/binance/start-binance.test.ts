// `tickscope start --source binance` against the fake Binance: the stored ticks are exactly the
// server's trades through disconnects and dropped frames, the 1s bars equal those built from the
// server's full trade list, the watch list changes at runtime and survives a restart, gaps are
// reported, and `--source auto` falls back to the simulator when Binance cannot be reached.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/cli/commands/start.js';
import { DEFAULTS, type StartConfig } from '../../src/cli/config.js';
import type { Tick } from '../../src/domain/index.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { referenceBars } from '../replay/reference-bars.js';
import { pause, waitFor } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-start-binance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = pino({ level: 'silent' });

let fake: FakeBinance | undefined;
let app: RunningApp | undefined;
afterEach(async () => {
  fake?.spot.setTradeRate('BTCUSDT', 0);
  fake?.spot.setTradeRate('ETHUSDT', 0);
  await app?.stop();
  app = undefined;
  await fake?.close();
  fake = undefined;
});

function config(overrides: Partial<StartConfig>): StartConfig {
  return { ...DEFAULTS, port: 0, logLevel: 'silent', instrumentsGiven: false, simHistoryMs: 0, ...overrides };
}

/** Starts the app and waits for its live source (the server answers before it is chosen). */
async function startReady(...args: Parameters<typeof startApp>): Promise<RunningApp> {
  const running = await startApp(...args);
  await running.ready;
  return running;
}

async function getJson(path: string): Promise<any> {
  const res = await fetch(`${app!.url}${path}`);
  return res.json();
}

describe('start --source binance', () => {
  it('stores exactly the server trades and their 1s bars through disconnects and dropped frames', async () => {
    fake = await FakeBinance.start();
    const db = join(dir, 'exact.duckdb');
    app = await startReady(
      config({
        source: 'binance',
        db,
        instruments: ['binance:BTCUSDT', 'binance:ETHUSDT'],
        instrumentsGiven: true,
        binanceWsUrl: fake.urls.spotWs,
        binanceRestUrl: fake.urls.spotRest,
      }),
      { logger: quiet },
    );
    fake.spot.setTradeRate('BTCUSDT', 150);
    fake.spot.setTradeRate('ETHUSDT', 80);
    await pause(600);
    fake.spot.dropConnections();
    await pause(400);
    fake.spot.dropNextTrades('BTCUSDT', 30);
    await pause(400);
    fake.spot.sendGarbage();
    fake.spot.duplicateNextTrades('ETHUSDT', 5);
    await pause(3000);
    fake.spot.setTradeRate('BTCUSDT', 0);
    fake.spot.setTradeRate('ETHUSDT', 0);

    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const tape = fake.spot.tape(symbol);
      await waitFor(
        `${symbol} caught up`,
        () => app!.ctx.pipeline.lastTradeId(`binance:${symbol}`) === tape.lastId,
        15_000,
      );
      const ticks: Tick[] = await getJson(`/api/v1/ticks?instrument=binance:${symbol}&limit=100000`);
      const first = ticks[0].id;
      const expected = tape.tradesFrom(first, 100_000, false);
      expect(ticks.map((t) => t.id)).toEqual(expected.map((t) => t.id));
      expect(ticks.map((t) => [t.price, t.qty, t.buyerMaker, t.ts])).toEqual(
        expected.map((t) => [t.priceValue, t.qtyValue, t.isBuyerMaker, t.time]),
      );

      // Closed 1s bars (the first one repaired from its kline) equal bars of the full trade list.
      await pause(2_500);
      const bars = (
        await getJson(
          `/api/v1/bars?instrument=binance:${symbol}&timeframe=1s&` +
            `from=${Math.floor(ticks[0].ts / 1000) * 1000}&limit=100000`,
        )
      ).filter((b: { closed: boolean }) => b.closed);
      const all = tape.tradesFrom(0, 1_000_000, false).map((t) => ({
        instrument: '',
        id: t.id,
        ts: t.time,
        price: t.priceValue,
        qty: t.qtyValue,
        buyerMaker: t.isBuyerMaker,
      }));
      const reference = new Map(referenceBars(all, '1s').map((b) => [b.start, b]));
      expect(bars.length).toBeGreaterThan(3);
      for (const bar of bars) {
        const want = reference.get(bar.start)!;
        expect([bar.start, bar.open, bar.high, bar.low, bar.close, bar.trades]).toEqual([
          want.start,
          want.open,
          want.high,
          want.low,
          want.close,
          want.trades,
        ]);
        expect(bar.volume).toBeCloseTo(want.volume, 9);
      }
    }
    const gaps = await getJson('/api/v1/gaps');
    expect(
      gaps.some((g: { instrument: string; filled: boolean }) => g.instrument === 'binance:BTCUSDT' && g.filled),
    ).toBe(true);
    const health = await getJson('/api/v1/health');
    expect(health).toMatchObject({ source: { kind: 'binance', simulated: false }, gaps: { open: 0 } });
    expect(health.gaps.detected).toBeGreaterThan(0);
    expect(health.streams.map((s: { instrument: string }) => s.instrument).sort()).toEqual([
      'binance:BTCUSDT',
      'binance:ETHUSDT',
    ]);
  }, 60_000);

  it('adds and removes instruments at runtime and streams the same list after a restart', async () => {
    fake = await FakeBinance.start({ symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] });
    const db = join(dir, 'watchlist.duckdb');
    const cfg = config({ source: 'binance', db, binanceWsUrl: fake.urls.spotWs, binanceRestUrl: fake.urls.spotRest });
    app = await startReady(cfg, { logger: quiet });
    const added = await fetch(`${app.url}/api/v1/instruments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'binance:SOLUSDT' }),
    });
    expect(added.status).toBe(201);
    const removed = await fetch(`${app.url}/api/v1/instruments/binance:ETHUSDT`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect((await fetch(`${app.url}/api/v1/instruments/binance:ETHUSDT`, { method: 'DELETE' })).status).toBe(404);
    const bad = await fetch(`${app.url}/api/v1/instruments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'sim:AAA' }),
    });
    expect(bad.status).toBe(400);
    fake.spot.emitTrades('SOLUSDT', 3);
    await waitFor(
      'SOLUSDT trades',
      () => app!.ctx.pipeline.lastTradeId('binance:SOLUSDT') === fake!.spot.tape('SOLUSDT').lastId,
      10_000,
    );
    await app.stop();

    app = await startReady(cfg, { logger: quiet });
    expect(app.ctx.source?.instruments().sort()).toEqual(['binance:BTCUSDT', 'binance:SOLUSDT']);
  }, 60_000);
});

describe('start --source binance-futures', () => {
  it.each([
    [
      '--binance-futures-*-url',
      (f: FakeBinance) => ({ binanceFuturesWsUrl: f.urls.futuresWs, binanceFuturesRestUrl: f.urls.futuresRest }),
    ],
    [
      '--binance-*-url of a server that speaks both',
      (f: FakeBinance) => ({ binanceWsUrl: f.urls.spotWs, binanceRestUrl: f.urls.spotRest }),
    ],
  ])(
    'stores exactly the USD-M trades with %s',
    async (_label, urls) => {
      fake = await FakeBinance.start();
      app = await startReady(
        config({
          source: 'binance-futures',
          db: ':memory:',
          instruments: ['binance-futures:BTCUSDT'],
          instrumentsGiven: true,
          ...urls(fake),
        }),
        {
          logger: quiet,
        },
      );
      await pause(300);
      fake.futures.emitTrades('BTCUSDT', 50);
      fake.futures.dropConnections();
      await pause(200);
      fake.futures.emitTrades('BTCUSDT', 50);
      const tape = fake.futures.tape('BTCUSDT');
      await waitFor(
        'futures caught up',
        () => app!.ctx.pipeline.lastTradeId('binance-futures:BTCUSDT') === tape.lastId,
        15_000,
      );
      await app.ctx.store.flush();
      const ticks: Tick[] = await getJson('/api/v1/ticks?instrument=binance-futures:BTCUSDT&limit=100000');
      expect(ticks.map((t) => t.id)).toEqual(tape.tradesFrom(ticks[0].id, 100_000, true).map((t) => t.id));
      expect((await getJson('/api/v1/health')).source).toMatchObject({
        kind: 'binance-futures',
        simulated: false,
        state: 'live',
      });
    },
    30_000,
  );
});

describe('start --source auto', () => {
  it('falls back to the simulator, flagged as simulated, when Binance cannot be reached', async () => {
    app = await startReady(
      config({
        source: 'auto',
        db: ':memory:',
        binanceWsUrl: 'ws://127.0.0.1:9',
        binanceRestUrl: 'http://127.0.0.1:9',
      }),
      {
        logger: quiet,
        autoConnectTimeoutMs: 500,
      },
    );
    const health = await getJson('/api/v1/health');
    expect(health.source).toMatchObject({ kind: 'sim', simulated: true, state: 'simulated', history: null });
  }, 30_000);

  it('uses Binance when it answers', async () => {
    fake = await FakeBinance.start();
    app = await startReady(
      config({ source: 'auto', db: ':memory:', binanceWsUrl: fake.urls.spotWs, binanceRestUrl: fake.urls.spotRest }),
      {
        logger: quiet,
        autoConnectTimeoutMs: 5_000,
      },
    );
    expect((await getJson('/api/v1/health')).source).toMatchObject({
      kind: 'binance',
      simulated: false,
      state: 'live',
    });
  }, 30_000);
});
