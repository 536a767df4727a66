import { afterEach, describe, expect, it } from 'vitest';
import type { BinanceLiveSource } from '../../src/sources/binance/binance-live-source.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { expectExactTrades, pause, startSource, waitFor, waitForAll } from './helpers.js';

const BTC = 'binance:BTCUSDT';
const ETH = 'binance:ETHUSDT';

let fake: FakeBinance;
let source: BinanceLiveSource | undefined;

afterEach(async () => {
  await source?.stop();
  source = undefined;
  await fake?.close();
});

describe('BinanceLiveSource against the fake Binance', () => {
  it('streams trades of several instruments as ticks in trade-id order', async () => {
    fake = await FakeBinance.start();
    const started = await startSource(fake, { instruments: ['BTCUSDT', ETH] });
    source = started.source;
    expect(await source.whenConnected(5_000)).toBe(true);
    fake.spot.emitTrades('BTCUSDT', 50);
    fake.spot.emitTrades('ETHUSDT', 20);
    await waitForAll(started.collector, fake.spot, BTC);
    await waitForAll(started.collector, fake.spot, ETH);
    expectExactTrades(started.collector, fake.spot, BTC);
    expectExactTrades(started.collector, fake.spot, ETH);
    expect(source.kind).toBe('binance');
    expect(source.simulated).toBe(false);
    const btc = source.streams().find((s) => s.instrument === BTC)!;
    expect(btc).toMatchObject({
      connected: true,
      lastTradeId: fake.spot.tape('BTCUSDT').lastId,
      stream: 'btcusdt@trade',
    });
    expect(btc.feedLagMs).not.toBeNull();
    // Health measures silence from the last message, whatever the last trade's timestamp says.
    expect(btc.lastMessageAt).toBeGreaterThan(Date.now() - 60_000);
    expect(btc.expectedGapMs).toEqual(expect.any(Number));
    expect(source.gaps()).toEqual([]);
  });

  it('loses and repeats no trade across forced disconnects', async () => {
    fake = await FakeBinance.start();
    const started = await startSource(fake, { instruments: [BTC] });
    source = started.source;
    await source.whenConnected(5_000);
    fake.spot.emitTrades('BTCUSDT', 5);
    await waitForAll(started.collector, fake.spot, BTC);
    for (let round = 0; round < 5; round++) {
      fake.spot.dropConnections({ graceful: round % 2 === 0 });
      fake.spot.emitTrades('BTCUSDT', 7); // nobody is connected: only REST can bring these
      await waitFor('reconnect', () => fake.spot.connections.size === 1);
      fake.spot.emitTrades('BTCUSDT', 3);
    }
    await waitForAll(started.collector, fake.spot, BTC);
    expectExactTrades(started.collector, fake.spot, BTC);
    expect(source.counters().reconnects).toBeGreaterThanOrEqual(5);
    const gaps = source.gaps();
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(gaps.every((gap) => gap.filled && gap.method === 'historicalTrades')).toBe(true);
  });

  it('fills trades the stream never sent over historicalTrades and records the gap', async () => {
    fake = await FakeBinance.start();
    const started = await startSource(fake, { instruments: [BTC] });
    source = started.source;
    await source.whenConnected(5_000);
    const [before] = fake.spot.emitTrades('BTCUSDT', 1);
    fake.spot.dropNextTrades('BTCUSDT', 4);
    const withheld = fake.spot.emitTrades('BTCUSDT', 4);
    const [after] = fake.spot.emitTrades('BTCUSDT', 1);
    await waitForAll(started.collector, fake.spot, BTC);
    expectExactTrades(started.collector, fake.spot, BTC);
    expect(source.gaps()).toEqual([
      expect.objectContaining({
        instrument: BTC,
        fromId: withheld[0].id,
        toId: withheld[3].id,
        fromTs: before.time,
        toTs: after.time,
        filled: true,
        filledCount: 4,
        method: 'historicalTrades',
      }),
    ]);
    expect(source.counters()).toMatchObject({ filledTrades: 4, gapsDetected: 1, gapsFilled: 1 });
    expect(source.streams()[0]).toMatchObject({ openGaps: 0, heldTrades: 0, lastTradeId: after.id });
  });

  it('drops duplicate trades and puts out-of-order trades back in order', async () => {
    fake = await FakeBinance.start();
    const started = await startSource(fake, { instruments: [BTC] });
    source = started.source;
    await source.whenConnected(5_000);
    fake.spot.emitTrades('BTCUSDT', 2);
    fake.spot.duplicateNextTrades('BTCUSDT', 3);
    fake.spot.emitTrades('BTCUSDT', 6);
    fake.spot.reorderNextTrades('BTCUSDT', 3);
    fake.spot.emitTrades('BTCUSDT', 8);
    await waitForAll(started.collector, fake.spot, BTC);
    await pause(100); // a late duplicate would arrive now
    expectExactTrades(started.collector, fake.spot, BTC);
    expect(source.counters().duplicates).toBeGreaterThanOrEqual(3);
    expect(source.gaps()).toEqual([]);
  });

  it('skips garbage frames and keeps streaming', async () => {
    fake = await FakeBinance.start();
    const started = await startSource(fake, { instruments: [BTC] });
    source = started.source;
    await source.whenConnected(5_000);
    fake.spot.emitTrades('BTCUSDT', 3);
    fake.spot.sendGarbage();
    fake.spot.emitTrades('BTCUSDT', 3);
    await waitForAll(started.collector, fake.spot, BTC);
    expectExactTrades(started.collector, fake.spot, BTC);
    expect(source.counters().errors).toBeGreaterThanOrEqual(3);
    expect(source.counters().reconnects).toBe(0);
  });
});
