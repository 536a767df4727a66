import { describe, expect, it } from 'vitest';
import { TimeBarBuilder } from '../bars/time-bar-builder.js';
import type { Bar, Tick, Timeframe } from '../domain/index.js';
import { openStore, type DuckDbStore, type StoredInstrument } from '../store/index.js';
import { repairBarsFromTicks } from './bar-repair.js';

const AAA = 'sim:AAA';
const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const TIMEFRAMES: Timeframe[] = ['1s', '1m', '5m'];

/** Ticks over ~3 minutes with uneven prices and sizes, some sharing a millisecond. */
function ticksOver(count: number, firstId = 1): Tick[] {
  return Array.from({ length: count }, (_, i) => ({
    instrument: AAA,
    id: firstId + i,
    ts: T0 + Math.floor(i * 173.3) + (i % 7 === 0 ? 0.25 : 0),
    price: 100 + Math.sin(i / 9) * 3 + (i % 5) * 0.001,
    qty: 0.1 + ((i * 37) % 11) / 7,
    buyerMaker: i % 3 === 0,
  }));
}

/** What the bar builder makes of all the ticks, every bar closed. */
function builtBars(ticks: readonly Tick[], timeframe: Timeframe): Bar[] {
  const bars: Bar[] = [];
  const builder = new TimeBarBuilder({ timeframes: [timeframe], onBar: ({ bar }) => bars.push(bar) });
  for (const tick of ticks) builder.add(tick);
  builder.closeAll();
  return bars;
}

/**
 * Bars compared as the repair promises them: prices and counts exactly, the sums to within
 * rounding (SQL sums them compensated, the builder one trade at a time).
 */
function expectSameBars(actual: readonly Bar[], expected: readonly Bar[]): void {
  const rounded = (bars: readonly Bar[]) =>
    bars.map(({ volume, quoteVolume, buyVolume, vwap, ...exact }) => ({
      ...exact,
      sums: [volume, quoteVolume, buyVolume, vwap].map((x) => Number(x.toPrecision(12))),
    }));
  expect(rounded(actual)).toEqual(rounded(expected));
}

async function summaryOf(store: DuckDbStore): Promise<StoredInstrument> {
  const [summary] = await store.instruments();
  return summary;
}

async function storeWith(ticks: readonly Tick[], bars: readonly Bar[]): Promise<DuckDbStore> {
  const store = await openStore({ path: ':memory:' });
  store.appendTicks(ticks);
  store.upsertBars(bars);
  await store.flush();
  return store;
}

describe('repairBarsFromTicks', () => {
  it('writes the bars a crash left unwritten, equal to what the bar builder makes of the same ticks', async () => {
    const ticks = ticksOver(1_200);
    // The crash came while the last bar of every timeframe was open: only closed bars are stored.
    const closedOnly = TIMEFRAMES.flatMap((tf) => builtBars(ticks, tf).slice(0, -1));
    const store = await storeWith(ticks, closedOnly);

    const { rewritten } = await repairBarsFromTicks(store, await summaryOf(store), TIMEFRAMES);

    expect(rewritten.map((bar) => bar.timeframe)).toEqual(TIMEFRAMES);
    for (const tf of TIMEFRAMES) {
      expectSameBars(await store.readBars({ instrument: AAA, timeframe: tf }), builtBars(ticks, tf));
    }
    await store.close();
  });

  it('replaces a stored bar that counts fewer trades than its ticks and every later bucket', async () => {
    const ticks = ticksOver(1_200);
    const built = builtBars(ticks, '1m');
    // A graceful stop stored the first minute open after 100 trades; the next run went on and crashed.
    const stale = builtBars(ticks.filter((t) => t.ts < built[0].start + 60_000).slice(0, 100), '1m');
    const store = await storeWith(ticks, stale);

    const { rewritten, lastBuckets } = await repairBarsFromTicks(store, await summaryOf(store), ['1m']);

    expect(rewritten.map((bar) => bar.start)).toEqual(built.map((bar) => bar.start));
    expectSameBars(await store.readBars({ instrument: AAA, timeframe: '1m' }), built);
    expectSameBars([lastBuckets.get('1m')!], [built.at(-1)!]);
    await store.close();
  });

  it('keeps a kline bar that counts more trades than the ticks stored behind it', async () => {
    const ticks = ticksOver(300);
    const [fromTicks] = builtBars(ticks, '5m');
    // The exchange's bar for a bucket whose first trades came before the stream connected.
    const kline: Bar = { ...fromTicks, trades: fromTicks.trades + 40, volume: fromTicks.volume + 3, open: 99 };
    const store = await storeWith(ticks, [kline]);

    const { rewritten, lastBuckets } = await repairBarsFromTicks(store, await summaryOf(store), ['5m']);

    expect(rewritten).toEqual([]);
    expect(await store.readBars({ instrument: AAA, timeframe: '5m' })).toEqual([kline]);
    expect(lastBuckets.get('5m')).toEqual(kline);
    await store.close();
  });

  it('leaves bars that agree with their ticks as they are', async () => {
    const ticks = ticksOver(600);
    const store = await storeWith(
      ticks,
      TIMEFRAMES.flatMap((tf) => builtBars(ticks, tf)),
    );

    const { rewritten } = await repairBarsFromTicks(store, await summaryOf(store), TIMEFRAMES);

    expect(rewritten).toEqual([]);
    await store.close();
  });

  it('takes open and close by (ts, id) when trades arrived out of time order', async () => {
    // Every fourth trade is stamped 0.9 s before the one ahead of it, so some cross bucket edges.
    const arrived = ticksOver(400).map((t, i) => (i % 4 === 0 ? { ...t, ts: t.ts - 900 } : t));
    const store = await storeWith(arrived, []);

    await repairBarsFromTicks(store, await summaryOf(store), ['1s', '1m']);

    const inTimeOrder = [...arrived].sort((a, b) => a.ts - b.ts || a.id - b.id);
    for (const tf of ['1s', '1m'] as const) {
      expectSameBars(await store.readBars({ instrument: AAA, timeframe: tf }), builtBars(inTimeOrder, tf));
    }
    await store.close();
  });
});
