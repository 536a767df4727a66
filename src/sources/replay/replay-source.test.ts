import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Tick } from '../../domain/index.js';
import { runTickSourceContract } from '../contract/tick-source-contract.js';
import { ReplaySource } from './replay-source.js';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

/** A recorded spot trade frame, with its receive time in front as `tickscope record` writes it. */
function frame(symbol: string, id: number, ts: number): string {
  const price = (100 + (id % 17) * 0.01).toFixed(2);
  const trade = `"s":"${symbol}","t":${id},"p":"${price}","q":"0.5","T":${ts},"m":${id % 2 === 0},"M":true`;
  return `${ts + 3} {"e":"trade","E":${ts + 1},${trade}}`;
}

/** Two captures (one gzipped), 1,000 trades each, with trades repeated across a reconnect as real captures have. */
function writeCaptures(dir: string): string[] {
  const lines = (symbol: string, firstId: number, stepMs: number) => {
    const out: string[] = [];
    for (let i = 0; i < 1_000; i++) out.push(frame(symbol, firstId + i, T0 + i * stepMs));
    out.splice(400, 0, ...out.slice(395, 400)); // the reconnect repeats five trades
    return out.join('\n');
  };
  const btc = join(dir, 'btcusdt.jsonl');
  const eth = join(dir, 'ethusdt.jsonl.gz');
  writeFileSync(btc, lines('BTCUSDT', 5_000, 7));
  writeFileSync(eth, gzipSync(lines('ETHUSDT', 900, 11)));
  return [btc, eth];
}

runTickSourceContract({
  name: 'ReplaySource',
  contiguousIds: true,
  async fixture() {
    const dir = mkdtempSync(join(tmpdir(), 'tickscope-replay-source-'));
    const files = writeCaptures(dir);
    return {
      create: (resumeFrom) => new ReplaySource({ files, venue: 'binance', resumeFrom, batchSize: 50 }),
      trade: () => {},
      close: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

describe('ReplaySource', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers every recorded trade once, merged by time, and counts the repeats', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-replay-source-'));
    const source = new ReplaySource({ files: writeCaptures(dir), venue: 'binance' });
    const ticks: Tick[] = [];
    await source.start((batch) => ticks.push(...batch));
    await expect.poll(() => ticks.length).toBe(2_000);
    await source.stop();
    expect(ticks.filter((t) => t.instrument === 'binance:BTCUSDT').map((t) => t.id)).toEqual(
      Array.from({ length: 1_000 }, (_, i) => 5_000 + i),
    );
    expect(ticks.map((t) => t.ts)).toEqual(ticks.map((t) => t.ts).sort((a, b) => a - b));
    expect(source.counters()).toEqual({ messages: 2_010, errors: 0, duplicates: 10 });
    expect(source.streams()).toEqual([
      expect.objectContaining({ instrument: 'binance:BTCUSDT', lastTradeId: 5_999, connected: false }),
      expect.objectContaining({ instrument: 'binance:ETHUSDT', lastTradeId: 1_899, connected: false }),
    ]);
  });

  it('refuses to start on a file it cannot read, naming it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-replay-source-'));
    const missing = join(dir, 'missing.jsonl');
    await expect(new ReplaySource({ files: [missing], venue: 'binance' }).start(() => {})).rejects.toThrow(
      /missing\.jsonl/,
    );
  });
});
