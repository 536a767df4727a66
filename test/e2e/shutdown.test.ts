// SIGTERM stops `tickscope start` under a load like the 100-instrument soak's (issue #15: one such
// run had not exited 17 minutes after SIGTERM): while the start history and the daily sync of 100
// instruments are still going on, and later with /ws clients subscribed while trades stream. The
// app must exit 0 after logging 'tickscope stopped'; the deadline only tells a hang from an exit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { ensureBuilt, freePort, runCli, waitFor, type CliProcess } from './process.js';

const INSTRUMENTS = 100;
/** Far longer than the store's 10 s retry of a failing final flush: past it, the app hangs. */
const EXIT_DEADLINE_MS = 45_000;

const dir = mkdtempSync(join(tmpdir(), 'tickscope-shutdown-'));
const symbols = ['BTCUSDT', 'ETHUSDT', ...Array.from({ length: INSTRUMENTS - 2 }, (_, i) => `X${i + 1}USDT`)];
let fake: FakeBinance;

beforeAll(async () => {
  ensureBuilt({ web: false });
  fake = await FakeBinance.start({ symbols });
  for (const symbol of symbols) fake.spot.setTradeRate(symbol, 10);
});
afterAll(async () => {
  for (const symbol of symbols) fake?.spot.setTradeRate(symbol, 0);
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startApp(name: string): Promise<{ app: CliProcess; url: string }> {
  const port = await freePort();
  const app = runCli([
    'start',
    '--source',
    'binance',
    '--instruments',
    symbols.map((s) => `binance:${s}`).join(','),
    '--port',
    String(port),
    '--db',
    join(dir, `${name}.duckdb`),
    '--binance-ws-url',
    fake.urls.spotWs,
    '--binance-rest-url',
    fake.urls.spotRest,
  ]);
  return { app, url: `http://127.0.0.1:${port}` };
}

/** SIGTERM, then the exit code, or a failure naming the hang and the app's last log lines. */
async function terminate(app: CliProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => app.child.once('exit', (code) => resolve(code)));
  app.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      app.child.kill('SIGKILL');
      reject(new Error(`no exit ${EXIT_DEADLINE_MS} ms after SIGTERM; last log:\n${app.output().slice(-3000)}`));
    }, EXIT_DEADLINE_MS);
  });
  try {
    return await Promise.race([exited, hung]);
  } finally {
    clearTimeout(timer);
  }
}

describe(`SIGTERM with ${INSTRUMENTS} live instruments`, () => {
  it('exits while the start history and the daily sync are under way', async () => {
    const { app, url } = await startApp('early');
    await waitFor('the server up', 30_000, async () => ((await fetch(`${url}/api/v1/health`)).ok ? true : undefined));
    expect(await terminate(app)).toBe(0);
    expect(app.output()).toContain('tickscope stopped');
  }, 120_000);

  it('exits while trades stream to subscribed /ws clients', async () => {
    const { app, url } = await startApp('streaming');
    const health = async () => (await (await fetch(`${url}/api/v1/health`)).json()) as any;
    await waitFor('ticks stored', 60_000, async () => ((await health()).store.writtenTicks > 1_000 ? true : undefined));
    const channels = symbols.slice(0, 50).flatMap((s) => [`bars:binance:${s}:1s`, `bars:binance:${s}:1m`]);
    const clients = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`);
            ws.once('open', () => {
              ws.send(JSON.stringify({ op: 'subscribe', channels }));
              resolve(ws);
            });
            ws.once('error', reject);
          }),
      ),
    );
    try {
      await waitFor(
        'bars on /ws',
        10_000,
        async () => new Promise<true>((resolve) => clients[0].once('message', () => resolve(true))),
      );
      expect(await terminate(app)).toBe(0);
      expect(app.output()).toContain('tickscope stopped');
    } finally {
      for (const ws of clients) ws.terminate();
    }
  }, 180_000);
});
