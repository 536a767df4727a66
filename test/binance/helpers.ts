// Shared pieces of the Binance tests: a fake server per test, a tick collector, bounded waits on
// outcomes (never on elapsed time) and the exactness check every ingestion test ends with.
import { expect } from 'vitest';
import type { Tick } from '../../src/domain/index.js';
import { BinanceLiveSource, type BinanceLiveSourceOptions } from '../../src/sources/binance/binance-live-source.js';
import type { FakeBinance } from '../fakes/binance/fake-binance.js';
import type { FakeMarket } from '../fakes/binance/fake-market.js';

/** Polls `condition` until it holds; fails with `what` (and `explain()`, the state then) after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs = 10_000,
  explain?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${explain ? `: ${explain()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TickCollector {
  readonly ticks: Tick[] = [];
  readonly batches: number[] = [];
  readonly onTicks = (ticks: Tick[]) => {
    this.batches.push(ticks.length);
    this.ticks.push(...ticks);
  };

  of(instrument: string): Tick[] {
    return this.ticks.filter((tick) => tick.instrument === instrument);
  }

  lastId(instrument: string): number | null {
    const ticks = this.of(instrument);
    return ticks.length === 0 ? null : ticks[ticks.length - 1].id;
  }

  /** True once the instrument's ticks reach trade id `id`. */
  has(instrument: string, id: number): boolean {
    return this.of(instrument).some((tick) => tick.id === id);
  }
}

/** Compressed timers for tests: fast backoff, quick gap detection and rotation off unless asked. */
export function testSourceOptions(
  fake: FakeBinance,
  overrides: BinanceLiveSourceOptions = {},
): BinanceLiveSourceOptions {
  const futures = overrides.venue === 'binance-futures';
  return {
    ...overrides,
    endpoints: {
      wsUrl: futures ? fake.urls.futuresWs : fake.urls.spotWs,
      restUrl: futures ? fake.urls.futuresRest : fake.urls.spotRest,
      ...overrides.endpoints,
    },
    connection: {
      backoff: { initialMs: 20, maxMs: 200 },
      overlapMs: 100,
      requestTimeoutMs: 2_000,
      ...overrides.connection,
    },
    sequencer: { reorderWindowMs: 50, maxHoldMs: 3_000, ...overrides.sequencer },
    rest: { backoff: { initialMs: 20, maxMs: 200 }, ...overrides.rest },
    fillRetry: { initialMs: 20, maxMs: 200 },
    reconnectCatchUpMs: overrides.reconnectCatchUpMs ?? 200,
    clockSkewIntervalMs: overrides.clockSkewIntervalMs ?? 0,
  };
}

export async function startSource(
  fake: FakeBinance,
  overrides: BinanceLiveSourceOptions = {},
): Promise<{ source: BinanceLiveSource; collector: TickCollector }> {
  const source = new BinanceLiveSource(testSourceOptions(fake, overrides));
  const collector = new TickCollector();
  await source.start(collector.onTicks);
  return { source, collector };
}

/**
 * The ticks of `instrument` are exactly the market's trades from the first tick delivered to the
 * last trade generated: same ids in order, no duplicates, none missing, same prices and sizes
 * (USD-M non-MARKET prints excluded).
 */
export function expectExactTrades(
  collector: TickCollector,
  market: FakeMarket,
  instrument: string,
  fromId?: number,
): void {
  const symbol = instrument.slice(instrument.indexOf(':') + 1);
  const ticks = collector.of(instrument);
  expect(ticks.length, `no ticks for ${instrument}`).toBeGreaterThan(0);
  const firstId = fromId ?? ticks[0].id;
  const expected = market
    .tape(symbol)
    .trades.filter((trade) => trade.id >= firstId && trade.type === 'MARKET')
    .map((trade) => ({
      id: trade.id,
      ts: trade.time,
      price: trade.priceValue,
      qty: trade.qtyValue,
      buyerMaker: trade.isBuyerMaker,
    }));
  const actual = ticks.map(({ id, ts, price, qty, buyerMaker }) => ({ id, ts, price, qty, buyerMaker }));
  expect(actual.map((t) => t.id)).toEqual(expected.map((t) => t.id));
  expect(actual).toEqual(expected);
}

/** Waits until every generated trade of `symbol` reached the collector. */
export async function waitForAll(
  collector: TickCollector,
  market: FakeMarket,
  instrument: string,
  timeoutMs = 10_000,
): Promise<void> {
  const symbol = instrument.slice(instrument.indexOf(':') + 1);
  const tape = market.tape(symbol);
  const lastMarketTrade = [...tape.trades].reverse().find((trade) => trade.type === 'MARKET');
  if (lastMarketTrade === undefined) return;
  await waitFor(
    `${instrument} to reach trade ${lastMarketTrade.id}`,
    () => collector.lastId(instrument) === lastMarketTrade.id || collector.has(instrument, lastMarketTrade.id),
    timeoutMs,
    () => {
      const seen = new Set(collector.of(instrument).map((tick) => tick.id));
      const missing = tape.trades
        .filter((trade) => trade.type === 'MARKET' && !seen.has(trade.id))
        .map((trade) => trade.id);
      return (
        `last id received ${collector.lastId(instrument)}, ${missing.length} trades missing (first: ` +
        `${missing.slice(0, 10).join(', ')})`
      );
    },
  );
}
