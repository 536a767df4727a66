import { afterEach, describe, expect, it } from 'vitest';
import type { BinanceLiveSource } from '../../src/sources/binance/binance-live-source.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { expectExactTrades, pause, startSource, waitFor, waitForAll } from './helpers.js';

const BTC = 'binance:BTCUSDT';
const ETH = 'binance:ETHUSDT';
const SOL = 'binance:SOLUSDT';

let fake: FakeBinance;
const sources: BinanceLiveSource[] = [];

afterEach(async () => {
  for (const source of sources.splice(0)) await source.stop();
  await fake?.close();
});

describe('restart resume', () => {
  it('fills the trades missed while down, from the last stored id, then goes on live', async () => {
    fake = await FakeBinance.start();
    const first = await startSource(fake, { instruments: [BTC] });
    sources.push(first.source);
    await first.source.whenConnected(5_000);
    fake.spot.emitTrades('BTCUSDT', 10);
    await waitForAll(first.collector, fake.spot, BTC);
    const stored = first.source.lastTradeIds();
    await first.source.stop();

    const missed = fake.spot.emitTrades('BTCUSDT', 2_500); // more than two historicalTrades pages
    const second = await startSource(fake, { instruments: [BTC], resumeFrom: stored });
    sources.push(second.source);
    await second.source.whenConnected(5_000);
    fake.spot.emitTrades('BTCUSDT', 5);
    await waitForAll(second.collector, fake.spot, BTC);
    expectExactTrades(second.collector, fake.spot, BTC, stored.get(BTC)! + 1);
    const [gap] = second.source.gaps();
    expect(gap).toMatchObject({ instrument: BTC, fromId: missed[0].id, filled: true, method: 'historicalTrades' });
    expect(gap.toId).toBeGreaterThanOrEqual(missed.at(-1)!.id);
  });

  it('catches up a quiet instrument that trades no more after the restart', async () => {
    fake = await FakeBinance.start();
    fake.spot.emitTrades('ETHUSDT', 3);
    const lastStored = fake.spot.tape('ETHUSDT').lastId;
    const missed = fake.spot.emitTrades('ETHUSDT', 7);
    const { source, collector } = await startSource(fake, {
      instruments: [ETH],
      resumeFrom: new Map([[ETH, lastStored]]),
    });
    sources.push(source);
    await waitForAll(collector, fake.spot, ETH);
    expectExactTrades(collector, fake.spot, ETH, lastStored + 1);
    expect(source.gaps()).toEqual([
      expect.objectContaining({ fromId: missed[0].id, toId: missed[6].id, filled: true, filledCount: 7 }),
    ]);
  });

  it('catches up a quiet instrument that traded only while the stream was down', async () => {
    fake = await FakeBinance.start();
    const { source, collector } = await startSource(fake, { instruments: [ETH], reconnectCatchUpMs: 100 });
    sources.push(source);
    await source.whenConnected(5_000);
    fake.spot.emitTrades('ETHUSDT', 2);
    await waitForAll(collector, fake.spot, ETH);
    fake.spot.dropConnections();
    fake.spot.emitTrades('ETHUSDT', 4);
    await waitForAll(collector, fake.spot, ETH);
    expectExactTrades(collector, fake.spot, ETH);
  });
});

describe('runtime subscriptions', () => {
  it('subscribes and unsubscribes instruments at runtime with SUBSCRIBE/UNSUBSCRIBE', async () => {
    fake = await FakeBinance.start();
    const { source, collector } = await startSource(fake, { instruments: [BTC] });
    sources.push(source);
    await source.whenConnected(5_000);
    const [connection] = fake.openConnections();
    expect(await source.addInstrument('solusdt')).toBe(SOL);
    expect([...connection.streams].sort()).toEqual(['btcusdt@trade', 'solusdt@trade']);
    fake.spot.emitTrades('SOLUSDT', 5);
    await waitForAll(collector, fake.spot, SOL);
    expectExactTrades(collector, fake.spot, SOL);
    expect(source.instruments().sort()).toEqual([BTC, SOL]);

    expect(await source.removeInstrument(SOL)).toBe(true);
    expect([...connection.streams]).toEqual(['btcusdt@trade']);
    const solTicks = collector.of(SOL).length;
    fake.spot.emitTrades('SOLUSDT', 5);
    fake.spot.emitTrades('BTCUSDT', 2);
    await waitForAll(collector, fake.spot, BTC);
    expect(collector.of(SOL)).toHaveLength(solTicks);
    expect(fake.openConnections()).toEqual([connection]);
    expect(await source.removeInstrument(SOL)).toBe(false);
  });

  it('refuses an instrument of another venue with a message that says what is allowed', async () => {
    fake = await FakeBinance.start();
    const { source } = await startSource(fake, { instruments: [BTC] });
    sources.push(source);
    await expect(source.addInstrument('binance-futures:BTCUSDT')).rejects.toThrow(
      /this source streams binance instruments/,
    );
    await expect(source.addInstrument('BTC-USDT')).rejects.toThrow(/symbol must be/);
  });

  it('splits streams over connections by the streams-per-connection limit', async () => {
    fake = await FakeBinance.start({ spot: { maxStreamsPerConnection: 2 } });
    const symbols = ['AAAUSDT', 'BBBUSDT', 'CCCUSDT', 'DDDUSDT', 'EEEUSDT'];
    const { source, collector } = await startSource(fake, { instruments: symbols, streamsPerConnection: 2 });
    sources.push(source);
    await waitFor(
      'three connections',
      () => fake.spot.connections.size === 3 && source.streams().every((s) => s.connected),
    );
    expect(
      fake
        .openConnections()
        .map((c) => c.streams.size)
        .sort(),
    ).toEqual([1, 2, 2]);
    await source.addInstrument('FFFUSDT');
    expect(
      fake
        .openConnections()
        .map((c) => c.streams.size)
        .sort(),
    ).toEqual([2, 2, 2]);
    for (const symbol of [...symbols, 'FFFUSDT']) fake.spot.emitTrades(symbol, 3);
    for (const symbol of [...symbols, 'FFFUSDT']) {
      await waitForAll(collector, fake.spot, `binance:${symbol}`);
      expectExactTrades(collector, fake.spot, `binance:${symbol}`);
    }
    expect(source.counters().connections).toBe(3);
  });

  it('keeps its outgoing messages (SUBSCRIBEs and pongs) under the per-second limit', async () => {
    fake = await FakeBinance.start({ spot: { maxIncomingPerSecond: 3, pingIntervalMs: 400 } });
    const { source } = await startSource(fake, {
      instruments: [BTC],
      endpoints: { limits: { incomingMessagesPerSecond: 3 } },
    });
    sources.push(source);
    await source.whenConnected(5_000);
    // Added in the same turn: one SUBSCRIBE carries them all.
    await Promise.all(
      ['A1USDT', 'A2USDT', 'A3USDT', 'A4USDT', 'A5USDT', 'A6USDT'].map((symbol) => source.addInstrument(symbol)),
    );
    expect(fake.spot.counters.controlMessages).toBe(1);
    for (const symbol of ['B1USDT', 'B2USDT', 'B3USDT']) await source.addInstrument(symbol);
    await source.removeInstrument('B3USDT');
    await pause(500);
    expect(fake.spot.counters.pongsReceived).toBeGreaterThan(0);
    expect(fake.spot.counters.rateViolations).toBe(0);
    expect(fake.openConnections()[0].streams.size).toBe(9);
    expect(source.counters().reconnects).toBe(0);
  });
});
