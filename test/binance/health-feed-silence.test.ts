// Health against the fake Binance (issue #15): when the exchange stops sending one symbol's
// trades, or stalls the connection, the last trade's lateness stays what it was and the socket
// stays open; health must still say which streams have gone silent, from the time since their
// last message, and fail once none talks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildHealth } from '../../src/server/health.js';
import { startApp, type RunningApp } from '../../src/cli/commands/start.js';
import { DEFAULTS } from '../../src/cli/config.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { waitFor } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-health-silence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

const health = () => buildHealth(app!.ctx);
const codes = () => health().reasons.map((reason) => reason.code);

describe('health of Binance feeds', () => {
  it('calls a stream silent once the exchange stops sending it, while its socket stays connected', async () => {
    fake = await FakeBinance.start();
    app = await startApp(
      {
        ...DEFAULTS,
        port: 0,
        logLevel: 'silent',
        simHistoryMs: 0,
        source: 'binance',
        db: join(dir, 'silence.duckdb'),
        instruments: ['binance:BTCUSDT', 'binance:ETHUSDT'],
        instrumentsGiven: true,
        binanceWsUrl: fake.urls.spotWs,
        binanceRestUrl: fake.urls.spotRest,
      },
      { logger: pino({ level: 'silent' }) },
    );
    await app.ready;
    fake.spot.setTradeRate('BTCUSDT', 100);
    fake.spot.setTradeRate('ETHUSDT', 100);
    await waitFor('both streams to have a pace', () =>
      health().streams.every((stream) => typeof stream.expectedGapMs === 'number'),
    );
    expect(health().status).toBe('ok');

    fake.spot.setTradeRate('BTCUSDT', 0);
    await waitFor(
      'BTCUSDT to be called silent',
      () => codes().includes('feed_silent'),
      15_000,
      () => JSON.stringify(health().streams),
    );
    const silent = health();
    expect(silent.status).toBe('degraded');
    const reason = silent.reasons.find((r) => r.code === 'feed_silent')!;
    expect(reason.message).toMatch(/^1 of 2 streams silent longer than expected: binance:BTCUSDT \d+ s/);
    expect(silent.streams.find((s) => s.instrument === 'binance:BTCUSDT')).toMatchObject({ connected: true });

    fake.spot.stallConnections();
    await waitFor(
      'every stream silent: failing',
      () => health().status === 'failing',
      15_000,
      () => JSON.stringify(health().reasons),
    );
    expect(health().reasons.find((r) => r.code === 'feed_silent')!.message).toMatch(/^2 of 2 streams silent/);
  }, 60_000);
});
