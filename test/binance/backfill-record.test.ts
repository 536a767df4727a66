// `tickscope backfill` (delta sync of klines, resumable, idempotent) and `tickscope record`
// (raw frames that replay back into exactly the server's trades), against the fake Binance.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { backfill, parseBackfillFlags } from '../../src/cli/commands/backfill.js';
import { record } from '../../src/cli/commands/record.js';
import { replayFiles } from '../../src/cli/commands/replay.js';
import { openStore } from '../../src/store/index.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { pause } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-backfill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fake: FakeBinance | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const DAY = 86_400_000;
const klineRequests = (f: FakeBinance) => f.spot.rest.requests.filter((r) => r.path.endsWith('/klines')).length;

describe('tickscope backfill', () => {
  it('downloads 30 days of 1m klines once, resumes after an interruption and then downloads nothing', async () => {
    fake = await FakeBinance.start();
    const to = Math.floor(Date.now() / DAY) * DAY;
    const from = to - 30 * DAY;
    const db = join(dir, 'backfill.duckdb');
    const options = (until: number) =>
      parseBackfillFlags(
        {
          instruments: 'binance:BTCUSDT,binance:ETHUSDT',
          timeframe: '1m',
          from: String(from),
          to: String(until),
          db,
          binanceRestUrl: fake!.urls.spotRest,
        },
        {},
      );

    // An interrupted first run: it stopped after 12 days.
    const partial = await backfill({ ...options(from + 12 * DAY), progress: false });
    expect(partial.map((r) => r.bars)).toEqual([12 * 1440, 12 * 1440]);
    const requestsBefore = klineRequests(fake);
    const rest = await backfill({ ...options(to), progress: false });
    expect(rest.map((r) => r.bars)).toEqual([18 * 1440, 18 * 1440]);
    expect(rest.every((r) => r.discontinuities.length === 0)).toBe(true);
    const resumedRequests = klineRequests(fake) - requestsBefore;
    expect(resumedRequests).toBeGreaterThan(0);
    expect(resumedRequests).toBeLessThanOrEqual(2 * Math.ceil((18 * 1440) / 1000) + 2);

    const requestsBeforeAgain = klineRequests(fake);
    const again = await backfill({ ...options(to), progress: false });
    expect(again.map((r) => r.bars)).toEqual([0, 0]);
    expect(klineRequests(fake)).toBe(requestsBeforeAgain);

    const store = await openStore({ path: db });
    try {
      const bars = await store.readBars({ instrument: 'binance:ETHUSDT', timeframe: '1m', from, to, limit: 100_000 });
      expect(bars.length).toBe(30 * 1440);
      bars.forEach((b, i) => {
        expect(b.start).toBe(from + i * 60_000);
      });
    } finally {
      await store.close();
    }
  }, 120_000);

  it('reports a missing kline row instead of papering over it', async () => {
    fake = await FakeBinance.start();
    const to = Math.floor(Date.now() / DAY) * DAY;
    const from = to - DAY;
    fake.spot.omitKline('BTCUSDT', 60_000, from + 600 * 60_000);
    const [result] = await backfill({
      ...parseBackfillFlags(
        {
          instruments: 'BTCUSDT',
          from: String(from),
          to: String(to),
          db: join(dir, 'gap.duckdb'),
          binanceRestUrl: fake.urls.spotRest,
        },
        {},
      ),
      progress: false,
    });
    expect(result.bars).toBe(1439);
    expect(result.discontinuities).toEqual([
      expect.objectContaining({ expectedStart: from + 600 * 60_000, missingBars: 1 }),
    ]);
  }, 60_000);

  it.each([
    [{ instruments: 'binance:BTCUSDT', from: 'yesterday' }, /--from must be a date/],
    [{ instruments: 'sim:AAA', from: '2024-01-01' }, /not a Binance instrument/],
    [{ instruments: 'binance:BTCUSDT', from: '2024-01-01', timeframe: '2m' }, /--timeframe: invalid timeframe "2m"/],
    [{ instruments: 'binance:BTCUSDT', from: '2024-02-01', to: '2024-01-01' }, /must be before --to/],
  ])('rejects %j with a message naming the flag', (flags, message) => {
    expect(() => parseBackfillFlags(flags, {})).toThrow(message);
  });
});

describe('tickscope record', () => {
  /** Starts recording `instruments` from a fresh fake into `out`; `stop` ends it. */
  async function startRecording(out: string, instruments: string[]) {
    const server = await FakeBinance.start();
    fake = server;
    let stop!: () => void;
    const recording = record(
      { out, venue: 'binance', instruments, wsUrl: server.urls.spotWs, restUrl: server.urls.spotRest },
      new Promise<void>((r) => (stop = r)),
    );
    await pause(500);
    return { server, recording, stop: () => stop() };
  }

  it('writes frames that replay into exactly the server trades', async () => {
    const out = join(dir, 'capture.jsonl.gz');
    const { server, recording, stop } = await startRecording(out, ['binance:BTCUSDT', 'binance:ETHUSDT']);
    server.spot.emitTrades('BTCUSDT', 40);
    server.spot.emitTrades('ETHUSDT', 25);
    await pause(500);
    stop();
    const summary = await recording;
    expect(summary.messages).toBeGreaterThanOrEqual(65);

    const replayed = await replayFiles([out], { venue: 'binance', speed: 'max', db: ':memory:', progress: false });
    expect(replayed.ticks).toBe(65);
    expect(replayed.errors).toBe(0);
  }, 30_000);

  it('stops cleanly while frames are still arriving, leaving a complete gzip file', async () => {
    const out = join(dir, 'busy.jsonl.gz');
    const { server, recording, stop } = await startRecording(out, ['binance:BTCUSDT']);
    const flood = setInterval(() => server.spot.emitTrades('BTCUSDT', 20), 1);
    await pause(300);
    stop();
    const summary = await recording.finally(() => clearInterval(flood));
    expect(summary.messages).toBeGreaterThan(0);

    const replayed = await replayFiles([out], { venue: 'binance', speed: 'max', db: ':memory:', progress: false });
    expect(replayed.errors).toBe(0);
    expect(replayed.ticks).toBe(summary.messages);
  }, 30_000);

  it('writes the trades the stream missed, fetched over REST, so the replay has every trade', async () => {
    const out = join(dir, 'gappy.jsonl.gz');
    const { server, recording, stop } = await startRecording(out, ['binance:BTCUSDT']);
    server.spot.emitTrades('BTCUSDT', 10);
    server.spot.dropNextTrades('BTCUSDT', 7);
    server.spot.emitTrades('BTCUSDT', 20);
    await pause(1_500);
    stop();
    const summary = await recording;
    expect(summary.recovered).toBe(7);

    const db = join(dir, 'gappy.duckdb');
    const replayed = await replayFiles([out], { venue: 'binance', speed: 'max', db, progress: false });
    expect(replayed.ticks).toBe(30);
    const store = await openStore({ path: db });
    const stored = await store.readTicks({ instrument: 'binance:BTCUSDT' });
    await store.close();
    const tape = server.spot.tape('BTCUSDT').trades.slice(-30);
    expect(stored.map((t) => [t.id, t.price, t.qty, t.buyerMaker])).toEqual(
      tape.map((t) => [t.id, t.priceValue, t.qtyValue, t.isBuyerMaker]),
    );
  }, 30_000);
});
