// `tickscope start` as a user runs it: health within 15 s, 1s bars of every sim instrument,
// live bar updates over /ws every second, OpenAPI at /docs; and `start --source none` serving
// what a replay stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ensureBuilt, freePort, projectRoot, runCli, waitFor, type CliProcess } from './process.js';

const tmp = mkdtempSync(join(tmpdir(), 'tickscope-e2e-'));
let sim: CliProcess;
let base: string;

beforeAll(async () => {
  ensureBuilt();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  sim = runCli(['start', '--source', 'sim', '--port', String(port), '--db', ':memory:']);
  await waitFor('health', 15_000, async () => ((await fetch(`${base}/api/v1/health`)).ok ? true : undefined));
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('tickscope start --source sim', () => {
  it('reports a simulated source in health', async () => {
    const health = (await (await fetch(`${base}/api/v1/health`)).json()) as any;
    expect(health).toMatchObject({ status: 'ok', source: { kind: 'sim', simulated: true } });
  });

  it('builds 1s bars of all three sim instruments within 5 s', async () => {
    for (const instrument of ['sim:AAA', 'sim:BBB', 'sim:CCC']) {
      const bars = await waitFor(`1s bars of ${instrument}`, 5_000, async () => {
        const rows = (await (await fetch(`${base}/api/v1/bars?instrument=${instrument}&timeframe=1s`)).json()) as any[];
        return rows.length > 0 ? rows : undefined;
      });
      expect(bars[0]).toMatchObject({ instrument, timeframe: '1s' });
      expect(bars[0].high).toBeGreaterThanOrEqual(bars[0].low);
    }
  });

  it('pushes bar updates to a /ws subscriber every second', async () => {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/ws`);
    const starts = new Set<number>();
    let updates = 0;
    await new Promise<void>((done, fail) => {
      socket.on('open', () => socket.send(JSON.stringify({ op: 'subscribe', channels: ['bars:sim:AAA:1s'] })));
      socket.on('message', (raw) => {
        const message = JSON.parse(raw.toString());
        if (message.channel !== 'bars:sim:AAA:1s') return;
        updates++;
        starts.add(message.data.start);
        if (starts.size >= 4) done();
      });
      socket.on('error', fail);
      setTimeout(() => fail(new Error(`only ${starts.size} distinct seconds in ${updates} updates`)), 8_000);
    });
    socket.close();
    expect(updates).toBeGreaterThanOrEqual(4);
  });

  it('serves the OpenAPI page at /docs and the dashboard at /', async () => {
    const docs = await fetch(`${base}/docs`);
    expect(docs.ok).toBe(true);
    expect(await docs.text()).toMatch(/swagger/i);
    const spec = (await (await fetch(`${base}/docs/json`)).json()) as any;
    expect(spec.paths['/api/v1/bars']).toBeDefined();
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});

describe('tickscope replay then start --source none', () => {
  it('serves the bars a replay stored', async () => {
    const db = join(tmp, 'replayed.duckdb');
    const capture = resolve(projectRoot, '../shared/data/binance/hftbacktest/spot/ethusdt_20240809.gz');
    const replay = runCli(['replay', capture, '--db', db]);
    const code = await new Promise<number | null>((done) => replay.child.once('exit', done));
    expect(code, replay.output()).toBe(0);
    expect(replay.output()).toMatch(/ticks\s+8409/);

    const port = await freePort();
    const none = runCli(['start', '--source', 'none', '--port', String(port), '--db', db]);
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitFor('health', 15_000, async () => ((await fetch(`${url}/api/v1/health`)).ok ? true : undefined));
      const bars = (await (
        await fetch(`${url}/api/v1/bars?instrument=binance:ETHUSDT&timeframe=1m&limit=100`)
      ).json()) as any[];
      expect(bars.length).toBe(6);
      expect(bars.every((b: { closed: boolean }) => b.closed)).toBe(true);
      expect(bars.reduce((s: number, b: { trades: number }) => s + b.trades, 0)).toBe(8409);
    } finally {
      await none.stop();
    }
  }, 60_000);
});
