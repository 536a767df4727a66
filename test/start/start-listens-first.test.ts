// `tickscope start` answers at once and reports where its source stands: while Binance does not
// answer the health says "connecting" with the fallback countdown; after the fallback the
// simulator writes its history through the pipeline (bars in every timeframe) before streaming
// live, and a restart on the same database continues without writing a second history.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/cli/commands/start.js';
import { DEFAULTS, type StartConfig } from '../../src/cli/config.js';
import { TIMEFRAMES } from '../../src/domain/index.js';
import type { Health } from '../../src/server/wire-types.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-start-first-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = pino({ level: 'silent' });

/** A "Binance" that accepts TCP connections and never answers them, until closed. */
async function silentBinance(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let app: RunningApp | undefined;
let binance: Awaited<ReturnType<typeof silentBinance>> | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await binance?.close();
  binance = undefined;
});

function config(overrides: Partial<StartConfig>): StartConfig {
  return { ...DEFAULTS, port: 0, logLevel: 'silent', instrumentsGiven: false, ...overrides };
}

async function health(): Promise<Health> {
  return (await fetch(`${app!.url}/api/v1/health`)).json() as Promise<Health>;
}

describe('start listens before its source is ready', () => {
  it('answers health as "connecting" with the fallback countdown while Binance does not answer', async () => {
    binance = await silentBinance();
    app = await startApp(
      config({
        source: 'auto',
        db: ':memory:',
        simHistoryMs: 0,
        binanceWsUrl: `ws://127.0.0.1:${binance.port}`,
        binanceRestUrl: `http://127.0.0.1:${binance.port}`,
      }),
      // Long enough that the fallback cannot come before the first request on a loaded machine.
      { logger: quiet, autoConnectTimeoutMs: 600_000 },
    );
    const connecting = await health();
    expect(connecting.source).toMatchObject({ kind: 'binance', simulated: false, state: 'connecting' });
    expect(connecting.source.fallbackInMs).toBeGreaterThan(0);
    expect(connecting.source.fallbackInMs).toBeLessThanOrEqual(600_000);
  });

  it('stops promptly when stopped while still connecting', async () => {
    binance = await silentBinance();
    app = await startApp(
      config({
        source: 'auto',
        db: ':memory:',
        binanceWsUrl: `ws://127.0.0.1:${binance.port}`,
        binanceRestUrl: `http://127.0.0.1:${binance.port}`,
      }),
      { logger: quiet, autoConnectTimeoutMs: 600_000 },
    );
    expect((await health()).source.state).toBe('connecting');
    await app.stop();
    app = undefined;
  });
});

describe('the simulator history at start', () => {
  it('fills every timeframe through the pipeline, then streams live; a restart writes no second history', async () => {
    const db = join(dir, 'history.duckdb');
    const hours = 3;
    binance = await silentBinance();
    app = await startApp(
      config({
        source: 'auto',
        db,
        simHistoryMs: hours * 3_600_000,
        binanceWsUrl: `ws://127.0.0.1:${binance.port}`,
        binanceRestUrl: `http://127.0.0.1:${binance.port}`,
      }),
      { logger: quiet, autoConnectTimeoutMs: 200 },
    );
    await app.ready;
    const after = await health();
    expect(after.source).toMatchObject({ kind: 'sim', simulated: true, state: 'simulated' });
    expect(after.source.history).toMatchObject({ done: true });
    const history = after.source.history!;
    expect(history.to - history.from).toBe(hours * 3_600_000);
    expect(history.ticks).toBeGreaterThan(0);

    for (const instrument of ['sim:AAA', 'sim:BBB', 'sim:CCC']) {
      for (const timeframe of TIMEFRAMES) {
        const res = await fetch(`${app.url}/api/v1/bars?instrument=${instrument}&timeframe=${timeframe}&limit=100000`);
        const bars = (await res.json()) as Array<{ start: number }>;
        // A bar for every bucket the history spans (the simulator trades in every minute).
        const size = { '1s': 1_000, '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000 }[timeframe as string];
        if (size !== undefined) {
          const firstFull = Math.ceil(history.from / size) * size;
          const buckets = Math.floor((history.to - firstFull) / size);
          const stored = bars.filter((b) => b.start >= firstFull && b.start < firstFull + buckets * size).length;
          if (timeframe === '1s') expect(stored).toBeGreaterThan(buckets / 5);
          else expect(stored, `${instrument} ${timeframe}`).toBe(buckets);
        } else {
          expect(bars.length, `${instrument} ${timeframe}`).toBeGreaterThan(0);
        }
      }
    }
    const instruments = async () =>
      ((await (await fetch(`${app!.url}/api/v1/instruments`)).json()) as Array<{ id: string; storedTicks: number }>)
        .filter((i) => i.id.startsWith('sim:'))
        .reduce((sum, i) => sum + i.storedTicks, 0);
    const storedBefore = await instruments();
    expect(storedBefore).toBeGreaterThanOrEqual(history.ticks);
    await app.stop();

    app = await startApp(config({ source: 'sim', db, simHistoryMs: hours * 3_600_000 }), { logger: quiet });
    await app.ready;
    const restarted = await health();
    expect(restarted.source).toMatchObject({ kind: 'sim', state: 'simulated', history: null });
    // The stored trades are the first run's plus live ones, never a second history's.
    const storedAfter = await instruments();
    expect(storedAfter).toBeGreaterThanOrEqual(storedBefore);
    expect(storedAfter - storedBefore).toBeLessThan(history.ticks);
  }, 120_000);
});
