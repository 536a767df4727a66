import { afterEach, describe, expect, it } from 'vitest';
import type { BinanceLiveSource } from '../../src/sources/binance/binance-live-source.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { expectExactTrades, pause, startSource, waitFor, waitForAll } from './helpers.js';

const BTC = 'binance:BTCUSDT';

let fake: FakeBinance;
let source: BinanceLiveSource | undefined;

afterEach(async () => {
  fake?.spot.setTradeRate('BTCUSDT', 0);
  await source?.stop();
  source = undefined;
  await fake?.close();
});

describe('connection lifecycle', () => {
  it('rotates each connection before the server lifetime, with overlap, losing nothing', async () => {
    fake = await FakeBinance.start({ spot: { maxLifetimeMs: 1_500 } });
    const started = await startSource(fake, { instruments: [BTC], connection: { rotateAfterMs: 400, overlapMs: 100 } });
    source = started.source;
    await source.whenConnected(5_000);
    fake.spot.setTradeRate('BTCUSDT', 200);
    await waitFor('three rotations', () => source!.counters().rotations >= 3);
    fake.spot.setTradeRate('BTCUSDT', 0);
    await waitForAll(started.collector, fake.spot, BTC);
    expectExactTrades(started.collector, fake.spot, BTC);
    expect(fake.spot.counters.lifetimeCloses).toBe(0);
    // Overlapping sockets deliver the same trades twice; none of them got through.
    expect(source.counters().duplicates).toBeGreaterThan(0);
    expect(source.counters().reconnects).toBe(0);
  });

  it('reconnects with nothing lost when the server closes at the lifetime limit', async () => {
    fake = await FakeBinance.start({ spot: { maxLifetimeMs: 300 } });
    const started = await startSource(fake, { instruments: [BTC], connection: { rotateAfterMs: 60_000 } });
    source = started.source;
    await source.whenConnected(5_000);
    fake.spot.setTradeRate('BTCUSDT', 200);
    await waitFor('two lifetime closes', () => fake.spot.counters.lifetimeCloses >= 2);
    fake.spot.setTradeRate('BTCUSDT', 0);
    await waitForAll(started.collector, fake.spot, BTC);
    expectExactTrades(started.collector, fake.spot, BTC);
  });

  it('moves to a new connection on serverShutdown before the old one closes', async () => {
    fake = await FakeBinance.start();
    const started = await startSource(fake, { instruments: [BTC] });
    source = started.source;
    await source.whenConnected(5_000);
    fake.spot.setTradeRate('BTCUSDT', 200);
    await pause(100);
    const [before] = fake.openConnections();
    fake.spot.sendServerShutdown({ closeAfterMs: 300 });
    await waitFor('a second connection', () => fake.openConnections().some((c) => c !== before));
    await waitFor('the old connection to close', () => !fake.openConnections().includes(before));
    await pause(100);
    fake.spot.setTradeRate('BTCUSDT', 0);
    await waitForAll(started.collector, fake.spot, BTC);
    expectExactTrades(started.collector, fake.spot, BTC);
    expect(source.counters().serverShutdowns).toBe(1);
    expect(source.counters().rotations).toBe(1);
    expect(source.gaps()).toEqual([]);
  });

  it('recycles a connection that went silent and fills what it missed', async () => {
    fake = await FakeBinance.start();
    const started = await startSource(fake, {
      instruments: [BTC],
      connection: { stale: { minMs: 200, maxMs: 2_000, multiplier: 20 } },
    });
    source = started.source;
    await source.whenConnected(5_000);
    fake.spot.setTradeRate('BTCUSDT', 200);
    await pause(300);
    const stalled = fake.spot.stallConnections();
    expect(stalled).toBe(1);
    await waitFor('a stale recycle', () => source!.counters().staleRecycles >= 1);
    await waitFor('a fresh connection', () => fake.openConnections().some((c) => !c.stalled));
    await pause(100);
    fake.spot.setTradeRate('BTCUSDT', 0);
    await waitForAll(started.collector, fake.spot, BTC);
    expectExactTrades(started.collector, fake.spot, BTC);
    expect(source.gaps().every((gap) => gap.filled)).toBe(true);
  });

  it('answers every ping with a pong and is never dropped for a missing pong', async () => {
    fake = await FakeBinance.start({ spot: { pingIntervalMs: 250, pongTimeoutMs: 400 } });
    const started = await startSource(fake, { instruments: [BTC] });
    source = started.source;
    await source.whenConnected(5_000);
    await waitFor('four pongs', () => fake.spot.counters.pongsReceived >= 4);
    expect(fake.spot.counters.pongTimeouts).toBe(0);
    expect(source.counters().reconnects).toBe(0);
  });

  it('reconnects within the connection-attempt budget', async () => {
    fake = await FakeBinance.start({ spot: { maxConnectionAttempts: 5, connectionAttemptWindowMs: 1_500 } });
    const started = await startSource(fake, {
      instruments: [BTC],
      endpoints: { limits: { connectionAttempts: 5, connectionAttemptWindowMs: 1_500 } },
    });
    source = started.source;
    await source.whenConnected(5_000);
    for (let i = 0; i < 8; i++) {
      fake.spot.emitTrades('BTCUSDT', 3);
      fake.spot.dropConnections();
      await waitFor('reconnect', () => fake.spot.connections.size === 1);
    }
    fake.spot.emitTrades('BTCUSDT', 3);
    await waitForAll(started.collector, fake.spot, BTC);
    expectExactTrades(started.collector, fake.spot, BTC);
    expect(fake.spot.counters.connectionsRejected).toBe(0);
  });
});
