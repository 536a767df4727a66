// kill -9 during Binance ingestion, then a restart on the same database: the database opens
// cleanly and, after the gap fill, the stored ticks are exactly the server's trades.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { ensureBuilt, freePort, runCli, waitFor } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kill -9 and restart', () => {
  it('resumes from the last stored trade and fills what it missed while down', async () => {
    ensureBuilt();
    const fake = await FakeBinance.start();
    const db = join(dir, 'kill.duckdb');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = [
      'start',
      '--source',
      'binance',
      '--instruments',
      'binance:BTCUSDT',
      '--port',
      String(port),
      '--db',
      db,
      '--binance-ws-url',
      fake.urls.spotWs,
      '--binance-rest-url',
      fake.urls.spotRest,
    ];
    const health = async () => (await (await fetch(`${url}/api/v1/health`)).json()) as any;
    try {
      fake.spot.setTradeRate('BTCUSDT', 200);
      const first = runCli(args);
      await waitFor('ticks stored', 20_000, async () => ((await health()).store.writtenTicks > 300 ? true : undefined));
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      await new Promise((r) => setTimeout(r, 1_000)); // trades the process misses while down

      const second = runCli(args);
      try {
        await waitFor('health after restart', 20_000, async () =>
          (await fetch(`${url}/api/v1/health`)).ok ? true : undefined,
        );
        await new Promise((r) => setTimeout(r, 1_000));
        fake.spot.setTradeRate('BTCUSDT', 0);
        const tape = fake.spot.tape('BTCUSDT');
        await waitFor('caught up with the server', 20_000, async () =>
          (await health()).streams[0]?.lastTradeId === tape.lastId ? true : undefined,
        );
        await waitFor('ticks flushed', 5_000, async () =>
          (await health()).store.pendingTicks === 0 ? true : undefined,
        );
        const ticks = (await (
          await fetch(`${url}/api/v1/ticks?instrument=binance:BTCUSDT&limit=100000`)
        ).json()) as Array<{ id: number }>;
        const expected = tape.tradesFrom(ticks[0].id, 100_000, false).map((t) => t.id);
        expect(ticks.length).toBe(expected.length);
        expect(ticks.map((t) => t.id)).toEqual(expected);
        expect((await health()).gaps.open).toBe(0);
      } finally {
        await second.stop();
      }
    } finally {
      fake.spot.setTradeRate('BTCUSDT', 0);
      await fake.close();
    }
  }, 120_000);
});
