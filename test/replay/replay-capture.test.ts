// Replays the real Binance captures of the recorded-data directory (SHARED_DATA_DIR) and checks
// that the stored 1s and 1m bars are exactly those built from the same trades by a plain
// reference grouping.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { replayFiles } from '../../src/cli/commands/replay.js';
import type { Tick, Timeframe } from '../../src/domain/index.js';
import { openStore } from '../../src/store/index.js';
import { referenceBars } from './reference-bars.js';

const dataDir = resolve(process.env.SHARED_DATA_DIR ?? resolve(import.meta.dirname, '../../../shared/data'));
const spot = (name: string) => join(dataDir, 'binance/hftbacktest/spot', name);
const files = ['btcusdt_20240808.gz', 'btcusdt_20240809.gz', 'ethusdt_20240808.gz', 'ethusdt_20240809.gz'].map(spot);

function tradesOf(paths: string[], symbol: string): Tick[] {
  const ticks: Tick[] = [];
  for (const path of paths) {
    for (const line of gunzipSync(readFileSync(path)).toString('utf8').split('\n')) {
      const json = line.slice(line.indexOf(' ') + 1);
      if (!json.includes('"e":"trade"')) continue;
      const d = JSON.parse(json).data;
      if (d.s !== symbol) continue;
      ticks.push({
        instrument: `binance:${symbol}`,
        id: d.t,
        ts: d.T,
        price: Number(d.p),
        qty: Number(d.q),
        buyerMaker: d.m,
      });
    }
  }
  return ticks;
}

const dir = mkdtempSync(join(tmpdir(), 'tickscope-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replay of real Binance spot captures', () => {
  it('stores exactly the 1s and 1m bars built from the same trades', async () => {
    const db = join(dir, 'replay.duckdb');
    const summary = await replayFiles(files, { venue: 'binance', speed: 'max', db, progress: false });
    const btc = tradesOf(files.slice(0, 2), 'BTCUSDT');
    const eth = tradesOf(files.slice(2), 'ETHUSDT');
    expect(summary.ticks).toBe(btc.length + eth.length);
    expect(summary.errors).toBe(0);
    expect(summary.duplicates).toBe(0);
    expect(summary.skipped).toBeGreaterThan(100_000); // depth and bookTicker messages

    const store = await openStore({ path: db });
    try {
      for (const [instrument, ticks] of [
        ['binance:BTCUSDT', btc],
        ['binance:ETHUSDT', eth],
      ] as const) {
        expect(await store.lastTradeId(instrument)).toBe(ticks[ticks.length - 1].id);
        for (const timeframe of ['1s', '1m'] as Timeframe[]) {
          const stored = await store.readBars({ instrument, timeframe, limit: 100_000 });
          const expected = referenceBars(ticks, timeframe);
          expect(stored.length).toBe(expected.length);
          stored.forEach((bar, i) => {
            const want = expected[i];
            expect([bar.start, bar.open, bar.high, bar.low, bar.close, bar.trades]).toEqual([
              want.start,
              want.open,
              want.high,
              want.low,
              want.close,
              want.trades,
            ]);
            for (const key of ['volume', 'quoteVolume', 'buyVolume', 'vwap'] as const) {
              expect(Math.abs(bar[key] - want[key])).toBeLessThanOrEqual(1e-12 + 1e-12 * Math.abs(want[key]));
            }
          });
        }
      }
    } finally {
      await store.close();
    }
  }, 120_000);

  it('adds nothing when the same files are replayed again into the same store', async () => {
    const db = join(dir, 'twice.duckdb');
    const first = await replayFiles(files.slice(0, 1), { venue: 'binance', speed: 'max', db, progress: false });
    expect(first.ticks).toBeGreaterThan(9000);
    const second = await replayFiles(files.slice(0, 1), { venue: 'binance', speed: 'max', db, progress: false });
    expect(second.ticks).toBe(0);
    expect(second.duplicates).toBe(first.ticks);
    // The bars continued from the store close again at the end, unchanged: not counted.
    expect(first.bars).toBeGreaterThan(0);
    expect(second.bars).toBe(0);
  }, 120_000);
});
