import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import type { InstrumentId, Tick } from '../domain/index.js';
import { openStore, type DuckDbStore } from '../store/index.js';
import { IngestPipeline } from './ingest-pipeline.js';
import { FEED_ROWS, ReplayBulkWriter } from './replay-bulk-writer.js';

const BTC = 'binance:BTCUSDT';
const ETH = 'binance:ETHUSDT';
const T0 = Date.UTC(2024, 7, 8);

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function setUp() {
  store = await openStore({ path: ':memory:' });
  const pipeline = new IngestPipeline({ store, bus: new MemoryBus(), timeframes: ['1s', '1m'] });
  const opened = store;
  const writer = new ReplayBulkWriter(pipeline, (instrument) => opened.beginTickImport(instrument));
  return { store, pipeline, writer };
}

/** Adds trades of two instruments interleaved, feeding whenever the writer asks; ids 1…count per instrument. */
async function addInterleaved(writer: ReplayBulkWriter, count: number, receivedAt = Number.NaN) {
  for (let i = 1; i <= count; i++) {
    for (const [instrument, price] of [
      [BTC, 60_000],
      [ETH, 2_600],
    ] as const) {
      if (writer.add(instrument, i, T0 + i * 10, price + (i % 7), 0.5, i % 2 === 0, receivedAt)) await writer.feed();
    }
  }
}

async function storedCount(instrument: InstrumentId): Promise<number> {
  return (await store!.instruments()).find((s) => s.id === instrument)?.ticks ?? 0;
}

describe('ReplayBulkWriter', () => {
  it('stores nothing before commit, then every trade of each instrument with the bars they closed', async () => {
    const { store, pipeline, writer } = await setUp();
    const count = FEED_ROWS + 500;
    await addInterleaved(writer, count);
    await writer.feed();
    expect(await store.instruments()).toEqual([]);
    await writer.commit();
    expect(await storedCount(BTC)).toBe(count);
    expect(await storedCount(ETH)).toBe(count);
    expect(pipeline.counters.ticks).toBe(2 * count);
    // Closed 1s bars (10 trades each) are stored with their ticks; the open last one is not, yet.
    const bars = await store.readBars({ instrument: ETH, timeframe: '1s', from: 0 });
    expect(bars.length).toBe(Math.floor((count * 10) / 1000));
    expect(bars.every((bar) => bar.trades === (bar.start === T0 ? 99 : 100))).toBe(true);
  });

  it('commits again after a commit, and drops trades at or below the ids already taken', async () => {
    const { writer, pipeline } = await setUp();
    await addInterleaved(writer, 100);
    await writer.commit();
    await addInterleaved(writer, 150);
    await writer.commit();
    expect(await storedCount(BTC)).toBe(150);
    expect(pipeline.counters.duplicates).toBe(200);
  });

  it('keeps the trades queued below a skipped id (they go first), and the receive times', async () => {
    const { store, writer } = await setUp();
    writer.add(BTC, 1, T0, 100, 1, false, T0 + 5.5);
    writer.add(BTC, 2, T0 + 1, 101, 1, false, Number.NaN);
    await writer.skipTradeId(BTC, 3);
    writer.add(BTC, 3, T0 + 2, 102, 1, false, Number.NaN);
    writer.add(BTC, 4, T0 + 3, 103, 1, false, Number.NaN);
    await writer.commit();
    const ticks = await store.readTicks({ instrument: BTC });
    expect(ticks.map((tick: Tick) => [tick.id, tick.receivedAt])).toEqual([
      [1, T0 + 5.5],
      [2, undefined],
      [4, undefined],
    ]);
  });

  it('stores nothing of what was not committed when aborted', async () => {
    const { store, writer } = await setUp();
    await addInterleaved(writer, FEED_ROWS + 10);
    await writer.abort();
    expect(await store.instruments()).toEqual([]);
    expect(() => {
      for (let i = 0; i <= FEED_ROWS; i++) writer.add(BTC, 1e6 + i, T0, 1, 1, false, Number.NaN);
    }).toThrow(/queued trades of binance:BTCUSDT are full: await feed\(\) first/);
  });
});
