import { afterEach, describe, expect, it } from 'vitest';
import type { BinanceLiveSource } from '../../src/sources/binance/binance-live-source.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { expectExactTrades, startSource, waitForAll } from './helpers.js';

const FUT_BTC = 'binance-futures:BTCUSDT';
const BTC = 'binance:BTCUSDT';

let fake: FakeBinance;
let source: BinanceLiveSource | undefined;

afterEach(async () => {
  await source?.stop();
  source = undefined;
  await fake?.close();
});

describe('USD-M futures', () => {
  it('streams @trade from the /market path and keeps insurance-fund prints out of the ticks', async () => {
    fake = await FakeBinance.start({ futures: { nonMarketEvery: 7 } });
    const started = await startSource(fake, { venue: 'binance-futures', instruments: ['BTCUSDT'] });
    source = started.source;
    expect(source.kind).toBe('binance-futures');
    await source.whenConnected(5_000);
    expect(fake.openConnections()[0].path).toBe('/market/stream');
    fake.futures.emitTrades('BTCUSDT', 40);
    await waitForAll(started.collector, fake.futures, FUT_BTC);
    expectExactTrades(started.collector, fake.futures, FUT_BTC);
    expect(source.counters().excludedTrades).toBeGreaterThan(0);
    expect(source.gaps()).toEqual([]);
  });

  it('fills a futures gap over /fapi/v1/historicalTrades, skipping ids that are not market trades', async () => {
    fake = await FakeBinance.start({ futures: { nonMarketEvery: 5 } });
    const started = await startSource(fake, { venue: 'binance-futures', instruments: [FUT_BTC] });
    source = started.source;
    await source.whenConnected(5_000);
    fake.futures.emitTrades('BTCUSDT', 3);
    fake.futures.dropNextTrades('BTCUSDT', 12);
    fake.futures.emitTrades('BTCUSDT', 12);
    fake.futures.emitTrades('BTCUSDT', 3);
    await waitForAll(started.collector, fake.futures, FUT_BTC);
    expectExactTrades(started.collector, fake.futures, FUT_BTC);
    const [gap] = source.gaps();
    expect(gap).toMatchObject({ filled: true, method: 'historicalTrades' });
    expect(gap.filledCount + gap.skippedCount).toBe(gap.toId - gap.fromId + 1);
    expect(gap.skippedCount).toBeGreaterThan(0);
    expect(fake.futures.rest.requests.every((r) => r.path.startsWith('/fapi/v1/'))).toBe(true);
  });
});

describe('filling from aggTrades', () => {
  it('fills a gap from aggTrades when historicalTrades is refused: exact prices, sides and volume', async () => {
    fake = await FakeBinance.start();
    fake.spot.rest.failures.push({ status: 400, remaining: 1, pathSuffix: 'historicalTrades' });
    const started = await startSource(fake, { instruments: [BTC] });
    source = started.source;
    await source.whenConnected(5_000);
    fake.spot.emitTrades('BTCUSDT', 2);
    fake.spot.dropNextTrades('BTCUSDT', 30);
    const withheld = fake.spot.emitTrades('BTCUSDT', 30); // same millisecond: several merge into one aggTrade
    fake.spot.emitTrades('BTCUSDT', 2);
    await waitForAll(started.collector, fake.spot, BTC);
    const ticks = started.collector.of(BTC);
    const tape = fake.spot.tape('BTCUSDT').trades.filter((t) => t.id >= ticks[0].id);
    expect(ticks.map((t) => t.id)).toEqual(tape.map((t) => t.id));
    expect(ticks.map((t) => [t.price, t.buyerMaker, t.ts])).toEqual(
      tape.map((t) => [t.priceValue, t.isBuyerMaker, t.time]),
    );
    const volume = (list: Array<{ qty: number }>) => list.reduce((sum, t) => sum + t.qty, 0);
    const filled = ticks.filter((t) => t.id >= withheld[0].id && t.id <= withheld.at(-1)!.id);
    expect(volume(filled)).toBeCloseTo(volume(withheld.map((t) => ({ qty: t.qtyValue }))), 9);
    expect(source.gaps()).toEqual([expect.objectContaining({ filled: true, filledCount: 30, method: 'aggTrades' })]);
  });
});
